"""The layout's contracts (docs/architecture.md): the 栏目 table is checked and is the one place
that says where figures go; the lint reads its fields off the model; stages import one way."""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from houqin_report.errors import FactsError
from houqin_report.facts.load import load_facts
from houqin_report.text import sections

PACKAGE = ROOT / "houqin_report"


@pytest.fixture
def table(tmp_path, monkeypatch):
    """Use an edited copy of data/sections.yaml: table(old, new) replaces text in it."""
    path = tmp_path / "sections.yaml"
    shutil.copy(ROOT / "data" / "sections.yaml", path)

    def use(*edits: tuple[str, str]):
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        loaded = sections._load_table(path)
        monkeypatch.setattr(sections, "_table", lambda: loaded)
        sections.standard_keys.cache_clear()
        return loaded

    yield use
    sections.standard_keys.cache_clear()


def test_renaming_a_section_moves_its_figures(table):
    from houqin_report.report.summary import build_report

    table(("  项目建设:\n    标题: 校舍建设与改造", "  基建工程:\n    标题: 基建与维修"))
    assert sections.home("项目") == "基建工程"
    report = build_report(load_facts(SAMPLES / "中南路小学.yaml"))
    area = next(a for a in report.areas if a.projects)
    assert (area.key, area.title, area.heading) == ("基建工程", "基建与维修", "项目建设稳步推进，办学条件持续改善")


def test_a_broken_table_says_every_problem_with_its_line(table):
    with pytest.raises(FactsError) as caught:
        table(
            ("    数据: [项目]\n", "    数据: [项目, 采购]\n"),  # 采购 claimed twice
            ("{文字: 节能降耗工作扎实推进，校园能耗切实降低, 条件: 能耗下降}", "{文字: 节能降耗工作扎实推进，校园能耗切实降低, 条件: 能耗很低}"),
            ("    数据: [指标]\n", ""),  # nobody shows 指标
        )
    lines = [str(p).split(": ", 1)[1] for p in caught.value.problems]
    assert lines == [
        "栏目: 没有栏目的“数据”含有“指标”：每种数据都要归入一个栏目",
        "栏目.资产与采购.数据: 数据“采购”已归入栏目“项目建设”，每种数据只能归入一个栏目",
        "栏目.节能降耗.小标题.汇总[1].条件: 没有名为“能耗很低”的条件（可选：有完工项目、隐患全部整改、能耗下降、创建已通过、"
        + "、".join(sections.content_conditions()) + "）",
    ]
    assert all(p.line for p in caught.value.problems)


def test_a_placeholder_in_any_text_field_is_found(run_cli, tmp_path):
    """栏目, 单位 and every other text of the model are read by the lint (lint/fields.py)."""
    path = tmp_path / "f.yaml"
    path.write_text("学校: 甲小学\n年度: 2024\n工作:\n  - 内容: 清理校园\n    栏目: XX工作\n", encoding="utf-8")
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert f"{path}:5: 工作[1].栏目: [错误] 仍是占位符，请填写实际的数字或名称「XX工作」" in result.stderr


@pytest.mark.parametrize("kind", ["school", "bureau"])
def test_every_text_field_of_the_model_is_linted(kind):
    """Found independently of lint/fields.py: a text field is one the model validates with
    model._text (the Text type); each must have a role in the lint's spec. The same for a
    bureau's own facts file (facts/bureau.py)."""
    import typing

    from pydantic import BaseModel

    from houqin_report.facts import model
    from houqin_report.facts.bureau import BureauFacts
    from houqin_report.lint.fields import bureau_spec, facts_spec

    def metadata(annotation) -> list:
        found = []
        for arg in typing.get_args(annotation):
            found += metadata(arg)
        return found + list(getattr(annotation, "__metadata__", ()))

    def models(annotation) -> list:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in typing.get_args(annotation) for m in models(arg)]

    def arms(annotation) -> list:
        return [annotation] + [a for arg in typing.get_args(annotation) for a in arms(arg)]

    def text_paths(cls, prefix=""):
        for field in cls.model_fields.values():
            meta = list(field.metadata) + metadata(field.annotation)
            # Text, or a value that may be written as text of its own (排查次数: 每周一次)
            if any(getattr(m, "func", None) is model._text for m in meta) or str in arms(field.annotation):
                yield prefix + field.alias
            for sub in models(field.annotation):
                yield from text_paths(sub, prefix + field.alias + ".")

    def spec_paths(spec, prefix=""):
        if isinstance(spec, str):
            yield prefix.rstrip(".")
        elif isinstance(spec, list):
            yield from spec_paths(spec[0], prefix)
        else:
            for key, sub in spec.items():
                if key not in ("", "*"):
                    yield from spec_paths(sub, f"{prefix}{key}.")

    root, spec = (model.Facts, facts_spec()) if kind == "school" else (BureauFacts, bureau_spec())
    expected = set(text_paths(root))
    assert len(expected) > (25 if kind == "school" else 10)
    assert expected == set(spec_paths(spec))


STAGES = ["text", "facts", "report", "lint", "outline", "writers", "pipeline"]
# What each stage may not import: anything later in the pipeline (text.sections reads its
# table with the facts reader, the one exception to the order, for file:line messages).
FORBIDDEN = {
    "text": {"report", "lint", "outline", "writers", "pipeline", "cli", "web"},
    "facts": {"report", "lint", "outline", "writers", "pipeline", "cli", "web"},
    "report": {"lint", "outline", "writers", "pipeline", "cli", "web"},
    "lint": {"outline", "writers", "pipeline", "cli", "web"},
    "outline": {"lint", "writers", "pipeline", "cli", "web"},
    "writers": {"lint", "pipeline", "cli", "web"},
    "pipeline": {"cli", "web"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("houqin_report."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("houqin_report.")}
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_stages_import_one_way(stage):
    wrong = {p.name: _imports(p) & FORBIDDEN[stage] for p in (PACKAGE / stage).rglob("*.py")}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_modules_and_classes_stay_small():
    """No module over 500 lines, no class over 450 (issue 12): split where the seams show."""
    big = []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 500:
            big.append(str(path.relative_to(ROOT)))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno > 450:
                big.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert big == []
