"""Numbers as YAML 1.1 would read them, read as the person who wrote them means them
(facts/yaml_numbers.py): 010 is ten, not octal eight; 0x1A, 0b11 and 1:30 are no number and are
refused with file:line:path; a text field keeps what was typed (007, 1:30); a key is the
text written (3.5:, null:); a count or measure that cannot be negative is refused when it is.
The two readers agree on every form: tests/test_properties.py."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from houqin_report.errors import FactsError
from houqin_report.facts import read as yamlread
from houqin_report.facts.load import load_facts

HEAD = "学校: 甲小学\n年度: 2024\n"
NOT_DECIMAL = "不是十进制数字（YAML 会把它当作"
QUOTE = "）：请直接写十进制数字；编号、时间或比例等文字请加引号"


def write(folder: Path, text: str) -> Path:
    path = folder / "事实.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(FactsError) as caught:
        load_facts(path)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("python_only", [False, True], ids=["libyaml", "python"])
@pytest.mark.parametrize(
    "written, key, meant",
    [
        ("010", "学生数", 10),
        ("0100", "金额", Decimal(100)),
        ("+010", "人数", 10),
        ("1_000", "金额", Decimal(1000)),
        ("007", "数量", 7),
        ("01.5", "学时", Decimal("1.5")),
        ("1.0e+3", "金额", Decimal(1000)),
        ("0_10", "排查次数", 10),
    ],
)
def test_a_leading_zero_sign_or_underscore_means_the_decimal(tmp_path, monkeypatch, written, key, meant, python_only):
    if python_only:
        monkeypatch.setattr(yamlread, "_parse_fast", lambda text, file: None)
    path = write(tmp_path, (
        f"概况:\n  学生数: {written if key == '学生数' else 1}\n"
        f"采购:\n  - 物品: 电脑\n    金额: {written if key == '金额' else 1}\n    数量: {written if key == '数量' else 1}\n"
        f"培训:\n  - 名称: 演练\n    人数: {written if key == '人数' else 1}\n    学时: {written if key == '学时' else 1}\n"
        f"隐患排查:\n  排查次数: {written if key == '排查次数' else 1}\n"
    ))
    facts = load_facts(path)
    got = {"学生数": facts.overview.students, "金额": facts.purchases[0].amount, "数量": facts.purchases[0].quantity,
           "人数": facts.trainings[0].people, "学时": facts.trainings[0].hours, "排查次数": facts.inspection.rounds}
    assert got[key] == meant and type(got[key]) is type(meant)


@pytest.mark.parametrize("python_only", [False, True], ids=["libyaml", "python"])
@pytest.mark.parametrize(
    "written, what",
    [
        ("0x1A", "十六进制数 26"),
        ("-0x1A", "十六进制数 -26"),
        ("0b11", "二进制数 3"),
        ("1:30", "六十进制数 90"),
        ("+1:20", "六十进制数 80"),
        ("1:30.5", "六十进制数"),
    ],
)
def test_hex_binary_and_base_60_are_refused_with_line_and_path(tmp_path, monkeypatch, written, what, python_only):
    if python_only:
        monkeypatch.setattr(yamlread, "_parse_fast", lambda text, file: None)
    path = write(tmp_path, f"概况:\n  学生数: {written}\n培训:\n  - 名称: 演练\n    学时: {written}\n隐患排查:\n  排查次数: {written}\n")
    message = f"“{written}”{NOT_DECIMAL}{what}{QUOTE}"
    assert problems(path) == [
        f"{path}:4: 概况.学生数: {message}",
        f"{path}:7: 培训[1].学时: {message}",
        f"{path}:9: 隐患排查.排查次数: {message}",
    ]


def test_the_cli_says_so_and_writes_nothing(tmp_path, run_cli):
    path = write(tmp_path, "采购:\n  - 物品: 电脑\n    金额: 0x1A\n培训:\n  - 名称: 演练\n    学时: 1:30\n")
    out = tmp_path / "总结.docx"
    result = run_cli("summary", path, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:5: 采购[1].金额: “0x1A”{NOT_DECIMAL}十六进制数 26{QUOTE}",
        f"{path}:8: 培训[1].学时: “1:30”{NOT_DECIMAL}六十进制数 90{QUOTE}",
    ]
    assert not out.exists()


def test_octal_looking_figures_reach_the_document_as_written(tmp_path, run_cli):
    path = write(tmp_path, "概况:\n  学生数: 0100\n采购:\n  - 物品: 电脑\n    金额: 0100\n    数量: 010\n    单位: 台\n")
    result = run_cli("summary", path, "--format", "md")
    assert result.exit_code == 0, result.output
    assert "我校现有学生100人" in result.stdout
    assert "| 电脑 | 10台 | 100 |" in result.stdout  # the column is in 元 (金额（元）)
    assert "64" not in result.stdout and "8台" not in result.stdout


def test_text_keeps_what_was_typed(tmp_path):
    path = write(tmp_path, "部门: 007\n概况:\n  电话: 07176123456\n  比例: 1:30\n  编号: 0x1A\n  学生数: 010\n"
                           "工作:\n  - 010\n荣誉:\n  - 1_000\n")
    facts = load_facts(path)
    assert facts.department == "007"
    assert facts.overview.model_extra == {"电话": "07176123456", "比例": "1:30", "编号": "0x1A"}
    assert facts.overview.students == 10
    assert facts.work[0].text == "010" and facts.honours == ["1_000"]


@pytest.mark.parametrize("key", ["3.5", "null", "true", "010", "2024-01-01"])
def test_a_key_is_the_text_written(tmp_path, run_cli, key):
    path = write(tmp_path, f"概况:\n  学生数: 5\n{key}: 甲\n")
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert f"  {path}:5: {key}: 未知的键“{key}”" in result.stderr.splitlines()[1]
    assert "Keys should be strings" not in result.output and "Decimal(" not in result.output


def test_months_as_keys_are_read_from_their_text(tmp_path, samples):
    from houqin_report.facts.routine import load_routine

    routine = tmp_path / "行事历.yaml"
    routine.write_text("第一学期:\n  9:\n    - 九月的事\n  10月:\n    - 十月的事\n第二学期:\n  3:\n    - 三月的事\n", encoding="utf-8")
    loaded = load_routine(routine)
    assert {m: [i.text for i in items] for m, items in loaded["第一学期"].items()} == {9: ["九月的事"], 10: ["十月的事"]}
    assert [i.text for i in loaded["第二学期"][3]] == ["三月的事"]


@pytest.mark.parametrize("value", ["-3", "-0.5", "'-2'"])
def test_negative_hours_are_refused(tmp_path, run_cli, value):
    path = write(tmp_path, f"培训:\n  - 名称: 演练\n    学时: {value}\n")
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == f"  {path}:5: 培训[1].学时: 不能为负数"


def test_negative_hours_message(tmp_path):
    path = write(tmp_path, "培训:\n  - 名称: 演练\n    学时: -3\n    人数: -5\n")
    assert problems(path) == [f"{path}:5: 培训[1].学时: 不能为负数", f"{path}:6: 培训[1].人数: 不能为负数"]


def test_an_indicator_may_still_fall_below_zero(tmp_path):
    path = write(tmp_path, "指标:\n  - 名称: 增长率\n    本期: -3.5\n    上期: 2\n")
    assert load_facts(path).indicators[0].current == Decimal("-3.5")
