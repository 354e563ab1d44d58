"""Stage 1: the text corpus.

Varied English from sources that exist offline on a Debian machine (the `fortunes` collection and package
documentation), generated everyday sentences with numbers and dates, and generated domain sentences. Every
sentence is normalised to spoken form and assigned to train/dev/test by a hash of its text, so the held-out
sentences never reach training (nor, later, the language model).
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import os
import random
import re
from pathlib import Path

from .domain import DOMAINS, domain_sentences
from .log import log
from .normalize import normalize_text, ordinal_to_words

FORTUNE_DIR = "/usr/share/games/fortunes"
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")
_PROSE_CHARS = re.compile(r"[A-Za-z0-9 ,.'\"!?;:()\-$%&]")


def _split_of(sentence: str, test_per_mille: int = 15) -> str:
    h = int(hashlib.sha1(sentence.encode()).hexdigest()[:8], 16) % 1000
    return "test" if h < test_per_mille else "dev" if h < 2 * test_per_mille else "train"


def _clean_sentences(raw: str) -> list[str]:
    out = []
    for chunk in _SENT_SPLIT.split(raw):
        chunk = " ".join(chunk.split())
        if len(chunk) < 12 or len(chunk) > 220:
            continue
        prose = len(_PROSE_CHARS.findall(chunk)) / len(chunk)
        if prose < 0.97 or re.search(r"[<>{}\[\]|\\/_*=~^]", chunk):
            continue  # code, ascii art, paths, markup
        text = normalize_text(chunk)
        words = text.split()
        if not 4 <= len(words) <= 28:
            continue
        if sum(len(w) == 1 and w not in ("a", "i") for w in words) > 1:
            continue  # spelled-out initials and stray letters read badly
        out.append(text)
    return out


def _fortunes() -> list[str]:
    files = [f for f in glob.glob(os.path.join(FORTUNE_DIR, "*")) if os.path.isfile(f) and "." not in os.path.basename(f)]
    out: list[str] = []
    for f in sorted(files):
        if os.path.basename(f) in ("art", "ascii-art"):
            continue
        raw = Path(f).read_text(encoding="utf-8", errors="ignore")
        for entry in raw.split("\n%\n"):
            # attribution lines ("-- Mark Twain") are names, not prose
            body = "\n".join(l for l in entry.splitlines() if not l.strip().startswith("--"))
            out += _clean_sentences(body.replace("\n", " "))
    return out


def _package_docs(limit_files: int = 4000) -> list[str]:
    paths = sorted(glob.glob("/usr/share/doc/*/README*") + glob.glob("/usr/share/doc/*/*.txt*"))[:limit_files]
    out: list[str] = []
    for p in paths:
        try:
            data = gzip.open(p).read() if p.endswith(".gz") else Path(p).read_bytes()
        except (OSError, EOFError):
            continue
        out += _clean_sentences(data[:200_000].decode("utf-8", errors="ignore"))
    return out


_EVERYDAY = [
    "the meeting starts at {time} on {day}",
    "we recorded {n} interviews in {month}",
    "the train leaves at {time} from platform {m}",
    "she was born on the {ord} of {month} {year}",
    "can you call me back after {time}",
    "the report is due on {day} the {ord}",
    "about {n} people came to the talk",
    "my flight was delayed by {m} minutes",
    "the recording lasts {m} minutes and {s} seconds",
    "it costs {n} dollars for the whole year",
    "we will meet again in {month}",
    "he moved here in {year} with his family",
    "turn left after {m} hundred metres",
    "the temperature dropped to {m} degrees last night",
    "please send the transcript by {day} morning",
]
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = "january february march april may june july august september october november december".split()


def _everyday(count: int, rng: random.Random) -> list[str]:
    out = set()
    while len(out) < count:
        s = rng.choice(_EVERYDAY).format(
            time=f"{rng.randint(1, 12)}:{rng.choice(['00', '15', '30', '45', '05', '20'])}",
            day=rng.choice(_DAYS), month=rng.choice(_MONTHS), n=rng.choice([3, 12, 40, 75, 120, 300, 1500, 2500]),
            m=rng.randint(2, 59), s=rng.randint(2, 59), ord=ordinal_to_words(rng.randint(1, 31)),
            year=rng.randint(1950, 2025),
        )
        out.add(normalize_text(s))
    return sorted(out)


def build_corpus(out_dir: Path, seed: int, domain_per: int = 2500, max_docs: int = 4000) -> dict[str, int]:
    """Write train/dev/test sentence lists (general and per domain). Returns counts."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    general: list[str] = []
    if os.path.isdir(FORTUNE_DIR):
        general += _fortunes()
    log(f"text: {len(general)} sentences from fortunes")
    docs = _package_docs(max_docs)
    log(f"text: {len(docs)} sentences from /usr/share/doc")
    general += docs + _everyday(3000, rng)
    general = sorted(set(general))
    if len(general) < 1000:
        raise SystemExit("text: fewer than 1000 usable sentences found; install the Debian package 'fortunes'")
    splits: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    for s in general:
        splits[_split_of(s)].append(s)
    counts: dict[str, int] = {}
    for name, lines in splits.items():
        rng.shuffle(lines)
        (out_dir / f"general_{name}.txt").write_text("\n".join(lines) + "\n")
        counts[f"general_{name}"] = len(lines)
    for d in DOMAINS:
        sents = domain_sentences(d, domain_per, random.Random(f"{seed}-{d}"))
        split = {"train": [], "test": []}
        for s in sents:
            split["test" if _split_of(s, 60) != "train" else "train"].append(s)
        for name, lines in split.items():
            (out_dir / f"{d}_{name}.txt").write_text("\n".join(lines) + "\n")
            counts[f"{d}_{name}"] = len(lines)
    words = sum(len(l.split()) for name in ("general_train",) for l in (out_dir / f"{name}.txt").read_text().splitlines())
    counts["general_train_words"] = words
    return counts
