/* Retries, standard mode: classification, full-jitter backoff with the 20 s cap, the retry
 * quota, the rule that keeps Invoke from running twice, the policy loader, clock-skew
 * detection from Date headers, and a retry loop driven through the fake transport. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "aws_error.h"
#include "clock.h"
#include "fake_transport.h"
#include "http.h"
#include "retry.h"
#include "service.h"
#include "transport.h"

/* ---- classification ------------------------------------------------------------------ */

struct class_case {
    enum sl_net_status st;
    long status;
    const char *code;
    enum sl_retry_class want;
};

static const struct class_case class_cases[] = {
    {SL_NET_OK, 200, NULL, SL_RETRY_NONE},
    {SL_NET_OK, 204, "", SL_RETRY_NONE},
    {SL_NET_OK, 500, NULL, SL_RETRY_TRANSIENT},
    {SL_NET_OK, 502, "", SL_RETRY_TRANSIENT},
    {SL_NET_OK, 503, "ServiceUnavailable", SL_RETRY_TRANSIENT},
    {SL_NET_OK, 504, NULL, SL_RETRY_TRANSIENT},
    {SL_NET_OK, 501, NULL, SL_RETRY_NONE},
    {SL_NET_OK, 400, "RequestTimeout", SL_RETRY_TRANSIENT},
    {SL_NET_OK, 408, "RequestTimeoutException", SL_RETRY_TRANSIENT},
    {SL_NET_OK, 400, "IDPCommunicationError", SL_RETRY_TRANSIENT},
    {SL_NET_OK, 429, NULL, SL_RETRY_THROTTLING},
    {SL_NET_OK, 429, "TooManyRequestsException", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "Throttling", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "ThrottlingException", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "ThrottledException", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "RequestThrottledException", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "ProvisionedThroughputExceededException", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "TransactionInProgressException", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "RequestLimitExceeded", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "BandwidthLimitExceeded", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "LimitExceededException", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "RequestThrottled", SL_RETRY_THROTTLING},
    {SL_NET_OK, 503, "SlowDown", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "PriorRequestNotComplete", SL_RETRY_THROTTLING},
    {SL_NET_OK, 400, "EC2ThrottledException", SL_RETRY_THROTTLING},
    {SL_NET_OK, 403, "RequestTimeTooSkewed", SL_RETRY_SKEW_CANDIDATE},
    {SL_NET_OK, 400, "RequestExpired", SL_RETRY_SKEW_CANDIDATE},
    {SL_NET_OK, 400, "RequestInTheFuture", SL_RETRY_SKEW_CANDIDATE},
    {SL_NET_OK, 403, "InvalidSignatureException", SL_RETRY_SKEW_CANDIDATE},
    {SL_NET_OK, 403, "SignatureDoesNotMatch", SL_RETRY_SKEW_CANDIDATE},
    {SL_NET_OK, 401, "AuthFailure", SL_RETRY_SKEW_CANDIDATE},
    {SL_NET_OK, 400, "ValidationError", SL_RETRY_NONE},
    {SL_NET_OK, 403, "AccessDenied", SL_RETRY_NONE},
    {SL_NET_OK, 404, "ResourceNotFoundException", SL_RETRY_NONE},
    {SL_NET_OK, 400, "LimitExceeded", SL_RETRY_NONE}, /* a quota, not throttling */
    {SL_NET_OK, 400, "throttling", SL_RETRY_NONE},    /* codes are case-sensitive */
    {SL_NET_CONNECT_FAILED, 0, NULL, SL_RETRY_TRANSIENT},
    {SL_NET_SEND_FAILED, 0, NULL, SL_RETRY_TRANSIENT},
    {SL_NET_RECV_FAILED, 0, NULL, SL_RETRY_TRANSIENT},
    {SL_NET_CONNECT_TIMEOUT, 0, NULL, SL_RETRY_TIMEOUT},
    {SL_NET_READ_TIMEOUT, 0, NULL, SL_RETRY_TIMEOUT},
    {SL_NET_TOO_BIG, 0, NULL, SL_RETRY_NONE},
    {SL_NET_CANCELLED, 0, NULL, SL_RETRY_NONE},
};

START_TEST(test_classify_table)
{
    const struct class_case *c = &class_cases[_i];

    ck_assert_msg(sl_retry_classify(c->st, c->status, c->code) == c->want,
                  "case %d: st=%d status=%ld code=%s gave %d, want %d", _i, c->st, c->status,
                  c->code ? c->code : "(null)", sl_retry_classify(c->st, c->status, c->code),
                  c->want);
}
END_TEST

START_TEST(test_never_sent)
{
    ck_assert(sl_net_never_sent(SL_NET_CONNECT_FAILED));
    ck_assert(sl_net_never_sent(SL_NET_CONNECT_TIMEOUT));
    ck_assert(!sl_net_never_sent(SL_NET_OK));
    ck_assert(!sl_net_never_sent(SL_NET_SEND_FAILED));
    ck_assert(!sl_net_never_sent(SL_NET_RECV_FAILED));
    ck_assert(!sl_net_never_sent(SL_NET_READ_TIMEOUT));
    ck_assert(!sl_net_never_sent(SL_NET_TOO_BIG));
    ck_assert(!sl_net_never_sent(SL_NET_CANCELLED));
}
END_TEST

START_TEST(test_skew_codes)
{
    ck_assert(sl_retry_is_skew_code("RequestTimeTooSkewed"));
    ck_assert(sl_retry_is_skew_code("SignatureDoesNotMatch"));
    ck_assert(!sl_retry_is_skew_code("AccessDenied"));
    ck_assert(!sl_retry_is_skew_code(""));
    ck_assert(!sl_retry_is_skew_code(NULL));
}
END_TEST

/* ---- backoff ------------------------------------------------------------------------- */

START_TEST(test_delay_full_jitter)
{
    /* random × min(2^(n-1), 20) s */
    ck_assert_int_eq(sl_retry_delay_ms(1, 0.0), 0);
    ck_assert_int_eq(sl_retry_delay_ms(1, 0.5), 500);
    ck_assert_int_eq(sl_retry_delay_ms(2, 0.5), 1000);
    ck_assert_int_eq(sl_retry_delay_ms(3, 0.5), 2000);
    ck_assert_int_eq(sl_retry_delay_ms(4, 0.25), 2000);
    ck_assert_int_eq(sl_retry_delay_ms(5, 0.5), 8000);
    ck_assert_int_eq(sl_retry_delay_ms(5, 0.75), 12000);
}
END_TEST

START_TEST(test_delay_cap)
{
    int n;

    ck_assert_int_eq(sl_retry_delay_ms(6, 0.5), 10000); /* 32 s capped to 20 */
    ck_assert_int_eq(sl_retry_delay_ms(6, 0.75), 15000);
    for (n = 6; n < 200; n++)
        ck_assert_int_lt(sl_retry_delay_ms(n, 0.9999999), 20000);
    ck_assert_int_eq(sl_retry_delay_ms(1000000, 0.5), 10000);
    /* out-of-range random values are clamped, never negative or past the cap */
    ck_assert_int_eq(sl_retry_delay_ms(3, -1.0), 0);
    ck_assert_int_lt(sl_retry_delay_ms(30, 7.0), 20000);
}
END_TEST

/* ---- quota --------------------------------------------------------------------------- */

START_TEST(test_quota_costs)
{
    struct sl_retry_bucket b;

    sl_retry_bucket_init(&b);
    ck_assert_int_eq(b.available, 500);
    ck_assert_int_eq(sl_retry_bucket_acquire(&b, SL_RETRY_TRANSIENT), 5);
    ck_assert_int_eq(sl_retry_bucket_acquire(&b, SL_RETRY_THROTTLING), 5);
    ck_assert_int_eq(sl_retry_bucket_acquire(&b, SL_RETRY_TIMEOUT), 10);
    ck_assert_int_eq(b.available, 480);
    sl_retry_bucket_refund(&b, 10); /* the last retry's cost comes back */
    ck_assert_int_eq(b.available, 490);
    sl_retry_bucket_success(&b); /* no retry: 1 */
    ck_assert_int_eq(b.available, 491);
}
END_TEST

START_TEST(test_quota_exhaustion_and_refund)
{
    struct sl_retry_policy p = {3, SL_RETRY_MODE_STANDARD};
    struct sl_retry_bucket b;
    struct sl_retry_decision d;
    int i;

    sl_retry_bucket_init(&b);
    for (i = 0; i < 100; i++) {
        d = sl_retry_decide(&p, &b, 1, 1, SL_NET_OK, 503, NULL, 0.5);
        ck_assert_int_eq(d.retry, 1);
        ck_assert_int_eq(d.cost, 5);
    }
    ck_assert_int_eq(b.available, 0);
    d = sl_retry_decide(&p, &b, 1, 1, SL_NET_OK, 503, NULL, 0.5);
    ck_assert_int_eq(d.retry, 0); /* empty bucket: the error is returned */
    ck_assert_int_eq(d.cost, 0);
    ck_assert_int_eq(b.available, 0);

    /* A timeout needs 10; 5 is not enough. */
    sl_retry_bucket_refund(&b, 5);
    ck_assert_int_eq(b.available, 5);
    d = sl_retry_decide(&p, &b, 1, 1, SL_NET_READ_TIMEOUT, 0, NULL, 0.5);
    ck_assert_int_eq(d.retry, 0);
    d = sl_retry_decide(&p, &b, 1, 1, SL_NET_OK, 500, NULL, 0.5);
    ck_assert_int_eq(d.retry, 1);
    ck_assert_int_eq(b.available, 0);

    /* Successes refill, never past the capacity. */
    for (i = 0; i < 1000; i++)
        sl_retry_bucket_success(&b);
    ck_assert_int_eq(b.available, 500);
    sl_retry_bucket_refund(&b, 10);
    ck_assert_int_eq(b.available, 500);
}
END_TEST

START_TEST(test_quota_not_in_legacy)
{
    struct sl_retry_policy p = {5, SL_RETRY_MODE_LEGACY};
    struct sl_retry_bucket b;
    struct sl_retry_decision d;

    sl_retry_bucket_init(&b);
    b.available = 0;
    d = sl_retry_decide(&p, &b, 1, 1, SL_NET_OK, 503, NULL, 0.5);
    ck_assert_int_eq(d.retry, 1);
    ck_assert_int_eq(d.cost, 0);
    /* and a NULL bucket means no quota either */
    p.mode = SL_RETRY_MODE_STANDARD;
    d = sl_retry_decide(&p, NULL, 1, 1, SL_NET_OK, 503, NULL, 0.5);
    ck_assert_int_eq(d.retry, 1);
}
END_TEST

/* ---- decide -------------------------------------------------------------------------- */

struct decide_case {
    int idempotent;
    enum sl_net_status st;
    long status;
    const char *code;
    int want;
};

/* The rule that keeps Invoke and PublishLayerVersion from running twice. */
static const struct decide_case decide_cases[] = {
    {0, SL_NET_CONNECT_FAILED, 0, NULL, 1},
    {0, SL_NET_CONNECT_TIMEOUT, 0, NULL, 1},
    {0, SL_NET_READ_TIMEOUT, 0, NULL, 0},
    {0, SL_NET_RECV_FAILED, 0, NULL, 0},
    {0, SL_NET_SEND_FAILED, 0, NULL, 0},
    {0, SL_NET_OK, 503, NULL, 0},
    {0, SL_NET_OK, 500, "ServiceException", 0},
    {0, SL_NET_OK, 502, NULL, 0},
    {0, SL_NET_OK, 504, NULL, 0},
    {0, SL_NET_OK, 400, "RequestTimeout", 0},
    {0, SL_NET_OK, 429, NULL, 1},
    {0, SL_NET_OK, 429, "TooManyRequestsException", 1},
    {0, SL_NET_OK, 400, "ThrottlingException", 1},
    {0, SL_NET_OK, 503, "SlowDown", 1},
    {0, SL_NET_OK, 400, "ValidationError", 0},
    {0, SL_NET_TOO_BIG, 0, NULL, 0},
    {0, SL_NET_CANCELLED, 0, NULL, 0},
    /* the same failures on an idempotent request */
    {1, SL_NET_CONNECT_FAILED, 0, NULL, 1},
    {1, SL_NET_READ_TIMEOUT, 0, NULL, 1},
    {1, SL_NET_RECV_FAILED, 0, NULL, 1},
    {1, SL_NET_SEND_FAILED, 0, NULL, 1},
    {1, SL_NET_OK, 503, NULL, 1},
    {1, SL_NET_OK, 429, NULL, 1},
    {1, SL_NET_OK, 400, "RequestTimeout", 1},
    {1, SL_NET_OK, 400, "ValidationError", 0},
    {1, SL_NET_OK, 404, "ResourceNotFoundException", 0},
    {1, SL_NET_OK, 403, "SignatureDoesNotMatch", 0}, /* the caller handles skew */
    {1, SL_NET_OK, 200, NULL, 0},
    {1, SL_NET_TOO_BIG, 0, NULL, 0},
    {1, SL_NET_CANCELLED, 0, NULL, 0},
};

START_TEST(test_decide_table)
{
    const struct decide_case *c = &decide_cases[_i];
    struct sl_retry_policy p = {3, SL_RETRY_MODE_STANDARD};
    struct sl_retry_bucket b;
    struct sl_retry_decision d;

    sl_retry_bucket_init(&b);
    d = sl_retry_decide(&p, &b, 1, c->idempotent, c->st, c->status, c->code, 0.5);
    ck_assert_msg(d.retry == c->want, "case %d: idempotent=%d st=%d status=%ld code=%s", _i,
                  c->idempotent, c->st, c->status, c->code ? c->code : "(null)");
    if (d.retry) {
        ck_assert_int_eq(d.delay_ms, 500);
        ck_assert_int_eq(d.cost,
                         sl_retry_classify(c->st, c->status, c->code) == SL_RETRY_TIMEOUT ? 10 : 5);
        ck_assert_int_eq(b.available, 500 - d.cost);
    } else {
        ck_assert_int_eq(b.available, 500); /* nothing withdrawn for a refusal */
    }
}
END_TEST

START_TEST(test_decide_attempts)
{
    struct sl_retry_policy p = {3, SL_RETRY_MODE_STANDARD};
    struct sl_retry_bucket b;
    struct sl_retry_decision d;

    sl_retry_bucket_init(&b);
    d = sl_retry_decide(&p, &b, 1, 1, SL_NET_OK, 503, NULL, 0.5);
    ck_assert_int_eq(d.retry, 1);
    ck_assert_int_eq(d.delay_ms, 500);
    d = sl_retry_decide(&p, &b, 2, 1, SL_NET_OK, 503, NULL, 0.5);
    ck_assert_int_eq(d.retry, 1);
    ck_assert_int_eq(d.delay_ms, 1000);
    d = sl_retry_decide(&p, &b, 3, 1, SL_NET_OK, 503, NULL, 0.5);
    ck_assert_int_eq(d.retry, 0); /* 3 attempts made: that was the last */
    p.max_attempts = 1;
    d = sl_retry_decide(&p, &b, 1, 1, SL_NET_OK, 503, NULL, 0.5);
    ck_assert_int_eq(d.retry, 0);
    ck_assert_int_eq(b.available, 490);
}
END_TEST

/* ---- policy -------------------------------------------------------------------------- */

START_TEST(test_policy_defaults)
{
    struct sl_retry_policy p;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_retry_policy_from(&p, NULL, NULL, NULL, NULL, &err), SL_OK);
    ck_assert_int_eq(p.max_attempts, 3);
    ck_assert_int_eq(p.mode, SL_RETRY_MODE_STANDARD);
    ck_assert_str_eq(sl_retry_mode_name(&p), "standard");

    ck_assert_int_eq(sl_retry_policy_from(&p, "", "", "", "legacy", &err), SL_OK);
    ck_assert_int_eq(p.max_attempts, 5);
    ck_assert_str_eq(sl_retry_mode_name(&p), "legacy");

    ck_assert_int_eq(sl_retry_policy_from(&p, NULL, NULL, NULL, "adaptive", &err), SL_OK);
    ck_assert_int_eq(p.max_attempts, 3);
    ck_assert_str_eq(sl_retry_mode_name(&p), "adaptive");
}
END_TEST

START_TEST(test_policy_precedence)
{
    struct sl_retry_policy p;
    struct sl_error err;

    sl_error_clear(&err);
    /* the environment beats the profile */
    ck_assert_int_eq(sl_retry_policy_from(&p, "7", "standard", "2", "legacy", &err), SL_OK);
    ck_assert_int_eq(p.max_attempts, 7);
    ck_assert_int_eq(p.mode, SL_RETRY_MODE_STANDARD);
    ck_assert_int_eq(sl_retry_policy_from(&p, NULL, NULL, " 2 ", "Legacy", &err), SL_OK);
    ck_assert_int_eq(p.max_attempts, 2);
    ck_assert_int_eq(p.mode, SL_RETRY_MODE_LEGACY);
    ck_assert_int_eq(sl_retry_policy_from(&p, "1", NULL, NULL, NULL, &err), SL_OK);
    ck_assert_int_eq(p.max_attempts, 1);
}
END_TEST

START_TEST(test_policy_bad_values)
{
    static const char *const bad[] = {"0", "-1", "abc", "3x", "1e3", "101", "99999999999999"};
    struct sl_retry_policy p = {3, SL_RETRY_MODE_STANDARD};
    struct sl_error err;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sl_error_clear(&err);
        ck_assert_int_eq(sl_retry_policy_from(&p, bad[i], NULL, NULL, NULL, &err), SL_ECONFIG);
        ck_assert_ptr_nonnull(strstr(err.message, "AWS_MAX_ATTEMPTS"));
        ck_assert_ptr_nonnull(strstr(err.message, bad[i]));
    }
    sl_error_clear(&err);
    ck_assert_int_eq(sl_retry_policy_from(&p, NULL, NULL, "many", NULL, &err), SL_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "max_attempts"));
    sl_error_clear(&err);
    ck_assert_int_eq(sl_retry_policy_from(&p, NULL, "fast", NULL, NULL, &err), SL_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "AWS_RETRY_MODE"));
    ck_assert_ptr_nonnull(strstr(err.message, "fast"));
    sl_error_clear(&err);
    ck_assert_int_eq(sl_retry_policy_from(&p, NULL, NULL, NULL, "turbo", &err), SL_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "retry_mode"));
    /* a failed load leaves the policy as it was */
    ck_assert_int_eq(p.max_attempts, 3);
    /* NULL err is fine */
    ck_assert_int_eq(sl_retry_policy_from(&p, NULL, "turbo", NULL, NULL, NULL), SL_ECONFIG);
}
END_TEST

START_TEST(test_policy_env)
{
    struct sl_retry_policy p;
    struct sl_error err;

    sl_error_clear(&err);
    setenv("AWS_MAX_ATTEMPTS", "6", 1);
    setenv("AWS_RETRY_MODE", "legacy", 1);
    ck_assert_int_eq(sl_retry_policy_load(&p, "2", "standard", &err), SL_OK);
    ck_assert_int_eq(p.max_attempts, 6);
    ck_assert_int_eq(p.mode, SL_RETRY_MODE_LEGACY);
    unsetenv("AWS_MAX_ATTEMPTS");
    unsetenv("AWS_RETRY_MODE");
    ck_assert_int_eq(sl_retry_policy_load(&p, "2", "standard", &err), SL_OK);
    ck_assert_int_eq(p.max_attempts, 2);
    ck_assert_int_eq(p.mode, SL_RETRY_MODE_STANDARD);
}
END_TEST

/* ---- clock skew ---------------------------------------------------------------------- */

/* Sun, 06 Nov 1994 08:49:37 GMT */
#define RFC_EXAMPLE_MS 784111777000LL

START_TEST(test_http_date)
{
    long long ms = 0;

    ck_assert_int_eq(sl_http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT", &ms), 0);
    ck_assert_int_eq(ms, RFC_EXAMPLE_MS);
    ck_assert_int_eq(sl_http_date_parse("Wed, 01 May 2024 12:00:00 GMT", &ms), 0);
    ck_assert_int_eq(ms, 1714564800000LL);
    ck_assert_int_eq(sl_http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT", &ms), -1);
    ck_assert_int_eq(sl_http_date_parse("Sun Nov  6 08:49:37 1994", &ms), -1);
    ck_assert_int_eq(sl_http_date_parse("Sun, 06 Foo 1994 08:49:37 GMT", &ms), -1);
    ck_assert_int_eq(sl_http_date_parse("Sun, 06 Nov 1994 25:49:37 GMT", &ms), -1);
    ck_assert_int_eq(sl_http_date_parse("Sun, 06 Nov 1994 08:49:37 PST", &ms), -1);
    ck_assert_int_eq(sl_http_date_parse("Sun, 06 Nov 1994 08:49:37 GMTX", &ms), -1);
    ck_assert_int_eq(sl_http_date_parse("", &ms), -1);
    ck_assert_int_eq(sl_http_date_parse(NULL, &ms), -1);
}
END_TEST

START_TEST(test_skew_detection)
{
    long long off = 12345;

    /* in step: no skew, the small offset is still reported */
    ck_assert_int_eq(sl_skew_offset_ms("Sun, 06 Nov 1994 08:49:37 GMT", RFC_EXAMPLE_MS + 500, &off),
                     0);
    ck_assert_int_eq(off, -500);
    /* 4 minutes exactly is not skew; a bit more is */
    ck_assert_int_eq(
        sl_skew_offset_ms("Sun, 06 Nov 1994 08:49:37 GMT", RFC_EXAMPLE_MS - 240000, &off), 0);
    ck_assert_int_eq(
        sl_skew_offset_ms("Sun, 06 Nov 1994 08:49:37 GMT", RFC_EXAMPLE_MS - 241000, &off), 1);
    ck_assert_int_eq(off, 241000);
    /* local clock 15 minutes fast */
    ck_assert_int_eq(
        sl_skew_offset_ms("Sun, 06 Nov 1994 08:49:37 GMT", RFC_EXAMPLE_MS + 900000, &off), 1);
    ck_assert_int_eq(off, -900000);
    /* missing or unreadable Date: no skew, offset untouched */
    off = 42;
    ck_assert_int_eq(sl_skew_offset_ms(NULL, RFC_EXAMPLE_MS + 900000, &off), 0);
    ck_assert_int_eq(sl_skew_offset_ms("yesterday", RFC_EXAMPLE_MS + 900000, &off), 0);
    ck_assert_int_eq(off, 42);
}
END_TEST

/* ---- a retry loop through the fake transport ----------------------------------------- */

struct fake_clock {
    long long now;
    int randoms;
};

static long long fc_now(void *ud)
{
    return ((struct fake_clock *)ud)->now;
}

static double fc_random(void *ud)
{
    ((struct fake_clock *)ud)->randoms++;
    return 0.5;
}

struct outcome {
    int done;
    enum sl_net_status st;
    long status;
    struct sl_error err;
};

static void loop_done(void *ud, enum sl_net_status st, struct sl_http_response *resp,
                      const char *detail)
{
    struct outcome *o = ud;

    (void)detail;
    o->done = 1;
    o->st = st;
    o->status = resp->status;
    sl_error_clear(&o->err);
    if (st == SL_NET_OK && (resp->status < 200 || resp->status > 299))
        sl_aws_error_decode(SL_PROTO_REST_JSON, resp, &o->err);
}

struct loop_result {
    int attempts;
    int ok;
    long long waited_ms;
    enum sl_net_status last_st;
};

/* What the client does: send, decide, wait (on the fake clock), send again. */
static struct loop_result run_loop(struct sl_transport *t, const struct sl_retry_policy *p,
                                   struct sl_retry_bucket *b, const struct sl_clock *clk,
                                   struct fake_clock *fc, int idempotent)
{
    struct loop_result r = {0, 0, 0, SL_NET_OK};
    struct sl_http_request req;
    int last_cost = 0;
    long long start = fc->now;

    memset(&req, 0, sizeof(req));
    memcpy(req.method, "POST", 5);
    req.scheme = "https";
    req.host = "lambda.us-east-1.amazonaws.com";
    req.path = "/2015-03-31/functions/f/invocations";
    req.query = "";
    req.body = (const unsigned char *)"{}";
    req.body_len = 2;
    for (;;) {
        struct outcome o;
        struct sl_retry_decision d;
        uint64_t id = 0;
        int spins = 0;

        memset(&o, 0, sizeof(o));
        ck_assert_int_eq(t->ops->start(t, &req, loop_done, &o, &id), SL_OK);
        ck_assert(id != 0);
        r.attempts++;
        while (!o.done && spins++ < 10)
            t->ops->run(t, 0, -1);
        ck_assert(o.done);
        r.last_st = o.st;
        if (o.st == SL_NET_OK && o.status >= 200 && o.status < 300) {
            if (last_cost)
                sl_retry_bucket_refund(b, last_cost);
            else
                sl_retry_bucket_success(b);
            r.ok = 1;
            break;
        }
        d = sl_retry_decide(p, b, r.attempts, idempotent, o.st, o.err.http_status, o.err.code,
                            clk->random(clk->ud));
        if (!d.retry)
            break;
        last_cost = d.cost;
        fc->now += d.delay_ms;
    }
    r.waited_ms = fc->now - start;
    return r;
}

START_TEST(test_loop_stops_at_max_attempts)
{
    struct fake_clock fc = {1000000, 0};
    struct sl_clock clk = {&fc, fc_now, fc_now, fc_random};
    struct sl_transport *t = sl_fake_transport_new();
    struct sl_retry_policy p = {3, SL_RETRY_MODE_STANDARD};
    struct sl_retry_bucket b;
    struct loop_result r;
    size_t i;

    sl_retry_bucket_init(&b);
    for (i = 0; i < 5; i++)
        sl_fake_push_http(t, 503, "Content-Type: application/json\nx-amzn-RequestId: r1",
                          "{\"message\":\"Service unavailable\"}");
    r = run_loop(t, &p, &b, &clk, &fc, 1);
    ck_assert_int_eq(r.attempts, 3);
    ck_assert_int_eq(r.ok, 0);
    ck_assert_int_eq(sl_fake_request_count(t), 3);
    ck_assert_int_eq(sl_fake_scripted_left(t), 2);
    ck_assert_int_eq(r.waited_ms, 500 + 1000); /* 0.5 × 1 s, then 0.5 × 2 s */
    ck_assert_int_eq(b.available, 490);
    /* every attempt sent the same request */
    for (i = 0; i < 3; i++) {
        const struct sl_fake_request *q = sl_fake_request_at(t, i);

        ck_assert_str_eq(q->method, "POST");
        ck_assert_str_eq(
            q->url, "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f/invocations");
        ck_assert_str_eq((const char *)q->body, "{}");
    }
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_loop_recovers_and_refunds)
{
    struct fake_clock fc = {0, 0};
    struct sl_clock clk = {&fc, fc_now, fc_now, fc_random};
    struct sl_transport *t = sl_fake_transport_new();
    struct sl_retry_policy p = {3, SL_RETRY_MODE_STANDARD};
    struct sl_retry_bucket b;
    struct loop_result r;

    sl_retry_bucket_init(&b);
    b.available = 100;
    sl_fake_push_net(t, SL_NET_READ_TIMEOUT, "Operation timed out");
    sl_fake_push_http(t, 200, "Content-Type: application/json", "{}");
    r = run_loop(t, &p, &b, &clk, &fc, 1);
    ck_assert_int_eq(r.attempts, 2);
    ck_assert_int_eq(r.ok, 1);
    ck_assert_int_eq(b.available, 100); /* 10 withdrawn for the timeout, 10 back */
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_loop_not_idempotent)
{
    struct fake_clock fc = {0, 0};
    struct sl_clock clk = {&fc, fc_now, fc_now, fc_random};
    struct sl_transport *t = sl_fake_transport_new();
    struct sl_retry_policy p = {3, SL_RETRY_MODE_STANDARD};
    struct sl_retry_bucket b;
    struct loop_result r;

    sl_retry_bucket_init(&b);
    /* read timeout: the function may have run, so Invoke is not sent again */
    sl_fake_push_net(t, SL_NET_READ_TIMEOUT, "Operation timed out");
    sl_fake_push_http(t, 200, NULL, "{}");
    r = run_loop(t, &p, &b, &clk, &fc, 0);
    ck_assert_int_eq(r.attempts, 1);
    ck_assert_int_eq(r.last_st, SL_NET_READ_TIMEOUT);
    ck_assert_int_eq(r.ok, 0);

    /* a 502 from Lambda: not again either */
    sl_transport_free(&t);
    t = sl_fake_transport_new();
    sl_fake_push_http(t, 502, "X-Amzn-ErrorType: ServiceException", "{\"message\":\"x\"}");
    sl_fake_push_http(t, 200, NULL, "{}");
    r = run_loop(t, &p, &b, &clk, &fc, 0);
    ck_assert_int_eq(r.attempts, 1);
    ck_assert_int_eq(r.ok, 0);

    /* refused connection, then throttled, then fine: both retried */
    sl_transport_free(&t);
    t = sl_fake_transport_new();
    sl_fake_push_net(t, SL_NET_CONNECT_FAILED, "Connection refused");
    sl_fake_push_http(t, 429, "X-Amzn-ErrorType: TooManyRequestsException",
                      "{\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\","
                      "\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}");
    sl_fake_push_http(t, 200, NULL, "{\"ok\":true}");
    r = run_loop(t, &p, &b, &clk, &fc, 0);
    ck_assert_int_eq(r.attempts, 3);
    ck_assert_int_eq(r.ok, 1);
    ck_assert_int_eq(sl_fake_scripted_left(t), 0);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_loop_quota_exhausted)
{
    struct fake_clock fc = {0, 0};
    struct sl_clock clk = {&fc, fc_now, fc_now, fc_random};
    struct sl_transport *t = sl_fake_transport_new();
    struct sl_retry_policy p = {10, SL_RETRY_MODE_STANDARD};
    struct sl_retry_bucket b;
    struct loop_result r;
    int i;

    sl_retry_bucket_init(&b);
    b.available = 12; /* two retries' worth */
    for (i = 0; i < 10; i++)
        sl_fake_push_http(t, 500, NULL, "");
    r = run_loop(t, &p, &b, &clk, &fc, 1);
    ck_assert_int_eq(r.attempts, 3);
    ck_assert_int_eq(b.available, 2);
    sl_transport_free(&t);
}
END_TEST

static Suite *retry_suite(void)
{
    Suite *s = suite_create("retry");
    TCase *tc = tcase_create("classify");

    tcase_add_loop_test(tc, test_classify_table, 0,
                        (int)(sizeof(class_cases) / sizeof(class_cases[0])));
    tcase_add_test(tc, test_never_sent);
    tcase_add_test(tc, test_skew_codes);
    suite_add_tcase(s, tc);

    tc = tcase_create("backoff");
    tcase_add_test(tc, test_delay_full_jitter);
    tcase_add_test(tc, test_delay_cap);
    tcase_add_test(tc, test_quota_costs);
    tcase_add_test(tc, test_quota_exhaustion_and_refund);
    tcase_add_test(tc, test_quota_not_in_legacy);
    suite_add_tcase(s, tc);

    tc = tcase_create("decide");
    tcase_add_loop_test(tc, test_decide_table, 0,
                        (int)(sizeof(decide_cases) / sizeof(decide_cases[0])));
    tcase_add_test(tc, test_decide_attempts);
    suite_add_tcase(s, tc);

    tc = tcase_create("policy");
    tcase_add_test(tc, test_policy_defaults);
    tcase_add_test(tc, test_policy_precedence);
    tcase_add_test(tc, test_policy_bad_values);
    tcase_add_test(tc, test_policy_env);
    suite_add_tcase(s, tc);

    tc = tcase_create("skew");
    tcase_add_test(tc, test_http_date);
    tcase_add_test(tc, test_skew_detection);
    suite_add_tcase(s, tc);

    tc = tcase_create("loop");
    tcase_add_test(tc, test_loop_stops_at_max_attempts);
    tcase_add_test(tc, test_loop_recovers_and_refunds);
    tcase_add_test(tc, test_loop_not_idempotent);
    tcase_add_test(tc, test_loop_quota_exhausted);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(retry_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
