"""lint: the free text of a facts file, read the way a careful colleague would.

`houqin check` first validates a file (load.py); a valid file can still say things the
documents should not repeat. This module finds, in every string the user wrote:

- placeholder (错误): a sample text's blanks left in: x/X/××/XX standing for a number or a
  name (整改x处, x月x日, x号教学楼, XX小学, 价值x万x千元), 20xx / 20__, runs of ____, a * where a
  filter swallowed a word (*采购), empty brackets 【】（）, 某某, and an ellipsis that stands
  for text never written (see _ellipsis_is_filler);
- contradiction (错误): a figure in the prose that the structured facts contradict: 整改率,
  hazards found / fixed, inspection rounds, purchase batches, drills, and an item's total
  amount in its own 说明. Only figures that can be tied to one fact are checked;
- copied (提示): a sentence taken over from last term's file (with `previous`);
- long_sentence (提示): a sentence of more than LONG_SENTENCE characters without 。！？；;
- repeated (提示): the same sentence twice in one file;
- control_char (提示): control characters (\\x07, \\x00 written as escapes) or other characters
  a .docx cannot hold, which the reader removed from a value (yamlread.Document.removed):
  removed, never silently.

Placeholders need words, not only a regex: `\\b` never fires between Chinese characters, so a
lone x in 整改x处 is found as a token of its own (segment.cut, jieba with our dictionary),
while x inside a token stays part of a real thing. Not placeholders (near misses):
- X3型, Excel, USB, Windows XP, XXL: the letter is part of a longer token (a model, a word);
- 3x4米, 4x4, 1920x1080, 3×4, and 3 x 4 with spaces: x between figures is "times";
- iPhone X: an x next to a Latin word or a figure belongs to that Latin text;
- X光机, X射线: X-ray equipment (a school infirmary or security gate has one).
An ellipsis that closes an enumeration after real items (购置了电脑、打印机……) is ordinary
punctuation and is left alone.

Every string is normalised one character for one character (full-width → half-width, × → x),
so offsets in the normalised text are offsets in what the user wrote, and cut once.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional, Tuple

from . import segment, values, wording
from .context import hazard_figures
from .load import validate
from .model import Facts
from .resources import resource_path
from .yamlread import Document, Loc, format_path, read_document

__all__ = [
    "ERROR",
    "HINT",
    "Finding",
    "lint_document",
    "lint_file",
    "lint_text",
    "placeholder_spans",
    "HazardClaims",
    "hazard_claims",
    "rate_fits",
    "figures_contradicted",
    "findings_json",
    "has_errors",
    "COPIED_AT",
    "SIMILAR_AT",
    "MIN_TOKENS",
    "LONG_SENTENCE",
    "CONTROL_CHAR_MESSAGE",
]

ERROR = "错误"
HINT = "提示"

COPIED_AT = Decimal("0.8")
"""Jaccard similarity of word pairs from which a sentence counts as copied from last term."""
SIMILAR_AT = Decimal("0.5")
"""From here up to COPIED_AT a sentence is "highly similar": last term's text with words swapped."""
MIN_TOKENS = 6
"""Sentences with fewer content words are not compared (too short to tell copying from chance)."""
LONG_SENTENCE = 120
"""A sentence longer than this many characters without 。！？； is hard to read aloud."""
CONTROL_CHAR_MESSAGE = "含有无法写入文档的控制字符，已删除"

Previous = Tuple[Document, Optional[Facts], str]  # last term: its document, facts (if valid), file name


@dataclass(frozen=True)
class Finding:
    """One thing the lint found in one string of a facts file."""

    level: str  # ERROR or HINT
    file: str
    line: int | None
    path: str  # 项目建设[2].说明
    kind: str  # placeholder, contradiction, copied, long_sentence, repeated, control_char
    words: str  # the offending words, as written
    message: str  # Chinese
    other: str | None = None  # the other place: "LAST.yaml:12 下一步[1]"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: [{self.level}] {self.message}「{self.words}」"
        if self.other:
            text += f"（{_OTHER_LABEL.get(self.kind, '另见')}：{self.other}）"
        return text


_OTHER_LABEL = {"copied": "上期", "repeated": "另见"}


# ---------------------------------------------------------------------------------------------
# Which strings are free text, and what each may be checked against
# ---------------------------------------------------------------------------------------------

# Roles: a label (a name, a place, a person) is checked for placeholders only; prose is checked
# for everything. The scope of prose says which facts its figures may be compared with:
LABEL = "label"
PROSE = "prose"  # this term's prose about one hazard: no totals are tied to it
SUMMARY = "summary"  # this term as a whole (工作, 存在问题, 概况): hazard totals, batches, drills
ITEM = "item"  # a project's or purchase's own 说明: its 金额
FUTURE = "future"  # next term (下一步, 计划): figures there are goals, never contradictions

_SPEC: dict = {
    "学校": LABEL,
    "上级单位": LABEL,
    "部门": LABEL,
    "概况": {"*": SUMMARY},
    "项目建设": [{"名称": LABEL, "资金来源": LABEL, "说明": ITEM}],
    "隐患排查": {"隐患": [{"位置": LABEL, "描述": PROSE, "措施": PROSE, "责任人": LABEL}]},
    "采购": [{"物品": LABEL, "说明": ITEM}],
    "培训": [{"名称": LABEL, "对象": LABEL, "组织": LABEL}],
    "工作": [{"": SUMMARY, "内容": SUMMARY}],  # "" is a bare string standing for 内容
    "指标": [{"名称": LABEL}],
    "荣誉": [LABEL],
    "存在问题": [SUMMARY],
    "下一步": [FUTURE],
    "计划": {"目标": [FUTURE], "重点工作": [{"": FUTURE, "内容": FUTURE, "责任": LABEL}]},
}


def _strings(data: object, spec: object, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """(loc, text, role) of every free-text string in data, in file order. Defensive: the
    previous term's file need not be valid."""
    if isinstance(spec, str):
        if isinstance(data, str) and data.strip():
            yield loc, data, spec
    elif isinstance(spec, list):
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _strings(item, spec[0], loc + (i,))
    elif isinstance(spec, dict):
        if isinstance(data, str) and "" in spec:
            yield from _strings(data, spec[""], loc)
        elif isinstance(data, dict):
            for key, value in data.items():
                sub = spec.get(key, spec.get("*"))
                if sub is not None and key != "":
                    yield from _strings(value, sub, loc + (key,))


# ---------------------------------------------------------------------------------------------
# Normalising and cutting: once per string
# ---------------------------------------------------------------------------------------------

# One character for one character, so offsets stay valid: full-width ASCII → ASCII,
# the ideographic space → space, × (often typed for x in templates) → x.
_ONE_TO_ONE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_ONE_TO_ONE.update({0x3000: 0x20, 0x00D7: ord("x")})

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
_CLAUSE_END = re.compile(r"[，,。！？；!?;\n、：:]")
_NUMBER = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿.,%]+")
_PUNCT_OR_SPACE = re.compile(r"[\W_]+")


@dataclass
class _Text:
    """One string of the file, normalised; cut into words only when a check needs the words
    (most strings have no placeholder and no sentence seen twice: then jieba is not needed)."""

    loc: Loc
    raw: str
    role: str
    norm: str = ""
    _tokens: list[str] | None = field(default=None, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.norm = self.raw.translate(_ONE_TO_ONE)

    @property
    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._cut()
        return self._tokens  # type: ignore[return-value]

    @property
    def starts(self) -> list[int]:
        if self._tokens is None:
            self._cut()
        return self._starts

    def _cut(self) -> None:
        self._tokens = segment.cut(self.norm)
        pos = 0
        for token in self._tokens:
            # jieba returns every character, in order; find() only guards against a future change.
            if not self.norm.startswith(token, pos):
                pos = self.norm.find(token, pos)
            self._starts.append(pos)
            pos += len(token)

    def sentences(self) -> Iterator[tuple[int, int, "_Words"]]:
        """(start, end, words) of each sentence, cut on 。！？；!?; and line breaks; words is
        the sentence's tokens, cut when first asked for (list(words))."""
        bounds = []
        pos = 0
        for m in _SENTENCE_END.finditer(self.norm):
            bounds.append((pos, m.start()))
            pos = m.end()
        bounds.append((pos, len(self.norm)))
        for start, end in bounds:
            words = _Words(self, start, end)
            while start < end and self.norm[start].isspace():
                start += 1
            while end > start and self.norm[end - 1].isspace():
                end -= 1
            if end > start:
                yield start, end, words


class _Words:
    """The tokens of a text that start in [start, end): iterated, they cut the text."""

    __slots__ = ("text", "start", "end")

    def __init__(self, text: _Text, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end

    def __iter__(self) -> Iterator[str]:
        starts = self.text.starts
        return iter(self.text.tokens[bisect_left(starts, self.start):bisect_left(starts, self.end)])


# ---------------------------------------------------------------------------------------------
# Placeholders
# ---------------------------------------------------------------------------------------------

_MSG_X = "仍是占位符，请填写实际的数字或名称"
_MSG_YEAR = "年份仍是占位符，请填写实际年份"
_MSG_BLANK = "有未填写的空（下划线）"
_MSG_STAR = "有星号，可能是被过滤掉的字词，请补全"
_MSG_BRACKET = "括号里是空的，请填写或删去括号"
_MSG_SOMEONE = "“某某”应换成实际的名称或姓名"
_MSG_ELLIPSIS = "省略号处的内容没有写出来"

_YEAR = re.compile(r"(?<![0-9A-Za-z])(?:1[89]|20)(?:[xX]{2}|\d[xX]|_{2,})(?![A-Za-z])")  # 20xx06: a month may follow
_BLANK = re.compile(r"_{2,}")
_SOMEONE = re.compile(r"某{2,}|[○◯□]{2,}")
_BRACKET = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}|【\s*】|〔\s*〕|〖\s*〗|《\s*》|“\s*”|‘\s*’|「\s*」|『\s*』|\"\s*\"")
_STAR = re.compile(r"\*+")
_ELLIPSIS = re.compile(r"…+|⋯+|\.{3,}|。{3,}|·{3,}")
_X_TOKEN = re.compile(r"[xX]+%?")
_LATIN_CHAR = re.compile(r"[A-Za-z0-9.+#&/-]")
# X光, X射线: X-rays, not a blank.
_X_RAY = ("光", "射线")


def _placeholder_spans(text: _Text) -> list[tuple[int, int, str]]:
    """(start, end, message) of each placeholder, widened to the words around it and merged."""
    norm = text.norm
    raw: list[tuple[int, int, str, bool]] = []  # start, end, message, widen on both sides
    for m in _YEAR.finditer(norm):
        raw.append((m.start(), m.end(), _MSG_YEAR, False))
    for m in _BLANK.finditer(norm):
        raw.append((m.start(), m.end(), _MSG_BLANK, False))
    for m in _SOMEONE.finditer(norm):
        raw.append((m.start(), m.end(), _MSG_SOMEONE, False))
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
            if _X_TOKEN.fullmatch(token) and not _x_is_near_miss(text, i):
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


def _x_is_near_miss(text: _Text, i: int) -> bool:
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
    while clause_start and not _CLAUSE_END.match(norm[clause_start - 1]):
        clause_start -= 1
    return not re.search(r"\w", norm[clause_start:start])


# A unit after a number that jieba may glue to the following word (x月x日区教育局, x次之多).
_MEASURE_WORDS = frozenset("日月号次处个份件张把套支台间")
# Units jieba cuts in two that read as one after a number: x个月, x人次.
_TWO_TOKEN_UNITS = frozenset({"个月", "人次", "小时", "周年", "课时", "学时", "平方米"})


def _widen(text: _Text, start: int, end: int, both: bool) -> tuple[int, int]:
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


def placeholder_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, message) of each placeholder in one string, by the rules above: the
    entry point for text that is not in a facts file (the documents doccheck reads)."""
    return _placeholder_spans(_Text((), text, PROSE))


def lint_text(text: str) -> list[tuple[str, str]]:
    """The placeholder lint on a piece of text: ("placeholder", words as written) per hit."""
    return [("placeholder", text[s:e]) for s, e, _ in placeholder_spans(text)]


# ---------------------------------------------------------------------------------------------
# Figures in the prose that contradict the facts
# ---------------------------------------------------------------------------------------------

_NUM = r"(\d+(?:\.\d+)?)"
_RATE = re.compile(r"整改(?:到位)?率(?:为|是|达到?了?|已达到?|高达|:)?\s*" + _NUM + r"\s*%(以上)?")
_FOUND = re.compile(
    r"(?:排查出|排查发现|检查出|检查发现|查出|发现|排查)(?!率)([^，,。；;：:\d]{0,10}?)隐患(?:共|合计|总计)?\s*(\d+)\s*(?:处|个|项|条|起)"
    r"|(?:排查出|排查发现|检查发现|查出|发现)(?:了|各类|各种|大小)?(?:共|合计)?\s*(\d+)\s*(?:处|个|项|条|起)(?:[^，,。；;\d]{0,6}?)隐患"
)
_FIXED = re.compile(r"(?<![未待需在])整改(?:到位|完成|完毕|落实)?了?(?:共)?\s*(\d+)\s*(?:处|个|项|条|起)?(?=[，,。；;、\s）)]|$)")
_ROUNDS = re.compile(r"排查(?:工作)?(?:共|达|累计|了)?\s*(\d+)\s*(?:次|轮)|(\d+)\s*(?:次|轮)(?:[^，,。；;\d]{0,6}?)排查")
_BATCHES = re.compile(r"采购(?:了)?(?:[^，,。；;\d]{0,6}?)(\d+)\s*批次")
_DRILLS = re.compile(r"([\u4e00-\u9fff、]{0,16}?)演练(?:活动)?(?:共|了)?\s*(\d+)\s*(?:次|场)")
# A drill total is only tied to the facts when the words before 演练 name no particular
# drill (消防, 防震…): 本学期共组织安全应急疏散演练3次 is all drills; 消防疏散演练2次 may not be.
_GENERIC_DRILL = re.compile(
    r"本学期|本学年|本年度|全年|全校|师生|全体|学生|组织|开展|举行|举办|进行|完成|共|累计|"
    r"各类|各种|各项|安全|应急|疏散|紧急|逃生|了|和|与|及|、"
)
_EVERY = re.compile(r"每")
_AMOUNT = re.compile(
    r"(总投资额?|投资总额|总投入|总金额|总价款?|总造价|总费用|合同(?:总)?(?:价款?|金额)|中标(?:价|金额)"
    r"|共投资|共投入|共花费|共支出|共计|合计|累计投入|累计投资|价值|(?:项目|采购|工程)?金额)"
    r"(?:为|是|达到?|共|了|:|人民币)*\s*(约|近|超过|逾)?\s*"
    r"([¥￥]?\d[\d,]*(?:\.\d+)?(?:[亿万千百]\d*(?:\.\d+)?)*\s*(?:元|圆)?)(余|多|左右|以上)?"
)
# Words that make an amount a part, not the item's total.
_PARTIAL = re.compile(r"其中|另|追加|新增|增加|首期|[一二三]期|剩余|尚需|还需|支付|拨付|到位|每|单价|分别|部分|先期|预付|尾款|结余|节约|节省")


def _clause_at(norm: str, pos: int) -> str:
    start = pos
    while start and not _CLAUSE_END.match(norm[start - 1]):
        start -= 1
    end = pos
    while end < len(norm) and not _CLAUSE_END.match(norm[end]):
        end += 1
    return norm[start:end]


def _sentence_at(norm: str, pos: int) -> str:
    starts = [m.end() for m in _SENTENCE_END.finditer(norm, 0, pos)]
    start = starts[-1] if starts else 0
    m = _SENTENCE_END.search(norm, pos)
    return norm[start : m.start() if m else len(norm)]


def _rate_agrees(said: Decimal, fixed: int, found: int, at_least: bool) -> bool:
    """Whether a 整改率 written in the prose fits fixed/found. The documents print the rate to
    one decimal (wording.rate); prose may round further, so the exact rate is rounded half up
    to as many decimals as the prose wrote (67% and 66.7% both fit 2 of 3; 66.6% does not)."""
    exact = Decimal(fixed) * 100 / Decimal(found)
    if at_least:
        return exact >= said
    if said == 100 and fixed < found:
        return False  # 100% says every hazard was fixed; rounding 99.6 up does not make it so
    places = Decimal(1).scaleb(said.as_tuple().exponent) if said.as_tuple().exponent < 0 else Decimal(1)
    return exact.quantize(places, rounding=ROUND_HALF_UP) == said


class _Figures:
    """The facts a figure in the prose may be compared with, computed once per file."""

    def __init__(self, facts: Facts):
        self.facts = facts
        inspection = facts.inspection
        self.hazards = hazard_figures(facts) if inspection else None
        self.hazards_known = bool(inspection and (inspection.hazards or inspection.found_total is not None))
        self.rounds = inspection.rounds if inspection else None
        self.drills = [t for t in facts.trainings if t.kind == "演练"]


def _contradictions(text: _Text, figures: _Figures) -> Iterator[tuple[str, str]]:
    """(words, message) of each figure in text that the facts contradict."""
    norm, raw = text.norm, text.raw
    if text.role == SUMMARY:
        yield from _summary_contradictions(norm, raw, figures)
    elif text.role == ITEM:
        section, index = text.loc[0], text.loc[1]
        items = figures.facts.projects if section == "项目建设" else figures.facts.purchases
        if isinstance(index, int) and index < len(items) and items[index].amount is not None:
            yield from _amount_contradictions(norm, raw, items[index].amount, section)


@dataclass(frozen=True)
class HazardClaims:
    """What one text says about hazards: (start, end, figure) of each count of hazards found,
    of hazards fixed, and (start, end, rate, at_least) of each 整改率 (整改率达95%以上:
    at_least). Offsets are into the text as written."""

    found: list[tuple[int, int, int]]
    fixed: list[tuple[int, int, int]]
    rates: list[tuple[int, int, Decimal, bool]]


def hazard_claims(text: str) -> HazardClaims:
    """The hazard figures text states, by the rules the contradiction check reads them with
    (每…: a frequency, never a total)."""
    return _hazard_claims(text.translate(_ONE_TO_ONE))


def _hazard_claims(norm: str) -> HazardClaims:
    found, fixed, rates = [], [], []
    if "隐患" not in norm:
        return HazardClaims(found, fixed, rates)
    for m in _RATE.finditer(norm):
        if not _EVERY.search(_clause_at(norm, m.start())) and "隐患" in _sentence_at(norm, m.start()):
            rates.append((m.start(), m.end(), Decimal(m.group(1)), bool(m.group(2))))
    for m in _FOUND.finditer(norm):
        if "整改" not in (m.group(1) or "") and not _EVERY.search(_clause_at(norm, m.start())):
            found.append((m.start(), m.end(), int(m.group(2) or m.group(3))))
    for m in _FIXED.finditer(norm):
        if "隐患" in _sentence_at(norm, m.start()) and not _EVERY.search(_clause_at(norm, m.start())):
            fixed.append((m.start(), m.end(), int(m.group(1))))
    return HazardClaims(found, fixed, rates)


def rate_fits(said: Decimal, fixed: int, found: int, at_least: bool = False) -> bool:
    """Whether a 整改率 written as said fits fixed of found hazards (see _rate_agrees)."""
    return _rate_agrees(said, fixed, found, at_least)


def figures_contradicted(text: str, facts: Facts) -> list[tuple[str, str]]:
    """(words, message) of each figure in a piece of this term's prose (a paragraph of a
    summary, say) that the facts contradict: the rules for 工作 and 存在问题 above."""
    norm = text.translate(_ONE_TO_ONE)
    return list(_summary_contradictions(norm, text, _Figures(facts)))


def _summary_contradictions(norm: str, raw: str, figures: _Figures) -> Iterator[tuple[str, str]]:
    h = figures.hazards
    if h is not None and figures.hazards_known and "隐患" in norm:
        claims = _hazard_claims(norm)
        for start, end, said, at_least in claims.rates:
            if h.found and not _rate_agrees(said, h.fixed, h.found, at_least):
                yield raw[start:end], f"整改率与事实不符：应为{wording.percent(h.rate)}（发现{h.found}处，已整改{h.fixed}处）"
        for start, end, number in claims.found:
            if number != h.found:
                yield raw[start:end], f"隐患数与事实不符：隐患排查共发现{h.found}处"
        for start, end, number in claims.fixed:
            if number != h.fixed:
                yield raw[start:end], f"整改数与事实不符：已整改{h.fixed}处（共发现{h.found}处）"
    if figures.rounds is not None:
        for m in _ROUNDS.finditer(norm):
            if _EVERY.search(_clause_at(norm, m.start())):
                continue
            if int(m.group(1) or m.group(2)) != figures.rounds:
                yield raw[m.start() : m.end()], f"排查次数与事实不符：隐患排查.排查次数为{figures.rounds}"
    purchases = figures.facts.purchases
    if purchases:
        for m in _BATCHES.finditer(norm):
            if not _EVERY.search(_clause_at(norm, m.start())) and int(m.group(1)) != len(purchases):
                yield raw[m.start() : m.end()], f"采购批次与事实不符：采购清单共{len(purchases)}项"
    if figures.drills:
        for m in _DRILLS.finditer(norm):
            qualifier = _GENERIC_DRILL.sub("", m.group(1))
            if qualifier or _EVERY.search(_clause_at(norm, m.start())):
                continue  # a particular drill, or a frequency: not tied to the total
            if int(m.group(2)) != len(figures.drills):
                yield raw[m.start() : m.end()], f"演练次数与事实不符：培训中类型为演练的共{len(figures.drills)}次"


def _amount_contradictions(norm: str, raw: str, amount: Decimal, section: str) -> Iterator[tuple[str, str]]:
    for m in _AMOUNT.finditer(norm):
        money = m.group(3)
        if m.group(2) or m.group(4):
            continue  # 约128万元, 128万余元: an approximate figure cannot contradict
        if not re.search(r"[元圆万亿¥￥]", money):
            continue  # 共计12台: a count, not money
        if _PARTIAL.search(_clause_at(norm, m.start())):
            continue
        try:
            said = values.parse_money(money)
        except ValueError:
            continue
        if said != amount:
            what = "本项目" if section == "项目建设" else "本次采购"
            yield raw[m.start() : m.end(3)], f"金额与事实不符：{what}的金额是{wording.yuan(amount)}"


# ---------------------------------------------------------------------------------------------
# Copied, long and repeated sentences
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _stopwords() -> frozenset[str]:
    text = resource_path("data", "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _content(tokens: list[str]) -> list[str]:
    """Tokens that carry meaning: no punctuation, spaces, stop words, numbers or blanks."""
    stop = _stopwords()
    out = []
    for token in tokens:
        t = token.casefold()
        if t in stop or _PUNCT_OR_SPACE.fullmatch(t) or _NUMBER.fullmatch(t) or _X_TOKEN.fullmatch(t):
            continue
        out.append(t)
    return out


def _pairs(words: list[str]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(words, words[1:]))


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


@dataclass
class _Sentence:
    text: str  # as written
    pairs: frozenset
    where: str  # "file:line path"


def _where(file: str, line: int | None, loc: Loc) -> str:
    return f"{file}:{line} {format_path(loc)}" if line else f"{file} {format_path(loc)}"


def _previous_sentences(previous: Previous) -> list[_Sentence]:
    document, _facts, file = previous
    out = []
    if not isinstance(document.data, dict):
        return out
    for loc, raw, role in _strings(document.data, _SPEC):
        if role == LABEL:
            continue
        text = _Text(loc, raw, role)
        for start, end, tokens in text.sentences():
            words = _content(tokens)
            if len(words) >= MIN_TOKENS:
                out.append(_Sentence(raw[start:end], _pairs(words), _where(file, document.line_of(loc), loc)))
    return out


def _best_match(pairs: frozenset, index: dict, previous: list[_Sentence]) -> tuple[Decimal, _Sentence | None]:
    shared: dict[int, int] = {}
    for pair in pairs:
        for k in index.get(pair, ()):
            shared[k] = shared.get(k, 0) + 1
    best, best_k = Decimal(0), None
    for k, n in shared.items():
        score = Decimal(n) / Decimal(len(pairs) + len(previous[k].pairs) - n)
        if score > best:
            best, best_k = score, k
    return best, (previous[best_k] if best_k is not None else None)


# ---------------------------------------------------------------------------------------------
# The lint
# ---------------------------------------------------------------------------------------------


def _sentence_key(text: _Text, start: int, end: int) -> str:
    """A sentence as compared for repeats: no punctuation or spaces, case folded."""
    return _PUNCT_OR_SPACE.sub("", text.norm[start:end]).casefold()


def _sentences_twice(texts: list[_Text]) -> set[str]:
    """The keys of the sentences that occur more than once in the prose of one file."""
    counts: dict[str, int] = {}
    for text in texts:
        if text.role != LABEL:
            for start, end, _ in text.sentences():
                key = _sentence_key(text, start, end)
                counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n > 1}


def lint_document(document: Document, facts: Facts | None, file: str, previous: Previous | None = None) -> list[Finding]:
    """Every finding in the free text of one facts file (already read and validated).

    previous, when given, is last term's (document, facts or None, file name), for copied text.
    """
    findings: list[Finding] = []
    if not isinstance(document.data, dict):
        return findings
    figures = _Figures(facts) if facts is not None else None
    prev = _previous_sentences(previous) if previous is not None else []
    index: dict[tuple, list[int]] = {}
    for k, sentence in enumerate(prev):
        for pair in sentence.pairs:
            index.setdefault(pair, []).append(k)
    seen: dict[str, str] = {}  # normalised sentence → where it first appeared
    texts = [_Text(loc, raw, role) for loc, raw, role in _strings(document.data, _SPEC)]
    # Without last term's file, a sentence's words matter only when it occurs twice in this
    # one (repeated); a sentence written once is not cut into words at all.
    twice = None if prev else _sentences_twice(texts)

    for text in texts:
        loc, raw, role = text.loc, text.raw, text.role
        line = document.line_of(loc)
        path = format_path(loc)

        def add(level: str, kind: str, words: str, message: str, other: str | None = None) -> None:
            findings.append(Finding(level, file, line, path, kind, words, message, other))

        for start, end, message in _placeholder_spans(text):
            add(ERROR, "placeholder", raw[start:end], message)
        if role == LABEL:
            continue
        if figures is not None:
            for words, message in _contradictions(text, figures):
                add(ERROR, "contradiction", words, message)
        for start, end, tokens in text.sentences():
            sentence = raw[start:end]
            if len(sentence) > LONG_SENTENCE:
                add(HINT, "long_sentence", _short(sentence, 20), f"句子过长：{len(sentence)}字没有句号，建议拆成几句")
            key = _sentence_key(text, start, end)
            if twice is not None and key not in twice:
                continue
            words = _content(tokens)
            if len(words) < MIN_TOKENS:
                continue
            if key in seen:
                add(HINT, "repeated", _short(sentence), "与本文件另一处重复", seen[key])
            else:
                seen[key] = _where(file, line, loc)
            if prev:
                score, match = _best_match(_pairs(words), index, prev)
                if match is not None and score >= COPIED_AT:
                    add(HINT, "copied", _short(sentence), "与上期文本雷同", match.where)
                elif match is not None and score >= SIMILAR_AT:
                    add(HINT, "copied", _short(sentence), "与上期文本高度相似（套用模板？）", match.where)
    for loc, line, codes in document.removed:
        findings.append(Finding(HINT, file, line, format_path(loc), "control_char", codes, CONTROL_CHAR_MESSAGE))
    findings.sort(key=lambda f: f.line or 0)
    return list(dict.fromkeys(findings))


def lint_file(path: str | Path, previous_path: str | Path | None = None) -> list[Finding]:
    """Read, validate (raising FactsError as load does) and lint one facts file.

    previous_path: last term's file, for copied text. It is only read, not validated strictly:
    a file written under an older format still has its sentences.
    """
    return load_and_lint(path, previous_path)[1]


def load_and_lint(path: str | Path, previous_path: str | Path | None = None) -> tuple[Facts, list[Finding]]:
    """The validated facts of one file and the findings of its prose, reading the file once."""
    from .errors import FactsError

    path = Path(path)
    document = read_document(path)
    facts = validate(document, str(path))
    previous = None
    if previous_path is not None:
        previous_path = Path(previous_path)
        prev_doc = read_document(previous_path)
        try:
            prev_facts: Facts | None = validate(prev_doc, str(previous_path))
        except FactsError:
            prev_facts = None
        previous = (prev_doc, prev_facts, str(previous_path))
    return facts, lint_document(document, facts, str(path), previous)


def check_files(paths, previous_path: str | Path | None = None, jobs: int | None = None):
    """(path, findings, problems) of each file, in order, read on all cores (parallel.py):
    problems is the list of a FactsError's problems when the file is invalid (findings then
    empty), else None."""
    from .parallel import ordered_map

    return ordered_map(_check_one, [(path, previous_path) for path in paths], jobs)


def _check_one(job: tuple) -> tuple:
    from .errors import FactsError

    path, previous_path = job
    try:
        return path, load_and_lint(path, previous_path)[1], None
    except FactsError as exc:
        return path, [], list(exc.problems)


def has_errors(findings: list[Finding]) -> bool:
    """Whether any finding is an error (then `houqin check` fails)."""
    return any(f.level == ERROR for f in findings)


def findings_json(findings: list[Finding]) -> str:
    """The findings as a JSON array, Chinese kept readable (for editors and other tools)."""
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)
