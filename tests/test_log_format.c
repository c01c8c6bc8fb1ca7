/* slctl logs without a network: --since/--until values, the three line formats (exact bytes,
 * escapes made visible, JSON escaping only), colours, and what a target looks like. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "log_format.h"
#include "log_targets.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 2024-05-01T12:00:03.120Z */
#define T0  1714564803120LL
#define NOW 1714564800000LL /* 2024-05-01T12:00:00Z */

static const struct {
    const char *in;
    int local;
    int ok;
    long long ms;
} time_cases[] = {
    {"10m", 0, 1, NOW - 600000},
    {"45s", 0, 1, NOW - 45000},
    {"2h", 0, 1, NOW - 7200000},
    {"1d", 0, 1, NOW - 86400000},
    {"1w", 0, 1, NOW - 604800000},
    {"0m", 0, 1, NOW},
    {"2024-05-01T12:00:00Z", 0, 1, NOW},
    {"2024-05-01T12:00:00.250Z", 0, 1, NOW + 250},
    {"2024-05-01T14:00:00+02:00", 0, 1, NOW},
    {"2024-05-01T14:00:00+0200", 0, 1, NOW},
    {"2024-05-01T07:30:00-04:30", 0, 1, NOW},
    {"2024-05-01T12:00", 0, 1, NOW},
    {"2024-05-01 12:00:00", 0, 1, NOW},
    {"2024-05-01", 0, 1, NOW - 12 * 3600000LL},
    {"2024-05-01T14:00:00", 1, 1, NOW},            /* local time, TZ set to UTC-2 by the test */
    {"2024-05-01T14:00:00Z", 1, 1, NOW + 7200000}, /* a zone wins over --local */
    {"", 0, 0, 0},
    {"10", 0, 0, 0},
    {"m", 0, 0, 0},
    {"10y", 0, 0, 0},
    {"-5m", 0, 0, 0},
    {"10m ", 0, 0, 0},
    {"2024-13-01", 0, 0, 0},
    {"2024-02-30", 0, 0, 0},
    {"2024-05-01T25:00", 0, 0, 0},
    {"2024-05-01T12:00:00+", 0, 0, 0},
    {"yesterday", 0, 0, 0},
};

START_TEST(test_time_parse)
{
    long long ms = -1;
    int rc;

    setenv("TZ", "UTC-2", 1); /* POSIX: two hours east of UTC */
    tzset();
    rc = sl_log_time_parse(time_cases[_i].in, NOW, time_cases[_i].local, &ms);
    if (time_cases[_i].ok) {
        ck_assert_msg(rc == 0, "\"%s\" refused", time_cases[_i].in);
        ck_assert_msg(ms == time_cases[_i].ms, "\"%s\": %lld, wanted %lld", time_cases[_i].in, ms,
                      time_cases[_i].ms);
    } else {
        ck_assert_msg(rc < 0, "\"%s\" accepted", time_cases[_i].in);
    }
    unsetenv("TZ");
    tzset();
}
END_TEST

START_TEST(test_time_format)
{
    char s[16], iso[64];

    sl_log_time_short(T0, 0, s);
    ck_assert_str_eq(s, "12:00:03");
    sl_log_time_iso(T0, 0, iso);
    ck_assert_str_eq(iso, "2024-05-01T12:00:03.120Z");
    setenv("TZ", "UTC-2", 1);
    tzset();
    sl_log_time_short(T0, 1, s);
    ck_assert_str_eq(s, "14:00:03");
    sl_log_time_iso(T0, 1, iso);
    ck_assert_str_eq(iso, "2024-05-01T14:00:03.120+02:00");
    setenv("TZ", "UTC+03:30", 1);
    tzset();
    sl_log_time_iso(T0, 1, iso);
    ck_assert_str_eq(iso, "2024-05-01T08:30:03.120-03:30");
    unsetenv("TZ");
    tzset();
    sl_log_time_iso(-1, 0, iso); /* before the epoch: no negative milliseconds */
    ck_assert_str_eq(iso, "1969-12-31T23:59:59.999Z");
}
END_TEST

static void event(struct sl_log_event *ev, const char *msg, size_t len)
{
    memset(ev, 0, sizeof(*ev));
    ev->timestamp = T0;
    ev->log_stream_name = (char *)"2024/05/01/[$LATEST]abc";
    ev->event_id = (char *)"3811";
    ev->message = (char *)msg;
    ev->message_len = len;
}

static char *line(enum sl_log_format f, int color, int width, const char *label, const char *msg,
                  size_t len)
{
    struct sl_log_line_opts o;
    struct sl_log_event ev;
    struct sl_buf b;

    memset(&o, 0, sizeof(o));
    o.format = f;
    o.color = color;
    o.label_width = width;
    event(&ev, msg, len);
    sl_buf_init(&b, 0);
    ck_assert_int_eq(sl_log_format_event(&b, &o, label, 1, "/aws/lambda/orders", &ev), SL_OK);
    return sl_buf_take(&b);
}

#define CHECK_LINE(f, color, width, label, msg, want)                                              \
    do {                                                                                           \
        char *got_ = line(f, color, width, label, msg, sizeof(msg) - 1);                           \
        ck_assert_str_eq(got_, want);                                                              \
        free(got_);                                                                                \
    } while (0)

START_TEST(test_short)
{
    CHECK_LINE(SL_LOG_SHORT, 0, 0, "orders", "ERROR boom\n", "12:00:03 orders ERROR boom\n");
    CHECK_LINE(SL_LOG_SHORT, 0, 10, "orders", "ok\r\n", "12:00:03 orders     ok\n");
    /* Escape sequences, bell, NUL and tabs made visible, never sent raw. */
    CHECK_LINE(SL_LOG_SHORT, 0, 0, "f",
               "\x1b[31mred\x1b[0m \x07 a\0"
               "b\tc",
               "12:00:03 f ^[[31mred^[[0m ^G a^@b c\n");
    CHECK_LINE(SL_LOG_SHORT, 0, 0, "f", "progress 10%\rprogress 100%",
               "12:00:03 f progress 10%^Mprogress 100%\n");
    CHECK_LINE(SL_LOG_SHORT, 0, 0, "f",
               "rtl \xe2\x80\xae"
               "abc",
               "12:00:03 f rtl \\u202Eabc\n");
    /* A multi-line message: continuation lines under the message column. */
    CHECK_LINE(SL_LOG_SHORT, 0, 3, "f", "TypeError: x\n    at a\r\n    at b\n\n",
               "12:00:03 f   TypeError: x\n                 at a\n                 at b\n");
    /* A label from AWS is sanitized too. */
    CHECK_LINE(SL_LOG_SHORT, 0, 0, "bad\x1b]0;t\x07", "m", "12:00:03 bad^[]0;t^G m\n");
    CHECK_LINE(SL_LOG_SHORT, 0, 0, "f", "", "12:00:03 f \n");
    /* Colour: around the label only, padding outside. */
    CHECK_LINE(SL_LOG_SHORT, 1, 6, "f", "m", "12:00:03 \033[35mf\033[0m      m\n");
}
END_TEST

START_TEST(test_detailed)
{
    CHECK_LINE(SL_LOG_DETAILED, 0, 0, "orders", "ERROR boom\n",
               "2024-05-01T12:00:03.120Z /aws/lambda/orders 2024/05/01/[$LATEST]abc ERROR boom\n");
    CHECK_LINE(SL_LOG_DETAILED, 0, 0, "orders", "a\nb",
               "2024-05-01T12:00:03.120Z /aws/lambda/orders 2024/05/01/[$LATEST]abc a\n    b\n");
    CHECK_LINE(SL_LOG_DETAILED, 1, 0, "orders", "x",
               "2024-05-01T12:00:03.120Z \033[35m/aws/lambda/orders\033[0m "
               "2024/05/01/[$LATEST]abc x\n");
}
END_TEST

START_TEST(test_json)
{
    CHECK_LINE(SL_LOG_JSON, 0, 0, "orders", "ERROR \"boom\"\n",
               "{\"timestamp\":1714564803120,\"group\":\"/aws/lambda/orders\",\"stream\":"
               "\"2024/05/01/[$LATEST]abc\",\"message\":\"ERROR \\\"boom\\\"\\n\",\"eventId\":"
               "\"3811\"}\n");
    /* Only JSON escaping: ESC stays an escape, never "^[" and never raw; colour never. */
    CHECK_LINE(SL_LOG_JSON, 1, 0, "orders", "\x1b[31mr\x00\\\t\r",
               "{\"timestamp\":1714564803120,\"group\":\"/aws/lambda/orders\",\"stream\":"
               "\"2024/05/01/[$LATEST]abc\",\"message\":\"\\u001b[31mr\\u0000\\\\\\t\\r\","
               "\"eventId\":\"3811\"}\n");
}
END_TEST

static const struct {
    const char *in;
    size_t len;
    const char *out;
} json_cases[] = {
    {"plain", 5, "\"plain\""},
    {"", 0, "\"\""},
    {"a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\""},
    {"\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\""},
    {"\x01\x1b\x1f\x7f", 4, "\"\\u0001\\u001b\\u001f\\u007f\""},
    {"nul\0end", 7, "\"nul\\u0000end\""},
    {"Gr\xc3\xbc\xc3\x9f\x65 \xe5\xb1\xb1 \xf0\x9f\x9a\x80", 16,
     "\"Gr\xc3\xbc\xc3\x9f\x65 \xe5\xb1\xb1 \xf0\x9f\x9a\x80\""},
    {"c1 \xc2\x9b", 5, "\"c1 \\u009b\""},
    {"\xe2\x80\xa8\xe2\x80\xae", 6, "\"\\u2028\\u202e\""},
    {"bad \xff\xc3", 6, "\"bad \\ufffd\\ufffd\""},
    {"\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""}, /* a surrogate is not UTF-8 */
};

START_TEST(test_json_string)
{
    struct sl_buf b;

    sl_buf_init(&b, 0);
    ck_assert_int_eq(sl_json_append_string(&b, json_cases[_i].in, json_cases[_i].len), SL_OK);
    ck_assert_str_eq(sl_buf_str(&b), json_cases[_i].out);
    ck_assert_int_eq(sl_json_validate(b.data, b.len, NULL), SL_OK);
    sl_buf_free(&b);
}
END_TEST

START_TEST(test_format_names)
{
    enum sl_log_format f;

    ck_assert_int_eq(sl_log_format_parse("short", &f), 0);
    ck_assert_int_eq(f, SL_LOG_SHORT);
    ck_assert_int_eq(sl_log_format_parse("detailed", &f), 0);
    ck_assert_int_eq(f, SL_LOG_DETAILED);
    ck_assert_int_eq(sl_log_format_parse("json", &f), 0);
    ck_assert_int_eq(f, SL_LOG_JSON);
    ck_assert_int_lt(sl_log_format_parse("JSON", &f), 0);
    ck_assert_int_lt(sl_log_format_parse(NULL, &f), 0);
    ck_assert_str_eq(sl_log_color(0), "\033[36m");
    ck_assert_str_eq(sl_log_color(SL_LOG_COLORS), sl_log_color(0));
}
END_TEST

START_TEST(test_target_kind)
{
    char *g = NULL;

    ck_assert_int_eq(sl_log_target_kind("/aws/lambda/x", &g), SL_LOG_TARGET_GROUP);
    ck_assert_ptr_null(g);
    ck_assert_int_eq(sl_log_target_kind("users-api", &g), SL_LOG_TARGET_NAME);
    ck_assert_int_eq(
        sl_log_target_kind("arn:aws:lambda:us-east-1:123456789012:function:orders", &g),
        SL_LOG_TARGET_FUNCTION_ARN);
    ck_assert_int_eq(sl_log_target_kind("arn:aws:cloudformation:us-east-1:123456789012:stack/"
                                        "users-api/0f9c",
                                        &g),
                     SL_LOG_TARGET_STACK_ARN);
    ck_assert_int_eq(
        sl_log_target_kind("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/o:*", &g),
        SL_LOG_TARGET_GROUP);
    ck_assert_str_eq(g, "/aws/lambda/o");
    free(g);
    ck_assert_int_eq(sl_log_target_kind("arn:aws:s3:::bucket", NULL), SL_LOG_TARGET_NAME);
    ck_assert_str_eq(sl_log_group_label("/aws/lambda/orders"), "orders");
    ck_assert_str_eq(sl_log_group_label("/aws/lambda/"), "/aws/lambda/");
    ck_assert_str_eq(sl_log_group_label("/custom/app"), "/custom/app");
}
END_TEST

static Suite *log_format_suite(void)
{
    Suite *s = suite_create("log_format");
    TCase *t = tcase_create("times");

    tcase_add_loop_test(t, test_time_parse, 0, (int)NELEM(time_cases));
    tcase_add_test(t, test_time_format);
    suite_add_tcase(s, t);
    t = tcase_create("lines");
    tcase_add_test(t, test_short);
    tcase_add_test(t, test_detailed);
    tcase_add_test(t, test_json);
    tcase_add_loop_test(t, test_json_string, 0, (int)NELEM(json_cases));
    tcase_add_test(t, test_format_names);
    tcase_add_test(t, test_target_kind);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(log_format_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
