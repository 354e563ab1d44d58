"""NeMo-style JSONL manifests: one `{"audio_filepath", "duration", "text"}` object per line.

This is the recipe's real-data path: a team with its own recordings writes such a manifest and trains or
fine-tunes on it. Every line is checked before any work starts, and a bad line is reported by number.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np

from .normalize import check_vocab


class ManifestError(SystemExit):
    pass


def read_manifest(path: Path, check_audio: bool = True) -> list[dict]:
    if not path.exists():
        raise ManifestError(f"manifest: {path} does not exist")
    base = path.parent
    out: list[dict] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"manifest {path}, line {lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise ManifestError(f"{where}: not valid JSON ({e.msg})") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("audio_filepath"), str) or not isinstance(rec.get("text"), str):
            raise ManifestError(f"{where}: needs string fields 'audio_filepath' and 'text'")
        audio = Path(rec["audio_filepath"])
        if not audio.is_absolute():
            audio = base / audio
        if check_audio and not (audio.is_file() and os.access(audio, os.R_OK)):
            raise ManifestError(f"{where}: audio file {audio} is missing or unreadable")
        bad = check_vocab(rec["text"])
        if bad is not None:
            raise ManifestError(
                f"{where}: text has a character outside the model's vocabulary, {rec['text'][bad]!r} at column {bad + 1}: "
                f"{rec['text']!r}. Normalise it first (lower-case letters, apostrophe, space; numbers spelled out)."
            )
        if not rec["text"].strip():
            raise ManifestError(f"{where}: empty text")
        rec = dict(rec)
        rec["audio_filepath"] = str(audio)
        rec.setdefault("id", f"{path.stem}-{lineno}")
        out.append(rec)
    if not out:
        raise ManifestError(f"manifest: {path} has no entries")
    return out


def load_audio(path: str, sample_rate: int) -> np.ndarray:
    """Any format sox reads, as mono float32 at `sample_rate`. 16-bit WAV at the right rate is read directly."""
    from .synth import read_wav

    try:
        x, sr = read_wav(path)
        if sr == sample_rate:
            return x
    except (ValueError, EOFError, OSError, Exception):  # noqa: BLE001 - fall through to sox for anything else
        pass
    if shutil.which("sox") is None:
        raise RuntimeError(f"{path}: not a 16-bit WAV at {sample_rate} Hz and sox is not installed to convert it")
    proc = subprocess.run(
        ["sox", path, "-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1", "-r", str(sample_rate), "-"],
        capture_output=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{path}: cannot decode audio: {proc.stderr.decode(errors='ignore').strip()[:200]}")
    return np.frombuffer(proc.stdout, dtype="<f4").copy()
