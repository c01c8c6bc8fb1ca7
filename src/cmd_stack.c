/* slctl stack NAME: one CloudFormation stack for a person on call. When the stack is in a
 * failed or rolled-back state, the failed events of its last operation (oldest first, so the
 * cause leads) come first with their full reasons; then the stack itself, parameters, outputs,
 * resources and the latest events.
 *
 * json: {"Stack": <DescribeStacks member>, "FailedEvents": [...], "StackResourceSummaries":
 * [...], "StackEvents": [...]}; text: tab-separated lines whose first field names the section
 * (STACK, FAILURE, PARAMETER, OUTPUT, TAG, RESOURCE, EVENT).
 *
 * DescribeStacks runs first (it says whether the stack exists); resources and events are then
 * read at the same time. Everything is read before anything is printed. */
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
#include "text.h"

/* The latest events shown. */
#define STACK_RECENT_EVENTS 20
/* Pages of events read at most to find where a failed operation began. */
#define STACK_FAILED_EVENT_PAGES 10

struct stack_run {
    struct sl_cfn_stack *stack;
    /* resources */
    struct sl_cfn_resource *res;
    size_t n_res;
    int res_done;
    enum sl_err res_rc;
    struct sl_error res_err;
    /* events, newest first */
    struct sl_cfn_event *ev;
    size_t n_ev;
    int ev_done;
    struct sl_cfn_op *ev_op;
    int ev_stopped; /* we cancelled it: enough was read */
    int failing;    /* the stack is failed or rolled back */
    int want_start; /* read until the start of the last operation */
    enum sl_err ev_rc;
    struct sl_error ev_err;
    int oom;
    /* the failed events of the last operation, oldest first (pointers into ev) */
    const struct sl_cfn_event **failed;
    size_t n_failed;
};

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* Appends the n items (of sz bytes) of a page to the array all of n_all; frees the page array. */
static int append_items(void **all, size_t *n_all, void *page, size_t n, size_t sz)
{
    char *p;

    if (!n) {
        free(page);
        return 0;
    }
    p = realloc(*all, (*n_all + n) * sz);
    if (!p)
        return -1;
    memcpy(p + *n_all * sz, page, n * sz);
    *all = p;
    *n_all += n;
    free(page);
    return 0;
}

static void on_resources(void *ud, struct sl_cfn_resource *items, size_t n)
{
    struct stack_run *r = ud;
    void *all = r->res;

    if (r->oom || append_items(&all, &r->n_res, items, n, sizeof(*items)) < 0) {
        r->oom = 1;
        sl_cfn_resources_free(&items, n);
        return;
    }
    r->res = all;
}

static void on_resources_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct stack_run *r = ud;

    r->res_done = 1;
    r->res_rc = rc;
    if (err)
        r->res_err = *err;
}

/* The event that began the stack's last operation: the stack itself entering CREATE_, UPDATE_,
 * DELETE_ or IMPORT_IN_PROGRESS (not a rollback or a cleanup). */
static int is_operation_start(const struct sl_cfn_stack *s, const struct sl_cfn_event *e)
{
    size_t n = e->status ? strlen(e->status) : 0;

    if (!e->type || strcmp(e->type, "AWS::CloudFormation::Stack"))
        return 0;
    if (s->stack_id && *s->stack_id && e->physical_id && *e->physical_id) {
        if (strcmp(s->stack_id, e->physical_id))
            return 0;
    } else if (!e->logical_id || strcmp(e->logical_id, s->name)) {
        return 0;
    }
    return n > 12 && !strcmp(e->status + n - 12, "_IN_PROGRESS") &&
           !strstr(e->status, "ROLLBACK") && !strstr(e->status, "CLEANUP") &&
           strcmp(e->status, "REVIEW_IN_PROGRESS");
}

static void on_events(void *ud, struct sl_cfn_event *items, size_t n)
{
    struct stack_run *r = ud;
    void *all = r->ev;
    size_t first = r->n_ev, i;

    if (r->oom || append_items(&all, &r->n_ev, items, n, sizeof(*items)) < 0) {
        r->oom = 1;
        sl_cfn_events_free(&items, n);
        return;
    }
    r->ev = all;
    if (!r->want_start)
        return;
    for (i = first; i < r->n_ev && r->want_start; i++)
        if (is_operation_start(r->stack, &r->ev[i]))
            r->want_start = 0;
    if (!r->want_start && r->ev_op) {
        /* Enough: the start of the failed operation is in. */
        r->ev_stopped = 1;
        sl_cfn_op_cancel(r->ev_op);
    }
}

static void on_events_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct stack_run *r = ud;

    r->ev_done = 1;
    r->ev_rc = rc;
    if (err)
        r->ev_err = *err;
}

/* Failures between the newest event and the start of the last operation, oldest first. */
static int collect_failures(struct stack_run *r)
{
    size_t i, end = r->n_ev, k;

    for (i = 0; i < r->n_ev; i++) {
        if (is_operation_start(r->stack, &r->ev[i])) {
            end = i + 1;
            break;
        }
    }
    if (!end)
        return 0;
    r->failed = calloc(end, sizeof(*r->failed));
    if (!r->failed)
        return -1;
    for (k = end; k-- > 0;)
        if (sl_cfn_event_is_failure(&r->ev[k]))
            r->failed[r->n_failed++] = &r->ev[k];
    return 0;
}

/* ---- table ------------------------------------------------------------------------------- */

static void heading(const char *title)
{
    printf("%s\n", title);
}

static void section_end(void)
{
    putchar('\n');
}

static void none_line(void)
{
    printf("  %s\n", _("(none)"));
}

static void table_failures(const struct stack_run *r, long long now, int width)
{
    char *status = sl_text_sanitized(r->stack->status);
    size_t i;

    printf(_("Failed events of the last operation (stack is %s)\n"), status ? status : "");
    free(status);
    if (!r->n_failed)
        printf("  %s\n", _("No failed event was found in the recent events."));
    for (i = 0; i < r->n_failed; i++) {
        const struct sl_cfn_event *e = r->failed[i];
        char when[SL_FMT_SHORT], line[1024];

        sl_fmt_relative(e->timestamp_ms, now, when, sizeof(when));
        snprintf(line, sizeof(line), "%s  %s (%s)  %s", when, e->logical_id ? e->logical_id : "",
                 e->type ? e->type : "", e->status ? e->status : "");
        sl_fmt_wrap(stdout, line, 2, width);
        sl_fmt_wrap(stdout, nonempty(e->status_reason) ? e->status_reason : _("(no reason given)"),
                    6, width);
        if (nonempty(e->hook_status_reason))
            sl_fmt_wrap(stdout, e->hook_status_reason, 6, width);
    }
    section_end();
}

static void table_summary(const struct sl_cfn_stack *s, long long now, int width)
{
    static const char *const keys[] = {
        N_("Name"),        N_("Status"),  N_("Reason"),
        N_("Description"), N_("Created"), N_("Updated"),
        N_("Drift"),       N_("Tags"),    N_("Termination protection"),
        N_("ID"),
    };
    enum { NKEYS = sizeof(keys) / sizeof(keys[0]) };
    struct sl_column cols[NKEYS];
    struct sl_rows rows;
    char created[2 * SL_FMT_SHORT + 16], updated[2 * SL_FMT_SHORT + 16], rel[SL_FMT_SHORT],
        iso[SL_FMT_SHORT];
    struct sl_buf tags;
    const char *v[NKEYS];
    size_t i;

    sl_fmt_columns(cols, keys, NKEYS);
    sl_rows_init(&rows, cols, NKEYS);
    sl_buf_init(&tags, 0);
    for (i = 0; i < s->n_tags; i++)
        sl_buf_appendf(&tags, "%s%s=%s", i ? ", " : "", s->tags[i].key, s->tags[i].value);
    sl_fmt_relative(s->created_ms, now, rel, sizeof(rel));
    sl_fmt_iso(s->created_ms, iso, sizeof(iso));
    snprintf(created, sizeof(created), "%s (%s)", rel, iso);
    updated[0] = '\0';
    if (s->deleted_ms > 0 || s->updated_ms > 0) {
        long long t = s->deleted_ms > 0 ? s->deleted_ms : s->updated_ms;

        sl_fmt_relative(t, now, rel, sizeof(rel));
        sl_fmt_iso(t, iso, sizeof(iso));
        if (s->deleted_ms > 0)
            snprintf(updated, sizeof(updated), _("%s (%s, deleted)"), rel, iso);
        else
            snprintf(updated, sizeof(updated), "%s (%s)", rel, iso);
    }
    v[0] = s->name;
    v[1] = nonempty(s->status);
    v[2] = nonempty(s->status_reason);
    v[3] = nonempty(s->description);
    v[4] = s->created_ms > 0 ? created : NULL;
    v[5] = nonempty(updated);
    v[6] = nonempty(s->drift_status);
    v[7] = nonempty(sl_buf_str(&tags));
    v[8] = s->termination_protection ? _("on") : _("off");
    v[9] = nonempty(s->stack_id);
    heading(_("Stack"));
    if (sl_rows_add(&rows, v) == 0)
        sl_output_write(stdout, SL_OUT_TABLE, &rows, NULL, 0); /* never cut: ARNs get copied */
    section_end();
    sl_rows_free(&rows);
    sl_buf_free(&tags);
}

static void table_rows(const char *title, struct sl_rows *rows, int width)
{
    heading(title);
    if (rows->nrows)
        sl_output_write(stdout, SL_OUT_TABLE, rows, "rows", width);
    else
        none_line();
    section_end();
}

static int print_table(const struct stack_run *r)
{
    static const char *const param_heads[] = {N_("KEY"), N_("VALUE")};
    static const char *const output_heads[] = {N_("KEY"), N_("VALUE"), N_("EXPORT"),
                                               N_("DESCRIPTION")};
    static const char *const res_heads[] = {N_("LOGICAL ID"),  N_("TYPE"),    N_("STATUS"),
                                            N_("PHYSICAL ID"), N_("UPDATED"), N_("REASON")};
    static const char *const ev_heads[] = {N_("TIME"), N_("RESOURCE"), N_("TYPE"), N_("STATUS"),
                                           N_("REASON")};
    const struct sl_cfn_stack *s = r->stack;
    long long now = sl_clock_now_ms(sl_clock_system());
    int width = sl_output_width(), rc = 0;
    struct sl_column cols[6];
    struct sl_rows rows;
    size_t i;

    if (r->failing)
        table_failures(r, now, width);
    table_summary(s, now, width);

    sl_fmt_columns(cols, param_heads, 2);
    sl_rows_init(&rows, cols, 2);
    for (i = 0; i < s->n_params && !rc; i++) {
        const char *v[2] = {s->params[i].key, s->params[i].value};

        if (nonempty(s->params[i].resolved_value))
            v[1] = s->params[i].resolved_value;
        rc = sl_rows_add(&rows, v);
    }
    table_rows(_("Parameters"), &rows, width);
    sl_rows_free(&rows);

    sl_fmt_columns(cols, output_heads, 4);
    sl_rows_init(&rows, cols, 4);
    for (i = 0; i < s->n_outputs && !rc; i++) {
        const char *v[4] = {s->outputs[i].key, s->outputs[i].value,
                            nonempty(s->outputs[i].export_name),
                            nonempty(s->outputs[i].description)};
        rc = sl_rows_add(&rows, v);
    }
    table_rows(_("Outputs"), &rows, width);
    sl_rows_free(&rows);

    sl_fmt_columns(cols, res_heads, 6);
    sl_rows_init(&rows, cols, 6);
    for (i = 0; i < r->n_res && !rc; i++) {
        const struct sl_cfn_resource *x = &r->res[i];
        char when[SL_FMT_SHORT];
        const char *v[6];

        sl_fmt_relative(x->updated_ms, now, when, sizeof(when));
        v[0] = x->logical_id;
        v[1] = nonempty(x->type);
        v[2] = nonempty(x->status);
        v[3] = nonempty(x->physical_id);
        v[4] = nonempty(when);
        v[5] = nonempty(x->status_reason);
        rc = sl_rows_add(&rows, v);
    }
    table_rows(_("Resources"), &rows, width);
    sl_rows_free(&rows);

    sl_fmt_columns(cols, ev_heads, 5);
    sl_rows_init(&rows, cols, 5);
    for (i = 0; i < r->n_ev && i < STACK_RECENT_EVENTS && !rc; i++) {
        const struct sl_cfn_event *e = &r->ev[i];
        char when[SL_FMT_SHORT];
        const char *v[5];

        sl_fmt_relative(e->timestamp_ms, now, when, sizeof(when));
        v[0] = nonempty(when);
        v[1] = nonempty(e->logical_id);
        v[2] = nonempty(e->type);
        v[3] = nonempty(e->status);
        v[4] = nonempty(e->status_reason);
        rc = sl_rows_add(&rows, v);
    }
    table_rows(_("Recent events"), &rows, width);
    sl_rows_free(&rows);
    return rc;
}

/* ---- text -------------------------------------------------------------------------------- */

static void text_event(const char *tag, const struct sl_cfn_event *e)
{
    char when[SL_FMT_SHORT];
    const char *v[5];

    sl_fmt_iso(e->timestamp_ms, when, sizeof(when));
    v[0] = nonempty(when);
    v[1] = nonempty(e->logical_id);
    v[2] = nonempty(e->type);
    v[3] = nonempty(e->status);
    v[4] = nonempty(e->status_reason);
    sl_fmt_text_line(stdout, tag, v, 5);
}

static void print_text(const struct stack_run *r)
{
    const struct sl_cfn_stack *s = r->stack;
    char created[SL_FMT_SHORT], updated[SL_FMT_SHORT];
    const char *v[8];
    size_t i;

    sl_fmt_iso(s->created_ms, created, sizeof(created));
    sl_fmt_iso(s->deleted_ms > 0 ? s->deleted_ms : s->updated_ms, updated, sizeof(updated));
    v[0] = s->name;
    v[1] = nonempty(s->status);
    v[2] = nonempty(s->status_reason);
    v[3] = nonempty(created);
    v[4] = nonempty(updated);
    v[5] = nonempty(s->drift_status);
    v[6] = nonempty(s->description);
    v[7] = nonempty(s->stack_id);
    sl_fmt_text_line(stdout, "STACK", v, 8);
    for (i = 0; i < r->n_failed; i++)
        text_event("FAILURE", r->failed[i]);
    for (i = 0; i < s->n_params; i++) {
        v[0] = s->params[i].key;
        v[1] = s->params[i].value;
        sl_fmt_text_line(stdout, "PARAMETER", v, 2);
    }
    for (i = 0; i < s->n_outputs; i++) {
        v[0] = s->outputs[i].key;
        v[1] = s->outputs[i].value;
        v[2] = nonempty(s->outputs[i].export_name);
        v[3] = nonempty(s->outputs[i].description);
        sl_fmt_text_line(stdout, "OUTPUT", v, 4);
    }
    for (i = 0; i < s->n_tags; i++) {
        v[0] = s->tags[i].key;
        v[1] = s->tags[i].value;
        sl_fmt_text_line(stdout, "TAG", v, 2);
    }
    for (i = 0; i < r->n_res; i++) {
        const struct sl_cfn_resource *x = &r->res[i];

        sl_fmt_iso(x->updated_ms, updated, sizeof(updated));
        v[0] = x->logical_id;
        v[1] = nonempty(x->type);
        v[2] = nonempty(x->status);
        v[3] = nonempty(x->physical_id);
        v[4] = nonempty(updated);
        v[5] = nonempty(x->status_reason);
        sl_fmt_text_line(stdout, "RESOURCE", v, 6);
    }
    for (i = 0; i < r->n_ev && i < STACK_RECENT_EVENTS; i++)
        text_event("EVENT", &r->ev[i]);
}

/* ---- json -------------------------------------------------------------------------------- */

static int print_json(const struct stack_run *r)
{
    struct sl_json *top = sl_json_new_object(), *a;
    size_t i;

    sl_json_add(top, "Stack", sl_awsjson_stack(r->stack, 1));
    a = sl_json_new_array();
    for (i = 0; i < r->n_failed; i++)
        sl_json_add(a, NULL, sl_awsjson_event(r->failed[i]));
    sl_json_add(top, "FailedEvents", a);
    a = sl_json_new_array();
    for (i = 0; i < r->n_res; i++)
        sl_json_add(a, NULL, sl_awsjson_resource(&r->res[i]));
    sl_json_add(top, "StackResourceSummaries", a);
    a = sl_json_new_array();
    for (i = 0; i < r->n_ev && i < STACK_RECENT_EVENTS; i++)
        sl_json_add(a, NULL, sl_awsjson_event(&r->ev[i]));
    sl_json_add(top, "StackEvents", a);
    return sl_awsjson_print(stdout, &top);
}

/* ---- the command ------------------------------------------------------------------------- */

static int stack_not_found(const char *name, const char *region)
{
    struct sl_error err;

    sl_error_clear(&err);
    snprintf(err.message, sizeof(err.message), _("The stack \"%s\" was not found in %s."), name,
             region);
    return sl_fmt_fail(SL_ENOTFOUND, &err);
}

int sl_cmd_stack(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_cfn_op *res_op = NULL, *ev_op = NULL;
    struct sl_cfn_stack *stacks = NULL;
    struct sl_cfn_events_opts eo;
    struct stack_run r;
    struct sl_error err;
    enum sl_output_format fmt = g->output_set ? g->output : SL_OUT_TABLE;
    const char *name, *id;
    size_t n_stacks = 0;
    enum sl_err rc;
    int ex = SL_EXIT_OK, failing;

    memset(&r, 0, sizeof(r));
    if (argc < 2)
        return sl_cli_usage("stack", "%s", _("stack needs the name of a stack"));
    if (argc > 2)
        return sl_cli_usage("stack", _("stack takes one name, not also \"%s\""), argv[2]);
    name = argv[1];
    if (!*name || name[0] == '-')
        return sl_cli_usage("stack", _("\"%s\" is not a stack name"), name);
    ex = sl_cli_client(g, &c);
    if (ex)
        return ex;
    sl_error_clear(&err);
    rc = sl_cfn_describe_stacks(c, name, &stacks, &n_stacks, &err);
    if (rc == SL_ENOTFOUND || (!rc && !n_stacks)) {
        ex = stack_not_found(name, sl_client_region(c));
        goto out;
    }
    if (rc) {
        ex = sl_fmt_fail(rc, &err);
        goto out;
    }
    r.stack = &stacks[0];
    /* The ID also reaches a deleted stack, which its name no longer does. */
    id = nonempty(r.stack->stack_id) ? r.stack->stack_id : name;
    failing = sl_cfn_status_class(r.stack->status) == SL_CFN_FAILED ||
              sl_cfn_status_class(r.stack->status) == SL_CFN_ROLLBACK;
    r.failing = r.want_start = failing;
    memset(&eo, 0, sizeof(eo));
    eo.stack_name = id;
    eo.max_pages = failing ? STACK_FAILED_EVENT_PAGES : 1;
    sl_error_clear(&r.res_err);
    sl_error_clear(&r.ev_err);
    rc = sl_cfn_list_resources_start(c, id, on_resources, on_resources_done, &r, &res_op);
    if (!rc)
        rc = sl_cfn_describe_events_start(c, &eo, on_events, on_events_done, &r, &ev_op);
    if (rc) {
        ex = sl_fmt_fail(rc, NULL);
        goto out;
    }
    r.ev_op = ev_op;
    while (!r.res_done || !r.ev_done)
        sl_client_run(c, 1000, -1);
    if (r.ev_rc == SL_ECANCELLED && r.ev_stopped)
        r.ev_rc = SL_OK;
    if (r.res_rc || r.ev_rc) {
        rc = r.res_rc ? r.res_rc : r.ev_rc;
        ex = rc == SL_ENOTFOUND ? stack_not_found(name, sl_client_region(c))
                                : sl_fmt_fail(rc, r.res_rc ? &r.res_err : &r.ev_err);
        goto out;
    }
    if (r.oom || (failing && collect_failures(&r) < 0)) {
        ex = sl_fmt_fail(SL_ENOMEM, NULL);
        goto out;
    }
    switch (fmt) {
    case SL_OUT_JSON:
        rc = print_json(&r) < 0 ? SL_ENOMEM : SL_OK;
        break;
    case SL_OUT_TEXT:
        print_text(&r);
        rc = SL_OK;
        break;
    case SL_OUT_TABLE:
        rc = print_table(&r) < 0 ? SL_ENOMEM : SL_OK;
        break;
    }
    if (rc)
        ex = sl_fmt_fail(rc, NULL);
out:
    sl_cfn_op_free(&res_op);
    sl_cfn_op_free(&ev_op);
    sl_cfn_resources_free(&r.res, r.n_res);
    sl_cfn_events_free(&r.ev, r.n_ev);
    free(r.failed);
    sl_cfn_stacks_free(&stacks, n_stacks);
    sl_client_free(&c);
    return ex;
}
