"""The summary .docx read back: every fact in it, figures recomputed here, layout properties."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import docx
import pytest
from docx.oxml.ns import qn

from conftest import prose_money, purchase_total_text
from docx_text import all_text, paragraphs, tables
from houqin_report.facts.load import load_facts
from houqin_report.outline.wording import cn_date, plain, yuan


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each sample rendered once through the CLI, as a user runs it."""
    from click.testing import CliRunner

    from conftest import SAMPLES
    from houqin_report.cli import main

    out = tmp_path_factory.mktemp("summaries")
    result = {}
    for path in sorted(SAMPLES.glob("*.yaml")):
        target = out / f"{path.stem}.docx"
        run = CliRunner().invoke(main, ["summary", str(path), "-o", str(target)], catch_exceptions=False)
        assert run.exit_code == 0, run.output
        assert run.stdout.strip() == f"写入 {target}"
        result[path] = target
    return result


def expected_strings(facts) -> list[str]:
    """Every name and number the user entered, as the document must show it."""
    out = [facts.school]
    if facts.bureau:
        out.append(facts.bureau)
    if facts.overview:
        out += [str(v) for v in facts.overview.model_dump(by_alias=True, exclude_none=True).values()]
    for p in facts.projects:
        out += [p.name, *(x for x in (p.funding, p.note) if x)]
        out += [yuan(p.amount)] if p.amount is not None else []
        out += [cn_date(d) for d in (p.start, p.end) if d]
    for h in facts.hazards:
        out += [x for x in (h.place, h.description, h.measure, h.owner, h.category) if x]
        out += [cn_date(d) for d in (h.found, h.fixed) if d]
        out += [plain(h.cost)] if h.cost is not None else []  # the ledger's 元 column
    for u in facts.purchases:
        out += [u.item, plain(u.amount), u.channel, *(x for x in (u.category, u.note) if x)]
        if u.quantity is not None:
            out.append(f"{u.quantity}{u.unit or ''}")
        if u.date:
            out.append(cn_date(u.date))
    for t in facts.trainings:
        out += [t.name, t.kind, *(x for x in (t.audience, t.organizer) if x)]
        out += [str(t.people)] if t.people is not None else []
        out += [cn_date(t.date)] if t.date else []
    for i in facts.indicators:
        out += [i.name, plain(i.current)] + ([plain(i.previous)] if i.previous is not None else [])
    out += [w.text.rstrip("。") for w in facts.work]
    out += list(facts.honours) + [s.rstrip("。") for s in [p.text for p in facts.problems] + facts.next_steps]
    return out


def test_every_fact_appears(rendered):
    for source, docx_path in rendered.items():
        facts = load_facts(source)
        text = all_text(docx_path)
        missing = [s for s in expected_strings(facts) if s not in text]
        assert missing == [], f"{source.name}: {missing}"


def test_figures_recomputed_independently(rendered):
    for source, docx_path in rendered.items():
        facts = load_facts(source)
        text = all_text(docx_path)
        found = len(facts.hazards)
        fixed = sum(1 for h in facts.hazards if (h.status_given or ("已整改" if h.fixed else "未整改")) == "已整改")
        rate = (Decimal(fixed) / Decimal(found) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        rate_text = f"{rate.normalize():f}" if rate == rate.to_integral_value() else str(rate)
        assert f"共排查出安全隐患{found}处" in text
        assert f"已整改{fixed}处，整改率为{rate_text}%" in text
        total = Decimal(0)
        government = Decimal(0)
        bought = [u for u in facts.purchases if u.channel != "捐赠"]  # a donation is not a purchase
        for u in bought:
            total += u.amount
            if u.channel == "政府采购":
                government += u.amount
        # 万元 to two decimals in prose, unless the channels or the categories, rounded so, would
        # not add up to the total: then exact
        assert f"共采购物资{len(bought)}项，总金额{purchase_total_text(bought)}" in text
        share = (government / total * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert f"政府采购占{share}%" in text
        people = sum(t.people or 0 for t in facts.trainings)
        last_table = tables(docx_path)[-1]
        assert last_table[-1][0] == "合计" and last_table[-1][5] == str(people)
        projects_total = sum((p.amount for p in facts.projects if p.amount is not None), Decimal(0))
        assert re.search(rf"共推进建设项目{len(facts.projects)}项（[^）]+），涉及金额{re.escape(prose_money(projects_total))}", text)


def test_no_placeholders_none_or_escapes(rendered):
    for docx_path in rendered.values():
        text = all_text(docx_path)
        for bad in ("None", "（）", "()", "x月x日", "\\", "{{", "}}", "nan", "undefined"):
            assert bad not in text, (docx_path.name, bad)


CN = "一二三四五六七八九十"


def test_heading_numbers_consecutive(rendered):
    for docx_path in rendered.values():
        counters = {}
        seen = 0
        for style, text in paragraphs(docx_path):
            if not style.startswith("Heading"):
                continue
            level = int(style.split()[-1])
            for deeper in [k for k in counters if k > level]:
                del counters[deeper]
            counters[level] = counters.get(level, 0) + 1
            n = counters[level]
            expected = {1: f"{CN[n - 1]}、", 2: f"（{CN[n - 1]}）", 3: f"{n}.", 4: f"（{n}）"}[level]
            assert text.startswith(expected), (docx_path.name, text, expected)
            seen += 1
        assert seen >= 8


def test_styles_east_asian_fonts_and_page_fields(rendered):
    docx_path = next(iter(rendered.values()))
    document = docx.Document(str(docx_path))
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")), name
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    footers = [section.footer._element.xml, section.even_page_footer._element.xml]
    for xml in footers:
        assert 'w:fldCharType="begin"' in xml and "PAGE" in xml
    assert document.settings.odd_and_even_pages_header_footer


def test_signature_and_date(rendered):
    for source, docx_path in rendered.items():
        facts = load_facts(source)
        texts = [t for _, t in paragraphs(docx_path)]
        i = texts.index(f"{facts.school}{facts.department}")
        assert texts[i + 1] == cn_date(facts.signed)


def test_identical_bytes_on_rerun(tmp_path, samples, run_cli):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run_cli("summary", samples[0], "-o", a).exit_code == 0
    assert run_cli("summary", samples[0], "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_user_text_is_literal(tmp_path, fixtures, run_cli):
    out = tmp_path / "x.docx"
    # The text trips the prose lint (a * inside words); --force writes it all the same.
    assert run_cli("summary", fixtures / "literal-text.yaml", "-o", out).exit_code == 1
    assert not out.exists()
    assert run_cli("summary", fixtures / "literal-text.yaml", "-o", out, "--force").exit_code == 0
    text = all_text(out)
    assert "{{ 7*7 }}小学" in text and "49" not in text
    assert "<w:p>区教育局&amp;" in text
    assert "* 采购 | 表格 | 竖线 # 井号 [链接](http://x) **粗体** `代码` 1. 列表 \\反斜杠" in text
    assert "{% for x in range(3) %}循环{% endfor %}" in text
    assert "## 不是标题" in text
    assert tables(out)[0][1][1] == "a|b"


def test_markdown_format_and_old_style_date(samples, run_cli):
    result = run_cli("summary", samples[0], "--format", "md", "--old-date")
    assert result.exit_code == 0
    assert result.stdout.startswith("# ")
    assert "二〇二四年七月五日" in result.stdout


def test_refuses_to_overwrite_input(tmp_path, run_cli):
    facts = tmp_path / "a.docx"
    facts.write_text("学校: 甲\n年度: 2024\n落款日期: 2024-12-30\n", encoding="utf-8")
    result = run_cli("summary", facts, "-o", facts)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"输出文件 {facts} 就是输入文件，拒绝覆盖。请换一个输出文件名。"
    assert facts.read_text(encoding="utf-8") == "学校: 甲\n年度: 2024\n落款日期: 2024-12-30\n"


def test_output_into_missing_folder_is_clear(tmp_path, samples, run_cli):
    out = tmp_path / "no" / "such" / "x.docx"
    result = run_cli("summary", samples[0], "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"无法写入 {out}：所在文件夹不存在"


def test_user_templates_first(tmp_path, samples, run_cli):
    (tmp_path / "summary.md.j2").write_text("# {{ r.facts.school }}自定义\n\n正文{{ r.hazards.found }}处。\n", encoding="utf-8")
    result = run_cli("summary", samples[0], "--templates", tmp_path, "--format", "md")
    assert result.exit_code == 0
    assert result.stdout == f"# {load_facts(samples[0]).school}自定义\n\n正文{len(load_facts(samples[0]).hazards)}处。\n"


def test_template_error_names_file_and_line(tmp_path, samples, run_cli):
    (tmp_path / "summary.md.j2").write_text("# 标题\n\n{{ r.no_such_thing }}\n", encoding="utf-8")
    result = run_cli("summary", samples[0], "--templates", tmp_path, "--format", "md")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"模板错误（{tmp_path / 'summary.md.j2'}:3）：Report 没有名为“no_such_thing”的项"


def test_profile_school(tmp_path, samples, run_cli):
    out = tmp_path / "x.docx"
    assert run_cli("summary", samples[0], "--profile", "校内", "-o", out).exit_code == 0
    document = docx.Document(str(out))
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("CI") != "true",
    reason="LibreOffice not installed (required when CI=true)",
)


@needs_office
def test_pdf_page_size_and_text(tmp_path, samples, run_cli):
    out = tmp_path / "x.docx"
    result = run_cli("summary", samples[0], "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    pdf = out.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    facts = load_facts(samples[0])
    squeezed = re.sub(r"\s+", "", text)
    assert facts.school in squeezed and "后勤工作总结" in squeezed
    assert "—1—" in squeezed
