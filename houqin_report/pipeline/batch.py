"""Many summaries in one call (a bureau's or a benchmark's batch), on all cores.

Each file is loaded, linted, rendered and written by a worker process; one file's problems
never stop the others. Results come back in input order.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from houqin_report.outline.documents import Options


@dataclass(frozen=True)
class Outcome:
    source: Path
    output: Path | None  # None when nothing was written
    error: str = ""  # the user-facing message when the file failed
    warnings: tuple[str, ...] = ()


def output_name(source: Path, suffix: str = "工作总结") -> str:
    return f"{source.stem}-{suffix}.docx"


def _one(job: tuple[Path, Path, Options, bool]) -> Outcome:
    from houqin_report.outline.documents import summary_outline, write_docx
    from houqin_report.errors import HouqinError
    from houqin_report.lint import has_errors, load_and_lint

    source, out_dir, options, force = job
    try:
        facts, findings = load_and_lint(source)
        warnings = tuple(str(f) for f in findings)
        if has_errors(findings) and not force:
            return Outcome(source, None, f"{source} 的文字中有错误，未生成文档（加 --force 强制生成）", warnings)
        target = out_dir / output_name(source)
        write_docx(summary_outline(facts, options), target, options, (source,))
        return Outcome(source, target, "", warnings)
    except HouqinError as exc:
        return Outcome(source, None, exc.message)


def write_summaries(sources: list[Path], out_dir: Path, options: Options = Options(), force: bool = False, jobs: int | None = None) -> list[Outcome]:
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [output_name(s) for s in sources]
    if len(set(names)) != len(names):
        from houqin_report.errors import OutputError

        twice = sorted({n for n in names if names.count(n) > 1})
        raise OutputError(f"有同名的事实文件，输出会互相覆盖：{'、'.join(twice)}。请改名后重试。")
    work = [(s, out_dir, options, force) for s in sources]
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(sources) < 4:
        return [_one(w) for w in work]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # Large chunks: each worker warms up jieba and the templates once, then reuses them.
        return list(pool.map(_one, work, chunksize=max(1, len(work) // (jobs * 4))))
