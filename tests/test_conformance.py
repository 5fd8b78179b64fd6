"""The conformance check itself (tests/conformance.py): it catches what Word would reject,
says which file and why, and sees every file the tool writes, wherever it is written."""
from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

import conformance
from houqin_report.writers.atomic import write_bytes_atomic
from houqin_report.writers.docx import render_outline_bytes

pytest.importorskip("openxml_audit")


def _with_part(data: bytes, name: str, edit) -> bytes:
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for entry in src.namelist():
            content = src.read(entry)
            dst.writestr(entry, edit(content) if entry == name else content)
    return out.getvalue()


def test_a_valid_document_has_no_errors(tmp_path):
    path = tmp_path / "ok.docx"
    path.write_bytes(render_outline_bytes("# 标题\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n"))
    assert conformance.errors(path) == []


def test_errors_name_the_part_and_the_rule(tmp_path):
    good = render_outline_bytes("# 标题\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n")
    # Word 2010's tblLook attributes are unknown to Word 2007; an unknown jc value to all.
    bad = _with_part(good, "word/document.xml",
                     lambda xml: xml.replace(b'<w:tblLook w:val="04A0"/>', b'<w:tblLook w:val="04A0" w:firstRow="1"/>'))
    bad = _with_part(bad, "word/styles.xml", lambda xml: xml.replace(b'<w:jc w:val="both"/>', b'<w:jc w:val="sideways"/>', 1))
    path = tmp_path / "bad.docx"
    path.write_bytes(bad)
    found = conformance.errors(path)
    assert any(m.startswith("OFFICE_2007:") and "/word/document.xml" in m and "'firstRow' attribute is not declared" in m
               for m in found), found
    assert any(m.startswith("OFFICE_2019:") and "/word/styles.xml" in m and "sideways" in m for m in found), found
    assert not any(m.startswith("OFFICE_2019:") and "firstRow" in m for m in found)
    # as a command: the file, its count of errors, the messages; exit 1
    run = subprocess.run([sys.executable, str(Path(conformance.__file__)), str(path)], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stdout.startswith(f"{path}: {len(found)} errors") and "sideways" in run.stdout


def test_files_written_anywhere_are_collected_once(written_files):
    data = render_outline_bytes("# 收集\n\n正文。\n")
    digest = hashlib.sha256(data).hexdigest()
    with tempfile.TemporaryDirectory() as tmp:  # deleted at once, as the property tests' folders
        write_bytes_atomic(Path(tmp, "a.docx"), data)
        write_bytes_atomic(Path(tmp, "b.docx"), data)
        write_bytes_atomic(Path(tmp, "c.txt"), b"not collected")
    found = [w for w in written_files.written() if w.digest == digest]
    assert len(found) == 1 and found[0].name.endswith("a.docx")
    assert found[0].test.endswith("test_files_written_anywhere_are_collected_once")
    assert written_files.path_of(found[0]).read_bytes() == data
    assert not any(w.name.endswith("c.txt") for w in written_files.written())


def test_the_shipped_references_are_validated(written_files):
    names = {w.name for w in written_files.written()}
    assert {"templates/公文.docx", "templates/校内.docx"} <= names


def test_the_demo_outputs_are_among_the_validated(written_files, tmp_path, samples, run_cli):
    """What `make demo` writes (each sample's summary and plan, the compiled report and its
    workbook) goes through the same check: written here as the Makefile writes it."""
    wanted = []
    for sample in samples:
        for command, name in (("summary", "工作总结"), ("plan", "工作计划")):
            out = tmp_path / f"{sample.stem}-{name}.docx"
            assert run_cli(command, sample, "-o", out).exit_code == 0
            wanted.append(out)
    report, book = tmp_path / "教育局汇总报告.docx", tmp_path / "教育局汇总.xlsx"
    assert run_cli("compile", samples[0].parent, "-o", report, "--xlsx", book).exit_code == 0
    digests = {w.digest for w in written_files.written()}
    for path in wanted + [report, book]:
        assert hashlib.sha256(path.read_bytes()).hexdigest() in digests, path.name
