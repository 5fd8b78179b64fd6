"""Column widths of a table from its content, in characters of the table's font.

Each column gets at least what its cells need unbroken: a number or a short name (已整改,
王建国) never wraps, a date at most after its year (2024年 / 3月12日); a column of long text
gets at least LONG_CELL characters when
the table has room, and what is left goes, step by step, to the column whose widening saves
the table the most lines (a date column never takes the width a description needs). A table
that fits with every cell on one line gets what each column's longest cell needs, and the
rest shared in proportion.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from houqin_report.outline.parse import Seg, plain
from houqin_report.text import chars

NUMBER = re.compile(r"[-+−]?\d[\d,]*(\.\d+)?\s*([%‰]|[\u4e00-\u9fff]{1,2})?")  # 96.7%, 18.6万元, 12台
DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?|\d{4}[-./]\d{1,2}([-./]\d{1,2})?")
ASCII_RUN = re.compile(r"[!-~]+")

SHORT = 4.0
"""Characters up to which a cell of text is kept on one line (names, 已整改, 校舍)."""
LONG_CELL = 6.0
"""Characters below which a column of long text is too narrow to read: the table is set
smaller (or turned) before a column gets less."""
STEP = 0.5
"""The finest step a column is widened by (characters): long cells would otherwise offer a
threshold every hundredth of a character, and a table of long texts take thousands of steps."""
SAMPLE = 150
"""Rows the widths are worked out from (spread over the table): a bureau's table of 10,000
schools has the same kinds of cells throughout."""


@dataclass
class Column:
    natural: float = 0.0  # the longest cell on one line
    least: float = 1.0  # what must not be broken (a number, a date, a short name)
    long_text: bool = False
    cells: list[tuple[float, bool]] = field(default_factory=list)  # (width, may wrap) of the sampled rows

    @property
    def comfortable(self) -> float:
        return max(self.least, min(self.natural, LONG_CELL)) if self.long_text else self.least


def measure(rows: list[tuple[bool, list[str]]]) -> list[Column]:
    """The columns' needs from the rows' cell texts ((is header, texts) per row)."""
    ncols = max((len(texts) for _, texts in rows), default=0)
    columns = [Column() for _ in range(ncols)]
    step = max(1, len(rows) // SAMPLE)
    for i, (head, texts) in enumerate(rows):
        sampled = head or i % step == 0 or i == len(rows) - 1
        for c, text in enumerate(texts):
            width, least, wraps, long = _cell(text.strip(), head)
            column = columns[c]
            column.natural = max(column.natural, width)
            column.least = max(column.least, least)
            column.long_text |= long
            if sampled:
                column.cells.append((width, wraps))
    return columns


def _cell(text: str, head: bool) -> tuple[float, float, bool, bool]:
    """(width on one line, least width, whether it may wrap, whether it is long text) of a
    cell's text."""
    width = chars.spaced_width(text)
    if not text:
        return 0.0, 1.0, False, False
    if head:  # a header of four or more may take two lines: 隐患 / 发现, 费用 / （元）; 已整改 not
        parts = re.split(r"(?=[（(])", text)
        least = max(chars.spaced_width(p) for p in parts) if len(parts) > 1 else math.ceil(width / 2)
        return width, (width if width <= 3 else least), width > 3, False
    date = DATE.fullmatch(text)
    if date and "年" in text:  # a date may take two lines, after its year: 2024年 / 3月12日
        year, _, rest = text.partition("年")
        return width, max(chars.spaced_width(year + "年"), chars.spaced_width(rest.strip())), True, False
    if width <= SHORT or date or NUMBER.fullmatch(text):
        return width, width, False, False
    runs = [chars.width(r) for r in ASCII_RUN.findall(text)]
    return width, max([2.0, *runs]), True, width > LONG_CELL


def layout(columns: list[Column], total: float) -> tuple[list[float], bool]:
    """Widths (characters, summing to total) and whether the table fits: every cell that
    must stay whole does, and long text gets at least LONG_CELL characters."""
    if not columns:
        return [], True
    natural = [max(c.natural, c.least) for c in columns]
    if sum(natural) <= total:
        return [n * total / sum(natural) for n in natural], True
    comfortable = [c.comfortable for c in columns]
    fits = sum(comfortable) <= total
    widths = comfortable if fits else [c.least for c in columns]
    if sum(widths) > total:  # squeezed: in proportion to what each needs
        return [w * total / sum(widths) for w in widths], False
    widths = _widen(columns, list(widths), natural, total)
    return widths, fits


def _widen(columns: list[Column], widths: list[float], natural: list[float], total: float) -> list[float]:
    """Give the room left, step by step, to the column whose widening saves the most lines."""
    nrows = min(len(c.cells) for c in columns)
    lines = [[_lines(columns[c].cells[r], widths[c]) for c in range(len(columns))] for r in range(nrows)]
    remaining = total - sum(widths)
    while remaining > 1e-6:
        best: tuple[float, int, float] | None = None  # (lines saved per character, column, width)
        top = [_top_two(row) for row in lines]  # each row's tallest cell and the next, once a step
        for c, column in enumerate(columns):
            if widths[c] >= natural[c] - 1e-9:
                continue
            others = [second if first_at == c else first for first, first_at, second in top]
            for target in _thresholds(column, widths[c], min(natural[c], widths[c] + remaining)):
                saved = sum(max(others[r], lines[r][c]) - max(others[r], _lines(column.cells[r], target)) for r in range(nrows))
                if saved > 0:
                    rate = saved / (target - widths[c])
                    if best is None or rate > best[0] + 1e-12:
                        best = (rate, c, target)
                    break
        if best is None:
            break
        _, c, target = best
        remaining -= target - widths[c]
        widths[c] = target
        for r in range(nrows):
            lines[r][c] = _lines(columns[c].cells[r], target)
    if remaining > 1e-6:  # nothing more to save: the rest in proportion to what is still short, else to all
        short = [max(0.0, natural[c] - widths[c]) for c in range(len(columns))]
        weights = short if sum(short) > 1e-9 else widths
        widths = [w + remaining * k / sum(weights) for w, k in zip(widths, weights)]
    return widths


def _top_two(row: list[int]) -> tuple[int, int, int]:
    """(the most lines, its column, the most among the other columns) of a row."""
    first_at = max(range(len(row)), key=row.__getitem__)
    second = max((n for k, n in enumerate(row) if k != first_at), default=1)
    return row[first_at], first_at, second


def _lines(cell: tuple[float, bool], width: float) -> int:
    text, wraps = cell
    if not wraps or text <= width + 1e-9:
        return 1
    return math.ceil(text / width - 1e-9)


def _thresholds(column: Column, now: float, limit: float) -> list[float]:
    """The widths above now (up to limit) at which some sampled cell of the column takes one
    line fewer, nearest first."""
    found = set()
    for text, wraps in column.cells:
        if not wraps or text <= now + 1e-9:
            continue
        for k in range(1, math.ceil(text / now) + 1):
            at = math.ceil(text / k / STEP - 1e-9) * STEP  # a width a step apart: no table needs finer
            if now + 1e-9 < at <= limit + 1e-9:
                found.add(round(at, 6))
    return sorted(found)[:12]


def date_lines(segs: list[Seg], room: float) -> list[Seg]:
    """A date cell too wide for its column's room, on two lines after its year (2024年 /
    3月12日): written so, since Word and LibreOffice would break it where the line is full
    (2024年3 / 月12日)."""
    text = plain(segs).strip()
    if "年" not in text or not DATE.fullmatch(text) or chars.spaced_width(text) <= room + 1e-9:
        return segs
    year, _, rest = text.partition("年")
    return [Seg(f"{year.strip()}年\n{rest.strip()}", any(s.bold for s in segs))]


def header_lines(segs: list[Seg], room: float) -> list[Seg]:
    """A header too wide for its column's room, on two lines broken where it reads: before
    its bracket (费用 / （元）), else in the middle (采购 / 总额), not where the line is full
    (采购总 / 额)."""
    text = plain(segs).strip()
    if "\n" in text or chars.spaced_width(text) <= room + 1e-9 or len(text) < 4:
        return segs
    bracket = re.search(r"[（(]", text)
    cut = bracket.start() if bracket and bracket.start() > 0 else (len(text) + 1) // 2
    return [Seg(f"{text[:cut]}\n{text[cut:]}", any(s.bold for s in segs))]
