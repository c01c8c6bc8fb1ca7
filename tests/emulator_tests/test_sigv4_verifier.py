"""The emulator's SigV4 verifier against the official SigV4 test vectors.

Run: python3 -m unittest discover -s tests/emulator_tests
(stdlib only).  The vectors live in $SIGV4_SUITE (default: the repository's
copy in tests/fixtures/sigv4/v4); the tests skip when they cannot be found.

The vectors are dated 2015, so these tests call verify() with now=None (clock
checks off) or with a synthetic "now"; the server never does that.
"""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))

from slemu import sigv4  # noqa: E402


def _suite_dir():
    # The repository's own copy first, so a clean clone needs nothing beside it.
    cands = [os.environ.get("SIGV4_SUITE"),
             os.path.join(HERE, "..", "fixtures", "sigv4", "v4"),
             os.path.join(HERE, "..", "..", "..", "shared", "sigv4-suite", "v4")]
    for c in cands:
        if c and os.path.isdir(c):
            return os.path.abspath(c)
    return None


SUITE = _suite_dir()
T2015 = 1440938160.0  # 2015-08-30T12:36:00Z


class Cred:
    def __init__(self, secret, token=None, expires=None):
        self.secret = secret
        self.session_token = token
        self.expires = expires


def parse_http(raw):
    """Parse a vector file (bytes) into a WireRequest.  Lines end in LF;
    a header line starting with whitespace continues the previous one."""
    head, sep, body = raw.partition(b"\n\n")
    lines = head.decode("latin-1").split("\n")
    method, rest = lines[0].split(" ", 1)
    target = rest.rsplit(" ", 1)[0]
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:
            n, v = headers[-1]
            headers[-1] = (n, v + "\r\n" + line)
            continue
        if not line:
            continue
        n, _, v = line.partition(":")
        headers.append((n, v))
    return sigv4.WireRequest(method, target, headers, body)


def unparse(w):
    lines = ["%s %s HTTP/1.1" % (w.method, w.target)]
    lines += ["%s:%s" % hv for hv in w.headers]
    return ("\n".join(lines) + "\n\n").encode("latin-1") + w.body


def load_cases():
    if not SUITE:
        return []
    return sorted(d for d in os.listdir(SUITE)
                  if os.path.isfile(os.path.join(SUITE, d, "context.json")))


def read(case, name):
    with open(os.path.join(SUITE, case, name), "rb") as f:
        return f.read()


def context(case):
    return json.loads(read(case, "context.json"))


def lookup_for(ctx, secret=None):
    c = ctx["credentials"]

    def lookup(akid):
        if akid != c["access_key_id"]:
            return None
        return Cred(secret or c["secret_access_key"], c.get("token"))
    return lookup


def mutate_byte(s, idx):
    ch = s[idx]
    repl = "b" if ch != "b" else "c"
    return s[:idx] + repl + s[idx + 1:]


@unittest.skipUnless(SUITE, "SigV4 test vectors not found")
class TestVectors(unittest.TestCase):

    def verify(self, w, ctx, now=None, secret=None):
        return sigv4.verify(w, lookup_for(ctx, secret), now,
                            normalize=ctx["normalize"])

    def test_suite_present(self):
        self.assertGreaterEqual(len(load_cases()), 30)

    def test_canonical_requests_match(self):
        for case in load_cases():
            with self.subTest(case=case):
                ctx = context(case)
                w = parse_http(read(case, "header-signed-request.txt"))
                v = self.verify(w, ctx)
                self.assertEqual(
                    v.canonical_request,
                    read(case, "header-canonical-request.txt").decode("latin-1"))
                self.assertEqual(
                    v.string_to_sign,
                    read(case, "header-string-to-sign.txt").decode("latin-1"))

    def test_header_signed_requests_verify(self):
        for case in load_cases():
            with self.subTest(case=case):
                ctx = context(case)
                w = parse_http(read(case, "header-signed-request.txt"))
                v = self.verify(w, ctx)
                self.assertTrue(v.ok, "%s: %s" % (case, v))
                if ctx.get("omit_session_token"):
                    self.assertIn("token-unsigned", v.notes)

    def test_query_signed_requests_verify(self):
        for case in load_cases():
            with self.subTest(case=case):
                ctx = context(case)
                w = parse_http(read(case, "query-signed-request.txt"))
                v = self.verify(w, ctx)
                self.assertTrue(v.ok, "%s: %s" % (case, v))
                self.assertEqual(v.auth.mode, "query")

    def test_wrong_secret_fails(self):
        for case in load_cases():
            with self.subTest(case=case):
                ctx = context(case)
                w = parse_http(read(case, "header-signed-request.txt"))
                v = self.verify(w, ctx, secret="x" + ctx["credentials"]
                                ["secret_access_key"][1:])
                self.assertFalse(v.ok)
                self.assertEqual(v.kind, "bad_signature")

    def _mutations(self, w):
        """Yield (label, mutated WireRequest): each one byte changed."""
        # the signature
        for i, (n, val) in enumerate(w.headers):
            if n.lower() == "authorization":
                hv = list(w.headers)
                hv[i] = (n, mutate_byte(val, len(val) - 1))
                yield "signature", sigv4.WireRequest(w.method, w.target, hv,
                                                     w.body)
            if n.lower() in ("host", "x-amz-date", "my-header1",
                             "content-type"):
                hv = list(w.headers)
                # change a byte inside the value (not the scope date part of
                # x-amz-date, which would only make the request malformed)
                idx = len(val) - 2 if n.lower() == "x-amz-date" else 1
                hv[i] = (n, mutate_byte(val, idx))
                yield "header " + n, sigv4.WireRequest(w.method, w.target, hv,
                                                       w.body)
        # the method
        yield "method", sigv4.WireRequest(mutate_byte(w.method, 1), w.target,
                                          w.headers, w.body)
        # the path: the byte before '?' or the end
        path, q, query = w.target.partition("?")
        yield "path", sigv4.WireRequest(
            w.method, mutate_byte(path, len(path) - 1) + q + query,
            w.headers, w.body)
        if query:
            yield "query", sigv4.WireRequest(
                w.method, path + q + mutate_byte(query, len(query) - 1),
                w.headers, w.body)
        if w.body:
            b = bytearray(w.body)
            b[-1] ^= 0x01
            yield "body", sigv4.WireRequest(w.method, w.target, w.headers,
                                            bytes(b))

    def test_one_byte_changes_fail(self):
        count = 0
        for case in load_cases():
            ctx = context(case)
            w = parse_http(read(case, "header-signed-request.txt"))
            for label, m in self._mutations(w):
                with self.subTest(case=case, mutation=label):
                    v = self.verify(m, ctx)
                    self.assertFalse(v.ok, "%s/%s verified" % (case, label))
                    count += 1
        self.assertGreater(count, 150)

    def test_query_signature_byte_change_fails(self):
        for case in load_cases():
            with self.subTest(case=case):
                ctx = context(case)
                w = parse_http(read(case, "query-signed-request.txt"))
                t = w.target
                idx = t.index("X-Amz-Signature=") + len("X-Amz-Signature=")
                m = sigv4.WireRequest(w.method, mutate_byte(t, idx + 5),
                                      w.headers, w.body)
                self.assertFalse(self.verify(m, ctx).ok)

    def test_header_name_case_does_not_matter(self):
        ctx = context("get-vanilla")
        w = parse_http(read("get-vanilla", "header-signed-request.txt"))
        hv = [(n.upper() if n.lower() == "host" else n, v) for n, v in w.headers]
        self.assertTrue(self.verify(sigv4.WireRequest(w.method, w.target, hv),
                                    ctx).ok)

    def test_roundtrip_of_parser(self):
        raw = read("post-vanilla-query", "header-signed-request.txt")
        self.assertEqual(unparse(parse_http(raw)).rstrip(b"\n"),
                         raw.rstrip(b"\n"))


@unittest.skipUnless(SUITE, "SigV4 test vectors not found")
class TestClockAndCredentials(unittest.TestCase):

    def setUp(self):
        self.ctx = context("get-vanilla")
        self.w = parse_http(read("get-vanilla", "header-signed-request.txt"))

    def check(self, now, lookup=None):
        return sigv4.verify(self.w, lookup or lookup_for(self.ctx), now)

    def test_on_time(self):
        self.assertTrue(self.check(T2015).ok)
        self.assertTrue(self.check(T2015 + 299).ok)
        self.assertTrue(self.check(T2015 - 299).ok)

    def test_expired(self):
        v = self.check(T2015 + 301)
        self.assertEqual(v.kind, "skew_expired")
        self.assertEqual(
            v.message, "Signature expired: 20150830T123600Z is now earlier "
            "than 20150830T123601Z (20150830T124101Z - 5 min.)")
        fam = sigv4.auth_error(v, "json")
        self.assertEqual(fam[:2], (400, "InvalidSignatureException"))
        self.assertEqual(sigv4.auth_error(v, "query")[:2],
                         (403, "SignatureDoesNotMatch"))
        self.assertEqual(sigv4.auth_error(v, "s3")[:2],
                         (403, "RequestTimeTooSkewed"))

    def test_in_the_future(self):
        v = self.check(T2015 - 3600)
        self.assertEqual(v.kind, "skew_future")
        self.assertTrue(v.message.startswith("Signature not yet current"))

    def test_unknown_key(self):
        v = self.check(T2015, lambda akid: None)
        self.assertEqual(v.kind, "unknown_key")
        self.assertEqual(sigv4.auth_error(v, "query")[:2],
                         (403, "InvalidClientTokenId"))
        self.assertEqual(sigv4.auth_error(v, "json")[:2],
                         (400, "UnrecognizedClientException"))
        self.assertEqual(sigv4.auth_error(v, "rest-json")[:2],
                         (403, "UnrecognizedClientException"))
        self.assertEqual(sigv4.auth_error(v, "s3")[:2],
                         (403, "InvalidAccessKeyId"))

    def test_expired_credentials(self):
        secret = self.ctx["credentials"]["secret_access_key"]
        v = self.check(T2015, lambda a: Cred(secret, None, T2015 - 1))
        self.assertEqual(v.kind, "token_expired")
        self.assertEqual(sigv4.auth_error(v, "query")[:2],
                         (403, "ExpiredToken"))
        self.assertEqual(sigv4.auth_error(v, "json")[1],
                         "ExpiredTokenException")

    def test_session_token_required_and_checked(self):
        ctx = context("get-vanilla-with-session-token")
        w = parse_http(read("get-vanilla-with-session-token",
                            "header-signed-request.txt"))
        secret = ctx["credentials"]["secret_access_key"]
        good = ctx["credentials"]["token"]
        self.assertTrue(sigv4.verify(w, lambda a: Cred(secret, good), T2015).ok)
        v = sigv4.verify(w, lambda a: Cred(secret, good + "x"), T2015)
        self.assertEqual(v.kind, "token_invalid")
        # a permanent key must not carry a token
        v = sigv4.verify(w, lambda a: Cred(secret), T2015)
        self.assertEqual(v.kind, "token_invalid")
        # a temporary key used without its token
        v = self.check(T2015, lambda a: Cred(secret, good))
        self.assertEqual(v.kind, "token_invalid")

    def test_presigned_expiry(self):
        w = parse_http(read("get-vanilla", "query-signed-request.txt"))
        lk = lookup_for(self.ctx)
        self.assertTrue(sigv4.verify(w, lk, T2015 + 3599).ok)
        v = sigv4.verify(w, lk, T2015 + 3601)
        self.assertEqual(v.kind, "presign_expired")

    def test_unsigned(self):
        w = sigv4.WireRequest("GET", "/", [("Host", "example.amazonaws.com")])
        v = sigv4.verify(w, lookup_for(self.ctx), T2015)
        self.assertEqual(v.kind, "missing")

    def test_host_must_be_signed(self):
        hv = []
        for n, val in self.w.headers:
            if n.lower() == "authorization":
                val = val.replace("SignedHeaders=host;x-amz-date",
                                  "SignedHeaders=x-amz-date")
            hv.append((n, val))
        v = sigv4.verify(sigv4.WireRequest("GET", "/", hv),
                         lookup_for(self.ctx), T2015)
        self.assertEqual(v.kind, "malformed")
        self.assertIn("Host", v.message)

    def test_x_amz_date_must_be_signed(self):
        hv = []
        for n, val in self.w.headers:
            if n.lower() == "authorization":
                val = val.replace("SignedHeaders=host;x-amz-date",
                                  "SignedHeaders=host")
            hv.append((n, val))
        v = sigv4.verify(sigv4.WireRequest("GET", "/", hv),
                         lookup_for(self.ctx), T2015)
        self.assertEqual(v.kind, "malformed")

    def test_body_hash_header_must_match(self):
        ctx = context("post-x-www-form-urlencoded")
        w = parse_http(read("post-x-www-form-urlencoded",
                            "header-signed-request.txt"))
        self.assertTrue(sigv4.verify(w, lookup_for(ctx), None).ok)
        b = sigv4.WireRequest(w.method, w.target, w.headers, w.body + b"&x=1")
        v = sigv4.verify(b, lookup_for(ctx), None)
        self.assertEqual(v.kind, "bad_signature")


class TestCanonicalPaths(unittest.TestCase):
    """Wire paths: non-S3 services encode again, S3 keeps them."""

    def test_lambda_arn_double_encoded(self):
        wire = "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations"
        self.assertEqual(
            sigv4.canonical_uri(wire),
            "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A1"
            "%253Afunction%253Af/invocations")

    def test_non_s3_normalises(self):
        self.assertEqual(sigv4.canonical_uri("//a/./b/../c/"), "/a/c/")
        self.assertEqual(sigv4.canonical_uri(""), "/")

    def test_s3_single_encoding(self):
        wire = "/bucket/dir//a%20b/../c.zip"
        self.assertEqual(sigv4.canonical_uri(wire, s3=True), wire)

    def test_query_plus_is_literal(self):
        self.assertEqual(sigv4.canonical_query("b=a+b&a=%7e&c"),
                         "a=~&b=a%2Bb&c=")


if __name__ == "__main__":
    unittest.main()
