"""Dates a document writes, and its signature (落款):

- 错误: a date that does not exist (2024年2月30日, 13月, 2023年2月29日), a range that ends
  before it starts (2024年6月至3月), a school year that is not two years running (2023—2025学年),
  an end before its start in one sentence (…4月10日开工，…3月18日完工; 发现 … 整改) or in one
  table row (发现日期 | 整改日期);
- 提示: zeros typed as 0 or ○ in an old-style date (二00八年: 〇), and a 落款 without a date.

A 落款 is a signature block: paragraphs styled 落款, or a short line naming an office (…学校,
…总务处, …教育局) aligned right or ending the document (or followed by 附件). Without a date
under it, it is reported, except in a plan (a title with 计划): the tool's own plans are
signed without a date, their facts giving none.

Dates are compared as far as both are written: 2024年4月 and 2024年4月15日 cannot be ordered.
"""
from __future__ import annotations

import calendar
import re

from . import core
from .findings import DocumentFinding, in_cell, in_paragraph
from .core import cn_digits, cn_int
from .reader import Document

__all__ = ["check_dates"]

_ARABIC = re.compile(r"(?<![\d.])(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_DOTTED = re.compile(r"(?<![\d.])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d.])")
_OLD = re.compile(r"([〇○零一二三四五六七八九0OＯ]{4})\s*年\s*([一二三四五六七八九十]{1,3}|元)\s*月(?:\s*([一二三四五六七八九十]{1,3})\s*日)?")
_OLD_YEAR = re.compile(r"(?<![\d〇○零一二三四五六七八九])((?=[〇○零0OＯ]*[一二三四五六七八九])[〇○零一二三四五六七八九0OＯ]{4})\s*年")
_MONTH_DAY = re.compile(r"(?<![\d年.])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_SCHOOL_YEAR = re.compile(r"(\d{4})\s*[-—–~～至]\s*(\d{4})\s*学年")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# The end of a range: 2024年3月至6月, …至6月30日, …至2025年1月
_RANGE_END = re.compile(r"\s*(?:至|到|—|－|-|～|~)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_START_WORDS = {"开工": "动工", "动工": "动工", "开始": "开始", "启动": "开始", "发现": "发现"}
_END_WORDS = {"完工": "动工", "竣工": "动工", "交付": "动工", "交付使用": "动工", "投入使用": "动工",
              "结束": "开始", "完成": "开始", "整改": "发现", "整改完毕": "发现", "整改到位": "发现"}
_EVENT = re.compile(r"\s*(?:前|后)?\s*(" + "|".join(sorted({**_START_WORDS, **_END_WORDS}, key=len, reverse=True)) + ")")


class _Date:
    __slots__ = ("start", "end", "year", "month", "day", "text")

    def __init__(self, start: int, end: int, year: int | None, month: int, day: int | None, text: str) -> None:
        self.start, self.end, self.year, self.month, self.day, self.text = start, end, year, month, day, text

    def before(self, other: "_Date") -> bool | None:
        """Whether self is surely earlier than other (None: cannot tell). Of two dates
        without a year only those in one month are compared (3月12日发现，3月1日整改):
        12月20日 … 1月5日 is most likely the next January."""
        if self.year is None or other.year is None:
            if self.year is not None or other.year is not None or self.month != other.month:
                return None
        a, b = (self.year, self.month), (other.year, other.month)
        if a != b:
            return a < b
        if self.day is None or other.day is None:
            return None
        return self.day < other.day


def _dates(text: str) -> list[_Date]:
    out: list[_Date] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, year, month, day) -> None:
        out.append(_Date(m.start(), m.end(), year, month, day, m.group()))
        taken.append((m.start(), m.end()))

    for m in _ARABIC.finditer(text):
        add(m, int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    for m in _DOTTED.finditer(text):
        add(m, int(m.group(1)), int(m.group(3)), int(m.group(4)))
    for m in _OLD.finditer(text):
        month = 1 if m.group(2) == "元" else cn_int(m.group(2))
        day = cn_int(m.group(3)) if m.group(3) else None
        if month is not None:
            add(m, cn_digits(m.group(1)), month, day)
    for m in _MONTH_DAY.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            add(m, None, int(m.group(1)), int(m.group(2)))
    out.sort(key=lambda d: d.start)
    return out


def _impossible(d: _Date) -> str | None:
    if not 1 <= d.month <= 12:
        return f"日期不存在：没有{d.month}月"
    if d.day is not None:
        last = calendar.monthrange(d.year, d.month)[1] if d.year else (29 if d.month == 2 else calendar.monthrange(2023, d.month)[1])
        if not 1 <= d.day <= last:
            year = f"{d.year}年" if d.year else ""
            return f"日期不存在：{year}{d.month}月没有{d.day}日"
    return None


def check_dates(document: Document) -> list[DocumentFinding]:
    file = document.file
    out: list[DocumentFinding] = []
    for p in document.paragraphs:
        for level, words, message in _text_findings(p.text):
            out.append(in_paragraph(file, p, level, "date", words, message))
    for table in document.tables:
        header = table.rows[0] if table.rows else ()
        pairs = _column_pairs(header)
        for r, row in enumerate(table.rows):
            for c, text in enumerate(row):
                for level, words, message in _text_findings(text, sentences=False):
                    out.append(in_cell(file, table, r, c, level, "date", words, message))
            if r == 0:
                continue
            for first, second, what in pairs:
                a, b = _dates(row[first]), _dates(row[second])
                if len(a) == 1 and len(b) == 1 and b[0].before(a[0]):
                    out.append(in_cell(file, table, r, second, core.ERROR, "date", row[second],
                                       f"{header[second]}早于{header[first]}（{a[0].text}）"))
    out.extend(_signature(document))
    return out


def _text_findings(text: str, sentences: bool = True) -> list[tuple[str, str, str]]:
    out = []
    dates = _dates(text)
    for d in dates:
        wrong = _impossible(d)
        if wrong:
            out.append((core.ERROR, d.text, wrong))
        m = _OLD.fullmatch(d.text)
        if m and re.search(r"[○0OＯ]", m.group(1)):
            out.append((core.HINT, d.text, "年份中的零应写作「〇」"))
    for m in _OLD_YEAR.finditer(text):
        if re.search(r"[○0OＯ]", m.group(1)) and not any(d.start <= m.start() < d.end for d in dates if _OLD.fullmatch(d.text)):
            out.append((core.HINT, m.group(), "年份中的零应写作「〇」"))
    for m in _SCHOOL_YEAR.finditer(text):
        if int(m.group(2)) != int(m.group(1)) + 1:
            out.append((core.ERROR, m.group(), "学年应为相邻的两年，如 2023—2024学年"))
    good = [d for d in dates if not _impossible(d)]
    for a in good:
        m = _RANGE_END.match(text, a.end)
        if not m or not 1 <= int(m.group(2)) <= 12:
            continue
        # Without a year of its own the end is in the start's year only when in its month:
        # 2024年9月至1月 runs into the next year.
        year = int(m.group(1)) if m.group(1) else None
        start = a if year is not None else _Date(a.start, a.end, None, a.month, a.day, a.text)
        b = _Date(m.start(), m.end(), year, int(m.group(2)), int(m.group(3)) if m.group(3) else None, m.group())
        if b.before(start):
            out.append((core.ERROR, text[a.start:m.end()], "日期先后颠倒：结束早于开始"))
    if sentences:
        out.extend(_events(text, good))
    return out


def _events(text: str, dates: list[_Date]) -> list[tuple[str, str, str]]:
    """An end (完工, 整改) dated before its start (开工, 发现) within one sentence."""
    out = []
    starts: dict[str, _Date] = {}
    sentence_end = -1
    for d in dates:
        if d.start > sentence_end:
            starts = {}
            m = _SENTENCE_END.search(text, d.end)
            sentence_end = m.start() if m else len(text)
        m = _EVENT.match(text, d.end)
        if not m:
            continue
        word = m.group(1)
        if word in _START_WORDS:
            starts[_START_WORDS[word]] = d
        elif word in _END_WORDS and _END_WORDS[word] in starts:
            start = starts[_END_WORDS[word]]
            if d.before(start):
                out.append((core.ERROR, text[d.start:m.end()], f"日期先后颠倒：{word}日期早于{_word_of(text, start)}日期（{start.text}）"))
    return out


def _word_of(text: str, d: _Date) -> str:
    m = _EVENT.match(text, d.end)
    return m.group(1) if m else "开始"


_PAIRS = ((r"开工", r"完工|竣工"), (r"发现", r"整改"), (r"开始", r"结束|完成"))


def _column_pairs(header: tuple[str, ...]) -> list[tuple[int, int, str]]:
    out = []
    for first, second in _PAIRS:
        a = next((c for c, h in enumerate(header) if re.search(first, h) and re.search(r"日期|时间", h)), None)
        b = next((c for c, h in enumerate(header) if re.search(second, h) and re.search(r"日期|时间", h)), None)
        if a is not None and b is not None:
            out.append((a, b, first))
    return out


# ---- 落款

_ORG = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·]{2,40}(?:学校|小学|中学|学院|大学|校区|幼儿园|中心|委员会|政府|公司|教育局|局|处|室|部|办|科|股|组|校|园)")
_DATE_LINE = re.compile(r"\s*[\d〇○零一二三四五六七八九十OＯxX×_]{2,4}\s*年.{1,4}月.{1,4}日\s*|\s*\d{4}[./-]\d{1,2}[./-]\d{1,2}\s*")
_ATTACHMENT = re.compile(r"\s*附件\s*\d*\s*([：:].*)?")
_NOISE = re.compile(r"[\s\d\-—–_·.]*")  # page numbers (- 8 -) and counters left at the end of a page


def _signature(document: Document) -> list[DocumentFinding]:
    title = document.title
    if "计划" in title and "总结" not in title:
        return []
    paragraphs = [p for p in document.paragraphs if not _NOISE.fullmatch(p.text)]
    out = []
    for i, p in enumerate(paragraphs):
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if _DATE_LINE.fullmatch(p.text):
            continue
        styled = "落款" in p.style
        if styled and nxt is not None and "落款" in nxt.style:
            continue  # not the last line of the block
        org = bool(_ORG.fullmatch(p.text.strip()))
        ends = nxt is None or bool(_ATTACHMENT.fullmatch(nxt.text))
        if not (styled or (org and (p.right or ends))):
            continue
        if nxt is not None and _DATE_LINE.fullmatch(nxt.text):
            continue
        out.append(in_paragraph(document.file, p, core.HINT, "signature", p.text.strip(), "落款没有写日期（成文日期）"))
    return out

