"""The plan as a 后勤主任 reads it (issue 14): every measure says something, one item per
project with its next-term step from the facts, past times hinted, goals that make sense, a
month table without gaps or repeats, a signed date. One test (or a few) per rule."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, SAMPLES
from docx_text import paragraphs, tables
from houqin_report.facts.load import load_facts
from houqin_report.facts.model import Project
from houqin_report.lint.carried import NO_MEASURE, past_times
from houqin_report.report.period import Period
from houqin_report.report.plan import names_project, project_step, repeats, same_subject, uncovered_problems
from houqin_report.resources import resource_path

ALL_FACTS = sorted(SAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "offices").glob("*.yaml"))
HEAD = "学校: 甲小学\n学年: 2023-2024\n学期: 第二学期\n落款日期: 2024-07-05\n"
AUTUMN = Period(2024, "第一学期", None)  # the term a 2023—2024 spring summary plans


def md(run_cli, kind: str, path: Path) -> str:
    result = run_cli(kind, path, "--format", "md", "--force")
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\\", "")


def write(tmp_path: Path, text: str, head: str = HEAD) -> Path:
    path = tmp_path / "事实.yaml"
    path.write_text(head + text, encoding="utf-8")
    return path


def hints(run_cli, path: Path) -> list[str]:
    result = run_cli("check", path)
    assert result.exit_code == 0, result.output
    return [line.split(": [提示] ", 1)[0].split(": ")[-1] + ": " + line.split(": [提示] ", 1)[1]
            for line in result.stdout.splitlines() if "[提示]" in line]


# --- 7. every measure says something -------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FACTS, ids=lambda p: p.stem)
def test_no_empty_measure_in_any_plan(run_cli, path):
    text = md(run_cli, "plan", path)
    assert "研究制定改进措施" not in text and "明确责任人和完成时限" not in text
    facts = load_facts(path)
    for item in facts.problems:
        # a problem is written only with the office's own measure
        assert (f"针对“{item.text.rstrip('。')}”的问题" in text) == bool(item.measure), item.text


def test_a_problem_becomes_a_measure_with_its_own_or_where_another_line_covers_it(run_cli, tmp_path):
    path = write(tmp_path, (
        "存在问题:\n"
        "  - 内容: 部分教室门窗老化\n    措施: 暑假前完成门窗更换\n"        # its own measure
        "  - 后勤人员少，缺少系统的业务培训\n"                               # a 下一步 answers it
        "  - 食堂设备老化\n"                                               # nothing answers it
        "下一步:\n  - 健全后勤人员培训制度\n"))
    text = md(run_cli, "plan", path)
    assert "针对“部分教室门窗老化”的问题，暑假前完成门窗更换。" in text
    assert "健全后勤人员培训制度。" in text and "后勤人员少" not in text
    assert "食堂设备老化" not in text
    assert uncovered_problems(load_facts(path)) == [2]
    assert f"存在问题[3]: {NO_MEASURE}" in hints(run_cli, path)


def test_what_counts_as_the_same_subject():
    assert same_subject("后勤人员少，缺少系统的业务培训", "健全后勤人员培训制度，提高维修和服务水平")
    assert same_subject("校门口交通隐患尚未根本解决", "校门口中南一路校门口路段无减速带和警示标志")
    assert not same_subject("食堂设备老化", "完成食堂排烟管道清洗")  # one shared word is not enough
    assert not same_subject("1号教学楼屋面漏水", "2号教学楼屋面漏水")  # the building numbers differ


# --- 8. one item per project, its step from its dates --------------------------------------------


def test_one_item_per_project_with_the_offices_lines(run_cli):
    text = md(run_cli, "plan", SAMPLES / "中南路小学.yaml")
    item = next(line for line in text.splitlines() if line.startswith("#### ") and "推进1号教学楼加固及改造" in line)
    # the 下一步 and the 重点工作 about the project are its measure; no stock 开工准备 beside 验收（九月）
    assert "配合施工单位做好1号教学楼加固改造的现场管理和安全监管" in item and "完成1号教学楼加固改造工程验收" in item
    assert "开工准备" not in item and "（九月，责任：王建国）" in item
    assert text.count("配合施工单位做好1号教学楼加固改造") == 1  # not again as a line of its own
    assert sum(1 for line in text.splitlines() if line.startswith("#### ") and "1号教学楼加固改造工程验收" in line) == 1


def test_a_line_naming_two_projects_is_printed_once(run_cli, tmp_path):
    text = md(run_cli, "plan", write(tmp_path, (
        "项目建设:\n  - {名称: 1号教学楼加固, 状态: 在建}\n  - {名称: 运动场改造, 状态: 在建}\n"
        "下一步:\n  - 完成1号教学楼加固和运动场改造的竣工验收\n")))
    assert text.count("完成1号教学楼加固和运动场改造的竣工验收") == 1
    measures = text.split("## 三")[1].split("\n## ")[0]
    item = next(line for line in measures.splitlines() if line.startswith("#### ") and "推进1号教学楼加固" in line)
    assert "完成1号教学楼加固和运动场改造的竣工验收" in item  # with the first project it names


def test_a_design_project_is_worded_as_a_design(run_cli, tmp_path):
    text = md(run_cli, "plan", write(tmp_path, "项目建设:\n  - {名称: 校园文化建设设计, 状态: 在建, 金额: 18.5万元}\n"))
    assert "推进校园文化建设设计（项目金额18.5万元）：完成设计并组织方案评审。" in text
    assert "施工" not in text.split("## 四")[0]


def project(status: str, start: str | None = None, end: str | None = None, name: str = "教学楼改造") -> Project:
    data = {"名称": name, "状态": status}
    if start:
        data["开工日期"] = start
    if end:
        data["完工日期"] = end
    return Project.model_validate(data)


@pytest.mark.parametrize("status, start, end, step", [
    ("在建", None, "2024-08", "accept"),     # its works end before the term begins: 验收、交付
    ("在建", None, "2024-12", "finish"),     # it ends within the term
    ("在建", None, "2025-06", "build"),      # under way all term
    ("在建", None, None, "build"),
    ("已批复", "2024-07-15", None, "build"),  # starts in the summer: building by September
    ("已批复", "2024-07-15", "2024-11", "finish"),
    ("已批复", "2024-10", None, "start"),    # starts within the term
    ("招标", "2025-03", None, "prepare"),    # starts after it
    ("勘察设计", None, None, "prepare"),
    ("申报", "2024-07", None, "apply"),
    ("规划", None, None, "plan"),
])
def test_a_projects_next_term_step_from_its_status_and_dates(status, start, end, step):
    assert project_step(project(status, start, end), AUTUMN) == step


def test_a_design_step_whatever_its_dates():
    assert project_step(project("在建", None, "2024-08", name="校园文化建设设计"), AUTUMN) == "design"


def test_a_line_names_a_project_by_its_words_and_number():
    p = project("在建", name="1号教学楼加固及改造")
    assert names_project("完成1号教学楼加固改造工程验收", p)
    assert not names_project("完成2号教学楼加固改造工程验收", p)
    assert not names_project("组织开学前校舍安全检查", p)


def test_carried_text_naming_a_past_time_gets_a_hint(run_cli, tmp_path):
    assert past_times("管道破损段待暑假开挖更换", AUTUMN) == ["暑假"]
    assert past_times("确保秋季开学前交付使用", AUTUMN) == ["秋季开学前"]
    assert past_times("计划6月开工，2024年7月完成", AUTUMN) == ["6月", "2024年7月"]
    assert past_times("十月组织演练，12月完成，2025年1月验收", AUTUMN) == []
    assert past_times("寒假期间翻新墙面", Period(2024, "第二学期", None)) == ["寒假"]
    # a half year, a year alone (the autumn plan begins in September 2024)
    assert past_times("争取2024年上半年开工，2024年下半年完成", AUTUMN) == ["2024年上半年"]
    assert past_times("2023年底前完成验收，2024年完成，2025年度纳入预算", AUTUMN) == ["2023年"]
    assert past_times("2024年9月开工，2024年底完成", AUTUMN) == []
    assert past_times("2024年下半年完成", Period(2024, "第二学期", None)) == ["2024年下半年"]  # spring 2025
    path = write(tmp_path, "下一步:\n  - 计划6月开工建设风雨操场\n")
    assert "下一步[1]: 计划写的是2024—2025学年第一学期，文中的“6月”在这一学期开始之前，不在计划的时间里，请核对时间" in hints(run_cli, path)


# --- 9. goals that make sense --------------------------------------------------------------------


def goals_of(run_cli, tmp_path, facts: str) -> str:
    """The 工作目标 of the plan for HEAD + facts."""
    return md(run_cli, "plan", write(tmp_path, facts)).split("## 二、工作目标")[1].split("\n## ")[0]


def test_the_rectification_goal_is_all_of_them_by_a_deadline(run_cli, tmp_path):
    goals = goals_of(run_cli, tmp_path, (
        "隐患排查:\n  隐患:\n"
        "    - {位置: 东门, 描述: 门轴松动, 整改日期: 2024-03-02}\n"
        "    - {位置: 西门, 描述: 门锁损坏}\n    - {位置: 北墙, 描述: 墙体开裂}\n"))
    assert "隐患整改率达到100%，西门、北墙2处遗留隐患于2025年1月底前整改到位。" in goals
    assert "不低于" not in goals and "33.3" not in goals


def test_indicators_are_held_or_improved_worded_from_the_facts(run_cli, tmp_path):
    goals = goals_of(run_cli, tmp_path, (
        "指标:\n  - {名称: 用电量, 本期: 86420, 上期: 93580, 单位: 千瓦时}\n"
        "  - {名称: 食堂满意度, 本期: 90.8, 上期: 91.5, 单位: \"%\"}\n"
        "  - {名称: 维修及时率, 本期: 96, 上期: 92, 单位: \"%\"}\n"))
    assert "用电量控制在上学期86420千瓦时以内。" in goals  # less is better: held
    assert "食堂满意度回升到91.5%以上（上学期90.8%）。" in goals  # it fell: back to last term's
    assert "维修及时率保持在96%以上。" in goals  # it rose: held


# --- 10. the month table -------------------------------------------------------------------------


def schedule(out: Path) -> dict[str, tuple[str, str]]:
    table = tables(out)[-1]
    assert table[0] == ["月份", "工作内容", "责任部门"]
    return {row[0]: (row[1], row[2]) for row in table[1:]}


def test_the_office_item_replaces_the_routine_one_and_people_stand_beside_their_items(run_cli, tmp_path):
    out = tmp_path / "计划.docx"
    assert run_cli("plan", SAMPLES / "中南路小学.yaml", "-o", out).exit_code == 0
    rows = schedule(out)
    october = rows["十月"][0]
    # the routine 消防设施检查，组织消防疏散演练 is not beside the office's own drill of October
    assert "开展秋季消防疏散演练和校门安保培训（张志华）" in october and "组织消防疏散演练" not in october
    assert all(dept == "总务处" for _, dept in rows.values())  # a person is not a 部门
    assert repeats("消防设施检查，组织消防疏散演练", "开展秋季消防疏散演练和校门安保培训", True)
    assert not repeats("食堂开学检查，查验从业人员健康证", "组织开学前校舍安全检查", True)


def test_no_empty_month_and_no_item_twice(run_cli, tmp_path):
    routine = tmp_path / "routine.yaml"
    routine.write_text("第一学期:\n  9:\n    - 开学安全大检查\n    - 开学安全大检查\n  10: []\n", encoding="utf-8")
    out = tmp_path / "计划.docx"
    assert run_cli("plan", write(tmp_path, ""), "-o", out, "--routine", routine).exit_code == 0
    assert schedule(out) == {"九月": ("1. 开学安全大检查", "总务处")}


@pytest.mark.parametrize("name, words", [
    ("routine.yaml", ["开学安全大检查", "11·9消防宣传日", "防汛", "春季传染病", "寒假校舍维修", "暑期校舍维修"]),
    ("routine-幼儿园.yaml", ["开学安全大检查", "11·9消防宣传日", "防汛", "春季传染病", "寒假园舍维修", "暑期园舍维修", "晨午检", "带量食谱"]),
])
def test_a_fuller_routine_calendar(name, words):
    text = resource_path("data", name).read_text(encoding="utf-8")
    for word in words:
        assert word in text, word
    if "幼儿园" in name:
        assert "期末考试" not in text and "新书" not in text


# --- 11. the plan is signed with a date ----------------------------------------------------------


def signature(out: Path) -> list[str]:
    texts = [t for _, t in paragraphs(out)]
    i = max(n for n, t in enumerate(texts) if t.endswith("总务处"))
    return texts[i:]


@pytest.mark.parametrize("extra, signed", [
    ("", ["甲小学总务处", "2024年7月5日"]),                                            # the facts' 落款日期
    ("计划:\n  落款日期: 2024-07-10\n", ["甲小学总务处", "2024年7月10日"]),             # the plan's own wins
])
def test_the_plan_is_signed_with_a_date(run_cli, tmp_path, extra, signed):
    out = tmp_path / "计划.docx"
    assert run_cli("plan", write(tmp_path, extra), "-o", out).exit_code == 0
    assert signature(out) == signed


def test_without_any_date_the_plan_is_unsigned_and_check_says_so(run_cli, tmp_path):
    path = write(tmp_path, "", head=HEAD.replace("落款日期: 2024-07-05\n", ""))
    out = tmp_path / "计划.docx"
    assert run_cli("plan", path, "-o", out).exit_code == 0
    assert signature(out) == ["甲小学总务处"]
    assert "落款日期: 没有填写落款日期，总结和计划的文末将不写日期（计划不填“计划.落款日期”时用这个日期）" in hints(run_cli, path)
