"""Contradictions (错误): a figure in the prose that the structured facts contradict — 整改率
(100% or 百分之百, and any rate when no hazard was found), hazards found / fixed, a claim that
every hazard was fixed (全部整改到位), inspection rounds, drills, and an item's total amount
in its own 说明. Only figures that can be tied to one fact are checked; a figure's scope comes
from its field's role (lint/fields.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterator

from houqin_report.facts import values
from houqin_report.facts.approx import Approx
from houqin_report.facts.model import ITEM, SUMMARY, Facts
from houqin_report.lint.texts import Text, clause_at, sentence_at
from houqin_report.text.chars import ONE_TO_ONE
from houqin_report.text import numbers as wording
from houqin_report.report.figures import hazard_figures

_NUM = r"(\d+(?:\.\d+)?)"
_CN_PERCENT = r"百分之([零〇一二两三四五六七八九十百点]+)"
# 整改率为100% / 整改率达到百分之百 / 整改率为百分之九十点五
_RATE = re.compile(r"整改(?:到位)?率(?:为|是|达到?了?|已达到?|高达|:)?\s*(?:" + _NUM + r"\s*%|" + _CN_PERCENT + r")(以上)?")
_TOTAL = r"(?:共计|合计|总计|累计|共)"
_FOUND = re.compile(
    r"(?:排查出|排查发现|检查出|检查发现|查出|发现|排查)(?!率)([^，,。；;：:\d]{0,10}?)隐患[，,]?" + _TOTAL + r"?\s*(\d+)\s*(?:处|个|项|条|起)"
    r"|(?:排查出|排查发现|检查发现|查出|发现)(?:了|各类|各种|大小)?" + _TOTAL + r"?\s*(\d+)\s*(?:处|个|项|条|起)(?:[^，,。；;\d]{0,6}?)隐患"
)
# 整改3处 / 已整改隐患10处 / 整改到位各类安全隐患共计9处
_FIXED = re.compile(r"(?<![未待需在])整改(?:到位|完成|完毕|落实)?了?(?:各类|安全)*(?:隐患)?" + _TOTAL + r"?\s*(\d+)\s*(?:处|个|项|条|起)?(?=[，,。；;、\s）)]|$)")
# Every hazard said to be fixed: 全部整改到位, 均已整改, 整改工作全部完成, 百分之百整改.
_ALL_FIXED = re.compile(
    r"(?:全部|全都|均已|都已|已全部|均|百分之百|百分百|100%)(?:得到|予以|及时|已)?(?:整改|消除|排除)(?:到位|完毕|完成|落实)?"
    r"|整改(?:工作)?(?:已|均已)?(?:全部|全都)(?:到位|完成|完毕|落实)"
)
# Words that make such a claim an aim, not a fact: 确保全部整改到位.
_AIM = re.compile(r"确保|力争|争取|要求|督促|务必|必须|应当|应该|将|计划|以便|做到")
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_percent(text: str) -> Decimal | None:
    """百 → 100, 九十 → 90, 九十五 → 95, 八十点五 → 80.5, 五 → 5; None when it is no figure."""
    whole, _, fraction = text.partition("点")
    if whole == "百":
        value = 100
    elif whole.count("十") == 1:
        tens, _, ones = whole.partition("十")
        if (tens and tens not in _CN_DIGIT) or (ones and ones not in _CN_DIGIT):
            return None
        value = (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    elif len(whole) == 1 and whole in _CN_DIGIT:
        value = _CN_DIGIT[whole]
    else:
        return None
    if fraction:
        if not all(ch in _CN_DIGIT for ch in fraction):
            return None
        return Decimal(f"{value}.{''.join(str(_CN_DIGIT[ch]) for ch in fraction)}")
    return Decimal(value)
_ROUNDS = re.compile(r"排查(?:工作)?(?:共|达|累计|了)?\s*(\d+)\s*(?:次|轮)|(\d+)\s*(?:次|轮)(?:[^，,。；;\d]{0,6}?)排查")
_DRILLS = re.compile(r"([\u4e00-\u9fff、]{0,16}?)演练(?:活动)?(?:共|了)?\s*(\d+)\s*(?:次|场)")
# A drill total is only tied to the facts when the words before 演练 name no particular
# drill (消防, 防震…): 本学期共组织安全应急疏散演练3次 is all drills; 消防疏散演练2次 may not be.
_GENERIC_DRILL = re.compile(
    r"本学期|本学年|本年度|全年|全校|师生|全体|学生|组织|开展|举行|举办|进行|完成|共|累计|"
    r"各类|各种|各项|安全|应急|疏散|紧急|逃生|了|和|与|及|、"
)
_EVERY = re.compile(r"每")
_AMOUNT = re.compile(
    r"(总投资额?|投资总额|总投入|总金额|总价款?|总造价|总费用|合同(?:总)?(?:价款?|金额)|中标(?:价|金额)"
    r"|共投资|共投入|共花费|共支出|共计|合计|累计投入|累计投资|价值|(?:项目|采购|工程)?金额)"
    r"(?:为|是|达到?|共|了|:|人民币)*\s*(约|近|超过|逾)?\s*"
    r"([¥￥]?\d[\d,]*(?:\.\d+)?(?:[亿万千百]\d*(?:\.\d+)?)*\s*(?:元|圆)?)(余|多|左右|以上)?"
)
# Words that make an amount a part, not the item's total.
_PARTIAL = re.compile(r"其中|另|追加|新增|增加|首期|[一二三]期|剩余|尚需|还需|支付|拨付|到位|每|单价|分别|部分|先期|预付|尾款|结余|节约|节省")


def _rate_agrees(said: Decimal, fixed: int, found: int, at_least: bool) -> bool:
    """Whether a 整改率 written in the prose fits fixed/found. The documents print the rate to
    one decimal (figures.rate); prose may round further, so the exact rate is rounded half up
    to as many decimals as the prose wrote (67% and 66.7% both fit 2 of 3; 66.6% does not)."""
    exact = Decimal(fixed) * 100 / Decimal(found)
    if at_least:
        return exact >= said
    if said == 100 and fixed < found:
        return False  # 100% says every hazard was fixed; rounding 99.6 up does not make it so
    places = Decimal(1).scaleb(said.as_tuple().exponent) if said.as_tuple().exponent < 0 else Decimal(1)
    return exact.quantize(places, rounding=ROUND_HALF_UP) == said


class Figures:
    """The facts a figure in the prose may be compared with, computed once per file."""

    def __init__(self, facts: Facts):
        self.facts = facts
        inspection = facts.inspection
        self.hazards = hazard_figures(facts) if inspection else None
        self.hazards_known = bool(inspection and (inspection.hazards or inspection.found_total is not None))
        # With 隐患排查 written and nothing found, the summary says 未发现安全隐患.
        self.none_found = inspection is not None and inspection.found_count == 0
        self.rounds = inspection.rounds if inspection else None
        self.drills = [t for t in facts.trainings if t.kind == "演练"]


def contradicted(text: Text, figures: Figures) -> Iterator[tuple[str, str]]:
    """(words, message) of each figure in text that the facts contradict."""
    norm, raw = text.norm, text.raw
    if text.role == SUMMARY:
        yield from _summary_contradictions(norm, raw, figures)
    elif text.role == ITEM:
        section, index = text.loc[0], text.loc[1]
        facts = figures.facts
        items = {"项目建设": facts.projects, "采购": facts.purchases, "捐赠": facts.donations, "征订": facts.orders}.get(section, [])
        if isinstance(index, int) and index < len(items) and hasattr(items[index], "amount"):
            item = items[index]
            amount = item.investment if section == "项目建设" else item.amount
            if amount is not None and not isinstance(amount, Approx):  # 近70万元 contradicts no figure
                yield from _amount_contradictions(norm, raw, amount, section)


@dataclass(frozen=True)
class HazardClaims:
    """What one text says about hazards: (start, end, figure) of each count of hazards found,
    of hazards fixed, (start, end, rate, at_least) of each 整改率 (整改率达95%以上:
    at_least; 百分之百 is 100), and (start, end) of each claim that every hazard was fixed
    (全部整改到位; not an aim: 确保全部整改到位). Offsets are into the text as written."""

    found: list[tuple[int, int, int]]
    fixed: list[tuple[int, int, int]]
    rates: list[tuple[int, int, Decimal, bool]]
    all_fixed: list[tuple[int, int]]


def hazard_claims(text: str) -> HazardClaims:
    """The hazard figures text states, by the rules the contradiction check reads them with
    (每…: a frequency, never a total)."""
    return _hazard_claims(text.translate(ONE_TO_ONE))


def _hazard_claims(norm: str) -> HazardClaims:
    found, fixed, rates, all_fixed = [], [], [], []
    if "隐患" not in norm:
        return HazardClaims(found, fixed, rates, all_fixed)
    for m in _RATE.finditer(norm):
        if not _EVERY.search(clause_at(norm, m.start())) and "隐患" in sentence_at(norm, m.start()):
            said = Decimal(m.group(1)) if m.group(1) else _chinese_percent(m.group(2))
            if said is not None:
                rates.append((m.start(), m.end(), said, bool(m.group(3))))
    for m in _ALL_FIXED.finditer(norm):
        clause = clause_at(norm, m.start())
        if "隐患" in sentence_at(norm, m.start()) and not _AIM.search(clause) and not _EVERY.search(clause) \
                and not _RATE.search(clause):
            all_fixed.append((m.start(), m.end()))
    for m in _FOUND.finditer(norm):
        if "整改" not in (m.group(1) or "") and not _EVERY.search(clause_at(norm, m.start())):
            found.append((m.start(), m.end(), int(m.group(2) or m.group(3))))
    for m in _FIXED.finditer(norm):
        if "隐患" in sentence_at(norm, m.start()) and not _EVERY.search(clause_at(norm, m.start())):
            fixed.append((m.start(), m.end(), int(m.group(1))))
    return HazardClaims(found, fixed, rates, all_fixed)


def rate_fits(said: Decimal, fixed: int, found: int, at_least: bool = False) -> bool:
    """Whether a 整改率 written as said fits fixed of found hazards (see _rate_agrees)."""
    return _rate_agrees(said, fixed, found, at_least)


def figures_contradicted(text: str, facts: Facts) -> list[tuple[str, str]]:
    """(words, message) of each figure in a piece of this term's prose (a paragraph of a
    summary, say) that the facts contradict: the rules for 工作 and 存在问题 above."""
    return list(_summary_contradictions(text.translate(ONE_TO_ONE), text, Figures(facts)))


def _summary_contradictions(norm: str, raw: str, figures: Figures) -> Iterator[tuple[str, str]]:
    h = figures.hazards
    if h is not None and figures.none_found and "隐患" in norm:
        for start, end, _said, _at_least in _hazard_claims(norm).rates:
            yield raw[start:end], "本期没有发现隐患（隐患排查中发现0处），写整改率没有依据"
    if h is not None and figures.hazards_known and "隐患" in norm and not isinstance(h.found, Approx) and not isinstance(h.fixed, Approx):
        claims = _hazard_claims(norm)
        for start, end, said, at_least in claims.rates:
            if h.found and not _rate_agrees(said, h.fixed, h.found, at_least):
                yield raw[start:end], f"整改率与事实不符：应为{wording.percent(h.rate)}（发现{h.found}处，已整改{h.fixed}处）"
        if h.found and h.fixed < h.found:
            for start, end in claims.all_fixed:
                yield raw[start:end], f"隐患并未全部整改：发现{h.found}处，已整改{h.fixed}处"
        for start, end, number in claims.found:
            if number != h.found:
                yield raw[start:end], f"隐患数与事实不符：隐患排查共发现{h.found}处"
        for start, end, number in claims.fixed:
            if number != h.fixed:
                yield raw[start:end], f"整改数与事实不符：已整改{h.fixed}处（共发现{h.found}处）"
    if isinstance(figures.rounds, int):
        for m in _ROUNDS.finditer(norm):
            if _EVERY.search(clause_at(norm, m.start())):
                continue
            if int(m.group(1) or m.group(2)) != figures.rounds:
                yield raw[m.start() : m.end()], f"排查次数与事实不符：隐患排查.排查次数为{figures.rounds}"
    if figures.drills:
        for m in _DRILLS.finditer(norm):
            qualifier = _GENERIC_DRILL.sub("", m.group(1))
            if qualifier or _EVERY.search(clause_at(norm, m.start())):
                continue  # a particular drill, or a frequency: not tied to the total
            if int(m.group(2)) != len(figures.drills):
                yield raw[m.start() : m.end()], f"演练次数与事实不符：培训中类型为演练的共{len(figures.drills)}次"


def _amount_contradictions(norm: str, raw: str, amount: Decimal, section: str) -> Iterator[tuple[str, str]]:
    for m in _AMOUNT.finditer(norm):
        money = m.group(3)
        if m.group(2) or m.group(4):
            continue  # 约128万元, 128万余元: an approximate figure cannot contradict
        if not re.search(r"[元圆万亿¥￥]", money):
            continue  # 共计12台: a count, not money
        if _PARTIAL.search(clause_at(norm, m.start())):
            continue
        try:
            said = values.parse_money(money)
        except ValueError:
            continue
        if isinstance(said, Approx):
            continue  # an approximate figure in the prose cannot contradict
        if said != amount:
            what = {"项目建设": "本项目", "捐赠": "这项捐赠", "征订": "这项征订"}.get(section, "本次采购")
            yield raw[m.start() : m.end(3)], f"金额与事实不符：{what}的金额是{wording.yuan(amount)}"
