/* AWS error decoding for every protocol family, from recorded answers under
 * tests/fixtures/errors/ (status line, headers, blank line, body), plus the code
 * normalisation and hostile or broken bodies. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_error.h"
#include "buf.h"
#include "http.h"
#include "service.h"
#include "sl_error.h"

#ifndef ABS_TOP_SRCDIR
#define ABS_TOP_SRCDIR "."
#endif

static const char *srcdir(void)
{
    const char *s = getenv("SLCTL_TOP_SRCDIR");

    return s && *s ? s : ABS_TOP_SRCDIR;
}

/* Reads tests/fixtures/errors/<name> into resp. */
static void load_fixture(const char *name, struct sl_http_response *resp)
{
    char path[4096], line[8192];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/tests/fixtures/errors/%s", srcdir(), name);
    f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    memset(resp, 0, sizeof(*resp));
    sl_buf_init(&resp->body, 0);
    ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
    ck_assert_int_eq(sscanf(line, "HTTP/1.1 %ld", &resp->status), 1);
    while (fgets(line, sizeof(line), f)) {
        char *colon, *v;

        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            break;
        colon = strchr(line, ':');
        ck_assert_ptr_nonnull(colon);
        *colon = '\0';
        v = colon + 1;
        while (*v == ' ')
            v++;
        ck_assert_int_eq(sl_headers_add(&resp->headers, line, v), SL_OK);
    }
    while ((n = fread(line, 1, sizeof(line), f)) > 0)
        ck_assert_int_eq(sl_buf_append(&resp->body, line, n), SL_OK);
    fclose(f);
}

struct fixture_case {
    const char *file;
    enum sl_protocol proto;
    long status;
    const char *code;
    const char *message; /* a substring of the message */
    const char *request_id;
    int retryable;
    enum sl_err rc;
};

static const struct fixture_case cases[] = {
    {"lambda_404_not_found.http", SL_PROTO_REST_JSON, 404, "ResourceNotFoundException",
     "Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing",
     "8d6b3b3c-1f1a-4c3e-9c0a-0f7d2b6f5a11", 0, SL_ENOTFOUND},
    {"lambda_429_too_many_requests.http", SL_PROTO_REST_JSON, 429, "TooManyRequestsException",
     "Rate Exceeded.", "5a1e0f3c-0000-4000-8000-00000000a429", 1, SL_EAWS},
    {"lambda_500_service.http", SL_PROTO_REST_JSON, 500, "ServiceException",
     "An internal error occurred.", "11111111-2222-3333-4444-555555555555", 1, SL_EAWS},
    {"lambda_body_code_only.http", SL_PROTO_REST_JSON, 400, "InvalidParameterValueException",
     "nodejs8.10 is no longer supported", "22222222-2222-3333-4444-555555555555", 0, SL_EAWS},
    {"logs_throttling.http", SL_PROTO_JSON, 400, "ThrottlingException", "Rate exceeded",
     "0c9f6e1a-7d0e-4d2b-9a47-3f1e8c2b7d10", 1, SL_EAWS},
    {"logs_not_found.http", SL_PROTO_JSON, 400, "ResourceNotFoundException",
     "The specified log group does not exist.", "3c3c3c3c-7d0e-4d2b-9a47-3f1e8c2b7d10", 0,
     SL_ENOTFOUND},
    {"json_type_with_suffix.http", SL_PROTO_JSON, 400, "FooError", "Foo happened",
     "4d4d4d4d-0000-0000-0000-000000000000", 0, SL_EAWS},
    {"cloudwatch_query_error.http", SL_PROTO_JSON, 400, "LimitExceeded",
     "The maximum number of alarms has been reached.", "6e6e6e6e-aaaa-bbbb-cccc-dddddddddddd", 0,
     SL_EAWS},
    {"cloudformation_does_not_exist.http", SL_PROTO_QUERY, 400, "ValidationError",
     "Stack with id demo does not exist", "0f9c2b7e-5c4d-4f3a-8b2e-1d0c9b8a7f6e", 0, SL_ENOTFOUND},
    {"cloudformation_validation.http", SL_PROTO_QUERY, 400, "ValidationError",
     "Template format error: unsupported structure.", "a1a1a1a1-5c4d-4f3a-8b2e-1d0c9b8a7f6e", 0,
     SL_EAWS},
    {"cloudformation_throttling.http", SL_PROTO_QUERY, 400, "Throttling", "Rate exceeded",
     "b2b2b2b2-5c4d-4f3a-8b2e-1d0c9b8a7f6e", 1, SL_EAWS},
    {"sts_expired_token.http", SL_PROTO_QUERY, 403, "ExpiredToken",
     "The security token included in the request is expired",
     "c3c3c3c3-0000-4000-8000-000000000403", 0, SL_EAWS},
    {"s3_no_such_bucket.http", SL_PROTO_REST_XML, 404, "NoSuchBucket",
     "The specified bucket does not exist", "4442587FB7D0A2F9", 0, SL_ENOTFOUND},
    {"s3_skewed.http", SL_PROTO_REST_XML, 403, "RequestTimeTooSkewed",
     "The difference between the request time", "5552587FB7D0A2F9", 0, SL_EAWS},
    {"s3_head_404.http", SL_PROTO_REST_XML, 404, "", "HTTP 404 from the service",
     "6662587FB7D0A2F9", 0, SL_EAWS},
    {"html_502.http", SL_PROTO_REST_JSON, 502, "", "HTTP 502 from the service", "", 1, SL_EAWS},
    {"html_502.http", SL_PROTO_QUERY, 502, "", "HTTP 502 from the service", "", 1, SL_EAWS},
    {"empty_503.http", SL_PROTO_JSON, 503, "", "HTTP 503 from the service", "", 1, SL_EAWS},
    {"json_garbage.http", SL_PROTO_JSON, 500, "", "HTTP 500 from the service",
     "77777777-0000-0000-0000-000000000000", 1, SL_EAWS},
};

START_TEST(test_fixture)
{
    const struct fixture_case *c = &cases[_i];
    struct sl_http_response resp;
    struct sl_error err;
    enum sl_err rc;

    load_fixture(c->file, &resp);
    memset(&err, 0x55, sizeof(err)); /* decode must clear it */
    rc = sl_aws_error_decode(c->proto, &resp, &err);
    ck_assert_msg(rc == c->rc, "%s: rc %d, want %d", c->file, rc, c->rc);
    ck_assert_int_eq(err.http_status, c->status);
    ck_assert_msg(!strcmp(err.code, c->code), "%s: code '%s', want '%s'", c->file, err.code,
                  c->code);
    ck_assert_msg(strstr(err.message, c->message) != NULL, "%s: message '%s'", c->file,
                  err.message);
    ck_assert_msg(!strcmp(err.request_id, c->request_id), "%s: request id '%s'", c->file,
                  err.request_id);
    ck_assert_int_eq(err.retryable, c->retryable);
    sl_http_response_free(&resp);
}
END_TEST

START_TEST(test_code_normalise)
{
    static const char *const table[][2] = {
        {"ResourceNotFoundException", "ResourceNotFoundException"},
        {"com.amazonaws.logs#ThrottlingException", "ThrottlingException"},
        {"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/"
         "com.amazon.coral.validate/",
         "FooError"},
        {"FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"},
        {"a#b#Last", "Last"},
        {"  Spaced  ", "Spaced"},
        {"", ""},
        {"#", ""},
        {":x", ""},
    };
    char out[128];
    size_t i;

    for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        sl_aws_error_code_normalise(table[i][0], out, sizeof(out));
        ck_assert_msg(!strcmp(out, table[i][1]), "'%s' gave '%s'", table[i][0], out);
    }
    sl_aws_error_code_normalise(NULL, out, sizeof(out));
    ck_assert_str_eq(out, "");
    sl_aws_error_code_normalise("LongCodeName", out, 5);
    ck_assert_str_eq(out, "Long");
}
END_TEST

START_TEST(test_not_found_rule)
{
    ck_assert(sl_aws_error_is_not_found("ResourceNotFoundException", "x"));
    ck_assert(sl_aws_error_is_not_found("NoSuchBucket", NULL));
    ck_assert(sl_aws_error_is_not_found("NoSuchKey", ""));
    ck_assert(sl_aws_error_is_not_found("ValidationError", "Stack with id x does not exist"));
    ck_assert(!sl_aws_error_is_not_found("ValidationError", "Template format error"));
    ck_assert(!sl_aws_error_is_not_found("ValidationError", NULL));
    ck_assert(!sl_aws_error_is_not_found("AccessDenied", "does not exist"));
    ck_assert(!sl_aws_error_is_not_found("", "does not exist"));
    ck_assert(!sl_aws_error_is_not_found(NULL, NULL));
}
END_TEST

static void make_resp(struct sl_http_response *r, long status, const char *body)
{
    memset(r, 0, sizeof(*r));
    r->status = status;
    sl_buf_init(&r->body, 0);
    if (body)
        ck_assert_int_eq(sl_buf_append_str(&r->body, body), SL_OK);
}

START_TEST(test_header_precedence)
{
    struct sl_http_response r;
    struct sl_error err;

    /* restJson: the header wins over the body */
    make_resp(&r, 400, "{\"__type\":\"BodyCode\",\"Message\":\"m\"}");
    ck_assert_int_eq(sl_headers_add(&r.headers, "X-Amzn-ErrorType", "HeaderCode:http://x/"), SL_OK);
    sl_aws_error_decode(SL_PROTO_REST_JSON, &r, &err);
    ck_assert_str_eq(err.code, "HeaderCode");
    ck_assert_str_eq(err.message, "m");
    /* awsJson: the body wins over X-Amzn-ErrorType, which only fills a gap */
    sl_aws_error_decode(SL_PROTO_JSON, &r, &err);
    ck_assert_str_eq(err.code, "BodyCode");
    sl_http_response_free(&r);

    make_resp(&r, 400, "{}");
    ck_assert_int_eq(sl_headers_add(&r.headers, "x-amzn-errortype", "OnlyHeader"), SL_OK);
    sl_aws_error_decode(SL_PROTO_JSON, &r, &err);
    ck_assert_str_eq(err.code, "OnlyHeader");
    ck_assert_str_eq(err.message, "");
    sl_http_response_free(&r);

    /* x-amzn-query-error without ";Sender" */
    make_resp(&r, 400, "{\"__type\":\"X#InvalidParameterValueFault\"}");
    ck_assert_int_eq(sl_headers_add(&r.headers, "x-amzn-query-error", "InvalidParameterValue"),
                     SL_OK);
    sl_aws_error_decode(SL_PROTO_JSON, &r, &err);
    ck_assert_str_eq(err.code, "InvalidParameterValue");
    sl_http_response_free(&r);
}
END_TEST

START_TEST(test_hostile_bodies)
{
    static const char *const bodies[] = {
        "",
        "   \n",
        "{",
        "[1,2,3]",
        "{\"__type\":42,\"message\":null}",
        "{\"message\":{\"nested\":true}}",
        "<",
        "<Error><Code>Half",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><Error><Code>&a;</Code></Error>",
        "<Other><Thing/></Other>",
        "null",
        "\xff\xfe\x00garbage",
    };
    struct sl_http_response r;
    struct sl_error err;
    size_t i;
    int p;

    for (p = SL_PROTO_QUERY; p <= SL_PROTO_REST_XML; p++) {
        for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
            make_resp(&r, 500, bodies[i]);
            ck_assert_int_eq(sl_aws_error_decode((enum sl_protocol)p, &r, &err), SL_EAWS);
            ck_assert_int_eq(err.http_status, 500);
            ck_assert_str_eq(err.code, "");
            ck_assert_str_eq(err.message, "HTTP 500 from the service");
            ck_assert_int_eq(err.retryable, 1);
            sl_http_response_free(&r);
        }
    }
}
END_TEST

START_TEST(test_control_chars_and_length)
{
    struct sl_http_response r;
    struct sl_error err;
    struct sl_buf b;
    size_t i;

    make_resp(&r, 400,
              "{\"__type\":\"Bad\\u001bCode\",\"message\":\"line1\\nline2\\u001b[31mred\\u0007\"}");
    sl_aws_error_decode(SL_PROTO_JSON, &r, &err);
    ck_assert_str_eq(err.code, "Bad?Code");
    ck_assert_str_eq(err.message, "line1 line2?[31mred?");
    sl_http_response_free(&r);

    /* a very long message is cut to fit, on a UTF-8 boundary */
    sl_buf_init(&b, 0);
    ck_assert_int_eq(sl_buf_append_str(&b, "{\"message\":\"x"), SL_OK);
    for (i = 0; i < 2000; i++)
        ck_assert_int_eq(sl_buf_append_str(&b, "\xc3\xa9"), SL_OK);
    ck_assert_int_eq(sl_buf_append_str(&b, "\"}"), SL_OK);
    make_resp(&r, 400, sl_buf_str(&b));
    sl_aws_error_decode(SL_PROTO_JSON, &r, &err);
    ck_assert_uint_lt(strlen(err.message), sizeof(err.message));
    ck_assert_uint_gt(strlen(err.message), 1000);
    ck_assert_int_eq(strlen(err.message) % 2, 1); /* "x" + whole two-byte characters */
    sl_http_response_free(&r);
    sl_buf_free(&b);
}
END_TEST

START_TEST(test_null_arguments)
{
    struct sl_http_response r;
    struct sl_error err;

    make_resp(&r, 404, "{\"__type\":\"ResourceNotFoundException\"}");
    ck_assert_int_eq(sl_aws_error_decode(SL_PROTO_JSON, &r, NULL), SL_ENOTFOUND);
    ck_assert_int_eq(sl_aws_error_decode(SL_PROTO_JSON, NULL, &err), SL_EAWS);
    sl_http_response_free(&r);
}
END_TEST

static Suite *errors_suite(void)
{
    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("fixtures");

    tcase_add_loop_test(tc, test_fixture, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    suite_add_tcase(s, tc);

    tc = tcase_create("rules");
    tcase_add_test(tc, test_code_normalise);
    tcase_add_test(tc, test_not_found_rule);
    tcase_add_test(tc, test_header_precedence);
    tcase_add_test(tc, test_hostile_bodies);
    tcase_add_test(tc, test_control_chars_and_length);
    tcase_add_test(tc, test_null_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(errors_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
