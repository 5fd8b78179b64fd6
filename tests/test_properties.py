"""Properties of the whole tool, over generated facts files.

- Any valid file renders: `summary` and `plan` write a .docx that python-docx opens, and
  every name and number entered is in it, formatted as the documents format it.
- Several valid files of one period compile into one report.
- A valid file made invalid (a value of the wrong type, a required key removed) fails with
  exit 1 and a Chinese message naming the file, the line and the key path.
- A file damaged at random (a byte inserted or replaced, the end cut off) is either still
  valid or fails with exit 1 and a message; never a traceback, whatever the damage.

The CLI runs in-process with catch_exceptions=False, so any exception escaping it fails the
test with its traceback. Text is drawn to include Markdown, template and XML syntax; the
prose lint may flag some of it (an x, a *), so the documents are written with --force.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docx_text import all_text
from facts_strategies import Drawn, facts, get, key_paths, names, number_forms
from houqin_report.cli import main
from houqin_report.facts.read import format_path

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])



def _required() -> set[tuple[str, str]]:
    """(list the item is in, required key of the item), read off the model."""
    import typing

    from pydantic import BaseModel

    from houqin_report.facts.model import Facts

    def items(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in typing.get_args(annotation) for m in items(arg)]

    found, todo = set(), [Facts]
    while todo:
        model = todo.pop()
        for field in model.model_fields.values():
            for sub in items(field.annotation):
                if typing.get_origin(field.annotation) is not None and "list" in repr(field.annotation):
                    found |= {(field.alias, f.alias) for f in sub.model_fields.values() if f.is_required()}
                todo.append(sub)
    return found


REQUIRED = _required()


def cli(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def assert_clean_failure(result, path: Path) -> None:
    """Exit 1, a message on stderr that names the file and is in Chinese, no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert str(path) in result.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr.replace(str(path), ""))


def missing(expected: list[str], text: str) -> list[str]:
    """The expected strings not in text. The renderer writes a tab as a space (render._collect):
    official documents align with indents, never tab stops; and punctuation inside Chinese
    text is full-width in the documents (GB/T 15834, text/punctuation.py)."""
    from houqin_report.text.punctuation import full_width

    return [s for s in expected if full_width(s.replace("\t", " ")) not in text]


@SLOW
@given(drawn=facts())
def test_summary_and_plan_render_and_show_every_fact(drawn: Drawn) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "事实.yaml")
        source.write_text(drawn.yaml(), encoding="utf-8")
        summary, plan = Path(tmp, "总结.docx"), Path(tmp, "计划.docx")
        result = cli("summary", source, "-o", summary, "--force")
        assert result.exit_code == 0, result.output
        assert missing(drawn.shows, all_text(summary)) == []
        result = cli("plan", source, "-o", plan, "--force")
        assert result.exit_code == 0, result.output
        assert missing(drawn.plan_shows, all_text(plan)) == []


@st.composite
def schools(draw) -> list[Drawn]:
    """Two to four files of one period, one school each, under one bureau."""
    period = draw(st.sampled_from([{"学年": "2023-2024", "学期": "第二学期"}, {"年度": 2024}]))
    school_names = draw(st.lists(names(), min_size=2, max_size=4, unique=True))
    return [draw(facts(school=name, period=period)) for name in school_names]


@SLOW
@given(files=schools())
def test_compile_any_valid_files(files: list[Drawn]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "各校")
        folder.mkdir()
        for i, drawn in enumerate(files):
            Path(folder, f"{i}.yaml").write_text(drawn.yaml(), encoding="utf-8")
        report, book = Path(tmp, "汇总.docx"), Path(tmp, "汇总.xlsx")
        result = cli("compile", folder, "-o", report, "--xlsx", book, "--bureau", "伍家岗区教育局", "--force")
        assert result.exit_code == 0, result.output
        assert f"全区共有学校{len(files)}所" in all_text(report)
        # Every item a school wrote is in the workbook, beside exactly that school.
        import openpyxl

        sheets = openpyxl.load_workbook(book, read_only=True)
        written = {(sheet, *row[:1], row[-1]) for sheet, col in (("做法", 2), ("问题", 2), ("下一步", 2), ("荣誉", 2))
                   for row in ((r[0], r[col]) for r in sheets[sheet].iter_rows(min_row=2, values_only=True))}
        expected = set()
        for drawn in files:
            school = drawn.data["学校"]
            for item in drawn.data.get("工作", []):
                expected.add(("做法", school, item if isinstance(item, str) else item["内容"]))
            for key, sheet in (("存在问题", "问题"), ("下一步", "下一步"), ("荣誉", "荣誉")):
                expected |= {(sheet, school, text if isinstance(text, str) else text["内容"]) for text in drawn.data.get(key, [])}
        assert {(s, u, t.strip()) for s, u, t in expected} == {(s, u, t) for s, u, t in written}


# ------------------------------------------------------------------------------ mutations


@st.composite
def wrong_type(draw) -> tuple[Drawn, tuple]:
    """A valid file with one value (anywhere below the top) replaced by a mapping no key
    accepts; returns it and the key path of the value replaced."""
    drawn = draw(facts())
    loc = draw(st.sampled_from(key_paths(drawn.data)))
    parent = get(drawn.data, loc[:-1])
    parent[loc[-1]] = {"错误的键": [1, 2]}
    return drawn, loc


def checked_failure(drawn: Drawn) -> tuple[Path, object]:
    """`check` on the mutated file: it must fail cleanly (exit 1, no traceback)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "事实.yaml")
        source.write_text(drawn.yaml(), encoding="utf-8")
        result = cli("check", source)
        assert_clean_failure(result, source)
    return source, result


@FAST
@given(case=wrong_type())
def test_a_value_of_the_wrong_type_is_named_by_path_and_line(case) -> None:
    drawn, loc = case
    source, result = checked_failure(drawn)
    # file:line: path: message
    assert f"{source}:" in result.stderr
    lines = [line for line in result.stderr.splitlines() if format_path(loc) in line]
    assert lines, result.stderr
    assert lines[0].strip().startswith(f"{source}:")


@st.composite
def without_required_key(draw) -> tuple[Drawn, tuple]:
    drawn = draw(facts())
    candidates = [loc for loc in key_paths(drawn.data) if len(loc) >= 3 and (loc[-3], loc[-1]) in REQUIRED]
    candidates += [("学校",), ("学年",) if "学年" in drawn.data else ("年度",)]
    loc = draw(st.sampled_from(candidates))
    del get(drawn.data, loc[:-1])[loc[-1]]
    return drawn, loc


@FAST
@given(case=without_required_key())
def test_a_removed_required_key_is_reported_where_it_was(case) -> None:
    drawn, loc = case
    source, result = checked_failure(drawn)
    if loc[0] in ("学年", "年度"):
        assert "缺少时段" in result.stderr
    else:
        assert f"{format_path(loc)}: 缺少必填项“{loc[-1]}”" in result.stderr


@st.composite
def damaged(draw) -> bytes:
    raw = draw(facts()).yaml().encode("utf-8")
    how = draw(st.sampled_from(["insert", "replace", "truncate"]))
    at = draw(st.integers(0, len(raw) - 1))
    if how == "truncate":
        return raw[:at]
    byte = bytes([draw(st.integers(0, 255))])
    return raw[:at] + byte + raw[at + (how == "replace"):]


@FAST
@given(raw=damaged())
def test_a_damaged_file_never_gives_a_traceback(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "事实.yaml")
        source.write_bytes(raw)
        for args in (("check", source), ("summary", source, "--format", "md", "--force")):
            result = cli(*args)
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output
            if result.exit_code == 1:
                assert_clean_failure(result, source)


def test_a_truncated_sample_is_reported_with_its_line(samples) -> None:
    """Cut in the middle of a quoted value: the message names the line."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "事实.yaml")
        source.write_text('学校: 甲\n年度: 2024\n工作:\n  - "没写完\n', encoding="utf-8")
        result = cli("check", source)
        assert_clean_failure(result, source)
        assert f"{source}:5: YAML 格式错误：文件意外结束（引号或括号未闭合）" in result.stderr


def test_the_strategy_round_trips_through_yaml() -> None:
    """The generated YAML reads back as the data drawn (no key or value lost on the way)."""

    @settings(max_examples=25, deadline=None)
    @given(drawn=facts())
    def check(drawn: Drawn) -> None:
        assert yaml.safe_load(drawn.yaml()) == drawn.data

    check()


# ------------------------------------------------------------------------------ number forms


def _as_read(value: object) -> object:
    """A document's data with the type of every value, and what a Written means."""
    from houqin_report.facts.yaml_numbers import Written

    if isinstance(value, dict):
        return {_as_read(k): _as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_read(v) for v in value]
    if isinstance(value, Written):
        return ("Written", str(value), value.number, value.problem)
    return (type(value).__name__, value)


NUMBER_FIELDS = {  # key path → its line in the file below, and the model's type there
    ("概况", "学生数"): (5, "Count"),
    ("采购", 0, "金额"): (9, "Money"),
    ("采购", 0, "数量"): (10, "Count"),
    ("培训", 0, "学时"): (13, "Measure"),
    ("隐患排查", "排查次数"): (15, "Count"),
}


@FAST
@given(form=number_forms())
def test_both_readers_read_every_number_form_alike_and_as_meant(form) -> None:
    """libyaml and the Python loader build the same values (types, meanings) from every number
    form; each number field holds what the person meant or is refused there (file:line:path),
    never another number; a text field holds the form as typed."""
    from decimal import Decimal

    from pydantic import TypeAdapter, ValidationError

    from houqin_report.errors import FactsError
    from houqin_report.facts import model
    from houqin_report.facts import read as yamlread
    from houqin_report.facts.load import validate

    written, meant = form
    text = (
        "学校: 甲小学\n年度: 2024\n部门: {w}\n概况:\n  学生数: {w}\n  {w}: {w}\n采购:\n  - 物品: 电脑\n"
        "    金额: {w}\n    数量: {w}\n培训:\n  - 名称: 演练\n    学时: {w}\n隐患排查:\n  排查次数: {w}\n荣誉:\n  - {w}\n"
    ).replace("{w}", written)
    fast = yamlread._parse_fast(text, "f.yaml")
    assert fast is not None
    saved = yamlread._parse_fast
    yamlread._parse_fast = lambda text, file: None
    try:
        slow = yamlread.parse_text(text, "f.yaml")
    finally:
        yamlread._parse_fast = saved
    assert _as_read(fast.data) == _as_read(slow.data)
    assert (fast.lines, fast.problems, fast.removed, fast.hints) == (slow.lines, slow.problems, slow.removed, slow.hints)

    expected_refusals = set()
    for loc, (line, kind) in NUMBER_FIELDS.items():
        try:
            value = TypeAdapter(getattr(model, kind)).validate_python(get(slow.data, loc))
        except ValidationError:
            expected_refusals.add((format_path(loc), line))
        else:
            assert meant is not None and Decimal(value) == meant, (written, loc, value)
    assert TypeAdapter(model.Text).validate_python(get(slow.data, ("部门",))) == written
    try:
        facts = validate(slow, "f.yaml")
    except FactsError as exc:
        assert {(p.path, p.line) for p in exc.problems} == expected_refusals
        assert all(p.file == "f.yaml" and p.message for p in exc.problems)
    else:
        assert not expected_refusals
        assert facts.department == written and facts.honours == [written]
        assert {k: str(v) for k, v in facts.overview.model_extra.items()} == {written: written}
