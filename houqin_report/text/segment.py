"""Chinese word segmentation and filing free text under the summary's standard sections.

This is the only module that imports jieba (design/jieba.md). jieba is imported and its
dictionary built lazily, on the first call that needs words, so commands that never segment
text pay nothing. The tokenizer is a private ``jieba.Tokenizer`` (never the module-level
``jieba.*`` functions, whose global tokenizer does not know our dictionary) with:

- our domain dictionary, data/dict.txt, loaded into it (明厨亮灶, 整改率 stay whole);
- its cache in the user's cache folder, ``$XDG_CACHE_HOME/houqin-report/jieba.cache``
  (default ``~/.cache/houqin-report/jieba.cache``), never the shared system temp folder.
  The cache holds the whole dictionary, jieba's and ours together (``(FREQ, total)`` after
  data/dict.txt is loaded), cut into shards by the first two characters of each entry, with
  an index. Every lookup jieba makes while cutting a text is of a substring of that text,
  so the shards of the text's characters and character pairs hold every entry it can look
  up; they are read on demand before each cut. A summary so reads a few thousand of the
  dictionary's half a million entries (about 10 ms, where reading them all takes 0.2–0.3 s
  and building them from jieba's dict.txt 0.6 s), and the words come out exactly as with the
  whole dictionary in memory. A cache that is missing, made from another jieba dictionary
  or another data/dict.txt, not ours, or unreadable is rebuilt; a folder that cannot be
  written only costs the rebuild, silently;
- jieba's logger at WARNING, and its SyntaxWarnings (invalid escape sequences, #1036)
  silenced by message while it is imported.

Sections (栏目) and their weighted keywords are a table in data/sections.yaml.
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
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from houqin_report.resources import resource_path

if TYPE_CHECKING:  # pragma: no cover
    import jieba

__all__ = [
    "GENERAL",
    "Section",
    "cache_dir",
    "cache_path",
    "classify",
    "cut",
    "cut_for_search",
    "load_sections",
    "section_for_name",
    "section_scores",
]

GENERAL = "其他工作"
"""The general section: where an item goes when no section clearly leads."""

CACHE_NAME = "jieba.cache"
_APP_DIR = "houqin-report"

# ---------------------------------------------------------------------------------------------
# The tokenizer
# ---------------------------------------------------------------------------------------------

_lock = threading.Lock()
_tokenizer: "jieba.Tokenizer | None" = None


def cache_dir() -> Path | None:
    """The folder for our caches: $XDG_CACHE_HOME/houqin-report, else ~/.cache/houqin-report
    (%LOCALAPPDATA%\\houqin-report on Windows); None when no home folder can be found."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        root = Path(base)
    elif os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        root = Path(os.environ["LOCALAPPDATA"])
    else:
        try:
            root = Path.home() / ".cache"
        except RuntimeError:  # no HOME and no passwd entry
            return None
    return root / _APP_DIR


def cache_path() -> Path | None:
    """Where jieba's dictionary cache is kept (see cache_dir)."""
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
        self.blocks: dict[str, dict[str, tuple[int, int]]] = {}

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
                if where is None:
                    block = {}
                else:
                    seconds, offsets = marshal.loads(data[base + where[0]:base + where[0] + where[1]])
                    block = {s: (offsets[i], offsets[i + 1]) for i, s in enumerate(seconds)}
                self.blocks[first] = block
            span = block.get(key[1:])
            if span is not None:
                out.update(marshal.loads(data[base + span[0]:base + span[1]]))
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


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str  # 项目建设
    title: str  # 校舍建设与改造: the default level-1 heading
    aliases: tuple[str, ...]  # names a user may write as `栏目`
    keywords: Mapping[str, float]  # word → weight, for classify()


@dataclass(frozen=True)
class _Table:
    sections: tuple[Section, ...]
    min_score: float
    lead_ratio: float
    index: Mapping[str, tuple[tuple[str, float], ...]]  # keyword → ((section key, weight), …)
    names: Mapping[str, str]  # normalised name → section key


def _norm(text: str) -> str:
    """NFKC (full-width letters, digits and spaces to half-width), no whitespace, casefolded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


# Suffixes a user may add to or leave off a section's name: 安全工作, 食堂管理, 校园文化建设.
_NAME_SUFFIXES = ("工作", "管理", "建设")


def _name_forms(name: str) -> list[str]:
    """name, then name with trailing 工作/管理/建设 stripped one at a time (never to nothing)."""
    forms = [name]
    changed = True
    while changed:
        changed = False
        for suffix in _NAME_SUFFIXES:
            cur = forms[-1]
            if cur.endswith(suffix) and len(cur) > len(suffix) + 1:
                forms.append(cur[: -len(suffix)])
                changed = True
    return forms


def _load_table(path: Path) -> _Table:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open("rb") as f:
        doc = yaml.load(f, Loader=loader)  # noqa: S506 - a safe loader

    def bad(msg: str) -> ValueError:
        return ValueError(f"{path}: {msg}")

    if not isinstance(doc, dict) or not isinstance(doc.get("栏目"), dict):
        raise bad("expected a mapping with 栏目")
    rules = doc.get("判定") or {}
    min_score = float(rules.get("最低分", 2.0))
    lead_ratio = float(rules.get("领先倍数", 1.5))
    if min_score <= 0 or lead_ratio < 1:
        raise bad("判定: 最低分 must be > 0 and 领先倍数 ≥ 1")

    sections = []
    index: dict[str, list[tuple[str, float]]] = {}
    for key, body in doc["栏目"].items():
        if not isinstance(body, dict) or not isinstance(body.get("标题"), str):
            raise bad(f"栏目 {key}: expected a mapping with 标题")
        aliases = tuple(str(a) for a in body.get("别名") or ())
        keywords: dict[str, float] = {}
        for word, weight in (body.get("关键词") or {}).items():
            word = _norm(str(word))
            if not word or isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
                raise bad(f"栏目 {key}: 关键词 {word!r} needs a positive weight")
            if word in keywords:
                raise bad(f"栏目 {key}: 关键词 {word!r} twice")
            keywords[word] = float(weight)
            index.setdefault(word, []).append((str(key), float(weight)))
        sections.append(Section(str(key), body["标题"], aliases, MappingProxyType(keywords)))
    keys = [s.key for s in sections]
    if GENERAL not in keys:
        raise bad(f"栏目 must include the general section {GENERAL}")

    # Names: exact forms first (they win every conflict), then suffix-stripped forms that
    # point to a single section; a stripped form claimed by two sections is dropped.
    names: dict[str, str] = {}
    exact_owner: dict[str, str] = {}
    for s in sections:
        for name in (s.key, s.title, *s.aliases):
            n = _norm(name)
            other = exact_owner.setdefault(n, s.key)
            if other != s.key:
                raise bad(f"名称 {name!r} belongs to both {other} and {s.key}")
    names.update(exact_owner)
    stripped: dict[str, set[str]] = {}
    for n, key in exact_owner.items():
        for form in _name_forms(n)[1:]:
            stripped.setdefault(form, set()).add(key)
    for form, owners in stripped.items():
        if form not in names and len(owners) == 1:
            names[form] = next(iter(owners))

    return _Table(
        sections=tuple(sections),
        min_score=min_score,
        lead_ratio=lead_ratio,
        index=MappingProxyType({w: tuple(v) for w, v in index.items()}),
        names=MappingProxyType(names),
    )


@lru_cache(maxsize=None)
def _table() -> _Table:
    return _load_table(resource_path("data", "sections.yaml"))


def load_sections() -> list[Section]:
    """The standard sections from data/sections.yaml, in the summary's order."""
    return list(_table().sections)


def section_for_name(name: str) -> str | None:
    """The section key a user's `栏目` value names, or None when it names none of them.

    Matches the key, the default title or an alias, ignoring spaces, full/half width and
    a trailing 工作/管理/建设 on either side (安全工作 → 安全管理, 食堂管理 → 食堂与卫生),
    as long as the stripped name is not shared by two sections.
    """
    if not isinstance(name, str):
        return None
    names = _table().names
    for form in _name_forms(_norm(name)):
        key = names.get(form)
        if key is not None:
            return key
    return None


def section_scores(text: str) -> dict[str, float]:
    """Each section's score for text (Σ weight × count of whole search-mode tokens),
    only sections that scored, in the table's order."""
    text = unicodedata.normalize("NFKC", text or "")
    if not text.strip():
        return {}
    table = _table()
    counts = Counter(t.casefold() for t in cut_for_search(text))
    raw: dict[str, float] = {}
    for word, n in counts.items():
        for key, weight in table.index.get(word, ()):
            raw[key] = raw.get(key, 0.0) + weight * n
    return {s.key: raw[s.key] for s in table.sections if s.key in raw}


def classify(text: str) -> str:
    """The section key for a piece of free text: the best-scoring section when it scores at
    least 判定.最低分 and at least 判定.领先倍数 times the runner-up, else 其他工作."""
    scores = section_scores(text)
    if not scores:
        return GENERAL
    table = _table()
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])  # stable: ties keep table order
    best_key, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if best >= table.min_score and best >= table.lead_ratio * second:
        return best_key
    return GENERAL
