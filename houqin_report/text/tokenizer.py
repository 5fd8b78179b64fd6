"""Chinese word segmentation: the one private jieba tokenizer (design/jieba.md).

This is the only module that imports jieba. jieba is imported and its dictionary built lazily,
on the first call that needs words, so commands that never segment text pay nothing. The
tokenizer is a private ``jieba.Tokenizer`` (never the module-level ``jieba.*`` functions, whose
global tokenizer does not know our dictionary) with:

- our domain dictionary, data/dict.txt, loaded into it (明厨亮灶, 整改率 stay whole);
- its cache in the user's cache folder (houqin_report.cache: ``~/.cache/houqin-report/jieba.cache``
  on Linux), never the shared system temp folder. The cache holds the whole dictionary,
  jieba's and ours together (``(FREQ, total)`` after data/dict.txt is loaded), cut into shards
  by the first two characters of each entry, with an index. Every lookup jieba makes while
  cutting a text is of a substring of that text, so the shards of the text's characters and
  character pairs hold every entry it can look up; they are read on demand before each cut.
  A summary so reads a few thousand of the dictionary's half a million entries (about 10 ms,
  where reading them all takes 0.2–0.3 s and building them from jieba's dict.txt 0.6 s), and
  the words come out exactly as with the whole dictionary in memory. A cache that is missing,
  made from another jieba dictionary or another data/dict.txt, not ours, or unreadable is
  rebuilt; a folder that cannot be written only costs the rebuild, silently. The cache relies
  on jieba's internals (FREQ, total, gen_pfdict, finalseg's force split): pyproject.toml pins
  the jieba release they were read from;
- jieba's logger at WARNING, and its SyntaxWarnings (invalid escape sequences, #1036)
  silenced by message while it is imported.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import mmap
import os
import stat
import sys
import tempfile
import threading
import warnings
from bisect import bisect_left
from pathlib import Path
from typing import TYPE_CHECKING

from houqin_report.cache import cache_dir
from houqin_report.resources import resource_path

if TYPE_CHECKING:  # pragma: no cover
    import jieba

__all__ = ["cache_path", "cut", "cut_for_search", "tokenizer"]

CACHE_NAME = "jieba.cache"

_lock = threading.Lock()
_tokenizer: "jieba.Tokenizer | None" = None


def cache_path() -> Path | None:
    """Where jieba's dictionary cache is kept (see houqin_report.cache)."""
    folder = cache_dir()
    return None if folder is None else folder / CACHE_NAME


def _import_jieba():
    """Import jieba quietly and as cheaply as possible."""
    with warnings.catch_warnings():
        # Python 3.12+ compiling jieba's sources (no .pyc yet) warns about "\s" etc. (#1036).
        warnings.filterwarnings("ignore", message=r"invalid escape sequence")
        # jieba._compat imports pkg_resources only to open its own data files and falls back
        # to open() without it. Importing pkg_resources costs 65-100 ms and, on newer
        # setuptools, prints a deprecation warning; so it is hidden for the duration of the
        # import unless something else has loaded it already (then jieba just uses it).
        hide = "pkg_resources" not in sys.modules
        if hide:
            sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # -> ImportError
        try:
            import jieba
        finally:
            if hide and sys.modules.get("pkg_resources", False) is None:
                del sys.modules["pkg_resources"]
    # jieba logs its progress to stderr at DEBUG level by itself (#255).
    jieba.setLogLevel(logging.WARNING)
    for name in ("jieba", "jieba._compat"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return jieba


_MAGIC = b"houqin-report jieba shards 1\n"


def _source_key(jieba, main_dict: Path, user_dict: Path) -> str:
    """What the cache was built from: jieba's version and dictionary, and our dict.txt."""
    st = main_dict.stat()
    digest = hashlib.sha256(user_dict.read_bytes()).hexdigest()
    return f"{jieba.__version__} {st.st_size} {st.st_mtime_ns} {digest}"


class _Shards:
    """The sharded dictionary of one cache file: (FREQ, total) read a shard at a time.

    Layout: _MAGIC, the length of the header (8 bytes, little-endian), the header (a marshal
    of (source key, total, force-split words, {first character: (offset, length)})), then one
    block per first character: a marshal of (second characters, offsets), where the entries
    of ``c + second[i]`` (and, for second "", the single character c) are the marshalled dict
    at data[offsets[i]:offsets[i + 1]].
    """

    def __init__(self, data: bytes | mmap.mmap, base: int, total: int, force: tuple, index: dict):
        self.data = memoryview(data)
        self.base = base
        self.total = total
        self.force = force
        self.index = index
        self.blocks: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}  # first character: (seconds, offsets)

    @classmethod
    def read(cls, path: Path, key: str) -> "_Shards | None":
        """The cache at path when it is ours and made from key, else None."""
        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):
                return None
            if hasattr(os, "getuid") and st.st_uid != os.getuid():
                return None  # never trust a file someone else could have written
            with path.open("rb") as f:
                # Mapped, not read: a run reads a few hundred KB of the file's 12 MB.
                data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            if data[:len(_MAGIC)] != _MAGIC:
                return None
            at = len(_MAGIC)
            size = int.from_bytes(data[at:at + 8], "little")
            header = marshal.loads(data[at + 8:at + 8 + size])
            found, total, force, index = header
        except (OSError, ValueError, EOFError, TypeError):  # mmap of an empty file: ValueError
            return None
        if found != key or not (isinstance(total, int) and total > 0 and isinstance(index, dict) and index):
            return None
        return cls(data, at + 8 + size, total, tuple(force), index)

    def entries(self, keys) -> dict[str, int]:
        """The dictionary entries of the shards named by keys (characters and character pairs)."""
        out: dict[str, int] = {}
        data, base = self.data, self.base
        for key in keys:
            first = key[0]
            block = self.blocks.get(first)
            if block is None:
                where = self.index.get(first)
                block = ((), ()) if where is None else marshal.loads(data[base + where[0]:base + where[0] + where[1]])
                self.blocks[first] = block
            # The seconds are sorted: looked up by bisection rather than made into a dict, as a
            # common first character has thousands of them and a run asks for a few.
            seconds, offsets = block
            second = key[1:]
            i = bisect_left(seconds, second)
            if i < len(seconds) and seconds[i] == second:
                out.update(marshal.loads(data[base + offsets[i]:base + offsets[i + 1]]))
        return out


def _shards_bytes(key: str, freq: dict[str, int], total: int, force: tuple) -> bytes:
    """The cache file's bytes for the dictionary freq (see _Shards for the layout)."""
    by_first: dict[str, dict[str, dict[str, int]]] = {}
    for word, count in freq.items():
        by_first.setdefault(word[0], {}).setdefault(word[1:2], {})[word] = count
    index: dict[str, tuple[int, int]] = {}
    chunks: list[bytes] = []
    size = 0
    for first in sorted(by_first):
        shards = by_first[first]
        seconds = tuple(sorted(shards))  # "" stands for the single character itself
        offsets = [size]
        for second in seconds:
            part = marshal.dumps(shards[second])
            chunks.append(part)
            size += len(part)
            offsets.append(size)
        block = marshal.dumps((seconds, tuple(offsets)))
        chunks.append(block)
        index[first] = (size, len(block))
        size += len(block)
    header = marshal.dumps((key, total, tuple(force), index))
    return b"".join([_MAGIC, len(header).to_bytes(8, "little"), header, *chunks])


def _write_cache(path: Path, data: bytes) -> None:
    """Write the cache atomically (a temporary file in the same folder, then a rename);
    any failure only means the next run rebuilds the dictionary again."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _build_tokenizer():
    jieba = _import_jieba()

    class Tokenizer(jieba.Tokenizer):
        """jieba's tokenizer over a dictionary read shard by shard, before each cut."""

        shards: _Shards | None = None
        loaded: set[str]

        def cut(self, sentence, *args, **kwargs):  # noqa: ANN001 - jieba's signature
            shards = self.shards
            if shards is not None and isinstance(sentence, str):
                # Every entry jieba looks up is a substring of sentence: its shard is named by
                # the entry's first two characters (or its one character).
                wanted = set(sentence)
                wanted.update(sentence[i:i + 2] for i in range(len(sentence) - 1))
                wanted -= self.loaded
                if wanted:
                    with self.lock:
                        wanted -= self.loaded
                        self.FREQ.update(shards.entries(wanted))
                        self.loaded |= wanted
            return super().cut(sentence, *args, **kwargs)

    tk = Tokenizer()
    tk.loaded = set()
    path = cache_path()
    main_dict = Path(jieba.__file__).resolve().with_name(jieba.DEFAULT_DICT_NAME)
    user_dict = resource_path("data", "dict.txt")
    key = _source_key(jieba, main_dict, user_dict)
    shards = _Shards.read(path, key) if path is not None else None
    with tk.lock:
        if shards is not None:
            tk.FREQ, tk.total = {}, shards.total
            for word in shards.force:
                jieba.finalseg.add_force_split(word)
            tk.shards = shards
            tk.initialized = True
            return tk
        tk.FREQ, tk.total = tk.gen_pfdict(tk.get_dict_file())
        tk.initialized = True
    with user_dict.open("rb") as f:
        tk.load_userdict(f)
    if path is not None:
        _write_cache(path, _shards_bytes(key, tk.FREQ, tk.total, tuple(sorted(_user_words(user_dict)))))
    return tk


def _user_words(user_dict: Path) -> set[str]:
    """Words of data/dict.txt given the frequency 0 (jieba then always splits them)."""
    words = set()
    for line in user_dict.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1] == "0":
            words.add(parts[0])
    return words


def tokenizer():
    """The private jieba.Tokenizer, built on first use (thread-safe)."""
    global _tokenizer
    tk = _tokenizer
    if tk is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build_tokenizer()
            tk = _tokenizer
    return tk


def cut(text: str) -> list[str]:
    """Words of text, jieba's accurate mode with our dictionary (whitespace tokens kept)."""
    if not text:
        return []
    return tokenizer().lcut(text)


def cut_for_search(text: str) -> list[str]:
    """jieba's search mode: each word, preceded by the dictionary words of 2 and 3
    characters inside it (安全隐患排查 → 安全, 隐患, 排查, …)."""
    if not text:
        return []
    return tokenizer().lcut_for_search(text)
