"""Recording conditions for synthetic speech: what real recordings do to a voice.

An utterance's conditions are planned once (`random_conditions`, deterministic in the set's RNG) and stored in its
`aug` dict, so the manifest says what was done and the same plan renders the same audio (the noise and babble
placement are seeded by the utterance id). The keys, each optional:

- `shift`: pitch and formants moved together by this many cents (sox `pitch`, a vocal-tract-length change)
- `eq`: microphone colouring: `[highpass Hz, lowpass Hz, [[centre Hz, width octaves, gain dB], ...]]`
- `room`: reverberation of a room, sox `reverb` `[reverberance, HF damping, room scale, pre-delay ms, wet gain dB]`
- `levels`: level changes over the utterance, `[[position 0-1, gain dB], ...]` interpolated linearly
- `babble`: `{"snr": dB, "talkers": [[voice, rate, pitch, text], ...]}`: 3-6 other synthetic voices talking
- `noise` + `snr`: white, pink or brown noise at 0-20 dB SNR (the recipe's older key, mixed the same way)
- `clip`: drive in dB into a hard clip at full scale
- `codec`: `[name, kbit/s]`: a round trip through ffmpeg: `mp3` 16-32, `opus` 8-16, `gsm` (13, telephone band, 8 kHz),
  `phone` (64: telephone band, 8 kHz mu-law)

The older keys (`speed`, `reverb`, `telephone`, `noise`, `gain`) keep their meaning in `synth.py`.
"""

from __future__ import annotations

import random
import subprocess
import zlib

import numpy as np

SAMPLE_RATE = 16000

# (encoder arguments, container for the encoder, decoder input arguments) per codec; kbit/s filled in.
_CODECS = {
    "mp3": (["-ar", "16000", "-c:a", "libmp3lame", "-b:a", "{k}k"], "mp3", []),
    "opus": (["-ar", "16000", "-c:a", "libopus", "-b:a", "{k}k", "-application", "voip"], "ogg", []),
    "gsm": (["-af", "highpass=f=300,lowpass=f=3400", "-ar", "8000", "-c:a", "libgsm"], "gsm", ["-ar", "8000", "-ac", "1"]),
    "phone": (["-af", "highpass=f=300,lowpass=f=3400", "-ar", "8000", "-c:a", "pcm_mulaw"], "mulaw", ["-ar", "8000", "-ac", "1"]),
}


def random_conditions(rng: random.Random, talkers: list[list], at_least: int = 1) -> dict:
    """Plan conditions for one utterance: each applies with its own chance, and at least `at_least` of them do.
    `talkers` are [voice, rate, pitch, text] candidates for babble (other training voices and sentences)."""
    def plan(k: str) -> object:
        if k == "shift":
            return rng.choice([-1, 1]) * rng.randint(60, 300)
        if k == "eq":
            bands = [[rng.choice([250, 500, 1000, 2000, 3000]), round(rng.uniform(0.5, 1.5), 2), rng.randint(-9, 9)]
                     for _ in range(rng.randint(1, 3))]  # every band's upper edge below 16 kHz audio's 8 kHz
            return [rng.choice([50, 80, 120, 200, 300]), rng.choice([3500, 4500, 5500, 7000, 7600]), bands]
        if k == "room":
            return [rng.randint(20, 95), rng.randint(10, 90), rng.randint(20, 100), rng.randint(0, 40), rng.randint(-6, 3)]
        if k == "levels":
            pts = sorted(rng.random() for _ in range(rng.randint(2, 4)))
            return [[round(p, 3), rng.randint(-14, 4)] for p in [0.0, *pts, 1.0]]
        if k == "babble":
            n = rng.randint(3, 6)
            return {"snr": rng.randint(0, 20), "talkers": [list(t) for t in rng.sample(talkers, n)]}
        if k == "noise":
            return rng.choice(["white", "pink", "brown"])
        if k == "clip":
            return rng.randint(3, 15)
        if k == "codec":
            name = rng.choice(["mp3", "mp3", "opus", "opus", "gsm", "phone"])
            kbps = {"mp3": rng.choice([16, 24, 32]), "opus": rng.choice([8, 12, 16]), "gsm": 13, "phone": 64}[name]
            return [name, kbps]
        raise KeyError(k)

    chances = {"shift": 0.35, "eq": 0.35, "room": 0.35, "levels": 0.25, "babble": 0.15 if len(talkers) >= 6 else 0.0,
               "noise": 0.35, "clip": 0.1, "codec": 0.3}
    chosen = [k for k, p in chances.items() if rng.random() < p]
    while len(chosen) < at_least:
        k = rng.choice([k for k, p in chances.items() if p > 0 and k not in chosen])
        chosen.append(k)
    aug: dict = {"gain": round(rng.uniform(-12, 0), 1)}
    for k in chances:  # a fixed order, whatever order they were chosen in
        if k in chosen:
            aug[k] = plan(k)
    if "noise" in aug:
        aug["snr"] = rng.randint(0, 20)
    return aug


def sox_effects(aug: dict) -> list[str]:
    """The sox effects for `shift`, `eq` and `room` (on the 16 kHz signal)."""
    fx: list[str] = []
    if "shift" in aug:
        fx += ["pitch", str(aug["shift"]), "rate", "-v", str(SAMPLE_RATE)]  # sox's pitch leaves another rate
    if "eq" in aug:
        hp, lp, bands = aug["eq"]
        fx += ["highpass", str(hp), "lowpass", str(lp)]
        for f, w, g in bands:
            fx += ["equalizer", str(f), f"{w}o", str(g)]
    if "room" in aug:
        rev, hf, scale, pre, wet = aug["room"]
        fx += ["reverb", str(rev), str(hf), str(scale), "0", str(pre), str(wet)]
    return fx


def apply_levels(x: np.ndarray, points: list[list]) -> np.ndarray:
    pos = np.array([p for p, _ in points]) * max(1, len(x) - 1)
    gain_db = np.interp(np.arange(len(x)), pos, [g for _, g in points])
    return x * 10 ** (gain_db / 20)


def mix_at_snr(x: np.ndarray, other: np.ndarray, snr_db: float) -> np.ndarray:
    p_sig = float(np.mean(x**2)) + 1e-12
    p_other = float(np.mean(other**2)) + 1e-12
    return x + other * np.sqrt(p_sig / (p_other * 10 ** (snr_db / 10)))


def babble(n: int, talkers: list[np.ndarray], seed: int) -> np.ndarray:
    """`talkers` (already rendered) summed into `n` samples, each looped and started at a seeded random offset."""
    rng = np.random.default_rng(seed)
    out = np.zeros(n)
    for t in talkers:
        if len(t) == 0:
            continue
        t = t / (np.sqrt(np.mean(t**2)) + 1e-9)
        reps = int(np.ceil((n + len(t)) / len(t))) + 1
        looped = np.tile(t, reps)
        start = int(rng.integers(0, len(t)))
        out += looped[start:start + n]
    return out


def clip(x: np.ndarray, drive_db: float) -> np.ndarray:
    peak = float(np.max(np.abs(x))) + 1e-9
    return np.clip(x / peak * 10 ** (drive_db / 20), -1.0, 1.0)


def codec_roundtrip(x: np.ndarray, name: str, kbps: int) -> np.ndarray:
    """Encode with ffmpeg at `kbps` and decode back to 16 kHz mono float."""
    enc, fmt, dec_in = _CODECS[name]
    enc = [a.replace("{k}", str(kbps)) for a in enc]
    base = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin"]
    coded = subprocess.run(
        [*base, "-f", "f32le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "pipe:0", *enc, "-f", fmt, "pipe:1"],
        input=np.asarray(x, dtype="<f4").tobytes(), capture_output=True, check=True,
    ).stdout
    raw = subprocess.run(
        [*base, "-f", fmt, *dec_in, "-i", "pipe:0", "-f", "f32le", "-ar", str(SAMPLE_RATE), "-ac", "1", "pipe:1"],
        input=coded, capture_output=True, check=True,
    ).stdout
    return np.frombuffer(raw, dtype="<f4").astype(np.float64)


def seed_of(uid: str, what: str) -> int:
    return zlib.crc32(f"{uid}/{what}".encode())
