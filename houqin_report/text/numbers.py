"""Numbers as Chinese official text writes them (GB/T 15835-2011): figures exact and plain
(56000, 4.5), money in 元/万元/亿元, rates with %, and Chinese numerals for heading numbers
(一、 十一、 一百零一、), months and the old-style date. They format; they never round a
figure that is printed as exact."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九, 101 → 一百零一 (0 < n < 10000)."""
    if not 0 < n < 10000:
        raise ValueError(f"中文数字只写 1 到 9999，不能是 {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    parts = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                parts.append("零")
            parts.append(_DIGITS[d] + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def plain(number) -> str:  # noqa: ANN001 - Decimal, int or facts.approx.Approx
    """Decimal('56000.00') → '56000'; Decimal('4.50') → '4.5'; no exponent, no commas; an
    approximate figure as written (约400) or as a sum says (约1200, 300以上)."""
    if hasattr(number, "words"):
        return number.words(plain)
    number = Decimal(number)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def yuan(amount) -> str:  # noqa: ANN001 - Decimal, int or facts.approx.Approx
    """Money: under 10,000 in 元, from 10,000 in 万元, from 1亿 in 亿元; exact, zeros dropped.
    An approximate amount as written (近70万元, 5千余元) or as a sum says (约13.8万元)."""
    if hasattr(amount, "words"):
        written = amount.written
        if written is not None:
            return written if "元" in written or "圆" in written else written + "元"
        return amount.words(yuan)
    amount = Decimal(amount)
    if amount >= 100_000_000:
        return f"{plain(amount / 100_000_000)}亿元"
    if amount >= 10_000:
        return f"{plain(amount / 10_000)}万元"
    return f"{plain(amount)}元"


def shown_in_prose(amount: Decimal) -> Decimal:
    """The figure prose_yuan prints for an exact amount, in 元: from 10,000 rounded (half up)
    to 0.01万元 (from 1亿 to 0.01亿元), below that exact."""
    from decimal import ROUND_HALF_UP

    amount = Decimal(amount)
    for unit in (Decimal(100_000_000), Decimal(10_000)):
        if amount >= unit:
            return (amount / unit).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * unit
    return amount


def prose_yuan(amount) -> str:  # noqa: ANN001 - Decimal, int or facts.approx.Approx
    """Money as an office writes it in a sentence: 万元 (亿元) to two decimals, trailing zeros
    dropped (10.841万元 → 10.84万元, 1.099万元 → 1.1万元), under 10,000 in 元 exactly; an
    approximate amount as written. Tables print every digit (yuan)."""
    if hasattr(amount, "words"):
        return amount.words(prose_yuan) if amount.written is None else yuan(amount)
    return yuan(shown_in_prose(amount))


def percent(value: Decimal | None, one_decimal: bool = False) -> str:
    """96.7 → '96.7%'; 100.0 → '100%' (a whole rate is written whole, as offices do in text);
    with one_decimal (a table's column, where the figures line up) '100.0%'."""
    if value is None:
        raise ValueError("没有比率可写（分母为 0）")
    if one_decimal:
        return f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
    return f"{plain(value) if value == value.to_integral_value() else value}%"


def figure_column(figures) -> list[str | None]:  # noqa: ANN001 - Decimal, int, Approx or None
    """A table column of money in 万元 written alike: every exact figure with as many decimals
    as the most exact one needs (7.56, 13.60, 36.30), none rounded, up to whole 元 (4
    decimals); a column with 角 or 分 in it (1.234567) keeps each figure as it is, not padded
    to six places. An approximate figure as written (约13.15～15.15); None stays None (未填)."""
    exact = [Decimal(f) for f in figures if f is not None and not hasattr(f, "words")]
    places = max((-Decimal(plain(f)).as_tuple().exponent for f in exact), default=0)
    if places > WHOLE_YUAN_PLACES:
        return [None if f is None else plain(f) for f in figures]
    step = Decimal(1).scaleb(-places)
    return [None if f is None else plain(f) if hasattr(f, "words") else str(Decimal(f).quantize(step)) for f in figures]


WHOLE_YUAN_PLACES = 4  # 1元 is 0.0001万元


def yuan_column(amounts) -> list[str]:  # noqa: ANN001 - Decimal, int, Approx or None
    """A table column of money in one unit, 元, its figures alike: all whole (1800) or, when
    any has 角 or 分, all with two decimals (1800.00, 1099.50); None is an empty cell. An
    approximate amount keeps the office's words and their unit (近70万元): never a figure."""
    values = [a if a is None or hasattr(a, "words") else Decimal(a) for a in amounts]
    exact = [v for v in values if isinstance(v, Decimal)]
    cents = any(v != v.to_integral_value() for v in exact)
    return [
        "" if v is None else yuan(v) if not isinstance(v, Decimal)
        else f"{v.quantize(Decimal('0.01'))}" if cents else plain(v)
        for v in values
    ]
