"""The .docx package as bytes that depend only on its content: fixed zip entry times,
attributes and order, and the tables' rows (written as XML text) put in at their markers."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Iterator

from houqin_report.writers.docx.rows import TableRows

FIXED_TIME = dt.datetime(2000, 1, 1)
AUTHOR = "houqin-report"

APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>houqin-report</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    b"</Properties>"
)
"""docProps/app.xml of every document: this tool as the application, and no page, word or line
counts (python-docx's template says 1 page and "Microsoft Macintosh Word"; a user's reference
would carry the counts of its own letterhead). Word and WPS recount when they save."""


def docx_bytes(document, table_rows: TableRows | None = None) -> bytes:
    """Save a python-docx Document to bytes that depend only on its content.

    python-docx writes the current time into every zip entry; here the entries are rewritten
    with a fixed time, fixed attributes and a fixed order ([Content_Types].xml first).
    table_rows: the rows of the renderer's tables, written as XML text (see Renderer.table
    and rows.py), put in at their markers in the document part.
    """
    raw = io.BytesIO()
    document.save(raw)
    splice = {document.part.partname.lstrip("/"): table_rows} if table_rows else None
    return normalize_zip(raw.getvalue(), splice, {"docProps/app.xml": APP_XML})


def normalize_zip(data: bytes, splice: dict[str, TableRows] | None = None,
                  replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed entry times, attributes and order (see docx_bytes); the
    entries named in replace (when present) get the bytes given there."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # otherwise it says which OS wrote the file
            info.external_attr = 0
            if splice and name in splice:
                # Written piece by piece (deflate gives the same bytes however its input is
                # cut), never joined: a table of 10,000 rows is some 35 MB of XML.
                xml, rows = src.read(name), splice[name]
                info.file_size = _spliced_size(xml, rows)
                with dst.open(info, "w") as entry:
                    for piece in _splice_rows(xml, rows):
                        entry.write(piece)
            else:
                content = replace[name] if replace and name in replace else src.read(name)
                dst.writestr(info, content, compresslevel=6)
    return out.getvalue()


_ROWS_MARK = re.compile(rb"<!--houqin-rows-(\d+)-->")


def _splice_rows(xml: bytes, rows: TableRows) -> Iterator[bytes]:
    """The pieces of the part's XML with each table's row marker replaced by its rows."""
    pos = 0
    for m in _ROWS_MARK.finditer(xml):
        yield xml[pos:m.start()]
        yield from rows.pieces(int(m.group(1)))
        pos = m.end()
    yield xml[pos:]


def _spliced_size(xml: bytes, rows: TableRows) -> int:
    """The length of what _splice_rows gives (the zip entry's size, said before it is written)."""
    size = len(xml)
    for m in _ROWS_MARK.finditer(xml):
        size += rows.size(int(m.group(1))) - (m.end() - m.start())
    return size
