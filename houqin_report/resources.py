"""Locating the files shipped beside the code (templates/, data/).

Running from the repository they sit at its top, next to the package; installed, setuptools
ships them inside the package as houqin_report.templates and houqin_report.data
(pyproject.toml).
"""

from __future__ import annotations

import importlib.util
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
    # Installed, templates/ and data/ are folders without __init__.py: importlib.resources
    # gives a MultiplexedPath for them, which is no Path; the import system's own record of
    # where the folder is serves both kinds.
    spec = importlib.util.find_spec(f"houqin_report.{parts[0]}")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"houqin_report.{parts[0]} is not installed")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts[1:])
