"""The time a document covers (学期, 学年 or 年度), with the words it is named by."""
from __future__ import annotations

from dataclasses import dataclass

from houqin_report.facts.model import Facts


@dataclass(frozen=True)
class Period:
    school_year: int | None  # 2023 for 2023—2024学年
    semester: str | None  # 第一学期 / 第二学期 / 全学年
    year: int | None  # 2024 for a 年度 report

    @property
    def title(self) -> str:
        """2023—2024学年第二学期, 2023—2024学年, 2024年度."""
        if self.year is not None:
            return f"{self.year}年度"
        base = f"{self.school_year}—{self.school_year + 1}学年"
        return base if self.semester == "全学年" else base + self.semester

    @property
    def this(self) -> str:
        """本学期 / 本学年 / 本年度."""
        if self.year is not None:
            return "本年度"
        return "本学年" if self.semester == "全学年" else "本学期"

    @property
    def last(self) -> str:
        """上学期 / 上学年 / 上年度: the period before, as a plan names this one."""
        return self.this.replace("本", "上")

    @property
    def next_word(self) -> str:
        return {"本年度": "下一年度", "本学年": "下学年", "本学期": "下学期"}[self.this]

    @property
    def first_month(self) -> tuple[int, int]:
        """(year, month) the period's work begins: September for an autumn term or a 学年,
        February for a spring term, January for a 年度."""
        if self.year is not None:
            return (self.year, 1)
        if self.semester == "第二学期":
            return (self.school_year + 1, 2)
        return (self.school_year, 9)

    @property
    def last_month(self) -> tuple[int, int]:
        """(year, month) the period ends: January, July, August (a 学年) or December."""
        if self.year is not None:
            return (self.year, 12)
        if self.semester == "第一学期":
            return (self.school_year + 1, 1)
        if self.semester == "第二学期":
            return (self.school_year + 1, 7)
        return (self.school_year + 1, 8)

    def following(self) -> "Period":
        """The period after this one: 第一学期 → 第二学期 → next 学年's 第一学期; 年度 → next 年度."""
        if self.year is not None:
            return Period(None, None, self.year + 1)
        if self.semester == "第一学期":
            return Period(self.school_year, "第二学期", None)
        if self.semester == "第二学期":
            return Period(self.school_year + 1, "第一学期", None)
        return Period(self.school_year + 1, "全学年", None)


def period_of(facts: Facts) -> Period:
    return Period(facts.school_year, facts.semester, facts.year)
