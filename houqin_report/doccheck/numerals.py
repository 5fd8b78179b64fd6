"""Chinese numerals as documents write them: heading numbers (一 … 九十九), counts (三件事,
两所) and the digits of an old-style date (二〇二四年七月五日)."""
from __future__ import annotations

__all__ = ["DIGITS", "cn_int", "cn_digits"]

_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
DIGITS = "〇零一二两三四五六七八九十百"


def cn_int(text: str) -> int | None:
    """一 → 1, 十 → 10, 十一 → 11, 二十 → 20, 九十九 → 99, 一百 → 100, 一百零五 → 105; an
    Arabic figure as it is; None for anything else (一一, 十十, 二〇)."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _VALUES and ch not in "十百" for ch in text):
        return None
    total = 0
    rest = text
    if "百" in rest:
        head, rest = rest.split("百", 1)
        if len(head) != 1 or _VALUES.get(head, 0) == 0:
            return None
        total += _VALUES[head] * 100
        if rest.startswith(("零", "〇")):
            rest = rest[1:]
            if len(rest) != 1 or rest in "十百":
                return None
    if "十" in rest:
        head, tail = rest.split("十", 1)
        if len(head) > 1 or (head and _VALUES.get(head, 0) < 1) or len(tail) > 1 or (tail and _VALUES.get(tail, 0) < 1):
            return None
        return total + (_VALUES[head] if head else 1) * 10 + (_VALUES[tail] if tail else 0)
    if len(rest) > 1 or (rest and _VALUES[rest] == 0 and total == 0):
        return None
    return total + (_VALUES[rest] if rest else 0) if (rest or total) else None


def cn_digits(text: str) -> int | None:
    """The figure written digit by digit in Chinese: 二〇二四 → 2024 (also with 零, ○ or 0 for
    zero, as people type it); None when a character is no digit."""
    zeros = {"〇": "0", "零": "0", "○": "0", "0": "0", "O": "0", "Ｏ": "0"}
    out = ""
    for ch in text:
        if ch in zeros:
            out += "0"
        elif ch in _VALUES and ch != "两":
            out += str(_VALUES[ch])
        elif ch.isdigit():
            out += ch
        else:
            return None
    return int(out) if out else None
