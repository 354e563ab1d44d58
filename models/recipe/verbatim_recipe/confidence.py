"""Word confidence from CTC frame posteriors, and its calibration.

Greedy CTC gives, per frame, the winning token. A word is the run of non-blank, non-boundary tokens between word
boundaries; its frames are the frames where one of its tokens won. Per-frame confidence is either the max
probability or NeMo's normalised Tsallis entropy (alpha = 1/3): 1 - H_a(p) / H_a(uniform). A word aggregates its
frames with min (NeMo's choice) or mean. A Platt map, p = sigmoid(a * logit(c) + b), fitted on the dev split, turns
the raw score into P(word is right). The runtime repeats exactly this (parameters in model.json).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tokens import BLANK, TOKENS

WORD_BOUNDARY_ID = 0


@dataclass
class Word:
    text: str
    start_frame: int
    end_frame: int  # exclusive
    frames: list[int]  # frames where one of its tokens won


def greedy_words(logp: np.ndarray) -> list[Word]:
    """Words of the greedy CTC path over log-probs (T', V+1)."""
    best = logp.argmax(-1)
    words: list[Word] = []
    chars: list[str] = []
    frames: list[int] = []
    prev = BLANK
    for t, s in enumerate(best.tolist()):
        if s != BLANK and s != WORD_BOUNDARY_ID:
            if s != prev:
                chars.append(TOKENS[s])
            frames.append(t)
        elif s == WORD_BOUNDARY_ID and chars:
            words.append(Word("".join(chars), frames[0], frames[-1] + 1, frames))
            chars, frames = [], []
        prev = s
    if chars:
        words.append(Word("".join(chars), frames[0], frames[-1] + 1, frames))
    return words


def frame_confidence(logp: np.ndarray, measure: str, alpha: float = 1.0 / 3.0) -> np.ndarray:
    p = np.exp(logp.astype(np.float64))
    if measure == "max_prob":
        return p.max(-1)
    if measure == "tsallis":
        v = p.shape[-1]
        h = (1.0 - np.sum(p**alpha, axis=-1)) / (alpha - 1.0)
        h_max = (1.0 - v ** (1.0 - alpha)) / (alpha - 1.0)
        return 1.0 - h / h_max
    raise ValueError(f"unknown confidence measure {measure!r}")


def word_scores(frame_conf: np.ndarray, words: list[Word], aggregation: str) -> np.ndarray:
    agg = {"min": np.min, "mean": np.mean, "prod": np.prod}[aggregation]
    return np.array([agg(frame_conf[w.frames]) for w in words], dtype=np.float64)


def _logit(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 1e-6, 1 - 1e-6)
    return np.log(c / (1 - c))


def platt_apply(raw: np.ndarray, a: float, b: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(a * _logit(raw) + b)))


def platt_fit(raw: np.ndarray, correct: np.ndarray, iters: int = 200) -> tuple[float, float]:
    """Logistic regression of correctness on logit(raw) by Newton's method (with a tiny ridge for stability)."""
    if len(raw) == 0:
        return 1.0, 0.0
    x = _logit(raw)
    y = correct.astype(np.float64)
    w = np.array([1.0, 0.0])
    X = np.stack([x, np.ones_like(x)], axis=1)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        g = X.T @ (p - y) + 1e-6 * w
        H = (X * (p * (1 - p))[:, None]).T @ X + 1e-6 * np.eye(2)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return float(w[0]), float(w[1])


def auroc_error_detection(conf: np.ndarray, correct: np.ndarray) -> float:
    """AUROC of (1 - confidence) as a detector of wrong words (ties count half)."""
    err = ~correct.astype(bool)
    n_pos, n_neg = int(err.sum()), int((~err).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    score = -conf
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    sorted_scores = score[order]
    i = 0
    while i < len(score):  # average ranks over ties
        j = i
        while j + 1 < len(score) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[err].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def ece(conf: np.ndarray, correct: np.ndarray, bins: int = 15) -> float:
    edges = np.linspace(0, 1, bins + 1)
    total, n = 0.0, len(conf)
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi) if lo > 0 else (conf >= lo) & (conf <= hi)
        if m.any():
            total += m.sum() / n * abs(conf[m].mean() - correct[m].mean())
    return float(total)


def nce(conf: np.ndarray, correct: np.ndarray) -> float:
    """Normalised cross entropy: information the confidence adds over the base rate (1 perfect, <= 0 useless)."""
    y = correct.astype(np.float64)
    pc = y.mean()
    if pc in (0.0, 1.0):
        return float("nan")
    h_base = -(pc * np.log(pc) + (1 - pc) * np.log(1 - pc))
    c = np.clip(conf, 1e-7, 1 - 1e-7)
    h = -np.mean(y * np.log(c) + (1 - y) * np.log(1 - c))
    return float((h_base - h) / h_base)


def errors_caught(conf: np.ndarray, correct: np.ndarray, share: float = 0.10) -> float:
    """Share of wrong words among the least-confident `share` of words, over all wrong words."""
    err = ~correct.astype(bool)
    if err.sum() == 0:
        return float("nan")
    k = max(1, int(round(share * len(conf))))
    flagged = np.argsort(conf, kind="mergesort")[:k]
    return float(err[flagged].sum() / err.sum())


def reliability(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> list[dict]:
    edges = np.linspace(0, 1, bins + 1)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf >= lo) & (conf < hi) if hi < 1 else (conf >= lo) & (conf <= hi)
        if m.any():
            out.append({"bin": [round(lo, 2), round(hi, 2)], "words": int(m.sum()),
                        "mean_confidence": round(float(conf[m].mean()), 4), "accuracy": round(float(correct[m].mean()), 4)})
    return out
