"""A school account's document is pinned to its school and its term (store.py keeps it there
whatever the text says). The text should say the same, since the compiled report names the
school and the term as the text has them: where it does not, the check says so beside the
field, as an error, and the document cannot be submitted until it agrees."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import core
from .checks import Outcome
from .forms import Message

_TERM = re.compile(r"(\d{4})—(\d{4})学年(第一学期|第二学期)?")
_YEAR = re.compile(r"(\d{4})年度")


@dataclass(frozen=True)
class Pin:
    school: str
    period: str | None
    bureau: str


def period_fields(title: str) -> dict[str, str]:
    """The facts keys that say a term: 2023—2024学年第二学期 → 学年 2023-2024, 学期 第二学期."""
    if m := _YEAR.fullmatch(title):
        return {"年度": m.group(1)}
    if m := _TERM.fullmatch(title):
        return {"学年": f"{m.group(1)}-{m.group(2)}", "学期": m.group(3) or "全学年"}
    return {}


def first_data(pin: Pin) -> dict:
    """What a school's new document starts with: its name, its bureau, its term."""
    return {"学校": pin.school, "上级单位": pin.bureau, **(period_fields(pin.period) if pin.period else {})}


def pinned(outcome: Outcome, pin: Pin | None) -> Outcome:
    if pin is None:
        return outcome
    extra: list[Message] = []
    school = outcome.school
    if school != pin.school:
        said = f"现在是“{school}”" if school else "现在没有填"
        extra.append(Message("学校", core.ERROR, f"应填“{pin.school}”（本账号的学校，{said}）：汇总报告按这里的名称列出学校。"))
    if pin.period and outcome.period is not None and outcome.period != pin.period:
        key = "年度" if _YEAR.fullmatch(pin.period) else "学年"
        extra.append(Message(key, core.ERROR, f"这份文档是{pin.period}的，现在填的是{outcome.period}；请改为{pin.period}。"))
    return dataclasses.replace(outcome, messages=outcome.messages + tuple(extra)) if extra else outcome


def term_choices(today) -> list[str]:  # noqa: ANN001 - a datetime.date
    """Terms a bureau may open, around today: this school year's and the last, this year's 年度."""
    start = today.year if today.month >= 8 else today.year - 1
    titles = []
    for year in (start, start - 1):
        for semester in ("第一学期", "第二学期", "全学年"):
            titles.append(core.Period(year, semester, None).title)
    titles += [core.Period(None, None, y).title for y in (today.year, today.year - 1)]
    return titles
