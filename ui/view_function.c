/* One Lambda function (GetFunction): its configuration as name/value rows, and its layers
 * (Enter opens the layer's versions); aliases, versions and metrics are the tabs of
 * ui/view_function_tabs.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "client.h"
#include "format.h"
#include "i18n.h"
#include "lambda.h"
#include "list_view.h"
#include "view_events.h"
#include "view_invoke.h"
#include "views.h"

/* ---- name/value rows ----------------------------------------------------------------------- */

enum { KV_KEY, KV_VALUE, KV_NCOLS };

static const struct sl_col kv_cols[KV_NCOLS] = {
    [KV_KEY] = {"name", N_("NAME"), 10, 24, 0, 0, 0},
    [KV_VALUE] = {"value", N_("VALUE"), 16, 0, 0, 0, 0},
};

static void kv_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_kv *kv = item;

    sl_row_set(out, KV_KEY, "%s", kv->key);
    sl_row_set(out, KV_VALUE, "%s", kv->value ? kv->value : "");
}

static const char *kv_key(const void *item)
{
    return ((const struct sl_kv *)item)->key;
}

void sl_kv_free_items(void *items, size_t n)
{
    struct sl_kv *v = items;
    size_t i;

    for (i = 0; v && i < n; i++) {
        free(v[i].key);
        free(v[i].value);
    }
    free(v);
}

struct kv_builder {
    struct sl_kv *v;
    size_t n, cap;
    int oom;
};

static void kv_add(struct kv_builder *b, const char *key, const char *value)
{
    if (b->oom || !value || !value[0])
        return;
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 16;
        struct sl_kv *nv = realloc(b->v, nc * sizeof(*nv));
        if (!nv) {
            b->oom = 1;
            return;
        }
        b->v = nv;
        b->cap = nc;
    }
    b->v[b->n].key = strdup(key);
    b->v[b->n].value = strdup(value);
    if (!b->v[b->n].key || !b->v[b->n].value) {
        free(b->v[b->n].key);
        free(b->v[b->n].value);
        b->oom = 1;
        return;
    }
    b->n++;
}

enum sl_err sl_function_config_rows(const struct sl_lambda_function *f, long long now_ms,
                                    struct sl_kv **out, size_t *n)
{
    struct kv_builder b;
    char buf[1024], when[SL_FMT_SHORT];
    size_t i;

    memset(&b, 0, sizeof(b));
    kv_add(&b, _("Name"), f->name);
    kv_add(&b, _("ARN"), f->arn);
    kv_add(&b, _("Description"), f->description);
    kv_add(&b, _("Runtime"), f->runtime);
    kv_add(&b, _("Handler"), f->handler);
    kv_add(&b, _("Package type"), f->package_type);
    kv_add(&b, _("Image"), f->image_uri);
    sl_cell_join(f->architectures, f->n_architectures, buf, sizeof(buf));
    kv_add(&b, _("Architecture"), buf);
    if (f->memory_mb >= 0) {
        sl_cell_mb(f->memory_mb, buf, sizeof(buf));
        kv_add(&b, _("Memory"), buf);
    }
    if (f->ephemeral_storage_mb > 0) {
        sl_cell_mb(f->ephemeral_storage_mb, buf, sizeof(buf));
        kv_add(&b, _("Ephemeral storage"), buf);
    }
    if (f->timeout_s >= 0) {
        sl_cell_seconds(f->timeout_s, buf, sizeof(buf));
        kv_add(&b, _("Timeout"), buf);
    }
    if (f->reserved_concurrency >= 0) {
        snprintf(buf, sizeof(buf), "%d", f->reserved_concurrency);
        kv_add(&b, _("Reserved concurrency"), buf);
    }
    if (f->code_size >= 0) {
        sl_fmt_bytes(f->code_size, buf, sizeof(buf));
        kv_add(&b, _("Code size"), buf);
    }
    kv_add(&b, _("Code SHA-256"), f->code_sha256);
    if (f->last_modified_ms > 0) {
        sl_cell_time(f->last_modified_ms, buf, sizeof(buf));
        sl_fmt_relative(f->last_modified_ms, now_ms, when, sizeof(when));
        if (when[0]) {
            size_t l = strlen(buf);
            snprintf(buf + l, sizeof(buf) - l, " (%s)", when);
        }
        kv_add(&b, _("Last modified"), buf);
    } else {
        kv_add(&b, _("Last modified"), f->last_modified);
    }
    if (f->state && f->state_reason && f->state_reason[0]) {
        snprintf(buf, sizeof(buf), "%s: %s", f->state, f->state_reason);
        kv_add(&b, _("State"), buf);
    } else {
        kv_add(&b, _("State"), f->state);
    }
    if (f->last_update_status && f->last_update_status_reason && f->last_update_status_reason[0]) {
        snprintf(buf, sizeof(buf), "%s: %s", f->last_update_status, f->last_update_status_reason);
        kv_add(&b, _("Last update"), buf);
    } else {
        kv_add(&b, _("Last update"), f->last_update_status);
    }
    kv_add(&b, _("Role"), f->role);
    kv_add(&b, _("Log group"), f->log_group);
    kv_add(&b, _("Log format"), f->log_format);
    kv_add(&b, _("Tracing"), f->tracing_mode);
    kv_add(&b, _("VPC"), f->vpc_id);
    {
        size_t used = 0;

        buf[0] = '\0';
        for (i = 0; i < f->n_env && used < sizeof(buf); i++) {
            int w = snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? ", " : "",
                             f->env[i].name ? f->env[i].name : "");
            if (w > 0)
                used += (size_t)w;
        }
        kv_add(&b, _("Environment"), buf);
    }
    {
        size_t used = 0;

        buf[0] = '\0';
        for (i = 0; i < f->n_tags && used < sizeof(buf); i++) {
            int w = snprintf(buf + used, sizeof(buf) - used, "%s%s=%s", i ? ", " : "",
                             f->tags[i].key ? f->tags[i].key : "",
                             f->tags[i].value ? f->tags[i].value : "");
            if (w > 0)
                used += (size_t)w;
        }
        kv_add(&b, _("Tags"), buf);
    }
    if (b.oom) {
        sl_kv_free_items(b.v, b.n);
        *out = NULL;
        *n = 0;
        return SL_ENOMEM;
    }
    *out = b.v;
    *n = b.n;
    return SL_OK;
}

/* ---- requests on the function, whichever tab is shown ------------------------------------- */

static struct sl_view *fn_act(enum sl_req req, const void *item, const char *arg, const char **why)
{
    switch (req) {
    case SL_REQ_INVOKE:
        return sl_view_invoke_new(arg, NULL, 0);
    case SL_REQ_EVENTS:
        return sl_view_events_new(arg);
    case SL_REQ_LOGS:
        return sl_view_logs_target_new(arg, 0, 0);
    default:
        return NULL;
    }
}

struct sl_view *sl_function_act(enum sl_req req, const void *item, const char *arg,
                                const char **why)
{
    return fn_act(req, item, arg, why);
}

/* ---- GetFunction, one call for either tab -------------------------------------------------- */

struct fn_get {
    struct sl_call call;
    char *name;
};

static void fn_get_done(struct sl_call *call, void *ud)
{
    struct sl_load *ld = ud;
    struct fn_get *g = ld->priv;
    struct sl_lambda_function *f = NULL;
    struct sl_error err;
    enum sl_err rc;

    sl_error_clear(&err);
    if (call->rc) {
        rc = sl_lambda_call_error(call, SL_LAMBDA_RES_FUNCTION, g->name,
                                  sl_client_region(ld->client), &err);
        sl_load_done(ld, rc, &err);
        return;
    }
    rc = sl_lambda_parse_function(call->resp.body.data, call->resp.body.len, 0, &f, &err);
    if (!rc && ld->ops == &sl_function_config_ops) {
        struct sl_kv *rows = NULL;
        size_t n = 0;

        rc = sl_function_config_rows(f, ld->now_ms, &rows, &n);
        if (!rc)
            sl_load_page(ld, rows, n);
    } else if (!rc) {
        sl_load_page(ld, f->layers, f->n_layers);
        f->layers = NULL;
        f->n_layers = 0;
    }
    sl_lambda_function_free(&f);
    sl_load_done(ld, rc, &err);
}

static enum sl_err fn_get_load(struct sl_load *ld, struct sl_client *c, const char *name,
                               struct sl_error *err)
{
    struct fn_get *g;
    enum sl_err rc;

    if (!name || !name[0])
        return sl_error_set(err, SL_EINVAL, "%s", _("No function name was given."));
    g = calloc(1, sizeof(*g));
    if (!g || !(g->name = strdup(name))) {
        free(g);
        return SL_ENOMEM;
    }
    rc = sl_lambda_build_get_function(&g->call, name, NULL, err);
    if (rc) {
        sl_call_cleanup(&g->call);
        free(g->name);
        free(g);
        return rc;
    }
    g->call.done = fn_get_done;
    g->call.ud = ld;
    ld->priv = g;
    return sl_client_send(c, &g->call);
}

static void fn_get_cancel(struct sl_load *ld)
{
    struct fn_get *g = ld->priv;

    sl_client_cancel(ld->client, &g->call);
}

static void fn_get_release(struct sl_load *ld)
{
    struct fn_get *g = ld->priv;

    if (!g)
        return;
    sl_call_cleanup(&g->call);
    free(g->name);
    free(g);
    ld->priv = NULL;
}

const struct sl_list_ops sl_function_config_ops = {
    .id = "function-configuration",
    .title = N_("configuration"),
    .cols = kv_cols,
    .ncols = KV_NCOLS,
    .sort_col = -1,
    .empty = N_("GetFunction sent no configuration."),
    .detail = "value",
    .item_size = sizeof(struct sl_kv),
    .free_items = sl_kv_free_items,
    .row = kv_row,
    .key = kv_key,
    .load = fn_get_load,
    .cancel = fn_get_cancel,
    .release = fn_get_release,
    .scopes = SL_FUNCTION_SCOPES,
    .act = fn_act,
};

/* ---- layers of the function ---------------------------------------------------------------- */

enum { LY_NAME, LY_VERSION, LY_SIZE, LY_ARN, LY_NCOLS };

static const struct sl_col ly_cols[LY_NCOLS] = {
    [LY_NAME] = {"name", N_("NAME"), 10, 0, 0, 'N', 0},
    [LY_VERSION] = {"version", N_("VERSION"), 7, 0, 1, 'V', 1},
    [LY_SIZE] = {"size", N_("SIZE"), 6, 0, 1, 'S', 1},
    [LY_ARN] = {"arn", N_("ARN"), 16, 0, 0, 0, 0},
};

static void ly_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_lambda_layer_ref *r = item;
    char name[256], size[SL_FMT_SHORT];
    long long version;

    sl_cell_layer_name(r->arn, name, sizeof(name), &version);
    sl_fmt_bytes(r->code_size, size, sizeof(size));
    sl_row_set(out, LY_NAME, "%s", name);
    if (version >= 0)
        sl_row_set(out, LY_VERSION, "%lld", version);
    sl_row_set(out, LY_SIZE, "%s", size);
    sl_row_set(out, LY_ARN, "%s", r->arn ? r->arn : "");
    out->num[LY_VERSION] = version;
    out->num[LY_SIZE] = r->code_size;
}

static const char *ly_key(const void *item)
{
    const struct sl_lambda_layer_ref *r = item;

    return r->arn ? r->arn : "";
}

static void ly_free(void *items, size_t n)
{
    struct sl_lambda_layer_ref *v = items;
    size_t i;

    for (i = 0; v && i < n; i++)
        free(v[i].arn);
    free(v);
}

static struct sl_view *ly_open(const void *item, const char *arg, const char **why)
{
    const struct sl_lambda_layer_ref *r = item;
    char name[256];
    long long version;

    sl_cell_layer_name(r->arn, name, sizeof(name), &version);
    return name[0] ? sl_view_layer_new(name) : NULL;
}

const struct sl_list_ops sl_function_layers_ops = {
    .id = "function-layers",
    .title = N_("layers"),
    .cols = ly_cols,
    .ncols = LY_NCOLS,
    .sort_col = -1,
    .empty = N_("This function uses no layers."),
    .detail = "arn",
    .item_size = sizeof(struct sl_lambda_layer_ref),
    .free_items = ly_free,
    .row = ly_row,
    .key = ly_key,
    .load = fn_get_load,
    .cancel = fn_get_cancel,
    .release = fn_get_release,
    .open = ly_open,
    .scopes = SL_FUNCTION_SCOPES,
    .act = fn_act,
};

struct sl_view *sl_view_function_new(const char *function_name)
{
    const struct sl_list_ops *tabs[] = {&sl_function_config_ops, &sl_function_layers_ops,
                                        &sl_function_aliases_ops, &sl_function_versions_ops,
                                        &sl_function_metrics_ops};

    return sl_list_view_new(function_name, tabs, sizeof(tabs) / sizeof(tabs[0]), function_name);
}
