"""Packaging beyond pyproject.toml: templates/ and data/ sit at the top of the repository
(docs/architecture.md), beside the package, not in it; a build copies them into the package
(houqin_report/templates, houqin_report/data), where houqin_report/resources.py finds them
installed. An editable install reads them where they are."""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("templates", "data")
HERE = Path(__file__).resolve().parent


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        for folder in SHIPPED:
            for source in sorted((HERE / folder).rglob("*")):
                if source.is_file() and "__pycache__" not in source.parts and source.suffix != ".pyc":
                    target = Path(self.build_lib, "houqin_report", folder, source.relative_to(HERE / folder))
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        for folder in SHIPPED:
            for source in sorted((HERE / folder).rglob("*")):
                if source.is_file() and "__pycache__" not in source.parts and source.suffix != ".pyc":
                    outputs.append(str(Path(self.build_lib, "houqin_report", folder, source.relative_to(HERE / folder))))
        return outputs


setup(cmdclass={"build_py": BuildWithResources})
