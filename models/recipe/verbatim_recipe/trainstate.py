"""The training state that lets every session add compute to the bundled model (`run.py --continue`).

Two forms of one state:

- the **run checkpoint** `work/exp/continue/last.pt` (float32 weights and Adam moments, written every `--save-every`
  steps and on Ctrl-C / SIGTERM, atomically, so a killed run -- a lost GPU machine included -- resumes from the last
  one and follows the same trajectory as an uninterrupted run);
- the **committed state** `train-state.pt` beside the bundle's `checkpoint.pt` (Adam's moments in bfloat16, the
  weights being the bundle's float16 `checkpoint.pt`): step, epoch and batch position, learning-rate segments, RNG
  states, the model configuration, the alphabet, the training data's fingerprints and its history.

A state is refused (`StateRefusal`, with the exit code) when it does not match what the command would train: another
model configuration, another alphabet, another checkpoint, or other training data unless `--accept-data-change`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
from pathlib import Path
from typing import Any

import torch

from .export import sha256
from .model import ModelConfig
from .tokens import TOKENS

FORMAT = "verbatim-train-state"
FORMAT_VERSION = 1
STATE_FILE = "train-state.pt"

EXIT_USAGE = 2  # the command line or the bundle: no state, another checkpoint, another model configuration
EXIT_DATA = 3  # the training data differs from the state's (accept with --accept-data-change)
EXIT_ALPHABET = 4  # the state's alphabet is not the recipe's or the bundle's
EXIT_NOT_BETTER = 5  # the gate kept the committed bundle: the candidate's held-out WER is not better
EXIT_INTERRUPTED = 130  # Ctrl-C / SIGTERM: a checkpoint was saved, the same command resumes


class StateRefusal(Exception):
    """A refusal: `message` says which field and what each side has, `code` is the process exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- data ------------------------------------------------------------------------------------------------------------

def set_fingerprint(index: list[dict]) -> dict:
    """What a training set is, independent of where its files lie: sha256 over every utterance's id, text and frame
    count (the stored features' index), with the utterance count and hours."""
    h = hashlib.sha256()
    for r in index:
        h.update(json.dumps([r.get("id", ""), r["text"], int(r["frames"])]).encode())
        h.update(b"\n")
    return {"sha256": h.hexdigest(), "utterances": len(index), "hours": round(sum(r["frames"] for r in index) / 360000, 3)}


def data_fingerprints(work_dir: Path, sets: list[str]) -> dict[str, dict]:
    out = {}
    for name in sets:
        path = work_dir / "feats" / f"{name}.json"
        if not path.is_file():
            raise StateRefusal(f"training set {name!r}: {path} not found; build its features with stage 3 "
                               f"(npm run model:train -- --stage 3 --stop-stage 3)", EXIT_DATA)
        out[name] = set_fingerprint(json.loads(path.read_text()))
    return out


def data_differences(recorded: dict[str, dict], current: dict[str, dict]) -> list[str]:
    """Each way the training data of the command differs from the state's, in words (empty: the same data)."""
    diffs = []
    for name in sorted(set(recorded) | set(current)):
        a, b = recorded.get(name), current.get(name)
        if a is None:
            diffs.append(f"set {name!r}: not in the checkpoint's data, given now ({b['utterances']} utterances, {b['hours']} h)")
        elif b is None:
            diffs.append(f"set {name!r}: in the checkpoint's data ({a['utterances']} utterances, {a['hours']} h), not given now")
        elif a["sha256"] != b["sha256"]:
            diffs.append(f"set {name!r}: content differs (checkpoint {a['utterances']} utterances, {a['hours']} h, "
                         f"sha256 {a['sha256'][:12]}; now {b['utterances']} utterances, {b['hours']} h, sha256 {b['sha256'][:12]})")
    return diffs


# ---- checks ----------------------------------------------------------------------------------------------------------

ARCH_OPTIONS = {"d_model": "--d-model", "layers": "--layers", "heads": "--heads", "conv_kernel": "--conv-kernel"}


def check_config(state_config: dict, requested: dict[str, int | None]) -> None:
    """Options given on the command line (not None) must equal the state's model configuration."""
    cfg = ModelConfig(**state_config).to_json()
    for field, option in ARCH_OPTIONS.items():
        want = requested.get(field)
        if want is not None and want != cfg[field]:
            raise StateRefusal(
                f"model configuration: {field} is {cfg[field]} in the checkpoint, {want} on the command line ({option}); "
                "a continued run keeps the model it continues: drop the option, or train a new model without --continue",
                EXIT_USAGE)


def check_alphabet(state_alphabet: list[str], bundle_tokens: list[str] | None) -> None:
    if list(state_alphabet) != list(TOKENS):
        raise StateRefusal(f"alphabet: the checkpoint has {''.join(state_alphabet)!r} ({len(state_alphabet)} tokens), "
                           f"the recipe {''.join(TOKENS)!r} ({len(TOKENS)}); continue it with the recipe version that made it",
                           EXIT_ALPHABET)
    if bundle_tokens is not None and list(bundle_tokens[: len(TOKENS)]) != list(TOKENS):
        raise StateRefusal(f"alphabet: the bundle's model.json has {''.join(bundle_tokens)!r}, the checkpoint "
                           f"{''.join(state_alphabet)!r}", EXIT_ALPHABET)


# ---- state <-> objects -----------------------------------------------------------------------------------------------

def rng_state(rng: random.Random, device: torch.device) -> dict:
    out: dict[str, Any] = {"python": rng.getstate(), "torch": torch.get_rng_state()}
    if device.type == "cuda":
        out["cuda"] = torch.cuda.get_rng_state(device)
    return out


def restore_rng(saved: dict, rng: random.Random, device: torch.device) -> None:
    rng.setstate(saved["python"])
    torch.set_rng_state(saved["torch"])
    if device.type == "cuda" and "cuda" in saved:
        torch.cuda.set_rng_state(saved["cuda"], device)


def _cast_opt(opt_state: dict, dtype: torch.dtype | None) -> dict:
    """The optimizer's state_dict with its moment tensors cast (to CPU; `dtype` None keeps float32)."""
    out = {"param_groups": opt_state["param_groups"], "state": {}}
    for k, s in opt_state["state"].items():
        out["state"][k] = {n: (v.detach().to("cpu", dtype or v.dtype) if torch.is_tensor(v) and v.is_floating_point()
                               and v.dim() > 0 else v.detach().cpu() if torch.is_tensor(v) else v)
                           for n, v in s.items()}
    return out


def float_opt(opt_state: dict) -> dict:
    """A compact optimizer state back to float32 (what torch.optim loads)."""
    return _cast_opt(opt_state, torch.float32)


def save_atomic(obj: dict, path: Path) -> None:
    """torch.save to a temporary file, then rename: a run killed while saving leaves the previous file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def run_checkpoint(model: torch.nn.Module, opt: torch.optim.Optimizer, progress: dict, rngs: dict, config: dict,
                   data: dict, lineage: dict) -> dict:
    """The full-precision run checkpoint (work/exp/continue/last.pt)."""
    return {"format": FORMAT, "formatVersion": FORMAT_VERSION, "kind": "run", "config": config, "alphabet": list(TOKENS),
            "model": {k: v.detach().cpu().float() for k, v in model.state_dict().items()},
            "opt": _cast_opt(opt.state_dict(), None), "progress": progress, "rng": rngs, "data": data, "lineage": lineage}


def compact_state(run: dict, weights_sha256: str) -> dict:
    """The committed form of a run checkpoint: no weights (they are the bundle's checkpoint.pt, whose sha256 it names),
    Adam's moments in bfloat16."""
    return {"format": FORMAT, "formatVersion": FORMAT_VERSION, "kind": "committed", "config": run["config"],
            "alphabet": run["alphabet"], "weightsSha256": weights_sha256, "opt": _cast_opt(run["opt"], torch.bfloat16),
            "progress": run["progress"], "rng": run["rng"], "data": run["data"], "lineage": run["lineage"], "savedAt": now()}


def load_state(path: Path) -> dict:
    st = torch.load(path, map_location="cpu")
    if not isinstance(st, dict) or st.get("format") != FORMAT:
        raise StateRefusal(f"{path}: not a training state of this recipe (no format {FORMAT!r})", EXIT_USAGE)
    if st.get("formatVersion", 0) > FORMAT_VERSION:
        raise StateRefusal(f"{path}: state format {st['formatVersion']}, this recipe reads up to {FORMAT_VERSION}; "
                           "update the recipe", EXIT_USAGE)
    return st


def bundle_state(bundle: Path) -> dict | None:
    """The committed state beside a bundle's checkpoint, checked against that checkpoint; None when there is none."""
    path = bundle / STATE_FILE
    if not path.is_file():
        return None
    st = load_state(path)
    actual = sha256(bundle / "checkpoint.pt")
    if st.get("weightsSha256") != actual:
        raise StateRefusal(f"{path} belongs to another checkpoint.pt (sha256 {str(st.get('weightsSha256'))[:12]}, the bundle's "
                           f"is {actual[:12]}): the bundle's files were changed without the recipe; restore them from git",
                           EXIT_USAGE)
    return st
