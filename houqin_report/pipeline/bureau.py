"""A bureau's compiled report: gather the files (schools' facts, the bureau's own, lower
bureaus' roll-ups) → read, check and fold each (collect.py) → compute the report → outline →
write the .docx (or Markdown), the workbook and the roll-up (rollup.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from houqin_report.errors import OutputError
from houqin_report.facts.values import FuzzyDate
from houqin_report.pipeline.collect import collect, gather_files
from houqin_report.pipeline.emit import emit, inputs_of, outputs_of
from houqin_report.pipeline.options import Events, Options, Target
from houqin_report.pipeline.parallel import in_background
from houqin_report.pipeline.rollup import ROLLUP_SUFFIX, dumps
from houqin_report.writers.files import check_outputs, compile_root, write_output
from houqin_report.writers.xlsx import workbook_bytes


def compile_bureau(inputs: Iterable[Path], target: Target, options: Options = Options(), xlsx: Path | None = None,
                   skip_invalid: bool = False, bureau: str | None = None, signed: FuzzyDate | None = None,
                   force: bool = False, events: Events = Events(),
                   progress: Callable[[list[Path]], Callable[[int], object] | None] | None = None,
                   bureau_facts: Path | None = None, rollup: Path | None = None) -> None:
    """`houqin compile`. progress(files), when given, returns the callback to tell as each file
    is read (a progress bar), or None. bureau_facts: the bureau's own facts file (else one found
    among the inputs by its 类型: 教育局); rollup: where to write the machine-readable roll-up
    for the level above."""
    from houqin_report.outline.documents import bureau_text
    from houqin_report.outline.numbering import number_outline
    from houqin_report.report.bureau import build_bureau_report

    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise OutputError(f"工作簿文件 {xlsx} 应以 .xlsx 结尾")
    if rollup is not None and rollup.suffix.lower() != ROLLUP_SUFFIX:
        raise OutputError(f"汇总文件 {rollup} 应以 {ROLLUP_SUFFIX} 结尾")
    inputs = list(inputs)
    files = gather_files(inputs)
    if bureau_facts is not None:
        files.append(Path(bureau_facts))
    read = inputs_of(options, *files)
    # The report, its PDF, the workbook and the roll-up against every input and each other,
    # before reading.
    check_outputs(outputs_of(target) + [p for p in (xlsx, rollup) if p is not None], read)
    collection = collect(files, skip_invalid=skip_invalid, force=force, progress=progress(files) if progress else None,
                         bureau_facts=bureau_facts)
    for skipped in collection.skipped:
        events.note(f"跳过 {skipped.file}：{skipped.reason}")
    report = build_bureau_report(collection, bureau=bureau, signed=signed)
    left_out = f"，跳过 {len(collection.skipped)} 个有问题的文件" if collection.skipped else ""
    events.info(f"汇总 {report.school_count} 所学校{left_out}")
    # Everything made from the report is made first: the workbook in a forked worker on the
    # second core (it has the report as it is now), the roll-up and the outline's words here;
    # then the report and the schools' rows are let go, and the outline is numbered and written
    # as a .docx, which takes the most memory (a bureau of 10,000 schools stays within its
    # budget). The files are written in the order they are named: report, workbook, roll-up.
    root = compile_root(inputs)
    book = in_background(workbook_bytes, report, root) if xlsx is not None and not target.dry_run else None
    data = dumps(report, root) if rollup is not None and not target.dry_run else None
    text = bureau_text(report, options.templates, options.old_style_date)
    hint = _hint(report)
    names = (report.bureau,) if report.bureau else ()
    del report, collection
    # the workbook waited for before the report is written: a worker that dies leaves both as they were
    emit(number_outline(text), target, options, files, events, "汇总报告", names, ready=book or (lambda: None))
    if xlsx is not None:
        _beside(xlsx, lambda: write_output(xlsx, book(), read, "汇总.xlsx"), target, events)
    if rollup is not None:
        _beside(rollup, lambda: write_output(rollup, data, read, "汇总.json"), target, events)
    if hint:
        events.note(hint)


def _hint(report) -> str | None:  # noqa: ANN001 - a BureauReport
    """What compile says when the bureau's own next steps are missing (下一步 then shows the schools')."""
    if report.own is None:
        return ("提示：没有教育局自己的事实文件（类型: 教育局），“下一步工作打算”只列出各校的打算。"
                "教育局自己的工作、数据和下一步打算可写进一个事实文件，用 --bureau-facts 给出或放在输入的文件夹中。")
    if report.own_next_missing:
        return f"提示：{report.own.file} 中没有“下一步”，“下一步工作打算”只列出各校的打算。"
    return None


def _beside(path: Path, write: Callable[[], None], target: Target, events: Events) -> None:
    """A file written beside the report (the workbook, the roll-up), or only said with --dry-run."""
    if target.dry_run:
        events.would_write(path)
    else:
        write()
        events.wrote(path)


__all__ = ["compile_bureau"]
