"""Faults while writing, and interruptions: the old output is byte-identical afterwards, no
temporary or partial file is left in its folder, the message is clear and in Chinese, exit 1
(130 when interrupted), never a traceback. And no command ever modifies an input file.

Tests run as root in CI, where chmod does not stop writes; the file system's refusals are
simulated with monkeypatch where they happen (creating the temporary file, writing it,
flushing it, renaming it over the target).
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

OLD = b"last week's report"


class _HalfWritten:
    """A temporary file that takes half of what is written, then fails as a full disk does
    (or raises `exc`: KeyboardInterrupt for Ctrl+C in the middle of a write)."""

    def __init__(self, real, exc: BaseException):
        self._real, self._exc = real, exc

    def write(self, data: bytes) -> int:
        self._real.write(data[: len(data) // 2])
        self._real.flush()
        raise self._exc

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return self._real.__exit__(*exc_info)


def half_written(monkeypatch, exc: BaseException) -> None:
    real = tempfile.NamedTemporaryFile

    def named(*args, **kwargs):
        return _HalfWritten(real(*args, **kwargs), exc)

    monkeypatch.setattr("houqin_report.writers.atomic.tempfile.NamedTemporaryFile", named)


def raising(exc: BaseException):
    def fail(*args, **kwargs):
        raise exc

    return fail


FULL = "磁盘空间不足"
DENIED = "没有写入权限（或文件正被其他程序打开）"

# fault → (how to cause it, the reason the message gives)
FAULTS = {
    "disk full half-way": (lambda m: half_written(m, OSError(errno.ENOSPC, "No space left on device")), FULL),
    "disk full at rename": (lambda m: m.setattr("houqin_report.writers.atomic.os.replace", raising(OSError(errno.ENOSPC, "No space left on device"))), FULL),
    "i/o error at flush": (lambda m: m.setattr("houqin_report.writers.atomic.os.fsync", raising(OSError(errno.EIO, "Input/output error"))), "磁盘读写出错"),
    "read-only folder": (lambda m: m.setattr("houqin_report.writers.atomic.tempfile.NamedTemporaryFile", raising(PermissionError(errno.EACCES, "Permission denied"))), DENIED),
    "read-only file system": (lambda m: m.setattr("houqin_report.writers.atomic.tempfile.NamedTemporaryFile", raising(OSError(errno.EROFS, "Read-only file system"))), "所在的磁盘或文件夹是只读的"),
    "target locked": (lambda m: m.setattr("houqin_report.writers.atomic.os.replace", raising(PermissionError(errno.EACCES, "Permission denied"))), DENIED),
}


def outputs(tmp_path: Path) -> dict[str, tuple[tuple, Path]]:
    """command → (arguments, the file it writes) for every command that writes a document."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    sample = SAMPLES / "中南路小学.yaml"
    return {
        "summary": (("summary", sample, "-o", out / "总结.docx"), out / "总结.docx"),
        "plan": (("plan", sample, "-o", out / "计划.docx"), out / "计划.docx"),
        "compile": (("compile", SAMPLES, "-o", out / "汇总.docx"), out / "汇总.docx"),
        "compile --xlsx": (("compile", SAMPLES, "--format", "md", "--xlsx", out / "汇总.xlsx"), out / "汇总.xlsx"),
        "summary --format md -o": (("summary", sample, "--format", "md", "-o", out / "总结.md"), out / "总结.md"),
        "schema -o": (("schema", "-o", out / "facts.schema.json"), out / "facts.schema.json"),
    }


def command_ids() -> list:
    return ["summary", "plan", "compile", "compile --xlsx", "summary --format md -o", "schema -o"]


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("command", command_ids())
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, run_cli, command, fault):
    args, target = outputs(tmp_path)[command]
    target.write_bytes(OLD)
    before = sorted(p.name for p in target.parent.iterdir())
    cause, reason = FAULTS[fault]
    cause(monkeypatch)
    try:
        result = run_cli(*args)
    except OSError as exc:  # escaped the CLI: a traceback for the user
        pytest.fail(f"traceback: {exc!r}")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == f"无法写入 {target}：{reason}。原文件未改动。"
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in target.parent.iterdir()) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into a read-only folder all the same")
def test_a_real_read_only_folder(tmp_path, run_cli, samples):
    folder = tmp_path / "只读"
    folder.mkdir()
    target = folder / "总结.docx"
    target.write_bytes(OLD)
    folder.chmod(0o500)
    try:
        result = run_cli("summary", samples[0], "-o", target)
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"无法写入 {target}：{DENIED}。原文件未改动。"
    assert target.read_bytes() == OLD
    assert [p.name for p in folder.iterdir()] == ["总结.docx"]


@pytest.mark.parametrize("command", ["summary", "plan", "compile", "compile --xlsx"])
def test_a_target_that_is_a_folder(tmp_path, run_cli, command):
    args, target = outputs(tmp_path)[command]
    target.mkdir()
    (target / "里面的文件").write_bytes(OLD)
    result = run_cli(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"无法写入 {target}：这是一个文件夹，请给出文件名")
    assert (target / "里面的文件").read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]


# ------------------------------------------------------------------------------ interruption

INTERRUPTED = "已中断，未写入任何不完整的文件。"


def test_interrupting_a_compile_while_reading_writes_nothing(tmp_path, monkeypatch, run_cli):
    """Ctrl+C while the third file is read: the report and workbook of the last run stay."""
    from houqin_report.facts import load
    from houqin_report.facts import read as yamlread
    from houqin_report.pipeline import check

    schools = tmp_path / "各校"
    shutil.copytree(SAMPLES, schools)
    shutil.copy(SAMPLES / "中南路小学.yaml", schools / "第四所.yaml")
    text = (schools / "第四所.yaml").read_text(encoding="utf-8").replace("伍家岗区中南路小学", "伍家岗区第四小学", 1)
    (schools / "第四所.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    report, book = out / "汇总.docx", out / "汇总.xlsx"
    report.write_bytes(OLD)
    book.write_bytes(OLD + b" (xlsx)")
    calls = []

    def reading(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return yamlread.read_document(path, *args, **kwargs)

    for module in (check, load):  # whichever the compile reads through
        monkeypatch.setattr(module, "read_document", reading)
    result = run_cli("compile", schools, "-o", report, "--xlsx", book)
    assert len(calls) == 3
    assert result.exit_code == 130
    assert result.stderr.strip() == INTERRUPTED
    assert report.read_bytes() == OLD and book.read_bytes() == OLD + b" (xlsx)"
    assert sorted(p.name for p in out.iterdir()) == ["汇总.docx", "汇总.xlsx"]


@pytest.mark.parametrize("command", ["summary", "compile", "compile --xlsx"])
def test_interrupting_a_write_half_way_leaves_no_partial_file(tmp_path, monkeypatch, run_cli, command):
    args, target = outputs(tmp_path)[command]
    target.write_bytes(OLD)
    half_written(monkeypatch, KeyboardInterrupt())
    result = run_cli(*args)
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == INTERRUPTED
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]


# ------------------------------------------------------------------------------ inputs


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_command_modifies_an_input(tmp_path, run_cli):
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLES, inputs / "各校")
    facts = inputs / "各校" / "中南路小学.yaml"
    previous = inputs / "上学期.yaml"
    shutil.copy(ROOT / "tests" / "fixtures" / "lint" / "copied-last.yaml", previous)
    routine = inputs / "行事历.yaml"
    shutil.copy(ROOT / "data" / "routine.yaml", routine)
    reference = inputs / "红头.docx"
    shutil.copy(ROOT / "templates" / "校内.docx", reference)
    templates = inputs / "模板"
    templates.mkdir()
    (templates / "summary.md.j2").write_text("# {{ r.facts.school }}总结\n\n正文。\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    before = digests(inputs)
    runs = [
        ("check", facts),
        ("check", *sorted((inputs / "各校").glob("*.yaml")), "--previous", previous, "--format", "json"),
        ("summary", facts, "-o", out / "a.docx"),
        ("summary", facts, "-o", out / "a.docx", "--profile", "校内", "--old-date", "--force"),
        ("summary", facts, "-o", out / "b.docx", "--reference", reference),
        ("summary", facts, "-o", out / "c.docx", "--templates", templates),
        ("summary", facts, "--format", "md"),
        ("summary", facts, "--format", "md", "-o", out / "a.md"),
        ("summary", facts, "-o", out / "d.docx", "--dry-run"),
        ("summary", *sorted((inputs / "各校").glob("*.yaml")), "-o", out / "批量", "-j", "1"),
        ("plan", facts, "-o", out / "p.docx", "--routine", routine),
        ("plan", facts, "--format", "md", "--templates", templates),
        ("compile", inputs / "各校", "-o", out / "c.docx", "--xlsx", out / "c.xlsx"),
        ("compile", inputs / "各校", "--format", "md", "--bureau", "伍家岗区教育局", "--signed", "2024-07-10", "--skip-invalid"),
        ("init", out / "新.yaml"),
        ("schema",),
        ("schema", "-o", out / "s.json"),
        # Mistakes that name an input as the output: refused, the input untouched.
        ("init", facts),
        ("summary", facts, "-o", facts),
        ("plan", facts, "-o", out / "r.docx", "--routine", routine, "--templates", templates),
        ("compile", inputs / "各校", "--format", "md", "--xlsx", facts),
    ]
    for args in runs:
        result = run_cli(*args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert "Traceback" not in result.output
        assert digests(inputs) == before, args


def test_markdown_output_never_overwrites_the_facts_file(tmp_path, run_cli, samples):
    facts = tmp_path / "事实.yaml"
    shutil.copy(samples[0], facts)
    before = facts.read_bytes()
    result = run_cli("summary", facts, "--format", "md", "-o", facts)
    assert facts.read_bytes() == before
    assert result.exit_code == 1
    assert result.stderr.strip() == f"输出文件 {facts} 就是输入文件，拒绝覆盖。请换一个输出文件名。"


def test_the_reference_document_is_an_input_too(tmp_path, run_cli, samples):
    reference = tmp_path / "红头.docx"
    shutil.copy(ROOT / "templates" / "校内.docx", reference)
    before = reference.read_bytes()
    result = run_cli("summary", samples[0], "-o", reference, "--reference", reference)
    assert reference.read_bytes() == before
    assert result.exit_code == 1
    assert result.stderr.strip() == f"输出文件 {reference} 就是输入文件，拒绝覆盖。请换一个输出文件名。"


@pytest.mark.parametrize("args", [("schema", "-o"), ("summary", str(SAMPLES / "中南路小学.yaml"), "--format", "md", "-o")])
def test_markdown_and_schema_into_a_missing_folder(tmp_path, run_cli, args):
    target = tmp_path / "没有" / "x.md"
    result = run_cli(*args, target)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"无法写入 {target}：所在文件夹不存在"
