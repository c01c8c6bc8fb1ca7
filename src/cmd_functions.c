/* slctl functions: the Lambda functions of the region. Table: name, runtime, architecture,
 * memory, timeout, last modified (relative), code size; json: {"Functions": [...]} like the
 * AWS CLI; text: one tab-separated line per function (sizes in bytes, memory in MB, timeout
 * in seconds, ISO times), written as the pages arrive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_json.h"
#include "cli.h"
#include "client.h"
#include "clock.h"
#include "format.h"
#include "i18n.h"
#include "json.h"
#include "lambda.h"
#include "list_output.h"
#include "output.h"

#define NCOLS 7

static const char *const functions_heads[NCOLS] = {
    N_("NAME"), N_("RUNTIME"), N_("ARCH"), N_("MEMORY"), N_("TIMEOUT"), N_("MODIFIED"), N_("SIZE"),
};

struct functions_run {
    struct sl_list_output out;
    long long now_ms;
    struct sl_column cols[NCOLS];
};

static int add_row(struct functions_run *r, const struct sl_lambda_function *f)
{
    char mem[SL_FMT_SHORT], tmo[SL_FMT_SHORT], when[SL_FMT_SHORT], size[SL_FMT_SHORT];
    char *arch = sl_fmt_join(f->architectures, f->n_architectures, ",");
    const char *v[NCOLS];
    int table = r->out.fmt == SL_OUT_TABLE;

    if (!arch)
        return -1;
    mem[0] = tmo[0] = '\0';
    if (f->memory_mb >= 0)
        snprintf(mem, sizeof(mem), table ? "%d MB" : "%d", f->memory_mb);
    if (f->timeout_s >= 0)
        snprintf(tmo, sizeof(tmo), table ? "%d s" : "%d", f->timeout_s);
    if (table) {
        sl_fmt_relative(f->last_modified_ms, r->now_ms, when, sizeof(when));
        sl_fmt_bytes(f->code_size, size, sizeof(size));
    } else {
        sl_fmt_iso(f->last_modified_ms, when, sizeof(when));
        size[0] = '\0';
        if (f->code_size >= 0)
            snprintf(size, sizeof(size), "%lld", f->code_size);
    }
    v[0] = f->name;
    /* Container images have no runtime: say what they are instead. */
    v[1] = f->runtime ? f->runtime : f->package_type;
    v[2] = *arch ? arch : NULL;
    v[3] = *mem ? mem : NULL;
    v[4] = *tmo ? tmo : NULL;
    v[5] = *when ? when : NULL;
    v[6] = *size ? size : NULL;
    sl_list_output_row(&r->out, v);
    free(arch);
    return 0;
}

static void on_page(struct sl_lambda_list *l, struct sl_lambda_page *page, void *ud)
{
    struct functions_run *r = ud;
    size_t i;

    for (i = 0; i < page->n && !r->out.oom; i++) {
        if (r->out.fmt == SL_OUT_JSON)
            sl_list_output_json(&r->out, sl_awsjson_function(&page->functions[i]));
        else if (add_row(r, &page->functions[i]) < 0)
            r->out.oom = 1;
    }
    sl_list_output_page_end(&r->out);
    sl_lambda_page_free(page);
}

static void on_done(struct sl_lambda_list *l, enum sl_err rc, const struct sl_error *err, void *ud)
{
    struct functions_run *r = ud;

    sl_list_output_done(&r->out, rc, err);
}

int sl_cmd_functions(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_lambda_list *l = NULL;
    struct sl_lambda_list_params p;
    struct functions_run r;
    char empty[256];
    int ex = SL_EXIT_OK;

    if (argc > 1)
        return sl_cli_usage("functions", _("functions takes no arguments, not \"%s\""), argv[1]);
    memset(&p, 0, sizeof(p));
    memset(&r, 0, sizeof(r));
    p.kind = SL_LAMBDA_LIST_FUNCTIONS;
    r.now_ms = sl_clock_now_ms(sl_clock_system());
    sl_fmt_columns(r.cols, functions_heads, NCOLS);
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
    snprintf(empty, sizeof(empty), _("There are no functions in %s.\n"), sl_client_region(c));
    ex = sl_list_output_finish(&r.out, c, "Functions", empty);
out:
    sl_lambda_list_free(&l);
    sl_list_output_cleanup(&r.out);
    sl_client_free(&c);
    return ex;
}
