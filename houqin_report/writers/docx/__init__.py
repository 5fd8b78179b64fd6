"""Outline text (docs/outline.md) → .docx, on a reference file that carries the styles.

The outline is parsed by markdown-it-py (CommonMark, tables on, raw HTML off, so ``<w:p>`` in
a user's text stays text) with mdit-py-plugins' container for the ``:::`` blocks. The
document starts from a reference .docx (the pandoc pattern): ``templates/<profile>.docx``
built by ``templates/build_reference.py``, or a user's own file. Content of the reference's
body is kept in front of ours when it has any text or drawing (a letterhead); empty
paragraphs there are dropped. Its sections, headers and footers (page numbers) are kept.

Style names used (all present in both shipped profiles; any missing from a user's reference
is copied over from the 公文 profile):

    Title                   # 文档标题
    Heading 1 … Heading 4   ## 一、  ### （一）  #### 1.  ##### （1）  (numbers typed here)
    Normal                  body paragraphs (first-line indent 2 characters)
    居中                     ::: 居中 — centred, no indent
    落款                     ::: 落款 — signature and date (placed by left indents)
    附件说明                 ::: 附件说明 — 附件：1.×× with the names aligned
    附件标签                 ::: 附件 N — 附件N at the top left of a new page (黑体)
    附件标题                 the ``# 标题`` inside ::: 附件 N, centred
    表格文字                 text in table cells (no indent)
    表格                     table style (single borders)

Conventions the renderer applies by itself:
- Heading numbers come from depth and are always consecutive; deeper counters restart under
  a new parent, and all restart inside each attachment.
- ``::: 落款``: one paragraph line per line (a soft line break also starts a line). The last
  line is the date when it looks like one (2024年7月5日 / 二〇二四年七月五日); the signature is
  right-indented 2 characters and the date starts 2 characters right of the signature's start
  (GB/T 9704-2012 7.3.5.1); a date too long for that keeps 右空二字 and moves the signature
  left instead.
- ``::: 附件说明``: one attachment name per line or list item. A leading ``附件：`` and a
  leading ``1.`` / ``1、`` typed by a template are replaced by the renderer's own numbering.
  With a single attachment there is no number (``附件：名称``), and its page says ``附件``.
- ``::: 附件 N``: attachments are labelled by their order in the document (附件1, 附件2 …);
  N in the outline is for the reader of the outline only.
- Containers cannot be nested with the same number of colons (markdown-it-container closes at
  the first ``:::``); an outer block needs more colons (``::::: 附件 1`` … ``:::::``).
- A title (or attachment title) too long for one line is broken between words (jieba, via
  houqin_report.text.tokenizer) into lines of even length.
- Tables: header row bold, centred and repeated on each page; columns sized by their longest
  text (tblW = Σ gridCol = text width, tcW = gridCol); numbers right-aligned. A table too
  wide is set in 五号 or 小五; an attachment whose table does not fit a portrait page even in
  五号 gets a landscape section of its own (GB/T 9704: 表格横排), page numbers running on.
- A soft line break inside a paragraph joins the lines, with no space between Chinese
  characters. Control characters that XML cannot hold (\\x07, \\v, …) are removed, and
  cells beyond a table's header, which GFM would drop, are kept as extra columns.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin

from houqin_report.writers.atomic import write_bytes_atomic
from houqin_report.errors import TemplateError
from houqin_report.resources import resource_path
from houqin_report.text import chars
from houqin_report.text.numbers import chinese_number

__all__ = [
    "PROFILES",
    "STYLE_NAMES",
    "docx_bytes",
    "render_outline",
    "render_outline_bytes",
    "chinese_number",
]

PROFILES = ("公文", "校内")
FIXED_TIME = dt.datetime(2000, 1, 1)
AUTHOR = "houqin-report"

TITLE = "Title"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
BODY = "Normal"
CENTRE = "居中"
SIGNATURE = "落款"
ATTACH_NOTE = "附件说明"
ATTACH_LABEL = "附件标签"
ATTACH_TITLE = "附件标题"
TABLE_TEXT = "表格文字"
TABLE = "表格"
STYLE_NAMES = (TITLE, *HEADINGS, BODY, CENTRE, SIGNATURE, ATTACH_NOTE, ATTACH_LABEL, ATTACH_TITLE, TABLE_TEXT, TABLE)

_DATE = re.compile(r"\s*(\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,4}月.{1,4}日\s*")
_NOTE_PREFIX = re.compile(r"\s*附件\s*[：:]\s*")
_ITEM_NUMBER = re.compile(r"\s*\d{1,3}\s*[.．、](?!\d)\s*")
_NUMBER_CELL = re.compile(r"[-+−]?\d[\d,]*(\.\d+)?\s*([%‰]|[\u4e00-\u9fff]{1,2})?")  # 96.7%, 18.6万元, 12台
_CONTAINERS = {
    "落款": re.compile(r"落款"),
    "附件说明": re.compile(r"附件说明"),
    "附件": re.compile(r"附件\s*\d*"),
    "居中": re.compile(r"居中"),
}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --------------------------------------------------------------------------- public API


def render_outline(
    text: str,
    out_path: Path | str,
    *,
    profile: str = "公文",
    reference: Path | str | None = None,
    timestamp: dt.datetime | None = None,
) -> None:
    """Render outline ``text`` to ``out_path`` (.docx), atomically.

    ``profile`` names a shipped style profile (``公文`` GB/T 9704, ``校内`` plain);
    ``reference`` is a user's own .docx whose styles, page setup and footers are used instead.
    ``timestamp`` goes into the document properties (default 2000-01-01), so the same input
    gives the same bytes. Raises TemplateError for an unknown profile or unreadable reference
    and OSError (IsADirectoryError, …) when the file cannot be written; an existing file is
    then left untouched.
    """
    out_path = Path(out_path)
    if out_path.is_dir():
        raise IsADirectoryError(21, "输出路径是一个文件夹，请给出文件名（如 out/总结.docx）", str(out_path))
    data = render_outline_bytes(text, profile=profile, reference=reference, timestamp=timestamp)
    write_bytes_atomic(out_path, data)


def render_outline_bytes(
    text: str,
    *,
    profile: str = "公文",
    reference: Path | str | None = None,
    timestamp: dt.datetime | None = None,
) -> bytes:
    """The .docx bytes of ``text``; see render_outline."""
    document = _open_reference(profile, reference)
    renderer = _Renderer(document)
    renderer.render(_parse(text), _clean(text))
    props = document.core_properties
    props.title = renderer.title or ""
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    for name in ("subject", "keywords", "comments", "category", "content_status", "identifier", "version"):
        setattr(props, name, "")
    props.language = "zh-CN"
    props.revision = 1
    when = timestamp or FIXED_TIME
    props.created = when
    props.modified = when
    return docx_bytes(document, renderer.table_rows)


def docx_bytes(document, table_rows: dict[int, list[bytes]] | None = None) -> bytes:
    """Save a python-docx Document to bytes that depend only on its content.

    python-docx writes the current time into every zip entry; here the entries are rewritten
    with a fixed time, fixed attributes and a fixed order ([Content_Types].xml first).
    table_rows: the rows of the renderer's tables, written as XML text (see _Renderer.table),
    put in at their markers in the document part.
    """
    raw = io.BytesIO()
    document.save(raw)
    splice = {document.part.partname.lstrip("/"): table_rows} if table_rows else None
    return normalize_zip(raw.getvalue(), splice)


def normalize_zip(data: bytes, splice: dict[str, dict[int, list[bytes]]] | None = None) -> bytes:
    """Rewrite a zip with fixed entry times, attributes and order (see docx_bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # otherwise it says which OS wrote the file
            info.external_attr = 0
            if splice and name in splice:
                # Written piece by piece (deflate gives the same bytes however its input is
                # cut), never joined: a table of 10,000 rows is some 35 MB of XML.
                pieces = _splice_rows(src.read(name), splice[name])
                info.file_size = sum(map(len, pieces))
                with dst.open(info, "w") as entry:
                    for piece in pieces:
                        entry.write(piece)
            else:
                dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()


_ROWS_MARK = re.compile(rb"<!--houqin-rows-(\d+)-->")


def _splice_rows(xml: bytes, rows: dict[int, list[bytes]]) -> list[bytes]:
    """The pieces of the part's XML with each table's row marker replaced by its rows."""
    pieces, pos = [], 0
    for m in _ROWS_MARK.finditer(xml):
        pieces.append(xml[pos:m.start()])
        pieces.extend(rows[int(m.group(1))])
        pos = m.end()
    pieces.append(xml[pos:])
    return pieces


# --------------------------------------------------------------------------- parsing


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    for name, pattern in _CONTAINERS.items():
        container_plugin(md, name, validate=lambda params, *_, p=pattern: p.fullmatch(params.strip()) is not None)
    rule = next(r for r in md.block.ruler.__rules__ if r.name == "table")
    md.block.ruler.at("table", _compact_table(rule.fn), {"alt": list(rule.alt)})
    return md


def _compact_table(table_rule):
    """markdown-it's table rule, with each table's body kept as one token ("tbody_compact")
    holding its rows' cell texts, where markdown-it makes three tokens a cell and then parses
    the text of every cell into more. A bureau's table of 10,000 schools would otherwise take
    a quarter of a gigabyte and five seconds before the first row is written; the renderer
    parses each cell's text when it writes the cell (_cell_segments), the same way."""
    def table(state, start_line: int, end_line: int, silent: bool) -> bool:
        first = len(state.tokens)
        if not table_rule(state, start_line, end_line, silent):
            return False
        if not silent:
            tokens = state.tokens
            body = next((i for i in range(first, len(tokens)) if tokens[i].type == "tbody_open"), None)
            if body is not None:
                end = max(i for i in range(body, len(tokens)) if tokens[i].type == "tbody_close")
                rows: list[tuple[list[int] | None, list[tuple[str, str]]]] = []
                for i in range(body + 1, end):
                    token = tokens[i]
                    if token.type == "tr_open":
                        rows.append((token.map, []))
                    elif token.type == "td_open":
                        style = token.attrs.get("style", "") if token.attrs else ""
                        rows[-1][1].append((tokens[i + 1].content, str(style)))
                compact = Token("tbody_compact", "", 0, map=tokens[body].map, level=tokens[body].level, block=True,
                                meta={"rows": rows, "env": state.env})
                tokens[body:end + 1] = [compact]
        return True
    return table


def _cell_segments(content: str, env: dict) -> list[_Seg]:
    """A table cell's text as segments, as markdown-it parses it (the inline rules fire only
    at its terminator characters; a text with none of them but backslash escapes is itself)."""
    md = _markdown()
    if not md.inline.terminator_re.search(_ESCAPED.sub("", content)):
        text = _ESCAPED.sub(r"\1", content).replace("\t", " ").replace("\n", " ")
        return [_Seg(text)] if text else []
    return _segments(SyntaxTreeNode(md.parseInline(content, env)).children[0])


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # markdown-it's backslash escapes (ASCII punctuation)


def _clean(text: str) -> str:
    return chars.writable(text)  # lxml refuses what XML 1.0 cannot hold


def _parse(text: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(_markdown().parse(_clean(text)))


def _extra_cells(line: str, parsed: int) -> list[str]:
    """Cells of a table row's source line beyond the ``parsed`` ones markdown-it kept.

    GFM drops the cells of a row that has more than the header; the text would be lost, so
    they are recovered from the line (split at pipes not escaped by a backslash).
    """
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
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


@dataclass
class _Seg:
    text: str
    bold: bool = False


_SOFT = _Seg("")  # marker: a soft line break, resolved by _join_soft


def _segments(node: SyntaxTreeNode | None, soft_is_break: bool = False) -> list[_Seg]:
    """Inline content as text segments; "\\n" in a segment is a line break."""
    out: list[_Seg] = []
    if node is not None:
        _collect(node, False, soft_is_break, out)
    return _join_soft(out)


def _collect(node: SyntaxTreeNode, bold: bool, soft_is_break: bool, out: list[_Seg]) -> None:
    for child in node.children:
        kind = child.type
        if kind == "softbreak":
            out.append(_Seg("\n", bold) if soft_is_break else _SOFT)
        elif kind == "hardbreak":
            out.append(_Seg("\n", bold))
        elif kind == "strong":
            _collect(child, True, soft_is_break, out)
        elif child.children:
            _collect(child, bold, soft_is_break, out)
        elif child.content:
            out.append(_Seg(child.content.replace("\t", " ").replace("\n", " "), bold))


def _join_soft(segs: list[_Seg]) -> list[_Seg]:
    """A soft break becomes nothing between Chinese characters, else one space."""
    result: list[_Seg] = []
    for i, seg in enumerate(segs):
        if seg is not _SOFT:
            result.append(seg)
            continue
        before = result[-1].text[-1:] if result and result[-1].text else ""
        after = next((s.text[:1] for s in segs[i + 1 :] if s is not _SOFT and s.text), "")
        if before and after and not (chars.is_wide(before) or chars.is_wide(after)):
            result.append(_Seg(" ", result[-1].bold))
    return result


def _plain(segs: Iterable[_Seg]) -> str:
    return "".join(s.text for s in segs)


def _lines(segs: list[_Seg]) -> list[list[_Seg]]:
    """Split segments at line breaks."""
    lines: list[list[_Seg]] = [[]]
    for seg in segs:
        parts = seg.text.split("\n")
        for j, part in enumerate(parts):
            if j:
                lines.append([])
            if part:
                lines[-1].append(_Seg(part, seg.bold))
    return lines


# --------------------------------------------------------------------------- reference


def _open_reference(profile: str, reference: Path | str | None):
    if reference is not None:
        path = Path(reference)
    elif profile in PROFILES:
        path = resource_path("templates", f"{profile}.docx")
    else:
        raise TemplateError(f"没有名为“{profile}”的样式方案（可选：{'、'.join(PROFILES)}）")
    if reference is not None:
        _refuse_zip_bomb(path)
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises several kinds for a bad file
        raise TemplateError(f"参考文件 {path} 无法打开（{type(e).__name__}: {e}），请给出 Word 保存的 .docx 文件") from e
    _clear_empty_body(document)
    if reference is not None:
        _ensure_styles(document)
    return document


MAX_REFERENCE = 100 * 1024 * 1024
"""Bytes a reference .docx may hold unpacked. A letterhead with its pictures is a few MB; a
file that unpacks to more is not a Word document (perhaps a zip bomb) and would fill memory."""


def _refuse_zip_bomb(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a readable zip: python-docx says so in its own words below
    if unpacked > MAX_REFERENCE:
        raise TemplateError(f"参考文件 {path} 解压后有 {unpacked // 1024 // 1024} MB，超过 {MAX_REFERENCE // 1024 // 1024} MB，"
                            "不像是 Word 保存的 .docx 文件，拒绝读取")


def _clear_empty_body(document) -> None:
    """Drop the reference body's content unless it has text or drawings (a letterhead)."""
    body = document.element.body
    content = [el for el in body if el.tag != qn("w:sectPr")]
    meaningful = any(
        "".join(el.itertext()).strip() or el.findall(".//" + qn("w:drawing")) or el.findall(".//" + qn("w:pict"))
        for el in content
    )
    if not meaningful:
        for el in content:
            body.remove(el)


def _ensure_styles(document) -> None:
    """Copy any style this renderer uses that a user's reference lacks from the 公文 profile."""
    missing = [name for name in STYLE_NAMES if _find_style(document, name) is None]
    if not missing:
        return
    fallback = docx.Document(str(resource_path("templates", "公文.docx")))
    styles_el = document.styles.element
    ids = {s.get(qn("w:styleId")) for s in styles_el.findall(qn("w:style"))}
    for name in missing:
        source = _find_style(fallback, name)
        if source is None:
            continue
        el = copy.deepcopy(source.element)
        style_id = el.get(qn("w:styleId"))
        while style_id in ids:
            style_id += "Hq"
        el.set(qn("w:styleId"), style_id)
        ids.add(style_id)
        for tag in ("w:link",):
            for child in el.findall(qn(tag)):
                el.remove(child)
        based = el.find(qn("w:basedOn"))
        if based is not None:
            target = _find_style(fallback, _style_name_by_id(fallback, based.get(qn("w:val"))))
            mine = _find_style(document, target.name) if target is not None else None
            if mine is None:
                el.remove(based)
            else:
                based.set(qn("w:val"), mine.style_id)
        styles_el.append(el)


def _style_name_by_id(document, style_id: str) -> str:
    for style in document.styles:
        if style.style_id == style_id:
            return style.name
    return ""


def _find_style(document, name: str):
    try:
        return document.styles[name]
    except KeyError:
        return None


# --------------------------------------------------------------------------- XML helpers

PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()
TCPR_ORDER = "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark".split()
STYLE_ORDER = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
    "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
).split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
    "printerSettings sectPrChange"
).split()


def set_child(parent, tag: str, order: list[str], **attrs):
    """Get or create child ``w:tag`` of ``parent`` at its schema position; set ``w:`` attributes.

    Word rejects a file whose property elements are out of schema order, so every property
    element is placed by ``order``. An attribute given as None is removed.
    """
    el = parent.find(qn("w:" + tag))
    if el is None:
        el = OxmlElement("w:" + tag)
        rank = order.index(tag)
        for i, child in enumerate(parent):
            name = child.tag.rpartition("}")[2]
            if child.tag.startswith("{" + W + "}") and name in order and order.index(name) > rank:
                parent.insert(i, el)
                break
        else:
            parent.append(el)
    for key, value in attrs.items():
        if value is None:
            el.attrib.pop(qn("w:" + key), None)
        else:
            el.set(qn("w:" + key), str(value))
    return el


def _ppr(p):
    return p._p.get_or_add_pPr()


def _twips(value: float) -> int:
    return int(round(value))


# --------------------------------------------------------------------------- the renderer


class _Renderer:
    def __init__(self, document) -> None:
        self.doc = document
        self.styles = {name: _find_style(document, name) for name in STYLE_NAMES}
        for name in (TITLE, BODY, *HEADINGS):
            if self.styles[name] is None:
                raise TemplateError(f"参考文件缺少样式“{name}”")
        self.title: str | None = None
        self.counters = [0, 0, 0, 0]
        self.attach_total = 0
        self.attach_index = 0
        self.landscape = False  # inside an attachment turned landscape (its section is open)
        self.text_width = self._text_width()
        self.portrait_width = self.text_width
        sect = self._sect()
        size = sect.find(qn("w:pgSz")) if sect is not None else None
        margins = sect.find(qn("w:pgMar")) if sect is not None else None
        if size is None or margins is None or int(size.get(qn("w:w")) or 0) > int(size.get(qn("w:h")) or 0):
            self.portrait_width = -1  # no page setup, or landscape already: never turned
            self.portrait_size, self.portrait_margins = ("11906", "16838"), {}
        else:
            self.portrait_size = (size.get(qn("w:w")), size.get(qn("w:h")))
            self.portrait_margins = {k: margins.get(qn("w:" + k)) or "1440" for k in ("top", "left", "bottom", "right")}
        self.char = self._char_twips(BODY, grid=True)
        self.table_char = self._char_twips(TABLE_TEXT if self.styles[TABLE_TEXT] else BODY, grid=False)
        self.table_rows: dict[int, list[bytes]] = {}  # each table's rows as XML, by its marker
        self._style_ids: dict[int, tuple[object, str | None]] = {}
        self._default_style: list | None = None  # [the default paragraph style, or None]
        self._rows: dict[int, list] = {}  # _table_rows of a table, until it is written

    def _style_id(self, style) -> str | None:
        """The paragraph style id python-docx writes for style (None for the default style),
        looked up once: python-docx searches every style each time."""
        known = self._style_ids.get(id(style))
        if known is None:
            if style.type != WD_STYLE_TYPE.PARAGRAPH:
                style_id = self.doc.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)  # raises
            else:
                if self._default_style is None:
                    self._default_style = [self.doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)]
                style_id = None if style == self._default_style[0] else style.style_id
            known = (style, style_id)
            self._style_ids[id(style)] = known
        return known[1]

    def _add_paragraph(self, style):
        """A new paragraph of style, as ``doc.add_paragraph(style=style)`` makes it."""
        p = self.doc.add_paragraph()
        p._p.style = self._style_id(style)
        return p

    # ---- measurements from the reference

    def _sect(self):
        return self.doc.element.body.find(qn("w:sectPr"))

    def _text_width(self) -> int:
        sect = self._sect()
        width, left, right = 11906, 1800, 1800
        if sect is not None:
            size, mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
            if size is not None and size.get(qn("w:w")):
                width = int(size.get(qn("w:w")))
            if mar is not None:
                left = int(mar.get(qn("w:left")) or left)
                right = int(mar.get(qn("w:right")) or right)
        return max(width - left - right, 1440)

    def _run_value(self, name: str, tag: str) -> int | None:
        """A run property's w:val as the style ``name`` has it (through basedOn, then defaults)."""
        style = self.styles.get(name) or _find_style(self.doc, name)
        while style is not None:
            el = style.element.find(f"{qn('w:rPr')}/{qn('w:' + tag)}")
            if el is not None and el.get(qn("w:val")):
                return int(el.get(qn("w:val")))
            style = style.base_style
        el = self.doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:' + tag)}")
        if el is not None and el.get(qn("w:val")):
            return int(el.get(qn("w:val")))
        return None

    def _char_twips(self, style: str, grid: bool) -> float:
        """Advance of one Chinese character in twips: font size, character spacing, grid."""
        twips = (self._run_value(style, "sz") or 21) * 10.0 + (self._run_value(style, "spacing") or 0)
        sect = self._sect()
        grid_el = sect.find(qn("w:docGrid")) if sect is not None else None
        if grid and grid_el is not None and grid_el.get(qn("w:type")) == "linesAndChars":
            twips += int(grid_el.get(qn("w:charSpace")) or 0) * 20 / 4096
        return twips

    # ---- walking the tree

    def render(self, root: SyntaxTreeNode, source: str = "") -> None:
        self.source = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.attach_total = sum(1 for n in root.walk() if n.type == "container_附件")
        for node in root.children:
            if self.landscape and node.type != "container_附件":
                self._section_break(landscape=False)  # text after a landscape attachment
            self.block(node, centre=False, attachment=False)

    def block(self, node: SyntaxTreeNode, *, centre: bool, attachment: bool) -> None:
        kind = node.type
        if kind == "heading":
            self.heading(node, attachment=attachment)
        elif kind == "paragraph":
            segs = _segments(_inline(node), soft_is_break=centre)
            self.paragraph(CENTRE if centre else BODY, segs)
        elif kind == "table":
            self.table(node)
        elif kind == "container_落款":
            self.signature(node)
        elif kind == "container_附件说明":
            self.attachment_note(node)
        elif kind == "container_附件":
            self.attachment(node)
        elif kind == "container_居中":
            for child in node.children:
                self.block(child, centre=True, attachment=attachment)
        elif kind in ("bullet_list", "ordered_list"):
            self.list(node, centre=centre, attachment=attachment)
        elif kind in ("code_block", "fence"):
            for line in node.content.rstrip("\n").split("\n"):
                self.paragraph(CENTRE if centre else BODY, [_Seg(line.replace("\t", " "))])
        elif kind == "hr":
            # Only a template can write "---" (user text is escaped): a rule has no place in a
            # 公文, so it is left out rather than drawn.
            pass
        elif node.children:
            for child in node.children:
                if child.type == "inline":
                    self.paragraph(CENTRE if centre else BODY, _segments(child, centre))
                else:
                    self.block(child, centre=centre, attachment=attachment)
        elif node.content:
            self.paragraph(CENTRE if centre else BODY, [_Seg(node.content.replace("\t", " "))])

    def list(self, node: SyntaxTreeNode, *, centre: bool, attachment: bool) -> None:
        number = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else None
        for item in node.children:
            first = True
            for child in item.children:
                if child.type == "paragraph" and first and number is not None:
                    segs = [_Seg(f"{number}."), *_segments(_inline(child), centre)]
                    self.paragraph(CENTRE if centre else BODY, segs)
                else:
                    self.block(child, centre=centre, attachment=attachment)
                first = False
            if number is not None:
                number += 1

    # ---- elements

    def paragraph(self, style: str, segs: list[_Seg]):
        p = self._add_paragraph(self.styles[style] or self.styles[BODY])
        _add_runs(p, segs)
        return p

    def heading(self, node: SyntaxTreeNode, *, attachment: bool) -> None:
        level = int(node.tag[1:])
        segs = _segments(_inline(node))
        if level == 1:
            style = ATTACH_TITLE if attachment else TITLE
            if not attachment and self.title is None:
                self.title = _plain(segs).strip()
            capacity = self.text_width / self._char_twips(style if self.styles[style] else TITLE, grid=False)
            self.paragraph(style, _break_title(segs, capacity))
            return
        if level > 5:
            self.paragraph(BODY, segs)
            return
        depth = level - 2
        self.counters[depth] += 1
        for deeper in range(depth + 1, len(self.counters)):
            self.counters[deeper] = 0
        n = self.counters[depth]
        number = (f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}.", f"（{n}）")[depth]
        self.paragraph(HEADINGS[depth], [_Seg(number), *segs])

    def blank(self, style: str):
        p = self._add_paragraph(self.styles[style] or self.styles[BODY])
        set_child(_ppr(p), "keepNext", PPR_ORDER)
        return p

    def signature(self, node: SyntaxTreeNode) -> None:
        """Signature lines and date, placed by left indents measured in characters.

        Left indents (not right alignment) make "the date starts two characters right of the
        signature" exact whatever the digits' width; only the signature's width (Chinese
        characters) and the line width are measured.
        """
        lines = [_strip(line) for line in self._container_lines(node) if _plain(line).strip()]
        if not lines:
            return
        date = lines.pop() if _DATE.fullmatch(_plain(lines[-1])) else None
        line_chars = self.text_width / self.char
        widths = [chars.width(_plain(line)) for line in lines]
        longest = max(widths, default=0.0)
        date_width = chars.width(_plain(date)) if date is not None else 0.0
        if not lines:
            date_left = line_chars - 4 - date_width  # no signature: 右空四字
            start = date_left
        elif date is None or longest - date_width >= 2:
            start = line_chars - 2 - longest  # 右空二字
            date_left = start + 2  # 首字比署名首字右移二字
        else:  # a long date keeps 右空二字 and pushes the signature left
            date_left = line_chars - 2 - date_width
            start = date_left - 2
        self.blank(SIGNATURE)
        for i, (line, width) in enumerate(zip(lines, widths)):
            p = self.paragraph(SIGNATURE, line)
            self._left_indent(p, max(start + longest - width, 0.0))  # lines end together
            if i < len(lines) - 1 or date is not None:
                set_child(_ppr(p), "keepNext", PPR_ORDER)
        if date is not None:
            p = self.paragraph(SIGNATURE, date)
            self._left_indent(p, max(date_left, 0.0))

    def _left_indent(self, p, chars: float) -> None:
        ppr = _ppr(p)
        set_child(
            ppr, "ind", PPR_ORDER, left=_twips(chars * self.char), leftChars=_twips(chars * 100),
            right="0", rightChars="0", firstLine="0", firstLineChars="0",
        )
        set_child(ppr, "jc", PPR_ORDER, val="left")

    def attachment_note(self, node: SyntaxTreeNode) -> None:
        items: list[list[_Seg]] = []
        for line in self._container_lines(node):
            text = _plain(line)
            if not text.strip():
                continue
            cut = _NOTE_PREFIX.match(text) if not items else None
            if cut:
                line = _drop_prefix(line, cut.end())
                text = _plain(line)
            number = _ITEM_NUMBER.match(text)
            if number:
                line = _drop_prefix(line, number.end())
            items.append(_strip(line))
        if not items:
            return
        self.blank(ATTACH_NOTE)
        single = len(items) == 1
        # "1." in Times New Roman: ½ character a digit, ¼ the full stop; the names start at a
        # tab stop just after the widest number, where their wrapped lines start too.
        number_width = 0.0 if single else 0.5 * len(str(len(items))) + 0.25 + 0.1
        start, label = 2.0, 3.0  # 左空二字; "附件：" is three characters
        left = start + label + number_width
        for k, item in enumerate(items, 1):
            hanging = left - (start if k == 1 else start + label)
            prefix = ("附件：" if k == 1 else "") + ("" if single else f"{k}.")
            p = self._add_paragraph(self.styles[ATTACH_NOTE] or self.styles[BODY])
            ppr = _ppr(p)
            tabs = set_child(ppr, "tabs", PPR_ORDER)
            tab = OxmlElement("w:tab")
            tab.set(qn("w:val"), "left")
            tab.set(qn("w:pos"), str(_twips(left * self.char)))
            tabs.append(tab)
            set_child(
                ppr, "ind", PPR_ORDER,
                left=_twips(left * self.char), leftChars=_twips(left * 100),
                hanging=_twips(hanging * self.char), hangingChars=_twips(hanging * 100),
                firstLine=None, firstLineChars=None,
            )
            if k < len(items):
                set_child(ppr, "keepNext", PPR_ORDER)  # the list stays on one page
            run = p.add_run(prefix)
            if not single:
                run.add_tab()
            _add_runs(p, item)

    def attachment(self, node: SyntaxTreeNode) -> None:
        self.attach_index += 1
        label = "附件" if self.attach_total == 1 else f"附件{self.attach_index}"
        landscape = self._needs_landscape(node)
        turned = landscape != self.landscape
        if turned:
            self._section_break(landscape=landscape)
        p = self.paragraph(ATTACH_LABEL, [_Seg(label)])
        if len(self.doc.element.body) <= 2 or turned:  # a new page already: no empty one
            set_child(_ppr(p), "pageBreakBefore", PPR_ORDER, val="0")
        saved = self.counters
        self.counters = [0, 0, 0, 0]
        for child in node.children:
            self.block(child, centre=False, attachment=True)
        self.counters = saved

    def _needs_landscape(self, node: SyntaxTreeNode) -> bool:
        """An attachment whose table does not fit the portrait page even in 五号 is turned
        landscape (GB/T 9704 7.5: 表格横排), when the page setup is portrait."""
        if self.portrait_width < 0:
            return False
        current, self.text_width = self.text_width, self.portrait_width
        try:
            for child in node.walk():
                if child.type == "table":
                    rows = self._table_rows(child)
                    if rows and rows[0][1] and not self._table_layout(rows, smallest=21)[2]:
                        return True
            return False
        finally:
            self.text_width = current

    def _section_break(self, *, landscape: bool) -> None:
        """End the section here (a copy of the final sectPr in the last paragraph) and give
        the following one the landscape turn of the page, or the portrait page back. Headers
        and footers are inherited, so the page numbers run on."""
        body = self.doc.element.body
        sentinel = body.find(qn("w:sectPr"))
        last = sentinel.getprevious()
        if last is None or last.tag != qn("w:p") or last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            last = self._add_paragraph(self.styles[BODY])._p
        last.get_or_add_pPr().append(copy.deepcopy(sentinel))
        for ref in sentinel.findall(qn("w:headerReference")) + sentinel.findall(qn("w:footerReference")):
            sentinel.remove(ref)
        size, margins = sentinel.find(qn("w:pgSz")), sentinel.find(qn("w:pgMar"))
        w, h = self.portrait_size
        top, left, bottom, right = (self.portrait_margins[k] for k in ("top", "left", "bottom", "right"))
        if landscape:
            # Turned so that the head of the table lies on the binding edge (订口).
            size.set(qn("w:w"), h)
            size.set(qn("w:h"), w)
            size.set(qn("w:orient"), "landscape")
            pairs = (("top", left), ("bottom", right), ("left", top), ("right", bottom))
        else:
            size.set(qn("w:w"), w)
            size.set(qn("w:h"), h)
            size.attrib.pop(qn("w:orient"), None)
            pairs = (("top", top), ("bottom", bottom), ("left", left), ("right", right))
        for key, value in pairs:
            margins.set(qn("w:" + key), value)
        self.text_width = self._text_width()
        self.landscape = landscape

    def _container_lines(self, node: SyntaxTreeNode) -> list[list[_Seg]]:
        """Each line of a container: paragraphs split at line breaks, list items, table rows."""
        lines: list[list[_Seg]] = []
        for child in node.walk(include_self=False):
            if child.type == "inline":
                lines.extend(_lines(_segments(child, soft_is_break=True)))
            elif child.type == "tbody_compact":  # a table's body (see _compact_table)
                for _, cells in child.meta["rows"]:
                    for content, _ in cells:
                        lines.extend(_lines(_cell_segments(content, child.meta["env"])))
            elif child.type in ("code_block", "fence"):
                lines.extend([_Seg(t)] for t in child.content.rstrip("\n").split("\n"))
        return lines

    # ---- tables

    def _table_rows(self, node: SyntaxTreeNode) -> list[tuple[bool, list[tuple[list[_Seg], str | None]]]]:
        """(is header, [(segments, alignment)]) of each row, all rows as wide as the widest."""
        known = self._rows.get(id(node))
        if known is not None:
            return known
        rows: list[tuple[bool, list[tuple[list[_Seg], str | None]]]] = []
        for section in node.children:
            if section.type == "tbody_compact":  # the body's rows (see _compact_table)
                env = section.meta["env"]
                for row_map, texts in section.meta["rows"]:
                    cells = []
                    for content, style in texts:
                        align = re.search(r"text-align:\s*(left|right|center)", style)
                        cells.append((_cell_segments(content, env), align.group(1) if align else None))
                    if row_map and row_map[0] < len(self.source):
                        for extra in _extra_cells(self.source[row_map[0]], len(cells)):
                            inline = SyntaxTreeNode(_markdown().parseInline(extra)).children[0]
                            cells.append((_segments(inline), None))
                    rows.append((False, cells))
                continue
            for tr in section.children:
                cells = []
                for cell in tr.children:
                    style = cell.attrs.get("style", "") if cell.attrs else ""
                    align = re.search(r"text-align:\s*(left|right|center)", str(style))
                    cells.append((_segments(_inline(cell), soft_is_break=False), align.group(1) if align else None))
                if tr.map and tr.map[0] < len(self.source):
                    for extra in _extra_cells(self.source[tr.map[0]], len(cells)):
                        inline = SyntaxTreeNode(_markdown().parseInline(extra)).children[0]
                        cells.append((_segments(inline), None))
                rows.append((section.type == "thead", cells))
        ncols = max((len(cells) for _, cells in rows), default=0)
        for _, cells in rows:
            cells.extend([([], None)] * (ncols - len(cells)))
        self._rows[id(node)] = rows
        return rows

    def _table_layout(self, rows, smallest: int = 18) -> tuple[list[int], int | None, bool]:
        """Column widths, a smaller run size (half-points) or None, and whether it fitted.

        A table too wide for the text even with its long cells wrapped is set smaller, down to
        五号 and then 小五 (``smallest``), before its columns are squeezed.
        """
        cell_widths = [[chars.spaced_width(_plain(segs)) for segs, _ in cells] for _, cells in rows]
        base = self._run_value(TABLE_TEXT if self.styles[TABLE_TEXT] else BODY, "sz") or 21
        sizes = [base] + [h for h in (21, 18) if smallest <= h < base]
        for half_points in sizes:
            char = self.table_char * half_points / base
            widths, fits = _column_widths(cell_widths, self.text_width, char)
            if fits:
                break
        return widths, (half_points if half_points != base else None), fits

    def table(self, node: SyntaxTreeNode) -> None:
        rows = self._table_rows(node)
        self._rows.pop(id(node), None)
        if not rows or not rows[0][1]:
            return
        ncols = len(rows[0][1])
        numeric = [
            all(_NUMBER_CELL.fullmatch(_plain(cells[c][0]).strip()) or not _plain(cells[c][0]).strip()
                for head, cells in rows if not head)
            and any(_plain(cells[c][0]).strip() for head, cells in rows if not head)
            for c in range(ncols)
        ]
        widths, size, _ = self._table_layout(rows)
        table = self.doc.add_table(rows=0, cols=ncols)
        tbl = table._tbl
        tblpr = tbl.tblPr
        if self.styles[TABLE] is not None:
            table.style = self.styles[TABLE]
        else:
            _direct_borders(tblpr)
        set_child(tblpr, "tblW", TBLPR_ORDER, w=sum(widths), type="dxa")
        set_child(tblpr, "tblLayout", TBLPR_ORDER, type="fixed")
        for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(width))
        # The rows are written as XML text, put into the document when it is saved
        # (docx_bytes): the same XML python-docx would build (a row of cells, each one
        # paragraph of style 表格文字), at a small part of the time and the memory. A table of
        # 10,000 rows built as python-docx elements takes about half a gigabyte.
        style_id = self._style_id(self.styles[TABLE_TEXT] or self.styles[BODY])
        ppr_style = f'<w:pStyle w:val="{_xml_attr(style_id)}"/>' if style_id is not None else ""
        ppr_size = f'<w:spacing w:line="{size * 16}" w:lineRule="exact"/>' if size is not None else ""
        rpr_size = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size is not None else ""
        chunks = []
        for head, cells in rows:
            # cantSplit: a row is read whole; tblHeader: repeated on every page
            xml = ["<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if head else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"]
            for c, (segs, align) in enumerate(cells):
                jc = "center" if head else (align or ("right" if numeric[c] else None))
                ppr = ppr_style + ppr_size + (f'<w:jc w:val="{jc}"/>' if jc else "")
                xml.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{widths[c]}"/><w:vAlign w:val="center"/></w:tcPr><w:p>')
                xml.append(f"<w:pPr>{ppr}</w:pPr>" if ppr else "<w:pPr/>")
                xml.append(_runs_xml([_Seg(s.text, s.bold or head) for s in segs], rpr_size))
                xml.append("</w:p></w:tc>")
            xml.append("</w:tr>")
            chunks.append("".join(xml).encode("utf-8"))
        key = len(self.table_rows)
        self.table_rows[key] = chunks
        tbl.append(etree.Comment(f"houqin-rows-{key}"))


def _xml_text(text: str) -> str:
    """Text as lxml writes it in an element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_attr(value: str) -> str:
    """An attribute value as lxml writes it."""
    return (_xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


def _t_xml(text: str) -> str:
    """A w:t element as python-docx writes it (CT_R.add_t)."""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{_xml_text(text)}</w:t>"


def _runs_xml(segs: list[_Seg], rpr_size: str) -> str:
    """The runs _add_runs makes for segs, each with rpr_size in its properties, as XML text."""
    merged = _merge_runs(segs)
    out = []
    for s in merged:
        parts = s.text.split("\n")
        content = []
        text = []  # python-docx's Run.text: a tab is w:tab, a line break w:br, the rest w:t
        for ch in parts[0]:
            if ch == "\t" or ch in "\r\n":
                if text:
                    content.append(_t_xml("".join(text)))
                    text = []
                content.append("<w:tab/>" if ch == "\t" else "<w:br/>")
            else:
                text.append(ch)
        if text:
            content.append(_t_xml("".join(text)))
        for part in parts[1:]:  # Run.add_break(), Run.add_text(part)
            content.append("<w:br/>" + _t_xml(part))
        rpr = ("<w:b/>" if s.bold else "") + rpr_size
        body = (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + "".join(content)
        out.append(f"<w:r>{body}</w:r>" if body else "<w:r/>")
    return "".join(out)


_NO_LINE_START = set("，。、；：？！）》」』】〉”’%‰·—…")
_NO_LINE_END = set("（《「『【〈“‘—～-/")  # nor inside 2023—2024


def _break_title(segs: list[_Seg], capacity: float) -> list[_Seg]:
    """A title too long for one line, broken into balanced lines between words.

    GB/T 9704: a title that wraps keeps words whole and its lines of even, tidy length. Word
    boundaries come from jieba (houqin_report.text.tokenizer), loaded only for a title that needs it.
    Among the breaks that keep every line within ``capacity`` characters, the one with the
    most even lines wins; on a tie the upper lines are the longer (the usual trapezoid).
    """
    text = _plain(segs)
    total = chars.width(text)
    if total <= capacity or "\n" in text or capacity < 4:
        return segs
    try:
        from houqin_report.text.tokenizer import cut
    except ImportError:  # pragma: no cover - jieba is a dependency
        return segs
    offsets, pos = [], 0
    for word in cut(text):
        pos += len(word)
        offsets.append(pos)
    allowed = [
        i for i in offsets[:-1]
        if text[i] not in _NO_LINE_START and text[i - 1] not in _NO_LINE_END
        and not (text[i - 1].isascii() and text[i - 1].isalnum())  # 2024|学年 stays together
        and not (text[i].isascii() and text[i].isalnum())
    ]
    prefix = [0.0]
    for ch in text:
        prefix.append(prefix[-1] + chars.width(ch))
    def last_width(breaks: list[int]) -> float | None:
        """Width of the line ending at the last break (None before the first line)."""
        if not breaks:
            return None
        return prefix[breaks[-1]] - prefix[breaks[-2] if len(breaks) > 1 else 0]

    fewest = math.ceil(total / capacity)
    for lines in (fewest, fewest + 1):
        target = total / lines
        states: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}  # break → best (cost, breaks)
        for _ in range(lines - 1):
            nxt: dict[int, tuple[float, list[int]]] = {}
            for start, (cost, breaks) in states.items():
                for b in allowed:
                    width = prefix[b] - prefix[start]
                    if b <= start or width > capacity:
                        continue
                    c = cost + (width - target) ** 2 + _longer_below(last_width(breaks), width)
                    if b not in nxt or c < nxt[b][0]:
                        nxt[b] = (c, breaks + [b])
            states = nxt
        best: tuple[float, list[int]] | None = None
        for start, (cost, breaks) in sorted(states.items()):
            width = total - prefix[start]
            if width > capacity:
                continue
            c = cost + (width - target) ** 2 + _longer_below(last_width(breaks), width)
            if best is None or c < best[0]:
                best = (c, breaks)
        if best is not None:
            return _insert_breaks(segs, best[1])
    return segs


def _longer_below(above: float | None, width: float) -> float:
    """A small cost for a line longer than the one above it."""
    return 0.01 * max(0.0, width - above) if above is not None else 0.0


def _insert_breaks(segs: list[_Seg], offsets: list[int]) -> list[_Seg]:
    """The segments with a line break before each character offset in ``offsets``."""
    cuts, pos, out = set(offsets), 0, []
    for seg in segs:
        chars = []
        for ch in seg.text:
            if pos in cuts and pos > 0:
                chars.append("\n")
            chars.append(ch)
            pos += 1
        out.append(_Seg("".join(chars), seg.bold))
    return out


def _inline(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    return next((c for c in node.children if c.type == "inline"), None)


def _strip(segs: list[_Seg]) -> list[_Seg]:
    """Without the surrounding spaces of the whole line."""
    segs = [s for s in segs if s.text]
    if segs:
        segs[0] = _Seg(segs[0].text.lstrip(), segs[0].bold)
        segs[-1] = _Seg(segs[-1].text.rstrip(), segs[-1].bold)
    return [s for s in segs if s.text]


def _drop_prefix(segs: list[_Seg], count: int) -> list[_Seg]:
    out = []
    for s in segs:
        if count >= len(s.text):
            count -= len(s.text)
            continue
        out.append(_Seg(s.text[count:], s.bold))
        count = 0
    return out


def _merge_runs(segs: list[_Seg]) -> list[_Seg]:
    """One segment per stretch of equal formatting, empty ones dropped (shared by both writers
    of runs, so the XML-text fast path stays byte-identical to python-docx's)."""
    merged: list[_Seg] = []
    for s in segs:
        if merged and merged[-1].bold == s.bold:
            merged[-1] = _Seg(merged[-1].text + s.text, s.bold)
        elif s.text:
            merged.append(_Seg(s.text, s.bold))
    return merged


def _add_runs(p, segs: list[_Seg]) -> None:
    """Runs for the segments, one per stretch of equal formatting; "\\n" is a line break."""
    merged = _merge_runs(segs)
    for s in merged:
        parts = s.text.split("\n")
        run = p.add_run(parts[0])
        for part in parts[1:]:
            run.add_break()
            run.add_text(part)
        if s.bold:
            run.bold = True


LONG_CELL = 6.0  # characters: less than this for a column of long text is too narrow


def _column_widths(cell_widths: list[list[float]], total: int, char: float) -> tuple[list[int], bool]:
    """Column widths in twips summing to ``total``, from the text of each column (in chars).

    When everything fits, columns get what their longest cell needs, scaled up to the full
    width. Otherwise (water-filling from the top) the columns that need least keep their
    need, so numbers, dates and names do not wrap, and the long ones share the rest equally.
    Returns the widths and whether that share is at least LONG_CELL characters.
    """
    ncols = len(cell_widths[0])
    padding = 216 + char * 0.4  # the table style's cell margins, and some air
    need = [max(1.0, max(row[c] for row in cell_widths)) * char + padding for c in range(ncols)]
    if sum(need) <= total:
        exact = [n * total / sum(need) for n in need]
        fits = True
    else:
        order = sorted(range(ncols), key=lambda c: (need[c], c))
        remaining, share = float(total), float(total) / ncols
        for i, c in enumerate(order):
            share = remaining / (ncols - i)
            if need[c] > share:  # this column and all wider ones get the equal share
                break
            remaining -= need[c]
        exact = [min(n, share) for n in need]
        fits = share >= LONG_CELL * char + padding
    widths = [int(math.floor(x)) for x in exact]
    short = total - sum(widths)
    for c in sorted(range(ncols), key=lambda c: (-(exact[c] - widths[c]), c))[:short]:
        widths[c] += 1
    return widths, fits


def _direct_borders(tblpr) -> None:
    borders = set_child(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement("w:" + side)
        for k, v in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
            el.set(qn("w:" + k), v)
        borders.append(el)
