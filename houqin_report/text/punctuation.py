"""Punctuation as GB/T 15834 wants it in Chinese text, for the documents the tool writes.

- Half-width , ; : ? ! ( ) next to Chinese characters become full-width (，；：？！（）); in
  numbers (1,200, 8:30), in Latin text (Windows (XP), a, b) they stay.
- Numbering pasted at the start of an item (1、 1. （1） (1) ① 一、 （一） 1）) is removed: the
  documents number their items themselves.
- An item that ends in ； or ， ends in 。.
The facts file is never changed: `check` lists what a document will show differently.
"""
from __future__ import annotations

import re

_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’《》【】"
_IS_CJK = re.compile(f"[{_CJK}]")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_NUMBERING = re.compile(
    r"^\s*(?:"
    r"[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]\s*[、.．]?"  # （1） (一)
    r"|(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[、）)]"  # 1、 一、 1）
    r"|\d{1,3}\s*[.．](?!\d)"  # 1. but not 1.2号楼
    r"|[①-⑳⑴-⒇㈠-㈩]"  # ① ⑴ ㈠
    r")\s*"
)
_SENTENCE_END = "。！？…!?"
_SOFT_END = "；;，,、：:"


def _cjk(ch: str) -> bool:
    return bool(ch) and bool(_IS_CJK.match(ch))


def full_width(text: str) -> str:
    """Half-width , ; : ? ! ( ) inside Chinese text as their full-width forms. A mark made
    full-width counts as Chinese for its neighbours (甲:!乙 → 甲：！乙), so the result is a
    fixed point: applying it twice changes nothing."""
    while True:
        changed = _full_width_once(text)
        if changed == text:
            return text
        text = changed


def _full_width_once(text: str) -> str:
    if not any(ch in _FULL for ch in text):
        return text
    chars = list(text)
    opened: list[int] = []  # positions of "(" turned full-width, to turn their ")" too
    for i, ch in enumerate(chars):
        if ch not in _FULL:
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch == "(":
            if _cjk(before) or _cjk(after):
                chars[i] = "（"
                opened.append(i)
            else:
                opened.append(-1)
            continue
        if ch == ")":
            mine = opened.pop() if opened else -1
            if mine >= 0 or _cjk(before) or _cjk(after):
                chars[i] = "）"
                if mine < 0:  # its "(" stayed half-width: pair them
                    for j in range(i - 1, -1, -1):
                        if chars[j] == "(":
                            chars[j] = "（"
                            break
            continue
        if ch in ",:" and before.isdigit() and after.isdigit():
            continue  # 1,200 and 8:30
        if _cjk(before) or (_cjk(after) and not (before.isascii() and before.isalnum())):
            chars[i] = _FULL[ch]
    return "".join(chars)


def strip_numbering(text: str) -> str:
    """An item without the numbering pasted at its start (1、 （1） ① …)."""
    m = _NUMBERING.match(text)
    return text[m.end():] if m and m.end() < len(text) else text


def end_sentence(text: str) -> str:
    """An item as a sentence: a closing ； or ， becomes 。, a half-width . after Chinese is 。,
    and 。 is added where the item has no closing mark (one inside closing quotes counts)."""
    text = text.rstrip()
    while text and text[-1] in _SOFT_END:
        text = text[:-1].rstrip()
    if not text:
        return text
    if text[-1] == "." and _cjk(text[-2:-1]):
        return text[:-1] + "。"
    if text.endswith("如下"):  # 现将…总结如下: what follows is the list
        return text + "："
    if text[-1] in _SENTENCE_END or text[-1] == ".":
        return text
    if text[-1] in "”’" and text[-2:-1] in tuple(_SENTENCE_END):
        return text
    return text + "。"


def tidy_item(text: str) -> str:
    """An item of a list (工作, 存在问题, 下一步 …) as the document shows it."""
    return end_sentence(full_width(strip_numbering(text.strip())))


__all__ = ["full_width", "strip_numbering", "end_sentence", "tidy_item"]
