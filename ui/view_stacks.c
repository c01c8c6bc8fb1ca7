/* Stacks: every live CloudFormation stack (ListStacks), its status coloured by class, when
 * it last changed and its drift. Enter opens the stack. */
#include <stdlib.h>
#include <string.h>

#include "cloudformation.h"
#include "format.h"
#include "i18n.h"
#include "list_view.h"
#include "theme.h"
#include "views.h"

enum { COL_NAME, COL_STATUS, COL_UPDATED, COL_DRIFT, NCOLS };

static const struct sl_col stacks_cols[NCOLS] = {
    [COL_NAME] = {"name", N_("NAME"), 16, 0, 0, 'N', 0},
    [COL_STATUS] = {"status", N_("STATUS"), 12, 0, 0, 'S', 0},
    [COL_UPDATED] = {"updated", N_("UPDATED"), 8, 0, 0, 'U', 1},
    [COL_DRIFT] = {"drift", N_("DRIFT"), 5, 0, 0, 'D', 0},
};

unsigned char sl_view_status_role(const char *status)
{
    switch (sl_cfn_status_class(status)) {
    case SL_CFN_COMPLETE:
        return SL_ROLE_GOOD;
    case SL_CFN_IN_PROGRESS:
        return SL_ROLE_WARN;
    case SL_CFN_FAILED:
    case SL_CFN_ROLLBACK:
        return SL_ROLE_BAD;
    case SL_CFN_DELETED:
        return SL_ROLE_DIM;
    default:
        return SL_ROLE_NORMAL;
    }
}

static void stacks_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_cfn_stack *s = item;
    long long changed = s->updated_ms > 0 ? s->updated_ms : s->created_ms;
    char when[SL_FMT_SHORT];

    sl_fmt_relative(changed, ctx->now_ms, when, sizeof(when));
    sl_row_set(out, COL_NAME, "%s", s->name);
    sl_row_set(out, COL_STATUS, "%s", s->status);
    sl_row_set(out, COL_UPDATED, "%s", when);
    sl_row_set(out, COL_DRIFT, "%s", s->drift_status);
    out->num[COL_UPDATED] = changed;
    out->role[COL_STATUS] = sl_view_status_role(s->status);
    if (s->drift_status && !strcmp(s->drift_status, "DRIFTED"))
        out->role[COL_DRIFT] = SL_ROLE_WARN;
}

static const char *stacks_key(const void *item)
{
    return ((const struct sl_cfn_stack *)item)->name;
}

static void stacks_free(void *items, size_t n)
{
    struct sl_cfn_stack *p = items;

    sl_cfn_stacks_free(&p, n);
}

void sl_view_cfn_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    sl_load_done(ud, rc, err);
}

void sl_view_cfn_cancel(struct sl_load *ld)
{
    sl_cfn_op_cancel(ld->op);
}

void sl_view_cfn_release(struct sl_load *ld)
{
    struct sl_cfn_op *op = ld->op;

    sl_cfn_op_free(&op);
    ld->op = NULL;
}

static void stacks_page(void *ud, struct sl_cfn_stack *items, size_t n)
{
    sl_load_page(ud, items, n);
}

static enum sl_err stacks_load(struct sl_load *ld, struct sl_client *c, const char *arg,
                               struct sl_error *err)
{
    struct sl_cfn_op *op = NULL;
    enum sl_err rc;

    rc = sl_cfn_list_stacks_start(c, NULL, stacks_page, sl_view_cfn_done, ld, &op);
    ld->op = op;
    if (rc)
        sl_error_set(err, rc, "%s", _("The stacks could not be listed."));
    return rc;
}

static struct sl_view *stacks_open(const void *item, const char *arg, const char **why)
{
    return sl_view_stack_new(((const struct sl_cfn_stack *)item)->name);
}

/* `l`: the logs of every function of the stack on that row. */
static struct sl_view *stacks_act(enum sl_req req, const void *item, const char *arg,
                                  const char **why)
{
    const struct sl_cfn_stack *st = item;

    return req == SL_REQ_LOGS && st && st->name ? sl_view_logs_target_new(st->name, 0, 0) : NULL;
}

const struct sl_list_ops sl_stacks_ops = {
    .id = "stacks",
    .title = N_("stacks"),
    .cols = stacks_cols,
    .ncols = NCOLS,
    .sort_col = COL_NAME,
    .empty = N_("There are no stacks in this region."),
    .item_size = sizeof(struct sl_cfn_stack),
    .free_items = stacks_free,
    .row = stacks_row,
    .key = stacks_key,
    .load = stacks_load,
    .cancel = sl_view_cfn_cancel,
    .release = sl_view_cfn_release,
    .open = stacks_open,
    .scopes = SL_SCOPE_LOGGED,
    .act = stacks_act,
};

struct sl_view *sl_view_stacks_new(void)
{
    const struct sl_list_ops *tabs[] = {&sl_stacks_ops};

    return sl_list_view_new(NULL, tabs, 1, NULL);
}
