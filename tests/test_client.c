/* The client over a scripted transport and a fake clock: what goes on the wire, when it is
 * sent again, and when it is never sent again. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_config.h"
#include "client.h"
#include "clock.h"
#include "fake_transport.h"
#include "service.h"

#define T0_MS 1714564800000LL /* 2024-05-01T12:00:00Z */

static long long fake_now = T0_MS;
static long long fake_mono = 1000;
static double fake_rand = 0.0;

static long long f_now(void *ud)
{
    return fake_now;
}
static long long f_mono(void *ud)
{
    return fake_mono;
}
static double f_random(void *ud)
{
    return fake_rand;
}
static const struct sl_clock fake_clock = {NULL, f_now, f_mono, f_random};

static struct sl_client *client;
static struct sl_transport *fake;

/* A client on the fake transport, for the environment as it is now. */
static void make_client(void)
{
    struct sl_client_opts o;
    struct sl_aws_config *cfg = NULL;
    struct sl_error err;

    ck_assert_int_eq(sl_aws_config_load_files(&cfg, NULL, NULL, &err), SL_OK);
    fake = sl_fake_transport_new();
    memset(&o, 0, sizeof(o));
    o.region = "us-east-1";
    o.endpoint_url = "http://127.0.0.1:4566";
    o.transport = fake;
    o.clock = &fake_clock;
    o.aws_config = cfg;
    ck_assert_int_eq(sl_client_new(&o, &client, &err), SL_OK);
}

static void setup(void)
{
    fake_now = T0_MS;
    fake_mono = 1000;
    fake_rand = 0.0;
    unsetenv("AWS_PROFILE");
    unsetenv("AWS_SESSION_TOKEN");
    unsetenv("AWS_MAX_ATTEMPTS");
    unsetenv("AWS_RETRY_MODE");
    unsetenv("AWS_ENDPOINT_URL");
    setenv("AWS_ACCESS_KEY_ID", "AKIDTEST", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "secret-test-key", 1);
    make_client();
}

static void teardown(void)
{
    sl_client_free(&client); /* frees the fake transport and the config */
}

/* Sends call and drives the client, advancing the fake monotonic clock by each wait. */
static enum sl_err drive(struct sl_call *call)
{
    int done = 0;

    call->done = NULL;
    ck_assert_int_eq(sl_client_send(client, call), SL_OK);
    while (sl_client_pending(client) && done++ < 100) {
        sl_client_run(client, 1000, -1);
        if (sl_fake_last_run_timeout(fake) > 0)
            fake_mono += sl_fake_last_run_timeout(fake);
    }
    ck_assert_int_eq(sl_client_pending(client), 0);
    return call->rc;
}

START_TEST(test_query_request_is_signed)
{
    struct sl_call call;
    const struct sl_fake_request *r;
    const char *auth;

    sl_call_init(&call, &sl_service_sts, "GetCallerIdentity");
    sl_fake_push_http(fake, 200, NULL, "<ok/>");
    ck_assert_int_eq(drive(&call), SL_OK);
    ck_assert_uint_eq(sl_fake_request_count(fake), 1);
    r = sl_fake_last_request(fake);
    ck_assert_str_eq(r->method, "POST");
    ck_assert_str_eq(r->url, "http://127.0.0.1:4566/");
    ck_assert_str_eq((const char *)r->body, "Action=GetCallerIdentity&Version=2011-06-15");
    ck_assert_str_eq(sl_headers_get(&r->headers, "Host"), "127.0.0.1:4566");
    ck_assert_str_eq(sl_headers_get(&r->headers, "X-Amz-Date"), "20240501T120000Z");
    ck_assert_str_eq(sl_headers_get(&r->headers, "Content-Type"),
                     "application/x-www-form-urlencoded; charset=utf-8");
    auth = sl_headers_get(&r->headers, "Authorization");
    ck_assert_ptr_nonnull(auth);
    ck_assert_msg(!strncmp(auth,
                           "AWS4-HMAC-SHA256 Credential=AKIDTEST/20240501/us-east-1/sts/"
                           "aws4_request, SignedHeaders=",
                           strlen("AWS4-HMAC-SHA256 Credential=AKIDTEST/20240501/us-east-1/sts/"
                                  "aws4_request, SignedHeaders=")),
                  "Authorization: %s", auth);
    ck_assert_ptr_nonnull(strstr(auth, "content-type;host;"));
    ck_assert_ptr_nonnull(strstr(auth, "x-amz-date"));
    ck_assert_ptr_null(strstr(auth, "user-agent"));
    ck_assert_ptr_null(strstr(auth, "secret-test-key"));
    ck_assert_str_eq(sl_headers_get(&r->headers, "amz-sdk-request"), "attempt=1; max=3");
    ck_assert_str_eq(call.resp.body.data, "<ok/>");
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_session_token_is_signed)
{
    struct sl_call call;
    const struct sl_fake_request *r;

    sl_client_free(&client);
    setenv("AWS_SESSION_TOKEN", "token-test", 1);
    make_client();
    sl_call_init(&call, &sl_service_logs, "DescribeLogGroups");
    sl_fake_push_http(fake, 200, NULL, "{}");
    ck_assert_int_eq(drive(&call), SL_OK);
    r = sl_fake_last_request(fake);
    ck_assert_str_eq(sl_headers_get(&r->headers, "X-Amz-Security-Token"), "token-test");
    ck_assert_ptr_nonnull(
        strstr(sl_headers_get(&r->headers, "Authorization"), "x-amz-security-token"));
    ck_assert_str_eq(sl_headers_get(&r->headers, "X-Amz-Target"),
                     "Logs_20140328.DescribeLogGroups");
    ck_assert_str_eq(sl_headers_get(&r->headers, "Content-Type"), "application/x-amz-json-1.1");
    ck_assert_str_eq((const char *)r->body, "{}");
    sl_call_cleanup(&call);
    unsetenv("AWS_SESSION_TOKEN");
}
END_TEST

START_TEST(test_lambda_path_is_encoded)
{
    struct sl_call call;
    const struct sl_fake_request *r;

    sl_call_init(&call, &sl_service_lambda, "GetFunction");
    snprintf(call.method, sizeof(call.method), "GET");
    sl_buf_append_str(&call.path, "/2015-03-31/functions");
    sl_call_path_segment(&call, "arn:aws:lambda:us-east-1:123456789012:function:f");
    sl_call_url_param(&call, "Qualifier", "$LATEST");
    sl_fake_push_http(fake, 200, NULL, "{}");
    ck_assert_int_eq(drive(&call), SL_OK);
    r = sl_fake_last_request(fake);
    ck_assert_str_eq(r->path, "/2015-03-31/functions/"
                              "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af");
    ck_assert_str_eq(r->query, "Qualifier=%24LATEST");
    ck_assert_str_eq(r->method, "GET");
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_s3_path_style_and_payload_hash)
{
    struct sl_call call;
    const struct sl_fake_request *r;

    sl_call_init(&call, &sl_service_s3, "PutObject");
    snprintf(call.method, sizeof(call.method), "PUT");
    call.bucket = "layers";
    sl_buf_append_str(&call.path, "/deps/a.zip");
    sl_buf_append_str(&call.body, "zipbytes");
    sl_fake_push_http(fake, 200, NULL, NULL);
    ck_assert_int_eq(drive(&call), SL_OK);
    r = sl_fake_last_request(fake);
    ck_assert_str_eq(r->url, "http://127.0.0.1:4566/layers/deps/a.zip");
    ck_assert_ptr_nonnull(sl_headers_get(&r->headers, "x-amz-content-sha256"));
    ck_assert_ptr_nonnull(strstr(sl_headers_get(&r->headers, "Authorization"), "/s3/aws4_request"));
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_retries_503_then_succeeds)
{
    struct sl_call call;

    sl_call_init(&call, &sl_service_sts, "GetCallerIdentity");
    sl_fake_push_http(fake, 503, NULL, "<html>busy</html>");
    sl_fake_push_http(fake, 200, NULL, "<ok/>");
    ck_assert_int_eq(drive(&call), SL_OK);
    ck_assert_uint_eq(sl_fake_request_count(fake), 2);
    ck_assert_int_eq(call.attempts, 2);
    ck_assert_str_eq(sl_headers_get(&sl_fake_last_request(fake)->headers, "amz-sdk-request"),
                     "attempt=2; max=3");
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_gives_up_after_max_attempts)
{
    struct sl_call call;
    int i;

    sl_call_init(&call, &sl_service_cloudformation, "ListStacks");
    for (i = 0; i < 5; i++)
        sl_fake_push_http(fake, 400, NULL,
                          "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                          "<Message>Rate exceeded</Message></Error><RequestId>r1</RequestId>"
                          "</ErrorResponse>");
    ck_assert_int_eq(drive(&call), SL_EAWS);
    ck_assert_uint_eq(sl_fake_request_count(fake), 3);
    ck_assert_str_eq(call.err.code, "Throttling");
    ck_assert_str_eq(call.err.request_id, "r1");
    ck_assert_int_eq(call.err.http_status, 400);
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_backoff_waits_with_jitter)
{
    struct sl_call call;

    fake_rand = 0.5;
    sl_call_init(&call, &sl_service_sts, "GetCallerIdentity");
    sl_fake_push_http(fake, 500, NULL, NULL);
    sl_fake_push_http(fake, 200, NULL, "<ok/>");
    ck_assert_int_eq(sl_client_send(client, &call), SL_OK);
    sl_client_run(client, 5000, -1); /* first attempt fails */
    ck_assert_uint_eq(sl_fake_request_count(fake), 1);
    sl_client_run(client, 5000, -1); /* waits 0.5 x 1 s before the second */
    ck_assert_int_eq(sl_fake_last_run_timeout(fake), 500);
    ck_assert_uint_eq(sl_fake_request_count(fake), 1);
    fake_mono += 500;
    while (sl_client_pending(client))
        sl_client_run(client, 5000, -1);
    ck_assert_uint_eq(sl_fake_request_count(fake), 2);
    ck_assert_int_eq(call.rc, SL_OK);
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_max_attempts_from_env)
{
    struct sl_call call;

    sl_client_free(&client);
    setenv("AWS_MAX_ATTEMPTS", "1", 1);
    make_client();
    sl_call_init(&call, &sl_service_sts, "GetCallerIdentity");
    sl_fake_push_http(fake, 503, NULL, NULL);
    sl_fake_push_http(fake, 200, NULL, NULL);
    ck_assert_int_eq(drive(&call), SL_EAWS);
    ck_assert_uint_eq(sl_fake_request_count(fake), 1);
    sl_call_cleanup(&call);
    unsetenv("AWS_MAX_ATTEMPTS");
}
END_TEST

/* An invoke must never run twice: only failures that prove it never arrived are retried. */
static const struct {
    const char *name;
    enum sl_net_status net;
    long status;
    const char *headers;
    unsigned expected_requests;
    enum sl_err expected_rc;
} invoke_cases[] = {
    {"connect refused", SL_NET_CONNECT_FAILED, 0, NULL, 2, SL_OK},
    {"connect timeout", SL_NET_CONNECT_TIMEOUT, 0, NULL, 2, SL_OK},
    {"read timeout", SL_NET_READ_TIMEOUT, 0, NULL, 1, SL_ETIMEOUT},
    {"reset after send", SL_NET_RECV_FAILED, 0, NULL, 1, SL_ENET},
    {"send broke", SL_NET_SEND_FAILED, 0, NULL, 1, SL_ENET},
    {"503", SL_NET_OK, 503, NULL, 1, SL_EAWS},
    {"502", SL_NET_OK, 502, "X-Amzn-ErrorType: ServiceException", 1, SL_EAWS},
    {"429 throttled", SL_NET_OK, 429, "X-Amzn-ErrorType: TooManyRequestsException", 2, SL_OK},
};

START_TEST(test_invoke_never_sent_twice)
{
    struct sl_call call;

    sl_call_init(&call, &sl_service_lambda, "Invoke");
    call.idempotent = 0;
    sl_buf_append_str(&call.path, "/2015-03-31/functions/f/invocations");
    sl_buf_append_str(&call.body, "{}");
    if (invoke_cases[_i].net != SL_NET_OK)
        sl_fake_push_net(fake, invoke_cases[_i].net, "scripted");
    else
        sl_fake_push_http(fake, invoke_cases[_i].status, invoke_cases[_i].headers,
                          "{\"message\":\"x\"}");
    sl_fake_push_http(fake, 200, NULL, "{\"ok\":true}");
    ck_assert_msg(drive(&call) == invoke_cases[_i].expected_rc, "%s: rc %d", invoke_cases[_i].name,
                  call.rc);
    ck_assert_msg(sl_fake_request_count(fake) == invoke_cases[_i].expected_requests,
                  "%s: %zu requests", invoke_cases[_i].name, sl_fake_request_count(fake));
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_clock_skew_is_corrected)
{
    struct sl_call call;
    const struct sl_fake_request *r;

    /* The server is one hour ahead of us. */
    sl_call_init(&call, &sl_service_logs, "DescribeLogGroups");
    sl_fake_push_http(fake, 400,
                      "Date: Wed, 01 May 2024 13:00:00 GMT\n"
                      "x-amzn-RequestId: skew-1",
                      "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: "
                      "20240501T120000Z is now earlier than 20240501T125500Z\"}");
    sl_fake_push_http(fake, 200, NULL, "{}");
    ck_assert_int_eq(drive(&call), SL_OK);
    ck_assert_uint_eq(sl_fake_request_count(fake), 2);
    r = sl_fake_last_request(fake);
    ck_assert_str_eq(sl_headers_get(&r->headers, "X-Amz-Date"), "20240501T130000Z");
    ck_assert(sl_client_clock_offset_ms(client) == 3600000LL);
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_signature_error_without_skew_is_not_retried)
{
    struct sl_call call;

    sl_call_init(&call, &sl_service_sts, "GetCallerIdentity");
    sl_fake_push_http(fake, 403, "Date: Wed, 01 May 2024 12:00:03 GMT",
                      "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The "
                      "request signature we calculated does not match</Message></Error>"
                      "</ErrorResponse>");
    sl_fake_push_http(fake, 200, NULL, "<ok/>");
    ck_assert_int_eq(drive(&call), SL_EAWS);
    ck_assert_uint_eq(sl_fake_request_count(fake), 1);
    ck_assert_str_eq(call.err.code, "SignatureDoesNotMatch");
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_not_found)
{
    struct sl_call call;

    sl_call_init(&call, &sl_service_lambda, "GetFunction");
    snprintf(call.method, sizeof(call.method), "GET");
    sl_buf_append_str(&call.path, "/2015-03-31/functions/nope");
    sl_fake_push_http(fake, 404, "X-Amzn-ErrorType: ResourceNotFoundException:http://internal",
                      "{\"Type\":\"User\",\"Message\":\"Function not found: nope\"}");
    ck_assert_int_eq(drive(&call), SL_ENOTFOUND);
    ck_assert_str_eq(call.err.code, "ResourceNotFoundException");
    ck_assert_str_eq(call.err.message, "Function not found: nope");
    ck_assert_uint_eq(sl_fake_request_count(fake), 1);
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_cancel)
{
    struct sl_call call;

    sl_call_init(&call, &sl_service_sts, "GetCallerIdentity");
    sl_fake_hold(fake, 1);
    ck_assert_int_eq(sl_client_send(client, &call), SL_OK);
    sl_client_run(client, 0, -1);
    ck_assert_int_eq(sl_client_pending(client), 1);
    sl_client_cancel(client, &call);
    while (sl_client_pending(client))
        sl_client_run(client, 0, -1);
    ck_assert_int_eq(call.rc, SL_ECANCELLED);
    sl_call_cleanup(&call);
}
END_TEST

static Suite *client_suite(void)
{
    Suite *s = suite_create("client");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_query_request_is_signed);
    tcase_add_test(tc, test_session_token_is_signed);
    tcase_add_test(tc, test_lambda_path_is_encoded);
    tcase_add_test(tc, test_s3_path_style_and_payload_hash);
    tcase_add_test(tc, test_retries_503_then_succeeds);
    tcase_add_test(tc, test_gives_up_after_max_attempts);
    tcase_add_test(tc, test_backoff_waits_with_jitter);
    tcase_add_test(tc, test_max_attempts_from_env);
    tcase_add_loop_test(tc, test_invoke_never_sent_twice, 0,
                        (int)(sizeof(invoke_cases) / sizeof(invoke_cases[0])));
    tcase_add_test(tc, test_clock_skew_is_corrected);
    tcase_add_test(tc, test_signature_error_without_skew_is_not_retried);
    tcase_add_test(tc, test_not_found);
    tcase_add_test(tc, test_cancel);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(client_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
