/* slctl layers: the Lambda layers of the region with their latest version. Table: name,
 * latest version, runtimes, architectures, description; json: {"Layers": [...]} like the AWS
 * CLI; text: one tab-separated line per layer (lists comma-separated), written as the pages
 * arrive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_json.h"
#include "cli.h"
#include "client.h"
#include "format.h"
#include "i18n.h"
#include "json.h"
#include "lambda.h"
#include "output.h"

#define NCOLS 5

static const char *const layers_heads[NCOLS] = {N_("NAME"), N_("LATEST"), N_("RUNTIMES"),
                                                N_("ARCHITECTURES"), N_("DESCRIPTION")};

struct layers_run {
    enum sl_output_format fmt;
    struct sl_column cols[NCOLS];
    struct sl_rows rows;  /* table: every layer; text: the page being written */
    struct sl_json *list; /* json */
    size_t count;
    int oom;
    int finished;
    enum sl_err rc;
    struct sl_error err;
};

static int add_row(struct layers_run *r, const struct sl_lambda_layer *l)
{
    const struct sl_lambda_layer_version *lv = l->latest;
    const char *sep = r->fmt == SL_OUT_TABLE ? ", " : ",";
    char version[SL_FMT_SHORT];
    char *runtimes = NULL, *archs = NULL;
    const char *v[NCOLS];
    int rc = -1;

    version[0] = '\0';
    if (lv) {
        snprintf(version, sizeof(version), "%lld", lv->version);
        runtimes = sl_fmt_join(lv->compatible_runtimes, lv->n_compatible_runtimes, sep);
        archs = sl_fmt_join(lv->compatible_architectures, lv->n_compatible_architectures, sep);
        if (!runtimes || !archs)
            goto out;
    }
    v[0] = l->name;
    v[1] = *version ? version : NULL;
    v[2] = runtimes && *runtimes ? runtimes : NULL;
    v[3] = archs && *archs ? archs : NULL;
    v[4] = lv && lv->description && *lv->description ? lv->description : NULL;
    rc = sl_rows_add(&r->rows, v);
out:
    free(runtimes);
    free(archs);
    return rc;
}

static void on_page(struct sl_lambda_list *l, struct sl_lambda_page *page, void *ud)
{
    struct layers_run *r = ud;
    size_t i;

    for (i = 0; i < page->n && !r->oom; i++) {
        if (r->fmt == SL_OUT_JSON)
            sl_json_add(r->list, NULL, sl_awsjson_layer(&page->layers[i]));
        else if (add_row(r, &page->layers[i]) < 0)
            r->oom = 1;
        r->count++;
    }
    if (r->fmt == SL_OUT_TEXT && !r->oom) {
        sl_output_write(stdout, SL_OUT_TEXT, &r->rows, NULL, 0);
        fflush(stdout);
        sl_rows_free(&r->rows);
        sl_rows_init(&r->rows, r->cols, NCOLS);
    }
    sl_lambda_page_free(page);
}

static void on_done(struct sl_lambda_list *l, enum sl_err rc, const struct sl_error *err, void *ud)
{
    struct layers_run *r = ud;

    r->finished = 1;
    r->rc = rc;
    if (err)
        r->err = *err;
}

int sl_cmd_layers(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_lambda_list *l = NULL;
    struct sl_lambda_list_params p;
    struct layers_run r;
    int ex = SL_EXIT_OK;

    if (argc > 1)
        return sl_cli_usage("layers", _("layers takes no arguments, not \"%s\""), argv[1]);
    memset(&p, 0, sizeof(p));
    memset(&r, 0, sizeof(r));
    p.kind = SL_LAMBDA_LIST_LAYERS;
    r.fmt = g->output_set ? g->output : SL_OUT_TABLE;
    sl_fmt_columns(r.cols, layers_heads, NCOLS);
    sl_rows_init(&r.rows, r.cols, NCOLS);
    if (r.fmt == SL_OUT_JSON)
        r.list = sl_json_new_array();
    ex = sl_cli_client(g, &c);
    if (ex)
        goto out;
    sl_error_clear(&r.err);
    r.rc = sl_lambda_list_start(c, &p, on_page, on_done, &r, &l, &r.err);
    if (r.rc) {
        ex = sl_fmt_fail(r.rc, &r.err);
        goto out;
    }
    while (!r.finished)
        sl_client_run(c, 1000, -1);
    if (r.rc || r.oom) {
        ex = sl_fmt_fail(r.rc ? r.rc : SL_ENOMEM, r.rc ? &r.err : NULL);
        goto out;
    }
    if (r.fmt == SL_OUT_JSON) {
        struct sl_json *top = sl_json_new_object();

        sl_json_add(top, "Layers", r.list);
        r.list = NULL;
        if (sl_awsjson_print(stdout, &top) < 0)
            ex = sl_fmt_fail(SL_ENOMEM, NULL);
    } else if (r.fmt == SL_OUT_TABLE) {
        if (r.count)
            sl_output_write(stdout, SL_OUT_TABLE, &r.rows, "Layers", sl_output_width());
        else
            printf(_("There are no layers in %s.\n"), sl_client_region(c));
    }
out:
    sl_lambda_list_free(&l);
    sl_rows_free(&r.rows);
    sl_json_free(&r.list);
    sl_client_free(&c);
    return ex;
}
