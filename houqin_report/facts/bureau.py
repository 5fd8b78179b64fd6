"""A bureau's own facts file (类型: 教育局): what the 教育局 itself did in the term, beside the
schools' files it compiles: its name, its own work (调度会, 督查, 联合检查), district figures
(两免一补, 维修改造资金), its honours, its problems and its 下一步 as its own actions.

It is validated as a school's file is (facts/load.py: every problem with file, line and key
path), and its free text is linted with the same rules (lint/fields.py reads the roles off this
model). The compiled report prints these in the bureau's own voice; nothing in that voice is
written by the tool.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from houqin_report.facts.model import (
    BareText,
    Count,
    Date,
    Future,
    ItemNote,
    Money,
    Number,
    ProblemItem,
    Semester,
    TermText,
    Text,
    WorkItem,
    _json,
    _Model,
    _school_year,
    _year,
    listed,
    period_problem,
)

BUREAU_TYPE = "教育局"
"""The value of 类型 that marks a file as a bureau's own (compile finds it among the schools')."""


def is_bureau_data(data: object) -> bool:
    """Whether a facts file's top-level mapping says it is a bureau's own file."""
    return isinstance(data, dict) and isinstance(data.get("类型"), str) and data["类型"].strip() == BUREAU_TYPE


class BureauFigure(_Model):
    """A district figure of the bureau's own: 两免一补资金 326万元, 受益学生 12000人."""

    # Built on first use, not at import: every `check` and `summary` of a school imports this
    # module (to tell a bureau's file by its 类型) and never validates one.
    model_config = ConfigDict(defer_build=True)

    name: Text = Field(alias="名称", description="如 两免一补资金、校舍维修改造资金、营养改善计划受益学生")
    amount: Money | None = Field(None, alias="金额", description="金额，如 326万元")
    quantity: Count | None = Field(None, alias="数量", description="人数、所数、次数……，如 12000")
    value: Number | None = Field(None, alias="数值", description="其他数值，如 参保率 98.5（单位写 %）")
    unit: Text | None = Field(None, alias="单位", description="数量或数值的单位，如 人、所、%")
    note: ItemNote | None = Field(None, alias="说明", description="如 惠及学生1.2万人次")

    @model_validator(mode="after")
    def _one_figure(self) -> "BureauFigure":
        given = [k for k, v in (("金额", self.amount), ("数量", self.quantity), ("数值", self.value)) if v is not None]
        if not given:
            raise PydanticCustomError("figure", "请填写金额、数量或数值中的一项", {"field": "金额"})
        if len(given) > 1:
            raise PydanticCustomError("figure", "金额、数量、数值只填一项（填了{given}）", {"field": given[1], "given": "、".join(given)})
        return self


class BureauFacts(_Model):
    """One bureau's own facts for one term (or one calendar year)."""

    model_config = ConfigDict(defer_build=True)  # as BureauFigure's

    kind: Annotated[Literal["教育局"], BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)] = Field(
        BUREAU_TYPE, alias="类型", description="写 教育局：汇总时据此认出这是教育局自己的事实文件")
    unit: Text = Field(alias="单位", description="教育局全称，如 伍家岗区教育局")
    superior: Text | None = Field(None, alias="上级单位", description="上一级教育行政部门，如 宜昌市教育局")
    school_year: Annotated[int, BeforeValidator(_school_year), _json({"type": "string"})] | None = Field(None, alias="学年", description="如 2023-2024")
    semester: Semester | None = Field(None, alias="学期", description="第一学期（秋季）、第二学期（春季）或全学年")
    year: Annotated[int, BeforeValidator(_year), _json({"type": ["integer", "string"]})] | None = Field(None, alias="年度", description="按自然年度总结时填写，如 2024")
    signed: Date | None = Field(None, alias="落款日期", description="汇总报告的落款日期")
    opening: TermText | None = Field(None, alias="开头", description="汇总报告的开头一段，用自己的话；不填时只写一句引语")
    closing: TermText | None = Field(None, alias="结尾", description="汇总报告的结尾一段；不填时不写")
    figures: listed(BureauFigure) = Field(default_factory=list, alias="数据", description="全区（市、县）的数据：两免一补、维修改造资金、营养改善计划……")
    work: listed(Annotated[WorkItem, BareText("内容")]) = Field(default_factory=list, alias="工作", description="教育局自己做的工作：调度会、督查、联合检查……")
    honours: listed(Text) = Field(default_factory=list, alias="荣誉", description="教育局获得的荣誉")
    problems: listed(Annotated[ProblemItem, BareText("内容")]) = Field(default_factory=list, alias="存在问题", description="全区工作中存在的问题（教育局的看法）")
    next_steps: listed(Future) = Field(default_factory=list, alias="下一步", description="教育局下一步要做的工作")

    @model_validator(mode="after")
    def _period_given(self) -> "BureauFacts":
        found = period_problem(self.year is not None, self.school_year is not None, self.semester is not None)
        if found:
            raise PydanticCustomError("period", found[1], {"field": found[0]})
        return self


__all__ = ["BUREAU_TYPE", "BureauFacts", "BureauFigure", "is_bureau_data"]
