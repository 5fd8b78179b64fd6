"""The renderer: outline text → .docx, read back with python-docx."""
from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from houqin_report.errors import TemplateError
from houqin_report.outline.numbering import number_outline
from houqin_report.text.numbers import chinese_number
from houqin_report.writers import atomic
from houqin_report.writers import docx as _docx
from houqin_report.writers.docx import ooxml


def render_outline(text: str, out, **kwargs) -> None:
    """An outline as the pipeline writes it: numbered (outline/numbering.py), then rendered."""
    _docx.render_outline(number_outline(text), out, **kwargs)


def render_outline_bytes(text: str, **kwargs) -> bytes:
    return _docx.render_outline_bytes(number_outline(text), **kwargs)


ROOT = Path(__file__).resolve().parent.parent

# Every construct of docs/outline.md, and text that must stay literal.
OUTLINE = """\
# 实验中学2023—2024学年第二学期后勤工作总结

本学期，在区教育局的正确领导下，我校后勤处扎实做好各项后勤保障工作。现将本学期工作总结如下：

## 主要工作及成效

### 项目建设稳步推进

本学期共推进建设项目3项，其中**完工2项**。用户文字 <w:p>区教育局&amp; \\* 保持原样\x07，\vR&D。

#### 教学楼改造项目已完工

这一行
和这一行连在一起。

##### 四级标题

### 隐患排查整改到位

| 月份 | 工作内容 | 负责部门 | 金额（万元） |
|---|---|---|---|
| 九月 | 开学前校舍安全检查，食堂从业人员健康证核查 | 后勤处 | 1.5 |
| 十月 | 消防演练 | 安全办 | 12 |

## 存在的问题

#### 部分设施老化。

### 第二个（一）

#### 重新从1开始。

::: 居中
（单位：元）
:::

::: 附件说明
1. 安全隐患排查整改情况表
2. 物资采购明细表，这个名称比较长需要回行时应当与上一行附件名称的首字对齐
:::

::: 落款
实验中学后勤处

2024年7月5日
:::

::: 附件 1
# 安全隐患排查整改情况表

| 序号 | 部位 |
|---:|---|
| 1 | 教学楼 |
:::

::: 附件 2
# 物资采购明细表

正文。
:::
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render") / "x.docx"
    render_outline(OUTLINE, out)
    return out


def body(path: Path) -> list:
    return docx.Document(str(path)).paragraphs


def part_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def ind(paragraph) -> dict[str, str]:
    el = paragraph._p.pPr.find(qn("w:ind"))
    return {k.rpartition("}")[2]: v for k, v in el.attrib.items()} if el is not None else {}


# --------------------------------------------------------------------------- numbering


def test_chinese_numbers():
    expected = {1: "一", 9: "九", 10: "十", 11: "十一", 19: "十九", 20: "二十", 21: "二十一",
                99: "九十九", 100: "一百", 101: "一百零一", 110: "一百一十", 1005: "一千零五"}
    for n, text in expected.items():
        assert chinese_number(n) == text


def test_heading_numbers_consecutive_and_reset(tmp_path):
    text = "# 标题\n\n" + "\n\n".join(f"## 第{i}节\n\n### 小节甲\n\n### 小节乙\n\n#### 条\n\n##### 款" for i in range(1, 13))
    out = tmp_path / "h.docx"
    render_outline(text, out)
    headings = [(p.style.name, p.text) for p in body(out) if p.style.name.startswith("Heading")]
    level1 = [t for s, t in headings if s == "Heading 1"]
    assert level1[9] == "十、第10节" and level1[10] == "十一、第11节" and level1[11] == "十二、第12节"
    assert [t.split("、")[0] for t in level1] == [chinese_number(i) for i in range(1, 13)]
    # under every level-1 heading: （一）（二）, then 1. under （二）, then （1）
    assert [t for s, t in headings[:5]] == ["一、第1节", "（一）小节甲", "（二）小节乙", "1.条", "（1）款"]
    assert [t for s, t in headings[5:10]] == ["二、第2节", "（一）小节甲", "（二）小节乙", "1.条", "（1）款"]


def test_headings_and_text_of_every_construct(rendered):
    paragraphs = [(p.style.name, p.text) for p in body(rendered)]
    assert paragraphs[0] == ("Title", "实验中学2023—2024学年\n第二学期后勤工作总结")
    assert ("Heading 1", "一、主要工作及成效") in paragraphs
    assert ("Heading 2", "（一）项目建设稳步推进") in paragraphs
    assert ("Heading 3", "1.教学楼改造项目已完工") in paragraphs
    assert ("Heading 4", "（1）四级标题") in paragraphs
    assert ("Heading 2", "（二）隐患排查整改到位") in paragraphs
    assert ("Heading 1", "二、存在的问题") in paragraphs
    # a new parent restarts the numbers below it
    i = paragraphs.index(("Heading 3", "1.部分设施老化。"))
    assert paragraphs[i + 1] == ("Heading 2", "（一）第二个（一）")
    assert paragraphs[i + 2] == ("Heading 3", "1.重新从1开始。")
    assert ("居中", "（单位：元）") in paragraphs
    assert ("Normal", "这一行和这一行连在一起。") in paragraphs


def test_user_text_literal_and_control_characters_removed(rendered):
    texts = [p.text for p in body(rendered)]
    assert "本学期共推进建设项目3项，其中完工2项。用户文字 <w:p>区教育局& * 保持原样，R&D。" in texts
    bold, current = [], ""  # each stretch of bold runs (a line set closer splits runs)
    for p in body(rendered):
        for r in p.runs:
            if r.bold:
                current += r.text
            elif current:
                bold, current = bold + [current], ""
        if current:
            bold, current = bold + [current], ""
    assert "完工2项" in bold
    xml = part_xml(rendered, "word/document.xml")
    assert "&lt;w:p&gt;区教育局&amp;" in xml
    assert "\x07" not in xml and "\x0b" not in xml


# --------------------------------------------------------------------------- tables


def test_table_widths_match_and_fill_the_text_width(rendered):
    document = docx.Document(str(rendered))
    sect = document.sections[0]
    text_width = sect.page_width.twips - sect.left_margin.twips - sect.right_margin.twips
    assert len(document.tables) == 2
    for table in document.tables:
        tbl = table._tbl
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        tblw = tbl.tblPr.find(qn("w:tblW"))
        assert tblw.get(qn("w:type")) == "dxa"
        assert int(tblw.get(qn("w:w"))) == sum(grid) == text_width
        for row in tbl.tr_lst:
            widths = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row.tc_lst]
            assert widths == grid
    first = document.tables[0]
    grid = [int(c.get(qn("w:w"))) for c in first._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[1] == max(grid)  # the long text column is the widest


def test_table_header_bold_centred_numbers_right_no_indent(rendered):
    document = docx.Document(str(rendered))
    table = document.tables[0]
    header = table.rows[0].cells
    assert [c.text.replace("\n", "") for c in header] == [  # a narrow column breaks a header in two
        "月份", "工作内容", "负责部门", "金额（万元）"]
    for cell in header:
        p = cell.paragraphs[0]
        assert all(r.bold for r in p.runs)
        assert p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "center"
    assert table.rows[1].cells[3].paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    style = document.styles["表格文字"]
    assert table.rows[1].cells[1].paragraphs[0].style.name == "表格文字"
    indent = style.element.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "0" and indent.get(qn("w:firstLine")) == "0"
    assert table.style.name == "表格"
    assert document.tables[1].rows[1].cells[0].paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"


# --------------------------------------------------------------------------- containers


def test_signature_and_date_placement(rendered):
    paragraphs = body(rendered)
    texts = [p.text for p in paragraphs]
    i = texts.index("实验中学后勤处")
    sign, date = paragraphs[i], paragraphs[i + 1]
    assert date.text == "2024年7月5日"
    assert texts[i - 1] == ""  # one blank line after the body
    a, b = ind(sign), ind(date)
    assert a["firstLine"] == b["firstLine"] == "0"
    char = 315  # 16 pt less 0.25 pt of character spacing
    # 7 characters of signature, a 6-character date: the date keeps 右空二字 and the
    # signature starts two characters left of it
    assert int(b["left"]) - int(a["left"]) == pytest.approx(2 * char, abs=1)
    assert 8845 - int(b["left"]) - 6 * char == pytest.approx(2 * char, abs=2)


def test_signature_longer_than_date(tmp_path):
    out = tmp_path / "s.docx"
    render_outline("正文。\n\n::: 落款\n××市××区第一实验小学后勤处\n\n2024年7月5日\n:::\n", out)
    paragraphs = body(out)
    sign, date = paragraphs[-2], paragraphs[-1]
    char = 315
    assert 8845 - int(ind(sign)["left"]) - 15 * char == pytest.approx(2 * char, abs=2)  # 右空二字
    assert int(ind(date)["left"]) - int(ind(sign)["left"]) == pytest.approx(2 * char, abs=1)


def test_attachment_note_aligns_names(rendered):
    paragraphs = body(rendered)
    first = next(p for p in paragraphs if p.text.startswith("附件："))
    index = [p._p for p in paragraphs].index(first._p)
    second = paragraphs[index + 1]
    assert first.text == "附件：1.\t安全隐患排查整改情况表"
    assert second.text.startswith("2.\t物资采购明细表")
    a, b = ind(first), ind(second)
    assert a["left"] == b["left"]  # names (and their wrapped lines) start at the same place
    tab = [t.get(qn("w:pos")) for t in first._p.pPr.findall(f"{qn('w:tabs')}/{qn('w:tab')}")]
    assert tab == [a["left"]]
    start1 = int(a["left"]) - int(a["hanging"])
    start2 = int(b["left"]) - int(b["hanging"])
    assert start1 == pytest.approx(2 * 315, abs=1)  # 左空二字
    assert start2 - start1 == pytest.approx(3 * 315, abs=1)  # 2. under 1.
    assert paragraphs[index - 1].text == ""


def test_single_attachment_has_no_number(tmp_path):
    out = tmp_path / "a.docx"
    render_outline("正文。\n\n::: 附件说明\n附件：1. 台账\n:::\n\n::: 附件 1\n# 台账\n\n内容。\n:::\n", out)
    texts = [(p.style.name, p.text) for p in body(out)]
    assert ("附件说明", "附件：台账") in texts
    assert ("附件标签", "附件") in texts


def test_attachments_new_page_label_and_title(rendered):
    document = docx.Document(str(rendered))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    i = paragraphs.index(("附件标签", "附件1"))
    assert paragraphs[i + 1] == ("附件标题", "安全隐患排查整改情况表")
    j = paragraphs.index(("附件标签", "附件2"))
    assert paragraphs[j + 1] == ("附件标题", "物资采购明细表")
    label = document.styles["附件标签"].element.pPr
    assert label.find(qn("w:pageBreakBefore")) is not None
    assert label.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"
    assert document.styles["附件标签"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert document.styles["附件标题"].base_style.name == "Title"
    centre = document.styles["居中"].element.pPr
    assert centre.find(qn("w:jc")).get(qn("w:val")) == "center"
    # the document's title is the first '#', not an attachment's
    assert document.core_properties.title == "实验中学2023—2024学年第二学期后勤工作总结"


# --------------------------------------------------------------------------- page and styles


def test_gbt9704_page_setup(rendered):
    xml = docx.Document(str(rendered)).element.body.find(qn("w:sectPr"))
    size, margins, grid = xml.find(qn("w:pgSz")), xml.find(qn("w:pgMar")), xml.find(qn("w:docGrid"))
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
    got = {k: int(margins.get(qn("w:" + k))) for k in ("top", "left", "right", "bottom")}
    assert got == {"top": 2098, "left": 1587, "right": 1474, "bottom": 1984}  # 37/28/26/35 mm
    assert grid.get(qn("w:linePitch")) == "579"


def test_styles_name_east_asian_fonts_and_no_theme_fonts(rendered):
    styles = docx.Document(str(rendered)).styles
    root = styles.element
    fonts = list(root.iter(qn("w:rFonts")))
    assert len(fonts) > 10
    for el in fonts:
        assert el.get(qn("w:eastAsia")) and el.get(qn("w:hint")) == "eastAsia"
        assert not any(el.get(qn("w:" + a)) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
    defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    expected = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体_GB2312",
                "Heading 3": "仿宋_GB2312", "Heading 4": "仿宋_GB2312"}
    for name, font in expected.items():
        rpr = styles[name].element.rPr
        assert rpr.rFonts.get(qn("w:eastAsia")) == font, name
        assert rpr.rFonts.get(qn("w:ascii")) == "Times New Roman"
        b = rpr.find(qn("w:b"))
        assert b is not None and b.get(qn("w:val")) == "0", name
    assert styles["Title"].element.rPr.find(qn("w:sz")).get(qn("w:val")) == "44"
    normal = styles["Normal"].element.pPr
    spacing = normal.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    assert (spacing.get(qn("w:before")), spacing.get(qn("w:after"))) == ("0", "0")
    indent = normal.find(qn("w:ind"))
    assert (indent.get(qn("w:firstLineChars")), indent.get(qn("w:firstLine"))) == ("200", "640")
    assert normal.find(qn("w:widowControl")).get(qn("w:val")) == "0"
    assert normal.find(qn("w:jc")).get(qn("w:val")) == "both"
    for level in range(1, 5):
        pPr = styles[f"Heading {level}"].element.pPr
        assert pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"


def test_footer_page_fields_odd_right_even_left(rendered):
    names = zipfile.ZipFile(rendered).namelist()
    footers = sorted(n for n in names if n.startswith("word/footer"))
    assert len(footers) == 2
    for name in footers:
        xml = part_xml(rendered, name)
        for piece in ('w:fldCharType="begin"', "<w:instrText", " PAGE ", 'w:fldCharType="separate"',
                      'w:fldCharType="end"', "— "):
            assert piece in xml, (name, piece)
    document = docx.Document(str(rendered))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd = section.footer.paragraphs[0]._p.pPr
    even = section.even_page_footer.paragraphs[0]._p.pPr
    assert odd.find(qn("w:jc")).get(qn("w:val")) == "right"
    assert odd.find(qn("w:ind")).get(qn("w:rightChars")) == "100"
    assert even.find(qn("w:jc")).get(qn("w:val")) == "left"
    assert even.find(qn("w:ind")).get(qn("w:leftChars")) == "100"
    assert document.styles["Footer"].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert 'w:val="15"' in part_xml(rendered, "word/settings.xml").split('compatibilityMode"')[1][:60]


def test_xiaonei_profile(tmp_path):
    out = tmp_path / "x.docx"
    render_outline(OUTLINE, out, profile="校内")
    document = docx.Document(str(out))
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert "第 " in part_xml(out, "word/footer1.xml") and " PAGE " in part_xml(out, "word/footer1.xml")
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][:2] == ["一、主要工作及成效", "二、存在的问题"]


def test_user_reference_without_our_styles(tmp_path):
    reference = tmp_path / "mine.docx"
    docx.Document().save(str(reference))  # python-docx's default template: no 落款, 附件标签 …
    out = tmp_path / "x.docx"
    render_outline(OUTLINE, out, reference=reference)
    document = docx.Document(str(out))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("落款", "实验中学后勤处") in styles and ("附件标签", "附件1") in styles
    assert document.sections[0].page_width.twips == 12240  # the user's page, not ours


def test_unknown_profile_and_bad_reference(tmp_path):
    with pytest.raises(TemplateError) as e:
        render_outline_bytes("# x", profile="红头")
    assert "红头" in e.value.message and "公文" in e.value.message
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(TemplateError) as e:
        render_outline_bytes("# x", reference=bad)
    assert str(bad) in e.value.message


# --------------------------------------------------------------------------- bytes and writing


def test_identical_bytes_fixed_times(tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    render_outline(OUTLINE, a)
    render_outline(OUTLINE, b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(str(a)).core_properties
    assert props.created == props.modified == dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    assert props.author == props.last_modified_by == "houqin-report"
    later = render_outline_bytes(OUTLINE, timestamp=dt.datetime(2024, 7, 5))
    assert later != a.read_bytes()


def test_reference_files_are_what_the_script_builds():
    spec = importlib.util.spec_from_file_location("build_reference", ROOT / "templates" / "build_reference.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    for profile in (module.GONGWEN, module.XIAONEI):
        built = module.build(profile)
        assert built == module.build(profile)
        assert built == (ROOT / "templates" / f"{profile.name}.docx").read_bytes(), (
            f"templates/{profile.name}.docx is stale: run python templates/build_reference.py"
        )


def test_failed_write_leaves_existing_file(tmp_path, monkeypatch):
    out = tmp_path / "总结.docx"
    out.write_bytes(b"last week's report")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError):
        render_outline(OUTLINE, out)
    assert out.read_bytes() == b"last week's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["总结.docx"]  # no temporary file left


def test_failed_fsync_and_failed_render_leave_existing_file(tmp_path, monkeypatch):
    out = tmp_path / "总结.docx"
    out.write_bytes(b"old")
    with monkeypatch.context() as m:
        m.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
        with pytest.raises(OSError):
            render_outline(OUTLINE, out)
    assert out.read_bytes() == b"old"

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("houqin_report.writers.docx.package.normalize_zip", broken)
    with pytest.raises(RuntimeError):
        render_outline(OUTLINE, out)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["总结.docx"]


def test_output_path_is_a_folder(tmp_path):
    with pytest.raises(IsADirectoryError) as e:
        render_outline(OUTLINE, tmp_path)
    assert "文件夹" in str(e.value)


def test_write_bytes_atomic_keeps_mode(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"x")
    target.chmod(0o640)
    atomic.write_bytes_atomic(target, b"y")
    assert target.read_bytes() == b"y" and (target.stat().st_mode & 0o777) == 0o640


def test_property_elements_in_schema_order(rendered):
    """Word refuses a file whose property elements are out of order; python-docx does not check."""
    from lxml import etree

    tcpr = "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark".split()
    orders = {"pPr": ooxml.PPR_ORDER, "rPr": ooxml.RPR_ORDER, "tblPr": ooxml.TBLPR_ORDER,
              "tcPr": tcpr, "sectPr": ooxml.SECTPR_ORDER, "style": ooxml.STYLE_ORDER}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(rendered) as z:
        for name in z.namelist():
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            root = etree.fromstring(z.read(name))
            for tag, order in orders.items():
                for el in root.iter(w + tag):
                    ranks = [order.index(c.tag[len(w):]) for c in el if c.tag.startswith(w)]
                    assert ranks == sorted(ranks), (name, tag, [c.tag[len(w):] for c in el])


def test_nothing_dropped_from_odd_markdown(tmp_path):
    text = (
        "| a | b |\n|---|---|\n| 1 | 2 | 3 \\| x | **4** |\n\n"
        "- 甲\n- 乙\n\n3. 丙\n\n> 引用\n\n```\n代码\n```\n\n###### 六级\n\n::: 未知\n内容\n:::\n"
    )
    out = tmp_path / "odd.docx"
    render_outline(text, out)
    document = docx.Document(str(out))
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [
        ["a", "b", "", ""], ["1", "2", "3 | x", "4"]
    ]
    texts = [p.text for p in document.paragraphs]
    for piece in ("甲", "乙", "3.丙", "引用", "代码", "六级", "未知", "内容"):
        assert any(piece in t for t in texts), piece


WIDE = (
    "| 序号 | 位置 | 隐患情况 | 类别 | 发现日期 | 整改日期 | 状态 | 整改措施 | 费用 | 责任人 |\n"
    "|---|---|---|---|---|---|---|---|---|---|\n"
    "| 1 | 3号教学楼外墙 | 局部外墙瓷砖空鼓，有脱落风险，需要尽快处理。 | 校舍 | 2024年2月28日 | 2024年3月9日 "
    "| 已整改 | 拉设警戒线，请专业单位清除空鼓瓷砖并改为外墙涂料。 | 1.86万元 | 刘海涛 |\n"
)


def test_wide_attachment_table_turns_landscape_and_back(tmp_path):
    text = (
        "# 标题\n\n正文。\n\n::: 附件说明\n台账\n\n说明\n:::\n\n"
        f"::: 附件 1\n# 台账\n\n{WIDE}:::\n\n"
        "::: 附件 2\n# 说明\n\n窄的附件。\n:::\n"
    )
    out = tmp_path / "w.docx"
    render_outline(text, out)
    document = docx.Document(str(out))
    sections = document.sections
    assert [s.page_width.twips > s.page_height.twips for s in sections] == [False, True, False]
    # the landscape section has footers of its own (the page number turned, tests/test_pages.py);
    # the portrait pages after it get the first section's back; the numbers run on
    refs = [[(r.get(qn("w:type")), r.get(qn("r:id"))) for r in s._sectPr.findall(qn("w:footerReference"))] for s in sections]
    assert len(refs[0]) == len(refs[1]) == 2 and refs[2] == refs[0] and not set(refs[1]) & set(refs[0])
    assert all(s._sectPr.find(qn("w:pgNumType")) is None for s in sections)
    landscape = sections[1]
    assert landscape.page_width.twips == 16838 and landscape.top_margin.twips == 1587  # 订口 on top
    table = document.tables[0]
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == 16838 - 2098 - 1984
    labels = [p for p in document.paragraphs if p.style.name == "附件标签"]
    assert [p.text for p in labels] == ["附件1", "附件2"]
    # a section break starts each of them on a new page already
    assert all(p._p.pPr.find(qn("w:pageBreakBefore")).get(qn("w:val")) == "0" for p in labels)


def test_wide_body_table_set_smaller(tmp_path):
    out = tmp_path / "t.docx"
    render_outline(f"正文。\n\n{WIDE}", out)
    document = docx.Document(str(out))
    assert len(document.sections) == 1  # only attachments turn
    sizes = {r._r.rPr.find(qn("w:sz")).get(qn("w:val")) for c in document.tables[0].rows[1].cells
             for r in c.paragraphs[0].runs}
    assert sizes in ({"21"}, {"18"})


def test_containers_nest_with_more_colons(tmp_path):
    out = tmp_path / "n.docx"
    render_outline("::::: 附件 1\n# 表\n\n::: 居中\n（单位：元）\n:::\n\n正文在附件里。\n:::::\n", out)
    paragraphs = [(p.style.name, p.text) for p in body(out)]
    assert paragraphs == [("附件标签", "附件"), ("附件标题", "表"), ("居中", "（单位：元）"), ("Normal", "正文在附件里。")]
