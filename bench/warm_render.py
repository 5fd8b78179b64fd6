"""Benchmark row: the warm render, a summary made again and again in one process (what a
browser's preview or download request pays once the server is warm), beside docxtpl doing
the same in its own warm process.

    python bench/warm_render.py samples/中南路小学.yaml            # houqin: median ms
    python bench/warm_render.py samples/中南路小学.yaml --docxtpl  # the anchor

houqin: the facts file read and validated, the summary's outline (report, template,
numbering) and the .docx bytes: pipeline.school.summary without the lint and the file
writing. docxtpl: yaml.safe_load, its context (bench/docxtpl_summary.py), render and save to
memory. Each is run a few times first (caches, imports), then timed; prints the median in ms.
"""
from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM_UP, RUNS = 5, 41


def houqin(source: Path):
    sys.path.insert(0, str(HERE.parent))
    from houqin_report.facts.load import load_facts
    from houqin_report.pipeline.emit import docx_bytes
    from houqin_report.pipeline.options import Options
    from houqin_report.pipeline.school import document_names, summary_text

    options = Options()

    def once() -> bytes:
        facts = load_facts(source)
        return docx_bytes(summary_text(facts, options), options, document_names(facts))
    return once


def docxtpl(source: Path):
    import yaml
    from docxtpl import DocxTemplate

    sys.path.insert(0, str(HERE))
    from docxtpl_summary import TEMPLATE, context

    def once() -> bytes:
        facts = yaml.safe_load(source.read_text(encoding="utf-8"))
        doc = DocxTemplate(str(TEMPLATE))
        doc.render(context(facts))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    return once


def main(argv: list[str]) -> int:
    source = Path(argv[0])
    once = (docxtpl if "--docxtpl" in argv else houqin)(source)
    for _ in range(WARM_UP):
        once()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    print(f"{statistics.median(times) * 1000:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
