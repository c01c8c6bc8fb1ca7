#include "view_publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "client.h"
#include "format.h"
#include "frame.h"
#include "i18n.h"
#include "lambda.h"
#include "layer_zip.h"
#include "list_view.h"
#include "path_complete.h"
#include "text.h"
#include "theme.h"
#include "view.h"
#include "views.h"

enum pub_state {
    PUB_PATH,       /* the path prompt is open */
    PUB_CONFIRM,    /* the summary waits for a yes */
    PUB_PUBLISHING, /* PublishLayerVersion is on its way */
};

struct publish_view;

/* The running PublishLayerVersion; outlives a view closed meanwhile (view NULL). */
struct pub_job {
    struct sl_call call;
    struct publish_view *view;
};

/* The lookup of the latest version (runtimes, architectures); outlives the view too. */
struct pub_lookup {
    struct sl_lambda_list *list;
    struct publish_view *view;
    long long best; /* the highest version seen */
};

struct publish_view {
    struct sl_view base;
    char *layer;
    enum pub_state state;
    struct sl_view *origin; /* the layer list or versions view it was opened from */
    /* the defaults: the latest version's runtimes and architectures */
    long long latest;
    char *runtimes[SL_LAMBDA_LAYER_RUNTIMES_MAX];
    size_t n_runtimes;
    char *archs[SL_LAMBDA_LAYER_ARCHITECTURES_MAX];
    size_t n_archs;
    struct pub_lookup *lookup; /* running, or NULL */
    int looked_up;             /* the defaults are known (or could not be) */
    /* the source */
    char path[1024]; /* as typed */
    int from_dir;
    struct sl_layer_zip zip;
    char *warning; /* the layout warning, or NULL */
    struct pub_job *job;
    char error[640]; /* the last attempt's failure, "" when none */
};

/* ---- the defaults ------------------------------------------------------------------------- */

static void defaults_clear(struct publish_view *pv)
{
    size_t i;

    for (i = 0; i < pv->n_runtimes; i++)
        free(pv->runtimes[i]);
    for (i = 0; i < pv->n_archs; i++)
        free(pv->archs[i]);
    pv->n_runtimes = pv->n_archs = 0;
}

static void defaults_take(struct publish_view *pv, const struct sl_lambda_layer_version *lv)
{
    size_t i;

    defaults_clear(pv);
    pv->latest = lv->version;
    for (i = 0; i < lv->n_compatible_runtimes && i < SL_LAMBDA_LAYER_RUNTIMES_MAX; i++)
        if ((pv->runtimes[pv->n_runtimes] = strdup(lv->compatible_runtimes[i])) != NULL)
            pv->n_runtimes++;
    for (i = 0; i < lv->n_compatible_architectures && i < SL_LAMBDA_LAYER_ARCHITECTURES_MAX; i++)
        if ((pv->archs[pv->n_archs] = strdup(lv->compatible_architectures[i])) != NULL)
            pv->n_archs++;
}

/* The layout warning for the runtimes: one per family (Node.js, Python), the first found. */
static void warning_update(struct publish_view *pv)
{
    size_t i;

    free(pv->warning);
    pv->warning = NULL;
    for (i = 0; i < pv->n_runtimes && !pv->warning && pv->zip.data; i++)
        pv->warning = sl_layer_zip_layout_warning(pv->zip.names, pv->zip.n_names, pv->runtimes[i]);
}

static void lookup_page(struct sl_lambda_list *l, struct sl_lambda_page *page, void *ud)
{
    struct pub_lookup *lk = ud;
    size_t i;

    for (i = 0; lk->view && i < page->n; i++) {
        if (page->layer_versions[i].version > lk->best) {
            lk->best = page->layer_versions[i].version;
            defaults_take(lk->view, &page->layer_versions[i]);
        }
    }
    sl_lambda_page_free(page);
}

static void lookup_done(struct sl_lambda_list *l, enum sl_err rc, const struct sl_error *err,
                        void *ud)
{
    struct pub_lookup *lk = ud;
    struct publish_view *pv = lk->view;

    sl_lambda_list_free(&lk->list);
    free(lk);
    if (!pv)
        return;
    /* without a version to copy from, the layer is published without runtimes */
    pv->lookup = NULL;
    pv->looked_up = 1;
    warning_update(pv);
    sl_app_dirty(pv->base.app);
}

static void lookup_start(struct publish_view *pv)
{
    struct sl_lambda_list_params p;
    struct pub_lookup *lk = calloc(1, sizeof(*lk));
    struct sl_error err;

    if (!lk) {
        pv->looked_up = 1;
        return;
    }
    memset(&p, 0, sizeof(p));
    p.kind = SL_LAMBDA_LIST_LAYER_VERSIONS;
    p.name = pv->layer;
    p.max_pages = 1; /* newest first: the first page has the latest */
    lk->view = pv;
    lk->best = -1;
    sl_error_clear(&err);
    if (sl_lambda_list_start(sl_app_client(pv->base.app), &p, lookup_page, lookup_done, lk,
                             &lk->list, &err)) {
        free(lk);
        pv->looked_up = 1;
        return;
    }
    pv->lookup = lk;
}

/* ---- the source ---------------------------------------------------------------------------- */

static void path_done(struct sl_view *v, const char *text);

static void ask_path(struct publish_view *pv)
{
    char label[512];

    pv->state = PUB_PATH;
    snprintf(label, sizeof(label), _("Publish %s from (a folder or .zip; Tab completes): "),
             pv->layer);
    sl_app_prompt(pv->base.app, &pv->base, label, pv->path, NULL, path_done);
    sl_app_prompt_complete(pv->base.app, sl_path_complete);
}

/* Ends the view with a sentence in the status line. */
static void give_up(struct publish_view *pv, enum sl_err rc, const struct sl_error *err)
{
    sl_app_error(pv->base.app, rc, err);
    sl_app_close(pv->base.app, &pv->base, NULL);
}

static void path_done(struct sl_view *v, const char *text)
{
    struct publish_view *pv = (struct publish_view *)v;
    struct sl_lambda_publish_layer_params p;
    struct sl_error err;
    struct stat st;
    enum sl_err rc;
    char *path, *safe;

    if (!text || !text[0]) {
        sl_app_close(v->app, v, NULL);
        return;
    }
    snprintf(pv->path, sizeof(pv->path), "%s", text);
    sl_layer_zip_free(&pv->zip);
    sl_error_clear(&err);
    path = sl_path_expand(text);
    if (!path) {
        give_up(pv, SL_ENOMEM, NULL);
        return;
    }
    if (stat(path, &st) != 0) {
        safe = sl_text_sanitized(text);
        sl_error_set(&err, SL_ENOTFOUND, _("%s does not exist."), safe ? safe : "?");
        free(safe);
        free(path);
        give_up(pv, SL_ENOTFOUND, &err);
        return;
    }
    pv->from_dir = S_ISDIR(st.st_mode);
    rc = pv->from_dir ? sl_layer_zip_dir(path, &pv->zip, &err)
                      : sl_layer_zip_open(path, &pv->zip, &err);
    free(path);
    if (rc) {
        give_up(pv, rc, &err);
        return;
    }
    /* Inline, the zip goes base64-encoded into the request: both have a limit. */
    memset(&p, 0, sizeof(p));
    p.layer = pv->layer;
    p.zip = pv->zip.data;
    p.zip_len = pv->zip.len;
    if (pv->zip.len > SL_LAMBDA_LAYER_ZIP_MAX ||
        sl_lambda_check_publish_layer(&p, &err) == SL_ETOOBIG) {
        sl_error_set(&err, SL_ETOOBIG,
                     _("The zip is %.1f MiB, too large to publish from the console (at most 50 "
                       "MiB go to Lambda directly); slctl publish-layer --s3-bucket publishes "
                       "it through S3."),
                     (double)pv->zip.len / (1024.0 * 1024.0));
        give_up(pv, SL_ETOOBIG, &err);
        return;
    }
    pv->error[0] = '\0';
    pv->state = PUB_CONFIRM;
    warning_update(pv);
    sl_app_dirty(v->app);
}

/* ---- publishing ---------------------------------------------------------------------------- */

/* What was published: the ARN in the status line, the versions shown again. */
static void published(struct publish_view *pv, const struct sl_lambda_layer_version *lv)
{
    struct sl_app *app = pv->base.app;
    struct sl_view *origin = pv->origin, *next = NULL;
    const struct sl_list *l = NULL;
    char *arn = sl_text_sanitized(lv->arn ? lv->arn : "");

    if (origin && !strcmp(origin->ops->kind, "list"))
        l = sl_list_view_list(origin, 0);
    if (origin)
        origin->ops->load(origin, 1);
    /* from the layers list the layer's versions open; its versions view just loads again */
    if (!l || l->ops != &sl_layer_versions_ops)
        next = sl_view_layer_new(pv->layer);
    sl_app_info(app, _("Published %s"), arn ? arn : "");
    free(arn);
    sl_app_close(app, &pv->base, next);
}

static void job_done(struct sl_call *call, void *ud)
{
    struct pub_job *job = ud;
    struct publish_view *pv = job->view;
    struct sl_lambda_layer_version *lv = NULL;
    struct sl_error err;
    enum sl_err rc;

    sl_error_clear(&err);
    if (!pv) {
        sl_call_cleanup(call);
        free(job);
        return;
    }
    pv->job = NULL;
    if (call->rc)
        rc = sl_lambda_call_error(call, SL_LAMBDA_RES_LAYER, pv->layer,
                                  sl_client_region(sl_app_client(pv->base.app)), &err);
    else
        rc = sl_lambda_parse_layer_version(call->resp.body.data, call->resp.body.len, &lv, &err);
    sl_call_cleanup(call);
    free(job);
    pv->state = PUB_CONFIRM;
    sl_app_dirty(pv->base.app);
    if (rc == SL_ECANCELLED) {
        snprintf(pv->error, sizeof(pv->error), "%s",
                 _("Stopped waiting; the version may have been published all the same (the "
                   "layer's versions show it)."));
        return;
    }
    if (rc) {
        char msg[sizeof(pv->error)], *clean;

        sl_error_format(rc, &err, msg, sizeof(msg));
        clean = sl_text_sanitized(msg);
        snprintf(pv->error, sizeof(pv->error), "%s", clean ? clean : msg);
        free(clean);
        return;
    }
    published(pv, lv);
    sl_lambda_layer_version_free(&lv);
}

static void publish_start(struct publish_view *pv)
{
    struct sl_lambda_publish_layer_params p;
    struct pub_job *job;
    struct sl_error err;
    enum sl_err rc;

    memset(&p, 0, sizeof(p));
    p.layer = pv->layer;
    p.compatible_runtimes = (const char *const *)pv->runtimes;
    p.n_compatible_runtimes = pv->n_runtimes;
    p.compatible_architectures = (const char *const *)pv->archs;
    p.n_compatible_architectures = pv->n_archs;
    p.zip = pv->zip.data;
    p.zip_len = pv->zip.len;
    job = calloc(1, sizeof(*job));
    if (!job) {
        sl_app_error(pv->base.app, SL_ENOMEM, NULL);
        return;
    }
    sl_error_clear(&err);
    rc = sl_lambda_build_publish_layer(&job->call, &p, &err);
    if (!rc) {
        job->view = pv;
        job->call.done = job_done;
        job->call.ud = job;
        rc = sl_client_send(sl_app_client(pv->base.app), &job->call);
    }
    if (rc) {
        sl_call_cleanup(&job->call);
        free(job);
        sl_app_error(pv->base.app, rc, &err);
        return;
    }
    pv->job = job;
    pv->error[0] = '\0';
    pv->state = PUB_PUBLISHING;
}

/* ---- the view ------------------------------------------------------------------------------ */

static void pv_load(struct sl_view *v, int refresh)
{
    struct publish_view *pv = (struct publish_view *)v;

    if (pv->state == PUB_PUBLISHING)
        return;
    if (!pv->origin)
        pv->origin = sl_app_under(v->app, v);
    if (!pv->looked_up && !pv->lookup)
        lookup_start(pv);
    /* r asks for the source again (the folder may have changed) */
    ask_path(pv);
}

/* One "label  value" line of the summary; returns the next row. */
static int summary_line(int y, int bottom, int width, const char *label, const char *value,
                        unsigned int attr)
{
    char lab[128];

    if (y >= bottom)
        return y;
    snprintf(lab, sizeof(lab), "   %s", label);
    sl_draw_text(y, 0, 18, lab, sl_theme_attr(SL_ROLE_DIM), 0);
    sl_draw_text(y, 18, width - 18, value, attr, 0);
    return y + 1;
}

static void join(char *const *v, size_t n, char *out, size_t len)
{
    char *s = sl_fmt_join(v, n, ", ");

    snprintf(out, len, "%s", s ? s : "");
    free(s);
}

static void pv_draw(struct sl_view *v, int top, int height, int width)
{
    struct publish_view *pv = (struct publish_view *)v;
    int y = top, bottom = top + height, i;
    char buf[1200], size[SL_FMT_SHORT], *safe;

    for (i = top; i < bottom; i++)
        sl_draw_text(i, 0, width, "", 0, 0);
    safe = sl_text_sanitized(pv->layer);
    snprintf(buf, sizeof(buf), _(" Publish a new version of the layer %s"), safe ? safe : "");
    free(safe);
    sl_draw_text(y, 0, width, buf, sl_theme_attr(SL_ROLE_TITLE), 0);
    y += 2;
    if (pv->state == PUB_PATH) {
        sl_draw_text(
            y, 0, width,
            _("   Type the path of a folder (zipped as it is) or of a .zip file below; Tab "
              "completes, Esc goes back."),
            0, 0);
        return;
    }
    if (pv->latest > 0) {
        safe = sl_text_sanitized(pv->layer);
        snprintf(buf, sizeof(buf), _("%s (latest version %lld)"), safe ? safe : "", pv->latest);
        free(safe);
    } else {
        safe = sl_text_sanitized(pv->layer);
        snprintf(buf, sizeof(buf), "%s", safe ? safe : "");
        free(safe);
    }
    y = summary_line(y, bottom, width, _("Layer"), buf, 0);
    safe = sl_text_sanitized(pv->path);
    snprintf(buf, sizeof(buf), pv->from_dir ? _("%s (a folder, zipped)") : _("%s (a zip file)"),
             safe ? safe : "");
    free(safe);
    y = summary_line(y, bottom, width, _("Source"), buf, 0);
    sl_fmt_bytes((long long)pv->zip.len, size, sizeof(size));
#ifdef ENABLE_NLS
    snprintf(buf, sizeof(buf), ngettext("%s, %zu entry", "%s, %zu entries", pv->zip.n_names), size,
             pv->zip.n_names);
#else
    snprintf(buf, sizeof(buf), pv->zip.n_names == 1 ? "%s, %zu entry" : "%s, %zu entries", size,
             pv->zip.n_names);
#endif
    y = summary_line(y, bottom, width, _("Zip"), buf, 0);
    if (!pv->looked_up) {
        y = summary_line(y, bottom, width, _("Runtimes"), _("(looking up the latest version...)"),
                         sl_theme_attr(SL_ROLE_DIM));
    } else {
        join(pv->runtimes, pv->n_runtimes, buf, sizeof(buf));
        y = summary_line(y, bottom, width, _("Runtimes"), buf[0] ? buf : _("(none)"), 0);
        join(pv->archs, pv->n_archs, buf, sizeof(buf));
        y = summary_line(y, bottom, width, _("Architectures"), buf[0] ? buf : _("(none)"), 0);
    }
    if (pv->warning) {
        safe = sl_text_sanitized(pv->warning);
        y = summary_line(y + 1, bottom, width, _("Warning"), safe ? safe : "",
                         sl_theme_attr(SL_ROLE_WARN));
        free(safe);
    }
    if (y + 1 < bottom) {
        const char *what = pv->state == PUB_PUBLISHING ? _("   Publishing...")
                           : pv->looked_up
                               ? _("   y or Enter publishes this version; Esc goes back.")
                               : _("   Waiting for the latest version's runtimes...");

        sl_draw_text(y + 1, 0, width, what, sl_theme_attr(SL_ROLE_PROMPT), 0);
    }
}

static unsigned pv_request(struct sl_view *v, enum sl_req req, int key)
{
    struct publish_view *pv = (struct publish_view *)v;

    if (req != SL_REQ_CONFIRM)
        return SL_UI_IGNORED;
    if (pv->state == PUB_CONFIRM && pv->looked_up)
        publish_start(pv);
    else if (pv->state == PUB_CONFIRM)
        sl_app_info(v->app, "%s", _("The latest version's runtimes are still being looked up."));
    return SL_UI_HANDLED | SL_UI_REDRAW;
}

static int pv_cancel(struct sl_view *v)
{
    struct publish_view *pv = (struct publish_view *)v;

    if (!pv->job)
        return 0;
    sl_client_cancel(sl_app_client(v->app), &pv->job->call);
    return 1;
}

static int pv_busy(const struct sl_view *v, int *pages)
{
    const struct publish_view *pv = (const struct publish_view *)v;

    if (pages)
        *pages = 0;
    return pv->job != NULL;
}

static const char *pv_error(const struct sl_view *v)
{
    const struct publish_view *pv = (const struct publish_view *)v;

    return pv->error[0] ? pv->error : NULL;
}

static void pv_crumb(const struct sl_view *v, char *out, size_t len)
{
    const struct publish_view *pv = (const struct publish_view *)v;
    char *safe = sl_text_sanitized(pv->layer);

    snprintf(out, len, "%s > %s", safe ? safe : "", _("publish"));
    free(safe);
}

static void pv_summary(const struct sl_view *v, char *out, size_t len)
{
    out[0] = '\0';
}

static void pv_progress(const struct sl_view *v, char *out, size_t len)
{
    const struct publish_view *pv = (const struct publish_view *)v;
    char size[SL_FMT_SHORT], *safe = sl_text_sanitized(pv->layer);

    sl_fmt_bytes((long long)pv->zip.len, size, sizeof(size));
    snprintf(out, len, _("Publishing %s (%s)... (Esc stops waiting)"), safe ? safe : "", size);
    free(safe);
}

static void pv_free(struct sl_view *v)
{
    struct publish_view *pv = (struct publish_view *)v;

    if (pv->job) {
        /* the call reports later and frees itself */
        pv->job->view = NULL;
        sl_client_cancel(sl_app_client(v->app), &pv->job->call);
    }
    if (pv->lookup) {
        pv->lookup->view = NULL;
        sl_lambda_list_cancel(pv->lookup->list);
    }
    defaults_clear(pv);
    sl_layer_zip_free(&pv->zip);
    free(pv->warning);
    free(pv->layer);
    free(pv);
}

static const struct sl_view_ops publish_view_ops = {
    .kind = "publish",
    .load = pv_load,
    .draw = pv_draw,
    .request = pv_request,
    .cancel = pv_cancel,
    .busy = pv_busy,
    .error = pv_error,
    .crumb = pv_crumb,
    .summary = pv_summary,
    .free = pv_free,
    .progress = pv_progress,
};

struct sl_view *sl_view_publish_new(const char *layer, const struct sl_lambda_layer_version *latest)
{
    struct publish_view *pv;

    if (!layer || !layer[0])
        return NULL;
    pv = calloc(1, sizeof(*pv));
    if (!pv || !(pv->layer = strdup(layer))) {
        free(pv);
        return NULL;
    }
    pv->base.ops = &publish_view_ops;
    pv->base.scopes = SL_SCOPE_GLOBAL | SL_SCOPE_CONFIRM;
    if (latest) {
        defaults_take(pv, latest);
        pv->looked_up = 1;
    }
    return &pv->base;
}
