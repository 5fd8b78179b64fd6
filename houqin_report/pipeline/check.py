"""check: read, validate and lint facts files, many at once on all cores (parallel.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from houqin_report.errors import FactsError, Problem
from houqin_report.facts.load import validate
from houqin_report.facts.model import Facts
from houqin_report.facts.read import Document, parse_text, read_document
from houqin_report.lint import lint_document

if TYPE_CHECKING:  # pragma: no cover
    from houqin_report.facts.bureau import BureauFacts


@dataclass(frozen=True)
class Checked:
    """What `houqin check` finds in one facts text: its document (None when the text cannot
    be read as YAML at all), the valid facts (None when invalid), the validation problems and
    the prose findings."""

    document: Document | None
    facts: Facts | None
    problems: tuple[Problem, ...]
    findings: tuple[Problem, ...]


def check_text(text: str, name: str, previous: str | None = None) -> Checked:
    """Read, validate and lint a facts text as `houqin check` does a file (the web app's
    form saves text, not files).

    The lint also runs on a text that does not validate (without the figures it compares
    prose with), so that a placeholder shows while the rest is still being filled in.
    previous: last term's facts text, for text copied from it (`check --previous`).
    """
    try:
        document = parse_text(text, name)
    except FactsError as exc:
        return Checked(None, None, tuple(exc.problems), ())
    facts = None
    problems: tuple[Problem, ...] = ()
    try:
        facts = validate(document, name)
    except FactsError as exc:
        problems = tuple(exc.problems)
    last = None
    if previous is not None:
        try:
            prev_doc = parse_text(previous, "上学期")
        except FactsError:
            prev_doc = None
        if prev_doc is not None:
            last = (prev_doc, _valid_or_none(prev_doc, "上学期"), "上学期")
    return Checked(document, facts, problems, tuple(_lint(document, facts, name, last)))


def _lint(document: Document, facts: Facts | None, name: str, previous) -> list[Problem]:  # noqa: ANN001
    """The lint's findings, and with last term's valid facts the generated frame compared
    with last term's documents (pipeline/frames.py)."""
    findings = lint_document(document, facts, name, previous)
    if facts is not None and previous is not None and previous[1] is not None:
        from houqin_report.pipeline.frames import frame_hints

        def line_of(loc: tuple) -> int | None:  # the key's line, or its parent's; not the file's first
            while loc and loc not in document.lines:
                loc = loc[:-1]
            return document.lines.get(loc) if loc else None

        findings += frame_hints(facts, previous[1], name, line_of)
    return findings


def _valid_or_none(document: Document, name: str) -> Facts | None:
    """Last term's facts when valid: a file written under an older format still has its
    sentences to compare."""
    try:
        return validate(document, name)
    except FactsError:
        return None


def lint_file(path: str | Path, previous_path: str | Path | None = None) -> list[Problem]:
    """Read, validate (raising FactsError as load does) and lint one facts file.

    previous_path: last term's file, for copied text. It is only read, not validated strictly:
    a file written under an older format still has its sentences.
    """
    return load_and_lint(path, previous_path)[1]


def load_and_lint(path: str | Path, previous_path: str | Path | None = None) -> tuple[Facts, list[Problem]]:
    """The validated facts of one file and the findings of its prose, reading the file once."""
    path = Path(path)
    document = read_document(path)
    facts = validate(document, str(path))
    previous = None
    if previous_path is not None:
        previous_path = Path(previous_path)
        prev_doc = read_document(previous_path)
        previous = (prev_doc, _valid_or_none(prev_doc, str(previous_path)), str(previous_path))
    return facts, _lint(document, facts, str(path), previous)


def load_any_and_lint(path: str | Path) -> tuple[Facts | BureauFacts, list[Problem], str]:
    """As load_and_lint, for a school's file or a bureau's own (类型: 教育局), told apart by
    its type: `check` and `compile` read both kinds. The third is the SHA-256 of the bytes
    read (compile names the version of each file it compiled)."""
    from houqin_report.facts.bureau import BureauFacts, is_bureau_data
    from houqin_report.lint.fields import bureau_spec

    path = Path(path)
    document = read_document(path)
    if not is_bureau_data(document.data):
        facts = validate(document, str(path))
        return facts, lint_document(document, facts, str(path)), document.digest
    own = validate(document, str(path), BureauFacts)
    return own, lint_document(document, None, str(path), spec=bureau_spec()), document.digest


def check_inputs(inputs, previous_path: str | Path | None = None, facts_path: str | Path | None = None):
    """`houqin check`: the files named (folders searched: facts files and documents), and the
    (path, findings, problems) of each, facts files first, documents after, each kind on all
    cores. facts_path: the facts file documents are checked against (--facts); ValueError when
    it is given with no document to check."""
    from itertools import chain

    from houqin_report.doccheck.inputs import gather

    files = gather(inputs)
    documents = [p for p, kind in files if kind == "document"]
    if facts_path is not None and not documents:
        raise ValueError("--facts 用于核对文档（.docx、.txt、.md），请同时给出要核对的文档")
    results = check_files([p for p, kind in files if kind == "facts"], previous_path)
    if documents:
        from houqin_report.doccheck import check_paths, expect

        results = chain(results, check_paths(documents, expect(facts_path) if facts_path else None))
    return files, results


def check_files(paths, previous_path: str | Path | None = None, jobs: int | None = None):
    """(path, findings, problems) of each file, in order, read on all cores (parallel.py):
    problems is the list of a FactsError's problems when the file is invalid (findings then
    empty), else None."""
    from houqin_report.pipeline.parallel import ordered_map

    return ordered_map(_check_one, [(path, previous_path) for path in paths], jobs)


def _check_one(job: tuple) -> tuple:
    path, previous_path = job
    try:
        if previous_path is None:
            return path, load_any_and_lint(path)[1], None
        return path, load_and_lint(path, previous_path)[1], None
    except FactsError as exc:
        return path, [], list(exc.problems)
