#!/usr/bin/env python3
"""The console's speed and memory as a person meets them: slctl runs in tmux against the emulator.

Measures, as medians of several runs (a report, not a pass/fail test: machines here are shared
and noisy, so the load is printed with the figures):

  (a) the first screen after start (the stacks view with the header's account), then from `:fn`
      Enter to the first function rows and to all N functions loaded (the status line says
      "N rows" and no longer "Loading");
  (b) from a keystroke in the `/` filter of that list to the redrawn screen (each keystroke
      filters all N rows): from the key on the pty to the last byte of the redraw (a tmux
      control-mode client timestamps both), and from send-keys to the capture-pane that shows
      the exact names expected, minus one capture-pane round trip of an unchanged screen;
  (c) VmRSS and VmHWM of the slctl process with the N functions loaded, and of a fresh slctl
      whose `:logs GROUP` holds the generated log lines (slctl's config sets log_buffer_lines to
      that count, so the ring keeps all of them).

For (a) and (c) the same functions are also listed by `slctl functions --output json` (the
one-shot) and by the peer, `aws lambda list-functions --output json` (whole-process time and
peak RSS through os.wait4). The peer is a rough one: a CLI that prints JSON, not a console that
draws a screen; all of them page through the same ListFunctions answers.
The default run takes about three minutes; --quick is a smoke run with small counts. Usage:

    tests/bench/bench_console.py [--slctl PATH] [--aws /usr/bin/aws] [--functions 10000]
                                 [--log-lines 100000] [--runs 3] [--quick]
"""
import argparse
import http.client
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
WIDTH, HEIGHT = 200, 50
LOG_GROUP = "/aws/lambda/bench-fn-logs"
POLL = 0.01  # seconds between captures while something loads
POLL_SLOW = 0.1  # ... while many pages load: finer polling takes CPU from slctl and the emulator


def start_emulator(tmp):
    port_file = os.path.join(tmp, "port")
    env = dict(os.environ, PYTHONPATH=os.path.join(TOP, "tests", "emulator"),
               PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.Popen([sys.executable, "-m", "slemu", "--demo", "--port", "0",
                             "--port-file", port_file], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        if os.path.exists(port_file) and open(port_file).read().strip():
            return proc, "http://127.0.0.1:%s" % open(port_file).read().strip()
        time.sleep(0.05)
    proc.kill()
    sys.exit("the emulator did not start")


def control(url, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + "/__emulator/" + path, data=data,
                                 headers={"Content-Type": "application/json"},
                                 method="GET" if body is None else "POST")
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def keepalive_round_trip(url):
    """Median ms of a request on a reused connection to the emulator (its own floor per page)."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    times = []
    for _ in range(6):
        t0 = time.monotonic()
        conn.request("GET", "/__emulator/health")
        conn.getresponse().read()
        times.append((time.monotonic() - t0) * 1000)
    conn.close()
    return statistics.median(times[1:])


def emulator_time(url, operation, since):
    """How many `operation` requests came after seq `since`, and the ms the emulator spent in them."""
    got = control(url, "requests?operation=%s&since=%d&limit=100000" % (operation, since))
    reqs = got["requests"]
    return len(reqs), sum(r.get("duration_ms") or 0 for r in reqs)


def last_seq(url):
    return control(url, "requests?limit=1").get("last_seq", 0)


class Tmux:
    def __init__(self, tmp):
        self.base = ["tmux", "-S", os.path.join(tmp, "tmux.sock"), "-f", "/dev/null"]
        self.env = {k: v for k, v in os.environ.items() if k != "TMUX"}

    def __call__(self, *args):
        return subprocess.run(self.base + list(args), env=self.env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True).stdout

    def screen(self):
        return self("capture-pane", "-p", "-t", "bench").split("\n")[:HEIGHT]

    def keys(self, *keys):
        self("send-keys", "-t", "bench", *keys)

    def text(self, s):
        self("send-keys", "-t", "bench", "-l", "--", s)

    def pane_pid(self):
        return int(self("display", "-p", "-t", "bench", "#{pane_pid}").strip())

    def dead(self):
        return self("display", "-p", "-t", "bench", "#{pane_dead}").strip() == "1"


class ControlClient:
    """A tmux control-mode client: sends keys and timestamps the pane's output as tmux reads it
    from the pty, which times the console's own work to well under a millisecond."""

    def __init__(self, tm):
        self.proc = subprocess.Popen(tm.base + ["-C", "attach", "-t", "bench"], env=tm.env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.lock = threading.Lock()
        self.ends = []     # times of %end lines (a command done: the key is on the pty)
        self.outputs = []  # times of %output lines
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            now = time.monotonic()
            with self.lock:
                if line.startswith(b"%output "):
                    self.outputs.append(now)
                elif line.startswith(b"%end ") or line.startswith(b"%error "):
                    self.ends.append(now)

    def command(self, text):
        """Runs one tmux command; the time its %end arrived."""
        with self.lock:
            n = len(self.ends)
        self.proc.stdin.write(text.encode() + b"\n")
        self.proc.stdin.flush()
        end = time.monotonic() + 5
        while time.monotonic() < end:
            with self.lock:
                if len(self.ends) > n:
                    return self.ends[n]
            time.sleep(0.0002)
        raise TimeoutError("tmux did not answer " + text)

    def last_output(self, after, before):
        with self.lock:
            got = [t for t in self.outputs if after <= t <= before]
        return got[-1] if got else None

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def wait_until(tm, pred, timeout, poll=POLL):
    """Polls the screen until pred(lines) holds; the monotonic time of that capture's end."""
    end = time.monotonic() + timeout
    while True:
        lines = tm.screen()
        now = time.monotonic()
        if pred(lines):
            return now
        if now > end:
            raise TimeoutError("\n".join(lines))
        if poll:
            time.sleep(poll)


def proc_memory(pid):
    """VmRSS and VmHWM of pid in KiB."""
    rss = hwm = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    return rss, hwm


def status(lines):
    return lines[HEIGHT - 2] if len(lines) >= HEIGHT - 1 else ""


def list_names(lines):
    """The first word of each list row (rows 4 .. the status line)."""
    return [l.split()[0] for l in lines[3:HEIGHT - 2] if l.strip()]


def measure_peer(argv, env, runs):
    """Median wall seconds and the largest peak RSS (KiB) of `runs` runs of argv."""
    walls, peaks = [], []
    for _ in range(runs):
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            try:
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        _, st, usage = os.wait4(pid, 0)
        walls.append(time.monotonic() - t0)
        peaks.append(usage.ru_maxrss)
        if os.waitstatus_to_exitcode(st) != 0:
            sys.exit("failed: %s (exit %d)" % (" ".join(argv), os.waitstatus_to_exitcode(st)))
    return statistics.median(walls), max(peaks)


def filter_steps(names):
    """Keystrokes whose results fit on one screen, so the exact rows to expect are known: a base
    needle matching about ten functions, then one more digit and Backspace, for each digit."""
    bench = sorted(n for n in names if n.startswith("bench-fn-"))
    base = "fn-" + bench[max(0, len(bench) - 11)][len("bench-fn-"):-1]
    steps = []
    for d in "0123456789":
        if any((base + d) in n for n in names):
            steps += [("+", d, base + d), ("-", "BSpace", base)]
    return base, steps


def start_console(tm, cmd, cap_rt):
    """Starts slctl in the pane; its pid and the seconds to its first screen (the stacks view
    with its rows and the header's account id)."""
    t_start = time.monotonic()
    tm("respawn-pane", "-k", "-t", "bench", cmd)
    t = wait_until(tm, lambda L: "account " in L[0] and L[1].strip() == "stacks"
                   and re.search(r"\d+ rows? *$", status(L)) and "Loading" not in status(L), 20)
    return tm.pane_pid(), t - t_start - cap_rt


def quit_console(tm):
    tm.keys("q")
    end = time.monotonic() + 10
    while not tm.dead() and time.monotonic() < end:
        time.sleep(0.05)


def one_run(tm, a, url, cmd, names, total, base, steps, cap_rt):
    r = {"keys": [], "key_out": [], "ok": True}
    seq = last_seq(url)
    pid, r["first_screen"] = start_console(tm, cmd, cap_rt)
    r["start_rss"], _ = proc_memory(pid)
    tm.text(":fn")
    wait_until(tm, lambda L: status(L).strip() == ":fn", 5, poll=0)
    tm.keys("Enter")
    t0 = time.monotonic()
    first = wait_until(tm, lambda L: L[1].strip() == "functions" and len(L) > 3
                       and L[3].split()[:1] and L[3].split()[0] in names, 60)
    done = wait_until(tm, lambda L: re.search(r"\b%d rows *$" % total, status(L))
                      and "Loading" not in status(L), 300, poll=POLL_SLOW)
    r["first_rows"] = first - t0 - cap_rt
    r["all_rows"] = done - t0 - cap_rt
    r["fn_rss"], r["fn_hwm"] = proc_memory(pid)
    r["pages"], r["emu_ms"] = emulator_time(url, "ListFunctions", seq)

    # (b) the filter, typed key by key
    tm.keys("/")
    tm.text(base)
    want0 = sorted(n for n in names if base.lower() in n.lower())
    wait_until(tm, lambda L: sorted(list_names(L)) == want0, 10)
    cc = ControlClient(tm)
    try:
        for kind, key, needle in steps:
            want = sorted(n for n in names if needle.lower() in n.lower())
            prompt = "/" + needle
            t0 = time.monotonic()
            on_pty = cc.command("send-keys -t bench %s%s" % ("-l -- " if kind == "+" else "", key))
            try:
                t = wait_until(tm, lambda L: status(L).strip() == prompt
                               and sorted(list_names(L)) == want, 10, poll=0)
            except TimeoutError as e:
                print("warning: the filter %r never showed its rows:\n%s" % (needle, e),
                      file=sys.stderr)
                r["ok"] = False
                break
            r["keys"].append(t - t0 - cap_rt)
            out = cc.last_output(on_pty, t)
            if out is not None:
                r["key_out"].append(out - on_pty)
    finally:
        cc.close()
    tm.keys("Escape")
    wait_until(tm, lambda L: re.search(r"\b%d rows *$" % total, status(L)), 10)

    quit_console(tm)

    # (c) the logs view, in a fresh process so that nothing of the functions list is counted
    pid, _ = start_console(tm, cmd, cap_rt)
    tm.text(":logs " + LOG_GROUP)
    tm.keys("Enter")
    t0 = time.monotonic()
    last = "bulk event %d " % (a.log_lines - 1)
    want_status = re.compile(r"\b%d lines *$" % a.log_lines)
    try:
        t = wait_until(tm, lambda L: want_status.search(status(L))
                       and any(last in l for l in L[3:HEIGHT - 2]), 120)
        r["logs_load"] = t - t0 - cap_rt
        r["log_rss"], r["log_hwm"] = proc_memory(pid)
    except TimeoutError as e:
        r["logs_error"] = status(str(e).split("\n")).strip() or "no logs view"
    quit_console(tm)
    return r


def med(runs, key):
    vals = [r[key] for r in runs if key in r]
    return statistics.median(vals) if vals else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--slctl", default=os.path.join(os.environ.get("SLCTL_TOP_BUILDDIR", TOP),
                                                    "slctl"))
    ap.add_argument("--aws", default="/usr/bin/aws")
    ap.add_argument("--functions", type=int, default=10000)
    ap.add_argument("--log-lines", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true",
                    help="a smoke run: 1000 functions, 10000 log lines, one run")
    a = ap.parse_args()
    if a.quick:
        a.functions, a.log_lines, a.runs = 1000, 10000, 1
    if not shutil.which("tmux"):
        sys.exit("tmux is not installed")
    if not 100 <= a.log_lines <= 1000000:
        sys.exit("--log-lines must be 100..1000000 (slctl's log_buffer_lines)")
    have_aws = os.access(a.aws, os.X_OK)
    load0 = os.getloadavg()
    t_bench = time.monotonic()

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_emulator(tmp)
        tm = Tmux(tmp)
        try:
            st = control(url, "state?service=lambda")
            demo = [n for s in st.values() for n in s.get("functions", {})]
            made = control(url, "lambda/functions", {"count": a.functions, "prefix": "bench-fn-"})
            names = set(demo) | set(made["names"])
            total = made["total"]
            control(url, "logs/generate", {"group": LOG_GROUP, "count": a.log_lines,
                                           "interval_ms": max(1, 300000 // a.log_lines)})

            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            env.update(AWS_ACCESS_KEY_ID="AKIDEMULATOR", AWS_SECRET_ACCESS_KEY="emulator-secret-key",
                       AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
                       AWS_CONFIG_FILE=os.path.join(tmp, "none"),
                       AWS_SHARED_CREDENTIALS_FILE=os.path.join(tmp, "none"),
                       HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                       XDG_STATE_HOME=os.path.join(tmp, "state"), AWS_PAGER="",
                       LANG="C.UTF-8", LC_ALL="C.UTF-8")
            env.pop("NO_COLOR", None)
            os.makedirs(os.path.join(tmp, "config", "slctl"))
            with open(os.path.join(tmp, "config", "slctl", "config"), "w") as f:
                f.write("[default]\nlog_buffer_lines = %d\n" % a.log_lines)
            keep = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_CONFIG_FILE",
                    "AWS_SHARED_CREDENTIALS_FILE", "HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
                    "LANG", "LC_ALL")
            cmd = "exec env %s %s --endpoint-url %s" % (
                " ".join("%s=%s" % (k, shlex.quote(env[k])) for k in keep),
                shlex.quote(a.slctl), shlex.quote(url))

            tm("new-session", "-d", "-s", "bench", "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 600")
            tm("set", "-g", "status", "off")
            tm("set", "-g", "remain-on-exit", "on")
            tm("resize-window", "-t", "bench", "-x", str(WIDTH), "-y", str(HEIGHT))
            caps = []
            for _ in range(30):
                t0 = time.monotonic()
                tm.screen()
                caps.append(time.monotonic() - t0)
            cap_rt = statistics.median(caps)
            base, steps = filter_steps(names)
            rt_emu = keepalive_round_trip(url)

            runs, oneshot, peer = [], [], []
            for _ in range(a.runs):  # interleaved, so each sees the same load
                runs.append(one_run(tm, a, url, cmd, names, total, base, steps, cap_rt))
                oneshot.append(measure_peer([a.slctl, "--endpoint-url", url, "functions",
                                             "--output", "json"], env, 1))
                if have_aws:
                    peer.append(measure_peer([a.aws, "--endpoint-url", url, "lambda",
                                              "list-functions", "--output", "json"], env, 1))
        finally:
            tm("kill-server")
            proc.terminate()
            proc.wait()

    keys = [k for r in runs for k in r["keys"]]
    key_out = [k for r in runs for k in r["key_out"]]
    load1 = os.getloadavg()
    print("slctl console in tmux %dx%d against the emulator: %d functions (%d with the demo's), "
          "%d log lines" % (WIDTH, HEIGHT, a.functions, total, a.log_lines))
    print("%d runs; %d CPUs; load %.2f %.2f %.2f at the start, %.2f %.2f %.2f at the end; %.0f s"
          % (a.runs, os.cpu_count(), *load0, *load1, time.monotonic() - t_bench))
    print()
    print("%-44s %12s %12s %8s" % ("measure (median)", "slctl", "aws (peer)", "x"))

    def row(name, mine, theirs=None, fmt="%12.3f"):
        m = fmt % mine if mine is not None else "%12s" % "-"
        p = fmt % theirs if theirs is not None else "%12s" % "-"
        x = "%8.1f" % (theirs / mine) if mine and theirs is not None else "%8s" % "-"
        print("%-44s %s %s %s" % (name, m, p, x))

    ptime = statistics.median(p[0] for p in peer) if peer else None
    pmem = max(p[1] for p in peer) if peer else None
    row("(a) start -> first screen (stacks), s", med(runs, "first_screen"))
    row("(a) :fn Enter -> first function rows, s", med(runs, "first_rows"))
    row("(a) :fn Enter -> all %d rows, s" % total, med(runs, "all_rows"))
    fs, ar = med(runs, "first_screen"), med(runs, "all_rows")
    row("(a) start -> all %d rows (sum), s" % total, fs + ar if ar is not None else None, ptime)
    row("    one-shot `slctl functions`, s", statistics.median(o[0] for o in oneshot), ptime)
    row("    ListFunctions pages read", med(runs, "pages"), None, "%12.0f")
    row("    ms the emulator spent answering them", med(runs, "emu_ms"), None, "%12.0f")
    if key_out:
        row("(b) / key on the pty -> last byte drawn, ms", statistics.median(key_out) * 1000,
            None, "%12.2f")
        row("    slowest of %d keystrokes, ms" % len(key_out), max(key_out) * 1000, None, "%12.2f")
    row("(b) / send-keys -> capture shows it, ms",
        statistics.median(keys) * 1000 if keys else None, None, "%12.1f")
    if keys:
        row("    slowest of %d keystrokes, ms" % len(keys), max(keys) * 1000, None, "%12.1f")
    row("(c) VmRSS, first screen (stacks), KiB", med(runs, "start_rss"), None, "%12.0f")
    row("(c) VmRSS, %d functions, KiB" % total, med(runs, "fn_rss"), pmem, "%12.0f")
    row("(c) VmHWM, %d functions, KiB" % total, med(runs, "fn_hwm"), pmem, "%12.0f")
    row("    one-shot `slctl functions`: peak RSS, KiB", max(o[1] for o in oneshot), pmem,
        "%12.0f")
    if med(runs, "log_rss") is not None:
        row("(c) VmRSS, :logs with %d lines, KiB" % a.log_lines, med(runs, "log_rss"), None,
            "%12.0f")
        row("(c) VmHWM, :logs with %d lines, KiB" % a.log_lines, med(runs, "log_hwm"), None,
            "%12.0f")
        row("    :logs Enter -> all %d lines, s" % a.log_lines, med(runs, "logs_load"))
    else:
        err = next((r["logs_error"] for r in runs if "logs_error" in r), "")
        print("(c) logs: not measured, :logs did not show %d lines (%s)" % (a.log_lines, err))
    print()
    print("x = how many times more the peer needs. The peer is `aws lambda list-functions "
          "--output json`, a rough peer: a one-shot CLI, not a console; its time is the whole "
          "process, its memory the peak RSS (os.wait4).")
    print("`:logs` runs in a fresh slctl (start, then `:logs GROUP`); its ring holds all %d lines "
          "(log_buffer_lines = %d)." % (a.log_lines, a.log_lines))
    print("All rows loaded: polled every %d ms (finer polling slows slctl and the emulator on a "
          "small machine); the rest every %d ms or back to back." % (POLL_SLOW * 1000, POLL * 1000))
    print("Times from the screen: the end of the first capture-pane that shows the result, less "
          "one capture-pane round trip of an unchanged screen (%.1f ms, the resolution: figures "
          "near 0 mean faster than that); (b) from before send-keys. \"key on the pty\": a tmux "
          "control client's %%end of send-keys to its last %%output of the redraw. Emulator: %.1f ms per request on a kept-alive connection."
          % (cap_rt * 1000, rt_emu))
    if not all(r["ok"] for r in runs):
        print("warning: some filter keystrokes never showed their rows (see above)")


if __name__ == "__main__":
    main()
