"""Numbers as offices write them in Chinese: 五万, 一千二百, 三百, 十二, 两千, 1万3千, 5.6万, 千
(一千), 一千零五. Exact conversion to a Decimal, or a ValueError that says what is ambiguous.

A digit standing alone after a unit is how people speak, not how they write a figure: 三万五 and
5万3 mean 35000 and 53000 to some readers and are typos to others, so they are refused with a
hint to write 3万5千; after 十 a digit is ordinary (十二, 二十五). 零 makes the gap explicit
(一千零五 is 1005).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

_TOKEN = re.compile(r"\d+(?:\.\d+)?|[%s]" % NUMERAL_CHARS)


class Ambiguous(ValueError):
    """A figure that could be read two ways (三万五, 5万3)."""


def is_numeral(text: str) -> bool:
    """Whether text is only digits, a decimal point and Chinese numerals (something to parse)."""
    return bool(text) and "".join(_TOKEN.findall(text)) == text and any(ch.isdigit() or ch in NUMERAL_CHARS for ch in text)


def parse_numeral(text: str) -> Decimal:
    """The exact value of a written figure (see the module's docstring); ValueError if none."""
    tokens = _TOKEN.findall(text)
    if not tokens or "".join(tokens) != text:
        raise ValueError(f"“{text}”不是数字")
    total = Decimal(0)  # the 亿s
    wan = Decimal(0)  # the 万s below the last 亿
    section = Decimal(0)  # below 万
    number: Decimal | None = None  # the digits read since the last unit
    last_unit = 0  # the last unit met, for the "digit after a unit" rule
    small = 0  # the last 十/百/千 of the current section
    zero = False  # a 零 since the last unit
    for token in tokens:
        if token[0].isdigit():
            if number is not None:
                raise ValueError(f"“{text}”中的数字连在一起，无法识别")
            number = Decimal(token)
        elif token in DIGITS:
            if DIGITS[token] == 0:
                if number is not None:  # 二〇: digits in a row (a year), not a figure
                    raise ValueError(f"“{text}”中的数字连在一起，无法识别")
                zero = True
                continue
            if number is not None:  # 一二三: digits in a row are not a figure
                raise ValueError(f"“{text}”中的数字连在一起，无法识别")
            number = Decimal(DIGITS[token])
        elif token in SMALL_UNITS:
            unit = SMALL_UNITS[token]
            if section and small and unit >= small:  # 十十, 百千: units run downwards in a section
                raise ValueError(f"“{text}”中的“{token}”位置不对，无法识别")
            if number is None:
                if unit != 10 and section == 0 and wan == 0 and total == 0 and last_unit == 0:
                    number = Decimal(1)  # 千元, 近千元: a unit alone is one of it
                elif unit == 10:
                    number = Decimal(1)  # 十二, 二百一十
                else:
                    raise ValueError(f"“{text}”中“{token}”前缺少数字")
            section += number * unit
            number, last_unit, zero, small = None, unit, False, unit
        else:  # 万, 亿
            unit = BIG_UNITS[token]
            if number is None and section == 0:
                if total == 0 and wan == 0 and last_unit == 0:
                    number = Decimal(1)  # 万元 alone
                elif not (unit > 10_000 and wan):
                    raise ValueError(f"“{text}”中“{token}”前缺少数字")
            if unit > 10_000:  # 亿 closes the 万s before it
                total += (wan + section + (number or 0)) * unit
                wan = Decimal(0)
            else:
                wan += (section + (number or 0)) * unit
            section, number, last_unit, zero, small = Decimal(0), None, unit, False, 0
    if number is not None:
        if last_unit >= 100 and not zero:
            digits = number.normalize()
            if digits < 10 and digits == digits.to_integral_value():
                next_unit = {100: "十", 1000: "百", 10_000: "千"}.get(last_unit, "千万")
                raise Ambiguous(f"“{text}”有歧义（末尾的“{text[-1]}”是{text[-1]}{next_unit}还是{text[-1]}？），"
                                f"请写明，如 {text}{next_unit}")
            if number >= last_unit:
                raise Ambiguous(f"“{text}”有歧义")
        section += number
    value = total + wan + section
    try:
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    except InvalidOperation:
        raise ValueError(f"“{text}”过大") from None


def cn_int(text: str) -> int | None:
    """A whole figure in Chinese numerals or digits (一 → 1, 十一 → 11, 一百零五 → 105, 12 → 12),
    or None when text is none (一一, 十十) or is ambiguous (一百二): for numbers read out of
    documents, where a wrong reading would be worse than none."""
    if not text or not is_numeral(text):
        return None
    try:
        value = parse_numeral(text)
    except ValueError:
        return None
    return int(value) if value == value.to_integral_value() else None


_ZEROS = {"〇": "0", "零": "0", "○": "0", "0": "0", "O": "0", "Ｏ": "0"}


def cn_digits(text: str) -> int | None:
    """A figure written digit by digit, as an old-style year is: 二〇二四 → 2024 (also with
    零, ○ or 0 typed for 〇); None when a character is no digit."""
    out = ""
    for ch in text:
        if ch in _ZEROS:
            out += "0"
        elif ch in DIGITS and ch != "两":
            out += str(DIGITS[ch])
        elif ch.isdigit():
            out += ch
        else:
            return None
    return int(out) if out else None


__all__ = ["Ambiguous", "NUMERAL_CHARS", "is_numeral", "parse_numeral", "cn_int", "cn_digits"]
