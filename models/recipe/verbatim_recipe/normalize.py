"""Text normalisation to the model's character vocabulary.

The acoustic model writes lower-case letters, the apostrophe and the word
boundary only, so every text it trains on is spoken form: numbers are spelled
out, symbols that are read aloud become words, everything else is dropped.
"""

from __future__ import annotations

import re
import unicodedata

VOCAB_CHARS = "abcdefghijklmnopqrstuvwxyz'"
ALLOWED = set(VOCAB_CHARS + " ")

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand")]
_ORDINAL_IRREGULAR = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10])
        if n % 10:
            words.append(_ONES[n % 10])
    elif n > 0 or not words:
        words.append(_ONES[n])
    return words


def number_to_words(n: int) -> str:
    """Cardinal English for a non-negative integer: 1204 -> 'one thousand two hundred four'."""
    if n < 0:
        return "minus " + number_to_words(-n)
    if n < 1000:
        return " ".join(_below_thousand(n))
    words: list[str] = []
    for value, name in _SCALES:
        if n >= value:
            words += _below_thousand(n // value) + [name]
            n %= value
    if n:
        words += _below_thousand(n)
    return " ".join(words)


def year_to_words(n: int) -> str:
    """Years are read in pairs: 1984 -> 'nineteen eighty four', 2005 -> 'two thousand five'."""
    if 2000 <= n <= 2009 or n % 1000 == 0:
        return number_to_words(n)
    hi, lo = divmod(n, 100)
    if lo == 0:
        return number_to_words(hi) + " hundred"
    tail = number_to_words(lo) if lo >= 10 else "oh " + number_to_words(lo)
    return number_to_words(hi) + " " + tail


def ordinal_to_words(n: int) -> str:
    words = number_to_words(n).split()
    last = words[-1]
    if last in _ORDINAL_IRREGULAR:
        words[-1] = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def _digits(s: str) -> str:
    return " ".join(_ONES[int(c)] for c in s)


_SYMBOLS = {
    "&": " and ", "%": " percent ", "+": " plus ", "=": " equals ", "@": " at ",
    "#": " number ", "°": " degrees ",
}


def _plural(words: str) -> str:
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def _number_token(m: re.Match[str]) -> str:
    cur, whole, frac = m.group(1), m.group(2).replace(",", ""), m.group(3)
    ordinal, plural = (m.group(4) or "").lower(), bool(m.group(5))
    n = int(whole)
    if ordinal:
        out = ordinal_to_words(n)
    elif len(whole) == 4 and not frac and not cur and 1100 <= n <= 2099 and "," not in m.group(2):
        out = year_to_words(n)
    elif len(whole) > 15:
        out = _digits(whole)
    else:
        out = number_to_words(n)
        if frac and cur:
            out += " " + _CURRENCY[cur] + " " + number_to_words(int(frac))
            cur = ""
        elif frac:
            out += " point " + _digits(frac)
    if plural:
        out = _plural(out)
    if cur:
        out += " " + _CURRENCY[cur]
    return " " + out + " "


_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}
_NUMBER_RE = re.compile(r"([$£€]?)(\d[\d,]*\d|\d)(?:\.(\d+))?(?:(st|nd|rd|th)\b|(s)\b)?", re.IGNORECASE)


def normalize_text(text: str) -> str:
    """Spoken-form, vocabulary-only text. Characters that cannot be spoken are dropped.

    >>> normalize_text("Take 5mg twice, at 10:30 -- 50% of 1,200 patients (1990s).")
    'take five mg twice at ten thirty fifty percent of one thousand two hundred patients nineteen nineties'
    """
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("’", "'").replace("‘", "'").replace("`", "'")
    t = re.sub(r"(\d+):(\d\d)\b", lambda m: f" {m.group(1)} {'' if m.group(2) == '00' else m.group(2)} ", t)
    t = _NUMBER_RE.sub(_number_token, t)
    for sym, word in _SYMBOLS.items():
        t = t.replace(sym, word)
    t = t.lower()
    t = re.sub(r"[^a-z' ]+", " ", t)
    # apostrophes only inside words (don't, o'clock); quotes and trailing ones go
    t = re.sub(r"(?<![a-z])'|'(?![a-z])", lambda m: "", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t


def check_vocab(text: str) -> int | None:
    """Index of the first character outside the vocabulary, or None when the text is clean."""
    for i, c in enumerate(text):
        if c not in ALLOWED:
            return i
    return None
