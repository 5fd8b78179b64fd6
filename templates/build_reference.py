"""Build the reference .docx style profiles templates/公文.docx and templates/校内.docx.

Run from anywhere:  python templates/build_reference.py   (rewrites both files; the output is
byte-for-byte the same on every run, so a change shows in review only when this script
changes). The .docx writer (houqin_report/writers/docx/) opens one of these files and appends the
document to it, so everything about the look lives here: page setup, styles, footers.

公文 follows GB/T 9704-2012 (figures in /work/shared/design/gbt9704.md): A4, margins 37/28/26/35
mm (top/left/right/bottom), 22 lines × 28 characters of 三号 仿宋_GB2312 at exactly 28.95 pt
(a line grid, and character spacing −0.25 pt for the 28 characters: see GONGWEN.grid),
page numbers `— N —` in 宋体 四号, odd pages right and even pages left, one character in.
校内 is plainer, with the fonts every Windows has: 宋体 小四 body at 1.5 lines, 黑体 headings,
Word's normal margins, a centred `第 N 页`.

Styles (names are what the renderer asks for; both files have all of them):

    Normal        body text: justified, first-line indent 2 characters, widow control off,
                  closing marks may overhang the margin
    Title         document title (公文: 方正小标宋简体 二号, centred, not bold), a blank line after
    Heading 1     一、 (黑体)            Heading 2  （一） (楷体_GB2312 / 楷体)
    Heading 3     1.  (仿宋_GB2312)      Heading 4  （1）  (仿宋_GB2312)
                  all with the 2-character indent, not bold, black; numbers are typed by the
                  renderer, not Word numbering
    居中           centred, no indent
    落款           signature and date: no first-line indent; right-aligned 2 characters in
                  when applied by hand (the renderer places each line by its left indent)
    附件说明       附件：1.×× below the body (the renderer sets the hanging indent and tab)
    附件标签       附件1 at the top left of a new page (黑体, page break before, no indent)
    附件标题       title of an attachment: like Title, on the third line of the page
    表格文字       table cell text: no indent, not on the line grid (公文 仿宋_GB2312 小四)
    表格           table style: single 0.5 pt borders, 0.19 cm cell margins
    Header, Footer page furniture (Footer: 宋体 四号 for 公文)

Every style's w:rFonts names the East Asian font (w:eastAsia, w:hint="eastAsia") and Times New
Roman for Latin letters and digits; theme font attributes are removed, since Word prefers them
to the names and would fall back to a Japanese font. Unused styles of python-docx's default
template are removed so the file holds only what is described here.
"""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import docx  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.oxml import OxmlElement, parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402

from houqin_report.writers.docx.ooxml import (  # noqa: E402
    PPR_ORDER,
    RPR_ORDER,
    SECTPR_ORDER,
    STYLE_ORDER,
    TBLPR_ORDER,
    set_child,
)
from houqin_report.writers.docx.package import FIXED_TIME, docx_bytes  # noqa: E402

LATIN = "Times New Roman"


@dataclass
class Font:
    east_asian: str
    half_points: int  # w:sz: twice the size in points
    latin: str = LATIN


@dataclass
class Profile:
    name: str
    margins: dict[str, int]  # twips
    grid: dict[str, str]  # w:docGrid attributes
    spacing: dict[str, str]  # w:spacing of body text
    body: Font
    title: Font
    headings: list[Font]
    table: Font
    table_spacing: dict[str, str]
    footer: Font
    footer_text: tuple[str, str]  # before and after the page number
    odd_even_footers: bool
    title_after: int  # twips of space after the title (one line)
    footer_distance: int
    header_distance: int = 851
    body_spacing: int = 0  # w:spacing (character spacing, twips) of body text and headings
    attach_title: Font | None = None


def mm(value: float) -> int:
    return round(value * 1440 / 25.4)


GONGWEN = Profile(
    name="公文",
    margins={"top": mm(37), "left": mm(28), "right": mm(26), "bottom": mm(35)},
    # 22 lines of 28.95 pt. A line grid only: the character grid of GB/T 9704 templates
    # (linesAndChars, charSpace -848, which Word turns into 28 characters of 15.79 pt) makes
    # LibreOffice give every 16 pt character two grid cells, so lines of 14 spaced-out
    # characters (checked with LibreOffice 7.4). 28 characters a line come instead from
    # body_spacing: 16 pt − 0.25 pt = 15.75 pt a character, 28 × 15.75 = 441 pt ≤ 442.25 pt
    # (156 mm), the same in Word, WPS and LibreOffice.
    grid={"type": "lines", "linePitch": "579"},
    body_spacing=-5,
    spacing={"before": "0", "after": "0", "line": "579", "lineRule": "exact"},
    body=Font("仿宋_GB2312", 32),
    title=Font("方正小标宋简体", 44),
    headings=[Font("黑体", 32), Font("楷体_GB2312", 32), Font("仿宋_GB2312", 32), Font("仿宋_GB2312", 32)],
    table=Font("仿宋_GB2312", 24),
    table_spacing={"before": "0", "after": "0", "line": "400", "lineRule": "exact"},
    footer=Font("宋体", 28, latin="宋体"),  # GB/T 9704: 4号半角宋体阿拉伯数字
    footer_text=("— ", " —"),
    odd_even_footers=True,
    title_after=579,
    # The top of the page number's line sits about 7 mm below the text area (GB/T 9704 7.5).
    footer_distance=mm(35 - 7) - 360,
)

XIAONEI = Profile(
    name="校内",
    margins={"top": 1440, "left": 1800, "right": 1800, "bottom": 1440},
    # No grid: with a line grid, Word and LibreOffice round 1.5 lines up to two grid lines.
    grid={"linePitch": "312"},
    spacing={"before": "0", "after": "0", "line": "360", "lineRule": "auto"},
    body=Font("宋体", 24),
    title=Font("黑体", 36),
    headings=[Font("黑体", 28), Font("楷体", 28), Font("宋体", 24), Font("宋体", 24)],
    table=Font("宋体", 21),
    table_spacing={"before": "0", "after": "0", "line": "360", "lineRule": "exact"},
    footer=Font("宋体", 21),
    footer_text=("第 ", " 页"),
    odd_even_footers=False,
    title_after=360,
    footer_distance=851,
)

# Word's font table. A stock Windows has 宋体, 黑体, 仿宋 and 楷体 but not the GB2312 fonts of GB/T
# 9704 nor 方正小标宋简体: each of those names its fallbacks in w:altName (a comma-separated list,
# ECMA-376 17.8.3.1), which Word and WPS use when the font itself is missing, and carries the
# fallback's panose, family, pitch and code-page signature, so that Word's own substitution
# (which reads those) lands on the same face rather than on the default 宋体 or a Japanese font.
GB2312_SIG = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")
FONT_TABLE = {
    # name: (alternate names, family, charset, panose, pitch, signature usb0-3 csb0-1)
    LATIN: ("", "roman", "00", "02020603050405020304", "variable",
            ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000")),
    "宋体": ("SimSun", "auto", "86", "02010600030101010101", "variable",
             ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000")),
    "黑体": ("SimHei", "modern", "86", "02010609060101010101", "fixed", GB2312_SIG),
    "楷体": ("KaiTi", "modern", "86", "02010609060101010101", "fixed", GB2312_SIG),
    "仿宋": ("FangSong", "modern", "86", "02010609060101010101", "fixed", GB2312_SIG),
    "仿宋_GB2312": ("仿宋,FangSong,FangSong_GB2312", "modern", "86", "02010609060101010101", "fixed", GB2312_SIG),
    "楷体_GB2312": ("楷体,KaiTi,KaiTi_GB2312", "modern", "86", "02010609060101010101", "fixed", GB2312_SIG),
    "方正小标宋简体": ("宋体,SimSun,FZXiaoBiaoSong-B05S", "auto", "86", "02010600030101010101", "variable", GB2312_SIG),
}

KEEP_STYLES = {
    "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Title", "TitleChar",
    "Heading1", "Heading2", "Heading3", "Heading4", "Heading1Char", "Heading2Char",
    "Heading3Char", "Heading4Char", "Header", "HeaderChar", "Footer", "FooterChar",
}

# Custom styles: name → ASCII style id (safest across Word, WPS and LibreOffice).
CUSTOM_IDS = {
    "居中": "HqCentre",
    "落款": "HqSignature",
    "附件说明": "HqAttachmentNote",
    "附件标签": "HqAttachmentLabel",
    "附件标题": "HqAttachmentTitle",
    "表格文字": "HqTableText",
    "表格": "HqTable",
}


def build(profile: Profile) -> bytes:
    document = docx.Document()
    _drop_extra_parts(document)
    _prune_styles(document)
    _doc_defaults(document, profile)
    _styles(document, profile)
    _section(document, profile)
    _footers(document, profile)
    _settings(document, profile)
    _font_table(document)
    _all_fonts_east_asian(document, profile)
    props = document.core_properties
    props.title = ""
    props.author = "houqin-report"
    props.last_modified_by = "houqin-report"
    props.comments = f"houqin-report 样式方案“{profile.name}”，由 templates/build_reference.py 生成"
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.language = "zh-CN"
    return docx_bytes(document)


# --------------------------------------------------------------------------- parts


def _drop_extra_parts(document) -> None:
    """Drop what python-docx's template carries but a reference must not: its thumbnail (a
    preview of someone else's page), stylesWithEffects (an old copy of the styles that Word
    2010 would read instead of ours), the customXml bibliography sources, the numbering part."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml", "/numbering")):
            part.rels.pop(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rel_id)


def _prune_styles(document) -> None:
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(style)


def _rfonts(parent, font: Font, order=RPR_ORDER):
    el = set_child(parent, "rFonts", order)
    for key in list(el.attrib):
        el.attrib.pop(key)
    for key, value in (("ascii", font.latin), ("hAnsi", font.latin), ("eastAsia", font.east_asian),
                       ("cs", font.latin), ("hint", "eastAsia")):
        el.set(qn("w:" + key), value)
    return el


def _run_props(rpr, font: Font, *, bold: bool | None = False) -> None:
    _rfonts(rpr, font)
    if bold is not None:
        set_child(rpr, "b", RPR_ORDER, val="1" if bold else "0")
        set_child(rpr, "bCs", RPR_ORDER, val="1" if bold else "0")
        set_child(rpr, "i", RPR_ORDER, val="0")
        set_child(rpr, "iCs", RPR_ORDER, val="0")
        set_child(rpr, "color", RPR_ORDER, val="000000", themeColor=None, themeShade=None, themeTint=None)
    set_child(rpr, "sz", RPR_ORDER, val=font.half_points)
    set_child(rpr, "szCs", RPR_ORDER, val=font.half_points)


def _doc_defaults(document, profile: Profile) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for child in list(rpr):
        rpr.remove(child)
    _rfonts(rpr, profile.body)
    set_child(rpr, "kern", RPR_ORDER, val="2")
    set_child(rpr, "sz", RPR_ORDER, val=profile.body.half_points)
    set_child(rpr, "szCs", RPR_ORDER, val=profile.body.half_points)
    set_child(rpr, "lang", RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for child in list(ppr):
        ppr.remove(child)
    set_child(ppr, "spacing", PPR_ORDER, **profile.spacing)


def _reset(style_el, *tags: str) -> None:
    for tag in tags:
        for child in style_el.findall(qn("w:" + tag)):
            style_el.remove(child)


def _style(document, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, base: str | None = "Normal"):
    """The style called ``name``, created (with an ASCII id) if needed, its pPr/rPr cleared."""
    try:
        style = document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, kind)
        style.element.set(qn("w:styleId"), CUSTOM_IDS[name])
        set_child(style.element, "qFormat", STYLE_ORDER)
        set_child(style.element, "uiPriority", STYLE_ORDER, val="10")
    _reset(style.element, "pPr", "rPr", "rsid")
    for tag in ("semiHidden", "unhideWhenUsed"):
        _reset(style.element, tag)
    if base is not None:
        set_child(style.element, "basedOn", STYLE_ORDER, val=document.styles[base].style_id)
    return style


def _ppr(style):
    return set_child(style.element, "pPr", STYLE_ORDER)


def _rpr(style):
    return set_child(style.element, "rPr", STYLE_ORDER)


def _indent(ppr, chars: int, font: Font) -> None:
    """First-line indent in characters, both in chars (Word, WPS) and twips (others)."""
    twips = chars * font.half_points * 10
    set_child(ppr, "ind", PPR_ORDER, firstLineChars=chars * 100, firstLine=twips)


def _no_indent(ppr) -> None:
    set_child(ppr, "ind", PPR_ORDER, firstLineChars="0", firstLine="0", leftChars="0", left="0")


def _styles(document, p: Profile) -> None:
    normal = _style(document, "Normal", base=None)
    ppr = _ppr(normal)
    set_child(ppr, "widowControl", PPR_ORDER, val="0")
    # A closing mark may overhang the right margin (Chinese Word's and WPS's default, stated):
    # "11.4%。" then needs only the number's room on the line (writers/docx/linefit.py).
    set_child(ppr, "overflowPunct", PPR_ORDER, val="1")
    set_child(ppr, "spacing", PPR_ORDER, **p.spacing)
    _indent(ppr, 2, p.body)
    set_child(ppr, "jc", PPR_ORDER, val="both")
    _run_props(_rpr(normal), p.body)
    set_child(_rpr(normal), "spacing", RPR_ORDER, val=p.body_spacing)

    title = _style(document, "Title")
    set_child(title.element, "next", STYLE_ORDER, val="Normal")
    ppr = _ppr(title)
    set_child(ppr, "keepNext", PPR_ORDER)
    set_child(ppr, "keepLines", PPR_ORDER)
    set_child(ppr, "spacing", PPR_ORDER, **{**p.spacing, "after": str(p.title_after)})
    _no_indent(ppr)
    set_child(ppr, "jc", PPR_ORDER, val="center")
    _run_props(_rpr(title), p.title)
    set_child(_rpr(title), "spacing", RPR_ORDER, val="0")

    for level, font in enumerate(p.headings, 1):
        heading = _style(document, f"Heading {level}")
        set_child(heading.element, "next", STYLE_ORDER, val="Normal")
        ppr = _ppr(heading)
        if level <= 2:
            # Levels 3 and 4 often number one-sentence items in a row (存在的问题); kept with
            # the next paragraph they would chain a whole list onto the next page.
            set_child(ppr, "keepNext", PPR_ORDER)
            set_child(ppr, "keepLines", PPR_ORDER)
        set_child(ppr, "spacing", PPR_ORDER, **p.spacing)
        _indent(ppr, 2, font)
        set_child(ppr, "outlineLvl", PPR_ORDER, val=str(level - 1))
        _run_props(_rpr(heading), font)

    centre = _style(document, "居中")
    ppr = _ppr(centre)
    _no_indent(ppr)
    set_child(ppr, "jc", PPR_ORDER, val="center")

    signature = _style(document, "落款")
    ppr = _ppr(signature)
    # Autospace would add a quarter character between 年 and 7 and spoil the measured layout.
    set_child(ppr, "autoSpaceDE", PPR_ORDER, val="0")
    set_child(ppr, "autoSpaceDN", PPR_ORDER, val="0")
    _no_indent(ppr)
    set_child(ppr, "ind", PPR_ORDER, right=2 * p.body.half_points * 10, rightChars="200")
    set_child(ppr, "jc", PPR_ORDER, val="right")

    note = _style(document, "附件说明")
    ppr = _ppr(note)
    set_child(ppr, "autoSpaceDE", PPR_ORDER, val="0")
    set_child(ppr, "autoSpaceDN", PPR_ORDER, val="0")
    _no_indent(ppr)
    set_child(ppr, "jc", PPR_ORDER, val="left")

    label = _style(document, "附件标签")
    set_child(label.element, "next", STYLE_ORDER, val=CUSTOM_IDS["附件标题"])
    ppr = _ppr(label)
    set_child(ppr, "keepNext", PPR_ORDER)
    set_child(ppr, "autoSpaceDE", PPR_ORDER, val="0")  # 附件1, not 附件 1
    set_child(ppr, "autoSpaceDN", PPR_ORDER, val="0")
    set_child(ppr, "pageBreakBefore", PPR_ORDER)
    _no_indent(ppr)
    set_child(ppr, "jc", PPR_ORDER, val="left")
    _run_props(_rpr(label), Font(p.headings[0].east_asian, p.body.half_points))

    attach_title = _style(document, "附件标题", base="Title")
    ppr = _ppr(attach_title)
    # On the third line of the page: one empty line after 附件N (GB/T 9704 7.3.5.3 practice).
    set_child(ppr, "spacing", PPR_ORDER, **{**p.spacing, "before": str(p.title_after), "after": str(p.title_after)})
    if p.attach_title is not None:
        _run_props(_rpr(attach_title), p.attach_title)

    table_text = _style(document, "表格文字")
    ppr = _ppr(table_text)
    set_child(ppr, "snapToGrid", PPR_ORDER, val="0")
    set_child(ppr, "spacing", PPR_ORDER, **p.table_spacing)
    _no_indent(ppr)
    set_child(ppr, "jc", PPR_ORDER, val="left")
    rpr = _rpr(table_text)
    _rfonts(rpr, p.table)
    set_child(rpr, "snapToGrid", RPR_ORDER, val="0")
    set_child(rpr, "spacing", RPR_ORDER, val="0")
    set_child(rpr, "sz", RPR_ORDER, val=p.table.half_points)
    set_child(rpr, "szCs", RPR_ORDER, val=p.table.half_points)

    table = _style(document, "表格", kind=WD_STYLE_TYPE.TABLE, base=None)
    set_child(table.element, "basedOn", STYLE_ORDER, val="TableNormal")
    _reset(table.element, "tblPr")
    tblpr = set_child(table.element, "tblPr", STYLE_ORDER)
    set_child(tblpr, "tblInd", TBLPR_ORDER, w="0", type="dxa")
    borders = set_child(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        set_child(borders, side, ["top", "left", "bottom", "right", "insideH", "insideV"],
                  val="single", sz="4", space="0", color="000000")
    margins = set_child(tblpr, "tblCellMar", TBLPR_ORDER)
    for side, width in (("top", 0), ("left", 108), ("bottom", 0), ("right", 108)):
        set_child(margins, side, ["top", "left", "bottom", "right"], w=str(width), type="dxa")

    for name in ("Header", "Footer"):
        furniture = _style(document, name)
        ppr = _ppr(furniture)
        set_child(ppr, "snapToGrid", PPR_ORDER, val="0")
        set_child(ppr, "spacing", PPR_ORDER, before="0", after="0", line="240", lineRule="auto")
        _no_indent(ppr)
        set_child(ppr, "jc", PPR_ORDER, val="center")
        rpr = _rpr(furniture)
        font = p.footer if name == "Footer" else p.body
        _rfonts(rpr, font)
        set_child(rpr, "snapToGrid", RPR_ORDER, val="0")
        set_child(rpr, "spacing", RPR_ORDER, val="0")
        set_child(rpr, "sz", RPR_ORDER, val=font.half_points)
        set_child(rpr, "szCs", RPR_ORDER, val=font.half_points)

    # Linked character styles mirror their paragraph style's run properties (Word keeps them in
    # step; a stale Calibri here would show in the style pane).
    by_id = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
    for style in by_id.values():
        if style.get(qn("w:type")) != "character":
            continue
        link = style.find(qn("w:link"))
        target = by_id.get(link.get(qn("w:val"))) if link is not None else None
        if target is None:
            continue
        _reset(style, "rPr", "rsid")
        rpr = target.find(qn("w:rPr"))
        if rpr is not None:
            style.append(copy.deepcopy(rpr))


def _section(document, p: Profile) -> None:
    sect = document.element.body.find(qn("w:sectPr"))
    for key in list(sect.attrib):
        sect.attrib.pop(key)
    set_child(sect, "pgSz", SECTPR_ORDER, w="11906", h="16838")
    set_child(sect, "pgMar", SECTPR_ORDER, top=p.margins["top"], right=p.margins["right"],
              bottom=p.margins["bottom"], left=p.margins["left"], header=p.header_distance,
              footer=p.footer_distance, gutter="0")
    set_child(sect, "cols", SECTPR_ORDER, space="425")
    grid = set_child(sect, "docGrid", SECTPR_ORDER)
    for key in list(grid.attrib):
        grid.attrib.pop(key)
    for key, value in p.grid.items():
        grid.set(qn("w:" + key), value)


def _page_field_paragraph(footer, p: Profile, align: str) -> None:
    """`— N —` with a real PAGE field: fldChar begin / instrText / separate / cached / end."""
    paragraph = footer.paragraphs[0]
    paragraph.style = "Footer"
    ppr = paragraph._p.get_or_add_pPr()
    if align == "right":
        set_child(ppr, "ind", PPR_ORDER, right=p.footer.half_points * 10, rightChars="100")
    elif align == "left":
        set_child(ppr, "ind", PPR_ORDER, left=p.footer.half_points * 10, leftChars="100")
    set_child(ppr, "jc", PPR_ORDER, val=align)
    cached = "2" if align == "left" else "1"
    xml = (
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{p.footer_text[0]}</w:t></w:r>'
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r {nsdecls("w")}><w:t>{cached}</w:t></w:r>'
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{p.footer_text[1]}</w:t></w:r>'
    )
    for run_xml in xml.split("</w:r>")[:-1]:
        paragraph._p.append(parse_xml(run_xml + "</w:r>"))


def _footers(document, p: Profile) -> None:
    section = document.sections[0]
    section.footer.is_linked_to_previous = False
    if p.odd_even_footers:
        _page_field_paragraph(section.footer, p, "right")
        section.even_page_footer.is_linked_to_previous = False
        _page_field_paragraph(section.even_page_footer, p, "left")
    else:
        _page_field_paragraph(section.footer, p, "center")


def _settings(document, p: Profile) -> None:
    settings = document.settings
    settings.odd_and_even_pages_header_footer = p.odd_even_footers
    el = settings.element
    zoom = el.find(qn("w:zoom"))
    if zoom is not None:  # 100 %: w:percent is required by the 2006 schema (Word 2007)
        for key in list(zoom.attrib):
            zoom.attrib.pop(key)
        zoom.set(qn("w:percent"), "100")
    for setting in el.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    lang = el.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    # rsids would only record python-docx's template history.
    for rsids in el.findall(qn("w:rsids")):
        el.remove(rsids)
    # Chinese Word's default: compress punctuation only, which keeps 全角 punctuation full width
    # in the body (the default template's doNotCompress does too; stated here to be explicit).
    spacing = el.find(qn("w:characterSpacingControl"))
    if spacing is not None:
        spacing.set(qn("w:val"), "doNotCompress")


def _font_table(document) -> None:
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    fonts = parse_xml(f'<w:fonts {nsdecls("w")}/>')
    for name, (alt, family, charset, panose, pitch, sig) in FONT_TABLE.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        if alt:
            alt_el = OxmlElement("w:altName")
            alt_el.set(qn("w:val"), alt)
            font.append(alt_el)
        for tag, value in (("panose1", panose), ("charset", charset), ("family", family), ("pitch", pitch)):
            child = OxmlElement("w:" + tag)
            child.set(qn("w:val"), value)
            font.append(child)
        sig_el = OxmlElement("w:sig")
        for key, value in zip(("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"), sig):
            sig_el.set(qn("w:" + key), value)
        font.append(sig_el)
        fonts.append(font)
    from lxml import etree

    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _all_fonts_east_asian(document, p: Profile) -> None:
    """Every w:rFonts in styles.xml names an East Asian font and no theme font."""
    for rfonts in document.styles.element.iter(qn("w:rFonts")):
        for key in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn("w:" + key), None)
        if rfonts.get(qn("w:eastAsia")) is None:
            rfonts.set(qn("w:eastAsia"), p.body.east_asian)
        rfonts.set(qn("w:hint"), "eastAsia")


def main() -> None:
    for profile in (GONGWEN, XIAONEI):
        path = HERE / f"{profile.name}.docx"
        path.write_bytes(build(profile))
        print(f"写入 {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
