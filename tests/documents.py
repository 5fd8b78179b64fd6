"""Documents for the doccheck tests, made with python-docx: a hand-written summary carrying the
seeds' kinds of mistakes, and edits of the documents the tool writes."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W = nsdecls("w")


def _chinese_numbering(document) -> str:
    """A list numbered 一、二、三、 by Word itself (numbering.xml), as WPS makes when one types 一、"""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90"><w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        f'<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _numbered(document, num_id: str, text: str):
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def _table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def handwritten_docx(path: Path) -> Path:
    """A school's summary typed in Word: automatic 一、二、 then a typed 四、, (一)、, a
    tracked change, a rate over 100%, tables whose dates and totals are wrong, and a
    signature dated in a month that does not exist."""
    document = docx.Document()
    document.add_paragraph("XX中学2024年度后勤工作总结", style="Title")
    chinese = _chinese_numbering(document)
    _numbered(document, chinese, "基本情况")
    document.add_paragraph("学校共有教职工86人，其中专任教师60人、后勤人员30人。")
    _numbered(document, chinese, "安全工作")
    document.add_paragraph("(一)、加强校舍管理")
    # 已整改 was 8, changed to 6 with track changes on: the text now says 6.
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {W}><w:r><w:t>全年共排查出安全隐患8处，已整改</w:t></w:r>'
        f'<w:del w:id="1" w:author="总务处"><w:r><w:delText>8</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" w:author="总务处"><w:r><w:t>6</w:t></w:r></w:ins>'
        f'<w:r><w:t>处，整改率为100%。</w:t></w:r></w:p>'))
    document.add_paragraph("学生意外伤害保险参保率达到101%。")
    _table(document, [
        ["序号", "位置", "发现日期", "整改日期", "费用"],
        ["1", "东侧围墙", "2024年3月12日", "2024年3月1日", "1200元"],
        ["2", "食堂操作间", "2024年4月2日", "2024年4月5日", "800元"],
        ["合计", "2处", "", "", "2100元"],
    ])
    _table(document, [
        ["校区", "隐患发现", "已整改", "整改率"],
        ["东校区", "10", "8", "80%"],
        ["西校区", "5", "4", "75%"],
        ["合计", "15", "12", "80%"],
    ])
    document.add_paragraph("四、存在的问题")
    document.add_paragraph("后勤人员少，缺少系统培训。")
    document.add_paragraph("XX中学总务处")
    document.add_paragraph("2024年13月5日")
    document.save(str(path))
    return path


def replace_in_runs(document, old: str, new: str) -> int:
    """Replace text inside runs, as a user typing over it in Word does; how many runs changed."""
    changed = 0
    for p in _all_paragraphs(document):
        for run in p.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
                changed += 1
    return changed


def remove_paragraph(document, starts: str) -> str:
    """Delete the first body paragraph starting with starts; its text."""
    for p in document.paragraphs:
        if p.text.startswith(starts):
            p._p.getparent().remove(p._p)
            return p.text
    raise AssertionError(f"no paragraph starts with {starts}")


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
