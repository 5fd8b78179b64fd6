"""Locating the files shipped beside the code (templates/, data/).

Running from the repository they sit at its top, next to the package; installed, setuptools
ships them inside the package as houqin_report.templates and houqin_report.data
(pyproject.toml).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource: ``resource_path("data", "dict.txt")``.

    The first part names the top-level folder (``data`` or ``templates``).
    """
    if not parts:
        raise ValueError("resource_path needs at least the folder name")
    if parts[0] not in ("data", "templates"):
        raise ValueError(f"unknown resource folder {parts[0]!r}")
    root = Path(__file__).resolve().parent.parent
    # Installed, the parent is site-packages, where some other distribution may have left a
    # top-level templates/ folder; the repository is recognised by its pyproject.toml.
    repo_dir = root / parts[0]
    if repo_dir.is_dir() and (root / "pyproject.toml").is_file():
        return repo_dir.joinpath(*parts[1:])
    target = resources.files(f"houqin_report.{parts[0]}")
    for part in parts[1:]:  # Traversable.joinpath takes one part on Python 3.10
        target = target.joinpath(part)
    return target if isinstance(target, Path) else Path(str(target))
