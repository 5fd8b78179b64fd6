"""The next-term plan read back: carry-overs, goals, the schedule and the term it names."""
from __future__ import annotations

import re

import pytest

from docx_text import all_text, paragraphs, tables
from houqin_report.facts.load import load_facts
from conftest import prose_money
from houqin_report.outline.wording import month_name
from houqin_report.report.plan import uncovered_problems


def render(run_cli, source, tmp_path, *extra):
    out = tmp_path / f"{source.stem}-计划.docx"
    result = run_cli("plan", source, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"写入 {out}"
    return out


def schedule_rows(path):
    table = tables(path)[-1]
    assert table[0] == ["月份", "工作内容", "责任部门"]
    return {row[0]: (row[1], row[2]) for row in table[1:]}


@pytest.mark.parametrize(
    "source, title, months",
    [
        ("samples/中南路小学.yaml", "伍家岗区中南路小学2024—2025学年第一学期后勤工作计划", ["八月", "九月", "十月", "十一月", "十二月", "元月"]),
        ("tests/fixtures/autumn-term.yaml", "伍家岗区桃花岭小学2024—2025学年第二学期后勤工作计划", ["二月", "三月", "四月", "五月", "六月", "七月"]),
        ("tests/fixtures/annual.yaml", "伍家岗区实验中学2025年度后勤工作计划", ["元月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"]),
    ],
)
def test_next_term_title_and_months(run_cli, tmp_path, source, title, months):
    from conftest import ROOT

    out = render(run_cli, ROOT / source, tmp_path)
    body = paragraphs(out)
    # A long title may break between words (a line break inside the title paragraph).
    assert body[0][0] == "Title" and body[0][1].replace("\n", "") == title
    assert list(schedule_rows(out)) == months
    headings = [text for style, text in body if style == "Heading 1"]
    assert headings[0] == "一、指导思想" and headings[1] == "二、工作目标"
    assert headings[-1].endswith("工作安排")
    assert [h.split("、")[0] for h in headings] == ["一", "二", "三", "四"][: len(headings)]


def test_everything_carries_over(run_cli, tmp_path, samples):
    for source in samples:
        facts = load_facts(source)
        out = render(run_cli, source, tmp_path)
        text = all_text(out)
        for h in facts.hazards:
            if h.status != "已整改":
                assert f"完成{h.place}隐患整改：{h.description.rstrip('。')}" in text
                if h.measure:
                    assert h.measure.rstrip("。") in text
            else:
                assert f"完成{h.place}隐患整改" not in text
        for p in facts.projects:
            assert (f"推进{p.name}（" in text) == (p.status != "完工"), p.name  # one item per project
            assert text.count(f"推进{p.name}（") <= 1
            if p.status != "完工" and p.amount is not None:
                assert f"项目金额{prose_money(p.amount)}" in text
        # every problem of the samples is answered by a 下一步, a hazard or a project: none is
        # written as a measure of its own, and no measure is the stock sentence
        assert uncovered_problems(facts) == []
        assert "研究制定改进措施" not in text and "针对“" not in text
        for step in facts.next_steps:
            assert step.rstrip("。") in text
        for goal in facts.plan.goals:
            assert goal.rstrip("。") in text
        rows = schedule_rows(out)
        for task in facts.plan.tasks:
            assert task.text.rstrip("。") in text
            if task.month:
                content, departments = rows[month_name(task.month)]
                assert task.text.rstrip("。") in content
                if task.owner:  # these samples name people: beside the item, not in the 部门 column
                    assert f"{task.text.rstrip('。')}（{task.owner}）" in content
                    assert task.owner not in departments
                assert departments == facts.department
                others = [m for m in rows if m != month_name(task.month)]
                assert all(task.text.rstrip("。") not in rows[m][0] for m in others)


def test_undated_task_and_owner_in_autumn_plan(run_cli, tmp_path, fixtures):
    out = render(run_cli, fixtures / "autumn-term.yaml", tmp_path)
    text = all_text(out)
    rows = schedule_rows(out)
    assert "完成食堂排烟管道清洗（食堂管理员）" in rows["三月"][0] and rows["三月"][1] == "后勤处"
    assert "组织春季运动会后勤保障" in rows["四月"][0] and rows["四月"][1] == "后勤处"
    assert "完善校产管理制度" in text and all("完善校产管理制度" not in c for c, _ in rows.values())
    # the office's 下一步 about the project is its measure (no stock 跟进审批 beside it)
    assert "推进学生厕所改造（项目金额32万元）：争取厕所改造项目立项。" in text
    assert "围墙粉刷" not in text


def test_goals_worded_from_facts_without_invented_numbers(run_cli, tmp_path, fixtures):
    facts = load_facts(fixtures / "annual.yaml")
    out = render(run_cli, fixtures / "annual.yaml", tmp_path)
    goals = []
    body = paragraphs(out)
    start = body.index(("Heading 1", "二、工作目标"))
    for style, text in body[start + 1:]:
        if style == "Heading 1":
            break
        goals.append(text)
    left = [h for h in facts.hazards if h.status != "已整改"]
    assert [h.place for h in left] == ["2号教学楼"]
    # the 整改率 goal is 100%, never "不低于上年度的66.7%": the hazard left is named, with the
    # end of the year planned (2025年度) as its deadline
    assert goals == [
        "1.确保校园安全，杜绝重大安全责任事故。",
        "2.隐患整改率达到100%，2号教学楼1处遗留隐患于2025年12月底前整改到位。",
        "3.规范物资采购和校产管理，做到账账相符、账物相符。",
    ]
    numbers = set(re.findall(r"\d+(?:\.\d+)?", "".join(goals)))
    assert numbers <= {"1", "2", "3", "100", "2025", "12"}


def test_numbering_consecutive(run_cli, tmp_path, samples):
    out = render(run_cli, samples[1], tmp_path)
    level3 = []
    for style, text in paragraphs(out):
        if style in ("Heading 1", "Heading 2"):
            level3 = []
        elif style == "Heading 3":
            level3.append(int(text.split(".")[0]))
            assert level3 == list(range(1, len(level3) + 1))


def test_own_routine_file(run_cli, tmp_path, fixtures):
    routine = tmp_path / "routine.yaml"
    routine.write_text("第二学期:\n  3:\n    - 内容: 本校自定的三月工作\n      责任: 办公室\n", encoding="utf-8")
    out = render(run_cli, fixtures / "autumn-term.yaml", tmp_path, "--routine", routine)
    rows = schedule_rows(out)
    assert rows["三月"] == ("1. 本校自定的三月工作；2. 完成食堂排烟管道清洗（食堂管理员）", "办公室、后勤处")
    assert "五月" not in rows  # a month with nothing to do has no row


def test_bad_routine_file_is_reported(run_cli, tmp_path, fixtures):
    routine = tmp_path / "routine.yaml"
    routine.write_text("第二学期:\n  13:\n    - 某项工作\n", encoding="utf-8")
    result = run_cli("plan", fixtures / "autumn-term.yaml", "-o", tmp_path / "x.docx", "--routine", routine)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == f"{routine}:2: 第二学期.13: 月份应在 1 到 12 之间，不能是 13"
