"""python3 -m slemu --port 0 --port-file FILE [--demo] [--state-dir DIR]
                  [--host 127.0.0.1]

Prints nothing on stdout.  With --port 0 a free port is chosen; it is written
to --port-file (atomically: temp file + rename) once the server listens.
SIGTERM / SIGINT stop it cleanly (state saved first with --state-dir).
"""

import argparse
import os
import signal
import sys
import tempfile
import threading

from . import __version__
from .routing import Registry
from .server import MAX_BODY, App, EmulatorServer
from .store import (DEFAULT_ACCESS_KEY, DEFAULT_ACCOUNT, DEFAULT_SECRET,
                    DEFAULT_USER, Store)


def write_port_file(path, port):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".slemu-port.", dir=d)
    try:
        with os.fdopen(fd, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def main(argv=None):
    p = argparse.ArgumentParser(prog="slemu",
                                description="loopback AWS emulator")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    p.add_argument("--demo", action="store_true",
                   help="seed demo stacks, functions, logs, ...")
    p.add_argument("--state-dir",
                   help="load state.json from here at start, save at stop")
    p.add_argument("--account", default=DEFAULT_ACCOUNT)
    p.add_argument("--access-key", default=os.environ.get(
        "SLEMU_ACCESS_KEY", DEFAULT_ACCESS_KEY))
    p.add_argument("--secret-key", default=os.environ.get(
        "SLEMU_SECRET_KEY", DEFAULT_SECRET))
    p.add_argument("--user", default=DEFAULT_USER)
    p.add_argument("--max-body-mb", type=int, default=MAX_BODY // (1 << 20))
    p.add_argument("--services",
                   help="comma-separated signing names to load (default all)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="log every request on stderr")
    p.add_argument("--version", action="version", version=__version__)
    args = p.parse_args(argv)

    if args.state_dir:
        os.makedirs(args.state_dir, exist_ok=True)
    store = Store(account_id=args.account, access_key=args.access_key,
                  secret=args.secret_key, user=args.user,
                  state_dir=args.state_dir)
    only = args.services.split(",") if args.services else None
    registry = Registry.discover(only=only)
    app = App(store=store, registry=registry, demo=args.demo,
              max_body=args.max_body_mb << 20, verbose=args.verbose)
    if args.state_dir and store.load():
        print("slemu: state loaded from %s" % args.state_dir, file=sys.stderr)

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, on_signal)

    try:
        srv = EmulatorServer((args.host, args.port), app)
    except OSError as e:
        print("slemu: cannot listen on %s:%d: %s" % (args.host, args.port, e),
              file=sys.stderr)
        return 1
    t = threading.Thread(target=srv.serve_forever, kwargs={
        "poll_interval": 0.2}, name="slemu-serve", daemon=True)
    t.start()
    if args.port_file:
        write_port_file(args.port_file, srv.server_address[1])
    if args.verbose:
        print("slemu %s listening on %s:%d (services: %s)" % (
            __version__, args.host, srv.server_address[1],
            ",".join(s.signing_name for s in registry.services)),
            file=sys.stderr, flush=True)
    try:
        while not stop.wait(0.5):
            if not t.is_alive():
                break
    finally:
        app.stopping.set()
        srv.shutdown()
        srv.server_close()
        if args.state_dir:
            try:
                store.save()
            except OSError as e:
                print("slemu: cannot save state: %s" % e, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
