"""The outline → document step: the numbers a template never types, put into the outline text
so that `--format md` shows them and every writer gets them (pandoc's pattern: numbering is a
shared transform run before any writer).

- Headings ``##`` … ``#####`` get 一、 （一） 1. （1） by depth, always consecutive: a deeper
  counter restarts under a new parent, and all restart inside each attachment (and resume
  after it). ``#`` is a title and ``######`` a plain paragraph: no number. Headings inside
  ``::: 落款`` or ``::: 附件说明`` are lines of those blocks, not headings: no number.
- ``::: 附件 N`` gets its label by order in the document: 附件1, 附件2 …; a single attachment is
  just 附件 (GB/T 9704). N as a template writes it is for the reader of the template only.
- ``::: 附件说明`` lines become 附件：1.名称 / 2.名称 …, or 附件：名称 for a single attachment. A
  leading 附件： and a leading 1. / 1、 typed by a template are replaced; "1.2号楼" is a name.
- A number "1." before text that starts with a digit is followed by a no-break space
  (NUMBER_GAP): "1. 2号教学楼", never "1.2号教学楼".

Everything else is left byte for byte as it was.
"""
from __future__ import annotations

import re

from houqin_report.outline.parse import blocks, clean
from houqin_report.text.numbers import chinese_number

_NOTE_PREFIX = re.compile(r"\s*附件\s*[：:]\s*")
_LIST_MARKER = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_ITEM_NUMBER = re.compile(r"\s*\d{1,3}\s*\\?[.．、](?!\d)\s*")
_FENCE = re.compile(r"^(\s*:{3,})\s*附件\s*\d*\s*$")
_NOT_HEADINGS = ("container_落款_open", "container_附件说明_open")


def heading_number(depth: int, n: int) -> str:
    """The number of the n-th heading at depth 0 (一、) … 3 ((1))."""
    return (f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}.", f"（{n}）")[depth]


_ROW = re.compile(r"^ {0,3}\|")
_PIPE = re.compile(r"(?<!\\)\|")
_DELIMITER = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def _skeleton(lines: list[str]) -> str:
    """The text with each pipe table made one column wide and its body rows empty (| |), line
    for line: the numbering needs the blocks, not the cells, and a bureau's tables of ten
    thousand rows would otherwise be split cell by cell only to be thrown away. Every row stays
    a line starting with |, so every table ends where it ended and every other block is where
    it was."""
    out = list(lines)
    in_body = False
    for i, line in enumerate(lines):
        if in_body and _ROW.match(line):
            out[i] = _indent(line) + "| |"
            continue
        in_body = (i > 0 and _ROW.match(lines[i - 1]) is not None and _DELIMITER.match(line) is not None and "-" in line
                   and len(_PIPE.findall(lines[i - 1].strip())) == len(_PIPE.findall(line.strip())))  # a table, as GFM has it
        if in_body:
            out[i - 1], out[i] = _indent(lines[i - 1]) + "| |", _indent(line) + "|---|"
    return "\n".join(out)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]


def number_outline(text: str) -> str:
    """text with its headings, attachment labels and attachment note numbered."""
    text = clean(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    tokens = blocks().parse(_skeleton(lines))
    counters = [0, 0, 0, 0]
    saved: list[list[int]] = []
    quiet = 0  # depth inside blocks whose headings are not headings
    attachments = [t for t in tokens if t.type == "container_附件_open"]
    seen = 0
    for token in tokens:
        kind = token.type
        if kind in _NOT_HEADINGS:
            quiet += 1
            if kind == "container_附件说明_open" and token.map:
                _number_note(lines, token.map)
        elif kind in ("container_落款_close", "container_附件说明_close"):
            quiet -= 1
        elif kind == "container_附件_open":
            seen += 1
            saved.append(counters)
            counters = [0, 0, 0, 0]
            if token.map:
                label = "附件" if len(attachments) == 1 else f"附件{seen}"
                lines[token.map[0]] = _FENCE.sub(lambda m: f"{m.group(1)} {label}", lines[token.map[0]])
        elif kind == "container_附件_close":
            counters = saved.pop() if saved else [0, 0, 0, 0]
        elif kind == "heading_open" and not quiet and token.map:
            level = int(token.tag[1:])
            if not 2 <= level <= 5:
                continue
            depth = level - 2
            counters[depth] += 1
            for deeper in range(depth + 1, len(counters)):
                counters[deeper] = 0
            _insert_number(lines, token, heading_number(depth, counters[depth]))
    return "\n".join(lines)


def _insert_number(lines: list[str], token, number: str) -> None:  # noqa: ANN001 - a markdown-it Token
    first = token.map[0]
    line = lines[first]
    if token.markup.startswith("#"):  # ATX: after the #s and the spaces that follow them
        m = re.match(rf"(.*?{re.escape(token.markup)})([ \t]+|$)", line)
        if m:
            at = m.end()
            lines[first] = line[:at] + ("" if m.group(2) else " ") + apart(number, line[at:]) + line[at:]
            return
    stripped = len(line) - len(line.lstrip())  # setext: before the first line's text
    lines[first] = line[:stripped] + apart(number, line[stripped:]) + line[stripped:]


NUMBER_GAP = "\u00a0"
"""After a number "1." whose text starts with a digit: "1.2号教学楼" would read as 1.2. GB/T
9704 fixes the level-3 number as "1." (no other mark may follow it), so the number stays and
a no-break space (in Times New Roman, a quarter of a character, never stretched by
justification, never at a line's end, not a Markdown list marker) sets it apart: "1. 2号教学楼"."""


def apart(number: str, text: str) -> str:
    """number, with NUMBER_GAP when it ends in "." and text starts with a digit."""
    return number + NUMBER_GAP if number.endswith(".") and text[:1] in _DIGITS else number


_DIGITS = set("0123456789０１２３４５６７８９")


def _number_note(lines: list[str], span: list[int]) -> None:
    """The lines of an attachment note between its fences, numbered."""
    start, end = span[0] + 1, span[1]  # the map ends before the closing fence
    items = [i for i in range(start, end) if lines[i].strip() and not lines[i].lstrip().startswith(":::")]
    for k, i in enumerate(items, 1):
        text = _LIST_MARKER.sub("", lines[i], count=1) if _LIST_MARKER.match(lines[i]) else lines[i].strip()
        if k == 1:
            cut = _NOTE_PREFIX.match(text)
            if cut:
                text = text[cut.end():]
        number = _ITEM_NUMBER.match(text)
        if number:
            text = text[number.end():]
        text = text.strip()
        head = "附件：" if k == 1 else ""
        lines[i] = head + ("" if len(items) == 1 else apart(f"{k}.", text)) + text


__all__ = ["number_outline", "heading_number", "apart", "NUMBER_GAP"]
