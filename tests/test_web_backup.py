"""houqin admin (a bureau's administrator from the command line) and houqin backup (a
consistent copy of the SQLite store, even while it is written to)."""
from __future__ import annotations

import sqlite3
import threading

from houqin_report.web.accounts import Accounts
from houqin_report.web.store import Saved, Store


def test_admin_makes_the_store_a_bureaus(run_cli, tmp_path, store_url):
    result = run_cli("admin", "--db", store_url, "--bureau", "伍家岗区教育局", "--user", "管理员", "--password", "admin-pass-1")
    assert result.exit_code == 0, result.output
    assert "已建立 伍家岗区教育局 的管理员 管理员" in result.output
    store = Store(store_url)
    accounts = Accounts(store)
    assert accounts.bureau_exists()
    token = accounts.sign_in("管理员", "admin-pass-1", "127.0.0.1")
    who = accounts.account(token)
    assert (who.role, who.bureau_name) == ("bureau", "伍家岗区教育局")
    store.close()
    again = run_cli("admin", "--db", store_url, "--bureau", "伍家岗区教育局", "--user", "管理员", "--password", "admin-pass-2")
    assert again.exit_code == 1 and "用户名“管理员”已有人用。" in again.stderr
    short = run_cli("admin", "--db", store_url, "--bureau", "伍家岗区教育局", "--user", "另一位", "--password", "short")
    assert short.exit_code == 1 and "密码至少 8 个字符。" in short.stderr and "Traceback" not in short.stderr


def test_backup_copies_the_store_consistently_while_it_is_written(run_cli, tmp_path):
    db = tmp_path / "web.db"
    store = Store(f"sqlite:///{db}")
    doc = store.create(Saved("学校: 甲\n", "导入"))
    stop, saved = threading.Event(), [1]

    def writer() -> None:
        while not stop.is_set():
            saved[0] = store.save(doc, Saved(f"学校: 甲\n年度: {2000 + saved[0]}\n" + "备注: 长文字\n" * 200, "保存"), base=saved[0])

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for n in range(3):
            target = tmp_path / "备份" / f"copy{n}.db"
            result = run_cli("backup", str(target), "--db", str(db))
            assert result.exit_code == 0, result.output
            copies.append(target)
    finally:
        stop.set()
        thread.join()
    counts = []
    for target in copies:
        connection = sqlite3.connect(target)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        number, current = connection.execute(
            "select d.version_no, v.number from documents d join versions v on v.id = d.current_version_id").fetchone()
        assert number == current  # the document and its current version agree: no half a save
        assert connection.execute("select count(*) from versions").fetchone() == (number,)
        counts.append(number)
        connection.close()
    assert counts == sorted(counts) and counts[-1] > 1
    assert not list((tmp_path / "备份").glob(".houqin-backup-*"))  # no temporary file left
    store.close()


def test_backup_refuses_what_it_cannot_do(run_cli, tmp_path, store_url):
    db = tmp_path / "web.db"
    Store(f"sqlite:///{db}").close()
    same = run_cli("backup", str(db), "--db", str(db))
    assert same.exit_code == 1 and "备份文件不能是数据库本身" in same.stderr
    folder = run_cli("backup", str(tmp_path), "--db", str(db))
    assert folder.exit_code == 1 and "是文件夹，请给出备份文件名" in folder.stderr
    if store_url.startswith("postgresql"):
        pg = run_cli("backup", str(tmp_path / "x.db"), "--db", store_url)
        assert pg.exit_code == 1 and "PostgreSQL 请用 pg_dump 备份" in pg.stderr
