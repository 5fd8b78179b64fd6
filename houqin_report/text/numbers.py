"""Chinese numerals as offices write them: heading numbers (一、 十一、 一百零一、), months, the
old-style date. The one place the tool turns a figure into Chinese characters."""
from __future__ import annotations

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
