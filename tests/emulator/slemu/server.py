"""HTTP/1.1 server: reads requests, checks signatures, runs handlers,
applies faults, writes answers.

One ``App`` holds the store, the service registry, the fault rules and the
request log; ``EmulatorServer`` (a ThreadingHTTPServer) serves it, one
thread per connection, with keep-alive.  Every answer carries Date and
Content-Length (or chunked encoding for streams).
"""

import collections
import datetime
import email.utils
import json
import os
import socket
import struct
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import __version__, control, protocols, routing, sigv4
from .faults import FaultManager
from .service import AwsError, Context, Headers
from .store import Store

MAX_BODY = 80 * 1024 * 1024     # bytes; requests above get 413
LOG_SIZE = 2000


class BodyError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


# ------------------------------------------------------------- request log

class RequestLog:
    """Recent requests (no secrets), newest last.  Thread-safe."""

    def __init__(self, size=LOG_SIZE):
        self._lock = threading.Lock()
        self._items = collections.deque(maxlen=size)
        self._seq = 0

    def add(self, entry):
        with self._lock:
            self._seq += 1
            entry["seq"] = self._seq
            self._items.append(entry)
            return self._seq

    def update(self, entry, **fields):
        """Change fields of an entry already added (under the log lock, so
        readers never see a half-updated entry)."""
        with self._lock:
            entry.update(fields)

    def last_seq(self):
        with self._lock:
            return self._seq

    def clear(self):
        with self._lock:
            n = len(self._items)
            self._items.clear()
            return n

    def list(self, service=None, operation=None, since=None, status=None,
             limit=None):
        with self._lock:
            items = list(self._items)
        out = []
        for e in items:
            if service and e.get("service") != service:
                continue
            if operation and e.get("operation") != operation:
                continue
            if since is not None and e["seq"] <= since:
                continue
            if status is not None and e.get("status") != status:
                continue
            out.append(e)
        with self._lock:
            out = [dict(e, notes=list(e.get("notes") or [])) for e in out]
        if limit is not None:
            out = out[-limit:]
        return out


def _scrub_target(target):
    """The request target without signatures and tokens."""
    path, sep, qs = target.partition("?")
    if not sep:
        return path
    keep = []
    for piece in qs.split("&"):
        name = piece.split("=", 1)[0].lower()
        if name in ("x-amz-signature", "x-amz-security-token"):
            keep.append(piece.split("=", 1)[0] + "=***")
        else:
            keep.append(piece)
    return path + "?" + "&".join(keep)


# --------------------------------------------------------------------- app

class App:
    def __init__(self, store=None, registry=None, demo=False,
                 max_body=MAX_BODY, verbose=False, fault_seed=None):
        self.store = store or Store()
        self.registry = registry or routing.Registry.discover()
        self.faults = FaultManager(fault_seed)
        self.log = RequestLog()
        self.demo = demo
        self.max_body = max_body
        self.verbose = verbose
        self.port = None
        self.stopping = threading.Event()
        self._run_reset_hooks()

    def now(self):
        return time.time()

    def _run_reset_hooks(self):
        with self.store.lock:
            for svc in self.registry.services:
                for hook in svc.reset_hooks:
                    hook(self.store, self.demo)

    def reset(self, demo=None, keep_log=False):
        if demo is not None:
            self.demo = bool(demo)
        self.faults.clear()
        if not keep_log:
            self.log.clear()
        with self.store.lock:
            self.store.reset()
            self._run_reset_hooks()

    def debug(self, msg):
        if self.verbose:
            print("slemu: " + msg, file=sys.stderr, flush=True)

    # -------------------------------------------------------- the pipeline
    def process(self, handler, wire):
        """Answer one AWS request (not a control call)."""
        started = time.monotonic()
        rid = str(uuid.uuid4())
        entry = {
            "time": datetime.datetime.now(datetime.timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S.%fZ"),
            "method": wire.method, "path": _scrub_target(wire.target),
            "request_id": rid, "service": None, "operation": None,
            "protocol": None, "access_key": None, "account": None,
            "region": None, "caller_arn": None, "signature": None,
            "status": None, "error": None,
            "fault": None, "fault_id": None, "notes": [],
            "bytes_in": len(wire.body),
            "sdk_request": wire.header("amz-sdk-request"),
            "invocation_id": wire.header("amz-sdk-invocation-id"),
            "duration_ms": None, "state": "running",
        }
        # log at once, so that a request still in progress (slow fault, a
        # client that gave up) is visible; the fields are filled in below
        self.log.add(entry)
        work = dict(entry, notes=[])
        try:
            resp, fault, service, protocol = self._process(handler, wire, rid,
                                                           work)
            work["status"] = resp.status
            if resp.status >= 300 and work["error"] is None:
                work["error"] = resp.get_header("X-Amzn-ErrorType") or \
                    _error_code_of(resp)
            self.log.update(entry, **{k: v for k, v in work.items()
                                      if k != "seq"})
            if fault is not None and fault.type == "slow":
                self.stopping.wait(fault.delay_ms / 1000.0)
                fault = None
            handler.send_aws(resp, fault, self)
        finally:
            work["duration_ms"] = round((time.monotonic() - started) * 1000,
                                        1)
            work["state"] = "done"
            self.log.update(entry, **{k: v for k, v in work.items()
                                      if k != "seq"})
            if self.verbose:
                self.debug("%s %s %s/%s -> %s %s sig=%s%s" % (
                    wire.method, work["path"], work["service"],
                    work["operation"], work["status"], work["error"] or "",
                    work["signature"],
                    " fault=" + work["fault"] if work["fault"] else ""))

    def _process(self, handler, wire, rid, entry):
        # 1. who signed, for which service
        auth = None
        auth_problem = None
        try:
            auth = sigv4.extract_auth(wire)
        except sigv4.SigError as e:
            auth_problem = e
        r = routing.route(self.registry, wire, auth)
        service, protocol = r.service, r.protocol
        entry["service"] = service.signing_name if service else None
        entry["protocol"] = protocol
        if auth is not None:
            entry["access_key"] = auth.access_key
            entry["region"] = auth.region
        if service is None:
            if r.error is not None:
                entry["signature"] = "unchecked"
                return (protocols.render_error(None, protocol, r.error, rid,
                                               wire.method), None, None,
                        protocol)
            v = sigv4.Verdict()
            if auth_problem is not None:
                v.kind, v.message = auth_problem.kind, auth_problem.message
            else:
                v.kind, v.message = "missing", "missing"
            entry["signature"] = v.label
            st, code, msg, extra = sigv4.auth_error(v, _family(protocol))
            return (protocols.render_error(None, protocol, AwsError(
                code, msg, st, fields=extra), rid, wire.method), None, None,
                protocol)

        ctx = Context(
            method=wire.method, raw_path=wire.raw_path,
            path=routing.decoded_path(wire.raw_path), query=r.query,
            query_all=r.query_all, headers=Headers(wire.headers),
            body=wire.body, params=r.params, service=service,
            protocol=protocol, request_id=rid, store=self.store, server=self,
            host=wire.header("Host"),
            region=auth.region if auth else "us-east-1")
        if protocol.startswith("rest") and r.error is None:
            routing.resolve_rest(r, ctx)
            ctx.labels = r.labels
            params = dict(r.query)
            params.update(r.labels)
            ctx.params = params
        entry["operation"] = r.op_name
        ctx.operation = r.op_name
        op = r.operation

        # 2. the clock (faults may shift it), then the signature
        offset = self.faults.clock_offset(service.signing_name, r.op_name)
        handler.clock_offset = offset
        if offset:
            entry["notes"].append("clock%+ds" % offset)
        now = time.time() + offset
        ctx.now = now
        needs_sig = op is None or op.auth == "sigv4" or (
            op.auth == "optional" and (auth is not None or auth_problem))
        if needs_sig:
            if auth_problem is not None:
                v = sigv4.Verdict()
                v.kind, v.message = auth_problem.kind, auth_problem.message
            else:
                v = sigv4.verify(wire, self.store.lookup_key, now,
                                 s3=service.is_s3, max_skew=service.max_skew,
                                 service=service.signing_name)
            entry["signature"] = v.label
            entry["notes"].extend(v.notes)
            if not v.ok:
                if v.detail.get("reason"):
                    entry["notes"].append(v.detail["reason"])
                st, code, msg, extra = sigv4.auth_error(v, _family(protocol))
                entry["error"] = code
                return (protocols.render_error(service, protocol, AwsError(
                    code, msg, st, fields=extra), rid, wire.method), None,
                    service, protocol)
            ident = v.identity
            ctx.identity = ident
            ctx.account_id = ident.account_id
            entry["account"] = ident.account_id
            entry["caller_arn"] = ident.arn
        else:
            entry["signature"] = "unsigned"
            ctx.account_id = self.store.default_account

        # 3. routing errors and unknown operations (after authentication,
        # as AWS does)
        if r.error is not None:
            return (protocols.render_error(service, protocol, r.error, rid,
                                           wire.method), None, service,
                    protocol)
        if op is None:
            err = protocols.unknown_operation(service, protocol,
                                              r.op_name or wire.raw_path,
                                              r.version)
            return (protocols.render_error(service, protocol, err, rid,
                                           wire.method), None, service,
                    protocol)

        # 4. faults that replace the call
        fault = self.faults.pick(service.signing_name, op.name)
        if fault is not None:
            entry["fault"] = fault.type
            entry["fault_id"] = fault.id
            if fault.phase == "before":
                if fault.type in ("throttle", "error"):
                    return (self._fault_error(service, protocol, fault, rid,
                                              wire.method), None, service,
                            protocol)
                if fault.type == "slow":
                    self.stopping.wait(fault.delay_ms / 1000.0)
                    fault = None
                else:   # reset/truncate before the handler: spoil a 500
                    err = protocols.server_error(service, protocol, 500)
                    return (protocols.render_error(service, protocol, err,
                                                   rid, wire.method), fault,
                            service, protocol)

        # 5. the handler
        resp = self._run(service, protocol, op, ctx, rid, wire.method)

        # 6. faults that spoil the answer after the handler ran
        if fault is not None and fault.phase == "after":
            if fault.type in ("throttle", "error"):
                return (self._fault_error(service, protocol, fault, rid,
                                          wire.method), None, service,
                        protocol)
            return resp, fault, service, protocol
        return resp, None, service, protocol

    def _fault_error(self, service, protocol, fault, rid, method):
        if fault.type == "throttle":
            err = protocols.throttle_error(service, protocol,
                                           fault.retry_after)
        else:
            err = protocols.server_error(service, protocol, fault.status)
            if fault.status < 500:
                err.sender = True
        if fault.code:
            err.code = fault.code
        if fault.message:
            err.message = fault.message
        return protocols.render_error(service, protocol, err, rid, method)

    def _run(self, service, protocol, op, ctx, rid, method):
        try:
            if op.locked:
                with self.store.lock:
                    result = op.handler(ctx)
            else:
                result = op.handler(ctx)
            return protocols.render_result(service, protocol, op.name, result,
                                           rid)
        except AwsError as e:
            return protocols.render_error(service, protocol, e, rid, method)
        except Exception:
            print("slemu: handler %s.%s failed:\n%s" % (
                service.signing_name, op.name, traceback.format_exc()),
                file=sys.stderr, flush=True)
            err = protocols.server_error(service, protocol, 500)
            return protocols.render_error(service, protocol, err, rid, method)


def _family(protocol):
    return {"query": "query", "json": "json", "rest-json": "rest-json",
            "rest-xml": "s3"}.get(protocol, "json")


def _error_code_of(resp):
    """Error code from a rendered error body (for the log)."""
    body = resp.body[:4096]
    try:
        if body.startswith(b"{"):
            return json.loads(body.decode()).get("__type")
        s = body.decode("utf-8", "replace")
        i = s.find("<Code>")
        if i >= 0:
            return s[i + 6:s.find("</Code>", i)]
    except (ValueError, AttributeError):
        pass
    return None


# ----------------------------------------------------------------- handler

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "slemu/" + __version__
    sys_version = ""
    timeout = 120       # idle keep-alive connections are dropped after this

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every answer on a reused connection.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        self.clock_offset = 0
        self._headers_out = False

    # Date header honouring the clock fault
    def date_time_string(self, timestamp=None):
        if timestamp is None:
            timestamp = time.time() + getattr(self, "clock_offset", 0)
        return email.utils.formatdate(timestamp, usegmt=True)

    def log_message(self, fmt, *args):
        app = self.server.app
        if app.verbose:
            sys.stderr.write("slemu: %s - %s\n" % (self.address_string(),
                                                   fmt % args))

    def handle_expect_100(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > self.server.app.max_body:
            self._too_large()
            return False
        return super().handle_expect_100()

    def _too_large(self):
        body = json.dumps({"message": "Request must be smaller than %d bytes"
                           % self.server.app.max_body}).encode()
        self.close_connection = True
        self.send_response(413)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Amzn-ErrorType", "RequestEntityTooLargeException")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _read_body(self):
        cap = self.server.app.max_body
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            chunks = []
            total = 0
            while True:
                line = self.rfile.readline(1024)
                if not line:
                    raise BodyError(400, "truncated chunked body")
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise BodyError(400, "bad chunk size")
                if size == 0:
                    # trailers until an empty line
                    while True:
                        t = self.rfile.readline(8192)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                total += size
                if total > cap:
                    raise BodyError(413, "too large")
                data = self.rfile.read(size)
                if len(data) != size:
                    raise BodyError(400, "truncated chunked body")
                chunks.append(data)
                self.rfile.readline(8)
            return b"".join(chunks)
        cl = self.headers.get("Content-Length")
        if cl is None:
            return b""
        try:
            n = int(cl)
            if n < 0:
                raise ValueError
        except ValueError:
            raise BodyError(400, "bad Content-Length")
        if n > cap:
            raise BodyError(413, "too large")
        data = self.rfile.read(n) if n else b""
        if len(data) != n:
            raise BodyError(400, "body shorter than Content-Length")
        return data

    def _dispatch(self):
        self.clock_offset = 0
        self._headers_out = False
        app = self.server.app
        try:
            try:
                body = self._read_body()
            except BodyError as e:
                self.close_connection = True
                if e.status == 413:
                    self._too_large()
                else:
                    self._send_plain(e.status, {"message": e.message})
                return
            except (socket.timeout, ConnectionError):
                self.close_connection = True
                return
            if self.path.startswith(control.PREFIX) or \
                    self.path.rstrip("/") == control.PREFIX.rstrip("/"):
                status, obj = control.handle(app, self.command, self.path,
                                             body)
                self._send_plain(status, obj)
                return
            # the target exactly as sent (http.server folds a leading '//')
            words = self.requestline.split()
            target = words[1] if len(words) == 3 else self.path
            wire = sigv4.WireRequest(self.command, target,
                                     self.headers.items(), body)
            app.process(self, wire)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True
        except Exception:
            print("slemu: internal error:\n" + traceback.format_exc(),
                  file=sys.stderr, flush=True)
            self.close_connection = True
            if not self._headers_out:
                try:
                    self._send_plain(500, {"__type": "InternalFailure",
                                           "message": "slemu internal error"})
                except OSError:
                    pass

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = \
        do_OPTIONS = _dispatch

    def _send_plain(self, status, obj):
        body = json.dumps(obj, default=str).encode("utf-8")
        self.send_response(status)
        self._headers_out = True
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_aws(self, resp, fault, app):
        """Write a Response, or spoil it as the fault says."""
        head = self.command == "HEAD"
        no_body = head or resp.status in (204, 304) or 100 <= resp.status < 200
        self.send_response(resp.status)
        self._headers_out = True
        have_cl = False
        for k, v in resp.headers:
            lk = k.lower()
            if lk in ("date", "server", "connection", "transfer-encoding"):
                continue
            if lk == "content-length":
                if not head:
                    continue        # we compute it
                have_cl = True
            self.send_header(k, v)
        if resp.stream is not None and fault is None and not no_body:
            self.send_header("Transfer-Encoding", "chunked")
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self._write_stream(resp.stream, app)
            return
        body = resp.body
        if resp.stream is not None:     # a fault spoils a stream: drain it
            body = b"".join(_take(resp.stream, 1 << 20))
        if fault is not None:
            self._send_spoiled(resp, body, fault, head, no_body, have_cl)
            return
        if resp.status not in (204, 304) and not have_cl:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not no_body and body:
            self.wfile.write(body)

    def _send_spoiled(self, resp, body, fault, head, no_body, have_cl):
        """reset: headers + part of the body, then RST.  truncate: a
        Content-Length larger than what is sent, then FIN."""
        self.close_connection = True
        if no_body or not body:
            if fault.type == "reset":
                self.flush_headers()    # not even the blank line
                self._reset_connection()
                return
            if not have_cl:
                self.send_header("Content-Length", "64")
            self.end_headers()
            self.wfile.flush()
            return
        n = fault.after_bytes
        if n is None:
            n = len(body) // 2
        n = min(n, len(body) - 1)
        if not have_cl:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if n:
            self.wfile.write(body[:n])
        self.wfile.flush()
        if fault.type == "reset":
            self._reset_connection()

    def _write_stream(self, stream, app):
        try:
            for chunk in stream:
                if app.stopping.is_set():
                    break
                if not chunk:
                    continue
                self.wfile.write(b"%X\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()

    def _reset_connection(self):
        """Close with RST (SO_LINGER 0) instead of FIN."""
        self.close_connection = True
        sock = self.connection
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            struct.pack("ii", 1, 0))
            fd = sock.detach()
            os.close(fd)
        except OSError:
            pass


def _take(stream, limit):
    total = 0
    for chunk in stream:
        yield chunk
        total += len(chunk)
        if total >= limit:
            break


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, app):
        self.app = app
        super().__init__(address, Handler)
        app.port = self.server_address[1]

    def handle_error(self, request, client_address):
        # a connection that breaks is not worth a traceback
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, socket.timeout, OSError)):
            return
        super().handle_error(request, client_address)


def serve(host="127.0.0.1", port=0, **app_kwargs):
    """Start a server in a background thread; returns (server, thread).
    Stop with server.app.stopping.set(); server.shutdown();
    server.server_close()."""
    app = App(**app_kwargs)
    srv = EmulatorServer((host, port), app)
    t = threading.Thread(target=srv.serve_forever, name="slemu-serve",
                         daemon=True)
    t.start()
    return srv, t
