"""bench/benchlib.py: what the benchmark scripts share (bench/crawl, bench/incremental, bench/memory).

- Sim: starts `gapwatch sim` on loopback, reads its announce lines, reports its
  CPU seconds (/proc/PID/stat) and peak RSS, reads its request log (--log), stops it.
- timed(): runs a client under GNU `/usr/bin/time -v`: wall, user+sys CPU, max RSS, exit status.
- ConnectionCounter: the most connections a client holds open to the simulator at once.
- machine(): what the figures were measured on (CPU, cores, memory, OS, load, source revision).
- Results are plain dicts, written as JSON (write_json) for bench/report.

Plain standard library, for Debian's /usr/bin/python3. Nothing here writes
into the repository: every file goes under the work directory the caller gives.
"""

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

LIST_PATH = "/gpcms/rest/web/v2/info/selectInfoForIndex"
DETAIL_PATH = "/gpcms/rest/web/v2/info/getInfoById"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def say(*parts):
    print(*parts, file=sys.stderr, flush=True)


class Sim:
    """`gapwatch sim` running in the background; use as a context manager."""

    def __init__(self, gapwatch, workdir, scale, as_of, seed=1, log=None, cache_mib=None, name="sim"):
        self.log, self.scale, self.as_of = log, scale, as_of
        self.command = [gapwatch, "sim", "--seed", str(seed), "--scale", str(scale), "--as-of", as_of]
        if log:
            self.command += ["--log", log]
        env = dict(os.environ)
        if cache_mib is not None:
            env["GAPWATCH_SIM_CACHE_MIB"] = str(cache_mib)
        self.cache_mib = cache_mib
        self.stderr_path = os.path.join(workdir, name + ".err")
        started = time.monotonic()
        with open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=stderr, env=env, text=True)
        # One NAME=BASE_URL line per site, printed once every port listens.
        self.sites = {}
        while "procurement" not in self.sites:
            line = self.process.stdout.readline()
            if not line:
                self.process.wait()
                raise RuntimeError(f"gapwatch sim exited ({self.process.returncode}): {self.stderr()}")
            name, _, url = line.strip().partition("=")
            self.sites[name] = url
        self.startup_s = time.monotonic() - started
        self.procurement = self.sites["procurement"]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stderr(self):
        with open(self.stderr_path, errors="replace") as f:
            return f.read().strip()

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14 and 15)

    def memory_kb(self):
        """(current RSS, peak RSS) in KiB."""
        values = {}
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
        return values.get("VmRSS", 0), values.get("VmHWM", 0)

    def log_position(self):
        """Lines in the request log so far: a mark to read the requests after it."""
        if not self.log or not os.path.exists(self.log):
            return 0
        with open(self.log, "rb") as f:
            return sum(1 for _ in f)

    def requests_since(self, position):
        """The requests logged after `position` (a log_position()), as dicts."""
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for index, line in enumerate(f) if index >= position]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class ConnectionCounter:
    """While in its `with` block, samples /proc/net/tcp{,6} every `interval` seconds: the
    most established client connections to `port` seen at once (a client's concurrency)."""

    def __init__(self, port, interval=0.05):
        self.port, self.interval, self.max = f"{port:04X}", interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def count(self):
        connections = 0
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                with open(table) as f:
                    next(f)
                    for line in f:
                        fields = line.split()
                        # remote address ends in the server's port; state 01 is ESTABLISHED
                        connections += fields[2].endswith(":" + self.port) and fields[3] == "01"
            except OSError:
                pass
        return connections

    def _run(self):
        while not self._stop.is_set():
            self.max = max(self.max, self.count())
            self._stop.wait(self.interval)


def port_of(url):
    return urllib.parse.urlsplit(url).port


def classify(requests):
    """Counts of a run's requests by kind: list, detail, robots, other; plus non-200 answers."""
    counts = {"requests": len(requests), "list": 0, "detail": 0, "robots": 0, "other": 0, "not_200": 0}
    for request in requests:
        path = request["path"]
        if path.startswith(LIST_PATH):
            counts["list"] += 1
        elif path.startswith(DETAIL_PATH):
            counts["detail"] += 1
        elif path == "/robots.txt":
            counts["robots"] += 1
        else:
            counts["other"] += 1
        counts["not_200"] += request["status"] != 200
    return counts


TIME_FIELDS = {
    "User time (seconds)": "user_s",
    "System time (seconds)": "sys_s",
    "Maximum resident set size (kbytes)": "max_rss_kb",
    "Exit status": "exit",
}


def timed(command, stdout_path, env=None, cwd=None):
    """Runs `command` under GNU time -v; its stdout goes to stdout_path, its stderr
    to stdout_path + ".err". Returns wall_s, user_s, sys_s, cpu_s, max_rss_kb, exit."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as report:
        report_path = report.name
    started = time.monotonic()
    with open(stdout_path, "wb") as out, open(stdout_path + ".err", "wb") as err:
        subprocess.run(["/usr/bin/time", "-v", "-o", report_path] + command, stdout=out, stderr=err, env=env,
                       cwd=cwd, check=False)
    wall = time.monotonic() - started
    result = {"command": command, "wall_s": wall}
    with open(report_path) as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            if key in TIME_FIELDS:
                result[TIME_FIELDS[key]] = float(value) if "time" in key else int(value)
            elif key.startswith("Elapsed (wall clock) time"):
                parts = [float(p) for p in value.split(":")]
                seconds = 0.0
                for part in parts:
                    seconds = seconds * 60 + part
                result["wall_s"] = seconds if seconds > 0 else wall
    os.unlink(report_path)
    result.setdefault("exit", -1)
    result["cpu_s"] = result.get("user_s", 0.0) + result.get("sys_s", 0.0)
    return result


def tail(path, lines=5):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:]).strip()
    except OSError:
        return ""


def combine(*runs):
    """Sequential processes as one client: times add up, peak RSS is the largest."""
    return {
        "wall_s": sum(r["wall_s"] for r in runs),
        "user_s": sum(r.get("user_s", 0) for r in runs),
        "sys_s": sum(r.get("sys_s", 0) for r in runs),
        "cpu_s": sum(r["cpu_s"] for r in runs),
        "max_rss_kb": max(r.get("max_rss_kb", 0) for r in runs),
        "exit": max((r["exit"] for r in runs), key=abs),
    }


def run_git(directory, *args):
    try:
        return subprocess.run(["git", "-C", directory] + list(args), capture_output=True, text=True,
                              check=True).stdout.rstrip("\n")
    except (OSError, subprocess.CalledProcessError):
        return ""


def source_revision(directory):
    """The commit a source tree is at, and which of its top folders have uncommitted changes."""
    commit = run_git(directory, "rev-parse", "--short", "HEAD")
    if not commit:
        return {"source": directory, "commit": None, "uncommitted": []}
    changed = sorted({line[3:].split("/")[0] for line in run_git(directory, "status", "--porcelain").splitlines()
                      if line})
    return {"source": directory, "commit": commit, "uncommitted": changed}


def build_source(gapwatch):
    """The source tree the binary was built from: CMakeCache.txt's CMAKE_HOME_DIRECTORY beside it."""
    try:
        with open(os.path.join(os.path.dirname(os.path.abspath(gapwatch)), "CMakeCache.txt")) as f:
            match = re.search(r"^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$", f.read(), re.M)
            return match.group(1) if match else None
    except OSError:
        return None


def machine():
    info = {"nproc": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = re.search(r"Model name:\s*(.+)", lscpu)
        info["cpu"] = model.group(1).strip() if model else platform.processor()
    except OSError:
        info["cpu"] = platform.processor()
    with open("/proc/meminfo") as f:
        total = re.search(r"MemTotal:\s*(\d+)", f.read())
        info["memory_gib"] = round(int(total.group(1)) / 1048576, 1) if total else None
    try:
        with open("/etc/os-release") as f:
            info["os"] = re.search(r'PRETTY_NAME="([^"]*)"', f.read()).group(1)
    except (OSError, AttributeError):
        info["os"] = platform.platform()
    info["load_average"] = os.getloadavg()
    return info


def invocation():
    """This script's command line, with paths inside the repository made relative to it."""
    parts = []
    for arg in [sys.argv[0]] + sys.argv[1:]:
        if os.path.isabs(arg) and arg.startswith(REPO + os.sep):
            arg = os.path.relpath(arg, REPO)
        elif not os.path.isabs(arg) and os.path.exists(arg) and os.path.abspath(arg).startswith(REPO + os.sep):
            arg = os.path.relpath(os.path.abspath(arg), REPO)
        parts.append(arg)
    return " ".join(parts)


def load_average():
    return [round(x, 2) for x in os.getloadavg()]


def gapwatch_version(gapwatch):
    """The binary's identity: path, build time, and the revision of the tree it was built from."""
    stat = os.stat(gapwatch)
    return {"path": os.path.abspath(gapwatch),
            "built": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stat.st_mtime)),
            **source_revision(build_source(gapwatch) or REPO)}


def write_json(path, data):
    if not path:
        return
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def workdir(given, prefix):
    if given:
        os.makedirs(given, exist_ok=True)
        return given
    return tempfile.mkdtemp(prefix=prefix)


def fresh_store(directory):
    """An empty directory for one gapwatch store (gapwatch keeps its WARC files beside
    the store); returns the store's path in it."""
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    return os.path.join(directory, "gapwatch.db")


def per_page(run, pages):
    """pages/s, CPU ms per page."""
    return {"pages": pages,
            "pages_per_s": pages / run["wall_s"] if run["wall_s"] > 0 else 0.0,
            "cpu_ms_per_page": 1000 * run["cpu_s"] / pages if pages else 0.0}


def table(header, rows):
    """A Markdown table; every cell is str()'d."""
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def scrapy_versions():
    """Versions of Debian's Scrapy and Twisted under /usr/bin/python3 (the spider's interpreter)."""
    try:
        out = subprocess.run(["/usr/bin/python3", "-c", "import platform, scrapy, twisted; "
                              "print(scrapy.__version__, twisted.__version__, platform.python_version())"],
                             capture_output=True, text=True, check=True).stdout.split()
        return {"scrapy": out[0], "twisted": out[1], "python": out[2]}
    except (OSError, subprocess.CalledProcessError, IndexError):
        return {}


# ---- Markdown, for the scripts' output and docs/BENCHMARKS.md (bench/report) ----


def _x(value, digits=2):
    return "–" if value is None else f"{value:.{digits}f}×"


def _verdict(ok):
    return "**met**" if ok else "**not met**"


def render_machine(result):
    m, g = result["machine"], result["gapwatch"]
    changed = ", ".join(g.get("uncommitted") or []) or "none"
    source = (f"commit {g['commit']} (top-level entries with uncommitted changes: {changed})" if g.get("commit")
              else "an unknown revision (not a git checkout)")
    return (f"Machine: {m.get('cpu')}, {m.get('nproc')} cores, {m.get('memory_gib')} GiB, {m.get('os')}, "
            f"Linux {m.get('kernel')}. gapwatch: `{g.get('path')}`, built {g.get('built')} from "
            f"`{g.get('source')}` at {source}.")


def _crawl_row(name, run):
    total_cpu = run["cpu_s"] + run["sim_cpu_s"]
    return [name, run.get("connections", "–"), f"{run['pages']:,}", f"{run['wall_s']:.2f}",
            f"{run['pages_per_s']:,.0f}", f"{run['cpu_s']:.2f}",
            f"{run['cpu_ms_per_page']:.3f}", f"{run['max_rss_kb'] / 1024:.1f}", f"{run['sim_cpu_s']:.2f}",
            f"{100 * run['sim_cpu_s'] / total_cpu:.1f}%" if total_cpu else "–", f"{100 * run['sim_busy']:.1f}%",
            run["exit"]]


def render_crawl(result):
    median, ratios = result["median"], result.get("ratios", {})
    gapwatch = median["gapwatch"]
    world = result["world"]
    versions = result.get("scrapy") or {}
    lines = [f"Command: `{result['command']}`. World: seed {world['seed']}, scale {world['scale']}, as of "
             f"{world['as_of']}; simulator response cache {result['sim']['cache_mib']} MiB, filled by an unmeasured "
             f"warm-up crawl. Load average before/after: {result['load_before']} / {result['load_after']}. "
             f"Median of {len(result['runs']['gapwatch'])} round(s) by pages/s.", ""]
    rows = [_crawl_row("gapwatch, warm-up (sim renders every page)", result["cold"]),
            _crawl_row("gapwatch crawl + extract", gapwatch),
            _crawl_row("  of which crawl", {**gapwatch["crawl"], **gapwatch["crawl_only"],
                                            "connections": gapwatch["connections"],
                                            "sim_cpu_s": gapwatch["sim_cpu_s"], "sim_busy": gapwatch["sim_busy"]})]
    for key, run in median.items():
        if key != "gapwatch":
            rows.append(_crawl_row(f"Scrapy {versions.get('scrapy', '')}, concurrency {run['concurrency']}", run))
    lines.append(table(["client", "connections", "pages", "wall s", "pages/s", "CPU s", "CPU ms/page", "peak RSS MiB", "sim CPU s",
                        "sim share of CPU", "sim busy (of 1 core)", "exit"], rows))
    if ratios:
        keys = list(ratios)
        head = ["gapwatch ÷ Scrapy"] + [f"vs concurrency {median[k]['concurrency']}" for k in keys] + ["target"]
        body = [["pages/s"] + [_x(ratios[k]["pages_per_s"]) for k in keys] + ["≥ 5×"],
                ["CPU s per page"] + [_x(ratios[k]["cpu_per_page"]) for k in keys] + ["–"],
                ["peak RSS"] + [_x(ratios[k]["peak_rss"]) for k in keys] + ["≤ 0.5×"],
                ["verdict"] + [_verdict((ratios[k]["pages_per_s"] or 0) >= 5 and (ratios[k]["peak_rss"] or 9) <= 0.5)
                               for k in keys] + [""]]
        lines += ["", table(head, body)]
        same = result.get("same_requests", {})
        checks = [f"concurrency {median[k]['concurrency']}: " +
                  ("identical" if same[k]["equal"] else
                   f"{same[k]['only_gapwatch']} only gapwatch's, {same[k]['only_scrapy']} only Scrapy's")
                  for k in keys if k in same]
        lines += ["", f"Request sets (method and URL, from the simulator's log), gapwatch vs Scrapy: "
                      f"{'; '.join(checks)}."]
        fields = result.get("fields", {})
        if "agreement" in fields:
            agreement = ", ".join(f"{name} {100 * share:.1f}%" for name, share in fields["agreement"].items())
            lines.append(f"Fields on which gapwatch's store and Scrapy's items agree ({fields['compared']:,} notices): "
                         f"{agreement}.")
    lines.append(f"gapwatch's concurrency, which Scrapy is matched to first: {result['gapwatch_concurrency']} "
                 f"(the most connections gapwatch held open to the simulator at once in the warm-up). Scrapy "
                 f"{versions.get('scrapy', '?')}, Twisted {versions.get('twisted', '?')}, Python "
                 f"{versions.get('python', '?')} (Debian packages).")
    return "\n".join(lines)


def render_incremental(result):
    cycles = result["cycles"]
    world = result["world"]
    lines = [f"Command: `{result['command']}`. World: seed {world['seed']}, scale {world['scale']}: "
             f"{result['notices_before']:,} notices as of {world['as_of']}, {result['notices_after']:,} as of "
             f"{world['later']} ({result['added']} added, {result['removed']} removed). Requests counted from the "
             f"simulator's --log. Load average before/after: {result['load_before']} / {result['load_after']}.", ""]
    unchanged_bare = result.get("unchanged_ratio_without_robots")
    moved_bare = result.get("moved_ratio_without_robots")
    labels = [(world["as_of"] + ", first crawl (full)", "", "", ""),
              (world["as_of"] + ", unchanged", f"{result['unchanged_ratio']:.3f}",
               f"{unchanged_bare:.3f}" if unchanged_bare is not None else "–", "≤ 1.05"),
              (f"{world['later']} (+{result['added']} notices)", f"{result['moved_ratio']:.3f}",
               f"{moved_bare:.3f}" if moved_bare is not None else "–", "≤ 1.05")]
    rows = []
    for run, (label, ratio, bare, target) in zip(cycles, labels):
        c = run["counts"]
        rows.append([label, f"{c['requests']:,}", f"{c['list']:,}", f"{c['detail']:,}", c["robots"], c["not_200"],
                     ratio, bare, target, f"{run['wall_s']:.2f}", f"{run['cpu_s']:.2f}", run["exit"]])
    lines.append(table(["cycle", "requests", "list pages", "details", "robots.txt", "non-200", "ratio",
                        "ratio without robots.txt", "target", "wall s", "CPU s", "exit"], rows))
    unchanged, moved = result["unchanged_ratio"], result["moved_ratio"]
    bare = lambda value: f"; {value:.3f} without robots.txt" if value is not None else ""
    lines += ["", f"Unchanged world: requests ÷ list pages touched = {unchanged:.3f} ({_verdict(unchanged <= 1.05)}"
                  f"{bare(unchanged_bare)}). After the move: requests ÷ (list pages touched + N = {result['added']}) "
                  f"= {moved:.3f} ({_verdict(moved <= 1.05)}{bare(moved_bare)})."]
    return "\n".join(lines)


def render_memory(result):
    world = result["world"]
    lines = [f"Command: `{result['command']}`. World: seed {world['seed']}, as of {world['as_of']}, scales "
             f"{', '.join(str(s) for s in world['scales'])}; simulator without response cache. Load average "
             f"before/after: {result['load_before']} / {result['load_after']}.", ""]
    rows = []
    for run in result["runs"]:
        detail = (f"crawl {run['crawl']['max_rss_kb'] / 1024:.1f}, extract {run['extract']['max_rss_kb'] / 1024:.1f}"
                  if run["client"] == "gapwatch" else "")
        rows.append([run["client"], run["scale"], f"{run['notices']:,}", f"{run['counts']['requests']:,}",
                     f"{run['max_rss_kb'] / 1024:.1f}", detail, f"{run['wall_s']:.1f}", f"{run['cpu_s']:.1f}",
                     run["exit"]])
    lines.append(table(["client", "scale", "notices", "pages", "peak RSS MiB", "of which (MiB)", "wall s", "CPU s",
                        "exit"], rows))
    lines.append("")
    scales = world["scales"]
    for client, ratio in result["ratios"].items():
        lines.append(f"{client}: peak RSS at scale {scales[-1]} ÷ at scale {scales[0]} = {ratio:.2f}"
                     + (f" (target ≤ 1.5: {_verdict(ratio <= 1.5)})." if client == "gapwatch" else "."))
    return "\n".join(lines)
