"""A bureau's compiled report: gather the files → read, check and fold each (collect.py) →
compute the report → outline → write the .docx (or Markdown) and the workbook."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from houqin_report.errors import OutputError
from houqin_report.facts.values import FuzzyDate
from houqin_report.pipeline.collect import collect, gather_files
from houqin_report.pipeline.emit import emit, inputs_of, outputs_of
from houqin_report.pipeline.options import Events, Options, Target
from houqin_report.writers.files import check_outputs


def compile_bureau(inputs: Iterable[Path], target: Target, options: Options = Options(), xlsx: Path | None = None,
                   skip_invalid: bool = False, bureau: str | None = None, signed: FuzzyDate | None = None,
                   force: bool = False, events: Events = Events(),
                   progress: Callable[[list[Path]], Callable[[int], object] | None] | None = None):
    """`houqin compile`; returns the BureauReport. progress(files), when given, returns the
    callback to tell as each file is read (a progress bar), or None."""
    from houqin_report.outline.documents import bureau_outline
    from houqin_report.report.bureau import build_bureau_report

    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise OutputError(f"工作簿文件 {xlsx} 应以 .xlsx 结尾")
    inputs = list(inputs)
    files = gather_files(inputs)
    # The report, its PDF and the workbook against every input and each other, before reading.
    check_outputs(outputs_of(target) + ([xlsx] if xlsx is not None else []), inputs_of(options, *files))
    collection = collect(files, skip_invalid=skip_invalid, force=force, progress=progress(files) if progress else None)
    for skipped in collection.skipped:
        events.note(f"跳过 {skipped.file}：{skipped.reason}")
    report = build_bureau_report(collection, bureau=bureau, signed=signed)
    left_out = f"，跳过 {len(collection.skipped)} 个有问题的文件" if collection.skipped else ""
    events.info(f"汇总 {report.school_count} 所学校{left_out}")
    outline = bureau_outline(report, options.templates, options.old_style_date)
    emit(outline, target, options, files, events, "汇总报告", (report.bureau,) if report.bureau else ())
    if xlsx is not None:
        if target.dry_run:
            events.would_write(xlsx)
        else:
            from houqin_report.writers.xlsx import write_workbook

            write_workbook(report, xlsx, inputs_of(options, *files), inputs)
            events.wrote(xlsx)
    return report


__all__ = ["compile_bureau"]
