"""Build bench/docxtpl_summary.docx: the benchmark's anchor, a docxtpl Word template of the
same 工作总结 as `houqin summary` (same sections, paragraph loops and appendix tables).

    python bench/make_docxtpl_template.py

It starts from the 公文 style profile (templates/公文.docx), so that both documents use the same
styles and page setup, and writes docxtpl's tags into ordinary paragraphs and table rows:
``{%p for %}`` for repeated paragraphs and ``{%tr for %}`` for repeated table rows. This is
what a Python user who picks docxtpl would write by hand in Word.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import docx
from docx.oxml.ns import qn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from houqin_report.writers.docx.package import docx_bytes  # noqa: E402
REFERENCE = HERE.parent / "templates" / "公文.docx"
OUT = HERE / "docxtpl_summary.docx"

HAZARD_COLUMNS = ("序号", "位置", "隐患情况", "类别", "发现日期", "整改日期", "状态", "整改措施", "费用", "责任人")
HAZARD_CELLS = ("{{ loop.index }}", "{{ x.place }}", "{{ x.description }}", "{{ x.category }}", "{{ x.found }}",
                "{{ x.fixed }}", "{{ x.status }}", "{{ x.measure }}", "{{ x.cost }}", "{{ x.owner }}")
HAZARD_TOTAL = ("合计", "发现{{ h.found }}处", "已整改{{ h.fixed }}处", "", "", "", "整改率{{ h.rate }}", "", "{{ h.cost }}", "")
PURCHASE_COLUMNS = ("序号", "物品", "数量", "金额", "渠道", "类别", "日期", "说明")
PURCHASE_CELLS = ("{{ loop.index }}", "{{ p.item }}", "{{ p.quantity }}", "{{ p.amount }}", "{{ p.channel }}",
                  "{{ p.category }}", "{{ p.date }}", "{{ p.note }}")
PURCHASE_TOTAL = ("合计", "{{ u.count }}批次", "", "{{ u.total }}", "", "", "", "")
TRAINING_COLUMNS = ("序号", "名称", "类型", "日期", "对象", "人次", "学时", "组织")
TRAINING_CELLS = ("{{ loop.index }}", "{{ t.name }}", "{{ t.kind }}", "{{ t.date }}", "{{ t.audience }}",
                  "{{ t.people }}", "{{ t.hours }}", "{{ t.organizer }}")
TRAINING_TOTAL = ("合计", "{{ tr.count }}次", "", "", "", "{{ tr.people }}", "{{ tr.hours }}", "")


def build(out: Path = OUT) -> Path:
    document = docx.Document(str(REFERENCE))
    body = document.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)

    def p(text: str, style: str = "Normal"):
        return document.add_paragraph(text, style=style)

    p("{{ school }}{{ period }}后勤工作总结", "Title")
    p("{{ this }}，在{{ bureau }}的正确领导下，我校{{ department }}紧紧围绕学校中心工作，坚持后勤为教育教学服务的宗旨，"
      "扎实做好各项后勤保障工作。{% if overview %}我校现有{{ overview }}。{% endif %}现将{{ this }}工作总结如下：")
    p("一、主要工作及成效", "Heading 1")
    p("{%p for a in areas %}")
    p("（{{ a.number }}）{{ a.title }}", "Heading 2")
    p("{%p for line in a.lines %}")
    p("{{ line }}")
    p("{%p endfor %}")
    p("{%p endfor %}")
    p("{%p if problems %}")
    p("二、存在的问题", "Heading 1")
    p("{%p for text in problems %}")
    p("{{ loop.index }}.{{ text }}", "Heading 3")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p if next_steps %}")
    p("三、下一步工作打算", "Heading 1")
    p("{%p for text in next_steps %}")
    p("{{ loop.index }}.{{ text }}", "Heading 3")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{% if honours %}{{ this }}，我校被评为{{ honours }}。{% endif %}今后，我们将继续坚持后勤为教育教学服务的宗旨，"
      "不断提高管理水平和服务质量，为学校发展提供更加有力的保障。")
    p("", "附件说明")
    p("{%p for name in attachments %}")
    p("{% if loop.first %}附件：{% endif %}{{ loop.index }}.{{ name }}", "附件说明")
    p("{%p endfor %}")
    p("", "落款")
    p("{{ school }}{{ department }}", "落款")
    p("{{ signed }}", "落款")

    def appendix(condition: str, label: str, title: str, columns, cells, total, loop: str) -> None:
        p("{%p if " + condition + " %}")
        label_p = p(label, "附件标签")
        label_p.paragraph_format.page_break_before = True
        p("{{ school }}{{ period }}" + title, "附件标题")
        table = document.add_table(rows=5, cols=len(columns))
        table.style = document.styles["表格"]
        for cell, text in zip(table.rows[0].cells, columns):
            cell.paragraphs[0].style = document.styles["表格文字"]
            cell.paragraphs[0].add_run(text).bold = True
        table.rows[1].cells[0].paragraphs[0].add_run("{%tr for " + loop + " %}")
        for cell, text in zip(table.rows[2].cells, cells):
            cell.paragraphs[0].style = document.styles["表格文字"]
            cell.paragraphs[0].add_run(text)
        table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
        for cell, text in zip(table.rows[4].cells, total):
            cell.paragraphs[0].style = document.styles["表格文字"]
            cell.paragraphs[0].add_run(text)
        p("{%p endif %}")

    appendix("h.listed", "附件1", "隐患排查整改台账", HAZARD_COLUMNS, HAZARD_CELLS, HAZARD_TOTAL, "x in h.rows")
    appendix("u.count", "附件2", "物资采购明细", PURCHASE_COLUMNS, PURCHASE_CELLS, PURCHASE_TOTAL, "p in u.rows")
    appendix("tr.count", "附件3", "培训演练记录", TRAINING_COLUMNS, TRAINING_CELLS, TRAINING_TOTAL, "t in tr.rows")
    props = document.core_properties
    props.author = props.last_modified_by = "houqin-report bench"
    props.created = props.modified = dt.datetime(2000, 1, 1)
    props.revision = 1
    out.write_bytes(docx_bytes(document))  # fixed zip times: the same bytes on every build
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
