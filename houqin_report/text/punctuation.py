"""Punctuation as GB/T 15834 wants it in Chinese text: one rule for the documents `houqin check`
reads (doccheck reports each half-width mark) and for the documents the tool writes.

Chinese text takes full-width marks: ，；：（）？！. A half-width , ; : ( ) ? ! typed inside
it (an English keyboard layout, text pasted from a web page) is a mistake; the same marks in
figures and Latin text are not:

- 1,200 and 3,4: a comma between digits belongs to the figures;
- 8:30, 1:500: a colon between digits is a time or a ratio;
- Windows (64-bit), http://a.cn/?q=1, OK!: Latin text keeps its own marks;
- (1) beside Chinese, 第(一)条, H1N1(甲流): brackets that hold or touch Chinese are Chinese.

A mark counts as inside Chinese text when the nearest character before or after it (spaces
skipped) is Chinese: a Han character or a full-width mark (，。、“”《》（）…). A pair of
brackets is judged as one: both marks are reported when the text between them holds Chinese
or either mark stands right beside it (no space between).

For the items of a list the tool writes (工作, 存在问题, 下一步 …) also: numbering pasted at
an item's start (1、 1. （1） (1) ① 一、 （一） 1）) is removed, since the documents number their
items themselves, and an item that ends in ； or ， ends in 。. The facts file is never changed:
`check` lists what a document will show differently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


FULL_WIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}

# Han ideographs (with extensions A and the compatibility block), CJK symbols and punctuation
# (、。〈〉《》「」【】〔〕…), full-width forms (，：；（）！？), and the Chinese quotes and dashes.
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7]")
_MARKS = re.compile(r"[,;:()?!]")
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});$")


@dataclass(frozen=True)
class HalfWidth:
    """One half-width mark inside Chinese text: where it is and what it should be."""

    start: int  # offset of the mark in the text; the mark is text[start]
    mark: str  # , ; : ( ) ? !
    replacement: str  # ， ； ： （ ） ？ ！


def _neighbour(text: str, pos: int, step: int) -> str:
    """The nearest character from pos in direction step that is not a space, or ''."""
    while 0 <= pos < len(text):
        if not text[pos].isspace():
            return text[pos]
        pos += step
    return ""


def _chinese(ch: str) -> bool:
    return bool(ch) and bool(_CHINESE.match(ch))


def _touches_chinese(text: str, pos: int) -> bool:
    return _chinese(_neighbour(text, pos - 1, -1)) or _chinese(_neighbour(text, pos + 1, 1))


def _next_to_chinese(text: str, pos: int) -> bool:
    """Right beside Chinese, no space between: a bracket typed apart from Chinese by a space
    belongs to the Latin text it holds (安装 Windows (64-bit) 版)."""
    return _chinese(text[pos - 1 : pos]) or _chinese(text[pos + 1 : pos + 2])


def _bracket_pairs(text: str) -> tuple[dict[int, int], list[int]]:
    """Matching half-width brackets (open → close offsets), and the brackets left unmatched."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    unmatched: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            opened.append(i)
        elif ch == ")":
            if opened:
                pairs[opened.pop()] = i
            else:
                unmatched.append(i)
    return pairs, sorted(unmatched + opened)


def find_half_width(text: str) -> list[HalfWidth]:
    """Every half-width , ; : ( ) ? ! inside Chinese text, in order."""
    if not _MARKS.search(text):
        return []
    found: set[int] = set()
    for m in re.finditer(r"[,;:?!]", text):
        pos, mark = m.start(), m.group()
        if mark in ",:" and text[pos - 1 : pos].isdigit() and text[pos + 1 : pos + 2].isdigit():
            continue  # 1,200 · 8:30 · 1:500
        if mark == ";" and _ENTITY.search(text, 0, pos + 1):
            continue  # &amp; &#x41;: the end of a character reference is Latin text
        if _touches_chinese(text, pos):
            found.add(pos)
    if "(" in text or ")" in text:
        pairs, unmatched = _bracket_pairs(text)
        for open_, close in pairs.items():
            inside = text[open_ + 1 : close]
            if _next_to_chinese(text, open_) or _next_to_chinese(text, close) or any(_chinese(c) for c in inside):
                found.update((open_, close))
        for pos in unmatched:
            if _next_to_chinese(text, pos):
                found.add(pos)
    return [HalfWidth(pos, text[pos], FULL_WIDTH[text[pos]]) for pos in sorted(found)]


def to_full_width(text: str, marks: list[HalfWidth] | None = None) -> str:
    """text with each half-width mark inside Chinese text replaced by its full-width form.

    A full-width mark carries its own space, so spaces right after a replaced , ; : ? ! or )
    and right before a replaced ( are dropped ("好, 我们" → "好，我们"). marks: the result of
    find_half_width(text), when the caller has it already.
    """
    marks = find_half_width(text) if marks is None else marks
    if not marks:
        return text
    at = {m.start: m for m in marks}
    out: list[str] = []
    i = 0
    while i < len(text):
        mark = at.get(i)
        if mark is None:
            out.append(text[i])
            i += 1
            continue
        if mark.mark == "(":
            while out and out[-1] in " \t":
                out.pop()
        out.append(mark.replacement)
        i += 1
        if mark.mark != "(":
            while i < len(text) and text[i] in " \t" and i not in at:
                i += 1
    return "".join(out)


_SENTENCE_END = "。！？…!?"
_SOFT_END = "；;，,、：:"
_NUMBERING = re.compile(
    r"^\s*(?:"
    r"[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]\s*[、.．]?"  # （1） (一)
    r"|(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[、）)]"  # 1、 一、 1）
    r"|\d{1,3}\s*[.．](?!\d)"  # 1. but not 1.2号楼
    r"|[①-⑳⑴-⒇㈠-㈩]"  # ① ⑴ ㈠
    r")\s*"
)


def full_width(text: str) -> str:
    """text with its half-width marks inside Chinese text full-width (to_full_width), to a
    fixed point: a mark made full-width counts as Chinese for its neighbours (甲:!乙 → 甲：！乙),
    so applying it twice changes nothing."""
    while True:
        changed = to_full_width(text)
        if changed == text:
            return text
        text = changed


def _cjk(ch: str) -> bool:
    return _chinese(ch)


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


__all__ = ["HalfWidth", "FULL_WIDTH", "find_half_width", "to_full_width", "full_width", "strip_numbering", "end_sentence", "tidy_item"]
