"""The fast paths (bench/run.py) give what the slow ones gave, byte for byte:

- facts files read by libyaml (PyYAML's C loader) give the same data, lines and problems as
  PyYAML's Python loader, and whatever libyaml could read differently goes to the Python one;
- jieba's dictionary read shard by shard cuts text as the whole dictionary does;
- table rows written as XML text are the runs python-docx builds, and the same bytes when they
  went to a temporary file on the way;
- a table's body caught as the table rule pushes it holds the cells markdown-it's own tokens hold;
- files read in worker processes come back in order with the same results.
"""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from houqin_report.facts import read as yamlread
from houqin_report.errors import FactsError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted(ROOT.glob("samples/*.yaml")) + sorted(FIXTURES.rglob("*.y*ml")):
        try:
            out.append((str(path), yamlread.decode(path.read_bytes(), str(path))))
        except FactsError:
            pass  # not UTF-8 or GBK: never reaches a loader
    return out


def _python_loader(text: str):
    """parse_text as it was before libyaml: the Python loader only."""
    saved = yamlread._parse_fast
    yamlread._parse_fast = lambda text, file: None
    try:
        document = yamlread.parse_text(text, "f.yaml")
        return ("ok", document.data, document.lines, document.problems, document.removed)
    except FactsError as exc:
        return ("error", [str(p) for p in exc.problems])
    finally:
        yamlread._parse_fast = saved


needs_libyaml = pytest.mark.skipif(yamlread._CLoader is None, reason="PyYAML without libyaml")


@needs_libyaml
def test_libyaml_reads_the_samples_and_fixtures_as_the_python_loader():
    fast = 0
    for name, text in _texts():
        document = yamlread._parse_fast(text, "f.yaml")
        if document is not None:
            fast += 1
            assert ("ok", document.data, document.lines, document.problems, document.removed) == _python_loader(text), name
    assert fast >= 10


@needs_libyaml
def test_libyaml_and_python_agree_on_damaged_files():
    """Files with characters inserted, deleted and copied around: whenever libyaml's reading is
    used, the Python loader reads the same (or libyaml's is not used)."""
    rng = random.Random(8)
    texts = [t for _, t in _texts()]
    pieces = list(":-[]{}#&*!|>'\"\t ,?%@`\n\\") + ["  ", "- ", ": ", "\n  ", "<<: ", "&a ", "*a", "中", "\r", "\ufeff", "\x85"]
    used = 0
    for _ in range(400):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(text) + 1)
            if rng.random() < 0.5:
                text = text[:i] + rng.choice(pieces) + text[i:]
            else:
                text = text[:i] + text[i + rng.randint(1, 5):]
        document = yamlread._parse_fast(text, "f.yaml")
        if document is not None:
            used += 1
            assert ("ok", document.data, document.lines, document.problems, document.removed) == _python_loader(text), repr(text)
    assert used > 50


@pytest.mark.parametrize("text", [
    "学校: 甲\n工作:\n  -\t一项\n",  # a tab (libyaml takes some that PyYAML refuses)
    "学校: 甲\ufeff\n",  # a byte-order mark inside the text
    "a: &x {b: 1}\nc:\n  <<: *x\n",  # a merge key
    "[" * 40_000,  # libyaml's composer would recurse in C until the process crashes
    "学校: " + "甲" * 3000 + "\n",  # a line longer than the nesting bound allows
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 40)),  # nesting near MAX_DEPTH
])
def test_what_libyaml_may_read_differently_goes_to_the_python_loader(text):
    assert yamlread._parse_fast(text, "f.yaml") is None


def test_deep_nesting_is_refused_in_chinese_not_crashed():
    with pytest.raises(FactsError) as caught:
        yamlread.parse_text("[" * 40_000, "f.yaml")
    assert "嵌套超过" in str(caught.value)


# --- jieba's dictionary in shards -----------------------------------------------------------


def test_sharded_dictionary_cuts_as_the_whole_one(tmp_path, monkeypatch):
    from houqin_report.text import tokenizer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    whole = tokenizer._build_tokenizer()  # no cache yet: built from the dictionaries, cache written
    assert whole.shards is None and tokenizer.cache_path().is_file()
    sharded = tokenizer._build_tokenizer()  # from the cache, shard by shard
    assert sharded.shards is not None and len(sharded.FREQ) == 0
    texts = set()
    for _, text in _texts():
        texts.update(line.strip(" -:") for line in text.splitlines())
    texts |= {"学校车棚", "应用电子白板", "整改x处，整改率为x%", "iPhone X 和 3x4米", "明厨亮灶☆ABC１２３"}
    for text in sorted(texts):
        assert sharded.lcut(text) == whole.lcut(text), text
        assert sharded.lcut_for_search(text) == whole.lcut_for_search(text), text
    assert 0 < len(sharded.FREQ) < len(whole.FREQ) // 10  # only what these texts can look up


# --- table rows as XML text -----------------------------------------------------------------


@pytest.mark.parametrize("size", [None, 18])
def test_table_runs_are_what_python_docx_builds(size):
    import docx
    from lxml import etree

    from houqin_report.outline.parse import Seg as _Seg
    from houqin_report.writers.docx.ooxml import RPR_ORDER, add_runs as _add_runs, runs_xml as _runs_xml, set_child

    cases = [
        [_Seg("序号", True)],
        [_Seg("a  b <x> & \"q\" 'z'")],
        [_Seg(" 前后有空格 "), _Seg("粗", True), _Seg("细")],
        [_Seg("一\n二"), _Seg("\n三", True)],
        [_Seg("\u3000全角空格开头")],
        [_Seg("")],
        [],
        [_Seg("x"), _Seg(""), _Seg("y")],
        [_Seg("tab\there\r回车")],
    ]
    document = docx.Document()
    for segs in cases:
        p = document.add_paragraph()
        _add_runs(p, segs)
        if size is not None:
            for run in p.runs:
                rpr = run._r.get_or_add_rPr()
                set_child(rpr, "sz", RPR_ORDER, val=size)
                set_child(rpr, "szCs", RPR_ORDER, val=size)
        xml = re.sub(r' xmlns:\w+="[^"]*"', "", etree.tostring(p._p, encoding="unicode"))
        expected = "" if xml == "<w:p/>" else xml.removeprefix("<w:p>").removesuffix("</w:p>")
        rpr_size = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size is not None else ""
        assert _runs_xml(segs, rpr_size) == expected, segs


def test_cell_text_is_parsed_as_markdown_it_parses_it():
    from markdown_it.tree import SyntaxTreeNode

    from houqin_report.outline.parse import cell_segments as _cell_segments, markdown as _markdown, segments as _segments

    rng = random.Random(3)
    alphabet = list("甲乙 ab12.,%*_`<>&\\[]()!#~|-+=:{}") + ["\\.", "\\%", "\\\\", "**", "96\\.7\\%"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))).strip()
        slow = _segments(SyntaxTreeNode(_markdown().parseInline(text, {})).children[0])
        assert _cell_segments(text, {}) == slow, text


def _plain_table_cells(text: str) -> list[list[tuple[str, str]]]:
    """Each body row's (content, style) of each cell, from markdown-it's own tokens (no compacting)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    from houqin_report.outline.parse import CONTAINERS

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    for name, pattern in CONTAINERS.items():  # as outline/parse.py has them, the table rule left alone
        container_plugin(md, name, validate=lambda params, *_, p=pattern: p.fullmatch(params.strip()) is not None)
    rows, style = [], ""
    in_body = False
    for token in md.parse(text):
        if token.type in ("tbody_open", "tbody_close"):
            in_body = token.type == "tbody_open"
        elif in_body and token.type == "tr_open":
            rows.append([])
        elif in_body and token.type == "td_open":
            style = str(token.attrs.get("style", "")) if token.attrs else ""
        elif in_body and token.type == "inline":
            rows[-1].append((token.content, style))
    return rows


def test_table_body_caught_as_pushed_holds_what_markdown_it_makes():
    from houqin_report.outline.parse import markdown as _markdown

    rng = random.Random(5)
    cells = ["甲", " 乙 ", "a\\|b", "`x|y`", "", "96.7%", "**粗**", r"1\|2", "  "]
    for _ in range(300):
        ncols = rng.randint(1, 4)
        head = "| " + " | ".join(f"列{i}" for i in range(ncols)) + " |"
        rule = "|" + "|".join(rng.choice(["---", ":--", "--:", ":-:"]) for _ in range(ncols)) + "|"
        body = ["| " + " | ".join(rng.choice(cells) for _ in range(rng.randint(0, ncols + 2))) + " |"
                for _ in range(rng.randint(0, 5))]
        after = rng.choice(["", "\n\n段落", "\n# 标题", "\n> 引用", "\n::: 居中\n文字\n:::"])
        text = "\n".join([head, rule, *body]) + after + "\n"
        compact = [t for t in _markdown().parse(text) if t.type == "tbody_compact"]
        got = [texts for _, texts in compact[0].meta["rows"]] if compact else []
        assert got == _plain_table_cells(text), text


def test_table_rows_through_a_temporary_file_are_the_same_bytes(monkeypatch):
    from houqin_report.writers.docx import render_outline_bytes, rows as _rows

    lines = ["# 表", "", "| 学校 | 金额（万元） | 说明 |", "|---|--:|---|"]
    lines += [f"| 第{i}小学 | {i * 1.5:.1f} | 做法{i}：**粗**和细 |" for i in range(400)] + ["| 合计 | 1 | |", "", "表后的一段。"]
    text = "\n".join(lines) + "\n"
    in_memory = render_outline_bytes(text)
    monkeypatch.setattr(_rows, "SPOOL", 1)  # every table's rows to the file at once
    monkeypatch.setattr(_rows, "BLOCK", 1000)  # read back in pieces that cut rows and characters
    rolled = []
    close = _rows.TableRows.close
    monkeypatch.setattr(_rows.TableRows, "close", lambda self: (rolled.append(self._file._rolled), close(self)))
    assert render_outline_bytes(text) == in_memory
    assert rolled == [True]  # the rows did go to a file


# --- worker processes ---------------------------------------------------------------------


def test_files_read_by_workers_come_back_in_order(tmp_path):
    from houqin_report.pipeline.collect import _collect_one
    from houqin_report.pipeline.check import check_files
    from houqin_report.pipeline.parallel import ordered_map

    sources = sorted(ROOT.glob("samples/*.yaml")) + sorted((FIXTURES / "invalid").glob("*.yaml"))
    files = []
    for i in range(3):
        for source in sources:
            target = tmp_path / f"{i}-{source.name}"
            shutil.copyfile(source, target)
            files.append(target)
    assert len(files) >= 30  # enough for the pool (parallel.MIN_PER_WORKER)
    alone = list(check_files(files, jobs=1))
    shared = list(check_files(files, jobs=2))
    assert [p for p, _, _ in shared] == files
    assert shared == alone
    jobs = [(f, False) for f in files]
    assert list(ordered_map(_collect_one, jobs, 2)) == list(ordered_map(_collect_one, jobs, 1))
