"""check: read, validate and lint facts files, many at once on all cores (parallel.py)."""
from __future__ import annotations

from pathlib import Path

from houqin_report.errors import FactsError, Problem
from houqin_report.facts.load import validate
from houqin_report.facts.model import Facts
from houqin_report.facts.read import read_document
from houqin_report.lint import lint_document


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
        try:
            prev_facts: Facts | None = validate(prev_doc, str(previous_path))
        except FactsError:
            prev_facts = None
        previous = (prev_doc, prev_facts, str(previous_path))
    return facts, lint_document(document, facts, str(path), previous)


def check_inputs(inputs, previous_path: str | Path | None = None, facts_path: str | Path | None = None):
    """`houqin check`: the files named (folders searched: facts files and documents), and the
    (path, findings, problems) of each, facts files first, documents after, each kind on all
    cores. facts_path: the facts file documents are checked against (--facts); ValueError when
    it is given with no document to check."""
    from itertools import chain

    from houqin_report.doccheck import check_paths, expect, gather

    files = gather(inputs)
    documents = [p for p, kind in files if kind == "document"]
    if facts_path is not None and not documents:
        raise ValueError("--facts 用于核对文档（.docx、.txt、.md），请同时给出要核对的文档")
    results = check_files([p for p, kind in files if kind == "facts"], previous_path)
    if documents:
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
        return path, load_and_lint(path, previous_path)[1], None
    except FactsError as exc:
        return path, [], list(exc.problems)
