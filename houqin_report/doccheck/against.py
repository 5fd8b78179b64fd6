"""`--facts 事实.yaml`: a document against the facts it was written from.

What the facts say in a document is known exactly: it is the summary (or plan) the tool
writes from them (core.generated_documents), read back like any .docx. The document checked
— a copy of it edited in Word, or passed through some other tool — is lined up with that one,
paragraph by paragraph and row by row (difflib: equal paragraphs first, then the most alike),
and within each pair of paragraphs or cells every figure, date and name the facts gave is
looked up where it stood:

- changed (错误): a figure, date or name that reads differently now (128万元 → 138万元). Values
  are compared, not spellings: 1280000元 is 128万元, 二〇二四年七月五日 is 2024年7月5日;
- removed (错误): one that is gone, a paragraph that held any (or text the user wrote in the
  facts), a table row, a table; a paragraph of stock wording gone is a 提示;
- contradiction (错误): in what was added to a summary, a figure the facts contradict (the
  facts lint's rules: 整改率, hazards found and fixed, rounds, purchases, drills).

A document that can hardly be lined up (a hand-written one) is not compared paragraph by
paragraph: then the facts' names it does not mention are listed, and the contradictions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path

from . import core
from .arithmetic import MAX_SENTENCE, sentences
from .findings import DocumentFinding, finding, in_cell, in_paragraph, quote
from .core import cn_digits, cn_int
from .numbering import parse as parse_number
from .reader import Document, Paragraph, read_text
from .wordfile import read_docx

__all__ = ["Expected", "expect", "check_against"]

PAIRED_AT = 0.5  # how alike two paragraphs must be to count as one edited
MAX_PAIRS = 20_000  # paragraph pairs compared for likeness in one stretch, at most
MAX_DIFF = 5_000  # characters of a paragraph compared character by character, at most
MOVED_AT = 0.8  # …to count as one moved elsewhere
LINED_UP = 0.3  # the share of the facts' paragraphs found, below which no paragraph is compared


@dataclass(frozen=True)
class Expected:
    """What the facts file says, as the tool writes it; made once, sent to every worker."""

    facts_file: str
    facts: core.Facts
    documents: dict  # "总结" / "计划" → {"docx": the .docx read back, "md": the outline read as .md}
    names: tuple[str, ...]  # the facts' names, longest first
    texts: tuple[str, ...]  # the free text the user wrote, as it appears in documents


def expect(facts_path: Path) -> Expected:
    """Read and validate a facts file and build what the tool writes from it; raises
    FactsError as `check` reports a facts file."""
    facts = core.load_facts(facts_path)
    documents = {
        kind: {"docx": read_docx(data, f"{facts_path}（{kind}）"), "md": read_text(outline, f"{facts_path}（{kind}）", markdown=True)}
        for kind, (outline, data) in core.generated_documents(facts).items()
    }
    return Expected(str(facts_path), facts, documents, _names(facts), _texts(facts))


def _names(facts: core.Facts) -> tuple[str, ...]:
    names = [facts.school, facts.bureau, facts.school + facts.department]
    for p in facts.projects:
        names += [p.name, p.funding]
    if facts.inspection:
        for h in facts.inspection.hazards:
            names += [h.place, h.owner]
    names += [p.item for p in facts.purchases]
    for t in facts.trainings:
        names += [t.name, t.audience, t.organizer]
    names += [i.name for i in facts.indicators]
    names += list(facts.honours)
    return tuple(sorted({n for n in names if n and len(n) >= 2}, key=lambda n: (-len(n), n)))


def _texts(facts: core.Facts) -> tuple[str, ...]:
    texts = [w.text for w in facts.work] + [p.text for p in facts.problems] + list(facts.next_steps)
    texts += [p.note for p in facts.projects] + [p.note for p in facts.purchases]
    if facts.inspection:
        for h in facts.inspection.hazards:
            texts += [h.description, h.measure]
    if facts.plan:
        texts += list(facts.plan.goals) + [t.text for t in facts.plan.tasks]
    out = set()
    for text in texts:
        if text:
            # The documents set a user's sentence inside their own: its closing mark may go.
            clause = _norm(text).rstrip("。．.；;，,！!？?")
            if len(clause) >= 4:
                out.add(clause)
    return tuple(sorted(out))


# ---- tokens: the figures, dates and names a text holds

_TOKEN = re.compile(
    r"(?P<date>\d{4}年\d{1,2}月(?:\d{1,2}日)?)"
    r"|(?P<old>[〇一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?)"
    r"|(?P<num>\d+(?:\.\d+)?)(?P<scale>万|亿)?(?P<unit>元|%)?"
)
_SCALE = {None: Decimal(1), "万": Decimal(10000), "亿": Decimal(100000000)}


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    value: tuple  # (kind, value): what is compared

    @property
    def is_name(self) -> bool:
        return self.value[0] == "name"


def _norm(text: str) -> str:
    """Text as compared: no white space (a title broken across lines, a tab after 1.)."""
    return re.sub(r"\s+", "", text)


_NOTE = re.compile(r"\s*附件\s*[：:]\s*")
_LABEL = re.compile(r"\s*附件\s*\d*\s*")


def _body(text: str) -> str:
    """A paragraph as compared: without its heading number (numbers are the numbering
    check's to judge, and an outline has none) or the 附件： before a list of attachments;
    an attachment's label (附件1) holds no fact."""
    if _LABEL.fullmatch(text):
        return ""
    note = _NOTE.match(text)
    offset = note.end() if note else 0
    number = parse_number(text, offset)
    return _norm(text[number.end if number else offset:])


def _tokens(text: str, names: tuple[str, ...]) -> list[_Token]:
    out: list[_Token] = []
    taken = [False] * len(text)
    for name in names:
        start = text.find(name)
        while start != -1:
            if not any(taken[start:start + len(name)]):
                out.append(_Token(start, start + len(name), name, ("name", name)))
                for k in range(start, start + len(name)):
                    taken[k] = True
            start = text.find(name, start + len(name))
    for m in _TOKEN.finditer(text):
        if any(taken[m.start():m.end()]):
            continue
        if m.group("date"):
            y, rest = m.group().split("年", 1)
            mo, _, d = rest.partition("月")
            value = ("date", int(y), int(mo), int(d.rstrip("日")) if d else None)
        elif m.group("old"):
            y, rest = m.group().split("年", 1)
            mo, _, d = rest.partition("月")
            value = ("date", cn_digits(y), cn_int(mo), cn_int(d.rstrip("日")) if d else None)
        else:
            number = Decimal(m.group("num")) * _SCALE[m.group("scale")]
            kind = {"元": "money", "%": "percent"}.get(m.group("unit") or "", "number")
            value = (kind, number.normalize())
        out.append(_Token(m.start(), m.end(), m.group(), value))
    out.sort(key=lambda t: t.start)
    return out


# ---- lining up


def _ratio(a: str, b: str) -> float:
    shorter, longer = sorted((len(a), len(b)))
    if not shorter or 2 * shorter / (shorter + longer) < PAIRED_AT or longer > MAX_DIFF:
        return 0.0  # too unlike in length to pass; or too long to compare (equal ones are paired already)
    m = SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < PAIRED_AT or m.quick_ratio() < PAIRED_AT:
        return 0.0
    return m.ratio()


def _line_up(expected: list[str], actual: list[str], values=None) -> dict[int, int]:
    """expected index → actual index of each pair: equal texts first, then within each
    stretch that differs the most alike (≥ PAIRED_AT), then paragraphs moved elsewhere
    (≥ MOVED_AT, or holding the same figures: 二〇二四年七月五日 for 2024年7月5日)."""
    pairs: dict[int, int] = {}
    blocks = SequenceMatcher(None, expected, actual, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in blocks:
        if tag == "equal":
            pairs.update({i1 + k: j1 + k for k in range(i2 - i1)})
        elif tag == "replace":
            _greedy(pairs, range(i1, i2), range(j1, j2), expected, actual, PAIRED_AT)
    used = set(pairs.values())
    left_i = [i for i in range(len(expected)) if i not in pairs]
    left_j = [j for j in range(len(actual)) if j not in used]
    if left_i and left_j:
        _greedy(pairs, left_i, left_j, expected, actual, MOVED_AT)
        if values is not None:
            used = set(pairs.values())
            for i in left_i:
                if i in pairs or not values[0][i]:
                    continue
                j = next((j for j in left_j if j not in used and values[1][j] == values[0][i]), None)
                if j is not None:
                    pairs[i] = j
                    used.add(j)
    return pairs


def _greedy(pairs: dict[int, int], rows_i, rows_j, expected, actual, at: float) -> None:
    if len(rows_i) * len(rows_j) > MAX_PAIRS:
        return  # a document written some other way: too unlike to pair up, and too slow
    scored = sorted(((r, i, j) for i in rows_i for j in rows_j if (r := _ratio(expected[i], actual[j])) >= at), reverse=True)
    used = set(pairs.values())
    for _, i, j in scored:
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)


def _differences(expected: str, actual: str, names: tuple[str, ...]) -> list[tuple[str, _Token, str]]:
    """("changed" | "removed", the facts' token, what stands there now) for each figure, date
    or name of expected that reads differently in actual."""
    if expected == actual:
        return []
    theirs = _tokens(actual, names)
    if len(expected) > MAX_DIFF or len(actual) > MAX_DIFF:
        # Too long to line up character by character: what is gone is what no longer occurs.
        left = [t.value for t in theirs]
        out = []
        for token in _tokens(expected, names):
            if token.value in left:
                left.remove(token.value)
            else:
                out.append(("removed", token, ""))
        return out
    opcodes = SequenceMatcher(None, expected, actual, autojunk=False).get_opcodes()
    out = []
    for token in _tokens(expected, names):
        span = _span(opcodes, token.start, token.end)
        if span is None:
            continue  # untouched
        start, end = span
        piece = actual[start:end] if end > start else ""
        if not piece:
            out.append(("removed", token, ""))
            continue
        if token.is_name:
            if piece != token.text:
                out.append(("changed", token, piece))
            continue
        around = [t for t in theirs if t.start < end and t.end > start and not t.is_name]
        if any(t.value == token.value for t in around):
            continue
        out.append(("changed", token, "".join(t.text for t in around) or piece))
    return out


def _span(opcodes, start: int, end: int) -> tuple[int, int] | None:
    """Where expected[start:end] stands in actual (a changed part maps to all that replaced
    it); None when it lies inside one equal stretch."""
    if any(tag == "equal" and i1 <= start and end <= i2 for tag, i1, i2, _, _ in opcodes):
        return None
    first = last = None
    for tag, i1, i2, j1, j2 in opcodes:
        if first is None and i1 <= start < i2:
            first = j1 + (start - i1) if tag == "equal" else j1
        if i1 <= end - 1 < i2:
            last = j1 + (end - i1) if tag == "equal" else j2
    for tag, i1, i2, j1, j2 in opcodes:  # text put in right at either edge belongs to it (绿色学校 → 文明校园)
        if tag == "insert" and i1 == end and last is not None:
            last = max(last, j2)
        if tag == "insert" and i1 == start and first is not None:
            first = min(first, j1)
    return (first or 0, last if last is not None else first or 0)


# ---- the check


def check_against(document: Document, expected: Expected) -> list[DocumentFinding]:
    kind = _kind_of(document, expected)
    source = expected.documents[kind]["md" if document.file.lower().endswith(".md") else "docx"]
    names = expected.names
    file = document.file
    out: list[DocumentFinding] = []
    ours = [_body(p.text) for p in source.paragraphs]
    theirs = [_body(p.text) for p in document.paragraphs]
    values = ([_values(t, names) for t in ours], [_values(t, names) for t in theirs])
    pairs = _line_up(ours, theirs, values)
    if len(pairs) < LINED_UP * len(ours):
        return _not_lined_up(document, expected, kind, len(pairs), len(ours))
    for i, p in enumerate(source.paragraphs):
        j = pairs.get(i)
        if not ours[i]:
            continue  # an attachment's label
        if j is None:
            out.append(_removed_paragraph(document, p, ours[i], i, pairs, expected))
            continue
        mine = document.paragraphs[j]
        for what, token, now in _differences(ours[i], theirs[j], names):
            out.append(_difference(file, mine, None, what, token, now, theirs[j]))
    if kind == "总结":
        paired = set(pairs.values())
        for j, p in enumerate(document.paragraphs):
            if j not in paired:
                for words, message in _contradicted(p.text, expected.facts):
                    out.append(in_paragraph(file, p, core.ERROR, "contradiction", words, message))
    out.extend(_tables(document, source, names))
    return out


def _contradicted(text: str, facts: core.Facts) -> list[tuple[str, str]]:
    """The facts lint's prose rules, sentence by sentence (they read no further than one), so
    that a paragraph of a million characters costs no more than its sentences."""
    out = []
    for _, sentence in sentences(text):
        if len(sentence) <= MAX_SENTENCE:
            out.extend(core.figures_contradicted(sentence, facts))
    return out


def _values(text: str, names: tuple[str, ...]) -> tuple:
    return tuple(sorted(t.value for t in _tokens(text, names)))


def _kind_of(document: Document, expected: Expected) -> str:
    title = _norm(document.title)
    if "计划" in title and "总结" not in title:
        return "计划"
    if "总结" in title:
        return "总结"
    mine = {_body(p.text) for p in document.paragraphs}
    return max(expected.documents, key=lambda k: len({_body(p.text) for p in expected.documents[k]["docx"].paragraphs} & mine))


def _carries_facts(text: str, expected: Expected) -> bool:
    return bool(_tokens(text, expected.names)) or any(t in text for t in expected.texts)


def _removed_paragraph(document: Document, p: Paragraph, text: str, i: int, pairs: dict[int, int], expected: Expected) -> DocumentFinding:
    before = max((pairs[k] for k in pairs if k < i), default=None)
    after = document.paragraphs[before] if before is not None else None
    place = f"第{after.number}段后" if after is not None else "第1段前"
    anchor = after if after is not None else Paragraph(0, "", None)
    if _carries_facts(text, expected):
        return in_paragraph(document.file, anchor, core.ERROR, "removed", quote(p.text), "删去了由事实生成的一段", place=place)
    return in_paragraph(document.file, anchor, core.HINT, "removed", quote(p.text), "删去了生成时的一段（其中没有事实）", place=place)


def _difference(file: str, p: Paragraph | None, cell, what: str, token: _Token, now: str, text: str) -> DocumentFinding:
    if what == "removed":
        message = f"删去了事实「{token.text}」"
        words = quote(text)
    else:
        message = f"与事实不符：由事实生成时为「{token.text}」"
        words = now
    if cell is not None:
        table, r, c = cell
        return in_cell(file, table, r, c, core.ERROR, what, words, message)
    return in_paragraph(file, p, core.ERROR, what, words, message)


def _not_lined_up(document: Document, expected: Expected, kind: str, found: int, total: int) -> list[DocumentFinding]:
    """A document written some other way: which of the facts' names it lacks, and what it
    says that the facts contradict."""
    file = document.file
    whole = "".join(_norm(p.text) for p in document.paragraphs) + "".join(
        _norm(cell) for t in document.tables for row in t.rows for cell in row)
    out = [finding(core.HINT, file, None, "全文", "unmatched", quote(document.title),
                           f"与由 {expected.facts_file} 生成的{kind}相差很大（{total}段中只有{found}段对得上），只核对名称和数字")]
    for name in expected.names:
        if name not in whole:
            out.append(finding(core.ERROR, file, None, "全文", "removed", name, "事实中的这一名称在文中没有出现"))
    if kind == "总结":
        for p in document.paragraphs:
            for words, message in _contradicted(p.text, expected.facts):
                out.append(in_paragraph(file, p, core.ERROR, "contradiction", words, message))
    return out


def _tables(document: Document, source: Document, names: tuple[str, ...]) -> list[DocumentFinding]:
    file = document.file
    out: list[DocumentFinding] = []
    heads = (["|".join(map(_norm, t.rows[0])) for t in source.tables], ["|".join(map(_norm, t.rows[0])) for t in document.tables])
    pairs = _line_up(*heads)
    for i, table in enumerate(source.tables):
        j = pairs.get(i)
        if j is None:
            out.append(finding(core.ERROR, file, None, "全文", "removed", quote(" | ".join(table.rows[0])), "删去了由事实生成的表格"))
            continue
        mine = document.tables[j]
        # Compared as measured: 1800 under 费用（元） is the same figure as 1800元 typed in.
        expected_rows, actual_rows = table.measured_rows(), mine.measured_rows()
        ours = ["|".join(map(_norm, row)) for row in expected_rows]
        theirs = ["|".join(map(_norm, row)) for row in actual_rows]
        rows = _line_up(ours, theirs)
        for r, row in enumerate(expected_rows):
            s = rows.get(r)
            if s is None:
                before = max((rows[k] for k in rows if k < r), default=-1)
                out.append(finding(core.ERROR, file, mine.line(max(before, 0)), f"表{mine.number}第{before + 1}行后", "removed",
                                           quote(" | ".join(c for c in table.rows[r] if c)), "删去了表中由事实生成的一行",
                                           table=mine.number, row=before + 1))
                continue
            other = actual_rows[s]
            if len(other) == len(row):
                for c, (a, b) in enumerate(zip(row, other)):
                    for what, token, now in _differences(_norm(a), _norm(b), names):
                        out.append(_difference(file, None, (mine, s, c), what, token, now, mine.rows[s][c]))
            else:
                for what, token, now in _differences(ours[r], theirs[s], names):
                    out.append(_difference(file, None, (mine, s, None), what, token, now, " | ".join(mine.rows[s])))
    return out
