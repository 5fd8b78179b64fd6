"""Outputs never replace an input or a special file (writers/files.py, pipeline/emit.py).

Every file a command reads is an input: the facts files, --previous, --routine, --reference,
every file under --templates, and the tool's own templates and data. No output may be one of
them, by any spelling (a symbolic or a hard link), in single and in batch mode, and no two
outputs may be one file. An output that exists and is not a regular file (a FIFO, a device, a
socket) is refused and left as it is; `-o -` prints the outline instead. An output that is a
symbolic link is written through: the file it points to is replaced, the link stays.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import stat
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "中南路小学.yaml"
SAME = "输出文件 {out} 就是输入文件{named}，拒绝覆盖。请换一个输出文件名。"
SPECIAL = "输出 {out} 已存在，是{kind}，不是普通文件：拒绝写入，也不会用普通文件替换它。请换一个输出文件名；要把大纲输出到屏幕，请用 --format md -o -"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def inputs(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLES, folder / "各校")
    shutil.copy(ROOT / "data" / "routine.yaml", folder / "行事历.yaml")
    shutil.copy(ROOT / "templates" / "校内.docx", folder / "红头.docx")
    templates = folder / "模板"
    (templates / "部件").mkdir(parents=True)
    (templates / "summary.md.j2").write_text("# {{ r.facts.school }}总结\n\n{% include '部件/正文.j2' %}\n", encoding="utf-8")
    (templates / "部件" / "正文.j2").write_text("正文。\n", encoding="utf-8")
    return {"facts": folder / "各校" / "中南路小学.yaml", "schools": folder / "各校", "routine": folder / "行事历.yaml",
            "reference": folder / "红头.docx", "templates": templates, "folder": folder}


def unchanged(folder: Path):
    before = {p: digest(p) for p in folder.rglob("*") if p.is_file()}

    def check() -> None:
        assert {p: digest(p) for p in folder.rglob("*") if p.is_file()} == before

    return check


@pytest.mark.parametrize(
    "case",
    ["routine-as-md", "template-as-md", "template-in-subfolder", "reference-as-docx", "facts-as-md-through-compile",
     "facts-with-dry-run", "routine-as-pdf"],
)
def test_an_input_is_never_an_output(inputs, run_cli, case):
    facts, routine, templates, reference = inputs["facts"], inputs["routine"], inputs["templates"], inputs["reference"]
    runs = {
        "routine-as-md": (("plan", facts, "--routine", routine, "-o", routine, "--format", "md"), routine),
        "template-as-md": (("summary", facts, "--templates", templates, "-o", templates / "summary.md.j2", "--format", "md"), templates / "summary.md.j2"),
        "template-in-subfolder": (("plan", facts, "--templates", templates, "-o", templates / "部件" / "正文.j2", "--format", "md"), templates / "部件" / "正文.j2"),
        "reference-as-docx": (("compile", inputs["schools"], "--reference", reference, "-o", reference), reference),
        "facts-as-md-through-compile": (("compile", inputs["schools"], "--format", "md", "-o", facts), facts),
        "facts-with-dry-run": (("summary", facts, "--format", "md", "-o", facts, "--dry-run"), facts),
        "routine-as-pdf": (("plan", facts, "--routine", routine.with_suffix(".pdf"), "-o", routine.with_suffix(".docx"), "--pdf"), routine.with_suffix(".pdf")),
    }
    args, target = runs[case]
    if case == "routine-as-pdf":
        shutil.copy(routine, target)  # a routine file that happens to be named 行事历.pdf
    same = unchanged(inputs["folder"])
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == SAME.format(out=target, named="")
    same()
    assert not routine.with_suffix(".docx").exists()


def test_a_link_or_another_name_of_an_input_is_the_input(inputs, run_cli, tmp_path):
    facts, routine = inputs["facts"], inputs["routine"]
    soft = tmp_path / "链接.md"
    soft.symlink_to(routine)
    hard = tmp_path / "硬链接.md"
    os.link(facts, hard)
    dotted = inputs["folder"] / "各校" / ".." / "行事历.yaml"
    same = unchanged(inputs["folder"])
    for out, named in ((soft, routine), (hard, facts), (dotted, routine)):
        result = run_cli("plan", facts, "--routine", routine, "-o", out, "--format", "md")
        assert result.exit_code == 1, (out, result.output)
        assert result.stderr.strip() == SAME.format(out=out, named=f" {named}")
    same()
    assert soft.is_symlink() and os.readlink(soft) == str(routine)


def test_the_tools_own_templates_are_inputs_too(inputs, run_cli, tmp_path, monkeypatch):
    """Installed or not, the shipped templates and data are read by every command: an output
    may not replace them (here a copy stands for the shipped folders)."""
    shipped = tmp_path / "shipped"
    shutil.copytree(ROOT / "templates", shipped / "templates", ignore=shutil.ignore_patterns("*.docx"))
    shutil.copytree(ROOT / "data", shipped / "data")
    monkeypatch.setattr("houqin_report.pipeline.emit.resource_path", lambda *parts: shipped.joinpath(*parts))
    same = unchanged(shipped)
    target = shipped / "templates" / "summary.md.j2"
    result = run_cli("summary", inputs["facts"], "--format", "md", "-o", target)
    assert result.exit_code == 1
    assert result.stderr.strip() == SAME.format(out=target, named="")
    same()


def test_two_outputs_into_one_file_are_refused(inputs, run_cli, tmp_path):
    out = tmp_path / "汇总.xlsx"
    result = run_cli("compile", inputs["schools"], "--format", "md", "-o", out, "--xlsx", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"输出文件 {out} 和 {out} 是同一个文件，后写的会覆盖先写的。请换一个输出文件名。"
    assert not out.exists()


def test_a_batch_checks_every_output_against_every_input_before_writing(inputs, run_cli, tmp_path):
    out = tmp_path / "批量"
    out.mkdir()
    reference = out / "中南路小学-工作总结.docx"  # the reference has an output's name
    shutil.copy(inputs["reference"], reference)
    before = digest(reference)
    facts = sorted(inputs["schools"].glob("*.yaml"))
    for jobs in ("1", "2"):
        result = run_cli("summary", *facts, "-o", out, "--reference", reference, "-j", jobs)
        assert result.exit_code == 1
        assert result.stderr.strip() == SAME.format(out=reference, named="")
        assert digest(reference) == before
        assert sorted(p.name for p in out.iterdir()) == [reference.name]  # nothing else written either


def test_a_batch_never_writes_into_the_templates(inputs, run_cli):
    templates = inputs["templates"]
    victim = templates / "九年一贯制学校-工作总结.docx"
    victim.write_bytes(b"a file of the template folder")
    same = unchanged(inputs["folder"])
    result = run_cli("summary", *sorted(inputs["schools"].glob("*.yaml")), "-o", templates, "--templates", templates, "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.strip() == SAME.format(out=victim, named="")
    same()


# ------------------------------------------------------------------------------ special files


def special_files(folder: Path) -> dict[str, tuple[Path, str]]:
    fifo = folder / "管道.md"
    os.mkfifo(fifo)
    device = folder / "设备.docx"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is, in a tmp folder
    book = folder / "设备.xlsx"
    os.mknod(book, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    sock = folder / "套接字.json"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    server.close()
    return {"fifo": (fifo, "命名管道（FIFO）"), "device": (device, "字符设备"), "book": (book, "字符设备"), "socket": (sock, "套接字")}


@pytest.mark.skipif(not hasattr(os, "mknod") or os.geteuid() != 0, reason="device nodes need root (CI runs as root)")
def test_a_special_file_is_never_replaced(tmp_path, run_cli):
    nodes = special_files(tmp_path)
    runs = {
        "fifo": ("summary", SAMPLE, "--format", "md", "-o", nodes["fifo"][0]),
        "device": ("plan", SAMPLE, "-o", nodes["device"][0]),
        "book": ("compile", SAMPLES, "--format", "md", "--xlsx", nodes["book"][0]),
        "socket": ("schema", "-o", nodes["socket"][0]),
    }
    tests = {"fifo": stat.S_ISFIFO, "device": stat.S_ISCHR, "book": stat.S_ISCHR, "socket": stat.S_ISSOCK}
    for name, args in runs.items():
        path, kind = nodes[name]
        result = run_cli(*args)
        assert result.exit_code == 1, (name, result.output)
        assert result.stderr.strip() == SPECIAL.format(out=path, kind=kind)
        assert tests[name](os.lstat(path).st_mode), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p, _ in nodes.values())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_link_to_a_fifo_is_refused_as_the_fifo(tmp_path, run_cli):
    fifo = tmp_path / "管道"
    os.mkfifo(fifo)
    link = tmp_path / "链接.md"
    link.symlink_to(fifo)
    result = run_cli("summary", SAMPLE, "--format", "md", "-o", link)
    assert result.exit_code == 1
    assert result.stderr.strip() == SPECIAL.format(out=link, kind="命名管道（FIFO）")
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dash_prints_the_outline(run_cli):
    to_screen = run_cli("summary", SAMPLE, "--format", "md")
    dashed = run_cli("summary", SAMPLE, "--format", "md", "-o", "-")
    assert dashed.exit_code == 0 and dashed.stdout == to_screen.stdout
    assert dashed.stdout.startswith("# 伍家岗区中南路小学")
    assert not Path("-").exists()
    schema = run_cli("schema", "-o", "-")
    assert schema.exit_code == 0 and schema.stdout.lstrip().startswith("{")


def test_dash_is_only_for_markdown(run_cli):
    result = run_cli("plan", SAMPLE, "-o", "-")
    assert result.exit_code == 1
    assert result.stderr.strip() == "-o - 表示把大纲输出到屏幕，只能和 --format md 一起用；.docx 请给出文件名，例如 -o out/计划.docx"
    assert not Path("-").exists()


# ------------------------------------------------------------------------------ symbolic links


def test_a_linked_output_is_written_through_the_link(tmp_path, run_cli):
    real = tmp_path / "存档" / "2024春-总结.docx"
    real.parent.mkdir()
    real.write_bytes(b"last term's file")
    link = tmp_path / "最新总结.docx"
    link.symlink_to(real)
    result = run_cli("summary", SAMPLE, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in real.parent.iterdir()) == [real.name]  # no temporary file left


def test_a_link_to_nothing_yet_creates_its_target(tmp_path, run_cli):
    real = tmp_path / "新.md"
    link = tmp_path / "链接.md"
    link.symlink_to(real)
    result = run_cli("summary", SAMPLE, "--format", "md", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("# 伍家岗区中南路小学")


def test_init_never_replaces_a_link(tmp_path, run_cli):
    link = tmp_path / "事实.yaml"
    link.symlink_to(tmp_path / "别处.yaml")
    result = run_cli("init", link)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{link} 已存在，未覆盖。请换一个文件名，或先把原文件移走。"
    assert link.is_symlink() and not (tmp_path / "别处.yaml").exists()


# ------------------------------------------------------------------------------ the library


def test_write_output_refuses_inputs_special_files_and_twins(tmp_path):
    from houqin_report.errors import OutputError
    from houqin_report.writers.files import check_outputs, write_output

    source = tmp_path / "事实.yaml"
    source.write_text("学校: 甲\n", encoding="utf-8")
    link = tmp_path / "链接.md"
    link.symlink_to(source)
    with pytest.raises(OutputError) as caught:
        write_output(link, b"x", [source])
    assert caught.value.message == SAME.format(out=link, named=f" {source}")
    assert source.read_text(encoding="utf-8") == "学校: 甲\n"
    fifo = tmp_path / "管道"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as caught:
        write_output(fifo, b"x")
    assert caught.value.message == SPECIAL.format(out=fifo, kind="命名管道（FIFO）")
    with pytest.raises(OutputError) as caught:
        check_outputs([tmp_path / "a.md", tmp_path / "." / "a.md"])
    assert caught.value.message == f"输出文件 {tmp_path / 'a.md'} 和 {tmp_path / '.' / 'a.md'} 是同一个文件，后写的会覆盖先写的。请换一个输出文件名。"
    target = tmp_path / "真.md"
    through = tmp_path / "经链接.md"
    through.symlink_to(target)
    write_output(through, b"written", [source])
    assert through.is_symlink() and target.read_bytes() == b"written"
