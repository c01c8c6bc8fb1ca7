"""CloudWatch Logs data, paging and tokens: slemu.logdata directly, then
the Logs service over real sockets (signed with slclient).

Run: python3 -m unittest discover -s tests/emulator_tests -p 'test_logs_*.py'
"""

import base64
import json
import os
import re
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
sys.path.insert(0, HERE)

from slemu import demo, demo_logs, logdata, server  # noqa: E402
from slemu.routing import Registry  # noqa: E402
from slemu.services import logs  # noqa: E402
from slemu.store import Store  # noqa: E402
import slclient  # noqa: E402

ACCT = "123456789012"
REGION = "us-east-1"
T0 = 1714550400000          # 2024-05-01T08:00:00Z


class LogData(unittest.TestCase):
    def setUp(self):
        self.store = Store()

    def append(self, group, stream, events, **kw):
        return logdata.append_events(self.store, ACCT, REGION, group, stream,
                                     events, **kw)

    def test_append_creates_group_and_stream(self):
        n = self.append("/g", "s", [(T0, "a"), (T0 + 1, "b")], now=T0 + 5)
        self.assertEqual(n, 2)
        g = logdata.get_group(self.store, ACCT, REGION, "/g")
        s = g["streams"]["s"]
        self.assertEqual(g["eventCount"], 2)
        self.assertEqual(s["firstEventTimestamp"], T0)
        self.assertEqual(s["lastEventTimestamp"], T0 + 1)
        self.assertEqual(s["lastIngestionTime"], T0 + 5)
        self.assertEqual([e[logdata.ING] for e in s["events"]],
                         [T0 + 5, T0 + 5])
        self.assertEqual(g["storedBytes"], 2 * (1 + 26))
        # the state is in the store: reset forgets it
        self.store.reset()
        self.assertIsNone(logdata.get_group(self.store, ACCT, REGION, "/g"))

    def test_event_ids(self):
        self.append("/g", "s1", [(T0 + 5, "x"), (T0, "y"), (T0, "z")])
        self.append("/g", "s2", [(T0, "w")])
        self.append("/g", "s1", [(T0 + 2, "late")])
        evs = logdata.list_events(self.store, ACCT, REGION, "/g")
        ids = [logdata.event_id(ev) for _, ev in evs]
        for i in ids:
            self.assertRegex(i, r"^\d{56}$")
        self.assertEqual(len(set(ids)), len(ids))
        self.assertEqual(ids, sorted(ids))
        s1 = logdata.get_group(self.store, ACCT, REGION, "/g")["streams"][
            "s1"]["events"]
        # sorted by timestamp, input order kept for equal timestamps
        self.assertEqual([e[logdata.MSG] for e in s1],
                         ["y", "z", "late", "x"])

    def test_memory_cap_drops_oldest(self):
        cfg = logdata.config(self.store)
        cfg["max_events_per_group"] = 100
        for k in range(3):
            self.append("/g", "s%d" % k, [(T0 + i * 3 + k, "m%d" % (i * 3 + k))
                                          for i in range(50)])
        g = logdata.get_group(self.store, ACCT, REGION, "/g")
        self.assertLessEqual(g["eventCount"], 100)
        evs = logdata.list_events(self.store, ACCT, REGION, "/g")
        self.assertEqual(len(evs), g["eventCount"])
        self.assertEqual(evs[-1][1][logdata.MSG], "m149")
        # the oldest went first
        self.assertEqual(evs[0][1][logdata.TS],
                         T0 + 150 - g["eventCount"])
        self.assertEqual(g["storedBytes"], sum(
            logdata.message_size(e[logdata.MSG]) for _, e in evs))

    def test_filter_scan_budget_gives_empty_pages(self):
        for k in range(4):
            self.append("/g", "s%d" % k, [
                (T0 + i * 4 + k, "NEEDLE %d" % (i * 4 + k)
                 if (i * 4 + k) % 50 == 49 else "hay %d" % (i * 4 + k))
                for i in range(100)])
        g = logdata.get_group(self.store, ACCT, REGION, "/g")
        streams = sorted(g["streams"].items())
        match = logdata.compile_filter("NEEDLE")
        cursor, pages, got, empty = None, 0, [], 0
        while True:
            found, cursor, more, searched = logdata.filter_scan(
                streams, None, None, match, 10000, cursor=cursor, budget=30)
            pages += 1
            got += [ev[logdata.MSG] for _, ev in found]
            empty += not found
            if not more:
                break
        self.assertEqual(pages, 14)         # 400 events / 30 per call
        self.assertEqual(got, ["NEEDLE %d" % i for i in range(49, 400, 50)])
        self.assertGreater(empty, 0)

    def test_filter_scan_limit_bytes_range_descending(self):
        self.append("/g", "a", [(T0 + i, "x" * 1000) for i in range(0, 40, 2)])
        self.append("/g", "b", [(T0 + i, "y" * 1000) for i in range(1, 40, 2)])
        streams = sorted(logdata.get_group(self.store, ACCT, REGION,
                                           "/g")["streams"].items())
        found, cur, more, _ = logdata.filter_scan(streams, None, None, None,
                                                  5)
        self.assertEqual([ev[logdata.TS] - T0 for _, ev in found],
                         [0, 1, 2, 3, 4])
        self.assertEqual([n for n, _ in found], ["a", "b", "a", "b", "a"])
        self.assertTrue(more)
        # start and end are both inclusive
        found, _, more, _ = logdata.filter_scan(streams, T0 + 10, T0 + 20,
                                                None, 100)
        self.assertEqual(len(found), 11)
        self.assertFalse(more)
        # a page holds at most max_bytes of messages (+26 per event)
        found, _, more, _ = logdata.filter_scan(streams, None, None, None,
                                                100, max_bytes=10 * 1026)
        self.assertEqual(len(found), 10)
        self.assertTrue(more)
        # newest first
        found, cur, more, _ = logdata.filter_scan(streams, None, T0 + 30,
                                                  None, 3, descending=True)
        self.assertEqual([ev[logdata.TS] - T0 for _, ev in found],
                         [30, 29, 28])
        found, cur, more, _ = logdata.filter_scan(streams, None, T0 + 30,
                                                  None, 3, cursor=cur,
                                                  descending=True)
        self.assertEqual([ev[logdata.TS] - T0 for _, ev in found],
                         [27, 26, 25])

    def test_demo_is_deterministic(self):
        a = demo_logs.summary(T0, pattern="TypeError")
        b = demo_logs.summary(T0 + 86400000, pattern="TypeError")
        self.assertEqual(a, b)
        for fn in demo.FUNCTIONS:
            g = a[demo.log_group_of(fn)]
            self.assertGreater(g["events"], 1000)
            self.assertGreater(g["streams"], 3)
        self.assertIn(demo_logs.API_ACCESS_LOG_GROUP, a)
        data = demo_logs.generate(T0)
        get_user = data[demo.log_group_of(demo.FUNCTIONS[0])]
        errs = [ts for evs in get_user["streams"].values()
                for ts, msg, _ in evs if "Invoke Error" in msg]
        recent = [ts for ts in errs if ts >= T0 - 30 * 60000]
        self.assertGreater(len(recent), 0.9 * len(errs))
        self.assertTrue(all(T0 - 86400000 < ts < T0 for ts in errs))
        msgs = [msg for g in data.values() for evs in g["streams"].values()
                for _, msg, _ in evs]
        self.assertTrue(any(len(m) > 10240 for m in msgs))
        self.assertTrue(any("\x1b[31m" in m for m in msgs))
        self.assertTrue(any("\x1b]0;" in m for m in msgs))
        self.assertTrue(any(re.search("\r[^\n]", m) for m in msgs))
        self.assertTrue(any("Task timed out after 3.00 seconds" in m
                            for m in msgs))
        self.assertTrue(any("Init Duration: " in m for m in msgs))
        for m in msgs:
            if m.startswith("REPORT RequestId: "):
                self.assertRegex(m, r"^REPORT RequestId: [0-9a-f-]{36}\t"
                                 r"Duration: \d+\.\d\d ms\tBilled Duration: "
                                 r"\d+ ms\tMemory Size: \d+ MB\tMax Memory "
                                 r"Used: \d+ MB\t")


class LogsOverHttp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv, cls.thread = server.serve(
            registry=Registry([logs.SERVICE]), store=Store(), fault_seed=1)
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

    def call(self, op, payload):
        r, data = self.c.json_call("logs", "Logs_20140328." + op, payload)
        return r.status, json.loads(data.decode() or "{}")

    def ok(self, op, payload):
        st, body = self.call(op, payload)
        self.assertEqual(st, 200, body)
        return body

    def err(self, op, payload, code, message=None):
        st, body = self.call(op, payload)
        self.assertEqual(st, 400, body)
        self.assertEqual(body["__type"], code, body)
        if message is not None:
            self.assertEqual(body["message"], message)
        return body

    def events(self, group, stream, events):
        st, body = self.c.control("POST", "logs/events", {
            "group": group, "stream": stream, "events": events})
        self.assertEqual(st, 200, body)
        return body

    def test_describe_log_groups_paging(self):
        self.ok("CreateLogGroup", {"logGroupName": "/t/g000"})
        store = self.srv.app.store
        for i in range(1, 120):     # faster than 119 more requests
            logdata.ensure_group(store, ACCT, REGION, "/t/g%03d" % i)
        self.ok("CreateLogGroup", {"logGroupName": "/other"})
        names, token, pages = [], None, 0
        while True:
            req = {"logGroupNamePrefix": "/t/"}
            if token:
                req["nextToken"] = token
            body = self.ok("DescribeLogGroups", req)
            pages += 1
            names += [g["logGroupName"] for g in body["logGroups"]]
            token = body.get("nextToken")
            if not token:
                break
        self.assertEqual(pages, 3)
        self.assertEqual(names, ["/t/g%03d" % i for i in range(120)])
        g = self.ok("DescribeLogGroups", {"logGroupNamePrefix": "/other"})[
            "logGroups"][0]
        self.assertEqual(g["arn"], "arn:aws:logs:us-east-1:%s:log-group:"
                         "/other:*" % ACCT)
        self.assertEqual(g["logGroupArn"], g["arn"][:-2])
        self.assertEqual(g["storedBytes"], 0)
        body = self.ok("DescribeLogGroups", {"logGroupNamePattern": "g11",
                                             "limit": 5})
        self.assertEqual([x["logGroupName"] for x in body["logGroups"]],
                         ["/t/g%03d" % i for i in range(110, 115)])
        self.assertEqual(set(body["logGroups"][0]),
                         {"logGroupName", "creationTime", "arn"})
        self.err("DescribeLogGroups", {"logGroupNamePrefix": "/t",
                                       "logGroupNamePattern": "g"},
                 "InvalidParameterException")
        self.err("DescribeLogGroups", {"limit": 51},
                 "InvalidParameterException")
        self.err("DescribeLogGroups", {"limit": 0},
                 "InvalidParameterException")
        self.err("DescribeLogGroups", {"nextToken": "garbage"},
                 "InvalidParameterException",
                 "The specified nextToken is invalid.")
        # a token belongs to the request that produced it
        tok = self.ok("DescribeLogGroups", {"limit": 2})["nextToken"]
        self.err("DescribeLogGroups", {"limit": 2, "nextToken": tok,
                                       "logGroupNamePrefix": "/t/g05"},
                 "InvalidParameterException")
        self.ok("DescribeLogGroups", {"limit": 7, "nextToken": tok})

    def test_describe_log_streams(self):
        self.ok("CreateLogGroup", {"logGroupName": "/g"})
        for i, name in enumerate(["b", "a", "c", "d"]):
            self.events("/g", name, [[T0 + [5, 1, 9, 3][i], "x"]])
        self.ok("CreateLogStream", {"logGroupName": "/g",
                                    "logStreamName": "empty"})
        body = self.ok("DescribeLogStreams", {"logGroupName": "/g"})
        self.assertEqual([s["logStreamName"] for s in body["logStreams"]],
                         ["a", "b", "c", "d", "empty"])
        self.assertNotIn("lastEventTimestamp", body["logStreams"][4])
        self.assertEqual(body["logStreams"][0]["arn"],
                         "arn:aws:logs:us-east-1:%s:log-group:/g:log-stream:a"
                         % ACCT)
        body = self.ok("DescribeLogStreams", {
            "logGroupIdentifier": "arn:aws:logs:us-east-1:%s:log-group:/g"
            % ACCT, "orderBy": "LastEventTime", "descending": True,
            "limit": 2})
        self.assertEqual([s["logStreamName"] for s in body["logStreams"]],
                         ["c", "b"])
        body = self.ok("DescribeLogStreams", {
            "logGroupIdentifier": "/g", "orderBy": "LastEventTime",
            "descending": True, "limit": 2, "nextToken": body["nextToken"]})
        self.assertEqual([s["logStreamName"] for s in body["logStreams"]],
                         ["d", "a"])
        body = self.ok("DescribeLogStreams", {
            "logGroupName": "/g", "orderBy": "LastEventTime",
            "descending": True, "limit": 2, "nextToken": body["nextToken"]})
        self.assertEqual([s["logStreamName"] for s in body["logStreams"]],
                         ["empty"])
        self.assertNotIn("nextToken", body)
        self.err("DescribeLogStreams", {"logGroupName": "/g",
                                        "logStreamNamePrefix": "a",
                                        "orderBy": "LastEventTime"},
                 "InvalidParameterException")
        self.err("DescribeLogStreams", {"logGroupName": "/g",
                                        "logGroupIdentifier": "/g"},
                 "InvalidParameterException")
        self.err("DescribeLogStreams", {}, "InvalidParameterException")
        self.err("DescribeLogStreams", {"logGroupName": "/g",
                                        "orderBy": "Size"},
                 "InvalidParameterException")
        self.err("DescribeLogStreams", {"logGroupName": "/nope"},
                 "ResourceNotFoundException",
                 "The specified log group does not exist.")

    def filter_all(self, req, max_pages=1000):
        """Every page of a FilterLogEvents search: [(events, token)]."""
        pages = []
        token = None
        while len(pages) < max_pages:
            body = self.ok("FilterLogEvents",
                           dict(req, **({"nextToken": token} if token
                                        else {})))
            token = body.get("nextToken")
            pages.append((body["events"], token))
            if not token:
                break
        return pages

    def test_filter_paging_with_empty_pages(self):
        st, gen = self.c.control("POST", "logs/generate", {
            "group": "/bulk", "count": 3000, "stream_count": 7,
            "start_ms": T0, "interval_ms": 10, "mark_every": 700,
            "mark_offset": 650})
        self.assertEqual(st, 200, gen)
        self.assertEqual(gen["marked"], 4)
        st, cfg = self.c.control("POST", "logs/config", {"scan_budget": 500})
        self.assertEqual(cfg["scan_budget"], 500)
        pages = self.filter_all({"logGroupName": "/bulk",
                                 "filterPattern": "NEEDLE"})
        self.assertEqual(len(pages), 6)
        self.assertEqual(pages[0][0], [])           # empty, but a token
        self.assertTrue(pages[0][1])
        tokens = [t for _, t in pages[:-1]]
        self.assertEqual(len(set(tokens)), len(tokens))
        events = [e for evs, _ in pages for e in evs]
        self.assertEqual([e["message"] for e in events],
                         ["bulk event %d stream=%d level=%s NEEDLE"
                          % (i, i % 7, "WARN" if i % 10 == 9 else "INFO")
                          for i in (650, 1350, 2050, 2750)])
        for e in events:
            self.assertRegex(e["eventId"], r"^\d{56}$")
            self.assertEqual(e["logStreamName"], "stream-%03d"
                             % (int(e["message"].split()[2]) % 7))
        # limit: at most that many events per page, interleaved in time
        pages = self.filter_all({"logGroupName": "/bulk", "limit": 100,
                                 "startTime": T0 + 1000,
                                 "endTime": T0 + 4990})
        got = [e for evs, _ in pages for e in evs]
        self.assertTrue(all(len(evs) <= 100 for evs, _ in pages))
        self.assertEqual([e["timestamp"] for e in got],
                         list(range(T0 + 1000, T0 + 4991, 10)))
        self.assertEqual(len({e["eventId"] for e in got}), len(got))
        # stream selection
        pages = self.filter_all({"logGroupName": "/bulk",
                                 "logStreamNames": ["stream-003",
                                                    "stream-nope"],
                                 "filterPattern": "level=ERROR"})
        got = [e for evs, _ in pages for e in evs]
        self.assertEqual(len(got), len([i for i in range(3000)
                                        if i % 100 == 99 and i % 7 == 3]))
        self.err("FilterLogEvents", {"logGroupName": "/bulk",
                                     "logStreamNames": ["a"],
                                     "logStreamNamePrefix": "a"},
                 "InvalidParameterException")
        self.err("FilterLogEvents", {"logGroupName": "/bulk",
                                     "logStreamNames": ["s%d" % i
                                                        for i in range(101)]},
                 "InvalidParameterException")
        self.err("FilterLogEvents", {"logGroupName": "/bulk",
                                     "filterPattern": "{ $.x = }"},
                 "InvalidParameterException")
        self.err("FilterLogEvents", {"logGroupName": "/bulk",
                                     "limit": 10001},
                 "InvalidParameterException")

    def test_filter_json_pattern_and_one_megabyte_pages(self):
        self.c.control("POST", "logs/generate", {
            "group": "/json", "count": 1000, "stream_count": 3,
            "start_ms": T0, "json": True})
        got = [e for evs, _ in self.filter_all({
            "logGroupName": "/json",
            "filterPattern": "{ $.latencyMs > 400 && $.level = \"info\" }"})
            for e in evs]
        want = [i for i in range(1000) if (i * 37) % 500 > 400 and
                i % 10 != 9]
        self.assertEqual([json.loads(e["message"])["i"] for e in got], want)
        big = "z" * 200000
        self.events("/big", "s", [[T0 + i, big] for i in range(12)])
        pages = self.filter_all({"logGroupName": "/big"})
        self.assertEqual([len(evs) for evs, _ in pages], [5, 5, 2])

    def test_filter_token_errors(self):
        self.c.control("POST", "logs/generate", {
            "group": "/g", "count": 50, "start_ms": T0})
        self.c.control("POST", "logs/config", {"scan_budget": 10})
        body = self.ok("FilterLogEvents", {"logGroupName": "/g"})
        tok = body["nextToken"]
        self.err("FilterLogEvents", {"logGroupName": "/g",
                                     "nextToken": "garbage!"},
                 "InvalidParameterException",
                 "The specified nextToken is invalid.")
        forged = base64.urlsafe_b64decode(tok + "=" * (-len(tok) % 4))
        forged = base64.urlsafe_b64encode(
            forged.replace(b'"p":', b'"p":1')).decode().rstrip("=")
        self.err("FilterLogEvents", {"logGroupName": "/g",
                                     "nextToken": forged},
                 "InvalidParameterException")
        # bound to the request's parameters
        self.err("FilterLogEvents", {"logGroupName": "/g",
                                     "filterPattern": "x", "nextToken": tok},
                 "InvalidParameterException")
        # 24 hours
        now = time.time()
        payload = logs.decode_token(tok, "fle", json.loads(
            base64.urlsafe_b64decode(tok + "=" * (-len(tok) % 4))[12:])["h"],
            now)
        old = logs.encode_token("fle", payload["h"], now - 86401,
                                p=payload["p"], n=1)
        self.err("FilterLogEvents", {"logGroupName": "/g", "nextToken": old},
                 "InvalidParameterException")
        fresh = logs.encode_token("fle", payload["h"], now - 3600,
                                  p=payload["p"], n=1)
        self.ok("FilterLogEvents", {"logGroupName": "/g", "nextToken": fresh})
        self.err("FilterLogEvents", {"logGroupName": "/nope"},
                 "ResourceNotFoundException",
                 "The specified log group does not exist.")

    def test_get_log_events_tokens(self):
        self.events("/g", "s", [[T0 + i, "m%d" % i] for i in range(25)])
        req = {"logGroupName": "/g", "logStreamName": "s", "limit": 10}
        # default: the newest events
        body = self.ok("GetLogEvents", req)
        self.assertEqual([e["message"] for e in body["events"]],
                         ["m%d" % i for i in range(15, 25)])
        self.assertEqual(set(body["events"][0]),
                         {"timestamp", "message", "ingestionTime"})
        self.assertRegex(body["nextForwardToken"], r"^f/\d{56}/s$")
        self.assertRegex(body["nextBackwardToken"], r"^b/\d{56}/s$")
        back = self.ok("GetLogEvents", dict(
            req, nextToken=body["nextBackwardToken"]))
        self.assertEqual([e["message"] for e in back["events"]],
                         ["m%d" % i for i in range(5, 15)])
        back = self.ok("GetLogEvents", dict(
            req, nextToken=back["nextBackwardToken"]))
        self.assertEqual([e["message"] for e in back["events"]],
                         ["m%d" % i for i in range(0, 5)])
        end = self.ok("GetLogEvents", dict(
            req, nextToken=back["nextBackwardToken"]))
        self.assertEqual(end["events"], [])
        self.assertEqual(end["nextBackwardToken"], back["nextBackwardToken"])
        # forward from the head to the end: the token comes back unchanged
        got, token, calls = [], None, 0
        while True:
            r = dict(req, startFromHead=True)
            if token:
                r["nextToken"] = token
            body = self.ok("GetLogEvents", r)
            calls += 1
            got += [e["message"] for e in body["events"]]
            if body["nextForwardToken"] == token:
                break
            token = body["nextForwardToken"]
        self.assertEqual(got, ["m%d" % i for i in range(25)])
        self.assertEqual(calls, 4)
        # new events show up behind the end token
        self.events("/g", "s", [[T0 + 100, "late"]])
        body = self.ok("GetLogEvents", dict(req, startFromHead=True,
                                            nextToken=token))
        self.assertEqual([e["message"] for e in body["events"]], ["late"])
        # time window: startTime inclusive, endTime exclusive
        body = self.ok("GetLogEvents", dict(req, startTime=T0 + 3,
                                            endTime=T0 + 6,
                                            startFromHead=True))
        self.assertEqual([e["message"] for e in body["events"]],
                         ["m3", "m4", "m5"])
        empty = self.ok("GetLogEvents", dict(req, startTime=T0 + 1000))
        self.assertEqual(empty["events"], [])
        self.err("GetLogEvents", dict(req, nextToken="x/123"),
                 "InvalidParameterException",
                 "The specified nextToken is invalid.")
        self.err("GetLogEvents", dict(req, logStreamName="nope"),
                 "ResourceNotFoundException",
                 "The specified log stream does not exist.")
        self.err("GetLogEvents", {"logGroupName": "/g"},
                 "InvalidParameterException")

    def test_put_log_events(self):
        self.err("PutLogEvents", {"logGroupName": "/p", "logStreamName": "s",
                                  "logEvents": [{"timestamp": 1,
                                                 "message": "x"}]},
                 "ResourceNotFoundException",
                 "The specified log group does not exist.")
        self.ok("CreateLogGroup", {"logGroupName": "/p"})
        self.err("CreateLogGroup", {"logGroupName": "/p"},
                 "ResourceAlreadyExistsException")
        self.err("CreateLogGroup", {"logGroupName": "bad name"},
                 "InvalidParameterException")
        self.err("PutLogEvents", {"logGroupName": "/p", "logStreamName": "s",
                                  "logEvents": [{"timestamp": 1,
                                                 "message": "x"}]},
                 "ResourceNotFoundException",
                 "The specified log stream does not exist.")
        self.ok("CreateLogStream", {"logGroupName": "/p",
                                    "logStreamName": "s"})
        now = int(time.time() * 1000)
        msg = "Grüße 山田 🚀 \x1b[31mred\x1b[0m\r\ttab"
        body = self.ok("PutLogEvents", {
            "logGroupName": "/p", "logStreamName": "s",
            "logEvents": [{"timestamp": now - 15 * 86400000, "message": "old"},
                          {"timestamp": now - 15 * 86400000 + 1,
                           "message": "old2"}]})
        self.assertEqual(body["rejectedLogEventsInfo"],
                         {"tooOldLogEventEndIndex": 2})
        body = self.ok("PutLogEvents", {
            "logGroupName": "/p", "logStreamName": "s",
            "logEvents": [{"timestamp": now, "message": msg},
                          {"timestamp": now + 3 * 3600000,
                           "message": "new"}]})
        self.assertEqual(body["rejectedLogEventsInfo"],
                         {"tooNewLogEventStartIndex": 1})
        self.err("PutLogEvents", {
            "logGroupName": "/p", "logStreamName": "s",
            "logEvents": [{"timestamp": now - 25 * 3600000, "message": "a"},
                          {"timestamp": now, "message": "b"}]},
            "InvalidParameterException",
            "The batch of log events in a single PutLogEvents request "
            "cannot span more than 24 hours.")
        self.assertRegex(body["nextSequenceToken"], r"^\d+$")
        got = self.ok("FilterLogEvents", {"logGroupName": "/p"})["events"]
        self.assertEqual([e["message"] for e in got], [msg])
        self.err("PutLogEvents", {
            "logGroupName": "/p", "logStreamName": "s",
            "logEvents": [{"timestamp": now, "message": "b"},
                          {"timestamp": now - 1, "message": "a"}]},
            "InvalidParameterException")
        self.err("PutRetentionPolicy", {"logGroupName": "/p",
                                        "retentionInDays": 2},
                 "InvalidParameterException")
        self.ok("PutRetentionPolicy", {"logGroupName": "/p",
                                       "retentionInDays": 7})
        g = self.ok("DescribeLogGroups", {})["logGroups"][0]
        self.assertEqual(g["retentionInDays"], 7)
        self.ok("DeleteLogStream", {"logGroupName": "/p",
                                    "logStreamName": "s"})
        self.ok("DeleteLogGroup", {"logGroupName": "/p"})
        self.assertEqual(self.ok("DescribeLogGroups", {})["logGroups"], [])

    def test_throttling_fault(self):
        self.c.control("POST", "faults", {"type": "throttle",
                                          "service": "logs", "count": 1})
        self.err("DescribeLogGroups", {}, "ThrottlingException",
                 "Rate exceeded")
        self.ok("DescribeLogGroups", {})

    def test_demo_seed_and_reset(self):
        st, body = self.c.control("POST", "reset", {"demo": True})
        self.assertEqual(st, 200)
        st, info = self.c.control("GET", "logs/demo")
        self.assertEqual(st, 200, info)
        groups = self.ok("DescribeLogGroups", {})["logGroups"]
        names = [g["logGroupName"] for g in groups]
        for fn in demo.FUNCTIONS:
            self.assertIn(demo.log_group_of(fn), names)
        self.assertEqual(names, sorted(names))
        gu = demo.log_group_of(demo.FUNCTIONS[0])
        want = demo_logs.summary(info["seeded_ms"],
                                 since_ms=info["seeded_ms"] - 30 * 60000,
                                 pattern='"Invoke Error"')[gu]["matching"]
        got = [e for evs, _ in self.filter_all({
            "logGroupName": gu, "filterPattern": '"Invoke Error"',
            "startTime": info["seeded_ms"] - 30 * 60000}) for e in evs]
        self.assertEqual(len(got), want)
        self.assertGreater(want, 30)
        st, body = self.c.control("POST", "reset", {"demo": False})
        self.assertEqual(self.ok("DescribeLogGroups", {})["logGroups"], [])


if __name__ == "__main__":
    unittest.main()
