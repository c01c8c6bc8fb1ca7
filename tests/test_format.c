/* The pure helpers of the one-shot commands (src/format.c): relative times, sizes, durations,
 * joined lists, alarm order and metric labels, wrapping and text lines. */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudwatch.h"
#include "format.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- relative times ---------------------------------------------------------------------- */

#define NOW  1714564800000LL /* 2024-05-01T12:00:00Z */
#define SEC  1000LL
#define MIN  (60 * SEC)
#define HOUR (60 * MIN)
#define DAY  (24 * HOUR)

static const struct {
    long long ago_ms; /* now - then */
    const char *want;
} relative_cases[] = {
    {0, "just now"},
    {9 * SEC + 999, "just now"},
    {10 * SEC, "10s ago"},
    {59 * SEC, "59s ago"},
    {60 * SEC, "1m ago"},
    {89 * SEC, "1m ago"},
    {90 * SEC, "2m ago"},
    {25 * MIN, "25m ago"},
    {59 * MIN + 29 * SEC, "59m ago"},
    {59 * MIN + 30 * SEC, "1h ago"}, /* rounds up into the next unit */
    {HOUR, "1h ago"},
    {HOUR + 29 * MIN, "1h ago"},
    {HOUR + 30 * MIN, "2h ago"},
    {3 * HOUR, "3h ago"},
    {23 * HOUR + 29 * MIN, "23h ago"},
    {23 * HOUR + 30 * MIN, "1d ago"},
    {2 * DAY - 6 * SEC, "2d ago"}, /* the demo's "2 days ago" stays 2d */
    {2 * DAY, "2d ago"},
    {40 * DAY, "40d ago"},
    {364 * DAY, "364d ago"},
    {365 * DAY, "1y ago"},
    {3 * 365 * DAY + 10 * DAY, "3y ago"},
    /* clock skew: up to a minute ahead is "now", beyond that "in ..." */
    {-30 * SEC, "just now"},
    {-60 * SEC, "just now"},
    {-61 * SEC, "in 1m"},
    {-2 * HOUR, "in 2h"},
    {-3 * DAY, "in 3d"},
};

START_TEST(test_relative)
{
    char out[SL_FMT_SHORT];

    sl_fmt_relative(NOW - relative_cases[_i].ago_ms, NOW, out, sizeof(out));
    ck_assert_msg(!strcmp(out, relative_cases[_i].want), "%lld ms ago: got \"%s\", wanted \"%s\"",
                  relative_cases[_i].ago_ms, out, relative_cases[_i].want);
}
END_TEST

START_TEST(test_relative_absent_and_small_buffers)
{
    char out[SL_FMT_SHORT] = "x", tiny[4];

    sl_fmt_relative(0, NOW, out, sizeof(out));
    ck_assert_str_eq(out, "");
    sl_fmt_relative(-5, NOW, out, sizeof(out));
    ck_assert_str_eq(out, "");
    sl_fmt_relative(NOW - 3 * DAY, NOW, tiny, sizeof(tiny));
    ck_assert_str_eq(tiny, "3d ");
    sl_fmt_relative(NOW, NOW, tiny, 0); /* nothing written, no crash */
}
END_TEST

START_TEST(test_iso)
{
    char out[SL_FMT_SHORT] = "x";

    sl_fmt_iso(NOW + 512, out, sizeof(out));
    ck_assert_str_eq(out, "2024-05-01T12:00:00Z");
    sl_fmt_iso(0, out, sizeof(out));
    ck_assert_str_eq(out, "");
}
END_TEST

/* ---- sizes and durations ----------------------------------------------------------------- */

static const struct {
    long long n;
    const char *want;
} bytes_cases[] = {
    {0, "0 B"},
    {1, "1 B"},
    {1023, "1023 B"},
    {1024, "1.0 KiB"},
    {1536, "1.5 KiB"},
    {8391, "8.2 KiB"},
    {48213, "47.1 KiB"},
    {102348, "99.9 KiB"},
    {102349, "100 KiB"}, /* 99.95 KiB: no decimal from 100 up */
    {120832, "118 KiB"},
    {1048063, "1023 KiB"},
    {1048064, "1.0 MiB"}, /* 1023.5 KiB would print as "1024 KiB" */
    {1048576, "1.0 MiB"},
    {52428800, "50.0 MiB"},
    {262144000, "250 MiB"},
    {1073741824LL, "1.0 GiB"},
    {5LL * 1099511627776LL, "5.0 TiB"},
    {3LL * 1125899906842624LL, "3.0 PiB"},
    {2048LL * 1125899906842624LL, "2048 PiB"}, /* no larger unit */
    {-1, ""},
};

START_TEST(test_bytes)
{
    char out[SL_FMT_SHORT];

    sl_fmt_bytes(bytes_cases[_i].n, out, sizeof(out));
    ck_assert_msg(!strcmp(out, bytes_cases[_i].want), "%lld: got \"%s\", wanted \"%s\"",
                  bytes_cases[_i].n, out, bytes_cases[_i].want);
}
END_TEST

static const struct {
    double ms;
    const char *want;
} duration_cases[] = {
    {0, "0.0 ms"},     {0.84, "0.8 ms"},  {9.94, "9.9 ms"},  {9.95, "10 ms"},
    {412.3, "412 ms"}, {999.4, "999 ms"}, {999.5, "1.00 s"}, {1250, "1.25 s"},
    {9994, "9.99 s"},  {9995, "10.0 s"},  {75000, "75.0 s"}, {-1, ""},
};

START_TEST(test_duration)
{
    char out[SL_FMT_SHORT];

    sl_fmt_duration_ms(duration_cases[_i].ms, out, sizeof(out));
    ck_assert_msg(!strcmp(out, duration_cases[_i].want), "%g: got \"%s\", wanted \"%s\"",
                  duration_cases[_i].ms, out, duration_cases[_i].want);
}
END_TEST

START_TEST(test_duration_nan)
{
    char out[SL_FMT_SHORT] = "x";

    sl_fmt_duration_ms(0.0 / 0.0, out, sizeof(out));
    ck_assert_str_eq(out, "");
}
END_TEST

/* ---- lists ------------------------------------------------------------------------------- */

START_TEST(test_join)
{
    char a[] = "nodejs18.x", b[] = "nodejs20.x";
    char *items[] = {a, NULL, b};
    char *s;

    s = sl_fmt_join(items, 3, ", ");
    ck_assert_str_eq(s, "nodejs18.x, nodejs20.x");
    free(s);
    s = sl_fmt_join(items, 1, ",");
    ck_assert_str_eq(s, "nodejs18.x");
    free(s);
    s = sl_fmt_join(NULL, 0, ",");
    ck_assert_str_eq(s, "");
    free(s);
    s = sl_fmt_join(items, 3, NULL);
    ck_assert_str_eq(s, "nodejs18.xnodejs20.x");
    free(s);
}
END_TEST

/* ---- alarms ------------------------------------------------------------------------------ */

START_TEST(test_alarm_rank)
{
    ck_assert_int_eq(sl_fmt_alarm_rank("ALARM"), 0);
    ck_assert_int_eq(sl_fmt_alarm_rank("INSUFFICIENT_DATA"), 1);
    ck_assert_int_eq(sl_fmt_alarm_rank("OK"), 2);
    ck_assert_int_eq(sl_fmt_alarm_rank("alarm"), 3);
    ck_assert_int_eq(sl_fmt_alarm_rank(""), 3);
    ck_assert_int_eq(sl_fmt_alarm_rank(NULL), 3);
    ck_assert_int_eq(sl_fmt_alarm_rank("SOMETHING_NEW"), 3);
}
END_TEST

START_TEST(test_sort_alarms)
{
    static const struct {
        const char *name, *state;
        long long tag; /* which input item, to see that equal keys keep their order */
    } in[] = {
        {"b-ok", "OK", 0},
        {"z-alarm", "ALARM", 1},
        {"a-insufficient", "INSUFFICIENT_DATA", 2},
        {"a-ok", "OK", 3},
        {"weird", "NEW_STATE", 4},
        {"a-alarm", "ALARM", 5},
        {"a-alarm", "ALARM", 6}, /* same name twice: stays in input order */
        {"m-alarm", "ALARM", 7},
    };
    static const long long want[] = {5, 6, 7, 1, 2, 3, 0, 4};
    struct sl_cw_alarm v[NELEM(in)];
    size_t i;

    memset(v, 0, sizeof(v));
    for (i = 0; i < NELEM(in); i++) {
        v[i].name = (char *)in[i].name;
        v[i].state = (char *)in[i].state;
        v[i].state_updated_ms = in[i].tag;
    }
    sl_fmt_sort_alarms(v, NELEM(v));
    for (i = 0; i < NELEM(v); i++)
        ck_assert_msg(v[i].state_updated_ms == want[i], "position %zu: item %lld (%s), wanted %lld",
                      i, v[i].state_updated_ms, v[i].name, want[i]);
    sl_fmt_sort_alarms(v, 0);
    sl_fmt_sort_alarms(NULL, 3);
}
END_TEST

START_TEST(test_alarm_metric)
{
    struct sl_cw_alarm a;
    struct sl_cw_alarm_metric q[2];
    char out[128];
    char ns[] = "AWS/Lambda", mn[] = "Errors", empty[] = "", expr[] = "100*err/inv", id1[] = "err",
         id2[] = "rate";

    memset(&a, 0, sizeof(a));
    a.type = SL_CW_METRIC_ALARM;
    a.metric_namespace = ns;
    a.metric_name = mn;
    sl_fmt_alarm_metric(&a, out, sizeof(out));
    ck_assert_str_eq(out, "AWS/Lambda/Errors");

    a.metric_namespace = empty;
    sl_fmt_alarm_metric(&a, out, sizeof(out));
    ck_assert_str_eq(out, "Errors");

    a.type = SL_CW_COMPOSITE_ALARM;
    sl_fmt_alarm_metric(&a, out, sizeof(out));
    ck_assert_str_eq(out, "composite");

    /* metric math: the expression */
    memset(q, 0, sizeof(q));
    q[0].id = id1;
    q[0].expression = empty;
    q[0].metric_namespace = ns;
    q[0].metric_name = mn;
    q[1].id = id2;
    q[1].expression = expr;
    a.type = SL_CW_METRIC_ALARM;
    a.metric_name = empty;
    a.metrics = q;
    a.n_metrics = 2;
    sl_fmt_alarm_metric(&a, out, sizeof(out));
    ck_assert_str_eq(out, "100*err/inv");

    /* metric math without an expression: its first metric */
    a.n_metrics = 1;
    sl_fmt_alarm_metric(&a, out, sizeof(out));
    ck_assert_str_eq(out, "AWS/Lambda/Errors");

    a.n_metrics = 0;
    sl_fmt_alarm_metric(&a, out, sizeof(out));
    ck_assert_str_eq(out, "");
    sl_fmt_alarm_metric(NULL, out, sizeof(out));
    ck_assert_str_eq(out, "");
}
END_TEST

/* ---- wrapping and text lines ------------------------------------------------------------- */

static char *capture_wrap(const char *text, int indent, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    ck_assert_ptr_nonnull(f);
    sl_fmt_wrap(f, text, indent, width);
    fclose(f);
    return buf;
}

START_TEST(test_wrap)
{
    char *s;

    s = capture_wrap("Resource update cancelled", 4, 80);
    ck_assert_str_eq(s, "    Resource update cancelled\n");
    free(s);
    /* width 0: one line */
    s = capture_wrap("a b c", 2, 0);
    ck_assert_str_eq(s, "  a b c\n");
    free(s);
    /* broken at spaces, no trailing space, each line indented */
    s = capture_wrap("one two three four five six seven eight nine ten eleven", 2, 24);
    ck_assert_str_eq(s, "  one two three four\n  five six seven eight\n  nine ten eleven\n");
    free(s);
    /* a word longer than a line is cut */
    s = capture_wrap("aaaaaaaaaaaaaaaaaaaaaaaaa b", 0, 20);
    ck_assert_str_eq(s, "aaaaaaaaaaaaaaaaaaaa\naaaaa b\n");
    free(s);
    /* control characters are made visible, never sent to the terminal */
    s = capture_wrap("bad\x1b[31mred", 0, 0);
    ck_assert_ptr_null(strchr(s, '\x1b'));
    free(s);
    s = capture_wrap("", 2, 40);
    ck_assert_str_eq(s, "  \n");
    free(s);
    s = capture_wrap("trailing   ", 0, 20);
    ck_assert_str_eq(s, "trailing   \n");
    free(s);
}
END_TEST

START_TEST(test_text_line)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const char *v[] = {"a\tb", NULL, "c"};

    ck_assert_ptr_nonnull(f);
    sl_fmt_text_line(f, "TAG", v, 3);
    sl_fmt_text_line(f, NULL, v, 3);
    sl_fmt_text_line(f, "EMPTY", v, 0);
    fclose(f);
    ck_assert_str_eq(buf, "TAG\ta b\tNone\tc\na b\tNone\tc\nEMPTY\n");
    free(buf);
}
END_TEST

static Suite *format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *t = tcase_create("times");

    tcase_add_loop_test(t, test_relative, 0, (int)NELEM(relative_cases));
    tcase_add_test(t, test_relative_absent_and_small_buffers);
    tcase_add_test(t, test_iso);
    suite_add_tcase(s, t);

    t = tcase_create("sizes");
    tcase_add_loop_test(t, test_bytes, 0, (int)NELEM(bytes_cases));
    tcase_add_loop_test(t, test_duration, 0, (int)NELEM(duration_cases));
    tcase_add_test(t, test_duration_nan);
    tcase_add_test(t, test_join);
    suite_add_tcase(s, t);

    t = tcase_create("alarms");
    tcase_add_test(t, test_alarm_rank);
    tcase_add_test(t, test_sort_alarms);
    tcase_add_test(t, test_alarm_metric);
    suite_add_tcase(s, t);

    t = tcase_create("text");
    tcase_add_test(t, test_wrap);
    tcase_add_test(t, test_text_line);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(format_suite());
    int failed;

    setlocale(LC_ALL, "C.UTF-8");
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
