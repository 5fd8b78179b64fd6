"""Checking documents: hand-written summaries, and the tool's own documents after editing.

`houqin check 总结.docx` reads a document's paragraphs and tables (reader), and reports, each
with its place and a quote: placeholders (the facts lint's rules), heading numbering
(numbering), half-width punctuation in Chinese text (punctuation), the arithmetic the document
states (arithmetic), its dates and signature (dates); with `--facts 事实.yaml`, what no longer
matches the facts it was written from (against). Every import of the rest of the package goes
through core.
"""
from importlib import import_module

# Each name from its module on first use (PEP 562): `houqin check` of facts files only needs
# gather, and the checks themselves (their patterns, the arithmetic) would cost ~15 ms to load.
_HOME = {"expect": "against", "DocumentFinding": "findings", "gather": "inputs", "FACTS_SUFFIXES": "inputs",
         "DOCUMENT_SUFFIXES": "reader", "check_document": "check", "check_path": "check", "check_paths": "check"}


def __getattr__(name: str):
    if name in _HOME:
        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DOCUMENT_SUFFIXES", "FACTS_SUFFIXES", "DocumentFinding", "check_document", "check_path", "check_paths", "expect", "gather"]
