"""Parsers for the value forms the facts file accepts: money, dates, counts, months.

Each parser takes what YAML produced (int, Decimal, date or str) and returns the exact value,
or raises ValueError with a Chinese message that says what was expected.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from houqin_report.facts.approx import ABOUT, AT_LEAST, AT_MOST, RANGE, Approx
from houqin_report.facts.numerals import Ambiguous, is_numeral, parse_numeral

# Bounds that keep every figure printable exactly (Decimal's 28 digits, figures.rate's
# quantize) and refuse what is surely a typo. A school's whole budget is far below these.
MAX_MONEY = Decimal(10) ** 12  # 1万亿元
MONEY_PLACES = 2  # 分
MAX_NUMBER = Decimal(10) ** 12
NUMBER_PLACES = 4
MAX_COUNT = 10**9


def shown(value: object, n: int = 30) -> str:
    """A value as quoted back in a message, cut short: a message must not repeat 1 MB."""
    text = str(value)
    return text if len(text) <= n else text[:n] + "…"


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_FULLWIDTH))


_BEFORE = {"大约": ABOUT, "约": ABOUT, "将近": AT_MOST, "接近": AT_MOST, "近": AT_MOST, "不到": AT_MOST,
           "不足": AT_MOST, "超过": AT_LEAST, "逾": AT_LEAST}
_AFTER = {"左右": ABOUT, "上下": ABOUT, "以上": AT_LEAST, "以内": AT_MOST}
_INNER = {"余": AT_LEAST, "多": AT_LEAST}  # between the figure and its unit: 5千余元, 200多只
_RANGE = re.compile(r"^(?P<a>[^～~〜至到—-]+?)(?:～|~|〜|至|到|—|-)(?P<b>[^～~〜至到—-]+)$")
_BIG = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100}
_WORDS_FOR_NUMBERS = re.compile(r"若干|几|数十|数百|数千|上百|上千|上万|好几|大量|许多|不少")


def _marked(text: str) -> tuple[str, str | None]:
    """text without its approximation words, and the kind they give (None: exact).
    约五万多元 takes both 约 and 多; 近…多 contradict each other and read as 约."""
    kinds = set()
    for word, kind in _BEFORE.items():
        if text.startswith(word):
            text = text[len(word):]
            kinds.add(kind)
            break
    for word, kind in _AFTER.items():
        if text.endswith(word):
            text = text[: -len(word)]
            kinds.add(kind)
            break
    return text, (None if not kinds else kinds.pop() if len(kinds) == 1 else ABOUT)


def _inner(text: str, unit: str) -> tuple[str, str | None]:
    """Strip the unit (元, 人, 套…) and a 余/多 before it: 5千余元 → 5千, at least."""
    if unit and text.endswith(unit):
        text = text[: -len(unit)]
    if text[-1:] in _INNER and len(text) > 1:
        return text[:-1], _INNER[text[-1]]
    return text, None


def _figure(text: str, what: str, example: str, written: str) -> Decimal:
    """One exact figure in digits or Chinese numerals (¥56,000, 5.6万, 五万, 1万3千)."""
    if "," in text:
        if not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
            raise ValueError(f"{what}“{written}”的千分位逗号位置不对（如 ¥56,000）")
        text = text.replace(",", "")
    if not is_numeral(text):
        raise ValueError(f"无法识别的{what or '数字'}“{written}”，应写成 {example}")
    try:
        return parse_numeral(text)
    except Ambiguous as exc:
        raise ValueError(f"{what}{exc}") from None
    except ValueError:
        raise ValueError(f"无法识别的{what or '数字'}“{written}”，应写成 {example}") from None


def _amount(raw: str, what: str, example: str, unit_pattern: str, original: str | None = None) -> Decimal | Approx:
    """A figure as offices write it, exact or approximate (see facts/approx.py); unit_pattern
    is the units it may carry (元, or 人/次/套…); original is what the user wrote, for messages."""
    written = _norm(raw)
    raw = original if original is not None else raw
    text = written
    if text.startswith("-"):
        raise ValueError(f"{what}不能为负数")
    if _WORDS_FOR_NUMBERS.search(text):
        raise ValueError(f"{what}“{shown(raw)}”没有写出数字，请填写实际的数字或约数（如 {example}、约400）")
    text, kind = _marked(text)
    unit_match = re.search(f"(?:{unit_pattern})$", text) if unit_pattern else None
    unit = unit_match.group(0) if unit_match else ""
    body, inner = _inner(text, unit)
    if inner:
        kind = inner if kind in (None, inner) else ABOUT
    if not body:
        raise ValueError(f"无法识别的{what or '数字'}“{shown(raw)}”，应写成 {example}")
    m = _RANGE.match(body)
    if m and kind is None:
        left, right = m.group("a"), m.group("b")
        right, _ = _inner(right, unit) if unit else (right, None)
        last = right[-1:]
        if last in _BIG and is_numeral(left) and not any(u in left for u in _BIG):
            left += last  # 3～5万 is 3万～5万
        low, high = (_figure(part, what, example, shown(raw)) for part in (left, right))
        if low > high:
            raise ValueError(f"{what}“{shown(raw)}”的范围前大后小")
        return Approx(low, high, RANGE, written)
    value = _figure(body, what, example, shown(raw))
    return value if kind is None else Approx(value, value, kind, written)


def parse_money(value: object) -> Decimal | Approx:
    """56000, 56000元, 5.6万, 5.6万元, 5万6千元, ¥56,000, 五万元 → Decimal('56000') yuan, exactly;
    近70万元, 5千余元, 10万元左右, 3万～5万元 → an Approx kept as written."""
    example = "56000、5.6万元、5万6千元"
    if isinstance(value, bool) or value is None:
        raise ValueError(f"金额应为数字，如 {example}")
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):  # only reached when a caller bypasses our YAML loader
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        if len(value) > 100:  # no amount is written so long; do not make the patterns below work on it
            if re.fullmatch(r"\s*[¥￥]?[\d,]+(\.\d+)?\s*(元|圆)?\s*", value):
                raise ValueError("金额过大：应小于1万亿元，请检查是否多写了数字或单位")
            raise ValueError(f"无法识别的金额“{shown(value)}”，应写成 {example} 或 ¥56,000")
        text = _norm(value).lstrip("¥￥").removeprefix("人民币")
        text = re.sub(r"(元|圆)整$", r"\1", text)
        amount = _amount(text, "金额", example, r"元|圆", value.strip())
    else:
        raise ValueError(f"金额应为数字，如 {example}")
    for figure in ((amount.low, amount.high) if isinstance(amount, Approx) else (amount,)):
        if not figure.is_finite():
            raise ValueError(f"金额应为数字，如 {example}")
        if figure < 0:
            raise ValueError("金额不能为负数")
        if figure >= MAX_MONEY:
            raise ValueError("金额过大：应小于1万亿元，请检查是否多写了数字或单位")
        if _places(figure) > MONEY_PLACES:
            raise ValueError(f"金额“{shown(value)}”的小数位数过多：金额最多精确到分（{MONEY_PLACES}位小数）")
    if isinstance(amount, Approx):
        return amount
    # Normalise 56000.0 and 5.6E+4 to a plain exponent-0 figure.
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A calendar date, or a month alone (day None): 2024-04-15 or 2024年4月."""

    year: int
    month: int
    day: int | None = None

    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def before(self, other: "FuzzyDate") -> bool:
        """True only when self is certainly earlier than other (a month alone covers its days)."""
        if self.day is None or other.day is None:
            return (self.year, self.month) < (other.year, other.month)
        return self.key() < other.key()

    def __str__(self) -> str:
        base = f"{self.year}年{self.month}月"
        return base + (f"{self.day}日" if self.day else "")

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?$"),
]


_NO_YEAR = re.compile(r"^(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?$|^(?P<cm>十[一二]?|[一二三四五六七八九十元正])月(?:份)?$")


def school_year_of(month: int, school_year: int | None, year: int | None) -> int | None:
    """The calendar year of a month in a term: a 年度 report's year, or for a 学年 that starts
    in autumn A, A for August to December and A+1 for January to July."""
    if year is not None:
        return year
    if school_year is not None:
        return school_year if month >= 8 else school_year + 1
    return None


def parse_date(value: object, period: tuple[int | None, int | None] | None = None) -> FuzzyDate:
    """2024-04-15 (YAML date), 2024-4-5, 2024年4月15日, 2024/4/15, 2024-04, 2024年4月, and
    5月, 5月12日, 五月 when period (school year, calendar year) says which year it is."""
    example = "2024-04-15、2024年4月15日 或 2024年4月"
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return FuzzyDate(value.year, value.month, value.day)
    if not isinstance(value, str) or isinstance(value, bool):
        raise ValueError(f"日期应写成 {example}")
    text = _norm(value)
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = int(m["y"]), int(m["m"]), m["d"]
            try:
                if d is None:
                    _dt.date(y, mo, 1)
                    return FuzzyDate(y, mo)
                _dt.date(y, mo, int(d))
                return FuzzyDate(y, mo, int(d))
            except ValueError:
                raise ValueError(f"日期“{shown(value)}”不存在") from None
    m = _NO_YEAR.match(text)
    if m:
        month = int(m["m"]) if m["m"] else _CN_MONTHS[m["cm"]]
        year = school_year_of(month, *period) if period else None
        if year is None:
            raise ValueError(f"日期“{shown(value)}”没有写年份，又无法从学年、学期或年度推知，请写成 {example}")
        try:
            _dt.date(year, month, int(m["d"] or 1))
        except ValueError:
            raise ValueError(f"日期“{shown(value)}”不存在") from None
        return FuzzyDate(year, month, int(m["d"]) if m["d"] else None)
    if re.search(r"[xX×＿_]|某|\?|？", text):
        raise ValueError(f"日期“{shown(value)}”还是占位符，请填写实际日期（如 {example}）")
    raise ValueError(f"无法识别的日期“{shown(value)}”，应写成 {example}")


_FREQUENCY = re.compile(r"^(每[\u4e00-\u9fff\d]{1,8}|不定期|定期|经常性?|随时|常态化|日常)$")


def parse_frequency(value: object) -> str | None:
    """How often, when that is what was written instead of a count: 每周一次, 每月两次, 不定期."""
    if isinstance(value, str) and _FREQUENCY.match(_norm(value)):
        return _norm(value)
    return None


# 400人, 1560人次, 200多只, 三百余株, 十二次: one character of a unit, never a numeral.
_COUNT_UNITS = r"人次|(?![零〇一二两三四五六七八九十百千万亿余多])[\u4e00-\u9fff]"


def parse_count(value: object, what: str = "") -> int | Approx:
    """A non-negative whole number: 400, 400人, 四百, 十二次; 约400, 200多只, 三百余株 are an
    Approx kept as written."""
    if isinstance(value, bool):
        raise ValueError(f"{what}应为非负整数")
    if isinstance(value, int):
        number: int | Approx = value
    elif isinstance(value, Decimal) and value == value.to_integral_value():
        number = int(value)
    elif isinstance(value, (Decimal, float)):
        raise ValueError(f"{what}应为整数，不能是小数 {shown(value)}")
    elif isinstance(value, str):
        text = _norm(value)
        if len(text) > 40:
            if re.fullmatch(r"\d+(人次|[\u4e00-\u9fff])?", text):
                raise ValueError(f"{what or '数字'}过大：应小于{MAX_COUNT // 10**8}亿")
            raise ValueError(f"{what}应为非负整数，如 400，不能写“{shown(value)}”")
        parsed = _amount(text, what, "400", _COUNT_UNITS)
        for figure in ((parsed.low, parsed.high) if isinstance(parsed, Approx) else (parsed,)):
            if figure != figure.to_integral_value():
                raise ValueError(f"{what}应为整数，不能是小数 {shown(value)}")
            if figure >= MAX_COUNT:
                raise ValueError(f"{what or '数字'}过大：应小于{MAX_COUNT // 10**8}亿")
        if isinstance(parsed, Approx):
            return Approx(Decimal(int(parsed.low)), Decimal(int(parsed.high)), parsed.kind, _strip_unit(parsed.written), parsed.parts)
        number = int(parsed)
    else:
        raise ValueError(f"{what}应为非负整数")
    if number < 0:
        raise ValueError(f"{what}不能为负数")
    if number >= MAX_COUNT:
        raise ValueError(f"{what or '数字'}过大：应小于{MAX_COUNT // 10**8}亿")
    return number


def _strip_unit(written: str | None) -> str | None:
    """约400套 → 约400: the unit of a count is printed from its own key (单位) or by the template."""
    if written is None:
        return None
    core = re.sub(r"(人次|[^\d\u3007\u96f6一二两三四五六七八九十百千万亿余多左右上下以内约近逾超过不到足～~〜至到—.-])+$", "", written)
    return core or written


def _measured(text: str, what: str, written: str) -> Decimal:
    """A measured figure written in Chinese numerals (一千二百); approximations are refused:
    a measure is compared with last term's, and an approximate one cannot be."""
    bare, kind = _marked(text)
    if kind is not None or (bare[-1:] in _INNER and is_numeral(bare[:-1])):
        raise ValueError(f"{what}应为确切的数字，不能写“{written}”这样的约数（要与上期比较，如 12345.6）")
    if is_numeral(bare):
        try:
            return parse_numeral(bare)
        except ValueError as exc:
            raise ValueError(f"{what}{exc}") from None
    raise ValueError(f"{what}应为数字，如 12345.6，不能写“{written}”")


def parse_decimal(value: object, what: str = "", nonnegative: bool = False) -> Decimal:
    """A measured figure (用电量 12345.6): exact decimal, units and commas refused."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{what}应为数字")
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = _norm(value).rstrip("%％")
        if len(text) > 100 and re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise ValueError(f"{what or '数值'}过大：应小于1万亿，请检查是否多写了数字")
        try:
            number = Decimal(text) if len(text) <= 100 else Decimal("NaN")
        except InvalidOperation:
            number = _measured(text, what, shown(value))
        if not number.is_finite():
            raise ValueError(f"{what}应为数字，如 12345.6，不能写“{shown(value)}”")
    else:
        raise ValueError(f"{what}应为数字")
    if not number.is_finite():
        raise ValueError(f"{what}应为数字")
    if abs(number) >= MAX_NUMBER:
        raise ValueError(f"{what or '数值'}过大：应小于1万亿，请检查是否多写了数字")
    if _places(number) > NUMBER_PLACES:
        raise ValueError(f"{what or '数值'}“{shown(value)}”的小数位数过多：最多{NUMBER_PLACES}位")
    if nonnegative and number < 0:
        raise ValueError(f"{what}不能为负数")
    return number


_CN_MONTHS = {"一": 1, "正": 1, "元": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12, "冬": 11, "腊": 12}


def parse_month(value: object) -> int:
    """9, 9月, 九月, 元月, 2024-09, 2024年9月 → 9."""
    if isinstance(value, bool):
        raise ValueError("月份应写成 9、9月 或 九月")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = _norm(value)
        m = re.fullmatch(r"(\d{1,2})月?(份)?", text)
        if m:
            number = int(m.group(1))
        elif (m := re.fullmatch(r"(十[一二]?|[一二三四五六七八九十正元冬腊])月份?", text)):
            number = _CN_MONTHS[m.group(1)]
        else:
            try:
                number = parse_date(text).month
            except ValueError:
                raise ValueError(f"无法识别的月份“{shown(value)}”，应写成 9、9月 或 九月") from None
    else:
        try:
            number = parse_date(value).month
        except ValueError:
            raise ValueError("月份应写成 9、9月 或 九月") from None
    if not 1 <= number <= 12:
        raise ValueError(f"月份应在 1 到 12 之间，不能是 {number}")
    return number
