"""compile, the I/O half: find the facts files, read, check and fold each one (on all cores),
and refuse files that cannot be compiled together, naming every file concerned."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Sequence

from houqin_report.errors import CompileError, FactsError, Problem
from houqin_report.pipeline.rollup import ROLLUP_SUFFIX, is_rollup, read_rollup
from houqin_report.report.bureau.rows import BureauOwn, Collection, SchoolRow, Skipped, fold, fold_bureau
from houqin_report.text.chars import name_key

SUFFIXES = (".yaml", ".yml")
MAX_LISTED = 10  # files named per period / per school in an error message


def gather_files(inputs: Iterable[Path | str]) -> list[Path]:
    """The facts files named by inputs: files as given, folders searched recursively for
    *.yaml / *.yml and lower bureaus' roll-ups (*.json that are roll-ups; other JSON files,
    such as a schema, are not facts); sorted, hidden files and folders skipped. A file named
    twice counts once."""
    files: list[Path] = []
    seen: set[str] = set()
    missing: list[str] = []
    empty: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                (p for p in path.rglob("*") if p.is_file()
                 and not any(part.startswith(".") for part in p.relative_to(path).parts)
                 and (p.suffix.lower() in SUFFIXES or (p.suffix.lower() == ROLLUP_SUFFIX and is_rollup(p)))),
                key=lambda p: p.as_posix(),
            )
            if not found:
                empty.append(str(path))
        elif path.exists():
            found = [path]
        else:
            missing.append(str(path))
            continue
        for p in found:
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                files.append(p)
    lines = [f"找不到 {m}" for m in missing]
    lines += [f"文件夹 {e} 中没有事实文件（*.yaml、*.yml）或汇总文件（*.json）" for e in empty]
    if lines:
        raise CompileError("\n".join(lines))
    if not files:
        raise CompileError("没有给出要汇总的事实文件")
    return files


def collect(files: Iterable[Path], skip_invalid: bool = False, force: bool = False, jobs: int | None = None,
            progress: Callable[[int], object] | None = None, bureau_facts: Path | None = None) -> Collection:
    """Load, lint and fold each file in turn; then check that the files can be compiled together.

    Raises CompileError listing every file concerned: invalid files and files whose prose has
    error-level findings (unless skip_invalid; then they are left out, in collection.skipped;
    force lets the prose findings through, as for summary and plan), files of another period,
    and two or more files for one school. files may be any iterable (a progress bar wrapping
    the list). The files are read by up to jobs worker processes (default: one per core; see
    parallel.py), the results kept in the order of the files; progress(1) is called as each
    file is done.
    """
    from houqin_report.pipeline.parallel import ordered_map

    collection = Collection()
    owns: list[BureauOwn] = []
    files = list(files)
    if bureau_facts is not None:
        given = os.path.realpath(bureau_facts)
        files = [f for f in files if os.path.realpath(f) != given]
        _, own, skipped = _collect_one((Path(bureau_facts), force))
        if skipped is not None:
            raise CompileError(_invalid_message([skipped], bureau=True))
        if not isinstance(own, BureauOwn):
            raise CompileError(f"{bureau_facts} 不是教育局的事实文件：教育局的事实文件第一行写“类型: 教育局”")
        owns.append(own)
    for path, row, skipped in ordered_map(_collect_one, [(f, force) for f in files if f.suffix.lower() in SUFFIXES], jobs):
        if isinstance(row, BureauOwn):
            owns.append(row)
        elif row is not None:
            collection.rows.append(row)
        else:
            collection.skipped.append(skipped)
        if progress is not None:
            progress(1)
    for path in files:
        if path.suffix.lower() not in SUFFIXES:
            read_rollup(path, collection)
            if progress is not None:
                progress(1)
    messages = []
    if len(owns) > 1:
        messages.append("有" + str(len(owns)) + "个教育局自己的事实文件（类型: 教育局）：" + _some([o.file for o in owns])
                        + "\n一次汇总只能有一个，请只留下汇总单位自己的那一个。")
    elif owns:
        collection.own = owns[0]
    if collection.skipped and not skip_invalid:
        messages.append(_invalid_message(collection.skipped))
    if collection.rows:
        periods: dict[str, list[str]] = {}
        for row in collection.rows:
            periods.setdefault(row.period.title, []).append(_where(row, collection))
        if collection.own is not None:
            periods.setdefault(collection.own.period.title, []).append(collection.own.file)
        if len(periods) > 1:
            messages.append(_period_message(periods))
        # One school however its name is spaced or which width its letters and digits are
        # (伍家岗区　中南路小学 with an ideographic space is 伍家岗区中南路小学).
        schools: dict[str, list[str]] = {}
        spelled: dict[str, list[str]] = {}
        for row in collection.rows:
            key = name_key(row.school)
            schools.setdefault(key, []).append(_where(row, collection))
            spelled.setdefault(key, [])
            if row.school not in spelled[key]:
                spelled[key].append(row.school)
        duplicates = {tuple(spelled[k]): f for k, f in schools.items() if len(f) > 1}
        if duplicates:
            messages.append(_duplicate_message(duplicates))
    elif not messages:
        messages.append("没有可以汇总的有效事实文件：" + "、".join(s.file for s in collection.skipped[:MAX_LISTED])
                        + ("等" if len(collection.skipped) > MAX_LISTED else "") + "都有问题")
    if messages:
        raise CompileError("\n".join(messages))
    return collection


def _collect_one(job: tuple[Path, bool]) -> tuple[Path, SchoolRow | BureauOwn | None, Skipped | None]:
    """One file read, linted and folded (in a worker process): its row (or, for a bureau's own
    file, its BureauOwn), or why it is left out."""
    from houqin_report.facts.model import Facts
    from houqin_report.pipeline.check import load_any_and_lint
    from houqin_report.pipeline.gate import refused

    path, force = job
    try:
        facts, findings, digest = load_any_and_lint(path)
    except FactsError as exc:
        return path, None, Skipped(str(path), tuple(exc.problems))
    errors = refused(findings, force)
    if errors:
        problems = tuple(Problem(f.file, f.line, f.path, f"{f.message}「{f.words}」") for f in errors)
        return path, None, Skipped(str(path), problems)
    if isinstance(facts, Facts):
        return path, fold(facts, str(path), digest), None
    return path, fold_bureau(facts, str(path), digest), None


def _where(row: SchoolRow, collection: Collection) -> str:
    """Where a school's row came from, for messages: its file, or the roll-up file and the
    lower bureau it came through (a.json（伍家岗区教育局汇总）中的 中南路小学.yaml)."""
    if not row.path:
        return row.file
    source = collection.rollup_files.get(id(row))
    return f"{source}（{row.path[0]}汇总）中的{row.file}" if source else f"{row.path[0]}汇总中的{row.file}"


def _some(files: Sequence[str]) -> str:
    shown = "、".join(files[:MAX_LISTED])
    return shown + (f" 等{len(files)}个文件" if len(files) > MAX_LISTED else "")


def _invalid_message(skipped: list[Skipped], bureau: bool = False) -> str:
    lines = []
    for s in skipped:
        lines.append(f"✗ {s.file}（{len(s.problems)} 个问题）")
        lines.extend(f"  {p}" for p in s.problems)
    if bureau:
        lines.append("教育局的事实文件有问题，未生成汇总报告。请修正后重试。")
    else:
        lines.append(f"{len(skipped)} 个文件有问题，未生成汇总报告。请修正后重试，或加 --skip-invalid 跳过这些文件。")
    return "\n".join(lines)


def _period_message(periods: dict[str, list[str]]) -> str:
    lines = ["各文件的时段不一致，不能汇总到一份报告："]
    for title, files in sorted(periods.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"  {title}（{len(files)}个文件）：{_some(files)}")
    lines.append("请只汇总同一学期（或同一年度）的文件。")
    return "\n".join(lines)


def _duplicate_message(duplicates: dict[tuple[str, ...], list[str]]) -> str:
    lines = []
    for (school, *others), files in duplicates.items():
        also = "（也写作“" + "”“".join(others) + "”）" if others else ""
        lines.append(f"学校“{school}”{also}有{len(files)}个文件：{_some(files)}")
    lines.append("每所学校只能有一个事实文件，请删去多余的文件。")
    return "\n".join(lines)
