"""CloudWatch in both of its protocols (awsQuery and awsJson 1.0 with
x-amzn-query-error) and the metric store, over real sockets.  The CLI test
(tests/test_emulator_cloudwatch.sh) covers what /usr/bin/aws sees; this
covers the JSON protocol the CLI does not use and the raw wire shapes.

Run: python3 -m unittest discover -s tests/emulator_tests
"""

import json
import os
import sys
import time
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
sys.path.insert(0, HERE)

from slemu import metricdata, server  # noqa: E402
from slemu.routing import Registry  # noqa: E402
from slemu.services import cloudwatch  # noqa: E402
from slemu.store import Store  # noqa: E402
import slclient  # noqa: E402

V = "2010-08-01"
NS = "{http://monitoring.amazonaws.com/doc/2010-08-01/}"
TARGET = "GraniteServiceVersion20100801."
GETUSER = "users-api-GetUserFunction-4XJ2K9LQ7ZAB"


def q(path):
    """'A/B' -> namespaced ElementTree path."""
    return "/".join(NS + p if p not in (".", "..") else p
                    for p in path.split("/"))


class CwCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.srv, cls.thread = server.serve(
            registry=Registry([cloudwatch.SERVICE]), store=Store(),
            demo=True)
        cls.port = cls.srv.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.srv.app.stopping.set()
        cls.srv.shutdown()
        cls.srv.server_close()

    def setUp(self):
        self.c = slclient.Client(self.port)
        self.c.control("POST", "reset", {"demo": True})

    def tearDown(self):
        self.c.close()

    def js(self, op, payload):
        r, body = self.c.signed(
            "POST", "/", "monitoring", body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/x-amz-json-1.0",
                     "X-Amz-Target": TARGET + op,
                     "x-amzn-query-mode": "true"})
        return r, (json.loads(body) if body else None)

    def qy(self, op, params=None):
        r, body = self.c.query("monitoring", op, V, params or {})
        return r, ET.fromstring(body)


class TestJsonProtocol(CwCase):

    def test_describe_alarms_json(self):
        r, d = self.js("DescribeAlarms", {"AlarmTypes": ["MetricAlarm",
                                                        "CompositeAlarm"]})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"),
                         "application/x-amz-json-1.0")
        self.assertEqual(len(d["MetricAlarms"]), 4)
        self.assertEqual(d["CompositeAlarms"][0]["AlarmName"],
                         "users-api-health")
        a = [x for x in d["MetricAlarms"]
             if x["AlarmName"] == "users-api-GetUser-Errors"][0]
        # epoch seconds, not ISO strings
        self.assertIsInstance(a["StateUpdatedTimestamp"], (int, float))
        self.assertAlmostEqual(time.time() - a["StateUpdatedTimestamp"],
                               25 * 60, delta=120)
        self.assertEqual(a["Threshold"], 5.0)
        self.assertEqual(a["Dimensions"], [{"Name": "FunctionName",
                                            "Value": GETUSER}])

    def test_same_answer_both_protocols(self):
        _, d = self.js("DescribeAlarms", {"StateValue": "ALARM"})
        _, x = self.qy("DescribeAlarms", {"StateValue": "ALARM"})
        names_x = [m.text for m in x.iter(NS + "AlarmName")]
        self.assertEqual([a["AlarmName"] for a in d["MetricAlarms"]],
                         names_x)

    def test_json_errors_carry_query_code(self):
        r, d = self.js("GetMetricData", {
            "StartTime": time.time() - 3600, "EndTime": time.time(),
            "MetricDataQueries": [{"Id": "Bad", "Expression": "1"}]})
        self.assertEqual(r.status, 400)
        self.assertEqual(d["__type"], "ValidationError")
        self.assertIn("Bad", d["message"])
        self.assertEqual(r.getheader("x-amzn-query-error"),
                         "ValidationError;Sender")
        r, d = self.js("SetAlarmState", {"AlarmName": "nope",
                                         "StateValue": "OK",
                                         "StateReason": "x"})
        self.assertEqual(r.status, 404)
        self.assertEqual(r.getheader("x-amzn-query-error"),
                         "ResourceNotFound;Sender")
        r, d = self.js("GetMetricStatistics", {
            "Namespace": "AWS/Lambda", "MetricName": "Errors",
            "StartTime": time.time() - 3600, "EndTime": time.time(),
            "Period": 60})
        self.assertEqual(d["__type"], "InvalidParameterCombinationException")
        self.assertEqual(r.getheader("x-amzn-query-error"),
                         "InvalidParameterCombination;Sender")

    def test_throttling_json_and_query(self):
        self.c.control("POST", "faults", {"type": "throttle",
                                          "service": "monitoring",
                                          "count": 2})
        r, d = self.js("DescribeAlarms", {})
        self.assertEqual(r.status, 400)
        self.assertEqual(d["__type"], "ThrottlingException")
        self.assertEqual(r.getheader("x-amzn-query-error"), "Throttling;Sender")
        r, x = self.qy("DescribeAlarms")
        self.assertEqual(x.findtext(q("Error/Code")), "Throttling")

    def test_get_metric_data_json_epoch(self):
        end = int(time.time()) // 60 * 60
        r, d = self.js("GetMetricData", {
            "StartTime": end - 3600, "EndTime": end,
            "MetricDataQueries": [{
                "Id": "inv", "MetricStat": {"Metric": {
                    "Namespace": "AWS/Lambda", "MetricName": "Invocations",
                    "Dimensions": [{"Name": "FunctionName",
                                    "Value": GETUSER}]},
                    "Period": 600, "Stat": "Sum"}}],
            "MaxDatapoints": 4})
        self.assertEqual(r.status, 200, d)
        res = d["MetricDataResults"][0]
        self.assertEqual(res["StatusCode"], "PartialData")
        self.assertEqual(len(res["Timestamps"]), 4)
        self.assertEqual(res["Timestamps"][0], end - 600)
        self.assertIn("NextToken", d)
        r, d2 = self.js("GetMetricData", {
            "StartTime": end - 3600, "EndTime": end, "NextToken":
            d["NextToken"], "MetricDataQueries": [{
                "Id": "inv", "MetricStat": {"Metric": {
                    "Namespace": "AWS/Lambda", "MetricName": "Invocations",
                    "Dimensions": [{"Name": "FunctionName",
                                    "Value": GETUSER}]},
                    "Period": 600, "Stat": "Sum"}}],
            "MaxDatapoints": 4})
        res2 = d2["MetricDataResults"][0]
        self.assertEqual(res2["StatusCode"], "Complete")
        self.assertEqual(res2["Timestamps"], [end - 3000, end - 3600])
        self.assertNotIn("NextToken", d2)
        # a token of another request is refused
        r, d3 = self.js("GetMetricData", {
            "StartTime": end - 7200, "EndTime": end,
            "NextToken": d["NextToken"], "MetricDataQueries": [{
                "Id": "x", "Expression": "1"}]})
        self.assertEqual(r.getheader("x-amzn-query-error"),
                         "InvalidNextToken;Sender")

    def test_put_metric_data_and_list_metrics(self):
        now = time.time()
        r, _ = self.js("PutMetricData", {"Namespace": "Slctl/Test",
                                         "MetricData": [
                                             {"MetricName": "Latency",
                                              "Unit": "Milliseconds",
                                              "Values": [10, 20, 30],
                                              "Counts": [1, 1, 2],
                                              "Timestamp": now - 30}]})
        self.assertEqual(r.status, 200)
        r, d = self.js("ListMetrics", {"Namespace": "Slctl/Test"})
        self.assertEqual(d["Metrics"], [{"Namespace": "Slctl/Test",
                                         "MetricName": "Latency",
                                         "Dimensions": []}])
        r, d = self.js("GetMetricStatistics", {
            "Namespace": "Slctl/Test", "MetricName": "Latency",
            "StartTime": now - 600, "EndTime": now + 60, "Period": 600,
            "Statistics": ["Sum", "SampleCount", "Maximum"]})
        p = d["Datapoints"][0]
        self.assertEqual((p["Sum"], p["SampleCount"], p["Maximum"],
                          p["Unit"]), (90.0, 4.0, 30.0, "Milliseconds"))
        r, d = self.js("PutMetricData", {"Namespace": "AWS/Lambda",
                                         "MetricData": [{"MetricName": "X",
                                                         "Value": 1}]})
        self.assertEqual(r.getheader("x-amzn-query-error"),
                         "InvalidParameterValue;Sender")
        r, d = self.js("ListMetrics", {"Namespace": "AWS/Lambda",
                                       "MetricName": "Throttles"})
        self.assertEqual([m["Dimensions"][0]["Value"] for m in d["Metrics"]],
                         ["users-api-ListUsersFunction-2HD8RT5KXV0C"])


class TestQueryShapes(CwCase):

    def test_describe_alarms_xml(self):
        r, x = self.qy("DescribeAlarms", {"AlarmTypes.member.1":
                                          "CompositeAlarm"})
        self.assertEqual(r.status, 200)
        self.assertEqual(x.tag, NS + "DescribeAlarmsResponse")
        comp = x.find(q("DescribeAlarmsResult/CompositeAlarms/member"))
        self.assertEqual(comp.findtext(NS + "AlarmName"), "users-api-health")
        ts = comp.findtext(NS + "StateUpdatedTimestamp")
        self.assertRegex(ts, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertIsNotNone(x.find(q("DescribeAlarmsResult/MetricAlarms")))
        self.assertIsNotNone(x.find(q("ResponseMetadata/RequestId")))

    def test_extended_statistics_map(self):
        end = int(time.time()) // 60 * 60
        r, x = self.qy("GetMetricStatistics", {
            "Namespace": "AWS/Lambda", "MetricName": "Duration",
            "Dimensions.member.1.Name": "FunctionName",
            "Dimensions.member.1.Value": GETUSER,
            "StartTime": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                       time.gmtime(end - 600)),
            "EndTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(end)),
            "Period": "300", "ExtendedStatistics.member.1": "p99",
            "Statistics.member.1": "Maximum"})
        self.assertEqual(r.status, 200)
        pts = x.findall(q("GetMetricStatisticsResult/Datapoints/member"))
        self.assertEqual(len(pts), 2)
        entry = pts[0].find(q("ExtendedStatistics/entry"))
        self.assertEqual(entry.findtext(NS + "key"), "p99")
        self.assertLessEqual(float(entry.findtext(NS + "value")),
                             float(pts[0].findtext(NS + "Maximum")))

    def test_history_paging_tokens(self):
        seen = []
        token = None
        for _ in range(20):
            params = {"MaxRecords": "2", "AlarmTypes.member.1": "MetricAlarm",
                      "AlarmTypes.member.2": "CompositeAlarm"}
            if token:
                params["NextToken"] = token
            r, x = self.qy("DescribeAlarmHistory", params)
            self.assertEqual(r.status, 200)
            seen += [m.findtext(NS + "Timestamp") + m.findtext(
                NS + "HistoryItemType") + m.findtext(NS + "AlarmName")
                for m in x.iter(NS + "member")]
            token = x.findtext(q("DescribeAlarmHistoryResult/NextToken"))
            if not token:
                break
        self.assertIsNone(token)
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(seen, sorted(seen, key=lambda s: s[:24],
                                      reverse=True))
        r, x = self.qy("DescribeAlarmHistory", {"NextToken": "garbage!"})
        self.assertEqual(x.findtext(q("Error/Code")), "InvalidNextToken")

    def test_expression_and_constant(self):
        end = int(time.time()) // 60 * 60
        base = "MetricDataQueries.member.%d."
        p = {"StartTime": str(end - 600), "EndTime": str(end)}
        for i, (qid, metric, ret) in enumerate(
                [("inv", "Invocations", "false"), ("err", "Errors", "false")],
                1):
            p.update({base % i + "Id": qid, base % i + "ReturnData": ret,
                      base % i + "MetricStat.Metric.Namespace": "AWS/Lambda",
                      base % i + "MetricStat.Metric.MetricName": metric,
                      base % i + "MetricStat.Metric.Dimensions.member.1.Name":
                      "FunctionName",
                      base % i + "MetricStat.Metric.Dimensions.member.1.Value":
                      GETUSER,
                      base % i + "MetricStat.Period": "600",
                      base % i + "MetricStat.Stat": "Sum"})
        p.update({base % 3 + "Id": "ok", base % 3 + "Expression":
                  "(inv - err) / inv * 100"})
        r, x = self.qy("GetMetricData", p)
        self.assertEqual(r.status, 200, ET.tostring(x))
        vals = [float(v.text) for v in x.iter(NS + "member")
                if v.text and v.text[0].isdigit() and "T" not in v.text]
        self.assertEqual(len(vals), 1)
        self.assertTrue(50 < vals[0] < 100)
        p[base % 3 + "Expression"] = "inv +"
        r, x = self.qy("GetMetricData", p)
        self.assertEqual(x.findtext(q("Error/Code")), "ValidationError")
        p[base % 3 + "Expression"] = "nope * 2"
        r, x = self.qy("GetMetricData", p)
        self.assertIn("nope", x.findtext(q("Error/Message")))


class TestAlarmsBehaviour(CwCase):

    def test_composite_follows_children_and_history(self):
        self.js("SetAlarmState", {"AlarmName": "users-api-GetUser-Errors",
                                  "StateValue": "OK", "StateReason": "t"})
        _, d = self.js("DescribeAlarms", {"AlarmNames": ["users-api-health"],
                                          "AlarmTypes": ["CompositeAlarm"]})
        self.assertEqual(d["CompositeAlarms"][0]["StateValue"], "OK")
        _, h = self.js("DescribeAlarmHistory", {
            "AlarmName": "users-api-health", "AlarmTypes": ["CompositeAlarm"],
            "HistoryItemType": "StateUpdate", "MaxRecords": 1})
        item = h["AlarmHistoryItems"][0]
        self.assertEqual(item["HistorySummary"],
                         "Alarm updated from ALARM to OK")
        self.assertEqual(json.loads(item["HistoryData"])["newState"]
                         ["stateValue"], "OK")

    def test_children_and_parents(self):
        _, d = self.js("DescribeAlarms",
                       {"ChildrenOfAlarmName": "users-api-health"})
        self.assertEqual(sorted(a["AlarmName"] for a in d["MetricAlarms"]),
                         ["users-api-CreateUser-Duration-p99",
                          "users-api-GetUser-Errors"])
        _, d = self.js("DescribeAlarms",
                       {"ParentsOfAlarmName": "users-api-GetUser-Errors"})
        self.assertEqual([a["AlarmName"] for a in d["CompositeAlarms"]],
                         ["users-api-health"])
        r, d = self.js("DescribeAlarms", {
            "ChildrenOfAlarmName": "users-api-health",
            "StateValue": "OK"})
        self.assertEqual(d["__type"], "InvalidParameterCombinationException")

    def test_bench_alarms_control(self):
        st, d = self.c.control("POST", "monitoring/alarms",
                               {"count": 120, "prefix": "bench-"})
        self.assertEqual(st, 200)
        self.assertEqual(len(d["names"]), 120)
        names, token, pages = [], None, 0
        while True:
            body = {"AlarmNamePrefix": "bench-", "MaxRecords": 100}
            if token:
                body["NextToken"] = token
            _, d = self.js("DescribeAlarms", body)
            names += [a["AlarmName"] for a in d["MetricAlarms"]]
            pages += 1
            token = d.get("NextToken")
            if not token:
                break
        self.assertEqual((len(names), pages), (120, 2))
        self.assertEqual(names, sorted(names))

    def test_reset_without_demo_is_empty(self):
        self.c.control("POST", "reset", {"demo": False})
        _, d = self.js("DescribeAlarms", {})
        self.assertEqual(d["MetricAlarms"], [])
        self.c.control("POST", "reset", {"demo": True})


class TestMetricStore(unittest.TestCase):

    def test_record_as_lambda_does(self):
        s = Store()
        t = 1_700_000_000
        for i in range(10):
            metricdata.record(s, "1", "us-east-1", "fn", "Invocations",
                              t + i, 1)
            metricdata.record(s, "1", "us-east-1", "fn", "Duration",
                              t + i, 100 + i)
        metricdata.record(s, "1", "us-east-1", "fn", "Errors", t + 3, 1)
        pts = metricdata.datapoints(s, "1", "us-east-1", "AWS/Lambda",
                                    "Errors", {"FunctionName": "fn"},
                                    t - 60, t + 60)
        # Errors: one per invocation, one of them an error
        self.assertEqual([(p[1], p[2]) for p in pts], [(10, 1.0)])
        pts = metricdata.datapoints(s, "1", "us-east-1", "AWS/Lambda",
                                    "Duration", [("FunctionName", "fn")],
                                    t - 60, t + 60)
        agg = metricdata.aggregate(pts, t - 60, t + 60, 60)
        self.assertEqual(len(agg), 1)
        a = agg[0][1]
        self.assertEqual(metricdata.statistic(a, "Maximum"), 109.0)
        self.assertEqual(metricdata.statistic(a, "Average"), 104.5)
        self.assertTrue(100 <= metricdata.statistic(a, "p50") <= 109)
        self.assertEqual(metricdata.statistic(a, "p100"), 109.0)
        # no dimensions: every function
        metricdata.record(s, "1", "us-east-1", "other", "Invocations", t, 1)
        pts = metricdata.datapoints(s, "1", "us-east-1", "AWS/Lambda",
                                    "Invocations", {}, t - 60, t + 60)
        self.assertEqual(sum(p[2] for p in pts), 11.0)
        # other accounts and regions see nothing
        self.assertEqual(metricdata.datapoints(
            s, "1", "eu-west-1", "AWS/Lambda", "Invocations", {}, t - 60,
            t + 60), [])

    def test_bounded_memory(self):
        s = Store()
        t = 1_700_000_000
        for i in range(5000):
            metricdata.record(s, "1", "us-east-1", "fn", "Duration", t,
                              float(i))
        pts = metricdata.datapoints(s, "1", "us-east-1", "AWS/Lambda",
                                    "Duration", {"FunctionName": "fn"},
                                    t - 60, t + 60)
        self.assertEqual(pts[0][1], 5000)
        self.assertLessEqual(len(pts[0][5]), metricdata.SAMPLES_CAP)
        a = metricdata.aggregate(pts, t - 60, t + 60, 60)[0][1]
        self.assertTrue(4000 < metricdata.statistic(a, "p99") <= 4999)
        self.assertEqual(metricdata.statistic(a, "Minimum"), 0.0)

    def test_state_is_json(self):
        s = Store()
        metricdata.record(s, "1", "us-east-1", "fn", "Invocations", 1e9, 1)
        json.dumps(s.snapshot())


if __name__ == "__main__":
    unittest.main()
