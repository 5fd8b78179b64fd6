"""How numbers and dates are written in Chinese official text (GB/T 15835-2011).

Pure functions, registered as Jinja filters in environment.py. They format; they never round
a figure that is printed as exact (money is printed with every significant digit).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from houqin_report.facts.values import FuzzyDate

_DIGITS = "〇一二三四五六七八九"
_HEADING_DIGITS = "零一二三四五六七八九"


def plain(number: Decimal | int) -> str:
    """Decimal('56000.00') → '56000'; Decimal('4.50') → '4.5'; no exponent, no commas."""
    number = Decimal(number)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def yuan(amount: Decimal | int) -> str:
    """Money: under 10,000 in 元, from 10,000 in 万元, from 1亿 in 亿元; exact, zeros dropped."""
    amount = Decimal(amount)
    if amount >= 100_000_000:
        return f"{plain(amount / 100_000_000)}亿元"
    if amount >= 10_000:
        return f"{plain(amount / 10_000)}万元"
    return f"{plain(amount)}元"


def rate(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part ÷ whole × 100 to one decimal (half up); None when whole is 0 (no rate over nothing)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent(value: Decimal | None) -> str:
    """96.7 → '96.7%'; 100.0 → '100%' (a whole rate is written whole, as offices do)."""
    if value is None:
        raise ValueError("没有比率可写（分母为 0）")
    return f"{plain(value) if value == value.to_integral_value() else value}%"


def share(part: Decimal | int, whole: Decimal | int) -> str:
    """The share of part in whole as a percentage string, e.g. 63.4%."""
    return percent(rate(part, whole))


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九 (for headings and counts in words)."""
    if not 0 < n < 100:
        raise ValueError(f"heading numbers run from 1 to 99, not {n}")
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _HEADING_DIGITS[tens]) + "十" if tens else ""
    return text + (_HEADING_DIGITS[ones] if ones else "")


_MONTH_NAMES = {1: "元月", 11: "十一月", 12: "十二月"}


def month_name(month: int) -> str:
    """9 → 九月; the school calendar says 元月 for January."""
    return _MONTH_NAMES.get(month) or f"{chinese_number(month)}月"


def cn_date(date: FuzzyDate, old_style: bool = False) -> str:
    """2024年7月5日 (GB/T 9704-2012), or 二〇二四年七月五日 with old_style."""
    if not old_style:
        return str(date)
    year = "".join(_DIGITS[int(d)] for d in str(date.year))
    text = f"{year}年{chinese_number(date.month)}月"
    return text + (f"{chinese_number(date.day)}日" if date.day else "")


def change(current: Decimal, previous: Decimal | None, unit: str | None = None) -> str:
    """较上期下降12.0% for amounts; 提高1.5个百分点 for figures already in percent.

    Empty when there is nothing to compare with (no previous figure, or a previous of 0).
    """
    if previous is None:
        return ""
    if unit in ("%", "％"):
        diff = Decimal(current) - Decimal(previous)
        if diff == 0:
            return "与上期持平"
        word = "提高" if diff > 0 else "下降"
        return f"较上期{word}{plain(abs(diff))}个百分点"
    if previous == 0:
        return ""
    if current == previous:
        return "与上期持平"
    pct = rate(abs(Decimal(current) - Decimal(previous)), previous)
    word = "增长" if current > previous else "下降"
    return f"较上期{word}{pct}%"


def quantity(number: Decimal | int | None, unit: str | None) -> str:
    if number is None:
        return ""
    return f"{plain(number)}{unit or ''}"


def clause(text: str) -> str:
    """A sentence the user wrote, made fit to sit inside another: its closing mark removed."""
    return str(text).rstrip().rstrip("。．.；;，,！!？?").rstrip()
