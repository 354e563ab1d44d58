"""The acoustic front end: the NeMo-style log-mel filterbank exactly as sherpa-onnx computes it for NeMo CTC models.

sherpa-onnx runs NeMo CTC exports through kaldi-native-fbank with: 16 kHz samples in [-1, 1], 25 ms frames every
10 ms, `snip_edges = false` (frame t starts at 160 t + 80 - 200, edges reflected), no dither, no DC removal,
per-frame pre-emphasis 0.97 (Kaldi style: x[0] -= 0.97 x[0]), a periodic Hann window of 400 samples zero-padded to
512, the power spectrum, 80 librosa/Slaney mel bins from 0 Hz to Nyquist with Slaney area normalisation, natural
log floored at float32 epsilon, then per-feature mean/variance normalisation over the utterance (population std,
+1e-5). Training on exactly these features is what lets the same model.onnx run in Verbatim's runtime and in
sherpa-onnx. Every parameter is written to model.json; the TypeScript front end reads them from there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

FLT_EPSILON = float(np.finfo(np.float32).eps)


@dataclass(frozen=True)
class FrontEndConfig:
    kind: str = "fbank"
    sample_rate: int = 16000
    num_mel_bins: int = 80
    frame_length_ms: float = 25.0
    frame_shift_ms: float = 10.0
    n_fft: int = 512
    window: str = "hann"  # periodic: 0.5 - 0.5 cos(2 pi n / N)
    preemphasis: float = 0.97
    dither: float = 0.0
    remove_dc_offset: bool = False
    snip_edges: bool = False
    mel_scale: str = "slaney"
    mel_norm: str = "slaney"
    low_freq: float = 0.0
    high_freq: float = 8000.0
    power: float = 2.0
    log_floor: float = FLT_EPSILON
    normalize: str = "per_feature"  # or "" (none)
    normalize_eps: float = 1e-5
    pad_value: float = 0.0

    @property
    def win(self) -> int:
        return int(self.sample_rate * self.frame_length_ms / 1000)

    @property
    def shift(self) -> int:
        return int(self.sample_rate * self.frame_shift_ms / 1000)

    def to_json(self) -> dict:
        return asdict(self)


def _hz_to_mel_slaney(f: np.ndarray | float) -> np.ndarray:
    f = np.asarray(f, dtype=np.float64)
    return np.where(f <= 1000.0, f * 3.0 / 200.0, 15.0 + 27.0 / np.log(6.4) * np.log(np.maximum(f, 1e-9) / 1000.0))


def _mel_to_hz_slaney(m: np.ndarray | float) -> np.ndarray:
    m = np.asarray(m, dtype=np.float64)
    return np.where(m <= 15.0, 200.0 / 3.0 * m, 1000.0 * np.exp((m - 15.0) * np.log(6.4) / 27.0))


def mel_matrix(cfg: FrontEndConfig) -> np.ndarray:
    """(num_mel_bins, n_fft // 2 + 1) triangular Slaney filters, as kaldi-native-fbank's librosa mode builds them."""
    n_bins = cfg.n_fft // 2 + 1
    hz = np.arange(n_bins) * cfg.sample_rate / cfg.n_fft
    lo, hi = _hz_to_mel_slaney(cfg.low_freq), _hz_to_mel_slaney(cfg.high_freq)
    edges = _mel_to_hz_slaney(lo + (hi - lo) / (cfg.num_mel_bins + 1) * np.arange(cfg.num_mel_bins + 2))
    m = np.zeros((cfg.num_mel_bins, n_bins))
    for b in range(cfg.num_mel_bins):
        left, center, right = edges[b], edges[b + 1], edges[b + 2]
        inside = (hz > left) & (hz < right)
        up = (hz - left) / (center - left)
        down = (right - hz) / (right - center)
        w = np.where(hz <= center, up, down) * inside
        if cfg.mel_norm == "slaney":
            w *= 2.0 / (right - left)
        m[b] = w
    return m


def num_frames(num_samples: int, cfg: FrontEndConfig) -> int:
    if cfg.snip_edges:
        return 0 if num_samples < cfg.win else 1 + (num_samples - cfg.win) // cfg.shift
    return (num_samples + cfg.shift // 2) // cfg.shift


def _frame_indices(n: int, cfg: FrontEndConfig) -> np.ndarray:
    t = num_frames(n, cfg)
    if cfg.snip_edges:
        starts = np.arange(t) * cfg.shift
    else:
        starts = np.arange(t) * cfg.shift + cfg.shift // 2 - cfg.win // 2
    idx = starts[:, None] + np.arange(cfg.win)[None, :]
    # reflect around the edges (-1 -> 0, n -> n - 1), repeatedly for very short signals
    while True:
        low, high = idx < 0, idx >= n
        if not (low.any() or high.any()):
            return idx
        idx = np.where(low, -idx - 1, idx)
        idx = np.where(high, 2 * n - 1 - idx, idx)


def log_mel(samples: np.ndarray, cfg: FrontEndConfig = FrontEndConfig(), mel: np.ndarray | None = None) -> np.ndarray:
    """Un-normalised log-mel features, shape (frames, num_mel_bins), float32."""
    x = np.asarray(samples, dtype=np.float64)
    if len(x) == 0 or num_frames(len(x), cfg) == 0:
        return np.zeros((0, cfg.num_mel_bins), dtype=np.float32)
    frames = x[_frame_indices(len(x), cfg)]
    if cfg.remove_dc_offset:
        frames = frames - frames.mean(axis=1, keepdims=True)
    if cfg.preemphasis:
        pre = frames.copy()
        pre[:, 1:] = frames[:, 1:] - cfg.preemphasis * frames[:, :-1]
        pre[:, 0] = frames[:, 0] * (1.0 - cfg.preemphasis)
        frames = pre
    n = np.arange(cfg.win)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * n / cfg.win)
    spec = np.fft.rfft(frames * window, n=cfg.n_fft, axis=1)
    power = spec.real**2 + spec.imag**2
    if cfg.power == 1.0:
        power = np.sqrt(power)
    m = mel if mel is not None else mel_matrix(cfg)
    energies = power @ m.T
    return np.log(np.maximum(energies, cfg.log_floor)).astype(np.float32)


def normalize(feats: np.ndarray, cfg: FrontEndConfig = FrontEndConfig()) -> np.ndarray:
    if cfg.normalize == "" or len(feats) == 0:
        return feats
    if cfg.normalize != "per_feature":
        raise ValueError(f"unknown normalize type {cfg.normalize!r}")
    f = feats.astype(np.float64)
    mean = f.mean(axis=0)
    std = np.sqrt(np.maximum((f**2).mean(axis=0) - mean**2, 0.0))
    return ((f - mean) / (std + cfg.normalize_eps)).astype(np.float32)


def features(samples: np.ndarray, cfg: FrontEndConfig = FrontEndConfig(), mel: np.ndarray | None = None) -> np.ndarray:
    """Model input for one utterance: (frames, num_mel_bins) float32."""
    return normalize(log_mel(samples, cfg, mel), cfg)
