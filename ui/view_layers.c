/* Layers: every Lambda layer (ListLayers) with its latest version, runtimes and architectures;
 * Enter lists the layer's versions (ListLayerVersions). */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "format.h"
#include "i18n.h"
#include "lambda.h"
#include "list_view.h"
#include "view_publish.h"
#include "views.h"

enum { COL_NAME, COL_VERSION, COL_RUNTIMES, COL_ARCHS, COL_DESC, NCOLS };

static const struct sl_col layer_cols[NCOLS] = {
    [COL_NAME] = {"name", N_("NAME"), 12, 0, 0, 'N', 0},
    [COL_VERSION] = {"version", N_("LATEST"), 6, 0, 1, 'V', 1},
    [COL_RUNTIMES] = {"runtimes", N_("RUNTIMES"), 8, 0, 0, 'U', 0},
    [COL_ARCHS] = {"architectures", N_("ARCHS"), 5, 0, 0, 'A', 0},
    [COL_DESC] = {"description", N_("DESCRIPTION"), 11, 0, 0, 0, 0},
};

static void layer_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_lambda_layer *l = item;
    const struct sl_lambda_layer_version *v = l->latest;
    char buf[512];

    sl_row_set(out, COL_NAME, "%s", l->name ? l->name : "");
    out->num[COL_VERSION] = -1;
    if (!v)
        return;
    sl_row_set(out, COL_VERSION, "%lld", v->version);
    out->num[COL_VERSION] = v->version;
    sl_cell_join(v->compatible_runtimes, v->n_compatible_runtimes, buf, sizeof(buf));
    sl_row_set(out, COL_RUNTIMES, "%s", buf);
    sl_cell_join(v->compatible_architectures, v->n_compatible_architectures, buf, sizeof(buf));
    sl_row_set(out, COL_ARCHS, "%s", buf);
    sl_row_set(out, COL_DESC, "%s", v->description ? v->description : "");
}

static const char *layer_key(const void *item)
{
    const struct sl_lambda_layer *l = item;

    return l->name ? l->name : "";
}

static void layer_free(void *items, size_t n)
{
    struct sl_lambda_layer *p = items;

    sl_lambda_layers_free(&p, n);
}

static enum sl_err layer_load(struct sl_load *ld, struct sl_client *c, const char *arg,
                              struct sl_error *err)
{
    return sl_view_lambda_load(ld, c, SL_LAMBDA_LIST_LAYERS, NULL, err);
}

static struct sl_view *layer_open(const void *item, const char *arg, const char **why)
{
    const struct sl_lambda_layer *l = item;

    return l->name ? sl_view_layer_new(l->name) : NULL;
}

/* `p`: a new version of the selected layer, with the runtimes of its latest one. */
static struct sl_view *layer_act(enum sl_req req, const void *item, const char *arg,
                                 const char **why)
{
    const struct sl_lambda_layer *l = item;

    if (req != SL_REQ_PUBLISH || !l || !l->name)
        return NULL;
    return sl_view_publish_new(l->name, l->latest);
}

const struct sl_list_ops sl_layers_ops = {
    .id = "layers",
    .title = N_("layers"),
    .cols = layer_cols,
    .ncols = NCOLS,
    .sort_col = COL_NAME,
    .empty = N_("There are no Lambda layers in this region."),
    .item_size = sizeof(struct sl_lambda_layer),
    .free_items = layer_free,
    .row = layer_row,
    .key = layer_key,
    .load = layer_load,
    .cancel = sl_view_lambda_cancel,
    .release = sl_view_lambda_release,
    .open = layer_open,
    .scopes = SL_SCOPE_LAYER,
    .act = layer_act,
};

/* ---- the versions of one layer ------------------------------------------------------------- */

enum { LV_VERSION, LV_CREATED, LV_RUNTIMES, LV_ARCHS, LV_DESC, LV_NCOLS };

static const struct sl_col lv_cols[LV_NCOLS] = {
    [LV_VERSION] = {"version", N_("VERSION"), 7, 0, 1, 'V', 1},
    [LV_CREATED] = {"created", N_("CREATED"), 8, 0, 0, 'C', 1},
    [LV_RUNTIMES] = {"runtimes", N_("RUNTIMES"), 8, 0, 0, 'U', 0},
    [LV_ARCHS] = {"architectures", N_("ARCHS"), 5, 0, 0, 'A', 0},
    [LV_DESC] = {"description", N_("DESCRIPTION"), 11, 0, 0, 'D', 0},
};

static void lv_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct sl_lambda_layer_version *v = item;
    char buf[512];

    sl_row_set(out, LV_VERSION, "%lld", v->version);
    sl_fmt_relative(v->created_ms, ctx->now_ms, buf, sizeof(buf));
    sl_row_set(out, LV_CREATED, "%s", buf);
    sl_cell_join(v->compatible_runtimes, v->n_compatible_runtimes, buf, sizeof(buf));
    sl_row_set(out, LV_RUNTIMES, "%s", buf);
    sl_cell_join(v->compatible_architectures, v->n_compatible_architectures, buf, sizeof(buf));
    sl_row_set(out, LV_ARCHS, "%s", buf);
    sl_row_set(out, LV_DESC, "%s", v->description ? v->description : "");
    out->num[LV_VERSION] = v->version;
    out->num[LV_CREATED] = v->created_ms;
}

static const char *lv_key(const void *item)
{
    const struct sl_lambda_layer_version *v = item;

    return v->arn ? v->arn : "";
}

static void lv_free(void *items, size_t n)
{
    struct sl_lambda_layer_version *p = items;

    sl_lambda_layer_versions_free(&p, n);
}

static enum sl_err lv_load(struct sl_load *ld, struct sl_client *c, const char *layer,
                           struct sl_error *err)
{
    if (!layer || !layer[0])
        return sl_error_set(err, SL_EINVAL, "%s", _("No layer name was given."));
    return sl_view_lambda_load(ld, c, SL_LAMBDA_LIST_LAYER_VERSIONS, layer, err);
}

/* `p` among the versions: a new version of this layer (the latest is looked up). */
static struct sl_view *lv_act(enum sl_req req, const void *item, const char *layer,
                              const char **why)
{
    return req == SL_REQ_PUBLISH && layer ? sl_view_publish_new(layer, NULL) : NULL;
}

const struct sl_list_ops sl_layer_versions_ops = {
    .id = "layer-versions",
    .title = N_("versions"),
    .cols = lv_cols,
    .ncols = LV_NCOLS,
    .sort_col = LV_VERSION,
    .sort_desc = 1,
    .empty = N_("This layer has no versions."),
    .detail = "description",
    .item_size = sizeof(struct sl_lambda_layer_version),
    .free_items = lv_free,
    .row = lv_row,
    .key = lv_key,
    .load = lv_load,
    .cancel = sl_view_lambda_cancel,
    .release = sl_view_lambda_release,
    .scopes = SL_SCOPE_LAYER,
    .act = lv_act,
};

struct sl_view *sl_view_layers_new(void)
{
    const struct sl_list_ops *tabs[] = {&sl_layers_ops};

    return sl_list_view_new(NULL, tabs, 1, NULL);
}

struct sl_view *sl_view_layer_new(const char *layer_name)
{
    const struct sl_list_ops *tabs[] = {&sl_layer_versions_ops};

    return sl_list_view_new(layer_name, tabs, 1, layer_name);
}
