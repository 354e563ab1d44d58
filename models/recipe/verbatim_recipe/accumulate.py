"""Compute that accumulates: `run.py --continue` adds training to the committed bundle, session after session.

The run starts from the bundle's `checkpoint.pt` and the training state committed beside it (`train-state.pt`:
optimizer moments, step, epoch and batch position, learning-rate segments, RNG states, configuration, alphabet,
data fingerprints and history; see trainstate.py), trains one *segment* -- a short warm-up to `--lr` (default 5e-4),
then a cosine to 5% over the segment's `--max-minutes` / `--max-steps` / `--epochs` -- checkpointing to
`work/exp/continue/last.pt` every `--save-every` steps and on Ctrl-C / SIGTERM, then writes a candidate bundle to
`work/exp/continue/candidate/` and hands it to the gate (promote.py), which replaces the committed bundle only when
its held-out WER is better. The committed bundle is never written before the gate, so a run that dies leaves it as it
was and the same command resumes from the last checkpoint.

A bundle made before states were kept has no `train-state.pt`: `--new-optimizer` starts Adam afresh from its weights
(the step count and minutes carry on from model.json).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import signal
import time
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from .export import sha256
from .featstore import load_set
from .log import fmt_eta, log
from .model import ConformerCtc, ModelConfig, count_parameters
from .precision import compute_gradients, make_twin
from .tokens import TOKENS, encode
from .train import cosine_lr, evaluate_wer, make_batches, step_loss
from .trainstate import (ARCH_OPTIONS, EXIT_DATA, EXIT_INTERRUPTED, EXIT_USAGE, STATE_FILE, StateRefusal, bundle_state,
                         check_alphabet, check_config, data_differences, data_fingerprints, float_opt, load_state, now,
                         restore_rng, rng_state, run_checkpoint, save_atomic)

ADAM = {"betas": (0.9, 0.98), "weight_decay": 1e-3}
DEFAULT_CONTINUE_LR = 5e-4


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: the run checkpoint was saved; the same command resumes."""


def continue_main(args: argparse.Namespace) -> int:
    """`run.py --continue`: train a segment, write the candidate, run the gate. Returns the exit code."""
    try:
        return _continue(args)
    except StateRefusal as e:
        log(f"continue: refused: {e}")
        return e.code
    except Interrupted:
        log(f"continue: interrupted; the checkpoint is {run_dir(args) / 'last.pt'} and the bundle {args.bundle_dir} is "
            "untouched. Run the same command again to resume.")
        return EXIT_INTERRUPTED


def run_dir(args: argparse.Namespace) -> Path:
    return args.work_dir / "exp" / "continue"


def requested_config(args: argparse.Namespace) -> dict:
    return {f: getattr(args, f, None) for f in ARCH_OPTIONS}


def _read_bundle(args: argparse.Namespace) -> tuple[dict, dict, str]:
    """The bundle's model.json, its state (committed, or bootstrapped with --new-optimizer) and checkpoint sha256."""
    bundle: Path = args.bundle_dir
    if not (bundle / "checkpoint.pt").is_file() or not (bundle / "model.json").is_file():
        raise StateRefusal(f"--continue: {bundle} is not a bundle of this recipe (model.json and checkpoint.pt needed); "
                           "give --bundle-dir", EXIT_USAGE)
    mj = json.loads((bundle / "model.json").read_text())
    ck_sha = sha256(bundle / "checkpoint.pt")
    st = bundle_state(bundle)
    if st is None:
        last = run_dir(args) / "last.pt"
        resumable = last.is_file() and load_state(last).get("lineage", {}).get("base") == ck_sha
        if not args.new_optimizer and not resumable:
            raise StateRefusal(
                f"--continue: {bundle} has no {STATE_FILE} (it was trained before states were kept), so Adam's moments and "
                "the data position are unknown; add --new-optimizer to start them afresh from its weights", EXIT_USAGE)
        ck = torch.load(bundle / "checkpoint.pt", map_location="cpu")
        tr = mj.get("training", {})
        sets = tr.get("data", {}).get("sets", {})
        st = {"config": ck["config"], "alphabet": [t for t in mj["tokens"] if t != "<blk>"], "opt": None, "rng": None,
              "progress": {"step": int(tr.get("steps") or 0), "epoch": 0, "batch": 0,
                           "elapsed": float(tr.get("minutes") or 0) * 60, "segments": [
                               {"index": 0, "kind": "from scratch (stage 4)", "steps": tr.get("steps"),
                                "minutes": tr.get("minutes"), "device": tr.get("device"),
                                "note": "optimizer state not kept; continued with --new-optimizer"}], "history": []},
              "data": {"sets": None, "history": [{"at": "before states were kept", "step": int(tr.get("steps") or 0),
                                                  "sets": {k: v for k, v in sets.items() if k.startswith("train")},
                                                  "change": "the first run's data (fingerprints not recorded)"}]},
              "lineage": {"base": ck_sha, "bootstrapped": True}}
        if not resumable:
            log(f"continue: {bundle} has no {STATE_FILE}; --new-optimizer: Adam starts afresh at step {st['progress']['step']}")
    check_alphabet(st["alphabet"], mj.get("tokens"))
    check_config(st["config"], requested_config(args))
    return mj, st, ck_sha


def _local_run(args: argparse.Namespace, ck_sha: str) -> dict | None:
    """The run checkpoint in the work directory, when it continues this bundle (else it is set aside, not used)."""
    last = run_dir(args) / "last.pt"
    if not last.is_file():
        return None
    run = load_state(last)
    lin = run.get("lineage", {})
    if ck_sha in (lin.get("base"), lin.get("promoted")):
        return run
    stale = last.with_name(f"last.stale-{int(time.time())}.pt")
    last.rename(stale)
    log(f"continue: {last} continued another checkpoint than the bundle's (moved to {stale.name}); starting from the bundle")
    return None


def _training_sets(args: argparse.Namespace, st: dict) -> list[str]:
    if args.train_sets:
        return [s for s in args.train_sets.split(",") if s]
    recorded = st["data"].get("sets")
    return sorted(recorded) if recorded else ["train"]


def _check_data(args: argparse.Namespace, st: dict, sets: list[str]) -> dict:
    current = data_fingerprints(args.work_dir, sets)
    recorded = st["data"].get("sets")
    data = {"sets": current, "history": list(st["data"].get("history", []))}
    if recorded is None:  # bootstrapped: the first run's fingerprints were never taken
        data["history"].append({"at": now(), "step": st["progress"]["step"], "sets": current, "change": "first recorded"})
        return data
    diffs = data_differences(recorded, current)
    if diffs and not args.accept_data_change:
        raise StateRefusal("training data: the checkpoint was trained on other data than this command gives:\n  - "
                           + "\n  - ".join(diffs) + "\nTo train on it anyway (the change is recorded in the state's data "
                           "history) add --accept-data-change; to keep the recorded data, pass --train-sets "
                           + ",".join(sorted(recorded)) + " with the same features", EXIT_DATA)
    if diffs:
        data["history"].append({"at": now(), "step": st["progress"]["step"], "sets": current, "change": diffs})
        log("continue: data change accepted: " + "; ".join(diffs))
    return data


def _load_training_data(work_dir: Path, sets: list[str]) -> tuple[np.ndarray, list[dict]]:
    arrays, index, base = [], [], 0
    for name in sets:
        f, idx = load_set(work_dir, name)
        arrays.append(np.asarray(f))
        index += [dict(r, offset=r["offset"] + base) for r in idx]
        base += len(f)
    return (np.concatenate(arrays) if len(arrays) > 1 else arrays[0]), index


def new_segment(args: argparse.Namespace, progress: dict, per_epoch: int, data_changed: bool) -> dict:
    planned = args.max_steps or max(1, int(per_epoch * args.epochs))
    index = len(progress.get("segments", []))
    return {"index": index, "startStep": progress["step"], "peakLr": args.lr, "warmup": max(1, min(100, planned // 10)),
            "plannedSteps": planned, "maxSeconds": args.max_minutes * 60 if args.max_minutes else None, "elapsed": 0.0,
            "done": False, "gated": False, "device": args.device, "threads": args.threads, "precision": args.precision, "startedAt": now(),
            "restartedEpoch": data_changed}


def train_segment(args: argparse.Namespace, model: ConformerCtc, opt: torch.optim.Optimizer, run: dict,
                  feats: np.ndarray, index: list[dict], rng: random.Random, device: torch.device, ckpt: Path,
                  on_step: Callable[[int, float], None] | None = None) -> list[tuple[int, float]]:
    """Trains the segment in run["progress"]["segment"] to its end (or to a signal), checkpointing to `ckpt`.
    Returns the (step, loss) of every step it ran. Raises Interrupted after saving when SIGINT/SIGTERM arrived."""
    progress, seg = run["progress"], run["progress"]["segment"]
    targets = [encode(r["text"]) for r in index]
    max_frames = int(args.batch_seconds * 100)
    max_seconds = seg["maxSeconds"] or math.inf
    stop = {"signal": 0}

    def on_signal(signum, _frame):
        stop["signal"] = signum
        log(f"continue: signal {signum}: finishing this step, saving a checkpoint and stopping")

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    losses: list[tuple[int, float]] = []
    t_seg = time.time() - seg["elapsed"]
    t_all = time.time() - progress["elapsed"]
    running = progress.get("runningLoss")
    twin = make_twin(model, args.precision)
    if seg.get("precision", "fp32") != args.precision:  # resumed in other arithmetic: when, recorded
        seg.setdefault("precisionChanges", []).append({"step": progress["step"], "from": seg.get("precision", "fp32"), "to": args.precision})
        seg["precision"] = args.precision

    def save() -> None:
        seg["elapsed"] = time.time() - t_seg
        progress["elapsed"] = time.time() - t_all
        progress["runningLoss"] = running
        run.update(run_checkpoint(model, opt, progress, rng_state(rng, device), run["config"], run["data"], run["lineage"]))
        save_atomic({k: v for k, v in run.items() if not k.startswith("_")}, ckpt)

    try:
        model.train()
        while True:
            batches = make_batches(index, max_frames, random.Random(args.seed + progress["epoch"]))
            while progress["batch"] < len(batches):
                done_steps = progress["step"] - seg["startStep"]
                p = max(done_steps / seg["plannedSteps"], (time.time() - t_seg) / max_seconds)
                if p >= 1.0:
                    seg["done"] = True
                    save()
                    return losses
                if stop["signal"]:
                    save()
                    raise Interrupted()
                lr = cosine_lr(seg["peakLr"], done_steps, seg["warmup"], p, floor=0.05)
                for g in opt.param_groups:
                    g["lr"] = lr
                batch = batches[progress["batch"]]
                loss = compute_gradients(model, twin, lambda m: step_loss(m, feats, index, batch, targets, rng, device))
                torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                opt.step()
                progress["step"] += 1
                progress["batch"] += 1
                value = float(loss)
                losses.append((progress["step"], value))
                running = value if running is None else 0.98 * running + 0.02 * value
                if on_step:
                    on_step(progress["step"], value)
                if progress["step"] % 25 == 0:
                    el = time.time() - t_seg
                    rate = max(done_steps + 1, 1) / max(el, 1e-6)
                    eta = min((seg["plannedSteps"] - done_steps - 1) / rate, max_seconds - el)
                    log(f"continue: step {progress['step']} (segment {seg['index']}: {done_steps + 1}/{seg['plannedSteps']}) "
                        f"epoch {progress['epoch'] + 1} loss {running:.3f} lr {lr:.2e} {rate * 60:.1f} steps/min ETA {fmt_eta(eta)}")
                if progress["step"] % args.save_every == 0:
                    save()
            progress["epoch"] += 1
            progress["batch"] = 0
            model.to("cpu")
            wer, cer = evaluate_wer(model, *run["_dev"]) if run.get("_dev") else (None, None)
            model.to(device)
            progress["history"].append({"epoch": progress["epoch"], "step": progress["step"], "loss": running,
                                        "dev_wer": wer, "dev_cer": cer})
            if wer is not None:
                log(f"continue: epoch {progress['epoch']} done at step {progress['step']}: dev WER {wer:.2%} CER {cer:.2%}")
            save()
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def prepare(args: argparse.Namespace) -> tuple[ConformerCtc, torch.optim.Optimizer, dict, np.ndarray, list[dict], random.Random, torch.device, Path]:
    """Everything a segment needs: the model and optimizer where the state left them, the data, the RNG."""
    mj, st, ck_sha = _read_bundle(args)
    local = _local_run(args, ck_sha)
    source = local or st
    sets = _training_sets(args, source)
    data = _check_data(args, source, sets)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise StateRefusal("--device cuda given but torch sees no CUDA device", EXIT_USAGE)
    torch.set_num_threads(args.threads)
    cfg = ModelConfig(**source["config"])
    model = ConformerCtc(cfg)
    if local is not None:
        model.load_state_dict(local["model"])
        log(f"continue: resuming {run_dir(args) / 'last.pt'} at step {local['progress']['step']}")
    else:
        ck = torch.load(args.bundle_dir / "checkpoint.pt", map_location="cpu")
        model.load_state_dict({k: v.float() for k, v in ck["model"].items()})
    model.to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, **ADAM)
    if source.get("opt") is not None:
        opt.load_state_dict(float_opt(source["opt"]))
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    if source.get("rng"):
        restore_rng(source["rng"], rng, device)
    feats, index = _load_training_data(args.work_dir, sets)
    progress = dict(source["progress"])
    progress.setdefault("segments", [])
    progress.setdefault("history", [])
    data_changed = data["history"] != source["data"].get("history", [])
    if data_changed:  # other data: its own batch plan from the start of an epoch
        progress["epoch"] += 1 if progress.get("batch") else 0
        progress["batch"] = 0
    per_epoch = len(make_batches(index, int(args.batch_seconds * 100), random.Random(0)))
    seg = progress.get("segment")
    if seg is None or seg.get("gated") or (seg.get("done") and local is None):
        if seg is not None:
            progress["segments"].append(seg)
        progress["segment"] = new_segment(args, progress, per_epoch, data_changed)
    lineage = dict(source.get("lineage", {}))
    if local is None:
        lineage = {"base": ck_sha, "bundleLineage": source.get("lineage", {})}
    run = {"config": cfg.to_json(), "data": data, "lineage": lineage, "progress": progress}
    hours = sum(r["frames"] for r in index) / 360000
    seg = progress["segment"]
    log(f"continue: {count_parameters(model) / 1e6:.2f}M parameters at step {progress['step']}; data {', '.join(sets)}: "
        f"{len(index)} utterances ({hours:.1f} h), {per_epoch} batches/epoch; segment {seg['index']}: peak lr "
        f"{seg['peakLr']:.1e}, {seg['plannedSteps']} steps planned"
        + (f", at most {seg['maxSeconds'] / 60:.0f} min" if seg["maxSeconds"] else "") + f", device {device}, {args.threads} threads, {args.precision}")
    return model, opt, run, feats, index, rng, device, run_dir(args) / "last.pt"


def _continue(args: argparse.Namespace) -> int:
    model, opt, run, feats, index, rng, device, ckpt = prepare(args)
    seg = run["progress"]["segment"]
    if not seg["done"]:
        dev = args.work_dir / "feats" / "dev.json"
        run["_dev"] = tuple(x for x in load_set(args.work_dir, "dev")) if dev.is_file() else None
        train_segment(args, model, opt, run, feats, index, rng, device, ckpt)
        run.pop("_dev", None)
        log(f"continue: segment {seg['index']} done at step {run['progress']['step']} "
            f"({fmt_eta(seg['elapsed'])} in this segment, {run['progress']['elapsed'] / 60:.0f} min of training in all)")
    run.update(run_checkpoint(model, opt, run["progress"], rng_state(rng, device), run["config"], run["data"], run["lineage"]))
    model.to("cpu").eval()
    from .promote import gate_and_promote

    return gate_and_promote(args, model, run, ckpt)
