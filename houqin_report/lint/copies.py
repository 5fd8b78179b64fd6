"""Copied, long and repeated sentences (提示): a sentence taken over from last term's file
(Jaccard of word pairs, with `previous`), a sentence of more than LONG_SENTENCE characters
without 。！？；;, the same sentence twice in one file."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, Tuple

from houqin_report.facts.model import LABEL, Facts
from houqin_report.facts.read import Document, Loc, format_path
from houqin_report.lint.fields import strings
from houqin_report.lint.texts import NUMBER, PUNCT_OR_SPACE, Text
from houqin_report.lint.placeholders import X_TOKEN
from houqin_report.text.words import stopwords

COPIED_AT = Decimal("0.8")
"""Jaccard similarity of word pairs from which a sentence counts as copied from last term."""


SIMILAR_AT = Decimal("0.5")
"""From here up to COPIED_AT a sentence is "highly similar": last term's text with words swapped."""


MIN_TOKENS = 6
"""Sentences with fewer content words are not compared (too short to tell copying from chance)."""


LONG_SENTENCE = 120
"""A sentence longer than this many characters without 。！？； is hard to read aloud."""

Previous = Tuple[Document, Optional[Facts], str]  # last term: its document, facts (if valid), file name


def content(tokens: list[str]) -> list[str]:
    """Tokens that carry meaning: no punctuation, spaces, stop words, numbers or blanks."""
    stop = stopwords()
    out = []
    for token in tokens:
        t = token.casefold()
        if t in stop or PUNCT_OR_SPACE.fullmatch(t) or NUMBER.fullmatch(t) or X_TOKEN.fullmatch(t):
            continue
        out.append(t)
    return out


def pairs(words: list[str]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(words, words[1:]))


@dataclass
class _Sentence:
    text: str  # as written
    pairs: frozenset
    where: str  # "file:line path"


def where(file: str, line: int | None, loc: Loc) -> str:
    return f"{file}:{line} {format_path(loc)}" if line else f"{file} {format_path(loc)}"


def previous_sentences(previous: Previous) -> list[_Sentence]:
    document, _facts, file = previous
    out = []
    if not isinstance(document.data, dict):
        return out
    for loc, raw, role in strings(document.data):
        if role == LABEL:
            continue
        text = Text(loc, raw, role)
        for start, end, tokens in text.sentences():
            words = content(tokens)
            if len(words) >= MIN_TOKENS:
                out.append(_Sentence(raw[start:end], pairs(words), where(file, document.line_of(loc), loc)))
    return out


def best_match(pairs: frozenset, index: dict, previous: list[_Sentence]) -> tuple[Decimal, _Sentence | None]:
    shared: dict[int, int] = {}
    for pair in pairs:
        for k in index.get(pair, ()):
            shared[k] = shared.get(k, 0) + 1
    best, best_k = Decimal(0), None
    for k, n in shared.items():
        score = Decimal(n) / Decimal(len(pairs) + len(previous[k].pairs) - n)
        if score > best:
            best, best_k = score, k
    return best, (previous[best_k] if best_k is not None else None)


def sentence_key(text: Text, start: int, end: int) -> str:
    """A sentence as compared for repeats: no punctuation or spaces, case folded."""
    return PUNCT_OR_SPACE.sub("", text.norm[start:end]).casefold()


def sentences_twice(texts: list[Text]) -> set[str]:
    """The keys of the sentences that occur more than once in the prose of one file (a text
    held by many keys through an alias is read once and counted as often as it occurs)."""
    times = Counter(text.raw for text in texts if text.role != LABEL)
    counts: dict[str, int] = {}
    done: set[str] = set()
    for text in texts:
        if text.role != LABEL and text.raw not in done:
            done.add(text.raw)
            for start, end, _ in text.sentences():
                key = sentence_key(text, start, end)
                counts[key] = counts.get(key, 0) + times[text.raw]
    return {key for key, n in counts.items() if n > 1}
