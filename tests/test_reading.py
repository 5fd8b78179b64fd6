"""Reading the output (issue 15, point 11): --format md without needless escapes, user text
still literal in every place a template prints it; tests/docx_text.py as a command; the
README's command table in one piece."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from houqin_report.outline.environment import md_escape
from houqin_report.outline.parse import parse, plain, segments
from houqin_report.text.chars import LINE_BREAK
from houqin_report.text.punctuation import full_width

ROOT = Path(__file__).resolve().parent.parent


def test_outlines_have_no_needless_escapes(samples, run_cli):
    for sample in samples:
        for command in ("summary", "plan"):
            result = run_cli(command, sample, "--format", "md")
            assert result.exit_code == 0
            assert "\\" not in result.stdout, (sample.name, command)  # 9.19万元, 50%, 2024-03-12 as they are
    compiled = run_cli("compile", ROOT / "samples", "--format", "md").stdout
    assert "\\" not in compiled and "| 81.8% | 1.099 | 10.841 |" in compiled  # 整改费用, then 采购 without the 3万元 捐赠


def test_only_what_means_something_is_escaped():
    # (一) inside Chinese text is written （一） (GB/T 15834, text/punctuation.py): no escape
    assert md_escape("9.19万元、50%、2024-03-12、(一)、R&D、3+4=7、a.b:c;d") == "9.19万元、50%、2024-03-12、（一）、R&D、3+4=7、a.b:c;d"
    assert md_escape("a*b_c [x](y) <http://x> `c` | &amp;") == "a\\*b\\_c \\[x\\](y) \\<http://x> \\`c\\` \\| \\&amp;"
    assert md_escape("# 题") == "\\# 题" and md_escape("1. 2号楼") == "1\\. 2号楼" and md_escape("1.2号楼") == "1.2号楼"
    # (::: beside Chinese text is full-width, ：：：落款, and means nothing to the outline)
    assert md_escape("::: note") == "\\::: note" and md_escape("::: 落款") == "：：：落款" and md_escape("问题 #") == "问题 \\#" and md_escape("末尾\\") == "末尾\\\\"


# Characters that mean something somewhere in Markdown, and plain ones.
TEXT = st.lists(st.sampled_from(list("#*_[]()<>`|&;!\\:-+=~.%0123456789 \tab甲乙。") + ["&amp;", "&#65;", ":::", "1. ", "\n"]),
               max_size=30).map(lambda parts: "".join(parts).strip())  # the model strips every text (facts/model.py)

CONTEXTS = {
    "paragraph": ("{}\n", lambda root: root.children[0]),
    "after text": ("前{}后\n", lambda root: root.children[0]),
    "heading": ("#### {}\n", lambda root: root.children[0]),
    "table cell": ("| 甲 | 乙 |\n|---|---|\n| 丙 | {} |\n", None),
    "container": ("::: 落款\n{}\n:::\n", lambda root: root.children[0].children[0]),
}


def _read(context: str, outline: str) -> str:
    root = parse(outline)
    template, pick = CONTEXTS[context]
    if pick is None:  # the last cell of the body row, as the renderer reads it
        from houqin_report.outline.parse import cell_segments

        body = next(c for c in root.children[0].children if c.type == "tbody_compact")
        content, _ = body.meta["rows"][0][1][-1]
        return plain(cell_segments(content, body.meta["env"]))
    node = pick(root)
    inline = next(c for c in node.children if c.type == "inline")
    return plain(segments(inline))


@settings(max_examples=300, deadline=None)
@given(text=TEXT, context=st.sampled_from(sorted(CONTEXTS)))
def test_escaped_text_reads_back_as_written(text, context):
    """Whatever a user writes, the outline gives back exactly that (spaces at the ends of a
    line aside, which Markdown drops; half-width marks in Chinese text full-width, GB/T 15834),
    wherever the template puts it."""
    expected = full_width(LINE_BREAK.sub(" ", text)).replace("\t", " ")
    escaped = str(md_escape(text))
    if not expected.strip() and context != "after text":
        return  # nothing to read back: an empty paragraph is no paragraph
    outline = CONTEXTS[context][0].format(escaped)
    got = _read(context, outline)
    want = ("前" + expected + "后") if context == "after text" else expected
    assert got.strip(" ") == want.strip(" "), (context, escaped)


def test_docx_text_runs_as_a_command(tmp_path, samples, run_cli):
    out = tmp_path / "s.docx"
    assert run_cli("summary", samples[0], "-o", out).exit_code == 0
    script = ROOT / "tests" / "docx_text.py"
    shown = subprocess.run([sys.executable, str(script), str(out)], capture_output=True, text=True, check=True).stdout
    lines = shown.splitlines()
    assert lines[0].startswith("[Title] 伍家岗区") and any(line.startswith("[Heading 1] 一、") for line in lines)
    assert "-- 表 1 --" in lines and any(line.startswith("序号 | ") for line in lines)
    text = subprocess.run([sys.executable, str(script), "--text", str(out)], capture_output=True, text=True, check=True).stdout
    assert "后勤工作总结" in text and "[Title]" not in text
    usage = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert usage.returncode == 2 and "python tests/docx_text.py" in usage.stderr


def test_readme_command_table_is_one_table():
    tokens = MarkdownIt("commonmark").enable("table").parse((ROOT / "README.md").read_text(encoding="utf-8"))
    tables, current = [], None
    for token in tokens:
        if token.type == "table_open":
            current = []
        elif token.type == "inline" and current is not None:
            current.append(token.content)
        elif token.type == "table_close":
            tables.append(current)
            current = None
    commands = next(t for t in tables if t[:2] == ["命令", "作用"])
    named = [cell.split()[1].strip("`") for cell in commands[2::2]]
    assert named == ["init", "check", "schema", "summary", "plan", "serve", "admin", "backup", "compile"]
