"""The printed pages (issue 15): LibreOffice converts the documents to PDF and the tests read
where things landed (tests/pdf_pages.py). Every document of this module is converted in one
LibreOffice run. Skipped without LibreOffice, unless CI=true.

- The 落款 never stands alone on a page: text it signs comes along (point 1).
- A title breaks after the school's name (point 2).
- Landscape pages carry the page number where the bound portrait page has it, the numbers
  run on, and a reference's first-page letterhead is not repeated (point 5).
- A line before a long number is not spread by justification (point 6).
- Attachment tables: the 合计 row on the page of the row before it (point 4).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import SAMPLES
from houqin_report.outline.numbering import number_outline
from houqin_report.writers.docx import render_outline_bytes
from houqin_report.writers.docx import blocks
from pdf_pages import Page, page_number, pages

pytestmark = pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftotext") is None) and os.environ.get("CI") != "true",
    reason="LibreOffice and pdftotext not installed (required when CI=true)",
)

ROOT = Path(__file__).resolve().parent.parent
PT = 20  # twips

# 22 one-line paragraphs fill the first page of the 公文 profile exactly (22 lines a page).
FULL_PAGE = "\n\n".join(f"第{i}段正文。" for i in range(1, 23))
SIGNED = f"{FULL_PAGE}\n\n::: 附件说明\n隐患排查整改台账\n:::\n\n::: 落款\n伍家岗区某某学校总务处\n\n2024年7月5日\n:::\n"

WIDE_ROWS = "".join(
    f"| {i} | 3号教学楼外墙 | 局部外墙瓷砖空鼓，有脱落风险，需要尽快处理。 | 校舍 | 2024年2月28日 | 2024年3月9日 | 已整改 "
    f"| 拉设警戒线，请专业单位清除空鼓瓷砖并改为外墙涂料。 | 18600 | {'王末行' if i == 29 else '刘海涛'} |\n" for i in range(1, 30))
WIDE = (
    "# 标题\n\n正文。\n\n::: 附件说明\n台账\n\n说明\n:::\n\n::: 附件 1\n# 台账\n\n"
    "| 序号 | 位置 | 隐患情况 | 类别 | 发现日期 | 整改日期 | 状态 | 整改措施 | 费用（元） | 责任人 |\n"
    f"|---|---|---|---|---|---|---|---|---|---|\n{WIDE_ROWS}| 合计 | 发现29处 | | | | | | | 539400 | |\n:::\n\n"
    "::: 附件 2\n# 说明\n\n窄的附件。\n:::\n"
)

# Lines that end before a number: spread by justification unless set closer (linefit.py).
NUMBERS = ("# 标题\n\n本学期用水量9360吨（上期10240吨），较上期下降8.6%。\n\n"
           "本学期食堂满意度92.6%（上期89.4%），较上期提高3.2个百分点。\n")


def _letterhead(path: Path) -> Path:
    """The 公文 profile with a first page of its own: a letterhead in the first page's header."""
    document = docx.Document(str(ROOT / "templates" / "公文.docx"))
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "伍家岗区某某学校文件"
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, list[Page]]:
    from click.testing import CliRunner

    from houqin_report.cli import main
    from houqin_report.writers.pdf import docs_to_pdf

    out = tmp_path_factory.mktemp("pages")
    docs: dict[str, Path] = {}

    def outline(name: str, text: str, **kwargs) -> None:
        docs[name] = out / f"{name}.docx"
        docs[name].write_bytes(render_outline_bytes(number_outline(text), **kwargs))

    outline("signed", SIGNED)
    outline("wide", WIDE)
    outline("letterhead", WIDE, reference=_letterhead(out / "红头.docx"))
    outline("numbers", NUMBERS)
    saved = blocks.fitted
    blocks.fitted = lambda segs, metrics: [(s, None) for s in segs]  # the same, not set closer
    try:
        outline("numbers-unfitted", NUMBERS)
    finally:
        blocks.fitted = saved
    for source in sorted(SAMPLES.glob("*.yaml")):
        docs[f"summary-{source.stem}"] = out / f"summary-{source.stem}.docx"
        result = CliRunner().invoke(main, ["summary", str(source), "-o", str(docs[f"summary-{source.stem}"])],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
    docs["compile"] = out / "compile.docx"
    assert CliRunner().invoke(main, ["compile", str(SAMPLES), "-o", str(docs["compile"])], catch_exceptions=False).exit_code == 0
    docs_to_pdf([(d, d.with_suffix(".pdf")) for d in docs.values()])
    return {name: pages(d.with_suffix(".pdf")) for name, d in docs.items()}


# --------------------------------------------------------------------------- 1. 落款


SIGNATURE = re.compile(r"伍家岗区\w*?(总务处|后勤处|教育局)20\d\d年\d+月\d+日")


def _signature_page(document: list[Page]) -> tuple[Page, re.Match]:
    return next((p, m) for p in document if (m := SIGNATURE.search(p.text)))


def test_a_full_page_sends_the_last_paragraph_along_with_the_signature(printed):
    document = printed["signed"]
    assert len(document) == 2
    second = document[1].text
    assert "伍家岗区某某学校总务处" in second and "2024年7月5日" in second
    assert "第22段正文。" in second  # the text it signs comes along
    assert "第21段正文。" in document[0].text


@pytest.mark.parametrize("name", ["summary-中南路小学", "summary-九年一贯制学校", "summary-实验中学", "compile"])
def test_every_samples_signature_page_has_text_of_the_body(printed, name):
    page, signature = _signature_page(printed[name])
    before = page.text[:signature.start()]
    body = before.split("附件：")[0]  # the text above the 附件说明
    assert len(body) >= 10, page.text  # a line of the text it signs, at least


# --------------------------------------------------------------------------- 2. titles


def test_a_long_title_breaks_after_the_schools_name(printed):
    first = printed["summary-九年一贯制学校"][0].lines
    assert "".join(w.text for w in first[0]) == "伍家岗区宝塔河九年一贯制学校"
    assert "".join(w.text for w in first[1]) == "2023—2024学年第二学期后勤工作总结"


# --------------------------------------------------------------------------- 5. landscape


def test_landscape_pages_number_where_the_bound_portrait_page_does(printed):
    document = printed["wide"]
    assert [p.landscape for p in document][0] is False and document[-1].landscape is False
    turned = [p for p in document if p.landscape]
    assert len(turned) >= 2
    numbers = []
    for page in document:
        found = page_number(page)
        assert found is not None, page.number
        number, words = found
        numbers.append(int(number))
        digit = words[1]
        if page.landscape:
            # on the left edge (the portrait page's bottom), in the margin, reading downwards
            assert max(w.x1 for w in words) < 99.2, page.number  # the landscape left margin is 35 mm
            assert digit.x1 - digit.x0 > digit.y1 - digit.y0  # a turned glyph: wider than tall
            assert words[0].y0 < digit.y0 < words[2].y0
            middle = (words[0].y0 + words[2].y1) / 2
            # odd pages: the portrait bottom right, near the foot; even: bottom left, near the head
            assert (middle > page.height / 2) == (int(number) % 2 == 1), page.number
        else:
            assert digit.y0 > page.height - 100, page.number
            assert (digit.x0 > page.width / 2) == (int(number) % 2 == 1), page.number
    assert numbers == list(range(1, len(document) + 1))  # they run on


def test_a_first_page_letterhead_is_not_repeated(printed):
    document = printed["letterhead"]
    assert "伍家岗区某某学校文件" in document[0].text
    assert [p.number for p in document if "伍家岗区某某学校文件" in p.text] == [1]
    assert any(p.landscape for p in document)


# --------------------------------------------------------------------------- 6. spread lines


def _pitch(line) -> float:
    """The median advance of the line's Chinese characters (points), from where they were drawn."""
    starts = []
    for word in line:
        if word.text and all("\u4e00" <= ch <= "\u9fff" for ch in word.text):
            step = (word.x1 - word.x0) / len(word.text)
            starts += [word.x0 + step * k for k in range(len(word.text))]
    gaps = sorted(b - a for a, b in zip(starts, starts[1:]) if 0 < b - a < 30)
    return gaps[len(gaps) // 2] if gaps else 0.0


def test_no_line_is_spread_before_a_long_number(printed):
    natural = 16 - 0.25  # 三号 less the 公文 profile's character spacing
    fitted = [line for page in printed["numbers"] for line in page.lines if len(line) > 3]
    unfitted = [line for page in printed["numbers-unfitted"] for line in page.lines if len(line) > 3]
    # without the writer's fitting LibreOffice spreads the first line (8.6%。 does not fit)…
    assert _pitch(unfitted[0]) > natural + 1.0
    # …with it, the number comes up and the line keeps its pitch
    assert "".join(w.text for w in fitted[0]).endswith("8.6%。")
    assert _pitch(fitted[0]) < natural + 0.3
    # 3.2 and its measure word 个 stay on one line
    second = ["".join(w.text for w in line) for line in fitted[1:]]
    assert not any(text.endswith("3.2") for text in second), second


# --------------------------------------------------------------------------- 4. attachment tables


def test_the_total_row_is_on_the_page_of_the_row_before_it(printed):
    document = printed["wide"]
    total = next(p for p in document if "发现29处" in p.text)
    assert "王末行" in total.text  # row 29, the one above it, on the same page
