"""The character vocabulary: word boundary, a-z, apostrophe; the CTC blank is the last id (sherpa-onnx's NeMo layout)."""

from __future__ import annotations

WORD_BOUNDARY = "\u2581"  # '▁', written for the space so tokens.txt stays "<piece> <id>" per line
TOKENS = [WORD_BOUNDARY] + [chr(c) for c in range(ord("a"), ord("z") + 1)] + ["'"]
BLANK = len(TOKENS)  # 28
BLANK_SYMBOL = "<blk>"
_ID = {(" " if t == WORD_BOUNDARY else t): i for i, t in enumerate(TOKENS)}


def encode(text: str) -> list[int]:
    """Token ids for normalised text (see normalize.py); raises KeyError on a character outside the vocabulary."""
    return [_ID[c] for c in " ".join(text.split())]


def decode_ids(ids: list[int]) -> str:
    return "".join(" " if i == 0 else TOKENS[i] for i in ids if i != BLANK).strip()


def tokens_txt() -> str:
    return "".join(f"{t} {i}\n" for i, t in enumerate(TOKENS)) + f"{BLANK_SYMBOL} {BLANK}\n"
