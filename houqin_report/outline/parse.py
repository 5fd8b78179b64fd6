"""Reading the outline text (docs/outline.md): markdown-it-py (CommonMark, tables on, raw HTML
off, so ``<w:p>`` in a user's text stays text) with mdit-py-plugins' container for the ``:::``
blocks, and its inline content as text segments. The numbering step (outline/numbering.py) and
every writer read the outline through here, so they agree on what it says."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin

from houqin_report.text import chars

CONTAINERS = {
    "落款": re.compile(r"落款"),
    "附件说明": re.compile(r"附件说明"),
    "附件": re.compile(r"附件\s*\d*"),
    "居中": re.compile(r"居中"),
}


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    return _markdown(True)


@lru_cache(maxsize=1)
def blocks() -> MarkdownIt:
    """The same parser without the inline pass: the block structure (headings, containers,
    tables with their source lines) at a fraction of the cost, for the numbering step."""
    return _markdown(False)


def _markdown(inline: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    if not inline:
        md.core.ruler.disable(["inline", "linkify", "replacements", "smartquotes", "text_join"])
    for name, pattern in CONTAINERS.items():
        container_plugin(md, name, validate=lambda params, *_, p=pattern: p.fullmatch(params.strip()) is not None)
    rule = next(r for r in md.block.ruler.__rules__ if r.name == "table")
    md.block.ruler.at("table", _compact_table(rule.fn), {"alt": list(rule.alt)})
    return md


def _compact_table(table_rule):
    """markdown-it's table rule, with each table's body kept as one token ("tbody_compact")
    holding its rows' cell texts, where markdown-it makes three tokens a cell and then parses
    the text of every cell into more. The rule runs as it is, but the body's tokens it pushes
    are caught as they come (_BodySink) instead of made: a bureau's tables of 10,000 schools
    made as tokens took 170 MB and five seconds before the first row was written. The renderer
    parses each cell's text when it writes the cell (cell_segments), the same way."""
    def table(state, start_line: int, end_line: int, silent: bool) -> bool:
        if silent:
            return table_rule(state, start_line, end_line, silent)
        first = len(state.tokens)
        sink = _BodySink(state.push)
        state.push = sink.push  # this state only, for this one call
        try:
            found = table_rule(state, start_line, end_line, silent)
        finally:
            del state.push
        if found and sink.body is not None:
            tokens = state.tokens
            at = next(i for i in range(first, len(tokens)) if tokens[i] is sink.body)
            body = tokens[at]
            compact = Token("tbody_compact", "", 0, map=body.map, level=body.level, block=True,
                            meta={"rows": sink.rows, "env": state.env})
            tokens[at:at + 2] = [compact]  # tbody_open and tbody_close: nothing was pushed between
        return found
    return table


class _BodySink:
    """state.push while the table rule runs: tokens until the body's opening are made as usual;
    after it, each row's tr_open, td_open, inline, td_close and tr_close are one reused object
    the rule sets the map, attrs or content of, read (flushed) when the next one is pushed."""

    _BODY = frozenset(("tr_open", "td_open", "inline", "td_close", "tr_close"))
    __slots__ = ("_push", "body", "rows", "type", "attrs", "map", "content", "children", "_style")

    def __init__(self, push) -> None:
        self._push = push
        self.body = None  # the tbody_open token, once pushed
        self.rows: list[tuple[list[int] | None, list[tuple[str, str]]]] = []
        self.type = None
        self._style = ""

    def push(self, kind: str, tag: str, nesting: int):
        if self.body is None:
            token = self._push(kind, tag, nesting)
            if kind == "tbody_open":
                self.body = token
            return token
        self._flush()
        if kind not in self._BODY:
            return self._push(kind, tag, nesting)
        self.type, self.attrs, self.map, self.content, self.children = kind, None, None, "", None
        return self

    def _flush(self) -> None:
        kind = self.type
        if kind == "tr_open":
            self.rows.append((self.map, []))
        elif kind == "td_open":
            self._style = str(self.attrs.get("style", "")) if self.attrs else ""
        elif kind == "inline":
            self.rows[-1][1].append((self.content, self._style))
        self.type = None


def cell_segments(content: str, env: dict) -> list[Seg]:
    """A table cell's text as segments, as markdown-it parses it (of the inline rules enabled,
    only these characters start one: a text with none of them but backslash escapes is
    itself, 81.8% and 2024-03-12 included)."""
    md = markdown()
    if not _SYNTAX.search(_ESCAPED.sub("", content)):
        text = _ESCAPED.sub(r"\1", content).replace("\t", " ").replace("\n", " ")
        return [Seg(text)] if text else []
    return segments(SyntaxTreeNode(md.parseInline(content, env)).children[0])


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # markdown-it's backslash escapes (ASCII punctuation)
_SYNTAX = re.compile(r"[\n\\`*_\[!<&]")  # newline, escape, backticks, emphasis, link, image, autolink, entity


def clean(text: str) -> str:
    return chars.writable(text)  # lxml refuses what XML 1.0 cannot hold


def parse(text: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(markdown().parse(clean(text)))


def extra_cells(line: str, parsed: int) -> list[str]:
    """Cells of a table row's source line beyond the ``parsed`` ones markdown-it kept.

    GFM drops the cells of a row that has more than the header; the text would be lost, so
    they are recovered from the line (split at pipes not escaped by a backslash).
    """
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    # Most rows have no more cells than the header: fewer pipes than that, or as many with the
    # last one closing the row, cannot make more (checked without walking every character).
    pipes = line.count("|")
    if pipes < parsed or (pipes == parsed and line.endswith("|") and not line.endswith("\\|")):
        return []
    cells, current, escaped = [], [], False
    for ch in line:
        if ch == "|" and not escaped:
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        escaped = ch == "\\" and not escaped
    if "".join(current).strip():
        cells.append("".join(current))
    return [c.strip() for c in cells[parsed:]]


@dataclass(slots=True)  # a bureau's attachments hold hundreds of thousands of them while laid out
class Seg:
    text: str
    bold: bool = False


_SOFT = Seg("")  # marker: a soft line break, resolved by _join_soft


def segments(node: SyntaxTreeNode | None, soft_is_break: bool = False) -> list[Seg]:
    """Inline content as text segments; "\\n" in a segment is a line break."""
    out: list[Seg] = []
    if node is not None:
        _collect(node, False, soft_is_break, out)
    return _join_soft(out)


def _collect(node: SyntaxTreeNode, bold: bool, soft_is_break: bool, out: list[Seg]) -> None:
    for child in node.children:
        kind = child.type
        if kind == "softbreak":
            out.append(Seg("\n", bold) if soft_is_break else _SOFT)
        elif kind == "hardbreak":
            out.append(Seg("\n", bold))
        elif kind == "strong":
            _collect(child, True, soft_is_break, out)
        elif child.children:
            _collect(child, bold, soft_is_break, out)
        elif child.content:
            out.append(Seg(child.content.replace("\t", " ").replace("\n", " "), bold))


def _join_soft(segs: list[Seg]) -> list[Seg]:
    """A soft break becomes nothing between Chinese characters, else one space."""
    result: list[Seg] = []
    for i, seg in enumerate(segs):
        if seg is not _SOFT:
            result.append(seg)
            continue
        before = result[-1].text[-1:] if result and result[-1].text else ""
        after = next((s.text[:1] for s in segs[i + 1 :] if s is not _SOFT and s.text), "")
        if before and after and not (chars.is_wide(before) or chars.is_wide(after)):
            result.append(Seg(" ", result[-1].bold))
    return result


def plain(segs: Iterable[Seg]) -> str:
    return "".join(s.text for s in segs)


def split_lines(segs: list[Seg]) -> list[list[Seg]]:
    """Split segments at line breaks."""
    lines: list[list[Seg]] = [[]]
    for seg in segs:
        parts = seg.text.split("\n")
        for j, part in enumerate(parts):
            if j:
                lines.append([])
            if part:
                lines[-1].append(Seg(part, seg.bold))
    return lines


def inline_of(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    return next((c for c in node.children if c.type == "inline"), None)


def strip(segs: list[Seg]) -> list[Seg]:
    """Without the surrounding spaces of the whole line."""
    segs = [s for s in segs if s.text]
    if segs:
        segs[0] = Seg(segs[0].text.lstrip(), segs[0].bold)
        segs[-1] = Seg(segs[-1].text.rstrip(), segs[-1].bold)
    return [s for s in segs if s.text]


def drop_prefix(segs: list[Seg], count: int) -> list[Seg]:
    out = []
    for s in segs:
        if count >= len(s.text):
            count -= len(s.text)
            continue
        out.append(Seg(s.text[count:], s.bold))
        count = 0
    return out
