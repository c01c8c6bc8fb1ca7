#include "config.h"

#include "cloudwatch.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "i18n.h"
#include "page_collect.h"
#include "pager.h"
#include "service.h"
#include "timeutil.h"
#include "xml.h"

/* GetMetricData answers at most 100,800 datapoints per call (MaxDatapoints' default). */
#define CW_MAX_BUCKETS 100800

/* ---- freeing -------------------------------------------------------------------------- */

static void cw_strv_free(char **v, size_t n)
{
    size_t i;

    for (i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static void cw_dims_free(struct sl_cw_dimension *d, size_t n)
{
    size_t i;

    for (i = 0; d && i < n; i++) {
        free(d[i].name);
        free(d[i].value);
    }
    free(d);
}

static void cw_alarm_clear(struct sl_cw_alarm *a)
{
    size_t i;

    free(a->name);
    free(a->arn);
    free(a->description);
    free(a->state);
    free(a->state_reason);
    free(a->state_reason_data);
    cw_strv_free(a->alarm_actions, a->n_alarm_actions);
    cw_strv_free(a->ok_actions, a->n_ok_actions);
    cw_strv_free(a->insufficient_data_actions, a->n_insufficient_data_actions);
    free(a->metric_namespace);
    free(a->metric_name);
    cw_dims_free(a->dims, a->n_dims);
    free(a->statistic);
    free(a->extended_statistic);
    free(a->unit);
    free(a->threshold_metric_id);
    free(a->comparison_operator);
    free(a->treat_missing_data);
    for (i = 0; a->metrics && i < a->n_metrics; i++) {
        struct sl_cw_alarm_metric *q = &a->metrics[i];

        free(q->id);
        free(q->expression);
        free(q->label);
        free(q->metric_namespace);
        free(q->metric_name);
        cw_dims_free(q->dims, q->n_dims);
        free(q->stat);
    }
    free(a->metrics);
    free(a->alarm_rule);
    free(a->actions_suppressor);
    free(a->actions_suppressed_by);
    memset(a, 0, sizeof(*a));
}

static void cw_history_clear(struct sl_cw_history_item *h)
{
    free(h->alarm_name);
    free(h->alarm_type);
    free(h->item_type);
    free(h->summary);
    free(h->data);
    memset(h, 0, sizeof(*h));
}

static void cw_result_clear(struct sl_cw_metric_result *r)
{
    free(r->id);
    free(r->label);
    free(r->status_code);
    free(r->timestamps);
    free(r->values);
    memset(r, 0, sizeof(*r));
}

void sl_cw_alarms_free(struct sl_cw_alarm **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        cw_alarm_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

void sl_cw_history_free(struct sl_cw_history_item **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        cw_history_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

void sl_cw_metric_results_free(struct sl_cw_metric_result **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        cw_result_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

/* ---- reading XML ---------------------------------------------------------------------- */

/* Reading the fields of one member: failures are remembered, checked once at the end. */
struct cw_reader {
    int oom;
    const char *bad;   /* the first field that could not be read */
    locale_t c_locale; /* numbers are read the C way whatever the user's locale */
};

static char *cw_str(struct cw_reader *r, const struct sl_xml_node *n, const char *path)
{
    const char *s = sl_xml_text(sl_xml_path(n, path));
    size_t len = strlen(s);
    char *p = malloc(len + 1);

    if (!p)
        r->oom = 1;
    else
        memcpy(p, s, len + 1);
    return p;
}

static void cw_bad(struct cw_reader *r, const char *path)
{
    if (!r->bad)
        r->bad = path;
}

static long long cw_time(struct cw_reader *r, const struct sl_xml_node *n, const char *path)
{
    const char *s = sl_xml_text(sl_xml_path(n, path));
    long long ms = 0;

    if (*s && sl_time_parse_iso8601(s, &ms)) {
        cw_bad(r, path);
        return 0;
    }
    return ms;
}

static int cw_int(struct cw_reader *r, const struct sl_xml_node *n, const char *path)
{
    const char *s = sl_xml_text(sl_xml_path(n, path));
    char *end;
    long v;

    if (!*s)
        return 0;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < INT_MIN || v > INT_MAX) {
        cw_bad(r, path);
        return 0;
    }
    return (int)v;
}

/* A double in text s; 0 with the field marked bad when it is not one. */
static double cw_number(struct cw_reader *r, const char *s, const char *what)
{
    locale_t old = uselocale(r->c_locale);
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    uselocale(old);
    if (!*s || *end || end == s || errno == ERANGE || !isfinite(v)) {
        cw_bad(r, what);
        return 0;
    }
    return v;
}

static int cw_bool(const struct sl_xml_node *n, const char *path, int dflt)
{
    const char *s = sl_xml_text(sl_xml_path(n, path));

    if (!*s)
        return dflt;
    return !strcmp(s, "true");
}

/* Copies the texts of the <member> children of list into a new array. */
static char **cw_strv(struct cw_reader *r, const struct sl_xml_node *list, size_t *n)
{
    size_t count = sl_xml_count(list, "member"), i = 0;
    const struct sl_xml_node *m;
    char **v;

    *n = 0;
    if (!count || r->oom)
        return NULL;
    v = calloc(count, sizeof(*v));
    if (!v) {
        r->oom = 1;
        return NULL;
    }
    for (m = sl_xml_child(list, "member"); m && i < count; m = sl_xml_next_sibling_named(m)) {
        v[i++] = cw_str(r, m, "");
        *n = i;
    }
    return v;
}

static struct sl_cw_dimension *cw_dims(struct cw_reader *r, const struct sl_xml_node *list,
                                       size_t *n)
{
    size_t count = sl_xml_count(list, "member"), i = 0;
    const struct sl_xml_node *m;
    struct sl_cw_dimension *v;

    *n = 0;
    if (!count || r->oom)
        return NULL;
    v = calloc(count, sizeof(*v));
    if (!v) {
        r->oom = 1;
        return NULL;
    }
    for (m = sl_xml_child(list, "member"); m && i < count; m = sl_xml_next_sibling_named(m)) {
        v[i].name = cw_str(r, m, "Name");
        v[i].value = cw_str(r, m, "Value");
        *n = ++i;
    }
    return v;
}

/* what is the AWS shape name of the member; required must not be empty. */
static enum sl_err cw_reader_check(const struct cw_reader *r, const char *what,
                                   const char *required, const char *value, struct sl_error *err)
{
    if (r->oom)
        return SL_ENOMEM;
    if (r->bad)
        return sl_error_set(err, SL_EPARSE, _("The CloudWatch answer has an invalid %s in a %s."),
                            r->bad, what);
    if (required && (!value || !*value))
        return sl_error_set(err, SL_EPARSE, _("The CloudWatch answer has a %s without %s."), what,
                            required);
    return SL_OK;
}

/* Parses body and finds <OpResult> under <OpResponse>; *root must be freed by the caller. */
static enum sl_err cw_result(const char *body, size_t len, const char *op,
                             struct sl_xml_node **root, const struct sl_xml_node **res,
                             struct sl_error *err)
{
    char name[96];
    enum sl_err rc = sl_xml_parse(body, len, root, err);

    if (rc)
        return rc;
    snprintf(name, sizeof(name), "%sResponse", op);
    if (strcmp(sl_xml_name(*root), name))
        return sl_error_set(err, SL_EPARSE, _("The CloudWatch answer is <%s>, not <%s>."),
                            sl_xml_name(*root), name);
    snprintf(name, sizeof(name), "%sResult", op);
    *res = sl_xml_child(*root, name);
    if (!*res)
        return sl_error_set(err, SL_EPARSE, _("The CloudWatch answer has no <%s> element."), name);
    return SL_OK;
}

/* A copy of <NextToken> in res, NULL when absent or empty. */
static enum sl_err cw_token(const struct sl_xml_node *res, char **token)
{
    const char *s = sl_xml_text(sl_xml_child(res, "NextToken"));

    *token = NULL;
    if (!*s)
        return SL_OK;
    *token = strdup(s);
    return *token ? SL_OK : SL_ENOMEM;
}

static enum sl_err cw_reader_open(struct cw_reader *r)
{
    memset(r, 0, sizeof(*r));
    r->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    return r->c_locale == (locale_t)0 ? SL_ENOMEM : SL_OK;
}

static void cw_reader_close(struct cw_reader *r)
{
    if (r->c_locale != (locale_t)0)
        freelocale(r->c_locale);
    r->c_locale = (locale_t)0;
}

/* ---- alarms --------------------------------------------------------------------------- */

static void cw_fill_alarm_common(struct cw_reader *r, const struct sl_xml_node *m,
                                 struct sl_cw_alarm *a)
{
    a->name = cw_str(r, m, "AlarmName");
    a->arn = cw_str(r, m, "AlarmArn");
    a->description = cw_str(r, m, "AlarmDescription");
    a->state = cw_str(r, m, "StateValue");
    a->state_reason = cw_str(r, m, "StateReason");
    a->state_reason_data = cw_str(r, m, "StateReasonData");
    a->state_updated_ms = cw_time(r, m, "StateUpdatedTimestamp");
    a->state_transitioned_ms = cw_time(r, m, "StateTransitionedTimestamp");
    a->config_updated_ms = cw_time(r, m, "AlarmConfigurationUpdatedTimestamp");
    a->actions_enabled = cw_bool(m, "ActionsEnabled", 0);
    a->alarm_actions = cw_strv(r, sl_xml_child(m, "AlarmActions"), &a->n_alarm_actions);
    a->ok_actions = cw_strv(r, sl_xml_child(m, "OKActions"), &a->n_ok_actions);
    a->insufficient_data_actions =
        cw_strv(r, sl_xml_child(m, "InsufficientDataActions"), &a->n_insufficient_data_actions);
    /* Kept non-NULL for both types. */
    a->metric_namespace = cw_str(r, m, "Namespace");
    a->metric_name = cw_str(r, m, "MetricName");
    a->statistic = cw_str(r, m, "Statistic");
    a->extended_statistic = cw_str(r, m, "ExtendedStatistic");
    a->unit = cw_str(r, m, "Unit");
    a->threshold_metric_id = cw_str(r, m, "ThresholdMetricId");
    a->comparison_operator = cw_str(r, m, "ComparisonOperator");
    a->treat_missing_data = cw_str(r, m, "TreatMissingData");
    a->alarm_rule = cw_str(r, m, "AlarmRule");
    a->actions_suppressor = cw_str(r, m, "ActionsSuppressor");
    a->actions_suppressed_by = cw_str(r, m, "ActionsSuppressedBy");
}

static void cw_fill_alarm_metrics(struct cw_reader *r, const struct sl_xml_node *list,
                                  struct sl_cw_alarm *a)
{
    size_t count = sl_xml_count(list, "member"), i = 0;
    const struct sl_xml_node *m;

    if (!count || r->oom)
        return;
    a->metrics = calloc(count, sizeof(*a->metrics));
    if (!a->metrics) {
        r->oom = 1;
        return;
    }
    for (m = sl_xml_child(list, "member"); m && i < count; m = sl_xml_next_sibling_named(m)) {
        struct sl_cw_alarm_metric *q = &a->metrics[i];
        const struct sl_xml_node *stat = sl_xml_child(m, "MetricStat");

        q->id = cw_str(r, m, "Id");
        q->expression = cw_str(r, m, "Expression");
        q->label = cw_str(r, m, "Label");
        q->metric_namespace = cw_str(r, stat, "Metric/Namespace");
        q->metric_name = cw_str(r, stat, "Metric/MetricName");
        q->dims = cw_dims(r, sl_xml_path(stat, "Metric/Dimensions"), &q->n_dims);
        q->stat = cw_str(r, stat, "Stat");
        q->period = cw_int(r, stat ? stat : m, "Period");
        if (!q->period)
            q->period = cw_int(r, m, "Period");
        q->return_data = cw_bool(m, "ReturnData", 1);
        a->n_metrics = ++i;
    }
}

static enum sl_err cw_fill_alarm(struct cw_reader *r, const struct sl_xml_node *m,
                                 enum sl_cw_alarm_type type, struct sl_cw_alarm *a,
                                 struct sl_error *err)
{
    const char *threshold = sl_xml_text(sl_xml_child(m, "Threshold"));

    r->bad = NULL;
    a->type = type;
    cw_fill_alarm_common(r, m, a);
    if (type == SL_CW_METRIC_ALARM) {
        a->dims = cw_dims(r, sl_xml_child(m, "Dimensions"), &a->n_dims);
        if (*threshold) {
            a->threshold = cw_number(r, threshold, "Threshold");
            a->has_threshold = 1;
        }
        a->evaluation_periods = cw_int(r, m, "EvaluationPeriods");
        a->datapoints_to_alarm = cw_int(r, m, "DatapointsToAlarm");
        a->period = cw_int(r, m, "Period");
        cw_fill_alarm_metrics(r, sl_xml_child(m, "Metrics"), a);
    }
    return cw_reader_check(r, type == SL_CW_METRIC_ALARM ? "MetricAlarm" : "CompositeAlarm",
                           "AlarmName", a->name, err);
}

enum sl_err sl_cw_parse_describe_alarms_page(const char *body, size_t len,
                                             struct sl_cw_alarm **items, size_t *n,
                                             char **next_token, struct sl_error *err)
{
    struct sl_xml_node *root = NULL;
    const struct sl_xml_node *res, *metric, *composite, *m;
    struct sl_cw_alarm *v = NULL;
    struct cw_reader r;
    size_t n_metric, n_composite, done = 0, i;
    char *token = NULL;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    *next_token = NULL;
    rc = cw_reader_open(&r);
    if (!rc)
        rc = cw_result(body, len, "DescribeAlarms", &root, &res, err);
    if (rc)
        goto cleanup;
    metric = sl_xml_child(res, "MetricAlarms");
    composite = sl_xml_child(res, "CompositeAlarms");
    n_metric = sl_xml_count(metric, "member");
    n_composite = sl_xml_count(composite, "member");
    if (n_metric + n_composite) {
        v = calloc(n_metric + n_composite, sizeof(*v));
        if (!v) {
            rc = SL_ENOMEM;
            goto cleanup;
        }
    }
    for (m = sl_xml_child(metric, "member"); m && done < n_metric;
         m = sl_xml_next_sibling_named(m)) {
        rc = cw_fill_alarm(&r, m, SL_CW_METRIC_ALARM, &v[done++], err);
        if (rc)
            goto cleanup;
    }
    for (m = sl_xml_child(composite, "member"); m && done < n_metric + n_composite;
         m = sl_xml_next_sibling_named(m)) {
        rc = cw_fill_alarm(&r, m, SL_CW_COMPOSITE_ALARM, &v[done++], err);
        if (rc)
            goto cleanup;
    }
    rc = cw_token(res, &token);
    if (rc)
        goto cleanup;
    *items = v;
    *n = done;
    *next_token = token;
    v = NULL;
    token = NULL;
cleanup:
    for (i = 0; v && i < done; i++)
        cw_alarm_clear(&v[i]);
    free(v);
    free(token);
    sl_xml_free(&root);
    cw_reader_close(&r);
    return rc;
}

static const char *cw_lambda_function_in(const char *ns, const struct sl_cw_dimension *dims,
                                         size_t n)
{
    size_t i;

    if (!ns || strcmp(ns, "AWS/Lambda"))
        return NULL;
    for (i = 0; dims && i < n; i++)
        if (dims[i].name && !strcmp(dims[i].name, "FunctionName") && dims[i].value &&
            *dims[i].value)
            return dims[i].value;
    return NULL;
}

const char *sl_cw_alarm_lambda_function(const struct sl_cw_alarm *a)
{
    const char *fn;
    size_t i;

    if (!a || a->type != SL_CW_METRIC_ALARM)
        return NULL;
    fn = cw_lambda_function_in(a->metric_namespace, a->dims, a->n_dims);
    for (i = 0; !fn && a->metrics && i < a->n_metrics; i++)
        fn = cw_lambda_function_in(a->metrics[i].metric_namespace, a->metrics[i].dims,
                                   a->metrics[i].n_dims);
    return fn;
}

static enum sl_err cw_param_token(struct sl_call *call, const char *token)
{
    return token && *token ? sl_call_query_param(call, "NextToken", token) : SL_OK;
}

static enum sl_err cw_param_alarm_types(struct sl_call *call)
{
    enum sl_err rc = sl_call_query_param(call, "AlarmTypes.member.1", "MetricAlarm");

    return rc ? rc : sl_call_query_param(call, "AlarmTypes.member.2", "CompositeAlarm");
}

static enum sl_err cw_param_max_records(struct sl_call *call, int max_records)
{
    char num[16];

    if (max_records <= 0 || max_records > 100)
        max_records = 100;
    snprintf(num, sizeof(num), "%d", max_records);
    return sl_call_query_param(call, "MaxRecords", num);
}

enum sl_err sl_cw_build_describe_alarms(struct sl_call *call,
                                        const struct sl_cw_describe_alarms_opts *opts,
                                        const char *token)
{
    enum sl_err rc = cw_param_alarm_types(call);

    if (!rc && opts && opts->name_prefix && *opts->name_prefix)
        rc = sl_call_query_param(call, "AlarmNamePrefix", opts->name_prefix);
    if (!rc && opts && opts->state && *opts->state)
        rc = sl_call_query_param(call, "StateValue", opts->state);
    if (!rc)
        rc = cw_param_max_records(call, opts ? opts->max_records : 0);
    return rc ? rc : cw_param_token(call, token);
}

/* ---- alarm history -------------------------------------------------------------------- */

enum sl_err sl_cw_build_alarm_history(struct sl_call *call, const struct sl_cw_history_opts *opts,
                                      const char *token)
{
    char when[32];
    enum sl_err rc = SL_OK;

    if (opts && opts->alarm_name && *opts->alarm_name)
        rc = sl_call_query_param(call, "AlarmName", opts->alarm_name);
    if (!rc)
        rc = cw_param_alarm_types(call);
    if (!rc && opts && opts->item_type && *opts->item_type)
        rc = sl_call_query_param(call, "HistoryItemType", opts->item_type);
    if (!rc && opts && opts->start_ms > 0) {
        sl_time_format_iso8601(opts->start_ms, when, sizeof(when));
        rc = sl_call_query_param(call, "StartDate", when);
    }
    if (!rc && opts && opts->end_ms > 0) {
        sl_time_format_iso8601(opts->end_ms, when, sizeof(when));
        rc = sl_call_query_param(call, "EndDate", when);
    }
    if (!rc)
        rc = sl_call_query_param(call, "ScanBy", "TimestampDescending");
    if (!rc)
        rc = cw_param_max_records(call, opts ? opts->max_records : 0);
    return rc ? rc : cw_param_token(call, token);
}

enum sl_err sl_cw_parse_alarm_history_page(const char *body, size_t len,
                                           struct sl_cw_history_item **items, size_t *n,
                                           char **next_token, struct sl_error *err)
{
    struct sl_xml_node *root = NULL;
    const struct sl_xml_node *res, *list, *m;
    struct sl_cw_history_item *v = NULL;
    struct cw_reader r;
    size_t count, done = 0, i;
    char *token = NULL;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    *next_token = NULL;
    rc = cw_reader_open(&r);
    if (!rc)
        rc = cw_result(body, len, "DescribeAlarmHistory", &root, &res, err);
    if (rc)
        goto cleanup;
    list = sl_xml_child(res, "AlarmHistoryItems");
    count = sl_xml_count(list, "member");
    if (count) {
        v = calloc(count, sizeof(*v));
        if (!v) {
            rc = SL_ENOMEM;
            goto cleanup;
        }
    }
    for (m = sl_xml_child(list, "member"); m && done < count; m = sl_xml_next_sibling_named(m)) {
        struct sl_cw_history_item *h = &v[done++];

        h->alarm_name = cw_str(&r, m, "AlarmName");
        h->alarm_type = cw_str(&r, m, "AlarmType");
        h->item_type = cw_str(&r, m, "HistoryItemType");
        h->summary = cw_str(&r, m, "HistorySummary");
        h->data = cw_str(&r, m, "HistoryData");
        h->timestamp_ms = cw_time(&r, m, "Timestamp");
        rc = cw_reader_check(&r, "AlarmHistoryItem", "AlarmName", h->alarm_name, err);
        if (!rc)
            rc = cw_reader_check(&r, "AlarmHistoryItem", "Timestamp",
                                 sl_xml_text(sl_xml_child(m, "Timestamp")), err);
        if (rc)
            goto cleanup;
    }
    rc = cw_token(res, &token);
    if (rc)
        goto cleanup;
    *items = v;
    *n = done;
    *next_token = token;
    v = NULL;
    token = NULL;
cleanup:
    for (i = 0; v && i < done; i++)
        cw_history_clear(&v[i]);
    free(v);
    free(token);
    sl_xml_free(&root);
    cw_reader_close(&r);
    return rc;
}

/* ---- GetMetricData -------------------------------------------------------------------- */

static enum sl_err cw_fill_result(struct cw_reader *r, const struct sl_xml_node *m,
                                  struct sl_cw_metric_result *x, struct sl_error *err)
{
    const struct sl_xml_node *ts = sl_xml_child(m, "Timestamps");
    const struct sl_xml_node *vs = sl_xml_child(m, "Values");
    const struct sl_xml_node *t, *v;
    size_t count = sl_xml_count(ts, "member"), i = 0;

    r->bad = NULL;
    x->id = cw_str(r, m, "Id");
    x->label = cw_str(r, m, "Label");
    x->status_code = cw_str(r, m, "StatusCode");
    if (count != sl_xml_count(vs, "member"))
        return sl_error_set(err, SL_EPARSE,
                            _("The CloudWatch answer has %zu timestamps but %zu values for %s."),
                            count, sl_xml_count(vs, "member"), x->id ? x->id : "");
    if (count && !r->oom) {
        x->timestamps = calloc(count, sizeof(*x->timestamps));
        x->values = calloc(count, sizeof(*x->values));
        if (!x->timestamps || !x->values)
            r->oom = 1;
    }
    t = sl_xml_child(ts, "member");
    v = sl_xml_child(vs, "member");
    for (; x->timestamps && x->values && t && v && i < count; i++) {
        const char *when = sl_xml_text(t);

        if (!*when)
            cw_bad(r, "Timestamps");
        x->timestamps[i] = cw_time(r, t, "");
        x->values[i] = cw_number(r, sl_xml_text(v), "Values");
        x->n = i + 1;
        t = sl_xml_next_sibling_named(t);
        v = sl_xml_next_sibling_named(v);
    }
    return cw_reader_check(r, "MetricDataResult", "Id", x->id, err);
}

enum sl_err sl_cw_parse_metric_data_page(const char *body, size_t len,
                                         struct sl_cw_metric_result **results, size_t *n,
                                         char **next_token, struct sl_error *err)
{
    struct sl_xml_node *root = NULL;
    const struct sl_xml_node *res, *list, *m;
    struct sl_cw_metric_result *v = NULL;
    struct cw_reader r;
    size_t count, done = 0, i;
    char *token = NULL;
    enum sl_err rc;

    *results = NULL;
    *n = 0;
    *next_token = NULL;
    rc = cw_reader_open(&r);
    if (!rc)
        rc = cw_result(body, len, "GetMetricData", &root, &res, err);
    if (rc)
        goto cleanup;
    list = sl_xml_child(res, "MetricDataResults");
    count = sl_xml_count(list, "member");
    if (count) {
        v = calloc(count, sizeof(*v));
        if (!v) {
            rc = SL_ENOMEM;
            goto cleanup;
        }
    }
    for (m = sl_xml_child(list, "member"); m && done < count; m = sl_xml_next_sibling_named(m)) {
        rc = cw_fill_result(&r, m, &v[done++], err);
        if (rc)
            goto cleanup;
    }
    rc = cw_token(res, &token);
    if (rc)
        goto cleanup;
    *results = v;
    *n = done;
    *next_token = token;
    v = NULL;
    token = NULL;
cleanup:
    for (i = 0; v && i < done; i++)
        cw_result_clear(&v[i]);
    free(v);
    free(token);
    sl_xml_free(&root);
    cw_reader_close(&r);
    return rc;
}

static const struct {
    const char *id;
    const char *metric;
    const char *stat;
} cw_lambda_series[SL_CW_LAMBDA_NSERIES] = {
    [SL_CW_LAMBDA_INVOCATIONS] = {"inv", "Invocations", "Sum"},
    [SL_CW_LAMBDA_ERRORS] = {"err", "Errors", "Sum"},
    [SL_CW_LAMBDA_THROTTLES] = {"thr", "Throttles", "Sum"},
    [SL_CW_LAMBDA_DURATION_P50] = {"p50", "Duration", "p50"},
    [SL_CW_LAMBDA_DURATION_P99] = {"p99", "Duration", "p99"},
};

const char *sl_cw_lambda_series_id(enum sl_cw_lambda_series s)
{
    return (unsigned)s < SL_CW_LAMBDA_NSERIES ? cw_lambda_series[s].id : NULL;
}

/* Floor division that rounds towards minus infinity. */
static long long cw_floor_div(long long a, long long b)
{
    long long q = a / b;

    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

enum sl_err sl_cw_lambda_metrics_init(struct sl_cw_lambda_metrics *m, long long start_ms,
                                      long long end_ms, int period_s)
{
    long long period_ms, first, last, buckets;
    size_t i;
    int s;

    memset(m, 0, sizeof(*m));
    if (period_s <= 0 || period_s % 60 || end_ms <= start_ms)
        return SL_EINVAL;
    period_ms = (long long)period_s * 1000;
    first = cw_floor_div(start_ms, period_ms);
    last = cw_floor_div(end_ms - 1, period_ms); /* the bucket holding end_ms - 1 */
    buckets = last - first + 1;
    if (buckets <= 0 || buckets > CW_MAX_BUCKETS)
        return SL_EINVAL;
    m->start_ms = first * period_ms;
    m->end_ms = (last + 1) * period_ms;
    m->period_s = period_s;
    m->n = (size_t)buckets;
    m->times = calloc(m->n, sizeof(*m->times));
    for (s = 0; m->times && s < SL_CW_LAMBDA_NSERIES; s++) {
        m->values[s] = calloc(m->n, sizeof(*m->values[s]));
        m->present[s] = calloc(m->n, sizeof(*m->present[s]));
        if (!m->values[s] || !m->present[s])
            break;
    }
    if (!m->times || s < SL_CW_LAMBDA_NSERIES) {
        sl_cw_lambda_metrics_cleanup(m);
        return SL_ENOMEM;
    }
    for (i = 0; i < m->n; i++)
        m->times[i] = m->start_ms + (long long)i * period_ms;
    return SL_OK;
}

void sl_cw_lambda_metrics_cleanup(struct sl_cw_lambda_metrics *m)
{
    int s;

    if (!m)
        return;
    free(m->times);
    for (s = 0; s < SL_CW_LAMBDA_NSERIES; s++) {
        free(m->values[s]);
        free(m->present[s]);
    }
    memset(m, 0, sizeof(*m));
}

void sl_cw_lambda_metrics_merge(struct sl_cw_lambda_metrics *m,
                                const struct sl_cw_metric_result *results, size_t n)
{
    long long period_ms;
    size_t i, k;
    int s;

    if (!m || !m->n || !results)
        return;
    period_ms = (long long)m->period_s * 1000;
    for (i = 0; i < n; i++) {
        const struct sl_cw_metric_result *x = &results[i];

        for (s = 0; s < SL_CW_LAMBDA_NSERIES; s++)
            if (x->id && !strcmp(x->id, cw_lambda_series[s].id))
                break;
        if (s == SL_CW_LAMBDA_NSERIES)
            continue;
        if (x->status_code && *x->status_code)
            snprintf(m->status[s], sizeof(m->status[s]), "%s", x->status_code);
        for (k = 0; k < x->n; k++) {
            long long t = x->timestamps[k];
            size_t b;

            if (t < m->start_ms || t >= m->end_ms)
                continue;
            b = (size_t)((t - m->start_ms) / period_ms);
            m->values[s][b] = x->values[k];
            m->present[s][b] = 1;
        }
    }
}

enum sl_err sl_cw_build_lambda_metrics(struct sl_call *call, const char *function,
                                       const struct sl_cw_lambda_metrics *m, const char *token)
{
    char when[32], key[128], num[16];
    enum sl_err rc;
    int s;

    if (!function || !*function || !m || !m->n)
        return SL_EINVAL;
    sl_time_format_iso8601(m->start_ms, when, sizeof(when));
    rc = sl_call_query_param(call, "StartTime", when);
    sl_time_format_iso8601(m->end_ms, when, sizeof(when));
    if (!rc)
        rc = sl_call_query_param(call, "EndTime", when);
    snprintf(num, sizeof(num), "%d", m->period_s);
    for (s = 0; !rc && s < SL_CW_LAMBDA_NSERIES; s++) {
        static const char *const fields[] = {
            "Id",
            "MetricStat.Metric.Namespace",
            "MetricStat.Metric.MetricName",
            "MetricStat.Metric.Dimensions.member.1.Name",
            "MetricStat.Metric.Dimensions.member.1.Value",
            "MetricStat.Period",
            "MetricStat.Stat",
        };
        const char *values[] = {
            cw_lambda_series[s].id,   "AWS/Lambda", cw_lambda_series[s].metric,
            "FunctionName",           function,     num,
            cw_lambda_series[s].stat,
        };
        size_t f;

        for (f = 0; !rc && f < sizeof(fields) / sizeof(fields[0]); f++) {
            snprintf(key, sizeof(key), "MetricDataQueries.member.%d.%s", s + 1, fields[f]);
            rc = sl_call_query_param(call, key, values[f]);
        }
    }
    return rc ? rc : cw_param_token(call, token);
}

/* ---- paged operations ----------------------------------------------------------------- */

enum cw_kind {
    CW_ALARMS,
    CW_HISTORY,
    CW_METRICS,
};

struct sl_cw_op {
    struct sl_pager pager; /* pager.ud is the op */
    enum cw_kind kind;
    char *state;
    char *name_prefix;
    char *alarm_name;
    char *item_type;
    char *function;
    long long start_ms;
    long long end_ms;
    int max_records;
    struct sl_cw_lambda_metrics *metrics;
    sl_cw_alarms_fn on_alarms;
    sl_cw_history_fn on_history;
    sl_cw_metrics_fn on_metrics;
    sl_cw_done_fn done;
    void *ud;
    int running;
    int in_parse;  /* inside on_page: cancelling must wait until it returns */
    int cancelled; /* cancelled from inside on_page */
    int orphan;    /* freed by its owner while running: free on done, report nothing */
};

static void cw_op_destroy(struct sl_cw_op *op)
{
    sl_pager_cleanup(&op->pager);
    free(op->state);
    free(op->name_prefix);
    free(op->alarm_name);
    free(op->item_type);
    free(op->function);
    free(op);
}

static enum sl_err cw_op_build(struct sl_pager *p, struct sl_call *call, const char *token)
{
    struct sl_cw_op *op = p->ud;

    switch (op->kind) {
    case CW_ALARMS: {
        struct sl_cw_describe_alarms_opts o = {op->state, op->name_prefix, op->max_records};

        return sl_cw_build_describe_alarms(call, &o, token);
    }
    case CW_HISTORY: {
        struct sl_cw_history_opts o = {op->alarm_name, op->item_type, op->start_ms, op->end_ms,
                                       op->max_records};

        return sl_cw_build_alarm_history(call, &o, token);
    }
    case CW_METRICS:
        return sl_cw_build_lambda_metrics(call, op->function, op->metrics, token);
    }
    return SL_EINVAL;
}

static enum sl_err cw_op_parse(struct sl_pager *p, struct sl_call *call, char **next_token,
                               struct sl_error *err)
{
    struct sl_cw_op *op = p->ud;
    const char *body = call->resp.body.data;
    size_t len = call->resp.body.len;
    enum sl_err rc = SL_EINVAL;
    size_t n = 0;

    if (op->orphan || op->cancelled)
        return sl_error_set(err, SL_ECANCELLED, "%s", _("Cancelled."));
    op->in_parse = 1;
    switch (op->kind) {
    case CW_ALARMS: {
        struct sl_cw_alarm *v = NULL;

        rc = sl_cw_parse_describe_alarms_page(body, len, &v, &n, next_token, err);
        if (!rc && op->on_alarms)
            op->on_alarms(op->ud, v, n);
        else
            sl_cw_alarms_free(&v, n);
        break;
    }
    case CW_HISTORY: {
        struct sl_cw_history_item *v = NULL;

        rc = sl_cw_parse_alarm_history_page(body, len, &v, &n, next_token, err);
        if (!rc && op->on_history)
            op->on_history(op->ud, v, n);
        else
            sl_cw_history_free(&v, n);
        break;
    }
    case CW_METRICS: {
        struct sl_cw_metric_result *v = NULL;

        rc = sl_cw_parse_metric_data_page(body, len, &v, &n, next_token, err);
        if (!rc)
            sl_cw_lambda_metrics_merge(op->metrics, v, n);
        sl_cw_metric_results_free(&v, n);
        if (!rc && op->on_metrics)
            op->on_metrics(op->ud, op->metrics);
        break;
    }
    }
    op->in_parse = 0;
    if (!rc && (op->cancelled || op->orphan)) {
        free(*next_token);
        *next_token = NULL;
        rc = sl_error_set(err, SL_ECANCELLED, "%s", _("Cancelled."));
    }
    return rc;
}

static void cw_op_done(struct sl_pager *p, enum sl_err rc, const struct sl_error *err)
{
    struct sl_cw_op *op = p->ud;

    op->running = 0;
    if (op->orphan) {
        cw_op_destroy(op);
        return;
    }
    if (op->done)
        op->done(op->ud, rc, rc ? err : NULL); /* may free op */
}

static enum sl_err cw_op_start(struct sl_client *c, struct sl_cw_op *op, const char *operation,
                               sl_cw_done_fn done, void *ud, struct sl_cw_op **out)
{
    enum sl_err rc;

    sl_pager_init(&op->pager, c, &sl_service_cloudwatch, operation);
    op->pager.build = cw_op_build;
    op->pager.parse = cw_op_parse;
    op->pager.done = cw_op_done;
    op->pager.ud = op;
    op->done = done;
    op->ud = ud;
    op->running = 1;
    rc = sl_pager_start(&op->pager);
    if (rc) {
        op->running = 0;
        cw_op_destroy(op);
        return rc;
    }
    *out = op;
    return SL_OK;
}

/* A copy of s (NULL stays NULL); sets *oom when the copy fails. */
static char *cw_dup(const char *s, int *oom)
{
    char *p;

    if (!s)
        return NULL;
    p = strdup(s);
    if (!p)
        *oom = 1;
    return p;
}

enum sl_err sl_cw_describe_alarms_start(struct sl_client *c,
                                        const struct sl_cw_describe_alarms_opts *opts,
                                        sl_cw_alarms_fn on_page, sl_cw_done_fn done, void *ud,
                                        struct sl_cw_op **out)
{
    struct sl_cw_op *op = calloc(1, sizeof(*op));
    int oom = 0;

    *out = NULL;
    if (!op)
        return SL_ENOMEM;
    op->kind = CW_ALARMS;
    op->on_alarms = on_page;
    if (opts) {
        op->state = cw_dup(opts->state, &oom);
        op->name_prefix = cw_dup(opts->name_prefix, &oom);
        op->max_records = opts->max_records;
    }
    if (oom) {
        cw_op_destroy(op);
        return SL_ENOMEM;
    }
    return cw_op_start(c, op, "DescribeAlarms", done, ud, out);
}

enum sl_err sl_cw_alarm_history_start(struct sl_client *c, const struct sl_cw_history_opts *opts,
                                      sl_cw_history_fn on_page, sl_cw_done_fn done, void *ud,
                                      struct sl_cw_op **out)
{
    struct sl_cw_op *op = calloc(1, sizeof(*op));
    int oom = 0;

    *out = NULL;
    if (!op)
        return SL_ENOMEM;
    op->kind = CW_HISTORY;
    op->on_history = on_page;
    if (opts) {
        op->alarm_name = cw_dup(opts->alarm_name, &oom);
        op->item_type = cw_dup(opts->item_type, &oom);
        op->start_ms = opts->start_ms;
        op->end_ms = opts->end_ms;
        op->max_records = opts->max_records;
    }
    if (oom) {
        cw_op_destroy(op);
        return SL_ENOMEM;
    }
    return cw_op_start(c, op, "DescribeAlarmHistory", done, ud, out);
}

enum sl_err sl_cw_lambda_metrics_start(struct sl_client *c, const char *function,
                                       struct sl_cw_lambda_metrics *m, sl_cw_metrics_fn on_page,
                                       sl_cw_done_fn done, void *ud, struct sl_cw_op **out)
{
    struct sl_cw_op *op;
    int oom = 0;

    *out = NULL;
    if (!function || !*function || !m || !m->n)
        return SL_EINVAL;
    op = calloc(1, sizeof(*op));
    if (!op)
        return SL_ENOMEM;
    op->kind = CW_METRICS;
    op->on_metrics = on_page;
    op->metrics = m;
    op->function = cw_dup(function, &oom);
    if (oom) {
        cw_op_destroy(op);
        return SL_ENOMEM;
    }
    return cw_op_start(c, op, "GetMetricData", done, ud, out);
}

void sl_cw_op_cancel(struct sl_cw_op *op)
{
    if (!op || !op->running)
        return;
    if (op->in_parse)
        op->cancelled = 1; /* cw_op_parse ends the pager when on_page returns */
    else
        sl_pager_cancel(&op->pager);
}

int sl_cw_op_running(const struct sl_cw_op *op)
{
    return op && op->running;
}

void sl_cw_op_free(struct sl_cw_op **pop)
{
    struct sl_cw_op *op;

    if (!pop || !*pop)
        return;
    op = *pop;
    *pop = NULL;
    if (op->running) {
        op->orphan = 1;
        if (!op->in_parse)
            sl_pager_cancel(&op->pager);
        return;
    }
    cw_op_destroy(op);
}

/* ---- sync conveniences ---------------------------------------------------------------- */

static void cw_alarm_clear_v(void *p)
{
    cw_alarm_clear(p);
}

static void cw_history_clear_v(void *p)
{
    cw_history_clear(p);
}

static void cw_collect_alarms(void *ud, struct sl_cw_alarm *items, size_t n)
{
    sl_page_collect_add(ud, items, n);
}

static void cw_collect_history(void *ud, struct sl_cw_history_item *items, size_t n)
{
    sl_page_collect_add(ud, items, n);
}

enum sl_err sl_cw_describe_alarms(struct sl_client *c,
                                  const struct sl_cw_describe_alarms_opts *opts,
                                  struct sl_cw_alarm **items, size_t *n, struct sl_error *err)
{
    struct sl_page_collect col;
    struct sl_cw_op *op = NULL;
    void *v = NULL;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    sl_page_collect_init(&col, sizeof(**items), cw_alarm_clear_v);
    rc = sl_cw_describe_alarms_start(c, opts, cw_collect_alarms, sl_page_collect_done, &col, &op);
    rc = sl_page_collect_wait(c, &col, rc, &v, n, err);
    sl_cw_op_free(&op);
    *items = v;
    return rc;
}

enum sl_err sl_cw_alarm_history(struct sl_client *c, const struct sl_cw_history_opts *opts,
                                struct sl_cw_history_item **items, size_t *n, struct sl_error *err)
{
    struct sl_page_collect col;
    struct sl_cw_op *op = NULL;
    void *v = NULL;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    sl_page_collect_init(&col, sizeof(**items), cw_history_clear_v);
    rc = sl_cw_alarm_history_start(c, opts, cw_collect_history, sl_page_collect_done, &col, &op);
    rc = sl_page_collect_wait(c, &col, rc, &v, n, err);
    sl_cw_op_free(&op);
    *items = v;
    return rc;
}

enum sl_err sl_cw_lambda_metrics_get(struct sl_client *c, const char *function, long long start_ms,
                                     long long end_ms, int period_s, struct sl_cw_lambda_metrics *m,
                                     struct sl_error *err)
{
    struct sl_page_collect col;
    struct sl_cw_op *op = NULL;
    enum sl_err rc = sl_cw_lambda_metrics_init(m, start_ms, end_ms, period_s);

    if (rc)
        return sl_error_set(err, rc, "%s",
                            rc == SL_EINVAL
                                ? _("The metrics window or period is not valid (the period must "
                                    "be a multiple of 60 seconds).")
                                : sl_strerror(rc));
    sl_page_collect_init(&col, 1, NULL);
    rc = sl_cw_lambda_metrics_start(c, function, m, NULL, sl_page_collect_done, &col, &op);
    rc = sl_page_collect_wait(c, &col, rc, NULL, NULL, err);
    sl_cw_op_free(&op);
    if (rc)
        sl_cw_lambda_metrics_cleanup(m);
    return rc;
}
