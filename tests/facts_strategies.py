"""Hypothesis strategies for valid facts files, as Python data with the file's Chinese keys.

Every value is drawn together with what the documents must show for it (`Drawn.shows`):
money in any of the forms the format accepts (56000, 5.6万元, ¥56,000 …) is shown as
wording.yuan of its exact amount, dates in any accepted form as wording.cn_date, and so on.
Text is drawn from a small alphabet that holds what can go wrong on the way to a .docx:
Markdown and template syntax (* | # _ [ ] ` { } \\), XML (< > &), full-width punctuation
and spaces. It starts and ends with a Chinese character, so that the templates' sentence
endings (。) never touch what the user wrote.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import yaml
from hypothesis import strategies as st

from houqin_report.facts.values import FuzzyDate
from houqin_report.outline.wording import cn_date, plain, yuan

CJK = "甲乙丙丁东西南北楼门墙电水食堂安全校园教学办公修缮"
TRICKY = "*|#_[]<>&{}\\`~!-+=.:;'\"%$@^()/?"
FULL_WIDTH = "，。、；：？！（）【】《》“”‘’…—·％＃＊＆｛｝［］｜"
ALPHABET = CJK + TRICKY + FULL_WIDTH + "0123456789xX \t\u3000"


@st.composite
def texts(draw, max_middle: int = 12) -> str:
    first = draw(st.sampled_from(CJK))
    middle = draw(st.text(alphabet=ALPHABET, max_size=max_middle))
    last = draw(st.sampled_from(CJK))
    return first + middle + last


# Words that file a free-text item under a standard section (data/sections.yaml), so that
# every section, with and without its structured facts, is drawn often.
PHRASES = ["教学楼加固改造", "消防安全隐患排查", "食堂卫生检查", "校园绿化美化", "节约用电用水", "后勤人员业务培训",
           "固定资产清查", "维修课桌椅", "校车安全管理", "宿舍水电维修"]
SECTIONS = ["项目建设", "安全管理", "资产与采购", "食堂与卫生", "校园环境", "节能降耗", "后勤服务", "队伍建设", "其他工作",
            "基建", "食堂"]


@st.composite
def prose(draw) -> str:
    """Free text that is filed under a section by its words, or by no section."""
    text = draw(texts())
    if draw(st.booleans()):
        text = draw(st.sampled_from(PHRASES)) + text
    return text


@st.composite
def names(draw) -> str:
    """Short labels (names, places, people): also in titles and the signature."""
    return draw(texts(max_middle=6))


@dataclass
class Drawn:
    """A facts file as data, and the strings its summary must contain."""

    data: dict
    shows: list[str] = field(default_factory=list)  # in the summary
    plan_shows: list[str] = field(default_factory=list)  # in the plan

    def yaml(self) -> str:
        return yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False)


@st.composite
def money(draw, ledger: bool = False) -> tuple[object, str]:
    """(value as written, as the document shows it): in words (yuan), or in a ledger's 元
    column (18600, or 18600.50 beside amounts with cents: the plain figure either way)."""
    fen = draw(st.integers(min_value=0, max_value=10**11))
    amount = Decimal(fen) / 100 if draw(st.booleans()) else Decimal(fen // 100)
    forms: list[object] = [f"{plain(amount)}元", f"{plain(amount / 10000)}万", f"{plain(amount / 10000)}万元"]
    if amount == amount.to_integral_value():
        whole = int(amount)
        forms += [whole, f"¥{whole:,}"]
        if whole >= 10000 and whole % 1000 == 0 and whole % 10000:
            forms.append(f"{whole // 10000}万{whole % 10000 // 1000}千元")
    else:
        forms.append(float(amount))  # YAML writes 1234.5; the loader reads it as an exact Decimal
    return draw(st.sampled_from(forms)), (plain(amount) if ledger else yuan(amount))


@st.composite
def dates(draw, after: FuzzyDate | None = None) -> tuple[object, FuzzyDate]:
    """(value as written, the FuzzyDate it stands for); not before `after` when given."""
    low = dt.date(after.year, after.month, after.day or 28) if after else dt.date(2000, 1, 1)
    day = draw(st.dates(min_value=low, max_value=dt.date(2030, 12, 31)))
    y, m, d = day.year, day.month, day.day
    month_only = draw(st.booleans()) and not (after and (after.year, after.month) == (y, m) and after.day)
    if month_only:
        return draw(st.sampled_from([f"{y}-{m:02d}", f"{y}年{m}月"])), FuzzyDate(y, m)
    return draw(st.sampled_from([day, f"{y}-{m}-{d}", f"{y}年{m}月{d}日", f"{y}/{m}/{d}"])), FuzzyDate(y, m, d)


@st.composite
def counts(draw, unit: str = "", least: int = 0) -> tuple[object, str]:
    n = draw(st.integers(min_value=least, max_value=100_000))
    return draw(st.sampled_from([n, str(n), f"{n}{unit}"] if unit else [n, str(n)])), str(n)


@st.composite
def numbers(draw) -> tuple[object, str]:
    """Measured figures (学时, 本期): exact decimals with up to two places."""
    cents = draw(st.integers(min_value=0, max_value=10**9))
    value = Decimal(cents) / 100
    written = draw(st.sampled_from([str(value), float(value)] + ([int(value)] if value == value.to_integral_value() else [])))
    return written, plain(value)


@st.composite
def facts(draw, school: str | None = None, period: dict | None = None) -> Drawn:
    school = school or draw(names())
    data: dict = {"学校": school}
    shows = [school]
    plan_shows = [school]

    def put(target: dict, key: str, value_and_shown, show: bool = True, in_plan: bool = False) -> None:
        value, shown = value_and_shown
        target[key] = value
        if show:
            shows.append(shown)
        if in_plan:
            plan_shows.append(shown)

    def maybe() -> bool:
        return draw(st.booleans())

    if maybe():
        bureau = draw(names())
        data["上级单位"] = bureau
        shows.append(bureau)
    if maybe():
        department = draw(names())
        data["部门"] = department
        shows.append(department)
        plan_shows.append(department)
    if maybe():
        data["学校类型"] = draw(st.sampled_from(["小学", "初中", "高中", "九年一贯制", "完全中学", "中职", "幼儿园"]))
    if period is None:
        if maybe():
            period = {"学年": draw(st.sampled_from(["2023-2024", "2024-2025", "2023—2024"])),
                      "学期": draw(st.sampled_from(["第一学期", "第二学期", "秋季", "春季", "上学期", "下学期", "全学年"]))}
        else:
            period = {"年度": draw(st.sampled_from([2023, 2024, "2024", "2025年"]))}
    data.update(period)
    if maybe():
        written, signed = draw(dates())
        data["落款日期"] = written
        shows.append(cn_date(signed))
    if maybe():
        overview: dict = {}
        for key in draw(st.lists(st.sampled_from(["学生数", "教职工数", "班级数"]), unique=True)):
            put(overview, key, draw(counts()))
        if maybe():
            put(overview, "校舍面积", (area := draw(texts(4)), area))
        if maybe():
            put(overview, "绿化面积", (green := draw(texts(4)), green))
        if overview:
            data["概况"] = overview

    projects = []
    for _ in range(draw(st.integers(0, 3))):
        p: dict = {"名称": draw(names())}
        status = draw(st.sampled_from([None, "规划", "申报", "已批复", "在建", "完工"]))
        open_project = status != "完工"
        shows.append(p["名称"])
        if open_project:
            plan_shows.append(p["名称"])
        if status:
            p["状态"] = status
        if maybe():
            put(p, "金额", draw(money()), in_plan=open_project)
        if maybe():
            put(p, "资金来源", ((x := draw(names())), x), in_plan=open_project)
        start = None
        if maybe():
            written, start = draw(dates())
            put(p, "开工日期", (written, cn_date(start)))
        if maybe():
            written, end = draw(dates(after=start))
            put(p, "完工日期", (written, cn_date(end)), in_plan=open_project)
        if maybe():
            put(p, "说明", ((x := draw(texts())), x))
        projects.append(p)
    if projects:
        data["项目建设"] = projects

    if maybe():
        inspection: dict = {}
        if maybe():
            # 0 rounds and nothing found: the summary has no safety paragraph to say so in.
            put(inspection, "排查次数", draw(counts("次", least=1)))
        if maybe():
            hazards = []
            for _ in range(draw(st.integers(1, 3))):
                h: dict = {"位置": draw(names()), "描述": draw(texts())}
                found = None
                if maybe():
                    written, found = draw(dates())
                    put(h, "发现日期", (written, cn_date(found)))
                fixed = False
                if maybe():
                    written, when = draw(dates(after=found))
                    put(h, "整改日期", (written, cn_date(when)))
                    fixed = True
                status = draw(st.sampled_from([None, "已整改", "整改中", "未整改"]))
                if status:
                    h["状态"] = status
                unfixed = (status or ("已整改" if fixed else "未整改")) != "已整改"
                shows.extend([h["位置"], h["描述"]])
                if unfixed:
                    plan_shows.extend([h["位置"], h["描述"]])
                if maybe():
                    put(h, "类别", ((c := draw(st.sampled_from(["校舍", "消防", "用电", "食堂", "周边", "设备", "其他"]))), c))
                if maybe():
                    put(h, "措施", ((x := draw(texts())), x), in_plan=unfixed)
                if maybe():
                    put(h, "费用", draw(money(ledger=True)))
                if maybe():
                    put(h, "责任人", ((x := draw(names())), x), in_plan=unfixed)
                hazards.append(h)
            inspection["隐患"] = hazards
        elif maybe():
            found = draw(st.integers(0, 500))
            fixed = draw(st.integers(0, found))
            inspection["发现数"] = found
            inspection["整改数"] = fixed
            if found:
                shows += [f"共排查出安全隐患{found}处", f"已整改{fixed}处"]
        if inspection:
            data["隐患排查"] = inspection

    purchases = []
    for _ in range(draw(st.integers(0, 3))):
        u: dict = {"物品": draw(names())}
        shows.append(u["物品"])
        put(u, "金额", draw(money(ledger=True)))
        if maybe():
            put(u, "数量", draw(counts()), show=False)
            if maybe():
                u["单位"] = draw(st.sampled_from(["台", "套", "件", "批"]))
            shows.append(f"{u['数量']}{u.get('单位', '')}")
        if maybe():
            put(u, "渠道", ((c := draw(st.sampled_from(["政府采购", "自行采购", "捐赠", "其他"]))), c))
        if maybe():
            put(u, "类别", ((c := draw(st.sampled_from(["教学设备", "办公设备", "防疫物资", "维修材料", "图书", "其他"]))), c))
        if maybe():
            written, when = draw(dates())
            put(u, "日期", (written, cn_date(when)))
        if maybe():
            put(u, "说明", ((x := draw(texts())), x))
        purchases.append(u)
    if purchases:
        data["采购"] = purchases

    trainings = []
    for _ in range(draw(st.integers(0, 3))):
        t: dict = {"名称": draw(names())}
        shows.append(t["名称"])
        if maybe():
            put(t, "类型", ((c := draw(st.sampled_from(["培训", "演练", "安全教育", "会议", "其他"]))), c))
        if maybe():
            written, when = draw(dates())
            put(t, "日期", (written, cn_date(when)))
        if maybe():
            put(t, "人数", draw(counts("人次")))
        if maybe():
            put(t, "学时", draw(numbers()))
        for key in ("对象", "组织"):
            if maybe():
                put(t, key, ((x := draw(names())), x))
        trainings.append(t)
    if trainings:
        data["培训"] = trainings

    work = []
    for _ in range(draw(st.integers(0, 3))):
        text = draw(prose())
        shows.append(text)
        if maybe():
            work.append(text)
        else:
            item = {"内容": text}
            if maybe():
                item["栏目"] = draw(st.sampled_from(SECTIONS + [draw(names())]))
            work.append(item)
    if work:
        data["工作"] = work

    indicators = []
    for _ in range(draw(st.integers(0, 2))):
        i: dict = {"名称": draw(st.sampled_from(["用电量", "用水量", "食堂满意度", draw(names())]))}
        shows.append(i["名称"])
        put(i, "本期", draw(numbers()))
        if maybe():
            put(i, "上期", draw(numbers()))
        if maybe():
            i["单位"] = draw(st.sampled_from(["千瓦时", "吨", "%", "元"]))
        indicators.append(i)
    if indicators:
        data["指标"] = indicators

    for key in ("荣誉", "存在问题", "下一步"):
        items = draw(st.lists(prose(), max_size=3))
        if items:
            shows.extend(items)
            if key == "存在问题":
                # a problem is in the plan only with a measure of its own (or when another line
                # answers it, which a drawn text cannot promise): issue 14
                written = []
                for text in items:
                    if maybe():
                        measure = draw(prose())
                        written.append({"内容": text, "措施": measure})
                        plan_shows.extend([text, measure])
                    else:
                        written.append(text)
                data[key] = written
            else:
                data[key] = items
                if key != "荣誉":
                    plan_shows.extend(items)

    if maybe():
        plan: dict = {}
        goals = draw(st.lists(texts(), max_size=2))
        if goals:
            plan["目标"] = goals
            plan_shows.extend(goals)
        tasks = []
        for _ in range(draw(st.integers(0, 2))):
            text = draw(prose())
            plan_shows.append(text)
            if maybe():
                tasks.append(text)
                continue
            task: dict = {"内容": text}
            if maybe():
                task["月份"] = draw(st.sampled_from([3, "9月", "十月", "元月", "2024-11"]))
            if maybe():
                task["责任"] = draw(names())
                plan_shows.append(task["责任"])
            tasks.append(task)
        if tasks:
            plan["重点工作"] = tasks
        if plan:
            data["计划"] = plan
    return Drawn(data, shows, plan_shows)


def key_paths(data: object, loc: tuple = ()) -> list[tuple]:
    """Every key path in data below the top (("采购", 0, "金额"), ("学校",), …)."""
    out = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.append(loc + (key,))
            out += key_paths(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.append(loc + (index,))
            out += key_paths(value, loc + (index,))
    return out


def get(data: object, loc: tuple) -> object:
    for part in loc:
        data = data[part]
    return data


# ------------------------------------------------------------------------------ number forms


@st.composite
def number_forms(draw) -> tuple[str, Decimal | None]:
    """A number as YAML 1.1 may read it, written plainly or not (010, +1_000, 0x1A, 1:30,
    1.5e+3, .inf …), and what the person who wrote it means: the decimal, or None where the
    form is no way of writing a decimal number (hexadecimal, binary, base 60, .inf, .nan)."""
    sign = draw(st.sampled_from(["", "", "+", "-"]))
    kind = draw(st.sampled_from(["plain", "zeros", "underscored", "decimal", "exponent", "hex", "binary", "base60", "base60-decimal", "special"]))
    digits = draw(st.from_regex(r"[1-9][0-9]{0,5}", fullmatch=True))
    minus = -1 if sign == "-" else 1
    if kind == "plain":
        return sign + digits, Decimal(minus * int(digits))
    if kind == "zeros":
        return sign + "0" * draw(st.integers(1, 3)) + digits, Decimal(minus * int(digits))
    if kind == "underscored":
        at = draw(st.integers(1, len(digits)))
        return sign + digits[:at] + "_" + digits[at:], Decimal(minus * int(digits))
    if kind in ("decimal", "exponent"):
        whole = draw(st.sampled_from(["0", digits, "0" + digits]))
        fraction = draw(st.from_regex(r"[0-9]{1,3}", fullmatch=True))
        text = f"{whole}.{fraction}"
        if kind == "exponent":
            text += draw(st.sampled_from(["e+", "e-", "E+"])) + str(draw(st.integers(0, 3)))
        return sign + text, minus * Decimal(text)
    if kind == "hex":
        return sign + "0x" + draw(st.from_regex(r"[0-9a-fA-F][0-9a-fA-F_]{0,4}", fullmatch=True)), None
    if kind == "binary":
        return sign + "0b" + draw(st.from_regex(r"[01][01_]{0,6}", fullmatch=True)), None
    if kind in ("base60", "base60-decimal"):
        parts = draw(st.lists(st.integers(0, 59), min_size=1, max_size=3))
        text = digits + "".join(f":{p:02d}" if draw(st.booleans()) else f":{p}" for p in parts)
        if kind == "base60-decimal":
            text += "." + draw(st.from_regex(r"[0-9]{0,2}", fullmatch=True))
        return sign + text, None
    return draw(st.sampled_from([".inf", "-.inf", "+.inf", ".nan", ".Inf", ".NaN"])), None
