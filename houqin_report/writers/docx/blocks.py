"""The renderer: the outline's blocks (docs/outline.md) as paragraphs of the reference's styles.

Heading numbers, attachment labels and the numbers of 附件说明 are in the outline already
(outline/numbering.py); this writer lays them out:
- ``::: 落款``: one paragraph line per line (a soft line break also starts a line). The last
  line is the date when it looks like one (2024年7月5日 / 二〇二四年七月五日); the signature is
  right-indented 2 characters and the date starts 2 characters right of the signature's start
  (GB/T 9704-2012 7.3.5.1); a date too long for that keeps 右空二字 and moves the signature
  left instead.
- ``::: 附件说明``: ``附件：1.名称`` with the names aligned at a tab stop after the widest number.
- ``::: 附件 N``: a new page with the label 附件N (黑体) at the top left; its ``# 标题`` centred.
  Every attachment table has one size (_plan_attachments); an attachment whose table does
  not fit the portrait page at it gets a landscape section of its own (GB/T 9704: 表格横排,
  landscape.py), page numbers running on.
- A title (or attachment title) too long for one line is broken between words, never inside
  the names the caller gives (titles.py).
- A justified line that would be spread before a long number is set closer (linefit.py).
- A soft line break inside a paragraph joins the lines, with no space between Chinese
  characters.
"""
from __future__ import annotations

import copy
import re
from typing import Sequence

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from markdown_it.tree import SyntaxTreeNode

from houqin_report.errors import TemplateError
from houqin_report.outline.numbering import apart
from houqin_report.outline.parse import Seg, cell_segments, drop_prefix, inline_of, plain, segments, split_lines, strip
from houqin_report.text import chars
from houqin_report.writers.docx.linefit import Metrics, fitted
from houqin_report.writers.docx.ooxml import PPR_ORDER, RPR_ORDER, add_runs, para_props, set_child, twips
from houqin_report.writers.docx.reference import (
    ATTACH_LABEL,
    ATTACH_NOTE,
    ATTACH_TITLE,
    BODY,
    CENTRE,
    HEADINGS,
    SIGNATURE,
    STYLE_NAMES,
    TABLE_TEXT,
    TITLE,
    find_style,
)
from houqin_report.writers.docx.landscape import SectionWriter
from houqin_report.writers.docx.rows import TableRows
from houqin_report.writers.docx.tables import TableWriter
from houqin_report.writers.docx.titles import break_title

_DATE = re.compile(r"\s*(\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,4}月.{1,4}日\s*")
_NOTE_PREFIX = re.compile(r"\s*附件\s*[：:]\s*")
_ITEM_NUMBER = re.compile(r"\s*(\d+\.)\s*")


class Renderer(TableWriter, SectionWriter):
    def __init__(self, document, names: Sequence[str] = ()) -> None:
        self.doc = document
        self.names = tuple(names)  # never broken inside in a title (the school's, the bureau's)
        self.styles = {name: find_style(document, name) for name in STYLE_NAMES}
        for name in (TITLE, BODY, *HEADINGS):
            if self.styles[name] is None:
                raise TemplateError(f"参考文件缺少样式“{name}”")
        self.title: str | None = None
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
        self.table_rows = TableRows()  # each table's rows as XML, by its marker
        self._style_ids: dict[int, tuple[object, str | None]] = {}
        self._default_style: list | None = None  # [the default paragraph style, or None]
        self._rows: dict[int, list] = {}  # _table_rows of a table, until it is written
        self._metrics: dict[tuple, Metrics | None] = {}  # (style, text width) → line layout
        self._measured: dict[int, tuple] = {}  # the columns' needs of a table's rows, until it is written
        self._layouts: dict[int, tuple] = {}  # (rows, {(sizes, width): layout}) of a table, until it is written
        self.attachment_size: int | None = None  # of every attachment table (half-points)
        self._turned: dict[int, bool] = {}  # attachment node → landscape
        self._body_end = None  # the body's final sectPr, found once (see _add_paragraph)

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
        """A new paragraph of style, as ``doc.add_paragraph(style=style)`` makes it, put before
        the body's final sectPr directly: python-docx looks for that sectPr among all the
        body's children on every call, which made a document of n paragraphs take n² steps."""
        body = self.doc.element.body
        end = self._body_end
        if end is None or end.getparent() is not body:
            end = self._body_end = body.find(qn("w:sectPr"))
        p = OxmlElement("w:p")
        if end is None:
            body.append(p)
        else:
            end.addprevious(p)
        paragraph = Paragraph(p, self.doc._body)
        p.style = self._style_id(style)
        return paragraph

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
        style = self.styles.get(name) or find_style(self.doc, name)
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

    def render(self, root: SyntaxTreeNode, source: str = "") -> None:
        self.source = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self._plan_attachments(root)
        for node in root.children:
            if self.landscape and node.type != "container_附件":
                self._section_break(landscape=False)  # text after a landscape attachment
            self.block(node, centre=False, attachment=False)

    def block(self, node: SyntaxTreeNode, *, centre: bool, attachment: bool) -> None:
        kind = node.type
        if kind == "heading":
            self.heading(node, attachment=attachment)
        elif kind == "paragraph":
            segs = segments(inline_of(node), soft_is_break=centre)
            self.paragraph(CENTRE if centre else BODY, segs)
        elif kind == "table":
            self.table(node, attachment)
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
                self.paragraph(CENTRE if centre else BODY, [Seg(line.replace("\t", " "))])
        elif kind == "hr":
            # Only a template can write "---" (user text is escaped): a rule has no place in a
            # 公文, so it is left out rather than drawn.
            pass
        elif node.children:
            for child in node.children:
                if child.type == "inline":
                    self.paragraph(CENTRE if centre else BODY, segments(child, centre))
                else:
                    self.block(child, centre=centre, attachment=attachment)
        elif node.content:
            self.paragraph(CENTRE if centre else BODY, [Seg(node.content.replace("\t", " "))])

    def list(self, node: SyntaxTreeNode, *, centre: bool, attachment: bool) -> None:
        number = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else None
        for item in node.children:
            first = True
            for child in item.children:
                if child.type == "paragraph" and first and number is not None:
                    text = segments(inline_of(child), centre)
                    segs = [Seg(apart(f"{number}.", plain(text))), *text]
                    self.paragraph(CENTRE if centre else BODY, segs)
                else:
                    self.block(child, centre=centre, attachment=attachment)
                first = False
            if number is not None:
                number += 1

    def paragraph(self, style: str, segs: list[Seg]):
        p = self._add_paragraph(self.styles[style] or self.styles[BODY])
        metrics = self._justified(style) if style in (BODY, *HEADINGS) else None
        pieces = fitted(segs, metrics) if metrics is not None else None
        if pieces is None or all(closer is None for _, closer in pieces):
            add_runs(p, segs)
        else:  # a line set closer, so that a number comes up onto it (linefit.py)
            for seg, closer in pieces:
                run = p.add_run(seg.text)
                if seg.bold:
                    run.bold = True
                if closer:
                    set_child(run._r.get_or_add_rPr(), "spacing", RPR_ORDER, val=int(metrics.spacing) - closer)
        return p

    def _justified(self, style: str) -> Metrics | None:
        """The line layout of a justified style (linefit.Metrics), None for one that is not."""
        key = (style, self.text_width)
        if key not in self._metrics:
            found = None
            element = self.styles[style] or self.styles[BODY]
            jc = ind = None
            while element is not None and (jc is None or ind is None):
                ppr = element.element.find(qn("w:pPr"))
                if ppr is not None:
                    jc = jc if jc is not None else ppr.find(qn("w:jc"))
                    ind = ind if ind is not None else ppr.find(qn("w:ind"))
                element = element.base_style
            if jc is not None and jc.get(qn("w:val")) in ("both", "distribute"):
                size = (self._run_value(style, "sz") or 21) * 10
                indent = 0.0
                if ind is not None and ind.get(qn("w:firstLineChars")):
                    indent = int(ind.get(qn("w:firstLineChars"))) / 100 * size
                elif ind is not None and ind.get(qn("w:firstLine")):
                    indent = int(ind.get(qn("w:firstLine")))
                found = Metrics(size, self._run_value(style, "spacing") or 0, self.text_width, indent)
            self._metrics[key] = found
        return self._metrics[key]

    def heading(self, node: SyntaxTreeNode, *, attachment: bool) -> None:
        level = int(node.tag[1:])
        segs = segments(inline_of(node))
        if level == 1:
            style = ATTACH_TITLE if attachment else TITLE
            if not attachment and self.title is None:
                self.title = plain(segs).strip()
            capacity = self.text_width / self._char_twips(style if self.styles[style] else TITLE, grid=False)
            self.paragraph(style, break_title(segs, capacity, self.names))
            return
        if level > 5:
            self.paragraph(BODY, segs)
            return
        self.paragraph(HEADINGS[level - 2], segs)  # numbered in the outline (outline/numbering.py)

    def blank(self, style: str):
        """The empty line before a 附件说明 or a 落款, kept with what precedes and follows it:
        the signature never stands alone on a page, the text it signs comes along (at least
        the last line of the last paragraph, or the last row of a table)."""
        previous = self.doc.element.body[-2] if len(self.doc.element.body) > 1 else None
        if previous is not None and previous.tag == qn("w:p"):
            set_child(previous.get_or_add_pPr(), "keepNext", PPR_ORDER)
        elif previous is not None and previous.tag == qn("w:tbl"):
            self.keep_last_row_with_next(previous)
        p = self._add_paragraph(self.styles[style] or self.styles[BODY])
        set_child(para_props(p), "keepNext", PPR_ORDER)
        return p

    def signature(self, node: SyntaxTreeNode) -> None:
        """Signature lines and date, placed by left indents measured in characters.

        Left indents (not right alignment) make "the date starts two characters right of the
        signature" exact whatever the digits' width; only the signature's width (Chinese
        characters) and the line width are measured.
        """
        lines = [strip(line) for line in self._container_lines(node) if plain(line).strip()]
        if not lines:
            return
        date = lines.pop() if _DATE.fullmatch(plain(lines[-1])) else None
        line_chars = self.text_width / self.char
        widths = [chars.width(plain(line)) for line in lines]
        longest = max(widths, default=0.0)
        date_width = chars.width(plain(date)) if date is not None else 0.0
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
                set_child(para_props(p), "keepNext", PPR_ORDER)
        if date is not None:
            p = self.paragraph(SIGNATURE, date)
            self._left_indent(p, max(date_left, 0.0))

    def _left_indent(self, p, chars: float) -> None:
        ppr = para_props(p)
        set_child(
            ppr, "ind", PPR_ORDER, left=twips(chars * self.char), leftChars=twips(chars * 100),
            right="0", rightChars="0", firstLine="0", firstLineChars="0",
        )
        set_child(ppr, "jc", PPR_ORDER, val="left")

    def attachment_note(self, node: SyntaxTreeNode) -> None:
        """附件：1.名称 …, numbered in the outline (outline/numbering.py); a single attachment
        has no number."""
        lines: list[list[Seg]] = []
        for line in self._container_lines(node):
            text = plain(line)
            if not text.strip():
                continue
            cut = _NOTE_PREFIX.match(text) if not lines else None
            lines.append(drop_prefix(line, cut.end()) if cut else line)
        if not lines:
            return
        single = len(lines) == 1
        numbers, items = [], []
        for line in lines:
            number = None if single else _ITEM_NUMBER.match(plain(line))
            numbers.append(number.group(1) if number else "")
            items.append(strip(drop_prefix(line, number.end()) if number else line))
        self.blank(ATTACH_NOTE)
        # "1." in Times New Roman: ½ character a digit, ¼ the full stop; the names start at a
        # tab stop just after the widest number, where their wrapped lines start too.
        digits = max((len(n) - 1 for n in numbers if n), default=0)
        number_width = 0.0 if not digits else 0.5 * digits + 0.25 + 0.1
        start, label = 2.0, 3.0  # 左空二字; "附件：" is three characters
        left = start + label + number_width
        for k, item in enumerate(items, 1):
            hanging = left - (start if k == 1 else start + label)
            prefix = ("附件：" if k == 1 else "") + numbers[k - 1]
            p = self._add_paragraph(self.styles[ATTACH_NOTE] or self.styles[BODY])
            ppr = para_props(p)
            tabs = set_child(ppr, "tabs", PPR_ORDER)
            tab = OxmlElement("w:tab")
            tab.set(qn("w:val"), "left")
            tab.set(qn("w:pos"), str(twips(left * self.char)))
            tabs.append(tab)
            set_child(
                ppr, "ind", PPR_ORDER,
                left=twips(left * self.char), leftChars=twips(left * 100),
                hanging=twips(hanging * self.char), hangingChars=twips(hanging * 100),
                firstLine=None, firstLineChars=None,
            )
            set_child(ppr, "keepNext", PPR_ORDER)  # the list stays on one page, with the 落款 after it
            run = p.add_run(prefix)
            if numbers[k - 1]:
                run.add_tab()
            add_runs(p, item)

    def attachment(self, node: SyntaxTreeNode) -> None:
        label = re.sub(r"\s+", "", node.info) or "附件"  # 附件 / 附件2, as outline/numbering.py wrote it
        landscape = self._turned.get(id(node), False)
        turned = landscape != self.landscape
        if turned:
            self._section_break(landscape=landscape)
        p = self.paragraph(ATTACH_LABEL, [Seg(label)])
        if len(self.doc.element.body) <= 2 or turned:  # a new page already: no empty one
            set_child(para_props(p), "pageBreakBefore", PPR_ORDER, val="0")
        for child in node.children:
            self.block(child, centre=False, attachment=True)

    def _plan_attachments(self, root: SyntaxTreeNode) -> None:
        """One size for every attachment table, and which attachments turn landscape (GB/T
        9704 7.5: 表格横排): of the sizes (the reference's, 五号, 小五) at which each table fits
        the portrait page or, turned, the landscape one, the one with the fewest turned
        attachments and steps down in size together, then the largest. A table that fits
        nowhere gets the smallest, turned."""
        attachments = [(node, [t for t in node.walk() if t.type == "table"]) for node in root.walk()
                       if node.type == "container_附件"]
        tables = [(node, [rows for rows in map(self._table_rows, found) if rows and rows[0][1]]) for node, found in attachments]
        tables = [(node, found) for node, found in tables if found]
        if not tables:
            return
        base = self._base_size()
        portrait = self.portrait_width if self.portrait_width > 0 else self.text_width
        turnable = self.portrait_width > 0
        landscape = int(self.portrait_size[1]) - int(self.portrait_margins.get("top", 0)) - int(self.portrait_margins.get("bottom", 0))
        plans = []
        for step, size in enumerate([base] + [h for h in (21, 18) if h < base]):
            turned, every = {}, True
            for node, found in tables:
                if all(self._table_layout(rows, [size], portrait)[2] for rows in found):
                    turned[id(node)] = False
                elif turnable:
                    turned[id(node)] = True
                    every &= all(self._table_layout(rows, [size], landscape)[2] for rows in found)
                else:
                    every = False
            # a turned page costs the reader as much as a size smaller (小四 → 五号 → 小五)
            plans.append((not every, sum(turned.values()) + step, step, size, turned))
            best = min(plans, key=lambda plan: plan[:3])
            if not best[0] and best[1] <= step + 1:
                break  # every later plan costs at least its step: none can come before this one
        missing, _, _, size, turned = min(plans, key=lambda plan: plan[:3])
        if missing:  # nothing fits everywhere: the smallest size
            *_, size, turned = plans[-1]
        self.attachment_size, self._turned = size, turned

    def _container_lines(self, node: SyntaxTreeNode) -> list[list[Seg]]:
        """Each line of a container: paragraphs split at line breaks, list items, table rows."""
        lines: list[list[Seg]] = []
        for child in node.walk(include_self=False):
            if child.type == "inline":
                lines.extend(split_lines(segments(child, soft_is_break=True)))
            elif child.type == "tbody_compact":  # a table's body (see _compact_table)
                for _, cells in child.meta["rows"]:
                    for content, _ in cells:
                        lines.extend(split_lines(cell_segments(content, child.meta["env"])))
            elif child.type in ("code_block", "fence"):
                lines.extend([Seg(t)] for t in child.content.rstrip("\n").split("\n"))
        return lines
