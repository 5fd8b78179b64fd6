"""What a bureau's staff writer names rather than sums: the largest projects of each 栏目 with
their schools, the serious hazards not yet fixed (校舍) with their schools, and the schools far
below the district's 整改率. (Schools whose figure moved against the district's are found with
the indicators, totals.indicators.)"""
from __future__ import annotations

import heapq
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from houqin_report.facts.approx import nominal
from houqin_report.report.bureau.rows import Figure, SchoolRow

LARGEST = 3  # projects named per 栏目
FAR_BELOW = Decimal(20)  # percentage points under the district's 整改率 that make a school named
MIN_FOUND = 3  # hazards a school must have found for its rate to say anything
SERIOUS = ("校舍",)  # categories whose unfixed hazards are named one by one


@dataclass(frozen=True)
class NamedProject:
    school: str
    name: str
    status: str
    amount: Figure


@dataclass(frozen=True)
class NamedHazard:
    school: str
    place: str
    description: str
    status: str
    measure: str | None


@dataclass(frozen=True)
class LowRate:
    school: str
    rate: Decimal
    found: int
    fixed: int


def largest_projects(rows: Sequence[SchoolRow], printed: Sequence[str], k: int = LARGEST) -> dict[str, tuple[list[NamedProject], int]]:
    """Per 栏目 (the area each project's name files under), its k largest projects by amount
    (an approximate amount by the figure it names) and how many it has with an amount; projects
    without an amount are not ranked."""
    by_area: dict[str, list[tuple[Decimal, int, NamedProject]]] = {}
    counts: dict[str, int] = {}
    n = 0
    for r, name in zip(rows, printed):
        for p in r.project_list:
            if p.amount is None or not p.amount:
                continue
            n += 1
            counts[p.area] = counts.get(p.area, 0) + 1
            heap = by_area.setdefault(p.area, [])
            entry = (Decimal(nominal(p.amount)), -n, NamedProject(name, p.name, p.status, p.amount))
            if len(heap) < k:
                heapq.heappush(heap, entry)
            else:
                heapq.heappushpop(heap, entry)
    return {area: ([e[2] for e in sorted(heap, reverse=True)], counts[area]) for area, heap in by_area.items()}


def serious_hazards(rows: Sequence[SchoolRow], printed: Sequence[str]) -> list[NamedHazard]:
    """Every hazard of a SERIOUS category not yet fixed, school by school."""
    return [NamedHazard(name, h.place, h.description, h.status, h.measure)
            for r, name in zip(rows, printed) for h in r.unfixed if h.category in SERIOUS]


def low_rates(rows: Sequence[SchoolRow], printed: Sequence[str], district: Decimal | None) -> list[LowRate]:
    """Schools that found at least MIN_FOUND hazards, fixed some, and whose 整改率 is FAR_BELOW
    points or more under the district's; lowest first. (Those that fixed none are flagged apart.)"""
    if district is None:
        return []
    low = [LowRate(name, r.hazard_rate, r.hazards_found, r.hazards_fixed) for r, name in zip(rows, printed)
           if r.hazard_rate is not None and not r.flagged and isinstance(r.hazards_found, int)
           and r.hazards_found >= MIN_FOUND and r.hazard_rate <= district - FAR_BELOW]
    low.sort(key=lambda x: (x.rate, -x.found))
    return low


__all__ = ["LARGEST", "FAR_BELOW", "MIN_FOUND", "SERIOUS", "NamedProject", "NamedHazard", "LowRate",
           "largest_projects", "serious_hazards", "low_rates"]
