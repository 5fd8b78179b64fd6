"""Titles too long for one line, broken between words in the shapes GB/T 9704 asks for.

GB/T 9704-2012 7.3.3: a title that wraps keeps its words whole ("词意完整") and its lines
arranged as a trapezoid (梯形: each line longer, or each shorter, than the one above) or a
diamond (菱形: longest in the middle), never a rectangle of equal lines or an hourglass.

Where a title may break:
- between words (jieba, houqin_report.text.tokenizer, loaded only for a title that needs it);
- never inside a name the caller protects (the school's, the bureau's: jieba cuts
  伍家岗区宝塔河九年一贯制学校 into four words, 局前街小学 into two), unless the name alone is
  wider than a line;
- before a number (学校 | 2023—2024学年) but never after one (2024 | 学年 is a number and its
  unit), nor inside 2023—2024, nor before a mark that may not start a line or after one that
  may not end it.
"""
from __future__ import annotations

import bisect
import math
from typing import Sequence

from houqin_report.outline.parse import Seg, plain
from houqin_report.text import chars

_NO_LINE_START = set("，。、；：？！）》」』】〉”’%‰·—…")
_NO_LINE_END = set("（《「『【〈“‘—～-/")  # nor inside 2023—2024

SAFETY = 1.0
"""Characters a title's line keeps free of the text width: the digits' widths differ between
Times New Roman and its substitutes, and a line that only just fits may wrap again."""

RECTANGLE = 0.75
"""Two adjacent lines closer than this (characters) read as equal: the rectangle GB/T 9704 rules out."""


def break_title(segs: list[Seg], capacity: float, names: Sequence[str] = ()) -> list[Seg]:
    """A title too long for one line of ``capacity`` characters, broken into lines.

    Among the breaks that keep every line within the capacity (less SAFETY), the arrangement
    in a trapezoid or diamond with the most even lines wins; an upper line shorter than the
    one below (the 正梯形) wins a tie. With no such arrangement, the most even one.
    """
    text = plain(segs)
    total = chars.width(text)
    if total <= capacity or "\n" in text or capacity < 4:
        return segs
    capacity = max(capacity - SAFETY, capacity * 0.9)
    fewest = math.ceil(total / capacity)
    if fewest > MAX_LINES:  # not a title any more: left to Word's own wrapping
        return segs
    allowed = _allowed_breaks(text, names, capacity)
    prefix = [0.0]
    for ch in text:
        prefix.append(prefix[-1] + chars.width(ch))
    for lines in range(fewest, fewest + 2):
        if math.comb(len(allowed), lines - 1) <= MAX_ARRANGEMENTS:
            best = _best(allowed, prefix, lines, capacity)
        else:  # a title of a hundred words: only even lines, line by line
            best = _even(allowed, prefix, lines, capacity)
        if best is not None:
            return _insert_breaks(segs, best)
    return segs


MAX_ARRANGEMENTS = 20_000
MAX_LINES = 8


def _allowed_breaks(text: str, names: Sequence[str], capacity: float) -> list[int]:
    from houqin_report.text.tokenizer import cut

    offsets, pos = [], 0
    for word in cut(text):
        pos += len(word)
        offsets.append(pos)
    inside: set[int] = set()
    for name in names:
        if not name or chars.width(name) > capacity:
            continue
        start = text.find(name)
        while start >= 0:
            inside.update(range(start + 1, start + len(name)))
            start = text.find(name, start + len(name))
    return [
        i for i in offsets[:-1]
        if i not in inside
        and text[i] not in _NO_LINE_START and text[i - 1] not in _NO_LINE_END
        and not (text[i - 1].isascii() and text[i - 1].isalnum())  # 2024|学年, X3|型 stay together
    ]


def _best(allowed: list[int], prefix: list[float], lines: int, capacity: float) -> list[int] | None:
    """The breaks (offsets) of the best arrangement in ``lines`` lines, or None.

    Every combination of allowed breaks is tried: a title has a handful of words, and the
    shape is a property of all the lines together."""
    total = prefix[-1]
    target = total / lines
    found: tuple[tuple[int, float, int], list[int]] | None = None

    def walk(start: int, breaks: list[int]) -> None:
        nonlocal found
        if len(breaks) == lines - 1:
            widths = _widths(prefix, breaks)
            if max(widths) > capacity:
                return
            evenness = sum((w - target) ** 2 for w in widths)
            key = (0 if _shapely(widths) else 1, evenness, 0 if widths[0] < widths[-1] else 1)
            if found is None or key < found[0]:
                found = (key, list(breaks))
            return
        for b in allowed:
            if b > start and prefix[b] - prefix[start] <= capacity:
                walk(b, breaks + [b])

    walk(0, [])
    return found[1] if found is not None else None


def _even(allowed: list[int], prefix: list[float], lines: int, capacity: float) -> list[int] | None:
    """The most even breaks into ``lines`` lines (dynamic programming over the breaks)."""
    total = prefix[-1]
    target = total / lines
    states: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for _ in range(lines - 1):
        nxt: dict[int, tuple[float, list[int]]] = {}
        for start, (cost, breaks) in states.items():
            for b in allowed[bisect.bisect_right(allowed, start):]:
                width = prefix[b] - prefix[start]
                if width > capacity:
                    break
                c = cost + (width - target) ** 2
                if b not in nxt or c < nxt[b][0]:
                    nxt[b] = (c, breaks + [b])
        states = nxt
    best: tuple[float, list[int]] | None = None
    for start, (cost, breaks) in sorted(states.items()):
        width = total - prefix[start]
        if width <= capacity and (best is None or cost + (width - target) ** 2 < best[0]):
            best = (cost + (width - target) ** 2, breaks)
    return best[1] if best is not None else None


def _widths(prefix: list[float], breaks: list[int]) -> list[float]:
    edges = [0, *breaks, len(prefix) - 1]
    return [prefix[b] - prefix[a] for a, b in zip(edges, edges[1:])]


def _shapely(widths: list[float]) -> bool:
    """A trapezoid (strictly longer or strictly shorter line by line) or a diamond (longer
    down to the longest line, then shorter), each step at least RECTANGLE."""
    steps = [b - a for a, b in zip(widths, widths[1:])]
    if any(abs(s) < RECTANGLE for s in steps):
        return False
    signs = [s > 0 for s in steps]
    return all(signs) or not any(signs) or (signs[0] and signs == sorted(signs, reverse=True))


def _insert_breaks(segs: list[Seg], offsets: list[int]) -> list[Seg]:
    """The segments with a line break before each character offset in ``offsets``."""
    cuts, pos, out = set(offsets), 0, []
    for seg in segs:
        text = []
        for ch in seg.text:
            if pos in cuts and pos > 0:
                text.append("\n")
            text.append(ch)
            pos += 1
        out.append(Seg("".join(text), seg.bold))
    return out
