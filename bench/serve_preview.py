"""Benchmark item 6: `houqin serve`, one save of a school's facts from the form with its check
and preview, warm (the server started and used a few times first), as a browser makes it: the
POST of the whole form and the page it is redirected to (form, messages, preview).

The form is what the editor shows for samples/中南路小学.yaml (forms.bind, the same fields a
browser submits), with 学生数 changed on every save so that each save is a new text, checked
and previewed anew. The anchor in the same run is the smallest request the server answers
(a static file): what HTTP and the framework cost before any of our work.
"""
from __future__ import annotations

import http.cookiejar
import re
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

WARM_UP = 3


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def _multipart(fields: dict[str, str], name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 "Content-Type: application/x-yaml\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def measure(houqin: list[str], sample: Path, folder: Path, runs: int, memory) -> dict:
    """Seconds of each timed save, of each static request, and the server's memory (memory(pid),
    in bytes) after the runs."""
    from houqin_report.web import core, forms
    from houqin_report.facts.read import parse_text

    proc = subprocess.Popen([*houqin, "serve", "--port", "0", "--db", str(folder / "web.db"), "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = re.search(r"(http://\S+/)", proc.stdout.readline()).group(1)
        web = _opener()
        token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', web.open(address).read().decode()).group(1)
        body, kind = _multipart({"_csrf": token}, "file", "sample.yaml", sample.read_bytes())
        answer = web.open(urllib.request.Request(address + "import", data=body, headers={"Content-Type": kind}))
        editor = answer.geturl().split("?")[0]
        view, _ = forms.bind(forms.form_spec(core.Facts), parse_text(sample.read_text(encoding="utf-8"), "x").data)
        pairs = [(v.name, v.value) for v in view.walk() if v.kind in ("input", "raw")]
        students = forms.input_name("v", ("概况", "学生数"))
        saves, statics = [], []
        for i in range(WARM_UP + runs):
            version = re.search(r'name="_base" value="(\d+)"', web.open(editor).read().decode()).group(1)
            fields = [("_csrf", token), ("_base", version)] + [(k, str(3000 + i) if k == students else v) for k, v in pairs]
            data = urllib.parse.urlencode(fields).encode()
            start = time.perf_counter()
            page = web.open(urllib.request.Request(editor, data=data)).read().decode()  # POST, 303, GET
            seconds = time.perf_counter() - start
            if "已保存为第" not in page or 'class="doc"' not in page:
                raise RuntimeError("houqin serve: the save did not give a page with its preview")
            start = time.perf_counter()
            web.open(address + "static/favicon.svg").read()
            static = time.perf_counter() - start
            if i >= WARM_UP:
                saves.append(seconds)
                statics.append(static)
        return {"save": saves, "static": statics, "peak": memory(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(30)
        proc.stdout.close()
