"""A random-weight CTC model of real size, for speed and memory measurements (never for accuracy).

Shaped like NeMo's FastConformer-CTC "large" (the ~110M-parameter models sherpa-onnx republishes): 8x depthwise-
striding subsampling with 256 channels, 18 Conformer blocks of d_model 512 with 8 heads, feed-forward x4, depthwise
convolution kernel 9, and a 1024-piece BPE vocabulary (+ blank). The weights are random (seeded), so the compute
per frame is a real model's but the output is not: 18 random blocks map every frame to nearly the same vector, and
on speech the greedy path is one or two tokens repeated (a few "words" a minute; the decoder still scans all 1025
log-probs of every frame, which is most of what greedy decoding costs). The head's blank bias (`blank_share`
reports its effect on random features) only keeps that path from being all blank. Exported with the recipe's ONNX writer (sherpa-onnx NeMo CTC metadata) and int8 weights (quantize.py)
into a sherpa-onnx package directory: `model.int8.onnx` + `tokens.txt`.

Usage (from the repository root; ~2 minutes and ~3 GB of memory on 2 cores, ~110 MB written):

    /usr/bin/python3 models/recipe/random_model.py --out packages/asr/bench/.cache/random-fastconformer-110m
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from .export import export_onnx
from .frontend import FrontEndConfig
from .model import ConformerBlock, ModelConfig, count_parameters
from .quantize import QuantizeOptions, quantize_file

BLANK = "<blk>"
UNK = "<unk>"
WORD = "\u2581"  # SentencePiece's word-start mark


def bpe_pieces(count: int) -> list[str]:
    """`count` SentencePiece-style pieces (without the blank): `<unk>`, `▁`, letters, `▁`+letter, then letter pairs
    with and without the word mark. Not learned from text; the model's weights are random anyway."""
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    pieces = [UNK, WORD, *letters, "'", *(WORD + c for c in letters)]
    for a in letters:
        for b in letters:
            pieces.extend((WORD + a + b, a + b))
    if count > len(pieces):
        raise ValueError(f"at most {len(pieces)} pieces")
    return pieces[:count]


def subsampled_lengths(lengths: torch.Tensor, halvings: int) -> torch.Tensor:
    for _ in range(halvings):
        lengths = torch.div(lengths - 1, 2, rounding_mode="floor") + 1
    return lengths


class DwStridingSubsampling(nn.Module):
    """NeMo's `dw_striding`: a stride-2 convolution, then (depthwise stride-2, pointwise) pairs, then a linear map."""

    def __init__(self, cfg: ModelConfig, halvings: int):
        super().__init__()
        c = cfg.subsampling_channels
        layers: list[nn.Module] = [nn.Conv2d(1, c, 3, stride=2, padding=1), nn.ReLU()]
        for _ in range(halvings - 1):
            layers += [nn.Conv2d(c, c, 3, stride=2, padding=1, groups=c), nn.Conv2d(c, c, 1), nn.ReLU()]
        self.conv = nn.Sequential(*layers)
        freq = cfg.feat_dim
        for _ in range(halvings):
            freq = (freq + 1) // 2
        self.out = nn.Linear(c * freq, cfg.d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (B, T, F)
        x = self.conv(x.unsqueeze(1))
        b, c, t, f = x.shape
        return self.out(x.transpose(1, 2).reshape(b, t, c * f))


class RandomCtc(nn.Module):
    """(B, 80, T) features + lengths -> (B, T', V + 1) log-probs (blank last), T' = T halved `halvings` times."""

    def __init__(self, cfg: ModelConfig, halvings: int = 3):
        super().__init__()
        self.cfg = cfg
        self.halvings = halvings
        self.subsampling = DwStridingSubsampling(cfg, halvings)
        self.blocks = nn.ModuleList([ConformerBlock(cfg) for _ in range(cfg.layers)])
        self.head = nn.Linear(cfg.d_model, cfg.vocab_size + 1)

    def forward(self, audio_signal: torch.Tensor, length: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = self.subsampling(audio_signal.transpose(1, 2))
        out_len = subsampled_lengths(length, self.halvings)
        valid = torch.arange(x.shape[1], device=x.device).unsqueeze(0) < out_len.unsqueeze(1)
        keep = valid.unsqueeze(-1).to(x.dtype)
        bias = (1.0 - valid.to(x.dtype)).unsqueeze(1).unsqueeze(1) * -1e4
        for blk in self.blocks:
            x = blk(x, bias, keep)
        return F.log_softmax(self.head(x), dim=-1), out_len


def real_size_config(layers: int = 18, d_model: int = 512, vocab: int = 1024) -> ModelConfig:
    return ModelConfig(feat_dim=80, vocab_size=vocab, d_model=d_model, layers=layers, heads=8, ff_mult=4,
                       conv_kernel=9, subsampling_channels=256, dropout=0.0)


def build(cfg: ModelConfig, seed: int = 1234, blank_bias: float = 2.7) -> RandomCtc:
    torch.manual_seed(seed)
    model = RandomCtc(cfg).eval()
    with torch.no_grad():
        model.head.bias[cfg.vocab_size] += blank_bias
    return model


def blank_share(model: RandomCtc, frames: int = 800, seed: int = 0) -> float:
    """Share of greedy output frames that are blank on normalised random features."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        logp, _ = model(torch.randn(1, model.cfg.feat_dim, frames, generator=g), torch.tensor([frames]))
    return float((logp[0].argmax(-1) == model.cfg.vocab_size).float().mean())


def write_package(out: Path, cfg: ModelConfig, seed: int = 1234, blank_bias: float = 2.7) -> dict:
    """Writes `model.int8.onnx`, `tokens.txt` and `random_model.json` (what was built) into `out`; returns the latter."""
    t0 = time.time()
    out.mkdir(parents=True, exist_ok=True)
    model = build(cfg, seed, blank_bias)
    pieces = bpe_pieces(cfg.vocab_size)
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        fp32 = Path(tmp) / "model.onnx"
        with torch.no_grad():
            export_onnx(model, fp32, FrontEndConfig().normalize, vocab_size=cfg.vocab_size,
                        subsampling_factor=2 ** model.halvings,
                        comment="random weights (Verbatim speed bench), FastConformer-CTC shape; not a speech model")
        fp32_bytes = fp32.stat().st_size
        quantized = quantize_file(fp32, out / "model.int8.onnx", QuantizeOptions())
    (out / "tokens.txt").write_text("".join(f"{p} {i}\n" for i, p in enumerate([*pieces, BLANK])))
    info = {
        "about": "random-weight model of real size for the speed bench; its transcripts mean nothing",
        "parameters": count_parameters(model),
        "config": cfg.to_json(),
        "subsampling_factor": 2 ** model.halvings,
        "seed": seed,
        "blank_bias": blank_bias,
        "blank_share": round(blank_share(model), 3),
        "fp32_bytes": fp32_bytes,
        "int8_bytes": (out / "model.int8.onnx").stat().st_size,
        "quantized_weights": quantized,
        "seconds": round(time.time() - t0, 1),
    }
    (out / "random_model.json").write_text(json.dumps(info, indent=1) + "\n")
    return info


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True, help="package directory to write")
    p.add_argument("--layers", type=int, default=18)
    p.add_argument("--d-model", type=int, default=512)
    p.add_argument("--vocab", type=int, default=1024, help="BPE pieces, without the blank")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--blank-bias", type=float, default=2.7)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    info = write_package(args.out, real_size_config(args.layers, args.d_model, args.vocab), args.seed, args.blank_bias)
    print(f"random_model: {info['parameters'] / 1e6:.1f}M parameters, {info['int8_bytes'] / 1e6:.1f} MB int8 "
          f"(fp32 {info['fp32_bytes'] / 1e6:.1f} MB), blank share {info['blank_share']}, {info['seconds']} s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
