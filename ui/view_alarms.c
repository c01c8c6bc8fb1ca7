/* Alarms: every CloudWatch alarm (DescribeAlarms), state first (ALARM red, INSUFFICIENT_DATA
 * yellow, OK green), then name, metric, reason and since when. */
#include <stdlib.h>
#include <string.h>

#include "cloudwatch.h"
#include "format.h"
#include "i18n.h"
#include "list_view.h"
#include "theme.h"
#include "view_logs.h"
#include "views.h"

enum { COL_STATE, COL_NAME, COL_METRIC, COL_REASON, COL_SINCE, NCOLS };

static const struct sl_col alarm_cols[NCOLS] = {
    [COL_STATE] = {"state", N_("STATE"), 5, 0, 0, 'S', 1},
    [COL_NAME] = {"name", N_("NAME"), 16, 0, 0, 'N', 0},
    [COL_METRIC] = {"metric", N_("METRIC"), 10, 0, 0, 'M', 0},
    [COL_REASON] = {"reason", N_("REASON"), 16, 0, 0, 0, 0},
    [COL_SINCE] = {"since", N_("SINCE"), 8, 0, 0, 'T', 1},
};

static unsigned char alarm_role(const char *state)
{
    switch (sl_fmt_alarm_rank(state)) {
    case 0:
        return SL_ROLE_BAD;
    case 1:
        return SL_ROLE_WARN;
    case 2:
        return SL_ROLE_GOOD;
    default:
        return SL_ROLE_NORMAL;
    }
}

static void alarm_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_cw_alarm *a = item;
    long long since = a->state_transitioned_ms > 0 ? a->state_transitioned_ms : a->state_updated_ms;
    char metric[512], when[SL_FMT_SHORT];

    sl_fmt_alarm_metric(a, metric, sizeof(metric));
    sl_fmt_relative(since, ctx->now_ms, when, sizeof(when));
    sl_row_set(out, COL_STATE, "%s", a->state);
    sl_row_set(out, COL_NAME, "%s", a->name);
    sl_row_set(out, COL_METRIC, "%s", metric);
    sl_row_set(out, COL_REASON, "%s", a->state_reason);
    sl_row_set(out, COL_SINCE, "%s", when);
    out->num[COL_STATE] = sl_fmt_alarm_rank(a->state);
    out->num[COL_SINCE] = since;
    out->role[COL_STATE] = alarm_role(a->state);
}

static const char *alarm_key(const void *item)
{
    return ((const struct sl_cw_alarm *)item)->name;
}

static void alarm_free(void *items, size_t n)
{
    struct sl_cw_alarm *p = items;

    sl_cw_alarms_free(&p, n);
}

static void alarm_page(void *ud, struct sl_cw_alarm *items, size_t n)
{
    sl_load_page(ud, items, n);
}

static void alarm_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    sl_load_done(ud, rc, err);
}

static void alarm_cancel(struct sl_load *ld)
{
    sl_cw_op_cancel(ld->op);
}

static void alarm_release(struct sl_load *ld)
{
    struct sl_cw_op *op = ld->op;

    sl_cw_op_free(&op);
    ld->op = NULL;
}

static enum sl_err alarm_load(struct sl_load *ld, struct sl_client *c, const char *arg,
                              struct sl_error *err)
{
    struct sl_cw_op *op = NULL;
    enum sl_err rc = sl_cw_describe_alarms_start(c, NULL, alarm_page, alarm_done, ld, &op);

    ld->op = op;
    if (rc)
        sl_error_set(err, rc, "%s", _("The alarms could not be listed."));
    return rc;
}

/* `l` on an alarm on a Lambda metric: that function's logs around the time it fired. */
static struct sl_view *alarm_act(enum sl_req req, const void *item, const char *arg,
                                 const char **why)
{
    const struct sl_cw_alarm *a = item;
    const char *function = a ? sl_cw_alarm_lambda_function(a) : NULL;
    struct sl_view *v;
    long long start, end;

    if (req != SL_REQ_LOGS || !a)
        return NULL;
    if (!function) {
        *why = _("This alarm watches no Lambda function, so it has no logs to open.");
        return NULL;
    }
    if (!sl_logs_alarm_window(a, &start, &end))
        return sl_view_logs_target_new(function, 0, 0);
    v = sl_view_logs_target_new(function, start, end);
    sl_view_logs_focus(v, sl_logs_alarm_focus(a));
    return v;
}

/* Enter: the alarm's history. */
static struct sl_view *alarm_open(const void *item, const char *arg, const char **why)
{
    const struct sl_cw_alarm *a = item;

    return a->name && a->name[0] ? sl_view_alarm_history_new(a->name) : NULL;
}

const struct sl_list_ops sl_alarms_ops = {
    .id = "alarms",
    .title = N_("alarms"),
    .cols = alarm_cols,
    .ncols = NCOLS,
    .sort_col = COL_STATE, /* ALARM first; ties by name */
    .empty = N_("There are no alarms in this region."),
    .detail = "reason",
    .item_size = sizeof(struct sl_cw_alarm),
    .free_items = alarm_free,
    .row = alarm_row,
    .key = alarm_key,
    .load = alarm_load,
    .cancel = alarm_cancel,
    .release = alarm_release,
    .open = alarm_open,
    .scopes = SL_SCOPE_LOGGED,
    .act = alarm_act,
};

struct sl_view *sl_view_alarms_new(void)
{
    const struct sl_list_ops *tabs[] = {&sl_alarms_ops};

    return sl_list_view_new(NULL, tabs, 1, NULL);
}
