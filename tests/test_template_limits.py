"""Runaway templates answer within seconds (outline/limits.py): a user's --templates can ask
for a billion characters or loops; each is refused with the template's file:line in Chinese.
They run in a child process with a memory cap and a timeout, so a limit that does not hold
fails the test instead of the machine. And rendering time grows linearly with the paragraphs."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from conftest import ROOT, SAMPLES

TOO_LONG = "会生成过长的文字或列表（超过 1000000 个）"
STEPS = "模板中的循环或调用次数过多（超过 500000 次），可能是嵌套的 range 循环或无限递归"
OUTPUT = "模板生成的内容过多（超过 2000 万字），已停止"

RUNAWAY = [
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", STEPS),
    ("{% for c in 'x' * 1000000 %}{% for d in 'x' * 1000000 %}{% endfor %}{% endfor %}", STEPS),
    ("{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(40) }}", STEPS),
    ("{{ 'x'.ljust(10**9) }}", "模板中的ljust()" + TOO_LONG),
    ("{{ 'x'.rjust(10**9) }}", "模板中的rjust()" + TOO_LONG),
    ("{{ 'x'.center(10**9) }}", "模板中的center()" + TOO_LONG),
    ("{{ '7'.zfill(10**9) }}", "模板中的zfill()" + TOO_LONG),
    ("{{ ('x\\t' * 100000).expandtabs(100000) }}", "模板中的expandtabs()" + TOO_LONG),
    ("{{ '{:>999999999}'.format(1) }}", "模板中的format 格式化" + TOO_LONG),
    ("{{ '{:.999999999f}'.format(1) }}", "模板中的format 格式化" + TOO_LONG),
    ("{{ '{0:{1}}'.format('x', 999999999) }}", "模板中的 format 格式说明里不能再嵌套 { }"),
    ("{{ '%999999999d' % 1 }}", "模板中的% 格式化" + TOO_LONG),
    ("{{ '%.999999999f' % 1 }}", "模板中的% 格式化" + TOO_LONG),
    ("{{ '%*d' % (999999999, 1) }}", "模板中的 % 格式化不能用 * 指定宽度"),
    ("{{ '%999999999s' | format('x') }}", "模板中的format 过滤器" + TOO_LONG),
    ("{{ 'x' | center(10**9) }}", "模板中的center 过滤器" + TOO_LONG),
    ("{{ ('x' * 1000000) | indent(1000000) }}", "模板中的indent 过滤器" + TOO_LONG),
    ("{{ ('x' * 1000000) | wordwrap(1, wrapstring='y' * 1000) }}", "模板中的wordwrap 过滤器" + TOO_LONG),
    ("{{ ('x' * 1000000).replace('x', 'y' * 1000) }}", "模板中的replace()" + TOO_LONG),
    ("{{ ('x' * 100000) | replace('x', 'y' * 100) }}", "模板中的replace()" + TOO_LONG),
    ("{{ ('y' * 1000000).join(range(100000) | map('string')) }}", "模板中的join()" + TOO_LONG),
    ("{{ range(100000) | join('x' * 1000000) }}", "模板中的join 过滤器" + TOO_LONG),
    ("{{ ('x' * 1000000).translate({120: 'y' * 1000000}) }}", "模板中的translate()" + TOO_LONG),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "模板中的~ 连接" + TOO_LONG),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}", "模板中的加法" + TOO_LONG),
    ("{% set l = [1] %}{% for i in range(40) %}{% set _ = l.extend(l) %}{% endfor %}", "模板中的extend()" + TOO_LONG),
    ("{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s }}{% endif %}{% endmacro %}{{ d('x', 40) }}", "模板中的~ 连接" + TOO_LONG),
    ("{{ [[1] * 1000000] * 1000000 }}", "模板中的乘法" + TOO_LONG),
    ("{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}", OUTPUT),
    ("{% macro m() %}{% for x in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}{% endmacro %}{{ m() | length }}", OUTPUT),
    ("{% for i in range(100000) %}" + "x" * 100_000 + "{% endfor %}", OUTPUT),
    ("{{ lipsum(n=100000, min=1000, max=10000) }}", "模板中的lipsum()" + TOO_LONG),
]

# Each case in a child process capped at 1.5 GB of address space: it prints, as JSON, what
# the CLI said and how long it took.
RUNNER = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20,) * 2)
from click.testing import CliRunner
from houqin_report.cli import main
sample, bodies = sys.argv[1], json.loads(sys.stdin.read())
out = []
for body in bodies:
    folder = Path(tempfile.mkdtemp())
    template = folder / "summary.md.j2"
    template.write_text("# 标题\n\n" + body + "\n", encoding="utf-8")
    started = time.process_time()
    result = CliRunner().invoke(main, ["summary", sample, "--templates", str(folder), "--format", "md"])
    out.append({"template": str(template), "exit": result.exit_code, "stderr": result.stderr,
                "seconds": time.process_time() - started, "exception": repr(result.exception) if result.exit_code not in (0, 1) else ""})
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def runaway_results():
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(SAMPLES / "中南路小学.yaml")], input=json.dumps([b for b, _ in RUNAWAY]),
                          capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.parametrize("index", range(len(RUNAWAY)), ids=[b[:60] for b, _ in RUNAWAY])
def test_a_runaway_template_is_refused_in_seconds_with_its_line(runaway_results, index):
    body, reason = RUNAWAY[index]
    got = runaway_results[index]
    assert got["exit"] == 1, got
    assert "Traceback" not in got["stderr"]
    assert got["stderr"] == f"模板错误（{got['template']}:3）：{reason}\n"
    assert got["seconds"] < 8, got["seconds"]


def test_what_templates_ordinarily_do_is_not_limited(tmp_path, run_cli):
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "summary.md.j2").write_text(
        "# {{ r.facts.school }}\n\n"
        "{% for i in range(300) %}{{ ('第' ~ i ~ '段') | center(20) }}{{ '%05d' % i }}{{ '{:>8}'.format(i) }}{% endfor %}\n\n"
        "{% set parts = [] %}{% for w in r.facts.work %}{% set _ = parts.append(w.text) %}{% endfor %}{{ parts | join('、') }}\n\n"
        "{{ 'ab'.ljust(10) ~ 'x' * 1000 }}{{ lipsum(2) | length > 0 }}\n",
        encoding="utf-8")
    result = run_cli("summary", SAMPLES / "中南路小学.yaml", "--templates", folder, "--format", "md")
    assert result.exit_code == 0, result.output
    assert "第0段" in result.stdout and "00299" in result.stdout and "x" * 1000 in result.stdout


def test_a_bureau_report_of_many_schools_stays_within_the_limits(tmp_path, run_cli):
    """300 schools (bench/generate.py) compile with the same templates, well inside the
    budget: a real report takes about 1 step and 100 characters per school."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    from houqin_report.outline import limits

    generate(300, tmp_path / "各校", seed=3)
    used = {}
    original = limits.budget

    from contextlib import contextmanager

    @contextmanager
    def watched(scale=1.0):
        with original(scale) as budget:
            yield budget
            used["steps"], used["output"] = budget.steps, budget.output

    limits.budget = watched
    try:
        result = run_cli("compile", tmp_path / "各校", "--format", "md", "--force")
    finally:
        limits.budget = original
    assert result.exit_code == 0, result.output[-2000:]
    assert used["steps"] < limits.MAX_STEPS / 100 and used["output"] < limits.MAX_OUTPUT / 100, used


def test_a_larger_bureau_gets_limits_in_proportion_to_its_schools(tmp_path, run_cli, monkeypatch):
    """The limits are for SCHOOLS schools; a report of more has them in proportion (a province's
    100,000 schools ran out of the 20 seconds). Here the output limit is set below what 300
    schools write: with the limits for 100 schools (×3) they compile; for 300 or more, not."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    from houqin_report.outline import limits

    generate(300, tmp_path / "各校", seed=3)
    first = run_cli("compile", tmp_path / "各校", "--format", "md", "--force")
    assert first.exit_code == 0, first.output[-2000:]
    written = len(first.stdout)
    monkeypatch.setattr(limits, "MAX_OUTPUT", written // 2)
    monkeypatch.setattr(limits, "SCHOOLS", 300)  # scale 1: half of what is needed
    refused = run_cli("compile", tmp_path / "各校", "--format", "md", "--force")
    assert refused.exit_code == 1
    assert f"模板生成的内容过多（超过 {written // 2 // 10000} 万字），已停止" in refused.output
    monkeypatch.setattr(limits, "SCHOOLS", 100)  # scale 3: half again more than needed
    scaled = run_cli("compile", tmp_path / "各校", "--format", "md", "--force")
    assert scaled.exit_code == 0, scaled.output[-2000:]
    assert scaled.stdout == first.stdout
    assert limits.scale_for(50) == 1.0 and limits.scale_for(300) == 3.0


# ------------------------------------------------------------------------------ linear rendering


def test_rendering_time_grows_linearly_with_the_paragraphs():
    from houqin_report.writers.docx import render_outline_bytes

    def outline(n: int) -> str:
        return "# 标题\n\n" + "".join(f"## {i}、小标题\n\n第{i}段文字，内容。\n\n" for i in range(n // 2))

    def seconds(n: int) -> float:
        text = outline(n)
        started = time.process_time()
        render_outline_bytes(text)
        return time.process_time() - started

    seconds(200)  # warm up (styles, imports)
    small, large = seconds(4000), seconds(16000)
    assert large < 8 * small, (small, large)  # 4× the paragraphs: about 4× the time, not 16×
    assert large < 10, large


def test_the_library_refuses_with_file_and_line(tmp_path):
    from houqin_report.errors import TemplateError
    from houqin_report.outline.environment import build_environment, render_template

    (tmp_path / "t.md.j2").write_text("# 标题\n\n{{ 'x'.ljust(2000001, 'y') }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_template(build_environment(tmp_path), "t.md.j2")
    assert caught.value.message == f"模板错误（{tmp_path / 't.md.j2'}:3）：模板中的ljust()会生成过长的文字或列表（超过 1000000 个）"


def test_a_long_run_of_spaces_is_printed_in_linear_time():
    """Every value printed passes through md_escape; its line-break rule once tried every
    start in a run of spaces (a million spaces: hours). Now a million spaces take milliseconds."""
    script = ("import time; from houqin_report.outline.environment import md_escape; t = time.process_time();"
              "out = md_escape(' ' * 1_000_000 + 'x \\n y'); print(time.process_time() - t, len(out))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    seconds, length = proc.stdout.split()
    assert float(seconds) < 2 and int(length) == 1_000_003  # the break and its spaces become one space
