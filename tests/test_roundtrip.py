"""A real round trip: every sample document (the summary and plan of each samples/*.yaml, and
the bureau report compiled from them) is opened by LibreOffice, converted to PDF, and the
PDF's text holds the facts: school names, hazard figures and 整改率, totals. The figures
expected are recomputed here from the facts, not taken from the tool's own context.

All documents are converted in one LibreOffice run (pdf.docs_to_pdf): starting LibreOffice
costs more than converting. Skipped when LibreOffice is not installed, unless CI=true.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from conftest import SAMPLES, prose_money, purchase_total_text
from houqin_report.facts.load import load_facts

pytestmark = pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftotext") is None) and os.environ.get("CI") != "true",
    reason="LibreOffice and pdftotext not installed (required when CI=true)",
)


def rate_text(fixed: int, found: int) -> str:
    value = (Decimal(fixed) * 100 / Decimal(found)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{int(value)}%" if value == value.to_integral_value() else f"{value}%"


def squeezed(pdf: Path) -> str:
    """The PDF's text without whitespace (lines wrap anywhere in Chinese text) and without the
    page numbers (— 1 —), which come between the last line of a page and the next page's first."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"—\d+—", "", "".join(text.split()))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, str]:
    """name → squeezed PDF text, for every sample document, converted in one LibreOffice run."""
    from click.testing import CliRunner

    from houqin_report.cli import main
    from houqin_report.writers.pdf import docs_to_pdf

    out = tmp_path_factory.mktemp("roundtrip")
    docs = {}
    for source in sorted(SAMPLES.glob("*.yaml")):
        for command in ("summary", "plan"):
            target = out / f"{source.stem}-{command}.docx"
            result = CliRunner().invoke(main, [command, str(source), "-o", str(target)], catch_exceptions=False)
            assert result.exit_code == 0, result.output
            docs[f"{source.stem}-{command}"] = target
    report = out / "汇总.docx"
    result = CliRunner().invoke(main, ["compile", str(SAMPLES), "-o", str(report)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    docs["compile"] = report
    docs_to_pdf([(docx, docx.with_suffix(".pdf")) for docx in docs.values()])
    return {name: squeezed(docx.with_suffix(".pdf")) for name, docx in docs.items()}


def hazards(facts) -> tuple[int, int]:
    fixed = sum(1 for h in facts.hazards if (h.status_given or ("已整改" if h.fixed else "未整改")) == "已整改")
    return len(facts.hazards), fixed


@pytest.mark.parametrize("source", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_summary_pdf_has_the_facts(pdfs, source):
    facts = load_facts(source)
    text = pdfs[f"{source.stem}-summary"]
    found, fixed = hazards(facts)
    bought = [u for u in facts.purchases if u.channel != "捐赠"]  # a donation is not a purchase
    projects = sum((p.amount for p in facts.projects if p.amount is not None), Decimal(0))
    for expected in (
        f"{facts.school}{facts.department}",
        "后勤工作总结",
        f"共排查出安全隐患{found}处",
        f"已整改{fixed}处，整改率为{rate_text(fixed, found)}",
        f"共采购物资{len(bought)}项，总金额{purchase_total_text(bought)}",
        f"涉及金额{prose_money(projects)}",
    ):
        assert expected in text, expected
    assert f"共推进建设项目{len(facts.projects)}项（" in text


@pytest.mark.parametrize("source", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_plan_pdf_has_the_carried_over_facts(pdfs, source):
    facts = load_facts(source)
    text = pdfs[f"{source.stem}-plan"]
    assert f"{facts.school}{facts.department}" in text
    assert "后勤工作计划" in text
    for h in facts.hazards:
        if (h.status_given or ("已整改" if h.fixed else "未整改")) != "已整改":
            assert f"完成{h.place}隐患整改" in text
    for p in facts.projects:
        if p.status != "完工":
            assert f"推进{p.name}" in text


def test_compiled_report_pdf_has_the_totals(pdfs):
    schools = [load_facts(path) for path in sorted(SAMPLES.glob("*.yaml"))]
    text = pdfs["compile"]
    found = sum(hazards(f)[0] for f in schools)
    fixed = sum(hazards(f)[1] for f in schools)
    assert f"全区共有学校{len(schools)}所" in text
    assert f"共排查出安全隐患{found}处" in text
    assert f"已整改{fixed}处，整改率为{rate_text(fixed, found)}" in text
    bureau = schools[0].bureau
    assert bureau and bureau in text
    for facts in schools:  # the appendix table names every school, perhaps shortened
        short = facts.school.removeprefix(bureau.removesuffix("教育局"))
        assert short in text, short
