"""houqin compile: a bureau's report and workbook across many schools, read back and checked
against totals recomputed here from what the generator wrote (not through bureau.py)."""
from __future__ import annotations

import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from bench.generate import generate
from docx_text import all_text, paragraphs, tables
from houqin_report.pipeline import collect
from houqin_report.report import bureau

N = 60
SEED = 7


def pct(part: int | Decimal, whole: int | Decimal) -> str:
    """A rate as the report prints it: one decimal, half up, a whole rate without decimals."""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{int(value)}%" if value == value.to_integral_value() else f"{value}%"


def table_pct(part: int | Decimal, whole: int | Decimal) -> str:
    """A rate as a table prints it: one decimal always, so the column's figures line up."""
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def wan(amount: Decimal) -> str:
    """Yuan as 万元 in the appendix table: exact, trailing zeros dropped."""
    value = (amount / 10000).normalize()
    return format(value, "f") if value != value.to_integral_value() else str(int(value))


def wan_cells(amounts: list[Decimal | None]) -> list[str | None]:
    """A 万元 column of the appendix table: written alike, with as many decimals as the most
    exact figure needs, when that is at most 4 (whole 元); else each as wan() writes it."""
    values = [None if a is None else (a / 10000).normalize() for a in amounts]
    places = max((max(0, -v.as_tuple().exponent) for v in values if v is not None), default=0)
    if places > 4:
        return [None if a is None else wan(a) for a in amounts]
    return [None if v is None else f"{v:.{places}f}" for v in values]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schools")
    return folder, generate(N, folder, SEED)


@pytest.fixture(scope="module")
def compiled(generated, tmp_path_factory):
    """The generated schools compiled once through the CLI, as a user runs it."""
    from click.testing import CliRunner

    from houqin_report.cli import main

    folder, records = generated
    out = tmp_path_factory.mktemp("out")
    report, book = out / "汇总.docx", out / "汇总.xlsx"
    run = CliRunner().invoke(main, ["compile", str(folder), "-o", str(report), "--xlsx", str(book)], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines() == [f"写入 {report}", f"写入 {book}"]
    return report, book, records


def table_headed(path: Path, *header: str) -> list[list[str]]:
    """The table of the .docx whose header row starts with header."""
    found = [t for t in tables(path) if t and t[0][: len(header)] == list(header)]
    assert len(found) == 1, [t[0] for t in tables(path)]
    return found[0]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def school_file(folder: Path, name: str, school: str, *, semester: str = "第二学期", bureau_name: str | None = "伍家岗区教育局", extra: str = "") -> Path:
    lines = [f"学校: {school}", "学年: 2023-2024", f"学期: {semester}"]
    if bureau_name:
        lines.append(f"上级单位: {bureau_name}")
    return write(folder / name, "\n".join(lines) + "\n" + extra)


# ---------------------------------------------------------------------------------- report


def test_report_totals_match_generated_data(compiled):
    report, _, records = compiled
    text = all_text(report)
    found = sum(r.found for r in records)
    fixed = sum(r.fixed for r in records)
    assert f"全区共有学校{N}所" in text
    assert f"共排查出安全隐患{found}处" in text
    assert f"已整改{fixed}处，整改率为{pct(fixed, found)}" in text
    purchases = [a for r in records for c, a in r.purchases if c != "捐赠"]  # a donation is not a purchase
    government = sum((a for r in records for c, a in r.purchases if c == "政府采购"), Decimal(0))
    assert f"共采购物资{len(purchases)}项" in text
    assert f"政府采购金额占采购总金额的{pct(government, sum(purchases))}" in text
    donated = [a for r in records for c, a in r.purchases if c == "捐赠"]
    assert f"接受捐赠物资{len(donated)}项" in text and "不计入采购金额" in text
    safety = [(k, p) for r in records for k, p in r.trainings if k in ("演练", "安全教育")]
    drills = sum(1 for k, _ in safety if k == "演练")
    assert f"各校共开展应急演练{drills}次、安全教育{len(safety) - drills}次，共{sum(p or 0 for _, p in safety)}人次参加。" in text
    other = [(k, p) for r in records for k, p in r.trainings if k not in ("演练", "安全教育")]
    counts = {k: sum(1 for x, _ in other if x == k) for k in ("培训", "会议", "其他")}
    assert (f"各校共组织培训{counts['培训']}次、召开会议{counts['会议']}次、开展其他活动{counts['其他']}次，"
            f"共{sum(p or 0 for _, p in other)}人次参加。") in text
    assert paragraphs(report)[0][1].replace("\n", "") == "示范区教育局2023—2024学年第二学期学校后勤工作总结"  # a long title breaks between words


HEADER = ["序号", "学校", "类型", "隐患发现", "已整改", "未整改", "整改率", "整改费用（万元）", "采购总额（万元）", "政府采购（万元）",
          "培训次数", "培训人次", "项目数", "项目金额（万元）"]


def test_appendix_table_one_row_per_school_and_total(compiled):
    """附件1: one money unit per column, 未整改 and 整改费用 columns, 未填 (never 0) for a kind a
    school left out of its file."""
    report, _, records = compiled
    table = table_headed(report, "序号", "学校", "类型")
    assert [h.replace("\n", "") for h in table[0]] == HEADER
    body, total = table[1:-1], table[-1]
    assert len(body) == N
    by_name = {r.school: r for r in records}
    assert [row[1].rstrip("※") for row in body] == sorted(by_name)
    assert [row[0] for row in body] == [str(i) for i in range(1, N + 1)]
    blank = 0
    bought = {r.school: sum((a for c, a in r.purchases if c != "捐赠"), Decimal(0)) for r in records if r.reported("采购")}
    purchases = sum((a for r in records for c, a in r.purchases if c != "捐赠"), Decimal(0))
    column = wan_cells([bought.get(row[1].rstrip("※")) for row in body] + [purchases])
    for row, cell in zip(body, column):
        r = by_name[row[1].rstrip("※")]
        assert row[1].endswith("※") == r.flagged
        if r.reported("隐患排查"):
            assert row[3:7] == [str(r.found), str(r.fixed), str(r.found - r.fixed), table_pct(r.fixed, r.found) if r.found else "—"]
        else:
            assert row[3:8] == ["未填"] * 5
            blank += 1
        assert row[8] == (cell if r.reported("采购") else "未填")
        assert row[10:13] == ([str(len(r.trainings)), str(sum(p or 0 for _, p in r.trainings))] if r.reported("培训") else ["未填", "未填"]) + [
            str(len(r.projects)) if r.reported("项目建设") else "未填"]
    assert blank, "the generator should make some schools without 隐患排查"
    found = sum(r.found for r in records)
    fixed = sum(r.fixed for r in records)
    projects = sum((a for r in records for _, a in r.projects if a is not None), Decimal(0))
    assert total[:7] == ["合计", f"{N}所", "", str(found), str(fixed), str(found - fixed), table_pct(fixed, found)]
    assert total[8] == column[-1]
    assert total[9:] == [
        wan(sum((a for r in records for c, a in r.purchases if c == "政府采购"), Decimal(0))),
        str(sum(len(r.trainings) for r in records)), str(sum(p or 0 for r in records for _, p in r.trainings)),
        str(sum(len(r.projects) for r in records)), wan(projects),
    ]
    flagged = sum(1 for r in records if r.flagged)
    assert flagged, "the generator should make some schools that fixed nothing"
    note = all_text(report)
    assert "注：金额单位为万元。“未填”表示该校的事实文件中没有这一项，不按0计算，合计行只加填了的学校。" in note
    assert f"标※的{flagged}所学校本期发现隐患但尚未完成一处整改。" in note


def test_samples_report_reads_as_the_seed_does(run_cli, samples, tmp_path):
    out = tmp_path / "教育局汇总报告.docx"
    result = run_cli("compile", samples[0].parent, "-o", out)
    assert result.exit_code == 0, result.output
    paras = paragraphs(out)
    assert paras[0][1].replace("\n", "") == "伍家岗区教育局2023—2024学年第二学期学校后勤工作总结"
    headings = [text for style, text in paras if style == "Heading 1"]
    assert headings == ["一、基本情况", "二、取得的成绩及采取的措施", "三、存在的问题", "四、下一步工作打算"]
    text = all_text(out)
    assert "全区共有学校3所，其中小学1所、初中1所、九年一贯制学校1所。各校共有学生4244人、教职工316人、教学班90个。" in text
    assert "已整改25处，整改率为78.1%" in text  # 25 ÷ 32, not the mean of 81.8%, 77.8% and 75%
    # The theme two schools wrote about gathers them, each in its own words.
    assert ("二是校门口交通（2所学校）。中南路小学校门口交通隐患尚未根本解决，需要继续协调相关部门；"
            "实验中学校门口交通和摊贩问题反复出现，需要多部门长期共同治理。") in text
    # Signature: the bureau, and the latest 落款日期 of the schools.
    assert [t for _, t in paras][-30:].count("伍家岗区教育局") == 1
    assert "2024年7月5日" in [t for _, t in paras]
    names = [row[1] for row in table_headed(out, "序号", "学校", "类型")[1:-1]]
    assert names == ["伍家岗区中南路小学", "伍家岗区宝塔河九年一贯制学校", "伍家岗区实验中学"]


# ---------------------------------------------------------------------------------- workbook


def test_workbook_numbers_and_totals(compiled, generated):
    _, book, records = compiled
    folder, _ = generated
    values = openpyxl.load_workbook(book, data_only=True)
    formulas = openpyxl.load_workbook(book)
    assert values.sheetnames == ["汇总", "隐患", "采购", "培训", "项目", "指标", "做法", "问题", "下一步", "荣誉", "未整改隐患", "来源"]
    sheet = values["汇总"]
    header = [c.value for c in sheet[1]]
    col = {title: i for i, title in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2, max_row=N + 1, values_only=True))
    total = [c.value for c in sheet[N + 2]]
    assert total[0] == "合计"
    by_name = {r.school: r for r in records}
    assert [row[col["学校"]] for row in rows] == sorted(by_name)
    kinds = {"项目建设": "项目", "隐患排查": "隐患", "采购": "采购", "培训": "培训"}
    for row in rows:
        r = by_name[row[col["学校"]]]
        reported = {kind: r.reported(key) for key, kind in kinds.items()}
        for title, kind in (("隐患发现", "隐患"), ("已整改", "隐患"), ("培训次数", "培训"), ("培训人次", "培训"), ("项目数", "项目"), ("采购项数", "采购")):
            if reported[kind]:
                assert isinstance(row[col[title]], int), (title, row[col[title]])
            else:
                assert row[col[title]] is None, (title, row[col[title]])  # 未填 is blank, never 0
        if reported["隐患"]:
            assert row[col["隐患发现"]] == r.found and row[col["已整改"]] == r.fixed
            assert row[col["未整改"]] == r.found - r.fixed
        if reported["采购"]:
            assert isinstance(row[col["采购总额（元）"]], (int, float))
            assert Decimal(str(row[col["采购总额（元）"]])) == sum((a for c, a in r.purchases if c != "捐赠"), Decimal(0))
        rate = row[col["整改率"]]
        if r.found:
            assert isinstance(rate, (int, float)) and Decimal(str(rate)) * 100 == Decimal(pct(r.fixed, r.found).rstrip("%"))
        else:
            assert rate is None
        assert row[col["学生数"]] == r.students
        notes = (["※发现隐患但尚未整改"] if r.flagged else []) + (["未填：" + "、".join(k for k, v in reported.items() if not v)] if not all(reported.values()) else [])
        assert row[col["备注"]] == ("；".join(notes) or None)

    found = sum(r.found for r in records)
    fixed = sum(r.fixed for r in records)
    purchases = sum((a for r in records for c, a in r.purchases if c != "捐赠"), Decimal(0))
    government = sum((a for r in records for c, a in r.purchases if c == "政府采购"), Decimal(0))
    projects = sum((a for r in records for _, a in r.projects if a is not None), Decimal(0))
    assert total[col["隐患发现"]] == found and total[col["已整改"]] == fixed
    assert Decimal(str(total[col["采购总额（元）"]])) == purchases
    assert Decimal(str(total[col["政府采购（元）"]])) == government
    assert Decimal(str(total[col["项目金额（元）"]])) == projects
    assert total[col["学生数"]] == sum(r.students for r in records if r.students is not None)
    assert total[col["培训人次"]] == sum(p or 0 for r in records for _, p in r.trainings)
    assert Decimal(str(total[col["整改率"]])) * 100 == Decimal(pct(fixed, found).rstrip("%"))

    # The 合计 row is formulas (the cached values above are what they compute).
    fsheet = formulas["汇总"]
    letter = openpyxl.utils.get_column_letter
    assert fsheet.cell(N + 2, col["隐患发现"] + 1).value == f"=SUM({letter(col['隐患发现'] + 1)}2:{letter(col['隐患发现'] + 1)}{N + 1})"
    rate_cell = fsheet.cell(N + 2, col["整改率"] + 1)
    f, k = letter(col["隐患发现"] + 1), letter(col["已整改"] + 1)
    assert rate_cell.value == f'=IF({f}{N + 2}=0,"",ROUND({k}{N + 2}/{f}{N + 2},3))'
    assert rate_cell.number_format == "0.0%"
    assert fsheet.cell(2, col["采购总额（元）"] + 1).number_format == "#,##0.00"
    assert fsheet.cell(1, 1).font.b
    assert fsheet.freeze_panes == "C2"
    assert fsheet.column_dimensions["B"].width > 20  # school names fit

    source = values["来源"]
    files = {row[1]: row[2] for row in source.iter_rows(min_row=2, values_only=True)}
    assert files == {r.school: Path(r.file).relative_to(folder).as_posix() for r in records}  # from the folder compiled


def test_workbook_holds_every_item_with_its_school(compiled):
    """做法, 问题, 下一步: every item of every school, in its words, beside exactly that school;
    未整改隐患: school, place, status and measure of each hazard not yet fixed."""
    _, book, records = compiled
    values = openpyxl.load_workbook(book, read_only=True)

    def rows(name):
        sheet = values[name]
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        return header, [row for row in sheet.iter_rows(min_row=2, values_only=True)]

    header, practices = rows("做法")
    assert header == ["单位", "栏目", "内容"]
    assert sorted((u, t) for u, _, t in practices) == sorted((r.school, t) for r in records for t in r.work)
    header, problems = rows("问题")
    assert header == ["单位", "方面", "问题", "措施"]
    assert sorted((u, t) for u, _, t, _ in problems) == sorted((r.school, t) for r in records for t in r.problems)
    assert all(theme for _, theme, _, _ in problems)
    header, plans = rows("下一步")
    assert sorted((u, t) for u, _, t in plans) == sorted((r.school, t) for r in records for t in r.next_steps)
    header, hazards = rows("未整改隐患")
    assert header == ["学校", "位置", "类别", "状态", "隐患情况", "措施", "发现日期"]
    ledgers = [r for r in records if r.found and r.found == r.fixed + sum(1 for row in hazards if row[0] == r.school)]
    assert hazards and all(row[3] in ("整改中", "未整改") for row in hazards)
    assert {row[0] for row in hazards} <= {r.school for r in records if r.found > r.fixed}
    assert ledgers


def test_same_input_same_bytes(generated, run_cli, tmp_path):
    folder, _ = generated
    outputs = []
    for name in ("a", "b"):
        docx_path, xlsx_path = tmp_path / f"{name}.docx", tmp_path / f"{name}.xlsx"
        assert run_cli("compile", folder, "-o", docx_path, "--xlsx", xlsx_path).exit_code == 0
        outputs.append((docx_path.read_bytes(), xlsx_path.read_bytes()))
    assert outputs[0] == outputs[1]


def test_existing_workbook_untouched_when_writing_fails(run_cli, samples, tmp_path, monkeypatch):
    book = tmp_path / "汇总.xlsx"
    book.write_bytes(b"last week's workbook")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("houqin_report.writers.atomic.os.replace", refuse)
    result = run_cli("compile", *samples, "--format", "md", "--xlsx", book)
    assert result.exit_code == 1
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"无法写入 {book}：") and last.endswith("。原文件未改动。")
    assert book.read_bytes() == b"last week's workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["汇总.xlsx"]  # no temporary file left


def test_interrupt_while_building_leaves_no_workbook(run_cli, samples, tmp_path, monkeypatch):
    book = tmp_path / "汇总.xlsx"
    book.write_bytes(b"old")
    import xlsxwriter

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(xlsxwriter.Workbook, "close", interrupted)
    result = run_cli("compile", *samples, "--format", "md", "--xlsx", book)
    assert result.exit_code == 130
    assert book.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.xlsx"]


# ---------------------------------------------------------------------------------- errors


def test_mismatched_periods_name_each_file(run_cli, tmp_path):
    a = school_file(tmp_path, "a.yaml", "甲小学")
    b = school_file(tmp_path, "b.yaml", "乙小学", semester="第一学期")
    c = school_file(tmp_path, "c.yaml", "丙小学")
    result = run_cli("compile", tmp_path, "--format", "md")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "各文件的时段不一致，不能汇总到一份报告：\n"
        f"  2023—2024学年第二学期（2个文件）：{a}、{c}\n"
        f"  2023—2024学年第一学期（1个文件）：{b}\n"
        "请只汇总同一学期（或同一年度）的文件。\n"
    )


def test_two_files_for_one_school(run_cli, tmp_path):
    a = school_file(tmp_path, "a.yaml", "甲小学")
    b = school_file(tmp_path / "sub", "b.yml", "甲小学")
    school_file(tmp_path, "c.yaml", "乙小学")
    result = run_cli("compile", tmp_path, "--format", "md")
    assert result.exit_code == 1
    assert result.stderr == f"学校“甲小学”有2个文件：{a}、{b}\n每所学校只能有一个事实文件，请删去多余的文件。\n"


def test_invalid_file_stops_compilation(run_cli, tmp_path, fixtures):
    good = school_file(tmp_path, "a.yaml", "甲小学")
    bad = tmp_path / "bad.yaml"
    shutil.copy(fixtures / "invalid" / "bad-values.yaml", bad)
    out = tmp_path / "r.docx"
    result = run_cli("compile", good, bad, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"✗ {bad}（3 个问题）",
        f"  {bad}:8: 采购[2].金额: 金额“五万三”有歧义（末尾的“三”是三千还是三？），请写明，如 五万三千",
        f"  {bad}:10: 采购[3].金额: 金额不能为负数",
        f"  {bad}:13: 培训[1].人数: “若干”没有写出数字，请填写实际的数字或约数（如 400、约400）",
        "1 个文件有问题，未生成汇总报告。请修正后重试，或加 --skip-invalid 跳过这些文件。",
    ]
    assert not out.exists()


def test_skip_invalid_names_the_files_left_out(run_cli, tmp_path, fixtures):
    school_file(tmp_path / "in", "a.yaml", "伍家岗区甲小学", extra="学校类型: 小学\n")
    school_file(tmp_path / "in", "b.yaml", "伍家岗区乙中学", extra="学校类型: 初中\n")
    bad = tmp_path / "in" / "bad.yaml"
    shutil.copy(fixtures / "invalid" / "bad-values.yaml", bad)
    out, book = tmp_path / "r.docx", tmp_path / "r.xlsx"
    result = run_cli("compile", tmp_path / "in", "--skip-invalid", "-o", out, "--xlsx", book)
    assert result.exit_code == 0, result.output
    reason = "3个问题，如第8行，采购[2].金额：金额“五万三”有歧义（末尾的“三”是三千还是三？），请写明，如 五万三千"
    assert f"跳过 {bad}：{reason}" in result.stderr.splitlines()
    text = all_text(out)
    assert "全区共有学校2所，其中小学1所、初中1所。另有1份事实文件因填写有误，未纳入本报告（见附件2）。" in text
    assert table_headed(out, "序号", "文件", "原因") == [["序号", "文件", "原因"], ["1", str(bad), reason]]
    source = list(openpyxl.load_workbook(book)["来源"].iter_rows(min_row=2, values_only=True))
    assert source[-1][2:] == ("bad.yaml", None, "未纳入", reason)  # named from the folder compiled


def test_bureau_from_option_when_schools_disagree(run_cli, tmp_path):
    school_file(tmp_path, "a.yaml", "甲小学", bureau_name="伍家岗区教育局")
    school_file(tmp_path, "b.yaml", "乙小学", bureau_name=None)
    result = run_cli("compile", tmp_path, "--format", "md")
    assert result.exit_code == 1
    assert result.stderr == (
        "各校的上级单位不一致或未填写，无法确定汇总单位：伍家岗区教育局（1所）、未填写（1所）\n"
        "请用 --bureau 指定汇总单位的名称，如 --bureau 伍家岗区教育局，或给出教育局自己的事实文件（--bureau-facts）\n"
    )
    result = run_cli("compile", tmp_path, "--format", "md", "--bureau", "伍家岗区教育局", "--signed", "2024年7月10日")
    assert result.exit_code == 0
    assert result.stdout.startswith("# 伍家岗区教育局2023—2024学年第二学期学校后勤工作总结\n")
    assert "::: 落款\n伍家岗区教育局\n\n2024年7月10日\n:::" in result.stdout


def test_no_date_is_invented(run_cli, tmp_path):
    school_file(tmp_path, "a.yaml", "甲小学")
    result = run_cli("compile", tmp_path, "--format", "md")
    assert "::: 落款\n伍家岗区教育局\n\n:::" in result.stdout


def test_latest_signed_date_of_the_schools(run_cli, tmp_path):
    school_file(tmp_path, "a.yaml", "甲小学", extra="落款日期: 2024-07-05\n")
    school_file(tmp_path, "b.yaml", "乙小学", extra="落款日期: 2024年7月12日\n")
    school_file(tmp_path, "c.yaml", "丙小学")
    result = run_cli("compile", tmp_path, "--format", "md")
    assert "::: 落款\n伍家岗区教育局\n\n2024年7月12日\n:::" in result.stdout


def test_bad_signed_date_is_a_usage_error(run_cli, tmp_path):
    school_file(tmp_path, "a.yaml", "甲小学")
    result = run_cli("compile", tmp_path, "--format", "md", "--signed", "七月")
    assert result.exit_code == 2
    assert "--signed" in result.stderr


def test_inputs_missing_or_empty(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("compile", tmp_path / "empty", tmp_path / "nope.yaml", "--format", "md")
    assert result.exit_code == 1
    assert result.stderr == f"找不到 {tmp_path / 'nope.yaml'}\n文件夹 {tmp_path / 'empty'} 中没有事实文件（*.yaml、*.yml）或汇总文件（*.json）\n"


def test_xlsx_name_and_dry_run(run_cli, samples, tmp_path):
    result = run_cli("compile", *samples, "--format", "md", "--xlsx", tmp_path / "a.xls")
    assert result.exit_code == 1 and "应以 .xlsx 结尾" in result.stderr
    result = run_cli("compile", *samples, "-o", tmp_path / "r.docx", "--xlsx", tmp_path / "r.xlsx", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"将写入 {tmp_path / 'r.docx'}（--dry-run，未写）", f"将写入 {tmp_path / 'r.xlsx'}（--dry-run，未写）"]
    assert list(tmp_path.iterdir()) == []


def test_progress_bar_only_when_asked(run_cli, generated):
    folder, _ = generated
    quiet = run_cli("compile", folder, "--format", "md")
    assert "读取事实文件" not in quiet.stderr  # not a terminal
    shown = run_cli("compile", folder, "--format", "md", "--progress")
    assert "读取事实文件" in shown.stderr
    assert shown.stdout == quiet.stdout


# ---------------------------------------------------------------------------------- library


def test_gather_files_recursive_sorted_hidden_skipped(tmp_path):
    for name in ("b.yaml", "a/z.yml", "a/y.YAML", ".hidden/x.yaml", "a/.x.yaml", "notes.txt"):
        write(tmp_path / name, "")
    found = collect.gather_files([tmp_path, tmp_path / "b.yaml"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/y.YAML", "a/z.yml", "b.yaml"]


def test_fold_uses_the_summary_figures(samples):
    from houqin_report.report.summary import build_report
    from houqin_report.facts.load import load_facts

    for path in samples:
        facts = load_facts(path)
        row = bureau.fold(facts, str(path))
        summary = build_report(facts)
        assert (row.hazards_found, row.hazards_fixed, row.hazard_rate) == (summary.hazards.found, summary.hazards.fixed, summary.hazards.rate)
        assert (row.purchases, row.purchase_total, row.government_share) == (summary.purchases.count, summary.purchases.total, summary.purchases.government_share)
        assert (row.projects, row.project_amount) == (summary.projects.count, summary.projects.total)
        assert (row.trainings, row.training_people) == (summary.trainings.count, summary.trainings.people)
        assert row.period == summary.period
        assert not hasattr(row, "__dict__")  # slots: a row holds only its fields


def test_compile_lints_prose_like_summary(run_cli, tmp_path, samples, fixtures):
    """An unfilled placeholder in one school's file stops the compilation unless --force
    (or --skip-invalid leaves that school out)."""
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    for path in samples:
        shutil.copy(path, folder / path.name)
    text = (folder / samples[0].name).read_text(encoding="utf-8")
    (folder / samples[0].name).write_text(text.replace("下一步:\n", "下一步:\n  - 整改x处隐患\n", 1), encoding="utf-8")
    out = tmp_path / "r.docx"
    refused = run_cli("compile", folder, "-o", out)
    assert refused.exit_code == 1 and not out.exists()
    assert "仍是占位符，请填写实际的数字或名称「x处」" in refused.stderr
    assert run_cli("compile", folder, "-o", out, "--force").exit_code == 0
    skipped = run_cli("compile", folder, "-o", tmp_path / "s.docx", "--skip-invalid")
    assert skipped.exit_code == 0
    assert f"跳过 {folder / samples[0].name}：" in skipped.stderr
