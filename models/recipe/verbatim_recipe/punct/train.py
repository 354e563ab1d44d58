"""Training of the punctuation tagger: text only, resumable, with progress and a time cap.

    python3 -m verbatim_recipe.punct.train [--work-dir W] [--minutes 15] [--threads 1]

(run from models/recipe; `npm run model:train -- --stage 9 --stop-stage 9` runs it as the recipe's stage 9 with
export and evaluation). The tagged documents are prepared once into `W/punct/data.pt`; a checkpoint goes to
`W/punct/last.pt` every 200 steps and on Ctrl-C/SIGTERM, and the same command resumes from it.
"""

from __future__ import annotations

import argparse
import math
import random
import signal
import time
from pathlib import Path

import torch
from torch import nn

from ..log import fmt_eta, log
from .data import CASES, MARKS, build_mixed_lexicon, build_vocab, load_docs, suffix_bucket
from .model import PunctTagger

VOCAB = 10000
BUCKETS = 1024
WINDOW = 64
# the marks are rare next to "no mark": weigh them up a little so the tagger dares to place them
MARK_WEIGHTS = [1.0, 1.5, 1.5, 2.0, 2.0]


def asr_heldout_sentences(work: Path) -> set[str]:
    out: set[str] = set()
    for name in ("general_dev.txt", "general_test.txt"):
        p = work / "text" / name
        if p.exists():
            out |= {l.strip() for l in p.read_text().splitlines() if len(l.split()) >= 4}
    return out


def encode(docs, vocab_index: dict[str, int]) -> dict[str, torch.Tensor]:
    words, sfx, marks, cases, starts = [], [], [], [], []
    for d in docs:
        starts.append(len(words))
        for w, m, c, _ in d.words:
            words.append(vocab_index.get(w, 1))
            sfx.append(suffix_bucket(w, BUCKETS))
            marks.append(m)
            cases.append(c)
    starts.append(len(words))
    t = lambda xs: torch.tensor(xs, dtype=torch.int64)  # noqa: E731
    return {"words": t(words), "suffix": t(sfx), "marks": t(marks), "cases": t(cases), "starts": t(starts)}


def prepare(work: Path) -> dict:
    path = work / "punct" / "data.pt"
    if path.exists():
        return torch.load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    train_docs, test_docs = load_docs(asr_heldout_sentences(work))
    vocab = ["<pad>", "<unk>"] + build_vocab(train_docs, VOCAB - 2)
    index = {w: i for i, w in enumerate(vocab)}
    data = {
        "vocab": vocab,
        "mixed": build_mixed_lexicon(train_docs),
        "train": encode(train_docs, index),
        "test": encode(test_docs, index),
        "test_ids": [d.id for d in test_docs],
        "test_words": [[(w, m, c, wr) for w, m, c, wr in d.words] for d in test_docs],
        "sources": sorted({d.source for d in train_docs}),
        "counts": {
            "train_documents": len(train_docs), "train_words": sum(len(d.words) for d in train_docs),
            "test_documents": len(test_docs), "test_words": sum(len(d.words) for d in test_docs),
        },
    }
    torch.save(data, path)
    log(f"punct: data prepared in {time.time() - t0:.0f} s: {data['counts']}")
    return data


def sample_batch(split: dict[str, torch.Tensor], batch: int, rng: random.Random, word_dropout: float = 0.0, doc_share: float = 0.0):
    starts = split["starts"].tolist() if not hasattr(split, "_starts") else split._starts
    n = int(split["words"].shape[0])
    W = torch.zeros(batch, WINDOW, dtype=torch.int64)
    S = torch.zeros_like(W)
    M = torch.full_like(W, -100)
    C = torch.full_like(W, -100)
    for b in range(batch):
        # a window that starts at a document start half the time (so the first word's capital is learnt), else anywhere
        import bisect

        if rng.random() < doc_share:
            # a document drawn uniformly, not by its length: short ones (fortunes: quotes, dialogue) count as much
            # as a long manual page
            d = rng.randrange(len(starts) - 1)
            pos = rng.randrange(starts[d], starts[d + 1])
        else:
            pos = rng.randrange(n)
            d = bisect.bisect_right(starts, pos) - 1
        lo, hi = starts[d], starts[d + 1]
        if rng.random() < 0.3:
            pos = lo
        end = min(hi, pos + WINDOW)
        k = end - pos
        W[b, :k] = split["words"][pos:end]
        S[b, :k] = split["suffix"][pos:end]
        M[b, :k] = split["marks"][pos:end]
        C[b, :k] = split["cases"][pos:end]
    if word_dropout:
        drop = (torch.rand(W.shape) < word_dropout) & (W > 1)
        W[drop] = 1
    return W, S, M, C


def train(work: Path, minutes: float, threads: int, batch: int = 64, lr: float = 3e-3, seed: int = 1234, max_steps: int = 0, more_steps: int = 0, doc_share: float = 0.0) -> Path:
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    data = prepare(work)
    out = work / "punct"
    ckpt = out / "last.pt"
    model = PunctTagger(len(data["vocab"]), BUCKETS)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps_total = max_steps or 1500
    step, spent = 0, 0.0
    if ckpt.exists():
        state = torch.load(ckpt)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        step, spent, steps_total = state["step"], state["seconds"], state["steps_total"]
        log(f"punct: resumed at step {step}/{steps_total} ({spent / 60:.1f} min spent)")
        if more_steps:
            # a warm restart: the cosine schedule stretched over the extra steps, from where it now stands
            steps_total = step + more_steps
            t_more = time.time()
            log(f"punct: {more_steps} more steps, to {steps_total}")
    if step >= steps_total:
        log("punct: training already complete")
        return ckpt
    rng = random.Random(seed + step)
    mark_loss = nn.CrossEntropyLoss(weight=torch.tensor(MARK_WEIGHTS), ignore_index=-100)
    case_loss = nn.CrossEntropyLoss(ignore_index=-100)
    stop = {"flag": False}
    prev = {s: signal.signal(s, lambda *_: stop.__setitem__("flag", True)) for s in (signal.SIGINT, signal.SIGTERM)}

    def save(final: bool = False) -> None:
        tmp = ckpt.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "seconds": spent,
                    "steps_total": steps_total, "config": model.config, "final": final}, tmp)
        tmp.replace(ckpt)

    model.train()
    words_per_step = batch * WINDOW
    t_log = time.time()
    t_start = time.time() - spent
    warm = 100
    try:
        while step < steps_total:
            if stop["flag"]:
                save()
                log(f"punct: interrupted at step {step}; checkpoint saved, run again to resume")
                raise SystemExit(130)
            started = t_more if more_steps else t_start
            if minutes and (time.time() - started) / 60 > minutes and steps_total > step + 1:
                # the time cap: shorten the schedule so the remaining steps still anneal the learning rate
                steps_total = step + max(1, min(100, steps_total - step))
            cur = lr * min(1.0, (step + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(1.0, step / steps_total)))
            for g in opt.param_groups:
                g["lr"] = max(cur, lr * 0.02)
            W, S, M, C = sample_batch(data["train"], batch, rng, word_dropout=0.05, doc_share=doc_share)
            mk, cs = model(W, S)
            loss = mark_loss(mk.reshape(-1, len(MARKS)), M.reshape(-1)) + case_loss(cs.reshape(-1, len(CASES)), C.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            spent = time.time() - t_start
            if step % 200 == 0:
                save()
            if time.time() - t_log > 10 or step == steps_total:
                t_log = time.time()
                rate = step / max(spent, 1e-6)
                log(f"punct: step {step}/{steps_total} loss {loss.item():.3f} lr {cur:.2e} "
                    f"{rate * words_per_step:.0f} words/s ETA {fmt_eta((steps_total - step) / max(rate, 1e-6))}")
    finally:
        for s, h in prev.items():
            signal.signal(s, h)
    save(final=True)
    log(f"punct: trained {step} steps in {spent / 60:.1f} min")
    return ckpt


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work-dir", type=Path, default=Path(__file__).resolve().parents[2] / "work")
    p.add_argument("--minutes", type=float, default=15.0, help="time cap (the schedule still anneals)")
    p.add_argument("--max-steps", type=int, default=0, help="steps (default 1500)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--more-steps", type=int, default=0, help="train a finished model this many steps more (a warm restart)")
    p.add_argument("--doc-share", type=float, default=0.0, help="share of windows from a document drawn uniformly (not by length)")
    p.add_argument("--prepare-only", action="store_true")
    a = p.parse_args(argv)
    if a.prepare_only:
        torch.set_num_threads(a.threads)
        prepare(a.work_dir)
        return 0
    train(a.work_dir, a.minutes, a.threads, max_steps=a.max_steps, more_steps=a.more_steps, doc_share=a.doc_share)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
