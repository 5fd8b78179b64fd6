"""Gathering the schools' texts without putting words in their mouths.

A group may gather similar items, but what is printed for a school is that school's own words:
- texts with the same words (names.same_words: spaces, a closing mark and a leading 我校 aside)
  are one Said, printed once with every school that wrote them;
- texts with different words are never merged, however many words they share ("完成1号教学楼
  加固改造" and "争取1号教学楼加固改造项目批复" say different things);
- 存在问题 and 下一步 are gathered by 方面 (the theme each was filed under in the fold,
  text/themes.py): a Theme names its schools and counts them, and quotes some of them, each in
  its own words.

What the report quotes is chosen fairly (pick): items backed by an honour or a project first,
one per school before a second from the same school, and schools quoted less often elsewhere in
the report before those quoted more. Everything not quoted is in the attachments and the
workbook; the report says so.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import AbstractSet, Iterable, Sequence

from houqin_report.report.bureau.names import same_words, third_person

MAX_NAMES = 3  # schools named for one text before 等N所学校
MAX_QUOTES = 3  # texts quoted for a theme or an area


class _Named:
    """Something written by units (a text, a theme): how many, and those named in a sentence."""

    units: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.units)

    @property
    def named(self) -> tuple[str, ...]:
        return self.units[:MAX_NAMES]

    @property
    def more(self) -> bool:
        return len(self.units) > MAX_NAMES


@dataclass(frozen=True)
class Said(_Named):
    """One text, in the words of the units that wrote it (its first writer's spelling)."""

    text: str  # the third-person form, to follow the names
    units: tuple[str, ...]  # as printed, in unit order
    backed: str | None = None  # 荣誉, 项目 or 重点 (rows.Practice.backed), for practices
    first: int = 0  # position of its first writing: ties go to the text met first
    measure: str | None = None  # a problem's 措施, when each unit that wrote it gave the same one


@dataclass(frozen=True)
class Theme(_Named):
    """The items of one 方面: every unit that wrote one, and the quotes the report prints."""

    name: str
    units: tuple[str, ...]  # every unit with an item here, in unit order
    items: int
    quotes: tuple[Said, ...]
    everyone: bool  # every school compiled wrote about it

    @property
    def unquoted(self) -> tuple[str, ...]:
        """The units of the theme that no quote names (their words are in the attachment)."""
        quoted = {u for q in self.quotes for u in q.units}
        return tuple(u for u in self.units if u not in quoted)

    @property
    def all_quoted(self) -> bool:
        return not self.unquoted


class Fairness:
    """How often each unit has been quoted so far in the report (shared by every pick)."""

    def __init__(self) -> None:
        self.quoted: Counter[str] = Counter()

    def pick(self, said: Sequence[Said], k: int) -> list[Said]:
        """Up to k texts: backed ones first, one per unit before a second from the same unit,
        units quoted less often so far first; in the order met otherwise."""
        rank = {"荣誉": 0, "项目": 1, "重点": 2}
        ordered = sorted(said, key=lambda s: (rank.get(s.backed, 3), min(self.quoted[u] for u in s.units), s.first))
        chosen: list[Said] = []
        used: set[str] = set()
        for fresh_only in (True, False):
            for s in ordered:
                if len(chosen) >= k:
                    break
                if s in chosen or (fresh_only and used.intersection(s.units)):
                    continue
                chosen.append(s)
                used.update(s.units)
        chosen.sort(key=lambda s: ordered.index(s))
        for s in chosen:
            self.quoted.update(s.units)
        return chosen


def merge(items: Iterable[tuple[str, str, int, str | None, str | None]]) -> list[Said]:
    """(text, unit, unit's position, backed, measure) → one Said per distinct words, its units in
    unit order, in the order first met."""
    found: dict[str, dict] = {}
    for position, (text, unit, order, backed, measure) in enumerate(items):
        key = same_words(text)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = {"text": third_person(text), "units": {}, "backed": backed, "first": position, "measures": set()}
        entry["units"].setdefault(unit, order)
        entry["measures"].add(measure)
        if entry["backed"] is None or (backed is not None and backed < entry["backed"]):
            entry["backed"] = backed
    out = []
    for e in found.values():
        units = tuple(sorted(e["units"], key=e["units"].get))
        measures = e["measures"]
        measure = next(iter(measures)) if len(measures) == 1 else None
        out.append(Said(e["text"], units, e["backed"], e["first"], measure))
    return out


def themes(items: Iterable[tuple[str, str, str, int, str | None]], schools: AbstractSet[str], fair: Fairness,
           quotes: int = MAX_QUOTES) -> list[Theme]:
    """(theme, text, unit, unit's position, measure) → the themes, most units first (ties: the
    theme met first), each with its quotes chosen fairly. schools: the schools compiled (as
    printed), to tell a theme every one of them wrote about."""
    grouped: dict[str, list[tuple[str, str, int, None, str | None]]] = {}
    for theme, text, unit, order, measure in items:
        grouped.setdefault(theme, []).append((text, unit, order, None, measure))
    ranked = []
    for first, (name, members) in enumerate(grouped.items()):
        positions = {unit: order for _, unit, order, _, _ in members}
        units = tuple(sorted(positions, key=positions.get))
        ranked.append((-len(units), first, name, units, members))
    ranked.sort(key=lambda t: (t[0], t[1]))
    out = []
    for _, _, name, units, members in ranked:
        said = merge(members)
        out.append(Theme(name, units, len(members), tuple(fair.pick(said, quotes)), len(schools) > 1 and schools <= set(units)))
    return out


__all__ = ["MAX_NAMES", "MAX_QUOTES", "Said", "Theme", "Fairness", "merge", "themes"]
