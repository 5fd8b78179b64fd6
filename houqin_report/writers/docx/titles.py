"""Titles too long for one line, broken between words into balanced lines (GB/T 9704)."""
from __future__ import annotations

import math

from houqin_report.outline.parse import Seg, plain
from houqin_report.text import chars

_NO_LINE_START = set("，。、；：？！）》」』】〉”’%‰·—…")
_NO_LINE_END = set("（《「『【〈“‘—～-/")  # nor inside 2023—2024


def break_title(segs: list[Seg], capacity: float) -> list[Seg]:
    """A title too long for one line, broken into balanced lines between words.

    GB/T 9704: a title that wraps keeps words whole and its lines of even, tidy length. Word
    boundaries come from jieba (houqin_report.text.tokenizer), loaded only for a title that needs it.
    Among the breaks that keep every line within ``capacity`` characters, the one with the
    most even lines wins; on a tie the upper lines are the longer (the usual trapezoid).
    """
    text = plain(segs)
    total = chars.width(text)
    if total <= capacity or "\n" in text or capacity < 4:
        return segs
    from houqin_report.text.tokenizer import cut
    offsets, pos = [], 0
    for word in cut(text):
        pos += len(word)
        offsets.append(pos)
    allowed = [
        i for i in offsets[:-1]
        if text[i] not in _NO_LINE_START and text[i - 1] not in _NO_LINE_END
        and not (text[i - 1].isascii() and text[i - 1].isalnum())  # 2024|学年 stays together
        and not (text[i].isascii() and text[i].isalnum())
    ]
    prefix = [0.0]
    for ch in text:
        prefix.append(prefix[-1] + chars.width(ch))
    def last_width(breaks: list[int]) -> float | None:
        """Width of the line ending at the last break (None before the first line)."""
        if not breaks:
            return None
        return prefix[breaks[-1]] - prefix[breaks[-2] if len(breaks) > 1 else 0]

    fewest = math.ceil(total / capacity)
    for lines in (fewest, fewest + 1):
        target = total / lines
        states: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}  # break → best (cost, breaks)
        for _ in range(lines - 1):
            nxt: dict[int, tuple[float, list[int]]] = {}
            for start, (cost, breaks) in states.items():
                for b in allowed:
                    width = prefix[b] - prefix[start]
                    if b <= start or width > capacity:
                        continue
                    c = cost + (width - target) ** 2 + _longer_below(last_width(breaks), width)
                    if b not in nxt or c < nxt[b][0]:
                        nxt[b] = (c, breaks + [b])
            states = nxt
        best: tuple[float, list[int]] | None = None
        for start, (cost, breaks) in sorted(states.items()):
            width = total - prefix[start]
            if width > capacity:
                continue
            c = cost + (width - target) ** 2 + _longer_below(last_width(breaks), width)
            if best is None or c < best[0]:
                best = (c, breaks)
        if best is not None:
            return _insert_breaks(segs, best[1])
    return segs


def _longer_below(above: float | None, width: float) -> float:
    """A small cost for a line longer than the one above it."""
    return 0.01 * max(0.0, width - above) if above is not None else 0.0


def _insert_breaks(segs: list[Seg], offsets: list[int]) -> list[Seg]:
    """The segments with a line break before each character offset in ``offsets``."""
    cuts, pos, out = set(offsets), 0, []
    for seg in segs:
        chars = []
        for ch in seg.text:
            if pos in cuts and pos > 0:
                chars.append("\n")
            chars.append(ch)
            pos += 1
        out.append(Seg("".join(chars), seg.bold))
    return out
