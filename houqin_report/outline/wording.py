"""How numbers and dates are written in Chinese official text (GB/T 15835-2011).

Pure functions, registered as Jinja filters in environment.py. They format; they never compute
a figure (report/ does) and never round one that is printed as exact (money is printed with
every significant digit).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from houqin_report.facts.values import FuzzyDate
from houqin_report.text.numbers import chinese_number, percent, plain, prose_yuan, yuan, yuan_column

_DIGITS = "〇一二三四五六七八九"


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


def change(value: Decimal | None, points: bool) -> str:
    """A change computed by report.figures.indicator_line, in words: 较上期下降12.0% for an
    amount, 较上期提高1.5个百分点 for a figure already in percent, 与上期持平; empty when there
    is nothing to compare with (no earlier figure, or an earlier 0)."""
    if value is None:
        return ""
    if value == 0:
        return "与上期持平"
    if points:
        return f"较上期{'提高' if value > 0 else '下降'}{plain(abs(value))}个百分点"
    return f"较上期{'增长' if value > 0 else '下降'}{abs(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def quantity(number, unit: str | None) -> str:  # noqa: ANN001 - Decimal, int or facts.approx.Approx
    """A count with its unit: 12台; an approximate one as written (约400套) or, for a sum of
    approximate counts, with the unit inside its words (62处以上, 约41次, 约62～65处)."""
    if number is None:
        return ""
    unit = unit or ""
    if hasattr(number, "words") and number.written is None:
        if number.kind == "at_least":
            return f"{plain(number.low)}{unit}以上"
        if number.low == number.high:
            return f"约{plain(number.low)}{unit}"
        return f"约{plain(number.low)}～{plain(number.high)}{unit}"
    return f"{plain(number)}{unit}"


def clause(text: str) -> str:
    """A sentence the user wrote, made fit to sit inside another: its closing mark removed."""
    return str(text).rstrip().rstrip("。．.；;，,！!？?").rstrip()


# The filters of environment.py: the number formats (text/numbers.py) and the wording here.
__all__ = ["plain", "yuan", "prose_yuan", "yuan_column", "percent", "chinese_number", "month_name", "cn_date", "change", "quantity", "clause"]
