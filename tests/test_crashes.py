"""No traceback when the machine, not the file, fails: memory running out while printing, a
worker process killed (as the out-of-memory killer does) and, the other way round, a parent
killed with SIGKILL, whose workers must not live on."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

OUT_OF_MEMORY = "内存不足，已停止：没有写入任何不完整的文件，原有的文件未改动。请关闭其他程序后重试，或减少一次处理的文件数。"
WORKER_DIED = ("一个工作进程意外退出（常见原因是内存不足，被系统终止），本次命令没有写出结果，原有的文件未改动。"
               "请关闭其他程序，或用 -j 1 逐个处理后重试。")
OLD = b"last week's report"


def _out_of_memory(*args, **kwargs):
    raise MemoryError


@pytest.mark.parametrize("command", [("summary", "--format", "md"), ("check",), ("compile", "--format", "md")])
def test_memory_running_out_while_printing(monkeypatch, run_cli, command):
    monkeypatch.setattr("houqin_report.cli._Printed.text", _out_of_memory)
    monkeypatch.setattr("houqin_report.cli.status", _out_of_memory)
    result = run_cli(command[0], SAMPLES / "中南路小学.yaml", *command[1:])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == OUT_OF_MEMORY
    assert "Traceback" not in result.output and "MemoryError" not in result.output


def test_memory_running_out_while_writing_leaves_the_old_file(monkeypatch, run_cli, tmp_path):
    out = tmp_path / "总结.docx"
    out.write_bytes(OLD)
    monkeypatch.setattr("houqin_report.pipeline.emit.docx_bytes", _out_of_memory)
    result = run_cli("summary", SAMPLES / "中南路小学.yaml", "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == OUT_OF_MEMORY
    assert out.read_bytes() == OLD and [p.name for p in tmp_path.iterdir()] == ["总结.docx"]


def killed_on_the_fifth(real):
    """real (load_any_and_lint, which the workers of check and compile call, or load_and_lint,
    which summary's do), except that the worker reading the fifth file is killed, as the
    out-of-memory killer would."""
    def load(path, *args, **kwargs):
        if Path(path).name.startswith("05-"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)

    return load


from houqin_report.pipeline import check as _check  # noqa: E402


def many_schools(folder: Path, n: int = 20) -> Path:
    folder.mkdir()
    text = (SAMPLES / "中南路小学.yaml").read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"{i:02d}-校.yaml").write_text(text.replace("伍家岗区中南路小学", f"伍家岗区第{i}小学", 1), encoding="utf-8")
    return folder


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers inherit the test's patch by fork")
def test_a_killed_worker_is_said_in_chinese_and_nothing_is_written(tmp_path, monkeypatch, run_cli):
    schools = many_schools(tmp_path / "各校")
    out = tmp_path / "out"
    out.mkdir()
    report, book = out / "汇总.docx", out / "汇总.xlsx"
    report.write_bytes(OLD)
    book.write_bytes(OLD)
    monkeypatch.setattr(_check, "load_any_and_lint", killed_on_the_fifth(_check.load_any_and_lint))
    monkeypatch.setattr("houqin_report.pipeline.parallel.cpu_count", lambda: 2)
    result = run_cli("compile", schools, "-o", report, "--xlsx", book)
    assert result.exit_code == 1
    assert result.stderr.strip() == WORKER_DIED
    assert "Traceback" not in result.output and "BrokenProcessPool" not in result.output
    assert report.read_bytes() == OLD and book.read_bytes() == OLD
    assert sorted(p.name for p in out.iterdir()) == ["汇总.docx", "汇总.xlsx"]
    check = run_cli("check", *sorted(schools.iterdir()))
    assert check.exit_code == 1 and check.stderr.strip().splitlines()[-1] == WORKER_DIED
    monkeypatch.setattr("houqin_report.pipeline.school.load_and_lint", killed_on_the_fifth(_check.load_and_lint))
    batch = run_cli("summary", *sorted(schools.iterdir()), "-o", tmp_path / "批量", "-j", "2")
    assert batch.exit_code == 1
    assert batch.stderr.strip().splitlines()[-1].startswith("一个工作进程意外退出（常见原因是内存不足，被系统终止），批量生成中止")


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_workers_do_not_outlive_a_parent_killed_with_sigkill(tmp_path):
    script = (
        "import time\n"
        "from houqin_report.pipeline.parallel import ordered_map\n"
        "list(ordered_map(time.sleep, [20.0] * 16, jobs=2))\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 20
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            workers = _children(parent.pid)
        assert len(workers) >= 2, workers
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        time.sleep(3)
        left = {p for p in workers if _alive(p)}
        assert left == set(), f"workers still running after their parent was killed: {left}"
    finally:
        for pid in workers:  # only the workers of the process this test started
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if parent.poll() is None:
            parent.kill()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers inherit the test's patch by fork")
def test_the_library_raises_a_worker_error(tmp_path, monkeypatch):
    from houqin_report.errors import WorkerError
    from houqin_report.pipeline.check import check_files

    schools = many_schools(tmp_path / "各校")
    monkeypatch.setattr(_check, "load_any_and_lint", killed_on_the_fifth(_check.load_any_and_lint))
    with pytest.raises(WorkerError) as caught:
        list(check_files(sorted(schools.iterdir()), jobs=2))
    assert caught.value.message == WORKER_DIED


def _killed_workbook(*args):
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the workbook's worker is forked")
def test_the_workbook_is_made_beside_the_report_and_its_worker_killed_is_said(run_cli, tmp_path, monkeypatch):
    from houqin_report.pipeline.parallel import in_background

    monkeypatch.setattr("houqin_report.pipeline.parallel.cpu_count", lambda: 2)
    assert in_background(os.getpid)() != os.getpid()  # in another process, its result back
    assert in_background(sorted, [3, 1, 2])() == [1, 2, 3]
    out = tmp_path / "out"
    out.mkdir()
    report, book = out / "汇总.docx", out / "汇总.xlsx"
    report.write_bytes(OLD)
    book.write_bytes(OLD)
    monkeypatch.setattr("houqin_report.pipeline.bureau.workbook_bytes", _killed_workbook)
    result = run_cli("compile", SAMPLES, "-o", report, "--xlsx", book)
    assert result.exit_code == 1 and result.stderr.strip().splitlines()[-1] == WORKER_DIED
    assert "Traceback" not in result.output and report.read_bytes() == OLD and book.read_bytes() == OLD
