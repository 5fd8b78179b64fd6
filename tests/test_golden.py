"""Golden outlines: the `--format md` text of every sample's summary, plan and compiled report,
and of the fixtures that show a facts shape of their own, compared byte for byte.

A wording change shows up here as a diff of tests/golden/, to be read and committed with the
change. Regenerate with `make golden` (pytest --update-golden): it rewrites the files, and the
test then passes; `git diff tests/golden` is the review.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, SAMPLES

GOLDEN = Path(__file__).resolve().parent / "golden"

# (golden file, command line after `houqin`): samples first, then fixtures of their own shape.
CASES: list[tuple[str, list[str]]] = []
for _sample in sorted(SAMPLES.glob("*.yaml")):
    CASES.append((f"summary-{_sample.stem}.md", ["summary", str(_sample), "--format", "md"]))
    CASES.append((f"plan-{_sample.stem}.md", ["plan", str(_sample), "--format", "md"]))
CASES.append(("compile-samples.md", ["compile", str(SAMPLES), "--format", "md"]))
# The same schools with the bureau's own facts file; and the real-office shapes of one term
# compiled together (approximate figures, donations, key hazards only, 未填).
CASES.append(("compile-samples-bureau.md", ["compile", str(SAMPLES), "--bureau-facts", str(FIXTURES / "bureau" / "伍家岗区教育局.yaml"), "--format", "md"]))
CASES.append(("compile-offices.md", ["compile", *(str(FIXTURES / "offices" / f"{n}.yaml") for n in (
    "approximate", "chinese-numerals", "donations", "key-hazards", "own-words", "projects", "punctuation")), "--bureau", "伍家岗区教育局", "--format", "md"]))
_OWN = [FIXTURES / name for name in ("annual.yaml", "autumn-term.yaml", "minimal.yaml")]
for _fixture in _OWN + sorted((FIXTURES / "offices").glob("*.yaml")):  # each real-office shape (issue 13)
    _stem = _fixture.stem
    CASES.append((f"summary-{_stem}.md", ["summary", str(_fixture), "--format", "md"]))
    CASES.append((f"plan-{_stem}.md", ["plan", str(_fixture), "--format", "md"]))


@pytest.mark.parametrize("name,args", CASES, ids=[c[0] for c in CASES])
def test_outline_matches_golden(name, args, run_cli, request):
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"{path} 不存在：运行 make golden 生成后审阅并提交"
    assert result.stdout == path.read_text(encoding="utf-8")


def test_no_stale_goldens():
    """Every golden file belongs to a case: a renamed sample leaves none behind."""
    assert sorted(p.name for p in GOLDEN.glob("*.md")) == sorted(name for name, _ in CASES)
