"""Stage 7: the bundle's description -- model.json (everything a runtime needs) and MODEL_CARD.md.

The runtime reads only the bundle: front-end parameters, tokens, blank id, frame shift and the confidence
calibration all come from model.json, never from code.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from .export import sha256
from .frontend import FrontEndConfig
from .log import log
from .model import ModelConfig, count_parameters, ConformerCtc
from .slices import slices_markdown
from .synth import ESPEAK_ACCENTS_TRAIN, ESPEAK_VARIANTS_TRAIN, FLITE_TRAIN, HELD_OUT_VOICES
from .tokens import BLANK, BLANK_SYMBOL, TOKENS, WORD_BOUNDARY


def _camel(d: dict) -> dict:
    return {re.sub(r"_([a-z])", lambda m: m.group(1).upper(), k): v for k, v in d.items()}


def _data_summary(work_dir: Path, synthetic: bool, train_sets: list[str] | None = None) -> dict:
    out: dict = {"synthetic": synthetic}
    counts = work_dir / "text" / "counts.json"
    if counts.exists():
        out["text"] = json.loads(counts.read_text())
    feats = work_dir / "feats"
    sets = {}
    for idx in sorted(feats.glob("*.json")):
        index = json.loads(idx.read_text())
        sets[idx.stem] = {"utterances": len(index), "hours": round(sum(r["frames"] for r in index) / 360000, 2)}
    out["sets"] = sets
    if train_sets:
        out["heard"] = heard_from_data(work_dir, train_sets)
    out["voices"] = {
        "train": {"espeak_accents": ESPEAK_ACCENTS_TRAIN, "espeak_variants": ESPEAK_VARIANTS_TRAIN, "flite": FLITE_TRAIN},
        "held_out": HELD_OUT_VOICES,
    }
    out["text_sources"] = ["Debian 'fortunes' collection", "README/text files under /usr/share/doc",
                           "(those two read once and pinned: recipe/text/debian-sentences.txt.xz)",
                           "generated everyday sentences (numbers, dates, times)",
                           "generated domain sentences: medicine, Ruby programming, social-science research"]
    out["augmentation"] = ["speed perturbation 0.9-1.1 (sox)", "reverberation (sox)", "telephone band-pass 300-3400 Hz (sox)",
                           "white/pink/brown noise at 5-30 dB SNR", "gain", "SpecAugment"]
    return out


def write_bundle(args: argparse.Namespace, exp_dir: Path | None = None, continued: dict | None = None) -> None:
    """Stage 7 from work/exp (or `exp_dir`: a continued run's calibration.json and train_state.json); `continued`
    (a continued run's segments and data history) goes into model.json's training section."""
    bundle: Path = args.bundle_dir
    exp_dir = exp_dir or args.work_dir / "exp"
    onnx_path = bundle / "model.onnx"
    if not onnx_path.exists():
        raise SystemExit(f"bundle: {onnx_path} missing; run stage 5 first")
    cal_path = exp_dir / "calibration.json"
    if not cal_path.exists():
        raise SystemExit(f"bundle: {cal_path} missing; run stage 6 first")
    cal = json.loads(cal_path.read_text())
    state = json.loads((exp_dir / "train_state.json").read_text())
    import torch

    ckpt = torch.load(bundle / "checkpoint.pt", map_location="cpu")
    cfg = ModelConfig(**ckpt["config"])
    n_params = count_parameters(ConformerCtc(cfg))
    fe = FrontEndConfig()
    model_json = {
        "schema": 1,
        "id": args.model_id,
        "version": args.model_version,
        "language": "en",
        "file": "model.onnx",
        "sha256": sha256(onnx_path),
        "sampleRate": fe.sample_rate,
        "input": {"kind": "features", "name": "audio_signal", "lengthName": "length", "layout": "batch,features,time",
                  "frontEnd": _camel(fe.to_json())},
        "output": {"kind": "ctc-log-probs", "name": "logprobs", "lengthName": "logprobs_length", "subsamplingFactor": 4,
                   "frameShiftSeconds": fe.frame_shift_ms / 1000 * 4,
                   "lengthFormula": "ceil(ceil(frames / 2) / 2)"},
        "tokens": TOKENS + [BLANK_SYMBOL],
        "tokensFile": "tokens.txt",
        "blankId": BLANK,
        "wordBoundary": WORD_BOUNDARY,
        "normalization": "lower-case a-z, apostrophe and space; numbers spelled out",
        "confidence": {
            "measure": cal["measure"], "alpha": cal["alpha"], "aggregation": cal["aggregation"],
            "frames": "non-blank frames of the word's tokens on the greedy path",
            "calibration": {"method": "platt", "a": cal["a"], "b": cal["b"],
                            "formula": "p = 1 / (1 + exp(-(a * logit(raw) + b)))"},
        },
        "architecture": {"kind": "conformer-ctc", "parameters": n_params, **_camel(cfg.to_json())},
        "training": {"data": _data_summary(args.work_dir, not args.no_synth and not args.manifest,
                                           sorted((continued or {}).get("trainSets") or {}) or None), "steps": state.get("step"),
                     "epochsCompleted": state.get("epoch"), "minutes": round(state.get("elapsed", 0) / 60, 1),
                     "device": args.device, "seed": args.seed,
                     "recipe": "models/recipe/run.py (see models/recipe/README.md)", **(continued or {})},
        "sherpaOnnx": {"kind": "nemo_ctc", "model": "model.onnx", "tokens": "tokens.txt"},
        "eval": "eval.json",
        "fixtures": "fixtures/fixtures.json",
    }
    (bundle / "model.json").write_text(json.dumps(model_json, indent=1, ensure_ascii=False) + "\n")
    ev = json.loads((bundle / "eval.json").read_text())
    (bundle / "MODEL_CARD.md").write_text(model_card(model_json, ev))
    log(f"bundle: {bundle} written")


def _voices(v) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_voices(x)}" for k, x in v.items())
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v)


CONDITION_NAMES = {"speed": "speed perturbation", "reverb": "reverberation", "telephone": "telephone band-pass",
                   "noise": "white/pink/brown noise", "shift": "pitch and formant shifts", "eq": "microphone colouring (EQ)",
                   "room": "room reverberation", "levels": "level changes", "babble": "babble of other synthetic voices",
                   "clip": "clipping", "codec": "codec round trips (MP3, Opus, GSM, telephone mu-law)"}


def heard_from_data(work_dir: Path, sets: list[str]) -> dict:
    """What the training sets hold, read from their stored features' index: per set hours, utterances, voices per
    engine, and the share of utterances under each recording condition."""
    out: dict = {}
    for name in sets:
        path = work_dir / "feats" / f"{name}.json"
        if not path.is_file():
            continue
        index = json.loads(path.read_text())
        engines: dict[str, set] = {}
        conds: dict[str, int] = {}
        for r in index:
            engine, _, voice = r.get("voice", "unknown:").partition(":")
            engines.setdefault(engine, set()).add(voice)
            for k in r.get("aug", {}):
                if k in CONDITION_NAMES:
                    conds[k] = conds.get(k, 0) + 1
        out[name] = {"utterances": len(index), "hours": round(sum(r["frames"] for r in index) / 360000, 2),
                     "voices": {e: len(v) for e, v in sorted(engines.items())},
                     "conditions": {k: round(n / max(len(index), 1), 3) for k, n in sorted(conds.items())}}
    return out


def heard_section(m: dict) -> list[str]:
    """'## What it has heard': the data every training segment used and, plainly, what the model has never heard."""
    tr = m["training"]
    data = tr["data"]
    voices = data.get("voices", {})
    sets = tr.get("trainSets") or {k: v for k, v in data.get("sets", {}).items() if k.startswith("train")}
    hours = sum(float(v.get("hours", 0)) for v in sets.values())
    per_set = ", ".join(f"`{k}` {v.get('hours')} h" for k, v in sets.items())
    heard = data.get("heard")
    if heard:
        engines: dict[str, int] = {}
        for h in heard.values():
            for e, n in h["voices"].items():
                engines[e] = max(engines.get(e, 0), n)
        said = []
        for name, h in heard.items():
            conds = ", ".join(f"{CONDITION_NAMES[k]} {v:.0%}" for k, v in h["conditions"].items())
            said.append(f"`{name}`: {h['hours']} h, {h['utterances']} utterances, voices "
                        f"{', '.join(f'{e} {n}' for e, n in h['voices'].items())}; conditions: {conds or 'none'}")
        lines = [
            "## What it has heard",
            f"- **Heard**: {hours:.1f} h of synthetic English speech from the speech engines "
            f"{', '.join(engines)} (voices = accent x variant for espeak-ng), plus SpecAugment in training. Per set "
            f"(share of utterances under each condition): {'; '.join(said)}.",
        ]
    else:
        lines = [
            "## What it has heard",
            f"- **Heard**: {hours:.1f} h of synthetic English speech ({per_set}), "
            f"read sentences only, from the training voices ({_voices(voices.get('train', {}))}), with "
            f"{', '.join(data.get('augmentation', []))}.",
        ]
    segs = tr.get("segments")

    def _arithmetic(sg: dict) -> str:
        # float32 unless said: segments before --precision existed did not record it
        changes = sg.get("precisionChanges") or []
        if changes:
            return ", " + ", then ".join([changes[0]["from"]] + [f"{c['to']} from step {c['step']}" for c in changes])
        return f", {sg['precision']}" if sg.get("precision", "fp32") != "fp32" else ""

    if segs:
        parts = []
        for sg in segs:
            if "startStep" in sg:
                parts.append(f"segment {sg['index']}: from step {sg['startStep']}, {sg.get('minutes', '?')} min on "
                             f"`{sg.get('device')}` ({sg.get('threads')} thread{'s' if sg.get('threads') != 1 else ''}), "
                             f"peak learning rate {sg.get('peakLr')}" + _arithmetic(sg))
            else:
                parts.append(f"segment {sg['index']}: {sg.get('kind', 'training')}, {sg.get('steps')} steps, "
                             f"{sg.get('minutes')} min on `{sg.get('device')}`")
        lines.append(f"- **Training so far**: {tr.get('steps')} steps, {tr.get('minutes')} min in all, in {len(segs)} "
                     f"segments ({'; '.join(parts)}). Each session may add a segment (`npm run model:train -- --continue`); "
                     "the bundle changes only when held-out WER improves.")
    try:
        from .voices import HELD_OUT

        held = (f"espeak-ng accent(s) {', '.join(HELD_OUT['espeak_accents'])} with every variant, variant(s) "
                f"{', '.join(HELD_OUT['espeak_variants'])} with every accent, and {', '.join(HELD_OUT['voices'])}")
    except ImportError:
        held = ", ".join(voices.get("held_out", []))
    lines += [
        f"- **Never heard**: a human voice; the held-out voices ({held}), which only the test sets of unseen voices "
        "speak; spontaneous speech as people make it (the conversational text it heard was read by synthesisers), "
        "talkers overlapping other than as background babble; real rooms, microphones, telephone lines or codecs (only "
        "the simulated conditions above); any language other than English. Expect far higher error rates on any of "
        "these than in the tables below.",
        "",
    ]
    return lines


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _f3(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def model_card(m: dict, ev: dict) -> str:
    sets = ev["sets"]
    conf = ev["confidence"]["metrics"]
    chosen = ev["confidence"]["chosen"]
    data = m["training"]["data"]
    train_h = data["sets"].get("train", {}).get("hours")
    lines = [
        f"# {m['id']} {m['version']}",
        "",
        "A small character-level Conformer-CTC English acoustic model, trained from scratch by Verbatim's recipe "
        "(`models/recipe`) on **synthetic speech only**.",
        "",
        "## Intended use",
        "The default model that ships with Verbatim so that the product works offline out of the box: transcribing "
        "clear English speech, with word timings and calibrated word confidence that guide human review. It is a "
        "starting point, not a production recogniser: adapt it to your recordings with the real-data path "
        "(`npm run model:train -- --manifest your.jsonl --init-from models/verbatim-en-char-v1 --no-synth`), or plug in "
        "a stronger NeMo-style CTC export by writing a `model.json` for it.",
        "",
        "## Limits -- read this first",
        "- **It has heard only synthetic voices** (see *What it has heard*). Real human speech -- accents, spontaneous "
        "speech, overlapping talkers, room noise -- will give far higher error rates than the tables below.",
        "- It spells by sound: greedy decoding gives near-miss spellings of rare words and names; the bundled word "
        "language model (beam search) fixes many common words, and a domain's terms need its plugin or a project "
        "vocabulary. An entry's boost helps where the model nearly spells the term, not where it hears something "
        "further off: list those mishearings under the entry's `soundsLike`.",
        "- Output is lower-case letters and apostrophes; numbers come out spelled as words.",
        "",
        *heard_section(m),
        "## Model",
        f"- {m['architecture']['parameters'] / 1e6:.2f}M parameters: {m['architecture']['layers']} Conformer blocks, width "
        f"{m['architecture']['dModel']}, {m['architecture']['heads']} heads, conv kernel {m['architecture']['convKernel']}, "
        f"4x time subsampling (40 ms per output frame), {len(m['tokens'])} outputs (28 characters + blank).",
        "- Front end: the NeMo-style log-mel filterbank that sherpa-onnx computes for NeMo CTC models (80 Slaney mel bins, "
        "25 ms Hann window, 10 ms shift, n_fft 512, pre-emphasis 0.97, per-feature normalisation), so the same "
        "`model.onnx` runs in Verbatim and in sherpa-onnx (`nemo_ctc`).",
        (f"- Trained {m['training']['steps']} steps in {m['training']['minutes']} minutes, in the segments listed under "
         "*What it has heard*." if m["training"].get("segments") else
         f"- Trained {m['training']['steps']} steps ({m['training']['epochsCompleted']} full epochs) in "
         f"{m['training']['minutes']} minutes on `{m['training']['device']}`."),
        "",
        "## Data",
        f"- Text: {data.get('text', {}).get('general_train_words', 'n/a')} words of general English for training "
        "(Debian's fortunes, package documentation, generated sentences) plus generated medicine, Ruby and "
        "social-science sentences. Held-out sentences are chosen by a hash of their text and never trained on.",
        f"- Speech: {train_h} h synthesised with espeak-ng ({len(data['voices']['train']['espeak_accents'])} accents x "
        f"{len(data['voices']['train']['espeak_variants'])} variants, rate 130-200 wpm, pitch 20-80) and flite "
        f"({', '.join(data['voices']['train']['flite'])}); augmented with {', '.join(data['augmentation'])}.",
        *[f"- More speech, `{k}`: {h['hours']} h, {h['utterances']} utterances (voices per engine, conditions and "
          "when it joined: *What it has heard*, model.json `training.dataHistory`)."
          for k, h in data.get("heard", {}).items() if k != "train"],
        f"- Held-out voices (never in training): {', '.join(data['voices']['held_out'])}.",
        "",
        "## Results (greedy decoding)",
        "| set | utterances | words | WER | CER |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, s in sets.items():
        lines.append(f"| {name} | {s['utterances']} | {s['words']} | {_pct(s['wer'])} | {_pct(s['cer'])} |")
    for name in ("test_clean", "test_unseen_voices", "test_noisy"):
        if name in sets and "per_voice" in sets[name]:
            lines += ["", f"Per voice, `{name}`:", "", "| voice | utterances | WER | CER |", "|---|---:|---:|---:|"]
            for v, s in sets[name]["per_voice"].items():
                lines.append(f"| {v} | {s['utterances']} | {_pct(s['wer'])} | {_pct(s['cer'])} |")
    lines += [
        "",
        "## Word confidence",
        f"Measure: `{chosen['measure']}` aggregated by `{chosen['aggregation']}` over the word's frames (chosen on dev "
        f"from {', '.join(ev['confidence']['candidates'])}), Platt-calibrated on {', '.join(chosen['fitted_on'])} "
        f"(a = {chosen['a']:.3f}, b = {chosen['b']:.3f}).",
        "",
        "| set | words | word accuracy | AUROC (error detection) | ECE | NCE | errors caught flagging lowest 10% |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, c in conf.items():
        lines.append(f"| {name} | {c['words']} | {_pct(c['word_accuracy'])} | {_f3(c['auroc'])} | {_f3(c['ece'])} | "
                     f"{_f3(c['nce'])} | {_pct(c['errors_caught_at_10pct'])} |")
    lines += ["", "Full figures, training history and per-candidate AUROCs: `eval.json`.", ""]
    section = slices_markdown(sets)
    return "\n".join(lines) + ("\n" + section if section else "")
