/* slctl function NAME: one Lambda function for a person on call: its configuration with state
 * and last update, layers, the names (never the values) of its environment variables, aliases,
 * versions (newest first) and the last hour of metrics (invocations, errors, throttles, p99
 * duration) from CloudWatch GetMetricData.
 *
 * json: {"Configuration": {...}, "Code": {...}, "Tags": {...}, "Concurrency": {...},
 * "Aliases": [...], "Versions": [...], "Metrics": {summary}, "MetricDataResults": [...]};
 * text: tab-separated lines whose first field names the section (FUNCTION, LAYER, ENV, ALIAS,
 * VERSION, METRIC).
 *
 * GetFunction runs first (it says whether the function exists); aliases, versions and metrics
 * are then read at the same time. Everything is read before anything is printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_json.h"
#include "buf.h"
#include "cli.h"
#include "client.h"
#include "clock.h"
#include "cloudwatch.h"
#include "format.h"
#include "i18n.h"
#include "json.h"
#include "lambda.h"
#include "output.h"

/* The window and bucket size of the metrics. */
#define FUNCTION_METRICS_WINDOW_MS (3600LL * 1000)
#define FUNCTION_METRICS_PERIOD_S  300
/* Numbered versions listed in the table (json and text list all). */
#define FUNCTION_TABLE_VERSIONS 10

struct function_run {
    struct sl_lambda_function *f;
    /* aliases */
    struct sl_lambda_alias *aliases;
    size_t n_aliases;
    int aliases_done;
    enum sl_err aliases_rc;
    struct sl_error aliases_err;
    /* versions, as listed (oldest first) until sorted */
    struct sl_lambda_function *versions;
    size_t n_versions;
    int versions_done;
    enum sl_err versions_rc;
    struct sl_error versions_err;
    struct sl_lambda_list *aliases_list, *versions_list;
    /* metrics */
    struct sl_cw_lambda_metrics m;
    int metrics_done;
    enum sl_err metrics_rc;
    struct sl_error metrics_err;
    int oom;
};

/* The totals of the window. */
struct function_metrics {
    double invocations, errors, throttles;
    double p99; /* the highest bucket */
    int has_p99;
};

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static int append(void **all, size_t *n_all, void *items, size_t n, size_t sz)
{
    char *p;

    if (!n)
        return 0;
    p = realloc(*all, (*n_all + n) * sz);
    if (!p)
        return -1;
    memcpy(p + *n_all * sz, items, n * sz);
    *all = p;
    *n_all += n;
    return 0;
}

static void on_page(struct sl_lambda_list *l, struct sl_lambda_page *page, void *ud)
{
    struct function_run *r = ud;
    void *all;

    if (r->oom) {
        sl_lambda_page_free(page);
        return;
    }
    if (page->kind == SL_LAMBDA_LIST_ALIASES) {
        all = r->aliases;
        if (append(&all, &r->n_aliases, page->aliases, page->n, sizeof(*page->aliases)) < 0) {
            r->oom = 1;
            sl_lambda_page_free(page);
            return;
        }
        r->aliases = all;
        free(page->aliases); /* the items moved */
        page->aliases = NULL;
    } else {
        all = r->versions;
        if (append(&all, &r->n_versions, page->functions, page->n, sizeof(*page->functions)) < 0) {
            r->oom = 1;
            sl_lambda_page_free(page);
            return;
        }
        r->versions = all;
        free(page->functions);
        page->functions = NULL;
    }
    page->n = 0;
}

static void on_list_done(struct sl_lambda_list *l, enum sl_err rc, const struct sl_error *err,
                         void *ud)
{
    struct function_run *r = ud;

    if (l == r->aliases_list) {
        r->aliases_done = 1;
        r->aliases_rc = rc;
        if (err)
            r->aliases_err = *err;
    } else {
        r->versions_done = 1;
        r->versions_rc = rc;
        if (err)
            r->versions_err = *err;
    }
}

static void on_metrics_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct function_run *r = ud;

    r->metrics_done = 1;
    r->metrics_rc = rc;
    if (err)
        r->metrics_err = *err;
}

static int is_latest(const struct sl_lambda_function *v)
{
    return !v->version || !strcmp(v->version, "$LATEST");
}

/* "$LATEST" first, then the numbered versions from the newest. */
static int version_cmp(const void *pa, const void *pb)
{
    const struct sl_lambda_function *a = pa, *b = pb;
    long long va, vb;

    if (is_latest(a) || is_latest(b))
        return is_latest(b) - is_latest(a);
    va = strtoll(a->version, NULL, 10);
    vb = strtoll(b->version, NULL, 10);
    return va < vb ? 1 : va > vb ? -1 : 0;
}

static void metrics_totals(const struct sl_cw_lambda_metrics *m, struct function_metrics *t)
{
    size_t i;

    memset(t, 0, sizeof(*t));
    for (i = 0; i < m->n; i++) {
        if (m->present[SL_CW_LAMBDA_INVOCATIONS][i])
            t->invocations += m->values[SL_CW_LAMBDA_INVOCATIONS][i];
        if (m->present[SL_CW_LAMBDA_ERRORS][i])
            t->errors += m->values[SL_CW_LAMBDA_ERRORS][i];
        if (m->present[SL_CW_LAMBDA_THROTTLES][i])
            t->throttles += m->values[SL_CW_LAMBDA_THROTTLES][i];
        if (m->present[SL_CW_LAMBDA_DURATION_P99][i] &&
            (!t->has_p99 || m->values[SL_CW_LAMBDA_DURATION_P99][i] > t->p99)) {
            t->p99 = m->values[SL_CW_LAMBDA_DURATION_P99][i];
            t->has_p99 = 1;
        }
    }
}

/* "arm64", "x86_64, arm64"; "" when none. Caller frees. */
static char *joined(char *const *v, size_t n, const char *sep)
{
    return sl_fmt_join(v, n, sep);
}

static char *routing_text(const struct sl_lambda_alias *a, int table)
{
    struct sl_buf b;
    size_t i;

    sl_buf_init(&b, 0);
    for (i = 0; i < a->n_weights; i++) {
        if (table)
            sl_buf_appendf(&b, "%s%s: %.0f%%", i ? ", " : "", a->weights[i].version,
                           a->weights[i].weight * 100.0);
        else
            sl_buf_appendf(&b, "%s%s=%g", i ? "," : "", a->weights[i].version,
                           a->weights[i].weight);
    }
    return sl_buf_take(&b);
}

/* ---- table ------------------------------------------------------------------------------- */

static void table_config(const struct sl_lambda_function *f, long long now, int width)
{
    static const char *const keys[] = {
        N_("Name"),
        N_("Description"),
        N_("State"),
        N_("Last update"),
        N_("Runtime"),
        N_("Handler"),
        N_("Architecture"),
        N_("Memory"),
        N_("Timeout"),
        N_("Ephemeral storage"),
        N_("Code size"),
        N_("Last modified"),
        N_("Reserved concurrency"),
        N_("Role"),
        N_("Log group"),
        N_("Tracing"),
        N_("VPC"),
        N_("Tags"),
        N_("ARN"),
    };
    enum { NKEYS = sizeof(keys) / sizeof(keys[0]) };
    struct sl_column cols[NKEYS];
    struct sl_rows rows;
    char state[1400], update[1400], mem[SL_FMT_SHORT], tmo[SL_FMT_SHORT], eph[SL_FMT_SHORT],
        size[SL_FMT_SHORT], modified[2 * SL_FMT_SHORT + 8], rel[SL_FMT_SHORT], iso[SL_FMT_SHORT],
        conc[SL_FMT_SHORT];
    char *arch = joined(f->architectures, f->n_architectures, ", ");
    struct sl_buf tags, vpc;
    const char *v[NKEYS];
    size_t i;

    sl_buf_init(&tags, 0);
    sl_buf_init(&vpc, 0);
    for (i = 0; i < f->n_tags; i++)
        sl_buf_appendf(&tags, "%s%s=%s", i ? ", " : "", f->tags[i].key,
                       f->tags[i].value ? f->tags[i].value : "");
    if (nonempty(f->vpc_id))
        sl_buf_appendf(&vpc, _("%s (%zu subnets, %zu security groups)"), f->vpc_id, f->n_subnet_ids,
                       f->n_security_group_ids);
    state[0] = update[0] = mem[0] = tmo[0] = eph[0] = conc[0] = modified[0] = '\0';
    if (nonempty(f->state))
        snprintf(state, sizeof(state), "%s%s%s%s%s%s", f->state,
                 nonempty(f->state_reason) ? ": " : "", f->state_reason ? f->state_reason : "",
                 nonempty(f->state_reason_code) ? " (" : "",
                 f->state_reason_code ? f->state_reason_code : "",
                 nonempty(f->state_reason_code) ? ")" : "");
    if (nonempty(f->last_update_status))
        snprintf(update, sizeof(update), "%s%s%s%s%s%s", f->last_update_status,
                 nonempty(f->last_update_status_reason) ? ": " : "",
                 f->last_update_status_reason ? f->last_update_status_reason : "",
                 nonempty(f->last_update_status_reason_code) ? " (" : "",
                 f->last_update_status_reason_code ? f->last_update_status_reason_code : "",
                 nonempty(f->last_update_status_reason_code) ? ")" : "");
    if (f->memory_mb >= 0)
        snprintf(mem, sizeof(mem), "%d MB", f->memory_mb);
    if (f->timeout_s >= 0)
        snprintf(tmo, sizeof(tmo), "%d s", f->timeout_s);
    if (f->ephemeral_storage_mb >= 0)
        snprintf(eph, sizeof(eph), "%d MB", f->ephemeral_storage_mb);
    if (f->reserved_concurrency >= 0)
        snprintf(conc, sizeof(conc), "%d", f->reserved_concurrency);
    sl_fmt_bytes(f->code_size, size, sizeof(size));
    if (f->last_modified_ms > 0) {
        sl_fmt_relative(f->last_modified_ms, now, rel, sizeof(rel));
        sl_fmt_iso(f->last_modified_ms, iso, sizeof(iso));
        snprintf(modified, sizeof(modified), "%s (%s)", rel, iso);
    }
    v[0] = f->name;
    v[1] = nonempty(f->description);
    v[2] = nonempty(state);
    v[3] = nonempty(update);
    v[4] = f->runtime ? f->runtime : nonempty(f->image_uri);
    v[5] = nonempty(f->handler);
    v[6] = arch ? nonempty(arch) : NULL;
    v[7] = nonempty(mem);
    v[8] = nonempty(tmo);
    v[9] = nonempty(eph);
    v[10] = nonempty(size);
    v[11] = nonempty(modified);
    v[12] = nonempty(conc);
    v[13] = nonempty(f->role);
    v[14] = nonempty(f->log_group);
    v[15] = nonempty(f->tracing_mode);
    v[16] = nonempty(sl_buf_str(&vpc));
    v[17] = nonempty(sl_buf_str(&tags));
    v[18] = nonempty(f->arn);
    sl_fmt_columns(cols, keys, NKEYS);
    sl_rows_init(&rows, cols, NKEYS);
    printf("%s\n", _("Function"));
    if (sl_rows_add(&rows, v) == 0)
        sl_output_write(stdout, SL_OUT_TABLE, &rows, NULL, 0); /* never cut: ARNs get copied */
    putchar('\n');
    sl_rows_free(&rows);
    sl_buf_free(&tags);
    sl_buf_free(&vpc);
    free(arch);
}

static void table_section(const char *title, struct sl_rows *rows, int width)
{
    printf("%s\n", title);
    if (rows->nrows)
        sl_output_write(stdout, SL_OUT_TABLE, rows, "rows", width);
    else
        printf("  %s\n", _("(none)"));
    putchar('\n');
}

static int print_table(struct function_run *r)
{
    static const char *const layer_heads[] = {N_("ARN"), N_("SIZE")};
    static const char *const alias_heads[] = {N_("NAME"), N_("VERSION"), N_("ROUTING"),
                                              N_("DESCRIPTION")};
    static const char *const version_heads[] = {N_("VERSION"), N_("MODIFIED"), N_("SIZE"),
                                                N_("DESCRIPTION")};
    const struct sl_lambda_function *f = r->f;
    long long now = sl_clock_now_ms(sl_clock_system());
    int width = sl_output_width(), rc = 0;
    struct function_metrics t;
    struct sl_column cols[4];
    struct sl_rows rows;
    size_t i, shown = 0;
    char buf[SL_FMT_SHORT];

    table_config(f, now, width);

    sl_fmt_columns(cols, layer_heads, 2);
    sl_rows_init(&rows, cols, 2);
    for (i = 0; i < f->n_layers && !rc; i++) {
        const char *v[2];

        sl_fmt_bytes(f->layers[i].code_size, buf, sizeof(buf));
        v[0] = f->layers[i].arn;
        v[1] = nonempty(buf);
        rc = sl_rows_add(&rows, v);
    }
    table_section(_("Layers"), &rows, width);
    sl_rows_free(&rows);

    printf("%s\n", _("Environment variables (names only)"));
    if (!f->n_env)
        printf("  %s\n", _("(none)"));
    for (i = 0; i < f->n_env; i++)
        sl_fmt_wrap(stdout, f->env[i].name, 2, 0);
    putchar('\n');

    sl_fmt_columns(cols, alias_heads, 4);
    sl_rows_init(&rows, cols, 4);
    for (i = 0; i < r->n_aliases && !rc; i++) {
        char *routing = routing_text(&r->aliases[i], 1);
        const char *v[4];

        v[0] = r->aliases[i].name;
        v[1] = nonempty(r->aliases[i].function_version);
        v[2] = routing ? nonempty(routing) : NULL;
        v[3] = nonempty(r->aliases[i].description);
        rc = sl_rows_add(&rows, v);
        free(routing);
    }
    table_section(_("Aliases"), &rows, width);
    sl_rows_free(&rows);

    sl_fmt_columns(cols, version_heads, 4);
    sl_rows_init(&rows, cols, 4);
    for (i = 0; i < r->n_versions && !rc; i++) {
        const struct sl_lambda_function *v = &r->versions[i];
        char rel[SL_FMT_SHORT];
        const char *cells[4];
        int latest = is_latest(v);

        if (!latest && shown++ >= FUNCTION_TABLE_VERSIONS)
            continue;
        sl_fmt_relative(v->last_modified_ms, now, rel, sizeof(rel));
        sl_fmt_bytes(v->code_size, buf, sizeof(buf));
        cells[0] = v->version;
        cells[1] = nonempty(rel);
        cells[2] = nonempty(buf);
        cells[3] = nonempty(v->description);
        rc = sl_rows_add(&rows, cells);
    }
    table_section(_("Versions"), &rows, width);
    if (shown > FUNCTION_TABLE_VERSIONS)
        printf(_("(%zu older versions not shown; --output json lists them all)\n\n"),
               shown - FUNCTION_TABLE_VERSIONS);
    sl_rows_free(&rows);

    metrics_totals(&r->m, &t);
    printf("%s\n", _("Last hour"));
    printf("  %-14s %.0f\n", _("Invocations"), t.invocations);
    if (t.invocations > 0)
        printf("  %-14s %.0f (%.1f%%)\n", _("Errors"), t.errors, 100.0 * t.errors / t.invocations);
    else
        printf("  %-14s %.0f\n", _("Errors"), t.errors);
    printf("  %-14s %.0f\n", _("Throttles"), t.throttles);
    if (t.has_p99) {
        sl_fmt_duration_ms(t.p99, buf, sizeof(buf));
        printf("  %-14s %s %s\n", _("Duration p99"), buf, _("(worst 5 minutes)"));
    } else {
        printf("  %-14s %s\n", _("Duration p99"), _("no data"));
    }
    return rc;
}

/* ---- text -------------------------------------------------------------------------------- */

static void print_text(struct function_run *r)
{
    const struct sl_lambda_function *f = r->f;
    char mem[SL_FMT_SHORT], tmo[SL_FMT_SHORT], size[SL_FMT_SHORT], when[SL_FMT_SHORT];
    char *arch = joined(f->architectures, f->n_architectures, ",");
    struct function_metrics t;
    const char *v[11];
    size_t i;

    snprintf(mem, sizeof(mem), "%d", f->memory_mb);
    snprintf(tmo, sizeof(tmo), "%d", f->timeout_s);
    snprintf(size, sizeof(size), "%lld", f->code_size);
    sl_fmt_iso(f->last_modified_ms, when, sizeof(when));
    v[0] = f->name;
    v[1] = nonempty(f->state);
    v[2] = nonempty(f->last_update_status);
    v[3] = nonempty(f->runtime);
    v[4] = nonempty(f->handler);
    v[5] = arch ? nonempty(arch) : NULL;
    v[6] = f->memory_mb >= 0 ? mem : NULL;
    v[7] = f->timeout_s >= 0 ? tmo : NULL;
    v[8] = f->code_size >= 0 ? size : NULL;
    v[9] = nonempty(when);
    v[10] = nonempty(f->arn);
    sl_fmt_text_line(stdout, "FUNCTION", v, 11);
    free(arch);
    for (i = 0; i < f->n_layers; i++) {
        snprintf(size, sizeof(size), "%lld", f->layers[i].code_size);
        v[0] = f->layers[i].arn;
        v[1] = f->layers[i].code_size >= 0 ? size : NULL;
        sl_fmt_text_line(stdout, "LAYER", v, 2);
    }
    for (i = 0; i < f->n_env; i++) {
        v[0] = f->env[i].name;
        sl_fmt_text_line(stdout, "ENV", v, 1);
    }
    for (i = 0; i < r->n_aliases; i++) {
        char *routing = routing_text(&r->aliases[i], 0);

        v[0] = r->aliases[i].name;
        v[1] = nonempty(r->aliases[i].function_version);
        v[2] = routing ? nonempty(routing) : NULL;
        v[3] = nonempty(r->aliases[i].description);
        sl_fmt_text_line(stdout, "ALIAS", v, 4);
        free(routing);
    }
    for (i = 0; i < r->n_versions; i++) {
        const struct sl_lambda_function *x = &r->versions[i];

        sl_fmt_iso(x->last_modified_ms, when, sizeof(when));
        snprintf(size, sizeof(size), "%lld", x->code_size);
        v[0] = x->version;
        v[1] = nonempty(when);
        v[2] = x->code_size >= 0 ? size : NULL;
        v[3] = nonempty(x->code_sha256);
        v[4] = nonempty(x->description);
        sl_fmt_text_line(stdout, "VERSION", v, 5);
    }
    metrics_totals(&r->m, &t);
    snprintf(size, sizeof(size), "%.0f", t.invocations);
    v[0] = "Invocations";
    v[1] = size;
    sl_fmt_text_line(stdout, "METRIC", v, 2);
    snprintf(size, sizeof(size), "%.0f", t.errors);
    v[0] = "Errors";
    sl_fmt_text_line(stdout, "METRIC", v, 2);
    snprintf(size, sizeof(size), "%.0f", t.throttles);
    v[0] = "Throttles";
    sl_fmt_text_line(stdout, "METRIC", v, 2);
    snprintf(size, sizeof(size), "%.1f", t.p99);
    v[0] = "DurationP99";
    v[1] = t.has_p99 ? size : NULL;
    sl_fmt_text_line(stdout, "METRIC", v, 2);
}

/* ---- json -------------------------------------------------------------------------------- */

static struct sl_json *metrics_json(const struct sl_cw_lambda_metrics *m)
{
    static const char *const labels[SL_CW_LAMBDA_NSERIES] = {
        "Invocations", "Errors", "Throttles", "Duration p50", "Duration p99",
    };
    struct sl_json *a = sl_json_new_array(), *o, *ts, *vs;
    char iso[SL_FMT_SHORT];
    size_t s, i;

    for (s = 0; s < SL_CW_LAMBDA_NSERIES; s++) {
        o = sl_json_new_object();
        ts = sl_json_new_array();
        vs = sl_json_new_array();
        sl_json_add_string(o, "Id", sl_cw_lambda_series_id((enum sl_cw_lambda_series)s));
        sl_json_add_string(o, "Label", labels[s]);
        /* Newest first, like GetMetricData; only the buckets CloudWatch sent. */
        for (i = m->n; i-- > 0;) {
            if (!m->present[s][i])
                continue;
            sl_fmt_iso(m->times[i], iso, sizeof(iso));
            sl_json_add_string(ts, NULL, iso);
            sl_json_add_number(vs, NULL, m->values[s][i]);
        }
        sl_json_add(o, "Timestamps", ts);
        sl_json_add(o, "Values", vs);
        sl_json_add_string(o, "StatusCode", m->status[s][0] ? m->status[s] : "Complete");
        sl_json_add(a, NULL, o);
    }
    return a;
}

static int print_json(struct function_run *r)
{
    const struct sl_lambda_function *f = r->f;
    struct sl_json *top = sl_json_new_object(), *o, *a;
    struct function_metrics t;
    size_t i;

    sl_json_add(top, "Configuration", sl_awsjson_function(f));
    if (nonempty(f->code_repository_type) || nonempty(f->image_uri)) {
        o = sl_json_new_object();
        sl_awsjson_add_str(o, "RepositoryType", f->code_repository_type);
        sl_awsjson_add_str(o, "ImageUri", f->image_uri);
        sl_json_add(top, "Code", o);
    }
    if (f->n_tags) {
        o = sl_json_new_object();
        for (i = 0; i < f->n_tags; i++)
            sl_json_add_string(o, f->tags[i].key, f->tags[i].value);
        sl_json_add(top, "Tags", o);
    }
    if (f->reserved_concurrency >= 0) {
        o = sl_json_new_object();
        sl_json_add_number(o, "ReservedConcurrentExecutions", f->reserved_concurrency);
        sl_json_add(top, "Concurrency", o);
    }
    a = sl_json_new_array();
    for (i = 0; i < r->n_aliases; i++)
        sl_json_add(a, NULL, sl_awsjson_alias(&r->aliases[i]));
    sl_json_add(top, "Aliases", a);
    a = sl_json_new_array();
    for (i = 0; i < r->n_versions; i++)
        sl_json_add(a, NULL, sl_awsjson_function(&r->versions[i]));
    sl_json_add(top, "Versions", a);
    metrics_totals(&r->m, &t);
    o = sl_json_new_object();
    sl_awsjson_add_time(o, "StartTime", r->m.start_ms);
    sl_awsjson_add_time(o, "EndTime", r->m.end_ms);
    sl_json_add_number(o, "Period", r->m.period_s);
    sl_json_add_number(o, "Invocations", t.invocations);
    sl_json_add_number(o, "Errors", t.errors);
    sl_json_add_number(o, "Throttles", t.throttles);
    if (t.has_p99)
        sl_json_add_number(o, "DurationP99", t.p99);
    else
        sl_json_add_string(o, "DurationP99", NULL);
    sl_json_add(top, "Metrics", o);
    sl_json_add(top, "MetricDataResults", metrics_json(&r->m));
    return sl_awsjson_print(stdout, &top);
}

/* ---- the command ------------------------------------------------------------------------- */

int sl_cmd_function(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_cw_op *mop = NULL;
    struct sl_lambda_list_params lp;
    struct function_run r;
    struct sl_error err;
    enum sl_output_format fmt = g->output_set ? g->output : SL_OUT_TABLE;
    const char *name;
    long long now;
    enum sl_err rc;
    int ex = SL_EXIT_OK;

    memset(&r, 0, sizeof(r));
    if (argc < 2)
        return sl_cli_usage("function", "%s", _("function needs the name of a function"));
    if (argc > 2)
        return sl_cli_usage("function", _("function takes one name, not also \"%s\""), argv[2]);
    name = argv[1];
    if (!*name || name[0] == '-')
        return sl_cli_usage("function", _("\"%s\" is not a function name"), name);
    ex = sl_cli_client(g, &c);
    if (ex)
        return ex;
    sl_error_clear(&err);
    rc = sl_lambda_get_function(c, name, NULL, 0, &r.f, &err);
    if (rc) {
        ex = sl_fmt_fail(rc, &err);
        goto out;
    }
    name = r.f->name ? r.f->name : name; /* the name, also when given an ARN */

    sl_error_clear(&r.aliases_err);
    sl_error_clear(&r.versions_err);
    sl_error_clear(&r.metrics_err);
    memset(&lp, 0, sizeof(lp));
    lp.name = name;
    lp.kind = SL_LAMBDA_LIST_ALIASES;
    rc = sl_lambda_list_start(c, &lp, on_page, on_list_done, &r, &r.aliases_list, &err);
    if (!rc) {
        lp.kind = SL_LAMBDA_LIST_VERSIONS;
        rc = sl_lambda_list_start(c, &lp, on_page, on_list_done, &r, &r.versions_list, &err);
    }
    if (!rc) {
        now = sl_clock_now_ms(sl_clock_system());
        rc = sl_cw_lambda_metrics_init(&r.m, now - FUNCTION_METRICS_WINDOW_MS, now,
                                       FUNCTION_METRICS_PERIOD_S);
    }
    if (!rc)
        rc = sl_cw_lambda_metrics_start(c, name, &r.m, NULL, on_metrics_done, &r, &mop);
    if (rc) {
        /* What was started finishes (cancelled) before anything is freed. */
        sl_lambda_list_cancel(r.aliases_list);
        sl_lambda_list_cancel(r.versions_list);
        r.metrics_done = 1;
        ex = sl_fmt_fail(rc, &err);
    }
    while ((r.aliases_list && !r.aliases_done) || (r.versions_list && !r.versions_done) ||
           !r.metrics_done)
        sl_client_run(c, 1000, -1);
    if (ex)
        goto out;
    if (r.aliases_rc || r.versions_rc || r.metrics_rc) {
        if (r.aliases_rc)
            ex = sl_fmt_fail(r.aliases_rc, &r.aliases_err);
        else if (r.versions_rc)
            ex = sl_fmt_fail(r.versions_rc, &r.versions_err);
        else
            ex = sl_fmt_fail(r.metrics_rc, &r.metrics_err);
        goto out;
    }
    if (r.oom) {
        ex = sl_fmt_fail(SL_ENOMEM, NULL);
        goto out;
    }
    if (r.n_versions > 1)
        qsort(r.versions, r.n_versions, sizeof(*r.versions), version_cmp);
    switch (fmt) {
    case SL_OUT_JSON:
        if (print_json(&r) < 0)
            ex = sl_fmt_fail(SL_ENOMEM, NULL);
        break;
    case SL_OUT_TEXT:
        print_text(&r);
        break;
    case SL_OUT_TABLE:
        if (print_table(&r) < 0)
            ex = sl_fmt_fail(SL_ENOMEM, NULL);
        break;
    }
out:
    sl_cw_op_free(&mop);
    sl_lambda_list_free(&r.aliases_list);
    sl_lambda_list_free(&r.versions_list);
    sl_lambda_aliases_free(&r.aliases, r.n_aliases);
    sl_lambda_functions_free(&r.versions, r.n_versions);
    sl_cw_lambda_metrics_cleanup(&r.m);
    sl_lambda_function_free(&r.f);
    sl_client_free(&c);
    return ex;
}
