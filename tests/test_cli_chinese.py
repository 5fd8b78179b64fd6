"""click's own usage errors and help, in Chinese (houqin_report/clickzh.py): an unknown
option, a missing argument, a bad choice, a missing value, an extra argument, an unknown
command, a path that is not there; exit 2 as click's usage errors always were, no English."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLES

SAMPLE = str(SAMPLES / "中南路小学.yaml")
ENGLISH = ("Usage:", "Error:", "Try '", "No such", "Missing", "Invalid value", "is not one of", "Got unexpected",
           "requires an argument", "does not exist", "Show this message", "Options:", "Commands:", "[default")


@pytest.mark.parametrize(
    "args, usage, message",
    [
        (("summary", SAMPLE, "--foo"), "houqin summary [选项] 事实文件...", "没有这个选项：--foo（是不是要写 --force、--format、--pdf？）"),
        (("summary",), "houqin summary [选项] 事实文件...", "缺少参数“事实文件...”"),
        (("plan", SAMPLE, "--format", "pdf"), "houqin plan [选项] 事实文件", "选项 --format 的值不对：“pdf”不是可选的值，可选：docx、md"),
        (("summary", SAMPLE, "--profile", "红头"), "houqin summary [选项] 事实文件...", "选项 --profile 的值不对：“红头”不是可选的值，可选：公文、校内"),
        (("plan", SAMPLE, "extra.yaml"), "houqin plan [选项] 事实文件", "多余的参数：extra.yaml"),
        (("nosuch",), "houqin [选项] 命令 [参数]...", "没有这个命令：nosuch（可用的命令：admin、backup、check、compile、init、plan、schema、serve、summary）"),
        (("check", SAMPLE, "--previous", "/no/such/file.yaml"), "houqin check [选项] 文件或文件夹...", "选项 --previous 的值不对：/no/such/file.yaml 不存在"),
        (("check", SAMPLE, "--previous", str(SAMPLES)), "houqin check [选项] 文件或文件夹...", f"选项 --previous 的值不对：{SAMPLES} 是文件夹，这里要给一个文件"),
        (("summary", SAMPLE, SAMPLE, "-o", "out", "-j", "0"), "houqin summary [选项] 事实文件...", "选项 -j/--jobs 的值不对：应为 1 到 64 之间的整数，不能是“0”"),
        (("compile", str(SAMPLES), "--signed", "2024-13-01"), "houqin compile [选项] 文件夹或文件...", "选项 --signed 的值不对：日期“2024-13-01”不存在"),
    ],
    ids=["unknown-option", "missing-argument", "bad-choice", "bad-choice-chinese", "extra-argument", "unknown-command",
         "missing-path", "folder-for-file", "out-of-range", "our-own-check"],
)
def test_usage_errors_are_in_chinese(run_cli, args, usage, message):
    result = run_cli(*args)
    assert result.exit_code == 2
    command = "houqin " + args[0] if usage.startswith("houqin " + args[0]) else "houqin"
    assert result.stderr == f"用法：{usage}\n运行“{command} -h”查看帮助。\n\n错误：{message}\n"
    assert not any(word in result.output for word in ENGLISH), result.output


@pytest.mark.parametrize("args, message", [
    (("summary", SAMPLE, "-o"), "错误：选项 -o 后面要跟一个值"),
    (("summary", SAMPLE, "--dry-run=yes"), "错误：选项 --dry-run 后面不能跟值"),
])
def test_option_values_said_in_chinese(run_cli, args, message):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == message


@pytest.mark.parametrize("args", [("-h",), ("summary", "-h"), ("check", "--help"), ("compile", "-h"), ("init", "-h")])
def test_help_is_in_chinese(run_cli, args):
    result = run_cli(*args)
    assert result.exit_code == 0
    assert result.stdout.startswith("用法：houqin")
    assert "选项：" in result.stdout and "显示本帮助并退出。" in result.stdout
    assert not any(word in result.output for word in ENGLISH), result.output


def test_defaults_are_labelled_and_columns_aligned(run_cli):
    """[默认：…], and each option's help starts in one screen column although a Chinese
    metavar (路径, 文件夹) is two columns wide per character."""
    import re

    from houqin_report.text.chars import cell_width

    result = run_cli("summary", "-h")
    assert "md：只输出大纲文本，不生成 .docx。  [默认：docx]" in result.stdout
    columns = set()
    for line in result.stdout.splitlines():
        m = re.match(r"^(  -\S.*?\S)( {2,})(\S.*)$", line)
        if m:
            columns.add(cell_width(m.group(1) + m.group(2)))
    assert len(columns) == 1, columns


def test_a_usage_error_in_a_real_process(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "summary", SAMPLE, "--format", "pdf"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.endswith("错误：选项 --format 的值不对：“pdf”不是可选的值，可选：docx、md\n")
    assert "Traceback" not in proc.stderr and "Error:" not in proc.stderr
