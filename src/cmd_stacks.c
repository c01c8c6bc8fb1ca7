/* slctl stacks [--all]: the CloudFormation stacks of the region. Table: name, status, last
 * change (relative), drift, description; json: {"StackSummaries": [...]} like the AWS CLI;
 * text: one tab-separated line per stack, written as the pages arrive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_json.h"
#include "cli.h"
#include "client.h"
#include "clock.h"
#include "cloudformation.h"
#include "format.h"
#include "i18n.h"
#include "json.h"
#include "list_output.h"
#include "output.h"

#define NCOLS 5

static const char *const stacks_heads[NCOLS] = {N_("NAME"), N_("STATUS"), N_("UPDATED"),
                                                N_("DRIFT"), N_("DESCRIPTION")};

struct stacks_run {
    struct sl_list_output out;
    long long now_ms;
    struct sl_column cols[NCOLS];
};

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* The last thing that happened to the stack: deleted, updated or created. */
static long long stack_changed_ms(const struct sl_cfn_stack *s)
{
    if (s->deleted_ms > 0)
        return s->deleted_ms;
    if (s->updated_ms > 0)
        return s->updated_ms;
    return s->created_ms;
}

static void add_row(struct stacks_run *r, const struct sl_cfn_stack *s)
{
    char when[SL_FMT_SHORT];
    const char *v[NCOLS];

    if (r->out.fmt == SL_OUT_TABLE)
        sl_fmt_relative(stack_changed_ms(s), r->now_ms, when, sizeof(when));
    else
        sl_fmt_iso(stack_changed_ms(s), when, sizeof(when));
    v[0] = s->name;
    v[1] = nonempty(s->status);
    v[2] = nonempty(when);
    v[3] = nonempty(s->drift_status);
    v[4] = nonempty(s->description);
    sl_list_output_row(&r->out, v);
}

static void on_page(void *ud, struct sl_cfn_stack *items, size_t n)
{
    struct stacks_run *r = ud;
    size_t i;

    for (i = 0; i < n && !r->out.oom; i++) {
        if (r->out.fmt == SL_OUT_JSON)
            sl_list_output_json(&r->out, sl_awsjson_stack(&items[i], 0));
        else
            add_row(r, &items[i]);
    }
    sl_list_output_page_end(&r->out);
    sl_cfn_stacks_free(&items, n);
}

static void on_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct stacks_run *r = ud;

    sl_list_output_done(&r->out, rc, err);
}

int sl_cmd_stacks(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_cfn_op *op = NULL;
    struct sl_cfn_list_stacks_opts opts;
    struct stacks_run r;
    char empty[256];
    int i, ex = SL_EXIT_OK;

    memset(&opts, 0, sizeof(opts));
    memset(&r, 0, sizeof(r));
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--all"))
            opts.include_deleted = 1;
        else
            return sl_cli_usage("stacks", _("stacks takes only --all, not \"%s\""), argv[i]);
    }
    r.now_ms = sl_clock_now_ms(sl_clock_system());
    sl_fmt_columns(r.cols, stacks_heads, NCOLS);
    sl_list_output_init(&r.out, g->output_set ? g->output : SL_OUT_TABLE, r.cols, NCOLS);
    ex = sl_cli_client(g, &c);
    if (ex)
        goto out;
    sl_error_clear(&r.out.err);
    r.out.rc = sl_cfn_list_stacks_start(c, &opts, on_page, on_done, &r, &op);
    if (r.out.rc) {
        ex = sl_fmt_fail(r.out.rc, NULL);
        goto out;
    }
    snprintf(empty, sizeof(empty), _("There are no stacks in %s.\n"), sl_client_region(c));
    ex = sl_list_output_finish(&r.out, c, "StackSummaries", empty);
out:
    sl_cfn_op_free(&op);
    sl_list_output_cleanup(&r.out);
    sl_client_free(&c);
    return ex;
}
