#!/usr/bin/env python3
"""CPU time of one training step with model.py's own Dropout, LayerNorm and SiLU against torch's plain ones, on the
bundle's weights and the first batches of its training sets (features from stages 2-3), the two alternating:

    python3 models/recipe/bench_step.py [--precision bf16] [--threads 1] [--runs 3] [--batches 4] [--batch-seconds 160]

Prints CPU-seconds a step per run and the ratio of the medians; also the mean loss of each run (the masks differ, so
the losses differ a little)."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from verbatim_recipe import model as M  # noqa: E402
from verbatim_recipe.accumulate import _load_training_data  # noqa: E402
from verbatim_recipe.precision import compute_gradients, make_twin  # noqa: E402
from verbatim_recipe.tokens import encode  # noqa: E402
from verbatim_recipe.train import make_batches, step_loss  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", type=Path, default=HERE.parent / "verbatim-en-char-v1")
    p.add_argument("--work", type=Path, default=HERE / "work")
    p.add_argument("--sets", default="train,train_more")
    p.add_argument("--precision", default="bf16", choices=["fp32", "bf16"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--batches", type=int, default=4)
    p.add_argument("--batch-seconds", type=float, default=160.0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    ck = torch.load(args.bundle / "checkpoint.pt", map_location="cpu")
    model = M.ConformerCtc(M.ModelConfig(**ck["config"]))
    model.load_state_dict({k: v.float() for k, v in ck["model"].items()})
    model.train()
    feats, index = _load_training_data(args.work, args.sets.split(","))
    targets = [encode(r["text"]) for r in index]
    batches = make_batches(index, int(args.batch_seconds * 100), random.Random(5))[: args.batches]
    twin = make_twin(model, args.precision)
    ours = (M.Dropout.forward, M.LayerNorm.forward, M.silu)
    plain = (nn.Dropout.forward, nn.LayerNorm.forward, F.silu)

    def run(layers) -> tuple[float, float]:
        M.Dropout.forward, M.LayerNorm.forward, M.silu = layers
        rng = random.Random(1)
        torch.manual_seed(0)
        t0 = time.process_time()
        losses = [float(compute_gradients(model, twin, lambda m: step_loss(m, feats, index, b, targets, rng, torch.device("cpu"))))
                  for b in batches]
        return (time.process_time() - t0) / len(batches), sum(losses) / len(losses)

    try:
        run(ours)  # warm-up
        times: dict[str, list[tuple[float, float]]] = {"plain": [], "ours": []}
        for i in range(args.runs):
            for name in (("plain", "ours") if i % 2 == 0 else ("ours", "plain")):
                times[name].append(run(plain if name == "plain" else ours))
    finally:
        M.Dropout.forward, M.LayerNorm.forward, M.silu = ours
    for name, r in times.items():
        print(f"{name:5s} CPU s/step {[round(t, 3) for t, _ in r]}  mean loss {[round(loss, 4) for _, loss in r]}")
    a, b = (statistics.median(t for t, _ in times[k]) for k in ("plain", "ours"))
    print(f"{args.precision}, {args.threads} thread(s), {len(batches)} batches of {args.batch_seconds:.0f} s: "
          f"{a:.3f} -> {b:.3f} CPU-s a step ({a / b:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
