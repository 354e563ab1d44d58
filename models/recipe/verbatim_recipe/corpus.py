"""Stage 1: the text corpus.

Varied English from sources that exist offline on a Debian machine (the `fortunes` collection and package
documentation), generated everyday sentences with numbers and dates, and generated domain sentences. Every
sentence is normalised to spoken form and assigned to train/dev/test by a hash of its text, so the held-out
sentences never reach training (nor, later, the language model).

The Debian part is pinned: what /usr/share/doc holds depends on the packages a machine has installed, so two machines
read different prose, and with it different training and held-out sentences (a checkpoint continued on another
machine then trains on other data, and its held-out sets are no longer the ones the word LM was kept clear of).
`text/debian-sentences.txt.xz` holds the normalised sentences once read, with their count and sha256 in
`text/debian-sentences.json`; stage 1 reads them from there, never from the machine, unless `--refresh-text` asks it
to read the machine again and rewrite the pin (a data change: the next `--continue` is refused until
`--accept-data-change`, and the word LM must be rebuilt against the new held-out sentences).
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import json
import lzma
import os
import random
import re
from pathlib import Path

from .domain import DOMAINS, domain_sentences
from .log import log
from .normalize import normalize_text, ordinal_to_words

FORTUNE_DIR = "/usr/share/games/fortunes"
PIN_DIR = Path(__file__).resolve().parents[1] / "text"
PIN_TEXT = "debian-sentences.txt.xz"
PIN_INFO = "debian-sentences.json"
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")
_PROSE_CHARS = re.compile(r"[A-Za-z0-9 ,.'\"!?;:()\-$%&]")


def _split_of(sentence: str, test_per_mille: int = 15) -> str:
    h = int(hashlib.sha1(sentence.encode()).hexdigest()[:8], 16) % 1000
    return "test" if h < test_per_mille else "dev" if h < 2 * test_per_mille else "train"


def _clean_sentences(raw: str) -> list[str]:
    out = []
    for chunk in _SENT_SPLIT.split(raw):
        chunk = " ".join(chunk.split())
        if len(chunk) < 12 or len(chunk) > 220:
            continue
        prose = len(_PROSE_CHARS.findall(chunk)) / len(chunk)
        if prose < 0.97 or re.search(r"[<>{}\[\]|\\/_*=~^]", chunk):
            continue  # code, ascii art, paths, markup
        text = normalize_text(chunk)
        words = text.split()
        if not 4 <= len(words) <= 28:
            continue
        if sum(len(w) == 1 and w not in ("a", "i") for w in words) > 1:
            continue  # spelled-out initials and stray letters read badly
        out.append(text)
    return out


def _fortunes() -> list[str]:
    files = [f for f in glob.glob(os.path.join(FORTUNE_DIR, "*")) if os.path.isfile(f) and "." not in os.path.basename(f)]
    out: list[str] = []
    for f in sorted(files):
        if os.path.basename(f) in ("art", "ascii-art"):
            continue
        raw = Path(f).read_text(encoding="utf-8", errors="ignore")
        for entry in raw.split("\n%\n"):
            # attribution lines ("-- Mark Twain") are names, not prose
            body = "\n".join(l for l in entry.splitlines() if not l.strip().startswith("--"))
            out += _clean_sentences(body.replace("\n", " "))
    return out


def _package_docs(limit_files: int = 4000) -> list[str]:
    paths = sorted(glob.glob("/usr/share/doc/*/README*") + glob.glob("/usr/share/doc/*/*.txt*"))[:limit_files]
    out: list[str] = []
    for p in paths:
        try:
            data = gzip.open(p).read() if p.endswith(".gz") else Path(p).read_bytes()
        except (OSError, EOFError):
            continue
        out += _clean_sentences(data[:200_000].decode("utf-8", errors="ignore"))
    return out


_EVERYDAY = [
    "the meeting starts at {time} on {day}",
    "we recorded {n} interviews in {month}",
    "the train leaves at {time} from platform {m}",
    "she was born on the {ord} of {month} {year}",
    "can you call me back after {time}",
    "the report is due on {day} the {ord}",
    "about {n} people came to the talk",
    "my flight was delayed by {m} minutes",
    "the recording lasts {m} minutes and {s} seconds",
    "it costs {n} dollars for the whole year",
    "we will meet again in {month}",
    "he moved here in {year} with his family",
    "turn left after {m} hundred metres",
    "the temperature dropped to {m} degrees last night",
    "please send the transcript by {day} morning",
]
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = "january february march april may june july august september october november december".split()


def _everyday(count: int, rng: random.Random) -> list[str]:
    out = set()
    while len(out) < count:
        s = rng.choice(_EVERYDAY).format(
            time=f"{rng.randint(1, 12)}:{rng.choice(['00', '15', '30', '45', '05', '20'])}",
            day=rng.choice(_DAYS), month=rng.choice(_MONTHS), n=rng.choice([3, 12, 40, 75, 120, 300, 1500, 2500]),
            m=rng.randint(2, 59), s=rng.randint(2, 59), ord=ordinal_to_words(rng.randint(1, 31)),
            year=rng.randint(1950, 2025),
        )
        out.add(normalize_text(s))
    return sorted(out)


def read_debian_sentences(max_docs: int = 4000) -> list[str]:
    """The normalised sentences of this machine's `fortunes` and /usr/share/doc prose, sorted, without duplicates."""
    general: list[str] = []
    if os.path.isdir(FORTUNE_DIR):
        general += _fortunes()
    log(f"text: {len(general)} sentences from fortunes")
    docs = _package_docs(max_docs)
    log(f"text: {len(docs)} sentences from /usr/share/doc")
    return sorted(set(general + docs))


def write_pin(pin_dir: Path, sentences: list[str]) -> dict:
    """Pins `sentences` in `pin_dir` (the xz text and its count and sha256); returns the description written."""
    data = ("\n".join(sentences) + "\n").encode()
    info = {"sentences": len(sentences), "sha256": hashlib.sha256(data).hexdigest(),
            "source": "normalised sentences of Debian's fortunes and /usr/share/doc READMEs and .txt files, as stage 1 "
                      "read them (verbatim_recipe/corpus.py); rewritten only by --refresh-text"}
    pin_dir.mkdir(parents=True, exist_ok=True)
    (pin_dir / PIN_TEXT).write_bytes(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME))
    (pin_dir / PIN_INFO).write_text(json.dumps(info, indent=1) + "\n")
    return info


def read_pin(pin_dir: Path) -> list[str] | None:
    """The pinned sentences, or None when there is no pin; exits with the reason when the pin is damaged."""
    text, info = pin_dir / PIN_TEXT, pin_dir / PIN_INFO
    if not text.exists() and not info.exists():
        return None
    if not text.exists() or not info.exists():
        raise SystemExit(f"text: the pin is incomplete ({text if not text.exists() else info} is missing); restore it "
                         "from git, or read this machine's text again with --refresh-text (a data change)")
    try:
        expected = json.loads(info.read_text())
        data = lzma.decompress(text.read_bytes())
    except (ValueError, lzma.LZMAError) as error:
        raise SystemExit(f"text: the pin {text} cannot be read ({error}); restore it from git, or use --refresh-text")
    if hashlib.sha256(data).hexdigest() != expected.get("sha256"):
        raise SystemExit(f"text: the pin {text} does not match the sha256 in {info}; restore both from git, "
                         "or use --refresh-text")
    return data.decode().splitlines()


def debian_sentences(pin_dir: Path, refresh: bool = False, max_docs: int = 4000) -> list[str]:
    """The general sentences from Debian packages: the pin's, or this machine's (written as the pin) when there is no
    pin or `refresh` is set."""
    pinned = None if refresh else read_pin(pin_dir)
    if pinned is not None:
        log(f"text: {len(pinned)} sentences from the pin {pin_dir / PIN_TEXT} (not this machine's packages)")
        return pinned
    sentences = read_debian_sentences(max_docs)
    info = write_pin(pin_dir, sentences)
    log(f"text: pinned {info['sentences']} sentences in {pin_dir / PIN_TEXT} (sha256 {info['sha256'][:12]}); commit it")
    return sentences


def build_corpus(out_dir: Path, seed: int, domain_per: int = 2500, max_docs: int = 4000, pin_dir: Path = PIN_DIR,
                 refresh: bool = False) -> dict[str, int]:
    """Write train/dev/test sentence lists (general and per domain). Returns counts. The Debian sentences come from the
    pin in `pin_dir` (see the module's note); `refresh` reads this machine's instead and rewrites the pin."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    general = debian_sentences(pin_dir, refresh, max_docs) + _everyday(3000, rng)
    general = sorted(set(general))
    if len(general) < 1000:
        raise SystemExit("text: fewer than 1000 usable sentences found; install the Debian package 'fortunes'")
    splits: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    for s in general:
        splits[_split_of(s)].append(s)
    counts: dict[str, int] = {}
    for name, lines in splits.items():
        rng.shuffle(lines)
        (out_dir / f"general_{name}.txt").write_text("\n".join(lines) + "\n")
        counts[f"general_{name}"] = len(lines)
    for d in DOMAINS:
        sents = domain_sentences(d, domain_per, random.Random(f"{seed}-{d}"))
        split = {"train": [], "test": []}
        for s in sents:
            split["test" if _split_of(s, 60) != "train" else "train"].append(s)
        for name, lines in split.items():
            (out_dir / f"{d}_{name}.txt").write_text("\n".join(lines) + "\n")
            counts[f"{d}_{name}"] = len(lines)
    words = sum(len(l.split()) for name in ("general_train",) for l in (out_dir / f"{name}.txt").read_text().splitlines())
    counts["general_train_words"] = words
    return counts
