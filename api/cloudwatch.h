/* CloudWatch over awsQuery (2010-08-01; aws-wire.md §8): alarms (metric and composite), alarm
 * history, and the Lambda metrics a console charts (GetMetricData). Building a request and
 * parsing an answer are pure functions (no network), tested on recorded answers; the paged
 * operations run on struct sl_pager and hand every page over as it arrives, and sync
 * conveniences collect all pages.
 *
 * Strings in the structs below are malloc'ed and never NULL after a successful parse ("" when
 * AWS sent nothing); timestamps are ms since the epoch, 0 when absent. Values AWS may extend
 * (states, statistics, operators) are kept as the strings AWS sent. */
#ifndef SL_CLOUDWATCH_H
#define SL_CLOUDWATCH_H

#include <stddef.h>

#include "sl_error.h"

struct sl_client;
struct sl_call;

/* ---- alarms --------------------------------------------------------------------------- */

struct sl_cw_dimension {
    char *name;
    char *value;
};

/* One query of a metric-math alarm (MetricAlarm Metrics/member). */
struct sl_cw_alarm_metric {
    char *id;
    char *expression; /* "" for a MetricStat query */
    char *label;
    char *metric_namespace;
    char *metric_name;
    struct sl_cw_dimension *dims;
    size_t n_dims;
    char *stat;
    int period;
    int return_data; /* ReturnData, true when absent */
};

enum sl_cw_alarm_type {
    SL_CW_METRIC_ALARM,
    SL_CW_COMPOSITE_ALARM,
};

struct sl_cw_alarm {
    enum sl_cw_alarm_type type;
    char *name;
    char *arn;
    char *description;
    char *state; /* StateValue: "OK", "ALARM", "INSUFFICIENT_DATA" */
    char *state_reason;
    char *state_reason_data; /* JSON text */
    long long state_updated_ms;
    long long state_transitioned_ms;
    long long config_updated_ms;
    int actions_enabled;
    char **alarm_actions;
    size_t n_alarm_actions;
    char **ok_actions;
    size_t n_ok_actions;
    char **insufficient_data_actions;
    size_t n_insufficient_data_actions;
    /* metric alarms */
    char *metric_namespace; /* "AWS/Lambda"; "" for a metric-math alarm */
    char *metric_name;
    struct sl_cw_dimension *dims;
    size_t n_dims;
    char *statistic;          /* "Sum", or "" when extended_statistic is set */
    char *extended_statistic; /* "p99" */
    char *unit;
    double threshold;
    int has_threshold; /* anomaly-detection alarms use a ThresholdMetricId instead */
    char *threshold_metric_id;
    char *comparison_operator;
    int evaluation_periods;
    int datapoints_to_alarm; /* 0 when absent */
    int period;              /* seconds; 0 for a metric-math alarm */
    char *treat_missing_data;
    struct sl_cw_alarm_metric *metrics;
    size_t n_metrics;
    /* composite alarms */
    char *alarm_rule;
    char *actions_suppressor;
    char *actions_suppressed_by;
};

/* Frees n items and the array, and sets *v to NULL (NULL-safe). */
void sl_cw_alarms_free(struct sl_cw_alarm **v, size_t n);

/* The Lambda function an alarm watches: the FunctionName dimension of an AWS/Lambda metric,
 * in the alarm itself or in one of its metric-math queries. NULL when there is none. The
 * string belongs to the alarm. */
const char *sl_cw_alarm_lambda_function(const struct sl_cw_alarm *a);

struct sl_cw_describe_alarms_opts {
    const char *state;       /* StateValue filter, or NULL for every state */
    const char *name_prefix; /* AlarmNamePrefix, or NULL */
    int max_records;         /* 1..100; 0: 100 */
};

/* DescribeAlarms: AlarmTypes.member.1=MetricAlarm, AlarmTypes.member.2=CompositeAlarm,
 * [AlarmNamePrefix], [StateValue], MaxRecords, [NextToken]. opts may be NULL. */
enum sl_err sl_cw_build_describe_alarms(struct sl_call *call,
                                        const struct sl_cw_describe_alarms_opts *opts,
                                        const char *token);
/* One answer: metric alarms first, then composite alarms, in the order AWS sent them.
 * *items is NULL when *n is 0 (an empty page may still carry a token); *next_token is
 * malloc'ed, NULL on the last page. Malformed or truncated XML, a wrong document or an alarm
 * without a name give SL_EPARSE and return nothing. */
enum sl_err sl_cw_parse_describe_alarms_page(const char *body, size_t len,
                                             struct sl_cw_alarm **items, size_t *n,
                                             char **next_token, struct sl_error *err);

/* ---- alarm history -------------------------------------------------------------------- */

struct sl_cw_history_item {
    char *alarm_name;
    char *alarm_type; /* "MetricAlarm", "CompositeAlarm" */
    char *item_type;  /* "StateUpdate", "ConfigurationUpdate", "Action" */
    char *summary;
    char *data; /* HistoryData, JSON text */
    long long timestamp_ms;
};

void sl_cw_history_free(struct sl_cw_history_item **v, size_t n);

struct sl_cw_history_opts {
    const char *alarm_name; /* NULL: every alarm */
    const char *item_type;  /* HistoryItemType, or NULL */
    long long start_ms;     /* StartDate, 0: none */
    long long end_ms;       /* EndDate, 0: none */
    int max_records;        /* 1..100; 0: 100 */
};

/* DescribeAlarmHistory: [AlarmName], AlarmTypes.member.1/2, [HistoryItemType], [StartDate],
 * [EndDate], ScanBy=TimestampDescending, MaxRecords, [NextToken]. opts may be NULL. */
enum sl_err sl_cw_build_alarm_history(struct sl_call *call, const struct sl_cw_history_opts *opts,
                                      const char *token);
/* Newest first, as asked. Same conventions as sl_cw_parse_describe_alarms_page. */
enum sl_err sl_cw_parse_alarm_history_page(const char *body, size_t len,
                                           struct sl_cw_history_item **items, size_t *n,
                                           char **next_token, struct sl_error *err);

/* ---- GetMetricData -------------------------------------------------------------------- */

/* One MetricDataResults member, as sent (newest first unless asked otherwise). */
struct sl_cw_metric_result {
    char *id;
    char *label;
    char *status_code; /* "Complete", "PartialData", "InternalError", "Forbidden", ... */
    long long *timestamps;
    double *values;
    size_t n;
};

void sl_cw_metric_results_free(struct sl_cw_metric_result **v, size_t n);

/* One answer: *results (NULL when *n is 0) and *next_token (NULL on the last page). Timestamps
 * and Values of different lengths, malformed numbers or XML give SL_EPARSE. */
enum sl_err sl_cw_parse_metric_data_page(const char *body, size_t len,
                                         struct sl_cw_metric_result **results, size_t *n,
                                         char **next_token, struct sl_error *err);

/* The Lambda series charted for one function. */
enum sl_cw_lambda_series {
    SL_CW_LAMBDA_INVOCATIONS,  /* Invocations, Sum */
    SL_CW_LAMBDA_ERRORS,       /* Errors, Sum */
    SL_CW_LAMBDA_THROTTLES,    /* Throttles, Sum */
    SL_CW_LAMBDA_DURATION_P50, /* Duration (ms), p50 */
    SL_CW_LAMBDA_DURATION_P99, /* Duration (ms), p99 */
    SL_CW_LAMBDA_NSERIES,
};

/* Aligned arrays over the buckets of [start_ms, end_ms), ascending time: bucket i starts at
 * start_ms + i * period_s * 1000. A bucket CloudWatch did not send reads 0 (present 0). */
struct sl_cw_lambda_metrics {
    long long start_ms;
    long long end_ms;
    int period_s;
    size_t n;
    long long *times;
    double *values[SL_CW_LAMBDA_NSERIES];
    unsigned char *present[SL_CW_LAMBDA_NSERIES];
    char status[SL_CW_LAMBDA_NSERIES][32]; /* last StatusCode seen, "" before any answer */
};

/* The query Id of a series ("inv", "err", "thr", "p50", "p99"), or NULL. */
const char *sl_cw_lambda_series_id(enum sl_cw_lambda_series s);

/* Sets up empty (zero) arrays for [start_ms, end_ms) in buckets of period_s seconds.
 * period_s must be a positive multiple of 60; start_ms is rounded down and end_ms up to a
 * multiple of the period (so bucket edges match CloudWatch's). SL_EINVAL for a bad period, an
 * empty window or more than 100800 buckets; SL_ENOMEM. */
enum sl_err sl_cw_lambda_metrics_init(struct sl_cw_lambda_metrics *m, long long start_ms,
                                      long long end_ms, int period_s);
/* Frees the arrays (NULL-safe) and zeroes *m. */
void sl_cw_lambda_metrics_cleanup(struct sl_cw_lambda_metrics *m);
/* Puts the points of results into m's buckets (results of other ids and points outside the
 * window are ignored) and keeps each series' StatusCode. Pages may come in any order. */
void sl_cw_lambda_metrics_merge(struct sl_cw_lambda_metrics *m,
                                const struct sl_cw_metric_result *results, size_t n);

/* GetMetricData for function over m's window: StartTime, EndTime (ISO 8601), then
 * MetricDataQueries.member.1..5 (Id, MetricStat.Metric.Namespace=AWS/Lambda, MetricName,
 * Dimensions.member.1.Name=FunctionName, Dimensions.member.1.Value, MetricStat.Period,
 * MetricStat.Stat), [NextToken]. */
enum sl_err sl_cw_build_lambda_metrics(struct sl_call *call, const char *function,
                                       const struct sl_cw_lambda_metrics *m, const char *token);

/* ---- paged operations on the non-blocking client -------------------------------------
 * on_page gets each page as it arrives and takes ownership of the array (free it with the
 * matching sl_cw_*_free); n may be 0 (an empty page is not the end). done runs once, from
 * sl_client_run(), with SL_OK after the last page or the failure (pages already delivered
 * stay valid); err may be NULL; done may call sl_cw_op_free. When start fails nothing is
 * called back and *out is NULL. */

struct sl_cw_op;

typedef void (*sl_cw_alarms_fn)(void *ud, struct sl_cw_alarm *items, size_t n);
typedef void (*sl_cw_history_fn)(void *ud, struct sl_cw_history_item *items, size_t n);
/* Called after each page has been merged into m. */
typedef void (*sl_cw_metrics_fn)(void *ud, const struct sl_cw_lambda_metrics *m);
typedef void (*sl_cw_done_fn)(void *ud, enum sl_err rc, const struct sl_error *err);

enum sl_err sl_cw_describe_alarms_start(struct sl_client *c,
                                        const struct sl_cw_describe_alarms_opts *opts,
                                        sl_cw_alarms_fn on_page, sl_cw_done_fn done, void *ud,
                                        struct sl_cw_op **out);
enum sl_err sl_cw_alarm_history_start(struct sl_client *c, const struct sl_cw_history_opts *opts,
                                      sl_cw_history_fn on_page, sl_cw_done_fn done, void *ud,
                                      struct sl_cw_op **out);
/* Fills m (already sl_cw_lambda_metrics_init'ed; the caller keeps it alive until done). */
enum sl_err sl_cw_lambda_metrics_start(struct sl_client *c, const char *function,
                                       struct sl_cw_lambda_metrics *m, sl_cw_metrics_fn on_page,
                                       sl_cw_done_fn done, void *ud, struct sl_cw_op **out);
/* Stops a running operation: done follows with SL_ECANCELLED. */
void sl_cw_op_cancel(struct sl_cw_op *op);
/* 1 until done has been called. */
int sl_cw_op_running(const struct sl_cw_op *op);
/* NULL-safe; clears *op. Freeing a running operation cancels it silently (done is not
 * called; the memory goes once the client reports the cancellation). */
void sl_cw_op_free(struct sl_cw_op **op);

/* ---- sync conveniences: every page, collected (the caller frees *items). On failure
 * nothing is returned. */
enum sl_err sl_cw_describe_alarms(struct sl_client *c,
                                  const struct sl_cw_describe_alarms_opts *opts,
                                  struct sl_cw_alarm **items, size_t *n, struct sl_error *err);
enum sl_err sl_cw_alarm_history(struct sl_client *c, const struct sl_cw_history_opts *opts,
                                struct sl_cw_history_item **items, size_t *n, struct sl_error *err);
/* Initialises m for the window and fills it; on failure m is cleaned up. */
enum sl_err sl_cw_lambda_metrics_get(struct sl_client *c, const char *function, long long start_ms,
                                     long long end_ms, int period_s, struct sl_cw_lambda_metrics *m,
                                     struct sl_error *err);

#endif
