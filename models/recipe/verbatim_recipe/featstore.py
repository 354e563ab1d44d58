"""Stage 3: features for every set, stored once as float16 so that training never recomputes the front end.

`feats/<set>.npy` holds all frames of a set concatenated; `feats/<set>.json` indexes them (offset, frames, text,
voice). Augmentation that changes the waveform happened in stage 2; SpecAugment happens in training.
"""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from .frontend import FrontEndConfig, features, mel_matrix
from .log import fmt_eta, log
from .manifest import load_audio, read_manifest

_MEL = None


def _one(rec: dict) -> np.ndarray:
    global _MEL
    cfg = FrontEndConfig()
    if _MEL is None:
        _MEL = mel_matrix(cfg)
    x = load_audio(rec["audio_filepath"], cfg.sample_rate)
    return features(x, cfg, _MEL).astype(np.float16)


def compute_set(name: str, records: list[dict], out_dir: Path, workers: int) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    index, chunks, offset = [], [], 0
    t0 = time.time()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for i, (rec, f) in enumerate(zip(records, pool.map(_one, records, chunksize=32)), start=1):
            if len(f) < 8:
                continue
            chunks.append(f)
            index.append({"id": rec.get("id", str(i)), "text": rec["text"], "offset": offset, "frames": len(f),
                          "voice": rec.get("voice", ""), "aug": rec.get("aug", {})})
            offset += len(f)
            if i % 4000 == 0:
                log(f"features: {name}: {i}/{len(records)}, ETA {fmt_eta((len(records) - i) * (time.time() - t0) / i)}")
    tmp = out_dir / f"{name}.tmp.npy"
    np.save(tmp, np.concatenate(chunks) if chunks else np.zeros((0, 80), np.float16))
    tmp.rename(out_dir / f"{name}.npy")
    (out_dir / f"{name}.json").write_text(json.dumps(index))
    log(f"features: {name}: {len(index)} utterances, {offset / 100 / 3600:.2f} h")


def feature_sets(args: argparse.Namespace) -> dict[str, Path]:
    """Every set the recipe knows about, with its manifest."""
    sets: dict[str, Path] = {}
    only = {s for s in getattr(args, "sets", "").split(",") if s}  # --sets limits stage 3 as it limits stage 2
    if not args.no_synth:
        for m in sorted((args.work_dir / "manifests").glob("*.jsonl")):
            if not only or m.stem in only:
                sets[m.stem] = m
    for i, m in enumerate(args.manifest):
        sets[f"extra{i}"] = m
    if args.dev_manifest:
        sets["extra_dev"] = args.dev_manifest
    return sets


def build_feature_store(args: argparse.Namespace) -> None:
    out = args.work_dir / "feats"
    sets = feature_sets(args)
    if not sets:
        raise SystemExit("features: no manifests found; run stage 2 or pass --manifest")
    for name, manifest in sets.items():
        if (out / f"{name}.json").exists() and not args.redo:
            log(f"features: {name}: exists, skipped")
            continue
        compute_set(name, read_manifest(manifest), out, args.workers)


def load_set(work_dir: Path, name: str) -> tuple[np.ndarray, list[dict]]:
    feats = np.load(work_dir / "feats" / f"{name}.npy", mmap_mode="r")
    index = json.loads((work_dir / "feats" / f"{name}.json").read_text())
    return feats, index
