"""The emulator's Lambda listings, lookups and layers, and the S3 details
Lambda relies on (layer zips from S3, presigned code locations), over real
sockets with the independent signer.  Stdlib only."""

import base64
import hashlib
import io
import json
import os
import sys
import unittest
import urllib.parse
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
sys.path.insert(0, HERE)

from slemu import server  # noqa: E402
from slemu.routing import Registry  # noqa: E402
from slemu.services import lambda_, s3  # noqa: E402
from slemu.store import Store  # noqa: E402
import slclient  # noqa: E402

GET = "users-api-GetUserFunction-4XJ2K9LQ7ZAB"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:" + GET
LAYERS = "/2018-10-31/layers"


def a_zip(files=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in (files or {"nodejs/x.js": "x"}).items():
            z.writestr(k, v)
    return buf.getvalue()


class Case(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        reg = Registry([lambda_.SERVICE, s3.SERVICE])
        cls.srv, cls.thread = server.serve(registry=reg, store=Store(),
                                           demo=True)
        cls.port = cls.srv.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.srv.app.stopping.set()
        cls.srv.shutdown()
        cls.srv.server_close()

    def setUp(self):
        self.c = slclient.Client(self.port, timeout=30)
        self.c.control("POST", "reset", {"demo": True})

    def tearDown(self):
        self.c.close()

    def call(self, method, path, query=(), body=None, raw=None,
             region="us-east-1"):
        data = raw if raw is not None else (
            json.dumps(body).encode() if body is not None else b"")
        r, out = self.c.signed(method, path, "lambda", query=list(query),
                               body=data, region=region,
                               headers={"Content-Type": "application/json"})
        return r.status, r.getheader("X-Amzn-ErrorType"), (
            json.loads(out) if out.strip() else None)

    def s3(self, method, path, body=b"", headers=None, query=(),
           region="us-east-1"):
        return self.c.signed(method, path, "s3", query=list(query), body=body,
                             headers=headers or {}, region=region)

    def publish(self, name="users-deps", **body):
        return self.call("POST", "%s/%s/versions" % (LAYERS, name), body=body)


class TestFunctions(Case):

    def test_list_all_versions_and_paging_errors(self):
        st, _, d = self.call("GET", "/2015-03-31/functions",
                             [("FunctionVersion", "ALL"), ("MaxItems", "50")])
        self.assertEqual(st, 200)
        mine = [(f["Version"], f["FunctionArn"]) for f in d["Functions"]
                if f["FunctionName"] == GET]
        self.assertEqual([v for v, _ in mine], ["$LATEST", "1", "2", "3", "4"])
        self.assertEqual(mine[0][1], ARN + ":$LATEST")
        st, code, _ = self.call("GET", "/2015-03-31/functions/",
                                [("MaxItems", "0")])
        self.assertEqual((st, code), (400, "ValidationException"))
        st, code, _ = self.call("GET", "/2015-03-31/functions/",
                                [("Marker", "garbage")])
        self.assertEqual((st, code), (400, "InvalidParameterValueException"))

    def test_name_forms(self):
        for name in (GET, ARN, "123456789012:function:" + GET):
            st, _, d = self.call("GET", "/2015-03-31/functions/%s"
                                 % urllib.parse.quote(name, safe=""))
            self.assertEqual(st, 200, name)
            self.assertEqual(d["Configuration"]["FunctionArn"], ARN)
        st, _, d = self.call("GET", "/2015-03-31/functions/%s/configuration"
                             % urllib.parse.quote(GET + ":live", safe=""))
        self.assertEqual((d["Version"], d["FunctionArn"]),
                         ("3", ARN + ":live"))
        # the demo's live version still runs on the previous layer version
        self.assertEqual(d["Layers"][0]["Arn"],
                         "arn:aws:lambda:us-east-1:123456789012:layer:"
                         "users-deps:2")
        st, code, d = self.call("GET", "/2015-03-31/functions/%s" %
                                urllib.parse.quote(ARN.replace(
                                    "us-east-1", "eu-west-1"), safe=""))
        self.assertEqual((st, code), (404, "ResourceNotFoundException"))
        self.assertEqual(d["Message"], "Functions from 'eu-west-1' are not "
                         "reachable in this region ('us-east-1')")
        st, code, _ = self.call("GET", "/2015-03-31/functions/bad%20name")
        self.assertEqual((st, code), (400, "ValidationException"))

    def test_alias_tags_settings(self):
        st, _, d = self.call("GET", "/2015-03-31/functions/%s/aliases/live"
                             % GET)
        self.assertEqual(d["RoutingConfig"], {
            "AdditionalVersionWeights": {"4": 0.1}})
        st, code, _ = self.call("GET", "/2015-03-31/functions/%s/aliases/x"
                                % GET)
        self.assertEqual((st, code), (404, "ResourceNotFoundException"))
        st, _, d = self.call("GET", "/2017-03-31/tags/%s"
                             % urllib.parse.quote(ARN, safe=""))
        self.assertEqual(d["Tags"]["aws:cloudformation:logical-id"],
                         "GetUserFunction")
        st, _, d = self.call("GET", "/2016-08-19/account-settings/")
        self.assertEqual(d["AccountUsage"]["FunctionCount"], 5)

    def test_control_functions(self):
        st, d = self.c.control("POST", "lambda/functions", {
            "count": 3, "prefix": "t-", "versions": 2, "memory": 512,
            "behaviour": "list-users"})
        self.assertEqual((st, d["names"]), (200, ["t-001", "t-002", "t-003"]))
        st, _, d = self.call("GET", "/2015-03-31/functions/t-002/versions")
        self.assertEqual([v["Version"] for v in d["Versions"]],
                         ["$LATEST", "1", "2"])
        self.assertEqual(d["Versions"][1]["MemorySize"], 512)
        st, d = self.c.control("DELETE", "lambda/functions?prefix=t-")
        self.assertEqual(d, {"removed": 3})
        st, d = self.c.control("POST", "lambda/functions",
                               {"name": "x", "behaviour": "nope"})
        self.assertEqual(st, 400)


class TestLayers(Case):

    def test_filters_and_paging(self):
        st, _, d = self.call("GET", LAYERS,
                             [("CompatibleArchitecture", "x86_64")])
        self.assertEqual(d["Layers"][0]["LatestMatchingVersion"]["Version"],
                         2)
        st, _, d = self.call("GET", LAYERS, [("CompatibleRuntime",
                                              "python3.12")])
        self.assertEqual(d, {"Layers": []})
        st, code, _ = self.call("GET", LAYERS,
                                [("CompatibleRuntime", "cobol")])
        self.assertEqual((st, code), (400, "ValidationException"))
        seen, marker = [], None
        while True:
            q = [("MaxItems", "1")] + ([("Marker", marker)] if marker else [])
            st, _, d = self.call("GET", LAYERS + "/users-deps/versions", q)
            seen += [v["Version"] for v in d["LayerVersions"]]
            marker = d.get("NextMarker")
            if not marker:
                break
        self.assertEqual(seen, [3, 2, 1])
        st, _, d = self.call("GET", LAYERS + "/nothing-here/versions")
        self.assertEqual((st, d), (200, {"LayerVersions": []}))

    def test_get_by_arn_and_delete(self):
        arn = "arn:aws:lambda:us-east-1:123456789012:layer:users-deps:1"
        st, _, d = self.call("GET", LAYERS, [("find", "LayerVersion"),
                                             ("Arn", arn)])
        self.assertEqual((st, d["LayerVersionArn"]), (200, arn))
        st, _, _ = self.call("DELETE", LAYERS + "/users-deps/versions/3")
        self.assertEqual(st, 204)
        st, code, d = self.call("GET", LAYERS + "/users-deps/versions/3")
        self.assertEqual((st, code, d["Message"]), (
            404, "ResourceNotFoundException",
            "The resource you requested does not exist."))
        st, _, d = self.publish(Content={"ZipFile": base64.b64encode(
            a_zip()).decode()})
        self.assertEqual((st, d["Version"]), (201, 4))

    def test_publish_validation(self):
        z = base64.b64encode(a_zip()).decode()
        bad = [
            ({"Description": "d" * 257}, "description"),
            ({"LicenseInfo": "l" * 513}, "licenseInfo"),
            ({"CompatibleRuntimes": ["nodejs20.x"] * 16},
             "compatibleRuntimes"),
            ({"CompatibleRuntimes": ["cobol"]}, "compatibleRuntimes"),
            ({"CompatibleArchitectures": ["x86_64", "arm64", "arm64"]},
             "compatibleArchitectures"),
        ]
        for extra, member in bad:
            st, code, d = self.publish(Content={"ZipFile": z}, **extra)
            self.assertEqual((st, code), (400, "ValidationException"), extra)
            self.assertIn("at '%s'" % member, d["Message"])
        st, code, _ = self.publish("bad%20name", Content={"ZipFile": z})
        self.assertEqual((st, code), (400, "ValidationException"))
        st, code, _ = self.publish()
        self.assertEqual((st, code), (400, "ValidationException"))
        st, code, _ = self.publish(Content={"ZipFile": "!!!"})
        self.assertEqual((st, code), (400, "InvalidRequestContentException"))
        st, code, d = self.publish(Content={"ZipFile": base64.b64encode(
            b"PK\x03\x04 not really").decode()})
        self.assertEqual((st, code, d["Message"]), (
            400, "InvalidParameterValueException", "Could not unzip uploaded "
            "file. Please check your file, then try to upload again."))
        st, code, _ = self.publish(Content={"ZipFile": z, "S3Bucket": "b",
                                            "S3Key": "k"})
        self.assertEqual((st, code), (400, "InvalidParameterValueException"))
        st, code, d = self.publish(Content={"S3Bucket": "missing-bucket",
                                            "S3Key": "k"})
        self.assertIn("NoSuchBucket", d["Message"])
        # nothing was published by the failures
        st, _, d = self.call("GET", LAYERS + "/users-deps/versions")
        self.assertEqual([v["Version"] for v in d["LayerVersions"]],
                         [3, 2, 1])

    def test_zip_over_50_mib_is_413(self):
        data = b"PK" + b"\0" * (lambda_.LAYER_ZIP_LIMIT - 1)
        body = b'{"Content":{"ZipFile":"' + base64.b64encode(data) + b'"}}'
        st, code, _ = self.call("POST", LAYERS + "/big/versions", raw=body)
        self.assertEqual((st, code), (413, "RequestEntityTooLargeException"))

    def test_publish_from_s3_and_download(self):
        z = a_zip({"python/lib.py": "X = 1\n"})
        r, _ = self.s3("PUT", "/deps-bucket")
        self.assertEqual(r.status, 200)
        r, _ = self.s3("PUT", "/deps-bucket/layers/lib.zip", z)
        self.assertEqual(r.status, 200)
        st, _, d = self.publish("py-lib", Content={
            "S3Bucket": "deps-bucket", "S3Key": "layers/lib.zip"},
            CompatibleRuntimes=["python3.12"])
        self.assertEqual((st, d["Version"], d["Content"]["CodeSize"]),
                         (201, 1, len(z)))
        self.assertEqual(d["Content"]["CodeSha256"], base64.b64encode(
            hashlib.sha256(z).digest()).decode())
        loc = urllib.parse.urlsplit(d["Content"]["Location"])
        self.assertIn("X-Amz-Signature=", loc.query)
        r, got = self.c.raw("GET", loc.path + "?" + loc.query)
        self.assertEqual((r.status, got), (200, z))
        r, got = self.c.raw("GET", loc.path + "?" + loc.query.replace(
            "X-Amz-Expires=600", "X-Amz-Expires=601"))
        self.assertEqual(r.status, 403)
        st, _, d = self.call("GET", LAYERS, [("CompatibleRuntime",
                                              "python3.12")])
        self.assertEqual([x["LayerName"] for x in d["Layers"]], ["py-lib"])
        # a bucket in another region
        r, _ = self.s3("PUT", "/eu-deps", region="eu-west-1", body=(
            b"<CreateBucketConfiguration><LocationConstraint>eu-west-1"
            b"</LocationConstraint></CreateBucketConfiguration>"))
        self.assertEqual(r.status, 200)
        r, _ = self.s3("PUT", "/eu-deps/lib.zip", z, region="eu-west-1")
        self.assertEqual(r.status, 200)
        st, code, d = self.publish("py-lib", Content={
            "S3Bucket": "eu-deps", "S3Key": "lib.zip"})
        self.assertIn("PermanentRedirect", d["Message"])


class TestS3(Case):

    def setUp(self):
        super().setUp()
        r, _ = self.s3("PUT", "/bkt1")
        self.assertEqual(r.status, 200)

    def test_list_encoding_and_start_after(self):
        for k in ("a/one", "a/two words+plus", "b", "c/é"):
            r, _ = self.s3("PUT", "/bkt1/" + urllib.parse.quote(k), b"x")
            self.assertEqual(r.status, 200, k)
        r, data = self.s3("GET", "/bkt1", query=[("list-type", "2"),
                                               ("encoding-type", "url")])
        self.assertIn(b"<Key>a/two%20words%2Bplus</Key>", data)
        self.assertIn(b"<Key>c/%C3%A9</Key>", data)
        r, data = self.s3("GET", "/bkt1", query=[("list-type", "2"),
                                               ("start-after", "a/two")])
        self.assertNotIn(b"<Key>a/one</Key>", data)
        self.assertIn(b"<Key>b</Key>", data)
        r, data = self.s3("GET", "/bkt1", query=[("list-type", "2"),
                                               ("max-keys", "1"),
                                               ("delimiter", "/")])
        self.assertIn(b"<Prefix>a/</Prefix>", data)
        self.assertIn(b"<IsTruncated>true</IsTruncated>", data)
        tok = data.split(b"<NextContinuationToken>")[1].split(b"<")[0]
        r, data = self.s3("GET", "/bkt1", query=[
            ("list-type", "2"), ("max-keys", "1"), ("delimiter", "/"),
            ("continuation-token", tok.decode())])
        self.assertIn(b"<Key>b</Key>", data)
        self.assertNotIn(b"a/", data.split(b"<Contents>")[1])
        r, data = self.s3("GET", "/bkt1", query=[("list-type", "2"),
                                               ("continuation-token", "x")])
        self.assertEqual(r.status, 400)

    def test_checksums_chunked_conditionals(self):
        body = b"hello world"
        crc = base64.b64encode((zlib.crc32(body) & 0xFFFFFFFF).to_bytes(
            4, "big")).decode()
        r, _ = self.s3("PUT", "/bkt1/k", body, {"x-amz-checksum-crc32": crc})
        self.assertEqual((r.status, r.getheader("x-amz-checksum-crc32")),
                         (200, crc))
        r, data = self.s3("PUT", "/bkt1/k", body,
                          {"x-amz-checksum-crc32": "AAAAAA=="})
        self.assertEqual(r.status, 400)
        self.assertIn(b"<Code>BadDigest</Code>", data)
        r, data = self.s3("PUT", "/bkt1/k", body, {"Content-MD5": "nope"})
        self.assertIn(b"<Code>InvalidDigest</Code>", data)
        chunked = b"5;chunk-signature=aa\r\nhello\r\n6;chunk-signature=bb" \
            b"\r\n world\r\n0;chunk-signature=cc\r\n\r\n"
        r, _ = self.s3("PUT", "/bkt1/chunked", chunked, {
            "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "Content-Encoding": "aws-chunked",
            "x-amz-decoded-content-length": "11"})
        self.assertEqual(r.status, 200)
        r, data = self.s3("GET", "/bkt1/chunked")
        self.assertEqual(data, body)
        self.assertIsNone(r.getheader("Content-Encoding"))
        etag = r.getheader("ETag")
        r, data = self.s3("GET", "/bkt1/chunked",
                          headers={"If-None-Match": etag})
        self.assertEqual(r.status, 304)
        r, data = self.s3("GET", "/bkt1/chunked", headers={"If-Match": '"x"'})
        self.assertEqual(r.status, 412)
        r, data = self.s3("GET", "/bkt1/chunked",
                          headers={"Range": "bytes=50-"})
        self.assertEqual(r.status, 416)

    def test_buckets_budget_regions(self):
        self.c.control("POST", "s3/settings", {"max_bytes": 100})
        r, _ = self.s3("PUT", "/bkt1/small", b"x" * 60)
        self.assertEqual(r.status, 200)
        r, data = self.s3("PUT", "/bkt1/big", b"x" * 60)
        self.assertEqual(r.status, 400)
        self.assertIn(b"object store is full", data)
        r, _ = self.s3("PUT", "/bkt1/small", b"x" * 90)      # a replacement
        self.assertEqual(r.status, 200)
        r, data = self.s3("DELETE", "/bkt1")
        self.assertEqual(r.status, 409)
        self.assertIn(b"<Code>BucketNotEmpty</Code>", data)
        r, data = self.s3("GET", "/bkt1/small", region="eu-west-1")
        self.assertEqual(r.status, 400)
        self.assertIn(b"<Region>us-east-1</Region>", data)
        self.assertEqual(r.getheader("x-amz-bucket-region"), "us-east-1")
        r, data = self.s3("PUT", "/bkt1")
        self.assertEqual(r.status, 200)       # us-east-1: already yours, ok
        r, data = self.s3("HEAD", "/nope")
        self.assertEqual((r.status, data), (404, b""))
        r, data = self.s3("GET", "/")
        self.assertIn(b"<Name>bkt1</Name>", data)
        self.assertNotIn(b"awslambda-", data)


if __name__ == "__main__":
    unittest.main()
