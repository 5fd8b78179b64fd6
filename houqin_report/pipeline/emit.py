"""The last step of every document: its numbered outline written as Markdown or .docx (and a
PDF beside it), never over an input, atomically; or only said, with --dry-run; or printed,
with `-o -` (--format md)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from houqin_report.errors import OutputError
from houqin_report.pipeline.options import Events, Options, Target
from houqin_report.resources import resource_path
from houqin_report.writers.files import STDOUT, check_outputs, write_output


def docx_bytes(outline: str, options: Options, names: Sequence[str] = ()) -> bytes:
    """The .docx of an outline (python-docx is imported only by commands that write one);
    names: the school's or bureau's, never broken inside where a title wraps."""
    from houqin_report.writers.docx import render_outline_bytes

    return render_outline_bytes(outline, profile=options.profile, reference=options.reference, names=names)


def _files_under(folder: Path) -> list[Path]:
    try:
        return [p for p in Path(folder).rglob("*") if p.is_file()]
    except OSError:
        return []


def inputs_of(options: Options, *files: Path | None) -> tuple[Path, ...]:
    """Every file a command reads: the files given (facts, --previous, --routine), the
    reference, every file under the user's templates folder, and the tool's own templates and
    data. No output may be one of them."""
    found = [Path(f) for f in files if f is not None]
    if options.reference:
        found.append(Path(options.reference))
    if options.templates:
        found += _files_under(options.templates)
    for shipped in ("templates", "data"):
        found += _files_under(resource_path(shipped))
    return tuple(found)


def outputs_of(target: Target) -> list[Path]:
    """The files target writes: the document and, with --pdf, the PDF beside it."""
    if target.output is None or target.output == STDOUT:
        return []
    if target.pdf and target.fmt == "docx":
        return [target.output, target.output.with_suffix(".pdf")]
    return [target.output]


def emit(outline: str, target: Target, options: Options, inputs: Iterable[Path], events: Events, name: str = "总结",
         names: Sequence[str] = (), ready: Callable[[], object] = lambda: None) -> None:
    """Write outline to target. inputs are every file the command read (inputs_of: the facts
    files, the routine, the reference, the templates, …): no output may replace one of them,
    nor a special file. name is the kind of document, for the hint when the output is a folder
    (out/总结.docx); names: see docx_bytes. ready is called once the document is made, before
    it is written: compile waits there for the workbook made beside it, so that a worker that
    fails leaves every file as it was."""
    inputs = inputs_of(options, *inputs)
    output = target.output
    if target.fmt == "md":
        ready()
        if output is None or output == STDOUT:
            events.text(outline)
        elif target.dry_run:
            check_outputs([output], inputs)
            events.would_write(output)
        else:
            write_output(output, outline.encode("utf-8"), inputs, f"{name}.md")
            events.wrote(output)
        return
    if output is None:
        raise OutputError(f"请用 -o 指定输出的 .docx 文件，例如 -o out/{name}.docx")
    if output == STDOUT:
        raise OutputError(f"-o - 表示把大纲输出到屏幕，只能和 --format md 一起用；.docx 请给出文件名，例如 -o out/{name}.docx")
    if output.suffix.lower() != ".docx":
        raise OutputError(f"输出文件 {output} 应以 .docx 结尾")
    check_outputs(outputs_of(target), inputs)
    if target.dry_run:
        events.would_write(output)
        return
    data = docx_bytes(outline, options, names)
    ready()
    write_output(output, data, inputs, f"{name}.docx")
    events.wrote(output)
    if target.pdf:
        from houqin_report.writers.pdf import FONT_HINT, INSTALL_HINT, docx_to_pdf, document_fonts, missing_fonts, soffice

        if soffice() is None:
            raise OutputError(INSTALL_HINT)
        missing = missing_fonts(document_fonts(output))
        if missing:  # said, not silently printed in one fallback face
            events.note(FONT_HINT.format(fonts="、".join(missing)))
        pdf = output.with_suffix(".pdf")
        docx_to_pdf(output, pdf, sources=inputs)
        events.wrote(pdf)


__all__ = ["emit", "docx_bytes", "inputs_of", "outputs_of"]
