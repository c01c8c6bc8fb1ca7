/* One stack: tabs for its resources (Enter on a Lambda function opens it), outputs,
 * parameters and events (newest first, failures highlighted, the reason in full under the
 * list). */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "cloudformation.h"
#include "format.h"
#include "i18n.h"
#include "list_view.h"
#include "theme.h"
#include "views.h"

/* ---- resources ----------------------------------------------------------------------------- */

enum { RES_LOGICAL, RES_TYPE, RES_STATUS, RES_PHYSICAL, RES_UPDATED, RES_NCOLS };

static const struct sl_col res_cols[RES_NCOLS] = {
    [RES_LOGICAL] = {"logical-id", N_("LOGICAL ID"), 12, 0, 0, 'L', 0},
    [RES_TYPE] = {"type", N_("TYPE"), 10, 0, 0, 'T', 0},
    [RES_STATUS] = {"status", N_("STATUS"), 12, 0, 0, 'S', 0},
    [RES_PHYSICAL] = {"physical-id", N_("PHYSICAL ID"), 12, 0, 0, 0, 0},
    [RES_UPDATED] = {"updated", N_("UPDATED"), 8, 0, 0, 'U', 1},
};

static void res_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_cfn_resource *r = item;
    char when[SL_FMT_SHORT];

    sl_fmt_relative(r->updated_ms, ctx->now_ms, when, sizeof(when));
    sl_row_set(out, RES_LOGICAL, "%s", r->logical_id);
    sl_row_set(out, RES_TYPE, "%s", r->type);
    sl_row_set(out, RES_STATUS, "%s", r->status);
    sl_row_set(out, RES_PHYSICAL, "%s", r->physical_id);
    sl_row_set(out, RES_UPDATED, "%s", when);
    out->num[RES_UPDATED] = r->updated_ms;
    out->role[RES_STATUS] = sl_view_status_role(r->status);
}

static const char *res_key(const void *item)
{
    return ((const struct sl_cfn_resource *)item)->logical_id;
}

static void res_free(void *items, size_t n)
{
    struct sl_cfn_resource *p = items;

    sl_cfn_resources_free(&p, n);
}

static void res_page(void *ud, struct sl_cfn_resource *items, size_t n)
{
    sl_load_page(ud, items, n);
}

static enum sl_err res_load(struct sl_load *ld, struct sl_client *c, const char *stack,
                            struct sl_error *err)
{
    struct sl_cfn_op *op = NULL;
    enum sl_err rc = sl_cfn_list_resources_start(c, stack, res_page, sl_view_cfn_done, ld, &op);

    ld->op = op;
    if (rc)
        sl_error_set(err, rc, "%s", _("The stack's resources could not be listed."));
    return rc;
}

/* `l` on any tab: the logs of every function of the stack, interleaved. */
static struct sl_view *stack_act(enum sl_req req, const void *item, const char *stack,
                                 const char **why)
{
    return req == SL_REQ_LOGS ? sl_view_logs_target_new(stack, 0, 0) : NULL;
}

static struct sl_view *res_open(const void *item, const char *stack, const char **why)
{
    const struct sl_cfn_resource *r = item;

    if (r->type && !strcmp(r->type, "AWS::Lambda::Function") && r->physical_id && r->physical_id[0])
        return sl_view_function_new(r->physical_id);
    *why = _("Only Lambda functions open from here.");
    return NULL;
}

const struct sl_list_ops sl_stack_resources_ops = {
    .id = "stack-resources",
    .title = N_("resources"),
    .cols = res_cols,
    .ncols = RES_NCOLS,
    .sort_col = -1,
    .empty = N_("This stack has no resources."),
    .detail = "physical-id",
    .item_size = sizeof(struct sl_cfn_resource),
    .free_items = res_free,
    .row = res_row,
    .key = res_key,
    .load = res_load,
    .cancel = sl_view_cfn_cancel,
    .release = sl_view_cfn_release,
    .open = res_open,
    .scopes = SL_SCOPE_LOGGED,
    .act = stack_act,
};

/* ---- outputs and parameters (from DescribeStacks) ------------------------------------------ */

enum { OUT_KEY, OUT_VALUE, OUT_DESC, OUT_EXPORT, OUT_NCOLS };

static const struct sl_col out_cols[OUT_NCOLS] = {
    [OUT_KEY] = {"key", N_("KEY"), 10, 0, 0, 'K', 0},
    [OUT_VALUE] = {"value", N_("VALUE"), 16, 0, 0, 'V', 0},
    [OUT_DESC] = {"description", N_("DESCRIPTION"), 11, 0, 0, 0, 0},
    [OUT_EXPORT] = {"export", N_("EXPORT"), 6, 0, 0, 0, 0},
};

static void out_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_cfn_output *o = item;

    sl_row_set(out, OUT_KEY, "%s", o->key);
    sl_row_set(out, OUT_VALUE, "%s", o->value);
    sl_row_set(out, OUT_DESC, "%s", o->description);
    sl_row_set(out, OUT_EXPORT, "%s", o->export_name);
}

static const char *out_key(const void *item)
{
    return ((const struct sl_cfn_output *)item)->key;
}

static void out_free(void *items, size_t n)
{
    struct sl_cfn_output *v = items;
    size_t i;

    for (i = 0; v && i < n; i++) {
        free(v[i].key);
        free(v[i].value);
        free(v[i].description);
        free(v[i].export_name);
    }
    free(v);
}

enum { PAR_KEY, PAR_VALUE, PAR_NCOLS };

static const struct sl_col par_cols[PAR_NCOLS] = {
    [PAR_KEY] = {"key", N_("KEY"), 10, 0, 0, 'K', 0},
    [PAR_VALUE] = {"value", N_("VALUE"), 16, 0, 0, 'V', 0},
};

static void par_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_cfn_param *p = item;

    sl_row_set(out, PAR_KEY, "%s", p->key);
    if (p->resolved_value && p->resolved_value[0])
        sl_row_set(out, PAR_VALUE, "%s (%s)", p->value, p->resolved_value);
    else
        sl_row_set(out, PAR_VALUE, "%s", p->value);
}

static const char *par_key(const void *item)
{
    return ((const struct sl_cfn_param *)item)->key;
}

static void par_free(void *items, size_t n)
{
    struct sl_cfn_param *v = items;
    size_t i;

    for (i = 0; v && i < n; i++) {
        free(v[i].key);
        free(v[i].value);
        free(v[i].resolved_value);
    }
    free(v);
}

/* DescribeStacks answers with the stack; the tab takes its outputs or its parameters. */
static void describe_page(void *ud, struct sl_cfn_stack *items, size_t n)
{
    struct sl_load *ld = ud;

    if (n) {
        if (ld->ops == &sl_stack_outputs_ops) {
            sl_load_page(ld, items[0].outputs, items[0].n_outputs);
            items[0].outputs = NULL;
            items[0].n_outputs = 0;
        } else {
            sl_load_page(ld, items[0].params, items[0].n_params);
            items[0].params = NULL;
            items[0].n_params = 0;
        }
    }
    sl_cfn_stacks_free(&items, n);
}

static enum sl_err describe_load(struct sl_load *ld, struct sl_client *c, const char *stack,
                                 struct sl_error *err)
{
    struct sl_cfn_op *op = NULL;
    enum sl_err rc;

    if (!stack || !stack[0])
        return sl_error_set(err, SL_EINVAL, "%s", _("No stack name was given."));
    rc = sl_cfn_describe_stacks_start(c, stack, describe_page, sl_view_cfn_done, ld, &op);
    ld->op = op;
    if (rc)
        sl_error_set(err, rc, "%s", _("The stack could not be described."));
    return rc;
}

const struct sl_list_ops sl_stack_outputs_ops = {
    .id = "stack-outputs",
    .title = N_("outputs"),
    .cols = out_cols,
    .ncols = OUT_NCOLS,
    .sort_col = -1,
    .empty = N_("This stack has no outputs."),
    .detail = "value",
    .item_size = sizeof(struct sl_cfn_output),
    .free_items = out_free,
    .row = out_row,
    .key = out_key,
    .load = describe_load,
    .cancel = sl_view_cfn_cancel,
    .release = sl_view_cfn_release,
    .scopes = SL_SCOPE_LOGGED,
    .act = stack_act,
};

const struct sl_list_ops sl_stack_params_ops = {
    .id = "stack-parameters",
    .title = N_("parameters"),
    .cols = par_cols,
    .ncols = PAR_NCOLS,
    .sort_col = -1,
    .empty = N_("This stack has no parameters."),
    .detail = "value",
    .item_size = sizeof(struct sl_cfn_param),
    .free_items = par_free,
    .row = par_row,
    .key = par_key,
    .load = describe_load,
    .cancel = sl_view_cfn_cancel,
    .release = sl_view_cfn_release,
    .scopes = SL_SCOPE_LOGGED,
    .act = stack_act,
};

/* ---- events -------------------------------------------------------------------------------- */

enum { EV_TIME, EV_LOGICAL, EV_STATUS, EV_REASON, EV_NCOLS };

static const struct sl_col ev_cols[EV_NCOLS] = {
    [EV_TIME] = {"time", N_("TIME"), 19, 19, 0, 'T', 1},
    [EV_LOGICAL] = {"resource", N_("RESOURCE"), 12, 32, 0, 'L', 0},
    [EV_STATUS] = {"status", N_("STATUS"), 14, 30, 0, 'S', 0},
    [EV_REASON] = {"reason", N_("REASON"), 20, 0, 0, 0, 0},
};

static void ev_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_cfn_event *e = item;
    char when[64];

    sl_cell_time(e->timestamp_ms, when, sizeof(when));
    sl_row_set(out, EV_TIME, "%s", when);
    sl_row_set(out, EV_LOGICAL, "%s", e->logical_id);
    sl_row_set(out, EV_STATUS, "%s", e->status);
    if (e->hook_status_reason && e->hook_status_reason[0] &&
        (!e->status_reason || !e->status_reason[0]))
        sl_row_set(out, EV_REASON, "%s", e->hook_status_reason);
    else
        sl_row_set(out, EV_REASON, "%s", e->status_reason);
    out->num[EV_TIME] = e->timestamp_ms;
    out->role[EV_STATUS] = sl_view_status_role(e->status);
    if (sl_cfn_event_is_failure(e))
        out->row_role = SL_ROLE_BAD;
}

static const char *ev_key(const void *item)
{
    return ((const struct sl_cfn_event *)item)->event_id;
}

static void ev_free(void *items, size_t n)
{
    struct sl_cfn_event *p = items;

    sl_cfn_events_free(&p, n);
}

static void ev_page(void *ud, struct sl_cfn_event *items, size_t n)
{
    sl_load_page(ud, items, n);
}

static enum sl_err ev_load(struct sl_load *ld, struct sl_client *c, const char *stack,
                           struct sl_error *err)
{
    struct sl_cfn_events_opts o;
    struct sl_cfn_op *op = NULL;
    enum sl_err rc;

    memset(&o, 0, sizeof(o));
    o.stack_name = stack;
    rc = sl_cfn_describe_events_start(c, &o, ev_page, sl_view_cfn_done, ld, &op);
    ld->op = op;
    if (rc)
        sl_error_set(err, rc, "%s", _("The stack's events could not be listed."));
    return rc;
}

const struct sl_list_ops sl_stack_events_ops = {
    .id = "stack-events",
    .title = N_("events"),
    .cols = ev_cols,
    .ncols = EV_NCOLS,
    .sort_col = -1, /* newest first, as CloudFormation sends them */
    .empty = N_("This stack has no events."),
    .detail = "reason",
    .item_size = sizeof(struct sl_cfn_event),
    .free_items = ev_free,
    .row = ev_row,
    .key = ev_key,
    .load = ev_load,
    .cancel = sl_view_cfn_cancel,
    .release = sl_view_cfn_release,
    .scopes = SL_SCOPE_LOGGED,
    .act = stack_act,
};

struct sl_view *sl_view_stack_new(const char *stack_name)
{
    const struct sl_list_ops *tabs[] = {&sl_stack_resources_ops, &sl_stack_outputs_ops,
                                        &sl_stack_params_ops, &sl_stack_events_ops};

    return sl_list_view_new(stack_name, tabs, 4, stack_name);
}
