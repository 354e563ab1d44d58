"""A small Conformer-CTC acoustic model over characters.

Input: normalised log-mel features (B, 80, T) and their lengths (B,) -- the NeMo CTC contract that sherpa-onnx
runs. Output: log-probabilities (B, T', V + 1) with the blank last, T' = ceil(ceil(T / 2) / 2).
Two stride-2 convolutions subsample time by 4 (40 ms per output frame). The blocks carry no absolute positional
encoding: the depthwise convolution gives position, which keeps the graph free of length limits.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class ModelConfig:
    feat_dim: int = 80
    vocab_size: int = 28  # without blank
    d_model: int = 144
    layers: int = 6
    heads: int = 4
    ff_mult: int = 4
    conv_kernel: int = 15
    subsampling_channels: int = 32
    dropout: float = 0.1

    def to_json(self) -> dict:
        return asdict(self)


class Dropout(nn.Dropout):
    """`nn.Dropout` with a cheaper mask. The CPU dropout of Debian's torch 1.13 draws its mask one Bernoulli sample at
    a time, a fifth of a bfloat16 training step on this machine; here one 64-bit draw of `torch.randint` gives four
    16-bit uniforms, each kept when it is at least round(p * 65536) / 65536 from the bottom (p = 0.1 becomes
    0.100006). Kept elements are scaled by 1 / (1 - p) as `nn.Dropout` does; the identity in eval mode, so the
    exported graph does not change."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        return x * keep_mask(x, self.p).to(x.dtype) * (1.0 / (1.0 - self.p))


def keep_mask(x: torch.Tensor, p: float) -> torch.Tensor:
    """A boolean tensor shaped like `x`, each element True with probability 1 - p (p in steps of 1 / 65536)."""
    n = x.numel()
    bits = torch.randint(-(2**63), 2**63 - 1, ((n + 3) // 4,), dtype=torch.int64, device=x.device)
    uniform16 = bits.view(torch.int16)[:n].view(x.shape)
    return uniform16 >= -32768 + round(p * 65536)


def silu(x: torch.Tensor) -> torch.Tensor:
    """SiLU, computed in float32 for a bfloat16 input (torch 1.13's bfloat16 SiLU on the CPU, forward and backward, took
    about 2.5 times as long as the casts and float32's); a float32 input is unchanged, and so is the exported graph."""
    return F.silu(x) if x.dtype == torch.float32 else F.silu(x.float()).to(x.dtype)


class LayerNorm(nn.LayerNorm):
    """`nn.LayerNorm` that normalises a bfloat16 input in float32 and rounds the result back: torch 1.13's bfloat16
    layer norm on the CPU is unvectorised (about six times float32's time), and float32 statistics are the more
    accurate anyway. A float32 input (training in float32, export) takes `nn.LayerNorm`'s own path, unchanged."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dtype == torch.float32:
            return super().forward(x)
        return F.layer_norm(x.float(), self.normalized_shape, self.weight.float(), self.bias.float(), self.eps).to(x.dtype)


def subsampled_lengths(lengths: torch.Tensor) -> torch.Tensor:
    """Frames after two (kernel 3, stride 2, padding 1) convolutions: ceil(ceil(T / 2) / 2)."""
    once = torch.div(lengths - 1, 2, rounding_mode="floor") + 1
    return torch.div(once - 1, 2, rounding_mode="floor") + 1


class ConvSubsampling(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        c = cfg.subsampling_channels
        self.conv1 = nn.Conv2d(1, c, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(c, c, 3, stride=2, padding=1)
        freq = (cfg.feat_dim + 1) // 2
        freq = (freq + 1) // 2
        self.out = nn.Linear(c * freq, cfg.d_model)

    def forward(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:  # x: (B, T, F)
        x = F.relu(self.conv1(x.unsqueeze(1)))
        # zero what lies past each utterance, as the single-utterance graph's zero padding would be there:
        # otherwise a padded batch leaks the bias of padding frames into the last valid frame
        once = torch.div(lengths - 1, 2, rounding_mode="floor") + 1
        valid = torch.arange(x.shape[2], device=x.device).unsqueeze(0) < once.unsqueeze(1)
        x = x * valid.unsqueeze(1).unsqueeze(-1).to(x.dtype)
        x = F.relu(self.conv2(x))
        b, c, t, f = x.shape
        return self.out(x.transpose(1, 2).reshape(b, t, c * f))


class FeedForward(nn.Module):
    def __init__(self, d: int, mult: int, dropout: float):
        super().__init__()
        self.norm = LayerNorm(d)
        self.up = nn.Linear(d, d * mult)
        self.down = nn.Linear(d * mult, d)
        self.drop = Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(self.down(self.drop(silu(self.up(self.norm(x))))))


class SelfAttention(nn.Module):
    def __init__(self, d: int, heads: int, dropout: float):
        super().__init__()
        self.norm = LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.heads = heads
        self.drop = Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.norm(x)).reshape(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d // h)) + bias
        att = torch.softmax(att, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, t, d)
        return self.drop(self.proj(y))


class ConvModule(nn.Module):
    def __init__(self, d: int, kernel: int, dropout: float):
        super().__init__()
        self.norm = LayerNorm(d)
        self.pw1 = nn.Conv1d(d, 2 * d, 1)
        self.dw = nn.Conv1d(d, d, kernel, padding=kernel // 2, groups=d)
        self.dw_norm = LayerNorm(d)
        self.pw2 = nn.Conv1d(d, d, 1)
        self.drop = Dropout(dropout)

    def forward(self, x: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:  # keep: (B, T, 1)
        y = self.norm(x) * keep
        y = F.glu(self.pw1(y.transpose(1, 2)), dim=1) * keep.transpose(1, 2)
        y = self.dw(y)
        y = silu(self.dw_norm(y.transpose(1, 2))).transpose(1, 2)
        return self.drop(self.pw2(y).transpose(1, 2))


class ConformerBlock(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        d = cfg.d_model
        self.ff1 = FeedForward(d, cfg.ff_mult, cfg.dropout)
        self.att = SelfAttention(d, cfg.heads, cfg.dropout)
        self.conv = ConvModule(d, cfg.conv_kernel, cfg.dropout)
        self.ff2 = FeedForward(d, cfg.ff_mult, cfg.dropout)
        self.norm = LayerNorm(d)

    def forward(self, x: torch.Tensor, bias: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        x = x + 0.5 * self.ff1(x)
        x = x + self.att(x, bias)
        x = x + self.conv(x, keep)
        x = x + 0.5 * self.ff2(x)
        return self.norm(x)


class ConformerCtc(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.subsampling = ConvSubsampling(cfg)
        self.blocks = nn.ModuleList([ConformerBlock(cfg) for _ in range(cfg.layers)])
        self.head = nn.Linear(cfg.d_model, cfg.vocab_size + 1)

    def forward(self, audio_signal: torch.Tensor, length: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """audio_signal: (B, 80, T) features; length: (B,) int64. Returns (log-probs (B, T', V+1), lengths (B,))."""
        x = self.subsampling(audio_signal.transpose(1, 2), length)
        out_len = subsampled_lengths(length)
        t = x.shape[1]
        valid = torch.arange(t, device=x.device).unsqueeze(0) < out_len.unsqueeze(1)  # (B, T')
        keep = valid.unsqueeze(-1).to(x.dtype)
        bias = (1.0 - valid.to(x.dtype)).unsqueeze(1).unsqueeze(1) * -1e4  # (B, 1, 1, T')
        for blk in self.blocks:
            x = blk(x, bias, keep)
        logits = self.head(x)
        if logits.dtype != torch.float32:  # a bfloat16 twin (precision.py): the CTC loss reads float32 log-probs
            logits = logits.float()
        return torch.log_softmax(logits, dim=-1), out_len


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
