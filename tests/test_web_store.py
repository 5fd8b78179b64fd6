"""The store of houqin serve on SQLite and on PostgreSQL (a real server, tests/db_fixtures.py):
the same tests against both."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, text

from bureau_helpers import TERM, make_bureau
from houqin_report.web.collection import Collection, Refused
from houqin_report.web.store import Conflict, Locked, Saved, Setting, Store, StoreError


@pytest.fixture
def store(store_url):
    store = Store(store_url)
    yield store
    store.close()


def at_once(n: int, work) -> list:
    """work(i) in n threads started together; what each returned or raised, in any order."""
    outcomes, start = [], threading.Barrier(n)

    def run(i: int) -> None:
        start.wait()
        try:
            outcomes.append(work(i))
        except Exception as exc:  # noqa: BLE001 - what happened is the outcome
            outcomes.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_of_saves_made_at_once_from_the_same_version_exactly_one_is_kept(store):
    doc = store.create(Saved("学校: 甲\n", "导入"))
    outcomes = at_once(8, lambda n: store.save(doc, Saved(f"学校: 乙{n}\n", "保存"), base=1))
    assert outcomes.count(2) == 1
    assert all(isinstance(o, Conflict) and o.current == 2 for o in outcomes if o != 2)
    assert [v.number for v in store.versions(doc)] == [2, 1] and store.document(doc).version_no == 2


def test_every_version_keeps_its_text_who_and_when(store):
    doc = store.create(Saved("学校: 甲\n", "导入", author="甲校"))
    store.save(doc, Saved("学校: 甲\n年度: 2024\n", "保存", 1, 2, author="甲校张老师"), base=1)
    store.restore(doc, 1, base=2, author="甲校")
    versions = store.versions(doc)
    assert [(v.number, v.author, v.note, v.errors, v.hints) for v in versions] == [
        (3, "甲校", "恢复第 1 版", 0, 0), (2, "甲校张老师", "保存", 1, 2), (1, "甲校", "导入", 0, 0)]
    assert versions[0].created_at >= versions[1].created_at >= versions[2].created_at
    assert store.version(doc, 2).text == "学校: 甲\n年度: 2024\n"


def test_a_store_made_by_a_newer_version_is_not_opened(store_url):
    first = Store(store_url)
    with first.writing() as session:
        session.get(Setting, "schema_version").value = "99"
    first.close()
    with pytest.raises(StoreError) as caught:
        Store(store_url)
    assert str(caught.value) == "这个数据库由更新版本的 houqin 建立（表结构第 99 版），请升级 houqin-report 后再打开。"


def test_a_store_of_schema_1_gains_the_bureaus_tables_and_keeps_its_documents(store_url):
    old = Store(store_url)
    doc = old.create(Saved("学校: 甲\n", "导入"))
    with old.engine.begin() as connection:  # as issue 17 left it: its four tables only
        for table in ("compilations", "reviews", "terms", "login_attempts", "login_sessions", "users"):
            connection.execute(text(f"DROP TABLE {table}"))
    with old.writing() as session:
        session.get(Setting, "schema_version").value = "1"
    old.close()
    store = Store(store_url)
    assert store.setting("schema_version") == "2"
    assert {"users", "login_sessions", "login_attempts", "terms", "reviews", "compilations"} <= set(inspect(store.engine).get_table_names())
    assert store.document(doc).current.text == "学校: 甲\n"
    store.close()


def test_a_submitted_document_cannot_be_saved_or_restored(store_url):
    bureau = make_bureau(store_url, ["甲小学"])
    store, collection = bureau.store, Collection(bureau.store)
    doc = collection.document_for(bureau.units["甲小学"], TERM)
    store.save(doc, Saved("学校: 甲小学\n", "保存"), base=0)
    store.save(doc, Saved("学校: 甲小学\n年度: 2024\n", "保存", errors=1), base=1)
    with pytest.raises(Refused, match="还有 1 个错误"):
        collection.submit(doc, 2, "甲小学")
    store.restore(doc, 1, base=2)
    with pytest.raises(Conflict):
        collection.submit(doc, 2, "甲小学")  # the school saw version counter 2; it is 3 now
    collection.submit(doc, 3, "甲小学")
    with pytest.raises(Locked):
        store.save(doc, Saved("学校: 甲小学\n", "保存"), base=3)
    with pytest.raises(Locked):
        store.restore(doc, 2, base=3)
    assert store.document(doc).version_no == 3
    collection.give_back(doc, "请补充", "管理员")
    assert store.save(doc, Saved("学校: 甲小学\n", "保存"), base=3) == 4
    store.close()


def test_two_submits_at_once_make_one_submission(store_url):
    bureau = make_bureau(store_url, ["甲小学"])
    collection = Collection(bureau.store)
    doc = collection.document_for(bureau.units["甲小学"], TERM)
    bureau.store.save(doc, Saved("学校: 甲小学\n", "保存"), base=0)
    outcomes = at_once(6, lambda n: collection.submit(doc, 1, "甲小学"))
    assert outcomes.count(None) == 1
    assert all(isinstance(o, Refused) for o in outcomes if o is not None)
    assert [r.action for r in collection.reviews(doc)] == ["提交"]
    bureau.store.close()


def test_a_schools_document_for_a_term_is_one_however_many_tabs_open_it(store_url):
    bureau = make_bureau(store_url, ["甲小学"])
    collection = Collection(bureau.store)
    outcomes = at_once(6, lambda n: collection.document_for(bureau.units["甲小学"], TERM))
    assert len(set(outcomes)) == 1 and isinstance(outcomes[0], int)
    assert len(bureau.store.documents(bureau.units["甲小学"])) == 1
    bureau.store.close()


def test_the_board_in_one_query_for_many_schools(store_url):
    names = [f"第{n}小学" for n in range(1, 61)]
    bureau = make_bureau(store_url, names)
    store, collection = bureau.store, Collection(bureau.store)
    for n, name in enumerate(names[:45]):
        doc = collection.document_for(bureau.units[name], TERM)
        if n % 3:
            store.save(doc, Saved(f"学校: {name}\n", "保存", errors=n % 2, author=name), base=0)
        if n % 3 == 1 and n % 2 == 0:
            collection.submit(doc, 1, name)
    rows = collection.board(bureau.bureau_id, TERM)
    assert [r.school for r in rows] == names
    expected = []
    for n in range(60):
        if n >= 45 or n % 3 == 0:
            expected.append("未开始")
        elif n % 3 == 1 and n % 2 == 0:
            expected.append("已提交")
        else:
            expected.append("有错误" if n % 2 else "填写中")
    assert [r.state for r in rows] == expected
    texts, missing = collection.submitted(bureau.bureau_id, TERM)
    assert [t[0] for t in texts] == [names[n] for n in range(60) if expected[n] == "已提交"]
    assert missing == [names[n] for n in range(60) if expected[n] != "已提交"]
    store.close()
