"""Stage 5: export the trained model to ONNX with sherpa-onnx's NeMo CTC metadata, plus parity fixtures.

Writes into the bundle directory: `model.onnx` (dynamic batch and time axes; inputs `audio_signal` (B, 80, T) float
and `length` (B,) int64; outputs `logprobs` (B, T', 29) and `logprobs_length` (B,)), `tokens.txt`, `checkpoint.pt`
(float16 weights for fine-tuning) and `fixtures/`: a few utterances with their waveform, the Python front end's
features and PyTorch's log-probs, so that the ONNX runtime and the TypeScript front end can be checked against them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import torch

from .frontend import FrontEndConfig, features
from .log import log
from .manifest import load_audio, read_manifest
from .model import ConformerCtc, ModelConfig
from .synth import write_wav
from .tokens import TOKENS, tokens_txt
from .train import greedy_texts

OPSET = 17


def load_trained(work_dir: Path) -> tuple[ConformerCtc, dict]:
    path = work_dir / "exp" / "final.pt"
    if not path.exists():
        raise SystemExit(f"export: {path} not found; run stage 4 (training) first")
    ckpt = torch.load(path, map_location="cpu")
    model = ConformerCtc(ModelConfig(**ckpt["config"]))
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, ckpt


def export_onnx(model: torch.nn.Module, out: Path, normalize_type: str, *, vocab_size: int | None = None,
                subsampling_factor: int = 4,
                comment: str = "Verbatim character Conformer-CTC; see model.json in the bundle") -> None:
    """ONNX of a (B, 80, T) -> (B, T', V + 1) CTC model with the sherpa-onnx NeMo CTC metadata. `vocab_size` counts
    the tokens without the blank (default: the character vocabulary)."""
    x = torch.randn(2, model.cfg.feat_dim, 240)
    lens = torch.tensor([240, 173], dtype=torch.int64)
    torch.onnx.export(
        model, (x, lens), str(out), opset_version=OPSET, input_names=["audio_signal", "length"],
        output_names=["logprobs", "logprobs_length"],
        dynamic_axes={"audio_signal": {0: "batch", 2: "time"}, "length": {0: "batch"},
                      "logprobs": {0: "batch", 1: "frames"}, "logprobs_length": {0: "batch"}},
        do_constant_folding=True,
    )
    m = onnx.load(str(out))
    meta = {
        "vocab_size": str(len(TOKENS) if vocab_size is None else vocab_size),  # without the blank, as sherpa-onnx expects
        "subsampling_factor": str(subsampling_factor),
        "normalize_type": normalize_type,
        "model_type": "EncDecCTCModel",
        "feat_dim": str(model.cfg.feat_dim),
        "comment": comment,
    }
    del m.metadata_props[:]
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.checker.check_model(m)
    onnx.save(m, str(out))


def write_fixtures(model: ConformerCtc, bundle: Path, source: Path, count: int = 3) -> None:
    """A few held-out utterances: wav, features (Python front end), PyTorch log-probs, greedy text."""
    fx = bundle / "fixtures"
    shutil.rmtree(fx, ignore_errors=True)
    fx.mkdir(parents=True)
    cfg = FrontEndConfig()
    recs = read_manifest(source)
    # short ones keep the bundle small; take different voices
    picked, voices = [], set()
    for r in sorted(recs, key=lambda r: r["duration"]):
        if r.get("duration", 2.0) >= 1.0 and r.get("voice", r["id"]) not in voices:
            picked.append(r)
            voices.add(r.get("voice", r["id"]))
        if len(picked) == count:
            break
    entries = []
    for i, r in enumerate(picked):
        name = f"utt{i}"
        # stored as 16-bit WAV at the model rate whatever the source was; features come from the stored file
        write_wav(fx / f"{name}.wav", load_audio(r["audio_filepath"], cfg.sample_rate))
        x = load_audio(str(fx / f"{name}.wav"), cfg.sample_rate)
        f = features(x, cfg)
        with torch.no_grad():
            logp, out_len = model(torch.from_numpy(f.T.copy()).unsqueeze(0), torch.tensor([len(f)]))
        f.astype("<f4").tofile(fx / f"{name}.features.f32")
        logp[0].numpy().astype("<f4").tofile(fx / f"{name}.logprobs.f32")
        entries.append({
            "name": name, "wav": f"{name}.wav", "text": r["text"], "voice": r.get("voice", ""), "samples": int(len(x)),
            "features": {"file": f"{name}.features.f32", "shape": [int(f.shape[0]), int(f.shape[1])]},
            "logprobs": {"file": f"{name}.logprobs.f32", "shape": [int(logp.shape[1]), int(logp.shape[2])]},
            "greedy": greedy_texts(logp, out_len)[0],
        })
    (fx / "fixtures.json").write_text(json.dumps({
        "about": "Reference values from the Python recipe: features from the front end in model.json, log-probs from "
                 "PyTorch. Float32 little-endian, row-major. Checked by models/test/parity.test.ts.",
        "tolerance": {"logprobs_max_abs": 1e-3, "features_max_abs": 1e-3},
        "utterances": entries,
    }, indent=1))


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def export(args: argparse.Namespace) -> None:
    bundle: Path = args.bundle_dir
    bundle.mkdir(parents=True, exist_ok=True)
    model, ckpt = load_trained(args.work_dir)
    export_onnx(model, bundle / "model.onnx", FrontEndConfig().normalize)
    (bundle / "tokens.txt").write_text(tokens_txt())
    torch.save({"config": ckpt["config"], "model": {k: v.half() for k, v in model.state_dict().items()}},
               bundle / "checkpoint.pt")
    (args.work_dir / "exp" / "train_state.json").write_text(json.dumps(ckpt["state"], indent=1))
    source = args.work_dir / "manifests" / "test_clean.jsonl"
    if not source.exists():  # a real-data run: fixtures from its dev (or training) manifest
        source = args.dev_manifest or args.manifest[0]
    write_fixtures(model, bundle, source)
    log(f"export: {bundle / 'model.onnx'} ({(bundle / 'model.onnx').stat().st_size / 1e6:.1f} MB), fixtures written")
