"""Benchmark items 8 and 9: a bureau's `houqin serve`.

  8. The board (GET /bureau, the whole page) of a bureau of 2,000 schools, warm: 1,000 of them
     submitted (the 1,000 generated facts files of item 4), 500 with a draft, 500 not started.
     Anchor in the same run: the same server's smallest request (a static file).
  9. The one-click compile of the 1,000 submitted schools (POST /bureau/compile: the store
     read, the compile of the texts through pipeline.compile_texts, the .docx and workbook
     kept in the store), warm (one compile first, untimed: the worker processes' server
     starts then). Its target is item 4's figure (the CLI's compile of the same 1,000 files,
     measured in the same run) plus the store read, measured here on its own (the query
     that gives the submitted texts, in this process, the same store).

The store is made directly (units, documents, versions through the store's own calls; every
school's account with one password hash computed once: 2,000 argon2 hashes would take a
minute and are not what is measured)."""
from __future__ import annotations

import re
import statistics
import subprocess
import time
from pathlib import Path

WARM_UP = 3
SCHOOLS = 2000


def build(folder: Path, files: list[Path]) -> tuple[str, str]:
    """A bureau's store in folder with SCHOOLS schools; (its URL, the term)."""
    from houqin_report.facts.load import load_facts
    from houqin_report.report.period import period_of
    from houqin_report.web.accounts import Accounts, hash_password
    from houqin_report.web.collection import Collection
    from houqin_report.web.store import SUBMITTED, Saved, Store, TermDocument, Unit, User

    url = f"sqlite:///{folder / 'bureau.db'}"
    store = Store(url)
    admin = Accounts(store).create_bureau("基准区教育局", "管理员", "bench-admin-1")
    facts = [(load_facts(f), f.read_text(encoding="utf-8")) for f in files]
    term = period_of(facts[0][0]).title
    names = [f.school for f, _ in facts] + [f"基准区第{n}学校" for n in range(SCHOOLS - len(facts))]
    shared = hash_password("bench-school-1")
    units = {}
    with store.writing() as session:
        for name in names:
            unit = Unit(name=name, kind="school", parent_id=admin.bureau_id)
            session.add(unit)
            session.flush()
            session.add(User(username=name, password_hash=shared, role="school", unit_id=unit.id))
            units[name] = unit.id
    Collection(store).open_term(admin.bureau_id, term, "管理员")
    drafts = names[len(facts):len(facts) + (SCHOOLS - len(facts)) // 2]
    for (school, text), status in [((f.school, t), SUBMITTED) for f, t in facts] + [((n, f"学校: {n}\n"), None) for n in drafts]:
        doc = store.create(Saved(text, "导入", 0, 0, school, term, school), unit_id=units[school], period=term)
        if status:
            with store.writing() as session:
                session.get(TermDocument, doc).status = status
    store.close()
    return url, term


def measure(houqin: list[str], files: list[Path], folder: Path, runs: int, compile_runs: int, memory) -> dict:
    try:  # the test extra's HTTP client: httpx2 on Python 3.11+, else httpx
        import httpx2 as httpx
    except ImportError:
        import httpx

    from houqin_report.web.collection import Collection
    from houqin_report.web.store import Store

    url, term = build(folder, files)
    store = Store(url)
    from sqlalchemy import text

    with store.reading() as session:
        bureau_id = session.execute(text("select id from units where kind = 'bureau'")).scalar()
    reads = []
    for _ in range(compile_runs):
        start = time.perf_counter()
        texts, missing = Collection(store).submitted(bureau_id, term)
        reads.append(time.perf_counter() - start)
    assert len(texts) == len(files) and len(missing) == SCHOOLS - len(files)
    store.close()
    proc = subprocess.Popen([*houqin, "serve", "--port", "0", "--db", url, "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = re.search(r"(http://\S+/)", proc.stdout.readline()).group(1)
        with httpx.Client(base_url=address, timeout=600) as web:
            token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', web.get("/login").text).group(1)
            web.post("/login", data={"_csrf": token, "username": "管理员", "password": "bench-admin-1", "next": "/"})
            boards, statics = [], []
            for i in range(WARM_UP + runs):
                start = time.perf_counter()
                page = web.get("/bureau")
                seconds = time.perf_counter() - start
                if page.status_code != 200 or page.text.count('<td data-label="学校">') != SCHOOLS:
                    raise RuntimeError("houqin serve: the board did not list every school")
                start = time.perf_counter()
                web.get("/static/favicon.svg")
                static = time.perf_counter() - start
                if i >= WARM_UP:
                    boards.append(seconds)
                    statics.append(static)
            compiles = []
            for i in range(1 + compile_runs):
                start = time.perf_counter()
                answer = web.post("/bureau/compile", data={"_csrf": token, "period": term})
                seconds = time.perf_counter() - start
                if answer.status_code != 303 or "compiled=" not in answer.headers.get("location", ""):
                    raise RuntimeError(f"houqin serve: the compile failed ({answer.status_code})")
                if i:
                    compiles.append(seconds)
        return {"board": boards, "static": statics, "compile": compiles, "read": statistics.median(reads), "peak": memory(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(30)
        proc.stdout.close()
