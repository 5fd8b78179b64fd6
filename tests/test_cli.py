"""The CLI as a user runs it: exit codes, messages, init and schema."""
import json
import re
import subprocess
import sys

import jsonschema
import yaml

from conftest import ROOT


def test_check_samples_ok(run_cli, samples):
    result = run_cli("check", *samples)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # 实验中学 carries two texts into its autumn plan that name the summer before it (lint/carried.py)
    late = next(p for p in samples if p.stem == "实验中学")
    assert [line for line in lines if not line.startswith(" ")] == [f"✓ {p}（2 条提示）" if p == late else f"✓ {p}" for p in samples]
    assert [line.split(": [提示] ")[0] for line in lines if line.startswith(" ")] == [f"  {late}:151: 隐患排查.隐患[12].措施", f"  {late}:282: 下一步[1]"]


def test_check_reports_every_file_and_exits_1(run_cli, fixtures, samples):
    bad = fixtures / "invalid" / "bad-values.yaml"
    result = run_cli("check", samples[0], bad)
    assert result.exit_code == 1
    assert result.stdout == f"✓ {samples[0]}\n"
    assert result.stderr.splitlines() == [
        f"✗ {bad}（3 个问题）",
        f"  {bad}:8: 采购[2].金额: 金额“五万三”有歧义（末尾的“三”是三千还是三？），请写明，如 五万三千",
        f"  {bad}:10: 采购[3].金额: 金额不能为负数",
        f"  {bad}:13: 培训[1].人数: “若干”没有写出数字，请填写实际的数字或约数（如 400、约400）",
        "1 个文件有问题，共检查 2 个。",
    ]


def test_check_missing_file(run_cli, tmp_path):
    result = run_cli("check", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}: 文件不存在" in result.stderr


def test_no_traceback_for_any_invalid_fixture(fixtures):
    files = sorted((fixtures / "invalid").glob("*.yaml"))
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", *map(str, files)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.stderr.count("✗ ") == len(files)


def test_cli_shim_runs_without_install(samples):
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", *map(str, samples)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("✓") == 3


def test_init_writes_starter_that_passes_once_filled(run_cli, tmp_path):
    path = tmp_path / "事实.yaml"
    result = run_cli("init", path)
    assert result.exit_code == 0
    text = path.read_text(encoding="utf-8")
    # Every key of the format is present, each with a comment: every model reachable from Facts.
    import typing

    from pydantic import BaseModel

    from houqin_report.facts.model import Facts

    def models(annotation) -> list:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in typing.get_args(annotation) for m in models(arg)]

    seen, todo = [], [Facts]
    while todo:
        model = todo.pop()
        if model not in seen:
            seen.append(model)
            todo += [m for f in model.model_fields.values() for m in models(f.annotation)]
    assert len(seen) >= 17
    for model in seen:
        for field in model.model_fields.values():
            # 年度 excludes 学年/学期, so it is there as a line to uncomment.
            optional_hash = "(# )?" if field.alias == "年度" else ""
            assert re.search(rf"^\s*{optional_hash}(- )?{field.alias}:.*#", text, re.M), field.alias
    # As written, it does not pass: the prompts are still there.
    unfilled = run_cli("check", path)
    assert unfilled.exit_code == 1 and "还没有填写" in unfilled.stderr
    filled = {"学年": "2023-2024", "学期": "第二学期", "本期": "86500"}
    lines = []
    for line in text.splitlines():
        m = re.match(r"^(\s*(?:- )?)(?:(\S+): )?请填写(\S*)", line)
        if m:
            key = m.group(2)
            value = filled.get(key, "已填写的内容")
            line = f"{m.group(1)}{key}: {value}" if key else f"{m.group(1)}{value}"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_cli("check", path).exit_code == 0


def test_init_refuses_to_overwrite(run_cli, tmp_path):
    path = tmp_path / "事实.yaml"
    path.write_text("学校: 我的数据\n", encoding="utf-8")
    result = run_cli("init", path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{path} 已存在，未覆盖。请换一个文件名，或先把原文件移走。"
    assert path.read_text(encoding="utf-8") == "学校: 我的数据\n"


def test_schema_validates_samples_and_flags_typos(run_cli, tmp_path, samples):
    out = tmp_path / "facts.schema.json"
    assert run_cli("schema", "-o", out).exit_code == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert "学校" in schema["properties"] and "学校" in schema["required"]
    validator = jsonschema.Draft202012Validator(schema)
    for path in samples:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as strings, as an editor sees them
        assert list(validator.iter_errors(data)) == [], path
    assert list(validator.iter_errors({"学校": "甲", "年度": 2024, "名字": "x"}))


def test_debug_shows_traceback(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("学校: 甲\n", encoding="utf-8")
    plain = subprocess.run([sys.executable, str(ROOT / "cli.py"), "init", str(path)], capture_output=True, text=True)
    debug = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--debug", "init", str(path)], capture_output=True, text=True)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "Traceback" in debug.stderr


def test_check_lints_prose_and_fails_on_errors(run_cli, fixtures):
    bad = fixtures / "lint" / "contradiction-amount.yaml"
    result = run_cli("check", bad)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        f"✗ {bad}（2 处文字问题）",
        f"  {bad}:9: 项目建设[1].说明: [错误] 金额与事实不符：本项目的金额是118万元「总投资128万元」",
        f"  {bad}:19: 采购[1].说明: [错误] 金额与事实不符：本次采购的金额是18.6万元「采购金额为18.8万元」",
    ]


def test_check_hints_do_not_fail(run_cli, fixtures):
    path = fixtures / "lint" / "long-and-repeated.yaml"
    result = run_cli("check", path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"✓ {path}（3 条提示）"
    assert lines[1].startswith(f"  {path}:7: 工作[1]: [提示] 句子过长：128字没有句号")
    assert lines[2].startswith(f"  {path}:11: 存在问题[1]: [提示] 与本文件另一处重复")
    assert lines[3].startswith(f"  {path}:11: 存在问题[1]: [提示] 计划中没有针对这个问题的措施")


def test_check_previous_finds_copied_text(run_cli, fixtures):
    result = run_cli("check", fixtures / "lint" / "copied-this.yaml", "--previous", fixtures / "lint" / "copied-last.yaml", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    kinds = [f["kind"] for f in report[0]["findings"]]
    assert "copied" in kinds
    copied = next(f for f in report[0]["findings"] if f["kind"] == "copied")
    assert copied["level"] == "提示" and "copied-last.yaml" in copied["other"]


def test_check_json_lists_problems_and_findings(run_cli, fixtures):
    bad = fixtures / "invalid" / "bad-values.yaml"
    lint = fixtures / "lint" / "placeholder-x.yaml"
    result = run_cli("check", bad, lint, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [r["valid"] for r in report] == [False, False]
    assert report[0]["problems"][0] == {"file": str(bad), "line": 8, "path": "采购[2].金额", "message": "金额“五万三”有歧义（末尾的“三”是三千还是三？），请写明，如 五万三千", "hint": "",
                                        "level": "错误", "kind": "invalid", "words": "", "other": None}
    assert report[1]["findings"][0]["words"] == "XX小学"


def test_documents_refuse_prose_errors_unless_forced(run_cli, fixtures, tmp_path):
    source = fixtures / "lint" / "placeholder-x.yaml"
    for command in ("summary", "plan"):
        out = tmp_path / f"{command}.docx"
        refused = run_cli(command, source, "-o", out)
        assert refused.exit_code == 1 and not out.exists()
        assert refused.stderr.splitlines()[-1] == f"{source} 的文字中有错误（见上），未生成文档。请改正后重试，或加 --force 强制生成。"
        assert run_cli(command, source, "-o", out, "--force").exit_code == 0 and out.exists()
