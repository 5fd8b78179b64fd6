"""A school's documents: load and check → compute → outline → write.

summary and plan take one facts file; summaries takes many and writes one summary each, on
all cores, where one file's problems never stop the others (results in input order).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from houqin_report.errors import HouqinError, OutputError, Problem, WorkerError
from houqin_report.facts.model import Facts
from houqin_report.pipeline import gate
from houqin_report.pipeline.check import load_and_lint
from houqin_report.pipeline.emit import emit, inputs_of
from houqin_report.pipeline.options import Events, Options, Target
from houqin_report.writers.files import check_outputs


def checked(source: Path, force: bool, events: Events, previous: Path | None = None) -> Facts:
    """The facts of source after the same checks as `check` (with last term's file when
    given): every finding told, and the document refused on error findings unless force."""
    facts, findings = load_and_lint(source, previous)
    for finding in findings:
        events.warning(finding)
    gate.check(source, findings, force)
    return facts


def summary_text(facts: Facts, options: Options = Options()) -> str:
    """The numbered outline of a school's summary."""
    from houqin_report.outline.documents import summary_outline
    from houqin_report.report.summary import build_report

    return summary_outline(build_report(facts), options.templates, options.old_style_date)


def plan_text(facts: Facts, options: Options = Options(), routine: Path | None = None) -> str:
    """The numbered outline of the next term's plan; routine: the school's own calendar file."""
    from houqin_report.facts.routine import load_routine
    from houqin_report.outline.documents import plan_outline
    from houqin_report.report.plan import build_plan

    return plan_outline(build_plan(facts, load_routine(routine, facts.school_type)), options.templates, options.old_style_date)


def summary(source: Path, target: Target, options: Options = Options(), force: bool = False, events: Events = Events(),
            previous: Path | None = None) -> None:
    """`houqin summary FACTS`: the term's summary of one school; previous: last term's facts
    file, for text (the office's or the generated frame) repeated from it."""
    facts = checked(source, force, events, previous)
    emit(summary_text(facts, options), target, options, (source,), events, "总结", document_names(facts))


def plan(source: Path, target: Target, options: Options = Options(), routine: Path | None = None,
         force: bool = False, events: Events = Events(), previous: Path | None = None) -> None:
    """`houqin plan FACTS`: the next term's plan of one school; previous as for summary."""
    facts = checked(source, force, events, previous)
    inputs = (source,) + ((routine,) if routine else ())
    emit(plan_text(facts, options, routine), target, options, inputs, events, "计划", document_names(facts))


def document_names(facts: Facts) -> tuple[str, ...]:
    """The names a title of the school's documents never breaks inside."""
    return tuple(n for n in (facts.school, facts.bureau) if n)


# ---- many summaries in one call


@dataclass(frozen=True)
class Outcome:
    source: Path
    output: Path | None  # None when nothing was written
    error: str = ""  # the user-facing message when the file failed
    warnings: tuple[Problem, ...] = ()


def output_name(source: Path, suffix: str = "工作总结") -> str:
    return f"{source.stem}-{suffix}.docx"


class _Collected(Events):
    def __init__(self) -> None:
        self.warnings: list[Problem] = []

    def warning(self, problem) -> None:  # noqa: ANN001
        self.warnings.append(problem)


def _one(job: tuple[Path, Path, Options, bool]) -> Outcome:
    source, out_dir, options, force = job
    events = _Collected()
    target = out_dir / output_name(source)
    try:
        summary(source, Target(target), options, force, events)
    except HouqinError as exc:
        return Outcome(source, None, exc.message, tuple(events.warnings))
    return Outcome(source, target, "", tuple(events.warnings))


def summaries(sources: list[Path], out_dir: Path, options: Options = Options(), force: bool = False,
              jobs: int | None = None) -> list[Outcome]:
    """`houqin summary A B C -o DIR/`: one summary per file in DIR, on up to jobs processes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [output_name(s) for s in sources]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise OutputError(f"有同名的事实文件，输出会互相覆盖：{'、'.join(twice)}。请改名后重试。")
    # Every output against every input (any of the facts files, the reference, the templates)
    # and against each other, before the first is written: a batch stops whole or not at all.
    check_outputs([out_dir / n for n in names], inputs_of(options, *sources))
    from houqin_report.pipeline.parallel import cpu_count, ordered_map

    work = [(s, out_dir, options, force) for s in sources]
    jobs = jobs or cpu_count()
    # Large chunks: each worker warms up jieba and the templates once, then reuses them.
    try:
        return list(ordered_map(_one, work, jobs, min_per_worker=2, chunksize=max(1, len(work) // (jobs * 4))))
    except WorkerError:
        raise WorkerError("一个工作进程意外退出（常见原因是内存不足，被系统终止），批量生成中止：已写入的文件都是完整的，"
                          "其余的没有生成。请关闭其他程序，或用 -j 1 逐个处理后重试。") from None


__all__ = ["summary", "plan", "summaries", "summary_text", "plan_text", "checked", "Outcome", "output_name", "document_names"]
