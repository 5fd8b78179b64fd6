"""Titles that wrap (GB/T 9704-2012 7.3.3): between words, never inside a school's name,
before a number but never after one, in a trapezoid or diamond; and a numbered item whose
text starts with a digit never reads as a decimal."""
from __future__ import annotations

import time

import docx
import pytest

from houqin_report.outline.parse import Seg, plain
from houqin_report.text import chars
from houqin_report.writers.docx.titles import break_title

LINE = 8845 / 440  # 公文: the text width over the title's 22 pt


def lines(title: str, capacity: float = LINE, names=()) -> list[str]:
    return plain(break_title([Seg(title)], capacity, names)).split("\n")


def shape_ok(widths: list[float]) -> bool:
    """Trapezoid (each line longer, or each shorter) or diamond (longest inside), steps ≥ ¾."""
    steps = [b - a for a, b in zip(widths, widths[1:])]
    if any(abs(s) < 0.75 for s in steps):
        return False
    up = [s > 0 for s in steps]
    peak = up.index(False) if False in up else len(up)
    return all(up) or not any(up) or (peak > 0 and not any(up[peak:]))


def test_never_inside_a_school_name():
    school = "伍家岗区宝塔河九年一贯制学校"
    title = f"{school}2023—2024学年第二学期后勤工作总结"
    assert lines(title, names=[school]) == [school, "2023—2024学年第二学期后勤工作总结"]
    school = "伍家岗区局前街小学"  # jieba: 局前街 / 小学
    got = lines(f"{school}2023—2024学年第一学期后勤工作计划", names=[school])
    assert got[0].startswith(school) and all(school not in line[1:] or line.startswith(school) for line in got)
    assert not any(line.endswith("局前街") for line in got)


def test_a_name_wider_than_a_line_may_break():
    school = "某某市某某区某某镇某某村某某某某某某九年一贯制学校"  # 27 characters
    got = lines(f"{school}2023—2024学年第二学期后勤工作总结", names=[school])
    assert len(got) >= 2 and max(chars.width(line) for line in got) <= LINE


def test_before_a_number_but_never_after_one():
    for title in ("伍家岗区宝塔河九年一贯制学校2023—2024学年第二学期后勤工作总结", "实验中学2023—2024学年第二学期后勤工作总结",
                  "关于做好2024年秋季学期1号教学楼加固改造工程安全管理工作的通知"):
        got = lines(title)
        for upper, lower in zip(got, got[1:]):
            assert not (upper[-1].isascii() and upper[-1].isalnum()), got  # 2024 | 学年
            assert not upper.endswith("—") and not lower.startswith("—"), got  # 2023—2024
    assert lines("伍家岗区宝塔河九年一贯制学校2023—2024学年第二学期后勤工作总结")[1].startswith("2023")


@pytest.mark.parametrize("title", [
    "伍家岗区宝塔河九年一贯制学校2023—2024学年第二学期后勤工作总结",
    "伍家岗区实验中学2023—2024学年第二学期后勤工作总结",
    "伍家岗区教育局2023—2024学年第二学期学校后勤工作总结",
    "伍家岗区宝塔河九年一贯制学校2023—2024学年第二学期隐患排查整改台账",
    "关于转发湖北省教育厅关于做好2024年秋季学期开学前学校后勤安全隐患排查整改工作的通知的通知",
    "伍家岗区教育局关于开展2024年全区中小学校舍安全隐患大排查大整治专项行动情况的报告",
])
@pytest.mark.parametrize("capacity", [LINE, (16838 - 2098 - 1984) / 440])  # portrait, landscape
def test_lines_fit_in_a_trapezoid_or_diamond(title, capacity):
    got = lines(title, capacity)
    assert "".join(got) == title
    if chars.width(title) <= capacity:
        assert got == [title]
        return
    widths = [chars.width(line) for line in got]
    assert max(widths) <= capacity - 1  # room for the digits' fonts
    assert shape_ok(widths), got


def test_three_lines_never_an_hourglass():
    title = "关于转发湖北省教育厅关于做好2024年秋季学期开学前学校后勤安全隐患排查整改工作的通知的通知"
    got = lines(title)
    assert len(got) == 3
    widths = [chars.width(line) for line in got]
    assert not (widths[1] < widths[0] and widths[1] < widths[2]), got


def test_an_absurd_title_is_left_to_word_quickly():
    start = time.monotonic()
    got = break_title([Seg("学校" * 2500)], LINE)
    assert time.monotonic() - start < 0.5 and plain(got) == "学校" * 2500


def test_pipeline_protects_the_schools_name(tmp_path, samples, run_cli):
    sample = next(s for s in samples if "九年一贯制" in s.stem)
    out = tmp_path / "s.docx"
    assert run_cli("summary", sample, "-o", out).exit_code == 0
    assert docx.Document(str(out)).paragraphs[0].text == "伍家岗区宝塔河九年一贯制学校\n2023—2024学年第二学期后勤工作总结"
    titles = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "附件标题"]
    assert titles and all(t.startswith("伍家岗区宝塔河九年一贯制学校") for t in titles)
    assert all("伍家岗区宝塔河九年一贯制学校" in t.split("\n")[0] for t in titles)


# --------------------------------------------------------------------------- 1. before a digit


def test_a_numbered_item_starting_with_a_digit_is_set_apart():
    from houqin_report.outline.numbering import number_outline

    text = number_outline("## 问题\n\n#### 2号教学楼结构隐患\n\n#### 校门口拥堵\n\n##### 3号楼\n\n"
                          "::: 附件说明\n2号楼台账\n\n采购明细\n:::\n")
    assert "#### 1.\u00a02号教学楼结构隐患" in text  # "1.2号…" would read as one point two
    assert "#### 2.校门口拥堵" in text  # no gap where none is needed
    assert "##### （1）3号楼" in text  # brackets never read as a decimal
    assert "附件：1.\u00a02号楼台账\n" in text and "\n2.采购明细\n" in text


def test_the_gap_is_a_no_break_space_in_the_document(tmp_path):
    from houqin_report.outline.numbering import number_outline
    from houqin_report.writers.docx import render_outline

    out = tmp_path / "n.docx"
    render_outline(number_outline("# 题\n\n## 问题\n\n#### 2号教学楼漏水\n\n::: 附件说明\n2号楼台账\n\n3号楼台账\n:::\n\n"
                                  "1. 4号楼\n2. 5号楼\n"), out)
    texts = [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs]
    assert ("Heading 3", "1.\u00a02号教学楼漏水") in texts
    # not taken for a Markdown list item: the note keeps its numbers, aligned at the tab
    assert ("附件说明", "附件：1.\t2号楼台账") in texts and ("附件说明", "2.\t3号楼台账") in texts
    assert ("Normal", "1.\u00a04号楼") in texts and ("Normal", "2.\u00a05号楼") in texts
