"""`houqin summary` over many files: one output per file, a bad file does not stop the rest."""
from docx_text import paragraphs
from houqin_report.facts.load import load_facts


def test_batch_writes_each_and_reports_failures(run_cli, tmp_path, samples, fixtures):
    bad = fixtures / "invalid" / "bad-values.yaml"
    out = tmp_path / "out"
    result = run_cli("summary", *samples, bad, "-o", out, "--jobs", "2")
    assert result.exit_code == 1
    written = [f"写入 {out / (p.stem + '-工作总结.docx')}" for p in samples]
    assert result.stdout.splitlines() == written
    assert result.stderr.splitlines()[-1] == "1 个文件未生成，共 4 个。"
    assert f"{bad}:8: 采购[2].金额" in result.stderr
    for path in samples:
        title = paragraphs(out / f"{path.stem}-工作总结.docx")[0][1].replace("\n", "")
        assert title.startswith(load_facts(path).school)


def test_batch_output_must_be_a_folder(run_cli, tmp_path, samples):
    result = run_cli("summary", *samples, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2
    assert "请用 -o 指定输出文件夹" in result.stderr


def test_batch_matches_single_runs(run_cli, tmp_path, samples):
    assert run_cli("summary", *samples, "-o", tmp_path / "batch", "-j", "2").exit_code == 0
    for path in samples:
        single = tmp_path / f"{path.stem}.docx"
        assert run_cli("summary", path, "-o", single).exit_code == 0
        assert (tmp_path / "batch" / f"{path.stem}-工作总结.docx").read_bytes() == single.read_bytes()
