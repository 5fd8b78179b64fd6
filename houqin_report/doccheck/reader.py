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

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import core

__all__ = ["Paragraph", "Table", "Document", "read", "read_docx", "read_text", "DOCUMENT_SUFFIXES", "MAX_BYTES"]

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
        return read_docx(raw, file)
    return read_text(core.decode(raw, file), file, markdown=suffix == ".md")


# --------------------------------------------------------------------------- .docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R, _T = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "t"
_TAB, _BR, _CR, _NBH = W + "tab", W + "br", W + "cr", W + "noBreakHyphen"
_PPR, _TCPR = W + "pPr", W + "tcPr"
# Never text of the body: what was deleted, field codes, properties, drawings and text boxes
# (mc:AlternateContent holds a text box twice, as DrawingML and as VML).
_NOT_TEXT = {
    W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "delInstrText", _PPR, W + "rPr",
    W + "drawing", W + "pict", W + "object", W + "footnoteReference", W + "endnoteReference",
    W + "commentReference", W + "fldChar", W + "sym", W + "txbxContent",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}
_BLOCK_CONTAINERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"}


def read_docx(data: bytes, file: str) -> Document:
    """The paragraphs and tables of .docx bytes."""
    import docx  # python-docx is imported only when a .docx is read

    hint = "如果是 .doc 或 .wps 文件，请在 Word 或 WPS 中“另存为” .docx 后再检查"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise _problem(file, f"文档内容过大（解压后超过 {MAX_UNPACKED // 1024 // 1024} MB），无法检查")
        document = docx.Document(io.BytesIO(data))
    except core.FactsError:
        raise
    except Exception:  # python-docx and lxml raise many kinds for a file that is not a .docx
        raise _problem(file, "无法读取：不是有效的 .docx 文件", hint) from None
    styles = _Styles(document)
    numbering = _Numbering(document, styles)
    out = Document(file)
    for element in _blocks(document.element.body):
        if element.tag == _P:
            text = _paragraph_text(element)
            style = styles.of(element)
            label = numbering.label(element, style)
            if label:
                text = label + text
            if text.strip():
                right = styles.right(element, style)
                out.paragraphs.append(Paragraph(len(out.paragraphs) + 1, text, None, styles.name(style), right))
        else:
            rows = _table_rows(element)
            if rows:
                out.tables.append(Table(len(out.tables) + 1, rows, len(out.paragraphs)))
    return out


def _blocks(container):
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _blocks(child)


def _paragraph_text(p) -> str:
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag in _NOT_TEXT or not isinstance(tag, str):  # comments and processing instructions
            continue
        elif tag == _TAB:
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NBH:
            out.append("-")
        else:  # runs, hyperlinks, insertions, smart tags, content controls, simple fields
            _collect(child, out)


def _table_rows(tbl) -> tuple[tuple[str, ...], ...]:
    rows: list[list[str]] = []
    for tr in _blocks_of(tbl, _TR):
        row: list[str] = []
        for tc in _blocks_of(tr, _TC):
            span, continues = 1, False
            tcpr = tc.find(_TCPR)
            if tcpr is not None:
                grid = tcpr.find(W + "gridSpan")
                if grid is not None and (grid.get(W + "val") or "").isdigit():
                    span = max(1, min(int(grid.get(W + "val")), 64))
                merge = tcpr.find(W + "vMerge")
                continues = merge is not None and merge.get(W + "val", "continue") == "continue"
            text = "" if continues else _cell_text(tc)
            row.extend([text] + [""] * (span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return tuple(tuple(r + [""] * (width - len(r))) for r in rows if r)


def _blocks_of(parent, tag: str):
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _blocks_of(child, tag)


def _cell_text(tc) -> str:
    lines = []
    for element in _blocks(tc):
        if element.tag == _P:
            lines.append(_paragraph_text(element))
        else:
            lines.extend(" ".join(cells) for cells in _table_rows(element))
    return "\n".join(line for line in lines if line.strip())


def _ui_name(name: str) -> str:
    """Built-in styles are stored lower-case (heading 1, title); Word shows Heading 1, Title."""
    lowered = name.lower()
    if lowered == "title" or re.fullmatch(r"heading [1-9]", lowered):
        return lowered.capitalize() if lowered == "title" else "Heading " + lowered[-1]
    return name


class _Styles:
    """Paragraph style names, numbering and alignment by style id, along basedOn chains."""

    def __init__(self, document) -> None:
        self.names: dict[str, str] = {}
        self.based: dict[str, str] = {}
        self.props: dict[str, object] = {}
        self.default = ""
        root = document.styles.element
        for style in root.iter(W + "style"):
            if style.get(W + "type") != "paragraph":
                continue
            sid = style.get(W + "styleId") or ""
            name = style.find(W + "name")
            self.names[sid] = _ui_name(name.get(W + "val") if name is not None else sid)
            based = style.find(W + "basedOn")
            if based is not None:
                self.based[sid] = based.get(W + "val") or ""
            ppr = style.find(_PPR)
            if ppr is not None:
                self.props[sid] = ppr
            if style.get(W + "default") in ("1", "true"):
                self.default = sid

    def of(self, p) -> str:
        ppr = p.find(_PPR)
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            if ps is not None:
                return ps.get(W + "val") or self.default
        return self.default

    def name(self, sid: str) -> str:
        return self.names.get(sid, sid)

    def chain(self, sid: str):
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            yield sid
            sid = self.based.get(sid, "")

    def find(self, sid: str, tag: str):
        """The first pPr child tag along the style's chain."""
        for s in self.chain(sid):
            ppr = self.props.get(s)
            if ppr is not None:
                found = ppr.find(tag)
                if found is not None:
                    return found
        return None

    def right(self, p, sid: str) -> bool:
        ppr = p.find(_PPR)
        jc = ppr.find(W + "jc") if ppr is not None else None
        if jc is None:
            jc = self.find(sid, W + "jc")
        return jc is not None and jc.get(W + "val") in ("right", "end")


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "ideographDigital"):
        return core.chinese_number(n) if 0 < n < 100 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "ideographTraditional" and 0 < n <= len(_HEAVENLY):
        return _HEAVENLY[n - 1]
    if fmt == "chineseLegalSimplified" and 0 < n < 10:
        return _LEGAL[n]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letters = ""
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(65 + r) + letters
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        roman = ""
        for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                               (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while n >= value:
                roman += numeral
                n -= value
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False


class _Numbering:
    """Automatic numbers as Word shows them: one set of counters per list (w:num); using a
    level counts it up and restarts the levels below it."""

    def __init__(self, document, styles: _Styles) -> None:
        self.styles = styles
        self.lists: dict[str, tuple[dict[int, _Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.iter(W + "abstractNum"):
            abstract[node.get(W + "abstractNumId") or ""] = {
                _int(lvl.get(W + "ilvl"), 0): self._level(lvl) for lvl in node.iter(W + "lvl")
            }
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            levels = dict(abstract.get(ref.get(W + "val") if ref is not None else "", {}))
            starts: dict[int, int] = {}
            for override in num.iter(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0)
                start = override.find(W + "startOverride")
                if start is not None:
                    starts[ilvl] = _int(start.get(W + "val"), 1)
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
            self.lists[num.get(W + "numId") or ""] = (levels, starts)

    @staticmethod
    def _level(lvl) -> _Level:
        def val(tag: str) -> str | None:
            node = lvl.find(W + tag)
            return node.get(W + "val") if node is not None else None

        return _Level(_int(val("start"), 1), val("numFmt") or "decimal", val("lvlText") or "", lvl.find(W + "isLgl") is not None)

    def label(self, p, sid: str) -> str:
        if not self.lists:
            return ""
        ppr = p.find(_PPR)
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is None:
            numpr = self.styles.find(sid, W + "numPr")
        if numpr is None:
            return ""
        num = numpr.find(W + "numId")
        ilvl_node = numpr.find(W + "ilvl")
        num_id = num.get(W + "val") if num is not None else None
        ilvl = _int(ilvl_node.get(W + "val"), 0) if ilvl_node is not None else 0
        if not num_id or num_id == "0" or num_id not in self.lists:
            return ""
        levels, starts = self.lists[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return ""
        counters = self.counters.setdefault(num_id, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = starts.get(ilvl, level.start)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, _Level())
            n = counters.get(k, starts.get(k, lvl.start))
            return _format_number(n, "decimal" if level.legal and k != ilvl else lvl.fmt)

        return re.sub(r"%([1-9])", number, level.text)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


# --------------------------------------------------------------------------- .txt and .md


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
