/* slctl alarms [--state ALARM|OK|INSUFFICIENT_DATA]: the CloudWatch alarms (metric and
 * composite) of the region, firing ones first. Table: state, name, metric ("AWS/Lambda/Errors"
 * or "composite"), the Lambda function it watches, reason, since when (relative); text: the
 * same as tab-separated lines with ISO times; json: {"MetricAlarms": [...], "CompositeAlarms":
 * [...]} in AWS's order, like the AWS CLI. Table and text are sorted by state (ALARM,
 * INSUFFICIENT_DATA, OK) then name, so every page is read before anything is printed. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_json.h"
#include "cli.h"
#include "client.h"
#include "clock.h"
#include "cloudwatch.h"
#include "format.h"
#include "i18n.h"
#include "json.h"
#include "output.h"

#define NCOLS 6

static const char *const alarms_heads[NCOLS] = {N_("STATE"),    N_("NAME"),   N_("METRIC"),
                                                N_("FUNCTION"), N_("REASON"), N_("SINCE")};

struct alarms_run {
    struct sl_cw_alarm *items;
    size_t n;
    int oom;
    int finished;
    enum sl_err rc;
    struct sl_error err;
};

static void on_page(void *ud, struct sl_cw_alarm *items, size_t n)
{
    struct alarms_run *r = ud;
    struct sl_cw_alarm *p;

    if (!n)
        return;
    if (r->oom) {
        sl_cw_alarms_free(&items, n);
        return;
    }
    p = realloc(r->items, (r->n + n) * sizeof(*p));
    if (!p) {
        r->oom = 1;
        sl_cw_alarms_free(&items, n);
        return;
    }
    /* The items move into our array; only the page's own array is freed. */
    memcpy(p + r->n, items, n * sizeof(*p));
    r->items = p;
    r->n += n;
    free(items);
}

static void on_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct alarms_run *r = ud;

    r->finished = 1;
    r->rc = rc;
    if (err)
        r->err = *err;
}

static long long alarm_since_ms(const struct sl_cw_alarm *a)
{
    return a->state_transitioned_ms > 0 ? a->state_transitioned_ms : a->state_updated_ms;
}

static int print_json(const struct alarms_run *r)
{
    struct sl_json *top = sl_json_new_object(), *metric = sl_json_new_array(),
                   *composite = sl_json_new_array();
    size_t i;

    for (i = 0; i < r->n; i++)
        sl_json_add(r->items[i].type == SL_CW_COMPOSITE_ALARM ? composite : metric, NULL,
                    sl_awsjson_alarm(&r->items[i]));
    sl_json_add(top, "MetricAlarms", metric);
    sl_json_add(top, "CompositeAlarms", composite);
    return sl_awsjson_print(stdout, &top);
}

static int print_rows(const struct alarms_run *r, enum sl_output_format fmt)
{
    struct sl_column cols[NCOLS];
    struct sl_rows rows;
    long long now = sl_clock_now_ms(sl_clock_system());
    size_t i;
    int rc = 0;

    sl_fmt_columns(cols, alarms_heads, NCOLS);
    sl_rows_init(&rows, cols, NCOLS);
    for (i = 0; i < r->n && !rc; i++) {
        const struct sl_cw_alarm *a = &r->items[i];
        char metric[512], since[SL_FMT_SHORT];
        const char *v[NCOLS];

        sl_fmt_alarm_metric(a, metric, sizeof(metric));
        if (fmt == SL_OUT_TABLE)
            sl_fmt_relative(alarm_since_ms(a), now, since, sizeof(since));
        else
            sl_fmt_iso(alarm_since_ms(a), since, sizeof(since));
        v[0] = a->state && *a->state ? a->state : NULL;
        v[1] = a->name;
        v[2] = *metric ? metric : NULL;
        v[3] = sl_cw_alarm_lambda_function(a);
        v[4] = a->state_reason && *a->state_reason ? a->state_reason : NULL;
        v[5] = *since ? since : NULL;
        rc = sl_rows_add(&rows, v);
    }
    if (!rc)
        sl_output_write(stdout, fmt, &rows, "Alarms", fmt == SL_OUT_TABLE ? sl_output_width() : 0);
    sl_rows_free(&rows);
    return rc;
}

int sl_cmd_alarms(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_cw_op *op = NULL;
    struct sl_cw_describe_alarms_opts opts;
    struct alarms_run r;
    enum sl_output_format fmt = g->output_set ? g->output : SL_OUT_TABLE;
    const char *state = NULL;
    char upper[32];
    size_t k;
    int i, ex = SL_EXIT_OK;

    memset(&opts, 0, sizeof(opts));
    memset(&r, 0, sizeof(r));
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--state")) {
            if (i + 1 >= argc)
                return sl_cli_usage("alarms", "%s", _("--state needs a value"));
            state = argv[++i];
        } else if (!strncmp(argv[i], "--state=", 8)) {
            state = argv[i] + 8;
        } else {
            return sl_cli_usage("alarms", _("alarms takes only --state, not \"%s\""), argv[i]);
        }
    }
    if (state) {
        /* "alarm" is taken for "ALARM". */
        for (k = 0; state[k] && k + 1 < sizeof(upper); k++)
            upper[k] = (char)toupper((unsigned char)state[k]);
        upper[k] = '\0';
        if (state[k] || sl_fmt_alarm_rank(upper) > 2)
            return sl_cli_usage(
                "alarms", _("--state must be ALARM, OK or INSUFFICIENT_DATA, not \"%s\""), state);
        state = upper;
    }
    opts.state = state;
    ex = sl_cli_client(g, &c);
    if (ex)
        goto out;
    sl_error_clear(&r.err);
    r.rc = sl_cw_describe_alarms_start(c, &opts, on_page, on_done, &r, &op);
    if (r.rc) {
        ex = sl_fmt_fail(r.rc, NULL);
        goto out;
    }
    while (!r.finished)
        sl_client_run(c, 1000, -1);
    if (r.rc || r.oom) {
        ex = sl_fmt_fail(r.rc ? r.rc : SL_ENOMEM, r.rc ? &r.err : NULL);
        goto out;
    }
    if (fmt == SL_OUT_JSON) {
        if (print_json(&r) < 0)
            ex = sl_fmt_fail(SL_ENOMEM, NULL);
        goto out;
    }
    sl_fmt_sort_alarms(r.items, r.n);
    if (fmt == SL_OUT_TABLE && !r.n) {
        if (state)
            printf(_("No alarm is in state %s in %s.\n"), state, sl_client_region(c));
        else
            printf(_("There are no alarms in %s.\n"), sl_client_region(c));
    } else if (print_rows(&r, fmt) < 0) {
        ex = sl_fmt_fail(SL_ENOMEM, NULL);
    }
out:
    sl_cw_op_free(&op);
    sl_cw_alarms_free(&r.items, r.n);
    sl_client_free(&c);
    return ex;
}
