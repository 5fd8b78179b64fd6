from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


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


def prose_money(amount) -> str:  # noqa: ANN001 - Decimal or int
    """Money as a sentence of the documents prints it, worked out here on its own: from
    10,000 in 万元 rounded half up to two decimals, trailing zeros dropped; below that in 元."""
    from decimal import ROUND_HALF_UP, Decimal

    amount = Decimal(amount)
    if amount < 10000:
        return f"{amount.normalize():f}元"
    wan = (amount / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return f"{wan:f}万元"
