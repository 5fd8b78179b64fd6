"""The workbook's text sheets: every 工作 (做法), 存在问题 (问题), 下一步, 荣誉 and every hazard
not yet fixed (未整改隐患), one item a row, each with the school (or bureau) that wrote it, in
its own words as in its file. The report quotes a few; these sheets hold them all, so nothing a
school wrote is lost in the compiling."""
from __future__ import annotations

from typing import Callable, Iterable, Sequence

from houqin_report.report.bureau import BureauReport
from houqin_report.text import sections
from houqin_report.text.chars import cell_width

MAX_WIDTH = 60
WIDTH_ROWS = 500  # rows whose text sets the column widths (the rest are alike)
LONG = ("内容", "问题", "措施", "隐患情况")  # columns of sentences: wrapped, at most MAX_WIDTH wide


def _titles() -> dict[str, str]:
    return {s.key: s.title for s in sections.load_sections()}


def _units(report: BureauReport) -> list[tuple[str, str, object]]:
    """(name, the lower bureau it came through or "", its folded facts): the schools, the
    bureau's own facts, then the lower bureaus' own (from roll-ups)."""
    out: list[tuple[str, str, object]] = [(r.school, r.path[0] if r.path else "", r) for r in report.rows]
    if report.own is not None:
        out.append((report.own.unit, "", report.own))
    out += [(b.unit, b.path[0] if len(b.path) > 1 else "", b) for b in report.bureaus]
    return out


def text_sheets(book, report: BureauReport, formats: dict, setup: Callable[[object], None]) -> None:  # noqa: ANN001 - an xlsxwriter Workbook
    """The text sheets, each given the print set-up of the others (setup)."""
    titles = _titles()
    units = _units(report)
    district = bool(report.districts)

    def practices() -> Iterable[list[str]]:
        for name, via, u in units:
            for p in getattr(u, "practices", None) or getattr(u, "work", ()):
                yield [name, via, titles.get(p.area, p.area), p.text]

    def problems() -> Iterable[list[str]]:
        for name, via, u in units:
            for c in u.problems:
                yield [name, via, c.theme, c.text, c.measure or ""]

    def next_steps() -> Iterable[list[str]]:
        for name, via, u in units:
            for i in u.next_steps:
                yield [name, via, i.theme, i.text]

    def honours() -> Iterable[list[str]]:
        for name, via, u in units:
            for area, h in u.honours:
                yield [name, via, titles.get(area, area), h]

    def hazards() -> Iterable[list[str]]:
        for r in report.rows:
            for h in r.unfixed:
                yield [r.school, r.path[0] if r.path else "", h.place, h.category or "未分类", h.status, h.description,
                       h.measure or "", h.found.iso() if h.found else ""]

    _sheet(book, "做法", ["单位", "所属单位", "栏目", "内容"], practices(), formats, district, setup)
    _sheet(book, "问题", ["单位", "所属单位", "方面", "问题", "措施"], problems(), formats, district, setup)
    _sheet(book, "下一步", ["单位", "所属单位", "方面", "内容"], next_steps(), formats, district, setup)
    _sheet(book, "荣誉", ["单位", "所属单位", "栏目", "荣誉"], honours(), formats, district, setup)
    _sheet(book, "未整改隐患", ["学校", "所属单位", "位置", "类别", "状态", "隐患情况", "措施", "发现日期"], hazards(), formats, district, setup)


def _sheet(book, name: str, titles: Sequence[str], rows: Iterable[list[str]], formats: dict, district: bool,
           setup: Callable[[object], None]) -> None:  # noqa: ANN001
    """titles (所属单位 only when some school came through a lower bureau), one row per item; an
    empty value is an empty cell. (No 序号: these sheets are lists to filter, and the spreadsheet
    numbers its rows; ten thousand schools' items make a hundred thousand rows.)"""
    keep = [i for i, t in enumerate(titles) if district or t != "所属单位"]
    heads = [titles[i] for i in keep]
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, heads, formats["header"])
    widths = [cell_width(h) + 2 for h in heads]
    style = [formats["wrap"] if h in LONG else formats["text"] for h in heads]
    n = 0
    for row in rows:
        n += 1
        for c, i in enumerate(keep):
            value = row[i]
            if value:
                sheet.write_string(n, c, value, style[c])
                if n <= WIDTH_ROWS:
                    widths[c] = max(widths[c], min(cell_width(value) + 2, MAX_WIDTH))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 1)
    if n:
        sheet.autofilter(0, 0, n, len(heads) - 1)
    setup(sheet)


__all__ = ["text_sheets"]
