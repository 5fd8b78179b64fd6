"""The routine calendar of a logistics office (data/routine.yaml, or a school's own file).

An item may carry 条件: one or more of the section table's content conditions (data/sections.yaml
条件: 有食堂 …). The plan lists it only for a school whose facts make them hold: a school that
reports no canteen gets no 食堂开学检查 in its month table."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from houqin_report.errors import FactsError, Problem
from houqin_report.facts.load import problems_from
from houqin_report.facts.model import Month, Text
from houqin_report.facts.read import Document, format_path, read_document
from houqin_report.facts.values import parse_month
from houqin_report.resources import resource_path

TERM_MONTHS = {"第一学期": (8, 9, 10, 11, 12, 1), "第二学期": (2, 3, 4, 5, 6, 7)}
"""The months of each term: the autumn term runs from August to January, spring from February to July."""


@dataclass(frozen=True)
class RoutineItem:
    """One routine task of a month, and who does it (None: the facts' 部门)."""

    text: str
    owner: str | None = None
    conditions: tuple[str, ...] = ()  # content conditions that must all hold (text/sections.py)


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: Text = Field(alias="内容")
    owner: Text | None = Field(None, alias="责任")
    conditions: Annotated[tuple[Text, ...], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)] = Field((), alias="条件")


def _item(value: Any) -> Any:
    return {"内容": value} if isinstance(value, str) else value


_Months = dict[Month, Annotated[list[Annotated[_Item, BeforeValidator(_item)]], BeforeValidator(lambda v: v or [])]]


class RoutineFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    autumn: _Months = Field(default_factory=dict, alias="第一学期")
    spring: _Months = Field(default_factory=dict, alias="第二学期")


def default_routine(school_type: str | None) -> Path:
    """The shipped calendar for a type of school: a kindergarten's has 晨检, 膳食 and 保育 and no
    考试 or 新书 (data/routine-幼儿园.yaml); every other type the school one (data/routine.yaml)."""
    own = resource_path("data", f"routine-{school_type}.yaml") if school_type else None
    return own if own is not None and own.is_file() else resource_path("data", "routine.yaml")


def load_routine(path: Path | None = None, school_type: str | None = None) -> dict[str, dict[int, list[RoutineItem]]]:
    path = Path(path) if path else default_routine(school_type)
    document = read_document(path)
    try:
        parsed = RoutineFile.model_validate(document.data or {})
    except ValidationError as exc:
        raise FactsError(path, problems_from(exc, document, str(path), RoutineFile)) from None
    problems = _misplaced_months(document, str(path)) + _unknown_conditions(document, str(path))
    if problems:
        raise FactsError(path, problems)

    def convert(months: dict) -> dict[int, list[RoutineItem]]:
        return {m: [RoutineItem(i.text, i.owner, tuple(i.conditions)) for i in items] for m, items in months.items()}

    return {"第一学期": convert(parsed.autumn), "第二学期": convert(parsed.spring)}


def _misplaced_months(document: Document, file: str) -> list[Problem]:
    """A month written under the other term (3月 under 第一学期) would never reach a plan, and
    a month written twice (9 and 09) would lose one list: both are refused, naming the key."""
    problems = []
    for term, months in TERM_MONTHS.items():
        written = document.data.get(term) if isinstance(document.data, dict) else None
        seen: dict[int, str] = {}
        for key in written or {}:
            month = parse_month(key)  # the model has read every key already
            loc = (term, key)
            if month not in months:
                first, last = months[0], months[-1]
                problems.append(Problem(file, document.line_of(loc), format_path(loc),
                                        f"{month}月不在{term}（{first}月至{last}月）：这个月的工作不会出现在计划里",
                                        f"请把它移到“{_other(term)}”下，或改正月份"))
            elif month in seen:
                problems.append(Problem(file, document.line_of(loc), format_path(loc),
                                        f"{month}月写了两次（“{seen[month]}”和“{key}”）", "请把这两处的工作合并到一处"))
            seen.setdefault(month, key)
    return problems


def _unknown_conditions(document: Document, file: str) -> list[Problem]:
    """A 条件 the section table does not define would hide its item from every plan: refused."""
    from houqin_report.text.sections import content_conditions

    known = tuple(content_conditions())
    problems = []
    for term in TERM_MONTHS:
        written = document.data.get(term) if isinstance(document.data, dict) else None
        for key, items in (written or {}).items():
            for i, item in enumerate(items or []):
                named = item.get("条件") if isinstance(item, dict) else None
                for name in [named] if isinstance(named, str) else (named or []):
                    if name not in known:
                        loc = (term, key, i, "条件")
                        problems.append(Problem(file, document.line_of(loc), format_path(loc),
                                                f"没有名为“{name}”的条件（可选：{'、'.join(known)}）"))
    return problems


def _other(term: str) -> str:
    return next(t for t in TERM_MONTHS if t != term)


__all__ = ["RoutineItem", "default_routine", "load_routine", "TERM_MONTHS"]
