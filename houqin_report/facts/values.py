"""Parsers for the value forms the facts file accepts: money, dates, counts, months.

Each parser takes what YAML produced (int, Decimal, date or str) and returns the exact value,
or raises ValueError with a Chinese message that says what was expected.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"

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


def _reject_common(text: str, what: str, example: str, written: str | None = None) -> None:
    """Name the two mistakes people make most: approximate figures and Chinese numerals."""
    written = shown(text if written is None else written)
    if re.match(r"^(约|大约|近|超过|逾|将近)\d", text) or re.search(r"\d(左右|余|多)", text):
        raise ValueError(f"{what}应为确切数字，不能写“{written}”这样的约数（如 {example}）")
    if any(ch in _CN_DIGITS for ch in re.sub(r"[万亿千百]", "", text)) or re.fullmatch(r"[万亿千百元]+", text):
        raise ValueError(f"{what}请用阿拉伯数字填写，不能写“{written}”（如 {example}）")


# 5.6万 / 5万6千 / 5万6000 / 1亿2000万 / 800 — units must decrease from left to right.
_MONEY_RE = re.compile(
    r"^(?:(?P<yi>\d+(?:\.\d+)?)亿)?"
    r"(?:(?P<wan>\d+(?:\.\d+)?)万)?"
    r"(?:(?P<qian>\d+)千)?"
    r"(?:(?P<bai>\d+)百)?"
    r"(?P<rest>\d+(?:\.\d+)?)?$"
)
_UNIT = {"yi": Decimal(100000000), "wan": Decimal(10000), "qian": Decimal(1000), "bai": Decimal(100)}


def parse_money(value: object) -> Decimal:
    """56000, 56000元, 5.6万, 5.6万元, 5万6千元, ¥56,000 → Decimal('56000') yuan, exactly."""
    example = "56000、5.6万元、5万6千元"
    if isinstance(value, bool) or value is None:
        raise ValueError(f"金额应为数字，如 {example}")
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):  # only reached when a caller bypasses our YAML loader
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        amount = _parse_money_text(value, example)
    else:
        raise ValueError(f"金额应为数字，如 {example}")
    if not amount.is_finite():
        raise ValueError(f"金额应为数字，如 {example}")
    if amount < 0:
        raise ValueError("金额不能为负数")
    if amount >= MAX_MONEY:
        raise ValueError("金额过大：应小于1万亿元，请检查是否多写了数字或单位")
    if _places(amount) > MONEY_PLACES:
        raise ValueError(f"金额“{shown(value)}”的小数位数过多：金额最多精确到分（{MONEY_PLACES}位小数）")
    return amount


def _parse_money_text(raw: str, example: str) -> Decimal:
    if len(raw) > 100:  # no amount is written so long; do not make the patterns below work on it
        if re.fullmatch(r"\s*[¥￥]?[\d,]+(\.\d+)?\s*(元|圆)?\s*", raw):
            raise ValueError("金额过大：应小于1万亿元，请检查是否多写了数字或单位")
        raise ValueError(f"无法识别的金额“{shown(raw)}”，应写成 {example} 或 ¥56,000")
    text = _norm(raw)
    if text.startswith("-"):
        raise ValueError("金额不能为负数")
    text = text.lstrip("¥￥").removeprefix("人民币")
    text = re.sub(r"(元|圆)(整)?$", "", text)
    if "," in text:
        if not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
            raise ValueError(f"金额“{shown(raw)}”的千分位逗号位置不对（如 ¥56,000）")
        text = text.replace(",", "")
    m = _MONEY_RE.match(text) if text else None
    if not m:
        _reject_common(text, "金额", example, raw.strip())
        raise ValueError(f"无法识别的金额“{shown(raw)}”，应写成 {example} 或 ¥56,000")
    parts = {k: v for k, v in m.groupdict().items() if v is not None}
    total = sum((Decimal(v) * _UNIT[k] for k, v in parts.items() if k != "rest"), Decimal(0))
    rest = parts.get("rest")
    if rest is not None:
        rest_value = Decimal(rest)
        smallest = min((_UNIT[k] for k in parts if k != "rest"), default=None)
        # "5万6000" and "5万600" are fine; "5万3" (spoken for 53000) or "5万60000" is ambiguous.
        if smallest is not None and (rest_value >= smallest or re.fullmatch(r"\d", rest)):
            raise ValueError(f"金额“{shown(raw)}”有歧义，请写成 {example}")
        total += rest_value
    # Normalise 56000.0 and 5.6E+4 to a plain exponent-0 figure.
    return total.quantize(Decimal(1)) if total == total.to_integral_value() else total.normalize()


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


def parse_date(value: object) -> FuzzyDate:
    """2024-04-15 (YAML date), 2024-4-5, 2024年4月15日, 2024/4/15, 2024-04, 2024年4月."""
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
    if re.search(r"[xX×＿_]|某|\?|？", text):
        raise ValueError(f"日期“{shown(value)}”还是占位符，请填写实际日期（如 {example}）")
    raise ValueError(f"无法识别的日期“{shown(value)}”，应写成 {example}")


def parse_count(value: object, what: str = "") -> int:
    """A non-negative whole number; 四百 or 约400 is an error that says so."""
    if isinstance(value, bool):
        raise ValueError(f"{what}应为非负整数")
    if isinstance(value, int):
        number = value
    elif isinstance(value, Decimal) and value == value.to_integral_value():
        number = int(value)
    elif isinstance(value, (Decimal, float)):
        raise ValueError(f"{what}应为整数，不能是小数 {shown(value)}")
    elif isinstance(value, str):
        text = _norm(value)
        m = re.fullmatch(r"(\d+)(人次|人|次|个|处|所|名|台|套|件|间|项|场|张|本|册|辆|把|支)?", text)
        if not m:
            if text.startswith("-"):
                raise ValueError(f"{what}不能为负数")
            _reject_common(text, what, "400")
            raise ValueError(f"{what}应为非负整数，如 400，不能写“{shown(value)}”")
        if len(m.group(1).lstrip("0")) > len(str(MAX_COUNT)):  # before int(): 5000 digits
            raise ValueError(f"{what or '数字'}过大：应小于{MAX_COUNT // 10**8}亿")
        number = int(m.group(1))
    else:
        raise ValueError(f"{what}应为非负整数")
    if number < 0:
        raise ValueError(f"{what}不能为负数")
    if number >= MAX_COUNT:
        raise ValueError(f"{what or '数字'}过大：应小于{MAX_COUNT // 10**8}亿")
    return number


def parse_decimal(value: object, what: str = "") -> Decimal:
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
            _reject_common(text, what, "12345.6")
            raise ValueError(f"{what}应为数字，如 12345.6，不能写“{shown(value)}”") from None
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
    return number


def parse_measure(value: object, what: str = "") -> Decimal:
    """A measured figure that cannot be below zero (学时): parse_decimal, negatives refused."""
    number = parse_decimal(value, what)
    if number < 0:
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
