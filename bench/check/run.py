#!/usr/bin/python3
"""bench/check: how `gapwatch check` scales with the store (scripts/bench --only check).

What it measures
    For each size N (default 10,000, 100,000 and 1,000,000 notices) a store is
    written straight by bench/check/check_store_generator (no crawl: projects
    across the four sites, ~5 % of notices without a usable project code, dates
    2018-2026, deterministic from --seed), then `gapwatch check --db DB --as-of
    2025-12-31` runs under GNU `/usr/bin/time -v`: wall seconds and peak RSS.
    "vs n log n" is (seconds / (N log N)) over the same at the smallest N: about
    1 or below means no worse than n log n. Targets at 1,000,000 notices: at
    most 10 s and 1 GiB.
    The incremental case: after that check, a later cycle adds --add notices
    (default 1,000, published in December 2025, some closing open chains) and
    a second check is timed: gapwatch checks incrementally (what changed since
    the last check; the `check:` line says which ran). A full check of the same
    store (`check --full`, on a copy) is timed beside it: the ratio is the
    incremental check's wall (and CPU) time over the full one's.

Usage
    bench/check/run.py [--gapwatch build/gapwatch] [--generator build/bench/check_store_generator]
                       [--sizes 10000,100000,1000000] [--seed 1] [--add 1000] [--as-of 2025-12-31]
                       [--workdir DIR] [--json FILE] [--keep]
    Prints a Markdown table on stdout, progress on stderr. Stores are deleted
    after each size unless --keep (1,000,000 notices take about 1.7 GB).
"""

import argparse
import contextlib
import json
import math
import os
import re
import sqlite3
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib  # noqa: E402

TARGET_SECONDS = 10.0
TARGET_RSS_MIB = 1024.0


def check_counts(path):
    """(projects, findings, mode) from `check: P projects, F findings as of D (MODE: …)`."""
    with open(path, errors="replace") as f:
        match = re.search(r"check: (\d+) projects, (\d+) findings as of \S+ \((\w+) check", f.read())
    return (int(match.group(1)), int(match.group(2)), match.group(3)) if match else (None, None, None)


def copy_store(db, copy):
    """A consistent copy of a store in WAL mode (a file copy would miss what its -wal file still holds)."""
    with contextlib.closing(sqlite3.connect(db)) as source, contextlib.closing(sqlite3.connect(copy)) as target:
        source.backup(target)


def check_steps(db):
    """Wall seconds of the last check's steps, as it recorded them (runs.summary "seconds")."""
    with contextlib.closing(sqlite3.connect(db)) as connection:  # open, it would keep the next writer's WAL
        row = connection.execute("SELECT summary FROM runs WHERE command = 'check' ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(row[0]).get("seconds", {}) if row else {}


def run_size(args, work, size):
    db = os.path.join(benchlib.fresh_store(os.path.join(work, f"n-{size}")))
    prefix = os.path.join(work, f"n-{size}")
    benchlib.say(f"bench/check: {size} notices: generating")
    generate = benchlib.timed([args.generator, "--notices", str(size), "--seed", str(args.seed), "--db", db],
                              prefix + "-generate.out")
    if generate["exit"] != 0:
        raise SystemExit(f"bench/check: generator failed: {benchlib.tail(prefix + '-generate.out.err')}")
    run = {"notices": size, "generate": generate, "store_bytes": os.path.getsize(db)}
    benchlib.say(f"bench/check: {size} notices: gapwatch check")
    check_command = [args.gapwatch, "check", "--db", db, "--as-of", args.as_of]
    full = benchlib.timed(check_command, prefix + "-check.out")
    full["projects"], full["findings"], full["mode"] = check_counts(prefix + "-check.out")
    if full["exit"] != 0:
        raise SystemExit(f"bench/check: check failed: {benchlib.tail(prefix + '-check.out.err')}")
    full["steps"] = check_steps(db)
    run["check"] = full
    if args.add > 0:
        benchlib.say(f"bench/check: {size} notices: a later cycle adds {args.add}, gapwatch check again")
        added = benchlib.timed([args.generator, "--notices", str(size), "--seed", str(args.seed), "--db", db,
                                "--add", str(args.add)], prefix + "-add.out")
        if added["exit"] != 0:
            raise SystemExit(f"bench/check: generator --add failed: {benchlib.tail(prefix + '-add.out.err')}")
        copy = db + ".full"
        copy_store(db, copy)
        again = benchlib.timed(check_command, prefix + "-recheck.out")
        again["projects"], again["findings"], again["mode"] = check_counts(prefix + "-recheck.out")
        again["steps"] = check_steps(db)
        run["recheck"] = again
        benchlib.say(f"bench/check: {size} notices: gapwatch check --full of the same store")
        whole = benchlib.timed([args.gapwatch, "check", "--db", copy, "--as-of", args.as_of, "--full"],
                               prefix + "-recheck-full.out")
        whole["projects"], whole["findings"], whole["mode"] = check_counts(prefix + "-recheck-full.out")
        run["recheck_full"] = whole
        os.remove(copy)
        if again["findings"] != whole["findings"]:
            raise SystemExit(f"bench/check: {size} notices: the incremental check counts {again['findings']} "
                             f"findings, the full one {whole['findings']}")
    if not args.keep:
        benchlib.fresh_store(os.path.join(work, f"n-{size}"))
    return run


def render(result):
    runs = result["runs"]
    base = runs[0]
    # Relative to n log n at the smallest size: by wall time, and by CPU time (steadier on a shared machine).
    def vs_n_log_n(run, key):
        base_rate = base["check"][key] / (base["notices"] * math.log(base["notices"]))
        return run["check"][key] / (run["notices"] * math.log(run["notices"])) / base_rate

    rows = []
    for run in runs:
        n, check = run["notices"], run["check"]
        recheck, whole = run.get("recheck"), run.get("recheck_full")
        rows.append([f"{n:,}", f"{check['wall_s']:.2f}", f"{check['cpu_s']:.2f}",
                     f"{check['max_rss_kb'] / 1024:.0f}",
                     f"{vs_n_log_n(run, 'wall_s'):.2f} / {vs_n_log_n(run, 'cpu_s'):.2f}", f"{check['projects']:,}",
                     f"{check['findings']:,}",
                     f"{recheck['mode']} {recheck['wall_s']:.2f} / {recheck['cpu_s']:.2f}" if recheck else "-",
                     f"{whole['wall_s']:.2f} / {whole['cpu_s']:.2f}" if whole else "-",
                     f"{recheck['wall_s'] / whole['wall_s']:.2f}x / {recheck['cpu_s'] / whole['cpu_s']:.2f}x"
                     if whole else "-",
                     f"{run['generate']['wall_s']:.1f}", f"{run['store_bytes'] / 2**20:.0f}"])
    header = ["notices", "check s", "CPU s", "peak RSS MiB", "vs n log n (wall / CPU)", "projects", "findings",
              f"recheck after +{result['add']:,} s (wall / CPU)", "check --full of it s", "ratio (wall / CPU)",
              "generate s", "store MiB"]
    lines = [benchlib.table(header, rows), ""]
    # Where each check's time went, as it recorded it; steps on the side threads
    # (histories, projects) overlap the main thread's and do not add up to the total.
    timed = [(run["notices"], name, run[key]["steps"]) for run in runs
             for name, key in (("first", "check"), ("incremental", "recheck")) if run.get(key, {}).get("steps")]
    if timed:
        names = sorted({step for _, _, steps in timed for step in steps if step != "total"}) + ["total"]
        step_rows = [[f"{n:,}", name] + [f"{steps[step]:.2f}" if step in steps else "-" for step in names]
                     for n, name, steps in timed]
        lines += ["Where the time went (wall s per step, from the check's run summary; the histories are read "
                  "beside the main thread, and a full check writes the projects beside its checks):", "",
                  benchlib.table(["notices", "check"] + names, step_rows), ""]
    largest = runs[-1]
    seconds, rss = largest["check"]["wall_s"], largest["check"]["max_rss_kb"] / 1024
    lines.append(f"Targets at 1,000,000 notices: ≤ {TARGET_SECONDS:.0f} s, ≤ {TARGET_RSS_MIB:.0f} MiB. "
                 f"At {largest['notices']:,} notices: {seconds:.1f} s (target ≤ {TARGET_SECONDS:.0f} s) "
                 f"{'met' if seconds <= TARGET_SECONDS else 'NOT met'}; peak {rss:.0f} MiB "
                 f"(target ≤ {TARGET_RSS_MIB:.0f} MiB) {'met' if rss <= TARGET_RSS_MIB else 'NOT met'}. "
                 "The recheck is incremental (what the added cycle changed); the ratio compares it with a "
                 "full check of the same store.")
    lines.append(f"Seed {result['seed']}, as of {result['as_of']}; load average before "
                 f"{', '.join(str(x) for x in result['load_before'])} on {result['machine']['nproc']} cores.")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="gapwatch check against stores of 10^4..10^6 notices")
    parser.add_argument("--gapwatch", default=os.path.join(benchlib.REPO, "build", "gapwatch"))
    parser.add_argument("--generator")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--as-of", default="2025-12-31")
    parser.add_argument("--workdir")
    parser.add_argument("--json")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    args.generator = args.generator or os.path.join(os.path.dirname(args.gapwatch), "bench", "check_store_generator")
    if not os.access(args.generator, os.X_OK):
        raise SystemExit(f"bench/check: {args.generator} not built (build the check_store_generator target)")

    work = benchlib.workdir(args.workdir, "gapwatch-bench-check-")
    sizes = [int(s) for s in args.sizes.split(",")]
    result = {"benchmark": "check", "command": benchlib.invocation(), "machine": benchlib.machine(),
              "gapwatch": benchlib.gapwatch_version(args.gapwatch), "seed": args.seed, "as_of": args.as_of,
              "add": args.add, "workdir": work, "load_before": benchlib.load_average(), "runs": []}
    for size in sizes:
        result["runs"].append(run_size(args, work, size))
        benchlib.write_json(args.json, result)
    print(render(result))


if __name__ == "__main__":
    main()
