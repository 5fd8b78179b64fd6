"""The facts file (../shared/design/facts-format.md) as one typed, validated model.

Keys in the file are Chinese (aliases); attribute names are English. Values are parsed by
houqin_report.values, so money is an exact Decimal and dates keep "month only" apart from days.
Cross-field rules live here too, each pointing at the key it is about (ctx["field"]).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from houqin_report.facts import numerals, values
from houqin_report.facts.values import FuzzyDate


MAX_TEXT = 5000
"""Characters per text field. A 说明 is a few sentences; a whole summary is 3,000–8,000 characters.
Longer text is surely pasted by mistake, and would only make the lint and the renderer slow."""


def _text(value: Any) -> str:
    if value is None:
        raise ValueError("不能为空")
    if isinstance(value, bool):
        raise ValueError("应为文字，不能是 true/false（如需这两个词请加引号）")
    if isinstance(value, (int, Decimal)):
        value = str(value)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError("应为一段文字，不能是列表或映射")
    value = value.strip()
    if not value:
        raise ValueError("不能为空")
    if len(value) > MAX_TEXT:
        raise ValueError(f"文字过长（{len(value)} 字）：每一项最多 {MAX_TEXT} 字，请精简或分成几项")
    if "请填写" in value:
        raise ValueError(f"还没有填写（仍是模板里的提示“{values.shown(value, 40)}”）")
    return value


def _filled(parser, number: bool = True):
    """Say "not filled in" for the starter file's prompts instead of "not a number". A number
    YAML 1.1 writes oddly is read as meant (010 → 10) or refused (0x1A, 1:30): numerals.py."""
    def parse(value: Any) -> Any:
        if isinstance(value, str) and "请填写" in value:
            raise ValueError(f"还没有填写（仍是模板里的提示“{values.shown(value, 40)}”）")
        return parser(numerals.meant(value) if number else value)
    return BeforeValidator(parse)


def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


@dataclass(frozen=True)
class BareText:
    """Annotated metadata: a bare string in a list stands for {key: string} (工作: - 某项工作).
    It converts before validation, says so in the JSON Schema, and the lint reads the string
    with the role of key (lint/fields.py)."""

    key: str

    def __call__(self, value: Any) -> Any:
        return {self.key: value} if isinstance(value, str) else value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        return {"anyOf": [{"type": "string"}, handler(schema)]}


@dataclass(frozen=True)
class LintRole:
    """How the lint reads a text field (lint/fields.py walks the model for these). A text
    without a role is a label: a name, a place, a person, checked for placeholders only.
    Prose is checked for everything; its scope says which facts its figures may be compared
    with: PROSE about one hazard (no totals tied to it), SUMMARY the term as a whole (hazard
    totals, batches, drills), ITEM a project's or purchase's own 说明 (its 金额), FUTURE next
    term (figures there are goals, never contradictions)."""

    role: str


LABEL, PROSE, SUMMARY, ITEM, FUTURE = "label", "prose", "summary", "item", "future"


def _json(schema: dict) -> WithJsonSchema:
    return WithJsonSchema(schema)


Text = Annotated[str, BeforeValidator(_text), _json({"type": "string", "minLength": 1})]
Money = Annotated[
    Decimal,
    _filled(values.parse_money),
    PlainSerializer(lambda v: str(v), return_type=str),
    _json({"type": ["number", "string"], "description": "金额：56000、56000元、5.6万、5.6万元、5万6千元、¥56,000"}),
]
Date = Annotated[
    FuzzyDate,
    _filled(values.parse_date, number=False),
    PlainSerializer(lambda v: v.iso(), return_type=str),
    _json({"type": "string", "description": "日期：2024-04-15、2024-4-5、2024年4月15日、2024/4/15，或只写月份 2024-04、2024年4月"}),
]
Count = Annotated[
    int,
    _filled(values.parse_count),
    _json({"type": "integer", "minimum": 0}),
]
Number = Annotated[
    Decimal,
    _filled(values.parse_decimal),
    PlainSerializer(lambda v: str(v), return_type=str),
    _json({"type": ["number", "string"]}),
]
Measure = Annotated[  # 学时: a Number that cannot be negative
    Decimal,
    _filled(values.parse_measure),
    PlainSerializer(lambda v: str(v), return_type=str),
    _json({"type": ["number", "string"], "minimum": 0}),
]
Month = Annotated[int, _filled(values.parse_month), _json({"type": ["integer", "string"], "description": "月份：9、9月、九月"})]
Prose = Annotated[Text, LintRole(PROSE)]
TermText = Annotated[Text, LintRole(SUMMARY)]
ItemNote = Annotated[Text, LintRole(ITEM)]
Future = Annotated[Text, LintRole(FUTURE)]


def _choice(synonyms: dict[str, str]):
    """Accept a value or one of its synonyms (秋季 → 第一学期), spaces ignored."""
    def convert(value: Any) -> Any:
        if isinstance(value, str):
            key = re.sub(r"\s+", "", value)
            return synonyms.get(key, key)
        return value
    return BeforeValidator(convert)


def _list(item: Any) -> Any:
    return Annotated[list[item], BeforeValidator(_none_to_list)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=True, validate_default=False)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data: Any) -> Any:
        # "状态:" with nothing after it means "not given": the default applies. A required
        # key left empty still fails, with "不能为空".
        if not isinstance(data, dict):
            return data
        optional = {f.alias for f in cls.model_fields.values() if not f.is_required()}
        return {k: v for k, v in data.items() if not (v is None and k in optional)}


SchoolType = Literal["小学", "初中", "高中", "九年一贯制", "完全中学", "中职", "幼儿园"]
Semester = Annotated[
    Literal["第一学期", "第二学期", "全学年"],
    _choice({"秋季": "第一学期", "秋季学期": "第一学期", "上学期": "第一学期", "第一学期": "第一学期",
             "春季": "第二学期", "春季学期": "第二学期", "下学期": "第二学期", "第二学期": "第二学期",
             "全年": "全学年", "全学年": "全学年", "学年": "全学年"}),
]
ProjectStatus = Literal["规划", "申报", "已批复", "在建", "完工"]
HazardCategory = Literal["校舍", "消防", "用电", "食堂", "周边", "设备", "其他"]
HazardStatus = Literal["已整改", "整改中", "未整改"]
Channel = Literal["政府采购", "自行采购", "捐赠", "其他"]
PurchaseCategory = Literal["教学设备", "办公设备", "防疫物资", "维修材料", "图书", "其他"]
TrainingType = Literal["培训", "演练", "安全教育", "会议", "其他"]


def _school_year(value: Any) -> int:
    """2023-2024, 2023—2024, 2023~2024学年 → 2023 (the autumn the year starts)."""
    text = re.sub(r"\s+", "", str(value)) if value is not None else ""
    m = re.fullmatch(r"(\d{4})[-—–~～至到/](\d{4})(学年)?(度)?", text)
    if not m:
        raise ValueError(f"学年应写成 2023-2024，不能是“{values.shown(value)}”")
    first, second = int(m.group(1)), int(m.group(2))
    if second != first + 1:
        raise ValueError(f"学年的两个年份应相差一年，如 {first}-{first + 1}")
    return first


def _year(value: Any) -> int:
    text = re.sub(r"\s+", "", str(value)) if value is not None and not isinstance(value, bool) else ""
    m = re.fullmatch(r"(\d{4})(年度?|年)?", text)
    if not m:
        raise ValueError(f"年度应写成 2024，不能是“{values.shown(value)}”")
    return int(m.group(1))


def _extra_value(value: Any, handler: Any) -> Any:
    """A key of one's own in 概况 is shown as written: empty is one problem (not one per kind
    of value it could have been), and a figure is a number only when it reads back as typed:
    电话: 07176123456 stays that text, never a number without its leading zero."""
    if value is None:
        raise ValueError("不能为空（不需要时请删去这一行）")
    if isinstance(value, numerals.Written):
        return str(value)
    result = handler(value)
    if isinstance(value, str) and str(result) != value.strip():
        return value.strip()
    if isinstance(value, Decimal) and str(result) != str(value):
        return value  # 0.0 is not the count 0
    return result


class Overview(BaseModel):
    """概况: headline counts; other keys are allowed and shown as written."""

    model_config = ConfigDict(extra="allow", frozen=True)
    lint_extra: ClassVar[str] = SUMMARY  # keys of one's own are prose about the term
    students: Count | None = Field(None, alias="学生数", description="学生人数")
    staff: Count | None = Field(None, alias="教职工数", description="教职工人数")
    classes: Count | None = Field(None, alias="班级数", description="班级数")
    floor_area: Text | None = Field(None, alias="校舍面积", description="校舍建筑面积，如 12800平方米")
    __pydantic_extra__: dict[str, Annotated[Union[Count, Number, Text], WrapValidator(_extra_value)]]


class Project(_Model):
    name: Text = Field(alias="名称", description="项目名称，如 1号教学楼加固及改造")
    status: ProjectStatus = Field("在建", alias="状态", description="规划、申报、已批复、在建、完工（默认在建）")
    amount: Money | None = Field(None, alias="金额", description="项目金额")
    funding: Text | None = Field(None, alias="资金来源", description="区财政、自筹、社会捐助……")
    start: Date | None = Field(None, alias="开工日期")
    end: Date | None = Field(None, alias="完工日期")
    note: ItemNote | None = Field(None, alias="说明", description="进展或成效")

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Project":
        if self.start and self.end and self.end.before(self.start):
            raise PydanticCustomError("date_order", "完工日期 {end} 早于开工日期 {start}", {"field": "完工日期", "end": str(self.end), "start": str(self.start)})
        return self


class Hazard(_Model):
    place: Text = Field(alias="位置", description="隐患所在位置")
    description: Prose = Field(alias="描述", description="隐患情况")
    category: HazardCategory | None = Field(None, alias="类别", description="校舍、消防、用电、食堂、周边、设备、其他")
    found: Date | None = Field(None, alias="发现日期")
    fixed: Date | None = Field(None, alias="整改日期")
    status_given: HazardStatus | None = Field(None, alias="状态", description="已整改、整改中、未整改；不填时有整改日期为已整改，否则为未整改")
    measure: Prose | None = Field(None, alias="措施", description="整改措施")
    cost: Money | None = Field(None, alias="费用", description="整改费用")
    owner: Text | None = Field(None, alias="责任人")

    @property
    def status(self) -> str:
        if self.status_given:
            return self.status_given
        return "已整改" if self.fixed else "未整改"

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Hazard":
        if self.found and self.fixed and self.fixed.before(self.found):
            raise PydanticCustomError("date_order", "整改日期 {fixed} 早于发现日期 {found}", {"field": "整改日期", "fixed": str(self.fixed), "found": str(self.found)})
        return self


class Inspection(_Model):
    rounds: Count | None = Field(None, alias="排查次数", description="排查轮次")
    hazards: _list(Hazard) = Field(default_factory=list, alias="隐患", description="隐患清单")
    found_total: Count | None = Field(None, alias="发现数", description="发现隐患总数（不列清单时填写）")
    fixed_total: Count | None = Field(None, alias="整改数", description="已整改隐患数（不列清单时填写）")

    @property
    def found_count(self) -> int:
        return len(self.hazards) if self.hazards else (self.found_total or 0)

    @property
    def fixed_count(self) -> int:
        if self.hazards:
            return sum(1 for h in self.hazards if h.status == "已整改")
        return self.fixed_total or 0

    @model_validator(mode="after")
    def _totals_agree(self) -> "Inspection":
        if self.found_total is not None and self.fixed_total is not None and self.fixed_total > self.found_total:
            raise PydanticCustomError("totals", "整改数 {fixed} 大于发现数 {found}", {"field": "整改数", "fixed": self.fixed_total, "found": self.found_total})
        if self.hazards:
            listed, fixed = len(self.hazards), sum(1 for h in self.hazards if h.status == "已整改")
            if self.found_total is not None and self.found_total != listed:
                raise PydanticCustomError("totals", "发现数写的是 {given}，但隐患清单列了 {listed} 处", {"field": "发现数", "given": self.found_total, "listed": listed})
            if self.fixed_total is not None and self.fixed_total != fixed:
                raise PydanticCustomError("totals", "整改数写的是 {given}，但隐患清单中已整改的是 {fixed} 处", {"field": "整改数", "given": self.fixed_total, "fixed": fixed})
        elif self.fixed_total is not None and self.found_total is None:
            raise PydanticCustomError("totals", "填写了整改数 {fixed}，却没有发现数", {"field": "发现数", "fixed": self.fixed_total})
        return self


class Purchase(_Model):
    item: Text = Field(alias="物品", description="物品名称，如 电脑、打印机等办公设备")
    quantity: Count | None = Field(None, alias="数量")
    unit: Text | None = Field(None, alias="单位", description="台、套、件……")
    amount: Money = Field(alias="金额", description="金额")
    channel: Channel = Field("自行采购", alias="渠道", description="政府采购、自行采购、捐赠、其他（默认自行采购）")
    category: PurchaseCategory | None = Field(None, alias="类别", description="教学设备、办公设备、防疫物资、维修材料、图书、其他")
    date: Date | None = Field(None, alias="日期")
    note: ItemNote | None = Field(None, alias="说明")


class Training(_Model):
    name: Text = Field(alias="名称", description="如 消防疏散演练")
    kind: TrainingType = Field("培训", alias="类型", description="培训、演练、安全教育、会议、其他（默认培训）")
    date: Date | None = Field(None, alias="日期")
    people: Count | None = Field(None, alias="人数", description="参加人次")
    hours: Measure | None = Field(None, alias="学时", description="学时")
    audience: Text | None = Field(None, alias="对象", description="如 全体师生")
    organizer: Text | None = Field(None, alias="组织", description="如 区消防大队")


class WorkItem(_Model):
    text: TermText = Field(alias="内容", description="做了什么")
    section: Text | None = Field(None, alias="栏目", description="归入哪一栏；不填时按文字自动归类")


class Indicator(_Model):
    name: Text = Field(alias="名称", description="如 用电量、用水量、食堂满意度")
    current: Number = Field(alias="本期", description="本期数值")
    previous: Number | None = Field(None, alias="上期", description="上期数值")
    unit: Text | None = Field(None, alias="单位", description="如 千瓦时、吨、%")


class PlanItem(_Model):
    text: Future = Field(alias="内容", description="要做的工作")
    section: Text | None = Field(None, alias="栏目")
    month: Month | None = Field(None, alias="月份", description="安排在几月：9、9月、九月")
    owner: Text | None = Field(None, alias="责任", description="责任部门或责任人")


class Plan(_Model):
    goals: _list(Future) = Field(default_factory=list, alias="目标", description="下学期工作目标")
    tasks: _list(Annotated[PlanItem, BareText("内容")]) = Field(default_factory=list, alias="重点工作")


class Facts(_Model):
    """One school's facts for one term (or one calendar year)."""

    school: Text = Field(alias="学校", description="学校全称，如 伍家岗区中南路小学")
    bureau: Text | None = Field(None, alias="上级单位", description="主管教育局，如 伍家岗区教育局")
    department: Text = Field("总务处", alias="部门", description="撰写部门，默认总务处")
    school_type: SchoolType | None = Field(None, alias="学校类型", description="小学、初中、高中、九年一贯制、完全中学、中职、幼儿园")
    school_year: Annotated[int, BeforeValidator(_school_year), _json({"type": "string", "pattern": "^\\d{4}\\s*[-—–~～至]\\s*\\d{4}"})] | None = Field(None, alias="学年", description="如 2023-2024")
    semester: Semester | None = Field(None, alias="学期", description="第一学期（秋季）、第二学期（春季）或全学年")
    year: Annotated[int, BeforeValidator(_year), _json({"type": ["integer", "string"]})] | None = Field(None, alias="年度", description="按自然年度总结时填写，如 2024")
    signed: Date | None = Field(None, alias="落款日期", description="落款日期")
    overview: Overview | None = Field(None, alias="概况", description="学生数、教职工数、班级数、校舍面积……")
    projects: _list(Project) = Field(default_factory=list, alias="项目建设")
    inspection: Inspection | None = Field(None, alias="隐患排查")
    purchases: _list(Purchase) = Field(default_factory=list, alias="采购")
    trainings: _list(Training) = Field(default_factory=list, alias="培训")
    work: _list(Annotated[WorkItem, BareText("内容")]) = Field(default_factory=list, alias="工作")
    indicators: _list(Indicator) = Field(default_factory=list, alias="指标")
    honours: _list(Text) = Field(default_factory=list, alias="荣誉")
    problems: _list(TermText) = Field(default_factory=list, alias="存在问题")
    next_steps: _list(Future) = Field(default_factory=list, alias="下一步")
    plan: Plan | None = Field(None, alias="计划")

    @model_validator(mode="after")
    def _period_given(self) -> "Facts":
        found = period_problem(self.year is not None, self.school_year is not None, self.semester is not None)
        if found:
            raise PydanticCustomError("period", found[1], {"field": found[0]})
        return self

    @property
    def hazards(self) -> list[Hazard]:
        return list(self.inspection.hazards) if self.inspection else []


def period_problem(has_year: bool, has_school_year: bool, has_semester: bool) -> tuple[str, str] | None:
    """(key, message) when the period keys do not say one term or one year, else None.

    The loader also calls this on the raw mapping, so that a missing period is reported
    together with every other problem, not only once the rest of the file is valid.
    """
    if has_year and has_school_year:
        return "年度", "学年和年度只能填一个：按学期总结填学年和学期，按自然年总结填年度"
    if not has_year and not has_school_year:
        return "学年", "缺少时段：请填写学年（如 2023-2024）和学期，或填写年度（如 2024）"
    if has_year and has_semester:
        return "学期", "按年度总结时不填学期"
    if has_school_year and not has_semester:
        return "学期", "填写了学年，还要填写学期：第一学期（秋季）、第二学期（春季）或全学年"
    return None
