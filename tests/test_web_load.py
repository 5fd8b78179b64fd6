"""Load: 50 school users saving and previewing at once against a real `houqin serve` process on
127.0.0.1, for a bounded time, on SQLite and on PostgreSQL. Every request answers, and every
save that was acknowledged is in the store, in order, none lost and none doubled.

Bounded: DURATION seconds of saving (each request has its own timeout), then the users stop;
only loopback is used. Its figures (saves, their latency) are printed, not asserted."""
from __future__ import annotations

import re
import threading
import time

import yaml

from bureau_helpers import TERM, make_bureau
from houqin_report.web import forms
from web_helpers import csrf_of, form_pairs, httpx, serve, stop

USERS = 50
DURATION = 8.0  # seconds of saving
STUDENTS = forms.input_name("v", ("概况", "学生人数"))


def school_user(address: str, school: str, password: str, ready: threading.Barrier, deadline: list, log: dict) -> None:
    with httpx.Client(base_url=address, follow_redirects=True, timeout=60) as client:
        try:
            page = client.get("/login").text
            client.post("/login", data={"_csrf": csrf_of(page), "username": school, "password": password, "next": "/"})
            response = client.post("/new", data={"_csrf": csrf_of(client.get("/").text), "period": TERM})
            doc = int(re.search(r"/doc/(\d+)", str(response.url)).group(1))
            log["doc"] = doc
            ready.wait(120)  # all signed in: the saving begins, for DURATION
            n = 0
            while time.monotonic() < deadline[0]:
                n += 1
                page = client.get(f"/doc/{doc}")  # the editor with its check and preview
                if page.status_code != 200:
                    log["errors"].append(("page", page.status_code))
                    continue
                fields = dict(form_pairs(page.text))
                fields[STUDENTS] = str(1000 + n)
                start = time.perf_counter()
                saved = client.post(f"/doc/{doc}", data=fields)
                log["latency"].append(time.perf_counter() - start)
                number = re.search(r"[?&]saved=(\d+)", str(saved.url))
                if saved.status_code != 200 or number is None or '<article class="doc">' not in saved.text:
                    log["errors"].append(("save", saved.status_code, str(saved.url)))
                    continue
                log["saves"].append((int(number.group(1)), str(1000 + n)))
        except Exception as exc:  # noqa: BLE001 - an error is what this test counts
            log["errors"].append(("exception", repr(exc)))


def test_fifty_schools_saving_and_previewing_at_once_lose_nothing(tmp_path, store_url):
    schools = [f"第{n:02d}小学" for n in range(1, USERS + 1)]
    bureau = make_bureau(store_url, schools)
    bureau.store.close()
    proc, address = serve(store_url)
    logs = {s: {"errors": [], "saves": [], "latency": []} for s in schools}
    try:
        deadline = [0.0]
        ready = threading.Barrier(USERS, action=lambda: deadline.__setitem__(0, time.monotonic() + DURATION))
        threads = [threading.Thread(target=school_user, args=(address, s, bureau.passwords[s], ready, deadline, logs[s])) for s in schools]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not any(t.is_alive() for t in threads)
    finally:
        stop(proc)
    errors = [(s, e) for s, log in logs.items() for e in log["errors"]]
    assert errors == []
    from houqin_report.web.store import Store

    store = Store(store_url)
    total = 0
    for school, log in logs.items():
        saves = log["saves"]
        assert saves, school  # each user saved at least once
        total += len(saves)
        assert [n for n, _ in saves] == list(range(1, len(saves) + 1)), school
        versions = store.versions(log["doc"])
        assert [v.number for v in versions] == list(range(len(saves), 0, -1)), school  # none lost, none extra
        assert all(v.author == school for v in versions)
        last = yaml.safe_load(store.document(log["doc"]).current.text)
        assert str(last["概况"]["学生人数"]) == saves[-1][1], school  # the last acknowledged save is the current one
    store.close()
    latency = sorted(x for log in logs.values() for x in log["latency"])
    print(f"\n{USERS} users, {DURATION:.0f} s on {store_url.split(':')[0]}: {total} saves, 0 errors; "
          f"save with check and preview: median {latency[len(latency) // 2] * 1000:.0f} ms, "
          f"95th percentile {latency[int(len(latency) * .95)] * 1000:.0f} ms")
