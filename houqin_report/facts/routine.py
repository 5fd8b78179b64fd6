"""The routine calendar of a logistics office (data/routine.yaml, or a school's own file)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from houqin_report.errors import FactsError
from houqin_report.facts.load import problems_from
from houqin_report.facts.model import Month, Text
from houqin_report.resources import resource_path
from houqin_report.facts.read import read_document


@dataclass(frozen=True)
class RoutineItem:
    """One routine task of a month, and who does it (None: the facts' 部门)."""

    text: str
    owner: str | None = None


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: Text = Field(alias="内容")
    owner: Text | None = Field(None, alias="责任")


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

    def convert(months: dict) -> dict[int, list[RoutineItem]]:
        return {m: [RoutineItem(i.text, i.owner) for i in items] for m, items in months.items()}

    return {"第一学期": convert(parsed.autumn), "第二学期": convert(parsed.spring)}


__all__ = ["RoutineItem", "default_routine", "load_routine"]
