"""Fairness slices of the recipe's own test voices: the field dashboard's table, measured in the lab.

Every test utterance was spoken by a known synthetic voice, so its slice attributes are *declared* here from the
synthesisers' voice definitions (espeak-ng's language voice names and the `gender` line of its variant files; flite's
voice descriptions), never inferred from audio; a voice or attribute not declared is "unspecified". Per attribute
(accent, gender, synthesiser, voice) and per slice: utterances, words, word errors, WER with a 95 % interval and the
largest disparity (worst / best WER over slices of at least MIN_WORDS words, warning above DISPARITY_WARNING_RATIO).

The measures are the server's (apps/server/src/quality/summarizeModel.ts `slicesOf`) with its defaults
(apps/server/src/quality/QualitySettings.ts: minWords 100, disparityWarningRatio 1.5), and the interval is core's
`errorRateInterval` (packages/core/src/quality/errorRateInterval.ts) ported line for line, with utterances as the
clusters where the field uses verified spans. So a lab slice and a field slice of the same name read the same way.

  python3 -m verbatim_recipe.slices --bundle-dir ../verbatim-en-char-v1   (from models/recipe; see main())
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
from collections import defaultdict
from pathlib import Path

from .metrics import edit_distance

# core's Z_95 (packages/core/src/quality/wilsonInterval.ts)
Z_95 = 1.959963984540054
# The server's defaults (apps/server/src/quality/QualitySettings.ts DEFAULT_QUALITY_SETTINGS)
MIN_WORDS = 100
DISPARITY_WARNING_RATIO = 1.5
UNSPECIFIED = "unspecified"
ATTRIBUTES = ("accent", "gender", "synthesiser", "voice")

# espeak-ng language voices (`espeak-ng --voices=en`: English_(Scotland), English_(Lancaster), ...)
ESPEAK_ACCENTS = {
    "en-us": "US English",
    "en-us-nyc": "New York City English",
    "en-gb": "British English",
    "en-gb-scotland": "Scottish English",
    "en-gb-x-gbclan": "Lancastrian English",
    "en-gb-x-rp": "Received Pronunciation",
    "en-gb-x-gbcwmd": "West Midlands English",
    "en-029": "Caribbean English",
}
# espeak-ng variants (espeak-ng-data/voices/!v/<name>): the gender their file declares; those whose file declares none
# (klatt*, adam, david, ed, ...) are left out and read as unspecified.
ESPEAK_VARIANT_GENDER = {
    **{v: "male" for v in ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "Andy", "travis", "victor", "croak", "whisper")},
    **{v: "female" for v in ("f1", "f2", "f3", "f4", "f5", "Annie", "aunty", "linda", "steph", "grandma")},
}
# flite's built-in voices: CMU's kal/kal16 diphone and the CMU ARCTIC awb, rms, slt speakers
FLITE_VOICES = {
    "kal": {"accent": "US English", "gender": "male"},
    "kal16": {"accent": "US English", "gender": "male"},
    "awb": {"accent": "Scottish English", "gender": "male"},
    "rms": {"accent": "US English", "gender": "male"},
    "slt": {"accent": "US English", "gender": "female"},
}


def voice_attributes(voice: str) -> dict[str, str]:
    """The declared slice attributes of a manifest voice ("espeak:<accent>+<variant>" or "flite:<voice>")."""
    kind, _, name = voice.partition(":")
    if kind == "espeak" and name:
        accent, _, variant = name.partition("+")
        return {"accent": ESPEAK_ACCENTS.get(accent, UNSPECIFIED), "gender": ESPEAK_VARIANT_GENDER.get(variant, UNSPECIFIED),
                "synthesiser": "espeak-ng", "voice": voice}
    if kind == "flite" and name:
        d = FLITE_VOICES.get(name, {})
        return {"accent": d.get("accent", UNSPECIFIED), "gender": d.get("gender", UNSPECIFIED), "synthesiser": "flite",
                "voice": voice}
    return {"accent": UNSPECIFIED, "gender": UNSPECIFIED, "synthesiser": UNSPECIFIED, "voice": voice or UNSPECIFIED}


def error_rate_interval(units: list[tuple[int, int]], z: float = Z_95) -> dict | None:
    """core's errorRateInterval: delta-method 95 % interval of Σ errors / Σ words over (errors, words) clusters,
    Var = k / (k - 1) * Σ (e_i - R w_i)^2 / (Σ w_i)^2; None with fewer than two clusters with words; lower bound >= 0."""
    if any(not (math.isfinite(e) and math.isfinite(w)) or e < 0 or w < 0 for e, w in units):
        raise ValueError("every unit needs non-negative errors and words")
    counted = [(e, w) for e, w in units if w > 0]
    k = len(counted)
    if k < 2:
        return None
    words = sum(w for _, w in counted)
    rate = sum(e for e, _ in counted) / words
    squares = sum((e - rate * w) ** 2 for e, w in counted)
    half = z * math.sqrt((k / (k - 1)) * squares) / words
    return {"lower": max(0.0, rate - half), "upper": rate + half}


def largest_disparity(slices: list[dict], min_words: int = MIN_WORDS,
                      warning_ratio: float = DISPARITY_WARNING_RATIO) -> dict | None:
    """core's largestDisparity with the server's warning rule: worst over best WER among slices of >= min_words words
    (the first seen wins ties); None with fewer than two; ratio None (and a warning) when the best made no errors."""
    enough = [s for s in slices if s["words"] >= min_words and s["wer"] is not None]
    if len(enough) < 2:
        return None
    worst = best = enough[0]
    for s in enough:
        if s["rate"] > worst["rate"]:
            worst = s
        if s["rate"] < best["rate"]:
            best = s
    ratio = 1.0 if worst["rate"] == best["rate"] else math.inf if best["rate"] == 0 else worst["rate"] / best["rate"]
    return {"worst": worst["value"], "best": best["value"], "ratio": None if math.isinf(ratio) else round(ratio, 4),
            "warning": math.isinf(ratio) or ratio > warning_ratio}


def _r(x: float) -> float:
    return round(x, 4)


def slice_table(utterances: list[dict], min_words: int = MIN_WORDS, warning_ratio: float = DISPARITY_WARNING_RATIO) -> dict:
    """The slices block of one set from its utterances ({"voice", "ref", "hyp"}, or precomputed "errors"/"words"):
    per attribute, slices sorted by value, each with utterances, words, errors, wer and its interval."""
    scored = []
    for u in utterances:
        if "errors" in u:
            errors, words = int(u["errors"]), int(u["words"])
        else:
            ref, hyp = u["ref"].split(), u["hyp"].split()
            errors, words = edit_distance(ref, hyp), len(ref)
        scored.append((voice_attributes(u.get("voice", "")), errors, words))
    groups = []
    for attribute in ATTRIBUTES:
        by_value: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for attrs, errors, words in scored:
            by_value[attrs[attribute]].append((errors, words))
        slices = []
        for value in sorted(by_value):
            units = by_value[value]
            words = sum(w for _, w in units)
            errors = sum(e for e, _ in units)
            rate = errors / words if words else None
            interval = error_rate_interval(units)
            slices.append({"value": value, "utterances": len(units), "words": words, "errors": errors, "rate": rate,
                           "wer": None if rate is None else _r(rate),
                           "interval": None if interval is None else {k: _r(v) for k, v in interval.items()}})
        disparity = largest_disparity(slices, min_words, warning_ratio)
        for s in slices:
            del s["rate"]
        groups.append({"key": attribute, "slices": slices, "disparity": disparity})
    return {"minWords": min_words, "disparityWarningRatio": warning_ratio, "clusters": "utterances", "groups": groups}


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def slices_markdown(sets: dict[str, dict], source: str | None = None) -> str:
    """The "## Fairness slices (test voices)" section of the model card from eval.json's sets (those with `slices`)."""
    with_slices = {n: s["slices"] for n, s in sets.items() if isinstance(s, dict) and "slices" in s}
    if not with_slices:
        return ""
    first = next(iter(with_slices.values()))
    lines = [
        "## Fairness slices (test voices)",
        "",
        "The workbench's Quality dashboard table (WER per slice with its 95% interval and the largest disparity) for the "
        "recipe's own held-out test sets, so lab and field can be compared. The slice attributes are declared from the "
        "synthesisers' voice definitions (`verbatim_recipe/slices.py`; a variant whose espeak-ng file names no gender is "
        "\"unspecified\"), never inferred from audio. Intervals are core's delta-method interval (`errorRateInterval`) "
        f"with utterances as clusters; the disparity is worst / best WER over slices of at least {first['minWords']} "
        f"words (slices below that are marked *) and warns above {first['disparityWarningRatio']}, the server's defaults. "
        "To compare with the field, give recordings or speakers the same keys in the workbench (e.g. `accent`, `gender`) "
        "and read the Quality dashboard's slice bars for this model version beside these rows: a field slice far above "
        "its lab row (outside both intervals) is a gap that synthetic test speech does not show; the lab figures are for "
        "synthetic speech, so expect field WER to be higher overall.",
    ]
    if source:
        lines += ["", source]
    for name, table in with_slices.items():
        for group in table["groups"]:
            many = len(group["slices"]) > 12  # e.g. the ~200 voices of test_clean: their rows stay in eval.json
            lines += ["", f"`{name}`, by {group['key']}" + (f": {len(group['slices'])} slices (rows in `eval.json`)." if many else ":")]
            if not many:
                lines += ["", "| slice | utterances | words | WER | 95% interval |", "|---|---:|---:|---:|---|"]
            for s in [] if many else group["slices"]:
                iv = s["interval"]
                mark = "" if s["words"] >= table["minWords"] else " *"
                span = "n/a" if iv is None else f"{_pct(iv['lower'])} to {_pct(iv['upper'])}"
                lines.append(f"| {s['value']}{mark} | {s['utterances']} | {s['words']} | {_pct(s['wer'])} | {span} |")
            d = group["disparity"]
            if d is None:
                lines.append(f"\nLargest disparity: not enough data (fewer than two slices of {table['minWords']} words).")
            else:
                ratio = "unbounded" if d["ratio"] is None else f"{d['ratio']:.2f}x"
                warn = " -- **above the warning ratio**" if d["warning"] else ""
                lines.append(f"\nLargest disparity: {d['worst']} / {d['best']} = {ratio}{warn}.")
    lines += ["", "Per-voice slices with their intervals: `eval.json`, `sets.<set>.slices`.", ""]
    return "\n".join(lines)


SECTION = "## Fairness slices (test voices)"


def replace_section(card: str, section: str, before: str = "## Decoding with the word language model") -> str:
    """The card with its fairness section replaced by `section` (or inserted before `before`, else appended)."""
    text = re.sub(re.escape(SECTION) + r"\n.*?(?=^## |\Z)", "", card, flags=re.S | re.M).rstrip("\n") + "\n"
    if before in text:
        head, tail = text.split(before, 1)
        return head.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n\n" + before + tail
    return text + "\n" + section.rstrip("\n") + "\n"


def greedy_from_cache(bundle_dir: Path, work_dir: Path, name: str) -> list[dict] | None:
    """Greedy hypotheses of a set from the log-prob cache that `npm run eval` (models/lm/evalSets.ts) keeps for this
    bundle's model.onnx and this manifest (key: sha256(model sha256 + manifest bytes)); None when there is none."""
    import numpy as np

    from .confidence import greedy_words

    manifest = work_dir / "manifests" / f"{name}.jsonl"
    if not manifest.exists():
        return None
    model_json = json.loads((bundle_dir / "model.json").read_text())
    key = hashlib.sha256(model_json["sha256"].encode() + manifest.read_bytes()).hexdigest()[:16]
    cache = work_dir / "lm" / "logprobs" / f"{name}-{key}.bin"
    if not cache.exists():
        return None
    vocab = len(model_json["tokens"])
    records = [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]
    frames = json.loads(Path(f"{cache}.json").read_text())
    data = np.fromfile(cache, dtype="<f4")
    if len(frames) != len(records) or sum(frames) * vocab != len(data):
        raise SystemExit(f"slices: {cache} does not match {manifest}")
    out, off = [], 0
    for rec, f in zip(records, frames):
        lp = data[off: off + f * vocab].reshape(f, vocab)
        off += f * vocab
        out.append({"voice": rec.get("voice", ""), "ref": rec["text"], "hyp": " ".join(w.text for w in greedy_words(lp))})
    return out


def greedy_from_checkpoint(bundle_dir: Path, work_dir: Path, name: str) -> list[dict] | None:
    """Greedy hypotheses of a set as stage 6 decodes them (Python front end, float16 features, decode_set), with the
    bundle's checkpoint.pt (float16 weights; the training run's exp/final.pt is not kept)."""
    import numpy as np
    import torch

    from .evaluate import decode_set
    from .featstore import _one
    from .model import ConformerCtc, ModelConfig

    manifest = work_dir / "manifests" / f"{name}.jsonl"
    if not manifest.exists():
        return None
    ckpt = torch.load(bundle_dir / "checkpoint.pt", map_location="cpu")
    model = ConformerCtc(ModelConfig(**ckpt["config"]))
    model.load_state_dict({k: v.float() for k, v in ckpt["model"].items()})
    model.eval()
    chunks, index, offset = [], [], 0
    for rec in (json.loads(line) for line in manifest.read_text().splitlines() if line.strip()):
        f = _one(rec)
        if len(f) < 8:
            continue
        chunks.append(f)
        index.append({"text": rec["text"], "offset": offset, "frames": len(f), "voice": rec.get("voice", "")})
        offset += len(f)
    return [{"voice": u["voice"], "ref": u["ref"], "hyp": u["hyp"]} for u in decode_set(model, np.concatenate(chunks), index)]


def main(argv: list[str] | None = None) -> int:
    """Adds `slices` to the held-out sets of a bundle's eval.json and the fairness section to its MODEL_CARD.md,
    leaving every other figure as it is."""
    from .evaluate import HELD_OUT

    here = Path(__file__).resolve().parents[1]
    p = argparse.ArgumentParser(description=main.__doc__)
    p.add_argument("--bundle-dir", type=Path, default=here.parent / "verbatim-en-char-v1")
    p.add_argument("--work-dir", type=Path, default=here / "work")
    p.add_argument("--decode", choices=["cache", "checkpoint"], default="cache",
                   help="cache: the shipped model.onnx's log-probs cached by `npm run eval`; checkpoint: PyTorch, as stage 6")
    args = p.parse_args(argv)
    ev_path, card_path = args.bundle_dir / "eval.json", args.bundle_dir / "MODEL_CARD.md"
    ev = json.loads(ev_path.read_text())
    decode = greedy_from_cache if args.decode == "cache" else greedy_from_checkpoint
    recomputed = {}
    for name in HELD_OUT:
        utts = decode(args.bundle_dir, args.work_dir, name)
        if utts is None:
            raise SystemExit(f"slices: no {args.decode} decode for {name}; render the sets and run `npm run eval` first")
        ev["sets"].setdefault(name, {})["slices"] = slice_table(utts)
        words = sum(len(u["ref"].split()) for u in utts)
        errors = sum(edit_distance(u["ref"].split(), u["hyp"].split()) for u in utts)
        recomputed[name] = {"utterances": len(utts), "words": words, "wer": _r(errors / max(words, 1))}
    ev["slicesSource"] = {
        "decode": "greedy CTC, no language model, "
                  + ("the bundle's model.onnx (log-probs cached by npm run eval)" if args.decode == "cache"
                     else "the bundle's checkpoint.pt (PyTorch)"),
        "sets": recomputed,
        "note": "the held-out sets as rendered for the slices (see the model card's LM section); the sets' own "
                "utterances/words/wer above are from the first evaluation and were not changed",
    }
    ev_path.write_text(json.dumps(ev, indent=1))
    source = ("Decoded greedily (no LM) by the shipped `model.onnx` on the held-out sets as rendered for the LM section "
              "below (the same greedy figures as its table: "
              + ", ".join(f"{n} {_pct(r['wer'])} on {r['words']} words" for n, r in recomputed.items())
              + "); the Results table above is from the first rendering.")
    card_path.write_text(replace_section(card_path.read_text(), slices_markdown(ev["sets"], source)))
    print(json.dumps(recomputed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
