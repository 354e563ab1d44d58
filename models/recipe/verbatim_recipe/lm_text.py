"""Stage 8's text: a general-English collection for the word LM, from every substantial English text a Debian machine
can hold offline, normalised to the recogniser's spoken form and kept away from every evaluation sentence.

Sources (each optional: a package that is not installed is named in the log and counted as 0 words):
WordNet glosses and examples (`wordnet-base`), Webster 1913 definitions and quotations (`dict-gcide`), the Jargon File
(`dict-jargon`), FOLDOC (`dict-foldoc`), The Devil's Dictionary (`dict-devil`), V.E.R.A. (`dict-vera`), the King James
Bible (`bible-kjv`), fortunes (`fortunes*`), package documentation under /usr/share/doc, manual pages (sections 1, 5, 7,
8), The Debian Administrator's Handbook (`debian-handbook`), the Debian Reference (`debian-reference-en`) and the
Python documentation (`python3-doc`). Sentences are normalised with `normalize.py`, deduplicated, and any sentence that
shares a word 4-gram with an evaluation sentence (every dev/test text and manifest of the recipe, `domain_fresh/`) is
dropped; the overlap before and after is reported.
"""

from __future__ import annotations

import glob
import gzip
import html
import itertools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .log import log
from .normalize import normalize_text

HERE = Path(__file__).resolve().parent
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")
_PROSE_CHARS = re.compile(r"[A-Za-z0-9 ,.'\"!?;:()\-$%&]")
_ROFF_ESC = re.compile(r"\\f[BIRP1-4]|\\f\(..|\\\(..|\\[&|^~]|\\-|\\e|\\s[-+]?\d|\\\*.")
NGRAM = 4


def sentences_of(raw: str, min_words: int = 3, max_words: int = 40) -> Iterator[str]:
    """Spoken-form sentences of a prose text: code, paths, markup and headings left out."""
    for chunk in _SENT_SPLIT.split(raw):
        chunk = " ".join(chunk.split())
        if len(chunk) < 10 or len(chunk) > 320:
            continue
        if len(_PROSE_CHARS.findall(chunk)) / len(chunk) < 0.97 or re.search(r"[<>{}\[\]|\\/_*=~^#@]", chunk):
            continue
        words = normalize_text(chunk).split()
        if not min_words <= len(words) <= max_words:
            continue
        if sum(len(w) == 1 and w not in ("a", "i") for w in words) > 1:
            continue  # spelled-out initials and stray letters
        yield " ".join(words)


def _read(path: str) -> str:
    try:
        data = gzip.open(path).read() if path.endswith((".gz", ".dz")) else Path(path).read_bytes()
    except (OSError, EOFError):
        return ""
    return data.decode("utf-8", errors="ignore")


def wordnet() -> Iterator[str]:
    for pos in ("noun", "verb", "adj", "adv"):
        path = f"/usr/share/wordnet/data.{pos}"
        if not os.path.exists(path):
            continue
        for line in _read(path).splitlines():
            if line.startswith("  ") or " | " not in line:
                continue  # licence header
            for part in line.split(" | ", 1)[1].split(";"):
                part = part.strip().strip('"').strip()
                yield from sentences_of(part)


def _dictd(name: str) -> Iterator[str]:
    raw = _read(f"/usr/share/dictd/{name}.dict.dz")
    raw = re.sub(r"\[[^\]]*\]", " ", raw)  # etymology, [1913 Webster], [Obs.]
    raw = re.sub(r"\\[^\\\n]*\\", " ", raw)  # pronunciations \A*buse"\
    raw = re.sub(r"--\s*[A-Z][\w. ]{0,30}\.?\s*$", " ", raw, flags=re.M)  # quotation authors
    raw = raw.replace("{", "").replace("}", "")
    for para in re.split(r"\n\s*\n", raw):
        yield from sentences_of(" ".join(para.split()))


def gcide() -> Iterator[str]:
    return _dictd("gcide")


def jargon() -> Iterator[str]:
    return _dictd("jargon")


def foldoc() -> Iterator[str]:
    return _dictd("foldoc")


def devil() -> Iterator[str]:
    return _dictd("devil")


def vera() -> Iterator[str]:
    return _dictd("vera")


def kjv() -> Iterator[str]:
    bible = shutil.which("bible")
    if bible is None:
        return
    out = subprocess.run([bible, "-f", "Gen1:1-Rev22:21"], capture_output=True, text=True, errors="ignore").stdout
    for line in out.splitlines():
        yield from sentences_of(line.split(" ", 1)[-1])  # "Ge1:1 In the beginning..."


def fortunes() -> Iterator[str]:
    for f in sorted(glob.glob("/usr/share/games/fortunes/*")):
        if not os.path.isfile(f) or "." in os.path.basename(f) or os.path.basename(f) in ("art", "ascii-art"):
            continue
        for entry in _read(f).split("\n%\n"):
            body = " ".join(l for l in entry.splitlines() if not l.strip().startswith("--"))
            yield from sentences_of(body)


def usr_share_doc() -> Iterator[str]:
    for p in sorted(glob.glob("/usr/share/doc/*/README*") + glob.glob("/usr/share/doc/*/*.txt*")):
        yield from sentences_of(_read(p)[:300_000])


def man_pages() -> Iterator[str]:
    paths = []
    for sec in ("1", "5", "7", "8"):
        paths += sorted(p for p in glob.glob(f"/usr/share/man/man{sec}/*.gz") if not os.path.basename(p).startswith(("gcloud", "bq", "gsutil")))
    for p in paths:
        lines = []
        for line in _read(p)[:300_000].splitlines():
            if line.startswith((".", "'")):
                lines.append("" if line[1:2] in ("S", "P", "T", "I", "L") else " ")
                continue
            lines.append(_ROFF_ESC.sub("", line))
        yield from sentences_of("\n".join(lines))


def _html_text(raw: str) -> str:
    raw = re.sub(r"(?is)<(pre|script|style|code|table)\b.*?</\1>", "\n\n", raw)
    raw = re.sub(r"(?i)</?(p|div|li|dd|dt|h\d|br|tr|section)\b[^>]*>", "\n\n", raw)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def _html_tree(pattern: str) -> Iterator[str]:
    for p in sorted(glob.glob(pattern, recursive=True)):
        yield from sentences_of(_html_text(_read(p)))


def debian_handbook() -> Iterator[str]:
    return _html_tree("/usr/share/doc/debian-handbook/html/en-US/*.html")


def debian_reference() -> Iterator[str]:
    return _html_tree("/usr/share/debian-reference/*.en.html")


def python_docs() -> Iterator[str]:
    return _html_tree("/usr/share/doc/python3*/html/**/*.html")


# name -> (Debian package, reader)
SOURCES: dict[str, tuple[str, Callable[[], Iterable[str]]]] = {
    "wordnet": ("wordnet-base", wordnet),
    "gcide": ("dict-gcide", gcide),
    "jargon": ("dict-jargon", jargon),
    "foldoc": ("dict-foldoc", foldoc),
    "devil": ("dict-devil", devil),
    "vera": ("dict-vera", vera),
    "kjv": ("bible-kjv", kjv),
    "fortunes": ("fortunes", fortunes),
    "usr-share-doc": ("(installed packages)", usr_share_doc),
    "man-pages": ("(installed packages)", man_pages),
    "debian-handbook": ("debian-handbook", debian_handbook),
    "debian-reference": ("debian-reference-en", debian_reference),
    "python-docs": ("python3-doc", python_docs),
}
INSTALL = "apt-get install -y wordnet-base dict-gcide dict-jargon dict-foldoc dict-devil dict-vera bible-kjv fortunes debian-handbook debian-reference-en python3-doc"


def evaluation_sentences(work_dir: Path) -> set[str]:
    """Every sentence the recipe evaluates on: dev/test text files, every manifest but the training sets' (`train`,
    `train_more`: every set whose name starts with "train", as `accumulate.py` and `bundle.py` tell them apart),
    domain_fresh/."""
    out: set[str] = set()
    text = work_dir / "text"
    for p in sorted(glob.glob(str(text / "*_dev*.txt")) + glob.glob(str(text / "*_test*.txt"))):
        out.update(l.strip() for l in Path(p).read_text().splitlines() if l.strip())
    for p in sorted(glob.glob(str(work_dir / "manifests" / "*.jsonl"))):
        if Path(p).stem.startswith("train"):
            continue
        for line in Path(p).read_text().splitlines():
            if line.strip():
                out.add(json.loads(line)["text"].strip())
    for p in sorted(glob.glob(str(HERE.parent / "domain_fresh" / "*.txt"))):
        out.update(normalize_text(l) for l in Path(p).read_text().splitlines() if l.strip() and not l.startswith("#"))
    out.discard("")
    return out


def ngrams(words: list[str], n: int = NGRAM) -> Iterator[tuple[str, ...]]:
    """The word n-grams of a sentence (the whole sentence when it is shorter than n)."""
    if len(words) < n:
        yield tuple(words)
        return
    for i in range(len(words) - n + 1):
        yield tuple(words[i : i + n])


class OverlapFilter:
    """Drops sentences sharing a word 4-gram with an evaluation sentence, and measures the overlap."""

    def __init__(self, eval_sentences: Iterable[str]):
        self.sentences = set(eval_sentences)
        self.grams: set[tuple[str, ...]] = set()
        for s in self.sentences:
            self.grams.update(ngrams(s.split()))

    def overlaps(self, sentence: str) -> bool:
        return any(g in self.grams for g in ngrams(sentence.split()))

    def report(self, sentences: Iterable[str]) -> dict[str, float | int]:
        """How much of the evaluation text a collection holds: sentences verbatim, 4-grams, overlapping lines."""
        seen: set[tuple[str, ...]] = set()
        verbatim = lines = overlapping = 0
        for s in sentences:
            lines += 1
            verbatim += s in self.sentences
            hit = False
            for g in ngrams(s.split()):
                if g in self.grams:
                    seen.add(g)
                    hit = True
            overlapping += hit
        return {
            "lines": lines,
            "linesSharingA4gram": overlapping,
            "evalSentencesVerbatim": verbatim,
            "eval4gramsCovered": round(len(seen) / max(1, len(self.grams)), 4),
        }


def build_collection(work_dir: Path, only: list[str] | None = None, per_source: int = 0) -> dict:
    """Writes work/lm/collection.txt (deduplicated, overlap-filtered) and work/lm/collection.json (per-source counts and
    the overlap report). `per_source` > 0 reads at most that many sentences of each source (small runs). Returns the
    summary."""
    out_dir = work_dir / "lm"
    out_dir.mkdir(parents=True, exist_ok=True)
    filt = OverlapFilter(evaluation_sentences(work_dir))
    log(f"lm text: {len(filt.sentences)} evaluation sentences, {len(filt.grams)} distinct 4-grams kept out")
    seen: set[str] = set()
    sources: dict[str, dict] = {}
    kept_all: list[str] = []
    before = {"lines": 0, "linesSharingA4gram": 0, "evalSentencesVerbatim": 0}
    before_grams: set[tuple[str, ...]] = set()
    for name, (package, reader) in SOURCES.items():
        if only and name not in only:
            continue
        n_in = n_dup = n_drop = words = 0
        for s in itertools.islice(reader(), per_source or None):
            n_in += 1
            if s in seen:
                n_dup += 1
                continue
            seen.add(s)
            before["lines"] += 1
            before["evalSentencesVerbatim"] += s in filt.sentences
            hit = [g for g in ngrams(s.split()) if g in filt.grams]
            if hit:
                before_grams.update(hit)
                before["linesSharingA4gram"] += 1
                n_drop += 1
                continue
            kept_all.append(s)
            words += s.count(" ") + 1
        sources[name] = {"package": package, "sentences": n_in - n_dup - n_drop, "words": words, "duplicates": n_dup, "droppedForOverlap": n_drop}
        if n_in == 0:
            log(f"lm text: {name}: nothing found (install {package})")
        else:
            log(f"lm text: {name}: {sources[name]['sentences']} sentences, {words} words ({n_dup} duplicates, {n_drop} sharing a 4-gram with evaluation text)")
    before["eval4gramsCovered"] = round(len(before_grams) / max(1, len(filt.grams)), 4)
    path = out_dir / "collection.txt"
    path.write_text("\n".join(kept_all) + "\n")
    summary = {
        "sources": sources,
        "sentences": len(kept_all),
        "words": sum(s["words"] for s in sources.values()),
        "evaluation": {"sentences": len(filt.sentences), "distinct4grams": len(filt.grams)},
        "overlapBefore": before,
        "overlapAfter": filt.report(kept_all),
    }
    (out_dir / "collection.json").write_text(json.dumps(summary, indent=1) + "\n")
    log(f"lm text: {summary['sentences']} sentences, {summary['words']} words -> {path}; overlap before {before}, after {summary['overlapAfter']}")
    return summary


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--work-dir", type=Path, default=HERE.parent / "work")
    p.add_argument("--only", default="", help="comma-separated sources (default: all)")
    a = p.parse_args()
    build_collection(a.work_dir, [s for s in a.only.split(",") if s] or None)
