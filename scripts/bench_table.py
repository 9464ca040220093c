#!/usr/bin/env python3
"""Turns a criterion run into the Markdown benchmark table.

Usage:
    rm -rf target/criterion
    cargo bench -p tzsafe-bench 2>&1 | tee bench.log
    python3 scripts/bench_table.py [--write] [--log bench.log]

With --log, the lines the printing benchmark `zones` wrote (first use of
zones, memory of all zones) become a second table.

Reads target/criterion/**/new/{benchmark,estimates}.json, prints the table, and
with --write puts it (with the machine it ran on) between the bench-table
markers of BENCHMARKS.md and README.md.

Benchmark ids are `area/operation/library`. Medians are per element when the
benchmark declares a throughput (a batch of N inputs per iteration), else per
iteration. The ratio compares each tzsafe row with the fastest other row of the
same area/operation: a peer library, or a `by_hand` baseline (the same work
written directly with chrono). Rows whose operation or library name contains
"floor" are references (the cost of the system call, of reading the bytes) and
never count. Only results from the latest run are read.
"""
import datetime
import json
import os
import pathlib
import platform
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRITERION = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "criterion"


# Results older than the newest by more than this are from another run.
SAME_RUN_SECONDS = 3 * 3600


def load():
    rows = []
    found = []
    for bench in CRITERION.glob("**/new/benchmark.json"):
        found.append((bench.stat().st_mtime, bench))
    newest = max((t for t, _ in found), default=0)
    stale = [b for t, b in found if t < newest - SAME_RUN_SECONDS]
    if stale:
        print(f"warning: ignoring {len(stale)} results from an earlier run "
              "(clear target/criterion before a full run)", file=sys.stderr)
    for mtime, bench in found:
        if mtime < newest - SAME_RUN_SECONDS:
            continue
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        median = estimates["median"]["point_estimate"]
        throughput = meta.get("throughput") or {}
        per = throughput.get("Elements") or throughput.get("Bytes") or 1
        parts = meta["full_id"].split("/")
        if len(parts) < 3:
            continue
        area, operation, library = parts[0], "/".join(parts[1:-1]), parts[-1]
        rows.append((area, operation, library, median / per))
    return sorted(rows), newest


def is_ours(library):
    return library.startswith("tzsafe")


def is_baseline(library):
    return library.startswith("by_hand")


def is_floor(operation, library):
    return "floor" in library or "floor" in operation


def fmt_ns(ns):
    return f"{ns:.1f}" if ns < 100 else f"{ns:.0f}"


def table(rows):
    groups = {}
    for area, operation, library, ns in rows:
        groups.setdefault((area, operation), []).append((library, ns))
    lines = [
        "| benchmark | library | median ns/op | vs fastest other |",
        "| --- | --- | ---: | ---: |",
    ]
    for (area, operation), libs in groups.items():
        peers = [ns for lib, ns in libs if not is_ours(lib) and not is_floor(operation, lib)]
        best = min(peers) if peers else None
        for library, ns in sorted(libs, key=lambda x: (not is_ours(x[0]), x[1])):
            if is_floor(operation, library):
                ratio = "floor"
            elif best is None:
                ratio = "no peer"
            elif is_ours(library):
                ratio = f"**{ns / best:.2f}x**"
            elif is_baseline(library):
                ratio = f"{ns / best:.2f}x (by hand)"
            else:
                ratio = f"{ns / best:.2f}x"
            lines.append(f"| {area}/{operation} | {library} | {fmt_ns(ns)} | {ratio} |")
    return "\n".join(lines)


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}, {rustc}"





def zone_rows(log):
    """The lines of the `zones` benchmark as a Markdown table, or None."""
    first = re.search(
        r"zones/first_use: tzsafe median ([\d.]+) us p99 ([\d.]+) us, "
        r"jiff median ([\d.]+) us p99 ([\d.]+) us, median ratio ([\d.]+)x", log)
    load = re.search(r"zones/load_all: tzsafe ([\d.]+) ms, jiff ([\d.]+) ms, ratio ([\d.]+)x", log)
    memory = re.search(r"zones/memory_all: tzsafe (\d+) KiB, jiff (\d+) KiB, ratio ([\d.]+)x", log)
    if not (first and load and memory):
        return None
    ours_median, ours_p99, theirs_median, theirs_p99, ratio = first.groups()
    count = re.search(r"ratio [\d.]+x \((\d+) zones", log)
    zones = count.group(1) if count else "all"
    rows = [
        f"| one-time cost ({zones} zones) | tzsafe | jiff | tzsafe / jiff |",
        "| --- | ---: | ---: | ---: |",
        f"| first use of a zone, median | {ours_median} µs | {theirs_median} µs | **{ratio}x** (median of per-zone ratios) |",
        f"| first use of a zone, p99 | {ours_p99} µs | {theirs_p99} µs | **{float(ours_p99) / float(theirs_p99):.2f}x** |",
        f"| first use of all {zones} zones | {load.group(1)} ms | {load.group(2)} ms | **{load.group(3)}x** |",
        f"| memory held, all {zones} zones loaded | {memory.group(1)} KiB | {memory.group(2)} KiB | **{memory.group(3)}x** |",
    ]
    return "\n".join(rows)



def main():
    rows, newest = load()
    if not rows:
        sys.exit(f"no criterion results under {CRITERION}: run `cargo bench` first")
    body = table(rows)
    stamp = datetime.date.fromtimestamp(newest).isoformat()
    where = f"Measured on {stamp} on {machine()}."
    print(where)
    if "--log" in sys.argv:
        log = pathlib.Path(sys.argv[sys.argv.index("--log") + 1]).read_text()
        zones = zone_rows(log)
        if zones is None:
            sys.exit("the log has no lines of the zones benchmark")
        body += "\n\n" + zones
    print(body)
    if "--write" not in sys.argv:
        return
    # Only the table between the markers: the rest of BENCHMARKS.md (the
    # goals, their paired benches, the notes) is written by hand.
    benchmarks = (ROOT / "BENCHMARKS.md").read_text()
    benchmarks = re.sub(
        r"<!-- bench-table:start -->.*?<!-- bench-table:end -->",
        lambda _: f"<!-- bench-table:start -->\n{where}\n\n{body}\n<!-- bench-table:end -->",
        benchmarks,
        flags=re.S,
    )
    (ROOT / "BENCHMARKS.md").write_text(benchmarks)
    readme = (ROOT / "README.md").read_text()
    block = (
        "<!-- bench-table:start -->\n"
        f"{where} Generated by `scripts/bench_table.py`; details in [BENCHMARKS.md](BENCHMARKS.md).\n\n"
        f"{body}\n"
        "<!-- bench-table:end -->"
    )
    readme = re.sub(
        r"<!-- bench-table:start -->.*?<!-- bench-table:end -->", lambda _: block, readme, flags=re.S
    )
    (ROOT / "README.md").write_text(readme)


if __name__ == "__main__":
    main()
