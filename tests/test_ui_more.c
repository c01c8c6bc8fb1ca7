/* More of the console's pure parts, without a terminal: sparklines from values, the functions
 * list's activity cell, file name completion for the path prompt, the prompt's keys and
 * masking, region names, alias routing, alarm history details, the metrics tab's rows, the
 * batched GetMetricData request behind the sparklines, the :profile and :region commands and
 * the keys of the pickers and of publishing. */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "cloudwatch.h"
#include "cloudwatch_batch.h"
#include "cmdline.h"
#include "fn_activity.h"
#include "keymap.h"
#include "lambda.h"
#include "list.h"
#include "path_complete.h"
#include "prompt.h"
#include "service.h"
#include "sparkline.h"
#include "theme.h"
#include "view_pickers.h"
#include "views.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define T0  1714564800000LL /* 2024-05-01T12:00:00Z */
#define MIN 60000LL

/* ---- sparklines ------------------------------------------------------------------------------ */

START_TEST(test_spark_levels)
{
    ck_assert_int_eq(sl_spark_level(0, 0, 10), 0);
    ck_assert_int_eq(sl_spark_level(10, 0, 10), 7);
    ck_assert_int_eq(sl_spark_level(20, 0, 10), 7);
    ck_assert_int_eq(sl_spark_level(-1, 0, 10), 0);
    /* anything above the bottom shows, however small */
    ck_assert_int_eq(sl_spark_level(0.01, 0, 10), 1);
    ck_assert_int_eq(sl_spark_level(5, 0, 10), 4);
    /* a flat series lies low */
    ck_assert_int_eq(sl_spark_level(3, 3, 3), 0);
    ck_assert_int_eq(sl_spark_level(3, 5, 1), 0);
    /* the scale starts at zero unless every value is in the upper half */
    ck_assert(sl_spark_floor(0, 10) == 0);
    ck_assert(sl_spark_floor(4, 10) == 0);
    ck_assert(sl_spark_floor(625, 700) == 550);
    ck_assert(sl_spark_floor(5, 6) == 4);
    ck_assert(sl_spark_floor(7, 7) == 7);
    ck_assert(sl_spark_floor(-3, 5) == -3);
}
END_TEST

START_TEST(test_sparkline_render)
{
    double v[] = {0, 1, 2, 3, 4, 5, 6, 7};
    unsigned char present[] = {1, 1, 0, 1, 1, 1, 1, 1};
    double lo, hi;
    char out[64];

    ck_assert_int_eq(sl_spark_range(v, NULL, 8, &lo, &hi), 1);
    ck_assert(lo == 0 && hi == 7);
    ck_assert_uint_eq(sl_sparkline(v, NULL, 8, lo, hi, 1, out, sizeof(out)), 8);
    ck_assert_str_eq(out, "▁▂▃▄▅▆▇█");
    ck_assert_uint_eq(sl_sparkline(v, NULL, 8, lo, hi, 0, out, sizeof(out)), 8);
    ck_assert_str_eq(out, "_.-~=+*#");
    /* a value that is not there is a gap */
    ck_assert_uint_eq(sl_sparkline(v, present, 8, lo, hi, 1, out, sizeof(out)), 8);
    ck_assert_str_eq(out, "▁▂ ▄▅▆▇█");
    /* cut at a whole character */
    ck_assert_uint_eq(sl_sparkline(v, NULL, 8, lo, hi, 1, out, 8), 2);
    ck_assert_str_eq(out, "▁▂");
    ck_assert_uint_eq(sl_sparkline(v, NULL, 0, lo, hi, 1, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
    /* nothing present: no range */
    ck_assert_int_eq(sl_spark_range(v, (const unsigned char[8]){0}, 8, &lo, &hi), 0);
    ck_assert(lo == 0 && hi == 0);
    ck_assert_int_eq(sl_spark_range(v, present, 3, &lo, &hi), 1);
    ck_assert(lo == 0 && hi == 1);
}
END_TEST

START_TEST(test_spark_count)
{
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {0, "0"},       {17, "17"},       {999, "999"},      {1234, "1.2k"},
        {35000, "35k"}, {999400, "999k"}, {4100000, "4.1M"}, {25000000, "25M"},
    };
    char out[32];
    size_t i;

    for (i = 0; i < NELEM(cases); i++) {
        sl_spark_count(cases[i].v, out, sizeof(out));
        ck_assert_str_eq(out, cases[i].want);
    }
}
END_TEST

START_TEST(test_activity_text)
{
    double inv[12] = {0, 0, 2, 4, 8, 8, 4, 2, 1, 0, 0, 0};
    double err[12] = {0};
    unsigned char role = 99;
    char out[128];

    sl_fn_activity_text(inv, err, 12, 1, out, sizeof(out), &role);
    ck_assert_str_eq(out, "▁▁▃▅██▅▃▂▁▁▁");
    ck_assert_int_eq(role, 0);
    err[4] = 3;
    err[5] = 14;
    sl_fn_activity_text(inv, err, 12, 1, out, sizeof(out), &role);
    ck_assert_str_eq(out, "▁▁▃▅██▅▃▂▁▁▁ ✗17");
    ck_assert_int_eq(role, SL_ROLE_BAD);
    sl_fn_activity_text(inv, err, 12, 0, out, sizeof(out), &role);
    ck_assert_str_eq(out, "__-=##=-.___ E17");
    /* a busy hour shows how it varies */
    {
        double busy[12] = {681, 682, 625, 690, 700, 662, 661, 633, 639, 650, 658, 700};

        sl_fn_activity_text(busy, NULL, 12, 1, out, sizeof(out), &role);
        ck_assert_str_eq(out, "▇▇▅██▆▆▅▅▆▆█");
    }
    /* a quiet hour is a flat line */
    memset(inv, 0, sizeof(inv));
    sl_fn_activity_text(inv, NULL, 12, 1, out, sizeof(out), &role);
    ck_assert_str_eq(out, "▁▁▁▁▁▁▁▁▁▁▁▁");
    /* nothing fetched yet draws nothing */
    sl_fn_activity_cell(NULL, "f", out, sizeof(out), &role);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(role, 0);
}
END_TEST

/* ---- file name completion ------------------------------------------------------------------ */

static char tmpdir[256];

static void touch(const char *rel)
{
    char p[512];
    FILE *f;

    snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
    f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
}

static void mkd(const char *rel)
{
    char p[512];

    snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
    ck_assert_int_eq(mkdir(p, 0755), 0);
}

static void tree_setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "%s/slctl-ui-more.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    mkd("alpha");
    mkd("alpha/nodejs");
    touch("alpine.zip");
    touch("beta");
    touch(".hidden");
    mkd("with space");
}

static void tree_teardown(void)
{
    char cmd[600];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Completes what (relative to the tree) and checks the line and the list. */
static void complete_case(const char *what, size_t want_n, const char *want_line,
                          const char *want_list)
{
    char line[512], want[512], list[256];
    size_t n;

    snprintf(line, sizeof(line), "%s/%s", tmpdir, what);
    n = sl_path_complete(line, sizeof(line), list, sizeof(list));
    ck_assert_msg(n == want_n, "%s: %zu candidates, wanted %zu", what, n, want_n);
    snprintf(want, sizeof(want), "%s/%s", tmpdir, want_line);
    ck_assert_str_eq(line, want);
    ck_assert_str_eq(list, want_list);
}

START_TEST(test_path_complete)
{
    char line[512], list[256];

    complete_case("al", 2, "alp", "alpha/  alpine.zip");
    complete_case("alph", 1, "alpha/", "");
    complete_case("alpha/", 1, "alpha/nodejs/", "");
    complete_case("alpi", 1, "alpine.zip", "");
    complete_case("b", 1, "beta", "");
    complete_case("w", 1, "with space/", "");
    complete_case("zzz", 0, "zzz", "");
    /* hidden entries only when asked for */
    complete_case("", 4, "", "alpha/  alpine.zip  beta  with space/");
    complete_case(".h", 1, ".hidden", "");
    /* a folder that is not there */
    complete_case("nope/x", 0, "nope/x", "");
    /* relative to the current folder */
    ck_assert_int_eq(chdir(tmpdir), 0);
    snprintf(line, sizeof(line), "be");
    ck_assert_uint_eq(sl_path_complete(line, sizeof(line), list, sizeof(list)), 1);
    ck_assert_str_eq(line, "beta");
    /* ~ is the home folder, and stays as typed */
    setenv("HOME", tmpdir, 1);
    snprintf(line, sizeof(line), "~/alph");
    ck_assert_uint_eq(sl_path_complete(line, sizeof(line), list, sizeof(list)), 1);
    ck_assert_str_eq(line, "~/alpha/");
    /* a line with no room left is not changed */
    snprintf(line, sizeof(line), "be");
    ck_assert_uint_eq(sl_path_complete(line, 4, list, sizeof(list)), 1);
    ck_assert_str_eq(line, "be");
    ck_assert_int_eq(chdir("/"), 0);
}
END_TEST

START_TEST(test_path_expand)
{
    char *p;

    setenv("HOME", "/home/x", 1);
    p = sl_path_expand("~/layer");
    ck_assert_str_eq(p, "/home/x/layer");
    free(p);
    p = sl_path_expand("~");
    ck_assert_str_eq(p, "/home/x");
    free(p);
    p = sl_path_expand("~other/layer");
    ck_assert_str_eq(p, "~other/layer");
    free(p);
    p = sl_path_expand("/abs/x~");
    ck_assert_str_eq(p, "/abs/x~");
    free(p);
}
END_TEST

/* ---- the prompt ---------------------------------------------------------------------------- */

static size_t fake_complete(char *line, size_t len, char *list, size_t listlen)
{
    size_t l = strlen(line);

    snprintf(line + l, len - l, "-done");
    snprintf(list, listlen, "a  b");
    return 2;
}

START_TEST(test_prompt_keys)
{
    struct sl_prompt p;
    char out[256];
    int cursor;

    sl_prompt_open(&p, "MFA code: ", "", 1, NULL);
    ck_assert_int_eq(sl_prompt_key(&p, '1'), SL_PROMPT_EDITING);
    ck_assert_int_eq(sl_prompt_key(&p, '2'), SL_PROMPT_EDITING);
    ck_assert_int_eq(sl_prompt_key(&p, '3'), SL_PROMPT_EDITING);
    sl_prompt_line(&p, 80, out, sizeof(out), &cursor);
    /* masked: the code never shows */
    ck_assert_str_eq(out, "MFA code: ***");
    ck_assert_int_eq(cursor, 13);
    ck_assert_str_eq(p.edit.buf, "123");
    ck_assert_int_eq(sl_prompt_key(&p, '\r'), SL_PROMPT_ACCEPT);
    ck_assert_int_eq(sl_prompt_key(&p, SL_KEY_ESC), SL_PROMPT_CANCEL);
    ck_assert_int_eq(sl_prompt_key(&p, SL_KEY_CTRL('c')), SL_PROMPT_CANCEL);

    sl_prompt_open(&p, "Path: ", "x", 0, fake_complete);
    ck_assert_int_eq(sl_prompt_key(&p, '\t'), SL_PROMPT_EDITING);
    ck_assert_str_eq(p.edit.buf, "x-done");
    ck_assert_str_eq(p.candidates, "a  b");
    ck_assert_int_eq(sl_prompt_key(&p, 'y'), SL_PROMPT_EDITING);
    ck_assert_str_eq(p.candidates, "");
    sl_prompt_line(&p, 80, out, sizeof(out), &cursor);
    ck_assert_str_eq(out, "Path: x-doney");
    /* a line wider than the screen keeps its end in view */
    sl_prompt_line(&p, 8, out, sizeof(out), &cursor);
    ck_assert_str_eq(out, "x-doney");
    ck_assert_int_eq(cursor, 7);
    /* Backspace on an empty line leaves */
    sl_prompt_open(&p, "Path: ", "", 0, NULL);
    ck_assert_int_eq(sl_prompt_key(&p, 127), SL_PROMPT_CANCEL);
}
END_TEST

/* ---- regions, aliases, history ------------------------------------------------------------- */

START_TEST(test_region_names)
{
    const char *const *codes;
    size_t n, i;
    int east = 0;

    ck_assert(sl_region_name_ok("us-east-1"));
    ck_assert(sl_region_name_ok("us-gov-west-1"));
    ck_assert(sl_region_name_ok("ap-southeast-4"));
    ck_assert(!sl_region_name_ok("moon-1"));
    ck_assert(!sl_region_name_ok("us-east"));
    ck_assert(!sl_region_name_ok("US-EAST-1"));
    ck_assert(!sl_region_name_ok("us-east-1x"));
    ck_assert(!sl_region_name_ok(""));
    ck_assert(!sl_region_name_ok(NULL));
    codes = sl_region_codes(&n);
    ck_assert_uint_ge(n, 20);
    for (i = 0; i < n; i++) {
        ck_assert_msg(sl_region_name_ok(codes[i]), "%s", codes[i]);
        east |= !strcmp(codes[i], "us-east-1");
    }
    ck_assert(east);
}
END_TEST

START_TEST(test_alias_routing)
{
    struct sl_lambda_alias_weight w = {(char *)"4", 0.1};
    struct sl_lambda_alias a;
    char out[128];

    memset(&a, 0, sizeof(a));
    a.name = (char *)"live";
    a.function_version = (char *)"3";
    sl_alias_routing(&a, out, sizeof(out));
    ck_assert_str_eq(out, "");
    a.weights = &w;
    a.n_weights = 1;
    sl_alias_routing(&a, out, sizeof(out));
    ck_assert_str_eq(out, "3: 90%, 4: 10%");
}
END_TEST

START_TEST(test_history_detail)
{
    struct sl_cw_history_item h;
    char out[512];

    memset(&h, 0, sizeof(h));
    h.item_type = (char *)"StateUpdate";
    h.summary = (char *)"Alarm updated from OK to ALARM";
    h.data = (char *)"{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"OK\"},"
                     "\"newState\":{\"stateValue\":\"ALARM\",\"stateReason\":\"Threshold "
                     "Crossed: 1 datapoint [17.0] was greater than the threshold (5.0).\"}}";
    sl_alarm_history_detail(&h, out, sizeof(out));
    ck_assert_str_eq(out, "ALARM: Threshold Crossed: 1 datapoint [17.0] was greater than the "
                          "threshold (5.0).");
    h.item_type = (char *)"Action";
    h.data = (char *)"{\"actionState\":\"Succeeded\",\"notificationResource\":"
                     "\"arn:aws:sns:us-east-1:123456789012:oncall\"}";
    sl_alarm_history_detail(&h, out, sizeof(out));
    ck_assert_str_eq(out, "Succeeded: arn:aws:sns:us-east-1:123456789012:oncall");
    h.item_type = (char *)"ConfigurationUpdate";
    h.data = (char *)"{\"type\":\"Create\",\"createdAlarm\":{}}";
    sl_alarm_history_detail(&h, out, sizeof(out));
    ck_assert_str_eq(out, "Create");
    h.data = (char *)"not json";
    sl_alarm_history_detail(&h, out, sizeof(out));
    ck_assert_str_eq(out, "");
    h.data = NULL;
    sl_alarm_history_detail(&h, out, sizeof(out));
    ck_assert_str_eq(out, "");
}
END_TEST

/* ---- the metrics tab ----------------------------------------------------------------------- */

START_TEST(test_metric_rows)
{
    static const struct sl_row_ctx ctx = {T0};
    struct sl_cw_lambda_metrics m;
    long long ts[] = {T0, T0 + 5 * MIN, T0 + 10 * MIN, T0 + 55 * MIN};
    double inv[] = {4, 8, 2, 1}, err[] = {0, 2, 0, 0}, p99[] = {120.5, 412, 98, 3100};
    struct sl_cw_metric_result r[] = {
        {(char *)"inv", (char *)"", (char *)"Complete", ts, inv, 4},
        {(char *)"err", (char *)"", (char *)"Complete", ts, err, 4},
        {(char *)"p99", (char *)"", (char *)"Complete", ts, p99, 4},
    };
    struct sl_fn_metric *rows = NULL;
    struct sl_row row;
    size_t n = 0;

    ck_assert_int_eq(sl_cw_lambda_metrics_init(&m, T0, T0 + 60 * MIN, 300), SL_OK);
    ck_assert_uint_eq(m.n, 12);
    sl_cw_lambda_metrics_merge(&m, r, NELEM(r));
    ck_assert_int_eq(sl_fn_metric_rows(&m, &rows, &n), SL_OK);
    ck_assert_uint_eq(n, 4);

    ck_assert_int_eq(sl_list_row_text(&sl_function_metrics_ops, &rows[0], &ctx, &row), SL_OK);
    ck_assert_str_eq(row.cell[0], "Invocations");
    ck_assert_str_eq(row.cell[1], "▅█▃▁▁▁▁▁▁▁▁▂");
    ck_assert_str_eq(row.cell[2], "0");
    ck_assert_str_eq(row.cell[3], "8");
    ck_assert_str_eq(row.cell[4], "15");
    ck_assert_str_eq(row.cell[5], "4 8 2 0 0 0 0 0 0 0 0 1");
    sl_row_clear(&row);

    ck_assert_int_eq(sl_list_row_text(&sl_function_metrics_ops, &rows[1], &ctx, &row), SL_OK);
    ck_assert_str_eq(row.cell[0], "Errors");
    ck_assert_str_eq(row.cell[4], "2");
    ck_assert_int_eq(row.role[4], SL_ROLE_BAD);
    sl_row_clear(&row);

    ck_assert_int_eq(sl_list_row_text(&sl_function_metrics_ops, &rows[2], &ctx, &row), SL_OK);
    ck_assert_str_eq(row.cell[0], "Throttles");
    ck_assert_str_eq(row.cell[1], "▁▁▁▁▁▁▁▁▁▁▁▁");
    ck_assert_str_eq(row.cell[3], "0");
    ck_assert_int_eq(row.role[4], 0);
    sl_row_clear(&row);

    /* durations: a bucket without calls is a gap, not a zero */
    ck_assert_int_eq(sl_list_row_text(&sl_function_metrics_ops, &rows[3], &ctx, &row), SL_OK);
    ck_assert_str_eq(row.cell[0], "Duration p99");
    ck_assert_str_eq(row.cell[1], "▂▂▂        █");
    ck_assert_str_eq(row.cell[2], "98 ms");
    ck_assert_str_eq(row.cell[3], "3.10 s");
    ck_assert_str_eq(row.cell[4], "");
    ck_assert_str_eq(row.cell[5], "120 ms 412 ms 98 ms - - - - - - - - 3.10 s");
    sl_row_clear(&row);

    sl_fn_metrics_free(rows, n);
    sl_cw_lambda_metrics_cleanup(&m);
}
END_TEST

/* ---- the batched GetMetricData ------------------------------------------------------------- */

START_TEST(test_batch_request)
{
    const char *fns[] = {"users-api-GetUser", "orders"};
    struct sl_cw_batch b;
    struct sl_call call;
    const char *body;

    ck_assert_int_eq(sl_cw_batch_init(&b, fns, 2, T0 + 2 * MIN, T0 + 60 * MIN, 300), SL_OK);
    ck_assert_uint_eq(b.nbuckets, 12);
    ck_assert(b.start_ms == T0 && b.end_ms == T0 + 60 * MIN);
    sl_call_init(&call, &sl_service_cloudwatch, "GetMetricData");
    ck_assert_int_eq(sl_cw_build_lambda_batch(&call, &b, NULL), SL_OK);
    body = sl_buf_str(&call.body);
    ck_assert_ptr_nonnull(strstr(body, "Action=GetMetricData&"));
    ck_assert_ptr_nonnull(strstr(body, "StartTime=2024-05-01T12%3A00%3A00Z"));
    ck_assert_ptr_nonnull(strstr(body, "EndTime=2024-05-01T13%3A00%3A00Z"));
    ck_assert_ptr_nonnull(strstr(body, "MetricDataQueries.member.1.Id=i0&"));
    ck_assert_ptr_nonnull(strstr(body, "MetricDataQueries.member.2.Id=e0&"));
    ck_assert_ptr_nonnull(strstr(body, "MetricDataQueries.member.3.Id=i1&"));
    ck_assert_ptr_nonnull(strstr(body, "MetricDataQueries.member.4.Id=e1&"));
    ck_assert_ptr_nonnull(
        strstr(body, "MetricDataQueries.member.4.MetricStat.Metric.MetricName=Errors"));
    ck_assert_ptr_nonnull(strstr(
        body, "MetricDataQueries.member.3.MetricStat.Metric.Dimensions.member.1.Value=orders"));
    ck_assert_ptr_nonnull(strstr(body, "MetricDataQueries.member.1.MetricStat.Period=300"));
    ck_assert_ptr_nonnull(strstr(body, "MetricDataQueries.member.1.MetricStat.Stat=Sum"));
    ck_assert_ptr_null(strstr(body, "member.5."));
    ck_assert_ptr_null(strstr(body, "NextToken"));
    sl_call_cleanup(&call);
    sl_call_init(&call, &sl_service_cloudwatch, "GetMetricData");
    ck_assert_int_eq(sl_cw_build_lambda_batch(&call, &b, "tok"), SL_OK);
    ck_assert_ptr_nonnull(strstr(sl_buf_str(&call.body), "NextToken=tok"));
    sl_call_cleanup(&call);
    sl_cw_batch_cleanup(&b);
    sl_cw_batch_cleanup(&b);
}
END_TEST

START_TEST(test_batch_limits_and_merge)
{
    const char *many[SL_CW_BATCH_FUNCTIONS_MAX + 1];
    const char *fns[] = {"a", "b"};
    long long ts[] = {T0, T0 + 5 * MIN, T0 - 5 * MIN, T0 + 60 * MIN};
    double v[] = {7, 3, 100, 100};
    struct sl_cw_metric_result r[] = {
        {(char *)"i1", (char *)"", (char *)"Complete", ts, v, 4},
        {(char *)"e0", (char *)"", (char *)"Complete", ts, v, 2},
        {(char *)"i9", (char *)"", (char *)"Complete", ts, v, 2},
        {(char *)"inv", (char *)"", (char *)"Complete", ts, v, 2},
    };
    struct sl_cw_batch b;
    size_t i;
    char id[16];

    for (i = 0; i < NELEM(many); i++)
        many[i] = "f";
    ck_assert_uint_eq(SL_CW_BATCH_FUNCTIONS_MAX * 2, 500);
    ck_assert_int_eq(sl_cw_batch_init(&b, many, NELEM(many), T0, T0 + 60 * MIN, 300), SL_EINVAL);
    ck_assert_int_eq(sl_cw_batch_init(&b, many, 0, T0, T0 + 60 * MIN, 300), SL_EINVAL);
    ck_assert_int_eq(sl_cw_batch_init(&b, fns, 2, T0, T0 + 60 * MIN, 90), SL_EINVAL);
    ck_assert_int_eq(sl_cw_batch_init(&b, fns, 2, T0, T0, 300), SL_EINVAL);
    ck_assert_int_eq(sl_cw_batch_init(&b, many, SL_CW_BATCH_FUNCTIONS_MAX, T0, T0 + 60 * MIN, 300),
                     SL_OK);
    sl_cw_batch_cleanup(&b);

    sl_cw_batch_query_id(17, 1, id, sizeof(id));
    ck_assert_str_eq(id, "e17");
    ck_assert_int_eq(sl_cw_batch_init(&b, fns, 2, T0, T0 + 60 * MIN, 300), SL_OK);
    sl_cw_batch_merge(&b, r, NELEM(r));
    /* function 1's invocations: the two points inside the window */
    ck_assert(b.invocations[1 * 12 + 0] == 7);
    ck_assert(b.invocations[1 * 12 + 1] == 3);
    ck_assert(b.invocations[0 * 12 + 0] == 0);
    ck_assert(b.errors[0 * 12 + 0] == 7);
    ck_assert(b.errors[1 * 12 + 0] == 0);
    ck_assert_int_eq(b.answered[0], 1);
    ck_assert_int_eq(b.answered[1], 1);
    sl_cw_batch_cleanup(&b);
}
END_TEST

/* ---- commands and keys ----------------------------------------------------------------------- */

START_TEST(test_profile_region_commands)
{
    enum sl_cmd_id id;
    const char *arg;
    struct sl_error err;
    char line[128], list[256];

    sl_error_clear(&err);
    ck_assert_int_eq(sl_cmdline_parse("profile admin", &id, &arg, &err), SL_OK);
    ck_assert_int_eq(id, SL_CMD_PROFILE);
    ck_assert_str_eq(arg, "admin");
    ck_assert_int_eq(sl_cmdline_parse(":region eu-west-1", &id, &arg, &err), SL_OK);
    ck_assert_int_eq(id, SL_CMD_REGION);
    ck_assert_str_eq(arg, "eu-west-1");
    ck_assert_int_eq(sl_cmdline_parse("region", &id, &arg, &err), SL_EINVAL);
    ck_assert_int_eq(sl_cmdline_command("profile"), SL_CMD_PROFILE);
    ck_assert_int_eq(sl_cmdline_command("profile "), SL_CMD_PROFILE);
    ck_assert_int_eq(sl_cmdline_command(":reg eu"), SL_CMD_REGION);
    ck_assert_int_eq(sl_cmdline_command("fn"), SL_CMD_FUNCTIONS);
    ck_assert_int_eq(sl_cmdline_command("nosuch x"), SL_CMD_NONE);
    ck_assert_int_eq(sl_cmdline_command(""), SL_CMD_NONE);
    /* the argument completes over what the caller hands in */
    {
        const char *profiles[] = {"admin", "base", "ops"};

        snprintf(line, sizeof(line), "profile a");
        ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), profiles, 3, list, sizeof(list)),
                          1);
        ck_assert_str_eq(line, "profile admin");
        snprintf(line, sizeof(line), "prof");
        ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), profiles, 3, list, sizeof(list)),
                          1);
        ck_assert_str_eq(line, "profile ");
    }
}
END_TEST

START_TEST(test_keys)
{
    struct sl_keymap km;
    unsigned layers = SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_LAYER;
    unsigned confirm = SL_SCOPE_GLOBAL | SL_SCOPE_CONFIRM;

    sl_keymap_init(&km);
    /* the pickers work in every view */
    ck_assert_int_eq(sl_keymap_lookup(&km, 'P', SL_SCOPE_GLOBAL), SL_REQ_PROFILE);
    ck_assert_int_eq(sl_keymap_lookup(&km, 'R', SL_SCOPE_GLOBAL), SL_REQ_REGION);
    ck_assert_int_eq(sl_keymap_lookup(&km, 'R', SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_EVENTS),
                     SL_REQ_REGION);
    /* p publishes in a layer's lists only, and is a write */
    ck_assert_int_eq(sl_keymap_lookup(&km, 'p', layers), SL_REQ_PUBLISH);
    ck_assert_int_eq(sl_keymap_lookup(&km, 'p', SL_SCOPE_GLOBAL | SL_SCOPE_LIST), SL_REQ_NONE);
    ck_assert(sl_req_info(SL_REQ_PUBLISH)->scope & SL_SCOPE_WRITES);
    /* the summary: y or Enter, while Enter still opens rows in lists */
    ck_assert_int_eq(sl_keymap_lookup(&km, 'y', confirm), SL_REQ_CONFIRM);
    ck_assert_int_eq(sl_keymap_lookup(&km, '\r', confirm), SL_REQ_CONFIRM);
    ck_assert_int_eq(sl_keymap_lookup(&km, '\r', layers), SL_REQ_ENTER);
    ck_assert_int_eq(sl_keymap_lookup(&km, 'y', layers), SL_REQ_NONE);
}
END_TEST

static Suite *ui_more_suite(void)
{
    Suite *s = suite_create("ui-more");
    TCase *tc;

    tc = tcase_create("sparkline");
    tcase_add_test(tc, test_spark_levels);
    tcase_add_test(tc, test_sparkline_render);
    tcase_add_test(tc, test_spark_count);
    tcase_add_test(tc, test_activity_text);
    tcase_add_test(tc, test_metric_rows);
    suite_add_tcase(s, tc);
    tc = tcase_create("path");
    tcase_add_checked_fixture(tc, tree_setup, tree_teardown);
    tcase_add_test(tc, test_path_complete);
    tcase_add_test(tc, test_path_expand);
    tcase_add_test(tc, test_prompt_keys);
    suite_add_tcase(s, tc);
    tc = tcase_create("rows");
    tcase_add_test(tc, test_region_names);
    tcase_add_test(tc, test_alias_routing);
    tcase_add_test(tc, test_history_detail);
    suite_add_tcase(s, tc);
    tc = tcase_create("batch");
    tcase_add_test(tc, test_batch_request);
    tcase_add_test(tc, test_batch_limits_and_merge);
    suite_add_tcase(s, tc);
    tc = tcase_create("commands");
    tcase_add_test(tc, test_profile_region_commands);
    tcase_add_test(tc, test_keys);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    /* UTF-8 and English, whatever the environment says */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    unsetenv("LANGUAGE");
    sr = srunner_create(ui_more_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
