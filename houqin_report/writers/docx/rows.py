"""The tables' rows as XML text, kept until the package is saved (package.docx_bytes puts them
in at their markers). A bureau's attachments of 10,000 schools are some 75 MB of XML: held as
bytes objects they were the largest part of compile's memory. Here every row but a table's
last goes into one temporary file as it is written (in memory while small, so a school's
summary never touches the disk), and is read back in blocks when the document part is zipped.
The last row stays in memory: whether it is kept with the next paragraph is known only once
that paragraph is written (Renderer.keep_last_row_with_next)."""
from __future__ import annotations

import tempfile
from typing import Callable, Iterator

SPOOL = 8 * 1024 * 1024  # bytes held in memory before the rows go to a temporary file
BLOCK = 1024 * 1024  # read back in pieces of this size


class TableRows:
    """Each table's rows, by the number of its marker (0, 1, …)."""

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL)
        self._tables: list[tuple[int, int, bytes]] = []  # (offset, length of all rows but the last, the last row)

    def add(self, rows: list[bytes]) -> int:
        """Keep a table's rows (at least one); the number of its marker."""
        offset = self._file.tell()
        for row in rows[:-1]:
            self._file.write(row)
        self._tables.append((offset, self._file.tell() - offset, rows[-1]))
        return len(self._tables) - 1

    def change_last(self, key: int, change: Callable[[bytes], bytes]) -> None:
        offset, length, last = self._tables[key]
        self._tables[key] = (offset, length, change(last))

    def __bool__(self) -> bool:
        return bool(self._tables)

    def size(self, key: int) -> int:
        _, length, last = self._tables[key]
        return length + len(last)

    def pieces(self, key: int) -> Iterator[bytes]:
        """The table's rows, in pieces of at most BLOCK bytes and then the last row."""
        offset, length, last = self._tables[key]
        end = offset + length
        while offset < end:
            self._file.seek(offset)
            piece = self._file.read(min(BLOCK, end - offset))
            offset += len(piece)
            yield piece
        self._file.seek(0, 2)  # back at the end, where the next table's rows go
        yield last

    def close(self) -> None:
        self._file.close()
