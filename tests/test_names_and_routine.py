"""Names compare as a person reads them (a school's name with an ideographic space or full-width
letters is the same school in compile), and a routine calendar's month under the wrong term
is refused, naming it, instead of vanishing from the plan."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from houqin_report.errors import CompileError, FactsError


def school_file(path: Path, school: str, bureau: str = "伍家岗区教育局") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'学校: "{school}"\n学年: 2023-2024\n学期: 第二学期\n上级单位: "{bureau}"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("variant", ["伍家岗区\u3000中南路小学", "伍家岗区 中南路小学 ", "伍家岗区中南路小学\u200b", "伍家岗区中南路小学\t"])
def test_one_school_written_two_ways_is_one_school(tmp_path, run_cli, variant):
    a = school_file(tmp_path / "a.yaml", "伍家岗区中南路小学")
    b = school_file(tmp_path / "b.yaml", variant)
    school_file(tmp_path / "c.yaml", "伍家岗区乙小学")
    result = run_cli("compile", tmp_path, "--format", "md")
    assert result.exit_code == 1
    shown = variant.strip().replace("\u200b", "")
    also = f"（也写作“{shown}”）" if shown != "伍家岗区中南路小学" else ""
    assert result.stderr == f"学校“伍家岗区中南路小学”{also}有2个文件：{a}、{b}\n每所学校只能有一个事实文件，请删去多余的文件。\n"


def test_full_width_letters_and_digits_are_the_same_name():
    from houqin_report.text.chars import name_key

    assert name_key("第１中学") == name_key("第1中学")
    assert name_key("ＡＢＣ实验学校") == name_key("abc实验学校")
    assert name_key("甲小学") != name_key("乙小学")


def test_a_bureau_written_two_ways_is_one_bureau(tmp_path, run_cli):
    school_file(tmp_path / "a.yaml", "甲小学", "伍家岗区教育局")
    school_file(tmp_path / "b.yaml", "乙小学", "伍家岗区　教育局")
    school_file(tmp_path / "c.yaml", "丙小学", "伍家岗区教育局")
    result = run_cli("compile", tmp_path, "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 伍家岗区教育局")


# ------------------------------------------------------------------------------ routine calendar


def test_a_month_under_the_other_term_is_refused_by_name(tmp_path, run_cli):
    routine = tmp_path / "行事历.yaml"
    routine.write_text("第一学期:\n  9:\n    - 九月检修\n  3:\n    - 三月植树\n第二学期:\n  4:\n    - 四月检查\n  10月:\n    - 十月演练\n",
                       encoding="utf-8")
    out = tmp_path / "计划.docx"
    result = run_cli("plan", SAMPLES / "中南路小学.yaml", "--routine", routine, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{routine}:4: 第一学期.3: 3月不在第一学期（8月至1月）：这个月的工作不会出现在计划里（请把它移到“第二学期”下，或改正月份）",
        f"{routine}:9: 第二学期.10月: 10月不在第二学期（2月至7月）：这个月的工作不会出现在计划里（请把它移到“第一学期”下，或改正月份）",
    ]
    assert not out.exists()


def test_a_month_written_twice_is_refused(tmp_path):
    from houqin_report.facts.routine import load_routine

    routine = tmp_path / "行事历.yaml"
    routine.write_text("第二学期:\n  4:\n    - 四月检查\n  4月:\n    - 四月维修\n", encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        load_routine(routine)
    assert [str(p) for p in caught.value.problems] == [
        f"{routine}:4: 第二学期.4月: 4月写了两次（“4”和“4月”）（请把这两处的工作合并到一处）"]


def test_the_shipped_routine_is_all_in_its_terms():
    from houqin_report.facts.routine import load_routine

    assert set(load_routine()["第一学期"]) == {8, 9, 10, 11, 12, 1}
    assert set(load_routine(ROOT / "data" / "routine.yaml")["第二学期"]) == {2, 3, 4, 5, 6, 7}


CANTEEN_ROUTINE = ("食堂开学检查，查验从业人员健康证", "食堂食品安全自查")


def test_routine_work_for_a_canteen_only_where_the_facts_write_of_one(tmp_path, run_cli):
    """A routine item with 条件 is listed only when the school's facts make it hold: no 食堂
    work in the month table of a school that reports no canteen (the plan would claim work
    no fact backs)."""
    base = "学校: 伍家岗区红星路小学\n学年: 2023-2024\n学期: 第一学期\n工作:\n  - 内容: 完成教室照明改造\n"
    plain = tmp_path / "无食堂.yaml"
    plain.write_text(base, encoding="utf-8")
    outline = run_cli("plan", plain, "--format", "md").stdout
    assert "开学安全大检查" in outline  # the routine table is there
    assert not any(item in outline for item in CANTEEN_ROUTINE)
    for written in ("  - 内容: 更新学生食堂餐桌椅\n",  # a 工作 item
                    "隐患排查:\n  隐患:\n    - 位置: 食堂操作间\n      描述: 燃气管道老化\n      状态: 已整改\n"):  # a hazard's place
        canteen = tmp_path / "有食堂.yaml"
        canteen.write_text(base + written, encoding="utf-8")
        outline = run_cli("plan", canteen, "--format", "md").stdout
        assert CANTEEN_ROUTINE[1] in outline, written  # 第二学期 is planned: 食堂食品安全自查 in its month


def test_a_routine_condition_that_does_not_exist_is_refused(tmp_path):
    from houqin_report.facts.routine import load_routine

    routine = tmp_path / "行事历.yaml"
    routine.write_text("第二学期:\n  3:\n    - 开学检查\n    - {内容: 宿舍检查, 条件: [有食堂, 有宿舍]}\n", encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        load_routine(routine)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{routine}:4: 第二学期.3[2].条件: 没有名为“有宿舍”的条件（可选：有食堂、")
    routine.write_text("第二学期:\n  3:\n    - {内容: 食堂检查, 条件: 有食堂}\n", encoding="utf-8")
    assert load_routine(routine)["第二学期"][3][0].conditions == ("有食堂",)


def test_the_library_counts_one_school(tmp_path):
    from houqin_report.pipeline.collect import collect

    a = school_file(tmp_path / "a.yaml", "伍家岗区中南路小学")
    b = school_file(tmp_path / "b.yaml", "伍家岗区\u3000中南路小学")
    with pytest.raises(CompileError) as caught:
        collect([a, b])
    assert caught.value.message.splitlines()[0] == f"学校“伍家岗区中南路小学”（也写作“伍家岗区\u3000中南路小学”）有2个文件：{a}、{b}"
