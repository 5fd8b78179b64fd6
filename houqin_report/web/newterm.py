"""新学期: the facts of the next term, started from this term's.

What stays true of the school stays (学校, 上级单位, 部门, 学校类型, 概况); the period moves on
(context.Period.following); what is still open is carried as it was written: the hazards
not yet fixed (隐患 whose status is not 已整改) and the projects not finished (项目建设 not
完工); each indicator keeps its name and unit, with this term's figure as 上期 and 本期 left for
the new term. Everything that happened in this term only is left out: 落款日期, 采购, 培训,
工作, 荣誉, 存在问题, 下一步, 计划, and the inspection's counts.

Items are copied from the text's data, not from the validated facts, so that a carried item
reads as the user wrote it (5万6千元 stays 5万6千元).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import core

KEPT = ("学校", "上级单位", "部门", "学校类型", "概况")


@dataclass(frozen=True)
class NextTerm:
    data: dict
    period: core.Period
    hazards: int  # carried
    projects: int

    @property
    def note(self) -> str:
        return f"新学期：由上学期结转未整改隐患 {self.hazards} 处、未完工项目 {self.projects} 项"


def next_term(data: dict, facts: core.Facts) -> NextTerm:
    """data: this term's text as read (the dict the facts were validated from)."""
    period = core.next_period(facts)
    out: dict = {key: data[key] for key in KEPT if key in data and data[key] is not None}
    if period.year is not None:
        out["年度"] = str(period.year)
    else:
        out["学年"] = f"{period.school_year}-{period.school_year + 1}"
        out["学期"] = period.semester
    projects = [item for item, project in zip(_list(data, "项目建设"), facts.projects) if project.status != "完工"]
    if projects:
        out["项目建设"] = projects
    inspection = data.get("隐患排查") if isinstance(data.get("隐患排查"), dict) else {}
    hazards = [item for item, hazard in zip(_list(inspection, "隐患"), facts.hazards) if hazard.status != "已整改"]
    if hazards:
        out["隐患排查"] = {"隐患": hazards}
    indicators = []
    for item in _list(data, "指标"):
        carried = {"名称": item.get("名称"), "上期": item.get("本期"), "单位": item.get("单位")}
        indicators.append({key: value for key, value in carried.items() if value is not None})
    if indicators:
        out["指标"] = indicators
    return NextTerm(out, period, len(hazards), len(projects))


def _list(mapping: dict, key: str) -> list:
    value = mapping.get(key)
    return value if isinstance(value, list) else []
