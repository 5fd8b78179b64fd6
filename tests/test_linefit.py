"""The line layout the docx writer predicts (writers/docx/linefit.py), against known lines of
the 公文 profile (28 characters of 16 pt less 0.25 pt, first line indented 2 characters);
tests/test_pages.py checks the result in LibreOffice."""
from __future__ import annotations

from houqin_report.outline.parse import Seg
from houqin_report.writers.docx.linefit import MAX_CONDENSE, Metrics, _units, condensed_lines, fitted

GONGWEN = Metrics(size=320, spacing=-5, width=8845, indent=640)


def test_a_line_of_chinese_text_is_left_alone():
    text = "本学期，在区教育局的正确领导下，我校后勤处紧紧围绕学校中心工作，坚持后勤为教育教学服务的宗旨，扎实做好各项后勤保障工作。" * 2
    assert condensed_lines(text, GONGWEN) == {}
    assert fitted([Seg(text)], GONGWEN) == [(Seg(text), None)]


def test_the_line_before_a_number_is_set_closer():
    text = "本学期用水量9360吨（上期10240吨），较上期下降8.6%。"
    closer = condensed_lines(text, GONGWEN)
    assert closer  # 8.6%。 would leave the line two characters short
    line = text[: text.index("8.6%")]
    chinese = [i for i, ch in enumerate(line) if "\u4e00" <= ch <= "\u9fff"]
    assert set(closer) == set(chinese)  # only Chinese characters: digits and marks keep their spacing
    assert max(closer.values()) <= MAX_CONDENSE * GONGWEN.size + 1
    pieces = fitted([Seg(text[:10], bold=True), Seg(text[10:])], GONGWEN)
    assert "".join(s.text for s, _ in pieces) == text  # nothing added or lost, bold kept
    assert "".join(s.text for s, _ in pieces if s.bold) == text[:10]
    assert {c for _, c in pieces} == {None, max(closer.values())}  # the digits and marks: as the style sets them


def test_where_only_a_hanging_mark_helps_the_line_is_set_for_word():
    # 11.4%。 needs more than MAX_CONDENSE unless the 。 overhangs the margin (Word, WPS)
    text = "本学期用水量17650吨（上期19920吨），较上期下降11.4%。"
    closer = condensed_lines(text, GONGWEN)
    assert closer and max(closer.values()) <= MAX_CONDENSE * GONGWEN.size + 1


def test_a_number_keeps_its_measure_word_and_its_mark():
    text = "共更换水龙头128个，较上期提高3.2个百分点。"
    pieces = [text[a:b] for a, b in _units(text)]
    assert "128个，" in pieces and "3.2个" in pieces


def test_a_short_line_or_a_small_gap_is_left_alone():
    assert condensed_lines("较上期下降8.6%。", GONGWEN) == {}  # one line
    assert condensed_lines("本学期用水量1吨（上期2吨），较上期下降了一些些些些些些些8.6%。", GONGWEN) == {}  # fits
