"""What a fine-tuning run reads before it trains: the parent bundle, the team's manifests (an export of Verbatim's
`export-training`, or any NeMo-style JSONL) and the synthetic share mixed in against forgetting.

Every problem is found before anything is written, and reported in one message with an exit code:
2 for the command line (missing option, output already there), 3 for the data (missing audio, text that normalises
to nothing, an empty manifest), 4 for a bundle whose alphabet is not the export's.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path

from .normalize import normalize_text
from .tokens import BLANK_SYMBOL, TOKENS, WORD_BOUNDARY

EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_ALPHABET = 4
EXIT_INTERRUPTED = 130


class FinetuneError(Exception):
    """A refusal: `message` says what and where, `code` is the process exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Parent:
    """The bundle fine-tuning starts from and where it came from (lineage.json's `parent`)."""

    dir: Path
    model_json: dict
    id: str
    version: str
    sha256: str
    sha256_source: str  # "install.json" (a model store's package hash) or "hashed" (computed here)
    alphabet: list[str]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def bundle_sha256(bundle: Path) -> str:
    """The hash a Verbatim model store names this bundle by when it installs it (packages/asr's packageSha256): sha256
    of the sorted lines `<file sha256>  <posix path>\n` over every regular file, hidden ones left out."""
    lines = []
    for p in bundle.rglob("*"):
        rel = p.relative_to(bundle)
        if not p.is_file() or any(part.startswith(".") for part in rel.parts) or rel.as_posix() == "install.json":
            continue
        lines.append(f"{file_sha256(p)}  {rel.as_posix()}\n")
    h = hashlib.sha256()
    for line in sorted(lines):
        h.update(line.encode())
    return h.hexdigest()


def _alphabet_of_tokens(tokens: list) -> list[str]:
    """The characters a token list writes: the word boundary as a space, the blank left out."""
    out = []
    for t in tokens:
        if not isinstance(t, str) or t == BLANK_SYMBOL or (t.startswith("<") and t.endswith(">")):
            continue
        out.append(" " if t == WORD_BOUNDARY else t)
    return out


def read_parent(bundle: Path) -> Parent:
    if not (bundle / "model.json").is_file():
        raise FinetuneError(f"--init-from {bundle}: no model.json there; give a Verbatim bundle directory "
                            "(e.g. models/verbatim-en-char-v1, or an installed model's directory in a model store)", EXIT_USAGE)
    if not (bundle / "checkpoint.pt").is_file():
        raise FinetuneError(f"--init-from {bundle}: no checkpoint.pt; only bundles made by this recipe carry the "
                            "PyTorch weights fine-tuning starts from", EXIT_USAGE)
    mj = json.loads((bundle / "model.json").read_text())
    install = bundle / "install.json"
    if install.is_file():
        rec = json.loads(install.read_text())
        sha, source = rec.get("sha256"), "install.json"
        mid, ver = rec.get("id", mj.get("id")), rec.get("version", mj.get("version"))
    else:
        sha, source, mid, ver = bundle_sha256(bundle), "hashed", mj.get("id"), mj.get("version")
    alphabet = _alphabet_of_tokens(mj.get("tokens", []))
    recipe = _alphabet_of_tokens(TOKENS)
    if sorted(alphabet) != sorted(recipe):
        raise FinetuneError(
            f"--init-from {bundle}: its alphabet ({_show(alphabet)}) is not this recipe's character vocabulary "
            f"({_show(recipe)}); the recipe fine-tunes its own character models only", EXIT_ALPHABET)
    return Parent(bundle, mj, str(mid), str(ver), str(sha), source, alphabet)


def _show(chars: list[str]) -> str:
    return "".join(sorted("␠" if c == " " else c for c in set(chars)))


def export_alphabet(manifest: Path) -> tuple[list[str], str] | None:
    """The alphabet an export says it normalised to (export.json beside the manifest), and the file; None without one."""
    path = manifest.parent / "export.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    a = data.get("alphabet")
    if isinstance(a, dict):  # { tokens | characters: [...], model: ... }
        a = a.get("characters", a.get("tokens", a.get("chars")))
    if isinstance(a, str):
        chars = list(a)
    elif isinstance(a, list):
        chars = [c for t in _alphabet_of_tokens(a) for c in t]  # BPE pieces: their letters
    else:
        return None
    return sorted(set(chars) | {" "}), str(path)


def check_alphabet(parent: Parent, manifest: Path) -> None:
    got = export_alphabet(manifest)
    if got is None:
        return
    chars, where = got
    mine = set(parent.alphabet) | {" "}
    if set(chars) != mine:
        extra, missing = sorted(set(chars) - mine), sorted(mine - set(chars))
        raise FinetuneError(
            f"alphabet mismatch: {where} was normalised to {_show(chars)} but {parent.dir} ({parent.id}@{parent.version}) "
            f"writes {_show(list(mine))}"
            + (f"; the export has {_show(extra)} the model cannot write" if extra else "")
            + (f"; the model has {_show(missing)} the export never uses" if missing else "")
            + ". Export with this model as the project's default, or fine-tune a model of the export's alphabet.",
            EXIT_ALPHABET)


def read_team_manifest(path: Path, role: str) -> list[dict]:
    """Every line of a NeMo-style manifest, checked: paths resolved against the manifest's directory, files present,
    text normalised (lower-case, the recipe's characters) and not empty. All problems in one FinetuneError."""
    if not path.is_file():
        raise FinetuneError(f"{role} {path}: no such file", EXIT_USAGE)
    base = path.parent
    out: list[dict] = []
    missing: list[str] = []
    empty: list[str] = []
    bad: list[str] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            bad.append(f"line {lineno}: not valid JSON ({e.msg})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("audio_filepath"), str) or not isinstance(rec.get("text"), str):
            bad.append(f"line {lineno}: needs string fields 'audio_filepath' and 'text'")
            continue
        audio = Path(rec["audio_filepath"])
        if not audio.is_absolute():
            audio = base / audio
        if not (audio.is_file() and os.access(audio, os.R_OK)):
            missing.append(f"line {lineno}: {rec['audio_filepath']}")
            continue
        text = normalize_text(rec["text"])
        if not text:
            empty.append(f"line {lineno}: {rec['text']!r}")
            continue
        rec = dict(rec, audio_filepath=str(audio), text=text)
        rec.setdefault("id", f"{path.stem}-{lineno}")
        if not isinstance(rec.get("duration"), (int, float)):
            from .manifest import load_audio

            rec["duration"] = len(load_audio(str(audio), 16000)) / 16000
        out.append(rec)
    problems = []
    if missing:
        problems.append(f"{len(missing)} audio file(s) missing or unreadable (relative paths are read from {base}): "
                        + "; ".join(missing[:5]) + ("; ..." if len(missing) > 5 else ""))
    if empty:
        problems.append(f"{len(empty)} line(s) whose text normalises to nothing: " + "; ".join(empty[:5])
                        + ("; ..." if len(empty) > 5 else ""))
    if bad:
        problems.append("; ".join(bad[:5]) + ("; ..." if len(bad) > 5 else ""))
    if problems:
        raise FinetuneError(f"{role} {path}: " + ". ".join(problems), EXIT_DATA)
    if not out:
        raise FinetuneError(f"{role} {path}: no entries (an empty manifest); nothing to fine-tune on", EXIT_DATA)
    return out


def synth_seconds(team_seconds: float, share: float) -> float:
    """Seconds of synthetic speech so that it makes `share` of the audio trained on."""
    if share <= 0:
        return 0.0
    if share >= 1:
        raise FinetuneError("--synth-share must be below 1 (it is the synthetic part of the mix)", EXIT_USAGE)
    return team_seconds * share / (1 - share)


def pick_synthetic(records: list[dict], seconds: float, seed: int) -> list[dict]:
    """A seeded sample of `records` adding up to at least `seconds` (all of them when there are not enough)."""
    order = list(records)
    random.Random(seed).shuffle(order)
    out, total = [], 0.0
    for r in order:
        if total >= seconds:
            break
        out.append(r)
        total += float(r.get("duration", 3.0))
    return out


def plan_synthetic_utterances(text_file: Path, seconds: float, seed: int) -> list:
    """Sentences of the recipe's general-English training text in training voices (never the held-out ones), about
    `seconds` long in all (at ~2.7 words/s)."""
    from .synth import Utterance, random_augmentation, random_prosody, random_training_voice

    rng = random.Random(f"{seed}-ft-synth")
    lines = [l for l in text_file.read_text().splitlines() if l.strip()]
    rng.shuffle(lines)
    out, total = [], 0.0
    for i, text in enumerate(lines):
        if total >= seconds:
            break
        v = random_training_voice(rng)
        r, p = random_prosody(v, rng)
        out.append(Utterance(f"ft{i:06d}", text, v, r, p, random_augmentation(rng)))
        total += 0.4 + len(text.split()) / 2.7
    return out


def audio_seconds(records: list[dict]) -> float:
    return float(sum(float(r.get("duration", 0.0)) for r in records))


def fingerprint(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def ceil_div(a: int, b: int) -> int:
    return int(math.ceil(a / max(1, b)))
