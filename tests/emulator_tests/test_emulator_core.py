"""The emulator core over real sockets: HTTP/1.1 behaviour, the control
API, faults, the four protocol error shapes, and STS details the CLI test
does not look at.  Test-only services (JSON, restJson, restXml) are
registered next to STS on an in-process server.

Run: python3 -m unittest discover -s tests/emulator_tests
"""

import contextlib
import datetime
import email.utils
import io
import hashlib
import http.client
import json
import os
import socket
import sys
import tempfile
import threading
import time
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
sys.path.insert(0, HERE)

from slemu import protocols, server  # noqa: E402
from slemu.routing import Registry  # noqa: E402
from slemu.service import AwsError, Response, Service  # noqa: E402
from slemu.services import sts  # noqa: E402
from slemu.store import Store  # noqa: E402
import slclient  # noqa: E402

STS_V = "2011-06-15"
STS_NS = "{https://sts.amazonaws.com/doc/2011-06-15/}"


def make_test_services():
    js = Service(signing_name="fakejson", protocol="json",
                 target_prefix="Fake_20200101", json_version="1.1")

    @js.operation("Echo")
    def echo(ctx):
        body = ctx.json()
        st = ctx.state
        st["calls"] = st.get("calls", 0) + 1
        return {"echo": body, "account": ctx.account_id,
                "region": ctx.region, "calls": st["calls"],
                "when": datetime.datetime(2024, 5, 1, 12, 0, 0,
                                          tzinfo=datetime.timezone.utc)}

    @js.operation("Missing")
    def missing(ctx):
        raise AwsError("ResourceNotFoundException", "no such thing", 400)

    @js.operation("Crash")
    def crash(ctx):
        raise RuntimeError("handler bug")

    @js.operation("Stream", locked=False)
    def stream(ctx):
        def gen():
            for i in range(3):
                yield b"chunk%d;" % i
        return Response(200, stream=gen(), content_type="text/plain")

    rj = Service(signing_name="fakerest", protocol="rest-json")

    @rj.route("GET", "/2015-03-31/functions/{FunctionName}", "GetThing")
    def get_thing(ctx):
        return {"name": ctx.labels["FunctionName"],
                "qualifier": ctx.query.get("Qualifier")}

    @rj.route("GET", "/2015-03-31/functions/", "ListThings")
    def list_things(ctx):
        return {"Functions": []}

    @rj.route("POST", "/2015-03-31/functions/{FunctionName}/invocations",
              "Invoke")
    def invoke(ctx):
        return Response(200, ctx.body, [("X-Amz-Executed-Version", "$LATEST")])

    @rj.route("GET", "/2015-03-31/missing/{Name}", "GetMissing")
    def get_missing(ctx):
        raise AwsError("ResourceNotFoundException",
                       "Function not found: %s" % ctx.labels["Name"], 404)

    s3 = Service(signing_name="s3", protocol="rest-xml")

    @s3.route("PUT", "/{Bucket}/{Key+}", "PutObject")
    def put_object(ctx):
        ctx.account_state.setdefault("objects", {})[
            (ctx.labels["Bucket"] + "/" + ctx.labels["Key"])] = ctx.body
        return Response(200, b"", [("ETag", '"%s"' % hashlib.md5(
            ctx.body).hexdigest())])

    @s3.route("GET", "/{Bucket}", "ListObjectsV2", query={"list-type": "2"})
    def list_objects(ctx):
        return {"ListBucketResult": {"Name": ctx.labels["Bucket"],
                                     "KeyCount": 0}}

    return [js, rj, s3]


class EmulatorCase(unittest.TestCase):
    max_body = server.MAX_BODY

    @classmethod
    def setUpClass(cls):
        reg = Registry([sts.SERVICE] + make_test_services())
        cls.srv, cls.thread = server.serve(
            registry=reg, store=Store(), max_body=cls.max_body, fault_seed=1)
        cls.port = cls.srv.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.srv.app.stopping.set()
        cls.srv.shutdown()
        cls.srv.server_close()

    def setUp(self):
        self.c = slclient.Client(self.port)
        self.c.control("POST", "reset")

    def tearDown(self):
        self.c.close()

    def assert_common_headers(self, r, body):
        self.assertIsNotNone(r.getheader("Date"))
        email.utils.parsedate_to_datetime(r.getheader("Date"))
        if r.status not in (204, 304) and \
                r.getheader("Transfer-Encoding") is None:
            self.assertEqual(int(r.getheader("Content-Length")), len(body))


class TestHttp(EmulatorCase):

    def test_keep_alive_and_headers(self):
        socks = set()
        for _ in range(5):
            r, body = self.c.query("sts", "GetCallerIdentity", STS_V)
            self.assertEqual(r.status, 200, body)
            self.assert_common_headers(r, body)
            self.assertIsNotNone(r.getheader("x-amzn-RequestId"))
            socks.add(id(self.c.conn.sock))
        self.assertEqual(len(socks), 1, "connection was not kept alive")

    def test_errors_and_control_have_date_and_length(self):
        r, body = self.c.raw("POST", "/", b"Action=GetCallerIdentity", {
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 403)
        self.assert_common_headers(r, body)
        self.assertIn(b"MissingAuthenticationToken", body)
        r, body = self.c.raw("GET", "/__emulator/health")
        self.assertEqual(r.status, 200)
        self.assert_common_headers(r, body)
        r, body = self.c.raw("GET", "/__emulator/nope")
        self.assertEqual(r.status, 404)
        self.assert_common_headers(r, body)

    def test_chunked_request_body(self):
        form = b"Action=GetCallerIdentity&Version=2011-06-15"
        h = slclient.sign_headers(
            "POST", self.c.host, "/", [], {
                "Content-Type": "application/x-www-form-urlencoded"},
            form, "sts")
        self.c.conn.putrequest("POST", "/", skip_host=True,
                               skip_accept_encoding=True)
        for k, v in h.items():
            self.c.conn.putheader(k, v)
        self.c.conn.putheader("Transfer-Encoding", "chunked")
        self.c.conn.endheaders()
        self.c.conn.send(b"10\r\n" + form[:16] + b"\r\n")
        rest = form[16:]
        self.c.conn.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(rest), rest))
        r = self.c.conn.getresponse()
        body = r.read()
        self.assertEqual(r.status, 200, body)

    def test_streamed_response_is_chunked(self):
        r, body = self.c.json_call("fakejson", "Fake_20200101.Stream", {})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Transfer-Encoding"), "chunked")
        self.assertEqual(body, b"chunk0;chunk1;chunk2;")
        # and the connection still works afterwards
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {"a": 1})
        self.assertEqual(r.status, 200)

    def test_handler_crash_is_500_and_server_survives(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            r, body = self.c.json_call("fakejson", "Fake_20200101.Crash", {})
        self.assertIn("RuntimeError: handler bug", err.getvalue())
        self.assertEqual(r.status, 500)
        self.assertEqual(json.loads(body)["__type"], "InternalFailure")
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {})
        self.assertEqual(r.status, 200)

    def test_garbage_requests_do_not_kill_the_server(self):
        for payload in (b"GARBAGE\r\n\r\n", b"POST / HTTP/1.1\r\n"
                        b"Content-Length: xyz\r\n\r\n",
                        b"\x00\xff" * 100 + b"\r\n\r\n"):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            s.sendall(payload)
            try:
                s.recv(4096)
            except OSError:
                pass
            s.close()
        r, body = self.c.query("sts", "GetCallerIdentity", STS_V)
        self.assertEqual(r.status, 200)

    def test_many_threads(self):
        errors = []

        def work():
            c = slclient.Client(self.port)
            try:
                for _ in range(10):
                    r, body = c.json_call("fakejson", "Fake_20200101.Echo", {})
                    if r.status != 200:
                        errors.append(body)
            except Exception as e:     # noqa: BLE001
                errors.append(e)
            finally:
                c.close()
        ts = [threading.Thread(target=work) for _ in range(8)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(errors, [])
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {})
        self.assertEqual(json.loads(body)["calls"], 81)


class TestBodyCap(EmulatorCase):
    max_body = 1024

    def test_too_large_is_413_and_closes(self):
        r, body = self.c.raw("POST", "/", b"x" * 4096, {
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 413)
        self.assertEqual(r.getheader("Connection"), "close")
        self.assert_common_headers(r, body)


class TestProtocols(EmulatorCase):

    def test_json_result_and_state(self):
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {"x": 1},
                                   region="eu-west-1")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"),
                         "application/x-amz-json-1.1")
        d = json.loads(body)
        self.assertEqual(d["echo"], {"x": 1})
        self.assertEqual((d["account"], d["region"]),
                         ("123456789012", "eu-west-1"))
        self.assertEqual(d["when"], 1714564800.0)
        # state is per region
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {},
                                   region="us-east-1")
        self.assertEqual(json.loads(body)["calls"], 1)

    def test_json_errors(self):
        r, body = self.c.json_call("fakejson", "Fake_20200101.Missing", {})
        self.assertEqual(r.status, 400)
        self.assertEqual(json.loads(body), {"__type": "ResourceNotFoundException",
                                            "message": "no such thing"})
        self.assertIsNotNone(r.getheader("x-amzn-RequestId"))
        r, body = self.c.json_call("fakejson", "Fake_20200101.Nope", {})
        self.assertEqual(json.loads(body)["__type"],
                         "UnknownOperationException")
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {},
                                   secret="wrong")
        self.assertEqual(r.status, 400)
        self.assertEqual(json.loads(body)["__type"],
                         "InvalidSignatureException")
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {},
                                   akid="AKIDUNKNOWN")
        self.assertEqual(json.loads(body)["__type"],
                         "UnrecognizedClientException")
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {},
                                   amz_date=slclient.amz_now(-900))
        d = json.loads(body)
        self.assertEqual(d["__type"], "InvalidSignatureException")
        self.assertTrue(d["message"].startswith("Signature expired: "))
        self.assertIn("is now earlier than", d["message"])
        self.assertTrue(d["message"].endswith(" - 5 min.)"))
        r, body = self.c.signed("POST", "/", "fakejson", body=b"{not json",
                                headers={"X-Amz-Target":
                                         "Fake_20200101.Echo",
                                         "Content-Type":
                                         "application/x-amz-json-1.1"})
        self.assertEqual(json.loads(body)["__type"], "SerializationException")

    def test_rest_json_double_encoded_label(self):
        arn = "arn:aws:lambda:us-east-1:123456789012:function:f"
        wire = "/2015-03-31/functions/" + slclient._q(arn)
        self.assertIn("%3A", wire)
        r, body = self.c.signed("GET", wire, "fakerest",
                                query=[("Qualifier", "$LATEST")])
        self.assertEqual(r.status, 200, body)
        self.assertEqual(json.loads(body), {"name": arn,
                                            "qualifier": "$LATEST"})
        # a client that encodes the canonical path only once is caught
        r, body = self.c.signed("GET", wire, "fakerest", double_encode=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "InvalidSignatureException")

    def test_rest_json_routes_and_errors(self):
        r, body = self.c.signed("GET", "/2015-03-31/functions", "fakerest")
        self.assertEqual((r.status, json.loads(body)), (200, {"Functions": []}))
        r, body = self.c.signed("POST", "/2015-03-31/functions/f/invocations",
                                "fakerest", body=b'{"k":"v"}')
        self.assertEqual((r.status, body), (200, b'{"k":"v"}'))
        self.assertEqual(r.getheader("X-Amz-Executed-Version"), "$LATEST")
        r, body = self.c.signed("GET", "/2015-03-31/missing/zz", "fakerest")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "ResourceNotFoundException")
        self.assertEqual(json.loads(body)["Message"], "Function not found: zz")
        r, body = self.c.signed("DELETE", "/nowhere", "fakerest")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "UnknownOperationException")
        r, body = self.c.signed("GET", "/2015-03-31/functions/f", "fakerest",
                                akid="AKIDUNKNOWN")
        self.assertEqual(r.status, 403)
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "UnrecognizedClientException")

    def test_presigned_rest_request(self):
        qs = slclient.presign("GET", self.c.host, "/2015-03-31/functions/f",
                              [], "fakerest")
        r, body = self.c.raw("GET", "/2015-03-31/functions/f?" + qs)
        self.assertEqual(r.status, 200, body)
        qs = slclient.presign("GET", self.c.host, "/2015-03-31/functions/f",
                              [], "fakerest", expires=60,
                              amz_date=slclient.amz_now(-120))
        r, body = self.c.raw("GET", "/2015-03-31/functions/f?" + qs)
        self.assertEqual(r.status, 403)
        ctl = self.c.control("GET", "requests?operation=GetThing")[1]
        self.assertEqual(ctl["requests"][-1]["signature"], "presign_expired")
        self.assertNotIn(qs.rsplit("=", 1)[1], ctl["requests"][-1]["path"])

    def test_s3_single_encoding_and_payload_hash(self):
        wire = "/bucket/dir/a%20b%2Bc.zip"
        r, body = self.c.signed("PUT", wire, "s3", body=b"zipdata")
        self.assertEqual(r.status, 200, body)
        self.assertEqual(r.getheader("ETag"),
                         '"%s"' % hashlib.md5(b"zipdata").hexdigest())
        self.assertIsNotNone(r.getheader("x-amz-request-id"))
        st = self.c.control("GET", "state?service=s3")[1]
        self.assertEqual(list(st.values())[0]["objects"].keys().__len__(), 1)
        # wrong body hash
        r, body = self.c.signed("PUT", wire, "s3", body=b"zipdata", headers={
            "x-amz-content-sha256": hashlib.sha256(b"other").hexdigest()})
        self.assertEqual(r.status, 400)
        self.assertEqual(ET.fromstring(body).findtext("Code"),
                         "XAmzContentSHA256Mismatch")
        # no body hash at all
        r, body = self.c.signed("PUT", wire, "s3", body=b"zipdata",
                                content_sha=False)
        self.assertEqual(r.status, 400)
        # a signer that double-encodes S3 keys is caught
        r, body = self.c.signed("PUT", wire, "s3", body=b"zipdata",
                                double_encode=True)
        self.assertEqual(r.status, 403)
        e = ET.fromstring(body)
        self.assertEqual(e.findtext("Code"), "SignatureDoesNotMatch")
        self.assertIn("/bucket/dir/a%20b%2Bc.zip", e.findtext("CanonicalRequest"))
        self.assertIsNotNone(e.findtext("StringToSign"))
        # query-constrained route
        r, body = self.c.signed("GET", "/bucket", "s3",
                                query=[("list-type", "2")])
        self.assertEqual(r.status, 200, body)
        self.assertEqual(ET.fromstring(body).tag,
                         "{http://s3.amazonaws.com/doc/2006-03-01/}"
                         "ListBucketResult")

    def test_query_helpers(self):
        p = protocols.parse_form(
            b"Action=X&A.member.2=b&A.member.1=a+b&T.member.1.Key=k&"
            b"T.member.1.Value=v&M.entry.1.key=x&M.entry.1.value=y&S.In.F=1")
        self.assertEqual(protocols.get_list(p, "A"), ["a b", "b"])
        self.assertEqual(protocols.get_struct_list(p, "T"),
                         [{"Key": "k", "Value": "v"}])
        self.assertEqual(protocols.get_map(p, "M"), {"x": "y"})
        self.assertEqual(protocols.unflatten(p)["S"], {"In": {"F": "1"}})
        x = protocols.xml_element("R", {"L": ["a", "b"], "E": [], "N": None,
                                        "B": True, "S": "<&>"})
        self.assertEqual(x, "<R><L><member>a</member><member>b</member></L>"
                         "<E/><B>true</B><S>&lt;&amp;&gt;</S></R>")


class TestFaults(EmulatorCase):

    def sts_call(self):
        return self.c.query("sts", "GetCallerIdentity", STS_V)

    def test_throttle_shapes(self):
        self.c.control("POST", "faults", {"faults": [
            {"type": "throttle", "service": "sts", "count": 1},
            {"type": "throttle", "service": "fakejson", "count": 1},
            {"type": "throttle", "service": "fakerest", "count": 1,
             "retry_after": 3},
            {"type": "throttle", "service": "s3", "count": 1}]})
        r, body = self.sts_call()
        self.assertEqual(r.status, 400)
        e = ET.fromstring(body)
        self.assertEqual(e.findtext(STS_NS + "Error/" + STS_NS + "Code"),
                         "Throttling")
        self.assertEqual(e.findtext(STS_NS + "Error/" + STS_NS + "Type"),
                         "Sender")
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {})
        self.assertEqual((r.status, json.loads(body)["__type"]),
                         (400, "ThrottlingException"))
        r, body = self.c.signed("GET", "/2015-03-31/functions/f", "fakerest")
        self.assertEqual(r.status, 429)
        self.assertEqual(r.getheader("Retry-After"), "3")
        self.assertEqual(r.getheader("X-Amzn-ErrorType"),
                         "TooManyRequestsException")
        r, body = self.c.signed("PUT", "/b/k", "s3", body=b"x")
        self.assertEqual(r.status, 503)
        self.assertEqual(ET.fromstring(body).findtext("Code"), "SlowDown")
        self.assertEqual(self.c.control("GET", "faults")[1]["faults"], [])

    def test_percent(self):
        self.c.control("POST", "faults", {"type": "error", "status": 500,
                                          "percent": 0})
        for _ in range(5):
            self.assertEqual(self.sts_call()[0].status, 200)
        self.c.control("DELETE", "faults")
        self.c.control("POST", "faults", {"type": "error", "status": 500,
                                          "percent": 100, "operation":
                                          "GetCallerIdentity"})
        for _ in range(3):
            r, body = self.sts_call()
            self.assertEqual(r.status, 500)
            self.assertIn(b"<Type>Receiver</Type>", body)
        f = self.c.control("GET", "faults")[1]["faults"]
        self.assertEqual(f[0]["hits"], 3)

    def test_bad_fault_rule_rejected(self):
        st, d = self.c.control("POST", "faults", {"type": "explode"})
        self.assertEqual(st, 400)
        st, d = self.c.control("POST", "faults", {"faults": [
            {"type": "throttle"}, {"type": "error", "status": 99}]})
        self.assertEqual(st, 400)
        self.assertEqual(self.c.control("GET", "faults")[1]["faults"], [])

    def test_reset_mid_body(self):
        self.c.control("POST", "faults", {"type": "reset", "count": 1})
        with self.assertRaises((ConnectionResetError, http.client.IncompleteRead,
                                http.client.RemoteDisconnected)):
            self.sts_call()
        self.c.close()
        self.c = slclient.Client(self.port)
        self.assertEqual(self.sts_call()[0].status, 200)
        log = self.c.control("GET", "requests?operation=GetCallerIdentity")[1]
        self.assertEqual([e["fault"] for e in log["requests"]],
                         ["reset", None])

    def test_truncated_body(self):
        self.c.control("POST", "faults", {"type": "truncate", "count": 1,
                                          "after_bytes": 10})
        with self.assertRaises(http.client.IncompleteRead) as cm:
            self.sts_call()
        self.assertEqual(len(cm.exception.partial), 10)
        self.c.close()
        self.c = slclient.Client(self.port)
        self.assertEqual(self.sts_call()[0].status, 200)

    def test_slow_first_byte(self):
        self.c.control("POST", "faults", {"type": "slow", "delay_ms": 600,
                                          "count": 1})
        t0 = time.monotonic()
        self.assertEqual(self.sts_call()[0].status, 200)
        self.assertGreaterEqual(time.monotonic() - t0, 0.55)
        t0 = time.monotonic()
        self.assertEqual(self.sts_call()[0].status, 200)
        self.assertLess(time.monotonic() - t0, 0.5)

    def test_error_after_handler_ran(self):
        self.c.control("POST", "faults", {"type": "error", "status": 502,
                                          "phase": "after", "count": 1,
                                          "service": "fakejson"})
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {})
        self.assertEqual(r.status, 502)
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {})
        self.assertEqual(json.loads(body)["calls"], 2)   # the first ran

    def test_clock_offset(self):
        self.c.control("POST", "faults", {"type": "clock",
                                          "offset_seconds": 7200})
        r, body = self.sts_call()
        self.assertEqual(r.status, 403)
        self.assertIn(b"Signature expired", body)
        server_date = email.utils.parsedate_to_datetime(r.getheader("Date"))
        skew = server_date.timestamp() - time.time()
        self.assertAlmostEqual(skew, 7200, delta=5)
        # a client that corrects its clock from the Date header gets through
        r, body = self.c.query("sts", "GetCallerIdentity", STS_V,
                               amz_date=slclient.amz_now(7200))
        self.assertEqual(r.status, 200, body)
        self.c.control("DELETE", "faults")
        r, _ = self.sts_call()
        self.assertEqual(r.status, 200)
        skew = email.utils.parsedate_to_datetime(
            r.getheader("Date")).timestamp() - time.time()
        self.assertLess(abs(skew), 5)


class TestSts(EmulatorCase):

    def test_xml_shape(self):
        r, body = self.c.query("sts", "AssumeRole", STS_V, {
            "RoleArn": "arn:aws:iam::123456789012:role/ops",
            "RoleSessionName": "shape"})
        self.assertEqual(r.status, 200, body)
        self.assertEqual(r.getheader("Content-Type"), "text/xml")
        root = ET.fromstring(body)
        self.assertEqual(root.tag, STS_NS + "AssumeRoleResponse")
        res = root.find(STS_NS + "AssumeRoleResult")
        exp = res.findtext("%sCredentials/%sExpiration" % (STS_NS, STS_NS))
        self.assertRegex(exp, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertIsNone(res.find(STS_NS + "PackedPolicySize"))
        rid = root.findtext("%sResponseMetadata/%sRequestId" % (STS_NS, STS_NS))
        self.assertEqual(rid, r.getheader("x-amzn-RequestId"))

    def test_error_shape(self):
        r, body = self.c.query("sts", "AssumeRole", STS_V, {
            "RoleArn": "arn:aws:iam::123456789012:role/ops"})
        self.assertEqual(r.status, 400)
        root = ET.fromstring(body)
        self.assertEqual(root.tag, STS_NS + "ErrorResponse")
        self.assertEqual(root.findtext("%sError/%sCode" % (STS_NS, STS_NS)),
                         "ValidationError")
        self.assertIn("roleSessionName", root.findtext(
            "%sError/%sMessage" % (STS_NS, STS_NS)))
        self.assertIsNotNone(root.findtext(STS_NS + "RequestId"))

    def test_wrong_version_and_action(self):
        r, body = self.c.query("sts", "GetCallerIdentity", "2010-01-01")
        self.assertIn(b"InvalidAction", body)
        r, body = self.c.query("sts", "FlyToTheMoon", STS_V)
        self.assertEqual(r.status, 400)
        self.assertIn(b"InvalidAction", body)

    def test_mfa_and_roles_via_control(self):
        st, role = self.c.control("POST", "roles", {
            "arn": "arn:aws:iam::123456789012:role/custom",
            "mfa_required": True, "mfa_code": "999999",
            "mfa_serial": "arn:aws:iam::123456789012:mfa/ci",
            "max_session_duration": 7200})
        self.assertEqual(st, 200)
        base = {"RoleArn": "arn:aws:iam::123456789012:role/custom",
                "RoleSessionName": "c1",
                "SerialNumber": "arn:aws:iam::123456789012:mfa/ci",
                "TokenCode": "999999"}
        self.assertEqual(self.c.query("sts", "AssumeRole", STS_V, base)[0]
                         .status, 200)
        r, body = self.c.query("sts", "AssumeRole", STS_V,
                               dict(base, TokenCode="123456"))
        self.assertEqual(r.status, 403)
        self.assertIn(b"MultiFactorAuthentication failed", body)
        r, body = self.c.query("sts", "AssumeRole", STS_V,
                               dict(base, SerialNumber="arn:aws:iam::"
                                    "123456789012:mfa/other"))
        self.assertEqual(r.status, 403)
        r, body = self.c.query("sts", "AssumeRole", STS_V,
                               dict(base, DurationSeconds="10800"))
        self.assertIn(b"MaxSessionDuration", body)
        self.assertEqual(self.c.control("GET", "sts/mfa")[1],
                         {"arn:aws:iam::123456789012:role/mfa-admin": "123456",
                          "arn:aws:iam::123456789012:role/custom": "999999"})

    def test_temporary_credentials_everywhere(self):
        r, body = self.c.query("sts", "AssumeRole", STS_V, {
            "RoleArn": "arn:aws:iam::123456789012:role/ops",
            "RoleSessionName": "everywhere"})
        res = ET.fromstring(body).find(STS_NS + "AssumeRoleResult")
        cred = {e.tag[len(STS_NS):]: e.text
                for e in res.find(STS_NS + "Credentials")}
        kw = dict(akid=cred["AccessKeyId"], secret=cred["SecretAccessKey"],
                  token=cred["SessionToken"])
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {}, **kw)
        self.assertEqual(r.status, 200, body)
        r, body = self.c.signed("GET", "/2015-03-31/functions/f", "fakerest",
                                **kw)
        self.assertEqual(r.status, 200, body)
        r, body = self.c.signed("PUT", "/b/k", "s3", body=b"1", **kw)
        self.assertEqual(r.status, 200, body)
        kw["token"] = kw["token"][:-2] + "xx"
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {}, **kw)
        self.assertEqual(json.loads(body)["__type"],
                         "UnrecognizedClientException")
        r, body = self.c.signed("PUT", "/b/k", "s3", body=b"1", **kw)
        self.assertEqual(ET.fromstring(body).findtext("Code"), "InvalidToken")

    def test_expired_temporary_credentials(self):
        ident = self.srv.app.store.issue_temporary("123456789012", -5,
                                                   role_arn="arn:aws:iam::"
                                                   "123456789012:role/ops",
                                                   session_name="old")
        kw = dict(akid=ident.access_key, secret=ident.secret,
                  token=ident.session_token)
        r, body = self.c.query("sts", "GetCallerIdentity", STS_V, **kw)
        self.assertEqual(r.status, 403)
        self.assertIn(b"<Code>ExpiredToken</Code>", body)
        r, body = self.c.json_call("fakejson", "Fake_20200101.Echo", {}, **kw)
        self.assertEqual(json.loads(body)["__type"], "ExpiredTokenException")


class TestStore(unittest.TestCase):

    def test_save_and_load(self):
        with tempfile.TemporaryDirectory() as d:
            s = Store(state_dir=d)
            s.add_key("AKIDX", "sec", account_id="111122223333", user="u")
            st = s.region_state("svc", "111122223333", "eu-west-1")
            st["blob"] = b"\x00\x01"
            st["list"] = [1, 2]
            s.save()
            s2 = Store(state_dir=d)
            self.assertTrue(s2.load())
            self.assertEqual(s2.lookup_key("AKIDX").arn,
                             "arn:aws:iam::111122223333:user/u")
            self.assertEqual(s2.region_state("svc", "111122223333",
                                             "eu-west-1"),
                             {"blob": b"\x00\x01", "list": [1, 2]})


if __name__ == "__main__":
    unittest.main()
