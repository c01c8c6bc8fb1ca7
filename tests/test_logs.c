/* CloudWatch Logs: request bodies (parsed back and compared), page parsers on recorded answers
 * (tests/fixtures/logs), and the paged operations driven through the client on a fake
 * transport. */
#include "config.h"

#include <check.h>
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "fake_transport.h"
#include "logs.h"
#include "service.h"
#include "test_support.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixtures ---------------------------------------------------------------------------- */

static char *fixture(const char *name, size_t *len)
{
    return sl_test_fixture("logs", name, len);
}

/* ---- request bodies ---------------------------------------------------------------------- */

enum build_kind { B_GROUPS, B_STREAMS, B_FILTER, B_GET };

static const char *const two_names[] = {"2024/05/01/[$LATEST]abc", "stream \"b\""};
static const char *hundred_names[101];
static char long_pattern[SL_LOGS_FILTER_PATTERN_MAX + 2];
static char max_pattern[SL_LOGS_FILTER_PATTERN_MAX + 1];

struct build_case {
    const char *name;
    enum build_kind kind;
    const char *prefix; /* groups */
    int limit;
    struct sl_logs_streams_query streams;
    struct sl_logs_filter_query filter;
    struct sl_logs_get_query get;
    const char *token;
    enum sl_err rc;
    const char *json; /* the expected body, compared as JSON */
};

#define NO_TIME -1, -1

static struct build_case build_cases[] = {
    {"groups default", B_GROUPS, NULL, 0, {0}, {0}, {0}, NULL, SL_OK, "{\"limit\":50}"},
    {"groups prefix",
     B_GROUPS,
     "/aws/lambda/",
     10,
     {0},
     {0},
     {0},
     "tok==",
     SL_OK,
     "{\"logGroupNamePrefix\":\"/aws/lambda/\",\"limit\":10,\"nextToken\":\"tok==\"}"},
    {"groups empty prefix", B_GROUPS, "", 50, {0}, {0}, {0}, NULL, SL_OK, "{\"limit\":50}"},
    {"groups limit 51", B_GROUPS, NULL, 51, {0}, {0}, {0}, NULL, SL_EINVAL, NULL},
    {"groups limit -1", B_GROUPS, NULL, -1, {0}, {0}, {0}, NULL, SL_EINVAL, NULL},
    {"streams by last event",
     B_STREAMS,
     NULL,
     0,
     {"/aws/lambda/orders", NULL, 1, 1, 5},
     {0},
     {0},
     NULL,
     SL_OK,
     "{\"logGroupName\":\"/aws/lambda/orders\",\"orderBy\":\"LastEventTime\","
     "\"descending\":true,\"limit\":5}"},
    {"streams prefix",
     B_STREAMS,
     NULL,
     0,
     {"/g", "2024/", 0, 0, 0},
     {0},
     {0},
     "t2",
     SL_OK,
     "{\"logGroupName\":\"/g\",\"logStreamNamePrefix\":\"2024/\",\"nextToken\":\"t2\"}"},
    {"streams arn",
     B_STREAMS,
     NULL,
     0,
     {"arn:aws:logs:us-east-1:123456789012:log-group:/g:*", NULL, 0, 0, 0},
     {0},
     {0},
     NULL,
     SL_OK,
     "{\"logGroupIdentifier\":\"arn:aws:logs:us-east-1:123456789012:log-group:/g\"}"},
    {"streams prefix and order",
     B_STREAMS,
     NULL,
     0,
     {"/g", "2024/", 1, 1, 0},
     {0},
     {0},
     NULL,
     SL_EINVAL,
     NULL},
    {"streams no group", B_STREAMS, NULL, 0, {"", NULL, 1, 1, 0}, {0}, {0}, NULL, SL_EINVAL, NULL},
    {"streams limit 51",
     B_STREAMS,
     NULL,
     0,
     {"/g", NULL, 0, 0, 51},
     {0},
     {0},
     NULL,
     SL_EINVAL,
     NULL},
    {"filter full",
     B_FILTER,
     NULL,
     0,
     {0},
     {"/aws/lambda/orders", 1714550400000LL, 1714550460000LL, "?ERROR ?Task", two_names, 2, NULL,
      500},
     {0},
     "Bxkq==",
     SL_OK,
     "{\"logGroupName\":\"/aws/lambda/orders\",\"logStreamNames\":[\"2024/05/01/[$LATEST]abc\","
     "\"stream \\\"b\\\"\"],\"startTime\":1714550400000,\"endTime\":1714550460000,"
     "\"filterPattern\":\"?ERROR ?Task\",\"limit\":500,\"nextToken\":\"Bxkq==\"}"},
    {"filter prefix",
     B_FILTER,
     NULL,
     0,
     {0},
     {"/g", 0, -1, "", NULL, 0, "2024/05/", 0},
     {0},
     NULL,
     SL_OK,
     "{\"logGroupName\":\"/g\",\"logStreamNamePrefix\":\"2024/05/\",\"startTime\":0}"},
    {"filter no times",
     B_FILTER,
     NULL,
     0,
     {0},
     {"/g", NO_TIME, NULL, NULL, 0, NULL, 0},
     {0},
     NULL,
     SL_OK,
     "{\"logGroupName\":\"/g\"}"},
    {"filter unicode pattern",
     B_FILTER,
     NULL,
     0,
     {0},
     {"/g", NO_TIME, "{ $.msg = \"café\\n\" }", NULL, 0, NULL, 10000},
     {0},
     NULL,
     SL_OK,
     "{\"logGroupName\":\"/g\",\"filterPattern\":\"{ $.msg = \\\"café\\\\n\\\" }\","
     "\"limit\":10000}"},
    {"filter arn",
     B_FILTER,
     NULL,
     0,
     {0},
     {"arn:aws:logs:eu-west-1:123456789012:log-group:/x", 5, -1, NULL, NULL, 0, NULL, 0},
     {0},
     NULL,
     SL_OK,
     "{\"logGroupIdentifier\":\"arn:aws:logs:eu-west-1:123456789012:log-group:/x\","
     "\"startTime\":5}"},
    {"filter names and prefix",
     B_FILTER,
     NULL,
     0,
     {0},
     {"/g", NO_TIME, NULL, two_names, 2, "2024/", 0},
     {0},
     NULL,
     SL_EINVAL,
     NULL},
    {"filter 101 names",
     B_FILTER,
     NULL,
     0,
     {0},
     {"/g", NO_TIME, NULL, hundred_names, 101, NULL, 0},
     {0},
     NULL,
     SL_EINVAL,
     NULL},
    {"filter pattern 1025",
     B_FILTER,
     NULL,
     0,
     {0},
     {"/g", NO_TIME, long_pattern, NULL, 0, NULL, 0},
     {0},
     NULL,
     SL_EINVAL,
     NULL},
    {"filter end before start",
     B_FILTER,
     NULL,
     0,
     {0},
     {"/g", 10, 9, NULL, NULL, 0, NULL, 0},
     {0},
     NULL,
     SL_EINVAL,
     NULL},
    {"filter limit 10001",
     B_FILTER,
     NULL,
     0,
     {0},
     {"/g", NO_TIME, NULL, NULL, 0, NULL, 10001},
     {0},
     NULL,
     SL_EINVAL,
     NULL},
    {"filter no group",
     B_FILTER,
     NULL,
     0,
     {0},
     {NULL, NO_TIME, NULL, NULL, 0, NULL, 0},
     {0},
     NULL,
     SL_EINVAL,
     NULL},
    {"get forward",
     B_GET,
     NULL,
     0,
     {0},
     {0},
     {"/aws/lambda/orders", "2024/05/01/[$LATEST]abc", -1, -1, 1, 100},
     "f/123/s",
     SL_OK,
     "{\"logGroupName\":\"/aws/lambda/orders\",\"logStreamName\":\"2024/05/01/[$LATEST]abc\","
     "\"limit\":100,\"startFromHead\":true,\"nextToken\":\"f/123/s\"}"},
    {"get tail",
     B_GET,
     NULL,
     0,
     {0},
     {0},
     {"/g", "s", 1000, 2000, 0, 0},
     NULL,
     SL_OK,
     "{\"logGroupName\":\"/g\",\"logStreamName\":\"s\",\"startTime\":1000,\"endTime\":2000,"
     "\"startFromHead\":false}"},
    {"get no stream", B_GET, NULL, 0, {0}, {0}, {"/g", NULL, -1, -1, 1, 0}, NULL, SL_EINVAL, NULL},
};

static void build_setup(void)
{
    size_t i;

    for (i = 0; i < NELEM(hundred_names); i++)
        hundred_names[i] = "s";
    memset(long_pattern, 'a', SL_LOGS_FILTER_PATTERN_MAX + 1);
    long_pattern[SL_LOGS_FILTER_PATTERN_MAX + 1] = '\0';
    memset(max_pattern, 'a', SL_LOGS_FILTER_PATTERN_MAX);
    max_pattern[SL_LOGS_FILTER_PATTERN_MAX] = '\0';
}

static enum sl_err build_one(const struct build_case *bc, struct sl_buf *body, struct sl_error *err)
{
    switch (bc->kind) {
    case B_GROUPS:
        return sl_logs_build_groups_body(bc->prefix, bc->limit, bc->token, body, err);
    case B_STREAMS:
        return sl_logs_build_streams_body(&bc->streams, bc->token, body, err);
    case B_FILTER:
        return sl_logs_build_filter_body(&bc->filter, bc->token, body, err);
    default:
        return sl_logs_build_get_body(&bc->get, bc->token, body, err);
    }
}

START_TEST(test_build)
{
    const struct build_case *bc = &build_cases[_i];
    struct sl_buf body;
    struct sl_error err;
    enum sl_err rc;

    build_setup();
    sl_buf_init(&body, 0);
    sl_buf_append_str(&body, "KEEP");
    sl_error_clear(&err);
    rc = build_one(bc, &body, &err);
    ck_assert_msg(rc == bc->rc, "%s: rc %d, want %d (%s)", bc->name, rc, bc->rc, err.message);
    if (rc) {
        ck_assert_str_eq(sl_buf_str(&body), "KEEP"); /* untouched */
        ck_assert_msg(err.message[0], "%s: no sentence", bc->name);
    } else {
        cJSON *got = cJSON_Parse(sl_buf_str(&body) + 4);
        cJSON *want = cJSON_Parse(bc->json);

        ck_assert_ptr_nonnull(want);
        ck_assert_msg(got != NULL, "%s: body is not JSON: %s", bc->name, sl_buf_str(&body));
        ck_assert_msg(cJSON_Compare(got, want, 1), "%s: body %s, want %s", bc->name,
                      sl_buf_str(&body) + 4, bc->json);
        cJSON_Delete(got);
        cJSON_Delete(want);
    }
    sl_buf_free(&body);
}
END_TEST

START_TEST(test_build_limits_at_edge)
{
    struct sl_logs_filter_query q;
    struct sl_buf body;
    cJSON *j;

    build_setup();
    sl_logs_filter_query_init(&q);
    q.group = "/g";
    q.filter_pattern = max_pattern; /* exactly 1024 bytes is allowed */
    q.stream_names = hundred_names;
    q.nstream_names = 100; /* and exactly 100 names */
    sl_buf_init(&body, 0);
    ck_assert_int_eq(sl_logs_build_filter_body(&q, NULL, &body, NULL), SL_OK);
    j = cJSON_Parse(sl_buf_str(&body));
    ck_assert_ptr_nonnull(j);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "logStreamNames")), 100);
    ck_assert_uint_eq(strlen(cJSON_GetObjectItem(j, "filterPattern")->valuestring),
                      SL_LOGS_FILTER_PATTERN_MAX);
    ck_assert_ptr_null(cJSON_GetObjectItem(j, "startTime"));
    cJSON_Delete(j);
    sl_buf_free(&body);
}
END_TEST

/* ---- pages --------------------------------------------------------------------------------- */

START_TEST(test_groups_pages)
{
    struct sl_log_group *g = NULL;
    size_t n = 99, len;
    char *next = NULL;
    char *body = fixture("describe_log_groups_page1.json", &len);

    ck_assert_int_eq(sl_logs_parse_groups_page(body, len, &g, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(next, "/aws/lambda/payments");
    ck_assert_str_eq(g[0].name, "/aws/lambda/orders");
    ck_assert_str_eq(g[0].arn,
                     "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:*");
    ck_assert_str_eq(g[0].log_group_arn,
                     "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders");
    ck_assert_int_eq(g[0].creation_time, 1714000000000LL);
    ck_assert_int_eq(g[0].retention_days, 14);
    ck_assert_int_eq(g[0].stored_bytes, 48213377);
    ck_assert_int_eq(g[0].metric_filter_count, 2);
    ck_assert_str_eq(g[0].kms_key_id, "");
    ck_assert_str_eq(g[0].log_group_class, "STANDARD");
    ck_assert_int_eq(g[1].retention_days, 0); /* never expires */
    ck_assert_str_eq(g[1].log_group_class, "INFREQUENT_ACCESS");
    ck_assert_str_eq(g[1].kms_key_id,
                     "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    sl_logs_groups_free(&g, n);
    ck_assert_ptr_null(g);
    free(next);
    free(body);

    body = fixture("describe_log_groups_page2.json", &len);
    ck_assert_int_eq(sl_logs_parse_groups_page(body, len, &g, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(next); /* the last page */
    ck_assert_str_eq(g[0].name, "/aws/lambda/shipping");
    ck_assert_int_eq(g[0].retention_days, 7);
    sl_logs_groups_free(&g, n);
    free(body);

    body = fixture("describe_log_groups_empty.json", &len);
    ck_assert_int_eq(sl_logs_parse_groups_page(body, len, &g, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(g);
    ck_assert_ptr_null(next);
    free(body);
}
END_TEST

START_TEST(test_streams_page)
{
    struct sl_log_stream *s = NULL;
    size_t n = 0, len;
    char *next = NULL;
    char *body = fixture("describe_log_streams_page1.json", &len);

    ck_assert_int_eq(sl_logs_parse_streams_page(body, len, &s, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(next, "Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrIoBk2Aa6LHVEFQvEGcvZC");
    ck_assert_str_eq(s[0].name, "2024/05/01/[$LATEST]9f0c2d7e1b8a4c3d9e7f6a5b4c3d2e1f");
    ck_assert_int_eq(s[0].creation_time, 1714550400123LL);
    ck_assert_int_eq(s[0].first_event_timestamp, 1714550400200LL);
    ck_assert_int_eq(s[0].last_event_timestamp, 1714550463120LL);
    ck_assert_int_eq(s[0].last_ingestion_time, 1714550463999LL);
    ck_assert_int_eq(s[1].last_event_timestamp, 0); /* absent: an empty stream */
    ck_assert_str_eq(s[1].name, "2024/04/30/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9");
    sl_logs_streams_free(&s, n);
    free(next);
    free(body);
}
END_TEST

START_TEST(test_filter_pages)
{
    struct sl_log_event *e = NULL;
    size_t n = 0, len;
    char *next = NULL;
    char *body = fixture("filter_page1.json", &len);

    ck_assert_int_eq(sl_logs_parse_filter_page(body, len, &e, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(next, "Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrI1714550403125AAAAAQ");
    ck_assert_str_eq(e[0].event_id, "37874339358271592848338391419236066133290613573584437248");
    ck_assert_str_eq(e[0].log_stream_name, "2024/05/01/[$LATEST]9f0c2d7e1b8a4c3d9e7f6a5b4c3d2e1f");
    ck_assert_int_eq(e[0].timestamp, 1714550403120LL);
    ck_assert_int_eq(e[0].ingestion_time, 1714550404012LL);
    ck_assert_str_eq(e[0].message,
                     "START RequestId: 8f5e6a2c-1b3d-4e5f-9a7b-0c1d2e3f4a5b Version: $LATEST\n");
    ck_assert_uint_eq(e[0].message_len, strlen(e[0].message));
    ck_assert_str_eq(
        e[1].message,
        "2024-05-01T08:00:03.121Z\t8f5e6a2c-1b3d-4e5f-9a7b-0c1d2e3f4a5b\tERROR\tboom\n");
    ck_assert_int_eq(e[2].timestamp, 1714550403125LL);
    ck_assert_int_eq(e[2].truncated, 0);
    sl_logs_events_free(&e, n);
    free(next);
    free(body);

    /* An empty page that still carries a token is not the end. */
    body = fixture("filter_empty_with_token.json", &len);
    ck_assert_int_eq(sl_logs_parse_filter_page(body, len, &e, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(e);
    ck_assert_str_eq(next, "Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrI1714550403125AAAAAg");
    free(next);
    free(body);

    body = fixture("filter_last.json", &len);
    ck_assert_int_eq(sl_logs_parse_filter_page(body, len, &e, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(next);
    ck_assert_str_eq(e[0].message, "END RequestId: 8f5e6a2c-1b3d-4e5f-9a7b-0c1d2e3f4a5b\n");
    sl_logs_events_free(&e, n);
    free(body);

    body = fixture("filter_null_token.json", &len);
    ck_assert_int_eq(sl_logs_parse_filter_page(body, len, &e, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(next);
    free(body);

    /* An empty token is no token. */
    ck_assert_int_eq(sl_logs_parse_filter_page("{\"nextToken\":\"\"}", 16, &e, &n, &next, NULL),
                     SL_OK);
    ck_assert_ptr_null(next);
    /* The token pointer is optional. */
    body = fixture("filter_page1.json", &len);
    ck_assert_int_eq(sl_logs_parse_filter_page(body, len, &e, &n, NULL, NULL), SL_OK);
    sl_logs_events_free(&e, n);
    free(body);
}
END_TEST

/* Messages as bytes: escapes decoded, everything else as sent. */
#define BYTES(s)                                                                                   \
    {                                                                                              \
        s, sizeof(s) - 1                                                                           \
    }
static const struct {
    const char *bytes;
    size_t len;
} escape_cases[] = {
    BYTES("tab\there \"q\" back\\slash / nl\n cr\r bs\b ff\f"),
    BYTES("\x1b[31mred\x1b[0m bell\x07 del\x7f c1\xc2\x9b"),
    BYTES("caf\xc3\xa9 raw:caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xe6\x97\xa5"),
    BYTES("emoji \xf0\x9f\x98\x80 raw \xf0\x9f\x98\x80"),
    BYTES("nul\0inside"),
    BYTES("lone \xef\xbf\xbd low \xef\xbf\xbd end"),
    BYTES(""),
    BYTES("{\"level\":\"INFO\",\"msg\":\"json in json\"}"),
};

START_TEST(test_filter_escapes)
{
    struct sl_log_event *e = NULL;
    size_t n = 0, len, i;
    char *body = fixture("filter_escapes.json", &len);

    ck_assert_int_eq(sl_logs_parse_filter_page(body, len, &e, &n, NULL, NULL), SL_OK);
    ck_assert_uint_eq(n, NELEM(escape_cases));
    for (i = 0; i < n; i++) {
        ck_assert_msg(e[i].message_len == escape_cases[i].len, "event %zu: len %zu, want %zu", i,
                      e[i].message_len, escape_cases[i].len);
        ck_assert_msg(!memcmp(e[i].message, escape_cases[i].bytes, escape_cases[i].len),
                      "event %zu: bytes differ", i);
        ck_assert_int_eq(e[i].message[e[i].message_len], '\0');
    }
    sl_logs_events_free(&e, n);
    free(body);
}
END_TEST

START_TEST(test_filter_unknown_fields)
{
    struct sl_log_event *e = NULL;
    size_t n = 0, len;
    char *next = NULL;
    char *body = fixture("filter_unknown_fields.json", &len);

    ck_assert_int_eq(sl_logs_parse_filter_page(body, len, &e, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(e[0].message, "kept");
    ck_assert_str_eq(e[0].event_id, "9");
    ck_assert_int_eq(e[0].ingestion_time, 0); /* null is absent */
    ck_assert_int_eq(e[0].timestamp, 1714550403120LL);
    ck_assert_str_eq(next, "tok-unknown");
    sl_logs_events_free(&e, n);
    free(next);
    free(body);
}
END_TEST

START_TEST(test_get_pages)
{
    struct sl_log_event *e = NULL;
    size_t n = 0, len;
    char *fwd = NULL, *back = NULL;
    char *body = fixture("get_forward_page.json", &len);

    ck_assert_int_eq(sl_logs_parse_get_page(body, len, &e, &n, &fwd, &back, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(fwd, "f/38283744098425734212823391419236066133290613573584437250/s");
    ck_assert_str_eq(back, "b/38283744098425734212823391419236066133290613573584437248/s");
    ck_assert_str_eq(e[0].log_stream_name, "");
    ck_assert_str_eq(e[0].event_id, "");
    ck_assert_str_eq(e[1].message, "hello\n");
    ck_assert_int_eq(e[1].timestamp, 1714550403122LL);
    /* Walking forward: a fresh token is not the end, the same token back is. */
    ck_assert_int_eq(sl_logs_get_is_end(NULL, fwd), 0);
    ck_assert_int_eq(
        sl_logs_get_is_end("f/38283744098425734212823391419236066133290613573584437248/s", fwd), 0);
    sl_logs_events_free(&e, n);
    free(back);
    free(body);

    body = fixture("get_forward_end.json", &len);
    ck_assert_int_eq(sl_logs_parse_get_page(body, len, &e, &n, &back, NULL, NULL), SL_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(sl_logs_get_is_end(fwd, back), 1);
    ck_assert_int_eq(sl_logs_get_is_end(fwd, NULL), 0);
    free(fwd);
    free(back);
    free(body);
}
END_TEST

/* Answers that must be refused, with SL_EPARSE and nothing handed out. */
static const struct {
    const char *fixture;
    int kind; /* 0 filter, 1 groups, 2 streams */
} bad_cases[] = {
    {"filter_wrong_type_timestamp.json", 0},
    {"filter_wrong_type_events.json", 0},
    {"filter_wrong_type_message.json", 0},
    {"filter_wrong_type_token.json", 0},
    {"filter_not_object.json", 0},
    {"filter_trailing_garbage.json", 0},
    {"filter_truncated.json", 0},
    {"groups_wrong_type.json", 1},
    {"streams_wrong_type.json", 2},
};

static enum sl_err parse_kind(int kind, const char *body, size_t len, size_t *n, char **next,
                              struct sl_error *err, int *handed_out)
{
    enum sl_err rc;

    *handed_out = 0;
    if (kind == 0) {
        struct sl_log_event *e = NULL;
        rc = sl_logs_parse_filter_page(body, len, &e, n, next, err);
        *handed_out = e != NULL;
        sl_logs_events_free(&e, *n);
    } else if (kind == 1) {
        struct sl_log_group *g = NULL;
        rc = sl_logs_parse_groups_page(body, len, &g, n, next, err);
        *handed_out = g != NULL;
        sl_logs_groups_free(&g, *n);
    } else {
        struct sl_log_stream *s = NULL;
        rc = sl_logs_parse_streams_page(body, len, &s, n, next, err);
        *handed_out = s != NULL;
        sl_logs_streams_free(&s, *n);
    }
    return rc;
}

START_TEST(test_bad_answers)
{
    size_t len, n = 7;
    char *next = (char *)"x";
    struct sl_error err;
    int out;
    char *body = fixture(bad_cases[_i].fixture, &len);
    enum sl_err rc;

    sl_error_clear(&err);
    rc = parse_kind(bad_cases[_i].kind, body, len, &n, &next, &err, &out);
    ck_assert_msg(rc == SL_EPARSE, "%s: rc %d", bad_cases[_i].fixture, rc);
    ck_assert_int_eq(out, 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(next);
    ck_assert_msg(err.message[0], "%s: no sentence", bad_cases[_i].fixture);
    free(body);
}
END_TEST

/* Every proper prefix of a good answer is refused (a connection cut anywhere). */
static const struct {
    const char *fixture;
    int kind;
} prefix_cases[] = {
    {"filter_page1.json", 0},
    {"filter_escapes.json", 0},
    {"filter_unknown_fields.json", 0},
    {"describe_log_groups_page1.json", 1},
    {"describe_log_groups_page2.json", 1},
    {"describe_log_streams_page1.json", 2},
};

START_TEST(test_truncated_prefixes)
{
    size_t len, cut, n;
    char *next;
    int out;
    char *body = fixture(prefix_cases[_i].fixture, &len);
    char *copy;

    while (len && (body[len - 1] == '\n' || body[len - 1] == ' '))
        len--;
    for (cut = 0; cut < len; cut++) {
        enum sl_err rc;

        /* A copy of exactly cut bytes, so ASan catches any read past the end. */
        copy = malloc(cut ? cut : 1);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, body, cut);
        rc = parse_kind(prefix_cases[_i].kind, copy, cut, &n, &next, NULL, &out);
        ck_assert_msg(rc == SL_EPARSE, "%s cut at %zu: rc %d", prefix_cases[_i].fixture, cut, rc);
        ck_assert_int_eq(out, 0);
        free(copy);
    }
    ck_assert_int_eq(parse_kind(prefix_cases[_i].kind, body, len, &n, &next, NULL, &out), SL_OK);
    free(next);
    free(body);
}
END_TEST

/* Numbers as AWS may write them, and ones that must be refused. */
static const struct {
    const char *num;
    enum sl_err rc;
    long long value;
} number_cases[] = {
    {"1714550403120", SL_OK, 1714550403120LL},
    {"0", SL_OK, 0},
    {"-5", SL_OK, -5},
    {"1714550403120.9", SL_OK, 1714550403120LL},
    {"1.71455040312e12", SL_OK, 1714550403120LL},
    {"1.71455040312E+12", SL_OK, 1714550403120LL},
    {"17145504031200e-1", SL_OK, 1714550403120LL},
    {"0.001", SL_OK, 0},
    {"9223372036854775807", SL_OK, 9223372036854775807LL},
    {"9223372036854775808", SL_EPARSE, 0},
    {"1e400", SL_EPARSE, 0},
    {"01", SL_EPARSE, 0},
    {"1.", SL_EPARSE, 0},
    {"-", SL_EPARSE, 0},
    {"1e", SL_EPARSE, 0},
    {"+1", SL_EPARSE, 0},
    {".5", SL_EPARSE, 0},
    {"true", SL_EPARSE, 0},
    {"NaN", SL_EPARSE, 0},
};

START_TEST(test_numbers)
{
    char json[256];
    struct sl_log_event *e = NULL;
    size_t n = 0;
    enum sl_err rc;

    snprintf(json, sizeof(json), "{\"events\":[{\"timestamp\":%s,\"eventId\":\"1\"}]}",
             number_cases[_i].num);
    rc = sl_logs_parse_filter_page(json, strlen(json), &e, &n, NULL, NULL);
    ck_assert_msg(rc == number_cases[_i].rc, "%s: rc %d", number_cases[_i].num, rc);
    if (!rc) {
        ck_assert_uint_eq(n, 1);
        ck_assert_int_eq(e[0].timestamp, number_cases[_i].value);
    }
    sl_logs_events_free(&e, n);
}
END_TEST

START_TEST(test_int_range)
{
    struct sl_log_group *g = NULL;
    size_t n = 0;
    const char *ok = "{\"logGroups\":[{\"retentionInDays\":3653}]}";
    const char *big = "{\"logGroups\":[{\"retentionInDays\":3000000000}]}";

    ck_assert_int_eq(sl_logs_parse_groups_page(ok, strlen(ok), &g, &n, NULL, NULL), SL_OK);
    ck_assert_int_eq(g[0].retention_days, 3653);
    ck_assert_str_eq(g[0].name, ""); /* absent strings are "" */
    sl_logs_groups_free(&g, n);
    ck_assert_int_eq(sl_logs_parse_groups_page(big, strlen(big), &g, &n, NULL, NULL), SL_EPARSE);
}
END_TEST

/* A JSON page holding one message of len bytes made of unit (repeated), after a lead. */
static char *page_with_message(const char *lead, const char *unit, size_t count, size_t *len)
{
    struct sl_buf b;
    size_t i;

    sl_buf_init(&b, 0);
    sl_buf_appendf(&b, "{\"events\":[{\"eventId\":\"1\",\"message\":\"%s", lead);
    for (i = 0; i < count; i++)
        sl_buf_append_str(&b, unit);
    sl_buf_append_str(&b, "\",\"timestamp\":7}]}");
    *len = b.len;
    return sl_buf_take(&b);
}

START_TEST(test_message_cap)
{
    struct sl_log_event *e = NULL;
    size_t n = 0, len;
    char *json;

    /* Exactly at the cap: kept whole. */
    json = page_with_message("", "x", SL_LOGS_MESSAGE_MAX, &len);
    ck_assert_int_eq(sl_logs_parse_filter_page(json, len, &e, &n, NULL, NULL), SL_OK);
    ck_assert_uint_eq(e[0].message_len, SL_LOGS_MESSAGE_MAX);
    ck_assert_int_eq(e[0].truncated, 0);
    ck_assert_int_eq(e[0].timestamp, 7);
    sl_logs_events_free(&e, n);
    free(json);

    /* Over it: cut, flagged, the rest of the page still read. */
    json = page_with_message("", "x", SL_LOGS_MESSAGE_MAX + 100, &len);
    ck_assert_int_eq(sl_logs_parse_filter_page(json, len, &e, &n, NULL, NULL), SL_OK);
    ck_assert_uint_eq(e[0].message_len, SL_LOGS_MESSAGE_MAX);
    ck_assert_int_eq(e[0].truncated, 1);
    ck_assert_int_eq(e[0].timestamp, 7);
    sl_logs_events_free(&e, n);
    free(json);

    /* A cut inside a UTF-8 sequence drops the partial character. */
    json = page_with_message("a", "\xc3\xa9", SL_LOGS_MESSAGE_MAX / 2 + 10, &len);
    ck_assert_int_eq(sl_logs_parse_filter_page(json, len, &e, &n, NULL, NULL), SL_OK);
    ck_assert_uint_eq(e[0].message_len, SL_LOGS_MESSAGE_MAX - 1);
    ck_assert_int_eq((unsigned char)e[0].message[e[0].message_len - 1], 0xa9);
    ck_assert_int_eq(e[0].truncated, 1);
    sl_logs_events_free(&e, n);
    free(json);

    /* The same through escapes. */
    json = page_with_message("", "\\u001b", SL_LOGS_MESSAGE_MAX + 1, &len);
    ck_assert_int_eq(sl_logs_parse_filter_page(json, len, &e, &n, NULL, NULL), SL_OK);
    ck_assert_uint_eq(e[0].message_len, SL_LOGS_MESSAGE_MAX);
    ck_assert_int_eq(e[0].message[0], 0x1b);
    sl_logs_events_free(&e, n);
    free(json);
}
END_TEST

START_TEST(test_token_and_depth_caps)
{
    struct sl_buf b;
    struct sl_log_event *e = NULL;
    size_t n = 0, i;
    char *next = NULL;
    struct sl_error err;

    /* A token past the string cap is refused, not cut. */
    sl_buf_init(&b, 0);
    sl_buf_append_str(&b, "{\"events\":[],\"nextToken\":\"");
    for (i = 0; i < SL_LOGS_STRING_MAX + 1; i++)
        sl_buf_append(&b, "t", 1);
    sl_buf_append_str(&b, "\"}");
    ck_assert_int_eq(sl_logs_parse_filter_page(b.data, b.len, &e, &n, &next, &err), SL_ETOOBIG);
    ck_assert_ptr_null(next);
    sl_buf_free(&b);

    /* Deep nesting in an unknown field: fine when modest, refused when absurd. */
    sl_buf_init(&b, 0);
    sl_buf_append_str(&b, "{\"x\":");
    for (i = 0; i < 20; i++)
        sl_buf_append_str(&b, "[");
    for (i = 0; i < 20; i++)
        sl_buf_append_str(&b, "]");
    sl_buf_append_str(&b, ",\"events\":[]}");
    ck_assert_int_eq(sl_logs_parse_filter_page(b.data, b.len, &e, &n, &next, NULL), SL_OK);
    sl_buf_free(&b);
    sl_buf_init(&b, 0);
    sl_buf_append_str(&b, "{\"x\":");
    for (i = 0; i < 100000; i++)
        sl_buf_append_str(&b, "[");
    for (i = 0; i < 100000; i++)
        sl_buf_append_str(&b, "]");
    sl_buf_append_str(&b, "}");
    ck_assert_int_eq(sl_logs_parse_filter_page(b.data, b.len, &e, &n, &next, NULL), SL_EPARSE);
    sl_buf_free(&b);

    /* Malformed escapes and stray structure. */
    {
        static const char *const bad[] = {
            "{\"events\":[{\"message\":\"\\x\"}]}",
            "{\"events\":[{\"message\":\"\\u12\"}]}",
            "{\"events\":[{\"message\":\"\\u12G4\"}]}",
            "{\"events\":[,]}",
            "{\"events\":[{},]}",
            "{\"events\":[] \"nextToken\":\"a\"}",
            "{\"events\" []}",
            "{events:[]}",
            "{\"events\":[]},",
            "",
            "   ",
            "nul",
        };
        for (i = 0; i < NELEM(bad); i++) {
            ck_assert_msg(sl_logs_parse_filter_page(bad[i], strlen(bad[i]), &e, &n, &next, NULL) ==
                              SL_EPARSE,
                          "accepted %s", bad[i]);
            ck_assert_ptr_null(e);
        }
        ck_assert_int_eq(sl_logs_parse_filter_page(NULL, 0, &e, &n, &next, NULL), SL_EPARSE);
    }
}
END_TEST

/* ---- paged operations through the client --------------------------------------------------- */

static struct sl_transport *fake;

static struct sl_client *client_new(void)
{
    fake = sl_fake_transport_new();
    sl_test_fake_env("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "1");
    return sl_test_client_new(fake, NULL);
}

static void push_fixture(const char *name)
{
    size_t len;
    char *body = fixture(name, &len);

    sl_fake_push_http_body(fake, 200,
                           "Content-Type: application/x-amz-json-1.1\n"
                           "x-amzn-RequestId: 11111111-2222-3333-4444-555555555555",
                           body, len);
    free(body);
}

/* The request body i, parsed. */
static cJSON *request_json(size_t i)
{
    const struct sl_fake_request *r = sl_fake_request_at(fake, i);
    cJSON *j;

    ck_assert_ptr_nonnull(r);
    j = cJSON_ParseWithLength((const char *)r->body, r->body_len);
    ck_assert_ptr_nonnull(j);
    return j;
}

static const char *json_str(cJSON *j, const char *name)
{
    cJSON *v = cJSON_GetObjectItem(j, name);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

START_TEST(test_sync_groups)
{
    struct sl_client *c = client_new();
    struct sl_log_group *g = NULL;
    size_t n = 0;
    struct sl_error err;
    const struct sl_fake_request *r;
    cJSON *j;

    push_fixture("describe_log_groups_page1.json");
    push_fixture("describe_log_groups_page2.json");
    ck_assert_int_eq(sl_logs_describe_groups(c, "/aws/lambda/", 0, &g, &n, NULL, &err), SL_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(g[0].name, "/aws/lambda/orders");
    ck_assert_str_eq(g[2].name, "/aws/lambda/shipping");
    ck_assert_uint_eq(sl_fake_request_count(fake), 2);
    r = sl_fake_request_at(fake, 0);
    ck_assert_str_eq(r->method, "POST");
    ck_assert_str_eq(sl_headers_get(&r->headers, "X-Amz-Target"),
                     "Logs_20140328.DescribeLogGroups");
    ck_assert_str_eq(sl_headers_get(&r->headers, "Content-Type"), "application/x-amz-json-1.1");
    j = request_json(0);
    ck_assert_str_eq(json_str(j, "logGroupNamePrefix"), "/aws/lambda/");
    ck_assert_int_eq(cJSON_GetObjectItem(j, "limit")->valueint, 50);
    ck_assert_ptr_null(cJSON_GetObjectItem(j, "nextToken"));
    cJSON_Delete(j);
    j = request_json(1);
    ck_assert_str_eq(json_str(j, "nextToken"), "/aws/lambda/payments");
    cJSON_Delete(j);
    sl_logs_groups_free(&g, n);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_sync_streams)
{
    struct sl_client *c = client_new();
    struct sl_logs_streams_query q = {"/aws/lambda/orders", NULL, 1, 1, 50};
    struct sl_log_stream *s = NULL;
    size_t n = 0;
    char *next = NULL;
    cJSON *j;

    /* One page wanted: stops there and says where to go on. */
    push_fixture("describe_log_streams_page1.json");
    ck_assert_int_eq(sl_logs_describe_streams(c, &q, 2, &s, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(next, "Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrIoBk2Aa6LHVEFQvEGcvZC");
    ck_assert_uint_eq(sl_fake_request_count(fake), 1);
    j = request_json(0);
    ck_assert_str_eq(json_str(j, "orderBy"), "LastEventTime");
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "descending")));
    cJSON_Delete(j);
    sl_logs_streams_free(&s, n);
    free(next);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_sync_filter_all_pages)
{
    struct sl_client *c = client_new();
    struct sl_logs_filter_query q;
    struct sl_log_event *e = NULL;
    size_t n = 0;
    char *next = (char *)"x";
    cJSON *j;

    sl_logs_filter_query_init(&q);
    q.group = "/aws/lambda/orders";
    q.start_ms = 1714550400000LL;
    q.filter_pattern = "?ERROR ?START";
    push_fixture("filter_page1.json");
    push_fixture("filter_empty_with_token.json"); /* empty, yet not the end */
    push_fixture("filter_last.json");
    ck_assert_int_eq(sl_logs_filter_events(c, &q, 0, &e, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_ptr_null(next);
    ck_assert_uint_eq(sl_fake_request_count(fake), 3);
    ck_assert_str_eq(e[3].message, "END RequestId: 8f5e6a2c-1b3d-4e5f-9a7b-0c1d2e3f4a5b\n");
    j = request_json(2);
    ck_assert_str_eq(json_str(j, "nextToken"),
                     "Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrI1714550403125AAAAAg");
    ck_assert_str_eq(json_str(j, "filterPattern"), "?ERROR ?START");
    ck_assert(cJSON_GetObjectItem(j, "startTime")->valuedouble == 1714550400000.0);
    cJSON_Delete(j);
    ck_assert_str_eq(sl_headers_get(&sl_fake_request_at(fake, 0)->headers, "X-Amz-Target"),
                     "Logs_20140328.FilterLogEvents");
    sl_logs_events_free(&e, n);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_sync_filter_error)
{
    struct sl_client *c = client_new();
    struct sl_logs_filter_query q;
    struct sl_log_event *e = NULL;
    size_t n = 0;
    struct sl_error err;
    const char *body = "{\"__type\":\"com.amazonaws.logs#ResourceNotFoundException\","
                       "\"message\":\"The specified log group does not exist.\"}";

    sl_logs_filter_query_init(&q);
    q.group = "/nope";
    sl_fake_push_http(fake, 400,
                      "Content-Type: application/x-amz-json-1.1\nx-amzn-RequestId: abc-123", body);
    ck_assert_int_ne(sl_logs_filter_events(c, &q, 0, &e, &n, NULL, &err), SL_OK);
    ck_assert_ptr_null(e);
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(err.code, "ResourceNotFoundException");
    ck_assert_str_eq(err.request_id, "abc-123");

    /* A refused query sends nothing. */
    q.group = "/g";
    q.start_ms = 10;
    q.end_ms = 5;
    ck_assert_int_eq(sl_logs_filter_events(c, &q, 0, &e, &n, NULL, &err), SL_EINVAL);
    ck_assert_uint_eq(sl_fake_request_count(fake), 1);

    /* A garbled answer. */
    q.end_ms = -1;
    sl_fake_push_http(fake, 200, "Content-Type: application/x-amz-json-1.1", "{\"events\":[");
    ck_assert_int_eq(sl_logs_filter_events(c, &q, 0, &e, &n, NULL, &err), SL_EPARSE);
    ck_assert_ptr_null(e);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_sync_get_forward)
{
    struct sl_client *c = client_new();
    struct sl_logs_get_query q;
    struct sl_log_event *e = NULL;
    size_t n = 0;
    char *next = NULL;
    cJSON *j;

    sl_logs_get_query_init(&q);
    q.group = "/aws/lambda/orders";
    q.stream = "2024/05/01/[$LATEST]9f0c";
    q.start_from_head = 1;
    push_fixture("get_forward_page.json");
    push_fixture("get_forward_end.json"); /* the same forward token: the end */
    ck_assert_int_eq(sl_logs_get_events(c, &q, NULL, 0, &e, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(sl_fake_request_count(fake), 2);
    ck_assert_str_eq(next, "f/38283744098425734212823391419236066133290613573584437250/s");
    j = request_json(0);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "startFromHead")));
    ck_assert_ptr_null(cJSON_GetObjectItem(j, "nextToken"));
    cJSON_Delete(j);
    j = request_json(1);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "startFromHead")));
    ck_assert_str_eq(json_str(j, "nextToken"), next);
    cJSON_Delete(j);
    sl_logs_events_free(&e, n);

    /* Polling again from that token: the same token back at once is the end. */
    push_fixture("get_forward_end.json");
    ck_assert_int_eq(sl_logs_get_events(c, &q, next, 0, &e, &n, NULL, NULL), SL_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(sl_fake_request_count(fake), 3);
    j = request_json(2);
    ck_assert_str_eq(json_str(j, "nextToken"), next);
    cJSON_Delete(j);
    free(next);
    sl_client_free(&c);
}
END_TEST

struct rec {
    struct sl_logs_op *op;
    int pages;
    size_t items;
    int done;
    enum sl_err rc;
    int free_in_done;
};

static void rec_events(void *ud, struct sl_log_event *v, size_t n)
{
    struct rec *r = ud;

    r->pages++;
    r->items += n;
    sl_logs_events_free(&v, n);
}

static void rec_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct rec *r = ud;

    r->done++;
    r->rc = rc;
    if (r->free_in_done)
        sl_logs_op_free(&r->op);
}

static void run_until_done(struct sl_client *c, struct rec *r)
{
    int i;

    for (i = 0; i < 100 && !r->done; i++)
        sl_client_run(c, 10, -1);
    ck_assert_int_eq(r->done, 1);
}

START_TEST(test_op_pages_cancel_free)
{
    struct sl_client *c = client_new();
    struct sl_logs_filter_query q;
    struct rec r;
    struct sl_logs_op *op = NULL;
    struct sl_error err;

    sl_logs_filter_query_init(&q);
    q.group = "/g";

    /* Pages arrive one by one, empty ones included; done frees the op. */
    memset(&r, 0, sizeof(r));
    r.free_in_done = 1;
    push_fixture("filter_page1.json");
    push_fixture("filter_empty_with_token.json");
    push_fixture("filter_last.json");
    ck_assert_int_eq(sl_logs_filter_events_start(c, &q, 0, rec_events, rec_done, &r, &r.op, &err),
                     SL_OK);
    ck_assert(sl_logs_op_active(r.op));
    run_until_done(c, &r);
    ck_assert_int_eq(r.rc, SL_OK);
    ck_assert_int_eq(r.pages, 3);
    ck_assert_uint_eq(r.items, 4);
    ck_assert_ptr_null(r.op);

    /* Cancelled: done says so, no page. */
    memset(&r, 0, sizeof(r));
    sl_fake_hold(fake, 1);
    push_fixture("filter_last.json");
    ck_assert_int_eq(sl_logs_filter_events_start(c, &q, 0, rec_events, rec_done, &r, &r.op, NULL),
                     SL_OK);
    sl_logs_op_cancel(r.op);
    run_until_done(c, &r);
    ck_assert_int_eq(r.rc, SL_ECANCELLED);
    ck_assert_int_eq(r.pages, 0);
    ck_assert(!sl_logs_op_active(r.op));
    sl_logs_op_free(&r.op);
    sl_fake_hold(fake, 0);

    /* Freed while running: nothing is called back, nothing leaks. */
    memset(&r, 0, sizeof(r));
    ck_assert_int_eq(sl_logs_filter_events_start(c, &q, 0, rec_events, rec_done, &r, &r.op, NULL),
                     SL_OK);
    sl_logs_op_free(&r.op);
    ck_assert_ptr_null(r.op);
    sl_client_run(c, 10, -1);
    sl_client_run(c, 10, -1);
    ck_assert_int_eq(r.done, 0);
    ck_assert_int_eq(r.pages, 0);

    /* Refused at start: nothing is called back. */
    q.filter_pattern = long_pattern;
    build_setup();
    ck_assert_int_eq(sl_logs_filter_events_start(c, &q, 0, rec_events, rec_done, &r, &op, &err),
                     SL_EINVAL);
    ck_assert_ptr_null(op);
    sl_logs_op_free(&op);
    sl_logs_op_free(NULL);
    sl_logs_op_cancel(NULL);
    ck_assert_int_eq(r.done, 0);
    sl_client_free(&c);
}
END_TEST

static Suite *logs_suite(void)
{
    Suite *s = suite_create("logs");
    TCase *t;

    t = tcase_create("requests");
    tcase_add_loop_test(t, test_build, 0, (int)NELEM(build_cases));
    tcase_add_test(t, test_build_limits_at_edge);
    suite_add_tcase(s, t);

    t = tcase_create("answers");
    tcase_add_test(t, test_groups_pages);
    tcase_add_test(t, test_streams_page);
    tcase_add_test(t, test_filter_pages);
    tcase_add_test(t, test_filter_escapes);
    tcase_add_test(t, test_filter_unknown_fields);
    tcase_add_test(t, test_get_pages);
    tcase_add_loop_test(t, test_bad_answers, 0, (int)NELEM(bad_cases));
    tcase_add_loop_test(t, test_truncated_prefixes, 0, (int)NELEM(prefix_cases));
    tcase_add_loop_test(t, test_numbers, 0, (int)NELEM(number_cases));
    tcase_add_test(t, test_int_range);
    tcase_add_test(t, test_message_cap);
    tcase_add_test(t, test_token_and_depth_caps);
    suite_add_tcase(s, t);

    t = tcase_create("paged");
    tcase_add_test(t, test_sync_groups);
    tcase_add_test(t, test_sync_streams);
    tcase_add_test(t, test_sync_filter_all_pages);
    tcase_add_test(t, test_sync_filter_error);
    tcase_add_test(t, test_sync_get_forward);
    tcase_add_test(t, test_op_pages_cancel_free);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(logs_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
