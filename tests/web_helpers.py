"""Helpers for the web app's tests: the form as a browser would submit it, an app on a fresh
store, `houqin serve` as a real process, and Debian's chromium through Playwright."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT

try:  # the HTTP client of Starlette's TestClient (pyproject's test extra)
    import httpx2 as httpx  # noqa: F401 - used by the tests that import it from here
except ImportError:  # Python 3.10
    import httpx  # noqa: F401

BASE = "http://127.0.0.1:8765"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (apt-get install chromium; .ci/run installs it, and CI=true requires it)",
)


class _FormReader(HTMLParser):
    """The fields of one form as a browser submits them: in document order, not those inside
    a <template>, a select's selected option (or its first), a textarea's text."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.template = 0
        self.pairs: list[tuple[str, str]] = []
        self.select: dict | None = None  # name, options [(value, selected)]
        self.option: dict | None = None  # value attribute, selected, text
        self.textarea: list | None = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        elif not self.inside:
            return
        elif tag == "template":
            self.template += 1
        elif self.template:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "file"):
            self.pairs.append((a["name"], a.get("value") or ""))
        elif tag == "select" and a.get("name"):
            self.select = {"name": a["name"], "options": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "template":
            self.template -= 1
        elif self.template:
            return
        elif tag == "option" and self.option is not None:
            value = self.option["value"] if self.option["value"] is not None else self.option["text"].strip()
            self.select["options"].append((value, self.option["selected"]))
            self.option = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = next((v for v, selected in options if selected), options[0][0] if options else "")
            self.pairs.append((self.select["name"], chosen))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.pairs.append((name, text[1:] if text.startswith("\n") else text))  # HTML drops one leading newline
            self.textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if not self.inside or self.template:
            return
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.option is not None:
            self.option["text"] += data


def form_pairs(html: str, form_id: str = "facts-form") -> list[tuple[str, str]]:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.pairs


def csrf_of(html: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html).group(1)


def serve(db: Path, *extra: str, script: Path | None = None, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`houqin serve` on a free port of 127.0.0.1, as a process; (process, its address)."""
    command = [sys.executable, str(script or ROOT / "cli.py"), "serve", "--port", "0", "--db", str(db), "--no-browser", *extra]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    line = proc.stdout.readline()
    match = re.search(r"(http://\S+/)", line)
    if not match:
        proc.kill()
        raise AssertionError(f"houqin serve did not start: {line!r} {proc.stderr.read()}")
    return proc, match.group(1)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()


def wait_for(predicate, seconds: float = 20, step: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out")


def soffice_present() -> bool:
    return shutil.which("soffice") is not None
