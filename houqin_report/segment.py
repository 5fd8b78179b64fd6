"""Chinese word segmentation and filing free text under the summary's standard sections.

This is the only module that imports jieba (design/jieba.md). jieba is imported and its
dictionary built lazily, on the first call that needs words, so commands that never segment
text pay nothing. The tokenizer is a private ``jieba.Tokenizer`` (never the module-level
``jieba.*`` functions, whose global tokenizer does not know our dictionary) with:

- our domain dictionary, data/dict.txt, loaded into it (明厨亮灶, 整改率 stay whole);
- its cache in the user's cache folder, ``$XDG_CACHE_HOME/houqin-report/jieba.cache``
  (default ``~/.cache/houqin-report/jieba.cache``), never the shared system temp folder.
  The file is jieba's own format (a marshal of ``(FREQ, total)`` for jieba's main
  dictionary) but read here in one piece: ``marshal.loads(bytes)`` takes about 0.15 s where
  jieba's ``marshal.load(file)`` takes about 0.55 s, no faster than rebuilding. A cache that
  is missing, older than jieba's dictionary, not ours, or unreadable is rebuilt; a folder
  that cannot be written only costs the rebuild, silently;
- jieba's logger at WARNING, and its SyntaxWarnings (invalid escape sequences, #1036)
  silenced by message while it is imported.

Sections (栏目) and their weighted keywords are a table in data/sections.yaml.
"""

from __future__ import annotations

import logging
import marshal
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


def _read_cache(path: Path, main_dict: Path):
    """(FREQ, total) from our cache file, or None when it is missing, stale or not ours."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None  # never trust a file someone else could have written
        if st.st_mtime <= main_dict.stat().st_mtime:
            return None  # jieba (its dictionary) was installed or upgraded since
        freq, total = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(freq, dict) and freq and isinstance(total, int) and total > 0):
        return None
    return freq, total


def _write_cache(path: Path, freq: dict, total: int) -> None:
    """Write the cache atomically (a temporary file in the same folder, then a rename);
    any failure only means the next run rebuilds the dictionary again."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps((freq, total)))
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
    tk = jieba.Tokenizer()
    path = cache_path()
    if path is not None:
        # Should jieba ever initialise this tokenizer itself, it uses the same file.
        tk.tmp_dir = str(path.parent)
        tk.cache_file = path.name
    main_dict = Path(jieba.__file__).resolve().with_name(jieba.DEFAULT_DICT_NAME)
    cached = _read_cache(path, main_dict) if path is not None else None
    with tk.lock:
        if cached is not None:
            tk.FREQ, tk.total = cached
        else:
            tk.FREQ, tk.total = tk.gen_pfdict(tk.get_dict_file())
            if path is not None:
                _write_cache(path, tk.FREQ, tk.total)
        tk.initialized = True
    with resource_path("data", "dict.txt").open("rb") as f:
        tk.load_userdict(f)
    return tk


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
