"""Every English voice of the offline speech engines the recipe uses, which of them are held out, and which are missing.

Voices are named `engine:name`: `espeak:<accent>+<variant>` (espeak-ng), `flite:<voice>`, `festival:<voice>`
(`text2wave`). The held-out voices and accents are listed here and only here (`HELD_OUT`): no training set ever
draws one, and the test sets that measure unseen voices speak only them.

Stage 0 calls `find_missing` and refuses to go on while an engine or voice is missing, naming each with the command
that installs it, unless `--allow-missing-voices` is given; then `training_pool` leaves the missing ones out.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field

# espeak-ng 1.51's English accents (`espeak-ng --voices=en`, the gmw/ files; the mb-* entries need MBROLA, which
# Debian main does not carry).
ESPEAK_ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-us-nyc", "en-029"]
# Every variant file of espeak-ng 1.51 (`espeak-ng --voices=variant`; file names under espeak-ng-data/voices/!v), less
# "Mr serious", whose name has a space that `-v accent+variant` cannot carry.
ESPEAK_VARIANTS = [
    "Alex", "Alicia", "Andrea", "Andy", "Annie", "AnxiousAndy", "Demonic", "Denis", "Diogo", "Gene", "Gene2", "Henrique",
    "Hugo", "Jacky", "Lee", "Marco", "Mario", "Michael", "Mike", "Nguyen", "RicishayMax", "RicishayMax2", "RicishayMax3",
    "Storm", "Tweaky", "UniRobot", "adam", "anika", "anikaRobot", "announcer", "antonio", "aunty", "belinda", "benjamin",
    "boris", "caleb", "croak", "david", "ed", "edward", "edward2", "f1", "f2", "f3", "f4", "f5", "fast", "grandma",
    "grandpa", "gustave", "iven", "iven2", "iven3", "iven4", "john", "kaukovalta", "klatt", "klatt2", "klatt3", "klatt4",
    "klatt5", "klatt6", "linda", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "marcelo", "max", "michel", "miguel",
    "norbert", "pablo", "paul", "pedro", "quincy", "rob", "robert", "robosoft", "robosoft2", "robosoft3", "robosoft4",
    "robosoft5", "robosoft6", "robosoft7", "robosoft8", "sandro", "shelby", "steph", "steph2", "steph3", "travis",
    "victor", "whisper", "whisperf", "zac",
]
_ACCENT_FILES = {"en-gb": "en"}  # accent -> its file under espeak-ng-data/lang/gmw, where the name differs
# flite's voices (`flite -lv`), less awb_time, a limited-domain voice that only speaks times of day.
FLITE_VOICES = ["kal", "kal16", "awb", "rms", "slt"]
# Festival's English voices in Debian, with the package that installs each.
FESTIVAL_VOICES = {
    "kal_diphone": "festvox-kallpc16k",
    "ked_diphone": "festvox-kdlpc16k",
    "cmu_us_slt_arctic_hts": "festvox-us-slt-hts",
}
FESTIVAL_VOICE_DIRS = ["/usr/share/festival/voices"]

# Never in training. An accent held out is held out with every variant; a variant with every accent. festival's slt
# is the same speaker (CMU ARCTIC slt) as flite's, so both are held out.
HELD_OUT = {
    "espeak_accents": ["en-029"],
    "espeak_variants": ["f4"],
    "voices": ["flite:slt", "festival:cmu_us_slt_arctic_hts"],
}

ENGINE_INSTALL = {
    "espeak": ("espeak-ng", "apt-get install -y espeak-ng"),
    "flite": ("flite", "apt-get install -y flite"),
    "festival": ("text2wave", "apt-get install -y festival " + " ".join(sorted(set(FESTIVAL_VOICES.values())))),
}


def is_held_out(voice: str) -> bool:
    kind, name = voice.split(":", 1)
    if voice in HELD_OUT["voices"]:
        return True
    if kind == "espeak":
        accent, _, variant = name.partition("+")
        return accent in HELD_OUT["espeak_accents"] or variant in HELD_OUT["espeak_variants"]
    return False


@dataclass
class Missing:
    """An engine or voice that is not installed, and the command that installs it."""

    what: str
    install: str

    def __str__(self) -> str:
        return f"{self.what} (install: {self.install})"


def _espeak_data_dir(exe: str) -> str | None:
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"Data at:\s*(\S+)", out)
    return m.group(1) if m else None


def find_missing(path: str | None = None, festival_dirs: list[str] | None = None) -> list[Missing]:
    """Every engine and voice of the lists above that this machine lacks. `path` overrides $PATH (tests)."""
    missing: list[Missing] = []
    exe = shutil.which("espeak-ng", path=path)
    if exe is None:
        missing.append(Missing("engine espeak-ng", ENGINE_INSTALL["espeak"][1]))
    else:
        data = _espeak_data_dir(exe)
        if data:
            gmw = os.path.join(data, "voices", "..", "lang", "gmw")
            have_accents = {f.lower() for f in os.listdir(gmw)} if os.path.isdir(gmw) else None
            vdir = os.path.join(data, "voices", "!v")
            have_variants = set(os.listdir(vdir)) if os.path.isdir(vdir) else None
            for a in ESPEAK_ACCENTS:
                if have_accents is not None and _ACCENT_FILES.get(a, a).lower() not in have_accents:
                    missing.append(Missing(f"espeak-ng accent {a}", "apt-get install -y espeak-ng-data"))
            for v in ESPEAK_VARIANTS:
                if have_variants is not None and v not in have_variants:
                    missing.append(Missing(f"espeak-ng variant {v}", "apt-get install -y espeak-ng-data"))
    exe = shutil.which("flite", path=path)
    if exe is None:
        missing.append(Missing("engine flite", ENGINE_INSTALL["flite"][1]))
    else:
        out = subprocess.run([exe, "-lv"], capture_output=True, text=True).stdout
        have = set(out.split(":", 1)[-1].split())
        missing += [Missing(f"flite voice {v}", "apt-get install -y flite") for v in FLITE_VOICES if v not in have]
    if shutil.which("text2wave", path=path) is None:
        missing.append(Missing("engine festival (text2wave)", ENGINE_INSTALL["festival"][1]))
    else:
        dirs = FESTIVAL_VOICE_DIRS if festival_dirs is None else festival_dirs
        for v, pkg in FESTIVAL_VOICES.items():
            if not any(os.path.isdir(os.path.join(d, lang, v)) for d in dirs if os.path.isdir(d) for lang in os.listdir(d)):
                missing.append(Missing(f"festival voice {v}", f"apt-get install -y {pkg}"))
    return missing


def _voice_missing(voice: str, missing: list[Missing]) -> bool:
    kind, name = voice.split(":", 1)
    whats = {m.what for m in missing}
    if kind == "espeak":
        accent, _, variant = name.partition("+")
        return bool({"engine espeak-ng", f"espeak-ng accent {accent}", f"espeak-ng variant {variant}"} & whats)
    if kind == "flite":
        return bool({"engine flite", f"flite voice {name}"} & whats)
    return bool({"engine festival (text2wave)", f"festival voice {name}"} & whats)


@dataclass
class VoicePool:
    """The voices a set may draw, by engine, with each engine's share of the draws."""

    espeak_accents: list[str]
    espeak_variants: list[str]
    flite: list[str]
    festival: list[str]
    shares: dict[str, float] = field(default_factory=lambda: {"espeak": 0.55, "flite": 0.2, "festival": 0.25})

    def draw(self, rng: random.Random, engines: tuple[str, ...] = ("espeak", "flite", "festival")) -> str:
        options = [(e, self.shares[e]) for e in engines if self._has(e)]
        r = rng.random() * sum(w for _, w in options)
        for engine, w in options:
            if r < w:
                break
            r -= w
        if engine == "espeak":
            return f"espeak:{rng.choice(self.espeak_accents)}+{rng.choice(self.espeak_variants)}"
        return f"{engine}:{rng.choice(getattr(self, engine))}"

    def _has(self, engine: str) -> bool:
        return bool(self.espeak_accents and self.espeak_variants) if engine == "espeak" else bool(getattr(self, engine))

    def voices(self) -> list[str]:
        out = [f"espeak:{a}+{v}" for a in self.espeak_accents for v in self.espeak_variants]
        return out + [f"flite:{v}" for v in self.flite] + [f"festival:{v}" for v in self.festival]


def training_pool(missing: list[Missing] | None = None) -> VoicePool:
    """Every voice not held out (and not missing)."""
    missing = missing or []
    accents = [a for a in ESPEAK_ACCENTS if a not in HELD_OUT["espeak_accents"] and not _voice_missing(f"espeak:{a}+m1", missing)]
    variants = [v for v in ESPEAK_VARIANTS if v not in HELD_OUT["espeak_variants"] and not _voice_missing(f"espeak:en-us+{v}", missing)]
    flite = [v for v in FLITE_VOICES if not is_held_out(f"flite:{v}") and not _voice_missing(f"flite:{v}", missing)]
    festival = [v for v in FESTIVAL_VOICES if not is_held_out(f"festival:{v}") and not _voice_missing(f"festival:{v}", missing)]
    return VoicePool(accents, variants, flite, festival)


def held_out_available(missing: list[Missing] | None = None) -> list[str]:
    """The held-out whole voices (not accents/variants) that are installed."""
    return [v for v in HELD_OUT["voices"] if not _voice_missing(v, missing or [])]


def check_voices(allow_missing: bool, path: str | None = None) -> list[Missing]:
    """Stage 0's voice check: stops naming every missing engine/voice and its install command, unless allowed."""
    from .log import log

    missing = find_missing(path)
    if missing and not allow_missing:
        lines = "\n".join(f"  - {m}" for m in missing)
        raise SystemExit(
            f"check: {len(missing)} speech engine(s)/voice(s) missing:\n{lines}\n"
            "Install them, or run with --allow-missing-voices to go on without them."
        )
    for m in missing:
        log(f"check: going on without {m.what} (--allow-missing-voices); install: {m.install}")
    pool = training_pool(missing)
    log(f"check: training voices: espeak-ng {len(pool.espeak_accents)} accents x {len(pool.espeak_variants)} variants, "
        f"flite {', '.join(pool.flite) or 'none'}, festival {', '.join(pool.festival) or 'none'}; held out: "
        f"accents {', '.join(HELD_OUT['espeak_accents'])}, variants {', '.join(HELD_OUT['espeak_variants'])}, "
        f"voices {', '.join(HELD_OUT['voices'])}")
    return missing
