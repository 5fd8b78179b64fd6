"""Benchmark rows for the start-up and the scale: `houqin --help`, `check` of one file and the
warm render beside their anchors, and `compile` at 1,000, 10,000 (and, with
HOUQIN_BENCH_LARGE=1 or `make bench-large`, 100,000) generated schools, time and peak memory
per school, beside reading the same files with libyaml on both cores (the floor: what any
tool reading these files from Python on this machine pays before doing anything with them)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Reading the files with nothing but PyYAML (its C loader) in two processes, each taking every
# other file: the read floor on a 2-core machine.
YAML_BOTH = """
import os, sys, yaml
from pathlib import Path
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
paths = sorted(p for folder in sys.argv[1:] for p in Path(folder).rglob("*.yaml"))
half = os.fork()
n = 0
for path in paths[(0 if half else 1)::2]:
    n += len(yaml.load(path.read_bytes(), Loader=loader))
if half:
    os.waitpid(half, 0)
    print(n)
else:
    os._exit(0)
"""

# The interpreter alone: the floor of any Python command's start.
PYTHON_ONLY = "pass"

# Reading the one facts file with PyYAML, cold: the floor of `check` of one file.
YAML_ONE = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))"

SIZES = (1000, 10000) + ((100000,) if os.environ.get("HOUQIN_BENCH_LARGE") else ())


def warm(script: Path, sample: Path, docxtpl: bool = False) -> float:
    """The warm render's median (seconds) from bench/warm_render.py, run in its own process."""
    cmd = [sys.executable, str(script), str(sample)] + (["--docxtpl"] if docxtpl else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=script.parent.parent).stdout
    return float(out.strip()) / 1000


def per_school(seconds: float, peak: int, n: int) -> str:
    return f"{seconds / n * 1000:.2f} ms、{peak / n / 1024:.0f} KB / 所"
