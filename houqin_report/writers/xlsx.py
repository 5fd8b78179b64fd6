"""The bureau's figures as an Excel workbook (XlsxWriter), beside the compiled report.

Sheets: 汇总 (the report's per-school table, wider), 隐患, 采购, 培训, 项目 (per-school
figures; the categories, channels, kinds and states as columns in the model's order, all of
them whatever the schools reported), 指标 (each school's reported figures), then every text item
(xlsx_texts.py: 做法, 问题, 下一步, 荣誉, 未整改隐患, each with the school or bureau that wrote
it) and 来源 (which file, by path relative to the folder compiled and SHA-256, each school's
figures came from, and the files left out). Numbers are written as numbers: money as yuan with
'#,##0.00', rates as fractions with '0.0%', measures (学时, 指标) in General, which shows 9 and
2.5 (never "9."). Rates are formulas, a school's over its own figures and the 合计 row's over
the totals (never an average of the schools' rates); each per-school sheet ends with a 合计 row
of SUM formulas. Every formula carries its computed value, so the file shows the right figures
before Excel recalculates, and in viewers that never do. Each sheet prints landscape on A4, one
page wide, its header row repeated on every page; the header row and the school's name stay in
view.

A kind a school did not report (its key left out of the file) is a blank cell, and 备注 says
未填, never 0. An approximate figure (近70万元) is written as text, as the school wrote it, so
no formula adds it as exact; a column holding one has as its 合计 the approximate total in
words (约…, …以上), not a SUM.

The bytes are built with a fixed creation time (the same input gives the same file), each row
written out as soon as it is finished (XlsxWriter's constant_memory: a hundred thousand rows of
a bureau's items never sit in memory as cell objects), and written atomically: an interrupted
or failed run leaves any earlier workbook as it was and no half-written file.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Sequence

from houqin_report.facts.approx import Approx
from houqin_report.report.bureau import CHANNELS, HAZARD_CATEGORIES, PROJECT_STATES, TRAINING_TYPES, BureauReport, SchoolRow
from houqin_report.report.figures import rate
from houqin_report.text.chars import cell_width
from houqin_report.text.numbers import plain, yuan
from houqin_report.writers.files import compiled_name
from houqin_report.writers.xlsx_texts import text_sheets

CREATED = dt.datetime(2000, 1, 1)  # as the .docx renderer: reproducible bytes
AUTHOR = "houqin-report"
MONEY = "#,##0.00"
RATE = "0.0%"
INTEGER = "0"
DECIMAL = "General"  # 9, 2.5: "0.##" would show "9." in Excel and WPS


@dataclass(frozen=True)
class Column:
    title: str
    kind: str  # text, int, money, rate, number
    value: Callable[[SchoolRow], Any]
    total: str | None = "sum"  # sum, rate, or None (blank in the 合计 row)
    rate_of: tuple[str, str] = ("", "")  # (numerator title, denominator title) for a rate total
    width: float | None = None
    reported: str | None = None  # the kind (rows.REPORTED) the column belongs to: blank when 未填

    def cell(self, row: SchoolRow) -> Any:
        return None if self.reported is not None and not row.reported(self.reported) else self.value(row)


def _fraction(rate: Decimal | None) -> Decimal | None:
    """figures.rate's percent (96.7) as the fraction Excel formats with 0.0% (0.967)."""
    return None if rate is None else rate / 100


def _share(row: SchoolRow) -> Decimal | None:
    if row.government_share is not None:
        return _fraction(row.government_share)
    return Decimal(0) if row.purchase_total else None  # bought, none of it 政府采购: 0.0%


def _note(row: SchoolRow) -> str:
    notes = ["※发现隐患但尚未整改"] if row.flagged else []
    if row.unreported:
        notes.append("未填：" + "、".join(row.unreported))
    return "；".join(notes)


def _summary_columns(districts: bool) -> list[Column]:
    columns = [
        Column("学校", "text", lambda r: r.school, total=None, width=None),
        Column("类型", "text", lambda r: r.school_type or "", total=None, width=10),
        Column("学生数", "int", lambda r: r.students),
        Column("教职工数", "int", lambda r: r.staff),
        Column("班级数", "int", lambda r: r.classes),
        Column("排查次数", "int", _rounds, reported="隐患"),
        Column("隐患发现", "int", lambda r: r.hazards_found, reported="隐患"),
        Column("已整改", "int", lambda r: r.hazards_fixed, reported="隐患"),
        Column("未整改", "int", lambda r: r.hazards_open, reported="隐患"),
        Column("整改率", "rate", lambda r: _fraction(r.hazard_rate), total="rate", rate_of=("已整改", "隐患发现"), reported="隐患"),
        Column("整改费用（元）", "money", lambda r: r.hazard_cost, reported="隐患"),
        Column("采购项数", "int", lambda r: r.purchases, reported="采购"),
        Column("采购总额（元）", "money", lambda r: r.purchase_total, reported="采购"),
        Column("政府采购（元）", "money", lambda r: r.government, reported="采购"),
        Column("政府采购占比", "rate", _share, total="rate", rate_of=("政府采购（元）", "采购总额（元）"), reported="采购"),
        Column("捐赠项数", "int", lambda r: r.donations),
        Column("捐赠金额（元）", "money", lambda r: r.donation_total),
        Column("培训次数", "int", lambda r: r.trainings, reported="培训"),
        Column("培训人次", "int", lambda r: r.training_people, reported="培训"),
        Column("项目数", "int", lambda r: r.projects, reported="项目"),
        Column("项目金额（元）", "money", lambda r: r.project_amount, reported="项目"),
        Column("备注", "text", _note, total=None, width=22),
    ]
    if districts:
        columns.insert(1, Column("所属单位", "text", lambda r: r.path[0] if r.path else "", total=None))
    return columns


def _rounds(row: SchoolRow) -> Any:
    """排查次数: a count, or how often as the school wrote it (每周一次) — text, never summed."""
    return row.rounds


def _hazard_columns() -> list[Column]:
    columns = [
        Column("学校", "text", lambda r: r.school, total=None),
        Column("排查次数", "int", _rounds, reported="隐患"),
        Column("发现", "int", lambda r: r.hazards_found, reported="隐患"),
        Column("已整改", "int", lambda r: r.hazards_fixed, reported="隐患"),
        Column("未完成整改", "int", lambda r: r.hazards_open, reported="隐患"),
        Column("其中整改中", "int", lambda r: r.hazards_in_progress, reported="隐患"),
        Column("整改率", "rate", lambda r: _fraction(r.hazard_rate), total="rate", rate_of=("已整改", "发现"), reported="隐患"),
        Column("整改费用（元）", "money", lambda r: r.hazard_cost, reported="隐患"),
    ]
    for category in HAZARD_CATEGORIES:
        columns.append(Column(category, "int", lambda r, c=category: r.hazards_by_category.get(c) if r.hazards_by_category else None, reported="隐患"))
    return columns


def _purchase_columns() -> list[Column]:
    columns = [
        Column("学校", "text", lambda r: r.school, total=None),
        Column("项数", "int", lambda r: r.purchases, reported="采购"),
        Column("未填金额项数", "int", lambda r: r.purchases_unpriced, reported="采购"),
        Column("总额（元）", "money", lambda r: r.purchase_total, reported="采购"),
    ]
    for channel in CHANNELS:
        columns.append(Column(f"{channel}（元）", "money", lambda r, c=channel: r.purchase_by_channel.get(c, Decimal(0)), reported="采购"))
    columns.append(Column("政府采购占比", "rate", _share, total="rate", rate_of=("政府采购（元）", "总额（元）"), reported="采购"))
    columns.append(Column("捐赠项数", "int", lambda r: r.donations))
    columns.append(Column("捐赠金额（元）", "money", lambda r: r.donation_total))
    return columns


def _training_columns() -> list[Column]:
    columns = [
        Column("学校", "text", lambda r: r.school, total=None),
        Column("次数", "int", lambda r: r.trainings, reported="培训"),
        Column("人次", "int", lambda r: r.training_people, reported="培训"),
        Column("学时", "number", lambda r: r.training_hours, reported="培训"),
    ]
    for kind in TRAINING_TYPES:
        columns.append(Column(kind, "int", lambda r, k=kind: r.trainings_by_type.get(k, 0), reported="培训"))
    return columns


def _project_columns() -> list[Column]:
    columns = [
        Column("学校", "text", lambda r: r.school, total=None),
        Column("项目数", "int", lambda r: r.projects, reported="项目"),
        Column("未填金额项目数", "int", lambda r: r.projects_unpriced, reported="项目"),
        Column("金额（元）", "money", lambda r: r.project_amount, reported="项目"),
    ]
    for status in PROJECT_STATES:
        columns.append(Column(status, "int", lambda r, s=status: r.projects_by_status.get(s, 0), reported="项目"))
        columns.append(Column(f"{status}金额（元）", "money", lambda r, s=status: r.project_amount_by_status.get(s, Decimal(0)), reported="项目"))
    return columns


def workbook_bytes(report: BureauReport, root: Path | None = None) -> bytes:
    """The .xlsx file of the report's figures, as bytes (built in memory); root: the folder
    compiled (compile_root), which the 来源 sheet names the files from."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": report.title, "author": AUTHOR, "company": report.bureau, "created": CREATED})
    formats = {
        "header": book.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1, "bg_color": "#F2F2F2"}),
        "text": book.add_format({"border": 1}),
        "wrap": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "int": book.add_format({"num_format": INTEGER, "border": 1}),
        "number": book.add_format({"num_format": DECIMAL, "border": 1}),
        "money": book.add_format({"num_format": MONEY, "border": 1}),
        "rate": book.add_format({"num_format": RATE, "border": 1}),
        "total_text": book.add_format({"bold": True, "border": 1}),
        "total_int": book.add_format({"bold": True, "num_format": INTEGER, "border": 1}),
        "total_number": book.add_format({"bold": True, "num_format": DECIMAL, "border": 1}),
        "total_money": book.add_format({"bold": True, "num_format": MONEY, "border": 1}),
        "total_rate": book.add_format({"bold": True, "num_format": RATE, "border": 1}),
    }
    rows = report.rows
    _table_sheet(book, "汇总", _summary_columns(bool(report.districts)), rows, formats)
    _table_sheet(book, "隐患", _hazard_columns(), rows, formats)
    _table_sheet(book, "采购", _purchase_columns(), rows, formats)
    _table_sheet(book, "培训", _training_columns(), rows, formats)
    _table_sheet(book, "项目", _project_columns(), rows, formats)
    _indicator_sheet(book, rows, formats)
    text_sheets(book, report, formats, _print_setup)
    _source_sheet(book, report, formats, root)
    book.close()
    return buffer.getvalue()


def _col(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(index)


def _table_sheet(book, name: str, columns: list[Column], rows: Sequence[SchoolRow], formats: dict) -> None:
    """序号 + columns, one row per school, then the 合计 row (SUM formulas with cached values)."""
    sheet = book.add_worksheet(name)
    titles = ["序号"] + [c.title for c in columns]
    sheet.write_row(0, 0, titles, formats["header"])
    sheet.set_row(0, 30)
    widths = [max(6, cell_width(t) + 2) for t in titles]
    sums: list[Any] = [None] * len(columns)
    position = {column.title: c for c, column in enumerate(columns, start=1)}
    for r, row in enumerate(rows, start=1):
        sheet.write_number(r, 0, r, formats["int"])
        values = [column.cell(row) for column in columns]
        for c, column in enumerate(columns, start=1):
            value = values[c - 1]
            operands = [values[position[t] - 1] for t in column.rate_of] if column.kind == "rate" else []
            if operands and value is not None and not any(isinstance(v, (str, Approx)) for v in operands):
                # the school's own rate, as a formula over its figures (not over an approximate one)
                num, den = (f"{_col(position[t])}{r + 1}" for t in column.rate_of)
                sheet.write_formula(r, c, f'=IF({den}=0,"",ROUND({num}/{den},3))', formats["rate"], _number(value))
            else:
                _write(sheet, r, c, column.kind, value, formats)
            if column.kind == "text" or isinstance(value, (str, Approx)):
                widths[c] = max(widths[c], cell_width(_shown(column.kind, value)) + 2)
            if isinstance(value, str) and column.kind != "text":
                continue  # 排查次数 written as how often: not a count to add
            if value is not None and column.total == "sum":
                sums[c - 1] = (sums[c - 1] if sums[c - 1] is not None else Decimal(0)) + value
    last = len(rows)  # 0-based index of the last school row
    total_row = last + 1
    sheet.write_string(total_row, 0, "合计", formats["total_text"])
    for c, column in enumerate(columns, start=1):
        letter = _col(c)
        if column.total == "sum" and isinstance(sums[c - 1], Approx):
            sheet.write_string(total_row, c, _shown(column.kind, sums[c - 1]), formats["total_text"])
        elif column.total == "sum":
            cached = sums[c - 1] if sums[c - 1] is not None else Decimal(0)
            sheet.write_formula(total_row, c, f"=SUM({letter}2:{letter}{last + 1})", formats[f"total_{column.kind}"], _number(cached))
        elif column.total == "rate":
            num = _col(position[column.rate_of[0]])
            den = _col(position[column.rate_of[1]])
            n, d = sums[position[column.rate_of[0]] - 1], sums[position[column.rate_of[1]] - 1]
            cached: Any = ""
            if isinstance(n, Approx) or isinstance(d, Approx):
                sheet.write_blank(total_row, c, None, formats["total_text"])  # no rate over an approximate total
                continue
            if d:
                cached = _number(_fraction(rate(n or 0, d)))
            ref_n, ref_d = f"{num}{total_row + 1}", f"{den}{total_row + 1}"
            sheet.write_formula(total_row, c, f'=IF({ref_d}=0,"",ROUND({ref_n}/{ref_d},3))', formats["total_rate"], cached)
        elif column.title == "学校":
            sheet.write_string(total_row, c, f"{len(rows)}所学校", formats["total_text"])
        else:
            sheet.write_blank(total_row, c, None, formats["total_text"])
    for c, width in enumerate(widths):
        kind = columns[c - 1].kind if c else "int"
        if kind == "text":
            width = min(width, 60)
        elif kind == "money":
            width = max(width, 16)
        elif kind == "rate":
            width = max(width, 10)
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 2)
    if rows:
        sheet.autofilter(0, 0, last, len(columns))
    _print_setup(sheet)


def _print_setup(sheet) -> None:
    """Landscape A4, one page wide (as many tall as it takes), the header row on every page,
    the page number in the footer."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")


def _shown(kind: str, value: Any) -> str:
    """A value as text: an approximate figure in words, as the school wrote it (近70万元)."""
    if isinstance(value, Approx):
        return yuan(value) if kind == "money" else plain(value)
    return "" if value is None else str(value)


def _write(sheet, r: int, c: int, kind: str, value: Any, formats: dict) -> None:
    if kind == "text" or isinstance(value, (str, Approx)):
        if value:
            sheet.write_string(r, c, _shown(kind, value), formats["text"])
        else:
            sheet.write_blank(r, c, None, formats["text"])
    elif value is None:
        sheet.write_blank(r, c, None, formats[kind])
    else:
        sheet.write_number(r, c, _number(value), formats[kind])


def _number(value: Decimal | int) -> int | float:
    """Excel holds doubles; integral values are written as integers (no trailing .0)."""
    if isinstance(value, int):
        return value
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)




def _indicator_sheet(book, rows: Sequence[SchoolRow], formats: dict) -> None:
    sheet = book.add_worksheet("指标")
    titles = ["序号", "学校", "指标", "单位", "本期", "上期"]
    sheet.write_row(0, 0, titles, formats["header"])
    width = 20
    r = 0
    for row in rows:
        for figure in row.indicators:
            r += 1
            sheet.write_number(r, 0, r, formats["int"])
            sheet.write_string(r, 1, row.school, formats["text"])
            sheet.write_string(r, 2, figure.name, formats["text"])
            sheet.write_string(r, 3, figure.unit or "", formats["text"])
            sheet.write_number(r, 4, _number(figure.current), formats["number"])
            _write(sheet, r, 5, "number", figure.previous, formats)
            width = max(width, cell_width(row.school) + 2)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, min(width, 60))
    sheet.set_column(2, 2, 16)
    sheet.set_column(3, 5, 12)
    sheet.freeze_panes(1, 2)
    _print_setup(sheet)


def _source_sheet(book, report: BureauReport, formats: dict, root: Path | None) -> None:
    """Provenance: each school's figures came from this file (path and SHA-256 of its bytes);
    paths relative to root, the folder compiled, so that the workbook is the same however the
    paths were typed (samples, ./samples/, /home/…/samples)."""
    sheet = book.add_worksheet("来源")
    titles = ["序号", "学校", "文件", "SHA-256", "状态", "说明"]
    sheet.write_row(0, 0, titles, formats["header"])
    widths = [6, 20, 30, 66, 8, 30]
    lines = []
    for row in report.rows:
        via = f"；经{'、'.join(row.path)}汇总" if row.path else ""
        lines.append([row.school, compiled_name(row, root), row.digest, "已汇总", f"{row.period.title}；上级单位：{row.bureau or '未填写'}{via}"])
    for own in ([report.own] if report.own else []) + report.bureaus:
        via = f"；经{'、'.join(own.path)}汇总" if own.path else ""
        lines.append([own.unit, compiled_name(own, root), own.digest, "教育局自己的事实", f"{own.period.title}{via}"])
    for skipped in report.skipped:
        lines.append(["", (f"{skipped.path[0]}：" if skipped.path else "") + compiled_name(skipped, root), "", "未纳入", skipped.reason])
    for r, values in enumerate(lines, start=1):
        sheet.write_number(r, 0, r, formats["int"])
        for c, value in enumerate(values, start=1):
            _write(sheet, r, c, "text", value, formats)
            widths[c] = max(widths[c], min(cell_width(value) + 2, 80))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    _print_setup(sheet)


__all__ = ["workbook_bytes"]
