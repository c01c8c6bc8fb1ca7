#include "config.h"

#include "cloudwatch_batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "i18n.h"
#include "pager.h"
#include "service.h"
#include "timeutil.h"

/* One answer holds at most 100,800 datapoints (MaxDatapoints' default). */
#define BATCH_MAX_POINTS 100800

static long long floor_div(long long a, long long b)
{
    long long q = a / b;

    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

enum sl_err sl_cw_batch_init(struct sl_cw_batch *b, const char *const *functions, size_t n,
                             long long start_ms, long long end_ms, int period_s)
{
    long long period_ms, first, last;
    size_t i, cells;

    memset(b, 0, sizeof(*b));
    if (!functions || !n || n > SL_CW_BATCH_FUNCTIONS_MAX || period_s <= 0 || period_s % 60 ||
        end_ms <= start_ms)
        return SL_EINVAL;
    period_ms = (long long)period_s * 1000;
    first = floor_div(start_ms, period_ms);
    last = floor_div(end_ms - 1, period_ms);
    if (last - first + 1 <= 0 || (last - first + 1) * (long long)n * 2 > BATCH_MAX_POINTS)
        return SL_EINVAL;
    b->start_ms = first * period_ms;
    b->end_ms = (last + 1) * period_ms;
    b->period_s = period_s;
    b->nbuckets = (size_t)(last - first + 1);
    cells = b->nbuckets * n;
    b->functions = calloc(n, sizeof(*b->functions));
    b->invocations = calloc(cells, sizeof(*b->invocations));
    b->errors = calloc(cells, sizeof(*b->errors));
    b->answered = calloc(n, 1);
    if (!b->functions || !b->invocations || !b->errors || !b->answered) {
        sl_cw_batch_cleanup(b);
        return SL_ENOMEM;
    }
    b->nfunctions = n;
    for (i = 0; i < n; i++) {
        if (!functions[i] || !functions[i][0]) {
            sl_cw_batch_cleanup(b);
            return SL_EINVAL;
        }
        b->functions[i] = strdup(functions[i]);
        if (!b->functions[i]) {
            sl_cw_batch_cleanup(b);
            return SL_ENOMEM;
        }
    }
    return SL_OK;
}

void sl_cw_batch_cleanup(struct sl_cw_batch *b)
{
    size_t i;

    if (!b)
        return;
    for (i = 0; b->functions && i < b->nfunctions; i++)
        free(b->functions[i]);
    free(b->functions);
    free(b->invocations);
    free(b->errors);
    free(b->answered);
    memset(b, 0, sizeof(*b));
}

void sl_cw_batch_query_id(size_t f, int errors, char *out, size_t len)
{
    snprintf(out, len, "%c%zu", errors ? 'e' : 'i', f);
}

enum sl_err sl_cw_build_lambda_batch(struct sl_call *call, const struct sl_cw_batch *b,
                                     const char *token)
{
    char when[32], key[128], id[32], period[16];
    enum sl_err rc;
    size_t f, q = 0;

    if (!b || !b->nfunctions || !b->nbuckets)
        return SL_EINVAL;
    sl_time_format_iso8601(b->start_ms, when, sizeof(when));
    rc = sl_call_query_param(call, "StartTime", when);
    sl_time_format_iso8601(b->end_ms, when, sizeof(when));
    if (!rc)
        rc = sl_call_query_param(call, "EndTime", when);
    snprintf(period, sizeof(period), "%d", b->period_s);
    for (f = 0; !rc && f < b->nfunctions; f++) {
        int errors;

        for (errors = 0; !rc && errors < 2; errors++) {
            static const char *const fields[] = {
                "Id",
                "MetricStat.Metric.Namespace",
                "MetricStat.Metric.MetricName",
                "MetricStat.Metric.Dimensions.member.1.Name",
                "MetricStat.Metric.Dimensions.member.1.Value",
                "MetricStat.Period",
                "MetricStat.Stat",
            };
            const char *values[7];
            size_t k;

            sl_cw_batch_query_id(f, errors, id, sizeof(id));
            values[0] = id;
            values[1] = "AWS/Lambda";
            values[2] = errors ? "Errors" : "Invocations";
            values[3] = "FunctionName";
            values[4] = b->functions[f];
            values[5] = period;
            values[6] = "Sum";
            q++;
            for (k = 0; !rc && k < sizeof(fields) / sizeof(fields[0]); k++) {
                snprintf(key, sizeof(key), "MetricDataQueries.member.%zu.%s", q, fields[k]);
                rc = sl_call_query_param(call, key, values[k]);
            }
        }
    }
    if (!rc && token && *token)
        rc = sl_call_query_param(call, "NextToken", token);
    return rc;
}

/* The function index and series of a query id; -1 when it is none of ours. */
static long parse_id(const char *id, size_t nfunctions, int *errors)
{
    char *end;
    unsigned long f;

    if (!id || (id[0] != 'i' && id[0] != 'e') || id[1] < '0' || id[1] > '9')
        return -1;
    f = strtoul(id + 1, &end, 10);
    if (*end || f >= nfunctions)
        return -1;
    *errors = id[0] == 'e';
    return (long)f;
}

void sl_cw_batch_merge(struct sl_cw_batch *b, const struct sl_cw_metric_result *results, size_t n)
{
    long long period_ms;
    size_t i, k;

    if (!b || !b->nbuckets || !results)
        return;
    period_ms = (long long)b->period_s * 1000;
    for (i = 0; i < n; i++) {
        const struct sl_cw_metric_result *x = &results[i];
        int errors = 0;
        long f = parse_id(x->id, b->nfunctions, &errors);
        double *row;

        if (f < 0)
            continue;
        b->answered[f] = 1;
        row = (errors ? b->errors : b->invocations) + (size_t)f * b->nbuckets;
        for (k = 0; k < x->n; k++) {
            long long t = x->timestamps[k];

            if (t < b->start_ms || t >= b->end_ms)
                continue;
            row[(t - b->start_ms) / period_ms] = x->values[k];
        }
    }
}

/* ---- the operation ----------------------------------------------------------------------- */

struct sl_cw_batch_op {
    struct sl_pager pager; /* pager.ud is the op */
    struct sl_cw_batch *batch;
    sl_cw_done_fn done;
    void *ud;
    int running;
    int orphan; /* freed by its owner while running: free on done, report nothing */
};

static enum sl_err batch_build(struct sl_pager *p, struct sl_call *call, const char *token)
{
    struct sl_cw_batch_op *op = p->ud;

    call->idempotent = 1;
    return sl_cw_build_lambda_batch(call, op->batch, token);
}

static enum sl_err batch_parse(struct sl_pager *p, struct sl_call *call, char **next_token,
                               struct sl_error *err)
{
    struct sl_cw_batch_op *op = p->ud;
    struct sl_cw_metric_result *v = NULL;
    size_t n = 0;
    enum sl_err rc;

    if (op->orphan)
        return sl_error_set(err, SL_ECANCELLED, "%s", _("Cancelled."));
    rc = sl_cw_parse_metric_data_page(call->resp.body.data, call->resp.body.len, &v, &n, next_token,
                                      err);
    if (!rc)
        sl_cw_batch_merge(op->batch, v, n);
    sl_cw_metric_results_free(&v, n);
    return rc;
}

static void batch_done(struct sl_pager *p, enum sl_err rc, const struct sl_error *err)
{
    struct sl_cw_batch_op *op = p->ud;

    op->running = 0;
    if (op->orphan) {
        sl_pager_cleanup(&op->pager);
        free(op);
        return;
    }
    if (op->done)
        op->done(op->ud, rc, rc ? err : NULL); /* may free op */
}

enum sl_err sl_cw_lambda_batch_start(struct sl_client *c, struct sl_cw_batch *b, sl_cw_done_fn done,
                                     void *ud, struct sl_cw_batch_op **out)
{
    struct sl_cw_batch_op *op;
    enum sl_err rc;

    *out = NULL;
    if (!b || !b->nfunctions)
        return SL_EINVAL;
    op = calloc(1, sizeof(*op));
    if (!op)
        return SL_ENOMEM;
    op->batch = b;
    op->done = done;
    op->ud = ud;
    sl_pager_init(&op->pager, c, &sl_service_cloudwatch, "GetMetricData");
    op->pager.build = batch_build;
    op->pager.parse = batch_parse;
    op->pager.done = batch_done;
    op->pager.ud = op;
    op->running = 1;
    rc = sl_pager_start(&op->pager);
    if (rc) {
        sl_pager_cleanup(&op->pager);
        free(op);
        return rc;
    }
    *out = op;
    return SL_OK;
}

void sl_cw_batch_op_cancel(struct sl_cw_batch_op *op)
{
    if (op && op->running)
        sl_pager_cancel(&op->pager);
}

void sl_cw_batch_op_free(struct sl_cw_batch_op **pop)
{
    struct sl_cw_batch_op *op;

    if (!pop || !*pop)
        return;
    op = *pop;
    *pop = NULL;
    if (op->running) {
        op->orphan = 1;
        sl_pager_cancel(&op->pager);
        return;
    }
    sl_pager_cleanup(&op->pager);
    free(op);
}
