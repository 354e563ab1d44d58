"""The fine-tuning loop: CTC with SpecAugment from the parent's weights, dev WER every `--eval-every` steps, the best
checkpoint kept, early stopping after `--patience` evaluations without improvement, progress with steps/s and ETA,
and a resumable checkpoint on Ctrl-C / SIGTERM (`last.pt` in the run's directory)."""

from __future__ import annotations

import argparse
import math
import random
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from .featstore import load_set
from .ftdata import Parent
from .log import fmt_eta, log
from .model import ConformerCtc, ModelConfig
from .precision import compute_gradients, make_twin
from .tokens import encode
from .train import cosine_lr, evaluate_wer, make_batches, step_loss


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: a checkpoint was saved; the same command resumes."""


@dataclass
class FinetuneResult:
    model: ConformerCtc
    config: dict
    steps: int
    best_step: int
    seconds: float
    parent_dev: dict
    best_dev: dict
    history: list = field(default_factory=list)
    stopped: str = ""
    device: str = "cpu"


def _load_parent(parent: Parent) -> tuple[ConformerCtc, ModelConfig]:
    ckpt = torch.load(parent.dir / "checkpoint.pt", map_location="cpu")
    cfg = ModelConfig(**ckpt["config"])
    model = ConformerCtc(cfg)
    model.load_state_dict({k: v.float() for k, v in ckpt["model"].items()})
    return model, cfg


def _dev(model: ConformerCtc, feats: np.ndarray, index: list[dict], device: torch.device) -> dict:
    model.to("cpu")
    wer, cer = evaluate_wer(model, feats, index, limit=10**9)
    model.to(device)
    return {"wer": round(wer, 4), "cer": round(cer, 4)}


def train_finetune(args: argparse.Namespace, parent: Parent, feats_dir: Path, run_dir: Path, sets: list[str]) -> FinetuneResult:
    run_dir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    work = feats_dir.parent
    arrays, index, base = [], [], 0
    for name in sets:
        f, idx = load_set(work, name)
        arrays.append(np.asarray(f))
        index += [dict(r, offset=r["offset"] + base, source=name) for r in idx]
        base += len(f)
    feats = np.concatenate(arrays)
    dev_feats, dev_index = load_set(work, "dev")
    dev_feats = np.asarray(dev_feats)
    if not index:
        from .ftdata import EXIT_DATA, FinetuneError

        raise FinetuneError("every training utterance was shorter than 80 ms; nothing to fine-tune on", EXIT_DATA)
    targets = [encode(r["text"]) for r in index]
    model, cfg = _load_parent(parent)
    max_frames = int(args.batch_seconds * 100)
    per_epoch = len(make_batches(index, max_frames, random.Random(0)))
    total = max(1, int(math.ceil(per_epoch * args.epochs)))
    if args.max_steps:
        total = min(total, args.max_steps)
    eval_every = args.eval_every or per_epoch
    warmup = max(1, min(100, total // 10))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=1e-3)
    last, best_path = run_dir / "last.pt", run_dir / "best.pt"
    st = {"step": 0, "elapsed": 0.0, "best_wer": None, "best_step": 0, "bad_evals": 0, "history": [], "parent_dev": None}
    if last.exists():
        ck = torch.load(last, map_location="cpu")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        st = ck["state"]
        log(f"fine-tune: resumed at step {st['step']}/{total}")
    if st["parent_dev"] is None:
        st["parent_dev"] = _dev(model, dev_feats, dev_index, torch.device("cpu"))
        st["best_wer"] = st["parent_dev"]["wer"]
        torch.save({"model": model.state_dict(), "step": 0}, best_path)
        log(f"fine-tune: the parent on dev: WER {st['parent_dev']['wer']:.2%} CER {st['parent_dev']['cer']:.2%}")
    model.to(device)
    twin = make_twin(model, getattr(args, "precision", "fp32"))
    team_frames = sum(r["frames"] for r in index if r["source"] == "team")
    log(f"fine-tune: {len(index)} utterances ({sum(r['frames'] for r in index) / 6000:.1f} min, of which the team's "
        f"{team_frames / 6000:.1f} min), {per_epoch} batches per pass, {total} steps at most, dev every {eval_every} steps, "
        f"patience {args.patience}, device {device}, {args.threads} threads, {getattr(args, 'precision', 'fp32')}")

    stop = {"signal": 0}

    def on_signal(signum, _frame):
        stop["signal"] = signum
        log(f"fine-tune: signal {signum}: finishing this step, saving a checkpoint")

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}

    def save() -> None:
        st["elapsed"] = time.time() - t0
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": st}, last)

    rng = random.Random(args.seed + st["step"])
    t0 = time.time() - st["elapsed"]
    t_session, steps_session, last_report = time.time(), 0, time.time()
    running = None
    stopped = "steps"
    model.train()
    try:
        while st["step"] < total:
            epoch = st["step"] // per_epoch
            batches = make_batches(index, max_frames, random.Random(args.seed + epoch))
            for batch in batches[st["step"] - epoch * per_epoch:]:
                if stop["signal"]:
                    save()
                    raise Interrupted()
                progress = st["step"] / total
                lr = cosine_lr(args.lr, st["step"], warmup, progress, floor=0.1)
                for g in opt.param_groups:
                    g["lr"] = lr
                loss = compute_gradients(model, twin, lambda m: step_loss(m, feats, index, batch, targets, rng, device, ctc_on_cpu=True))
                torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                opt.step()
                st["step"] += 1
                steps_session += 1
                if getattr(args, "on_step", None):  # tests: what happens at a given step (a signal, ...)
                    args.on_step(st["step"])
                running = float(loss) if running is None else 0.9 * running + 0.1 * float(loss)
                now = time.time()
                if now - last_report >= 10 or st["step"] == total or st["step"] == 1:
                    rate = steps_session / max(now - t_session, 1e-6)
                    log(f"fine-tune: step {st['step']}/{total} loss {running:.3f} lr {lr:.1e} {rate:.2f} steps/s "
                        f"ETA {fmt_eta((total - st['step']) / max(rate, 1e-9))}")
                    last_report = now
                if st["step"] % eval_every == 0 or st["step"] == total:
                    dev = _dev(model, dev_feats, dev_index, device)
                    # the dev WER decides; on a tie (small dev sets), the CER
                    better = (dev["wer"], dev["cer"]) < (st["best_wer"], st.get("best_cer", st["parent_dev"]["cer"]))
                    st["history"].append({"step": st["step"], "loss": round(running, 4), **dev})
                    if better:
                        st["best_wer"], st["best_cer"], st["best_step"], st["bad_evals"] = dev["wer"], dev["cer"], st["step"], 0
                        torch.save({"model": model.state_dict(), "step": st["step"]}, best_path)
                    else:
                        st["bad_evals"] += 1
                    note = " (best so far, kept)" if better else f" (best {st['best_wer']:.2%} at step {st['best_step']})"
                    log(f"fine-tune: step {st['step']}: dev WER {dev['wer']:.2%} CER {dev['cer']:.2%}{note}")
                    save()
                    if st["bad_evals"] >= args.patience:
                        stopped = f"early stop: {args.patience} evaluations without a better dev WER"
                        raise StopIteration
                if st["step"] >= total:
                    break
    except StopIteration:
        pass
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    st["elapsed"] = time.time() - t0
    save()
    best = torch.load(best_path, map_location="cpu")
    model.to("cpu")
    model.load_state_dict(best["model"])
    model.eval()
    best_dev = st["parent_dev"] if st["best_step"] == 0 else next(h for h in st["history"] if h["step"] == st["best_step"])
    if st["best_step"] == 0:
        log("fine-tune: no step improved on the parent's dev WER; the bundle keeps the parent's weights")
    log(f"fine-tune: done after {st['step']} steps in {fmt_eta(st['elapsed'])} ({stopped}); best dev WER "
        f"{best_dev['wer']:.2%} at step {st['best_step']} (parent {st['parent_dev']['wer']:.2%})")
    return FinetuneResult(model=model, config=cfg.to_json(), steps=st["step"], best_step=st["best_step"], seconds=st["elapsed"],
                          parent_dev=st["parent_dev"], best_dev={"wer": best_dev["wer"], "cer": best_dev["cer"]},
                          history=st["history"], stopped=stopped, device=str(device))
