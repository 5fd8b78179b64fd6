"""Installing for real (issue 15, point 12): a wheel built from the repository ships every
subpackage, templates/ and data/, installs into a fresh virtual environment and runs
`houqin summary` and `houqin compile` there, giving the same bytes as the repository; `pip
install .` and the editable install of `make test` build without a setuptools warning.

The builds run on a copy of the repository's sources (setuptools leaves build/ and
*.egg-info where it builds); the fresh environment gets this one's dependencies through a
.pth line (no download), so what is tested is the package itself: its files and its entry
point. About 20 seconds."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WARNINGS = re.compile(r"BuildBackendWarning|SetuptoolsWarning|SetuptoolsDeprecationWarning|DeprecationWarning")


def _pip(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600)


def _fresh_venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # This environment's packages, by a path line: its own .pth files (the editable install
    # of the repository among them) are not read from there.
    Path(purelib, "houqin-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "houqin_report", "templates", "data")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """The files a build reads, copied."""
    copy = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, copy / name)
    return copy


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, source) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = _pip("wheel", "--no-deps", "-w", str(out), str(source))
    assert built.returncode == 0, built.stderr
    assert not WARNINGS.search(built.stdout + built.stderr), built.stderr
    return next(out.glob("houqin_report-*.whl"))


def test_the_wheel_ships_every_module_templates_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in (ROOT / "houqin_report").rglob("*.py"):
        assert module.relative_to(ROOT).as_posix() in names, module  # report/bureau/ was missing once
    for folder in ("templates", "data"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert f"houqin_report/{folder}/{path.relative_to(ROOT / folder).as_posix()}" in names, path


def test_summary_and_compile_run_from_the_wheel_in_a_fresh_venv(wheel, tmp_path, samples, run_cli):
    python = _fresh_venv(tmp_path / "venv")
    installed = _pip("--python", str(python), "install", "--no-deps", "--no-index", str(wheel))
    assert installed.returncode == 0, installed.stderr
    where = subprocess.run([str(python), "-c", "import houqin_report; print(houqin_report.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert where.startswith(str(tmp_path / "venv")), where  # the wheel's copy, not the repository's
    houqin = str(tmp_path / "venv" / "bin" / "houqin")
    for args, name in ((["summary", str(samples[0])], "总结.docx"), (["compile", str(samples[0].parent)], "汇总.docx")):
        out, here = tmp_path / name, tmp_path / f"here-{name}"
        run = subprocess.run([houqin, *args, "-o", str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert run.returncode == 0, run.stderr
        assert run_cli(*args, "-o", here).exit_code == 0
        assert out.read_bytes() == here.read_bytes(), name


@pytest.mark.parametrize("editable", [False, True], ids=["pip install .", "pip install -e ."])
def test_installing_gives_no_setuptools_warning(source, tmp_path, editable):
    python = _fresh_venv(tmp_path / "venv")
    installed = _pip("--python", str(python), "install", "--no-deps", *(["-e"] if editable else []), str(source))
    assert installed.returncode == 0, installed.stderr
    assert not WARNINGS.search(installed.stdout + installed.stderr), installed.stderr
    shown = subprocess.run([str(tmp_path / "venv" / "bin" / "houqin"), "init", str(tmp_path / "事实.yaml")],
                           capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert shown.returncode == 0, shown.stderr  # the starter file comes from the shipped templates/
    assert (tmp_path / "事实.yaml").read_text(encoding="utf-8") == (ROOT / "templates" / "facts-starter.yaml").read_text(encoding="utf-8")
