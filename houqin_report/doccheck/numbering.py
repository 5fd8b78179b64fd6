"""Heading numbers: the levels 一、（一）1.（1）① (GB/T 9704-2012 7.3.3, and the circled
figures people use below them), read at the start of each paragraph.

Reported:
- 错误: a gap or jump (一、 then 三、), a number twice, numbers going back, a list that does not
  start at its first number;
- 提示: a malformed number ("(一)、", "一.", "1，", half-width brackets), two ways of writing one
  level in one document ("1、" beside "1."), levels out of order (1. used above （1）, or
  （一） below 1.), a list that starts again at 1 under the same heading.

Skipping a level (一、 straight to 1.) is common and allowed. A list may start again at its
first number after a short line that stands as a heading of its own (八月：, 信息沟通, the
title of the next article in a collection). An attachment note (附件：1.…) and each
attachment (附件1) start their own numbering, as the documents the tool writes do.

A paragraph that starts with a bare figure where an item is missing ("3全面提高…" between 2.
and 4.) is reported as that item written without its mark, not as a gap.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import core
from .core import cn_int
from .reader import Paragraph

__all__ = ["Number", "parse", "numbers", "check_numbering"]

CANONICAL = {1: "N、", 2: "（N）", 3: "N.", 4: "（N）", 5: "①"}
_ACCEPTED = {1: {"N、"}, 2: {"（N）"}, 3: {"N.", "N、", "N．"}, 4: {"（N）", "⑴"}, 5: {"①"}}
_ORDER = "应依次为 一、（一）1.（1）"

_CN = "[一二三四五六七八九十]{1,3}"
_SEP = "[、.．，,]"
_RANK1 = re.compile(rf"\s*({_CN})\s*({_SEP})(?![一二三四五六七八九十])")  # 一、二年级 is no heading
_BRACKETED = re.compile(rf"\s*([（(])\s*({_CN}|\d{{1,2}})\s*([）)])\s*({_SEP}?)")
_DIGIT = re.compile(r"\s*(\d{1,2})\s*([.．、，,:：)）])(?![\d.．:：])")  # not 1.5万元, 3、4月份, 8:30
_CIRCLED = re.compile(r"\s*([\u2460-\u2473])")  # ① … ⑳
_PAREN_DIGIT = re.compile(r"\s*([\u2474-\u2487])")  # ⑴ … ⒇
# 6.2号教学楼…, 1、20xx年…: an item whose text starts with a figure reads like 6.2 or 1、2; taken
# as an item only where that item is due (see check_numbering).
_AMBIGUOUS = re.compile(r"\s*(\d{1,2})\s*([.．、])(?=\d)")
_BARE = re.compile(r"\s*(\d{1,2})(?=[\u4e00-\u9fff])")
_ATTACH_LABEL = re.compile(r"\s*附件\s*\d*\s*")
_ATTACH_NOTE = re.compile(r"\s*附件\s*[：:]\s*")
_SENTENCE_MARKS = re.compile(r"[。！？!?；;，,]")


@dataclass(frozen=True)
class Number:
    """A heading number at the start of a paragraph."""

    rank: int  # 1 一、 2 （一） 3 1. 4 （1） 5 ①
    value: int
    shape: str  # as written, the figure replaced by N: N、 (N)、 N. ⑴ …
    start: int  # where the number starts in the paragraph
    end: int  # where its text starts

    @property
    def label(self) -> str:
        return label(self.shape, self.value, self.rank)

    @property
    def malformed(self) -> bool:
        return self.shape not in _ACCEPTED[self.rank]


def label(shape: str, value: int, rank: int) -> str:
    """The number as written in shape: （N） with 3 at rank 2 → （三）."""
    if shape == "①":
        return chr(0x2460 + value - 1) if 0 < value <= 20 else f"{value}"
    if shape == "⑴":
        return chr(0x2474 + value - 1) if 0 < value <= 20 else f"（{value}）"
    figure = core.chinese_number(value) if rank in (1, 2) and 0 < value < 100 else str(value)
    return shape.replace("N", figure)


def parse(text: str, offset: int = 0) -> Number | None:
    """The heading number text starts with, if any."""
    m = _RANK1.match(text, offset)
    if m:
        value = cn_int(m.group(1))
        return Number(1, value, "N" + m.group(2), m.start(1), m.end()) if value else None
    m = _BRACKETED.match(text, offset)
    if m:
        value = cn_int(m.group(2))
        rank = 4 if m.group(2).isdigit() else 2
        return Number(rank, value, f"{m.group(1)}N{m.group(3)}{m.group(4)}", m.start(1), m.end()) if value else None
    m = _DIGIT.match(text, offset)
    if m:
        rank = 4 if m.group(2) in ")）" else 3
        return Number(rank, int(m.group(1)), "N" + m.group(2), m.start(1), m.end()) if int(m.group(1)) else None
    m = _CIRCLED.match(text, offset)
    if m:
        return Number(5, ord(m.group(1)) - 0x2460 + 1, "①", m.start(1), m.end())
    m = _PAREN_DIGIT.match(text, offset)
    if m:
        return Number(4, ord(m.group(1)) - 0x2474 + 1, "⑴", m.start(1), m.end())
    return None


def _note_offset(text: str) -> int | None:
    """Where the list of an attachment note (附件：1.…) starts, if text is one."""
    m = _ATTACH_NOTE.match(text)
    return m.end() if m else None


def numbers(paragraphs: list[Paragraph]) -> dict[int, Number]:
    """The heading number of each numbered paragraph, by paragraph number."""
    out = {}
    for p in paragraphs:
        offset = _note_offset(p.text)
        number = parse(p.text, offset or 0)
        if number is not None:
            out[p.number] = number
    return out


def _title_like(p: Paragraph) -> bool:
    """A line standing as a heading without a number: short, no sentence in it."""
    text = p.text.strip()
    return p.style == "Title" or p.style.startswith("Heading") or (len(text) <= 30 and not _SENTENCE_MARKS.search(text))


@dataclass
class _Open:
    """A level of the outline open at this point: its last number and where it was."""

    rank: int
    value: int
    shape: str
    paragraph: Paragraph
    title_since: bool = False  # a heading-like line came after it: a list may start again

    @property
    def label(self) -> str:
        return label(self.shape, self.value, self.rank)


@dataclass
class _Styles:
    first: dict[int, tuple[Number, Paragraph]] = field(default_factory=dict)  # the first accepted shape of each level
    reported: set = field(default_factory=set)
    malformed: dict[tuple[int, str], list[tuple[Number, Paragraph]]] = field(default_factory=dict)


Found = tuple[Paragraph, str, str, str]  # paragraph, level, words, message


def check_numbering(paragraphs: list[Paragraph], numbered: dict[int, Number] | None = None) -> list[Found]:
    """(paragraph, level, words, message) of every numbering fault, in paragraph order.

    numbered (from numbers()) gains the items only the context shows (6.2号… where item 6 is
    due), so that later checks see them too."""
    numbered = numbers(paragraphs) if numbered is None else numbered
    found: list[Found] = []
    stack: list[_Open] = []
    styles = _Styles()
    bare: dict[int, tuple[int, Paragraph]] = {}  # paragraph number → the bare figure it starts with
    out_of_order: set[tuple[int, int]] = set()

    def report(p: Paragraph, level: str, message: str) -> None:
        found.append((p, level, _words(p.text), message))

    for p in paragraphs:
        if _ATTACH_LABEL.fullmatch(p.text) or _note_offset(p.text) is not None:
            stack = []  # an attachment, or the note listing them: numbering of its own
        number = numbered.get(p.number)
        if number is None:
            number = _due_item(p, stack)
            if number is not None:
                numbered[p.number] = number
        if number is None:
            m = _BARE.match(p.text)
            if m:
                bare[p.number] = (int(m.group(1)), p)
            if _title_like(p):
                for entry in stack:
                    entry.title_since = True
            continue
        _check_style(p, number, styles, report)
        at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].rank == number.rank), None)
        if at is None:
            top = stack[-1] if stack else None
            if top is not None and top.rank > number.rank and (top.rank, number.rank) not in out_of_order:
                out_of_order.add((top.rank, number.rank))
                report(p, core.HINT, f"层级顺序不对：「{number.label}」一级用在了「{top.label}」一级之下（{_ORDER}）")
            if number.value != 1 and not _explained(number, 1, top.paragraph.number if top else 0, p, bare, report):
                first = label(number.shape, 1, number.rank)
                report(p, core.ERROR, f"编号没有从「{first}」开始：这一级的第一个编号是「{number.label}」")
            stack.append(_Open(number.rank, number.value, number.shape, p))
            continue
        last = stack[at]
        del stack[at + 1:]
        if number.value == last.value + 1:
            pass
        elif number.value == 1:
            if not last.title_since:
                report(p, core.HINT, f"编号重新从「{number.label}」开始（第{last.paragraph.number}段已到「{last.label}」）")
        elif number.value == last.value:
            report(p, core.ERROR, f"编号重复：第{last.paragraph.number}段已是「{last.label}」")
        elif number.value > last.value + 1:
            if not _explained(number, last.value + 1, last.paragraph.number, p, bare, report):
                missing = [label(number.shape, v, number.rank) for v in range(last.value + 1, number.value)]
                gap = "「" + "」「".join(missing[:3]) + "」" + ("等" if len(missing) > 3 else "")
                report(p, core.ERROR, f"编号不连续：「{last.label}」（第{last.paragraph.number}段）之后是「{number.label}」，缺{gap}")
        else:
            report(p, core.ERROR, f"编号顺序颠倒：「{last.label}」（第{last.paragraph.number}段）之后是「{number.label}」")
        stack[at] = _Open(number.rank, number.value, number.shape, p)
    for (rank, shape), where in styles.malformed.items():
        number, p = where[0]
        times = f"（本文共{len(where)}处）" if len(where) > 1 else ""
        report(p, core.HINT, f"编号写法不规范：「{number.label}」应写作「{label(CANONICAL[rank], number.value, rank)}」{times}")
    found.sort(key=lambda f: f[0].number)
    return found


def _due_item(p: Paragraph, stack: list[_Open]) -> Number | None:
    """"6.2号教学楼…" as item 6 followed by 2号教学楼, where item 6 is the one due (or the
    paragraph is styled as a heading); else it is a figure (6.2万元…)."""
    m = _AMBIGUOUS.match(p.text)
    if not m:
        return None
    value = int(m.group(1))
    open_ = next((entry for entry in reversed(stack) if entry.rank == 3), None)
    due = open_.value + 1 if open_ is not None else 1
    if value == due or p.style.startswith("Heading"):
        return Number(3, value, "N" + m.group(2), m.start(1), m.end())
    return None


def _explained(number: Number, missing: int, after: int, p: Paragraph, bare: dict, report) -> bool:
    """When the one missing item is a paragraph written with a bare figure ("3全面提高" for
    "3."), say so there instead of reporting a gap."""
    if number.rank != 3 or number.value != missing + 1:
        return False
    for k in range(max(after + 1, p.number - 50), p.number):
        if k in bare and bare[k][0] == missing:
            mark = number.shape[1:]
            report(bare[k][1], core.HINT, f"编号「{missing}」后面缺少「{mark}」，应写作「{missing}{mark}」")
            return True
    return False


def _check_style(p: Paragraph, number: Number, styles: _Styles, report) -> None:
    if number.malformed:
        styles.malformed.setdefault((number.rank, number.shape), []).append((number, p))
        return
    first = styles.first.get(number.rank)
    if first is None:
        styles.first[number.rank] = (number, p)
    elif first[0].shape != number.shape and (number.rank, number.shape) not in styles.reported:
        styles.reported.add((number.rank, number.shape))
        report(p, core.HINT, f"同一级编号的写法不一致：此处为「{number.label}」，第{first[1].number}段为「{first[0].label}」")


def _words(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 16 else text[:16] + "…"
