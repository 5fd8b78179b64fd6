"""The report's tables: the per-school figures (附件1, amounts in 万元, one unit per column, 未填
where a school left a kind out), every school's texts (the attachments that hold every 工作,
存在问题 and 下一步 item), the hazards not yet fixed, and, when the schools came through lower
bureaus' roll-ups, one row per lower bureau."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import Sequence

from houqin_report.facts.approx import total
from houqin_report.report.bureau.names import third_person
from houqin_report.report.bureau.rows import BureauOwn, Figure, SchoolRow
from houqin_report.report.figures import rate
from houqin_report.text.numbers import figure_column
from houqin_report.text.punctuation import tidy_item

WAN = Decimal(10_000)


def _wan(amount: Figure | None) -> Figure | None:
    return None if amount is None else amount / WAN


@dataclass(frozen=True)
class TableRow:
    """One row of the per-school table; None in a cell is 未填 (the school left that kind out)."""

    number: int | None  # 序号; None for the 合计 row
    school: str
    flagged: bool
    school_type: str
    district: str  # the lower bureau it came through (roll-ups), else ""
    hazards: bool  # reported hazards (else the hazard cells are 未填)
    found: Figure | None
    fixed: Figure | None
    open: int | None
    rate: Decimal | None
    cost: Figure | None  # 万元
    purchase: Figure | None  # 万元
    government: Figure | None  # 万元
    trainings: int | None
    people: Figure | None
    projects: int | None
    project_amount: Figure | None  # 万元


MONEY_COLUMNS = ("cost", "purchase", "government", "project_amount")  # TableRow's, in 万元


def money_columns(rows: Sequence[TableRow | DistrictRow]) -> dict[str, list[str | None]]:
    """The money cells of a table (its rows and 合计 row), each column written alike
    (text/numbers.figure_column), by attribute."""
    names = [n for n in MONEY_COLUMNS if rows and hasattr(rows[0], n)]
    return {n: figure_column([getattr(r, n) for r in rows]) for n in names}


def school_row(n: int, r: SchoolRow) -> TableRow:
    h, u, t, p = (r.reported(k) for k in ("隐患", "采购", "培训", "项目"))
    return TableRow(
        n, r.school, r.flagged, r.school_type or "", r.path[0] if r.path else "", h,
        r.hazards_found if h else None, r.hazards_fixed if h else None, r.hazards_open if h else None, r.hazard_rate,
        _wan(r.hazard_cost) if h else None,
        _wan(r.purchase_total) if u else None, _wan(r.government) if u else None,
        r.trainings if t else None, r.training_people if t else None,
        r.projects if p else None, _wan(r.project_amount) if p else None,
    )


def total_row(rows: Sequence[SchoolRow], hazards, purchases, trainings, projects) -> TableRow:  # noqa: ANN001 - totals
    """The 合计 row: sums over the schools that reported each kind; 未填 when none did."""
    h, u, t, p = (any(r.reported(k) for r in rows) for k in ("隐患", "采购", "培训", "项目"))
    return TableRow(
        None, f"{len(rows)}所", bool(hazards.flagged), "", "", h,
        hazards.found, hazards.fixed, hazards.open, hazards.rate,
        _wan(hazards.cost) if any(r.hazard_cost is not None for r in rows) else None,
        _wan(purchases.total) if u else None, _wan(purchases.government) if u else None,
        trainings.count if t else None, trainings.people if t else None,
        projects.count if p else None, _wan(projects.total) if p else None,
    )


@dataclass(frozen=True)
class TextsRow:
    """One unit's texts for the attachments, each in its own words (third person). The words are
    made when the template reads them (properties), so that ten thousand schools' texts are not
    held twice."""

    number: int
    unit: str
    district: str
    source: SchoolRow | BureauOwn

    @property
    def practices(self) -> tuple[str, ...]:
        if isinstance(self.source, SchoolRow):
            return tuple(third_person(p.text) for p in self.source.practices)
        return tuple(w.text for w in self.source.work)

    @property
    def honours(self) -> tuple[str, ...]:
        return tuple(h for _, h in self.source.honours)

    @property
    def problems(self) -> tuple[str, ...]:
        """Each with its 措施 when given."""
        return tuple(_problem(c.text, c.measure) for c in self.source.problems)

    @property
    def next_steps(self) -> tuple[str, ...]:
        return tuple(third_person(i.text) for i in self.source.next_steps)

    # The cells as the attachment prints them: each item tidied (text/punctuation.tidy_item, as
    # every list item of a document) and numbered （1）（2） when there are several. Made here
    # rather than in the template: a bureau of ten thousand schools has a hundred thousand items.
    @property
    def practices_cell(self) -> str:
        return numbered(self.practices)

    @property
    def honours_cell(self) -> str:
        return "；".join(self.honours)

    @property
    def problems_cell(self) -> str:
        return numbered(self.problems)

    @property
    def next_steps_cell(self) -> str:
        return numbered(self.next_steps)

    @property
    def has_practices(self) -> bool:
        return bool(self.source.honours or (self.source.practices if isinstance(self.source, SchoolRow) else self.source.work))

    @property
    def has_plans(self) -> bool:
        return bool(self.source.problems or self.source.next_steps)


def numbered(items: Sequence[str]) -> str:
    """Items in one table cell: （1）…。（2）…。 (a single item unnumbered)."""
    if len(items) == 1:
        return _tidy(items[0])
    return "".join(f"（{n}）{_tidy(t)}" for n, t in enumerate(items, start=1))


_tidy = lru_cache(maxsize=16384)(tidy_item)


def _problem(text: str, measure: str | None) -> str:
    said = third_person(text).rstrip("。．.；;，,")
    return f"{said}（措施：{third_person(measure).rstrip('。．.；;，,')}）" if measure else said


def texts_rows(rows: Sequence[SchoolRow], bureaus: Sequence[BureauOwn]) -> list[TextsRow]:
    """The schools in order, then the lower bureaus' own texts (roll-ups), each by its name."""
    out = [TextsRow(n, r.school, r.path[0] if r.path else "", r) for n, r in enumerate(rows, start=1)]
    for b in bureaus:
        out.append(TextsRow(len(out) + 1, b.unit, b.path[0] if len(b.path) > 1 else "", b))
    return out


@dataclass(frozen=True)
class OpenHazardRow:
    number: int
    school: str
    place: str
    category: str
    status: str
    description: str
    measure: str


def open_hazard_rows(rows: Sequence[SchoolRow]) -> list[OpenHazardRow]:
    out: list[OpenHazardRow] = []
    for r in rows:
        for h in r.unfixed:
            out.append(OpenHazardRow(len(out) + 1, r.school, h.place, h.category or "未分类", h.status, h.description, h.measure or ""))
    return out


@dataclass(frozen=True)
class DistrictRow:
    """One lower bureau's schools (a city compiling its districts' roll-ups)."""

    number: int | None
    district: str
    schools: int
    found: Figure
    fixed: Figure
    rate: Decimal | None
    purchase: Figure  # 万元
    government_share: Decimal | None
    projects: int
    project_amount: Figure  # 万元


def district_rows(rows: Sequence[SchoolRow]) -> list[DistrictRow]:
    """Per lower bureau (the first of each row's path), in the order first met, then 合计; empty
    when no school came through a roll-up."""
    groups: dict[str, list[SchoolRow]] = {}
    for r in rows:
        if r.path:
            groups.setdefault(r.path[0], []).append(r)
    if not groups:
        return []

    def line(number: int | None, name: str, members: Sequence[SchoolRow]) -> DistrictRow:
        found, fixed = total((r.hazards_found for r in members), 0), total((r.hazards_fixed for r in members), 0)
        bought, government = total(r.purchase_total for r in members), total(r.government for r in members)
        return DistrictRow(number, name, len(members), found, fixed, rate(fixed, found), bought / WAN,
                           rate(government, bought) if bought else None,
                           sum(r.projects for r in members), total(r.project_amount for r in members) / WAN)

    out = [line(n, name, members) for n, (name, members) in enumerate(sorted(groups.items()), start=1)]
    return out + [line(None, f"{len(groups)}个单位", rows)]


__all__ = ["WAN", "TableRow", "school_row", "total_row", "TextsRow", "texts_rows", "OpenHazardRow", "open_hazard_rows",
           "DistrictRow", "district_rows"]
