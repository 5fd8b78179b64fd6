"""What Word, WPS and Excel read besides the text (issue 15, points 7 and 8): the package's
properties name this tool, settings and tables in the 2006 schema's terms, the font table's
fallbacks for a stock Windows, and the --pdf warning when this machine lacks the GB fonts."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from houqin_report.writers import pdf
from houqin_report.writers.docx import render_outline_bytes

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE = "# 标题\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n"


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        return z.read(name)


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, bytes]:
    reference = tmp_path_factory.mktemp("ref") / "mine.docx"
    docx.Document().save(str(reference))  # python-docx's own template: Word 2010 parts, zoom without percent
    return {
        "公文": render_outline_bytes(TABLE),
        "校内": render_outline_bytes(TABLE, profile="校内"),
        "reference": render_outline_bytes(TABLE, reference=reference),
    }


def test_app_properties_name_this_tool_and_no_counts(documents):
    for name, data in documents.items():
        app = etree.fromstring(part(data, "docProps/app.xml"))
        ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
        assert app.findtext(ns + "Application") == "houqin-report", name
        for stale in ("Pages", "Words", "Characters", "Lines", "Paragraphs", "CharactersWithSpaces", "Template", "AppVersion"):
            assert app.find(ns + stale) is None, (name, stale)
    for profile in ("公文", "校内"):
        assert b"Microsoft" not in part((ROOT / "templates" / f"{profile}.docx").read_bytes(), "docProps/app.xml")


def test_zoom_has_percent_and_table_look_only_val(documents):
    for name, data in documents.items():
        settings = etree.fromstring(part(data, "word/settings.xml"))
        zoom = settings.find(W + "zoom")
        assert zoom is not None and zoom.get(W + "percent") == "100", name
        body = etree.fromstring(part(data, "word/document.xml"))
        looks = body.findall(f".//{W}tblLook")
        assert looks and all(dict(look.attrib) == {W + "val": "04A0"} for look in looks), name


def test_a_users_reference_loses_its_stale_styles_copy(documents):
    names = zipfile.ZipFile(__import__("io").BytesIO(documents["reference"])).namelist()
    assert "word/stylesWithEffects.xml" not in names
    assert b"stylesWithEffects" not in part(documents["reference"], "word/_rels/document.xml.rels")


def test_font_table_names_fallbacks_a_stock_windows_has(documents):
    stock = {"宋体", "黑体", "仿宋", "楷体"}  # with Windows since Vista, as SimSun, SimHei, FangSong, KaiTi
    fonts = etree.fromstring(part(documents["公文"], "word/fontTable.xml"))
    table = {f.get(W + "name"): f for f in fonts.findall(W + "font")}
    styles = etree.fromstring(part(documents["公文"], "word/styles.xml"))
    used = {el.get(W + "eastAsia") for el in styles.iter(W + "rFonts")} - {None}
    assert used == {"仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体"}
    expected = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体", "黑体": "SimHei", "宋体": "SimSun"}
    for name in used:
        font = table[name]
        alternates = font.find(W + "altName").get(W + "val").split(",")
        assert alternates[0] == expected[name], name
        if name not in stock:
            assert alternates[0] in stock  # a face Word and WPS find on a stock Windows
            fallback = table[alternates[0]]
            for tag in ("panose1", "family", "charset"):  # Word's own substitution lands there too
                assert font.find(W + tag).get(W + "val") == fallback.find(W + tag).get(W + "val"), (name, tag)
        assert font.find(W + "charset").get(W + "val") == "86"
        assert int(font.find(W + "sig").get(W + "csb0"), 16) & 0x00040000  # GB2312 code page


def test_document_fonts_lists_the_styles_east_asian_fonts():
    assert pdf.document_fonts(ROOT / "templates" / "公文.docx") == ["仿宋_GB2312", "宋体", "黑体", "楷体_GB2312", "方正小标宋简体"]
    assert pdf.document_fonts(ROOT / "templates" / "校内.docx") == ["宋体", "黑体", "楷体"]


needs_fontconfig = pytest.mark.skipif(shutil.which("fc-match") is None, reason="no fontconfig")


@needs_fontconfig
def test_missing_fonts_without_substitutes(tmp_path, monkeypatch):
    bare = tmp_path / "fonts.conf"  # the fonts on disk, none of the aliases (no install.sh)
    bare.write_text(f'<?xml version="1.0"?><fontconfig><dir>/usr/share/fonts</dir>'
                    f"<cachedir>{tmp_path}/cache</cachedir></fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(bare))
    pdf._fc_match.cache_clear()
    try:
        wanted = ["仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"]
        assert pdf.missing_fonts(wanted) == wanted
    finally:
        pdf._fc_match.cache_clear()


@needs_fontconfig
def test_pdf_warns_in_chinese_when_fonts_are_missing(tmp_path, samples, run_cli, monkeypatch):
    converted = []
    monkeypatch.setattr(pdf, "soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "docx_to_pdf", lambda docx, out, sources=(): converted.append(out) or out.write_bytes(b"%PDF"))
    monkeypatch.setattr(pdf, "missing_fonts", lambda families: [f for f in families if f.endswith("GB2312")])
    out = tmp_path / "x.docx"
    result = run_cli("summary", samples[0], "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    assert "本机缺少文档所用的字体：仿宋_GB2312、楷体_GB2312。" in result.stderr
    assert "templates/fontconfig/install.sh" in result.stderr and converted == [out.with_suffix(".pdf")]
    monkeypatch.setattr(pdf, "missing_fonts", lambda families: [])
    result = run_cli("summary", samples[0], "-o", out, "--pdf")
    assert result.exit_code == 0 and "缺少" not in result.stderr


@needs_fontconfig
def test_this_machine_has_every_font_or_its_substitute():
    """What the real check says here: with templates/fontconfig installed (CI does), nothing."""
    pdf._fc_match.cache_clear()
    if re.search("Fandol", pdf._fc_match("仿宋_GB2312") or "") is None:
        pytest.skip("templates/fontconfig/install.sh not run on this machine")
    assert pdf.missing_fonts(pdf.document_fonts(ROOT / "templates" / "公文.docx")) == []
