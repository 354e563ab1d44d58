"""Fine-tuning a bundle on a team's recordings (`run.py --out DIR --manifest train.jsonl --dev-manifest dev.jsonl
--init-from BUNDLE`), e.g. an export of Verbatim's `export-training`.

The run mixes the team's data with a share of synthetic speech (`--synth-share`, default 0.3 of the audio, against
forgetting general English), evaluates the dev split every `--eval-every` steps (default: once per pass over the
data), keeps the best checkpoint and stops after `--patience` evaluations without a better dev WER. Everything it
writes goes to `DIR.partial/`; Ctrl-C (or SIGTERM) saves a checkpoint there and exits 130, and the same command run
again resumes from it. Only a complete bundle (model.onnx, tokens.txt, checkpoint.pt, model.json, eval.json,
lineage.json, MODEL_CARD.md, the parent's LM when it has one) is renamed to DIR at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import signal
import time
from pathlib import Path

import numpy as np

from .ftdata import (EXIT_INTERRUPTED, EXIT_USAGE, FinetuneError, Parent, audio_seconds, check_alphabet, file_sha256,
                     fingerprint, pick_synthetic, plan_synthetic_utterances, read_parent, read_team_manifest,
                     synth_seconds)
from .log import fmt_eta, log

RECIPE_WORK = Path(__file__).resolve().parent.parent / "work"


def finetune_main(args: argparse.Namespace) -> int:
    """Runs a fine-tune; returns the exit code (a FinetuneError's message goes to stderr)."""
    try:
        return _run(args)
    except FinetuneError as e:
        log(f"fine-tune: {e}")
        return e.code


def _check_args(args: argparse.Namespace) -> tuple[Path, Path]:
    if args.init_from is None:
        raise FinetuneError("--out fine-tunes a bundle: give --init-from BUNDLE", EXIT_USAGE)
    if len(args.manifest) != 1:
        raise FinetuneError("--out fine-tunes on one training manifest: give --manifest TRAIN.jsonl once", EXIT_USAGE)
    if args.dev_manifest is None:
        raise FinetuneError("--out needs --dev-manifest DEV.jsonl (early stopping and the model card's figures)", EXIT_USAGE)
    if not 0 <= args.synth_share < 1:
        raise FinetuneError(f"--synth-share {args.synth_share}: give a share in [0, 1)", EXIT_USAGE)
    out = Path(args.out).resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FinetuneError(f"--out {out} already exists and is not empty; choose another directory or remove it", EXIT_USAGE)
    if args.device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise FinetuneError("--device cuda given but torch sees no CUDA device", EXIT_USAGE)
    return out, Path(str(out) + ".partial")


def _run(args: argparse.Namespace) -> int:
    out, partial = _check_args(args)
    parent = read_parent(Path(args.init_from).resolve())
    train_path, dev_path = Path(args.manifest[0]).resolve(), Path(args.dev_manifest).resolve()
    check_alphabet(parent, train_path)
    train_recs = read_team_manifest(train_path, "--manifest")
    dev_recs = read_team_manifest(dev_path, "--dev-manifest")
    team_s = audio_seconds(train_recs)
    want_synth = synth_seconds(team_s, args.synth_share)
    synth_source = _synth_source(args, want_synth)
    manifest_sha = file_sha256(train_path)
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d")
    version = args.version or f"{parent.version}+ft.{today}"
    model_id = args.id or parent.id
    key = fingerprint({"parent": parent.sha256, "train": manifest_sha, "dev": file_sha256(dev_path), "share": args.synth_share,
                       "seed": args.seed, "lr": args.lr, "synth": str(synth_source)})

    partial.mkdir(parents=True, exist_ok=True)
    state_file = partial / "run.json"
    if state_file.exists():
        prev = json.loads(state_file.read_text())
        if prev.get("key") != key:
            raise FinetuneError(f"{partial} holds an interrupted run of other data or options; run that command again "
                                f"to resume it, or remove {partial} to start over", EXIT_USAGE)
        version = prev.get("version", version)
        log(f"fine-tune: resuming the run in {partial}")
    else:
        state_file.write_text(json.dumps({"key": key, "version": version, "started": time.time()}))
    log(f"fine-tune: {parent.id}@{parent.version} ({parent.dir}) -> {model_id}@{version}; {len(train_recs)} training "
        f"utterances ({team_s / 60:.1f} min), {len(dev_recs)} dev ({audio_seconds(dev_recs) / 60:.1f} min), synthetic share "
        f"{args.synth_share:.0%} ({want_synth / 60:.1f} min)")

    feats = partial / "feats"
    synth_recs = _synth_records(args, synth_source, want_synth, partial)
    _features(feats, "team", train_recs, args.workers)
    _features(feats, "dev", dev_recs, args.workers)
    if synth_recs:
        _features(feats, "synth", synth_recs, args.workers)

    from .fttrain import Interrupted, train_finetune

    try:
        result = train_finetune(args, parent, feats, partial / "train", ["team"] + (["synth"] if synth_recs else []))
    except Interrupted:
        log(f"fine-tune: interrupted; the checkpoint is in {partial}. Run the same command again to resume.")
        return EXIT_INTERRUPTED

    bundle = partial / "bundle"
    shutil.rmtree(bundle, ignore_errors=True)
    from .ftbundle import write_finetuned_bundle

    write_finetuned_bundle(bundle, parent=parent, result=result, model_id=model_id, version=version, args=args,
                           train_path=train_path, dev_path=dev_path, manifest_sha=manifest_sha, team_seconds=team_s,
                           team_utts=len(train_recs), synth_seconds=audio_seconds(synth_recs),
                           dev_utts=len(dev_recs), dev_seconds=audio_seconds(dev_recs))
    if out.exists():
        out.rmdir()  # empty (checked above)
    os.replace(bundle, out)
    shutil.rmtree(partial, ignore_errors=True)
    log(f"fine-tune: {model_id}@{version} written to {out} (install it: npx verbatim model install {out})")
    return 0


def _synth_source(args: argparse.Namespace, seconds: float) -> Path | None:
    """A manifest of synthetic speech to sample from, or a text file to synthesise from; None when nothing is mixed in."""
    if seconds <= 0:
        return None
    if args.synth_manifest:
        if not Path(args.synth_manifest).is_file():
            raise FinetuneError(f"--synth-manifest {args.synth_manifest}: no such file", EXIT_USAGE)
        return Path(args.synth_manifest).resolve()
    work = args.work_dir if args.work_dir else RECIPE_WORK
    if (work / "manifests" / "train.jsonl").is_file():
        return (work / "manifests" / "train.jsonl").resolve()
    text = work / "text" / "general_train.txt"
    if text.is_file():
        from .synth import check_tools

        try:
            check_tools()
        except SystemExit as e:
            raise FinetuneError(f"the synthetic share is synthesised from {text}, but: {e}. Or pass --synth-share 0.", EXIT_USAGE) from None
        return text.resolve()
    raise FinetuneError(
        f"no synthetic speech to mix in: neither {work / 'manifests/train.jsonl'} nor {text} exists. Build the text "
        "with `npm run model:train -- --stage 1 --stop-stage 1`, give --synth-manifest, or pass --synth-share 0", EXIT_USAGE)


def _synth_records(args: argparse.Namespace, source: Path | None, seconds: float, partial: Path) -> list[dict]:
    if source is None:
        return []
    if source.suffix == ".jsonl":
        from .manifest import read_manifest

        return pick_synthetic(read_manifest(source), seconds, args.seed)
    manifest = partial / "synth.jsonl"
    if not manifest.exists():
        from .synth import synthesize_set

        utts = plan_synthetic_utterances(source, seconds, args.seed)
        log(f"fine-tune: synthesising {len(utts)} general-English utterances (~{seconds / 60:.1f} min) in training voices")
        synthesize_set("ft_synth", utts, partial / "synth_wav", manifest, args.workers)
    from .manifest import read_manifest

    return read_manifest(manifest)


def _features(feats: Path, name: str, records: list[dict], workers: int) -> None:
    if (feats / f"{name}.json").exists():
        return
    from .featstore import compute_set

    compute_set(name, records, feats, max(1, workers))
