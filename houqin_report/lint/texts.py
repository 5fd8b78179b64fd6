"""The strings of a facts file as the lint reads them: normalised one character for one
(full-width → half-width, × → x, so offsets in the normalised text are offsets in what the user
wrote) and cut into words once, only when a check needs the words (most strings have no
placeholder and no sentence seen twice: then jieba is not needed)."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterator

from houqin_report.facts.read import Loc
from houqin_report.text import tokenizer
from houqin_report.text.chars import ONE_TO_ONE

SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
CLAUSE_END = re.compile(r"[，,。！？；!?;\n、：:]")
NUMBER = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿.,%]+")
PUNCT_OR_SPACE = re.compile(r"[\W_]+")


@dataclass
class Text:
    """One string of the file, normalised; cut into words only when a check needs the words
    (most strings have no placeholder and no sentence seen twice: then jieba is not needed)."""

    loc: Loc
    raw: str
    role: str
    norm: str = ""
    _tokens: list[str] | None = field(default=None, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.norm = self.raw.translate(ONE_TO_ONE)

    @property
    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._cut()
        return self._tokens  # type: ignore[return-value]

    @property
    def starts(self) -> list[int]:
        if self._tokens is None:
            self._cut()
        return self._starts

    def _cut(self) -> None:
        self._tokens = tokenizer.cut(self.norm)
        pos = 0
        for token in self._tokens:
            # jieba returns every character, in order; find() only guards against a future change.
            if not self.norm.startswith(token, pos):
                pos = self.norm.find(token, pos)
            self._starts.append(pos)
            pos += len(token)

    def sentences(self) -> Iterator[tuple[int, int, "Words"]]:
        """(start, end, words) of each sentence, cut on 。！？；!?; and line breaks; words is
        the sentence's tokens, cut when first asked for (list(words))."""
        bounds = []
        pos = 0
        for m in SENTENCE_END.finditer(self.norm):
            bounds.append((pos, m.start()))
            pos = m.end()
        bounds.append((pos, len(self.norm)))
        for start, end in bounds:
            words = Words(self, start, end)
            while start < end and self.norm[start].isspace():
                start += 1
            while end > start and self.norm[end - 1].isspace():
                end -= 1
            if end > start:
                yield start, end, words


class Words:
    """The tokens of a text that start in [start, end): iterated, they cut the text."""

    __slots__ = ("text", "start", "end")

    def __init__(self, text: Text, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end

    def __iter__(self) -> Iterator[str]:
        starts = self.text.starts
        return iter(self.text.tokens[bisect_left(starts, self.start):bisect_left(starts, self.end)])


def clause_at(norm: str, pos: int) -> str:
    start = pos
    while start and not CLAUSE_END.match(norm[start - 1]):
        start -= 1
    end = pos
    while end < len(norm) and not CLAUSE_END.match(norm[end]):
        end += 1
    return norm[start:end]


def sentence_at(norm: str, pos: int) -> str:
    starts = [m.end() for m in SENTENCE_END.finditer(norm, 0, pos)]
    start = starts[-1] if starts else 0
    m = SENTENCE_END.search(norm, pos)
    return norm[start : m.start() if m else len(norm)]


def short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"
