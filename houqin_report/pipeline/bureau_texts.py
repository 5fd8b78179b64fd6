"""compile from texts: the web app's bureau holds each school's submitted facts as text in its
store, not as files. Each text is read, checked and folded as `houqin compile` does a file
(check_text, the gate, fold), on all cores; the report, its outline, the .docx and the workbook
come from the same calls as compile_bureau's, as bytes. The report names the schools expected
that did not submit (missing)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable, Sequence

from houqin_report.errors import Problem
from houqin_report.facts.values import FuzzyDate
from houqin_report.pipeline.options import Options


@dataclass(frozen=True)
class Source:
    name: str  # how the report and the workbook's 来源 sheet name it (第一小学 第3版)
    text: str


@dataclass(frozen=True)
class Compiled:
    report: object  # report.bureau.BureauReport
    outline: str
    docx: bytes
    xlsx: bytes


def compile_texts(sources: Sequence[Source], missing: Iterable[str] = (), bureau: str | None = None,
                  signed: FuzzyDate | None = None, force: bool = False, options: Options = Options(),
                  jobs: int | None = None) -> Compiled:
    """The bureau report and workbook of the texts. A text that is invalid, or whose prose has
    errors (unless force), is left out and listed in the report (as --skip-invalid does);
    raises CompileError when none can be compiled."""
    from houqin_report.outline.documents import bureau_outline
    from houqin_report.pipeline.emit import docx_bytes
    from houqin_report.pipeline.parallel import ordered_map
    from houqin_report.report.bureau import Collection, build_bureau_report
    from houqin_report.writers.xlsx import workbook_bytes

    collection = Collection()
    jobs_list = [(s.name, s.text, force) for s in sources]
    for row, skipped in ordered_map(_fold_text, jobs_list, jobs, _context() if len(jobs_list) > 1 else None):
        if row is not None:
            collection.rows.append(row)
        else:
            collection.skipped.append(skipped)
    report = build_bureau_report(collection, bureau=bureau, signed=signed, missing=missing)
    outline = bureau_outline(report, options.templates, options.old_style_date)
    return Compiled(report, outline, docx_bytes(outline, options, (report.bureau,) if report.bureau else ()), workbook_bytes(report))


def _fold_text(job: tuple[str, str, bool]):
    """One text read, checked and folded (in a worker process): (row, None) or (None, Skipped)."""
    from houqin_report.pipeline.check import check_text
    from houqin_report.pipeline.gate import refused
    from houqin_report.report.bureau import Skipped, fold

    name, text, force = job
    checked = check_text(text, name)
    if checked.facts is None:
        return None, Skipped(name, checked.problems)
    errors = refused(list(checked.findings), force)
    if errors:
        return None, Skipped(name, tuple(Problem(f.file, f.line, f.path, f"{f.message}「{f.words}」") for f in errors))
    return fold(checked.facts, name, hashlib.sha256(text.encode("utf-8")).hexdigest()), None


def _context():
    """Workers forked from a clean single-threaded process (forkserver), not from the caller:
    a web server forks from a process whose other threads may hold locks. The server process
    imports the package once, so each worker starts warm."""
    import multiprocessing

    try:
        context = multiprocessing.get_context("forkserver")
    except ValueError:  # no forkserver on this platform
        return None
    context.set_forkserver_preload(["houqin_report.pipeline.bureau_texts", "houqin_report.pipeline.check",
                                    "houqin_report.report.bureau"])
    return context


__all__ = ["Source", "Compiled", "compile_texts"]
