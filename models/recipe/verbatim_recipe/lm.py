"""Stage 8: the word language model, built, tuned and evaluated by the runtime's own TypeScript code.

Its text is the recipe's training text (work/text/general_train.txt, counted --lm-repeat times) plus, unless
--no-lm-collection, a general-English collection from Debian packages (verbatim_recipe/lm_text.py: dictionaries,
WordNet, documentation, manual pages, books; work/lm/collection.txt, with per-source counts and the overlap with the
evaluation text in work/lm/collection.json). Its lexicon is every word seen --lm-min-word-count times, at most
--lm-max-words of them.

The estimator (interpolated modified Kneser-Ney) lives in @verbatim/asr because the runtime also runs it per job to
adapt the LM to a project's domain text; building the base model with the same code keeps the two identical. This
stage drives the three tools in models/lm/ with Node (>= 24): build.ts (estimate from the training text, never
dev/test sentences), tune.ts (alpha/beta/unk penalty on dev with the real decoder, LM-decoding calibration, written
to model.json) and evaluate.ts (WER/CER greedy vs beam vs beam+LM, domain adaptation, ECE; lm-eval.json).
"""

from __future__ import annotations

import argparse
import json
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


def _forget_lm_hash(model_json: Path) -> None:
    """A rebuilt lm.bin no longer matches model.json's recorded hash, which the bundle loader checks: drop it (tune.ts
    records the new one with the new weights)."""
    if not model_json.exists():
        return
    meta = json.loads(model_json.read_text())
    if isinstance(meta.get("lm"), dict) and meta["lm"].pop("sha256", None) is not None:
        model_json.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")


def build_lm(args: argparse.Namespace) -> None:
    if args.no_synth:
        log("lm: --no-synth run, skipped (the LM is built and tuned on the synthetic text and dev sets: run stage 8 without --no-synth)")
        return
    node = _node()
    text = args.work_dir / "text"
    bundle = args.bundle_dir
    lm_file = bundle / "lm.bin"

    def run(tool: str, *extra: str) -> None:
        # estimating from the collection holds every n-gram count in the heap (about 4 GB for a 4-gram model)
        cmd = [node, "--max-old-space-size=10000", str(LM_DIR / tool), *extra]
        log(f"lm: {' '.join(cmd)}")
        subprocess.run(cmd, check=True)

    texts, repeat = [text / "general_train.txt"], [args.lm_repeat]
    described = "the recipe training text (work/text/general_train.txt)"
    if args.lm_collection:
        from .lm_text import build_collection

        collection = args.work_dir / "lm" / "collection.txt"
        if not collection.exists() or args.redo:
            build_collection(args.work_dir, per_source=int(200_000 * args.scale) if args.scale < 1 else 0)
        texts.append(collection)
        repeat.append(1)
        described = (f"{described} counted {args.lm_repeat} times and a general-English collection from Debian packages "
                     "(verbatim_recipe/lm_text.py; sources in the model card)")
    described += "; no sentence sharing a word 4-gram with an evaluation sentence in the collection, no dev or test sentence"
    if lm_file.exists() and not args.redo:
        log(f"lm: {lm_file} exists, build skipped (use --redo to rebuild)")
    else:
        run("build.ts", "--text", ",".join(map(str, texts)), "--repeat", ",".join(map(str, repeat)), "--out", str(lm_file),
            "--order", str(args.lm_order), "--min-counts", args.lm_min_counts, "--min-word-count", str(args.lm_min_word_count),
            *(["--max-words", str(args.lm_max_words)] if args.lm_max_words else []), "--dev", str(text / "general_dev.txt"))
        _forget_lm_hash(bundle / "model.json")
    run("tune.ts", "--bundle", str(bundle), "--work", str(args.work_dir), "--beam", str(args.lm_beam), "--text", described)
    run("evaluate.ts", "--bundle", str(bundle), "--work", str(args.work_dir))
