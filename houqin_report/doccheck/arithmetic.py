"""The arithmetic a document states, checked against itself (all 错误 unless said):

- a 整改率 against the hazards found and fixed written in the same sentence (the facts lint's
  reading of those figures, and its rounding: 67% and 66.7% both fit 2 of 3), and fixed more
  than found; in a table row too (发现11处 | 已整改9处 | 整改率81.8%, or columns so headed);
- a 合计 row against its column: numbers (money in 元/万元 exactly) added up, or a count
  (7批次) against the rows listed; rates in a 合计 row are checked as rates, never summed;
- a total against its breakdown: 共11处（校舍4处、消防2处…）, 13.841万元，其中政府采购7.56万元、
  自行采购3.281万元、捐赠3万元 — parts adding up to more than the total; to less: 提示 (a
  breakdown may name only some parts); a share of a part named there (政府采购占54.6%);
- a count before a colon against the items listed after it: 隐患2处：A；B, 三件事： and the
  numbered paragraphs that follow;
- a share, or a rate that cannot pass 100% (整改率, 参保率, 合格率, 满意度 …), over 100%; a fall
  of more than 100%.

Approximate figures (约400, 20多米, 近千元) are never added up as exact.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from . import core
from .findings import DocumentFinding, in_cell, in_paragraph
from .numbering import Number
from .core import cn_int
from .reader import Document, Paragraph, Table

__all__ = ["check_arithmetic", "sentences", "MAX_SENTENCE"]

_UNITS = ("万元|亿元|元|人次|批次|千瓦时|平方米|学时|课时|小时|处|项|次|人|所|个|台|套|件|批|条|名|间|张|把|支|册|"
          "株|棵|亩|辆|班|场|户|份|吨|米|度")
_FIGURE = re.compile(rf"(约|近|超过|逾|将近|大约)?(\d+(?:\.\d+)?)\s*(万|亿)?({_UNITS})(余|多|左右|以上|以下)?")
_MULTIPLIER = {None: Decimal(1), "万": Decimal(10000), "亿": Decimal(100000000)}
_SENTENCE = re.compile(r"[^。！？!?\n]+")
_OPEN, _CLOSE = "（(", "）)"


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    value: Decimal  # in the unit (元 for money, whatever the 万)
    unit: str  # 元 for money
    approximate: bool
    depth: int  # brackets around it

    def shown(self) -> str:
        return core.yuan(self.value) if self.unit == "元" else f"{core.plain(self.value)}{self.unit}"


def _figures(text: str) -> list[_Figure]:
    depth_at = _depths(text)
    out = []
    for m in _FIGURE.finditer(text):
        if m.start() and (text[m.start() - 1].isdigit() or text[m.start() - 1] == "."):
            continue
        unit = m.group(4)
        multiplier = _MULTIPLIER[m.group(3)]
        if unit in ("万元", "亿元"):
            multiplier *= _MULTIPLIER[unit[0]]
            unit = "元"
        out.append(_Figure(m.start(2) if not m.group(1) else m.start(), m.end(), Decimal(m.group(2)) * multiplier, unit,
                           bool(m.group(1) or m.group(5)), depth_at[m.start()]))
    return out


def _depths(text: str) -> list[int]:
    depths, depth = [], 0
    for ch in text:
        if ch in _CLOSE:
            depth = max(0, depth - 1)
        depths.append(depth)
        if ch in _OPEN:
            depth += 1
    depths.append(depth)
    return depths


def sentences(text: str):
    """(offset, sentence) of each sentence of text, cut at 。！？ and line breaks."""
    for m in _SENTENCE.finditer(text):
        yield m.start(), m.group()


def check_arithmetic(document: Document, numbered: dict[int, Number]) -> list[DocumentFinding]:
    file = document.file
    out: list[DocumentFinding] = []
    paragraphs = document.paragraphs
    for i, p in enumerate(paragraphs):
        for level, words, message in _paragraph_findings(p.text):
            out.append(in_paragraph(file, p, level, "arithmetic", words, message))
        for level, words, message in _listed(p, paragraphs[i + 1:], numbered):
            out.append(in_paragraph(file, p, level, "arithmetic", words, message))
    for table in document.tables:
        for r, c, level, words, message in _table_findings(table):
            out.append(in_cell(file, table, r, c, level, "arithmetic", words, message))
    return out


MAX_SENTENCE = 1000
"""A "sentence" longer than this (no 。 in a thousand characters) is no prose to add up: the
sums and rates within it are not read (they would cost time growing with its square)."""


def _paragraph_findings(text: str) -> list[tuple[str, str, str]]:
    out = []
    for offset, sentence in sentences(text):
        if len(sentence) <= MAX_SENTENCE:
            out.extend(_rates(sentence))
            out.extend(_breakdowns(sentence))
        out.extend(_over_100(sentence))
    return out


# ---- 整改率 against the counts beside it


def _rate_text(fixed: int, found: int) -> str:
    return core.percent(core.rate(fixed, found))


def _rates(sentence: str) -> list[tuple[str, str, str]]:
    claims = core.hazard_claims(sentence)
    found = {n for _, _, n in claims.found}
    fixed = {n for _, _, n in claims.fixed}
    if len(found) != 1 or len(fixed) != 1:
        return []
    (f,), (x,) = found, fixed
    out = []
    if x > f:
        start, end, _ = claims.fixed[0]
        out.append((core.ERROR, sentence[start:end], f"已整改数（{x}处）大于发现数（{f}处）"))
    elif f:
        for start, end, said, at_least in claims.rates:
            if not core.rate_fits(said, x, f, at_least):
                out.append((core.ERROR, sentence[start:end], f"整改率与文中数字不符：已整改{x}处÷发现{f}处＝{_rate_text(x, f)}"))
    return out


# ---- totals and their breakdowns


def _breakdowns(sentence: str) -> list[tuple[str, str, str]]:
    figures = _figures(sentence)
    if len(figures) < 3:
        return []
    out = []
    done: set[int] = set()
    # 11处（校舍4处、消防2处…）: a breakdown in brackets right after its total
    for total in figures:
        rest = sentence[total.end:]
        if not rest[:1] in _OPEN or total.approximate:
            continue
        close = _matching(sentence, total.end)
        parts = [f for f in figures if total.end < f.start < close and f.unit == total.unit and f.depth == total.depth + 1]
        if len(parts) >= 2 and "、" in sentence[total.end:close]:
            done.add(total.start)
            out.extend(_compare(sentence, total, parts))
    # 13.841万元，其中政府采购7.56万元、自行采购3.281万元: the last total of each unit before 其中
    depths = _depths(sentence)
    for m in re.finditer(r"其中", sentence):
        clauses = _clauses_after(sentence, m.end())
        for unit in dict.fromkeys(f.unit for f in figures if f.start >= m.end()):
            before = [f for f in figures if f.end <= m.start() and f.unit == unit and f.depth == depths[m.start()]]
            if not before or before[-1].approximate or before[-1].start in done:
                continue
            total = before[-1]
            end = m.end()
            for start, stop in clauses:
                if not any(f.unit == unit and start <= f.start < stop for f in figures):
                    break
                end = stop
            parts = [f for f in figures if m.end() <= f.start < end and f.unit == unit]
            if len(parts) >= 2:
                done.add(total.start)
                out.extend(_compare(sentence, total, parts))
    return out


def _matching(text: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] in _OPEN:
            depth += 1
        elif text[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _clauses_after(sentence: str, start: int) -> list[tuple[int, int]]:
    """The clauses (cut at ，,；; outside brackets) from start to the end of the sentence."""
    out, depth, begin = [], 0, start
    for i in range(start, len(sentence)):
        ch = sentence[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "，,；;":
            out.append((begin, i))
            begin = i + 1
    out.append((begin, len(sentence)))
    return out


def _compare(sentence: str, total: _Figure, parts: list[_Figure]) -> list[tuple[str, str, str]]:
    if any(p.approximate for p in parts):
        return []
    added = sum((p.value for p in parts), Decimal(0))
    words = sentence[total.start:total.end]
    listed = "＋".join(sentence[p.start:p.end] for p in parts)
    shown = _Figure(0, 0, added, total.unit, False, 0).shown()
    out = []
    if added > total.value:
        out.append((core.ERROR, words, f"分项之和大于总数：{listed}＝{shown}，总数写的是{total.shown()}"))
    elif added < total.value:
        out.append((core.HINT, words, f"分项之和小于总数：{listed}＝{shown}，总数写的是{total.shown()}（若只列出了一部分，可不理会）"))
    out.extend(_shares(sentence, total, parts))
    return out


_SHARE_OF = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:的)?(?:所)?占(?:比)?(?:为|约)?\s*(\d+(?:\.\d+)?)\s*%")


def _shares(sentence: str, total: _Figure, parts: list[_Figure]) -> list[tuple[str, str, str]]:
    """政府采购占54.6% where 政府采购 is a part of this breakdown."""
    if not total.value:
        return []
    names = {}
    for p in parts:
        m = re.search(r"[\u4e00-\u9fff]{2,8}$", sentence[:p.start])
        if m:
            names[m.group()] = p
    out = []
    for m in _SHARE_OF.finditer(sentence):
        part = next((p for name, p in names.items() if name.endswith(m.group(1)) or m.group(1).endswith(name)), None)
        if part is None or total.value <= 0:
            continue
        said = Decimal(m.group(2))
        if not core.rate_fits(said, part.value, total.value):
            right = core.percent(core.rate(part.value, total.value))
            out.append((core.ERROR, m.group(), f"占比与文中数字不符：{part.shown()}÷{total.shown()}＝{right}"))
    return out


# ---- over 100%

_SHARE = re.compile(r"(占比?|比例|比重)(?:为|是|达到?|约|高达)?\s*(\d+(?:\.\d+)?)\s*%")
# Rates that count a part of a whole, so cannot pass 100% (a 完成率 or 增长率 can).
_BOUNDED = r"(?:(?:整改|参保|投保|覆盖|合格|达标|及格|优秀|优良|完好|出勤|入学|巩固|普及|知晓|接种|回收|到位|就餐|留样)率|满意度|满意率)"
_BOUNDED_RATE = re.compile(rf"({_BOUNDED})(?:为|是|达到?了?|达|:|：|高达|均为|平均为)?\s*(\d+(?:\.\d+)?)\s*%")
_FALL = re.compile(r"(下降|减少|降低|节约|节省)了?\s*(\d+(?:\.\d+)?)\s*%")


def _over_100(text: str) -> list[tuple[str, str, str]]:
    out = []
    for pattern, message in ((_SHARE, "占比超过了100%"), (_BOUNDED_RATE, "{name}不能超过100%"), (_FALL, "{name}的幅度不能超过100%")):
        for m in pattern.finditer(text):
            if Decimal(m.group(2)) > 100:
                out.append((core.ERROR, m.group(), message.format(name=m.group(1))))
    return out


# ---- a count before a colon against the items after it

_COUNTED = re.compile(r"(\d+|[一二两三四五六七八九十]{1,3})\s*(个方面|方面|件事|个|项|件|条|处|次|所|名|点|类|批次|批|种)([\u4e00-\u9fff]{0,8})$")
_NOT_ALL = re.compile(r"主要有|主要是|主要包括|归纳|概括|例如|比如|包括|其中|部分|之一|等|如下几")


def _listed(p: Paragraph, following: list[Paragraph], numbered: dict[int, Number]) -> list[tuple[str, str, str]]:
    text = p.text
    depths = _depths(text)
    colon = next((i for i, ch in enumerate(text) if ch in "：:" and depths[i] == 0), None)
    if colon is None:
        return []  # a colon inside brackets (421所学校：甲、乙等) introduces an example, not a list
    clause_start = max((text.rfind(ch, 0, colon) for ch in "，,。；;"), default=-1) + 1
    clause = text[clause_start:colon].strip()
    counted = _COUNTED.search(clause)
    if counted is None or _NOT_ALL.search(clause):
        return []
    said = cn_int(counted.group(1))
    if not said:
        return []
    rest = text[colon + 1:].strip().rstrip("。.")
    if rest.endswith("等") or re.search(r"等\s*(\d+|[一二两三四五六七八九十]+)", rest):
        return []  # 甲、乙等 · 甲、乙等421所: not all listed
    if rest:
        items = _split_top(rest, "；;")
        if len(items) < 2:
            if said < 2 or "，" in rest or "," in rest or "、" not in rest:
                return []
            items = _split_top(rest, "、")
        listed = len(items)
    else:
        listed = _numbered_run(following, numbered)
        if listed is None:
            return []
    if listed == said:
        return []
    unit = counted.group(2)
    return [(core.ERROR, counted.group(0), f"数目与所列不符：写的是“{counted.group(1)}{unit}”，列出的是{listed}项")]


def _split_top(text: str, marks: str) -> list[str]:
    items, depth, begin = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN or ch in "“《":
            depth += 1
        elif ch in _CLOSE or ch in "”》":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in marks:
            items.append(text[begin:i])
            begin = i + 1
    items.append(text[begin:])
    return [item for item in items if item.strip()]


MAX_LISTED = 300  # paragraphs looked at after a count and a colon: no list is longer


def _numbered_run(following: list[Paragraph], numbered: dict[int, Number]) -> int | None:
    """How many items the numbered list right after a paragraph has, at its first level: up
    to a higher level, a list starting again, or the end."""
    if not following or following[0].number not in numbered:
        return None
    rank = numbered[following[0].number].rank
    count = 0
    for p in following[:MAX_LISTED]:
        number = numbered.get(p.number)
        if number is None:
            continue
        if number.rank < rank or (number.rank == rank and number.value == 1 and count):
            break
        if number.rank == rank:
            count += 1
    return count


# ---- tables

_TOTAL_LABEL = re.compile(r"\s*(合\s*计|总\s*计|共\s*计|合计数)\s*")
_SUBTOTAL = re.compile(r"\s*小\s*计\s*")
_CELL_NUMBER = re.compile(rf"\s*(约|近)?\s*(\d+(?:\.\d+)?)\s*(万|亿)?\s*({_UNITS})?\s*")
_CELL_RATE = re.compile(r"\s*(?:整改率)?\s*(\d+(?:\.\d+)?)\s*%\s*")
_CELL_FOUND = re.compile(r"\s*(?:发现)?\s*(\d+)\s*处?\s*")
_CELL_FIXED = re.compile(r"\s*(?:已整改|整改)?\s*(\d+)\s*处?\s*")


def _cell_number(text: str) -> tuple[Decimal, str, bool] | None:
    """(value, unit, approximate) of a cell holding one figure; unit 元 for money, '' for none."""
    m = _CELL_NUMBER.fullmatch(text)
    if not m:
        return None
    value = Decimal(m.group(2)) * _MULTIPLIER[m.group(3)]
    unit = m.group(4) or ""
    if unit in ("万元", "亿元"):
        value *= _MULTIPLIER[unit[0]]
        unit = "元"
    return value, unit, bool(m.group(1))


def _table_findings(table: Table) -> list[tuple[int, int | None, str, str, str]]:
    rows = table.measured_rows()  # 1800 under 金额（元） is 1800元
    if len(rows) < 2:
        return []
    header = rows[0]
    out = []
    for r, row in enumerate(rows):
        if r == 0:
            continue
        out.extend((r, c, level, words, message) for c, level, words, message in _row_rate(header, row))
        for c, text in enumerate(row):
            if _CELL_RATE.fullmatch(text) and re.search(rf"占比|比例|比重|{_BOUNDED}", header[c] if c < len(header) else ""):
                if Decimal(_CELL_RATE.fullmatch(text).group(1)) > 100:
                    out.append((r, c, core.ERROR, text, f"{header[c]}不能超过100%"))
        if _is_total(row):
            out.extend(_total_row(rows, r, next(c for c, text in enumerate(row) if text.strip())))
    # A finding quotes the cell as the document has it (10990, not the 10990元 it was read as).
    return [(r, c, level, table.rows[r][c] if c is not None and words == rows[r][c] else words, message)
            for r, c, level, words, message in out]


def _column(header: tuple[str, ...], pattern: str, avoid: str = "") -> int | None:
    for c, name in enumerate(header):
        if re.search(pattern, name) and not (avoid and re.search(avoid, name)):
            return c
    return None


def _row_rate(header: tuple[str, ...], row: tuple[str, ...]) -> list[tuple[int, str, str, str]]:
    """A 整改率 in a row against the found and fixed counts of the same row."""
    rate_col = next((c for c, text in enumerate(row) if text.strip().startswith("整改率") and _CELL_RATE.fullmatch(text)), None)
    if rate_col is None:
        rate_col = _column(header, r"整改率")
    if rate_col is None or rate_col >= len(row) or not _CELL_RATE.fullmatch(row[rate_col]):
        return []
    found_col = next((c for c, text in enumerate(row) if re.fullmatch(r"\s*发现\s*\d+\s*处\s*", text)), None)
    if found_col is None:
        found_col = _column(header, r"发现|隐患数", r"日期|时间")
    fixed_col = next((c for c, text in enumerate(row) if re.fullmatch(r"\s*已?整改\s*\d+\s*处\s*", text)), None)
    if fixed_col is None:
        fixed_col = _column(header, r"已整改|整改数", r"率|日期|时间|措施")
    if found_col is None or fixed_col is None:
        return []
    found = _CELL_FOUND.fullmatch(row[found_col])
    fixed = _CELL_FIXED.fullmatch(row[fixed_col])
    if not found or not fixed:
        return []
    f, x = int(found.group(1)), int(fixed.group(1))
    said = Decimal(_CELL_RATE.fullmatch(row[rate_col]).group(1))
    if x > f:
        return [(fixed_col, core.ERROR, row[fixed_col], f"已整改数（{x}处）大于发现数（{f}处）")]
    if f and not core.rate_fits(said, x, f):
        return [(rate_col, core.ERROR, row[rate_col], f"整改率与本行数字不符：已整改{x}处÷发现{f}处＝{_rate_text(x, f)}")]
    return []


def _is_total(row: tuple[str, ...]) -> bool:
    first = next((text for text in row if text.strip()), "")
    return bool(_TOTAL_LABEL.fullmatch(first))


def _total_row(rows, r: int, label: int) -> list[tuple[int, int, str, str, str]]:
    """A 合计 row against the rows above it: back to the header, or to the 合计 before it (a
    table of groups, each with its total); 小计 rows are parts of a group, never added in."""
    start = max((k for k in range(1, r) if _is_total(rows[k])), default=0) + 1
    data = [row for row in rows[start:r] if not any(_SUBTOTAL.fullmatch(cell) for cell in row) and any(cell.strip() for cell in row)]
    if not data:
        return []
    out = []
    for c, text in enumerate(rows[r]):
        if c == label or not text.strip() or _CELL_RATE.fullmatch(text):
            continue
        total = _cell_number(text)
        if total is None or total[2]:
            continue
        cells = [row[c] for row in data if c < len(row)]
        parsed = [_cell_number(cell) for cell in cells if cell.strip()]
        if parsed and all(p is not None for p in parsed):
            if any(p[2] for p in parsed) or any(_CELL_RATE.fullmatch(cell) for cell in cells):
                continue
            units = {p[1] for p in parsed} | {total[1]}
            if len(units - {""}) > 1:
                continue  # 台 beside 套: not one quantity
            added = sum((p[0] for p in parsed), Decimal(0))
            if added != total[0]:
                unit = (units - {""}).pop() if units - {""} else ""
                shown = core.yuan(added) if unit == "元" else f"{core.plain(added)}{unit}"
                out.append((r, c, core.ERROR, text, f"合计与本列之和不符：本列各行相加为{shown}"))
        elif total[1] and total[1] != "元" and not any(_cell_number(cell) for cell in cells if cell.strip()):
            if total[0] != len(data):  # 7批次 under a column of names: the rows listed
                out.append((r, c, core.ERROR, text, f"合计与所列行数不符：表中列出{len(data)}行"))
    return out

