"""Stage 6: evaluation and confidence calibration.

Greedy decoding (no language model) of every held-out set: WER and CER per set and per voice. Word confidence:
every measure x aggregation in CANDIDATES is scored on the dev sets (clean + noisy), the one that ranks errors best
(AUROC) is kept and Platt-calibrated on dev, then AUROC, ECE, NCE and the share of errors caught by flagging the
least-confident 10% of words are reported on the test sets. The held-out sets also get the fairness slices of
their test voices (slices.py). Results go to eval.json in the bundle.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

from .confidence import (auroc_error_detection, ece, errors_caught, frame_confidence, greedy_words, nce, platt_apply,
                         platt_fit, reliability, word_scores)
from .export import load_trained
from .featstore import load_set
from .log import log
from .metrics import correct_words, error_rate
from .slices import slice_table
from .train import collate, make_batches

CANDIDATES = [("tsallis", "min"), ("tsallis", "mean"), ("max_prob", "min"), ("max_prob", "mean")]
TEST_SETS = ["test_clean", "test_noisy", "test_unseen_voices", "test_domain"]
HELD_OUT = ["test_clean", "test_noisy", "test_unseen_voices"]


@torch.no_grad()
def decode_set(model, feats: np.ndarray, index: list[dict]) -> list[dict]:
    out: list[dict | None] = [None] * len(index)
    for batch in make_batches(index, 30000, random.Random(0)):
        x, lens = collate(feats, index, batch)
        logp, out_len = model(x.transpose(1, 2), lens)
        for b, i in enumerate(batch):
            lp = logp[b, : int(out_len[b])].numpy()
            words = greedy_words(lp)
            hyp = [w.text for w in words]
            ref = index[i]["text"].split()
            out[i] = {"ref": index[i]["text"], "hyp": " ".join(hyp), "voice": index[i].get("voice", ""),
                      "words": words, "logp": lp, "correct": correct_words(ref, hyp)}
    return out  # type: ignore[return-value]


def _scores(utts: list[dict], measure: str, agg: str) -> tuple[np.ndarray, np.ndarray]:
    raw, ok = [], []
    for u in utts:
        if not u["words"]:
            continue
        fc = frame_confidence(u["logp"], measure)
        raw.append(word_scores(fc, u["words"], agg))
        ok += u["correct"]
    if not raw:
        return np.zeros(0), np.zeros(0, dtype=bool)
    return np.concatenate(raw), np.array(ok, dtype=bool)


def _num(x: float) -> float | None:
    """JSON has no NaN: undefined metrics (no words, no errors) are null."""
    return None if x is None or not np.isfinite(x) else round(float(x), 4)


def confidence_report(conf: np.ndarray, ok: np.ndarray) -> dict:
    if len(conf) == 0:
        return {"words": 0, "word_accuracy": None, "auroc": None, "ece": None, "nce": None, "errors_caught_at_10pct": None}
    return {"words": int(len(conf)), "word_accuracy": _num(ok.mean()), "auroc": _num(auroc_error_detection(conf, ok)),
            "ece": _num(ece(conf, ok)), "nce": _num(nce(conf, ok)), "errors_caught_at_10pct": _num(errors_caught(conf, ok))}


def evaluate(args: argparse.Namespace, model=None, state: dict | None = None, exp_dir: Path | None = None) -> dict:
    """Stage 6 on work/exp/final.pt, or on `model` (with its training `state`) when given (a continued run's
    candidate); the calibration goes to `exp_dir` (default work/exp), eval.json to the bundle directory."""
    if model is None:
        model, ckpt = load_trained(args.work_dir)
        state = ckpt.get("state", {})
    exp_dir = exp_dir or args.work_dir / "exp"
    torch.set_num_threads(args.threads)
    feats_dir = args.work_dir / "feats"
    dev_names = [n for n in ("dev", "dev_noisy", "extra_dev") if (feats_dir / f"{n}.json").exists()]
    test_names = [n for n in TEST_SETS if (feats_dir / f"{n}.json").exists()]
    decoded: dict[str, list[dict]] = {}
    audio_s, t0 = 0.0, time.time()
    for name in dev_names + test_names:
        feats, index = load_set(args.work_dir, name)
        decoded[name] = decode_set(model, feats, index)
        audio_s += sum(r["frames"] for r in index) / 100
        log(f"eval: {name}: WER {error_rate([u['ref'] for u in decoded[name]], [u['hyp'] for u in decoded[name]]):.2%}")
    decode_rtf = (time.time() - t0) / max(audio_s, 1e-9)

    def wer_block(utts: list[dict]) -> dict:
        refs, hyps = [u["ref"] for u in utts], [u["hyp"] for u in utts]
        return {"utterances": len(utts), "words": sum(len(r.split()) for r in refs),
                "wer": round(error_rate(refs, hyps, "word"), 4), "cer": round(error_rate(refs, hyps, "char"), 4)}

    sets_report: dict[str, dict] = {}
    for name, utts in decoded.items():
        block = wer_block(utts)
        by_voice: dict[str, list[dict]] = defaultdict(list)
        for u in utts:
            by_voice[u["voice"]].append(u)
        if name in ("test_clean", "test_unseen_voices", "test_noisy"):
            block["per_voice"] = {v: wer_block(us) for v, us in sorted(by_voice.items()) if len(us) >= 3}
        if name in HELD_OUT:
            block["slices"] = slice_table(utts)  # the field dashboard's fairness table for the test voices
        sets_report[name] = block

    # confidence: pick the measure on dev, calibrate on dev, report on test
    dev_utts = [u for n in dev_names for u in decoded[n]]
    candidates = {}
    for measure, agg in CANDIDATES:
        raw, ok = _scores(dev_utts, measure, agg)
        candidates[f"{measure}/{agg}"] = {"dev_auroc_raw": _num(auroc_error_detection(raw, ok))}
    best = max(CANDIDATES, key=lambda c: candidates[f"{c[0]}/{c[1]}"]["dev_auroc_raw"] or 0.0)
    raw_dev, ok_dev = _scores(dev_utts, *best)
    a, b = platt_fit(raw_dev, ok_dev)
    calibration = {"measure": best[0], "alpha": 1.0 / 3.0 if best[0] == "tsallis" else None, "aggregation": best[1],
                   "method": "platt", "a": a, "b": b, "fitted_on": dev_names, "dev_words": int(len(raw_dev))}
    conf_report = {"dev": confidence_report(platt_apply(raw_dev, a, b), ok_dev)}
    pooled_c, pooled_ok = [], []
    for name in test_names:
        raw, ok = _scores(decoded[name], *best)
        cal = platt_apply(raw, a, b)
        conf_report[name] = confidence_report(cal, ok)
        conf_report[name]["uncalibrated_ece"] = _num(ece(np.clip(raw, 0, 1), ok)) if len(raw) else None
        if name in HELD_OUT:
            pooled_c.append(cal)
            pooled_ok.append(ok)
    if pooled_c:
        c, o = np.concatenate(pooled_c), np.concatenate(pooled_ok)
        conf_report["held_out"] = confidence_report(c, o)
        conf_report["held_out"]["sets"] = HELD_OUT
        conf_report["held_out"]["reliability"] = reliability(c, o)
    for name in candidates:
        m, g = name.split("/")
        for tn in HELD_OUT:
            if tn in decoded:
                raw, ok = _scores(decoded[tn], m, g)
                candidates[name][f"{tn}_auroc_raw"] = _num(auroc_error_detection(raw, ok))

    state = state or {}
    result = {
        "model": {"id": args.model_id, "version": args.model_version},
        "decoding": "greedy CTC, no language model",
        "sets": sets_report,
        "confidence": {"chosen": calibration, "candidates": candidates, "metrics": conf_report},
        "training": {"steps": state.get("step"), "epochs_completed": state.get("epoch"),
                     "minutes": round(state.get("elapsed", 0) / 60, 1), "history": state.get("history", [])},
        "pytorch_decode_rtf": round(decode_rtf, 5),
    }
    exp_dir.mkdir(parents=True, exist_ok=True)
    (exp_dir / "calibration.json").write_text(json.dumps(calibration, indent=1))
    args.bundle_dir.mkdir(parents=True, exist_ok=True)
    (args.bundle_dir / "eval.json").write_text(json.dumps(result, indent=1))
    log(f"eval: confidence {best[0]}/{best[1]} platt a={a:.3f} b={b:.3f}; held-out {conf_report.get('held_out', {})}")
    return result
