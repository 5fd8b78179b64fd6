"""Tables: header row bold, centred and repeated on each page; columns sized by their content
(columns.py; tblW = Σ gridCol = text width, tcW = gridCol); numbers right-aligned; a body
table too wide set in 五号 or 小五, an attachment's in the size of all attachment tables; a
date or header too wide for its column on two lines where it reads; the 合计 row kept with
the row before it. The rows are written as XML text (the same XML python-docx builds), kept in
rows.TableRows and put into the package when it is saved (package.docx_bytes)."""
from __future__ import annotations

import math
import re
from typing import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from markdown_it.tree import SyntaxTreeNode

from houqin_report.outline.parse import Seg, cell_segments, extra_cells, inline_of, markdown, plain, segments
from houqin_report.text import chars
from houqin_report.writers.docx.columns import NUMBER, Column, date_lines, header_lines, layout, measure
from houqin_report.writers.docx.ooxml import TBLPR_ORDER, runs_xml, set_child, xml_attr
from houqin_report.writers.docx.reference import BODY, TABLE, TABLE_TEXT



class TableWriter:
    """The table part of the renderer (a mixin of blocks.Renderer)."""

    def _table_rows(self, node: SyntaxTreeNode) -> list[tuple[bool, list[tuple[list[Seg], str | None]]]]:
        """(is header, [(segments, alignment)]) of each row, all rows as wide as the widest."""
        known = self._rows.get(id(node))
        if known is not None:
            return known
        rows: list[tuple[bool, list[tuple[list[Seg], str | None]]]] = []
        for section in node.children:
            if section.type == "tbody_compact":  # the body's rows (see _compact_table)
                env = section.meta["env"]
                for row_map, texts in section.meta["rows"]:
                    cells = []
                    for content, style in texts:
                        align = re.search(r"text-align:\s*(left|right|center)", style)
                        cells.append((cell_segments(content, env), align.group(1) if align else None))
                    if row_map and row_map[0] < len(self.source):
                        for extra in extra_cells(self.source[row_map[0]], len(cells)):
                            inline = SyntaxTreeNode(markdown().parseInline(extra)).children[0]
                            cells.append((segments(inline), None))
                    rows.append((False, cells))
                continue
            for tr in section.children:
                cells = []
                for cell in tr.children:
                    style = cell.attrs.get("style", "") if cell.attrs else ""
                    align = re.search(r"text-align:\s*(left|right|center)", str(style))
                    cells.append((segments(inline_of(cell), soft_is_break=False), align.group(1) if align else None))
                if tr.map and tr.map[0] < len(self.source):
                    for extra in extra_cells(self.source[tr.map[0]], len(cells)):
                        inline = SyntaxTreeNode(markdown().parseInline(extra)).children[0]
                        cells.append((segments(inline), None))
                rows.append((section.type == "thead", cells))
        ncols = max((len(cells) for _, cells in rows), default=0)
        for _, cells in rows:
            cells.extend([([], None)] * (ncols - len(cells)))
        self._rows[id(node)] = rows
        return rows

    def _base_size(self) -> int:
        """The half-point size of table text in the reference (表格文字, else the body's)."""
        return self._run_value(TABLE_TEXT if self.styles[TABLE_TEXT] else BODY, "sz") or 21

    def _columns(self, rows) -> list[Column]:
        """The columns' needs (columns.measure), worked out once per table."""
        key = id(rows)
        known = self._measured.get(key)
        if known is None or known[0] is not rows:
            known = (rows, measure([(head, [plain(segs) for segs, _ in cells]) for head, cells in rows]))
            self._measured[key] = known
        return known[1]

    def _table_layout(self, rows, sizes: Sequence[int] | None = None,
                      width: int | None = None) -> tuple[list[int], int | None, bool, list[float]]:
        """Column widths (twips), the run size (half-points) if not the reference's, whether
        it fitted, and each column's room for text (characters): at the first of ``sizes`` at
        which it fits (default: the reference's size, then 五号 and 小五 below it), in
        ``width`` twips (default: the text width)."""
        base = self._base_size()
        if sizes is None:
            sizes = [base] + [h for h in (21, 18) if h < base]
        width = self.text_width if width is None else width
        # Kept until the table is written: _plan_attachments tries each attachment table at
        # its sizes, and the table is then written at the one chosen.
        known = self._layouts.get(id(rows))
        if known is None or known[0] is not rows:
            known = self._layouts[id(rows)] = (rows, {})
        key = (tuple(sizes), width)
        found = known[1].get(key)
        if found is not None:
            return found
        columns = self._columns(rows)
        for half_points in sizes:
            char = self.table_char * half_points / base
            padding = CELL_MARGINS + char * AIR
            widths, fits = layout(columns, (width - padding * len(columns)) / char)
            if fits:
                break
        found = known[1][key] = (_twips([w * char + padding for w in widths], width), (half_points if half_points != base else None),
                                 fits, widths)
        return found

    def table(self, node: SyntaxTreeNode, attachment: bool = False) -> None:
        """A table; in an attachment, in the one size of all attachment tables (blocks.py)."""
        rows = self._table_rows(node)
        self._rows.pop(id(node), None)
        if not rows or not rows[0][1]:
            return
        ncols = len(rows[0][1])
        numeric = [
            all(NUMBER.fullmatch(plain(cells[c][0]).strip()) or not plain(cells[c][0]).strip()
                for head, cells in rows if not head)
            and any(plain(cells[c][0]).strip() for head, cells in rows if not head)
            for c in range(ncols)
        ]
        widths, size, _, room = self._table_layout(rows, [self.attachment_size] if attachment and self.attachment_size else None)
        self._measured.pop(id(rows), None)
        self._layouts.pop(id(rows), None)
        table = self.doc.add_table(rows=0, cols=ncols)
        tbl = table._tbl
        tblpr = tbl.tblPr
        if self.styles[TABLE] is not None:
            table.style = self.styles[TABLE]
        else:
            _direct_borders(tblpr)
        set_child(tblpr, "tblW", TBLPR_ORDER, w=sum(widths), type="dxa")
        set_child(tblpr, "tblLayout", TBLPR_ORDER, type="fixed")
        # Only the 2006 schema's w:val (Word 2007 rejects the attributes Word 2010 added;
        # later versions read the same bits from w:val).
        set_child(tblpr, "tblLook", TBLPR_ORDER, val="04A0", firstColumn=None, firstRow=None, lastColumn=None,
                  lastRow=None, noHBand=None, noVBand=None)
        for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(width))
        # The rows are written as XML text, put into the document when it is saved
        # (docx_bytes): the same XML python-docx would build (a row of cells, each one
        # paragraph of style 表格文字), at a small part of the time and the memory. A table of
        # 10,000 rows built as python-docx elements takes about half a gigabyte.
        style_id = self._style_id(self.styles[TABLE_TEXT] or self.styles[BODY])
        ppr_style = f'<w:pStyle w:val="{xml_attr(style_id)}"/>' if style_id is not None else ""
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
                segs = header_lines(segs, room[c]) if head else date_lines(segs, room[c])
                xml.append(runs_xml([Seg(s.text, s.bold or head) for s in segs], rpr_size))
                xml.append("</w:p></w:tc>")
            xml.append("</w:tr>")
            chunks.append("".join(xml).encode("utf-8"))
        if len(chunks) > 2 and _TOTAL.match(plain(rows[-1][1][0][0]).strip()):
            chunks[-2] = _keep_next(chunks[-2])  # the 合计 row never alone at the top of a page
        key = self.table_rows.add(chunks)
        tbl.append(etree.Comment(f"houqin-rows-{key}"))

    def keep_last_row_with_next(self, tbl) -> None:
        """The table's last row kept on the page of the paragraph after the table."""
        marker = next((c for c in tbl if isinstance(c, etree._Comment) and c.text.startswith("houqin-rows-")), None)
        if marker is not None:
            self.table_rows.change_last(int(marker.text.rpartition("-")[2]), _keep_next)


_TOTAL = re.compile(r"(合计|总计|小计)")
_PPR = re.compile(rb"<w:pPr/>|<w:pPr>(<w:pStyle [^>]*/>)?")


def _keep_next(row: bytes) -> bytes:
    """A row's XML with w:keepNext on each cell's paragraph (where Word and LibreOffice read a
    row's "keep with next")."""
    return _PPR.sub(lambda m: b"<w:pPr><w:keepNext/></w:pPr>" if m.group(0) == b"<w:pPr/>"
                    else m.group(0) + b"<w:keepNext/>", row)


CELL_MARGINS = 216  # twips: the 表格 style's left and right cell margins
AIR = 0.15  # characters beyond the text, so that a cell that just fits in one renderer does in all


def _twips(exact: list[float], total: int) -> list[int]:
    """Whole twips summing to total (tblW = Σ gridCol), the remainders to the largest fractions."""
    scale = total / sum(exact) if sum(exact) else 1.0
    exact = [x * scale for x in exact]
    widths = [int(math.floor(x)) for x in exact]
    for c in sorted(range(len(exact)), key=lambda c: (-(exact[c] - widths[c]), c))[: total - sum(widths)]:
        widths[c] += 1
    return widths


def _direct_borders(tblpr) -> None:
    borders = set_child(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement("w:" + side)
        for k, v in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
            el.set(qn("w:" + k), v)
        borders.append(el)
