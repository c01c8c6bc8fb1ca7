"""The emulator's Lambda Invoke over real sockets: the Node handlers and
their built-in Python twins agree, and the Invoke protocol details (log
tail, cold/warm streams, limits, errors, alias routing, metrics) hold.

Stdlib only; the Node comparisons are skipped when `node` is missing."""

import base64
import json
import os
import shutil
import sys
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
sys.path.insert(0, HERE)

from slemu import logdata, server  # noqa: E402
from slemu.routing import Registry  # noqa: E402
from slemu.store import Store  # noqa: E402
import slclient  # noqa: E402

GET = "users-api-GetUserFunction-4XJ2K9LQ7ZAB"
CREATE = "users-api-CreateUserFunction-9PL2MX0WQ1RT"
LIST = "users-api-ListUsersFunction-2HD8RT5KXV0C"
SLOW = "users-api-SlowReportFunction-7TQ1ZP3NNB4E"
ORDERS = "orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD"
HAVE_NODE = shutil.which("node") is not None


class LambdaCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.srv, cls.thread = server.serve(
            registry=Registry.discover(), store=Store(), demo=True)
        cls.port = cls.srv.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.srv.app.stopping.set()
        cls.srv.shutdown()
        cls.srv.server_close()

    def setUp(self):
        self.c = slclient.Client(self.port, timeout=30)
        self.c.control("POST", "reset", {"demo": True})
        self.settings(timeout_cap_seconds=0.2)

    def tearDown(self):
        self.c.close()

    def settings(self, **kw):
        st, body = self.c.control("POST", "lambda/settings", kw)
        self.assertEqual(st, 200, body)
        return body

    def invoke(self, name, payload=b"{}", qualifier=None, headers=None,
               tail=True):
        if not isinstance(payload, bytes):
            payload = json.dumps(payload).encode()
        h = {"Content-Type": "application/json"}
        if tail:
            h["X-Amz-Log-Type"] = "Tail"
        h.update(headers or {})
        q = [("Qualifier", qualifier)] if qualifier else []
        path = "/2015-03-31/functions/%s/invocations" % urllib.parse.quote(
            name, safe="")
        r, data = self.c.signed("POST", path, "lambda", query=q, body=payload,
                                headers=h)
        log = r.getheader("X-Amz-Log-Result")
        log = base64.b64decode(log).decode() if log else None
        return r, data, log

    def rest(self, method, path, query=(), body=None):
        raw = json.dumps(body).encode() if body is not None else b""
        r, data = self.c.signed(method, path, "lambda", query=list(query),
                                body=raw, headers={
                                    "Content-Type": "application/json"})
        return r, (json.loads(data) if data.strip() else None)


def _function_lines(log):
    """The function's own log lines without timestamps and request ids."""
    out = []
    for line in log.splitlines():
        parts = line.split("\t")
        if len(parts) >= 4 and parts[0][:1].isdigit():
            out.append("%s\t%s" % (parts[2], "\t".join(parts[3:])))
        elif line.startswith("[") and "\t" in line:
            out.append("%s\t%s" % (parts[0], "\t".join(parts[3:])))
    return out


CASES = [
    (GET, {"pathParameters": {"id": "u-123"}}),
    (GET, {"pathParameters": {"id": "u-42"}}),
    (GET, {"pathParameters": {"id": "x-9"}}),
    (GET, {"pathParameters": {"id": "u-404"}}),
    (GET, {"pathParameters": {"id": "boom"}}),
    (GET, {"pathParameters": {"id": 7}}),
    (GET, {"pathParameters": {}}),
    (GET, {"pathParameters": None}),
    (GET, {}),
    (GET, None),
    (GET, "just a string"),
    (CREATE, {"body": json.dumps({"email": "ada@example.com",
                                  "name": "Ada"})}),
    (CREATE, {"body": json.dumps({"email": "zoe@example.org"})}),
    (CREATE, {"body": "{}"}),
    (CREATE, {"body": "not json"}),
    (CREATE, {"body": 5}),
    (CREATE, {}),
    (CREATE, None),
    (LIST, {}),
    (LIST, {"queryStringParameters": {"limit": "2"}}),
    (LIST, {"queryStringParameters": {"limit": "zero"}}),
    (LIST, None),
    (SLOW, {}),
]

ECHO_CASES = [{"a": 1, "b": [1, 2, {"c": "é"}]}, {"log_lines": 3},
              {"throw": "nope"}, {"sleep_ms": 5}, [1, 2], "text", None, 12]


@unittest.skipUnless(HAVE_NODE, "node is not installed")
class TestNodeAndPythonAgree(LambdaCase):
    """Every behaviour gives the same answer and the same log lines whether
    the .js handler runs under node or the Python twin runs."""

    def both(self, name, event):
        res = []
        for use_node in (True, False):
            self.settings(use_node=use_node)
            r, data, log = self.invoke(name, event)
            self.assertEqual(r.status, 200, data)
            body = json.loads(data)
            if isinstance(body, dict) and "errorMessage" in body and \
                    body.get("errorType") == "Sandbox.Timedout":
                body["errorMessage"] = body["errorMessage"].split(" ", 2)[2]
            res.append((r.getheader("X-Amz-Function-Error"), body,
                        _function_lines(log)))
        return res

    def test_demo_behaviours(self):
        for name, event in CASES:
            with self.subTest(function=name, event=event):
                node, py = self.both(name, event)
                self.assertEqual(node, py)

    def test_echo_behaviour(self):
        st, body = self.c.control("POST", "lambda/functions",
                                  {"name": "echo-fn", "timeout": 5})
        self.assertEqual(st, 200, body)
        for event in ECHO_CASES:
            with self.subTest(event=event):
                node, py = self.both("echo-fn", event)
                self.assertEqual(node, py)

    def test_node_really_runs(self):
        self.settings(use_node=True)
        r, data, log = self.invoke(GET, {"pathParameters": {"id": "boom"}})
        err = json.loads(data)
        self.assertEqual(err["trace"][1], "    at exports.handler "
                         "(/var/task/get-user.js:22:31)")


class TestInvoke(LambdaCase):

    def test_answers_and_headers(self):
        r, data, log = self.invoke(GET, {"pathParameters": {"id": "u-123"}})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"), "application/json")
        self.assertEqual(r.getheader("X-Amz-Executed-Version"), "$LATEST")
        self.assertIsNone(r.getheader("X-Amz-Function-Error"))
        rid = r.getheader("x-amzn-RequestId")
        self.assertIn("START RequestId: %s Version: $LATEST\n" % rid, log)
        self.assertIn("\nEND RequestId: %s\n" % rid, log)
        self.assertRegex(log, r"\nREPORT RequestId: %s\tDuration: \d+\.\d\d ms"
                         r"\tBilled Duration: \d+ ms\tMemory Size: 256 MB\t"
                         r"Max Memory Used: \d+ MB\tInit Duration: \d+\.\d\d "
                         r"ms\t\n$" % rid)
        self.assertTrue(log.startswith("INIT_START Runtime Version: "
                                       "nodejs:20.v33\tRuntime Version ARN: "))

    def test_cold_then_warm_same_stream(self):
        self.settings(use_node=False)
        r1, _, log1 = self.invoke(GET, {"pathParameters": {"id": "u-1"}})
        r2, _, log2 = self.invoke(GET, {"pathParameters": {"id": "u-2"}})
        self.assertIn("INIT_START", log1)
        self.assertIn("Init Duration", log1)
        self.assertNotIn("INIT_START", log2)
        self.assertNotIn("Init Duration", log2)
        store = self.srv.app.store
        rid1 = r1.getheader("x-amzn-RequestId")
        rid2 = r2.getheader("x-amzn-RequestId")
        evs = logdata.list_events(store, "123456789012", "us-east-1",
                                  "/aws/lambda/" + GET)
        streams = {s for s, ev in evs if rid1 in ev[1] or rid2 in ev[1]}
        self.assertEqual(len(streams), 1, streams)
        self.assertRegex(streams.pop(), r"^\d{4}/\d\d/\d\d/\[\$LATEST\]"
                         r"[0-9a-f]{32}$")
        # every message ends with a newline, as Lambda's do
        self.assertTrue(all(ev[1].endswith("\n") for s, ev in evs
                            if rid1 in ev[1]))
        # all environments cold again
        self.c.control("DELETE", "lambda/containers")
        _, _, log3 = self.invoke(GET, {"pathParameters": {"id": "u-3"}})
        self.assertIn("INIT_START", log3)

    def test_versions_and_aliases(self):
        self.settings(use_node=False)
        r, _, log = self.invoke(GET, {"pathParameters": {"id": "u-1"}},
                                qualifier="2")
        self.assertEqual(r.getheader("X-Amz-Executed-Version"), "2")
        self.assertIn("Version: 2\n", log)
        seen = []
        for _ in range(20):
            r, _, _ = self.invoke(GET + ":live", {"pathParameters": {
                "id": "u-1"}}, tail=False)
            seen.append(r.getheader("X-Amz-Executed-Version"))
        self.assertEqual(seen.count("4"), 2, seen)
        self.assertEqual(seen.count("3"), 18, seen)
        arn = "arn:aws:lambda:us-east-1:123456789012:function:" + GET
        r, _, _ = self.invoke(arn + ":staging", {"pathParameters": {
            "id": "u-1"}})
        self.assertEqual(r.getheader("X-Amz-Executed-Version"), "4")
        r, data, _ = self.invoke(GET + ":live", {}, qualifier="3")
        self.assertEqual(r.status, 400)
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "InvalidParameterValueException")
        for q in ("7", "nope"):
            r, data, _ = self.invoke(GET, {}, qualifier=q)
            self.assertEqual(r.status, 404)
            self.assertEqual(json.loads(data), {
                "Type": "User", "Message": "Function not found: %s:%s"
                % (arn, q)})

    def test_log_tail_is_last_4k(self):
        self.settings(use_node=False)
        self.c.control("POST", "lambda/functions", {"name": "chatty"})
        r, _, log = self.invoke("chatty", {"log_lines": 400})
        raw = base64.b64decode(r.getheader("X-Amz-Log-Result"))
        self.assertEqual(len(raw), 4096)
        self.assertTrue(log.endswith("\t\n"))
        self.assertIn("line 400 of 400", log)
        self.assertNotIn("START RequestId", log)

    def test_event_and_dry_run(self):
        self.settings(use_node=False)
        store = self.srv.app.store
        r, data, _ = self.invoke(LIST, {}, headers={
            "X-Amz-Invocation-Type": "DryRun"})
        self.assertEqual((r.status, data), (204, b""))
        rid = r.getheader("x-amzn-RequestId")
        self.assertEqual([ev for _, ev in logdata.list_events(
            store, "123456789012", "us-east-1", "/aws/lambda/" + LIST)
            if rid in ev[1]], [])
        r, data, _ = self.invoke(LIST, {}, headers={
            "X-Amz-Invocation-Type": "Event"})
        self.assertEqual((r.status, data), (202, b""))
        rid = r.getheader("x-amzn-RequestId")
        import time
        for _ in range(100):
            evs = logdata.list_events(store, "123456789012", "us-east-1",
                                      "/aws/lambda/" + LIST)
            if any(ev[1].startswith("REPORT RequestId: " + rid)
                   for _, ev in evs):
                break
            time.sleep(0.05)
        else:
            self.fail("the async invocation wrote no REPORT line")

    def test_service_errors(self):
        r, data, _ = self.invoke(GET, b"{\"a\": }")
        self.assertEqual(r.status, 400)
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "InvalidRequestContentException")
        self.assertTrue(json.loads(data)["Message"].startswith(
            "Could not parse request body into json: "))
        r, data, _ = self.invoke(GET, b"x" * (6 * 1024 * 1024 + 1))
        self.assertEqual(r.status, 413)
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "RequestTooLargeException")
        r, data, _ = self.invoke(GET, b"[" + b"1," * 600000 + b"1]",
                                 headers={"X-Amz-Invocation-Type": "Event"})
        self.assertEqual(r.status, 413)
        r, data, _ = self.invoke(GET, {}, headers={
            "X-Amz-Invocation-Type": "Sometimes"})
        self.assertEqual(r.status, 400)
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "ValidationException")
        r, data, _ = self.invoke(GET, {}, headers={
            "X-Amz-Client-Context": "not base64!"})
        self.assertEqual(r.status, 400)
        r, data, _ = self.invoke("bad name!", {})
        self.assertEqual(r.status, 400)
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "ValidationException")

    def test_timeout_is_capped_but_reported_in_full(self):
        self.settings(use_node=False, timeout_cap_seconds=0.1)
        import time
        t0 = time.monotonic()
        r, data, log = self.invoke(SLOW, {})
        self.assertLess(time.monotonic() - t0, 2.0)
        self.assertEqual(r.getheader("X-Amz-Function-Error"), "Unhandled")
        rid = r.getheader("x-amzn-RequestId")
        self.assertEqual(json.loads(data), {
            "errorType": "Sandbox.Timedout",
            "errorMessage": "RequestId: %s Error: Task timed out after 3.00 "
                            "seconds" % rid})
        self.assertRegex(log, r"Z %s Task timed out after 3\.00 seconds\n"
                         % rid)
        self.assertIn("Duration: 3000.00 ms\tBilled Duration: 3000 ms\t"
                      "Memory Size: 1024 MB", log)
        self.assertTrue(log.endswith("\tStatus: timeout\t\n"))
        # the environment was reset: the next run is a cold start
        _, _, log2 = self.invoke(SLOW, {})
        self.assertIn("INIT_START", log2)

    def test_python_runtime(self):
        event = {"Records": [
            {"messageId": "m1", "body": json.dumps({"orderId": "o1"})},
            {"messageId": "m2", "body": json.dumps({"orderId": "o2",
                                                    "fail": True})},
            {"messageId": "m3", "body": "garbage"}]}
        r, data, log = self.invoke(ORDERS, event)
        self.assertEqual(json.loads(data), {"batchItemFailures": [
            {"itemIdentifier": "m2"}, {"itemIdentifier": "m3"}]})
        self.assertIn("INIT_START Runtime Version: python:3.12", log)
        self.assertRegex(log, r"\[WARNING\]\t\d{4}-\d\d-\d\dT[0-9:.]+Z\t"
                         r"[0-9a-f-]{36}\torder o2 failed\n")
        r, data, log = self.invoke(ORDERS, {})
        err = json.loads(data)
        self.assertEqual((err["errorType"], err["errorMessage"]),
                         ("KeyError", "'Records'"))
        self.assertEqual(err["requestId"], r.getheader("x-amzn-RequestId"))
        self.assertIn("[ERROR] KeyError: 'Records'\nTraceback", log)

    def test_metrics_recorded(self):
        from slemu import metricdata
        self.settings(use_node=False)
        import time
        t0 = time.time()
        self.invoke(GET, {"pathParameters": {"id": "u-1"}})
        self.invoke(GET, {"pathParameters": {"id": "boom"}})
        store = self.srv.app.store
        dims = [["FunctionName", GET]]

        def total(metric):
            pts = metricdata.datapoints(store, "123456789012", "us-east-1",
                                        "AWS/Lambda", metric, dims,
                                        t0 - 120, t0 + 120)
            return sum(p[2] for p in pts), sum(p[1] for p in pts)
        inv_sum, _ = total("Invocations")
        err_sum, _ = total("Errors")
        _, dur_count = total("Duration")
        self.assertGreaterEqual(inv_sum, 2)
        self.assertGreaterEqual(err_sum, 1)
        self.assertGreaterEqual(dur_count, 2)


if __name__ == "__main__":
    unittest.main()
