"""The next-term plan read back: carry-overs, goals, the schedule and the term it names."""
from __future__ import annotations

import re

import pytest

from docx_text import all_text, paragraphs, tables
from houqin_report.facts.load import load_facts
from houqin_report.outline.wording import month_name, yuan


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
            assert (f"推进{p.name}：" in text) == (p.status != "完工"), p.name
            if p.status != "完工" and p.amount is not None:
                assert yuan(p.amount) in text
        for problem in facts.problems:
            assert f"针对“{problem.text.rstrip('。')}”的问题" in text
        for step in facts.next_steps:
            assert step.rstrip("。") in text
        for goal in facts.plan.goals:
            assert goal.rstrip("。") in text
        rows = schedule_rows(out)
        for task in facts.plan.tasks:
            assert task.text.rstrip("。") in text
            if task.month:
                content, owners = rows[month_name(task.month)]
                assert task.text.rstrip("。") in content
                assert (task.owner or facts.department) in owners
                others = [m for m in rows if m != month_name(task.month)]
                assert all(task.text.rstrip("。") not in rows[m][0] for m in others)


def test_undated_task_and_owner_in_autumn_plan(run_cli, tmp_path, fixtures):
    out = render(run_cli, fixtures / "autumn-term.yaml", tmp_path)
    text = all_text(out)
    rows = schedule_rows(out)
    assert "完成食堂排烟管道清洗" in rows["三月"][0] and rows["三月"][1] == "后勤处、食堂管理员"
    assert "组织春季运动会后勤保障" in rows["四月"][0] and rows["四月"][1] == "后勤处"
    assert "完善校产管理制度" in text and all("完善校产管理制度" not in c for c, _ in rows.values())
    assert "推进学生厕所改造：跟进审批，争取早日获批，项目金额32万元" in text
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
    found = len(facts.hazards)
    fixed = sum(1 for h in facts.hazards if h.status == "已整改")
    rate = round(fixed * 1000 / found) / 10  # 2 of 3 → 66.7
    assert goals == [
        "1.确保校园安全，杜绝重大安全责任事故。",
        f"2.隐患排查整改率不低于上年度的{rate}%，完成上年度遗留的{found - fixed}处隐患整改。",
        "3.规范物资采购和校产管理，做到账账相符、账物相符。",
    ]
    numbers = set(re.findall(r"\d+(?:\.\d+)?", "".join(goals)))
    assert numbers <= {"1", "2", "3", str(rate), str(found - fixed)}


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
    assert rows["三月"] == ("1. 本校自定的三月工作；2. 完成食堂排烟管道清洗", "办公室、食堂管理员")
    assert rows["五月"] == ("", "")


def test_bad_routine_file_is_reported(run_cli, tmp_path, fixtures):
    routine = tmp_path / "routine.yaml"
    routine.write_text("第二学期:\n  13:\n    - 某项工作\n", encoding="utf-8")
    result = run_cli("plan", fixtures / "autumn-term.yaml", "-o", tmp_path / "x.docx", "--routine", routine)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{routine}:2: 第二学期.13: 月份应在 1 到 12 之间，不能是 13"
