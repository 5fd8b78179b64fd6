"""No line visibly spread by justification before a long number.

A justified line ends where the next unbreakable piece does not fit. In Chinese text that
piece is one character, so the line is at most a fraction of a character short and the gap,
shared by some twenty-eight characters, is not seen. A number with its sign and the mark after
it ("11.4%。" is three characters wide, and LibreOffice does not hang the "。") leaves up to
that much: Word, WPS and LibreOffice share it out between the line's characters, and the line
reads spread ("本 学 期 用 水 量…较 上 期 下 降" above "11.4%。").

What a typesetter does by hand (GB/T 9704 7.3.5.4 allows adjusting 字距): the characters of
that line are set a little closer, so that the number comes up onto it. This module finds
those lines by laying out the paragraph as the renderers do: Chinese characters and full-width
marks one character wide (plus the character spacing), Latin letters and digits at Times New
Roman's widths, a quarter character between Chinese and Latin (autospace), no break before a
mark that may not start a line nor after one that may not end it, a Latin run (a number) never
broken. A line is condensed only when that changes its characters' spacing less than the
spreading would, and by at most MAX_CONDENSE; the renderers' own layouts differ by a little, so
the number is pulled up with MARGIN to spare.
"""
from __future__ import annotations

from dataclasses import dataclass

from houqin_report.outline.parse import Seg
from houqin_report.text import chars

MAX_CONDENSE = 0.07
"""Characters' width each character of a line may be set closer (0.07 × 16 pt ≈ 1.1 pt)."""
SPREAD = 0.04
"""Extra space per gap (characters) from which a spread line is seen."""
MARGIN = 0.3
"""Characters of room a number pulled up is given beyond its width."""
AUTOSPACE = 0.25  # Word's and WPS's gap between Chinese and Latin text (LibreOffice: a little less)

_NO_START = set("，。、；：？！）》」』】〉”’%‰…·—．,.;:?!)]}")
_NO_END = set("（《「『【〈“‘([{")

# Times New Roman advance widths (1/1000 em), the Adobe metrics Liberation Serif shares.
_TIMES = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u00a0",
    (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, *([500] * 10), 278, 278,
     564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556,
     722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444,
     333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444,
     480, 200, 480, 541, 250),
))


@dataclass(frozen=True)
class Metrics:
    size: float  # the font size, in twips (16 pt: 320)
    spacing: float  # the style's character spacing, twips (公文: −5)
    width: float  # the text width, twips
    indent: float  # the first line's indent, twips


def _advance(ch: str, m: Metrics) -> float:
    if chars.is_wide(ch):
        return m.size + m.spacing
    return _TIMES.get(ch, 500) / 1000 * m.size + m.spacing


def _latin(ch: str) -> bool:
    return not chars.is_wide(ch) and not ch.isspace() or ch == "\u00a0"


def _units(text: str) -> list[tuple[int, int]]:
    """(start, end) of each piece no line break falls inside."""
    units: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        j = i + 1
        if _latin(text[i]):
            while j < len(text) and _latin(text[j]):
                j += 1
            if any(ch.isdigit() for ch in text[i:j]) and j < len(text) and chars.is_wide(text[j]) \
                    and text[j] not in _MARKS:
                j += 1  # a number and its unit or measure word on one line: 128个, 9360吨
        while j < len(text) and text[j] in _NO_START:  # 。 after a number, ） after a word
            j += 1
        if units and (text[units[-1][1] - 1] in _NO_END):
            units[-1] = (units[-1][0], j)
        else:
            units.append((i, j))
        i = j
    return units


def _width(text: str, start: int, end: int, m: Metrics) -> float:
    total = sum(_advance(ch, m) for ch in text[start:end])
    for a, b in zip(text[start:end], text[start + 1:end]):
        if (a.isascii() and a.isalnum() and chars.is_wide(b)) or (chars.is_wide(a) and b.isascii() and b.isalnum()):
            total += AUTOSPACE * m.size
    return total


def condensed_lines(text: str, m: Metrics) -> dict[int, int]:
    """Character offset → twips closer (a negative addition to its spacing), for the lines
    of text set closer."""
    units = _units(text)
    out: dict[int, int] = {}
    line_start, used, room = 0, 0.0, m.width - m.indent
    k = 0
    while k < len(units):
        start, end = units[k]
        gap = AUTOSPACE * m.size if start > line_start and _joins(text[start - 1], text[start]) else 0.0
        width = _width(text, start, end, m) + gap
        if used + width <= room + 1e-6:
            used += width
            k += 1
            continue
        if start == line_start:  # a piece wider than the line: it overflows
            used, k = used + width, k + 1
            continue
        slack, count = room - used, start - line_start
        pulled = None
        if any(_latin(ch) for ch in text[start:end]) and count >= 8 and slack / (count - 1) >= SPREAD * m.size:
            # LibreOffice does not hang a mark after a number (11.4%。); Word and WPS do.
            hanging = sum(_advance(ch, m) for ch in text[start:end][len(text[start:end].rstrip("".join(_HANG))):])
            for need in (width - slack, width - hanging - slack):
                pulled = _pull(text, line_start, end, need + MARGIN * m.size, slack / (count - 1), m)
                if pulled is not None:
                    break
        if pulled is not None:
            out.update(pulled)
            k += 1
            line_start, used, room = end, 0.0, m.width
            continue
        line_start, used, room = start, 0.0, m.width
    return out


def _joins(a: str, b: str) -> bool:
    return (a.isascii() and a.isalnum() and chars.is_wide(b)) or (chars.is_wide(a) and b.isascii() and b.isalnum())


_HANG = set("，。、．")  # the marks Word and WPS let overhang the right margin


def _pull(text: str, start: int, end: int, need: float, spread: float, m: Metrics) -> dict[int, int] | None:
    """Twips closer per Chinese character of text[start:end] (a line and the number brought
    onto it) that gain ``need`` twips, evenly: each by less than the ``spread`` (twips per gap)
    it saves and at most MAX_CONDENSE; None when that is not enough. Latin letters and digits
    keep their spacing (at half the width, the same twips would squeeze them twice as much),
    and so do the full-width marks: LibreOffice gives a mark's spacing no room when it breaks
    the line."""
    wide = [i for i in range(start, end) if chars.is_wide(text[i]) and text[i] not in _MARKS]
    if not wide or need <= 0:
        return None
    closer = need / len(wide)
    if closer > MAX_CONDENSE * m.size or closer >= spread:
        return None
    return {i: int(closer) + 1 for i in wide}


_MARKS = set("，。、；：？！）》」』】〉”’（《「『【〈“‘—…·")


def fitted(segs: list[Seg], m: Metrics) -> list[tuple[Seg, int | None]]:
    """The segments cut where characters are set closer: (segment, twips closer or None)."""
    text = "".join(s.text for s in segs)
    if "\n" in text or len(text) < 10:
        return [(s, None) for s in segs]
    closer = condensed_lines(text, m)
    if not closer:
        return [(s, None) for s in segs]
    out: list[tuple[Seg, int | None]] = []
    pos = 0
    for seg in segs:
        for i, ch in enumerate(seg.text, pos):
            if out and i > pos and out[-1][1] == closer.get(i):
                out[-1] = (Seg(out[-1][0].text + ch, seg.bold), closer.get(i))
            else:
                out.append((Seg(ch, seg.bold), closer.get(i)))
        pos += len(seg.text)
    return out
