/* CloudWatch: request bodies, parsers on recorded answers (tests/fixtures/cloudwatch), the
 * Lambda metric arrays, and the paged operations driven through a fake AWS. */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cloudwatch.h"
#include "pager.h"
#include "service.h"
#include "test_support.h"
#include "transport.h"
#include "xml.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixtures ---------------------------------------------------------------------------- */

static char *fixture(const char *name, size_t *len)
{
    return sl_test_fixture("cloudwatch", name, len);
}

/* ---- fake AWS: answers by Action and NextToken ------------------------------------------ */

struct fake_route {
    const char *action;
    const char *token; /* as sent (percent-encoded); NULL: the first page */
    long status;
    const char *fixture;
};

static const struct fake_route fake_routes[] = {
    {"DescribeAlarms", NULL, 200, "describe_alarms_page1.xml"},
    {"DescribeAlarms", "YWxhcm1zLXBhZ2UtMg%3D%3D", 200, "describe_alarms_empty_token.xml"},
    {"DescribeAlarms", "YWxhcm1zLXBhZ2UtMw%3D%3D", 200, "describe_alarms_last.xml"},
    {"DescribeAlarmHistory", NULL, 200, "alarm_history_page1.xml"},
    {"DescribeAlarmHistory", "aGlzdG9yeS1wYWdlLTI%3D", 200, "alarm_history_page2.xml"},
    {"GetMetricData", "bWV0cmljcy1wYWdlLTI%3D", 200, "metric_data_partial_page2.xml"},
};

#define FAKE_MAX_REQUESTS 16
static char *fake_requests[FAKE_MAX_REQUESTS];
static int fake_n_requests;

static void fake_reset(void)
{
    int i;

    for (i = 0; i < fake_n_requests; i++)
        free(fake_requests[i]);
    fake_n_requests = 0;
}

/* Records the request and picks the answer: status and fixture body (malloc'ed). */
static char *fake_answer(const char *body, long *status, size_t *len)
{
    char action[64], token[256];
    size_t i;

    ck_assert_int_lt(fake_n_requests, FAKE_MAX_REQUESTS);
    fake_requests[fake_n_requests++] = strdup(body);
    sl_test_form_value(body, "Action", action, sizeof(action));
    sl_test_form_value(body, "NextToken", token, sizeof(token));
    if (!strcmp(action, "GetMetricData") && !token[0]) {
        char fn[256];

        sl_test_form_value(body,
                           "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value",
                           fn, sizeof(fn));
        *status = 200;
        if (!strcmp(fn, "gappy"))
            return fixture("metric_data_gaps.xml", len);
        if (!strcmp(fn, "partial"))
            return fixture("metric_data_partial_page1.xml", len);
        *status = 400;
        return fixture("error_invalid_parameter.xml", len);
    }
    for (i = 0; i < NELEM(fake_routes); i++) {
        if (strcmp(fake_routes[i].action, action))
            continue;
        if (fake_routes[i].token ? !strcmp(fake_routes[i].token, token) : !token[0]) {
            *status = fake_routes[i].status;
            return fixture(fake_routes[i].fixture, len);
        }
    }
    ck_abort_msg("no fake answer for %s", body);
    return NULL;
}

/* The real client on a fake transport. */
static struct sl_client *fake_client_new(void)
{
    sl_test_fake_env("AWS_ENDPOINT_URL_CLOUDWATCH", NULL);
    return sl_test_client_new(sl_test_form_transport_new(fake_answer), NULL);
}

static void fake_client_free(struct sl_client **c)
{
    sl_client_free(c);
}

/* ---- request bodies ---------------------------------------------------------------------- */

#define T0  1714521600000LL /* 2024-05-01T00:00:00Z */
#define MIN 60000LL

static const struct sl_cw_describe_alarms_opts alarms_filtered = {"ALARM", "orders-api", 50};
static const struct sl_cw_describe_alarms_opts alarms_odd = {"", "a b+c", 500};
static const struct sl_cw_history_opts history_full = {"orders-api-errors", "StateUpdate", T0,
                                                       T0 + 24 * 60 * MIN, 0};
static const struct sl_cw_history_opts history_none = {NULL, NULL, 0, 0, 10};

static const struct {
    int kind; /* 0 alarms, 1 history */
    const struct sl_cw_describe_alarms_opts *alarms;
    const struct sl_cw_history_opts *history;
    const char *token;
    const char *body;
} build_cases[] = {
    {0, NULL, NULL, NULL,
     "Action=DescribeAlarms&Version=2010-08-01&AlarmTypes.member.1=MetricAlarm"
     "&AlarmTypes.member.2=CompositeAlarm&MaxRecords=100"},
    {0, &alarms_filtered, NULL, "YWxhcm1z+/==",
     "Action=DescribeAlarms&Version=2010-08-01&AlarmTypes.member.1=MetricAlarm"
     "&AlarmTypes.member.2=CompositeAlarm&AlarmNamePrefix=orders-api&StateValue=ALARM"
     "&MaxRecords=50&NextToken=YWxhcm1z%2B%2F%3D%3D"},
    {0, &alarms_odd, NULL, "",
     "Action=DescribeAlarms&Version=2010-08-01&AlarmTypes.member.1=MetricAlarm"
     "&AlarmTypes.member.2=CompositeAlarm&AlarmNamePrefix=a%20b%2Bc&MaxRecords=100"},
    {1, NULL, &history_full, "aGlz",
     "Action=DescribeAlarmHistory&Version=2010-08-01&AlarmName=orders-api-errors"
     "&AlarmTypes.member.1=MetricAlarm&AlarmTypes.member.2=CompositeAlarm"
     "&HistoryItemType=StateUpdate&StartDate=2024-05-01T00%3A00%3A00Z"
     "&EndDate=2024-05-02T00%3A00%3A00Z&ScanBy=TimestampDescending&MaxRecords=100"
     "&NextToken=aGlz"},
    {1, NULL, &history_none, NULL,
     "Action=DescribeAlarmHistory&Version=2010-08-01&AlarmTypes.member.1=MetricAlarm"
     "&AlarmTypes.member.2=CompositeAlarm&ScanBy=TimestampDescending&MaxRecords=10"},
    {1, NULL, NULL, NULL,
     "Action=DescribeAlarmHistory&Version=2010-08-01&AlarmTypes.member.1=MetricAlarm"
     "&AlarmTypes.member.2=CompositeAlarm&ScanBy=TimestampDescending&MaxRecords=100"},
};

START_TEST(test_build)
{
    struct sl_call call;

    sl_call_init(&call, &sl_service_cloudwatch,
                 build_cases[_i].kind ? "DescribeAlarmHistory" : "DescribeAlarms");
    if (build_cases[_i].kind)
        ck_assert_int_eq(
            sl_cw_build_alarm_history(&call, build_cases[_i].history, build_cases[_i].token),
            SL_OK);
    else
        ck_assert_int_eq(
            sl_cw_build_describe_alarms(&call, build_cases[_i].alarms, build_cases[_i].token),
            SL_OK);
    ck_assert_str_eq(sl_buf_str(&call.body), build_cases[_i].body);
    sl_call_cleanup(&call);
}
END_TEST

#define Q(n, id, metric, stat, fn)                                                                 \
    "&MetricDataQueries.member." #n ".Id=" id "&MetricDataQueries.member." #n                      \
    ".MetricStat.Metric.Namespace=AWS%2FLambda"                                                    \
    "&MetricDataQueries.member." #n ".MetricStat.Metric.MetricName=" metric                        \
    "&MetricDataQueries.member." #n ".MetricStat.Metric.Dimensions.member.1.Name=FunctionName"     \
    "&MetricDataQueries.member." #n ".MetricStat.Metric.Dimensions.member.1.Value=" fn             \
    "&MetricDataQueries.member." #n ".MetricStat.Period=300"                                       \
    "&MetricDataQueries.member." #n ".MetricStat.Stat=" stat

#define METRICS_BODY(fn)                                                                           \
    "Action=GetMetricData&Version=2010-08-01&StartTime=2024-05-01T00%3A00%3A00Z"                   \
    "&EndTime=2024-05-01T00%3A30%3A00Z" Q(1, "inv", "Invocations", "Sum", fn)                      \
        Q(2, "err", "Errors", "Sum", fn) Q(3, "thr", "Throttles", "Sum", fn)                       \
            Q(4, "p50", "Duration", "p50", fn) Q(5, "p99", "Duration", "p99", fn)

START_TEST(test_build_lambda_metrics)
{
    struct sl_cw_lambda_metrics m;
    struct sl_call call;

    /* an unaligned window is widened to whole periods */
    ck_assert_int_eq(sl_cw_lambda_metrics_init(&m, T0 + 90000, T0 + 29 * MIN, 300), SL_OK);
    sl_call_init(&call, &sl_service_cloudwatch, "GetMetricData");
    ck_assert_int_eq(sl_cw_build_lambda_metrics(&call, "orders-api-OrdersFunction-Xy12", &m, NULL),
                     SL_OK);
    ck_assert_str_eq(sl_buf_str(&call.body), METRICS_BODY("orders-api-OrdersFunction-Xy12"));
    sl_call_cleanup(&call);

    sl_call_init(&call, &sl_service_cloudwatch, "GetMetricData");
    ck_assert_int_eq(sl_cw_build_lambda_metrics(&call, "my fn:live", &m, "bWV0+/="), SL_OK);
    ck_assert_str_eq(sl_buf_str(&call.body),
                     METRICS_BODY("my%20fn%3Alive") "&NextToken=bWV0%2B%2F%3D");
    sl_call_cleanup(&call);

    sl_call_init(&call, &sl_service_cloudwatch, "GetMetricData");
    ck_assert_int_eq(sl_cw_build_lambda_metrics(&call, "", &m, NULL), SL_EINVAL);
    ck_assert_int_eq(sl_cw_build_lambda_metrics(&call, NULL, &m, NULL), SL_EINVAL);
    sl_call_cleanup(&call);
    sl_cw_lambda_metrics_cleanup(&m);
    sl_cw_lambda_metrics_cleanup(&m); /* twice is fine */
    sl_cw_lambda_metrics_cleanup(NULL);

    ck_assert_str_eq(sl_cw_lambda_series_id(SL_CW_LAMBDA_INVOCATIONS), "inv");
    ck_assert_str_eq(sl_cw_lambda_series_id(SL_CW_LAMBDA_DURATION_P99), "p99");
    ck_assert_ptr_null(sl_cw_lambda_series_id(SL_CW_LAMBDA_NSERIES));
}
END_TEST

/* ---- alarms ------------------------------------------------------------------------------ */

START_TEST(test_alarms_page1)
{
    struct sl_cw_alarm *v = NULL, *a;
    struct sl_error err;
    size_t len, n = 0;
    char *token = NULL;
    char *body = fixture("describe_alarms_page1.xml", &len);

    sl_error_clear(&err);
    ck_assert_int_eq(sl_cw_parse_describe_alarms_page(body, len, &v, &n, &token, &err), SL_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(token, "YWxhcm1zLXBhZ2UtMg==");

    a = &v[0];
    ck_assert_int_eq(a->type, SL_CW_METRIC_ALARM);
    ck_assert_str_eq(a->name, "orders-api-errors");
    ck_assert_str_eq(a->arn, "arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-api-errors");
    ck_assert_str_eq(a->description, "Any error in the orders function");
    ck_assert_str_eq(a->state, "ALARM");
    ck_assert_ptr_nonnull(strstr(a->state_reason, "(minimum 1 datapoint for OK -> ALARM"));
    ck_assert_ptr_nonnull(strstr(a->state_reason_data, "\"statistic\":\"Sum\""));
    ck_assert_int_eq(a->state_updated_ms, 1714910743215LL);
    ck_assert_int_eq(a->state_transitioned_ms, 1714910743215LL);
    ck_assert_int_eq(a->config_updated_ms, 1709287500000LL);
    ck_assert_int_eq(a->actions_enabled, 1);
    ck_assert_uint_eq(a->n_alarm_actions, 2);
    ck_assert_str_eq(a->alarm_actions[1], "arn:aws:sns:us-east-1:111122223333:pager");
    ck_assert_uint_eq(a->n_ok_actions, 0);
    ck_assert_str_eq(a->metric_namespace, "AWS/Lambda");
    ck_assert_str_eq(a->metric_name, "Errors");
    ck_assert_str_eq(a->statistic, "Sum");
    ck_assert_str_eq(a->extended_statistic, "");
    ck_assert_uint_eq(a->n_dims, 1);
    ck_assert_str_eq(a->dims[0].name, "FunctionName");
    ck_assert_str_eq(a->dims[0].value, "orders-api-OrdersFunction-Xy12");
    ck_assert_int_eq(a->period, 300);
    ck_assert_int_eq(a->evaluation_periods, 1);
    ck_assert_int_eq(a->datapoints_to_alarm, 1);
    ck_assert_int_eq(a->has_threshold, 1);
    ck_assert_double_eq(a->threshold, 1.0);
    ck_assert_str_eq(a->comparison_operator, "GreaterThanOrEqualToThreshold");
    ck_assert_str_eq(a->treat_missing_data, "notBreaching");
    ck_assert_str_eq(sl_cw_alarm_lambda_function(a), "orders-api-OrdersFunction-Xy12");

    a = &v[1];
    ck_assert_str_eq(a->name, "orders-api-p99");
    ck_assert_int_eq(a->actions_enabled, 0);
    ck_assert_str_eq(a->state, "INSUFFICIENT_DATA");
    ck_assert_str_eq(a->statistic, "");
    ck_assert_str_eq(a->extended_statistic, "p99");
    ck_assert_str_eq(a->unit, "Milliseconds");
    ck_assert_double_eq(a->threshold, 2500.5);
    ck_assert_int_eq(a->period, 60);
    ck_assert_int_eq(a->evaluation_periods, 5);
    ck_assert_int_eq(a->datapoints_to_alarm, 3);
    ck_assert_uint_eq(a->n_dims, 2);
    ck_assert_int_eq(a->state_transitioned_ms, 0);
    ck_assert_str_eq(sl_cw_alarm_lambda_function(a), "orders-api-OrdersFunction-Xy12");

    a = &v[2]; /* metric math */
    ck_assert_str_eq(a->name, "billing-error-rate");
    ck_assert_str_eq(a->metric_namespace, "");
    ck_assert_int_eq(a->period, 0);
    ck_assert_uint_eq(a->n_dims, 0);
    ck_assert_double_eq(a->threshold, 5.0);
    ck_assert_uint_eq(a->n_metrics, 3);
    ck_assert_str_eq(a->metrics[0].id, "rate");
    ck_assert_str_eq(a->metrics[0].expression, "100*err/inv");
    ck_assert_str_eq(a->metrics[0].label, "Error rate");
    ck_assert_int_eq(a->metrics[0].return_data, 1);
    ck_assert_str_eq(a->metrics[1].id, "err");
    ck_assert_str_eq(a->metrics[1].metric_namespace, "AWS/Lambda");
    ck_assert_str_eq(a->metrics[1].metric_name, "Errors");
    ck_assert_str_eq(a->metrics[1].stat, "Sum");
    ck_assert_int_eq(a->metrics[1].period, 300);
    ck_assert_int_eq(a->metrics[1].return_data, 0);
    ck_assert_uint_eq(a->metrics[1].n_dims, 1);
    ck_assert_str_eq(sl_cw_alarm_lambda_function(a), "billing-InvoiceFunction-Ab34");

    a = &v[3]; /* composite */
    ck_assert_int_eq(a->type, SL_CW_COMPOSITE_ALARM);
    ck_assert_str_eq(a->name, "orders-api-health");
    ck_assert_str_eq(a->alarm_rule, "ALARM(\"orders-api-errors\") AND ALARM(\"orders-api-p99\")");
    ck_assert_str_eq(a->state, "OK");
    ck_assert_str_eq(a->actions_suppressor, "maintenance-window");
    ck_assert_str_eq(a->actions_suppressed_by, "WaitPeriod");
    ck_assert_uint_eq(a->n_alarm_actions, 1);
    ck_assert_int_eq(a->has_threshold, 0);
    ck_assert_str_eq(a->metric_name, "");
    ck_assert_ptr_null(sl_cw_alarm_lambda_function(a));

    sl_cw_alarms_free(&v, n);
    ck_assert_ptr_null(v);
    sl_cw_alarms_free(&v, n);
    sl_cw_alarms_free(NULL, 0);
    ck_assert_ptr_null(sl_cw_alarm_lambda_function(NULL));
    free(token);
    free(body);
}
END_TEST

START_TEST(test_alarms_empty_page_with_token)
{
    struct sl_cw_alarm *v = (struct sl_cw_alarm *)&v;
    size_t len, n = 3;
    char *token = NULL;
    char *body = fixture("describe_alarms_empty_token.xml", &len);

    ck_assert_int_eq(sl_cw_parse_describe_alarms_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(v);
    ck_assert_str_eq(token, "YWxhcm1zLXBhZ2UtMw=="); /* not the end */
    free(token);
    free(body);
}
END_TEST

START_TEST(test_alarms_last_page)
{
    struct sl_cw_alarm *v = NULL;
    size_t len, n = 0;
    char *token = (char *)"sentinel";
    char *body = fixture("describe_alarms_last.xml", &len);

    ck_assert_int_eq(sl_cw_parse_describe_alarms_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(token);
    ck_assert_str_eq(v[0].state, "SOME_NEW_STATE"); /* unknown values kept */
    ck_assert_str_eq(v[0].metric_namespace, "AWS/EC2");
    ck_assert_ptr_null(sl_cw_alarm_lambda_function(&v[0])); /* FunctionName, but not Lambda */
    ck_assert_uint_eq(v[0].n_alarm_actions, 0);
    ck_assert_ptr_null(v[0].alarm_actions);
    ck_assert_double_eq(v[0].threshold, 80.0);
    sl_cw_alarms_free(&v, n);
    free(body);
}
END_TEST

/* Numbers are read the C way whatever LC_NUMERIC says (German writes 2500,5). */
START_TEST(test_alarms_locale)
{
    struct sl_cw_alarm *v = NULL;
    size_t len, n = 0;
    char *token = NULL;
    char *body = fixture("describe_alarms_page1.xml", &len);
    const char *loc = setlocale(LC_ALL, "de_DE.UTF-8");

    if (!loc)
        loc = setlocale(LC_ALL, "de_DE.utf8");
    ck_assert_int_eq(sl_cw_parse_describe_alarms_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_double_eq(v[1].threshold, 2500.5);
    setlocale(LC_ALL, "C");
    sl_cw_alarms_free(&v, n);
    free(token);
    free(body);
}
END_TEST

/* ---- history ----------------------------------------------------------------------------- */

START_TEST(test_history)
{
    struct sl_cw_history_item *v = NULL;
    size_t len, n = 0;
    char *token = NULL;
    char *body = fixture("alarm_history_page1.xml", &len);

    ck_assert_int_eq(sl_cw_parse_alarm_history_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(token, "aGlzdG9yeS1wYWdlLTI=");
    ck_assert_str_eq(v[0].alarm_name, "orders-api-errors");
    ck_assert_str_eq(v[0].alarm_type, "MetricAlarm");
    ck_assert_str_eq(v[0].item_type, "Action");
    ck_assert_str_eq(v[0].summary,
                     "Successfully executed action arn:aws:sns:us-east-1:111122223333:alerts");
    ck_assert_ptr_nonnull(strstr(v[0].data, "\"publishedMessage\":\"{\\\"default\\\""));
    ck_assert_int_eq(v[0].timestamp_ms, 1714910743215LL);
    ck_assert_str_eq(v[1].item_type, "StateUpdate");
    ck_assert_int_lt(v[1].timestamp_ms, v[0].timestamp_ms); /* newest first */
    sl_cw_history_free(&v, n);
    free(token);
    free(body);

    body = fixture("alarm_history_page2.xml", &len);
    ck_assert_int_eq(sl_cw_parse_alarm_history_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(token);
    ck_assert_str_eq(v[0].item_type, "ConfigurationUpdate");
    ck_assert_str_eq(v[0].summary, "Alarm \"orders-api-errors\" created");
    sl_cw_history_free(&v, n);
    sl_cw_history_free(NULL, 0);
    free(body);
}
END_TEST

/* ---- GetMetricData ----------------------------------------------------------------------- */

START_TEST(test_metric_data_raw)
{
    struct sl_cw_metric_result *v = NULL;
    size_t len, n = 0;
    char *token = NULL;
    char *body = fixture("metric_data_gaps.xml", &len);

    ck_assert_int_eq(sl_cw_parse_metric_data_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_ptr_null(token);
    ck_assert_str_eq(v[0].id, "inv");
    ck_assert_str_eq(v[0].label, "Invocations");
    ck_assert_str_eq(v[0].status_code, "Complete");
    ck_assert_uint_eq(v[0].n, 4);
    /* as sent: newest first */
    ck_assert_int_eq(v[0].timestamps[0], T0 + 25 * MIN);
    ck_assert_int_eq(v[0].timestamps[3], T0);
    ck_assert_double_eq(v[0].values[0], 3.0);
    ck_assert_str_eq(v[2].id, "thr");
    ck_assert_uint_eq(v[2].n, 0);
    ck_assert_ptr_null(v[2].timestamps);
    ck_assert_double_eq(v[4].values[2], 300.25);
    sl_cw_metric_results_free(&v, n);
    sl_cw_metric_results_free(NULL, 0);
    free(body);
}
END_TEST

static void assert_series(const struct sl_cw_lambda_metrics *m, enum sl_cw_lambda_series s,
                          const double want[6], const char *status)
{
    size_t i;

    ck_assert_uint_eq(m->n, 6);
    for (i = 0; i < 6; i++) {
        ck_assert_int_eq(m->times[i], T0 + (long long)i * 5 * MIN);
        ck_assert_msg(m->values[s][i] == want[i], "series %s bucket %zu: %g, want %g",
                      sl_cw_lambda_series_id(s), i, m->values[s][i], want[i]);
        ck_assert_int_eq(m->present[s][i], want[i] != 0);
    }
    ck_assert_str_eq(m->status[s], status);
}

static void merge_fixture(struct sl_cw_lambda_metrics *m, const char *name, const char *next)
{
    struct sl_cw_metric_result *v = NULL;
    size_t len, n = 0;
    char *token = NULL;
    char *body = fixture(name, &len);

    ck_assert_int_eq(sl_cw_parse_metric_data_page(body, len, &v, &n, &token, NULL), SL_OK);
    if (next)
        ck_assert_str_eq(token, next);
    else
        ck_assert_ptr_null(token);
    sl_cw_lambda_metrics_merge(m, v, n);
    sl_cw_metric_results_free(&v, n);
    free(token);
    free(body);
}

static const double gaps_inv[6] = {2, 1, 0, 7, 0, 3};
static const double gaps_err[6] = {0, 0, 0, 1, 0, 0};
static const double zeros[6] = {0, 0, 0, 0, 0, 0};
static const double gaps_p50[6] = {87.75, 101, 0, 98.25, 0, 120.5};
static const double gaps_p99[6] = {250, 300.25, 0, 640.5, 0, 812};

START_TEST(test_metric_data_gaps)
{
    struct sl_cw_lambda_metrics m;

    ck_assert_int_eq(sl_cw_lambda_metrics_init(&m, T0, T0 + 30 * MIN, 300), SL_OK);
    ck_assert_str_eq(m.status[SL_CW_LAMBDA_INVOCATIONS], "");
    merge_fixture(&m, "metric_data_gaps.xml", NULL);
    assert_series(&m, SL_CW_LAMBDA_INVOCATIONS, gaps_inv, "Complete");
    assert_series(&m, SL_CW_LAMBDA_ERRORS, gaps_err, "Complete");
    assert_series(&m, SL_CW_LAMBDA_THROTTLES, zeros, "Complete");
    assert_series(&m, SL_CW_LAMBDA_DURATION_P50, gaps_p50, "Complete");
    assert_series(&m, SL_CW_LAMBDA_DURATION_P99, gaps_p99, "Complete");
    sl_cw_lambda_metrics_cleanup(&m);
}
END_TEST

static const double part1_inv[6] = {0, 0, 0, 0, 6, 4};
static const double part1_err[6] = {0, 0, 0, 0, 0, 1};
static const double part1_p50[6] = {0, 0, 0, 0, 0, 110};
static const double part1_p99[6] = {0, 0, 0, 0, 0, 900};
static const double part_inv[6] = {1, 0, 5, 0, 6, 4};
static const double part_thr[6] = {0, 0, 2, 0, 0, 0};
static const double part_p50[6] = {0, 0, 95.5, 0, 0, 110};
static const double part_p99[6] = {0, 0, 410, 0, 0, 900};

START_TEST(test_metric_data_partial)
{
    struct sl_cw_lambda_metrics m;

    ck_assert_int_eq(sl_cw_lambda_metrics_init(&m, T0, T0 + 30 * MIN, 300), SL_OK);
    merge_fixture(&m, "metric_data_partial_page1.xml", "bWV0cmljcy1wYWdlLTI=");
    assert_series(&m, SL_CW_LAMBDA_INVOCATIONS, part1_inv, "PartialData");
    assert_series(&m, SL_CW_LAMBDA_ERRORS, part1_err, "PartialData");
    assert_series(&m, SL_CW_LAMBDA_THROTTLES, zeros, "Complete");
    assert_series(&m, SL_CW_LAMBDA_DURATION_P50, part1_p50, "PartialData");
    assert_series(&m, SL_CW_LAMBDA_DURATION_P99, part1_p99, "PartialData");
    merge_fixture(&m, "metric_data_partial_page2.xml", NULL);
    assert_series(&m, SL_CW_LAMBDA_INVOCATIONS, part_inv, "Complete");
    assert_series(&m, SL_CW_LAMBDA_ERRORS, part1_err, "Complete");
    assert_series(&m, SL_CW_LAMBDA_THROTTLES, part_thr, "Complete");
    assert_series(&m, SL_CW_LAMBDA_DURATION_P50, part_p50, "Complete");
    assert_series(&m, SL_CW_LAMBDA_DURATION_P99, part_p99, "Complete");
    sl_cw_lambda_metrics_cleanup(&m);
}
END_TEST

START_TEST(test_metric_merge_edges)
{
    struct sl_cw_lambda_metrics m;
    long long ts[] = {T0 - 5 * MIN, T0 + 30 * MIN, T0 + 7 * MIN, T0 + 29 * MIN + 59999};
    double vals[] = {100, 200, 3, 4};
    struct sl_cw_metric_result r[] = {
        {(char *)"xyz", (char *)"", (char *)"Complete", ts, vals, 4},
        {(char *)"err", (char *)"", (char *)"InternalError", ts, vals, 4},
    };

    ck_assert_int_eq(sl_cw_lambda_metrics_init(&m, T0, T0 + 30 * MIN, 300), SL_OK);
    sl_cw_lambda_metrics_merge(&m, r, 2);
    sl_cw_lambda_metrics_merge(&m, NULL, 0);
    sl_cw_lambda_metrics_merge(NULL, r, 2);
    ck_assert_str_eq(m.status[SL_CW_LAMBDA_ERRORS], "InternalError");
    ck_assert_str_eq(m.status[SL_CW_LAMBDA_INVOCATIONS], "");
    /* outside the window: ignored; 00:07 lands in the 00:05 bucket */
    ck_assert_double_eq(m.values[SL_CW_LAMBDA_ERRORS][1], 3);
    ck_assert_double_eq(m.values[SL_CW_LAMBDA_ERRORS][5], 4);
    ck_assert_double_eq(m.values[SL_CW_LAMBDA_ERRORS][0], 0);
    ck_assert_int_eq(m.present[SL_CW_LAMBDA_ERRORS][0], 0);
    ck_assert_double_eq(m.values[SL_CW_LAMBDA_INVOCATIONS][1], 0);
    sl_cw_lambda_metrics_cleanup(&m);
}
END_TEST

static const struct {
    long long start, end;
    int period;
    enum sl_err rc;
    long long want_start, want_end;
    size_t n;
} window_cases[] = {
    {T0, T0 + 30 * MIN, 300, SL_OK, T0, T0 + 30 * MIN, 6},
    {T0 + 90000, T0 + 29 * MIN, 300, SL_OK, T0, T0 + 30 * MIN, 6},
    {T0 + 1, T0 + 2, 60, SL_OK, T0, T0 + MIN, 1},
    {T0, T0 + 3 * 3600000LL, 3600, SL_OK, T0, T0 + 3 * 3600000LL, 3},
    {0, 100800 * MIN, 60, SL_OK, 0, 100800 * MIN, 100800},
    {0, 100800 * MIN + 1, 60, SL_EINVAL, 0, 0, 0},
    {T0, T0 + 30 * MIN, 90, SL_EINVAL, 0, 0, 0},
    {T0, T0 + 30 * MIN, 0, SL_EINVAL, 0, 0, 0},
    {T0, T0 + 30 * MIN, -60, SL_EINVAL, 0, 0, 0},
    {T0, T0, 60, SL_EINVAL, 0, 0, 0},
    {T0, T0 - MIN, 60, SL_EINVAL, 0, 0, 0},
};

START_TEST(test_metric_window)
{
    struct sl_cw_lambda_metrics m;

    ck_assert_int_eq(sl_cw_lambda_metrics_init(&m, window_cases[_i].start, window_cases[_i].end,
                                               window_cases[_i].period),
                     window_cases[_i].rc);
    ck_assert_int_eq(m.start_ms, window_cases[_i].want_start);
    ck_assert_int_eq(m.end_ms, window_cases[_i].want_end);
    ck_assert_uint_eq(m.n, window_cases[_i].n);
    if (m.n) {
        ck_assert_int_eq(m.times[m.n - 1], m.end_ms - (long long)window_cases[_i].period * 1000);
        ck_assert_double_eq(m.values[SL_CW_LAMBDA_DURATION_P99][m.n - 1], 0);
    }
    sl_cw_lambda_metrics_cleanup(&m);
}
END_TEST

/* ---- malformed answers -------------------------------------------------------------------- */

enum parse_kind { P_ALARMS, P_HISTORY, P_METRICS };

static enum sl_err parse_any(enum parse_kind kind, const char *body, size_t len,
                             struct sl_error *err)
{
    char *token = (char *)"sentinel";
    size_t n = 9;
    enum sl_err rc = SL_EINVAL;

    switch (kind) {
    case P_ALARMS: {
        struct sl_cw_alarm *v = (struct sl_cw_alarm *)&v;

        rc = sl_cw_parse_describe_alarms_page(body, len, &v, &n, &token, err);
        if (rc)
            ck_assert_ptr_null(v);
        sl_cw_alarms_free(&v, n);
        break;
    }
    case P_HISTORY: {
        struct sl_cw_history_item *v = NULL;

        rc = sl_cw_parse_alarm_history_page(body, len, &v, &n, &token, err);
        if (rc)
            ck_assert_ptr_null(v);
        sl_cw_history_free(&v, n);
        break;
    }
    case P_METRICS: {
        struct sl_cw_metric_result *v = NULL;

        rc = sl_cw_parse_metric_data_page(body, len, &v, &n, &token, err);
        if (rc)
            ck_assert_ptr_null(v);
        sl_cw_metric_results_free(&v, n);
        break;
    }
    }
    if (rc) {
        ck_assert_ptr_null(token);
        ck_assert_uint_eq(n, 0);
    }
    free(token);
    return rc;
}

#define NS "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\""
#define ALARMS(x)                                                                                  \
    "<DescribeAlarmsResponse " NS "><DescribeAlarmsResult>" x                                      \
    "</DescribeAlarmsResult></DescribeAlarmsResponse>"
#define METRICS(x)                                                                                 \
    "<GetMetricDataResponse " NS "><GetMetricDataResult><MetricDataResults><member>" x             \
    "</member></MetricDataResults></GetMetricDataResult></GetMetricDataResponse>"

static const struct {
    enum parse_kind kind;
    const char *body;
} bad_cases[] = {
    {P_ALARMS, ""},
    {P_ALARMS, "{\"MetricAlarms\":[]}"},
    {P_ALARMS, "<DescribeAlarmsResponse " NS "><DescribeAlarmsResult><MetricAlarms><member>"},
    {P_ALARMS, "<DescribeAlarmsResponse " NS "/>"},
    {P_ALARMS, "<DescribeAlarmHistoryResponse " NS "><DescribeAlarmHistoryResult/>"
               "</DescribeAlarmHistoryResponse>"},
    {P_ALARMS, ALARMS("<MetricAlarms><member><StateValue>OK</StateValue></member></MetricAlarms>")},
    {P_ALARMS, ALARMS("<CompositeAlarms><member><AlarmRule>TRUE</AlarmRule></member>"
                      "</CompositeAlarms>")},
    {P_ALARMS, ALARMS("<MetricAlarms><member><AlarmName>a</AlarmName><Threshold>high</Threshold>"
                      "</member></MetricAlarms>")},
    {P_ALARMS, ALARMS("<MetricAlarms><member><AlarmName>a</AlarmName><Period>5m</Period>"
                      "</member></MetricAlarms>")},
    {P_ALARMS, ALARMS("<MetricAlarms><member><AlarmName>a</AlarmName><StateUpdatedTimestamp>"
                      "05/05/24</StateUpdatedTimestamp></member></MetricAlarms>")},
    {P_HISTORY, "<DescribeAlarmHistoryResponse " NS "><DescribeAlarmHistoryResult>"
                "<AlarmHistoryItems><member><AlarmName>a</AlarmName></member>"
                "</AlarmHistoryItems></DescribeAlarmHistoryResult></DescribeAlarmHistoryResponse>"},
    {P_HISTORY, "<DescribeAlarmHistoryResponse " NS "><DescribeAlarmHistoryResult>"
                "<AlarmHistoryItems><member><Timestamp>2024-05-05T12:05:43.215Z</Timestamp>"
                "</member></AlarmHistoryItems></DescribeAlarmHistoryResult>"
                "</DescribeAlarmHistoryResponse>"},
    {P_METRICS, METRICS("<Id>inv</Id><Timestamps><member>2024-05-01T00:25:00Z</member>"
                        "</Timestamps><Values/>")},
    {P_METRICS, METRICS("<Id>inv</Id><Timestamps><member>2024-05-01T00:25:00Z</member>"
                        "</Timestamps><Values><member>1,5</member></Values>")},
    {P_METRICS, METRICS("<Id>inv</Id><Timestamps><member>2024-05-01T00:25:00Z</member>"
                        "</Timestamps><Values><member>NaN</member></Values>")},
    {P_METRICS, METRICS("<Id>inv</Id><Timestamps><member>soon</member>"
                        "</Timestamps><Values><member>1</member></Values>")},
    {P_METRICS, METRICS("<Id>inv</Id><Timestamps><member/></Timestamps><Values><member>1</member>"
                        "</Values>")},
    {P_METRICS, METRICS("<Label>no id</Label>")},
    {P_METRICS, "<GetMetricDataResponse " NS "><ResponseMetadata/></GetMetricDataResponse>"},
};

START_TEST(test_malformed)
{
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(
        parse_any(bad_cases[_i].kind, bad_cases[_i].body, strlen(bad_cases[_i].body), &err),
        SL_EPARSE);
    ck_assert_msg(err.message[0] != '\0', "no sentence for case %d", _i);
    ck_assert_int_eq(
        parse_any(bad_cases[_i].kind, bad_cases[_i].body, strlen(bad_cases[_i].body), NULL),
        SL_EPARSE);
}
END_TEST

static const struct {
    enum parse_kind kind;
    const char *fixture;
} truncated_cases[] = {
    {P_ALARMS, "describe_alarms_page1.xml"},      {P_ALARMS, "describe_alarms_empty_token.xml"},
    {P_HISTORY, "alarm_history_page1.xml"},       {P_METRICS, "metric_data_gaps.xml"},
    {P_METRICS, "metric_data_partial_page1.xml"},
};

START_TEST(test_truncated)
{
    size_t len, cut;
    char *body = fixture(truncated_cases[_i].fixture, &len);

    ck_assert_int_eq(parse_any(truncated_cases[_i].kind, body, len, NULL), SL_OK);
    for (cut = 0; cut + 2 < len; cut += 5)
        ck_assert_msg(parse_any(truncated_cases[_i].kind, body, cut, NULL) == SL_EPARSE,
                      "%s cut at %zu", truncated_cases[_i].fixture, cut);
    free(body);
}
END_TEST

/* ---- paged operations through the fake AWS ------------------------------------------------ */

struct recorder {
    int pages;
    size_t sizes[8];
    char names[16][64];
    size_t n_names;
    int done;
    enum sl_err rc;
    struct sl_error err;
    struct sl_cw_op *op;
    const struct sl_cw_lambda_metrics *m;
};

static void rec_alarms(void *ud, struct sl_cw_alarm *items, size_t n)
{
    struct recorder *r = ud;
    size_t i;

    ck_assert_int_eq(r->done, 0);
    r->sizes[r->pages++] = n;
    for (i = 0; i < n && r->n_names < NELEM(r->names); i++)
        snprintf(r->names[r->n_names++], sizeof(r->names[0]), "%s", items[i].name);
    sl_cw_alarms_free(&items, n);
}

static void rec_metrics(void *ud, const struct sl_cw_lambda_metrics *m)
{
    struct recorder *r = ud;

    r->m = m;
    r->sizes[r->pages++] = m->n;
}

static void rec_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct recorder *r = ud;

    ck_assert_int_eq(r->done, 0);
    r->done = 1;
    r->rc = rc;
    sl_error_clear(&r->err);
    if (err)
        r->err = *err;
    sl_cw_op_free(&r->op);
}

static void run_until_done(struct sl_client *c, struct recorder *r)
{
    int spins = 0;

    while (!r->done && spins++ < 100)
        sl_client_run(c, 10, -1);
    ck_assert_int_eq(r->done, 1);
}

START_TEST(test_op_alarms_pages)
{
    struct sl_client *c = fake_client_new();
    struct recorder r;

    memset(&r, 0, sizeof(r));
    fake_reset();
    ck_assert_int_eq(sl_cw_describe_alarms_start(c, NULL, rec_alarms, rec_done, &r, &r.op), SL_OK);
    ck_assert_int_eq(sl_cw_op_running(r.op), 1);
    run_until_done(c, &r);
    ck_assert_ptr_null(r.op);
    ck_assert_int_eq(r.rc, SL_OK);
    ck_assert_int_eq(r.pages, 3); /* the empty middle page did not end the listing */
    ck_assert_uint_eq(r.sizes[0], 4);
    ck_assert_uint_eq(r.sizes[1], 0);
    ck_assert_uint_eq(r.sizes[2], 1);
    ck_assert_str_eq(r.names[3], "orders-api-health");
    ck_assert_str_eq(r.names[4], "web-cpu-high");
    ck_assert_int_eq(fake_n_requests, 3);
    ck_assert_str_eq(fake_requests[2],
                     "Action=DescribeAlarms&Version=2010-08-01&AlarmTypes.member.1=MetricAlarm"
                     "&AlarmTypes.member.2=CompositeAlarm&MaxRecords=100"
                     "&NextToken=YWxhcm1zLXBhZ2UtMw%3D%3D");
    fake_reset();
    fake_client_free(&c);
}
END_TEST

START_TEST(test_sync_alarms_and_history)
{
    struct sl_client *c = fake_client_new();
    struct sl_cw_alarm *v = NULL;
    struct sl_cw_history_item *h = NULL;
    struct sl_error err;
    size_t n = 0;

    fake_reset();
    ck_assert_int_eq(sl_cw_describe_alarms(c, &alarms_filtered, &v, &n, &err), SL_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(v[0].name, "orders-api-errors");
    ck_assert_int_eq(v[3].type, SL_CW_COMPOSITE_ALARM);
    ck_assert_str_eq(v[4].name, "web-cpu-high");
    ck_assert_str_eq(fake_requests[0],
                     "Action=DescribeAlarms&Version=2010-08-01&AlarmTypes.member.1=MetricAlarm"
                     "&AlarmTypes.member.2=CompositeAlarm&AlarmNamePrefix=orders-api"
                     "&StateValue=ALARM&MaxRecords=50");
    sl_cw_alarms_free(&v, n);

    fake_reset();
    ck_assert_int_eq(sl_cw_alarm_history(c, &history_none, &h, &n, &err), SL_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(h[0].item_type, "Action");
    ck_assert_str_eq(h[2].item_type, "ConfigurationUpdate");
    ck_assert_int_eq(fake_n_requests, 2);
    sl_cw_history_free(&h, n);
    fake_reset();
    fake_client_free(&c);
}
END_TEST

START_TEST(test_op_lambda_metrics)
{
    struct sl_client *c = fake_client_new();
    struct sl_cw_lambda_metrics m;
    struct sl_cw_op *op = (struct sl_cw_op *)&op;
    struct sl_error err;
    struct recorder r;

    /* async: two pages, the view redraws after each */
    memset(&r, 0, sizeof(r));
    fake_reset();
    ck_assert_int_eq(sl_cw_lambda_metrics_init(&m, T0, T0 + 30 * MIN, 300), SL_OK);
    ck_assert_int_eq(sl_cw_lambda_metrics_start(c, "partial", &m, rec_metrics, rec_done, &r, &r.op),
                     SL_OK);
    run_until_done(c, &r);
    ck_assert_int_eq(r.rc, SL_OK);
    ck_assert_int_eq(r.pages, 2);
    ck_assert_ptr_eq(r.m, &m);
    ck_assert_int_eq(fake_n_requests, 2);
    ck_assert_str_eq(fake_requests[0], METRICS_BODY("partial"));
    ck_assert_str_eq(fake_requests[1], METRICS_BODY("partial") "&NextToken=bWV0cmljcy1wYWdlLTI%3D");
    assert_series(&m, SL_CW_LAMBDA_INVOCATIONS, part_inv, "Complete");
    assert_series(&m, SL_CW_LAMBDA_DURATION_P99, part_p99, "Complete");
    sl_cw_lambda_metrics_cleanup(&m);

    /* sync */
    fake_reset();
    ck_assert_int_eq(sl_cw_lambda_metrics_get(c, "gappy", T0 + 1000, T0 + 30 * MIN, 300, &m, &err),
                     SL_OK);
    assert_series(&m, SL_CW_LAMBDA_INVOCATIONS, gaps_inv, "Complete");
    assert_series(&m, SL_CW_LAMBDA_DURATION_P50, gaps_p50, "Complete");
    ck_assert_int_eq(fake_n_requests, 1);
    sl_cw_lambda_metrics_cleanup(&m);

    /* an AWS error: reported, m cleaned up */
    fake_reset();
    ck_assert_int_eq(sl_cw_lambda_metrics_get(c, "nope", T0, T0 + 30 * MIN, 300, &m, &err),
                     SL_EAWS);
    ck_assert_str_eq(err.code, "InvalidParameterValue");
    ck_assert_int_eq(err.http_status, 400);
    ck_assert_ptr_null(m.times);
    ck_assert_uint_eq(m.n, 0);

    /* refused before sending */
    ck_assert_int_eq(sl_cw_lambda_metrics_get(c, "gappy", T0, T0 + 30 * MIN, 45, &m, &err),
                     SL_EINVAL);
    ck_assert_msg(err.message[0] != '\0', "no sentence");
    ck_assert_int_eq(sl_cw_lambda_metrics_start(c, "gappy", &m, NULL, rec_done, &r, &op),
                     SL_EINVAL);
    ck_assert_ptr_null(op);
    fake_reset();
    fake_client_free(&c);
}
END_TEST

START_TEST(test_op_cancel_and_free)
{
    struct sl_client *c = fake_client_new();
    struct recorder r;

    memset(&r, 0, sizeof(r));
    fake_reset();
    ck_assert_int_eq(sl_cw_alarm_history_start(c, NULL, NULL, rec_done, &r, &r.op), SL_OK);
    sl_cw_op_cancel(r.op);
    run_until_done(c, &r);
    ck_assert_int_eq(r.rc, SL_ECANCELLED);

    memset(&r, 0, sizeof(r));
    ck_assert_int_eq(sl_cw_describe_alarms_start(c, NULL, rec_alarms, rec_done, &r, &r.op), SL_OK);
    sl_cw_op_free(&r.op);
    ck_assert_ptr_null(r.op);
    sl_client_run(c, 10, -1);
    sl_client_run(c, 10, -1);
    ck_assert_int_eq(r.done, 0);
    ck_assert_int_eq(r.pages, 0);
    sl_cw_op_free(NULL);
    sl_cw_op_cancel(NULL);
    fake_reset();
    fake_client_free(&c);
}
END_TEST

static Suite *cloudwatch_suite(void)
{
    Suite *s = suite_create("cloudwatch");
    TCase *t;

    t = tcase_create("requests");
    tcase_add_loop_test(t, test_build, 0, (int)NELEM(build_cases));
    tcase_add_test(t, test_build_lambda_metrics);
    suite_add_tcase(s, t);

    t = tcase_create("answers");
    tcase_add_test(t, test_alarms_page1);
    tcase_add_test(t, test_alarms_empty_page_with_token);
    tcase_add_test(t, test_alarms_last_page);
    tcase_add_test(t, test_alarms_locale);
    tcase_add_test(t, test_history);
    tcase_add_test(t, test_metric_data_raw);
    tcase_add_loop_test(t, test_malformed, 0, (int)NELEM(bad_cases));
    tcase_add_loop_test(t, test_truncated, 0, (int)NELEM(truncated_cases));
    suite_add_tcase(s, t);

    t = tcase_create("metrics");
    tcase_add_test(t, test_metric_data_gaps);
    tcase_add_test(t, test_metric_data_partial);
    tcase_add_test(t, test_metric_merge_edges);
    tcase_add_loop_test(t, test_metric_window, 0, (int)NELEM(window_cases));
    suite_add_tcase(s, t);

    t = tcase_create("paged");
    tcase_add_test(t, test_op_alarms_pages);
    tcase_add_test(t, test_sync_alarms_and_history);
    tcase_add_test(t, test_op_lambda_metrics);
    tcase_add_test(t, test_op_cancel_and_free);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cloudwatch_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
