"""StartLiveTail: the event stream framing (prelude and message CRCs,
string headers), initial-response / sessionStart / sessionUpdate, filter
patterns, and request errors as plain JSON errors.

Run: python3 -m unittest discover -s tests/emulator_tests -p 'test_logs_*.py'
"""

import http.client
import json
import os
import struct
import sys
import time
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
sys.path.insert(0, HERE)

from slemu import server  # noqa: E402
from slemu.routing import Registry  # noqa: E402
from slemu.services import logs  # noqa: E402
from slemu.store import Store  # noqa: E402
import slclient  # noqa: E402

ARN = "arn:aws:logs:us-east-1:123456789012:log-group:"


def read_message(r):
    """One event-stream message from a response: (headers, payload)."""
    prelude = r.read(12)
    if len(prelude) < 12:
        return None
    total, hlen, pcrc = struct.unpack("!III", prelude)
    assert zlib.crc32(prelude[:8]) & 0xffffffff == pcrc, "prelude CRC"
    rest = r.read(total - 12)
    msg = prelude + rest
    (mcrc,) = struct.unpack("!I", msg[-4:])
    assert zlib.crc32(msg[:-4]) & 0xffffffff == mcrc, "message CRC"
    hb, payload = msg[12:12 + hlen], msg[12 + hlen:-4]
    headers = {}
    i = 0
    while i < len(hb):
        n = hb[i]
        name = hb[i + 1:i + 1 + n].decode()
        i += 1 + n
        assert hb[i] == 7, "string header"
        (vlen,) = struct.unpack("!H", hb[i + 1:i + 3])
        headers[name] = hb[i + 3:i + 3 + vlen].decode()
        i += 3 + vlen
    return headers, payload


class LiveTail(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv, cls.thread = server.serve(
            registry=Registry([logs.SERVICE]), store=Store())
        cls.port = cls.srv.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.srv.app.stopping.set()
        cls.srv.shutdown()
        cls.srv.server_close()

    def setUp(self):
        self.c = slclient.Client(self.port)
        self.c.control("POST", "reset")
        for g in ("/lt/a", "/lt/b"):
            self.c.control("POST", "logs/events", {
                "group": g, "stream": "s1", "events": [[1, "old"]]})

    def tearDown(self):
        self.c.close()

    def start(self, payload):
        body = json.dumps(payload).encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        h = slclient.sign_headers(
            "POST", "127.0.0.1:%d" % self.port, "/", [], {
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "Logs_20140328.StartLiveTail"}, body, "logs")
        conn.request("POST", "/", body=body, headers=h)
        return conn, conn.getresponse()

    def test_session(self):
        conn, r = self.start({
            "logGroupIdentifiers": [ARN + "/lt/a", ARN + "/lt/b"],
            "logEventFilterPattern": "ERROR"})
        try:
            self.assertEqual(r.status, 200)
            self.assertEqual(r.getheader("Content-Type"),
                             "application/vnd.amazon.eventstream")
            h, p = read_message(r)
            self.assertEqual((h[":message-type"], h[":event-type"]),
                             ("event", "initial-response"))
            self.assertEqual(json.loads(p), {})
            h, p = read_message(r)
            self.assertEqual(h[":event-type"], "sessionStart")
            start = json.loads(p)
            self.assertEqual(start["logGroupIdentifiers"],
                             [ARN + "/lt/a", ARN + "/lt/b"])
            self.assertEqual(start["logEventFilterPattern"], "ERROR")
            self.assertTrue(start["sessionId"])
            now = int(time.time() * 1000)
            self.c.control("POST", "logs/events", {
                "group": "/lt/a", "stream": "s2",
                "events": [[now, "INFO fine"], [now + 1, "ERROR boom ü"]]})
            self.c.control("POST", "logs/events", {
                "group": "/lt/b", "stream": "s1",
                "events": [[now + 2, "ERROR two"]]})
            got = []
            for _ in range(5):
                h, p = read_message(r)
                self.assertEqual(h[":event-type"], "sessionUpdate")
                upd = json.loads(p)
                self.assertFalse(upd["sessionMetadata"]["sampled"])
                got += upd["sessionResults"]
                if len(got) >= 2:
                    break
            self.assertEqual(sorted((e["logGroupIdentifier"],
                                     e["logStreamName"], e["message"])
                                    for e in got),
                             [(ARN + "/lt/a", "s2", "ERROR boom ü"),
                              (ARN + "/lt/b", "s1", "ERROR two")])
            for e in got:
                self.assertIn("timestamp", e)
                self.assertIn("ingestionTime", e)
        finally:
            conn.close()

    def test_request_errors_are_json(self):
        for payload, code in [
                ({}, "InvalidParameterException"),
                ({"logGroupIdentifiers": [ARN + "/lt/a:*"]},
                 "InvalidParameterException"),
                ({"logGroupIdentifiers": [ARN + "/nope"]},
                 "ResourceNotFoundException"),
                ({"logGroupIdentifiers": [ARN + "/lt/a", ARN + "/lt/b"],
                  "logStreamNames": ["s1"]}, "InvalidParameterException"),
                ({"logGroupIdentifiers": [ARN + "/lt/a"],
                  "logEventFilterPattern": "{ $.x = }"},
                 "InvalidParameterException")]:
            conn, r = self.start(payload)
            try:
                body = json.loads(r.read())
                self.assertEqual(r.status, 400, payload)
                self.assertEqual(body["__type"], code, payload)
            finally:
                conn.close()


if __name__ == "__main__":
    unittest.main()
