"""houqin serve as a real process: the address it prints, and a server killed in the middle of
a save, which must leave the last saved version intact."""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT
from houqin_report.web import forms
from houqin_report.web.store import Store
from web_helpers import csrf_of, form_pairs, httpx, serve, stop, wait_for

HERE = Path(__file__).resolve().parent


def save(client: httpx.Client, doc: int, school: str) -> httpx.Response:
    fields = dict(form_pairs(client.get(f"/doc/{doc}").text))
    fields[forms.input_name("v", ("学校",))] = school
    fields[forms.input_name("v", ("年度",))] = "2024"
    return client.post(f"/doc/{doc}", data=fields)


def test_serve_prints_its_address_and_listens_on_loopback_only(tmp_path):
    proc, address = serve(tmp_path / "web.db")
    try:
        assert address.startswith("http://127.0.0.1:")
        port = int(address.rsplit(":", 1)[1].strip("/"))
        assert httpx.get(address).status_code == 200
        # Bound to 127.0.0.1: the machine's other addresses do not answer.
        host = socket.gethostbyname(socket.gethostname())
        if not host.startswith("127."):
            with pytest.raises(OSError):
                socket.create_connection((host, port), timeout=2).close()
    finally:
        stop(proc)


def test_serve_on_a_port_in_use_says_so(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "serve", "--port", str(port), "--db", str(tmp_path / "web.db"), "--no-browser"],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"端口 {port} 已被占用（可能已有一个 houqin serve 在运行）。请用 --port 换一个端口，如 --port {port + 1}。"
    assert "Traceback" not in proc.stderr


def test_a_server_killed_in_the_middle_of_a_save_keeps_the_last_saved_version(tmp_path, store_url):
    """On SQLite and on PostgreSQL: the save's rows are written, not committed, when it dies."""
    db = store_url
    marker = tmp_path / "pausing"
    proc, address = serve(db, script=HERE / "web_paused_server.py", env={"HOUQIN_TEST_MARKER": str(marker), "HOUQIN_TEST_SKIP": "1"})
    try:
        with httpx.Client(base_url=address, follow_redirects=True, timeout=30) as client:
            doc_id = int(client.post("/new", data={"_csrf": csrf_of(client.get("/").text)}).url.path.rsplit("/", 1)[1])
            assert "已保存为第 1 版" in save(client, doc_id, "甲小学").text
            failed = []

            def second_save():
                try:
                    save(client, doc_id, "乙小学")
                except httpx.HTTPError as exc:
                    failed.append(exc)

            thread = threading.Thread(target=second_save)
            thread.start()
            wait_for(marker.exists)  # its rows are written, not committed
            os.kill(proc.pid, signal.SIGKILL)
            thread.join(30)
            assert failed  # the browser got no answer
    finally:
        proc.wait(10)
        stop(proc)
    if db.startswith("sqlite:///"):
        assert sqlite3.connect(db.removeprefix("sqlite:///")).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    proc, address = serve(db)  # the real server again, on the same store
    try:
        page = httpx.get(f"{address}doc/{doc_id}").text
        assert 'value="甲小学"' in page and "乙小学" not in page and "第 1 版" in page
        history = httpx.get(f"{address}doc/{doc_id}/history").text
        assert history.count('<td data-label="版本">') == 1
    finally:
        stop(proc)
    store = Store(db)
    doc = store.document(doc_id)
    assert doc.version_no == 1 and doc.current.number == 1 and "学校: 甲小学" in doc.current.text
    assert [v.number for v in store.versions(doc_id)] == [1]
    store.close()
