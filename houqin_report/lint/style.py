"""How the documents will show what the office wrote (提示): a 栏目 that is no standard section
(with the closest one, 安全管里 → 安全管理; a section of its own is fine when meant), and an
item whose punctuation or pasted numbering the documents change (GB/T 15834,
text/punctuation.py). The facts file itself is never changed."""
from __future__ import annotations

import difflib
from typing import Iterator

from houqin_report.facts.model import LABEL
from houqin_report.text import sections
from houqin_report.text.punctuation import full_width, tidy_item

# Keys whose strings are items of a list, printed as sentences of their own.
_ITEMS = {"工作", "存在问题", "下一步", "目标", "重点工作"}


def section_hint(name: str) -> str | None:
    """The hint for a 栏目 value that names no standard section, or None."""
    if sections.section_for_name(name) is not None:
        return None
    known = [s.key for s in sections.load_sections()] + [s.title for s in sections.load_sections()]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        key = sections.section_for_name(close[0]) or close[0]
        return f"栏目“{name}”不是标准栏目，是不是要写“{key}”？照写将单独成为一栏"
    return f"栏目“{name}”不是标准栏目，将单独成为一栏，标题为“{name}”"


def shown_differently(loc: tuple, raw: str, role: str) -> str | None:
    """What a document will show for raw, when it is not raw itself."""
    item = any(part in _ITEMS for part in loc if isinstance(part, str)) and role != LABEL
    shown = tidy_item(raw) if item and loc[-1] in ("内容", "") or (item and isinstance(loc[-1], int)) else full_width(raw)
    if shown == raw.strip() or (item and shown == raw.strip() + "。"):
        return None  # an item only given its 。
    return shown


def style_hints(strings: list[tuple[tuple, str, str]]) -> Iterator[tuple[tuple, str, str]]:
    """(key path, words, message) for each string the documents show differently."""
    for loc, raw, role in strings:
        if loc and loc[-1] == "栏目":
            hint = section_hint(raw.strip())
            if hint:
                yield loc, raw, hint
            continue
        shown = shown_differently(loc, raw, role)
        if shown is not None:
            yield loc, raw, f"文档中将写作“{shown}”（标点按 GB/T 15834，列表的编号由文档自动生成）"


__all__ = ["section_hint", "shown_differently", "style_hints"]
