from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT))

import conformance  # noqa: E402  (tests/ is on sys.path: pytest's rootdir-relative import)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


# --------------------------------------------------------------------------- conformance
# Every .docx and .xlsx the tests write is validated once at the end of the run (see
# tests/conformance.py); any error fails the run.

_collector: conformance.Collector | None = None
_report: list[str] = []


def pytest_configure(config):
    global _collector
    if _collector is None and not hasattr(config, "workerinput"):
        _collector = conformance.Collector(Path(tempfile.mkdtemp(prefix="houqin-conformance-")))
        _collector.install()
        for reference in sorted((ROOT / "templates").glob("*.docx")):
            _collector.add(reference, str(reference.relative_to(ROOT)), "templates/ (shipped)")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _collector is not None:
        _collector.test = item.nodeid


def pytest_sessionfinish(session, exitstatus):
    if _collector is None or session.config.option.collectonly:
        return
    written = _collector.written()
    try:
        import openxml_audit  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            _report.append("openxml-audit is not installed (pip install -e '.[test]'): the written files were not validated")
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        else:
            _report.append(f"openxml-audit is not installed: {len(written)} written files not validated")
        return
    start = time.monotonic()
    failed = 0
    for item in written:
        found = conformance.errors(_collector.path_of(item))
        if found:
            failed += 1
            _report.append(f"{item.name} (written by {item.test}): {len(found)} errors")
            _report.extend("    " + message for message in found[:20])
    _report.insert(0, f"{len(written)} distinct .docx/.xlsx files validated in {time.monotonic() - start:.1f} s: "
                      f"{failed} with errors")
    if failed:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    else:
        shutil.rmtree(_collector.store, ignore_errors=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _report:
        terminalreporter.section("Open XML conformance (openxml-audit)")
        for line in _report:
            terminalreporter.write_line(line)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def written_files() -> conformance.Collector:
    """The session's collector of written .docx/.xlsx files (tests/conformance.py)."""
    if _collector is None:
        pytest.skip("no conformance collector in this process")
    return _collector


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.yaml"))


@pytest.fixture
def run_cli():
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    from click.testing import CliRunner

    from houqin_report.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


from db_fixtures import postgres_server, store_url  # noqa: E402,F401 - fixtures for every test module


def prose_money(amount) -> str:  # noqa: ANN001 - Decimal or int
    """Money as a sentence of the documents prints it, worked out here on its own: from
    10,000 in 万元 rounded half up to two decimals, trailing zeros dropped; below that in 元."""
    from decimal import ROUND_HALF_UP, Decimal

    amount = Decimal(amount)
    if amount < 10000:
        return f"{amount.normalize():f}元"
    wan = (amount / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return f"{wan:f}万元"


def exact_money(amount) -> str:  # noqa: ANN001 - Decimal or int
    """Money as the documents print it exact: from 10,000 in 万元 with every digit, below in 元."""
    from decimal import Decimal

    amount = Decimal(amount)
    return f"{amount.normalize():f}元" if amount < 10000 else f"{(amount / 10000).normalize():f}万元"


def rounds_in_prose(total, parts) -> bool:  # noqa: ANN001
    """Whether parts, each printed as prose_money rounds it, add up to the total printed so."""
    from decimal import Decimal

    def shown(a):  # noqa: ANN001, ANN202
        text = prose_money(a)
        return Decimal(text[:-2]) * 10000 if text.endswith("万元") else Decimal(text[:-1])

    return sum((shown(p) for p in parts), Decimal(0)) == shown(total)


def purchase_total_text(bought) -> str:  # noqa: ANN001 - facts.model.Purchase items (no donations)
    """The purchase total as the summary prints it, worked out here: rounded (prose_money)
    unless the channels or the categories, each rounded so, would not add up to it: exact."""
    channels, categories = {}, {}
    for u in bought:
        channels[u.channel] = channels.get(u.channel, 0) + u.amount
        categories[u.category] = categories.get(u.category, 0) + u.amount
    total = sum(channels.values())
    rounds = rounds_in_prose(total, channels.values()) and rounds_in_prose(total, categories.values())
    return prose_money(total) if rounds else exact_money(total)

