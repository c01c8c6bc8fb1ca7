/* An alarm's history (DescribeAlarmHistory), newest first: when, what kind of item (a state
 * change, an action, a configuration change), its summary, and a detail taken from the item's
 * data (the new state's reason, the action's target) shown in full under the list for the
 * selected row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "cloudwatch.h"
#include "i18n.h"
#include "json.h"
#include "list_view.h"
#include "theme.h"
#include "views.h"

enum { COL_TIME, COL_TYPE, COL_SUMMARY, COL_DETAIL, NCOLS };

static const struct sl_col hist_cols[NCOLS] = {
    [COL_TIME] = {"time", N_("TIME"), 19, 19, 0, 'T', 1},
    [COL_TYPE] = {"type", N_("TYPE"), 6, 0, 0, 'Y', 0},
    [COL_SUMMARY] = {"summary", N_("SUMMARY"), 16, 0, 0, 0, 0},
    [COL_DETAIL] = {"detail", N_("DETAIL"), 6, 0, 0, 0, 0},
};

void sl_alarm_history_detail(const struct sl_cw_history_item *h, char *out, size_t len)
{
    struct sl_json *j = h->data && h->data[0] ? sl_json_parse(h->data, strlen(h->data)) : NULL;
    const char *a = NULL, *b = NULL;

    out[0] = '\0';
    if (j && h->item_type && !strcmp(h->item_type, "StateUpdate")) {
        a = sl_json_get_string(j, "newState.stateValue");
        b = sl_json_get_string(j, "newState.stateReason");
    } else if (j && h->item_type && !strcmp(h->item_type, "Action")) {
        a = sl_json_get_string(j, "actionState");
        b = sl_json_get_string(j, "notificationResource");
    } else if (j) {
        a = sl_json_get_string(j, "type");
    }
    if (a && b)
        snprintf(out, len, "%s: %s", a, b);
    else if (a || b)
        snprintf(out, len, "%s", a ? a : b);
    sl_json_free(&j);
}

static void hist_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_cw_history_item *h = item;
    char buf[2048];

    sl_cell_time(h->timestamp_ms, buf, sizeof(buf));
    sl_row_set(out, COL_TIME, "%s", buf);
    sl_row_set(out, COL_TYPE, "%s", h->item_type ? h->item_type : "");
    sl_row_set(out, COL_SUMMARY, "%s", h->summary ? h->summary : "");
    sl_alarm_history_detail(h, buf, sizeof(buf));
    sl_row_set(out, COL_DETAIL, "%s", buf);
    out->num[COL_TIME] = h->timestamp_ms;
    /* a move into ALARM stands out */
    if (h->summary && strstr(h->summary, " to ALARM"))
        out->role[COL_SUMMARY] = SL_ROLE_BAD;
}

/* Items have no name of their own: their data (which holds their time) tells them apart. */
static const char *hist_key(const void *item)
{
    const struct sl_cw_history_item *h = item;

    if (h->data && h->data[0])
        return h->data;
    return h->summary ? h->summary : "";
}

static void hist_free(void *items, size_t n)
{
    struct sl_cw_history_item *p = items;

    sl_cw_history_free(&p, n);
}

static void hist_page(void *ud, struct sl_cw_history_item *items, size_t n)
{
    sl_load_page(ud, items, n);
}

static void hist_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    sl_load_done(ud, rc, err);
}

static void hist_cancel(struct sl_load *ld)
{
    sl_cw_op_cancel(ld->op);
}

static void hist_release(struct sl_load *ld)
{
    struct sl_cw_op *op = ld->op;

    sl_cw_op_free(&op);
    ld->op = NULL;
}

static enum sl_err hist_load(struct sl_load *ld, struct sl_client *c, const char *alarm,
                             struct sl_error *err)
{
    struct sl_cw_history_opts o;
    struct sl_cw_op *op = NULL;
    enum sl_err rc;

    if (!alarm || !alarm[0])
        return sl_error_set(err, SL_EINVAL, "%s", _("No alarm name was given."));
    memset(&o, 0, sizeof(o));
    o.alarm_name = alarm;
    rc = sl_cw_alarm_history_start(c, &o, hist_page, hist_done, ld, &op);
    ld->op = op;
    if (rc)
        sl_error_set(err, rc, "%s", _("The alarm's history could not be read."));
    return rc;
}

const struct sl_list_ops sl_alarm_history_ops = {
    .id = "alarm-history",
    .title = N_("history"),
    .cols = hist_cols,
    .ncols = NCOLS,
    .sort_col = COL_TIME,
    .sort_desc = 1,
    .empty = N_("This alarm has no history."),
    .detail = "detail",
    .item_size = sizeof(struct sl_cw_history_item),
    .free_items = hist_free,
    .row = hist_row,
    .key = hist_key,
    .load = hist_load,
    .cancel = hist_cancel,
    .release = hist_release,
};

struct sl_view *sl_view_alarm_history_new(const char *alarm)
{
    const struct sl_list_ops *tabs[] = {&sl_alarm_history_ops};

    return sl_list_view_new(alarm, tabs, 1, alarm);
}
