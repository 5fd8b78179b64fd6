"""Attachment tables (issue 15, point 4): widths from the content, one size for all of a
document's attachment tables, the 合计 row kept with the row before it, columns nobody
filled left out, money in one unit (元, in the header), rates with one decimal."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import SAMPLES
from docx_text import tables
from houqin_report.outline.parse import Seg, plain
from houqin_report.text import chars
from houqin_report.text.numbers import percent, figure_column, yuan_column
from houqin_report.writers.docx.columns import date_lines, header_lines, layout, measure

HEAD = "学校: 甲小学\n学年: 2023-2024\n学期: 第二学期\n上级单位: 乙区教育局\n落款日期: 2024-07-05\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "事实.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def ledger_rows(run_cli, source: Path) -> list[tuple[bool, list[str]]]:
    md = run_cli("summary", source, "--format", "md").stdout
    block = md.split("隐患排查整改台账\n\n", 2)[2].split(":::")[0]
    lines = [line for line in block.splitlines() if line.startswith("|") and not line.startswith("|---")]
    return [(i == 0, [c.strip() for c in line.strip().strip("|").split("|")]) for i, line in enumerate(lines)]


def test_widths_follow_the_content(run_cli):
    rows = ledger_rows(run_cli, SAMPLES / "中南路小学.yaml")
    header = rows[0][1]
    columns = measure(rows)
    total = 45.0  # characters: a landscape page in 五号, less the cells' margins
    widths, fits = layout(columns, total)
    assert fits and sum(widths) == pytest.approx(total)
    by = dict(zip(header, widths))
    # a date needs at most two lines (2024年 / 3月12日), a description the room
    assert by["发现日期"] >= chars.spaced_width("3月12日") and by["发现日期"] < chars.spaced_width("2024年3月12日")
    assert by["隐患情况"] > 1.5 * by["发现日期"] and by["整改措施"] > 1.5 * by["整改日期"]
    for column, width in zip(columns, widths):  # what must stay whole does
        assert width >= column.least - 1e-9
    assert by["类别"] >= chars.width("校舍") and by["责任人"] >= chars.width("王建国")


def test_dates_and_headers_break_where_they_read():
    assert plain(date_lines([Seg("2024年3月12日")], 4.5)) == "2024年\n3月12日"
    assert plain(date_lines([Seg("2024年3月12日")], 8)) == "2024年3月12日"
    assert plain(date_lines([Seg("东侧围墙")], 2)) == "东侧围墙"
    assert plain(header_lines([Seg("费用（元）")], 3)) == "费用\n（元）"
    assert plain(header_lines([Seg("采购总额")], 3)) == "采购\n总额"
    assert plain(header_lines([Seg("已整改")], 2)) == "已整改"  # three characters stay whole


def test_one_size_for_every_attachment_table(run_cli, tmp_path, samples):
    for sample in samples:
        out = tmp_path / f"{sample.stem}.docx"
        assert run_cli("summary", sample, "-o", out).exit_code == 0
        document = docx.Document(str(out))
        sizes = set()
        for table in document.tables:
            for tc in table._tbl.iter(qn("w:tc")):
                for rpr in tc.iter(qn("w:rPr")):
                    sz = rpr.find(qn("w:sz"))
                    sizes.add(sz.get(qn("w:val")) if sz is not None else "the style's")
        assert len(document.tables) >= 3 and len(sizes) == 1, (sample.name, sizes)


def test_the_total_row_keeps_with_the_row_before_it(run_cli, tmp_path, samples):
    out = tmp_path / "s.docx"
    assert run_cli("summary", samples[0], "-o", out).exit_code == 0
    for table in docx.Document(str(out)).tables:
        rows = table.rows
        assert rows[-1].cells[0].text == "合计"
        # the first row of data stays free to start a page, unless it is the one before 合计
        for row, kept in ((rows[-2], True), (rows[-1], False), (rows[1], len(rows) == 3)):
            keeps = {p._p.pPr.find(qn("w:keepNext")) is not None for c in row.cells for p in c.paragraphs}
            assert keeps == {kept}


def test_columns_nobody_filled_are_left_out(run_cli, tmp_path):
    source = write(tmp_path, "隐患排查:\n  隐患:\n    - 位置: 食堂\n      描述: 排烟管道油污积聚\n      状态: 整改中\n"
                             "    - 位置: 操场\n      描述: 跑道局部破损\n      整改日期: 2024-05-02\n")
    out = tmp_path / "s.docx"
    assert run_cli("summary", source, "-o", out, "--force").exit_code == 0
    ledger = tables(out)[0]
    assert [h.replace("\n", "") for h in ledger[0]] == ["序号", "位置", "隐患情况", "整改日期", "状态"]
    assert ledger[-1][0] == "合计" and len(ledger[-1]) == 5


def test_money_in_one_unit_and_rates_with_one_decimal(run_cli, tmp_path):
    source = write(tmp_path, "隐患排查:\n  隐患:\n"
                             "    - {位置: 食堂, 描述: 插座老化, 整改日期: 2024-05-02, 费用: 1.2万元}\n"
                             "    - {位置: 操场, 描述: 跑道破损, 整改日期: 2024-05-03, 费用: 860.5}\n"
                             "采购:\n  - {物品: 电脑, 金额: 5.6万, 渠道: 政府采购}\n  - {物品: 粉笔, 金额: 300, 渠道: 自行采购}\n")
    out = tmp_path / "s.docx"
    assert run_cli("summary", source, "-o", out, "--force").exit_code == 0
    ledger, purchases = tables(out)[:2]
    cost = [h.replace("\n", "") for h in ledger[0]].index("费用（元）")
    assert [row[cost] for row in ledger[1:]] == ["12000.00", "860.50", "12860.50"]  # 角 in one: all with two decimals
    assert ledger[-1][[h.replace("\n", "") for h in ledger[0]].index("状态")].replace("\n", "") == "整改率100.0%"
    amount = [h.replace("\n", "") for h in purchases[0]].index("金额（元）")
    assert [row[amount] for row in purchases[1:]] == ["56000", "300", "56300"]


def test_the_number_formats_behind_them():
    assert yuan_column([Decimal("12000"), None, Decimal("860.5")]) == ["12000.00", "", "860.50"]
    assert yuan_column([Decimal("56000"), Decimal("300")]) == ["56000", "300"]
    # 万元 columns of the bureau's table: alike up to whole 元, never rounded, None kept for 未填
    assert figure_column([Decimal("7.56"), Decimal("13.6"), None, Decimal("36.3"), Decimal("57.46")]) == ["7.56", "13.60", None, "36.30", "57.46"]
    assert figure_column([Decimal("160.7"), Decimal("1.0995")]) == ["160.7000", "1.0995"]
    assert figure_column([Decimal("6.9"), Decimal("1.234567")]) == ["6.9", "1.234567"]  # 分 in one: each as it is
    assert figure_column([Decimal("12"), Decimal("3")]) == ["12", "3"]
    assert percent(Decimal("100"), one_decimal=True) == "100.0%" and percent(Decimal("100")) == "100%"
    assert percent(Decimal("81.8"), one_decimal=True) == "81.8%"
