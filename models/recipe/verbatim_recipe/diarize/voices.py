"""Training speech for the diarizer's speaker projection (LDA): many synthetic "people", each a training-pool voice
with its own pitch and rate, saying several different sentences, some with noise. Only training-pool voices
(the recognition model's `ESPEAK_VARIANTS_TRAIN` / `FLITE_TRAIN`); the diarization test set's voices never appear.

    python3 -m verbatim_recipe.diarize.voices --out recipe/work/diarize/train [--people 800] [--utterances 4]

Writes `<id>.wav` per utterance and `manifest.jsonl` (`id`, `person`, `voice`, `pitch`, `rate`, `speed`, `noise`).
"""

from __future__ import annotations

import argparse
import json
import random
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from ..synth import _noise, write_wav
from .conversations import Person, pick_people, speak


def render(job: dict) -> dict:
    person = Person(**job["person"])
    x = speak(person, job["text"], job["id"], job.get("speed"))
    if job["noise"]:
        noise = _noise(job["noise"], len(x), np.random.default_rng(zlib.crc32(job["id"].encode())))
        x = x + noise * np.sqrt((float(np.mean(x**2)) + 1e-12) / ((float(np.mean(noise**2)) + 1e-12) * 10 ** (job["snr"] / 10)))
    x = np.concatenate([np.zeros(1600), x * 0.9 / (np.max(np.abs(x)) + 1e-9) * job["gain"], np.zeros(1600)])
    write_wav(Path(job["dir"]) / f"{job['id']}.wav", x)
    return {"id": job["id"], "person": job["person"]["name"], "voice": person.voice, "pitch": person.pitch, "rate": person.rate, "speed": job.get("speed"), "noise": job["noise"]}


def main() -> None:
    here = Path(__file__).resolve().parents[2]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=here / "work" / "diarize" / "train")
    p.add_argument("--text", type=Path, default=here / "work" / "text")
    p.add_argument("--people", type=int, default=800)
    p.add_argument("--utterances", type=int, default=4)
    p.add_argument("--seed", type=int, default=1919)
    p.add_argument("--speed-share", type=float, default=0.0, help="share of people given a sox speed change (tried at 0.5: no better on the tuning set)")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    rng = random.Random(args.seed)
    sentences = [l for l in (args.text / "general_train.txt").read_text().splitlines() if 6 <= len(l.split()) <= 18]
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = []
    for k in range(args.people):
        person = pick_people(rng, 1, "tune")[0]
        person.name = f"p{k:04d}"
        # a speed change moves pitch and formants together: a vocal tract no voice of the pool has
        speed = round(rng.uniform(0.85, 1.15), 3) if args.speed_share > 0 and rng.random() < args.speed_share else None
        for u in range(args.utterances):
            noisy = rng.random() < 0.3
            jobs.append({
                "id": f"{person.name}-{u}",
                "person": person.__dict__,
                "text": rng.choice(sentences),
                "noise": rng.choice(["white", "pink", "brown"]) if noisy else None,
                "snr": rng.choice([15, 20, 30]),
                "gain": 10 ** (rng.uniform(-10, 0) / 20),
                "speed": speed,
                "dir": str(args.out),
            })
    with ProcessPoolExecutor(max_workers=args.workers) as pool, (args.out / "manifest.jsonl").open("w") as f:
        for i, rec in enumerate(pool.map(render, jobs, chunksize=8)):
            f.write(json.dumps(rec) + "\n")
            if (i + 1) % 200 == 0:
                print(f"diarize: voices {i + 1}/{len(jobs)}", flush=True)


if __name__ == "__main__":
    main()
