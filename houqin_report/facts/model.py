"""The facts file (../shared/design/facts-format.md, widened by issue 13) as one typed, validated
model.

Keys in the file are Chinese (aliases); attribute names are English. The value types are in
facts/types.py. Cross-field rules live here too, each pointing at the key it is about
(ctx["field"]).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WrapValidator, model_validator
from pydantic_core import PydanticCustomError

from houqin_report.facts import values, yaml_numbers
from houqin_report.facts.approx import Approx
from houqin_report.facts.types import (  # noqa: F401 - the markers are read off the model by lint/fields.py
    FUTURE,
    ITEM,
    LABEL,
    MAX_TEXT,
    PROSE,
    SUMMARY,
    BareText,
    Count,
    Date,
    Future,
    ItemNote,
    LintRole,
    Measure,
    Money,
    Month,
    Number,
    Prose,
    TermText,
    Text,
    YesNo,
    _json,
    _text,
    choice,
    listed,
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=True, validate_default=False,
                              arbitrary_types_allowed=True)

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
    choice({"秋季": "第一学期", "秋季学期": "第一学期", "上学期": "第一学期", "第一学期": "第一学期",
            "春季": "第二学期", "春季学期": "第二学期", "下学期": "第二学期", "第二学期": "第二学期",
            "全年": "全学年", "全学年": "全学年", "学年": "全学年"}),
]
PROJECT_SYNONYMS = {
    "已完工": "完工", "竣工": "完工", "已竣工": "完工", "完成": "完工", "已完成": "完工", "竣工验收": "完工",
    "施工中": "在建", "正在施工": "在建", "在施工": "在建", "建设中": "在建", "已开工": "在建",
    "设计": "勘察设计", "勘察": "勘察设计", "方案设计": "勘察设计", "设计中": "勘察设计",
    "招投标": "招标", "招标中": "招标", "挂网招标": "招标",
    "已立项": "已批复", "批复": "已批复", "已申报": "申报", "申报中": "申报", "计划": "规划",
}
ProjectStage = Literal["规划", "申报", "已批复", "勘察设计", "招标", "在建", "完工"]
ProjectStatus = Annotated[ProjectStage, choice(PROJECT_SYNONYMS)]
HazardCategory = Literal["校舍", "消防", "用电", "食堂", "周边", "设备", "其他"]
HazardStatus = Literal["已整改", "整改中", "未整改"]
Channel = Literal["政府采购", "自行采购", "捐赠", "其他"]
PurchaseCategory = Literal["教学设备", "办公设备", "防疫物资", "维修材料", "图书", "其他"]
TrainingType = Literal["培训", "演练", "安全教育", "会议", "其他"]
CampaignStage = Annotated[
    Literal["筹备中", "申报中", "迎检中", "已通过", "未通过"],
    choice({"创建中": "筹备中", "准备中": "筹备中", "已申报": "申报中", "待验收": "迎检中", "迎检": "迎检中",
            "通过": "已通过", "已验收": "已通过", "验收通过": "已通过", "达标": "已通过"}),
]


def _school_year(value: Any) -> int:
    """2023-2024, 2023—2024, 2023~2024学年 → 2023 (the autumn the year starts)."""
    import re

    text = re.sub(r"\s+", "", str(value)) if value is not None else ""
    m = re.fullmatch(r"(\d{4})[-—–~～至到/](\d{4})(学年)?(度)?", text)
    if not m:
        raise ValueError(f"学年应写成 2023-2024，不能是“{values.shown(value)}”")
    first, second = int(m.group(1)), int(m.group(2))
    if second != first + 1:
        raise ValueError(f"学年的两个年份应相差一年，如 {first}-{first + 1}")
    return first


def _year(value: Any) -> int:
    import re

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
    if isinstance(value, yaml_numbers.Written):
        return str(value)
    result = handler(value)
    if isinstance(value, str) and str(result) != value.strip():
        return value.strip()
    if isinstance(value, Decimal) and str(result) != str(value):
        return value  # 0.0 is not the count 0
    return result


class Overview(BaseModel):
    """概况: headline counts; other keys are allowed and shown as written."""

    model_config = ConfigDict(extra="allow", frozen=True, arbitrary_types_allowed=True)
    lint_extra: ClassVar[str] = SUMMARY  # keys of one's own are prose about the term
    students: Count | None = Field(None, alias="学生数", description="学生人数（幼儿园：幼儿人数）")
    staff: Count | None = Field(None, alias="教职工数", description="教职工人数")
    classes: Count | None = Field(None, alias="班级数", description="班级数")
    boarders: Count | None = Field(None, alias="住校生数", description="住校（寄宿）学生人数")
    floor_area: Text | None = Field(None, alias="校舍面积", description="校舍建筑面积，如 12800平方米")
    __pydantic_extra__: dict[str, Annotated[Union[Count, Number, Text], WrapValidator(_extra_value)]]


class Project(_Model):
    name: Text = Field(alias="名称", description="项目名称，如 1号教学楼加固及改造")
    status: ProjectStatus = Field("在建", alias="状态", description="规划、申报、已批复、勘察设计、招标、在建、完工（默认在建；已完工、竣工也可）")
    amount: Money | None = Field(None, alias="金额", description="项目金额（总投资）")
    total: Money | None = Field(None, alias="总投资", description="项目总投资，与“金额”只填一个")
    spent: Money | None = Field(None, alias="本期投入", description="本学期（年度）实际投入，分期拨付的项目填写")
    funding: Text | None = Field(None, alias="资金来源", description="区财政、自筹、社会捐助……")
    size: Text | None = Field(None, alias="面积", description="建筑或改造面积，如 1200平方米")
    works: Text | None = Field(None, alias="工程量", description="主要工程量，如 硬化地面800平方米")
    start: Date | None = Field(None, alias="开工日期")
    end: Date | None = Field(None, alias="完工日期")
    note: ItemNote | None = Field(None, alias="说明", description="进展或成效")

    @property
    def investment(self) -> Decimal | Approx | None:
        """The project's whole amount, however the office named it (金额 or 总投资)."""
        return self.amount if self.amount is not None else self.total

    @model_validator(mode="after")
    def _consistent(self) -> "Project":
        if self.amount is not None and self.total is not None:
            raise PydanticCustomError("amounts", "金额和总投资只填一个：金额就是项目的总投资", {"field": "总投资"})
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


def _rounds(value: Any) -> Any:
    """排查次数: a count (12, 约20) or how often (每周一次, 每月两次, 不定期); a count YAML 1.1
    writes oddly read as meant (010 → 10) or refused (0x1A, 1:20)."""
    value = yaml_numbers.meant(value)
    frequency = values.parse_frequency(value)
    return frequency if frequency is not None else values.parse_count(value)


class Inspection(_Model):
    rounds: Annotated[Union[int, Approx, str], PlainValidator(_rounds),
                      _json({"type": ["integer", "string"], "description": "排查次数（如 12），或频次（如 每周一次、不定期）"})] | None = Field(None, alias="排查次数", description="排查轮次，或频次：每周一次、每月两次、不定期")
    listing: Annotated[Literal["全部", "重点"], choice({"全部隐患": "全部", "重点隐患": "重点", "只列重点": "重点"})] = Field(
        "全部", alias="清单", description="隐患清单列的是全部隐患（默认）还是只列重点隐患；只列重点时另填发现数、整改数")
    hazards: listed(Hazard) = Field(default_factory=list, alias="隐患", description="隐患清单")
    found_total: Count | None = Field(None, alias="发现数", description="发现隐患总数（不列清单或只列重点时填写）")
    fixed_total: Count | None = Field(None, alias="整改数", description="已整改隐患数（不列清单或只列重点时填写）")

    @property
    def key_only(self) -> bool:
        """The list holds the key hazards only; the totals count all of them."""
        return self.listing == "重点"

    @property
    def found_count(self) -> int | Approx:
        if self.hazards and not (self.key_only and self.found_total is not None):
            return len(self.hazards)
        return self.found_total or 0

    @property
    def fixed_count(self) -> int | Approx:
        if self.hazards and not (self.key_only and self.fixed_total is not None):
            return sum(1 for h in self.hazards if h.status == "已整改")
        return self.fixed_total or 0

    @model_validator(mode="after")
    def _totals_agree(self) -> "Inspection":
        found, fixed = self.found_total, self.fixed_total
        exact = not isinstance(found, Approx) and not isinstance(fixed, Approx)
        if found is not None and fixed is not None and exact and fixed > found:
            raise PydanticCustomError("totals", "整改数 {fixed} 大于发现数 {found}", {"field": "整改数", "fixed": fixed, "found": found})
        if self.hazards:
            listed_n, fixed_n = len(self.hazards), sum(1 for h in self.hazards if h.status == "已整改")
            if self.key_only:
                if found is None:
                    raise PydanticCustomError("totals", "清单只列重点隐患时，请填写发现数（全部隐患的总数）", {"field": "发现数"})
                if not isinstance(found, Approx) and found < listed_n:
                    raise PydanticCustomError("totals", "发现数 {given} 少于清单列出的重点隐患 {listed} 处", {"field": "发现数", "given": found, "listed": listed_n})
                if fixed is not None and not isinstance(fixed, Approx) and fixed < fixed_n:
                    raise PydanticCustomError("totals", "整改数 {given} 少于清单中已整改的重点隐患 {fixed} 处", {"field": "整改数", "given": fixed, "fixed": fixed_n})
            else:
                if found is not None and found != listed_n:
                    hint = "；只列了重点隐患时请加“清单: 重点”" if not isinstance(found, Approx) and found > listed_n else ""
                    raise PydanticCustomError("totals", "发现数写的是 {given}，但隐患清单列了 {listed} 处" + hint, {"field": "发现数", "given": found, "listed": listed_n})
                if fixed is not None and fixed != fixed_n:
                    raise PydanticCustomError("totals", "整改数写的是 {given}，但隐患清单中已整改的是 {fixed} 处", {"field": "整改数", "given": fixed, "fixed": fixed_n})
        elif fixed is not None and found is None:
            raise PydanticCustomError("totals", "填写了整改数 {fixed}，却没有发现数", {"field": "发现数", "fixed": fixed})
        return self


class Purchase(_Model):
    item: Text = Field(alias="物品", description="物品名称，如 电脑、打印机等办公设备")
    quantity: Count | None = Field(None, alias="数量")
    unit: Text | None = Field(None, alias="单位", description="台、套、件……")
    amount: Money | None = Field(None, alias="金额", description="金额；不知道时可不填")
    channel: Channel | None = Field(None, alias="渠道", description="政府采购、自行采购、其他（不填为未注明；捐赠的物资写在“捐赠”里）")
    category: PurchaseCategory | None = Field(None, alias="类别", description="教学设备、办公设备、防疫物资、维修材料、图书、其他")
    date: Date | None = Field(None, alias="日期")
    note: ItemNote | None = Field(None, alias="说明")


class Donation(_Model):
    item: Text = Field(alias="物品", description="捐赠的物资或款项，如 图书、空调")
    quantity: Count | None = Field(None, alias="数量")
    unit: Text | None = Field(None, alias="单位")
    amount: Money | None = Field(None, alias="金额", description="价值或款额")
    donor: Text | None = Field(None, alias="捐赠方", description="如 某公司、校友会")
    category: PurchaseCategory | None = Field(None, alias="类别", description="教学设备、办公设备、防疫物资、维修材料、图书、其他")
    date: Date | None = Field(None, alias="日期")
    note: ItemNote | None = Field(None, alias="说明")


class Training(_Model):
    name: Text = Field(alias="名称", description="如 消防疏散演练")
    kind: TrainingType = Field("培训", alias="类型", description="培训、演练、安全教育、会议、其他（默认培训）")
    date: Date | None = Field(None, alias="日期")
    people: Count | None = Field(None, alias="人数", description="参加人数")
    hours: Measure | None = Field(None, alias="学时", description="学时")
    audience: Text | None = Field(None, alias="对象", description="如 全体师生")
    organizer: Text | None = Field(None, alias="组织", description="如 区消防大队")


class WorkItem(_Model):
    text: TermText = Field(alias="内容", description="做了什么")
    section: Text | None = Field(None, alias="栏目", description="归入哪一栏；不填时按文字自动归类")
    month: Month | None = Field(None, alias="月份", description="几月做的：9、9月、九月")
    date: Date | None = Field(None, alias="日期", description="哪天做的")
    quantity: Count | None = Field(None, alias="数量")
    unit: Text | None = Field(None, alias="单位")
    amount: Money | None = Field(None, alias="金额")
    key: YesNo = Field(False, alias="重点", description="本学期的重点工作或突出成绩：是")


class ProblemItem(_Model):
    text: TermText = Field(alias="内容", description="存在的问题")
    measure: Future | None = Field(None, alias="措施", description="下一步针对这个问题的措施；不写且下一步、重点工作都没说到它时，计划不写这一条（check 会提示）")


class Indicator(_Model):
    name: Text = Field(alias="名称", description="如 用电量、用水量、食堂满意度")
    current: Number = Field(alias="本期", description="本期数值")
    previous: Number | None = Field(None, alias="上期", description="上期数值")
    unit: Text | None = Field(None, alias="单位", description="如 千瓦时、吨、%")


class Budget(_Model):
    """经费: the budget and what of it was spent (执行率)."""

    planned: Money | None = Field(None, alias="预算", description="本期预算")
    spent: Money | None = Field(None, alias="已执行", description="已支出（执行）的金额")
    note: ItemNote | None = Field(None, alias="说明", description="如 公用经费、专项经费的使用情况")


class Assets(_Model):
    """校产: the school's property ledger."""

    value: Money | None = Field(None, alias="资产总值", description="固定资产总值")
    added: Money | None = Field(None, alias="新增", description="本期新增固定资产")
    retired: Count | None = Field(None, alias="报废数量", description="本期报废（处置）资产件数")
    retired_value: Money | None = Field(None, alias="报废金额")
    transferred: Count | None = Field(None, alias="上拨数量", description="调拨、上交的资产件数")
    note: ItemNote | None = Field(None, alias="说明", description="清查、盘点情况")


class Meals(_Model):
    """膳食: the canteen's meals and nutrition."""

    diners: Count | None = Field(None, alias="就餐人数", description="每天在校就餐人数")
    nutrition: Count | None = Field(None, alias="营养餐人数", description="享受营养餐（营养改善计划）的学生人数")
    subsidy: Money | None = Field(None, alias="营养餐补助", description="营养餐补助金额")
    menu: Text | None = Field(None, alias="带量食谱", description="如 每周制定并公示")
    note: ItemNote | None = Field(None, alias="说明")


class Order(_Model):
    """征订: what the office ordered for pupils (牛奶, 校服, 作业本, 教辅)."""

    item: Text = Field(alias="品种", description="如 学生奶、校服、作业本")
    quantity: Count | None = Field(None, alias="数量")
    unit: Text | None = Field(None, alias="单位", description="份、套、本……")
    amount: Money | None = Field(None, alias="金额")
    note: ItemNote | None = Field(None, alias="说明", description="如 家长自愿、按规定公示")


class Campaign(_Model):
    """创建: a campaign or inspection in progress (not only the honour once won)."""

    name: Text = Field(alias="名称", description="如 省级文明校园、市级绿色学校")
    stage: CampaignStage = Field("筹备中", alias="进展", description="筹备中、申报中、迎检中、已通过、未通过")
    date: Date | None = Field(None, alias="日期", description="申报、迎检或通过的日期")
    note: ItemNote | None = Field(None, alias="说明")


class PlanItem(_Model):
    text: Future = Field(alias="内容", description="要做的工作")
    section: Text | None = Field(None, alias="栏目")
    month: Month | None = Field(None, alias="月份", description="安排在几月：9、9月、九月")
    owner: Text | None = Field(None, alias="责任", description="责任部门或责任人")


class Plan(_Model):
    guidance: Future | None = Field(None, alias="指导思想", description="计划的指导思想；不填时按学校类型生成")
    goals: listed(Future) = Field(default_factory=list, alias="目标", description="下学期工作目标")
    tasks: listed(Annotated[PlanItem, BareText("内容")]) = Field(default_factory=list, alias="重点工作")
    signed: Date | None = Field(None, alias="落款日期", description="计划的落款日期；不填时用事实文件的落款日期")


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
    opening: TermText | None = Field(None, alias="开头", description="总结的开头一段，用自己的话；不填时自动生成")
    closing: TermText | None = Field(None, alias="结尾", description="总结的结尾一段；不填时自动生成")
    overview: Overview | None = Field(None, alias="概况", description="学生数、教职工数、班级数、住校生数、校舍面积……")
    projects: listed(Project) = Field(default_factory=list, alias="项目建设")
    inspection: Inspection | None = Field(None, alias="隐患排查")
    purchases: listed(Purchase) = Field(default_factory=list, alias="采购")
    donations: listed(Donation) = Field(default_factory=list, alias="捐赠", description="学校接受的捐赠（不计入采购）")
    trainings: listed(Training) = Field(default_factory=list, alias="培训")
    budget: Budget | None = Field(None, alias="经费", description="预算与执行")
    assets: Assets | None = Field(None, alias="校产", description="资产总值、新增、报废、上拨")
    meals: Meals | None = Field(None, alias="膳食", description="就餐人数、营养餐、带量食谱")
    orders: listed(Order) = Field(default_factory=list, alias="征订", description="学生奶、校服、作业本等征订")
    campaigns: listed(Campaign) = Field(default_factory=list, alias="创建", description="正在创建或迎检的项目")
    work: listed(Annotated[WorkItem, BareText("内容")]) = Field(default_factory=list, alias="工作")
    indicators: listed(Indicator) = Field(default_factory=list, alias="指标")
    honours: listed(Text) = Field(default_factory=list, alias="荣誉")
    problems: listed(Annotated[ProblemItem, BareText("内容")]) = Field(default_factory=list, alias="存在问题")
    next_steps: listed(Future) = Field(default_factory=list, alias="下一步")
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

    @property
    def all_purchases(self) -> list[Purchase]:
        """Purchases proper: a purchase written with 渠道 捐赠 is a donation (see donated)."""
        return [p for p in self.purchases if p.channel != "捐赠"]

    @property
    def donated(self) -> list[Donation]:
        """Every donation: the 捐赠 list, then purchases written with 渠道 捐赠 (older files)."""
        moved = [Donation.model_construct(item=p.item, quantity=p.quantity, unit=p.unit, amount=p.amount,
                                          donor=None, category=p.category, date=p.date, note=p.note)
                 for p in self.purchases if p.channel == "捐赠"]
        return list(self.donations) + moved


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


def period_context(data: object) -> dict:
    """The validation context of a raw facts mapping: the (school year, calendar year) that
    dates written without a year (5月) belong to, when the file says so validly."""
    if not isinstance(data, dict):
        return {}
    school_year = year = None
    try:
        if data.get("学年") is not None:
            school_year = _school_year(data["学年"])
        if data.get("年度") is not None:
            year = _year(data["年度"])
    except ValueError:
        return {}
    if (school_year is None) == (year is None):
        return {}
    return {"period": (school_year, year)}


__all__ = [
    "Facts", "Overview", "Project", "Hazard", "Inspection", "Purchase", "Donation", "Training", "WorkItem",
    "ProblemItem", "Indicator", "Budget", "Assets", "Meals", "Order", "Campaign", "PlanItem", "Plan",
    "period_problem", "period_context", "MAX_TEXT", "LABEL", "PROSE", "SUMMARY", "ITEM", "FUTURE",
    "BareText", "LintRole", "Text", "Money", "Count", "Date", "Number", "Month",
    "SchoolType", "ProjectStage", "ProjectStatus", "HazardCategory", "HazardStatus", "Channel", "PurchaseCategory", "TrainingType",
]
