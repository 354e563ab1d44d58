"""Stage 8: the word language model, built, tuned and evaluated by the runtime's own TypeScript code.

The estimator (interpolated modified Kneser-Ney) lives in @verbatim/asr because the runtime also runs it per job to
adapt the LM to a project's domain text; building the base model with the same code keeps the two identical. This
stage drives the three tools in models/lm/ with Node (>= 24): build.ts (estimate from the training text, never
dev/test sentences), tune.ts (alpha/beta/unk penalty on dev with the real decoder, LM-decoding calibration, written
to model.json) and evaluate.ts (WER/CER greedy vs beam vs beam+LM, domain adaptation, ECE; lm-eval.json).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

from .log import log

LM_DIR = Path(__file__).resolve().parents[2] / "lm"


def _node() -> str:
    node = os.environ.get("NODE") or shutil.which("node")
    if node is None:
        raise SystemExit("lm: needs Node >= 24 on PATH (see README.md) and `npm install` run at the repository root")
    major = int(subprocess.run([node, "-p", "process.versions.node.split('.')[0]"], capture_output=True, text=True).stdout.strip() or 0)
    if major < 24:
        raise SystemExit(f"lm: needs Node >= 24, found {major} at {node}")
    return node


def build_lm(args: argparse.Namespace) -> None:
    if args.no_synth:
        log("lm: --no-synth run, skipped (the LM is built and tuned on the synthetic text and dev sets: run stage 8 without --no-synth)")
        return
    node = _node()
    text = args.work_dir / "text"
    bundle = args.bundle_dir
    lm_file = bundle / "lm.bin"

    def run(tool: str, *extra: str) -> None:
        cmd = [node, str(LM_DIR / tool), *extra]
        log(f"lm: {' '.join(cmd)}")
        subprocess.run(cmd, check=True)

    if lm_file.exists() and not args.redo:
        log(f"lm: {lm_file} exists, build skipped (use --redo to rebuild)")
    else:
        run("build.ts", "--text", str(text / "general_train.txt"), "--out", str(lm_file), "--order", str(args.lm_order),
            "--min-counts", args.lm_min_counts, "--dev", str(text / "general_dev.txt"))
    run("tune.ts", "--bundle", str(bundle), "--work", str(args.work_dir), "--beam", str(args.lm_beam))
    run("evaluate.ts", "--bundle", str(bundle), "--work", str(args.work_dir))
