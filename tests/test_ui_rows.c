/* The console's pure parts, without a terminal: the row text of every view from api/ structs,
 * the list model (filter incl. "!" inversion and case folding, sorting, selection by key,
 * staged reloads, column layout), the key map against its help lines, the command line
 * (parsing, completion), its history file, the line editor and small frame helpers. */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cells.h"
#include "cloudformation.h"
#include "cloudwatch.h"
#include "cmdline.h"
#include "demo.h"
#include "frame.h"
#include "history.h"
#include "keymap.h"
#include "lambda.h"
#include "lineedit.h"
#include "list.h"
#include "text.h"
#include "theme.h"
#include "view.h"
#include "views.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define NOW  1714564800000LL /* 2024-05-01T12:00:00Z */
#define HOUR 3600000LL
#define DAY  (24 * HOUR)

static const struct sl_row_ctx ctx = {NOW};

static const char *cell(const struct sl_row *r, size_t c)
{
    return r->cell[c] ? r->cell[c] : "";
}

/* ---- row text of each view ---------------------------------------------------------------- */

START_TEST(test_stacks_row)
{
    struct sl_cfn_stack s;
    struct sl_row r;

    memset(&s, 0, sizeof(s));
    s.name = "users-api";
    s.status = "UPDATE_COMPLETE";
    s.drift_status = "IN_SYNC";
    s.created_ms = NOW - 40 * DAY;
    s.updated_ms = NOW - 2 * DAY;
    ck_assert_int_eq(sl_list_row_text(&sl_stacks_ops, &s, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "users-api");
    ck_assert_str_eq(cell(&r, 1), "UPDATE_COMPLETE");
    ck_assert_str_eq(cell(&r, 2), "2d ago");
    ck_assert_str_eq(cell(&r, 3), "IN_SYNC");
    ck_assert_int_eq(r.role[1], SL_ROLE_GOOD);
    ck_assert_int_eq(r.role[3], SL_ROLE_NORMAL);
    ck_assert(r.num[2] == NOW - 2 * DAY);
    ck_assert_str_eq(sl_stacks_ops.key(&s), "users-api");
    sl_row_clear(&r);

    /* never updated: the creation time; rollback red, drift yellow */
    s.name = "orders-pipeline";
    s.status = "UPDATE_ROLLBACK_COMPLETE";
    s.drift_status = "DRIFTED";
    s.updated_ms = 0;
    s.created_ms = NOW - 3 * HOUR;
    ck_assert_int_eq(sl_list_row_text(&sl_stacks_ops, &s, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 2), "3h ago");
    ck_assert_int_eq(r.role[1], SL_ROLE_BAD);
    ck_assert_int_eq(r.role[3], SL_ROLE_WARN);
    sl_row_clear(&r);

    s.status = "UPDATE_IN_PROGRESS";
    ck_assert_int_eq(sl_list_row_text(&sl_stacks_ops, &s, &ctx, &r), SL_OK);
    ck_assert_int_eq(r.role[1], SL_ROLE_WARN);
    sl_row_clear(&r);
    s.status = "CREATE_FAILED";
    ck_assert_int_eq(sl_list_row_text(&sl_stacks_ops, &s, &ctx, &r), SL_OK);
    ck_assert_int_eq(r.role[1], SL_ROLE_BAD);
    sl_row_clear(&r);
}
END_TEST

START_TEST(test_rows_are_sanitized)
{
    struct sl_cfn_stack s;
    struct sl_row r;

    memset(&s, 0, sizeof(s));
    s.name = "evil\x1b[31mred\ttab\x07";
    s.status = "CREATE_COMPLETE";
    s.drift_status = "";
    ck_assert_int_eq(sl_list_row_text(&sl_stacks_ops, &s, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "evil^[[31mred tab^G");
    ck_assert_ptr_null(strchr(cell(&r, 0), 0x1b));
    sl_row_clear(&r);
}
END_TEST

START_TEST(test_functions_row)
{
    struct sl_lambda_function f;
    char *archs[] = {"arm64"};
    struct sl_row r;

    memset(&f, 0, sizeof(f));
    f.name = "users-api-GetUserFunction-4XJ2K9LQ7ZAB";
    f.runtime = "nodejs20.x";
    f.architectures = archs;
    f.n_architectures = 1;
    f.memory_mb = 256;
    f.timeout_s = 10;
    f.last_modified_ms = NOW - 2 * DAY;
    f.code_size = 48213;
    ck_assert_int_eq(sl_list_row_text(&sl_functions_ops, &f, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "users-api-GetUserFunction-4XJ2K9LQ7ZAB");
    ck_assert_str_eq(cell(&r, 1), "nodejs20.x");
    ck_assert_str_eq(cell(&r, 2), "arm64");
    ck_assert_str_eq(cell(&r, 3), "256 MB");
    ck_assert_str_eq(cell(&r, 4), "10 s");
    ck_assert_str_eq(cell(&r, 5), "2d ago");
    ck_assert_str_eq(cell(&r, 6), "47.1 KiB");
    ck_assert(r.num[3] == 256 && r.num[4] == 10 && r.num[6] == 48213);
    sl_row_clear(&r);

    /* a container image has no runtime: its package type shows */
    f.runtime = NULL;
    f.package_type = "Image";
    ck_assert_int_eq(sl_list_row_text(&sl_functions_ops, &f, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 1), "Image");
    sl_row_clear(&r);
}
END_TEST

START_TEST(test_layers_row)
{
    struct sl_lambda_layer l;
    struct sl_lambda_layer_version v;
    char *rt[] = {"nodejs18.x", "nodejs20.x"};
    char *ar[] = {"x86_64", "arm64"};
    struct sl_row r;

    memset(&l, 0, sizeof(l));
    memset(&v, 0, sizeof(v));
    l.name = "users-deps";
    ck_assert_int_eq(sl_list_row_text(&sl_layers_ops, &l, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "users-deps");
    ck_assert_str_eq(cell(&r, 1), "");
    sl_row_clear(&r);
    v.version = 3;
    v.compatible_runtimes = rt;
    v.n_compatible_runtimes = 2;
    v.compatible_architectures = ar;
    v.n_compatible_architectures = 2;
    v.description = "pino 9.2";
    l.latest = &v;
    ck_assert_int_eq(sl_list_row_text(&sl_layers_ops, &l, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 1), "3");
    ck_assert_str_eq(cell(&r, 2), "nodejs18.x, nodejs20.x");
    ck_assert_str_eq(cell(&r, 3), "x86_64, arm64");
    ck_assert_str_eq(cell(&r, 4), "pino 9.2");
    ck_assert(r.num[1] == 3);
    sl_row_clear(&r);
}
END_TEST

START_TEST(test_alarms_row)
{
    struct sl_cw_alarm a;
    struct sl_row r;

    memset(&a, 0, sizeof(a));
    a.name = "users-api-GetUser-Errors";
    a.state = "ALARM";
    a.state_reason = "Threshold Crossed";
    a.metric_namespace = "AWS/Lambda";
    a.metric_name = "Errors";
    a.state_updated_ms = NOW - 5 * 60000;
    a.state_transitioned_ms = NOW - 25 * 60000;
    ck_assert_int_eq(sl_list_row_text(&sl_alarms_ops, &a, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "ALARM");
    ck_assert_str_eq(cell(&r, 1), "users-api-GetUser-Errors");
    ck_assert_str_eq(cell(&r, 2), "AWS/Lambda/Errors");
    ck_assert_str_eq(cell(&r, 3), "Threshold Crossed");
    ck_assert_str_eq(cell(&r, 4), "25m ago");
    ck_assert_int_eq(r.role[0], SL_ROLE_BAD);
    ck_assert(r.num[0] == 0);
    sl_row_clear(&r);
    a.state = "INSUFFICIENT_DATA";
    ck_assert_int_eq(sl_list_row_text(&sl_alarms_ops, &a, &ctx, &r), SL_OK);
    ck_assert_int_eq(r.role[0], SL_ROLE_WARN);
    ck_assert(r.num[0] == 1);
    sl_row_clear(&r);
    a.state = "OK";
    ck_assert_int_eq(sl_list_row_text(&sl_alarms_ops, &a, &ctx, &r), SL_OK);
    ck_assert_int_eq(r.role[0], SL_ROLE_GOOD);
    ck_assert(r.num[0] == 2);
    sl_row_clear(&r);
}
END_TEST

START_TEST(test_stack_tabs_rows)
{
    struct sl_cfn_event e;
    struct sl_cfn_resource res;
    struct sl_cfn_output o;
    struct sl_cfn_param p;
    struct sl_row r;
    struct sl_view *v;
    const char *why = NULL;

    setenv("TZ", "UTC", 1);
    tzset();
    memset(&e, 0, sizeof(e));
    e.event_id = "e1";
    e.logical_id = "OrdersQueue";
    e.type = "AWS::SQS::Queue";
    e.status = "UPDATE_FAILED";
    e.status_reason = "Invalid value for the parameter VisibilityTimeout.";
    e.timestamp_ms = NOW;
    ck_assert_int_eq(sl_list_row_text(&sl_stack_events_ops, &e, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "2024-05-01 12:00:00");
    ck_assert_str_eq(cell(&r, 1), "OrdersQueue");
    ck_assert_str_eq(cell(&r, 2), "UPDATE_FAILED");
    ck_assert_str_eq(cell(&r, 3), "Invalid value for the parameter VisibilityTimeout.");
    ck_assert_int_eq(r.row_role, SL_ROLE_BAD);
    sl_row_clear(&r);
    e.status = "UPDATE_COMPLETE";
    e.status_reason = "";
    ck_assert_int_eq(sl_list_row_text(&sl_stack_events_ops, &e, &ctx, &r), SL_OK);
    ck_assert_int_eq(r.row_role, 0);
    ck_assert_int_eq(r.role[2], SL_ROLE_GOOD);
    sl_row_clear(&r);

    memset(&res, 0, sizeof(res));
    res.logical_id = "GetUserFunction";
    res.physical_id = "users-api-GetUserFunction-4XJ2K9LQ7ZAB";
    res.type = "AWS::Lambda::Function";
    res.status = "CREATE_COMPLETE";
    ck_assert_int_eq(sl_list_row_text(&sl_stack_resources_ops, &res, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "GetUserFunction");
    ck_assert_str_eq(cell(&r, 1), "AWS::Lambda::Function");
    ck_assert_str_eq(cell(&r, 3), "users-api-GetUserFunction-4XJ2K9LQ7ZAB");
    sl_row_clear(&r);
    /* Enter on a function opens it; on anything else says why not */
    v = sl_stack_resources_ops.open(&res, "users-api", &why);
    ck_assert_ptr_nonnull(v);
    sl_view_free(&v);
    ck_assert_ptr_null(v);
    res.type = "AWS::DynamoDB::Table";
    v = sl_stack_resources_ops.open(&res, "users-api", &why);
    ck_assert_ptr_null(v);
    ck_assert_ptr_nonnull(why);

    memset(&o, 0, sizeof(o));
    o.key = "ApiUrl";
    o.value = "https://example/prod/";
    o.description = "Users API endpoint";
    o.export_name = "users-api-ApiUrl";
    ck_assert_int_eq(sl_list_row_text(&sl_stack_outputs_ops, &o, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "ApiUrl");
    ck_assert_str_eq(cell(&r, 3), "users-api-ApiUrl");
    sl_row_clear(&r);

    memset(&p, 0, sizeof(p));
    p.key = "Stage";
    p.value = "/app/stage";
    p.resolved_value = "prod";
    ck_assert_int_eq(sl_list_row_text(&sl_stack_params_ops, &p, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 1), "/app/stage (prod)");
    sl_row_clear(&r);
}
END_TEST

START_TEST(test_function_detail_rows)
{
    struct sl_lambda_function f;
    struct sl_lambda_env_var env[] = {{"TABLE_NAME", NULL}, {"LOG_LEVEL", NULL}};
    struct sl_lambda_layer_ref lref = {"arn:aws:lambda:us-east-1:123456789012:layer:users-deps:3",
                                       387};
    struct sl_kv *kv = NULL;
    struct sl_row r;
    size_t n = 0, i;
    int saw_env = 0, saw_memory = 0;

    memset(&f, 0, sizeof(f));
    f.name = "fn";
    f.runtime = "python3.12";
    f.memory_mb = 128;
    f.timeout_s = 30;
    f.code_size = 8391;
    f.reserved_concurrency = -1;
    f.env = env;
    f.n_env = 2;
    ck_assert_int_eq(sl_function_config_rows(&f, NOW, &kv, &n), SL_OK);
    ck_assert_uint_gt(n, 3);
    ck_assert_str_eq(kv[0].key, "Name");
    ck_assert_str_eq(kv[0].value, "fn");
    for (i = 0; i < n; i++) {
        if (!strcmp(kv[i].key, "Environment")) {
            ck_assert_str_eq(kv[i].value, "TABLE_NAME, LOG_LEVEL");
            saw_env = 1;
        }
        if (!strcmp(kv[i].key, "Memory")) {
            ck_assert_str_eq(kv[i].value, "128 MB");
            saw_memory = 1;
        }
        ck_assert_str_ne(kv[i].key, "Reserved concurrency");
    }
    ck_assert(saw_env && saw_memory);
    ck_assert_int_eq(sl_list_row_text(&sl_function_config_ops, &kv[0], &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "Name");
    ck_assert_str_eq(cell(&r, 1), "fn");
    sl_row_clear(&r);
    sl_kv_free_items(kv, n);

    ck_assert_int_eq(sl_list_row_text(&sl_function_layers_ops, &lref, &ctx, &r), SL_OK);
    ck_assert_str_eq(cell(&r, 0), "users-deps");
    ck_assert_str_eq(cell(&r, 1), "3");
    ck_assert_str_eq(cell(&r, 2), "387 B");
    sl_row_clear(&r);
}
END_TEST

START_TEST(test_layer_name)
{
    char name[64];
    long long v;

    sl_cell_layer_name("arn:aws:lambda:us-east-1:1:layer:users-deps:3", name, sizeof(name), &v);
    ck_assert_str_eq(name, "users-deps");
    ck_assert(v == 3);
    sl_cell_layer_name("arn:aws:lambda:us-east-1:1:layer:users-deps", name, sizeof(name), &v);
    ck_assert_str_eq(name, "users-deps");
    ck_assert(v == -1);
    sl_cell_layer_name("plain", name, sizeof(name), &v);
    ck_assert_str_eq(name, "plain");
}
END_TEST

/* ---- the list model, over a small test item ------------------------------------------------ */

struct item {
    char *name;
    char *status;
    long long size;
};

static void item_row(const void *p, const struct sl_row_ctx *c, struct sl_row *out)
{
    const struct item *it = p;

    sl_row_set(out, 0, "%s", it->name);
    sl_row_set(out, 1, "%s", it->status);
    sl_row_set(out, 2, "%lld", it->size);
    out->num[2] = it->size;
}

static const char *item_key(const void *p)
{
    return ((const struct item *)p)->name;
}

static int items_freed;

static void items_free(void *p, size_t n)
{
    struct item *v = p;
    size_t i;

    for (i = 0; v && i < n; i++) {
        free(v[i].name);
        free(v[i].status);
    }
    free(v);
    items_freed += (int)n;
}

static const struct sl_col item_cols[] = {
    {"name", "NAME", 4, 0, 0, 'N', 0},
    {"status", "STATUS", 6, 12, 0, 'S', 0},
    {"size", "SIZE", 4, 0, 1, 'Z', 1},
};

static const struct sl_list_ops item_ops = {
    .id = "items",
    .title = "items",
    .cols = item_cols,
    .ncols = 3,
    .sort_col = -1,
    .empty = "none",
    .item_size = sizeof(struct item),
    .free_items = items_free,
    .row = item_row,
    .key = item_key,
};

/* A page of n items from "name:status:size" strings. */
static struct item *page(size_t n, const char *const *specs)
{
    struct item *v = calloc(n, sizeof(*v));
    size_t i;

    for (i = 0; i < n; i++) {
        char buf[256], *a, *b;

        snprintf(buf, sizeof(buf), "%s", specs[i]);
        a = strchr(buf, ':');
        *a++ = '\0';
        b = strchr(a, ':');
        *b++ = '\0';
        v[i].name = strdup(buf);
        v[i].status = strdup(a);
        v[i].size = strtoll(b, NULL, 10);
    }
    return v;
}

static const char *vis_name(const struct sl_list *l, size_t i)
{
    return l->rows[l->vis[i]].key;
}

static const char *const demo_specs[] = {
    "users-api-GetUserFunction:Active:48213",    "users-api-CreateUserFunction:Active:51377",
    "orders-ProcessOrder:Failed:8391",           "Äpfel-Übersicht:Active:100",
    "users-api-ListUsersFunction:Pending:47102",
};

START_TEST(test_list_filter)
{
    struct sl_list l;

    sl_list_init(&l, &item_ops, NOW);
    ck_assert_int_eq(sl_list_add(&l, page(3, demo_specs), 3), SL_OK);
    ck_assert_int_eq(sl_list_add(&l, page(2, demo_specs + 3), 2), SL_OK);
    ck_assert_uint_eq(l.nrows, 5);
    ck_assert_uint_eq(l.nvis, 5);
    ck_assert_str_eq(vis_name(&l, 3), "Äpfel-Übersicht"); /* arrival order */

    sl_list_set_filter(&l, "getuser"); /* case-insensitive substring */
    ck_assert_uint_eq(l.nvis, 1);
    ck_assert_str_eq(vis_name(&l, 0), "users-api-GetUserFunction");
    sl_list_set_filter(&l, "GETUSER");
    ck_assert_uint_eq(l.nvis, 1);
    sl_list_set_filter(&l, "!getuser"); /* inverted */
    ck_assert_uint_eq(l.nvis, 4);
    ck_assert_str_eq(vis_name(&l, 0), "users-api-CreateUserFunction");
    sl_list_set_filter(&l, "!");
    ck_assert_uint_eq(l.nvis, 5);
    sl_list_set_filter(&l, "äPFEL-ü"); /* UTF-8 folds too */
    ck_assert_uint_eq(l.nvis, 1);
    ck_assert_str_eq(vis_name(&l, 0), "Äpfel-Übersicht");
    sl_list_set_filter(&l, "failed"); /* any cell */
    ck_assert_uint_eq(l.nvis, 1);
    ck_assert_str_eq(vis_name(&l, 0), "orders-ProcessOrder");
    sl_list_set_filter(&l, "active4"); /* never across cells */
    ck_assert_uint_eq(l.nvis, 0);
    ck_assert_ptr_null(sl_list_selected(&l));
    sl_list_set_filter(&l, "nothing matches this");
    ck_assert_uint_eq(l.nvis, 0);
    sl_list_set_filter(&l, "");
    ck_assert_uint_eq(l.nvis, 5);
    /* rows arriving while a filter is on are filtered too */
    sl_list_set_filter(&l, "users");
    {
        const char *more[] = {"users-api-Extra:Active:1", "other:Active:2"};
        ck_assert_int_eq(sl_list_add(&l, page(2, more), 2), SL_OK);
    }
    ck_assert_uint_eq(l.nvis, 4);
    ck_assert_str_eq(vis_name(&l, 3), "users-api-Extra");
    items_freed = 0;
    sl_list_cleanup(&l);
    ck_assert_int_eq(items_freed, 7);
}
END_TEST

START_TEST(test_list_sort)
{
    struct sl_list l;
    struct sl_error err;

    sl_list_init(&l, &item_ops, NOW);
    sl_list_add(&l, page(5, demo_specs), 5);
    ck_assert(sl_list_sort_key(&l, 'Z')); /* numeric, ascending */
    ck_assert_str_eq(vis_name(&l, 0), "Äpfel-Übersicht");
    ck_assert_str_eq(vis_name(&l, 4), "users-api-CreateUserFunction");
    ck_assert(sl_list_sort_key(&l, 'Z')); /* again: reversed */
    ck_assert_int_eq(l.sort_desc, 1);
    ck_assert_str_eq(vis_name(&l, 0), "users-api-CreateUserFunction");
    ck_assert(!sl_list_sort_key(&l, 'Q'));
    ck_assert(sl_list_sort_key(&l, 'S')); /* text; ties by key */
    ck_assert_str_eq(vis_name(&l, 0), "users-api-CreateUserFunction");
    ck_assert_str_eq(vis_name(&l, 1), "users-api-GetUserFunction");
    ck_assert_str_eq(vis_name(&l, 2), "Äpfel-Übersicht");
    ck_assert_str_eq(vis_name(&l, 3), "orders-ProcessOrder");
    ck_assert_str_eq(vis_name(&l, 4), "users-api-ListUsersFunction");
    /* :sort by id or translated title prefix, '-' and desc */
    ck_assert_int_eq(sl_list_sort_named(&l, "na", &err), SL_OK);
    ck_assert_int_eq(l.sort_col, 0);
    ck_assert_int_eq(l.sort_desc, 0);
    ck_assert_str_eq(vis_name(&l, 0), "orders-ProcessOrder");
    ck_assert_int_eq(sl_list_sort_named(&l, "-size", &err), SL_OK);
    ck_assert_int_eq(l.sort_desc, 1);
    ck_assert_int_eq(sl_list_sort_named(&l, "SIZE asc", &err), SL_OK);
    ck_assert_int_eq(l.sort_desc, 0);
    sl_error_clear(&err);
    ck_assert_int_eq(sl_list_sort_named(&l, "colour", &err), SL_EINVAL);
    ck_assert_str_eq(err.message,
                     "There is no column \"colour\" here; try one of: name, status, size.");
    /* the selected row stays selected when the order changes */
    sl_list_sort(&l, 0, 0);
    ck_assert(sl_list_select_key(&l, "users-api-GetUserFunction"));
    sl_list_sort(&l, 2, 1);
    ck_assert_str_eq(sl_list_selected(&l)->key, "users-api-GetUserFunction");
    sl_list_sort(&l, -1, 0);
    ck_assert_str_eq(vis_name(&l, 0), "users-api-GetUserFunction"); /* arrival order again */
    sl_list_cleanup(&l);
}
END_TEST

START_TEST(test_list_selection_and_reload)
{
    struct sl_list l, pending;
    const char *next[] = {"users-api-ListUsersFunction:Active:1", "new-function:Active:2",
                          "users-api-GetUserFunction:Active:3"};

    sl_list_init(&l, &item_ops, NOW);
    sl_list_init(&pending, &item_ops, NOW);
    sl_list_add(&l, page(5, demo_specs), 5);
    sl_list_move(&l, 1);
    ck_assert_str_eq(sl_list_selected(&l)->key, "users-api-CreateUserFunction");
    sl_list_move(&l, 100);
    ck_assert_uint_eq(l.sel, 4);
    sl_list_move(&l, -100);
    ck_assert_uint_eq(l.sel, 0);
    sl_list_last(&l);
    ck_assert_str_eq(sl_list_selected(&l)->key, "users-api-ListUsersFunction");
    /* a reload goes aside, then replaces the rows: the selection follows its key */
    sl_list_add(&pending, page(3, next), 3);
    ck_assert_uint_eq(l.nrows, 5);
    sl_list_take(&l, &pending);
    ck_assert_uint_eq(l.nrows, 3);
    ck_assert_uint_eq(pending.nrows, 0);
    ck_assert_str_eq(sl_list_selected(&l)->key, "users-api-ListUsersFunction");
    ck_assert_uint_eq(l.sel, 0);
    /* its key gone: the same position (clamped) */
    sl_list_last(&l);
    {
        const char *again[] = {"a:Active:1", "b:Active:1"};
        sl_list_add(&pending, page(2, again), 2);
    }
    sl_list_take(&l, &pending);
    ck_assert_uint_eq(l.sel, 1);
    /* the filter stays on across a reload */
    sl_list_set_filter(&l, "b");
    {
        const char *again[] = {"a:Active:1", "b:Active:1", "bb:Active:1"};
        sl_list_add(&pending, page(3, again), 3);
    }
    sl_list_take(&l, &pending);
    ck_assert_uint_eq(l.nvis, 2);
    ck_assert_str_eq(l.filter, "b");
    /* scrolling keeps the selection on screen */
    sl_list_set_filter(&l, "");
    sl_list_last(&l);
    sl_list_scroll(&l, 2);
    ck_assert_uint_eq(l.top, 1);
    sl_list_first(&l);
    sl_list_scroll(&l, 2);
    ck_assert_uint_eq(l.top, 0);
    sl_list_cleanup(&l);
    sl_list_cleanup(&pending);
}
END_TEST

START_TEST(test_list_layout)
{
    struct sl_list l;
    int w[3];
    const char *wide[] = {"日本語の関数:Active:1", "x:Active:22"};

    sl_list_init(&l, &item_ops, NOW);
    sl_list_add(&l, page(2, wide), 2);
    /* natural widths in display columns: the CJK name takes 12 */
    ck_assert_int_eq(l.natural[0], 12);
    ck_assert_int_eq(sl_text_width("日本語の関数"), 12);
    sl_list_layout(&l, 120, w);
    ck_assert_int_eq(w[0], 12);
    ck_assert_int_eq(w[1], 7); /* the heading and its sort mark */
    ck_assert_int_eq(w[2], 5);
    /* narrow: shrunk from the right to the minimums, then dropped */
    sl_list_layout(&l, 1 + 12 + 2 + 6 + 2 + 4, w);
    ck_assert_int_eq(w[0], 12);
    ck_assert_int_eq(w[1], 6);
    ck_assert_int_eq(w[2], 4);
    sl_list_layout(&l, 18, w);
    ck_assert_int_eq(w[2], 0);
    ck_assert_int_le(1 + w[0] + (w[1] ? w[1] + 2 : 0), 18);
    sl_list_layout(&l, 8, w);
    ck_assert_int_eq(w[1], 0);
    ck_assert_int_eq(w[2], 0);
    ck_assert_int_le(w[0], 7);
    sl_list_cleanup(&l);
}
END_TEST

START_TEST(test_fit_text)
{
    char out[64];

    sl_fit_text("users-api-GetUserFunction", 10, out, sizeof(out));
    ck_assert_str_eq(out, "users-api\xe2\x80\xa6");
    ck_assert_int_eq(sl_text_width(out), 10);
    sl_fit_text("日本語の関数", 7, out, sizeof(out));
    ck_assert_int_le(sl_text_width(out), 7);
    ck_assert_str_eq(out, "日本語\xe2\x80\xa6");
    sl_fit_text("short", 10, out, sizeof(out));
    ck_assert_str_eq(out, "short");
    ck_assert_str_eq(sl_frame_short_arn("arn:aws:iam::123456789012:user/demo"), "user/demo");
    ck_assert_str_eq(sl_frame_short_arn("arn:aws:sts::1:assumed-role/Admin/alice"),
                     "assumed-role/Admin/alice");
    ck_assert_str_eq(sl_frame_short_arn("not-an-arn"), "not-an-arn");
}
END_TEST

/* ---- the key map and its help ------------------------------------------------------------ */

static const struct sl_list_ops *const all_ops[] = {
    &sl_stacks_ops,       &sl_stack_resources_ops, &sl_stack_outputs_ops,   &sl_stack_params_ops,
    &sl_stack_events_ops, &sl_functions_ops,       &sl_function_config_ops, &sl_function_layers_ops,
    &sl_layers_ops,       &sl_layer_versions_ops,  &sl_alarms_ops,
};

START_TEST(test_keymap_table)
{
    struct sl_keymap km;
    int i, j;

    sl_keymap_init(&km);
    for (i = 0; i < SL_REQ_COUNT; i++) {
        const struct sl_req_info *ri = sl_req_info((enum sl_req)i);
        char keys[128];

        ck_assert_ptr_nonnull(ri);
        ck_assert_msg(ri->help && ri->help[0], "request %s has no help", ri->name);
        ck_assert_int_eq(sl_req_by_name(ri->name), i);
        for (j = 0; j < i; j++)
            ck_assert_str_ne(ri->name, sl_req_info((enum sl_req)j)->name);
        sl_keymap_keys_text(&km, (enum sl_req)i, 0, keys, sizeof(keys));
        if (i != SL_REQ_SORT)
            ck_assert_msg(keys[0], "request %s has no key", ri->name);
    }
    /* one key means one thing wherever two requests could both apply */
    for (i = 0; (size_t)i < km.n; i++)
        for (j = 0; j < i; j++)
            ck_assert_msg(km.b[i].key != km.b[j].key ||
                              !sl_keymap_scopes_meet(sl_req_info(km.b[i].req)->scope,
                                                     sl_req_info(km.b[j].req)->scope),
                          "key %d bound twice", km.b[i].key);
    ck_assert_int_eq(sl_keymap_lookup(&km, 'j', SL_SCOPE_GLOBAL | SL_SCOPE_LIST), SL_REQ_DOWN);
    ck_assert_int_eq(sl_keymap_lookup(&km, 'j', SL_SCOPE_GLOBAL), SL_REQ_NONE);
    ck_assert_int_eq(sl_keymap_lookup(&km, '\r', SL_SCOPE_LIST), SL_REQ_ENTER);
    ck_assert_int_eq(sl_keymap_lookup(&km, SL_KEY_ESC, SL_SCOPE_GLOBAL), SL_REQ_BACK);
    ck_assert_int_eq(sl_keymap_lookup(&km, SL_KEY_CTRL('r'), SL_SCOPE_GLOBAL), SL_REQ_REFRESH);
    ck_assert_int_eq(sl_keymap_lookup(&km, '3', SL_SCOPE_LIST), SL_REQ_NONE);
    ck_assert_int_eq(sl_keymap_lookup(&km, '3', SL_SCOPE_TABS), SL_REQ_TAB_N);
}
END_TEST

/* Every help line is the table's, with exactly the keys the map binds; every bound request of
 * the view's scopes has its line; the hint bar shows a subset. */
START_TEST(test_keymap_help_matches)
{
    struct sl_keymap km;
    struct sl_help_line lines[64];
    struct sl_hint hints[32];
    unsigned scopes = SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_TABS;
    size_t n, nh, i;
    int seen[SL_REQ_COUNT] = {0};

    sl_keymap_init(&km);
    n = sl_keymap_help(&km, scopes, "NSUD", lines, NELEM(lines));
    {
        size_t want = 0;

        for (i = 0; i < SL_REQ_COUNT; i++)
            want += (sl_req_info((enum sl_req)i)->scope & scopes) != 0;
        ck_assert_uint_eq(n, want);
    }
    for (i = 0; i < n; i++) {
        char keys[128];

        seen[lines[i].req]++;
        ck_assert_str_eq(lines[i].help, sl_req_info(lines[i].req)->help);
        if (lines[i].req == SL_REQ_SORT) {
            ck_assert_str_eq(lines[i].keys, "N, S, U, D");
            continue;
        }
        sl_keymap_keys_text(&km, lines[i].req, 0, keys, sizeof(keys));
        ck_assert_str_eq(lines[i].keys, keys);
        /* each key name shown parses back to a key bound to that request */
        {
            char *dup = strdup(keys), *tok, *save = NULL;
            for (tok = strtok_r(dup, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
                int codes[SL_KEY_NAMES_MAX];
                int nc = sl_key_parse(tok, codes);
                ck_assert_msg(nc > 0, "key name %s does not parse", tok);
                ck_assert_int_eq(sl_keymap_lookup(&km, codes[0], scopes), lines[i].req);
            }
            free(dup);
        }
    }
    for (i = 0; i < SL_REQ_COUNT; i++)
        ck_assert_int_eq(seen[i], (sl_req_info((enum sl_req)i)->scope & scopes) != 0);
    ck_assert_str_eq(lines[0].keys, "?, F1");
    /* a view without tabs: no tab lines; without sort letters: no sort line */
    n = sl_keymap_help(&km, SL_SCOPE_GLOBAL | SL_SCOPE_LIST, "", lines, NELEM(lines));
    for (i = 0; i < n; i++) {
        ck_assert(!(sl_req_info(lines[i].req)->scope & SL_SCOPE_TABS) ||
                  (sl_req_info(lines[i].req)->scope & SL_SCOPE_LIST));
        ck_assert_int_ne(lines[i].req, SL_REQ_SORT);
        ck_assert_int_ne(lines[i].req, SL_REQ_TAB_NEXT);
    }
    nh = sl_keymap_hints(&km, scopes, hints, NELEM(hints));
    ck_assert_uint_gt(nh, 4);
    for (i = 0; i < nh; i++) {
        ck_assert_ptr_nonnull(sl_req_info(hints[i].req)->label);
        ck_assert_str_eq(hints[i].label, sl_req_info(hints[i].req)->label);
    }
    ck_assert_str_eq(hints[0].key, "?");
}
END_TEST

START_TEST(test_keymap_bind)
{
    struct sl_keymap km;
    struct sl_help_line lines[64];
    struct sl_error err;
    size_t n, i;
    int found = 0;

    sl_keymap_init(&km);
    ck_assert_int_eq(sl_keymap_bind(&km, "quit", "x C-q", &err), SL_OK);
    ck_assert_int_eq(sl_keymap_lookup(&km, 'x', SL_SCOPE_GLOBAL), SL_REQ_QUIT);
    ck_assert_int_eq(sl_keymap_lookup(&km, SL_KEY_CTRL('q'), SL_SCOPE_GLOBAL), SL_REQ_QUIT);
    ck_assert_int_eq(sl_keymap_lookup(&km, 'q', SL_SCOPE_GLOBAL), SL_REQ_NONE);
    /* the help follows the binding */
    n = sl_keymap_help(&km, SL_SCOPE_GLOBAL, "", lines, NELEM(lines));
    for (i = 0; i < n; i++) {
        if (lines[i].req == SL_REQ_QUIT) {
            ck_assert_str_eq(lines[i].keys, "x, C-q");
            found = 1;
        }
    }
    ck_assert(found);
    /* a key taken from another request moves */
    ck_assert_int_eq(sl_keymap_bind(&km, "refresh", "j", &err), SL_OK);
    ck_assert_int_eq(sl_keymap_lookup(&km, 'j', SL_SCOPE_GLOBAL | SL_SCOPE_LIST), SL_REQ_REFRESH);
    {
        char keys[64];
        sl_keymap_keys_text(&km, SL_REQ_DOWN, 0, keys, sizeof(keys));
        ck_assert_str_eq(keys, "Down");
    }
    sl_error_clear(&err);
    ck_assert_int_eq(sl_keymap_bind(&km, "teleport", "t", &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "There is no console action named \"teleport\".");
    ck_assert_int_eq(sl_keymap_bind(&km, "quit", "Hyper-q", &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "\"Hyper-q\" is not a key name (for \"quit\").");
    ck_assert_int_eq(sl_keymap_lookup(&km, 'x', SL_SCOPE_GLOBAL), SL_REQ_QUIT); /* unchanged */
}
END_TEST

START_TEST(test_key_names)
{
    int codes[SL_KEY_NAMES_MAX], n, i;
    const char *names[] = {"j",    "?",    "Enter", "Esc", "Tab", "S-Tab", "Backspace", "Up",
                           "PgDn", "Home", "F1",    "F12", "C-r", "Space", "ü"};
    char back[32];

    for (i = 0; i < (int)NELEM(names); i++) {
        n = sl_key_parse(names[i], codes);
        ck_assert_msg(n > 0, "%s", names[i]);
        sl_key_name(codes[0], back, sizeof(back));
        ck_assert_str_eq(back, names[i]);
    }
    ck_assert_int_eq(sl_key_parse("C-R", codes), 1);
    ck_assert_int_eq(codes[0], 0x12);
    ck_assert_int_eq(sl_key_parse("enter", codes), 3);
    ck_assert_int_eq(sl_key_parse("", codes), 0);
    ck_assert_int_eq(sl_key_parse("jj", codes), 0);
    ck_assert_int_eq(sl_key_parse("F13", codes), 0);
    ck_assert_int_eq(sl_key_parse("C-1", codes), 0);
}
END_TEST

/* Shift+letter sorting must not shadow a key of the view, and each view's letters differ. */
START_TEST(test_sort_letters_free)
{
    struct sl_keymap km;
    size_t i, j, k;

    sl_keymap_init(&km);
    for (i = 0; i < NELEM(all_ops); i++) {
        const struct sl_list_ops *ops = all_ops[i];
        char letters[16];

        ck_assert_uint_le(ops->ncols, SL_LIST_MAX_COLS);
        sl_list_sort_letters(ops, letters, sizeof(letters));
        for (j = 0; letters[j]; j++) {
            ck_assert_msg(letters[j] >= 'A' && letters[j] <= 'Z', "%s", ops->id);
            ck_assert_msg(sl_keymap_lookup(&km, letters[j],
                                           SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_TABS) ==
                              SL_REQ_NONE,
                          "%s: %c is a key", ops->id, letters[j]);
            for (k = 0; k < j; k++)
                ck_assert_msg(letters[j] != letters[k], "%s: %c twice", ops->id, letters[j]);
        }
        for (j = 0; j < ops->ncols; j++) {
            ck_assert(ops->cols[j].id && ops->cols[j].title);
            for (k = 0; k < j; k++)
                ck_assert_str_ne(ops->cols[j].id, ops->cols[k].id);
        }
        if (ops->detail) {
            int found = 0;
            for (j = 0; j < ops->ncols; j++)
                found |= !strcmp(ops->cols[j].id, ops->detail);
            ck_assert_msg(found, "%s: detail column %s", ops->id, ops->detail);
        }
        ck_assert(ops->row && ops->key && ops->load && ops->free_items && ops->empty);
    }
}
END_TEST

/* ---- the command line ---------------------------------------------------------------------- */

START_TEST(test_cmdline_parse)
{
    struct {
        const char *line;
        enum sl_cmd_id id;
        const char *arg;
    } ok[] = {
        {"stacks", SL_CMD_STACKS, ""},
        {"cfn", SL_CMD_STACKS, ""},
        {":fn", SL_CMD_FUNCTIONS, ""},
        {"lambda", SL_CMD_FUNCTIONS, ""},
        {"functions", SL_CMD_FUNCTIONS, ""},
        {"func", SL_CMD_FUNCTIONS, ""},
        {"layers", SL_CMD_LAYERS, ""},
        {"  alarms  ", SL_CMD_ALARMS, ""},
        {"q", SL_CMD_QUIT, ""},
        {"q!", SL_CMD_QUIT, ""},
        {"quit", SL_CMD_QUIT, ""},
        {"sort name", SL_CMD_SORT, "name"},
        {"sort -size desc", SL_CMD_SORT, "-size desc"},
        {"", SL_CMD_NONE, ""},
    };
    struct sl_error err;
    enum sl_cmd_id id;
    const char *arg;
    size_t i;

    for (i = 0; i < NELEM(ok); i++) {
        ck_assert_msg(sl_cmdline_parse(ok[i].line, &id, &arg, &err) == SL_OK, "%s", ok[i].line);
        ck_assert_int_eq(id, ok[i].id);
        ck_assert_str_eq(arg, ok[i].arg);
    }
    ck_assert_int_eq(sl_cmdline_parse("s", &id, &arg, &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "\":s\" could be :stacks, :sort.");
    ck_assert_int_eq(sl_cmdline_parse("teleport", &id, &arg, &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "There is no command \":teleport\" (Tab lists them).");
    ck_assert_int_eq(sl_cmdline_parse("sort", &id, &arg, &err), SL_EINVAL);
    ck_assert_str_eq(err.message, ":sort needs an argument.");
    ck_assert_int_eq(sl_cmdline_parse("stacks now", &id, &arg, &err), SL_EINVAL);
    ck_assert_str_eq(err.message, ":stacks takes no argument.");
}
END_TEST

START_TEST(test_cmdline_complete)
{
    char line[64], list[256];
    const char *cols[] = {"name", "status", "size"};

    snprintf(line, sizeof(line), "fu");
    ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), NULL, 0, list, sizeof(list)), 1);
    ck_assert_str_eq(line, "functions");
    snprintf(line, sizeof(line), "s");
    ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), NULL, 0, list, sizeof(list)), 2);
    ck_assert_str_eq(line, "s");
    ck_assert_str_eq(list, "sort  stacks");
    snprintf(line, sizeof(line), "so");
    ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), NULL, 0, list, sizeof(list)), 1);
    ck_assert_str_eq(line, "sort "); /* takes an argument */
    ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), cols, 3, list, sizeof(list)), 3);
    ck_assert_str_eq(list, "name  size  status");
    snprintf(line, sizeof(line), "sort st");
    ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), cols, 3, list, sizeof(list)), 1);
    ck_assert_str_eq(line, "sort status");
    snprintf(line, sizeof(line), "sort s");
    ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), cols, 3, list, sizeof(list)), 2);
    ck_assert_str_eq(line, "sort s");
    snprintf(line, sizeof(line), "zzz");
    ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), NULL, 0, list, sizeof(list)), 0);
    ck_assert_str_eq(line, "zzz");
    snprintf(line, sizeof(line), "stacks x");
    ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), cols, 3, list, sizeof(list)), 0);
    snprintf(line, sizeof(line), "cf");
    ck_assert_uint_eq(sl_cmdline_complete(line, sizeof(line), NULL, 0, list, sizeof(list)), 1);
    ck_assert_str_eq(line, "cfn");
}
END_TEST

START_TEST(test_history)
{
    struct sl_history h, back;
    struct sl_error err;
    char dir[] = "/tmp/slctl-test-history.XXXXXX";
    char path[256], *def;
    struct stat st;
    FILE *f;
    size_t i;

    sl_history_init(&h, 3);
    sl_history_add(&h, "stacks");
    sl_history_add(&h, "stacks"); /* a repeat is kept once */
    sl_history_add(&h, "");
    sl_history_add(&h, "fn");
    ck_assert_uint_eq(h.n, 2);
    /* Up and Down walk it; the line being typed comes back at the end */
    ck_assert_str_eq(sl_history_prev(&h, "al"), "fn");
    ck_assert_str_eq(sl_history_prev(&h, "fn"), "stacks");
    ck_assert_ptr_null(sl_history_prev(&h, "stacks"));
    ck_assert_str_eq(sl_history_next(&h), "fn");
    ck_assert_str_eq(sl_history_next(&h), "al");
    ck_assert_ptr_null(sl_history_next(&h));
    sl_history_add(&h, "alarms");
    sl_history_add(&h, "layers"); /* full: the oldest goes */
    ck_assert_uint_eq(h.n, 3);
    ck_assert_str_eq(h.lines[0], "fn");

    /* the file: created with its directory, read back the same */
    ck_assert_ptr_nonnull(mkdtemp(dir));
    setenv("XDG_STATE_HOME", dir, 1);
    def = sl_history_default_path();
    snprintf(path, sizeof(path), "%s/slctl/history", dir);
    ck_assert_str_eq(def, path);
    ck_assert_int_eq(sl_history_save(&h, def, &err), SL_OK);
    ck_assert_int_eq(stat(def, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    sl_history_init(&back, 0);
    ck_assert_int_eq(sl_history_load(&back, def, &err), SL_OK);
    ck_assert_uint_eq(back.n, h.n);
    for (i = 0; i < h.n; i++)
        ck_assert_str_eq(back.lines[i], h.lines[i]);
    sl_history_free(&back);
    /* lines with control characters are dropped; a missing file is no error */
    f = fopen(def, "w");
    fprintf(f, "stacks\nbad\x1b[2Jline\n\nfn\n");
    fclose(f);
    sl_history_init(&back, 0);
    ck_assert_int_eq(sl_history_load(&back, def, &err), SL_OK);
    ck_assert_uint_eq(back.n, 2);
    ck_assert_str_eq(back.lines[1], "fn");
    sl_history_free(&back);
    unlink(def);
    sl_history_init(&back, 0);
    ck_assert_int_eq(sl_history_load(&back, def, &err), SL_OK);
    ck_assert_uint_eq(back.n, 0);
    sl_history_free(&back);
    snprintf(path, sizeof(path), "%s/slctl", dir);
    rmdir(path);
    rmdir(dir);
    free(def);
    unsetenv("XDG_STATE_HOME");
    setenv("HOME", "/home/someone", 1);
    def = sl_history_default_path();
    ck_assert_str_eq(def, "/home/someone/.local/state/slctl/history");
    free(def);
    sl_history_free(&h);
}
END_TEST

START_TEST(test_lineedit)
{
    struct sl_lineedit e;

    sl_lineedit_clear(&e);
    ck_assert_int_eq(sl_lineedit_key(&e, 'g'), 1);
    ck_assert_int_eq(sl_lineedit_key(&e, 0xFC), 1);   /* ü */
    ck_assert_int_eq(sl_lineedit_key(&e, 0x65E5), 1); /* 日: two columns */
    ck_assert_str_eq(e.buf, "gü日");
    ck_assert_int_eq(sl_lineedit_cursor_col(&e), 4);
    ck_assert_int_eq(sl_lineedit_key(&e, 127), 1); /* a whole character goes */
    ck_assert_str_eq(e.buf, "gü");
    ck_assert_int_eq(sl_lineedit_key(&e, SL_KEY_CTRL('a')), 2);
    ck_assert_int_eq(sl_lineedit_key(&e, '!'), 1);
    ck_assert_str_eq(e.buf, "!gü");
    ck_assert_int_eq(sl_lineedit_key(&e, '\n'), 0); /* left to the caller */
    ck_assert_int_eq(sl_lineedit_key(&e, SL_KEY_ESC), 0);
    ck_assert_int_eq(sl_lineedit_key(&e, '\t'), 0);
    sl_lineedit_set(&e, "sort name");
    ck_assert_int_eq(sl_lineedit_key(&e, SL_KEY_CTRL('w')), 1);
    ck_assert_str_eq(e.buf, "sort ");
    ck_assert_int_eq(sl_lineedit_key(&e, SL_KEY_CTRL('u')), 1);
    ck_assert_str_eq(e.buf, "");
}
END_TEST

START_TEST(test_theme_set)
{
    struct sl_error err;

    ck_assert_int_eq(sl_theme_role_by_name("BAD"), SL_ROLE_BAD);
    ck_assert_int_eq(sl_theme_role_by_name("nope"), -1);
    ck_assert_int_eq(sl_theme_set("bad", "magenta on black bold", &err), SL_OK);
    ck_assert_int_eq(sl_theme_set("good", "GREEN", &err), SL_OK);
    sl_error_clear(&err);
    ck_assert_int_eq(sl_theme_set("alarm", "red", &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "There is no console colour named \"alarm\".");
    ck_assert_int_eq(sl_theme_set("bad", "purple", &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "\"purple\" is not a colour or an attribute (for \"bad\").");
    ck_assert_int_eq(sl_theme_set("bad", "red on", &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "\"on\" needs a colour after it (for \"bad\").");
    ck_assert_int_eq(sl_theme_set("bad", "on bold", &err), SL_EINVAL);
    sl_theme_reset();
}
END_TEST

START_TEST(test_demo_find_emulator)
{
    char dir[] = "/tmp/slctl-test-emu.XXXXXX", path[256];
    const char *dirs[3];
    FILE *f;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    dirs[0] = "/nonexistent/slctl";
    dirs[1] = NULL;
    dirs[2] = dir;
    ck_assert_ptr_null(sl_demo_find_emulator(dirs, 3));
    snprintf(path, sizeof(path), "%s/slemu", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/slemu/__main__.py", dir);
    f = fopen(path, "w");
    fclose(f);
    ck_assert_str_eq(sl_demo_find_emulator(dirs, 3), dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/slemu", dir);
    rmdir(path);
    rmdir(dir);
}
END_TEST

static Suite *ui_suite(void)
{
    Suite *s = suite_create("ui");
    TCase *tc = tcase_create("rows");

    tcase_add_test(tc, test_stacks_row);
    tcase_add_test(tc, test_rows_are_sanitized);
    tcase_add_test(tc, test_functions_row);
    tcase_add_test(tc, test_layers_row);
    tcase_add_test(tc, test_alarms_row);
    tcase_add_test(tc, test_stack_tabs_rows);
    tcase_add_test(tc, test_function_detail_rows);
    tcase_add_test(tc, test_layer_name);
    suite_add_tcase(s, tc);
    tc = tcase_create("list");
    tcase_add_test(tc, test_list_filter);
    tcase_add_test(tc, test_list_sort);
    tcase_add_test(tc, test_list_selection_and_reload);
    tcase_add_test(tc, test_list_layout);
    tcase_add_test(tc, test_fit_text);
    suite_add_tcase(s, tc);
    tc = tcase_create("keys");
    tcase_add_test(tc, test_keymap_table);
    tcase_add_test(tc, test_keymap_help_matches);
    tcase_add_test(tc, test_keymap_bind);
    tcase_add_test(tc, test_key_names);
    tcase_add_test(tc, test_sort_letters_free);
    suite_add_tcase(s, tc);
    tc = tcase_create("cmdline");
    tcase_add_test(tc, test_cmdline_parse);
    tcase_add_test(tc, test_cmdline_complete);
    tcase_add_test(tc, test_history);
    tcase_add_test(tc, test_lineedit);
    tcase_add_test(tc, test_theme_set);
    tcase_add_test(tc, test_demo_find_emulator);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    /* UTF-8 and English, whatever the environment says */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    unsetenv("LANGUAGE");
    sr = srunner_create(ui_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
