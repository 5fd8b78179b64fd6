"""OOXML details the writer needs: child order of the property elements (Word rejects a file
whose property elements are out of schema order), attributes, and runs written as XML text."""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from houqin_report.outline.parse import Seg

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


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


def para_props(p):
    return p._p.get_or_add_pPr()


def twips(value: float) -> int:
    return int(round(value))


def xml_text(text: str) -> str:
    """Text as lxml writes it in an element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attr(value: str) -> str:
    """An attribute value as lxml writes it."""
    return (xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


def t_xml(text: str) -> str:
    """A w:t element as python-docx writes it (CT_R.add_t)."""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{xml_text(text)}</w:t>"


def merge_runs(segs: list[Seg]) -> list[Seg]:
    """One segment per stretch of equal formatting, empty ones dropped (shared by both writers
    of runs, so the XML-text fast path stays byte-identical to python-docx's)."""
    merged: list[Seg] = []
    for s in segs:
        if merged and merged[-1].bold == s.bold:
            merged[-1] = Seg(merged[-1].text + s.text, s.bold)
        elif s.text:
            merged.append(Seg(s.text, s.bold))
    return merged


def runs_xml(segs: list[Seg], rpr_size: str) -> str:
    """The runs add_runs makes for segs, each with rpr_size in its properties, as XML text."""
    merged = merge_runs(segs)
    out = []
    for s in merged:
        parts = s.text.split("\n")
        content = []
        text = []  # python-docx's Run.text: a tab is w:tab, a line break w:br, the rest w:t
        for ch in parts[0]:
            if ch == "\t" or ch in "\r\n":
                if text:
                    content.append(t_xml("".join(text)))
                    text = []
                content.append("<w:tab/>" if ch == "\t" else "<w:br/>")
            else:
                text.append(ch)
        if text:
            content.append(t_xml("".join(text)))
        for part in parts[1:]:  # Run.add_break(), Run.add_text(part)
            content.append("<w:br/>" + t_xml(part))
        rpr = ("<w:b/>" if s.bold else "") + rpr_size
        body = (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + "".join(content)
        out.append(f"<w:r>{body}</w:r>" if body else "<w:r/>")
    return "".join(out)


def add_runs(p, segs: list[Seg]) -> None:
    """Runs for the segments, one per stretch of equal formatting; "\\n" is a line break."""
    merged = merge_runs(segs)
    for s in merged:
        parts = s.text.split("\n")
        run = p.add_run(parts[0])
        for part in parts[1:]:
            run.add_break()
            run.add_text(part)
        if s.bold:
            run.bold = True
