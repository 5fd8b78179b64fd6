"""Checking documents: hand-written summaries, and the tool's own documents after editing.

`houqin check 总结.docx` reads a document's paragraphs and tables (reader), and reports, each
with its place and a quote: placeholders (the facts lint's rules), heading numbering
(numbering), half-width punctuation in Chinese text (punctuation), the arithmetic the document
states (arithmetic), its dates and signature (dates); with `--facts 事实.yaml`, what no longer
matches the facts it was written from (against). Every import of the rest of the package goes
through core.
"""
from .against import expect
from .check import DOCUMENT_SUFFIXES, FACTS_SUFFIXES, check_document, check_path, check_paths, gather
from .findings import DocumentFinding

__all__ = ["DOCUMENT_SUFFIXES", "FACTS_SUFFIXES", "DocumentFinding", "check_document", "check_path", "check_paths", "expect", "gather"]
