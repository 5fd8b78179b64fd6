"""Approximate figures, kept as written: 近70万元, 5千余元, 1千5百多元, 200多只, 约400套,
10万元左右, 3万～5万元.

An office writes a figure approximately when it does not know it exactly; the tool must neither
pretend it is exact nor drop it. An Approx keeps the bounds the words give and the words
themselves; a sum that takes one in is an Approx too (its parts counted), so a total over
approximate parts is printed as one (约…, …以上) and a rate over one is not printed as exact.
Exact figures stay plain Decimal and int: a file without approximations computes and prints
exactly as before.

Kinds, and what the figure says:
- about (约, 大约, 左右, 上下): about v;
- at_least (余, 多, 以上, 超过, 逾): v or more — v is a true lower bound;
- at_most (近, 将近, 接近, 不到, 不足, 以内): a little under v;
- range (3万～5万): between low and high.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

ABOUT, AT_LEAST, AT_MOST, RANGE = "about", "at_least", "at_most", "range"


@dataclass(frozen=True)
class Approx:
    low: Decimal
    high: Decimal
    kind: str
    written: str | None = None  # the figure as written, without its unit: 近70万, 约400; None for a sum
    parts: int = 1  # approximate figures in it (a sum may hold several)

    # A figure that is not zero (truthiness like Decimal's: "if p.amount").
    def __bool__(self) -> bool:
        return bool(self.high)

    @property
    def nominal(self) -> Decimal:
        """The figure to sort by or compare with: the one named (the low end of a range)."""
        return self.low

    def __add__(self, other: object) -> "Approx":
        if isinstance(other, Approx):
            kinds = {self.kind, other.kind}
            kind = AT_LEAST if kinds == {AT_LEAST} else (ABOUT if self.low + other.low == self.high + other.high else RANGE)
            return Approx(self.low + other.low, self.high + other.high, kind, None, self.parts + other.parts)
        if isinstance(other, (int, Decimal)) and not isinstance(other, bool):
            kind = self.kind if self.written is None or self.kind == AT_LEAST else (ABOUT if self.low == self.high else RANGE)
            return Approx(self.low + other, self.high + other, kind, None if other else self.written, self.parts)
        return NotImplemented

    __radd__ = __add__

    def __truediv__(self, other: object) -> "Approx":
        if isinstance(other, (int, Decimal)) and not isinstance(other, bool):
            return Approx(self.low / other, self.high / other, self.kind, None, self.parts)
        return NotImplemented

    def _key(self) -> tuple:
        return (self.low, self.high)

    def __lt__(self, other: object) -> bool:
        return self.nominal < (other.nominal if isinstance(other, Approx) else other)

    def __gt__(self, other: object) -> bool:
        return self.nominal > (other.nominal if isinstance(other, Approx) else other)

    def __le__(self, other: object) -> bool:
        return not self > other

    def __ge__(self, other: object) -> bool:
        return not self < other

    def words(self, fmt) -> str:  # noqa: ANN001 - fmt: Decimal → str (plain, yuan)
        """The figure in words, each figure formatted by fmt: as written when it is one figure
        (fmt only adds the unit), else the bounds of the sum: 约X, X以上, 约X～Y."""
        if self.written is not None:
            return self.written
        if self.kind == AT_LEAST:
            return f"{fmt(self.low)}以上"
        if self.low == self.high:
            return f"约{fmt(self.low)}"
        return f"约{fmt(self.low)}～{fmt(self.high)}"

    def __str__(self) -> str:
        from houqin_report.text.numbers import plain

        return self.words(plain)


def is_approx(value: object) -> bool:
    return isinstance(value, Approx)


def total(values: Iterable[object], start: int | Decimal = Decimal(0)):  # noqa: ANN201
    """The sum of figures that may be approximate (None skipped): exact when every part is."""
    result: object = start
    for value in values:
        if value is not None:
            result = result + value
    return result


def nominal(value: object) -> Decimal | int:
    """A figure to sort by: itself, or an Approx's nominal figure."""
    return value.nominal if isinstance(value, Approx) else value


def approx_parts(value: object) -> int:
    """How many approximate figures a value holds (0 for an exact one)."""
    return value.parts if isinstance(value, Approx) else 0


__all__ = ["Approx", "ABOUT", "AT_LEAST", "AT_MOST", "RANGE", "is_approx", "total", "nominal", "approx_parts"]
