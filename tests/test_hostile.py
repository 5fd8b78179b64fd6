"""Hostile input: files and templates made to break the tool, or that break it by accident.

Each is refused with a limit that says so, or handled, never with a traceback: alias bombs,
recursive aliases, deep nesting, oversized files and text, values YAML cannot build, raw and
escaped control characters, XML and template syntax in text, and user templates that try to
read files or reach Python internals.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import docx
import pytest

from conftest import ROOT
from docx_text import all_text, tables
from houqin_report.facts import read as yamlread
from houqin_report.errors import FactsError
from houqin_report.facts.load import load_facts
from houqin_report.facts.model import MAX_TEXT
from houqin_report.lint.carried import NO_MEASURE

HEAD = "学校: 甲小学\n年度: 2024\n"


def write(folder: Path, text: str, name: str = "事实.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> list[str]:
    """The messages of the problems load_facts reports for path (it must refuse it)."""
    with pytest.raises(FactsError) as caught:
        load_facts(path)
    return [str(p) for p in caught.value.problems]


def no_traceback(result) -> None:
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------ alias bombs


def laughs(levels: int = 9, fan: int = 10) -> str:
    """Billion laughs: each level lists the previous one `fan` times (fan**levels values)."""
    lines = ["a0: &a0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fan)}]")
    return "\n".join(lines) + "\n" + HEAD


def merge_laughs(levels: int = 8) -> str:
    """The same through merge keys (<<:), which copy mappings instead of sharing them."""
    lines = ["m0: &m0 {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1}"]
    for i in range(1, levels):
        lines.append(f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 10)}]}}")
    return "\n".join(lines) + "\n" + HEAD


def key_laughs(levels: int = 8) -> str:
    """The same as a mapping key: a key is never walked as a value, and printing it expands it."""
    lines = ["? &k0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n: 1"]
    for i in range(1, levels):
        lines.append(f"? &k{i} [{', '.join([f'*k{i - 1}'] * 10)}]\n: 1")
    return "\n".join(lines) + "\n" + HEAD


@pytest.mark.parametrize(
    "text, message",
    [
        (laughs(), f"文件展开后超过 {yamlread.MAX_NODES} 个值（锚点/别名引用过多），拒绝读取"),
        (merge_laughs(), f"文件展开后超过 {yamlread.MAX_NODES} 个值（锚点/别名引用过多），拒绝读取"),
        (key_laughs(), "键应为文字，不能是列表或映射"),
    ],
    ids=["billion-laughs", "merge-keys", "as-a-key"],
)
def test_alias_bombs_refused_quickly_in_bounded_memory(tmp_path, text, message):
    path = write(tmp_path, text)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problems = refused(path)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(problems) == 1 and message in problems[0]
    assert problems[0].startswith(f"{path}:")
    assert elapsed < 2, elapsed
    assert peak < 64 * 1024 * 1024, peak


def test_alias_bomb_through_the_cli(tmp_path, run_cli):
    path = write(tmp_path, laughs())
    for command in (("check", path), ("summary", path, "-o", tmp_path / "x.docx"), ("compile", path, "--format", "md")):
        result = run_cli(*command)
        assert result.exit_code == 1
        assert f"文件展开后超过 {yamlread.MAX_NODES} 个值" in result.stderr
        no_traceback(result)
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        (HEAD + "工作: &a [*a]\n", f"嵌套超过 {yamlread.MAX_DEPTH} 层（可能是引用自身的锚点），拒绝读取"),
        ("x: &a {<<: *a, k: 1}\n" + HEAD, f"嵌套超过 {yamlread.MAX_DEPTH} 层（可能是引用自身的锚点），拒绝读取"),
        (HEAD + "工作: " + "[" * 10000 + "]" * 10000 + "\n", f"嵌套超过 {yamlread.MAX_DEPTH} 层，拒绝读取"),
        (HEAD + "工作:\n" + "".join("  " * i + "- \n" for i in range(1, 200)), f"嵌套超过 {yamlread.MAX_DEPTH} 层，拒绝读取"),
    ],
    ids=["recursive-alias", "recursive-merge", "brackets", "indents"],
)
def test_recursion_and_deep_nesting_refused(tmp_path, text, message):
    path = write(tmp_path, text)
    started = time.perf_counter()
    problems = refused(path)
    assert time.perf_counter() - started < 2
    assert len(problems) == 1 and message in problems[0], problems


# ------------------------------------------------------------------------------ size


def test_file_over_the_size_limit_is_refused_unread(tmp_path, run_cli):
    path = tmp_path / "大.yaml"
    path.write_bytes(HEAD.encode() + b"#" * yamlread.MAX_BYTES)
    result = run_cli("check", path)
    assert result.exit_code == 1
    limit = yamlread.MAX_BYTES // 1024 // 1024
    assert f"{path}: 文件过大（{path.stat().st_size // 1024} KB），事实文件应在 {limit} MB 以内（请确认选对了文件）" in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_input_is_read_only_up_to_the_limit(run_cli):
    """A device or a pipe has no size to check first; reading stops at the limit all the same."""
    started = time.perf_counter()
    result = run_cli("check", "/dev/zero")
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1
    limit = yamlread.MAX_BYTES // 1024
    assert f"  /dev/zero: 文件过大（超过 {limit} KB），事实文件应在 {limit // 1024} MB 以内（请确认选对了文件）" in result.stderr.splitlines()


def test_a_megabyte_of_text_is_refused_with_the_limit(tmp_path, run_cli):
    path = write(tmp_path, HEAD + "项目建设:\n  - 名称: 围墙\n    说明: " + "修缮围墙" * 250_000 + "\n")
    started = time.perf_counter()
    result = run_cli("summary", path, "-o", tmp_path / "x.docx")
    assert time.perf_counter() - started < 2
    assert result.exit_code == 1
    message = f"{path}:5: 项目建设[1].说明: 文字过长（1000000 字）：每一项最多 {MAX_TEXT} 字，请精简或分成几项"
    assert result.stderr.strip() == message
    assert not (tmp_path / "x.docx").exists()


def test_text_at_the_limit_is_accepted(tmp_path):
    path = write(tmp_path, HEAD + f"工作:\n  - {'甲' * MAX_TEXT}\n  - {'乙' * (MAX_TEXT + 1)}\n")
    assert refused(path) == [f"{path}:5: 工作[2].内容: 文字过长（{MAX_TEXT + 1} 字）：每一项最多 {MAX_TEXT} 字，请精简或分成几项"]


def test_a_long_wrong_value_is_not_repeated_in_the_message(tmp_path):
    path = write(tmp_path, HEAD + "项目建设:\n  - 名称: 围墙\n    状态: " + "快" * 100_000 + "\n    金额: " + "9" * 100_000 + "元\n")
    problems = refused(path)
    assert len(problems) == 2
    assert all(len(p) < 300 for p in problems), [len(p) for p in problems]
    assert "不能是“" + "快" * 30 + "…”" in problems[0]


@pytest.mark.parametrize(
    "value, message",
    [
        ("1.0e+40", "金额过大：应小于1万亿元，请检查是否多写了数字或单位"),
        ("9" * 5000, "金额过大：应小于1万亿元，请检查是否多写了数字或单位"),
        (".nan", "“.nan”不是一个数字（YAML 会把它当作非数 NaN）：请直接写十进制数字；文字请加引号"),
        ("0.001", "金额“0.001”的小数位数过多：金额最多精确到分（2位小数）"),
    ],
)
def test_money_that_cannot_be_printed_exactly_is_refused(tmp_path, value, message):
    path = write(tmp_path, HEAD + f"采购:\n  - 物品: 电脑\n    金额: {value}\n")
    assert refused(path) == [f"{path}:5: 采购[1].金额: {message}"]


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("本期", "1.0e+30", "数值过大：应小于1万亿，请检查是否多写了数字"),
        ("本期", "5", None),
        ("上期", "1.0e-30", "数值“1.0E-30”的小数位数过多：最多4位"),
        ("本期", "9" * 5000, "数值过大：应小于1万亿，请检查是否多写了数字"),
    ],
)
def test_measured_figures_are_bounded(tmp_path, key, value, message):
    other = "上期: 3" if key == "本期" else "本期: 3"
    path = write(tmp_path, HEAD + f"指标:\n  - 名称: 用电量\n    {other}\n    {key}: {value}\n")
    if message is None:
        assert load_facts(path).indicators[0].current == 5
    else:
        assert refused(path) == [f"{path}:6: 指标[1].{key}: {message}"]


def test_a_count_of_five_thousand_digits_is_refused(tmp_path):
    path = write(tmp_path, HEAD + "概况:\n  学生数: " + "9" * 5000 + "\n  教职工数: '" + "9" * 5000 + "人'\n")
    assert refused(path) == [f"{path}:4: 概况.学生数: 数字过大：应小于10亿", f"{path}:5: 概况.教职工数: 数字过大：应小于10亿"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("2024-13-45", "日期“2024-13-45”不存在"),
        ("2024-02-30", "日期“2024-02-30”不存在"),
        ('!!int "abc"', "无法识别的日期“abc”，应写成 2024-04-15、2024年4月15日 或 2024年4月"),
        ('!!float "abc"', "无法识别的日期“abc”，应写成 2024-04-15、2024年4月15日 或 2024年4月"),
        ("190:20:30.15", "无法识别的日期“190:20:30.15”，应写成 2024-04-15、2024年4月15日 或 2024年4月"),
    ],
)
def test_values_yaml_cannot_build_are_reported_as_written(tmp_path, value, message):
    path = write(tmp_path, HEAD + f"落款日期: {value}\n")
    assert refused(path) == [f"{path}:3: 落款日期: {message}"]


@pytest.mark.parametrize(
    "text, line, message",
    [
        (HEAD + "工作: !!python/object/apply:os.system [echo 坏]\n", 3, "YAML 格式错误：不支持这个 YAML 标签（!!…），请删去标签"),
        (HEAD + "---\n学校: 乙\n", 3, "YAML 格式错误：文件中只能有一个 YAML 文档，请删去多余的 ---"),
        (HEAD + "工作: [甲, 乙\n", 4, "YAML 格式错误："),
    ],
    ids=["python-tag", "two-documents", "unclosed"],
)
def test_yaml_errors_in_chinese_with_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    problems = refused(path)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{line}: {message}"), problems


# ------------------------------------------------------------------------------ control characters


def test_a_raw_control_character_is_refused_with_line_and_column(tmp_path, run_cli):
    path = tmp_path / "事实.yaml"
    path.write_bytes("学校: 甲\n年度: 2024\n工作:\n  - 修缮\x07围墙\n".encode())
    result = run_cli("check", path)
    assert result.exit_code == 1
    no_traceback(result)
    assert f"  {path}:4: 第 7 个字符是不可见的控制字符（U+0007），YAML 文件中不允许出现" in result.stderr


CONTROL = HEAD.replace("甲小学", '"甲\\x07小学"') + (
    "项目建设:\n"
    '  - 名称: "围墙\\0改造"\n'
    '    说明: "已完工\\v验收\\x1b合格"\n'
    "采购:\n"
    "  - 物品: 电脑\n"
    "    金额: 100\n"
    "    数量: 1\n"
    '    单位: "台\\uffff"\n'
    "工作:\n"
    '  - "修缮\\ud800门窗"\n'
    "存在问题:\n"
    '  - "经费\\x08不足"\n'
    "落款日期: 2024-12-30\n"
)


def test_control_characters_are_removed_with_a_warning_naming_the_field(tmp_path, run_cli):
    path = write(tmp_path, CONTROL)
    check = run_cli("check", path)
    assert check.exit_code == 0, check.output
    hint = "[提示] 含有无法写入文档的控制字符，已删除"
    assert check.stdout.splitlines() == [
        f"✓ {path}（7 条提示）",
        f"  {path}:1: 学校: {hint}「U+0007」",
        f"  {path}:4: 项目建设[1].名称: {hint}「U+0000」",
        f"  {path}:5: 项目建设[1].说明: {hint}「U+000B、U+001B」",
        f"  {path}:10: 采购[1].单位: {hint}「U+FFFF」",
        f"  {path}:12: 工作[1]: {hint}「U+D800」",
        f"  {path}:14: 存在问题[1]: [提示] {NO_MEASURE}",
        f"  {path}:14: 存在问题[1]: {hint}「U+0008」",
    ]
    out = tmp_path / "总结.docx"
    summary = run_cli("summary", path, "-o", out)
    assert summary.exit_code == 0, summary.output
    assert summary.stderr.splitlines() == check.stdout.splitlines()[1:]  # the same warnings, on stderr
    text = all_text(out)
    for kept in ("甲小学", "围墙改造", "已完工验收合格", "修缮门窗", "经费不足", "1台"):
        assert kept in text
    assert not any(ch in text for ch in "\x00\x07\x08\x0b\x1b\ufffe\uffff")
    plan = tmp_path / "计划.docx"
    assert run_cli("plan", path, "-o", plan).exit_code == 0
    assert "推进围墙改造" in all_text(plan)  # the problem has no measure: the plan carries the project
    md = run_cli("summary", path, "--format", "md")  # printed: a lone surrogate would not encode
    assert md.exit_code == 0 and "修缮门窗" in md.stdout


def test_line_breaks_in_a_value_do_not_split_a_table_row(tmp_path, run_cli):
    path = write(tmp_path, HEAD + '隐患排查:\n  隐患:\n    - 位置: "东侧\\r| 围墙"\n      描述: "开裂\\u2028渗水\\x85严重"\n      措施: "加固\\n重建"\n')
    out = tmp_path / "总结.docx"
    assert run_cli("summary", path, "-o", out).exit_code == 0
    ledger = tables(out)[0]
    assert len(ledger) == 3  # header, the hazard, 合计
    row = dict(zip(ledger[0], ledger[1]))
    assert (row["位置"], row["隐患情况"], row["整改措施"]) == ("东侧 | 围墙", "开裂 渗水 严重", "加固 重建")


XML = HEAD.replace("甲小学", '"<w:p>甲&amp;小学</w:p>"') + (
    '上级单位: "]]><![CDATA[区教育局\\"&lt;"\n'
    "存在问题:\n"
    "  - \"<w:br/>'引号'&#x41;问题\"\n"
    "下一步:\n"
    '  - "<?xml version=\\"1.0\\"?>更新"\n'
)


def test_xml_special_text_is_kept_literally(tmp_path, run_cli):
    path = write(tmp_path, XML)
    written = {}
    for command in ("summary", "plan"):
        out = tmp_path / f"{command}.docx"
        assert run_cli(command, path, "-o", out, "--force").exit_code == 0
        written[command] = all_text(out)
    report = tmp_path / "汇总.docx"
    result = run_cli("compile", path, "-o", report, "--force")
    assert result.exit_code == 0, result.output
    written["compile"] = all_text(report)
    for command, text in written.items():
        assert "<w:p>甲&amp;小学</w:p>" in text, command
    assert ']]><![CDATA[区教育局"&lt;' in written["summary"]
    assert "<w:br/>'引号'&#x41;问题" in written["summary"]  # a problem without a measure is not in the plan
    for command in ("summary", "plan"):
        assert '<?xml version="1.0"?>更新' in written[command]


TEMPLATE_SYNTAX = (
    '学校: "{{ 7*7 }}小学"\n'
    "年度: 2024\n"
    "上级单位: 伍家岗区教育局\n"
    "工作:\n"
    '  - "{% for x in range(3) %}循环{% endfor %}"\n'
    "存在问题:\n"
    '  - "{{ r.facts.__class__ }}问题"\n'
    "下一步:\n"
    '  - "{# 注释 #}打算{{ cycler.__init__.__globals__ }}"\n'
    "计划:\n"
    "  目标:\n"
    '    - "{% raw %}目标{% endraw %}"\n'
)


def test_template_syntax_in_text_stays_literal_in_plan_and_compile(tmp_path, run_cli):
    path = write(tmp_path, TEMPLATE_SYNTAX)
    plan = tmp_path / "计划.docx"
    assert run_cli("plan", path, "-o", plan, "--force").exit_code == 0  # the lint takes __ for a blank
    text = all_text(plan)
    for literal in ("{{ 7*7 }}小学", "{# 注释 #}打算{{ cycler.__init__.__globals__ }}", "{% raw %}目标{% endraw %}"):
        assert literal in text
    assert "49小学" not in text
    report = tmp_path / "汇总.docx"
    assert run_cli("compile", path, "-o", report, "--force").exit_code == 0
    text = all_text(report)
    assert "{{ 7*7 }}小学" in text and "49小学" not in text
    assert "{{ r.facts.__class__ }}问题" in text


# ------------------------------------------------------------------------------ user templates

SECRET = "机密：不应出现在文档里"


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.json"
    path.write_text(f'{{"学校": "{SECRET}", "年度": 2024}}', encoding="utf-8")
    return path


HOSTILE_TEMPLATES = [
    ('{% include "../secret.json" %}', "模板名“../secret.json”指向模板文件夹以外，只能引用模板文件夹中的文件"),
    ('{% include "../../../../../../etc/passwd" %}', "模板名“../../../../../../etc/passwd”指向模板文件夹以外，只能引用模板文件夹中的文件"),
    ('{% include "/etc/passwd" %}', "模板名“/etc/passwd”指向模板文件夹以外，只能引用模板文件夹中的文件"),
    ('{% include "link.j2" %}', "是指向模板文件夹以外的链接，拒绝读取"),
    ("{{ ''.__class__.__mro__ }}", "模板不允许访问 str 的“__class__”"),
    ("{{ r.facts.__class__ }}", "模板不允许访问 Facts 的“__class__”"),
    ("{{ cycler.__init__.__globals__ }}", "模板不允许访问 type 的“__init__”"),
    ("{{ lipsum.__globals__['os'] }}", "模板不允许访问 function 的“__globals__”"),
    ("{{ r.facts.parse_file(SECRET_PATH).school }}", "模板不允许访问 Facts 的“parse_file”"),
    ("{{ r.facts.parse_raw('cposix\\ngetpid\\n(tR.', proto='pickle', allow_pickle=True) }}", "模板不允许访问 Facts 的“parse_raw”"),
    ("{{ r.facts.model_validate_json('{}') }}", "模板不允许访问 Facts 的“model_validate_json”"),
    ("{{ r.hazards.hazards[0].model_copy() }}", "模板不允许访问 Hazard 的“model_copy”"),
    ('{{ "x" * 10**10 }}', "模板中的乘法会生成过长的文字或列表（超过 1000000 个）"),
    ("{{ 10 ** 100000000 }}", "模板中的乘方 ** 100000000 过大（指数最多为 100）"),
    ("{{ range(10**9) | list }}", "range() 过大：模板中的 range 最多 100000 项"),
    ('{% extends "summary.md.j2" %}', "模板引用了自身（extends 或 include 形成循环，或宏无限递归）"),
    ("{% for x in %}", "模板语法错误：Expected an expression, got 'end of statement block'"),
    ("{{ no_such_name }}", "未定义的名称“no_such_name”"),
    ("{{ r.facts.school | yuan }}", "数字无法计算或格式化（过滤器的参数应为数字）"),
    ("{{ 1 / 0 }}", "除数为零"),
]


@pytest.mark.parametrize("body, reason", HOSTILE_TEMPLATES, ids=[b for b, _ in HOSTILE_TEMPLATES])
def test_user_templates_are_sandboxed(tmp_path, run_cli, samples, secret, body, reason):
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "link.j2").symlink_to(secret)
    template = folder / "summary.md.j2"
    template.write_text("# 标题\n\n" + body.replace("SECRET_PATH", repr(str(secret))) + "\n", encoding="utf-8")
    result = run_cli("summary", samples[0], "--templates", folder, "--format", "md")
    assert result.exit_code == 1
    no_traceback(result)
    assert SECRET not in result.output and "root:" not in result.output
    assert result.stderr.startswith(f"模板错误（{template}:3）："), result.stderr
    assert reason in result.stderr


def test_a_template_that_is_not_utf8_is_named(tmp_path, run_cli, samples):
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "summary.md.j2").write_bytes("# 标题\n\n{{ r.facts.school }}总结\n".encode("gbk"))
    result = run_cli("summary", samples[0], "--templates", folder, "--format", "md")
    assert result.exit_code == 1
    assert "模板“summary.md.j2”不是 UTF-8 编码的文本文件，请用 UTF-8 另存" in result.stderr


@pytest.mark.parametrize("command, name", [("plan", "plan.md.j2"), ("compile", "bureau.md.j2")])
def test_errors_in_user_plan_and_bureau_templates_name_file_and_line(tmp_path, run_cli, samples, command, name):
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / name).write_text("# 标题\n\n正文\n{{ p.no_such_thing if p is defined else b.no_such_thing }}\n", encoding="utf-8")
    args = (samples[0],) if command == "plan" else tuple(samples)
    result = run_cli(command, *args, "--templates", folder, "--format", "md")
    assert result.exit_code == 1
    no_traceback(result)
    assert result.stderr.startswith(f"模板错误（{folder / name}:4）："), result.stderr
    assert "没有名为“no_such_thing”的项" in result.stderr


def test_the_shipped_templates_still_render_with_the_narrowed_sandbox(run_cli, samples):
    for command in ("summary", "plan"):
        result = run_cli(command, samples[0], "--format", "md")
        assert result.exit_code == 0, result.output
    assert run_cli("compile", *samples, "--format", "md").exit_code == 0


def test_a_reference_that_is_not_a_docx(tmp_path, run_cli, samples):
    reference = tmp_path / "红头.docx"
    reference.write_text("不是 Word 文件", encoding="utf-8")
    result = run_cli("summary", samples[0], "-o", tmp_path / "x.docx", "--reference", reference)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"参考文件 {reference} 无法打开（")
    assert result.stderr.strip().endswith("请给出 Word 保存的 .docx 文件")


def test_a_reference_that_unpacks_past_the_limit_is_refused_unread(tmp_path, run_cli, samples):
    import zipfile

    from houqin_report.writers.docx.reference import MAX_REFERENCE

    reference = tmp_path / "红头.docx"
    with zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b" " * (MAX_REFERENCE + 1))
    tracemalloc.start()
    try:
        result = run_cli("summary", samples[0], "-o", tmp_path / "x.docx", "--reference", reference)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1
    assert result.stderr.strip() == f"参考文件 {reference} 解压后有 100 MB，超过 100 MB，不像是 Word 保存的 .docx 文件，拒绝读取"
    assert peak < 64 * 1024 * 1024


# ------------------------------------------------------------------------------ in a real process


def test_hostile_files_in_a_real_process_give_no_traceback(tmp_path):
    """The CLI as installed runs them: exit 1 and a message for each, no traceback."""
    files = [
        write(tmp_path, laughs(), "炸弹.yaml"),
        write(tmp_path, key_laughs(), "键炸弹.yaml"),
        write(tmp_path, HEAD + "工作: &a [*a]\n", "递归.yaml"),
        write(tmp_path, HEAD + "落款日期: 2024-13-45\n", "日期.yaml"),
    ]
    raw = tmp_path / "控制字符.yaml"
    raw.write_bytes(b"\x00" + HEAD.encode())
    files.append(raw)
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", *map(str, files)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr.count("✗ ") == len(files)


needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("CI") != "true",
    reason="LibreOffice not installed (required when CI=true)",
)


@needs_office
def test_documents_from_hostile_text_open_in_libreoffice(tmp_path, run_cli):
    from houqin_report.writers.pdf import docs_to_pdf

    pairs = []
    for name, text in (("控制字符", CONTROL), ("XML", XML), ("模板语法", TEMPLATE_SYNTAX)):
        path = write(tmp_path, text, f"{name}.yaml")
        out = tmp_path / f"{name}.docx"
        assert run_cli("summary", path, "-o", out, "--force").exit_code == 0
        docx.Document(str(out))  # python-docx opens it
        pairs.append((out, out.with_suffix(".pdf")))
    docs_to_pdf(pairs)
    squeezed = {}
    for _, pdf in pairs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        squeezed[pdf.stem] = "".join(text.split())
    assert "甲小学" in squeezed["控制字符"] and "已完工验收合格" in squeezed["控制字符"]
    assert "<w:p>甲&amp;小学</w:p>" in squeezed["XML"]
    assert "{{7*7}}小学" in squeezed["模板语法"]
