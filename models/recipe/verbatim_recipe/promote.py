"""The gate of a continued run: the candidate bundle replaces the committed one only when it is better on held-out speech.

The candidate (work/exp/continue/candidate/) is a complete bundle: stage 5's export (model.onnx, tokens.txt, float16
checkpoint.pt, parity fixtures), the committed training state (train-state.pt), stage 6's eval.json, stage 7's
model.json and model card, and the committed bundle's LM and punctuation files. The gate decodes the held-out sets
(test_clean: unseen sentences x training voices; test_unseen_voices; test_noisy) greedily with both models, and with
beam search + the bundle's word LM (recipe/gate_lm.ts: the runtime's decoder, as models/lm/evaluate.ts) when the bundle has lm.bin and Node
>= 24 is there. It passes when the pooled held-out WER is lower greedily (and not higher with the LM) and no set is
worse by more than --gate-tolerance; it prints old vs new per set and writes gate.json beside the candidate. Only then
are the acoustic files replaced (each written beside its target and renamed over it): model.onnx, checkpoint.pt,
train-state.pt, tokens.txt, eval.json, fixtures/, model.json (stage 7's fields; the "lm", "punctuation" and other
sections are the bundle's own) and the acoustic sections of MODEL_CARD.md (the others are kept as they are).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import torch

from .evaluate import HELD_OUT, decode_set, evaluate
from .export import export_onnx, sha256, write_fixtures
from .featstore import load_set
from .frontend import FrontEndConfig
from .log import log
from .metrics import error_rate
from .model import ConformerCtc, ModelConfig
from .tokens import tokens_txt
from .trainstate import EXIT_NOT_BETTER, STATE_FILE, compact_state, save_atomic

ACOUSTIC_FILES = ["model.onnx", "checkpoint.pt", STATE_FILE, "tokens.txt", "eval.json"]
CARRIED_FILES = ["lm.bin", "punct.onnx", "punct.json"]  # the bundle's own, copied so the candidate is complete
CARD_SECTIONS = ["Limits -- read this first", "What it has heard", "Model", "Data", "Results (greedy decoding)", "Word confidence",
                 "Fairness slices (test voices)"]


def _state_for_eval(run: dict) -> dict:
    p = run["progress"]
    return {"step": p["step"], "epoch": p["epoch"], "elapsed": p["elapsed"], "history": p.get("history", [])}


def continued_summary(run: dict) -> dict:
    """model.json's record of the continued training: every segment and the data history."""
    p = run["progress"]
    segs = [dict(s) for s in p.get("segments", [])] + ([dict(p["segment"])] if p.get("segment") else [])
    for s in segs:
        if "elapsed" in s:
            s["minutes"] = round(s.pop("elapsed") / 60, 1)
        for k in ("maxSeconds", "gated", "done", "restartedEpoch"):
            s.pop(k, None)
    return {"segments": segs, "dataHistory": run["data"].get("history", []), "trainSets": run["data"].get("sets")}


def write_candidate(args: argparse.Namespace, model: ConformerCtc, run: dict, cand: Path) -> None:
    shutil.rmtree(cand, ignore_errors=True)
    cand.mkdir(parents=True)
    bundle: Path = args.bundle_dir
    export_onnx(model, cand / "model.onnx", FrontEndConfig().normalize)
    (cand / "tokens.txt").write_text(tokens_txt())
    torch.save({"config": run["config"], "model": {k: v.half() for k, v in model.state_dict().items()}}, cand / "checkpoint.pt")
    committed = copy.deepcopy(run)
    committed["progress"]["segment"]["gated"] = True  # as it will read once committed
    save_atomic(compact_state(committed, sha256(cand / "checkpoint.pt")), cand / STATE_FILE)
    bundle_fixtures(model, bundle, cand, cand.parent, args.work_dir / "manifests" / "test_clean.jsonl")
    exp = cand.parent / "candidate-exp"
    exp.mkdir(parents=True, exist_ok=True)
    state = _state_for_eval(run)
    (exp / "train_state.json").write_text(json.dumps(state, indent=1))
    old_mj = json.loads((bundle / "model.json").read_text())
    cargs = argparse.Namespace(**vars(args))
    cargs.bundle_dir, cargs.model_id, cargs.model_version = cand, old_mj["id"], next_version(old_mj["version"])
    evaluate(cargs, model=model, state=state, exp_dir=exp)
    from .bundle import write_bundle

    write_bundle(cargs, exp_dir=exp, continued=continued_summary(run))
    carry_bundle_parts(bundle, cand)
    log(f"continue: candidate bundle written to {cand}")


def bundle_fixtures(model: ConformerCtc, bundle: Path, cand: Path, tmp: Path, fallback: Path | None = None) -> None:
    """Parity fixtures for the candidate on the bundle's own fixture utterances (the tests that read them were written
    around those sentences), or on the shortest test_clean ones when the bundle has none."""
    src = bundle / "fixtures" / "fixtures.json"
    if not src.is_file():
        write_fixtures(model, cand, fallback or tmp.parent.parent / "manifests" / "test_clean.jsonl")
        return
    utts = json.loads(src.read_text()).get("utterances", [])
    wavs = tmp / "bundle-fixtures"
    shutil.rmtree(wavs, ignore_errors=True)
    wavs.mkdir(parents=True)
    for u in utts:  # copied first: the candidate's fixtures directory may be the bundle's own
        shutil.copyfile(bundle / "fixtures" / u["wav"], wavs / u["wav"])
    manifest = tmp / "bundle-fixtures.jsonl"
    manifest.write_text("".join(json.dumps({"audio_filepath": str(wavs / u["wav"]), "text": u["text"], "voice": u.get("voice", ""),
                                            "duration": u.get("samples", 32000) / 16000}) + "\n" for u in utts))
    write_fixtures(model, cand, manifest, count=len(utts))


def next_version(version: str) -> str:
    """The promoted model's version: the next minor one. Other content under the same id@version would be refused by
    a model store that installed the old one (and the server installs the repository's bundle at start)."""
    parts = version.split("+", 1)[0].split(".")
    if len(parts) != 3 or not all(x.isdigit() for x in parts):
        raise ValueError(f"model.json version {version!r} is not MAJOR.MINOR.PATCH")
    return f"{parts[0]}.{int(parts[1]) + 1}.0"


def carry_bundle_parts(bundle: Path, cand: Path) -> None:
    """The committed bundle's LM, punctuation and other model.json sections into the candidate, as they are now."""
    for f in CARRIED_FILES:
        if (bundle / f).is_file():
            shutil.copyfile(bundle / f, cand / f)
    mj = json.loads((cand / "model.json").read_text())
    old = json.loads((bundle / "model.json").read_text())
    for k, v in old.items():
        if k not in mj:
            mj[k] = v
    (cand / "model.json").write_text(json.dumps(mj, indent=1, ensure_ascii=False) + "\n")


@torch.no_grad()
def greedy_held_out(model: ConformerCtc, work_dir: Path) -> dict[str, dict]:
    out = {}
    for name in HELD_OUT:
        if not (work_dir / "feats" / f"{name}.json").is_file():
            continue
        feats, index = load_set(work_dir, name)
        utts = decode_set(model, feats, index)
        refs, hyps = [u["ref"] for u in utts], [u["hyp"] for u in utts]
        out[name] = {"words": sum(len(r.split()) for r in refs), "wer": round(error_rate(refs, hyps, "word"), 4)}
    return out


def load_bundle_model(bundle: Path) -> ConformerCtc:
    ck = torch.load(bundle / "checkpoint.pt", map_location="cpu")
    model = ConformerCtc(ModelConfig(**ck["config"]))
    model.load_state_dict({k: v.float() for k, v in ck["model"].items()})
    return model.eval()


def _node() -> str | None:
    node = os.environ.get("NODE") or shutil.which("node")
    if not node:
        return None
    r = subprocess.run([node, "-p", "process.versions.node.split('.')[0]"], capture_output=True, text=True)
    return node if r.returncode == 0 and int(r.stdout.strip() or 0) >= 24 else None


def lm_held_out(bundle: Path, work_dir: Path, out: Path) -> dict[str, dict] | None:
    """Beam + LM WER per held-out set by the runtime's decoder (recipe/gate_lm.ts); None when it cannot run."""
    node = _node()
    if node is None or not (bundle / "lm.bin").is_file():
        return None
    tool = Path(__file__).resolve().parents[1] / "gate_lm.ts"
    log(f"gate: beam + LM on {bundle} (recipe/{tool.name})")
    subprocess.run([node, str(tool), "--bundle", str(bundle), "--work", str(work_dir), "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    rows = json.loads(out.read_text())["rows"]
    return {r["set"]: {"words": r["words"], "wer": round(r["wer"], 4)} for r in rows
            if r["set"] in HELD_OUT and r["decoder"].endswith("+ LM")}


def pooled(figures: dict[str, dict]) -> float:
    words = sum(f["words"] for f in figures.values())
    return sum(f["wer"] * f["words"] for f in figures.values()) / max(words, 1)


def decide(old: dict[str, dict[str, dict]], new: dict[str, dict[str, dict]], tolerance: float) -> tuple[bool, list[str]]:
    """old/new: decoder -> set -> {words, wer}. Better: pooled greedy WER lower, pooled LM WER not higher, no set worse
    than `tolerance`. Returns (passed, reasons it failed)."""
    why = []
    for dec in old:
        if dec not in new:
            continue
        o, n = pooled(old[dec]), pooled(new[dec])
        if dec == "greedy" and not n < o:
            why.append(f"pooled greedy WER {n:.2%} is not below {o:.2%}")
        if dec != "greedy" and n > o:
            why.append(f"pooled {dec} WER {n:.2%} is above {o:.2%}")
        for s in old[dec]:
            if s in new[dec] and new[dec][s]["wer"] > old[dec][s]["wer"] + tolerance:
                why.append(f"{s} {dec} WER {new[dec][s]['wer']:.2%} is worse than {old[dec][s]['wer']:.2%} by more than "
                           f"{tolerance:.2%}")
    return not why, why


def gate_table(old: dict, new: dict) -> list[str]:
    lines = [f"{'set':<20} {'decoder':<10} {'committed':>10} {'candidate':>10}"]
    for dec in old:
        for s in list(old[dec]) + ["pooled"]:
            o = pooled(old[dec]) if s == "pooled" else old[dec][s]["wer"]
            n = (pooled(new[dec]) if s == "pooled" else new[dec].get(s, {}).get("wer")) if dec in new else None
            lines.append(f"{s:<20} {dec:<10} {o:>10.2%} {'n/a' if n is None else f'{n:.2%}':>10}")
    return lines


def replace_file(src: Path, dst: Path) -> None:
    tmp = dst.with_name(dst.name + ".incoming")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def splice_card(old: str, new: str, names: list[str]) -> str:
    """`old` with each `## name` section replaced by `new`'s (a section missing in `old` goes before `## Model`)."""
    def sections(text: str) -> list[tuple[str, str]]:
        parts = re.split(r"(?m)^(?=## )", text)
        return [(p.splitlines()[0][3:].strip() if p.startswith("## ") else "", p) for p in parts]

    new_s, old_names = dict(sections(new)), {n for n, _ in sections(old)}
    out = []
    for name, body in sections(old):
        if name == "Model":
            out += [new_s[n] for n in names if n in new_s and n not in old_names]
        out.append(new_s[name] if name in names and name in new_s else body)
    return "".join(out)


def promote(cand: Path, bundle: Path) -> None:
    for f in ACOUSTIC_FILES:
        replace_file(cand / f, bundle / f)
    tmp, old = bundle / "fixtures.incoming", bundle / "fixtures.old"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(cand / "fixtures", tmp)
    if (bundle / "fixtures").exists():
        os.replace(bundle / "fixtures", old)
    os.replace(tmp, bundle / "fixtures")
    shutil.rmtree(old, ignore_errors=True)
    mj = json.loads((cand / "model.json").read_text())
    current = json.loads((bundle / "model.json").read_text())
    for k, v in current.items():  # sections stage 7 does not write (lm, punctuation, ...) stay the bundle's own
        if k not in ("schema", "id", "version", "file", "sha256", "sampleRate", "input", "output", "tokens", "tokensFile",
                     "blankId", "wordBoundary", "normalization", "confidence", "architecture", "training", "sherpaOnnx",
                     "eval", "fixtures"):
            mj[k] = v
    (bundle / "model.json.incoming").write_text(json.dumps(mj, indent=1, ensure_ascii=False) + "\n")
    os.replace(bundle / "model.json.incoming", bundle / "model.json")
    card = bundle / "MODEL_CARD.md"
    new_card = (cand / "MODEL_CARD.md").read_text()
    text = splice_card(card.read_text(), new_card, CARD_SECTIONS) if card.is_file() else new_card
    if text.startswith("# ") and new_card.startswith("# "):  # the title names the version
        text = new_card.splitlines()[0] + text[text.index("\n"):]
    (bundle / "MODEL_CARD.md.incoming").write_text(text)
    os.replace(bundle / "MODEL_CARD.md.incoming", card)


def gate_and_promote(args: argparse.Namespace, model: ConformerCtc, run: dict, ckpt: Path) -> int:
    from .trainstate import save_atomic as _save

    rd = ckpt.parent
    cand = rd / "candidate"
    if not (cand / "eval.json").is_file() or json.loads((cand / "model.json").read_text() if (cand / "model.json").is_file()
                                                       else "{}").get("training", {}).get("steps") != run["progress"]["step"]:
        write_candidate(args, model, run, cand)
    carry_bundle_parts(args.bundle_dir, cand)  # the LM as it is now, so both are decoded with the same one
    ev = json.loads((cand / "eval.json").read_text())
    new = {"greedy": {s: {"words": ev["sets"][s]["words"], "wer": ev["sets"][s]["wer"]} for s in HELD_OUT if s in ev["sets"]}}
    log("gate: greedy decoding of the held-out sets with the committed model")
    old = {"greedy": greedy_held_out(load_bundle_model(args.bundle_dir), args.work_dir)}
    if args.gate_lm != "off":
        gdir = rd / "gate"
        gdir.mkdir(exist_ok=True)
        lo = lm_held_out(args.bundle_dir, args.work_dir, gdir / "committed-lm.json")
        ln = lm_held_out(cand, args.work_dir, gdir / "candidate-lm.json") if lo is not None else None
        if lo is not None and ln is not None:
            old["beam+LM"], new["beam+LM"] = lo, ln
        else:
            log("gate: no beam+LM figures (no lm.bin in the bundle, or no Node >= 24): greedy only")
    passed, why = decide(old, new, args.gate_tolerance)
    for line in gate_table(old, new):
        log(f"gate: {line}")
    (cand / "gate.json").write_text(json.dumps({"committed": old, "candidate": new, "passed": passed, "reasons": why,
                                                "tolerance": args.gate_tolerance, "step": run["progress"]["step"]}, indent=1))
    run["progress"]["segment"]["gated"] = True
    if passed and not args.no_promote:
        promote(cand, args.bundle_dir)
        run["lineage"]["promoted"] = sha256(args.bundle_dir / "checkpoint.pt")
        _save({k: v for k, v in run.items() if not k.startswith("_")}, ckpt)
        log(f"gate: passed; {args.bundle_dir} now holds the continued model (step {run['progress']['step']})")
        return 0
    _save({k: v for k, v in run.items() if not k.startswith("_")}, ckpt)
    if passed:
        log(f"gate: passed, but --no-promote: {args.bundle_dir} unchanged; the candidate is {cand}")
        return 0
    log(f"gate: not better ({'; '.join(why)}); {args.bundle_dir} unchanged. The training is kept in {ckpt}: the next "
        "--continue goes on from it")
    return EXIT_NOT_BETTER
