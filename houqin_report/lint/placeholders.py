"""Placeholders (错误): a sample text's blanks left in — x/X/××/XX standing for a number or a
name (整改x处, x月x日, x号教学楼, XX小学, 价值x万x千元), x among figures (xx.x%, x.x万元,
0717-6xxxxxx), 20xx / 20__, runs of ____, a * where a filter swallowed a word (*采购), empty
brackets 【】（）, 某某 and 〇〇, a prompt left in (待填写), and an ellipsis that stands for text
never written (see _ellipsis_is_filler).

Placeholders need words, not only a regex: `\\b` never fires between Chinese characters, so a
lone x in 整改x处 is found as a token of its own (jieba with our dictionary), while x inside a
token stays part of a real thing. Not placeholders (near misses):
- X3型, Excel, USB, Windows XP, XXL: the letter is part of a longer token (a model, a word);
- 3x4米, 4x4, 1920x1080, 3×4, and 3 x 4 with spaces: x between figures is "times";
- iPhone X: an x next to a Latin word or a figure belongs to that Latin text;
- X光机, X射线: X-ray equipment (a school infirmary or security gate has one).
An ellipsis that closes an enumeration after real items (购置了电脑、打印机……) is ordinary
punctuation and is left alone.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from houqin_report.facts.model import PROSE
from houqin_report.lint.texts import CLAUSE_END, Text
from houqin_report.text.chars import CJK as _CJK

_MSG_X = "仍是占位符，请填写实际的数字或名称"
_MSG_YEAR = "年份仍是占位符，请填写实际年份"
_MSG_BLANK = "有未填写的空（下划线）"
_MSG_STAR = "有星号，可能是被过滤掉的字词，请补全"
_MSG_BRACKET = "括号里是空的，请填写或删去括号"
_MSG_SOMEONE = "“某某”应换成实际的名称或姓名"
_MSG_ELLIPSIS = "省略号处的内容没有写出来"
_MSG_UNFILLED = "还没有填写（这是模板里占位的字）"

_YEAR = re.compile(r"(?<![0-9A-Za-z])(?:1[89]|20)(?:[xX]{2}|\d[xX]|_{2,})(?![A-Za-z])")  # 20xx06: a month may follow
_BLANK = re.compile(r"_{2,}")
# 〇〇小学 is a blank; 二〇〇八年 is a year written in Chinese numerals.
_SOMEONE = re.compile(r"某{2,}|[○◯□]{2,}|(?<![一二三四五六七八九十百千万亿零〇两])〇{2,}(?![一二三四五六七八九十百千万亿零〇两年])")
# x standing for digits next to real digits or a decimal point: xx.x%, x.x万元, 0717-6xxxxxx,
# 1xx人 (never a single x between figures: 3x4, 1920x1080 are "times").
_X_FIGURE = re.compile(r"(?<![A-Za-z\d])(?:[xX]+(?:[.,][xX]+)+%?|\d[\d-]*[xX]{2,}[\dxX-]*|[xX]{2,}\d[\dxX-]*)(?![A-Za-z])")
_UNFILLED = re.compile(r"待填写|待补充|待补全|此处填写|在此填写|请在此处?输入")
_BRACKET = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}|【\s*】|〔\s*〕|〖\s*〗|《\s*》|“\s*”|‘\s*’|「\s*」|『\s*』|\"\s*\"")
_STAR = re.compile(r"\*+")
_ELLIPSIS = re.compile(r"…+|⋯+|\.{3,}|。{3,}|·{3,}")
X_TOKEN = re.compile(r"[xX]+%?")
_LATIN_CHAR = re.compile(r"[A-Za-z0-9.+#&/-]")
# X光, X射线: X-rays, not a blank.
_X_RAY = ("光", "射线")


def placeholder_spans(text: Text) -> list[tuple[int, int, str]]:
    """(start, end, message) of each placeholder, widened to the words around it and merged."""
    norm = text.norm
    raw: list[tuple[int, int, str, bool]] = []  # start, end, message, widen on both sides
    for m in _YEAR.finditer(norm):
        raw.append((m.start(), m.end(), _MSG_YEAR, False))
    for m in _BLANK.finditer(norm):
        raw.append((m.start(), m.end(), _MSG_BLANK, False))
    for m in _SOMEONE.finditer(norm):
        raw.append((m.start(), m.end(), _MSG_SOMEONE, False))
    for m in _X_FIGURE.finditer(norm):
        if not _YEAR.match(norm, m.start()):  # 20xx06: a year and a month, said as a year
            raw.append((m.start(), m.end(), _MSG_X, False))
    for m in _UNFILLED.finditer(norm):
        raw.append((m.start(), m.end(), _MSG_UNFILLED, False))
    for m in _BRACKET.finditer(norm):
        raw.append((m.start(), m.end(), _MSG_BRACKET, False))
    for m in _STAR.finditer(norm):
        before = norm[m.start() - 1] if m.start() else ""
        after = norm[m.end()] if m.end() < len(norm) else ""
        if _CJK.match(before) or _CJK.match(after):
            raw.append((m.start(), m.end(), _MSG_STAR, False))
    for m in _ELLIPSIS.finditer(norm):
        if _ellipsis_is_filler(norm, m.start(), m.end()):
            raw.append((m.start(), m.end(), _MSG_ELLIPSIS, True))
    if "x" in norm or "X" in norm:  # a lone x needs the words around it; else no cut at all
        tokens = text.tokens
        for i, token in enumerate(tokens):
            if X_TOKEN.fullmatch(token) and not _x_is_near_miss(text, i):
                raw.append((text.starts[i], text.starts[i] + len(token), _MSG_X, False))
    if not raw:
        return []
    widened = sorted(((*_widen(text, start, end, both), message) for start, end, message, both in raw), key=lambda r: (r[0], -r[1]))
    merged: list[list] = []
    for start, end, message in widened:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, message])
    return [(s, e, msg) for s, e, msg in merged]


def _x_is_near_miss(text: Text, i: int) -> bool:
    """A lone x token that is not a blank: part of Latin text or figures (3 x 4, iPhone X,
    X-ray, A/B/X), or X-rays (X光机)."""
    norm, start, end = text.norm, text.starts[i], text.starts[i] + len(text.tokens[i])
    before = norm[:start].rstrip()[-1:]
    after = norm[end:].lstrip()[:1]
    if _LATIN_CHAR.fullmatch(before) or _LATIN_CHAR.fullmatch(after):
        return True
    return i + 1 < len(text.tokens) and text.tokens[i + 1].startswith(_X_RAY)


def _ellipsis_is_filler(norm: str, start: int, end: int) -> bool:
    """An ellipsis stands for text never written when it is all its clause holds (……。),
    follows 等 (等…… : 等 already closes the list; a sample text's "add more here"), or sits
    inside a clause (在……的领导下, ……等). One that closes an enumeration after real items
    (电脑、打印机……) is ordinary punctuation (GB/T 15834) and is left alone."""
    if start and norm[start - 1] == "等":
        return True
    after = norm[end] if end < len(norm) else ""
    if after and (_CJK.match(after) or after.isalnum()):
        return True
    clause_start = start
    while clause_start and not CLAUSE_END.match(norm[clause_start - 1]):
        clause_start -= 1
    return not re.search(r"\w", norm[clause_start:start])


# A unit after a number that jieba may glue to the following word (x月x日区教育局, x次之多).
_MEASURE_WORDS = frozenset("日月号次处个份件张把套支台间")


# Units jieba cuts in two that read as one after a number: x个月, x人次.
_TWO_TOKEN_UNITS = frozenset({"个月", "人次", "小时", "周年", "课时", "学时", "平方米"})


def _widen(text: Text, start: int, end: int, both: bool) -> tuple[int, int]:
    """Take in the words a placeholder stands with, so the finding reads as a phrase:
    the word after it (x号, x月, x小学; x个月 as one unit);
    when nothing follows, the words before it (整改x, 整改率为x%); an ellipsis both."""
    tokens, starts = text.tokens, text.starts
    after = bisect_left(starts, end)  # the first token starting at or after end
    before = bisect_right(starts, start) - 1  # the token holding start, then the one before it
    if before >= 0 and starts[before] + len(tokens[before]) > start:
        before -= 1
    new_end = end
    if after < len(tokens) and starts[after] == end and _CJK.match(tokens[after]):
        new_end = starts[after] + len(tokens[after])
        if len(tokens[after]) > 1 and tokens[after][0] in _MEASURE_WORDS:
            new_end = starts[after] + 1  # jieba glued the unit to the next word: x日区 → x日
        nxt = after + 1
        if nxt < len(tokens) and tokens[after] + tokens[nxt] in _TWO_TOKEN_UNITS:
            new_end = starts[nxt] + len(tokens[nxt])
    new_start = start
    if new_end == end or both:
        taken = 0
        j = before
        while j >= 0 and taken < 2 and starts[j] + len(tokens[j]) == new_start and _CJK.fullmatch(tokens[j][-1]):
            new_start = starts[j]
            taken += len(tokens[j])
            j -= 1
    return new_start, new_end


def find_placeholders(text: str) -> list[tuple[int, int, str]]:
    """(start, end, message) of each placeholder in one string, by the rules above: the
    entry point for text that is not in a facts file (the documents doccheck reads)."""
    return placeholder_spans(Text((), text, PROSE))


def lint_text(text: str) -> list[tuple[str, str]]:
    """The placeholder lint on a piece of text: ("placeholder", words as written) per hit."""
    return [("placeholder", text[s:e]) for s, e, _ in find_placeholders(text)]
