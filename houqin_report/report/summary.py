"""compute: Facts → the summary's context (Report). No I/O.

Templates receive this context and choose words; they do no arithmetic. Every list keeps all
the user's entries (nothing dropped): items that fit no standard section go to 其他工作. Which
section shows which figures, and its sub-section heading, come from the 栏目 table
(text/sections.py, data/sections.yaml).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from houqin_report.facts.model import Facts, Training
from houqin_report.report.figures import (
    SAFETY_TRAINING,
    HazardFigures,
    IndicatorLine,
    ProjectFigures,
    PurchaseFigures,
    TrainingFigures,
    conditions,
    hazard_figures,
    indicator_line,
    project_figures,
    purchase_figures,
    training_figures,
)
from houqin_report.report.period import Period, period_of
from houqin_report.text import sections


@dataclass
class Area:
    """One （一） area of 主要工作及成效: its structured facts and its free-text items."""

    key: str
    title: str
    projects: ProjectFigures | None = None
    hazards: HazardFigures | None = None
    safety_trainings: list[Training] = field(default_factory=list)
    purchases: PurchaseFigures | None = None
    trainings: list[Training] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    work: list[str] = field(default_factory=list)
    heading: str = ""  # the sub-section heading, chosen by build_report

    @property
    def empty(self) -> bool:
        return not (self.projects or self.hazards or self.safety_trainings or self.purchases
                    or self.trainings or self.indicators or self.work)

    def conditions(self) -> dict[str, bool]:
        return conditions(self.projects, self.hazards)


@dataclass(frozen=True)
class Report:
    facts: Facts
    period: Period
    projects: ProjectFigures
    hazards: HazardFigures
    purchases: PurchaseFigures
    trainings: TrainingFigures
    indicators: list[IndicatorLine]
    areas: list[Area]  # non-empty areas in the standard order
    overview: list[tuple[str, str]]  # (key, value as written) from 概况
    variant: int  # picks a wording variant, deterministically per school


def section_of(text: str, given: str | None) -> str:
    """The area a free-text item is filed under: the user's 栏目 first, else by its words.

    A 栏目 that names no standard section becomes an area of its own, titled as written.
    """
    if given:
        return sections.section_for_name(given) or given
    return sections.classify(text)


def filed(name: str, figure: str) -> str:
    """The section of a training or indicator: by its name, else the section that shows
    that kind of figure when nothing else claims it (培训 → 队伍建设, 指标 → 节能降耗)."""
    key = sections.classify(name)
    return sections.home(figure) if key == sections.GENERAL else key


def ordered_keys(keys) -> list[str]:  # noqa: ANN001 - any iterable of section keys
    """Section keys in the table's order, a user's own 栏目 after them, 其他工作 last."""
    order = [s.key for s in sections.load_sections() if s.key != sections.GENERAL]
    keys = list(keys)
    custom = [k for k in keys if k not in order and k != sections.GENERAL]
    return [k for k in order if k in keys] + custom + ([sections.GENERAL] if sections.GENERAL in keys else [])


def build_report(facts: Facts) -> Report:
    projects = project_figures(facts.projects)
    hazards = hazard_figures(facts)
    purchases = purchase_figures(facts.purchases)
    trainings = training_figures(facts.trainings)
    indicators = [indicator_line(i) for i in facts.indicators]

    standard = sections.load_sections()
    areas: dict[str, Area] = {s.key: Area(s.key, s.title) for s in standard}

    def area(key: str) -> Area:
        if key not in areas:  # the user's own 栏目: kept, before 其他工作
            areas[key] = Area(key, key)
        return areas[key]

    if projects.count:
        areas[sections.home("项目")].projects = projects
    if hazards.found or hazards.rounds:
        areas[sections.home("隐患")].hazards = hazards
    if purchases.count:
        areas[sections.home("采购")].purchases = purchases
    for t in facts.trainings:
        if t.kind in SAFETY_TRAINING:
            areas[sections.home("安全培训")].safety_trainings.append(t)
        else:
            area(filed(t.name, "培训")).trainings.append(t)
    for line in indicators:
        area(filed(line.indicator.name, "指标")).indicators.append(line)
    for item in facts.work:
        area(section_of(item.text, item.section)).work.append(item.text)

    variant = sum(map(ord, facts.school)) % 3
    by_key = {s.key: s for s in standard}
    ordered = [areas[k] for k in ordered_keys(areas) if not areas[k].empty]
    for a in ordered:
        section = by_key.get(a.key)
        a.heading = section.heading("学校", a.conditions(), variant) if section else a.title

    overview = []
    if facts.overview is not None:
        for key, value in facts.overview.model_dump(by_alias=True, exclude_none=True).items():
            overview.append((key, str(value)))
    return Report(
        facts=facts,
        period=period_of(facts),
        projects=projects,
        hazards=hazards,
        purchases=purchases,
        trainings=trainings,
        indicators=indicators,
        areas=ordered,
        overview=overview,
        variant=variant,
    )


__all__ = ["Report", "Area", "build_report", "section_of", "filed", "ordered_keys"]
