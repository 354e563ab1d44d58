"""Punctuated, cased text from offline sources, as tagged spoken-form words.

Each source yields *documents* (a fortune, a README, a manual page, a help file); the held-out split is by document
(a hash of its id), so no sentence of a test document is ever trained on. Documents that contain a sentence of the
acoustic recipe's dev/test sets (`work/text/general_{dev,test}.txt`) are held out too, so those recordings'
transcripts can be scored as unseen text.

Every word is what the recogniser writes (lower-case a-z and apostrophe, numbers spelled out: `normalize_text`) with
two tags: the mark after it (none , . ? !; `;` and `:` count as `,`) and its case (lower, Capitalised, UPPER, or a
mixed form such as `iPhone`, looked up in a lexicon of the training text).
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import os
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..normalize import normalize_text

MARKS = ["", ",", ".", "?", "!"]
CASES = ["lower", "capital", "upper", "mixed"]
_MARK_OF = {",": 1, ";": 1, ":": 1, ".": 2, "?": 3, "!": 4}
FORTUNE_DIR = "/usr/share/games/fortunes"
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")
_PROSE_CHARS = re.compile(r"[A-Za-z0-9 ,.'\"!?;:()\-$%&]")
_LEAD = re.compile(r"^[\"'(\[`*_]+")
_TRAIL = re.compile(r"[\"')\].,;:!?`*_]+$")


@dataclass
class Doc:
    """One document: its source id and its words as (word, mark id, case id, written form)."""

    id: str
    source: str
    words: list[tuple[str, int, int, str]]


def held_out(doc_id: str, per_mille: int = 60) -> bool:
    """True for the ~6% of documents kept out of training (by a hash of the document id)."""
    return int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) % 1000 < per_mille


def case_of(written: str) -> int:
    letters = [c for c in written if c.isalpha()]
    if not letters:
        return 0
    if all(c.islower() for c in letters):
        return 0
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return 1
    if all(c.isupper() for c in letters):
        return 2 if len(letters) > 1 else 1
    return 3


def tag_chunk(chunk: str) -> list[tuple[str, int, int, str]]:
    """The spoken-form words of one prose chunk with their mark and case."""
    out: list[tuple[str, int, int, str]] = []
    for token in chunk.split():
        core = _LEAD.sub("", token)
        trail = _TRAIL.search(core)
        tail = trail.group(0) if trail else ""
        core = core[: len(core) - len(tail)] if tail else core
        mark = 0
        for c in reversed(tail):
            if c in _MARK_OF:
                mark = _MARK_OF[c]
                break
        spoken = normalize_text(core).split()
        if not spoken:
            if mark and out and out[-1][1] == 0:
                w, _, cs, wr = out[-1]
                out[-1] = (w, mark, cs, wr)
            continue
        if any(ch.isdigit() for ch in core):
            pieces = spoken  # numbers read out: lower case
            cases = [0] * len(spoken)
        else:
            pieces = [p for p in re.split(r"[^A-Za-z']+", core.replace("’", "'")) if p.strip("'")]
            if len(pieces) == len(spoken):
                cases = [case_of(p) for p in pieces]
            else:
                pieces, cases = spoken, [0] * len(spoken)
        for i, (w, cs, written) in enumerate(zip(spoken, cases, pieces)):
            out.append((w, mark if i == len(spoken) - 1 else 0, cs, written.strip("'") if cs == 3 else w))
    return out


def _prose(chunk: str) -> bool:
    if len(chunk) < 12 or len(chunk) > 400:
        return False
    if len(_PROSE_CHARS.findall(chunk)) / len(chunk) < 0.97 or re.search(r"[<>{}\[\]|\\/_*=~^#@]", chunk):
        return False
    words = chunk.split()
    if len(words) < 3:
        return False
    upper = sum(w.isupper() and len(w) > 1 for w in words)
    return upper <= len(words) // 3  # headings and shouting


def doc_from_text(doc_id: str, source: str, raw: str) -> Doc | None:
    words: list[tuple[str, int, int, str]] = []
    for chunk in _SENT_SPLIT.split(raw):
        chunk = " ".join(chunk.split())
        if _prose(chunk):
            words += tag_chunk(chunk)
    return Doc(doc_id, source, words) if len(words) >= 4 else None


def fortunes() -> list[Doc]:
    files = [f for f in glob.glob(os.path.join(FORTUNE_DIR, "*")) if os.path.isfile(f) and "." not in os.path.basename(f)]
    docs: list[Doc] = []
    for f in sorted(files):
        name = os.path.basename(f)
        if name in ("art", "ascii-art"):
            continue
        raw = Path(f).read_text(encoding="utf-8", errors="ignore")
        for i, entry in enumerate(raw.split("\n%\n")):
            body = "\n".join(l for l in entry.splitlines() if not l.strip().startswith("--"))
            d = doc_from_text(f"fortune:{name}:{i}", "fortunes", body.replace("\n", " "))
            if d:
                docs.append(d)
    return docs


def package_docs(limit_files: int = 4000) -> list[Doc]:
    paths = sorted(glob.glob("/usr/share/doc/*/README*") + glob.glob("/usr/share/doc/*/*.txt*"))[:limit_files]
    docs: list[Doc] = []
    for p in paths:
        try:
            data = gzip.open(p).read() if p.endswith(".gz") else Path(p).read_bytes()
        except (OSError, EOFError):
            continue
        d = doc_from_text(f"doc:{p}", "usr-share-doc", data[:300_000].decode("utf-8", errors="ignore"))
        if d:
            docs.append(d)
    return docs


_ROFF_ESC = re.compile(r"\\f[BIRP1-4]|\\f\(..|\\\(..|\\[&|^~]|\\-|\\e|\\s[-+]?\d|\\\*.")


def man_pages(limit_pages: int = 1500) -> list[Doc]:
    """English manual pages (sections 1, 5, 7, 8): roff requests dropped, escapes removed, paragraphs kept. The
    generated per-subcommand pages of cloud CLIs (`gcloud-*`: thousands of near-copies) are left out."""
    paths = []
    for sec in ("1", "5", "7", "8"):
        paths += sorted(p for p in glob.glob(f"/usr/share/man/man{sec}/*.gz") if not os.path.basename(p).startswith(("gcloud", "bq", "gsutil")))
    docs: list[Doc] = []
    for p in paths[:limit_pages]:
        try:
            text = gzip.open(p).read()[:300_000].decode("utf-8", errors="ignore")
        except (OSError, EOFError):
            continue
        lines = []
        for line in text.splitlines():
            if line.startswith((".", "'")):
                lines.append("" if line[1:3] in ("SH", "PP", "P", "TP", "IP", "LP", "SS") or line[1:3].startswith(("S", "P", "T", "I")) else " ")
                continue
            lines.append(_ROFF_ESC.sub("", line))
        d = doc_from_text(f"man:{p}", "man-pages", "\n".join(lines))
        if d:
            docs.append(d)
    return docs


def vim_help() -> list[Doc]:
    docs: list[Doc] = []
    for p in sorted(glob.glob("/usr/share/vim/vim*/doc/*.txt")):
        text = Path(p).read_text(encoding="utf-8", errors="ignore")
        # a help file is long: its sections (blank-line separated runs of ~40 lines) are the documents
        for i, part in enumerate(re.split(r"\n={10,}\n|\n-{10,}\n", text)):
            d = doc_from_text(f"vim:{p}:{i}", "vim-help", part)
            if d:
                docs.append(d)
    return docs


def python_topics() -> list[Doc]:
    """The Python language reference's prose (pydoc_data/topics.py) of any Python installed here."""
    found = sorted(glob.glob("/usr/lib/python3*/pydoc_data/topics.py") + glob.glob(os.path.expanduser("~/.pyenv/versions/*/lib/python3*/pydoc_data/topics.py")))
    if not found:
        return []
    ns: dict = {}
    try:
        exec(compile(Path(found[-1]).read_text(encoding="utf-8"), found[-1], "exec"), ns)
    except Exception:  # noqa: BLE001 - an odd file is one source less, not a failed run
        return []
    docs = []
    for key, text in sorted(ns.get("topics", {}).items()):
        d = doc_from_text(f"pydoc:{key}", "python-reference", text)
        if d:
            docs.append(d)
    return docs


SOURCES = {
    "fortunes": fortunes,
    "usr-share-doc": package_docs,
    "man-pages": man_pages,
    "vim-help": vim_help,
    "python-reference": python_topics,
}


def load_docs(asr_heldout: set[str] | None = None) -> tuple[list[Doc], list[Doc]]:
    """(train, test) documents from every source; a document holding a sentence of `asr_heldout` goes to test."""
    train: list[Doc] = []
    test: list[Doc] = []
    for name, fn in SOURCES.items():
        docs = fn()
        n_test = 0
        for d in docs:
            text = " ".join(w for w, *_ in d.words)
            hit = asr_heldout is not None and any(s in text for s in _candidates(text, asr_heldout))
            if held_out(d.id) or hit:
                test.append(d)
                n_test += 1
            else:
                train.append(d)
        print(f"punct data: {name}: {len(docs)} documents, {sum(len(d.words) for d in docs)} words, {n_test} held out", flush=True)
    return train, test


def _candidates(text: str, sentences: set[str]) -> list[str]:
    # cheap pre-filter: only sentences whose first three words occur in the document
    return [s for s in sentences if s in text] if len(sentences) < 50 else [s for s in _index_lookup(text, sentences)]


_INDEX: dict[int, dict[str, list[str]]] = {}


def _index_lookup(text: str, sentences: set[str]) -> list[str]:
    idx = _INDEX.get(id(sentences))
    if idx is None:
        idx = {}
        for s in sentences:
            idx.setdefault(" ".join(s.split()[:3]), []).append(s)
        _INDEX.clear()
        _INDEX[id(sentences)] = idx
    words = text.split()
    out = []
    for i in range(len(words) - 2):
        out += idx.get(" ".join(words[i : i + 3]), [])
    return out


def build_vocab(docs: list[Doc], size: int) -> list[str]:
    counts = Counter(w for d in docs for w, *_ in d.words)
    return [w for w, c in counts.most_common(size) if c >= 2]


def build_mixed_lexicon(docs: list[Doc], limit: int = 3000) -> dict[str, str]:
    """Spoken word -> its most frequent mixed-case written form (`iphone` -> `iPhone`)."""
    forms: dict[str, Counter] = {}
    for d in docs:
        for w, _, cs, written in d.words:
            if cs == 3:
                forms.setdefault(w, Counter())[written] += 1
    ranked = sorted(forms.items(), key=lambda kv: -sum(kv[1].values()))[:limit]
    return {w: c.most_common(1)[0][0] for w, c in ranked}


def fnv1a(s: str) -> int:
    """32-bit FNV-1a over UTF-8: the suffix bucket hash (the runtime computes the same)."""
    h = 0x811C9DC5
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def suffix_bucket(word: str, buckets: int) -> int:
    return 1 + fnv1a(word[-3:]) % (buckets - 1)  # 0 is padding
