#!/usr/bin/env python3
"""Whole-process time and peak memory of slctl's one-shots against the AWS CLI, in one run.

Both talk to the same emulator with the same data (500 functions by default), so the ratios
compare the tools, not the machine: this is a report, not a pass/fail test (machines here are
shared and noisy). Usage:

    tests/bench/bench_cli.py [--slctl PATH] [--aws /usr/bin/aws] [--functions 500] [--runs 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))


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


def control(url, path, body):
    req = urllib.request.Request(url + "/__emulator/" + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.read()


def measure(argv, env, runs, tmp):
    """Median wall seconds and the largest peak RSS (KiB) of `runs` runs of argv.

    The peak comes from GNU time, not from our own wait4: a child forked from this Python
    process starts with Python's resident set, which would hide a small program's own peak.
    """
    walls, peaks = [], []
    rss_file = os.path.join(tmp, "rss")
    for _ in range(runs):
        t0 = time.monotonic()
        rc = subprocess.call(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.monotonic() - t0)
        if rc != 0:
            sys.exit("failed: %s (exit %d)" % (" ".join(argv), rc))
        with open(rss_file) as f:
            peaks.append(int(f.read().split()[-1]))
    return statistics.median(walls), max(peaks)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--slctl", default=os.path.join(os.environ.get("SLCTL_TOP_BUILDDIR", TOP),
                                                    "slctl"))
    ap.add_argument("--aws", default="/usr/bin/aws")
    ap.add_argument("--functions", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_emulator(tmp)
        try:
            control(url, "lambda/functions", {"count": a.functions, "prefix": "bench-fn-"})
            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            env.update(AWS_ACCESS_KEY_ID="AKIDEMULATOR", AWS_SECRET_ACCESS_KEY="emulator-secret-key",
                       AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
                       AWS_CONFIG_FILE=os.path.join(tmp, "none"),
                       AWS_SHARED_CREDENTIALS_FILE=os.path.join(tmp, "none"),
                       HOME=tmp, AWS_PAGER="", NO_COLOR="1")
            fn = "users-api-GetUserFunction-4XJ2K9LQ7ZAB"
            payload = os.path.join(tmp, "event.json")
            with open(payload, "w") as f:
                f.write('{"pathParameters": {"id": "u-123"}}')
            out = os.path.join(tmp, "out.json")
            cases = [
                ("list functions (%d)" % a.functions,
                 [a.slctl, "--endpoint-url", url, "functions", "--output", "json"],
                 [a.aws, "--endpoint-url", url, "lambda", "list-functions", "--output", "json"]),
                ("invoke",
                 [a.slctl, "--endpoint-url", url, "invoke", fn, "--event-file", payload,
                  "--no-tail"],
                 [a.aws, "--endpoint-url", url, "lambda", "invoke", "--function-name", fn,
                  "--cli-binary-format", "raw-in-base64-out", "--payload", "file://" + payload,
                  out]),
            ]
            print("%-22s %10s %10s %8s %10s %10s %8s" % ("operation", "slctl s", "aws s", "time x",
                                                         "slctl KiB", "aws KiB", "mem x"))
            for name, mine, peer in cases:
                mw, mm = measure(mine, env, a.runs, tmp)
                pw, pm = measure(peer, env, a.runs, tmp)
                print("%-22s %10.3f %10.3f %8.1f %10d %10d %8.1f" % (
                    name, mw, pw, pw / mw if mw else 0, mm, pm, pm / mm if mm else 0))
            print("(x = how many times more the AWS CLI needs; medians of %d runs)" % a.runs)
        finally:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    main()
