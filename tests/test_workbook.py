"""The compiled workbook as Excel and WPS show and print it (issue 15, point 9): print set-up,
number formats, rates as formulas, frozen header, widths, a fixed order of categories, and
来源 paths that do not depend on how the folder was typed."""
from __future__ import annotations

import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import get_args

import openpyxl
import pytest
from lxml import etree

from conftest import SAMPLES
from houqin_report.facts.load import load_facts
from houqin_report.facts.model import Channel, HazardCategory, TrainingType
from houqin_report.text.chars import cell_width

ROOT = Path(__file__).resolve().parent.parent
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from houqin_report.cli import main

    out = tmp_path_factory.mktemp("book")
    result = CliRunner().invoke(main, ["compile", str(SAMPLES), "-o", str(out / "r.docx"), "--xlsx", str(out / "r.xlsx")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / "r.xlsx"


def sheets_xml(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        workbook = etree.fromstring(z.read("xl/workbook.xml"))
        names = [s.get("name") for s in workbook.iter(S + "sheet")]
        return {name: etree.fromstring(z.read(f"xl/worksheets/sheet{i}.xml")) for i, name in enumerate(names, 1)}


def test_every_sheet_prints_landscape_one_page_wide_with_its_header(book):
    with zipfile.ZipFile(book) as z:
        workbook = etree.fromstring(z.read("xl/workbook.xml"))
    titles = {d.text for d in workbook.iter(S + "definedName") if d.get("name") == "_xlnm.Print_Titles"}
    for name, sheet in sheets_xml(book).items():
        setup = sheet.find(S + "pageSetup")
        assert (setup.get("orientation"), setup.get("paperSize"), setup.get("fitToWidth", "1"), setup.get("fitToHeight")) == \
            ("landscape", "9", "1", "0"), name
        assert sheet.find(f"{S}sheetPr/{S}pageSetUpPr").get("fitToPage") == "1", name
        assert f"{name}!$1:$1" in titles, name  # the header row on every printed page
        pane = sheet.find(f"{S}sheetViews/{S}sheetView/{S}pane")
        assert pane.get("ySplit") == "1" and pane.get("state") == "frozen", name
        assert "&P" in sheet.findtext(f"{S}headerFooter/{S}oddFooter")


def test_no_number_format_shows_a_trailing_point(book):
    with zipfile.ZipFile(book) as z:
        styles = etree.fromstring(z.read("xl/styles.xml"))
    codes = [f.get("formatCode") for f in styles.iter(S + "numFmt")]
    assert codes and not any(re.search(r"\.#+(;|$)", c) for c in codes), codes  # "0.##" shows 9 as "9."
    hours = openpyxl.load_workbook(book)["培训"]
    column = [c.value for c in hours[1]].index("学时") + 1
    assert all(hours.cell(r, column).number_format == "General" for r in range(2, hours.max_row + 1))


def _rate(part: int | Decimal, whole: int | Decimal) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def test_each_schools_rates_are_formulas_with_their_values(book):
    formulas, values = openpyxl.load_workbook(book), openpyxl.load_workbook(book, data_only=True)
    schools = {f.school: f for f in map(load_facts, sorted(SAMPLES.glob("*.yaml")))}
    for name, rate, part, whole in (("汇总", "整改率", "已整改", "隐患发现"), ("隐患", "整改率", "已整改", "发现"),
                                    ("汇总", "政府采购占比", "政府采购（元）", "采购总额（元）"), ("采购", "政府采购占比", "政府采购（元）", "总额（元）")):
        sheet, cached = formulas[name], values[name]
        header = [c.value for c in sheet[1]]
        r_col, p_col, w_col = (header.index(t) + 1 for t in (rate, part, whole))
        letter = openpyxl.utils.get_column_letter
        for row in range(2, 2 + len(schools)):
            assert sheet.cell(row, r_col).value == \
                f'=IF({letter(w_col)}{row}=0,"",ROUND({letter(p_col)}{row}/{letter(w_col)}{row},3))', (name, row)
            facts = schools[cached.cell(row, 2).value]
            if rate == "整改率":
                fixed = sum(1 for h in facts.hazards if (h.status_given or ("已整改" if h.fixed else "未整改")) == "已整改")
                expected = _rate(fixed, len(facts.hazards))
            else:
                bought = facts.all_purchases  # a purchase with 渠道 捐赠 is a donation, not bought
                total = sum((u.amount for u in bought), Decimal(0))
                expected = _rate(sum((u.amount for u in bought if u.channel == "政府采购"), Decimal(0)), total)
            assert Decimal(str(cached.cell(row, r_col).value)) == expected, (name, row)


def test_widths_fit_the_names_and_headers(book):
    xml = sheets_xml(book)
    for sheet in openpyxl.load_workbook(book).worksheets:
        widths = {}
        for col in xml[sheet.title].iter(S + "col"):
            for index in range(int(col.get("min")), int(col.get("max")) + 1):
                widths[index] = float(col.get("width"))
        for index, column in enumerate(sheet.iter_cols(min_row=1, max_row=sheet.max_row), 1):
            header = str(column[0].value)
            assert widths[index] >= min(cell_width(header), 12), (sheet.title, header)  # a long header wraps in two
            if header in ("学校", "文件"):
                assert widths[index] >= max(cell_width(str(c.value or "")) for c in column[1:]), (sheet.title, header)


def test_categories_in_the_models_order_whatever_was_reported(tmp_path, run_cli):
    folder = tmp_path / "校"
    folder.mkdir()
    (folder / "a.yaml").write_text("学校: 甲小学\n学年: 2023-2024\n学期: 第二学期\n上级单位: 乙区教育局\n"
                                   "隐患排查:\n  隐患:\n    - 位置: 食堂\n      描述: 排烟管道油污\n      类别: 食堂\n"
                                   "培训:\n  - 名称: 演练\n    类型: 演练\n    人数: 5\n", encoding="utf-8")
    book = tmp_path / "a.xlsx"
    assert run_cli("compile", folder, "-o", tmp_path / "a.docx", "--xlsx", book).exit_code == 0
    workbook = openpyxl.load_workbook(book)
    header = [c.value for c in workbook["隐患"][1]]
    assert header[header.index("整改费用（元）") + 1:] == list(get_args(HazardCategory))
    header = [c.value for c in workbook["采购"][1]]
    channels = header[header.index("总额（元）") + 1:header.index("政府采购占比")]
    # every channel a purchase may name, in the model's order (捐赠 apart: not a purchase), and 未注明渠道
    assert [h.removesuffix("（元）") for h in channels] == [c for c in get_args(Channel) if c != "捐赠"] + ["未注明渠道"]
    assert header[-2:] == ["捐赠项数", "捐赠金额（元）"]
    header = [c.value for c in workbook["培训"][1]]
    assert header[header.index("学时") + 1:] == list(get_args(TrainingType))


def test_source_paths_do_not_depend_on_how_the_folder_was_typed(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    books = []
    for i, spelled in enumerate(["samples", "./samples/", str(SAMPLES), "samples/../samples"]):
        book = tmp_path / f"{i}.xlsx"
        assert run_cli("compile", spelled, "-o", tmp_path / f"{i}.docx", "--xlsx", book).exit_code == 0
        books.append(book.read_bytes())
    assert all(b == books[0] for b in books)
    files = [row[2] for row in openpyxl.load_workbook(tmp_path / "0.xlsx")["来源"].iter_rows(min_row=2, values_only=True)]
    assert files == sorted(p.name for p in SAMPLES.glob("*.yaml"))
    # files given one by one: named from the folder holding them all
    book = tmp_path / "files.xlsx"
    assert run_cli("compile", *sorted(SAMPLES.glob("*.yaml")), "-o", tmp_path / "f.docx", "--xlsx", book).exit_code == 0
    assert [row[2] for row in openpyxl.load_workbook(book)["来源"].iter_rows(min_row=2, values_only=True)] == files


def test_the_source_sheet_names_each_file_by_the_sha256_of_the_bytes_compiled(book, tmp_path, monkeypatch):
    """来源: each school's file and the SHA-256 of its bytes, from the one read that compiled it:
    a file saved again after it was read is not named by the new version's digest."""
    import hashlib

    sheet = openpyxl.load_workbook(book, read_only=True)["来源"]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2]]
    assert rows and {r[2]: r[3] for r in rows} == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SAMPLES.glob("*.yaml") if p.name in {r[2] for r in rows}}

    from click.testing import CliRunner

    from houqin_report.cli import main
    from houqin_report.facts import read as _read

    folder = tmp_path / "各校"
    folder.mkdir()
    for p in SAMPLES.glob("*.yaml"):
        (folder / p.name).write_bytes(p.read_bytes())
    compiled = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    original = _read.read_document

    def read_then_saved_again(path):  # the user saves the file again just after it was read
        document = original(path)
        Path(path).write_bytes(Path(path).read_bytes() + "\n# 又改了一处\n".encode("utf-8"))
        return document

    monkeypatch.setattr(_read, "read_document", read_then_saved_again)
    monkeypatch.setattr("houqin_report.pipeline.check.read_document", read_then_saved_again)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["compile", str(folder), "-o", str(out / "r.docx"), "--xlsx", str(out / "r.xlsx")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out / "r.xlsx", read_only=True)["来源"]
    got = {r[2]: r[3] for r in sheet.iter_rows(min_row=2, values_only=True) if r[2]}
    assert got and got == {name: compiled[name] for name in got}
