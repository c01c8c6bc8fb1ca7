/* More tabs of a function's view: its aliases (name, the version they route to and the weights
 * of a canary), its published versions, and the last hour's metrics (invocations, errors,
 * throttles, p99 duration per 5 minutes) as sparklines with their lowest and highest value. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "cloudwatch.h"
#include "format.h"
#include "i18n.h"
#include "lambda.h"
#include "list_view.h"
#include "sparkline.h"
#include "theme.h"
#include "views.h"

/* ---- aliases ------------------------------------------------------------------------------- */

enum { AL_NAME, AL_VERSION, AL_ROUTING, AL_DESC, AL_NCOLS };

static const struct sl_col alias_cols[AL_NCOLS] = {
    [AL_NAME] = {"name", N_("ALIAS"), 8, 0, 0, 'N', 0},
    [AL_VERSION] = {"version", N_("VERSION"), 7, 0, 1, 'V', 1},
    [AL_ROUTING] = {"routing", N_("ROUTING"), 8, 0, 0, 0, 0},
    [AL_DESC] = {"description", N_("DESCRIPTION"), 11, 0, 0, 0, 0},
};

/* "3: 90%, 4: 10%" for an alias that sends part of its traffic elsewhere; "" otherwise. */
void sl_alias_routing(const struct sl_lambda_alias *a, char *out, size_t len)
{
    double rest = 1.0;
    size_t i, used = 0;
    int w;

    out[0] = '\0';
    if (!a->n_weights)
        return;
    for (i = 0; i < a->n_weights; i++)
        rest -= a->weights[i].weight;
    w = snprintf(out, len, "%s: %.0f%%", a->function_version ? a->function_version : "?",
                 rest * 100.0);
    used = w > 0 ? (size_t)w : 0;
    for (i = 0; i < a->n_weights && used < len; i++) {
        w = snprintf(out + used, len - used, ", %s: %.0f%%",
                     a->weights[i].version ? a->weights[i].version : "?",
                     a->weights[i].weight * 100.0);
        used += w > 0 ? (size_t)w : 0;
    }
}

static void alias_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_lambda_alias *a = item;
    char buf[512];

    sl_row_set(out, AL_NAME, "%s", a->name ? a->name : "");
    sl_row_set(out, AL_VERSION, "%s", a->function_version ? a->function_version : "");
    sl_alias_routing(a, buf, sizeof(buf));
    sl_row_set(out, AL_ROUTING, "%s", buf);
    sl_row_set(out, AL_DESC, "%s", a->description ? a->description : "");
    out->num[AL_VERSION] = a->function_version ? atoll(a->function_version) : -1;
}

static const char *alias_key(const void *item)
{
    const struct sl_lambda_alias *a = item;

    return a->name ? a->name : "";
}

static void alias_free(void *items, size_t n)
{
    struct sl_lambda_alias *p = items;

    sl_lambda_aliases_free(&p, n);
}

static enum sl_err alias_load(struct sl_load *ld, struct sl_client *c, const char *fn,
                              struct sl_error *err)
{
    if (!fn || !fn[0])
        return sl_error_set(err, SL_EINVAL, "%s", _("No function name was given."));
    return sl_view_lambda_load(ld, c, SL_LAMBDA_LIST_ALIASES, fn, err);
}

const struct sl_list_ops sl_function_aliases_ops = {
    .id = "function-aliases",
    .title = N_("aliases"),
    .cols = alias_cols,
    .ncols = AL_NCOLS,
    .sort_col = AL_NAME,
    .empty = N_("This function has no aliases."),
    .item_size = sizeof(struct sl_lambda_alias),
    .free_items = alias_free,
    .row = alias_row,
    .key = alias_key,
    .load = alias_load,
    .cancel = sl_view_lambda_cancel,
    .release = sl_view_lambda_release,
    .scopes = SL_FUNCTION_SCOPES,
    .act = sl_function_act,
};

/* ---- versions ------------------------------------------------------------------------------ */

enum { VE_VERSION, VE_MODIFIED, VE_SIZE, VE_RUNTIME, VE_DESC, VE_NCOLS };

static const struct sl_col version_cols[VE_NCOLS] = {
    [VE_VERSION] = {"version", N_("VERSION"), 7, 0, 1, 'V', 1},
    [VE_MODIFIED] = {"modified", N_("MODIFIED"), 8, 0, 0, 'L', 1},
    [VE_SIZE] = {"size", N_("SIZE"), 6, 0, 1, 'S', 1},
    [VE_RUNTIME] = {"runtime", N_("RUNTIME"), 7, 0, 0, 'U', 0},
    [VE_DESC] = {"description", N_("DESCRIPTION"), 11, 0, 0, 0, 0},
};

static void version_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_lambda_function *f = item;
    char buf[SL_FMT_SHORT];
    const char *v = f->version ? f->version : "";

    sl_row_set(out, VE_VERSION, "%s", v);
    /* $LATEST is newer than any number */
    out->num[VE_VERSION] = !strcmp(v, "$LATEST") ? LLONG_MAX : atoll(v);
    sl_fmt_relative(f->last_modified_ms, ctx->now_ms, buf, sizeof(buf));
    sl_row_set(out, VE_MODIFIED, "%s", buf);
    out->num[VE_MODIFIED] = f->last_modified_ms;
    sl_fmt_bytes(f->code_size, buf, sizeof(buf));
    sl_row_set(out, VE_SIZE, "%s", buf);
    out->num[VE_SIZE] = f->code_size;
    sl_row_set(out, VE_RUNTIME, "%s",
               f->runtime ? f->runtime : (f->package_type ? f->package_type : ""));
    sl_row_set(out, VE_DESC, "%s", f->description ? f->description : "");
}

static const char *version_key(const void *item)
{
    const struct sl_lambda_function *f = item;

    return f->version ? f->version : "";
}

static void version_free(void *items, size_t n)
{
    struct sl_lambda_function *p = items;

    sl_lambda_functions_free(&p, n);
}

static enum sl_err version_load(struct sl_load *ld, struct sl_client *c, const char *fn,
                                struct sl_error *err)
{
    if (!fn || !fn[0])
        return sl_error_set(err, SL_EINVAL, "%s", _("No function name was given."));
    return sl_view_lambda_load(ld, c, SL_LAMBDA_LIST_VERSIONS, fn, err);
}

const struct sl_list_ops sl_function_versions_ops = {
    .id = "function-versions",
    .title = N_("versions"),
    .cols = version_cols,
    .ncols = VE_NCOLS,
    .sort_col = VE_VERSION,
    .sort_desc = 1,
    .empty = N_("This function has no published versions."),
    .detail = "description",
    .item_size = sizeof(struct sl_lambda_function),
    .free_items = version_free,
    .row = version_row,
    .key = version_key,
    .load = version_load,
    .cancel = sl_view_lambda_cancel,
    .release = sl_view_lambda_release,
    .scopes = SL_FUNCTION_SCOPES,
    .act = sl_function_act,
};

/* ---- metrics ------------------------------------------------------------------------------- */

/* The last hour, in buckets of 5 minutes. */
#define METRIC_WINDOW_MS (60LL * 60 * 1000)
#define METRIC_PERIOD_S  300

static const struct {
    enum sl_cw_lambda_series series;
    const char *title;
    int duration;
} metric_series[] = {
    {SL_CW_LAMBDA_INVOCATIONS, N_("Invocations"), 0},
    {SL_CW_LAMBDA_ERRORS, N_("Errors"), 0},
    {SL_CW_LAMBDA_THROTTLES, N_("Throttles"), 0},
    {SL_CW_LAMBDA_DURATION_P99, N_("Duration p99"), 1},
};
#define METRIC_NSERIES (sizeof(metric_series) / sizeof(metric_series[0]))

void sl_fn_metrics_free(void *items, size_t n)
{
    struct sl_fn_metric *v = items;
    size_t i;

    for (i = 0; v && i < n; i++) {
        free(v[i].values);
        free(v[i].present);
    }
    free(v);
}

enum sl_err sl_fn_metric_rows(const struct sl_cw_lambda_metrics *m, struct sl_fn_metric **out,
                              size_t *n)
{
    struct sl_fn_metric *v = calloc(METRIC_NSERIES, sizeof(*v));
    size_t i;

    *out = NULL;
    *n = 0;
    if (!v)
        return SL_ENOMEM;
    for (i = 0; i < METRIC_NSERIES; i++) {
        enum sl_cw_lambda_series s = metric_series[i].series;

        v[i].title = metric_series[i].title;
        v[i].id = sl_cw_lambda_series_id(s);
        v[i].duration = metric_series[i].duration;
        v[i].n = m->n;
        v[i].values = calloc(m->n ? m->n : 1, sizeof(*v[i].values));
        v[i].present = calloc(m->n ? m->n : 1, 1);
        if (!v[i].values || !v[i].present) {
            sl_fn_metrics_free(v, i + 1);
            return SL_ENOMEM;
        }
        if (m->n) {
            memcpy(v[i].values, m->values[s], m->n * sizeof(*v[i].values));
            /* a count CloudWatch did not send is 0; a duration is not there at all */
            if (v[i].duration)
                memcpy(v[i].present, m->present[s], m->n);
            else
                memset(v[i].present, 1, m->n);
        }
    }
    *out = v;
    *n = METRIC_NSERIES;
    return SL_OK;
}

enum { ME_NAME, ME_SPARK, ME_MIN, ME_MAX, ME_TOTAL, ME_VALUES, ME_NCOLS };

static const struct sl_col metric_cols[ME_NCOLS] = {
    [ME_NAME] = {"metric", N_("METRIC"), 8, 0, 0, 0, 0},
    [ME_SPARK] = {"last-hour", N_("LAST HOUR"), 12, 0, 0, 0, 0},
    [ME_MIN] = {"min", N_("MIN"), 4, 0, 1, 0, 0},
    [ME_MAX] = {"max", N_("MAX"), 4, 0, 1, 0, 0},
    [ME_TOTAL] = {"total", N_("TOTAL"), 5, 0, 1, 0, 0},
    [ME_VALUES] = {"values", N_("PER 5 MINUTES"), 10, 0, 0, 0, 0},
};

static void metric_value(const struct sl_fn_metric *m, double v, char *out, size_t len)
{
    if (m->duration)
        sl_fmt_duration_ms(v, out, len);
    else
        sl_spark_count(v, out, len);
}

static void fn_metric_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_fn_metric *m = item;
    char spark[256], buf[64], values[1024];
    double lo, hi, total = 0;
    size_t i, used = 0;

    sl_row_set(out, ME_NAME, "%s", _(m->title));
    sl_spark_range(m->values, m->present, m->n, &lo, &hi);
    sl_sparkline(m->values, m->present, m->n, sl_spark_floor(lo, hi), hi, MB_CUR_MAX > 1, spark,
                 sizeof(spark));
    sl_row_set(out, ME_SPARK, "%s", spark);
    values[0] = '\0';
    for (i = 0; i < m->n && used < sizeof(values); i++) {
        int w;

        if (m->present[i]) {
            metric_value(m, m->values[i], buf, sizeof(buf));
            total += m->values[i];
        } else {
            snprintf(buf, sizeof(buf), "-");
        }
        w = snprintf(values + used, sizeof(values) - used, "%s%s", i ? " " : "", buf);
        used += w > 0 ? (size_t)w : 0;
    }
    if (sl_spark_range(m->values, m->present, m->n, &lo, &hi)) {
        metric_value(m, lo, buf, sizeof(buf));
        sl_row_set(out, ME_MIN, "%s", buf);
        metric_value(m, hi, buf, sizeof(buf));
        sl_row_set(out, ME_MAX, "%s", buf);
    } else {
        sl_row_set(out, ME_MIN, "-");
        sl_row_set(out, ME_MAX, "-");
    }
    if (!m->duration) {
        sl_spark_count(total, buf, sizeof(buf));
        sl_row_set(out, ME_TOTAL, "%s", buf);
    }
    sl_row_set(out, ME_VALUES, "%s", values);
    if (m->id && !strcmp(m->id, "err") && total > 0)
        out->role[ME_TOTAL] = SL_ROLE_BAD;
}

static const char *metric_key(const void *item)
{
    const struct sl_fn_metric *m = item;

    return m->id ? m->id : "";
}

static void metric_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct sl_load *ld = ud;
    struct sl_fn_metric *rows = NULL;
    size_t n = 0;

    if (!rc)
        rc = sl_fn_metric_rows(ld->priv, &rows, &n);
    if (!rc)
        sl_load_page(ld, rows, n);
    sl_load_done(ld, rc, err);
}

static void metric_cancel(struct sl_load *ld)
{
    sl_cw_op_cancel(ld->op);
}

static void metric_release(struct sl_load *ld)
{
    struct sl_cw_op *op = ld->op;

    sl_cw_op_free(&op);
    ld->op = NULL;
    sl_cw_lambda_metrics_cleanup(ld->priv);
    free(ld->priv);
    ld->priv = NULL;
}

static enum sl_err metric_load(struct sl_load *ld, struct sl_client *c, const char *fn,
                               struct sl_error *err)
{
    struct sl_cw_lambda_metrics *m;
    struct sl_cw_op *op = NULL;
    long long end = ld->now_ms / (METRIC_PERIOD_S * 1000LL) * (METRIC_PERIOD_S * 1000LL);
    enum sl_err rc;

    if (!fn || !fn[0])
        return sl_error_set(err, SL_EINVAL, "%s", _("No function name was given."));
    m = calloc(1, sizeof(*m));
    if (!m)
        return SL_ENOMEM;
    /* the last twelve 5 minutes that are over (the running one would always look low) */
    rc = sl_cw_lambda_metrics_init(m, end - METRIC_WINDOW_MS, end, METRIC_PERIOD_S);
    if (!rc)
        rc = sl_cw_lambda_metrics_start(c, fn, m, NULL, metric_done, ld, &op);
    if (rc) {
        sl_cw_lambda_metrics_cleanup(m);
        free(m);
        return sl_error_set(err, rc, "%s", _("The function's metrics could not be read."));
    }
    ld->op = op;
    ld->priv = m;
    return SL_OK;
}

const struct sl_list_ops sl_function_metrics_ops = {
    .id = "function-metrics",
    .title = N_("metrics"),
    .cols = metric_cols,
    .ncols = ME_NCOLS,
    .sort_col = -1,
    .empty = N_("CloudWatch sent no metrics."),
    .detail = "values",
    .item_size = sizeof(struct sl_fn_metric),
    .free_items = sl_fn_metrics_free,
    .row = fn_metric_row,
    .key = metric_key,
    .load = metric_load,
    .cancel = metric_cancel,
    .release = metric_release,
    .scopes = SL_FUNCTION_SCOPES,
    .act = sl_function_act,
};
