"""Conformance of every .docx and .xlsx the test suite writes: each is validated by
openxml-audit (a pure-Python port of the Open XML SDK's schema and semantic rules), against
Office 2007 (what Word 2007 accepts: no later attributes such as tblLook's firstRow) and
Office 2019, and the run fails on any error, naming the file and the validator's messages.

How files are collected: every file the tool writes goes through writers/atomic.py, which
writes a temporary file and os.replace()s it onto the target. An audit hook (sys.addaudithook,
event "os.rename", raised by os.replace before it acts) copies the complete temporary file
into a store, once per distinct content (SHA-256), with the target's name and the test that
wrote it. So files written into a TemporaryDirectory (the property tests) or by a forked
worker are caught too, and a file written many times is validated once. The shipped reference
files (templates/*.docx, the start of every document) are added at the start.

Command line:  python tests/conformance.py FILE...   validates the files and prints the errors.
"""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".docx", ".xlsx")


@dataclass(frozen=True)
class Written:
    digest: str
    name: str  # the target path the tool wrote
    test: str  # the test that wrote it first


class Collector:
    """Copies of every .docx/.xlsx replaced onto its target, in ``store``, by content."""

    def __init__(self, store: Path) -> None:
        self.store = store
        store.mkdir(parents=True, exist_ok=True)
        self.index = store / "index.tsv"
        self.test = ""  # the node id of the running test (set by conftest)
        self._busy = False

    def install(self) -> None:
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple) -> None:
        if event != "os.rename" or self._busy:
            return
        source, target = args[0], args[1]
        if not isinstance(target, (str, os.PathLike)) or not str(target).lower().endswith(SUFFIXES):
            return
        self._busy = True
        try:
            self.add(Path(source), str(target), self.test)
        except OSError:
            pass  # os.replace itself will fail and say why
        finally:
            self._busy = False

    def add(self, path: Path, name: str, test: str) -> None:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        copy = self.store / (digest + Path(name).suffix.lower())
        if copy.exists():
            return
        copy.write_bytes(data)
        # One short line, appended in one write: forked workers add to the same index.
        line = "\t".join((digest, name.replace("\t", " ").replace("\n", " "), test)) + "\n"
        fd = os.open(self.index, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)

    def written(self) -> list[Written]:
        if not self.index.exists():
            return []
        seen: dict[str, Written] = {}
        for line in self.index.read_text(encoding="utf-8").splitlines():
            digest, name, test = (line.split("\t") + ["", ""])[:3]
            seen.setdefault(digest, Written(digest, name, test))
        return list(seen.values())

    def path_of(self, item: Written) -> Path:
        return self.store / (item.digest + Path(item.name).suffix.lower())


_VALIDATORS: list = []


def validators() -> list:
    if not _VALIDATORS:
        from openxml_audit import FileFormat, OpenXmlValidator

        _VALIDATORS.extend(OpenXmlValidator(file_format=f, max_errors=50) for f in (FileFormat.OFFICE_2007, FileFormat.OFFICE_2019))
    return _VALIDATORS


def errors(path: Path) -> list[str]:
    """The validator's error messages for path (warnings and notes left out), per format."""
    from openxml_audit import ValidationSeverity

    messages = []
    for validator in validators():
        result = validator.validate(path)
        for error in result.errors:
            if error.severity == ValidationSeverity.ERROR:
                messages.append(f"{result.file_format.name}: {error}")
    return messages


def main(paths: list[str]) -> int:
    bad = 0
    for name in paths:
        found = errors(Path(name))
        print(f"{name}: {'0 errors' if not found else f'{len(found)} errors'}")
        for message in found:
            print("    " + message)
        bad += bool(found)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
