"""Stage 4: CTC training with SpecAugment on the stored features.

Batches hold about `--batch-seconds` of audio of similar length. The learning rate warms up linearly, then follows
a cosine to 5% over the run, where the run's progress is the larger of steps done / planned and minutes used /
`--max-minutes`, so a time-capped run still anneals. Ctrl-C (SIGINT) or SIGTERM saves a checkpoint and stops;
running the stage again resumes from it. `--init-from <bundle>` fine-tunes from a bundle's checkpoint.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import signal
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .featstore import load_set
from .log import fmt_eta, log
from .metrics import error_rate
from .model import ConformerCtc, ModelConfig, count_parameters
from .precision import compute_gradients, input_dtype, make_twin
from .tokens import BLANK, TOKENS, decode_ids, encode


def model_config(args: argparse.Namespace) -> ModelConfig:
    """The model the command line asks for; options not given (None) take ModelConfig's defaults."""
    base = ModelConfig()
    pick = lambda name: getattr(args, name, None) if getattr(args, name, None) is not None else getattr(base, name)  # noqa: E731
    return ModelConfig(d_model=pick("d_model"), layers=pick("layers"), heads=pick("heads"), conv_kernel=pick("conv_kernel"),
                       vocab_size=len(TOKENS))


def make_batches(index: list[dict], max_frames: int, rng: random.Random, max_utts: int = 96) -> list[list[int]]:
    order = sorted(range(len(index)), key=lambda i: index[i]["frames"] + rng.random() * 20)
    batches, cur, longest = [], [], 0
    for i in order:
        f = index[i]["frames"]
        if cur and (max(longest, f) * (len(cur) + 1) > max_frames or len(cur) >= max_utts):
            batches.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, f)
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(feats: np.ndarray, index: list[dict], ids: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    lens = [index[i]["frames"] for i in ids]
    x = np.zeros((len(ids), max(lens), feats.shape[1]), dtype=np.float32)
    for b, i in enumerate(ids):
        o = index[i]["offset"]
        x[b, : lens[b]] = feats[o : o + lens[b]]
    return torch.from_numpy(x), torch.tensor(lens, dtype=torch.int64)


def spec_augment(x: torch.Tensor, lens: torch.Tensor, rng: random.Random) -> torch.Tensor:
    """Two frequency masks (<= 15 bins) and time masks (<= 4% of the utterance each, one per 2.5 s)."""
    x = x.clone()
    for b in range(x.shape[0]):
        t = int(lens[b])
        for _ in range(2):
            w = rng.randint(0, 15)
            f0 = rng.randint(0, x.shape[2] - w)
            x[b, :t, f0 : f0 + w] = 0.0
        for _ in range(max(1, t // 250)):
            w = rng.randint(0, max(1, int(0.04 * t)))
            t0 = rng.randint(0, max(0, t - w))
            x[b, t0 : t0 + w, :] = 0.0
    return x



def cosine_lr(base: float, step: int, warmup: int, progress: float, floor: float) -> float:
    """Linear warm-up over `warmup` steps, then cosine decay from `base` to `floor * base` as progress goes 0 -> 1."""
    return base * min(1.0, (step + 1) / warmup) * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress)))


def step_loss(model: torch.nn.Module, feats: np.ndarray, index: list[dict], batch: list[int], targets: list[list[int]],
              rng: random.Random, device: torch.device, ctc_on_cpu: bool = False) -> torch.Tensor:
    """The CTC loss of one SpecAugmented batch (training from scratch and fine-tuning alike); `ctc_on_cpu` computes the
    loss itself on the CPU."""
    x, lens = collate(feats, index, batch)
    x = spec_augment(x, lens, rng).to(device=device, dtype=input_dtype(model))
    logp, out_len = model(x.transpose(1, 2), lens.to(device))
    if ctc_on_cpu:
        logp, out_len = logp.cpu(), out_len.cpu()
    tg = [targets[i] for i in batch]
    return F.ctc_loss(logp.transpose(0, 1), torch.tensor([t for s in tg for t in s]), out_len,
                      torch.tensor([len(s) for s in tg]), blank=BLANK, reduction="mean", zero_infinity=True)

def greedy_texts(logp: torch.Tensor, lens: torch.Tensor) -> list[str]:
    best = logp.argmax(-1)
    out = []
    for b in range(best.shape[0]):
        seq = best[b, : int(lens[b])].tolist()
        ids = [s for k, s in enumerate(seq) if s != BLANK and (k == 0 or s != seq[k - 1])]
        out.append(decode_ids(ids))
    return out


@torch.no_grad()
def evaluate_wer(model: ConformerCtc, feats: np.ndarray, index: list[dict], limit: int = 300) -> tuple[float, float]:
    model.eval()
    sub = list(range(min(limit, len(index))))
    refs, hyps = [], []
    for batch in make_batches([index[i] for i in sub], 20000, random.Random(0)):
        x, lens = collate(feats, [index[i] for i in sub], batch)
        logp, out_len = model(x.transpose(1, 2), lens)
        hyps += greedy_texts(logp, out_len)
        refs += [index[sub[i]]["text"] for i in batch]
    model.train()
    return error_rate(refs, hyps, "word"), error_rate(refs, hyps, "char")


def _training_sets(args: argparse.Namespace) -> tuple[list[tuple[np.ndarray, list[dict]]], tuple[np.ndarray, list[dict]]]:
    sets = []
    if not args.no_synth:
        sets.append(load_set(args.work_dir, "train"))
    for i in range(len(args.manifest)):
        sets.append(load_set(args.work_dir, f"extra{i}"))
    if not sets:
        raise SystemExit("train: nothing to train on (--no-synth without --manifest)")
    dev_name = "extra_dev" if args.dev_manifest else "dev"
    return sets, load_set(args.work_dir, dev_name)


def train(args: argparse.Namespace) -> None:
    exp = args.work_dir / "exp"
    exp.mkdir(parents=True, exist_ok=True)
    final = exp / "final.pt"
    if final.exists() and not args.redo:
        log(f"train: {final} exists, skipped (use --redo to train again)")
        return
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)

    sets, (dev_feats, dev_index) = _training_sets(args)
    # one flat index over all training sets; features are loaded into memory once (float16)
    feats = np.concatenate([np.asarray(f) for f, _ in sets]) if len(sets) > 1 else np.asarray(sets[0][0])
    index, base = [], 0
    for f, idx in sets:
        index += [dict(r, offset=r["offset"] + base) for r in idx]
        base += len(f)
    targets = [encode(r["text"]) for r in index]
    hours = sum(r["frames"] for r in index) / 100 / 3600

    cfg = model_config(args)
    model = ConformerCtc(cfg)
    if args.init_from:
        ckpt = torch.load(Path(args.init_from) / "checkpoint.pt", map_location="cpu")
        cfg = ModelConfig(**ckpt["config"])
        model = ConformerCtc(cfg)
        model.load_state_dict({k: v.float() for k, v in ckpt["model"].items()})
        log(f"train: fine-tuning from {args.init_from}")
    model.to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=1e-3)
    max_frames = int(args.batch_seconds * 100)
    per_epoch = len(make_batches(index, max_frames, random.Random(0)))
    total_steps = max(1, int(per_epoch * args.epochs))
    if args.max_steps:
        total_steps = min(total_steps, args.max_steps)
    warmup = min(500, max(1, total_steps // 10))
    state = {"step": 0, "epoch": 0, "elapsed": 0.0, "best_wer": 1e9, "history": []}
    last = exp / "last.pt"
    if last.exists() and not args.redo:
        ck = torch.load(last, map_location="cpu")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        log(f"train: resumed from {last} at step {state['step']}")
    log(f"train: {count_parameters(model) / 1e6:.2f}M parameters, {len(index)} utterances ({hours:.1f} h), "
        f"{per_epoch} batches/epoch, {total_steps} steps planned, device {device}, {args.threads} threads, {args.precision}")

    stop = {"flag": False}

    def on_signal(signum, _frame):  # finish the step, save, exit
        stop["flag"] = True
        log(f"train: signal {signum}, saving a checkpoint and stopping")

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}

    def save(path: Path) -> None:
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state, "config": cfg.to_json()}, path)

    max_seconds = args.max_minutes * 60 if args.max_minutes else math.inf
    twin = make_twin(model, args.precision)
    t_start = time.time() - state["elapsed"]
    running, done = 0.0, False
    model.train()
    while not done:
        batches = make_batches(index, max_frames, random.Random(args.seed + state["epoch"]))
        skip = state["step"] - state["epoch"] * per_epoch
        for bi, batch in enumerate(batches):
            if bi < skip:
                continue
            elapsed = time.time() - t_start
            progress = max(state["step"] / total_steps, elapsed / max_seconds)
            if progress >= 1.0 or stop["flag"]:
                done = True
                break
            lr = cosine_lr(args.lr, state["step"], warmup, progress, floor=0.05)
            for g in opt.param_groups:
                g["lr"] = lr
            loss = compute_gradients(model, twin, lambda m: step_loss(m, feats, index, batch, targets, rng, device))
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            state["step"] += 1
            running = 0.98 * running + 0.02 * float(loss) if state["step"] > 1 else float(loss)
            if state["step"] % 50 == 0:
                el = time.time() - t_start
                rate = state["step"] / max(el, 1e-6)
                eta = min((total_steps - state["step"]) / max(rate, 1e-9), max_seconds - el)
                log(f"train: epoch {state['epoch'] + 1} step {state['step']}/{total_steps} loss {running:.3f} lr {lr:.2e} "
                    f"{rate * 60:.1f} steps/min ETA {fmt_eta(eta)}")
            if state["step"] % 200 == 0:
                state["elapsed"] = time.time() - t_start
                save(last)
        else:
            state["epoch"] += 1
            wer, cer = evaluate_wer(model, dev_feats, dev_index)
            state["history"].append({"epoch": state["epoch"], "step": state["step"], "loss": running, "dev_wer": wer, "dev_cer": cer})
            log(f"train: epoch {state['epoch']} done: loss {running:.3f} dev WER {wer:.3%} CER {cer:.3%}")
            state["elapsed"] = time.time() - t_start
            save(last)
    state["elapsed"] = time.time() - t_start
    wer, cer = evaluate_wer(model, dev_feats, dev_index)
    state["history"].append({"epoch": state["epoch"], "step": state["step"], "loss": running, "dev_wer": wer, "dev_cer": cer, "final": True})
    log(f"train: stopped at step {state['step']} after {fmt_eta(state['elapsed'])}: dev WER {wer:.3%} CER {cer:.3%}")
    save(last)
    for s, h in old.items():
        signal.signal(s, h)
    if stop["flag"]:
        raise SystemExit("train: interrupted; run the stage again to resume")
    torch.save({"model": model.state_dict(), "config": cfg.to_json(), "state": state}, final)
    (exp / "history.json").write_text(json.dumps(state["history"], indent=1))
