"""load: a facts file on disk → one validated Facts, or a FactsError listing every problem."""
from __future__ import annotations

import difflib
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from houqin_report.errors import FactsError, Problem
from houqin_report.facts.bureau import BureauFacts, is_bureau_data
from houqin_report.facts.model import Facts, period_context, period_problem
from houqin_report.facts.values import shown
from houqin_report.facts.read import Document, format_path, read_document

_TYPE_NAMES = {
    "string_type": "应为一段文字",
    "list_type": "应为列表（每一项另起一行，以“- ”开头）",
    "dict_type": "应为一组“键: 值”（在下一行缩进书写）",
    "model_type": "应为一组“键: 值”（在下一行缩进书写）",
    "model_attributes_type": "应为一组“键: 值”（在下一行缩进书写）",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "decimal_type": "应为数字",
    "bool_type": "应为 是/否",
    "frozen_instance": "不可修改",
}


def load_facts(path: str | Path) -> Facts:
    """Read and validate one facts file; raises FactsError with all its problems at once."""
    path = Path(path)
    document = read_document(path)
    return validate(document, str(path))


def load_bureau_facts(path: str | Path) -> BureauFacts:
    """Read and validate a bureau's own facts file (类型: 教育局)."""
    path = Path(path)
    return validate(read_document(path), str(path), BureauFacts)


def validate(document: Document, file: str, model: type[BaseModel] = Facts):
    """The document validated as model (a school's Facts, or a bureau's BureauFacts); raises
    FactsError with every problem at once."""
    data = document.data
    if not isinstance(data, dict):
        raise FactsError(file, [Problem(file, 1, "", "文件的最上层应为一组“键: 值”（学校: …、学年: …）", "可用 houqin init 生成一份待填写的事实文件")])
    if model is Facts and is_bureau_data(data):
        raise FactsError(file, [Problem(file, document.line_of(("类型",)), "类型", "这是教育局自己的事实文件（类型: 教育局），不是学校的",
                                        "教育局的事实文件用于 houqin compile 汇总")])
    problems = list(document.problems)
    try:
        facts = model.model_validate(data, context=period_context(data))
    except ValidationError as exc:
        problems += problems_from(exc, document, file, model)
    else:
        if not problems:
            return facts
    # The period rule only runs once every field is valid; check it on the raw mapping too.
    found = period_problem(data.get("年度") is not None, data.get("学年") is not None, data.get("学期") is not None)
    if found:
        loc = (found[0],)
        extra = Problem(file, _period_line(document), format_path(loc), found[1])
        if extra not in problems:
            problems.append(extra)
    problems = list(dict.fromkeys(problems))  # the same problem can come through two union arms
    problems.sort(key=lambda p: (p.line or 0, p.path))
    raise FactsError(file, problems)


def problems_from(exc: ValidationError, document: Document, file: str, root: type[BaseModel] = Facts) -> list[Problem]:
    """Pydantic's errors as Problems: Chinese message, key path, line, suggestion."""
    return [_problem(err, document, file, root) for err in exc.errors(include_url=False)]


def _problem(err: dict, document: Document, file: str, root: type[BaseModel]) -> Problem:
    loc = _as_in_file(_clean_loc(err["loc"]), document)
    ctx = err.get("ctx") or {}
    kind = err["type"]
    hint = ""
    if "field" in ctx:  # a cross-field rule names the key it is about
        loc = loc + (ctx["field"],)
    if kind == "missing":
        message = f"缺少必填项“{loc[-1]}”"
    elif kind == "extra_forbidden":
        key = loc[-1]
        message = f"未知的键“{key}”"
        known = _known_keys(loc[:-1], root)
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
        if close:
            hint = f"是不是要写“{close[0]}”？"
        elif known:
            hint = "这一层可用的键：" + "、".join(known)
    elif kind == "literal_error":
        expected = ctx.get("expected", "")
        options = "、".join(part.strip(" '") for part in expected.replace(" or ", ",").split(","))
        message = f"应为以下之一：{options}，不能是“{shown(err.get('input'))}”"
    elif kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
    elif kind in _TYPE_NAMES:
        message = _TYPE_NAMES[kind]
    else:
        message = err["msg"]
    line = _period_line(document) if kind == "period" else document.line_of(loc)
    return Problem(file, line, format_path(loc), message, hint)


def _period_line(document: Document) -> int:
    """A period problem is about whichever period keys were written; point at the first."""
    lines = [document.lines[(key,)] for key in ("学年", "年度", "学期") if (key,) in document.lines]
    return min(lines, default=1)


def _clean_loc(loc: tuple) -> tuple:
    # Pydantic adds the names of union arms and validators to the path; people never see them.
    return tuple(part for part in loc if not (isinstance(part, str) and (part.startswith("function-") or part in {"str", "int", "Decimal", "decimal", "WorkItem", "PlanItem"})))


def _as_in_file(loc: tuple, document: Document) -> tuple:
    """A number in pydantic's path is a list index, unless the file has it as a mapping key
    (a month: 9: …): then it is the key as written."""
    out: tuple = ()
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int) and out + (str(part),) in document.lines:
            part = str(part)
        out += (part,)
    return out


def _known_keys(loc: tuple, root: type[BaseModel]) -> list[str]:
    """The Chinese keys a mapping at loc may have, found by walking the model's fields."""
    model: typing.Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return [f.alias for f in model.model_fields.values() if f.alias]


def _model_in(annotation: typing.Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None
