/* slctl layer NAME: the versions of one Lambda layer, newest first. Table: the layer, then
 * version, created (relative), runtimes, architectures, license, description; json:
 * {"LayerName", "LayerArn", "LayerVersions": [...]}; text: a LAYER line, then one VERSION
 * line per version (lists comma-separated, ISO times). A layer without versions does not
 * exist (ListLayerVersions answers an empty list for a name it does not know). */
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
#include "output.h"
#include "text.h"

#define NCOLS 6

static const char *const layer_heads[NCOLS] = {N_("VERSION"),  N_("CREATED"),
                                               N_("RUNTIMES"), N_("ARCHITECTURES"),
                                               N_("LICENSE"),  N_("DESCRIPTION")};

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static int newest_first(const void *pa, const void *pb)
{
    const struct sl_lambda_layer_version *a = pa, *b = pb;

    return a->version < b->version ? 1 : a->version > b->version ? -1 : 0;
}

/* The layer's ARN: a version ARN without its ":N". */
static void layer_arn(const struct sl_lambda_layer_version *v, char *out, size_t outlen)
{
    const char *colon;

    out[0] = '\0';
    if (!v->arn)
        return;
    colon = strrchr(v->arn, ':');
    if (colon && colon > v->arn && strstr(v->arn, ":layer:"))
        snprintf(out, outlen, "%.*s", (int)(colon - v->arn), v->arn);
}

/* The name inside "arn:aws:lambda:REGION:ACCOUNT:layer:NAME", else what was given. */
static const char *layer_name(const char *arn, const char *given)
{
    const char *p = arn ? strstr(arn, ":layer:") : NULL;

    return p && p[7] ? p + 7 : given;
}

static int print_rows(const struct sl_lambda_layer_version *v, size_t n, enum sl_output_format fmt,
                      const char *name, const char *arn)
{
    struct sl_column cols[NCOLS];
    struct sl_rows rows;
    long long now = sl_clock_now_ms(sl_clock_system());
    const char *sep = fmt == SL_OUT_TABLE ? ", " : ",";
    size_t i;
    int rc = 0;

    sl_fmt_columns(cols, layer_heads, NCOLS);
    sl_rows_init(&rows, cols, NCOLS);
    if (fmt == SL_OUT_TEXT) {
        const char *head[2] = {name, nonempty(arn)};

        sl_fmt_text_line(stdout, "LAYER", head, 2);
    }
    for (i = 0; i < n && !rc; i++) {
        char num[SL_FMT_SHORT], when[SL_FMT_SHORT];
        char *runtimes = sl_fmt_join(v[i].compatible_runtimes, v[i].n_compatible_runtimes, sep);
        char *archs =
            sl_fmt_join(v[i].compatible_architectures, v[i].n_compatible_architectures, sep);
        const char *cells[NCOLS];

        snprintf(num, sizeof(num), "%lld", v[i].version);
        if (fmt == SL_OUT_TABLE)
            sl_fmt_relative(v[i].created_ms, now, when, sizeof(when));
        else
            sl_fmt_iso(v[i].created_ms, when, sizeof(when));
        cells[0] = num;
        cells[1] = nonempty(when) ? when : nonempty(v[i].created_date);
        cells[2] = runtimes ? nonempty(runtimes) : NULL;
        cells[3] = archs ? nonempty(archs) : NULL;
        cells[4] = nonempty(v[i].license_info);
        cells[5] = nonempty(v[i].description);
        if (!runtimes || !archs)
            rc = -1;
        else if (fmt == SL_OUT_TEXT)
            sl_fmt_text_line(stdout, "VERSION", cells, NCOLS);
        else
            rc = sl_rows_add(&rows, cells);
        free(runtimes);
        free(archs);
    }
    if (!rc && fmt == SL_OUT_TABLE) {
        char *safe = sl_text_sanitized(name);
        char *safe_arn = sl_text_sanitized(arn);

        printf(_("Layer %s\n"), safe ? safe : "");
        if (safe_arn && *safe_arn)
            printf("%s\n", safe_arn);
        putchar('\n');
        free(safe);
        free(safe_arn);
        printf("%s\n", _("Versions (newest first)"));
        sl_output_write(stdout, SL_OUT_TABLE, &rows, "LayerVersions", sl_output_width());
    }
    sl_rows_free(&rows);
    return rc;
}

static int print_json(const struct sl_lambda_layer_version *v, size_t n, const char *name,
                      const char *arn)
{
    struct sl_json *top = sl_json_new_object(), *a = sl_json_new_array();
    size_t i;

    sl_json_add_string(top, "LayerName", name);
    sl_awsjson_add_str(top, "LayerArn", arn);
    for (i = 0; i < n; i++)
        sl_json_add(a, NULL, sl_awsjson_layer_version(&v[i], 0));
    sl_json_add(top, "LayerVersions", a);
    return sl_awsjson_print(stdout, &top);
}

int sl_cmd_layer(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_lambda_layer_version *v = NULL;
    struct sl_error err;
    enum sl_output_format fmt = g->output_set ? g->output : SL_OUT_TABLE;
    char arn[1024];
    const char *name;
    size_t n = 0;
    enum sl_err rc;
    int ex = SL_EXIT_OK;

    if (argc < 2)
        return sl_cli_usage("layer", "%s", _("layer needs the name of a layer"));
    if (argc > 2)
        return sl_cli_usage("layer", _("layer takes one name, not also \"%s\""), argv[2]);
    name = argv[1];
    if (!*name || name[0] == '-')
        return sl_cli_usage("layer", _("\"%s\" is not a layer name"), name);
    ex = sl_cli_client(g, &c);
    if (ex)
        return ex;
    sl_error_clear(&err);
    rc = sl_lambda_list_layer_versions(c, name, NULL, NULL, &v, &n, &err);
    if (!rc && !n) {
        snprintf(err.message, sizeof(err.message), _("The layer \"%s\" was not found in %s."), name,
                 sl_client_region(c));
        rc = SL_ENOTFOUND;
    }
    if (rc) {
        ex = sl_fmt_fail(rc, &err);
        goto out;
    }
    qsort(v, n, sizeof(*v), newest_first);
    layer_arn(&v[0], arn, sizeof(arn));
    name = layer_name(arn, name);
    if (fmt == SL_OUT_JSON)
        rc = print_json(v, n, name, arn) < 0 ? SL_ENOMEM : SL_OK;
    else
        rc = print_rows(v, n, fmt, name, arn) < 0 ? SL_ENOMEM : SL_OK;
    if (rc)
        ex = sl_fmt_fail(rc, NULL);
out:
    sl_lambda_layer_versions_free(&v, n);
    sl_client_free(&c);
    return ex;
}
