/* Functions: every Lambda function of the region (ListFunctions) with its runtime,
 * architecture, memory, timeout, last change, code size and a sparkline of the last hour's
 * invocations (ui/fn_activity.c, fetched for the rows on screen). Enter opens the function. */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "fn_activity.h"
#include "format.h"
#include "i18n.h"
#include "lambda.h"
#include "list_view.h"
#include "theme.h"
#include "view.h"
#include "views.h"

enum { COL_NAME, COL_RUNTIME, COL_ARCH, COL_MEMORY, COL_TIMEOUT, COL_MODIFIED, COL_SIZE, NCOLS };

/* The sparkline's room: twelve bars and the hour's errors (" ✗1.2k"). */
#define ACTIVITY_WIDTH 18

static const struct sl_col fn_cols[NCOLS] = {
    [COL_NAME] = {"name", N_("NAME"), 16, 0, 0, 'N', 0},
    [COL_RUNTIME] = {"runtime", N_("RUNTIME"), 7, 0, 0, 'U', 0},
    [COL_ARCH] = {"arch", N_("ARCH"), 4, 0, 0, 'A', 0},
    [COL_MEMORY] = {"memory", N_("MEMORY"), 6, 0, 1, 'M', 1},
    [COL_TIMEOUT] = {"timeout", N_("TIMEOUT"), 5, 0, 1, 'T', 1},
    [COL_MODIFIED] = {"modified", N_("MODIFIED"), 8, 0, 0, 'L', 1},
    [COL_SIZE] = {"size", N_("SIZE"), 6, 0, 1, 'S', 1},
};

static void fn_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_lambda_function *f = item;
    char buf[SL_FMT_SHORT], archs[128];

    sl_row_set(out, COL_NAME, "%s", f->name ? f->name : "");
    sl_row_set(out, COL_RUNTIME, "%s",
               f->runtime ? f->runtime : (f->package_type ? f->package_type : ""));
    sl_cell_join(f->architectures, f->n_architectures, archs, sizeof(archs));
    sl_row_set(out, COL_ARCH, "%s", archs);
    sl_cell_mb(f->memory_mb, buf, sizeof(buf));
    sl_row_set(out, COL_MEMORY, "%s", buf);
    sl_cell_seconds(f->timeout_s, buf, sizeof(buf));
    sl_row_set(out, COL_TIMEOUT, "%s", buf);
    sl_fmt_relative(f->last_modified_ms, ctx->now_ms, buf, sizeof(buf));
    sl_row_set(out, COL_MODIFIED, "%s", buf);
    sl_fmt_bytes(f->code_size, buf, sizeof(buf));
    sl_row_set(out, COL_SIZE, "%s", buf);
    out->num[COL_MEMORY] = f->memory_mb;
    out->num[COL_TIMEOUT] = f->timeout_s;
    out->num[COL_MODIFIED] = f->last_modified_ms;
    out->num[COL_SIZE] = f->code_size;
    if (f->state && !strcmp(f->state, "Failed"))
        out->role[COL_NAME] = SL_ROLE_BAD;
}

static const char *fn_key(const void *item)
{
    const struct sl_lambda_function *f = item;

    return f->name ? f->name : "";
}

static void fn_free(void *items, size_t n)
{
    struct sl_lambda_function *p = items;

    sl_lambda_functions_free(&p, n);
}

/* ---- Lambda listings, shared with the layers view ----------------------------------------- */

static void lambda_page(struct sl_lambda_list *l, struct sl_lambda_page *page, void *ud)
{
    void *items = NULL;

    switch (page->kind) {
    case SL_LAMBDA_LIST_FUNCTIONS:
    case SL_LAMBDA_LIST_VERSIONS:
        items = page->functions;
        page->functions = NULL;
        break;
    case SL_LAMBDA_LIST_LAYERS:
        items = page->layers;
        page->layers = NULL;
        break;
    case SL_LAMBDA_LIST_LAYER_VERSIONS:
        items = page->layer_versions;
        page->layer_versions = NULL;
        break;
    case SL_LAMBDA_LIST_ALIASES:
        items = page->aliases;
        page->aliases = NULL;
        break;
    default:
        sl_lambda_page_free(page);
        return;
    }
    sl_load_page(ud, items, page->n);
    page->n = 0;
}

static void lambda_done(struct sl_lambda_list *l, enum sl_err rc, const struct sl_error *err,
                        void *ud)
{
    sl_load_done(ud, rc, err);
}

void sl_view_lambda_cancel(struct sl_load *ld)
{
    sl_lambda_list_cancel(ld->op);
}

void sl_view_lambda_release(struct sl_load *ld)
{
    struct sl_lambda_list *l = ld->op;

    sl_lambda_list_free(&l);
    ld->op = NULL;
}

enum sl_err sl_view_lambda_load(struct sl_load *ld, struct sl_client *c, int kind, const char *name,
                                struct sl_error *err)
{
    struct sl_lambda_list_params p;
    struct sl_lambda_list *l = NULL;
    enum sl_err rc;

    memset(&p, 0, sizeof(p));
    p.kind = (enum sl_lambda_list_kind)kind;
    p.name = name;
    rc = sl_lambda_list_start(c, &p, lambda_page, lambda_done, ld, &l, err);
    ld->op = l;
    return rc;
}

static enum sl_err fn_load(struct sl_load *ld, struct sl_client *c, const char *arg,
                           struct sl_error *err)
{
    return sl_view_lambda_load(ld, c, SL_LAMBDA_LIST_FUNCTIONS, NULL, err);
}

static struct sl_view *fn_open(const void *item, const char *arg, const char **why)
{
    const struct sl_lambda_function *f = item;

    return f->name ? sl_view_function_new(f->name) : NULL;
}

static struct sl_view *fn_act(enum sl_req req, const void *item, const char *arg, const char **why)
{
    const struct sl_lambda_function *f = item;

    return req == SL_REQ_LOGS && f && f->name ? sl_view_logs_target_new(f->name, 0, 0) : NULL;
}

static void fn_seen(struct sl_view *v, const void *const *items, size_t n)
{
    const char *names[256];
    size_t i;

    for (i = 0; i < n && i < 256; i++)
        names[i] = ((const struct sl_lambda_function *)items[i])->name;
    sl_fn_activity_seen(sl_list_view_ext(v), v->app, names, i);
}

static void fn_live(struct sl_view *v, const void *item, char *out, size_t len, unsigned char *role)
{
    sl_fn_activity_cell(sl_list_view_ext(v), ((const struct sl_lambda_function *)item)->name, out,
                        len, role);
}

const struct sl_list_ops sl_functions_ops = {
    .id = "functions",
    .title = N_("functions"),
    .cols = fn_cols,
    .ncols = NCOLS,
    .sort_col = COL_NAME,
    .empty = N_("There are no Lambda functions in this region."),
    .item_size = sizeof(struct sl_lambda_function),
    .free_items = fn_free,
    .row = fn_row,
    .key = fn_key,
    .load = fn_load,
    .cancel = sl_view_lambda_cancel,
    .release = sl_view_lambda_release,
    .open = fn_open,
    .scopes = SL_SCOPE_LOGGED,
    .act = fn_act,
    .live_title = N_("LAST HOUR"),
    .live_width = ACTIVITY_WIDTH,
    .seen = fn_seen,
    .live = fn_live,
};

struct sl_view *sl_view_functions_new(void)
{
    const struct sl_list_ops *tabs[] = {&sl_functions_ops};
    struct sl_view *v = sl_list_view_new(NULL, tabs, 1, NULL);
    struct sl_fn_activity *a = v ? sl_fn_activity_new() : NULL;

    if (v && !a)
        sl_view_free(&v);
    if (v)
        sl_list_view_set_ext(v, a, sl_fn_activity_free);
    return v;
}
