#!/usr/bin/env python3
"""Verbatim's model recipe, icefall-style: one staged, re-runnable, seeded command.

  stage 0  check tools (espeak-ng, flite, Festival and every voice of verbatim_recipe/voices.py, sox, ffmpeg, torch, onnx)
  stage 1  text corpus (general + medicine, Ruby, social science) and conversational text, normalised, split by sentence hash
  stage 2  synthetic speech for every set (held-out voices never in training; train_more adds recording conditions)
  stage 3  features (the sherpa-onnx NeMo front end) for every set
  stage 4  train the Conformer-CTC model (or fine-tune from a bundle / a real-data manifest)
  stage 5  export ONNX (+ sherpa-onnx metadata, tokens.txt) and the parity fixtures
  stage 6  evaluate: WER/CER per set and voice; word confidence calibrated on dev; eval.json
  stage 7  write the bundle: model.json, MODEL_CARD.md
  stage 8  word LM: Kneser-Ney 3-gram from the training text and a Debian general-English collection, weights tuned on dev, evaluated (Node tools in models/lm)
  stage 9  punctuation and truecasing tagger, trained on punctuated text only (verbatim_recipe/punct), punct.onnx

With --out DIR it fine-tunes instead: --init-from BUNDLE on --manifest TRAIN.jsonl (+ --synth-share of synthetic
speech), early-stopped on --dev-manifest DEV.jsonl, and writes a complete bundle to DIR (verbatim_recipe/finetune.py).

Usage: python3 models/recipe/run.py [--stage N] [--stop-stage M] [--device cpu|cuda] [--redo] ...
Stages skip work that is already done unless --redo is given.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# the peak learning rate of a fine-tuning run (--out) unless --lr says otherwise
DEFAULT_FINETUNE_LR = 1.5e-4


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stage", type=int, default=0)
    p.add_argument("--stop-stage", type=int, default=9)
    p.add_argument("--work-dir", type=Path, default=HERE / "work")
    p.add_argument("--bundle-dir", type=Path, default=HERE.parent / "verbatim-en-char-v1")
    p.add_argument("--model-id", default="verbatim-en-char")
    p.add_argument("--model-version", default="1.1.0")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32",
                   help="training arithmetic: bf16 computes gradients in a bfloat16 copy of the float32 model (faster on "
                        "CPUs with AVX-512 BF16 and on GPUs; weights, optimizer and checkpoints stay float32)")
    p.add_argument("--train-utts", type=int, default=16000, help="synthetic training utterances")
    p.add_argument("--scale", type=float, default=1.0, help="shrink every set (smoke tests)")
    p.add_argument("--epochs", type=float, default=None, help="passes over the data (default 4; 10 when fine-tuning with --out)")
    p.add_argument("--max-minutes", type=float, default=0, help="stop training after this many minutes (0: no limit)")
    p.add_argument("--max-steps", type=int, default=0, help="stop training after this many steps (0: no limit)")
    p.add_argument("--batch-seconds", type=float, default=160.0, help="audio seconds per batch")
    p.add_argument("--lr", type=float, default=None, help="peak learning rate (default 2e-3; 1.5e-4 when fine-tuning with --out, 5e-4 with --continue)")
    p.add_argument("--d-model", type=int, default=None, help="model width (default 144; --continue: the checkpoint's)")
    p.add_argument("--layers", type=int, default=None, help="Conformer blocks (default 6; --continue: the checkpoint's)")
    p.add_argument("--heads", type=int, default=None, help="attention heads (default 4; --continue: the checkpoint's)")
    p.add_argument("--conv-kernel", type=int, default=None, help="convolution kernel (default 15; --continue: the checkpoint's)")
    p.add_argument("--manifest", type=Path, action="append", default=[],
                   help="extra NeMo-style JSONL manifest(s) of real recordings to train on (repeatable)")
    p.add_argument("--dev-manifest", type=Path, default=None, help="dev manifest for a real-data run")
    p.add_argument("--init-from", type=Path, default=None, help="fine-tune from an existing bundle directory")
    p.add_argument("--no-synth", action="store_true", help="train on --manifest data only (real-data fine-tuning)")
    p.add_argument("--lm-order", type=int, default=3, help="word LM order (stage 8)")
    p.add_argument("--lm-min-counts", default="1,2,3", help="word LM count cut-offs per order, after --lm-repeat (stage 8)")
    p.add_argument("--lm-beam", type=int, default=24, help="beam width the LM weights are tuned with (stage 8)")
    p.add_argument("--lm-repeat", type=int, default=20, help="times the recipe's training text is counted against the collection (stage 8)")
    p.add_argument("--lm-max-words", type=int, default=80000, help="word LM lexicon cap, most frequent first (stage 8; 0: no cap)")
    p.add_argument("--lm-min-word-count", type=int, default=2, help="words seen fewer times stay out of the LM lexicon (stage 8)")
    p.add_argument("--no-lm-collection", dest="lm_collection", action="store_false",
                   help="word LM from the training text only, without the Debian general-English collection (stage 8)")
    ft = p.add_argument_group("fine-tuning a bundle into a new one (--out; see README 'Fine-tuning from an export')")
    ft.add_argument("--out", type=Path, default=None,
                    help="fine-tune --init-from on --manifest/--dev-manifest and write the bundle here (via OUT.partial/)")
    ft.add_argument("--synth-share", type=float, default=0.5, help="share of synthetic general English in the mix (0 allowed)")
    ft.add_argument("--synth-manifest", type=Path, default=None,
                    help="synthetic speech to sample the share from (default work/manifests/train.jsonl, else synthesised "
                         "from work/text/general_train.txt)")
    ft.add_argument("--patience", type=int, default=3, help="dev evaluations without a better WER before stopping early")
    ft.add_argument("--eval-every", type=int, default=0, help="steps between dev evaluations (default: one pass over the data)")
    ft.add_argument("--id", default=None, help="the fine-tuned model's id (default: the parent's)")
    ft.add_argument("--version", default=None, help="its version (default: <parent version>+ft.<yyyymmdd>)")
    ac = p.add_argument_group("continuing the bundled model (--continue; see README 'Compute that accumulates')")
    ac.add_argument("--continue", dest="continue_run", action="store_true",
                    help="train the bundle (--bundle-dir) further from its train-state.pt, write a candidate, and replace "
                         "the bundle only when its held-out WER is better (the gate); Ctrl-C saves, the same command resumes")
    ac.add_argument("--new-optimizer", action="store_true",
                    help="with --continue, for a bundle without train-state.pt: start Adam's moments afresh from its weights")
    ac.add_argument("--train-sets", default="", help="with --continue: feature sets to train on, comma-separated "
                    "(default: the state's recorded sets; 'train' for a first continuation)")
    ac.add_argument("--accept-data-change", action="store_true",
                    help="with --continue: train on data other than the state's (added, removed or changed sets; recorded)")
    ac.add_argument("--save-every", type=int, default=50, help="with --continue: steps between checkpoints")
    ac.add_argument("--gate-tolerance", type=float, default=0.01,
                    help="with --continue: no held-out set may get worse than the committed bundle by more than this WER")
    ac.add_argument("--gate-lm", choices=["auto", "off"], default="auto",
                    help="with --continue: also gate on beam+LM WER when the bundle has lm.bin and Node >= 24 is there")
    ac.add_argument("--no-promote", action="store_true", help="with --continue: run the gate, never replace the bundle")
    p.add_argument("--punct-minutes", type=float, default=18.0, help="time cap of the punctuation tagger's training (stage 9)")
    p.add_argument("--redo", action="store_true", help="redo stages whose outputs exist")
    p.add_argument("--refresh-text", action="store_true",
                   help="stage 1: read this machine's fortunes and /usr/share/doc again and rewrite the pinned sentences "
                        "(text/debian-sentences.txt.xz): a data change, after which --continue needs --accept-data-change "
                        "and the word LM must be rebuilt (stage 8 --redo)")
    p.add_argument("--sets", default="", help="comma-separated sets for stages 2 and 3 (default: all); e.g. "
                   "dev,dev_noisy,test_clean,test_noisy,test_unseen_voices,test_domain to rebuild only the evaluation sets")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="processes for synthesis and features")
    p.add_argument("--allow-missing-voices", action="store_true",
                   help="go on without the speech engines/voices stage 0 finds missing (named in the log); default: stop")
    p.add_argument("--more-hours", type=float, default=4.5,
                   help="hours (before --scale; about 0.87 of it comes out) of train_more: every voice, recording "
                        "conditions and conversational text (stage 2; 0: only the original sets)")
    return p.parse_args(argv)


def resolve_from_caller(args: argparse.Namespace, cwd: str | None = os.environ.get("INIT_CWD")) -> None:
    """Relative paths as the caller meant them: `npm run model:train` runs this script in models/, and npm says in
    INIT_CWD where the command was typed (the repository root, usually)."""
    if not cwd:
        return
    fix = lambda p: p if p is None or p.is_absolute() else Path(cwd) / p  # noqa: E731
    for name in ("work_dir", "bundle_dir", "dev_manifest", "init_from", "out", "synth_manifest"):
        if getattr(args, name, None) is not None:
            setattr(args, name, fix(getattr(args, name)))
    args.manifest = [fix(p) for p in args.manifest]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    resolve_from_caller(args)
    if args.continue_run:
        from verbatim_recipe.accumulate import DEFAULT_CONTINUE_LR, continue_main

        args.lr = DEFAULT_CONTINUE_LR if args.lr is None else args.lr
        args.epochs = 1.0 if args.epochs is None else args.epochs
        return continue_main(args)
    if args.out is not None:
        from verbatim_recipe.finetune import finetune_main

        # measured with npm run eval:finetune from 1.4.0: 2.5e-4 lost 2.07 points of general WER, 1.5e-4 1.08 (5e-4 and
        # share 0.3 lost 3.0 from 1.0.0), for about the same gain on the domain
        args.lr = DEFAULT_FINETUNE_LR if args.lr is None else args.lr
        args.epochs = 10.0 if args.epochs is None else args.epochs
        return finetune_main(args)
    args.lr = 2e-3 if args.lr is None else args.lr
    args.epochs = 4.0 if args.epochs is None else args.epochs
    from verbatim_recipe.stages import run_stages

    return run_stages(args)


if __name__ == "__main__":
    sys.exit(main())
