"""What the CLI does to a store outside the browser: open it (for serve), make a bureau's
administrator (`houqin admin`), and copy it consistently (`houqin backup`)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import core


def open_store(db: str | None):
    """The store at --db (or the user's data folder), or HouqinError saying why not."""
    from .store import Store, StoreError, database_url

    url = database_url(db)
    try:
        return Store(url)
    except StoreError as exc:
        raise core.HouqinError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - any driver's error: say which database, not a traceback
        raise core.HouqinError(f"无法打开数据库 {url}：{exc}") from None


def add_admin(db: str | None, bureau: str, username: str, password: str) -> str:
    """A bureau's administrator (the bureau made on first use); the store's URL. From then on
    the store is a bureau's: every page of `houqin serve` on it needs signing in."""
    from .accounts import AccountError, Accounts

    store = open_store(db)
    try:
        Accounts(store).create_bureau(bureau, username, password)
    except AccountError as exc:
        raise core.HouqinError(str(exc)) from None
    finally:
        store.close()
    return store.url


def backup(db: str | None, target: Path) -> str:
    """A consistent copy of a SQLite store in target, even while `houqin serve` writes to it
    (SQLite's online backup: the copy is the database as of one moment, never half a save).
    Written to a temporary file beside target and renamed, so target is whole or untouched."""
    store = open_store(db)
    try:
        if store.engine.url.get_backend_name() != "sqlite":
            raise core.HouqinError("houqin backup 只复制 SQLite 数据库；PostgreSQL 请用 pg_dump 备份。")
        source = Path(store.engine.url.database or "")
        target = Path(target)
        if target.exists() and source.exists() and os.path.samefile(source, target):
            raise core.HouqinError(f"备份文件不能是数据库本身：{target}")
        if target.is_dir():
            raise core.HouqinError(f"{target} 是文件夹，请给出备份文件名，如 {target / 'houqin-备份.db'}")
        target.parent.mkdir(parents=True, exist_ok=True)
        import sqlite3

        fd, temp = tempfile.mkstemp(prefix=".houqin-backup-", suffix=".db", dir=target.parent)
        os.close(fd)
        try:
            raw = store.engine.raw_connection()
            try:
                copy = sqlite3.connect(temp)
                try:
                    raw.driver_connection.backup(copy)
                    ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
                finally:
                    copy.close()
            finally:
                raw.close()
            if ok != "ok":
                raise core.HouqinError(f"备份的副本未通过完整性检查（{ok}），没有写出 {target}。")
            os.replace(temp, target)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
        return store.url
    finally:
        store.close()
