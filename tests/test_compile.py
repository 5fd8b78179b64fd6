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
    assert f"本学期参加汇总的学校共{N}所" in text
    assert f"共排查出安全隐患{found}处" in text
    assert f"已整改{fixed}处，整改率为{pct(fixed, found)}" in text
    purchases = [a for r in records for c, a in r.purchases if c != "捐赠"]  # a donation is not a purchase
    government = sum((a for r in records for c, a in r.purchases if c == "政府采购"), Decimal(0))
    assert f"共采购物资{len(purchases)}项" in text
    assert f"政府采购占{pct(government, sum(purchases))}" in text
    people = sum(p or 0 for r in records for _, p in r.trainings)
    safety = [(k, p) for r in records for k, p in r.trainings if k in ("演练", "安全教育")]
    assert f"各校共开展应急演练和安全教育{len(safety)}次" in text
    assert f"参加{sum(p or 0 for _, p in safety)}人次" in text
    assert people == sum(p or 0 for _, p in safety) + sum(p or 0 for r in records for k, p in r.trainings if k not in ("演练", "安全教育"))
    assert paragraphs(report)[0][1].replace("\n", "") == "示范区教育局2023—2024学年第二学期学校后勤工作总结"  # a long title breaks between words


def test_appendix_table_one_row_per_school_and_total(compiled):
    report, _, records = compiled
    table = tables(report)[0]
    assert [h.replace("\n", "") for h in table[0]] == ["序号", "学校", "类型", "隐患发现", "已整改", "整改率", "采购总额", "政府采购", "培训次数", "培训人次", "项目数", "项目金额"]
    body, total = table[1:-1], table[-1]
    assert len(body) == N
    by_name = {r.school: r for r in records}
    assert [row[1].rstrip("※") for row in body] == sorted(by_name)
    assert [row[0] for row in body] == [str(i) for i in range(1, N + 1)]
    for row in body:
        r = by_name[row[1].rstrip("※")]
        assert row[1].endswith("※") == r.flagged
        assert row[3:6] == [str(r.found), str(r.fixed), table_pct(r.fixed, r.found) if r.found else "—"]
        assert row[6] == wan(sum((a for c, a in r.purchases if c != "捐赠"), Decimal(0)))
        assert row[8:11] == [str(len(r.trainings)), str(sum(p or 0 for _, p in r.trainings)), str(len(r.projects))]
    found = sum(r.found for r in records)
    fixed = sum(r.fixed for r in records)
    purchases = sum((a for r in records for c, a in r.purchases if c != "捐赠"), Decimal(0))
    projects = sum((a for r in records for _, a in r.projects if a is not None), Decimal(0))
    assert total == [
        "合计", f"{N}所", "", str(found), str(fixed), table_pct(fixed, found), wan(purchases),
        wan(sum((a for r in records for c, a in r.purchases if c == "政府采购"), Decimal(0))),
        str(sum(len(r.trainings) for r in records)), str(sum(p or 0 for r in records for _, p in r.trainings)),
        str(sum(len(r.projects) for r in records)), wan(projects),
    ]
    flagged = sum(1 for r in records if r.flagged)
    assert flagged, "the generator should make some schools that fixed nothing"
    assert f"注：金额单位为万元。标※的{flagged}所学校本期发现隐患但尚未完成一处整改。" in all_text(report)


def test_samples_report_reads_as_the_seed_does(run_cli, samples, tmp_path):
    out = tmp_path / "教育局汇总报告.docx"
    result = run_cli("compile", samples[0].parent, "-o", out)
    assert result.exit_code == 0, result.output
    paras = paragraphs(out)
    assert paras[0][1].replace("\n", "") == "伍家岗区教育局2023—2024学年第二学期学校后勤工作总结"
    headings = [text for style, text in paras if style == "Heading 1"]
    assert headings == ["一、基本情况", "二、取得的成绩及采取的措施", "三、存在的问题", "四、下一步工作打算"]
    text = all_text(out)
    assert "本学期参加汇总的学校共3所，其中小学1所、初中1所、九年一贯制1所。各校共有学生4244人、教职工316人、教学班90个。" in text
    assert "已整改25处，整改率为78.1%" in text  # 25 ÷ 32, not the mean of 81.8%, 77.8% and 75%
    # The problem two schools share is grouped, and they are named.
    assert "校门口交通隐患尚未根本解决，需要继续协调相关部门。2所学校反映了这一问题（中南路小学、实验中学）。" in text
    # Signature: the bureau, and the latest 落款日期 of the schools.
    assert [t for _, t in paras][-30:].count("伍家岗区教育局") == 1
    assert "2024年7月5日" in [t for _, t in paras]
    names = [row[1] for row in tables(out)[0][1:-1]]
    assert names == ["伍家岗区中南路小学", "伍家岗区宝塔河九年一贯制学校", "伍家岗区实验中学"]


# ---------------------------------------------------------------------------------- workbook


def test_workbook_numbers_and_totals(compiled, generated):
    _, book, records = compiled
    folder, _ = generated
    values = openpyxl.load_workbook(book, data_only=True)
    formulas = openpyxl.load_workbook(book)
    assert values.sheetnames == ["汇总", "隐患", "采购", "培训", "项目", "指标", "来源"]
    sheet = values["汇总"]
    header = [c.value for c in sheet[1]]
    col = {title: i for i, title in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2, max_row=N + 1, values_only=True))
    total = [c.value for c in sheet[N + 2]]
    assert total[0] == "合计"
    by_name = {r.school: r for r in records}
    assert [row[col["学校"]] for row in rows] == sorted(by_name)
    for row in rows:
        r = by_name[row[col["学校"]]]
        for title in ("隐患发现", "已整改", "培训次数", "培训人次", "项目数", "采购项数"):
            assert isinstance(row[col[title]], int), (title, row[col[title]])
        assert row[col["隐患发现"]] == r.found and row[col["已整改"]] == r.fixed
        assert isinstance(row[col["采购总额（元）"]], (int, float))
        assert Decimal(str(row[col["采购总额（元）"]])) == sum((a for c, a in r.purchases if c != "捐赠"), Decimal(0))
        rate = row[col["整改率"]]
        if r.found:
            assert isinstance(rate, (int, float)) and Decimal(str(rate)) * 100 == Decimal(pct(r.fixed, r.found).rstrip("%"))
        else:
            assert rate is None
        assert row[col["学生数"]] == r.students
        assert row[col["备注"]] == ("※发现隐患但尚未整改" if r.flagged else None)

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
    assert "本学期参加汇总的学校共2所，其中小学1所、初中1所。另有1个事实文件因填写有误，未纳入本次汇总（详见附件2）。" in text
    assert tables(out)[1] == [["序号", "文件", "原因"], ["1", str(bad), reason]]
    source = list(openpyxl.load_workbook(book)["来源"].iter_rows(min_row=2, values_only=True))
    assert source[-1][2:] == ("bad.yaml", None, "未纳入", reason)  # named from the folder compiled


def test_bureau_from_option_when_schools_disagree(run_cli, tmp_path):
    school_file(tmp_path, "a.yaml", "甲小学", bureau_name="伍家岗区教育局")
    school_file(tmp_path, "b.yaml", "乙小学", bureau_name=None)
    result = run_cli("compile", tmp_path, "--format", "md")
    assert result.exit_code == 1
    assert result.stderr == (
        "各校的上级单位不一致或未填写，无法确定汇总单位：伍家岗区教育局（1所）、未填写（1所）\n"
        "请用 --bureau 指定汇总单位的名称，如 --bureau 伍家岗区教育局\n"
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
    assert result.stderr == f"找不到 {tmp_path / 'nope.yaml'}\n文件夹 {tmp_path / 'empty'} 中没有事实文件（*.yaml、*.yml）\n"


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


def test_group_texts_groups_similar_problems():
    items = [
        ("校门口交通隐患尚未根本解决，需要继续协调相关部门。", 0),
        ("后勤人员少，缺少系统的业务培训。", 0),
        ("校门口交通和摊贩问题反复出现，需要多部门长期共同治理。", 1),
        ("后勤人员数量少，业务培训不够系统。", 2),
        ("校门口上下学时段交通拥堵，交通隐患需要协调交警部门解决。", 2),
        ("运动场改造与正常教学同时进行，体育课场地紧张。", 1),
    ]
    groups = bureau.group_texts(items, ["甲", "乙", "丙"])
    assert [(g.text, g.schools) for g in groups] == [
        ("校门口交通隐患尚未根本解决，需要继续协调相关部门。", ("甲", "乙", "丙")),
        ("后勤人员少，缺少系统的业务培训。", ("甲", "丙")),
        ("运动场改造与正常教学同时进行，体育课场地紧张。", ("乙",)),
    ]
    # The same input in another order gives the same groups.
    assert bureau.group_texts(items[::-1], ["甲", "乙", "丙"])[2].text == groups[2].text


def test_group_texts_prefix_filter_finds_every_match():
    """The index on each set's rarest words gives the same groups as comparing every text
    with every group leader."""
    import random

    rng = random.Random(5)
    words = ["食堂", "设备", "陈旧", "更新", "校舍", "老化", "维修", "经费", "交通", "隐患", "校门口", "培训", "人员", "线路", "扩容"]
    items = [("、".join(rng.sample(words, rng.randrange(2, 6))), i % 40) for i in range(300)]

    # Reference: the same greedy leader clustering, by brute force.
    variants: dict[frozenset, dict] = {}
    for position, (text, school) in enumerate(items):
        v = variants.setdefault(bureau.content_words(text), {"first": position, "schools": set(), "count": 0})
        v["schools"].add(school)
        v["count"] += 1
    clusters: list[list] = []
    for key, v in sorted(variants.items(), key=lambda kv: (-len(kv[1]["schools"]), kv[1]["first"])):
        scores = [(len(c[0] & key) / len(c[0] | key), -n) for n, c in enumerate(clusters)]
        best = max(scores, default=(0, 0))
        if best[0] >= bureau.SIMILARITY:
            clusters[-best[1]].append(key)
        else:
            clusters.append([key])
    expected = sorted(
        (-len(set().union(*(variants[k]["schools"] for k in c))), variants[c[0]]["first"], sum(variants[k]["count"] for k in c))
        for c in clusters
    )
    groups = bureau.group_texts(items, [str(i) for i in range(40)])
    assert [(g.count, g.texts) for g in groups] == [(-s, n) for s, _, n in expected]


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
