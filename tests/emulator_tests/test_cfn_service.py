"""CloudFormation over real sockets: raw awsQuery shapes, server-side
paging tokens, the control endpoints, and regions.  The CLI test
(tests/test_emulator_cloudformation.sh) covers what /usr/bin/aws sees.

Run: python3 -m unittest discover -s tests/emulator_tests
"""

import os
import sys
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
sys.path.insert(0, HERE)

from slemu import demo, server  # noqa: E402
from slemu.routing import Registry  # noqa: E402
from slemu.services import cloudformation  # noqa: E402
from slemu.store import Store  # noqa: E402
import slclient  # noqa: E402

V = "2010-05-15"
NS = "{http://cloudformation.amazonaws.com/doc/2010-05-15/}"
ISO_MS = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"


def q(path):
    return "/".join(NS + p for p in path.split("/"))


class CfnCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.srv, cls.thread = server.serve(
            registry=Registry([cloudformation.SERVICE]), store=Store(),
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

    def call(self, op, params=None, **kw):
        r, body = self.c.query("cloudformation", op, V, params or {}, **kw)
        return r, ET.fromstring(body)

    def all_pages(self, op, params, member_path):
        items, token, pages = [], None, 0
        while True:
            p = dict(params)
            if token:
                p["NextToken"] = token
            r, x = self.call(op, p)
            self.assertEqual(r.status, 200, ET.tostring(x))
            items += x.findall(q(member_path))
            pages += 1
            token = x.findtext(q(op + "Result/NextToken"))
            if not token:
                return items, pages


class TestShapes(CfnCase):

    def test_describe_stacks_xml(self):
        r, x = self.call("DescribeStacks", {"StackName": "users-api"})
        self.assertEqual(r.status, 200)
        self.assertEqual(x.tag, NS + "DescribeStacksResponse")
        s = x.find(q("DescribeStacksResult/Stacks/member"))
        self.assertRegex(s.findtext(NS + "CreationTime"), ISO_MS)
        self.assertRegex(s.findtext(NS + "LastUpdatedTime"), ISO_MS)
        outs = {o.findtext(NS + "OutputKey"): o.findtext(NS + "ExportName")
                for o in s.findall(q("Outputs/member"))}
        self.assertEqual(outs["ApiUrl"], "users-api-ApiUrl")
        self.assertEqual(s.findtext(q("DriftInformation/StackDriftStatus")),
                         "IN_SYNC")
        self.assertEqual([c.text for c in s.findall(q("Capabilities/member"))],
                         ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"])
        self.assertIsNotNone(x.find(q("ResponseMetadata/RequestId")))

    def test_errors(self):
        r, x = self.call("DescribeStacks", {"StackName": "nope"})
        self.assertEqual(r.status, 400)
        self.assertEqual(x.findtext(q("Error/Type")), "Sender")
        self.assertEqual(x.findtext(q("Error/Code")), "ValidationError")
        self.assertEqual(x.findtext(q("Error/Message")),
                         "Stack with id nope does not exist")
        r, x = self.call("ListStackResources")
        self.assertEqual(x.findtext(q("Error/Code")), "ValidationError")
        self.assertIn("stackName", x.findtext(q("Error/Message")))
        r, x = self.call("ListStacks", {"NextToken": "bogus"})
        self.assertEqual(x.findtext(q("Error/Code")), "ValidationError")

    def test_physical_ids_agree_with_demo(self):
        items, _ = self.all_pages("ListStackResources",
                                  {"StackName": "users-api"},
                                  "ListStackResourcesResult/"
                                  "StackResourceSummaries/member")
        phys = {i.findtext(NS + "LogicalResourceId"):
                i.findtext(NS + "PhysicalResourceId") for i in items}
        for f in demo.functions_of("users-api"):
            self.assertEqual(phys[f["logical_id"]], f["name"])
            self.assertEqual(phys[f["logical_id"] + "LogGroup"],
                             demo.log_group_of(f))
            self.assertTrue(phys[f["logical_id"] + "Role"].startswith(
                "users-api-%sRole-" % f["logical_id"]))
        self.assertEqual(phys[demo.TABLE["logical_id"]],
                         demo.TABLE["physical_id"])
        self.assertTrue(phys["UsersDepsLayer"].endswith(
            ":layer:users-deps:%d" % max(v["version"] for v in
                                         demo.LAYER["versions"])))
        alarm_names = {a["name"] for a in demo.ALARMS
                       if a["name"].startswith("users-api-")}
        self.assertEqual(alarm_names & set(phys.values()), alarm_names)

    def test_event_ids(self):
        items, pages = self.all_pages(
            "DescribeStackEvents", {"StackName": "orders-pipeline"},
            "DescribeStackEventsResult/StackEvents/member")
        ids = [i.findtext(NS + "EventId") for i in items]
        self.assertEqual(len(ids), len(set(ids)))
        stack_ids = [i.findtext(NS + "EventId") for i in items
                     if i.findtext(NS + "ResourceType") ==
                     "AWS::CloudFormation::Stack"]
        for e in stack_ids:
            self.assertRegex(e, r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                             r"[0-9a-f]{4}-[0-9a-f]{12}$")
        failed = [i for i in items if i.findtext(NS + "ResourceStatus") ==
                  "UPDATE_FAILED"]
        self.assertEqual(len(failed), 2)
        # events of a stack-level CREATE_IN_PROGRESS carry the stack id
        first = items[-1]
        self.assertEqual(first.findtext(NS + "PhysicalResourceId"),
                         first.findtext(NS + "StackId"))


class TestPaging(CfnCase):

    def test_tokens_survive_new_stacks_and_events(self):
        st, d = self.c.control("POST", "cloudformation/stacks",
                               {"count": 150, "prefix": "p-", "resources": 2})
        self.assertEqual((st, d["count"]), (200, 150))
        r, x = self.call("ListStacks")
        first = [m.findtext(NS + "StackName") for m in
                 x.findall(q("ListStacksResult/StackSummaries/member"))]
        self.assertEqual(len(first), cloudformation.PAGE_SIZE)
        token = x.findtext(q("ListStacksResult/NextToken"))
        # stacks added between pages do not shift the next page
        self.c.control("POST", "cloudformation/stacks",
                       {"count": 5, "prefix": "late-"})
        r, x = self.call("ListStacks", {"NextToken": token})
        second = [m.findtext(NS + "StackName") for m in
                  x.findall(q("ListStacksResult/StackSummaries/member"))]
        self.assertEqual(len(first) + len(second), 153)
        self.assertEqual(second[-1], "legacy-cron")
        self.assertFalse(set(first) & set(second))
        # a token of another filter is refused
        r, x = self.call("ListStacks", {
            "NextToken": token, "StackStatusFilter.member.1":
            "CREATE_COMPLETE"})
        self.assertEqual(x.findtext(q("Error/Code")), "ValidationError")

    def test_exact_event_count_and_duplicates(self):
        st, d = self.c.control("POST", "cloudformation/stacks", {
            "stacks": [{"name": "ev", "resources": 3, "events": 250}]})
        self.assertEqual(st, 200)
        items, pages = self.all_pages(
            "DescribeStackEvents", {"StackName": "ev"},
            "DescribeStackEventsResult/StackEvents/member")
        self.assertEqual((len(items), pages), (250, 3))
        st, d = self.c.control("POST", "cloudformation/stacks",
                               {"stacks": [{"name": "ev"}]})
        self.assertEqual(st, 409)
        st, d = self.c.control("POST", "cloudformation/stacks",
                               {"stacks": [{"name": "1bad"}]})
        self.assertEqual(st, 400)

    def test_events_control(self):
        st, d = self.c.control("POST", "cloudformation/events", {
            "stack": "nope", "events": [{"status": "UPDATE_IN_PROGRESS"}]})
        self.assertEqual(st, 404)
        st, d = self.c.control("POST", "cloudformation/events", {
            "stack": "orders-pipeline", "events": [
                {"status": "UPDATE_IN_PROGRESS", "reason": "User Initiated"},
                {"logical_id": "NewTopic", "type": "AWS::SNS::Topic",
                 "status": "CREATE_IN_PROGRESS"},
                {"logical_id": "NewTopic", "status": "CREATE_FAILED",
                 "reason": "boom"},
                {"status": "UPDATE_ROLLBACK_IN_PROGRESS",
                 "reason": "The following resource(s) failed to create: "
                 "[NewTopic]. "}]})
        self.assertEqual((st, d["stack_status"]),
                         (200, "UPDATE_ROLLBACK_IN_PROGRESS"))
        r, x = self.call("DescribeStackResource", {
            "StackName": "orders-pipeline", "LogicalResourceId": "NewTopic"})
        self.assertEqual(x.findtext(q("DescribeStackResourceResult/"
                                      "StackResourceDetail/ResourceStatus")),
                         "CREATE_FAILED")
        r, x = self.call("DescribeStacks", {"StackName": "orders-pipeline"})
        self.assertEqual(x.findtext(q("DescribeStacksResult/Stacks/member/"
                                      "StackStatusReason")),
                         "The following resource(s) failed to create: "
                         "[NewTopic]. ")
        r, x = self.call("DescribeStackEvents",
                         {"StackName": "orders-pipeline"})
        top = x.findall(q("DescribeStackEventsResult/StackEvents/member"))[:4]
        self.assertEqual([m.findtext(NS + "ResourceStatus") for m in top],
                         ["UPDATE_ROLLBACK_IN_PROGRESS", "CREATE_FAILED",
                          "CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"])

    def test_regions_are_separate(self):
        r, x = self.call("ListStacks", region="eu-west-1")
        self.assertEqual(r.status, 200)
        self.assertEqual(x.findall(q("ListStacksResult/StackSummaries/"
                                     "member")), [])
        r, x = self.call("DescribeStacks", {"StackName": "users-api"},
                         region="eu-west-1")
        self.assertEqual(r.status, 400)


if __name__ == "__main__":
    unittest.main()
