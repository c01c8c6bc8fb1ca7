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
#include "output.h"

#define NCOLS 5

static const char *const stacks_heads[NCOLS] = {N_("NAME"), N_("STATUS"), N_("UPDATED"),
                                                N_("DRIFT"), N_("DESCRIPTION")};

struct stacks_run {
    enum sl_output_format fmt;
    long long now_ms;
    struct sl_column cols[NCOLS];
    struct sl_rows rows;  /* table: every stack; text: the page being written */
    struct sl_json *list; /* json */
    size_t count;
    int oom;
    int finished;
    enum sl_err rc;
    struct sl_error err;
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

static int add_row(struct stacks_run *r, const struct sl_cfn_stack *s)
{
    char when[SL_FMT_SHORT];
    const char *v[NCOLS];

    if (r->fmt == SL_OUT_TABLE)
        sl_fmt_relative(stack_changed_ms(s), r->now_ms, when, sizeof(when));
    else
        sl_fmt_iso(stack_changed_ms(s), when, sizeof(when));
    v[0] = s->name;
    v[1] = nonempty(s->status);
    v[2] = nonempty(when);
    v[3] = nonempty(s->drift_status);
    v[4] = nonempty(s->description);
    return sl_rows_add(&r->rows, v);
}

static void on_page(void *ud, struct sl_cfn_stack *items, size_t n)
{
    struct stacks_run *r = ud;
    size_t i;

    for (i = 0; i < n && !r->oom; i++) {
        if (r->fmt == SL_OUT_JSON)
            sl_json_add(r->list, NULL, sl_awsjson_stack(&items[i], 0));
        else if (add_row(r, &items[i]) < 0)
            r->oom = 1;
        r->count++;
    }
    if (r->fmt == SL_OUT_TEXT && !r->oom) {
        sl_output_write(stdout, SL_OUT_TEXT, &r->rows, NULL, 0);
        fflush(stdout);
        sl_rows_free(&r->rows);
        sl_rows_init(&r->rows, r->cols, NCOLS);
    }
    sl_cfn_stacks_free(&items, n);
}

static void on_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct stacks_run *r = ud;

    r->finished = 1;
    r->rc = rc;
    if (err)
        r->err = *err;
}

int sl_cmd_stacks(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_cfn_op *op = NULL;
    struct sl_cfn_list_stacks_opts opts;
    struct stacks_run r;
    int i, ex = SL_EXIT_OK;

    memset(&opts, 0, sizeof(opts));
    memset(&r, 0, sizeof(r));
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--all"))
            opts.include_deleted = 1;
        else
            return sl_cli_usage("stacks", _("stacks takes only --all, not \"%s\""), argv[i]);
    }
    r.fmt = g->output_set ? g->output : SL_OUT_TABLE;
    r.now_ms = sl_clock_now_ms(sl_clock_system());
    sl_fmt_columns(r.cols, stacks_heads, NCOLS);
    sl_rows_init(&r.rows, r.cols, NCOLS);
    if (r.fmt == SL_OUT_JSON)
        r.list = sl_json_new_array();
    ex = sl_cli_client(g, &c);
    if (ex)
        goto out;
    sl_error_clear(&r.err);
    r.rc = sl_cfn_list_stacks_start(c, &opts, on_page, on_done, &r, &op);
    if (r.rc) {
        ex = sl_fmt_fail(r.rc, NULL);
        goto out;
    }
    while (!r.finished)
        sl_client_run(c, 1000, -1);
    if (r.rc) {
        ex = sl_fmt_fail(r.rc, &r.err);
        goto out;
    }
    if (r.oom) {
        ex = sl_fmt_fail(SL_ENOMEM, NULL);
        goto out;
    }
    if (r.fmt == SL_OUT_JSON) {
        struct sl_json *top = sl_json_new_object();

        sl_json_add(top, "StackSummaries", r.list);
        r.list = NULL;
        if (sl_awsjson_print(stdout, &top) < 0)
            ex = sl_fmt_fail(SL_ENOMEM, NULL);
    } else if (r.fmt == SL_OUT_TABLE) {
        if (r.count)
            sl_output_write(stdout, SL_OUT_TABLE, &r.rows, "StackSummaries", sl_output_width());
        else
            printf(_("There are no stacks in %s.\n"), sl_client_region(c));
    }
out:
    sl_cfn_op_free(&op);
    sl_rows_free(&r.rows);
    sl_json_free(&r.list);
    sl_client_free(&c);
    return ex;
}
