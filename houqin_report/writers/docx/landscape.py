"""Landscape sections for attachments whose tables need the width (GB/T 9704 7.5: 表格横排).

The page is turned so that the head of the table lies on the binding edge (订口): read
turned a quarter clockwise, the portrait page's left edge is the top. GB/T 9704 wants the page
number where it is on every other page, so it is drawn where the bound portrait page has it:
on the landscape page's left edge (the portrait bottom), reading downwards, near the bottom on
odd pages (portrait bottom right) and near the top on even pages (portrait bottom left). It is
the portrait footer's own paragraph (its PAGE field, font and indent) in a text box whose text
runs turned (VML, which Word 2007 and later, WPS and LibreOffice all read).

A first-page letterhead of a user's reference (a different first page, w:titlePg) is not
repeated at the start of each later section; the portrait pages after a landscape attachment
get the first section's footers back, the page numbers running on throughout.
"""
from __future__ import annotations

import copy

from docx.oxml.ns import qn
from docx.section import Section
from lxml import etree

from houqin_report.writers.docx.reference import BODY, find_style

V = "urn:schemas-microsoft-com:vml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOT_IN_A_TEXT_BOX = ("pict", "drawing", "object", "txbxContent")  # no shape inside a shape


class SectionWriter:
    """The section part of the renderer (a mixin of blocks.Renderer)."""

    def _section_break(self, *, landscape: bool) -> None:
        """End the section here (a copy of the final sectPr in the last paragraph) and give
        the following one the landscape turn of the page, or the portrait page back."""
        body = self.doc.element.body
        sentinel = body.find(qn("w:sectPr"))
        if not hasattr(self, "_portrait_refs"):
            self._portrait_refs = [copy.deepcopy(r) for r in sentinel.findall(qn("w:footerReference"))]
            self._landscape_refs: list | None = None
        last = sentinel.getprevious()
        if last is None or last.tag != qn("w:p") or last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            last = self._add_paragraph(self.styles[BODY])._p
        last.get_or_add_pPr().append(copy.deepcopy(sentinel))
        for ref in sentinel.findall(qn("w:headerReference")) + sentinel.findall(qn("w:footerReference")):
            sentinel.remove(ref)  # headers inherited; footers set below
        for title_page in sentinel.findall(qn("w:titlePg")):
            sentinel.remove(title_page)  # the letterhead's first page only once
        size, margins = sentinel.find(qn("w:pgSz")), sentinel.find(qn("w:pgMar"))
        w, h = self.portrait_size
        top, left, bottom, right = (self.portrait_margins[k] for k in ("top", "left", "bottom", "right"))
        if landscape:
            size.set(qn("w:w"), h)
            size.set(qn("w:h"), w)
            size.set(qn("w:orient"), "landscape")
            pairs = (("top", left), ("bottom", right), ("left", bottom), ("right", top))
        else:
            size.set(qn("w:w"), w)
            size.set(qn("w:h"), h)
            size.attrib.pop(qn("w:orient"), None)
            pairs = (("top", top), ("bottom", bottom), ("left", left), ("right", right))
        for key, value in pairs:
            margins.set(qn("w:" + key), value)
        refs = self._turned_footers(sentinel) if landscape else self._portrait_refs
        for ref in reversed(refs):
            sentinel.insert(0, copy.deepcopy(ref))
        self.text_width = self._text_width()
        self.landscape = landscape

    def _turned_footers(self, sentinel) -> list:
        """The landscape sections' footer references, the footers made on the first turn."""
        if self._landscape_refs is None:
            self._landscape_refs = []
            portrait = {r.get(qn("w:type")): r.get(qn("r:id")) for r in self._portrait_refs}
            section = Section(sentinel, self.doc.part)
            for kind, footer in (("default", section.footer), ("even", section.even_page_footer)):
                source = portrait.get(kind)
                if source is None:
                    continue
                content = [copy.deepcopy(el) for el in self.doc.part.related_parts[source].element
                           if el.tag in (qn("w:p"), qn("w:tbl"))]
                footer.is_linked_to_previous = False
                element = footer._element
                for child in list(element):
                    element.remove(child)
                element.append(self._turned_number(content, kind))
            made = sentinel.findall(qn("w:footerReference"))
            self._landscape_refs = [copy.deepcopy(r) for r in made]
            for ref in made:
                sentinel.remove(ref)  # put back by the caller, in order
        return self._landscape_refs

    def _turned_number(self, content: list, kind: str):
        """A footer paragraph holding a text box on the landscape page's left edge, where the
        portrait footer's line lies once the page is turned back: its width the footer's
        line, its height the portrait text width, its text (the portrait footer's) turned."""
        for el in content:
            for tag in _NOT_IN_A_TEXT_BOX:
                for found in el.iter(f"{{{W}}}{tag}"):
                    run = found.getparent()
                    if run is not None and run.getparent() is not None:
                        run.getparent().remove(run)
        sentinel = self.doc.element.body.find(qn("w:sectPr"))
        margins = sentinel.find(qn("w:pgMar"))
        distance = int(margins.get(qn("w:footer")) or 720)
        w = int(self.portrait_size[0])
        left, right = int(self.portrait_margins["left"]), int(self.portrait_margins["right"])
        size = self._run_value("Footer", "sz") or 21
        line = size / 2 * 1.4  # points: the footer's line
        style = (f"position:absolute;margin-left:{distance / 20:.2f}pt;margin-top:{left / 20:.2f}pt;"
                 f"width:{line:.2f}pt;height:{(w - left - right) / 20:.2f}pt;z-index:1;"
                 "mso-position-horizontal-relative:page;mso-position-vertical-relative:page")
        paragraph = etree.Element(qn("w:p"))
        footer_style = find_style(self.doc, "Footer")
        if footer_style is not None:
            etree.SubElement(etree.SubElement(paragraph, qn("w:pPr")), qn("w:pStyle")).set(qn("w:val"), footer_style.style_id)
        run = etree.SubElement(paragraph, qn("w:r"))
        pict = etree.SubElement(run, qn("w:pict"))
        rect = etree.SubElement(pict, f"{{{V}}}rect", nsmap={"v": V})
        rect.set("id", f"houqin-page-number-{kind}")
        rect.set("style", style)
        rect.set("filled", "f")
        rect.set("stroked", "f")
        box = etree.SubElement(rect, f"{{{V}}}textbox")
        box.set("style", "layout-flow:vertical")
        box.set("inset", "0,0,0,0")
        text = etree.SubElement(box, qn("w:txbxContent"))
        for el in content or [etree.Element(qn("w:p"))]:
            text.append(el)
        return paragraph
