"""lint: the free text of a facts file, read the way a careful colleague would.

`houqin check` first validates a file (facts/load.py); a valid file can still say things the
documents should not repeat. The lint finds, in every string the user wrote (lint/fields.py
reads which strings are free text off the model):

- placeholder (错误, lint/placeholders.py): a sample text's blanks left in;
- contradiction (错误, lint/contradictions.py): a figure the structured facts contradict;
- copied, long_sentence, repeated (提示, lint/copies.py): text taken over from last term's
  file, sentences too long to read aloud, the same sentence twice;
- date (提示, lint/dates.py): a date outside the term, 整改日期 with status 未整改 or after the
  落款日期, a 学期 that every date contradicts, no 落款日期;
- style (提示, lint/style.py): a 栏目 that is no standard section, and what the documents show
  differently (GB/T 15834 punctuation, pasted numbering);
- plan (提示, lint/carried.py): a problem the plan has no measure for, carried text that names
  a time already past when the planned term begins;
- control_char (提示): control characters (\\x07, \\x00 written as escapes) or other characters
  a .docx cannot hold, which the reader removed from a value (facts.read.Document.removed):
  removed, never silently;
- invisible_char, comment (提示, found by the reader: facts.read.Document.hints): zero-width and
  bidi characters removed from a value; a text cut short where a ' #' began a YAML comment.

Each finding is an errors.Problem with its level, kind and words.
"""
from __future__ import annotations

import json
from dataclasses import asdict

from houqin_report.errors import ERROR, HINT, Problem, has_errors
from houqin_report.facts.model import ITEM, LABEL, Facts
from houqin_report.facts.read import Document, format_path
from houqin_report.lint.contradictions import Figures, contradicted
from houqin_report.lint.copies import (
    COPIED_AT,
    LONG_SENTENCE,
    MIN_TOKENS,
    SIMILAR_AT,
    Previous,
    best_match,
    content,
    pairs,
    previous_sentences,
    sentence_key,
    sentences_twice,
    where,
)
from houqin_report.lint.carried import carried_hints
from houqin_report.lint.dates import date_hints
from houqin_report.lint.fields import strings
from houqin_report.lint.placeholders import lint_text, placeholder_spans
from houqin_report.lint.style import style_hints
from houqin_report.lint.texts import Text, short

__all__ = [
    "ERROR",
    "HINT",
    "Problem",
    "lint_document",
    "lint_text",
    "findings_json",
    "has_errors",
    "COPIED_AT",
    "SIMILAR_AT",
    "MIN_TOKENS",
    "LONG_SENTENCE",
    "CONTROL_CHAR_MESSAGE",
]

CONTROL_CHAR_MESSAGE = "含有无法写入文档的控制字符，已删除"


def lint_document(document: Document, facts: Facts | None, file: str, previous: Previous | None = None,
                  spec: dict | None = None) -> list[Problem]:
    """Every finding in the free text of one facts file (already read and validated).

    previous, when given, is last term's (document, facts or None, file name), for copied text.
    spec: which strings are free text (lint/fields.py), when the file is not a school's (a
    bureau's own file: fields.bureau_spec()).
    """
    findings: list[Problem] = []
    if not isinstance(document.data, dict):
        return findings
    figures = Figures(facts) if facts is not None else None
    prev = previous_sentences(previous) if previous is not None else []
    index: dict[tuple, list[int]] = {}
    for k, sentence in enumerate(prev):
        for pair in sentence.pairs:
            index.setdefault(pair, []).append(k)
    seen: dict[str, str] = {}  # normalised sentence → where it first appeared
    texts = [Text(loc, raw, role) for loc, raw, role in strings(document.data, spec)]
    # Without last term's file, a sentence's words matter only when it occurs twice in this
    # one (repeated); a sentence written once is not cut into words at all.
    twice = None if prev else sentences_twice(texts)
    # What a text holds is worked out once per distinct text (an alias repeats one text many
    # times: 4,000 copies of 5,000 characters must not be cut into words 4,000 times); only
    # where it is (line, key path, the first place a sentence was seen) is per occurrence.
    spans_of: dict[str, list] = {}
    sentences_of: dict[str, list[tuple[str, str, list[str] | None]]] = {}
    contradictions_of: dict[tuple, list] = {}
    matches: dict[str, tuple] = {}

    for text in texts:
        loc, raw, role = text.loc, text.raw, text.role
        line = document.line_of(loc)
        path = format_path(loc)

        def add(level: str, kind: str, words: str, message: str, other: str | None = None) -> None:
            findings.append(Problem(file, line, path, message, level=level, kind=kind, words=words, other=other))

        if raw not in spans_of:
            spans_of[raw] = placeholder_spans(text)
        for start, end, message in spans_of[raw]:
            add(ERROR, "placeholder", raw[start:end], message)
        if role == LABEL:
            continue
        if figures is not None:
            key = (raw, role, loc[:2] if role == ITEM else None)
            if key not in contradictions_of:
                contradictions_of[key] = list(contradicted(text, figures))
            for words, message in contradictions_of[key]:
                add(ERROR, "contradiction", words, message)
        if raw not in sentences_of:
            sentences_of[raw] = _sentences(text, twice)
        for sentence, key, words in sentences_of[raw]:
            if len(sentence) > LONG_SENTENCE:
                add(HINT, "long_sentence", short(sentence, 20), f"句子过长：{len(sentence)}字没有句号，建议拆成几句")
            if words is None or len(words) < MIN_TOKENS:
                continue
            if key in seen:
                add(HINT, "repeated", short(sentence), "与本文件另一处重复", seen[key])
            else:
                seen[key] = where(file, line, loc)
            if prev:
                if key not in matches:
                    matches[key] = best_match(pairs(words), index, prev)
                score, match = matches[key]
                if match is not None and score >= COPIED_AT:
                    add(HINT, "copied", short(sentence), "与上期文本雷同", match.where)
                elif match is not None and score >= SIMILAR_AT:
                    add(HINT, "copied", short(sentence), "与上期文本高度相似（套用模板？）", match.where)
    if facts is not None:
        for loc, message in date_hints(facts):
            findings.append(Problem(file, document.line_of(loc), format_path(loc), message, level=HINT, kind="date"))
        for loc, message in carried_hints(facts):
            findings.append(Problem(file, document.line_of(loc), format_path(loc), message, level=HINT, kind="plan"))
    for loc, words, message in style_hints([(t.loc, t.raw, t.role) for t in texts]):
        findings.append(Problem(file, document.line_of(loc), format_path(loc), message, level=HINT, kind="style",
                                words=short(words)))
    for loc, line, codes in document.removed:
        findings.append(Problem(file, line, format_path(loc), CONTROL_CHAR_MESSAGE, level=HINT, kind="control_char", words=codes))
    findings.extend(document.hints)
    findings.sort(key=lambda f: f.line or 0)
    return list(dict.fromkeys(findings))


def _sentences(text: Text, twice: set[str] | None) -> list[tuple[str, str, list[str] | None]]:
    """(sentence as written, its key, its content words) of each sentence of text; the words
    only when they are needed (None: the sentence is not compared with any other)."""
    out = []
    for start, end, tokens in text.sentences():
        key = sentence_key(text, start, end)
        words = None if twice is not None and key not in twice else content(tokens)
        out.append((text.raw[start:end], key, words))
    return out


def findings_json(findings: list[Problem]) -> str:
    """The findings as a JSON array, Chinese kept readable (for editors and other tools)."""
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)
