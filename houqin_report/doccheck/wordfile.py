""".docx files read as a reader sees them (see reader.py): the body walked with tracked changes
accepted and field codes skipped, automatic numbering written out as it is shown, merged and
nested table cells placed where they show."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from . import core
from .reader import MAX_UNPACKED, Document, Paragraph, Table, _problem

__all__ = ["read_docx"]


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


