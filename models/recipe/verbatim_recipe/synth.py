"""Stage 2: synthetic speech.

The original sets (`plan_sets`: train, dev, dev_noisy and the test sets) use the first voice pool below (7 espeak-ng
accents x 37 variants, 4 flite voices) and the first augmentations (speed, reverb, telephone band-pass, white/pink/
brown noise); they are kept exactly as they were so that the measured test sets stay the same. `plan_more_sets` adds
`train_more` (every English voice of espeak-ng, flite and Festival that is not held out, `voices.py`; the recording
conditions of `conditions.py`; general, domain and conversational text), `test_conditions` (held-out sentences,
training voices, those conditions) and `test_unseen_festival` (the held-out Festival voice). Some voices are held
out completely (`voices.HELD_OUT`): they never appear in training. Output is 16 kHz mono 16-bit WAV plus NeMo-style
JSONL manifests (`audio_filepath`, `duration`, `text`, and the voice/augmentation used).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
import wave
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from . import conditions
from .log import fmt_eta, log

SAMPLE_RATE = 16000

ESPEAK_ACCENTS_TRAIN = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-us-nyc"]
ESPEAK_VARIANTS_TRAIN = [
    "m1", "m2", "m3", "m4", "m5", "m6", "m8", "f1", "f2", "f3", "f5", "klatt", "klatt2", "klatt3", "klatt4",
    "adam", "Andy", "Annie", "aunty", "david", "ed", "edward", "john", "linda", "max", "paul", "rob", "robert",
    "steph", "travis", "victor", "quincy", "zac", "grandma", "grandpa", "croak", "whisper",
]
FLITE_TRAIN = ["kal", "kal16", "awb", "rms"]
# Never used in training: a flite voice, an espeak accent and an espeak variant.
HELD_OUT_VOICES = ["flite:slt", "espeak:en-029+m3", "espeak:en-gb-x-rp+f4"]


@dataclass
class Utterance:
    id: str
    text: str
    voice: str  # "espeak:<accent>+<variant>", "flite:<voice>" or "festival:<voice>"
    rate: float  # espeak words per minute, or flite/festival duration stretch
    pitch: int  # espeak pitch 0-99; flite's mean F0 in Hz (0: the voice's own); ignored by festival
    aug: dict = field(default_factory=dict)  # speed, reverb, telephone, noise, snr, gain + conditions.py's keys


def check_tools() -> None:
    missing = [t for t in ("espeak-ng", "flite", "sox", "ffmpeg") if shutil.which(t) is None]
    if missing:
        raise SystemExit(
            f"synth: missing tool(s): {', '.join(missing)}. Install them with "
            "`apt-get install -y espeak-ng flite sox libsox-fmt-all ffmpeg`."
        )


def random_training_voice(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return "flite:" + rng.choice(FLITE_TRAIN)
    return f"espeak:{rng.choice(ESPEAK_ACCENTS_TRAIN)}+{rng.choice(ESPEAK_VARIANTS_TRAIN)}"


def random_prosody(voice: str, rng: random.Random) -> tuple[float, int]:
    if voice.startswith("flite:"):
        return round(rng.uniform(0.85, 1.25), 3), 0
    return float(rng.randint(130, 200)), rng.randint(20, 80)


def random_augmentation(rng: random.Random, noisy: float = 0.35) -> dict:
    aug: dict = {"gain": round(rng.uniform(-12, 0), 1)}
    if rng.random() < 0.3:
        aug["speed"] = rng.choice([0.9, 0.95, 1.05, 1.1])
    if rng.random() < 0.2:
        aug["reverb"] = [rng.randint(20, 70), rng.randint(20, 80), rng.randint(20, 90)]
    if rng.random() < 0.1:
        aug["telephone"] = True
    if rng.random() < noisy:
        aug["noise"] = rng.choice(["white", "pink", "brown"])
        aug["snr"] = rng.choice([5, 10, 15, 20, 30])
    return aug


def noisy_augmentation(rng: random.Random) -> dict:
    """The noisy test condition: every utterance gets noise at 5-20 dB SNR, some reverb."""
    aug = {"gain": round(rng.uniform(-6, 0), 1), "noise": rng.choice(["white", "pink", "brown"]), "snr": rng.choice([5, 10, 15, 20])}
    if rng.random() < 0.3:
        aug["reverb"] = [rng.randint(20, 60), 50, rng.randint(20, 80)]
    return aug


def _tts_command(u: Utterance, out: str = "/dev/stdout") -> list[str]:
    kind, name = u.voice.split(":", 1)
    if kind == "espeak":
        return ["espeak-ng", "-v", name, "-s", str(int(u.rate)), "-p", str(u.pitch), "--stdout", u.text]
    if kind == "festival":  # the text comes on stdin; text2wave cannot write WAV to a pipe
        return ["text2wave", "-eval", f"(voice_{name})", "-eval", f"(Parameter.set 'Duration_Stretch {u.rate})",
                "-F", str(SAMPLE_RATE), "-o", out]
    f0 = ["--setf", f"int_f0_target_mean={u.pitch}"] if u.pitch else []
    return ["flite", "-voice", name, "--setf", f"duration_stretch={u.rate}", *f0, "-t", u.text, "-o", "/dev/stdout"]


def tts_wav(u: Utterance) -> bytes:
    """The engine's WAV for an utterance, before any effect."""
    if u.voice.startswith("festival:"):
        with tempfile.TemporaryDirectory(prefix="verbatim-tts-") as d:
            out = os.path.join(d, "u.wav")
            subprocess.run(_tts_command(u, out), input=u.text.encode(), capture_output=True, check=True)
            return Path(out).read_bytes()
    return subprocess.run(_tts_command(u), capture_output=True, check=True).stdout


def _sox_effects(aug: dict) -> list[str]:
    fx: list[str] = []
    if "speed" in aug:
        fx += ["speed", str(aug["speed"])]
    if "reverb" in aug:
        fx += ["reverb", *map(str, aug["reverb"])]
    if aug.get("telephone"):
        fx += ["sinc", "300-3400"]
    fx += ["rate", "-v", str(SAMPLE_RATE), "channels", "1"]
    fx += conditions.sox_effects(aug)  # at 16 kHz whatever rate the engine speaks at
    return fx


def _noise(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    white = rng.standard_normal(n)
    if kind == "white":
        return white
    spec = np.fft.rfft(white)
    f = np.arange(len(spec), dtype=np.float64)
    f[0] = 1.0
    spec /= np.sqrt(f) if kind == "pink" else f
    return np.fft.irfft(spec, n)


def mix_noise(x: np.ndarray, kind: str, snr_db: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noise = _noise(kind, len(x), rng)
    p_sig = float(np.mean(x**2)) + 1e-12
    p_noise = float(np.mean(noise**2)) + 1e-12
    return x + noise * np.sqrt(p_sig / (p_noise * 10 ** (snr_db / 10)))


def write_wav(path: Path, x: np.ndarray, sample_rate: int = SAMPLE_RATE) -> None:
    pcm = (np.clip(x, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm.tobytes())


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """16-bit PCM WAV as float32 in [-1, 1] (mono: channels are averaged)."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit PCM WAV is read by the recipe (convert with sox)")
        frames = w.readframes(w.getnframes())
        x = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
        if w.getnchannels() > 1:
            x = x.reshape(-1, w.getnchannels()).mean(axis=1)
        return x, w.getframerate()


def _speech(u: Utterance, aug: dict) -> np.ndarray:
    """TTS then the sox effects of `aug`, as float64 at 16 kHz."""
    sox = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "raw", "-e", "floating-point", "-b", "32", "-", *_sox_effects(aug)],
        input=tts_wav(u), capture_output=True, check=True,
    )
    return np.frombuffer(sox.stdout, dtype="<f4").astype(np.float64)


def render(u: Utterance, out_path: Path) -> float:
    """Synthesise one utterance to `out_path`; returns its duration in seconds. Order, as a recording happens: the
    voice in its room (shift, eq, reverb in sox), level changes, other talkers, noise; then the recorder's gain,
    clipping and the codec."""
    x = _speech(u, u.aug)
    if len(x) < SAMPLE_RATE // 10:
        raise RuntimeError(f"{u.id}: TTS produced no audio for {u.text!r}")
    if "levels" in u.aug:
        x = conditions.apply_levels(x, u.aug["levels"])
    if "babble" in u.aug:
        talkers = [_speech(Utterance(f"{u.id}-b{i}", text, voice, rate, pitch), {}) for i, (voice, rate, pitch, text)
                   in enumerate(u.aug["babble"]["talkers"])]
        b = conditions.babble(len(x), talkers, conditions.seed_of(u.id, "babble"))
        x = conditions.mix_at_snr(x, b, u.aug["babble"]["snr"])
    if "noise" in u.aug:
        x = mix_noise(x, u.aug["noise"], u.aug["snr"], seed=zlib.crc32(u.id.encode()))
    if "clip" in u.aug:
        x = conditions.clip(x, u.aug["clip"])
    peak = float(np.max(np.abs(x))) + 1e-9
    x = x / peak * 0.9 * 10 ** (u.aug.get("gain", 0) / 20)
    if "codec" in u.aug:
        x = conditions.codec_roundtrip(x, *u.aug["codec"])
    write_wav(out_path, x)
    return len(x) / SAMPLE_RATE


def _render_job(args: tuple[dict, str]) -> dict | None:
    ud, out = args
    u = Utterance(**ud)
    try:
        dur = render(u, Path(out))
    except (subprocess.CalledProcessError, RuntimeError) as e:
        return {"id": u.id, "error": str(e)[:200]}
    return {"audio_filepath": out, "duration": round(dur, 3), "text": u.text, "voice": u.voice, "aug": u.aug, "id": u.id}


def _resume_partial(tmp: Path, utts: list[Utterance]) -> list[dict]:
    """The finished lines of an interrupted run's `.partial` manifest that still match the plan (same id, text, voice
    and augmentation, WAV present); a torn last line is dropped."""
    if not tmp.exists():
        return []
    plan = {u.id: u for u in utts}
    kept = []
    for line in tmp.read_text().splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        u = plan.get(rec.get("id"))
        if u and rec.get("text") == u.text and rec.get("voice") == u.voice and rec.get("aug") == u.aug \
                and Path(rec["audio_filepath"]).is_file():
            kept.append(rec)
    return kept


def synthesize_set(name: str, utts: list[Utterance], wav_dir: Path, manifest: Path, workers: int) -> dict:
    """Render a set and write its manifest. A set whose manifest exists is kept as it is (stages skip done work); an
    interrupted set resumes from its `.partial` manifest, rendering only the utterances not yet there."""
    if manifest.exists():
        n = sum(1 for _ in manifest.open())
        log(f"synth: {name}: {manifest} exists ({n} utterances), skipped (use --redo to rebuild)")
        return {"utterances": n}
    (wav_dir / name).mkdir(parents=True, exist_ok=True)
    tmp = manifest.with_suffix(".partial")
    resumed = _resume_partial(tmp, utts)
    have = {r["id"] for r in resumed}
    if resumed:
        log(f"synth: {name}: resuming, {len(resumed)} of {len(utts)} utterances already rendered")
    jobs = [(asdict(u), str(wav_dir / name / f"{u.id}.wav")) for u in utts if u.id not in have]
    done, failed, audio = 0, 0, sum(float(r["duration"]) for r in resumed)
    import time

    t0 = time.time()
    with ProcessPoolExecutor(max_workers=workers) as pool, tmp.open("w") as f:
        for rec in resumed:
            f.write(json.dumps(rec) + "\n")
        f.flush()
        for rec in pool.map(_render_job, jobs, chunksize=16 if workers > 1 else 1):
            done += 1
            if rec is None or "error" in rec:
                failed += 1
                continue
            audio += rec["duration"]
            f.write(json.dumps(rec) + "\n")
            f.flush()
            if done % 1000 == 0 or done == len(jobs) or (done % 200 == 0 and workers == 1):
                rate = done / (time.time() - t0)
                log(f"synth: {name}: {done + len(resumed)}/{len(utts)} ({audio / 3600:.2f} h audio), "
                    f"ETA {fmt_eta((len(jobs) - done) / rate)}")
    os.replace(tmp, manifest)
    if failed:
        log(f"synth: {name}: {failed} utterances failed and were left out")
    return {"utterances": len(resumed) + done - failed, "hours": round(audio / 3600, 3), "failed": failed}


def plan_sets(text_dir: Path, seed: int, train_utts: int, scale: float = 1.0) -> dict[str, list[Utterance]]:
    """Which sentence is spoken by which voice, for every set. Deterministic in `seed`."""
    rng = random.Random(seed)

    def lines(name: str) -> list[str]:
        return [l for l in (text_dir / f"{name}.txt").read_text().splitlines() if l.strip()]

    def cap(xs: list[str], n: int) -> list[str]:
        return xs[: max(1, int(n * scale))] if scale < 1.0 else xs[:n]

    general_train = lines("general_train")
    domain_train = lines("medical_train") + lines("ruby_train") + lines("social_train")
    rng.shuffle(general_train)
    rng.shuffle(domain_train)
    n_domain = int(train_utts * 0.15)
    pool = general_train[: train_utts - n_domain] + domain_train[:n_domain]
    rng.shuffle(pool)
    sets: dict[str, list[Utterance]] = {"train": []}
    for i, text in enumerate(cap(pool, train_utts)):
        v = random_training_voice(rng)
        r, p = random_prosody(v, rng)
        sets["train"].append(Utterance(f"tr{i:06d}", text, v, r, p, random_augmentation(rng)))

    def clean_set(prefix: str, texts: list[str]) -> list[Utterance]:
        out = []
        for i, text in enumerate(texts):
            v = random_training_voice(rng)
            r, p = random_prosody(v, rng)
            out.append(Utterance(f"{prefix}{i:05d}", text, v, r, p, {}))
        return out

    dev = cap(lines("general_dev"), 600)
    sets["dev"] = clean_set("dv", dev)
    # calibration must see the conditions the model meets, not only clean speech (own RNG: later sets stay as they were)
    nrng = random.Random(f"{seed}-dev_noisy")
    sets["dev_noisy"] = []
    for i, text in enumerate(dev):
        v = random_training_voice(nrng)
        r, p = random_prosody(v, nrng)
        sets["dev_noisy"].append(Utterance(f"dn{i:05d}", text, v, r, p, noisy_augmentation(nrng)))
    test = cap(lines("general_test"), 600)
    sets["test_clean"] = clean_set("tc", test)
    sets["test_noisy"] = []
    for i, text in enumerate(test):
        v = random_training_voice(rng)
        r, p = random_prosody(v, rng)
        sets["test_noisy"].append(Utterance(f"tn{i:05d}", text, v, r, p, noisy_augmentation(rng)))
    sets["test_unseen_voices"] = []
    for vi, v in enumerate(HELD_OUT_VOICES):
        for i, text in enumerate(test[vi::len(HELD_OUT_VOICES)]):
            r, p = random_prosody(v, rng)
            sets["test_unseen_voices"].append(Utterance(f"tu{vi}{i:05d}", text, v, r, p, {}))
    domain_test = lines("medical_test") + lines("ruby_test") + lines("social_test")
    sets["test_domain"] = clean_set("td", cap(domain_test, 900))
    # out-of-template domain sentences (written by hand, see domain.fresh_domain_sentences), in the same kind of voices
    # as test_domain; an RNG of their own, so the sets above stay as they were. The id carries the domain.
    from .domain import fresh_domain_sentences

    frng = random.Random(f"{seed}-test_domain_fresh")
    sets["test_domain_fresh"] = []
    for i, (domain, text) in enumerate(fresh_domain_sentences()):
        v = random_training_voice(frng)
        r, p = random_prosody(v, frng)
        sets["test_domain_fresh"].append(Utterance(f"tf_{domain}_{i:03d}", text, v, r, p, {}))
    held = {v.split(":", 1)[1] for v in HELD_OUT_VOICES}
    for u in sets["train"] + sets["dev"]:
        assert u.voice.split(":", 1)[1] not in held, u.voice
    return sets


MORE_SETS = ["train_more", "test_conditions", "test_unseen_festival"]


def more_prosody(voice: str, rng: random.Random) -> tuple[float, int]:
    """Wider rate and pitch than `random_prosody`, for every engine (flite's mean F0 too)."""
    if voice.startswith("espeak:"):
        return float(rng.randint(120, 220)), rng.randint(10, 90)
    if voice.startswith("flite:"):
        return round(rng.uniform(0.8, 1.3), 3), rng.choice([0, 0, rng.randint(75, 190)])
    return round(rng.uniform(0.8, 1.3), 3), 0


def plan_more_sets(text_dir: Path, seed: int, hours: float, scale: float = 1.0, missing: list | None = None,
                   test_utts: int = 300) -> dict[str, list[Utterance]]:
    """`train_more`: about `hours` of every training voice (`voices.training_pool`) under `conditions.py`'s recording
    conditions (15% clean), speaking general (50%), domain (15%) and conversational (35%) training text;
    `test_conditions`: the first `test_utts` held-out test sentences (those of test_clean) in training voices, each
    under at least two conditions; `test_unseen_festival`: the same sentences in the held-out Festival voice, clean
    (left out when Festival is missing). Deterministic in `seed` (and in which voices are missing)."""
    from .voices import held_out_available, is_held_out, training_pool

    pool = training_pool(missing)

    def lines(name: str) -> list[str]:
        p = text_dir / f"{name}.txt"
        return [l for l in p.read_text().splitlines() if l.strip()] if p.exists() else []

    rng = random.Random(f"{seed}-train_more")
    general = lines("general_train")
    domain = lines("medical_train") + lines("ruby_train") + lines("social_train")
    conv = lines("conversation_train")
    if not conv:
        raise SystemExit(f"speech: {text_dir / 'conversation_train.txt'} is missing; run stage 1 (text) first")
    for xs in (general, domain, conv):
        rng.shuffle(xs)

    def talkers(texts: list[str], r: random.Random, n: int = 400) -> list[list]:
        out = []
        for text in texts[:n]:
            v = pool.draw(r, engines=("espeak", "flite"))  # babble: the fast engines
            rate, pitch = more_prosody(v, r)
            out.append([v, rate, pitch, text])
        return out

    babble_train = talkers(general[-2000:], random.Random(f"{seed}-train_more-babble"))
    sets: dict[str, list[Utterance]] = {"train_more": []}
    target, total, i = hours * 3600 * scale, 0.0, 0
    sources = [(general, 0.5), (domain, 0.15), (conv, 0.35)]
    cursor = [0, 0, 0]
    while total < target:
        r = rng.random()
        k = 0 if r < 0.5 else 1 if r < 0.65 else 2
        src = sources[k][0] or general
        text = src[cursor[k] % len(src)]
        cursor[k] += 1
        v = pool.draw(rng)
        rate, pitch = more_prosody(v, rng)
        aug = {"gain": round(rng.uniform(-12, 0), 1)} if rng.random() < 0.15 else conditions.random_conditions(rng, babble_train)
        if rng.random() < 0.2:
            aug["speed"] = rng.choice([0.9, 0.95, 1.05, 1.1])
        sets["train_more"].append(Utterance(f"tm{i:06d}", text, v, rate, pitch, aug))
        total += 0.4 + len(text.split()) / 2.7 / (aug.get("speed", 1.0))
        i += 1

    test = lines("general_test")[: max(1, int(test_utts * scale))]
    crng = random.Random(f"{seed}-test_conditions")
    babble_test = talkers(lines("general_test")[test_utts:], random.Random(f"{seed}-test_conditions-babble"))
    sets["test_conditions"] = []
    for i, text in enumerate(test):
        v = pool.draw(crng)
        rate, pitch = more_prosody(v, crng)
        sets["test_conditions"].append(Utterance(f"tk{i:05d}", text, v, rate, pitch,
                                                 conditions.random_conditions(crng, babble_test, at_least=2)))
    festival_held = [v for v in held_out_available(missing) if v.startswith("festival:")]
    if festival_held:
        frng = random.Random(f"{seed}-test_unseen_festival")
        sets["test_unseen_festival"] = [Utterance(f"tv{i:05d}", text, festival_held[i % len(festival_held)],
                                                  round(frng.uniform(0.9, 1.15), 3), 0, {}) for i, text in enumerate(test)]
    for u in sets["train_more"]:
        assert not is_held_out(u.voice), u.voice
        for t in u.aug.get("babble", {}).get("talkers", []):
            assert not is_held_out(t[0]), t
    return sets
