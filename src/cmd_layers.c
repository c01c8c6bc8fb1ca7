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
#include "list_output.h"
#include "output.h"

#define NCOLS 5

static const char *const layers_heads[NCOLS] = {N_("NAME"), N_("LATEST"), N_("RUNTIMES"),
                                                N_("ARCHITECTURES"), N_("DESCRIPTION")};

struct layers_run {
    struct sl_list_output out;
    struct sl_column cols[NCOLS];
};

static int add_row(struct layers_run *r, const struct sl_lambda_layer *l)
{
    const struct sl_lambda_layer_version *lv = l->latest;
    const char *sep = r->out.fmt == SL_OUT_TABLE ? ", " : ",";
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
    sl_list_output_row(&r->out, v);
    rc = 0;
out:
    free(runtimes);
    free(archs);
    return rc;
}

static void on_page(struct sl_lambda_list *l, struct sl_lambda_page *page, void *ud)
{
    struct layers_run *r = ud;
    size_t i;

    for (i = 0; i < page->n && !r->out.oom; i++) {
        if (r->out.fmt == SL_OUT_JSON)
            sl_list_output_json(&r->out, sl_awsjson_layer(&page->layers[i]));
        else if (add_row(r, &page->layers[i]) < 0)
            r->out.oom = 1;
    }
    sl_list_output_page_end(&r->out);
    sl_lambda_page_free(page);
}

static void on_done(struct sl_lambda_list *l, enum sl_err rc, const struct sl_error *err, void *ud)
{
    struct layers_run *r = ud;

    sl_list_output_done(&r->out, rc, err);
}

int sl_cmd_layers(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_lambda_list *l = NULL;
    struct sl_lambda_list_params p;
    struct layers_run r;
    char empty[256];
    int ex = SL_EXIT_OK;

    if (argc > 1)
        return sl_cli_usage("layers", _("layers takes no arguments, not \"%s\""), argv[1]);
    memset(&p, 0, sizeof(p));
    memset(&r, 0, sizeof(r));
    p.kind = SL_LAMBDA_LIST_LAYERS;
    sl_fmt_columns(r.cols, layers_heads, NCOLS);
    sl_list_output_init(&r.out, g->output_set ? g->output : SL_OUT_TABLE, r.cols, NCOLS);
    ex = sl_cli_client(g, &c);
    if (ex)
        goto out;
    sl_error_clear(&r.out.err);
    r.out.rc = sl_lambda_list_start(c, &p, on_page, on_done, &r, &l, &r.out.err);
    if (r.out.rc) {
        ex = sl_fmt_fail(r.out.rc, &r.out.err);
        goto out;
    }
    snprintf(empty, sizeof(empty), _("There are no layers in %s.\n"), sl_client_region(c));
    ex = sl_list_output_finish(&r.out, c, "Layers", empty);
out:
    sl_lambda_list_free(&l);
    sl_list_output_cleanup(&r.out);
    sl_client_free(&c);
    return ex;
}
