"""A fine-tuned model as a complete bundle: stage 5's ONNX export and checkpoint, the parent's model.json carried
over with the new id/version/hash, the word confidence re-calibrated on the dev split when it has enough words (else
the parent's kept), the parent's word LM, eval.json (parent vs fine-tuned on dev), lineage.json and MODEL_CARD.md.

Parity fixtures are the parent's own utterances (never the team's recordings, which stay out of a bundle that may be
shared) with the fine-tuned model's log-probs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import torch

from .export import export_onnx, write_fixtures
from .ftdata import Parent, file_sha256
from .frontend import FrontEndConfig
from .log import log
from .model import count_parameters
from .tokens import tokens_txt

MIN_CALIBRATION_WORDS = 200


def _calibrate(model, run_dir: Path, parent: Parent) -> tuple[dict, str]:
    """Platt a/b for the parent's measure, fitted on the dev split's words when there are enough of both kinds."""
    from .confidence import platt_fit
    from .evaluate import _scores, decode_set
    from .featstore import load_set

    conf = json.loads(json.dumps(parent.model_json.get("confidence", {})))
    measure, agg = conf.get("measure"), conf.get("aggregation")
    if not measure or not agg:
        return conf, "the parent has no confidence measure"
    feats, index = load_set(run_dir, "dev")
    raw, ok = _scores(decode_set(model, np.asarray(feats), index), measure, agg)
    if len(raw) < MIN_CALIBRATION_WORDS or ok.all() or not ok.any():
        return conf, f"kept the parent's calibration (dev has {len(raw)} words, {int((~ok).sum())} wrong; refitting needs {MIN_CALIBRATION_WORDS}+ of both kinds)"
    a, b = platt_fit(raw, ok)
    conf.setdefault("calibration", {}).update({"method": "platt", "a": a, "b": b})
    return conf, f"Platt-refitted on the dev split ({len(raw)} words)"


def _fixtures(model, parent: Parent, bundle: Path, tmp: Path) -> bool:
    src = parent.dir / "fixtures" / "fixtures.json"
    if not src.is_file():
        return False
    utts = json.loads(src.read_text()).get("utterances", [])
    manifest = tmp / "parent-fixtures.jsonl"
    manifest.write_text("".join(json.dumps({"audio_filepath": str(parent.dir / "fixtures" / u["wav"]), "text": u["text"],
                                            "duration": u.get("samples", 32000) / 16000, "voice": u.get("voice", "")}) + "\n"
                                for u in utts))
    write_fixtures(model, bundle, manifest, count=len(utts))
    return True


def write_finetuned_bundle(bundle: Path, *, parent: Parent, result, model_id: str, version: str, args: argparse.Namespace,
                           train_path: Path, dev_path: Path, manifest_sha: str, team_seconds: float, team_utts: int,
                           synth_seconds: float, dev_utts: int, dev_seconds: float) -> None:
    bundle.mkdir(parents=True)
    model = result.model
    export_onnx(model, bundle / "model.onnx", FrontEndConfig().normalize,
                comment=f"{model_id} {version}: fine-tuned from {parent.id} {parent.version} by Verbatim's recipe")
    (bundle / "tokens.txt").write_text(tokens_txt())
    torch.save({"config": result.config, "model": {k: v.half() for k, v in model.state_dict().items()}}, bundle / "checkpoint.pt")
    has_fixtures = _fixtures(model, parent, bundle, bundle.parent)
    confidence, calibration_note = _calibrate(model, bundle.parent, parent)

    lineage = {
        "parent": {"id": parent.id, "version": parent.version, "sha256": parent.sha256},
        "parentSha256Source": parent.sha256_source,
        "manifestSha256": manifest_sha,
        "devManifestSha256": file_sha256(dev_path),
        "trainingSeconds": round(team_seconds, 2),
        "synthSeconds": round(synth_seconds, 2),
        "synthShare": args.synth_share,
        "steps": result.steps,
        "bestStep": result.best_step,
        "trainingWallSeconds": round(result.seconds, 1),
        "device": result.device,
        "createdAt": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    export_json = train_path.parent / "export.json"
    source = json.loads(export_json.read_text()) if export_json.is_file() else None
    if source is not None:
        lineage["export"] = {k: source[k] for k in ("exportId", "project", "exportedBy", "exportedAt") if k in source}
    (bundle / "lineage.json").write_text(json.dumps(lineage, indent=1) + "\n")

    evaluation = {
        "model": {"id": model_id, "version": version},
        "decoding": "greedy CTC, no language model",
        "dev": {"manifest": str(dev_path), "utterances": dev_utts, "seconds": round(dev_seconds, 1),
                "parent": result.parent_dev, "finetuned": result.best_dev},
        "training": {"steps": result.steps, "best_step": result.best_step, "seconds": round(result.seconds, 1),
                     "stopped": result.stopped, "history": result.history},
        "confidence": calibration_note,
    }
    (bundle / "eval.json").write_text(json.dumps(evaluation, indent=1) + "\n")

    mj = json.loads(json.dumps(parent.model_json))
    mj.update({"id": model_id, "version": version, "sha256": file_sha256(bundle / "model.onnx"), "confidence": confidence,
               "eval": "eval.json", "lineage": {k: lineage[k] for k in ("parent", "manifestSha256", "trainingSeconds", "steps")}})
    mj["architecture"] = {**mj.get("architecture", {}), "parameters": count_parameters(model)}
    mj["training"] = {"finetunedFrom": f"{parent.id}@{parent.version}", "steps": result.steps, "bestStep": result.best_step,
                      "minutes": round(result.seconds / 60, 1), "device": result.device, "seed": args.seed,
                      "teamSeconds": round(team_seconds, 1), "synthSeconds": round(synth_seconds, 1),
                      "recipe": "models/recipe/run.py --out (see models/recipe/README.md, 'Fine-tuning')"}
    if has_fixtures:
        mj["fixtures"] = "fixtures/fixtures.json"
    else:
        mj.pop("fixtures", None)
    lm = parent.model_json.get("lm")
    if isinstance(lm, dict) and (parent.dir / lm.get("file", "lm.bin")).is_file():
        shutil.copyfile(parent.dir / lm["file"], bundle / lm["file"])
    else:
        mj.pop("lm", None)
    (bundle / "model.json").write_text(json.dumps(mj, indent=1, ensure_ascii=False) + "\n")
    (bundle / "MODEL_CARD.md").write_text(model_card(mj, parent, lineage, evaluation, train_path, team_utts, calibration_note))
    log(f"fine-tune: bundle written ({', '.join(sorted(p.name for p in bundle.iterdir()))})")


def _pct(x) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def model_card(mj: dict, parent: Parent, lineage: dict, ev: dict, train_path: Path, team_utts: int, calibration_note: str) -> str:
    dev = ev["dev"]
    exp = lineage.get("export", {})
    project = exp.get("project") if isinstance(exp.get("project"), dict) else None
    src = (f"the training export `{exp.get('exportId', '?')}` of project \"{project.get('name', '?')}\" ({project.get('id', '?')})"
           if project else f"`{train_path.name}`")
    lines = [
        f"# {mj['id']} {mj['version']}",
        "",
        f"Fine-tuned from **{parent.id} {parent.version}** (package sha256 `{parent.sha256[:16]}...`) by Verbatim's recipe "
        "(`npm run model:train -- --out ...`).",
        "",
        "## What it was tuned on",
        f"- {team_utts} utterances, {lineage['trainingSeconds'] / 60:.1f} minutes of a team's verified recordings from {src}; "
        f"training manifest sha256 `{lineage['manifestSha256']}`.",
        f"- Mixed with {lineage['synthSeconds'] / 60:.1f} minutes of the recipe's synthetic general-English speech "
        f"(share {lineage['synthShare']:.0%}, training voices only) against forgetting.",
        f"- {lineage['steps']} steps on `{lineage['device']}` in {lineage['trainingWallSeconds'] / 60:.1f} minutes; the best "
        f"dev checkpoint (step {lineage['bestStep']}) is the one in this bundle.",
        "",
        "## Dev split (greedy decoding, no LM)",
        "| model | WER | CER |",
        "|---|---:|---:|",
        f"| parent {parent.id} {parent.version} | {_pct(dev['parent']['wer'])} | {_pct(dev['parent']['cer'])} |",
        f"| this model | {_pct(dev['finetuned']['wer'])} | {_pct(dev['finetuned']['cer'])} |",
        "",
        f"{dev['utterances']} utterances, {dev['seconds'] / 60:.1f} minutes, held out from training by recording.",
        "",
        "## Limits",
        "- Measured on the team's own dev split only: compare it with the current model on the held-out test split "
        "(the model comparison) before promoting it, and check general speech did not get worse.",
        f"- Word confidence: {calibration_note}. The word LM and its weights are the parent's.",
        "- Everything in the parent's card about its limits still applies.",
        "",
    ]
    return "\n".join(lines)
