"""Numbers as YAML 1.1 writes them, read as a person means them.

YAML 1.1 (PyYAML, and libyaml through it) takes a leading zero for octal (学生数: 010 → 8),
0x1A and 0b11 for hexadecimal and binary, 1:30 for base 60 (→ 90学时), and drops the _ in
1_000. Nobody filling in a school's facts means any of that. So the reader (facts/read.py)
builds a number only from its plain form (12, -3, 5.6); every other form of a number stays
the text it was written as, a Written, and carries what it means as a number:

- a decimal written with leading zeros, a sign, digit-grouping underscores or an exponent
  (010, +5, 1_000, 0100.50, 1.0e+3) means that decimal: 10, 5, 1000, 100.50, 1000;
- a form that is no way of writing a decimal number (0x1A, 0b11, 1:30, 1:30.5, and their
  signed variants; .inf and .nan) has no number: where a number is expected it is refused with a message
  saying what YAML would have made of it and what to write instead.

Where text is expected (学校, 编号, 说明, a key), a Written is the text as written: 007 stays
007, 1:30 stays 1:30. Both readers build values through these functions, so they agree on
every form (tests/test_properties.py).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# The plain forms, built as numbers as they always were: what str() gives back unchanged.
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_PLAIN_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_DECIMAL_INT = re.compile(r"[-+]?[0-9][0-9_]*")
_DECIMAL_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?")
_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+")
_BINARY = re.compile(r"[-+]?0b[01_]+")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")

MAX_DIGITS = 100  # longer is no figure of a school's; kept as text, validation says "过大"


class Written(str):
    """A number in a form other than the plain one: the text as written (a str, so text fields
    keep it as typed), and `number`, what it means, or None with `problem`, why it is none."""

    number: int | Decimal | None
    problem: str

    def __new__(cls, text: str, number: int | Decimal | None, problem: str = "") -> "Written":
        self = super().__new__(cls, text)
        self.number = number
        self.problem = problem
        return self

    def __reduce__(self):  # pickles with its meaning (a worker's results travel)
        return (Written, (str(self), self.number, self.problem))


def _sign(text: str) -> tuple[int, str]:
    if text[:1] in "+-":
        return (-1 if text[0] == "-" else 1), text[1:]
    return 1, text


def _no_number(text: str, what: str, value: int | None) -> Written:
    reads = f"{what}数 {value}" if value is not None else f"{what}数"
    return Written(text, None, f"“{text}”不是十进制数字（YAML 会把它当作{reads}）：请直接写十进制数字；"
                               "编号、时间或比例等文字请加引号")


def _sexagesimal(text: str) -> int | None:
    sign, body = _sign(text.replace("_", ""))
    if "." in body:
        return None
    value = 0
    for part in body.split(":"):
        value = value * 60 + int(part)
    return sign * value


def read_int(text: str) -> int | Written | str:
    """A scalar YAML resolved as an integer (or tagged !!int): the int of a plain form, a
    Written for any other number form, the text itself when it is no number at all
    (!!int "abc", or too many digits for any figure)."""
    if _PLAIN_INT.fullmatch(text) and len(text) <= MAX_DIGITS:
        return int(text)
    if _DECIMAL_INT.fullmatch(text):
        sign, digits = _sign(text.replace("_", ""))
        if not digits or len(digits) > MAX_DIGITS:
            return text
        return Written(text, sign * int(digits))
    return _not_decimal(text) or text


def read_float(text: str) -> Decimal | Written | str:
    """A scalar YAML resolved as a float: an exact Decimal of a plain form (5.6 means 5.6,
    not 5.5999…), a Written for any other number form (.inf and .nan are no number), the
    text itself when it is no number at all."""
    low = text.lower()
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        what = "非数 NaN" if low == ".nan" else "无穷大"
        return Written(text, None, f"“{text}”不是一个数字（YAML 会把它当作{what}）：请直接写十进制数字；文字请加引号")
    if _PLAIN_DECIMAL.fullmatch(text) and len(text) <= MAX_DIGITS:
        return Decimal(text)
    if _DECIMAL_FLOAT.fullmatch(text) and len(text) <= MAX_DIGITS:
        try:
            return Written(text, Decimal(text.replace("_", "")))
        except InvalidOperation:
            return text
    return _not_decimal(text) or text


def _not_decimal(text: str) -> Written | None:
    """Hexadecimal, binary and base 60: refused wherever a number is expected."""
    if len(text) > MAX_DIGITS:
        return None
    if _HEX.fullmatch(text):
        sign, body = _sign(text.replace("_", ""))
        return _no_number(text, "十六进制", sign * int(body[2:], 16) if len(body) > 2 else None)
    if _BINARY.fullmatch(text):
        sign, body = _sign(text.replace("_", ""))
        return _no_number(text, "二进制", sign * int(body[2:], 2) if len(body) > 2 else None)
    if _SEXAGESIMAL.fullmatch(text):
        return _no_number(text, "六十进制", _sexagesimal(text))
    return None


def meant(value: object) -> object:
    """The value a number field is to read: a Written's number, or ValueError with its problem;
    anything else as it is."""
    if isinstance(value, Written):
        if value.number is None:
            raise ValueError(value.problem)
        return value.number
    return value


__all__ = ["Written", "read_int", "read_float", "meant", "MAX_DIGITS"]
