"""Held-out evaluation of the punctuation tagger, decoded exactly as the runtime does (`packages/asr/src/punctuate`):
windows of 64 words every 48, each word read from the window where it is most central, the marks' biases added, the
last word ending a sentence, a capital after every sentence end, sentences bounded at `maxSentenceWords`. Writes F1 per mark and casing accuracy on the held-out
documents to `<bundle>/punct-eval.json`, and the references of the acoustic test sets' sentences (their punctuated,
cased source text) to `work/punct/asr_refs.json` for `npm run eval`'s transcript section."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import torch

from ..log import log
from .data import CASES, MARKS, suffix_bucket
from .export import MAX_SENTENCE_WORDS, STRIDE, load_trained
from .train import BUCKETS, WINDOW, prepare

SENTENCE_END = {2, 3, 4}


def windows(n: int) -> list[int]:
    if n <= WINDOW:
        return [0]
    starts = list(range(0, n - WINDOW, STRIDE)) + [n - WINDOW]
    return sorted(set(starts))


@torch.no_grad()
def mark_scores(model, words: list[str], index: dict[str, int]) -> tuple[torch.Tensor, torch.Tensor]:
    """Per word, the mark and case log-probabilities of the window where it is most central (as the runtime reads them)."""
    n = len(words)
    ids = torch.tensor([index.get(w, 1) for w in words], dtype=torch.int64)
    sfx = torch.tensor([suffix_bucket(w, BUCKETS) for w in words], dtype=torch.int64)
    starts = windows(n)
    length = min(n, WINDOW)
    W = torch.stack([ids[s : s + length] for s in starts])
    S = torch.stack([sfx[s : s + length] for s in starts])
    mk, cs = model(W, S)
    mark_lp = torch.log_softmax(mk, -1)
    case_lp = torch.log_softmax(cs, -1)
    best_mark = torch.zeros(n, len(MARKS))
    best_case = torch.zeros(n, len(CASES))
    centre = [-1] * n
    for k, s in enumerate(starts):
        for j in range(length):
            i = s + j
            # how far the word is from an edge of the window that cuts context off (the stream's own ends do not)
            c = min(j if s > 0 else n, length - 1 - j if s + length < n else n)
            if c > centre[i]:
                centre[i] = c
                best_mark[i] = mark_lp[k, j]
                best_case[i] = case_lp[k, j]
    return best_mark, best_case


def tag(model, words: list[str], index: dict[str, int], bias: list[float] | None = None) -> tuple[list[int], list[int]]:
    """Marks and cases of a word stream, as the runtime decides them (`bias`: punct.json's markBias)."""
    n = len(words)
    if n == 0:
        return [], []
    best_mark, best_case = mark_scores(model, words, index)
    return decide(best_mark, best_case, bias)


def decide(best_mark: torch.Tensor, best_case: torch.Tensor, bias: list[float] | None) -> tuple[list[int], list[int]]:
    n = best_mark.shape[0]
    if bias is not None:
        best_mark = best_mark + torch.tensor(bias)
    marks = best_mark.argmax(-1).tolist()
    cases = best_case.argmax(-1).tolist()
    if n and marks[-1] not in SENTENCE_END:
        marks[-1] = 2  # the stream's last word ends a sentence
    bound_sentences(marks, best_mark)
    for i in range(n):
        if (i == 0 or marks[i - 1] in SENTENCE_END) and cases[i] == 0:
            cases[i] = 1
    return marks, cases


def bound_sentences(marks: list[int], lp: torch.Tensor, limit: int = MAX_SENTENCE_WORDS) -> None:
    """A run of more than `limit` words without a sentence end gets one where a period is likeliest (not in its first
    or last 5 words), repeatedly: a long monologue still reads as sentences."""
    start = 0
    i = 0
    while i < len(marks):
        if marks[i] in SENTENCE_END:
            start = i + 1
        elif i - start + 1 > limit:
            lo, hi = start + 4, i - 5
            cut = max(range(lo, hi + 1), key=lambda k: lp[k, 2].item()) if hi >= lo else i
            marks[cut] = 2
            start = cut + 1
        i += 1


def f1_per_mark(ref: list[int], hyp: list[int]) -> dict[str, dict[str, float]]:
    out = {}
    for m in range(1, len(MARKS)):
        tp = sum(r == m and h == m for r, h in zip(ref, hyp))
        fp = sum(r != m and h == m for r, h in zip(ref, hyp))
        fn = sum(r == m and h != m for r, h in zip(ref, hyp))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[MARKS[m]] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "support": tp + fn}
    return out


# a mark right less often than this on the dev half is never written (see tune_bias)
DISABLE_BELOW_PRECISION = 0.3
DISABLED_BIAS = -20.0  # the runtime accepts biases within ±20; a log-prob 20 below is never the best


def dev_half(doc_id: str) -> bool:
    """Half of the held-out documents tune the mark biases; the other half is what is reported."""
    return int(hashlib.sha1(("dev:" + doc_id).encode()).hexdigest()[:8], 16) % 2 == 0


def tune_bias(model, data: dict, index: dict[str, int], max_words: int = 150_000) -> list[float]:
    """Additive log-prob biases of the marks (none fixed at 0) that maximise the mean F0.5 of the marks on the dev half
    of the held-out documents: the training loss favours the frequent classes; this puts the decision threshold back.
    F0.5, not F1: a reader corrects a missing comma more easily than a wrong question mark, and F1 pushed the rare marks
    (? and !) to biases that placed them wrongly about nine times in ten. A mark still below DISABLE_BELOW_PRECISION on
    the dev half is not written at all (bias DISABLED_BIAS): the runtime then writes the next likeliest mark, a full stop
    where a sentence ends."""
    scores, cases, refs = [], [], []
    done = 0
    for doc_id, words in zip(data["test_ids"], data["test_words"]):
        if done >= max_words:
            break
        if not dev_half(doc_id):
            continue
        m, c = mark_scores(model, [w for w, *_ in words], index)
        scores.append(m)
        cases.append(c)
        refs += [mk for _, mk, _, _ in words]
        done += len(words)
    allm = torch.cat(scores)
    ref = torch.tensor(refs)

    def macro(bias: list[float]) -> float:
        hyp = (allm + torch.tensor(bias)).argmax(-1)
        f1s = []
        for k in range(1, len(MARKS)):
            tp = ((hyp == k) & (ref == k)).sum().item()
            fp = ((hyp == k) & (ref != k)).sum().item()
            fn = ((hyp != k) & (ref == k)).sum().item()
            # F-beta with beta 0.5: (1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp)
            f1s.append(1.25 * tp / max(1, 1.25 * tp + 0.25 * fn + fp))
        return sum(f1s) / len(f1s)

    def precision(bias: list[float], k: int) -> float:
        hyp = (allm + torch.tensor(bias)).argmax(-1)
        tp = ((hyp == k) & (ref == k)).sum().item()
        return tp / max(1, (hyp == k).sum().item())

    bias = [0.0] * len(MARKS)
    best = macro(bias)
    grid = [x / 4 for x in range(-4, 17)]
    for _ in range(2):
        for k in range(1, len(MARKS)):
            for v in grid:
                trial = bias[:k] + [v] + bias[k + 1 :]
                f = macro(trial)
                if f > best:
                    best, bias = f, trial
    for k in range(1, len(MARKS)):
        if precision(bias, k) < DISABLE_BELOW_PRECISION:
            log(f"punct: {MARKS[k]!r} right only {precision(bias, k):.2f} of the times it would be written on the dev half: not written")
            bias = bias[:k] + [DISABLED_BIAS] + bias[k + 1 :]
    log(f"punct: mark biases {bias} (dev macro F0.5 {macro(bias):.3f}, {len(refs)} words)")
    return bias


def evaluate_punct(work: Path, bundle_dir: Path, max_words: int = 300_000) -> dict:
    model, state = load_trained(work)
    data = prepare(work)
    index = {w: i for i, w in enumerate(data["vocab"])}
    bias = tune_bias(model, data, index)
    cfg_path = bundle_dir / "punct.json"
    if cfg_path.exists():
        cfg = json.loads(cfg_path.read_text())
        cfg["markBias"] = bias
        cfg_path.write_text(json.dumps(cfg, indent=1, ensure_ascii=False) + "\n")
    t0 = time.time()
    ref_m, hyp_m, ref_c, hyp_c = [], [], [], []
    per_source: dict[str, list] = {}
    done = 0
    for doc_id, words in zip(data["test_ids"], data["test_words"]):
        if done >= max_words:
            break
        if dev_half(doc_id):
            continue
        ws = [w for w, *_ in words]
        marks, cases = tag(model, ws, index, bias)
        rm = [m for _, m, _, _ in words]
        rc = [c for _, _, c, _ in words]
        ref_m += rm
        hyp_m += marks
        ref_c += rc
        hyp_c += cases
        src = doc_id.split(":")[0]
        acc = per_source.setdefault(src, [[], [], 0, 0])
        acc[0] += rm
        acc[1] += marks
        acc[2] += sum(a == b for a, b in zip(rc, cases))
        acc[3] += len(rc)
        done += len(ws)
    seconds = time.time() - t0
    case_acc = sum(a == b for a, b in zip(ref_c, hyp_c)) / max(1, len(ref_c))
    cap_ref = [c != 0 for c in ref_c]
    cap_hyp = [c != 0 for c in hyp_c]
    tp = sum(a and b for a, b in zip(cap_ref, cap_hyp))
    cap_p = tp / max(1, sum(cap_hyp))
    cap_r = tp / max(1, sum(cap_ref))
    result = {
        "heldOutText": {
            "documents": "the half of the held-out documents not used to tune the mark biases",
            "markBias": bias,
            "words": len(ref_m),
            "marks": f1_per_mark(ref_m, hyp_m),
            "casingAccuracy": round(case_acc, 4),
            "capitalisedF1": round(2 * cap_p * cap_r / max(1e-9, cap_p + cap_r), 4),
            "lowerCaseBaselineAccuracy": round(sum(c == 0 for c in ref_c) / max(1, len(ref_c)), 4),
            "perSource": {s: {"words": len(a[0]), "marks": f1_per_mark(a[0], a[1]), "casingAccuracy": round(a[2] / max(1, a[3]), 4)} for s, a in per_source.items()},
            "wordsPerSecondPyTorch1Thread": round(len(ref_m) / max(seconds, 1e-6)),
        },
        "model": {"steps": state["step"], "minutes": round(state["seconds"] / 60, 1)},
    }
    write_asr_refs(work, data)
    out = bundle_dir / "punct-eval.json"
    old = json.loads(out.read_text()) if out.exists() else {}
    old.update(result)
    out.write_text(json.dumps(old, indent=1, ensure_ascii=False) + "\n")
    log(f"punct: held-out text: casing accuracy {case_acc:.3f}; " + ", ".join(f"'{m}' F1 {v['f1']:.3f}" for m, v in result["heldOutText"]["marks"].items()))
    return result


def write_asr_refs(work: Path, data: dict) -> int:
    """For every sentence of the acoustic test sets found in a held-out document: its words with mark and case."""
    wanted: dict[str, list[str]] = {}
    for name in ("test_clean", "test_noisy", "test_unseen_voices"):
        p = work / "manifests" / f"{name}.jsonl"
        if p.exists():
            for line in p.read_text().splitlines():
                t = json.loads(line)["text"]
                wanted.setdefault(" ".join(t.split()[:3]), []).append(t)
    refs: dict[str, list[list]] = {}
    for words in data["test_words"]:
        ws = [w for w, *_ in words]
        for i in range(len(ws) - 2):
            for t in wanted.get(" ".join(ws[i : i + 3]), []):
                k = len(t.split())
                if t not in refs and ws[i : i + k] == t.split():
                    refs[t] = [[w, m, c, wr] for w, m, c, wr in words[i : i + k]]
    (work / "punct" / "asr_refs.json").write_text(json.dumps(refs))
    log(f"punct: references for {len(refs)} acoustic test sentences")
    return len(refs)
