"""Reading a document (.docx, .txt, .md) into what the checks look at: its paragraphs, numbered
from 1 as a reader counts them (paragraphs with text only), and its tables, cell by cell.

.docx (python-docx opens the package; the body is walked here):
- the text is what Word shows with tracked changes accepted: inserted runs (w:ins) count,
  deleted ones (w:del) do not; field codes are skipped, their shown results kept; text boxes
  and drawings are not body text;
- automatic numbering (numbering.xml, as Word and WPS put in when one types "1." at the start
  of a line) is written out in front of the paragraph as it is shown (一、 1. （1） ①), so that
  typed and automatic numbers are checked alike;
- a cell spanning columns sits in its first column; a cell continuing a vertical merge is
  empty; nested tables add their text to the cell.

.txt: every line with text is a paragraph; consecutive lines cut by tabs into the same number
(2 or more) of pieces are a table (a table copied out of Word).
.md: CommonMark (markdown-it-py) with pipe tables; headings, paragraphs and list items are
paragraphs (an ordered item keeps its number); ``::: 名称`` blocks (the tool's own outline
format) give their paragraphs that style name, so a ``::: 落款`` block reads as a signature.

Text files are UTF-8 or GBK, as facts files are (core.decode).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import core

__all__ = ["Paragraph", "Table", "Document", "read", "read_text", "DOCUMENT_SUFFIXES", "MAX_BYTES", "MAX_UNPACKED"]

DOCUMENT_SUFFIXES = (".docx", ".txt", ".md")
MAX_BYTES = 100 * 1024 * 1024  # a .docx with photos; what is bigger is surely not a report
MAX_TEXT_BYTES = 20 * 1024 * 1024  # a text file: a whole province's summaries pasted into one
MAX_UNPACKED = 300 * 1024 * 1024  # all parts unpacked: python-docx reads every part, so a zip bomb is refused first


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based among the body paragraphs that have text
    text: str
    line: int | None = None  # the line in a text file
    style: str = ""  # the .docx style name (Title, Heading 1, 落款 …); an .md block's kind
    right: bool = False  # aligned right, as a signature is


@dataclass(frozen=True)
class Table:
    number: int  # 1-based
    rows: tuple[tuple[str, ...], ...]
    after: int  # the number of the paragraph before the table (0: at the start)
    lines: tuple[int, ...] | None = None  # each row's line in a text file

    def line(self, row: int) -> int | None:
        return self.lines[row] if self.lines else None

    def measured_rows(self) -> tuple[tuple[str, ...], ...]:
        """The rows with each bare figure given its column's unit, as the header names it
        (金额（元） over 1800 reads 1800元; 费用（万元） over 1.2 reads 1.2万元): what the
        figures are when added up or compared. The rows as written stay in rows."""
        units = [_header_unit(h) for h in self.rows[0]] if self.rows else []
        if not any(units):
            return self.rows
        return (self.rows[0],) + tuple(
            tuple(text + units[c] if c < len(units) and units[c] and _BARE.fullmatch(text) else text
                  for c, text in enumerate(row))
            for row in self.rows[1:])


# 金额（元）, 费用(万元), 面积（平方米）: a unit in brackets closing a column's header.
_HEADER = re.compile(r"(?s).*[（(]\s*(万元|亿元|元|千瓦时|平方米|吨|人次|学时|课时|小时|次|处|项|人)\s*[）)]\s*")
_BARE = re.compile(r"\s*(?:约|近)?\s*\d+(?:\.\d+)?\s*")


def _header_unit(header: str) -> str:
    m = _HEADER.fullmatch(header)
    return m.group(1) if m else ""


@dataclass
class Document:
    file: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The title: the first paragraph styled Title, else the first paragraph."""
        for p in self.paragraphs[:5]:
            if p.style == "Title":
                return p.text
        return self.paragraphs[0].text if self.paragraphs else ""


def _problem(file: str, message: str, hint: str = "") -> core.FactsError:
    return core.FactsError(file, [core.Problem(file, None, "", message, hint)])


def read(path: Path) -> Document:
    """The document at path, by its suffix. Raises FactsError (a Problem naming the file) when
    it cannot be read."""
    file = str(path)
    suffix = path.suffix.lower()
    limit = MAX_BYTES if suffix == ".docx" else MAX_TEXT_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise _problem(file, f"文件过大（{size // 1024 // 1024} MB），文档应在 {limit // 1024 // 1024} MB 以内", "请确认选对了文件")
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except FileNotFoundError:
        raise _problem(file, "文件不存在") from None
    except IsADirectoryError:
        raise _problem(file, "这是一个文件夹，不是文档") from None
    except OSError as exc:
        raise _problem(file, f"无法读取文件：{exc.strerror or exc}") from None
    if len(raw) > limit:
        raise _problem(file, f"文件过大，文档应在 {limit // 1024 // 1024} MB 以内", "请确认选对了文件")
    if suffix == ".docx":
        from .wordfile import read_docx

        return read_docx(raw, file)
    return read_text(core.decode(raw, file), file, markdown=suffix == ".md")


def read_text(text: str, file: str, markdown: bool = False) -> Document:
    """The paragraphs and tables of a text file's text."""
    if markdown:
        return _read_markdown(text, file)
    out = Document(file)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        cells = lines[i].strip().split("\t")
        if len(cells) >= 2:
            j = i + 1
            while j < len(lines) and len(lines[j].strip().split("\t")) == len(cells):
                j += 1
            if j - i >= 2:
                rows = tuple(tuple(c.strip() for c in line.strip().split("\t")) for line in lines[i:j])
                out.tables.append(Table(len(out.tables) + 1, rows, len(out.paragraphs), tuple(range(i + 1, j + 1))))
                i = j
                continue
        if lines[i].strip():
            out.paragraphs.append(Paragraph(len(out.paragraphs) + 1, lines[i].strip(), i + 1))
        i += 1
    return out


_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _join_soft(before: str, after: str) -> str:
    """A soft line break: nothing between Chinese characters (a wrapped line), else a space."""
    if before and after and (_WIDE.match(before[-1]) or _WIDE.match(after[0])):
        return ""
    return " "


def _inline_text(token) -> str:
    out = ""
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out += child.content
        elif child.type == "softbreak":
            out += "\x00"  # resolved below, once the text on both sides is known
        elif child.type == "hardbreak":
            out += "\n"
        elif child.type == "image":
            out += _inline_text(child)
    parts = out.split("\x00")
    text = parts[0]
    for part in parts[1:]:
        text += _join_soft(text, part) + part
    return text


def _read_markdown(text: str, file: str) -> Document:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Any ``::: 名称`` block; an outer one with more colons may hold inner ones (docs/outline.md).
    container_plugin(md, name="block", marker=":", validate=lambda params, *args: True)
    tokens = md.parse(text)
    out = Document(file)
    styles: list[str] = []
    ordered: list[tuple[int, str]] = []  # (next number, delimiter) of each open ordered list
    item_prefix: str | None = None
    table: list[tuple[str, ...]] | None = None
    row: list[str] = []
    lines: list[int] = []
    kind = ""
    for i, token in enumerate(tokens):
        t = token.type
        if t.startswith("container_") and t.endswith("_open"):
            styles.append(token.info.strip().split(" ", 1)[0] if token.info.strip() else "")
        elif t.startswith("container_") and t.endswith("_close"):
            if styles:
                styles.pop()
        elif t == "ordered_list_open":
            ordered.append((int(token.attrs.get("start", 1) or 1), token.markup or "."))
        elif t == "ordered_list_close":
            ordered.pop()
        elif t == "list_item_open" and token.markup in (".", ")") and ordered:
            number, delimiter = ordered[-1]
            number = int(token.info) if token.info.isdigit() else number
            item_prefix = f"{number}{delimiter}"
            ordered[-1] = (number + 1, delimiter)
        elif t == "heading_open":
            kind = "Title" if token.tag == "h1" else f"Heading {int(token.tag[1:]) - 1}"
        elif t == "paragraph_open":
            kind = styles[-1] if styles else ""
        elif t == "table_open":
            table, lines = [], []
        elif t == "tr_open":
            row = []
            lines.append(token.map[0] + 1 if token.map else 0)
        elif t == "tr_close" and table is not None:
            table.append(tuple(row))
        elif t == "table_close" and table is not None:
            width = max((len(r) for r in table), default=0)
            rows = tuple(r + ("",) * (width - len(r)) for r in table)
            out.tables.append(Table(len(out.tables) + 1, rows, len(out.paragraphs), tuple(lines)))
            table = None
        elif t == "inline":
            content = _inline_text(token)
            if table is not None:
                row.append(content.strip())
                continue
            if item_prefix is not None:
                content = item_prefix + content
                item_prefix = None
            if content.strip():
                line = token.map[0] + 1 if token.map else None
                out.paragraphs.append(Paragraph(len(out.paragraphs) + 1, content.strip(), line, kind))
        elif t in ("fence", "code_block"):
            first = token.map[0] + 1 if token.map else 1
            for k, line_text in enumerate(token.content.split("\n")):
                if line_text.strip():
                    out.paragraphs.append(Paragraph(len(out.paragraphs) + 1, line_text.strip(), first + k + (t == "fence")))
    return out
