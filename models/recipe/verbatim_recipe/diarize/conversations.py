"""Synthetic conversations for measuring speaker diarization.

Two to four people talk in turns of one or two sentences; some turns start before the last one ends (overlap) and
listeners drop short back-channels ("yeah", "mm hmm") into the speaker's turn or its pause. Each person is one
synthetic voice with its own pitch and rate for the whole conversation, as a person would be. Two sets:

- `tune`: voices from the recognition model's training pool (the diarizer's weights and thresholds are chosen here);
- `test`: voices used nowhere else: espeak-ng variants outside the training list and flite's held-out `slt`
  (the recognition model never heard them; the diarizer was never tuned on them).

Each conversation is a 16 kHz WAV plus a JSON with the speakers and every turn's speech span (leading/trailing
silence trimmed), the reference for DER. Deterministic in the seed.

    python3 -m verbatim_recipe.diarize.conversations --out recipe/work/diarize [--per-size 5] [--tune-per-size 5]
        [--seconds 60] [--sizes 1,2,3,4]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..synth import ESPEAK_ACCENTS_TRAIN, ESPEAK_VARIANTS_TRAIN, FLITE_TRAIN, SAMPLE_RATE, Utterance, _noise, _sox_effects, _tts_command, write_wav

# espeak-ng variants the recognition model never trained on (and the diarizer is never tuned on), plus flite's slt
TEST_VARIANTS = [
    "f4", "m7", "Alicia", "Andrea", "belinda", "benjamin", "boris", "caleb", "iven", "norbert", "pablo", "Gene", "Lee",
    "Mike", "anika", "antonio", "gustave", "marcelo", "michel", "miguel", "Denis", "Hugo", "Jacky", "Marco", "Nguyen",
]
TEST_ACCENTS = ["en-029", "en-gb-x-rp", "en-us", "en-gb", "en-gb-scotland"]
TEST_FLITE = ["slt"]
BACKCHANNELS = ["yeah", "mm hmm", "right", "okay", "I see", "sure", "uh huh", "exactly", "really", "yes"]


@dataclass
class Person:
    name: str
    voice: str
    rate: float
    pitch: int


def pick_people(rng: random.Random, n: int, split: str) -> list[Person]:
    """`n` people with distinct voice variants from the split's pool."""
    people: list[Person] = []
    used: set[str] = set()
    while len(people) < n:
        if split == "test":
            if rng.random() < 0.15 and "flite:slt" not in used:
                voice, variant = "flite:slt", "flite:slt"
            else:
                variant = rng.choice(TEST_VARIANTS)
                voice = f"espeak:{rng.choice(TEST_ACCENTS)}+{variant}"
        else:
            if rng.random() < 0.2:
                variant = "flite:" + rng.choice(FLITE_TRAIN)
                voice = variant
            else:
                variant = rng.choice(ESPEAK_VARIANTS_TRAIN)
                voice = f"espeak:{rng.choice(ESPEAK_ACCENTS_TRAIN)}+{variant}"
        if variant in used:
            continue
        used.add(variant)
        if voice.startswith("flite:"):
            rate, pitch = round(rng.uniform(0.9, 1.15), 3), 0
        else:
            rate, pitch = float(rng.randint(140, 185)), rng.randint(25, 75)
        people.append(Person(chr(ord("A") + len(people)), voice, rate, pitch))
    return people


def speak(person: Person, text: str, key: str, speed: float | None = None) -> np.ndarray:
    """One utterance of `person` (sox `speed` changed when given), 16 kHz float, trimmed to its speech."""
    u = Utterance(key, text, person.voice, person.rate, person.pitch, {})
    tts = subprocess.run(_tts_command(u), capture_output=True, check=True)
    sox = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "raw", "-e", "floating-point", "-b", "32", "-", *_sox_effects({} if speed is None else {"speed": speed})],
        input=tts.stdout, capture_output=True, check=True,
    )
    x = np.frombuffer(sox.stdout, dtype="<f4").astype(np.float64)
    return trim(x / (np.max(np.abs(x)) + 1e-9))


def trim(x: np.ndarray) -> np.ndarray:
    """Cuts leading and trailing frames more than 45 dB below the peak frame (10 ms frames)."""
    hop = SAMPLE_RATE // 100
    n = len(x) // hop
    if n == 0:
        return x
    energy = 10 * np.log10(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1) + 1e-12)
    loud = np.nonzero(energy > energy.max() - 45)[0]
    return x[loud[0] * hop : (loud[-1] + 1) * hop]


def plan(rng: random.Random, people: list[Person], sentences: list[str], seconds: float) -> list[dict]:
    """Turns as (who, text, kind, placement) in order; placements are resolved when the audio lengths are known."""
    turns: list[dict] = []
    who = rng.randrange(len(people))
    estimate = 0.0
    while estimate < seconds:
        text = " ".join(rng.choice(sentences) for _ in range(rng.choice([1, 1, 2])))
        r = rng.random()
        placement = "overlap" if r < 0.2 and turns else "gap"
        turns.append({"who": who, "text": text, "kind": "turn", "placement": placement})
        estimate += 0.4 * len(text.split()) + 0.4
        if len(people) > 1 and rng.random() < 0.3:
            listener = rng.choice([i for i in range(len(people)) if i != who])
            turns.append({"who": listener, "text": rng.choice(BACKCHANNELS), "kind": "backchannel", "placement": rng.choice(["inside", "after"])})
        if len(people) > 1:
            who = rng.choice([i for i in range(len(people)) if i != who])
    return turns


def render_conversation(job: dict) -> dict:
    rng = random.Random(job["seed"])
    people = [Person(**p) for p in job["people"]]
    clips = [speak(people[t["who"]], t["text"], f"{job['id']}-{i}") for i, t in enumerate(job["turns"])]
    gains = [10 ** (rng.uniform(-6, 0) / 20) for _ in people]
    spans: list[tuple[int, int]] = []
    cursor = int(0.5 * SAMPLE_RATE)
    last_turn: tuple[int, int] | None = None
    for t, clip in zip(job["turns"], clips):
        n = len(clip)
        if t["kind"] == "backchannel" and last_turn is not None:
            s, e = last_turn
            if t["placement"] == "inside" and e - s > n + SAMPLE_RATE:
                start = rng.randint(s + SAMPLE_RATE // 2, e - n - SAMPLE_RATE // 4)
            else:
                start = e + int(rng.uniform(0.1, 0.3) * SAMPLE_RATE)
                cursor = max(cursor, start + n)
            spans.append((start, start + n))
            continue
        if t["placement"] == "overlap" and last_turn is not None:
            start = max(last_turn[0] + SAMPLE_RATE // 2, last_turn[1] - int(rng.uniform(0.2, 0.8) * SAMPLE_RATE))
        else:
            start = cursor + int(rng.uniform(0.15, 0.8) * SAMPLE_RATE)
        spans.append((start, start + n))
        last_turn = (start, start + n)
        cursor = max(cursor, start + n)
    total = max(e for _, e in spans) + int(0.5 * SAMPLE_RATE)
    mix = np.zeros(total)
    for t, clip, (s, e) in zip(job["turns"], clips, spans):
        mix[s:e] += clip * gains[t["who"]] * 0.5
    if job["noise"]:
        noise = _noise(job["noise"], total, np.random.default_rng(zlib.crc32(job["id"].encode())))
        p_sig = float(np.mean(mix**2)) + 1e-12
        mix += noise * np.sqrt(p_sig / ((float(np.mean(noise**2)) + 1e-12) * 10 ** (job["snr"] / 10)))
    mix *= 0.9 / (np.max(np.abs(mix)) + 1e-9)
    out = Path(job["dir"])
    write_wav(out / f"{job['id']}.wav", mix)
    reference = {
        "id": job["id"],
        "duration": round(total / SAMPLE_RATE, 3),
        "noise": job["noise"],
        "snr": job["snr"],
        "speakers": [asdict(p) for p in people],
        "turns": [
            {"speaker": people[t["who"]].name, "start": round(s / SAMPLE_RATE, 3), "end": round(e / SAMPLE_RATE, 3), "kind": t["kind"], "text": t["text"]}
            for t, (s, e) in zip(job["turns"], spans)
        ],
    }
    (out / f"{job['id']}.json").write_text(json.dumps(reference, indent=1) + "\n")
    return reference


def plan_set(split: str, sizes: list[int], per_size: int, seconds: float, sentences: list[str], out: Path, seed: int) -> list[dict]:
    rng = random.Random(f"{seed}-{split}")
    jobs = []
    for n in sizes:
        for k in range(per_size):
            people = pick_people(rng, n, split)
            noisy = rng.random() < 0.5
            jobs.append({
                "id": f"{split}-{n}p-{k:02d}",
                "seed": rng.randrange(1 << 30),
                "people": [asdict(p) for p in people],
                "turns": plan(rng, people, sentences, seconds),
                "noise": rng.choice(["white", "pink", "brown"]) if noisy else None,
                "snr": rng.choice([15, 20, 30]) if noisy else None,
                "dir": str(out / split),
            })
    return jobs


def main() -> None:
    here = Path(__file__).resolve().parents[2]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=here / "work" / "diarize")
    p.add_argument("--text", type=Path, default=here / "work" / "text")
    p.add_argument("--per-size", type=int, default=5, help="conversations per number of people (test set)")
    p.add_argument("--tune-per-size", type=int, default=5, help="conversations per number of people (tuning set)")
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--seed", type=int, default=19)
    p.add_argument("--sizes", default="1,2,3,4", help="numbers of people, comma-separated")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()

    def lines(name: str) -> list[str]:
        return [l for l in (args.text / f"{name}.txt").read_text().splitlines() if 3 <= len(l.split()) <= 18]

    sizes = [int(n) for n in args.sizes.split(",")]
    jobs = plan_set("tune", sizes, args.tune_per_size, args.seconds, lines("general_dev"), args.out, args.seed)
    jobs += plan_set("test", sizes, args.per_size, args.seconds, lines("general_test"), args.out, args.seed)
    for split in ("tune", "test"):
        (args.out / split).mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for ref in pool.map(render_conversation, jobs):
            print(f"diarize: {ref['id']}: {len(ref['speakers'])} people, {len(ref['turns'])} turns, {ref['duration']:.0f} s", flush=True)


if __name__ == "__main__":
    main()
