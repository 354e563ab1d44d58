"""The recipe's stages, run in order between --stage and --stop-stage."""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
from pathlib import Path

from .log import log

SETS = ["train", "dev", "dev_noisy", "test_clean", "test_noisy", "test_unseen_voices", "test_domain", "test_domain_fresh"]


def _stage0_check(args: argparse.Namespace) -> None:
    missing = []
    for mod, pkg in (("torch", "python3-torch"), ("onnx", "python3-onnx"), ("numpy", "python3-numpy")):
        try:
            importlib.import_module(mod)
        except ImportError:
            missing.append(pkg)
    if missing:
        raise SystemExit(
            f"check: missing Python package(s) {', '.join(missing)}. On Debian: "
            f"apt-get install -y {' '.join(missing)} libopenblas0-pthread, and run this recipe with /usr/bin/python3."
        )
    if not args.no_synth:
        from .synth import check_tools
        from .voices import check_voices

        check_tools()
        args.missing_voices = check_voices(getattr(args, "allow_missing_voices", False))
    if args.device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise SystemExit("check: --device cuda given but torch sees no CUDA device")
    log("check: tools present")


def _stage1_text(args: argparse.Namespace) -> None:
    from .corpus import build_corpus

    from .conversation_text import build_conversation_text

    text_dir = args.work_dir / "text"
    if (text_dir / "general_train.txt").exists() and not args.redo and not getattr(args, "refresh_text", False):
        log(f"text: {text_dir} exists, skipped (use --redo to rebuild)")
    else:
        counts = build_corpus(text_dir, args.seed, refresh=getattr(args, "refresh_text", False))
        (text_dir / "counts.json").write_text(json.dumps(counts, indent=1))
        log(f"text: {counts}")
    if (text_dir / "conversation_train.txt").exists() and not args.redo and not getattr(args, "refresh_text", False):
        log("text: conversation_train.txt exists, skipped")
    else:  # conversational text from the training text and templates; prints its n-gram overlap with the eval sets
        conv = build_conversation_text(text_dir, args.seed, max(200, int(30000 * min(1.0, args.scale * 10))))
        (text_dir / "conversation.json").write_text(json.dumps(conv, indent=1))


def _stage2_speech(args: argparse.Namespace) -> None:
    if args.no_synth:
        log("speech: --no-synth, skipped")
        return
    from .synth import MORE_SETS, plan_more_sets, plan_sets, synthesize_set

    man_dir = args.work_dir / "manifests"
    man_dir.mkdir(parents=True, exist_ok=True)
    more_hours = getattr(args, "more_hours", 0.0)
    wanted = [s for s in getattr(args, "sets", "").split(",") if s] or SETS + (MORE_SETS if more_hours > 0 else [])
    unknown = sorted(set(wanted) - set(SETS) - set(MORE_SETS))
    if unknown:
        raise SystemExit(f"speech: unknown set(s) {', '.join(unknown)}; sets are {', '.join(SETS + MORE_SETS)}")
    if args.redo:
        for s in wanted:
            shutil.rmtree(args.work_dir / "wav" / s, ignore_errors=True)
            (man_dir / f"{s}.jsonl").unlink(missing_ok=True)
            (man_dir / f"{s}.partial").unlink(missing_ok=True)
    plans = plan_sets(args.work_dir / "text", args.seed, args.train_utts, args.scale)
    if set(wanted) & set(MORE_SETS):
        missing = getattr(args, "missing_voices", None)
        if missing is None:  # stage 0 not run in this invocation
            from .voices import check_voices

            missing = check_voices(getattr(args, "allow_missing_voices", False))
        plans.update(plan_more_sets(args.work_dir / "text", args.seed, more_hours, args.scale, missing))
    for name in [s for s in SETS + MORE_SETS if s in wanted]:
        if name not in plans:
            log(f"speech: {name}: its voices are missing (--allow-missing-voices), left out")
            continue
        synthesize_set(name, plans[name], args.work_dir / "wav", man_dir / f"{name}.jsonl", args.workers)


def _stage3_features(args: argparse.Namespace) -> None:
    from .featstore import build_feature_store

    build_feature_store(args)


def _stage4_train(args: argparse.Namespace) -> None:
    from .train import train

    train(args)


def _stage5_export(args: argparse.Namespace) -> None:
    from .export import export

    export(args)


def _stage6_eval(args: argparse.Namespace) -> None:
    from .evaluate import evaluate

    evaluate(args)


def _stage7_bundle(args: argparse.Namespace) -> None:
    from .bundle import write_bundle

    write_bundle(args)


def _stage8_lm(args: argparse.Namespace) -> None:
    from .lm import build_lm

    build_lm(args)


def _stage9_punct(args: argparse.Namespace) -> None:
    from .punct.evaluate import evaluate_punct
    from .punct.export import export_punct
    from .punct.train import train as train_punct

    train_punct(args.work_dir, args.punct_minutes, 1)  # a small tagger: one thread trains it as fast as two here
    export_punct(args.work_dir, args.bundle_dir)
    evaluate_punct(args.work_dir, args.bundle_dir)


STAGES = [_stage0_check, _stage1_text, _stage2_speech, _stage3_features, _stage4_train, _stage5_export, _stage6_eval, _stage7_bundle, _stage8_lm, _stage9_punct]


def run_stages(args: argparse.Namespace) -> int:
    import random

    random.seed(args.seed)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    for i, fn in enumerate(STAGES):
        if args.stage <= i <= args.stop_stage:
            log(f"=== stage {i}: {fn.__name__.split('_', 2)[2]} ===")
            fn(args)
    return 0
