"""Stage 2: synthetic speech.

Every usable English voice of espeak-ng (accents x variants) and flite speaks the corpus at varied rate and
pitch; sox adds speed perturbation, reverberation and telephone band-pass; additive noise (white, pink,
brown) is mixed in numpy at a chosen SNR. Some voices are held out completely: they never appear in
training and make the `unseen_voices` test set. Output is 16 kHz mono 16-bit WAV plus NeMo-style JSONL
manifests (`audio_filepath`, `duration`, `text`, and the voice/augmentation used).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import wave
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

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
    voice: str  # "espeak:<accent>+<variant>" or "flite:<voice>"
    rate: float  # espeak words per minute, or flite duration stretch
    pitch: int  # espeak pitch 0-99 (ignored by flite)
    aug: dict = field(default_factory=dict)  # speed, reverb, telephone, noise, snr, gain


def check_tools() -> None:
    missing = [t for t in ("espeak-ng", "flite", "sox") if shutil.which(t) is None]
    if missing:
        raise SystemExit(
            f"synth: missing tool(s): {', '.join(missing)}. Install them with "
            "`apt-get install -y espeak-ng flite sox libsox-fmt-all`."
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


def _tts_command(u: Utterance) -> list[str]:
    kind, name = u.voice.split(":", 1)
    if kind == "espeak":
        return ["espeak-ng", "-v", name, "-s", str(int(u.rate)), "-p", str(u.pitch), "--stdout", u.text]
    return ["flite", "-voice", name, "--setf", f"duration_stretch={u.rate}", "-t", u.text, "-o", "/dev/stdout"]


def _sox_effects(aug: dict) -> list[str]:
    fx: list[str] = []
    if "speed" in aug:
        fx += ["speed", str(aug["speed"])]
    if "reverb" in aug:
        fx += ["reverb", *map(str, aug["reverb"])]
    if aug.get("telephone"):
        fx += ["sinc", "300-3400"]
    fx += ["rate", "-v", str(SAMPLE_RATE), "channels", "1"]
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


def render(u: Utterance, out_path: Path) -> float:
    """Synthesise one utterance to `out_path`; returns its duration in seconds."""
    tts = subprocess.run(_tts_command(u), capture_output=True, check=True)
    sox = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "raw", "-e", "floating-point", "-b", "32", "-", *_sox_effects(u.aug)],
        input=tts.stdout, capture_output=True, check=True,
    )
    x = np.frombuffer(sox.stdout, dtype="<f4").astype(np.float64)
    if len(x) < SAMPLE_RATE // 10:
        raise RuntimeError(f"{u.id}: TTS produced no audio for {u.text!r}")
    if "noise" in u.aug:
        x = mix_noise(x, u.aug["noise"], u.aug["snr"], seed=zlib.crc32(u.id.encode()))
    peak = float(np.max(np.abs(x))) + 1e-9
    x = x / peak * 0.9 * 10 ** (u.aug.get("gain", 0) / 20)
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


def synthesize_set(name: str, utts: list[Utterance], wav_dir: Path, manifest: Path, workers: int) -> dict:
    """Render a set and write its manifest. A set whose manifest exists is kept as it is (stages skip done work)."""
    if manifest.exists():
        n = sum(1 for _ in manifest.open())
        log(f"synth: {name}: {manifest} exists ({n} utterances), skipped (use --redo to rebuild)")
        return {"utterances": n}
    (wav_dir / name).mkdir(parents=True, exist_ok=True)
    jobs = [(asdict(u), str(wav_dir / name / f"{u.id}.wav")) for u in utts]
    tmp = manifest.with_suffix(".partial")
    done, failed, audio = 0, 0, 0.0
    import time

    t0 = time.time()
    with ProcessPoolExecutor(max_workers=workers) as pool, tmp.open("w") as f:
        for rec in pool.map(_render_job, jobs, chunksize=16):
            done += 1
            if rec is None or "error" in rec:
                failed += 1
                continue
            audio += rec["duration"]
            f.write(json.dumps(rec) + "\n")
            if done % 1000 == 0 or done == len(jobs):
                rate = done / (time.time() - t0)
                log(f"synth: {name}: {done}/{len(jobs)} ({audio / 3600:.2f} h audio), ETA {fmt_eta((len(jobs) - done) / rate)}")
    os.replace(tmp, manifest)
    if failed:
        log(f"synth: {name}: {failed} utterances failed and were left out")
    return {"utterances": done - failed, "hours": round(audio / 3600, 3), "failed": failed}


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
