"""The stores the tests run against: SQLite (a file) and PostgreSQL (a real server).

PostgreSQL: the URL in HOUQIN_TEST_POSTGRES (.ci/run starts a server for the whole run and
sets it), else a throwaway server started here by .ci/postgres from Debian's postgresql
binaries. Its tests are skipped only when PostgreSQL is not installed and CI is not set; in CI
a missing PostgreSQL fails them. Each test gets a database of its own.
"""
from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import ROOT

SCRIPT = ROOT / ".ci" / "postgres"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a database on a running PostgreSQL server, for making test databases."""
    url = os.environ.get("HOUQIN_TEST_POSTGRES")
    if url:
        yield url
        return
    folder = tempfile.mkdtemp(prefix="houqin-pg-")  # not under pytest's tmp: the postgres user must reach it
    run = subprocess.run(["bash", str(SCRIPT), "start", folder], capture_output=True, text=True)
    if run.returncode == 3 and os.environ.get("CI") != "true":
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql; .ci/run installs it, and CI=true requires it)")
    assert run.returncode == 0, run.stderr
    try:
        yield run.stdout.strip()
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", folder], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def fresh_postgres(server_url: str) -> str:
    """A new empty database on the server; its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"houqin_t{os.getpid()}_{next(_numbers)}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh store's URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'web.db'}"
    return fresh_postgres(request.getfixturevalue("postgres_server"))
