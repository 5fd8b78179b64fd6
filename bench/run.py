"""The benchmark: `make bench` (or `python bench/run.py`) prints a table of timings, each
beside its anchor measured in the same run.

    python bench/run.py            # medians of 5 runs (single file) and 3 runs (1,000 / 10,000 files)
    python bench/run.py --quick    # 3 and 1 runs, for a first look
    python bench/run.py --only summary,docxtpl

Every measurement is a whole process, started cold as a user would start it (`houqin summary …`),
timed by wall clock. Peak memory is measured in one more run, before the timed ones: the
largest total of the process tree. On Linux the command and its worker processes are sampled
every 50 ms and their proportional set sizes (PSS: pages shared between a parent and its
forked workers counted once) summed; elsewhere it is the kernel's maximum RSS of the command
and its waited-for children (wait4).

The data are generated once per seed by bench/generate.py (valid, varied facts files of one
bureau and one term) and kept in bench/out/ (not in git), so later runs start at once.

What is measured (targets are for a 2-core machine):
  1. `houqin summary` of samples/中南路小学.yaml                ≤ 1.0 × item 2
  2. the same summary with docxtpl (bench/docxtpl_summary.py) — the anchor for item 1
  1a. `houqin --help`                                            ≤ 50 ms (anchor: python -c pass)
  1b. `houqin check` of the same file                            ≤ 120 ms (anchor: PyYAML reading it)
  1c. the warm render in one process (bench/warm_render.py)      ≤ 12 ms (anchor: docxtpl, warm)
  3. `houqin summary` of 1,000 files in one call, --jobs 2       ≤ 20 s (anchors also: docxtpl on
     every one of the 1,000 files, one process)
  4. `houqin compile` of 1,000, 10,000 (and with HOUQIN_BENCH_LARGE=1, `make bench-large`,
     100,000) files, time and memory per school     ≤ 2.5 × the two-core libyaml read; ≤ 150 MB
     at 10,000, ≤ 250 MB at 100,000 (bench/scale.py)
  5. `houqin check` of 1,000 files                               ≤ 5 s
  6. `houqin check` of a folder of 1,000 documents (.docx)        ≤ 20 s
  7. `houqin serve`: a save from the form with its check and preview, warm (serve_preview.py)
                                                                 ≤ 200 ms
  8. a bureau's board of 2,000 schools, warm (serve_bureau.py)   ≤ 300 ms
  9. its one-click compile of 1,000 submitted schools            ≤ item 4 + the store read
Anchors for 3–5: the same files read by PyYAML alone (libyaml, nothing else), and for 3 the
time item 1 would take once per file on 2 cores. For 6: python-docx alone opening the same
documents and reading out every paragraph and cell (one process). For 7: the server's smallest
request (a static file) and the same outlines by the CLI (`summary --format md`, a cold process).
For 8: that server's static file; for 9: item 4 and the store's read of the 1,000 texts, both
in the same run (9 runs item 4 too when it is not asked for).

The 1,000 documents of item 6 are the summaries `houqin summary` writes for the 1,000 facts
files, every third one then edited as a hand-written copy would be: a 整改率 made 整改率为x%
(a placeholder, so the words are cut with jieba) and the heading 二、 made 三、 (a gap). They
are made once and kept in bench/out/ too.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import PYTHON_ONLY, SIZES, YAML_BOTH, YAML_ONE, per_school, warm  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
SAMPLE = REPO / "samples" / "中南路小学.yaml"
MB = 1024 * 1024
# The tool's cache (jieba's dictionary, compiled templates) kept apart for the benchmark: another
# install of the tool on the same machine (a second checkout's virtualenv) writes the same
# cache for its own jieba, and a run after it would time the rebuilding.
ENV = {**os.environ, "XDG_CACHE_HOME": str(OUT / "cache")}

# Reading the files with nothing but PyYAML (its C loader when present): the floor any tool
# reading these files from Python sits on.
YAML_ONLY = """
import sys, yaml
from pathlib import Path
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
n = 0
for folder in sys.argv[1:]:
    for path in sorted(Path(folder).rglob("*.yaml")):
        data = yaml.load(path.read_bytes(), Loader=loader)
        n += len(data)
print(n)
"""


# Opening the documents with nothing but python-docx and reading out all their text: the
# floor any checker of .docx files built on python-docx sits on.
DOCX_ONLY = """
import sys
from pathlib import Path
import docx
n = 0
for path in sorted(Path(sys.argv[1]).rglob("*.docx")):
    document = docx.Document(str(path))
    n += sum(len(p.text) for p in document.paragraphs)
    n += sum(len(cell.text) for table in document.tables for row in table.rows for cell in row.cells)
print(n)
"""


# --------------------------------------------------------------------------- measuring


@dataclass
class Sample:
    seconds: float
    peak: int  # bytes


def _tree(root: int) -> list[int]:
    """root and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()  # after "pid (comm) "
        children.setdefault(int(fields[1]), []).append(int(name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def _memory(pid: int) -> int:
    """The proportional set size of pid in bytes (its share of pages shared with other
    processes, so that a parent and its forked workers are not counted twice), or its
    resident set size where the kernel does not say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def measure(cmd: list[str], sample: bool = False, ok: tuple[int, ...] = (0,)) -> Sample:
    """Run cmd once: its wall time and peak memory (the kernel's maximum RSS of the command and
    its waited-for children; with sample, on Linux, the largest PSS total of its process tree,
    sampled every 50 ms). Raises when it fails (an exit code not in ok: `check` exits 1 when
    it finds errors, which is what it is for)."""
    sampled = [0]
    done = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)

    def watch() -> None:
        while not done.wait(0.05):
            try:
                sampled[0] = max(sampled[0], sum(_memory(pid) for pid in _tree(proc.pid)))
            except (OSError, ValueError, IndexError):
                pass

    watcher = None
    if sample and sys.platform.startswith("linux") and os.path.isdir("/proc"):
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    stderr = proc.stderr.read()
    peak = 0
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    else:  # pragma: no cover - Windows: wall time only
        proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    if watcher is not None:
        watcher.join()
    proc.stderr.close()
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(map(str, cmd[:4]))} … failed ({proc.returncode}):\n{stderr.decode('utf-8', 'replace')[-2000:]}")
    return Sample(seconds, sampled[0] or peak)


@dataclass
class Result:
    key: str
    label: str
    samples: list[Sample] = field(default_factory=list)
    peak: int = 0  # bytes, from the run sampled for memory

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)


def repeat(key: str, label: str, cmd: list[str], runs: int, warmup: bool = False, before=None, ok: tuple[int, ...] = (0,)) -> Result:
    """cmd run `runs` times for the time, and once more (first, untimed) for the memory: the
    sampling of memory takes some CPU, and the timed runs are left alone. With warmup, one run
    before all (a first run builds the caches in ~/.cache/houqin-report). `before` is called
    before each run."""
    result = Result(key, label)
    if warmup:
        if before:
            before()
        measure(cmd, ok=ok)
    if before:
        before()
    result.peak = measure(cmd, sample=True, ok=ok).peak
    for _ in range(runs):
        if before:
            before()
        result.samples.append(measure(cmd, ok=ok))
    print(f"  {label}: {fmt_s(result.median)}（{runs} 次，峰值 {fmt_mb(result.peak)}）", file=sys.stderr, flush=True)
    return result


# --------------------------------------------------------------------------- data


def dataset(n: int, seed: int) -> Path:
    """n generated facts files for seed, generated once and kept under bench/out/."""
    folder = OUT / f"data-{n}-seed{seed}"
    marker = folder / ".complete"
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == f"{n} {seed}":
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    print(f"生成 {n} 个事实文件（seed={seed}）到 {folder.relative_to(REPO)} …", file=sys.stderr, flush=True)
    sys.path.insert(0, str(HERE))
    from generate import generate

    tmp = folder.with_name(folder.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    generate(n, tmp, seed)
    tmp.rename(folder)
    marker.write_text(f"{n} {seed}\n", encoding="utf-8")
    return folder


def documents(n: int, seed: int, houqin: list[str]) -> Path:
    """n summaries written by houqin for dataset(n, seed), every third edited as a
    hand-written copy (see the module's docstring); made once, kept under bench/out/."""
    folder = OUT / f"docs-{n}-seed{seed}"
    marker = folder / ".complete"
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == f"{n} {seed}":
        return folder
    data = dataset(n, seed)
    print(f"生成 {n} 份文档到 {folder.relative_to(REPO)} …", file=sys.stderr, flush=True)
    tmp = folder.with_name(folder.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    subprocess.run([*houqin, "-q", "summary", *facts_files(data), "-o", str(tmp), "--force"], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import re

    import docx

    for path in sorted(tmp.glob("*.docx"))[::3]:
        document = docx.Document(str(path))
        for p in document.paragraphs:
            for run in p.runs:
                run.text = re.sub(r"整改率为[\d.]+%", "整改率为x%", run.text)
                if run.text.startswith("二、"):
                    run.text = "三、" + run.text[2:]
        document.save(str(path))
    if folder.exists():
        shutil.rmtree(folder)
    tmp.rename(folder)
    marker.write_text(f"{n} {seed}\n", encoding="utf-8")
    return folder


def facts_files(folder: Path) -> list[str]:
    return [str(p) for p in sorted(folder.rglob("*.yaml"))]


# --------------------------------------------------------------------------- table


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_mb(peak: int) -> str:
    return f"{peak / MB:.0f} MB" if peak else "—"


def precompile() -> None:
    """Write the package's .pyc files, as installing it does. An editable install leaves that to
    the first run, which cannot when PYTHONDONTWRITEBYTECODE is set: then every run would
    compile the package's sources again (about 45 ms)."""
    import compileall

    compileall.compile_dir(str(REPO / "houqin_report"), quiet=1)


def houqin_command() -> list[str]:
    script = Path(sys.executable).with_name("houqin.exe" if os.name == "nt" else "houqin")
    return [str(script)] if script.is_file() else [sys.executable, str(REPO / "cli.py")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="houqin-report 的基准测试：打印各项的中位数、峰值内存、目标与对照。")
    parser.add_argument("--quick", action="store_true", help="少跑几次（单文件 3 次，其余 1 次），先看个大概")
    parser.add_argument("--seed", type=int, default=1, help="生成数据的随机种子（默认 1）")
    parser.add_argument("--only", help="只跑这几项，逗号分隔：summary,docxtpl,help,check1,warm,batch,compile1000,compile10000,compile100000（另需 HOUQIN_BENCH_LARGE=1）,check,doccheck,serve,bureau")
    parser.add_argument("--markdown", action="store_true", help="按 Markdown 表格打印（供 README）")
    args = parser.parse_args(argv)
    fast, big = (3, 1) if args.quick else (5, 3)
    only = set(args.only.split(",")) if args.only else None

    def wanted(key: str) -> bool:
        return only is None or key in only

    houqin = houqin_command()
    precompile()
    OUT.mkdir(exist_ok=True)
    results: dict[str, Result] = {}
    anchors: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="bench-", dir=OUT) as tmp_name:
        tmp = Path(tmp_name)
        if wanted("summary") or wanted("docxtpl"):
            print("单个文件（冷启动的整个进程）：", file=sys.stderr)
            results["summary"] = repeat("summary", "houqin summary", [*houqin, "summary", str(SAMPLE), "-o", str(tmp / "总结.docx")], fast, warmup=True)
            results["docxtpl"] = repeat("docxtpl", "docxtpl", [sys.executable, str(HERE / "docxtpl_summary.py"), str(SAMPLE), str(tmp / "docxtpl.docx")], fast, warmup=True)
        if wanted("help"):
            results["help"] = repeat("help", "houqin --help", [*houqin, "--help"], fast * 2, warmup=True)
            anchors["python"] = repeat("python", "python -c pass", [sys.executable, "-c", PYTHON_ONLY], fast * 2, warmup=True)
        if wanted("check1"):
            results["check1"] = repeat("check1", "houqin check（1 个文件）", [*houqin, "check", str(SAMPLE)], fast * 2, warmup=True, ok=(0, 1))
            anchors["yaml_one"] = repeat("yaml_one", "PyYAML 读取同一文件", [sys.executable, "-c", YAML_ONE, str(SAMPLE)], fast * 2, warmup=True)
        if wanted("warm"):
            results["warm"] = Result("warm", "热渲染", [Sample(warm(HERE / "warm_render.py", SAMPLE), 0)])
            anchors["docxtpl_warm"] = Result("docxtpl_warm", "docxtpl 热渲染", [Sample(warm(HERE / "warm_render.py", SAMPLE, True), 0)])
            print(f"  热渲染: {fmt_ms(results['warm'].median)}；docxtpl: {fmt_ms(anchors['docxtpl_warm'].median)}", file=sys.stderr, flush=True)
        need_1000 = any(wanted(k) for k in ("batch", "compile1000", "check", "bureau"))
        if need_1000:
            data = dataset(1000, args.seed)
            files = facts_files(data)
            print("1,000 个文件：", file=sys.stderr)
            anchors["yaml1000"] = repeat("yaml1000", "PyYAML（libyaml）只读取 1,000 个文件", [sys.executable, "-c", YAML_ONLY, str(data)], big)
            anchors["yaml2_1000"] = repeat("yaml2_1000", "PyYAML（libyaml）两核读取 1,000 个文件", [sys.executable, "-c", YAML_BOTH, str(data)], big)
            # docxtpl on every generated file: an anchor has to run on all the tool is fed.
            anchors["docxtpl_all"] = repeat("docxtpl_all", "docxtpl 逐个生成 1,000 份总结（单进程）",
                                            [sys.executable, str(HERE / "docxtpl_summary.py"), "--all", str(data), str(tmp / "docxtpl-all")], 1)
            if wanted("batch"):
                out = tmp / "batch"

                def clean() -> None:
                    shutil.rmtree(out, ignore_errors=True)

                results["batch"] = repeat("batch", "houqin summary ×1000 --jobs 2", [*houqin, "-q", "summary", *files, "-o", str(out), "--jobs", "2"], big, before=clean)
            if wanted("compile1000") or wanted("bureau"):  # the anchor of item 9
                results["compile1000"] = repeat("compile1000", "houqin compile 1,000", [*houqin, "-q", "compile", str(data), "-o", str(tmp / "报告.docx"), "--xlsx", str(tmp / "汇总.xlsx")], big)
            if wanted("check"):
                results["check"] = repeat("check", "houqin check 1,000", [*houqin, "-q", "check", *files], big)
        if wanted("doccheck"):
            docs = documents(1000, args.seed, houqin)
            print("1,000 份文档：", file=sys.stderr)
            anchors["docx1000"] = repeat("docx1000", "python-docx 只读出 1,000 份文档的文字", [sys.executable, "-c", DOCX_ONLY, str(docs)], big)
            results["doccheck"] = repeat("doccheck", "houqin check 1,000 份文档", [*houqin, "-q", "check", str(docs)], big, ok=(0, 1))
        for n in SIZES[1:]:
            if not wanted(f"compile{n}"):
                continue
            data = dataset(n, args.seed)
            runs = big if n <= 10000 else 1
            print(f"{n:,} 个文件：", file=sys.stderr)
            anchors[f"yaml2_{n}"] = repeat(f"yaml2_{n}", f"PyYAML（libyaml）两核读取 {n:,} 个文件", [sys.executable, "-c", YAML_BOTH, str(data)], runs)
            results[f"compile{n}"] = repeat(f"compile{n}", f"houqin compile {n:,}", [*houqin, "-q", "compile", str(data), "-o", str(tmp / "报告.docx"), "--xlsx", str(tmp / "汇总.xlsx")], runs)

        if wanted("serve"):
            print("houqin serve（预热后的一次保存）：", file=sys.stderr)
            results["serve"], anchors["static"] = serve_preview(houqin, tmp, 20 if not args.quick else 10)
            anchors["md"] = repeat("md", "houqin summary --format md", [*houqin, "summary", str(SAMPLE), "--format", "md"], fast, warmup=True)

        if wanted("bureau"):
            print("houqin serve，教育局（2,000 所学校）：", file=sys.stderr)
            results["board"], anchors["board_static"], results["bureau_compile"], anchors["store_read"] = serve_bureau(
                houqin, tmp, files, 20 if not args.quick else 5, big)

    rows = table(results, anchors)
    print()
    print(render(rows, markdown=args.markdown))
    if hasattr(os, "getloadavg"):  # other work on the machine shows in the figures
        print(f"\n{os.cpu_count()} 核；结束时的平均负载 {os.getloadavg()[0]:.2f}（1 分钟）")
    missed = [r[0] for r in rows if r[5].startswith("否")]
    if missed:
        print(f"\n未达标：{'；'.join(missed)}")
    return 0


def serve_preview(houqin: list[str], tmp: Path, runs: int) -> tuple[Result, Result]:
    sys.path.insert(0, str(HERE))
    from serve_preview import measure as measure_serve

    folder = tmp / "serve"
    folder.mkdir()
    got = measure_serve(houqin, SAMPLE, folder, runs, _memory)
    save = Result("serve", "houqin serve 保存并预览", [Sample(s, 0) for s in got["save"]], got["peak"])
    static = Result("static", "houqin serve 静态文件", [Sample(s, 0) for s in got["static"]])
    print(f"  {save.label}: {fmt_ms(save.median)}（{runs} 次，服务进程 {fmt_mb(save.peak)}）；{static.label}: {fmt_ms(static.median)}", file=sys.stderr, flush=True)
    return save, static


def serve_bureau(houqin: list[str], tmp: Path, files: list[str], runs: int, compile_runs: int):
    sys.path.insert(0, str(HERE))
    from serve_bureau import measure as measure_bureau

    folder = tmp / "bureau"
    folder.mkdir()
    got = measure_bureau(houqin, [Path(f) for f in files], folder, runs, compile_runs, _memory)
    board = Result("board", "教育局征集情况（2,000 所）", [Sample(s, 0) for s in got["board"]], got["peak"])
    static = Result("board_static", "同一服务的静态文件", [Sample(s, 0) for s in got["static"]])
    compiled = Result("bureau_compile", "一键汇总 1,000 所", [Sample(s, 0) for s in got["compile"]], got["peak"])
    read = Result("store_read", "读出 1,000 所已提交的事实", [Sample(got["read"], 0)])
    print(f"  {board.label}: {fmt_ms(board.median)}；{compiled.label}: {fmt_s(compiled.median)}；{read.label}: {fmt_ms(read.median)}",
          file=sys.stderr, flush=True)
    return board, static, compiled, read


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def table(results: dict[str, Result], anchors: dict[str, Result]) -> list[tuple[str, ...]]:
    """Rows: 项目, 中位数, 峰值内存, 目标, 锚点/对照, 是否达标."""
    rows = []

    def yes(ok: bool) -> str:
        return "是" if ok else "否"

    s, d = results.get("summary"), results.get("docxtpl")
    if s:
        anchor, verdict = "—", "—"
        if d:
            ratio = s.median / d.median
            anchor = f"docxtpl {fmt_s(d.median)}（{ratio:.2f}×）"
            verdict = yes(ratio <= 1.0)
        rows.append(("1. houqin summary（1 所学校，冷启动）", fmt_s(s.median), fmt_mb(s.peak), "≤ 1.0× docxtpl", anchor, verdict))
    if d:
        rows.append(("2. docxtpl 生成同一份总结（对照）", fmt_s(d.median), fmt_mb(d.peak), "—", "即 1 的锚点", "—"))
    h, py = results.get("help"), anchors.get("python")
    if h:
        rows.append(("1a. houqin --help", fmt_ms(h.median), fmt_mb(h.peak), "≤ 50 ms", f"python -c pass {fmt_ms(py.median)}" if py else "—", yes(h.median <= 0.05)))
    c, y = results.get("check1"), anchors.get("yaml_one")
    if c:
        rows.append(("1b. houqin check（1 个文件，冷启动）", fmt_ms(c.median), fmt_mb(c.peak), "≤ 120 ms", f"PyYAML 读取同一文件 {fmt_ms(y.median)}" if y else "—", yes(c.median <= 0.12)))
    w, wd = results.get("warm"), anchors.get("docxtpl_warm")
    if w:
        rows.append(("1c. 热渲染一份总结（同一进程，读取+大纲+.docx）", fmt_ms(w.median), "—", "≤ 12 ms", f"docxtpl 热渲染 {fmt_ms(wd.median)}" if wd else "—", yes(w.median <= 0.012)))
    y1 = anchors.get("yaml1000")
    yaml1 = f"PyYAML（libyaml）只读取 {fmt_s(y1.median)}" if y1 else "—"
    b = results.get("batch")
    if b:
        anchor = yaml1
        if s:
            anchor = f"逐个调用 1 × 1000 ÷ 2 核 ≈ {fmt_s(s.median * 1000 / 2)}"
        da = anchors.get("docxtpl_all")
        if da:
            anchor += f"；docxtpl 单进程逐个生成 {fmt_s(da.median)}"
        rows.append(("3. houqin summary 1,000 所（一次调用，--jobs 2）", fmt_s(b.median), fmt_mb(b.peak), "≤ 20 s", anchor, yes(b.median <= 20)))
    for n in (1000, 10000, 100000):
        r, floor = results.get(f"compile{n}"), anchors.get(f"yaml2_{n}")
        if not r:
            continue
        memory = {10000: 150, 100000: 250}.get(n)
        target = "≤ 2.5× 两核读取" + (f"，≤ {memory} MB" if memory else "")
        anchor, ok = per_school(r.median, r.peak, n), True
        if floor:
            ratio = r.median / floor.median
            anchor = f"两核读取 {fmt_s(floor.median)}、{fmt_mb(floor.peak)}（{ratio:.1f}×）；{anchor}"
            ok = ratio <= 2.5
        if memory:
            ok = ok and r.peak <= memory * MB
        rows.append((f"4. houqin compile {n:,} 所（.docx + .xlsx）", fmt_s(r.median), fmt_mb(r.peak), target, anchor, yes(ok)))
    c1 = results.get("compile1000")
    k = results.get("check")
    if k:
        rows.append(("5. houqin check 1,000 个文件", fmt_s(k.median), fmt_mb(k.peak), "≤ 5 s", yaml1, yes(k.median <= 5)))
    dc, dx = results.get("doccheck"), anchors.get("docx1000")
    if dc:
        anchor = f"python-docx 只读出文字 {fmt_s(dx.median)}（单进程）" if dx else "—"
        rows.append(("6. houqin check 1,000 份文档（.docx，文件夹）", fmt_s(dc.median), fmt_mb(dc.peak), "≤ 20 s", anchor, yes(dc.median <= 20)))
    w = results.get("serve")
    if w:
        st, md = anchors.get("static"), anchors.get("md")
        anchor = "；".join(part for part in (st and f"同一服务的静态文件 {fmt_ms(st.median)}", md and f"CLI summary --format md 冷启动 {fmt_s(md.median)}") if part)
        rows.append(("7. houqin serve 保存后检查与预览（热，一次保存）", fmt_ms(w.median), fmt_mb(w.peak), "≤ 200 ms", anchor or "—", yes(w.median <= 0.2)))
    board, bc, read = results.get("board"), results.get("bureau_compile"), anchors.get("store_read")
    if board:
        st = anchors.get("board_static")
        rows.append(("8. 教育局征集情况页（2,000 所学校，热）", fmt_ms(board.median), fmt_mb(board.peak), "≤ 300 ms",
                     f"同一服务的静态文件 {fmt_ms(st.median)}" if st else "—", yes(board.median <= 0.3)))
    if bc and c1 and read:
        bound = c1.median + read.median
        rows.append(("9. 一键汇总 1,000 所已提交的学校（.docx + .xlsx，热）", fmt_s(bc.median), fmt_mb(bc.peak),
                     f"≤ 4 + 读库 = {fmt_s(bound)}", f"4 为 {fmt_s(c1.median)}；读出 1,000 所的事实 {fmt_ms(read.median)}",
                     yes(bc.median <= bound)))
    return rows


HEADER = ("项目", "中位数", "峰值内存", "目标", "锚点/对照", "是否达标")


def render(rows: list[tuple[str, ...]], markdown: bool = False) -> str:
    if markdown:
        lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    widths = [max(width(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    out = []
    for n, r in enumerate([HEADER, *rows]):
        out.append(" | ".join(cell + " " * (w - width(cell)) for cell, w in zip(r, widths)).rstrip())
        if n == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
