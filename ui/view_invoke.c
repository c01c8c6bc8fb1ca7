/* The Invoke view: a list of payloads to choose from (the empty event, the function's saved
 * events, generated samples) over the chosen payload pretty-printed. E edits it in the user's
 * editor (curses is left meanwhile) and checks it again as JSON: an invalid payload is kept for
 * the next E but never sent. S saves it under a name. Enter or i asks first (y/n, or the
 * function's name in a production profile), then Invoke runs on the non-blocking client,
 * exactly once; Esc stops waiting, and the status line says the function may still run. The
 * answer opens in the result view (ui/view_invoke_result.c). */
#include "view_invoke.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "client.h"
#include "editor.h"
#include "event_templates.h"
#include "events.h"
#include "frame.h"
#include "i18n.h"
#include "invoke_text.h"
#include "json.h"
#include "lambda.h"
#include "settings.h"
#include "term.h"
#include "text.h"
#include "textlines.h"
#include "theme.h"
#include "view.h"

enum choice_kind { CH_EMPTY, CH_SAVED, CH_PROJECT, CH_SAMPLE };

/* One payload to choose. Its text is read (or generated) when it is first shown. */
struct choice {
    enum choice_kind kind;
    char *name; /* the event's name, the sample's type name; NULL for the empty event */
    char *path; /* saved and project events */
    enum sl_event_type type;
    char *text; /* NULL until shown */
    size_t len;
    int edited;
    char invalid[1024]; /* why text is not sent ("... not valid JSON at line 2, column 5") */
    struct sl_text_lines preview;
};

struct invoke_view;

/* GetFunction (the Timeout and log group); outlives a view closed meanwhile (view NULL). */
struct get_job {
    struct sl_call call;
    struct invoke_view *view;
};

/* One Invoke; owns the payload it sends, and outlives a view closed meanwhile. */
struct invoke_job {
    struct sl_lambda_invoke *inv;
    struct invoke_view *view;
    char *payload;
    char *label;
    long long started_ms;
};

struct invoke_view {
    struct sl_view base;
    char *function;
    char *want_name; /* the event to select once the choices are read */
    int want_source;
    struct choice *ch;
    size_t n, sel, top;
    size_t list_rows; /* rows of the list at the last draw, for PgUp/PgDn */
    struct get_job *get;
    int have_config;
    int timeout_s; /* 0: unknown (Invoke then waits up to 15 minutes) */
    char *log_group;
    struct invoke_job *job;
    enum sl_invoke_confirm confirm;
    size_t confirm_choice;
    char error[640];
};

static const enum sl_event_type sample_types[] = {
    SL_EVENT_APIGW_V1, SL_EVENT_APIGW_V2,    SL_EVENT_SQS,      SL_EVENT_S3,
    SL_EVENT_SNS,      SL_EVENT_EVENTBRIDGE, SL_EVENT_SCHEDULE,
};
#define NSAMPLES (sizeof(sample_types) / sizeof(sample_types[0]))

/* ---- choices ------------------------------------------------------------------------------ */

static void choice_clear(struct choice *c)
{
    free(c->name);
    free(c->path);
    free(c->text);
    sl_text_lines_clear(&c->preview);
    memset(c, 0, sizeof(*c));
}

static void choices_free(struct choice *v, size_t n)
{
    size_t i;

    for (i = 0; v && i < n; i++)
        choice_clear(&v[i]);
    free(v);
}

static const char *choice_label(const struct choice *c)
{
    return c->kind == CH_EMPTY ? _("(empty)") : c->name;
}

static const char *choice_source(const struct choice *c)
{
    switch (c->kind) {
    case CH_EMPTY:
        return "{}";
    case CH_SAVED:
        return _("slctl");
    case CH_PROJECT:
        return _("project");
    case CH_SAMPLE:
    default:
        return _("sample");
    }
}

static int choice_same(const struct choice *a, const struct choice *b)
{
    if (a->kind != b->kind)
        return 0;
    if (a->kind == CH_EMPTY)
        return 1;
    if (a->path || b->path)
        return a->path && b->path && !strcmp(a->path, b->path);
    return a->name && b->name && !strcmp(a->name, b->name);
}

/* Rebuilds the preview and the verdict of c's text. */
static void choice_check(struct choice *c)
{
    struct sl_error err;
    char *pretty;

    sl_text_lines_clear(&c->preview);
    sl_error_clear(&err);
    c->invalid[0] = '\0';
    if (sl_events_check_text(c->text, c->len, c->edited ? _("The edited payload") : choice_label(c),
                             &err) != SL_OK) {
        char *clean = sl_text_sanitized(err.message);

        snprintf(c->invalid, sizeof(c->invalid), "%s", clean ? clean : err.message);
        free(clean);
        sl_text_lines_add(&c->preview, SL_ROLE_NORMAL, c->text, c->len);
        return;
    }
    pretty = sl_json_pretty(c->text, c->len);
    if (pretty)
        sl_text_lines_add(&c->preview, SL_ROLE_NORMAL, pretty, strlen(pretty));
    else
        sl_text_lines_add(&c->preview, SL_ROLE_NORMAL, c->text, c->len);
    free(pretty);
}

/* Makes sure the selected choice has its text; a failure goes to the status line. */
static void choice_load(struct invoke_view *iv, struct choice *c)
{
    struct sl_error err;
    enum sl_err rc = SL_OK;

    if (c->text)
        return;
    sl_error_clear(&err);
    switch (c->kind) {
    case CH_EMPTY:
        c->text = strdup("{}");
        c->len = 2;
        rc = c->text ? SL_OK : SL_ENOMEM;
        break;
    case CH_SAVED:
    case CH_PROJECT:
        rc = sl_events_read(c->path, &c->text, &c->len, &err);
        break;
    case CH_SAMPLE: {
        struct sl_event_template_opts o;

        memset(&o, 0, sizeof(o));
        o.region = sl_client_region(sl_app_client(iv->base.app));
        rc = sl_event_template(c->type, &o, &c->text, &err);
        c->len = c->text ? strlen(c->text) : 0;
        break;
    }
    }
    if (rc) {
        free(c->text);
        c->text = NULL;
        c->len = 0;
        sl_app_error(iv->base.app, rc, &err);
        return;
    }
    choice_check(c);
}

static struct choice *selected(struct invoke_view *iv)
{
    return iv->sel < iv->n ? &iv->ch[iv->sel] : NULL;
}

/* Reads the choices again (saved events change): edits of payloads still listed are kept; the
 * selection stays on the same payload. */
static void choices_read(struct invoke_view *iv)
{
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_event_ref *refs = NULL;
    struct choice *v, keep;
    struct sl_error err;
    size_t nrefs = 0, n = 0, i, j;
    enum sl_err rc;
    int have_keep = 0, found = 0;

    sl_error_clear(&err);
    memset(&keep, 0, sizeof(keep));
    if (selected(iv)) {
        keep.kind = iv->ch[iv->sel].kind;
        keep.name = iv->ch[iv->sel].name;
        keep.path = iv->ch[iv->sel].path;
        have_keep = 1;
    }
    rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_list(&dirs, iv->function, &refs, &nrefs, &err);
    if (rc) {
        sl_app_error(iv->base.app, rc, &err);
        nrefs = 0;
    }
    v = calloc(1 + nrefs + NSAMPLES, sizeof(*v));
    if (!v) {
        sl_event_refs_free(&refs, nrefs);
        sl_events_dirs_free(&dirs);
        sl_app_error(iv->base.app, SL_ENOMEM, NULL);
        return;
    }
    v[n++].kind = CH_EMPTY;
    for (i = 0; i < nrefs; i++, n++) {
        v[n].kind = refs[i].source == SL_EVENT_SAVED ? CH_SAVED : CH_PROJECT;
        v[n].name = refs[i].name;
        v[n].path = refs[i].path;
        refs[i].name = refs[i].path = NULL;
    }
    for (i = 0; i < NSAMPLES; i++, n++) {
        v[n].kind = CH_SAMPLE;
        v[n].type = sample_types[i];
        v[n].name = strdup(sl_event_type_name(sample_types[i]));
        if (!v[n].name) {
            choices_free(v, n + 1);
            sl_event_refs_free(&refs, nrefs);
            sl_events_dirs_free(&dirs);
            sl_app_error(iv->base.app, SL_ENOMEM, NULL);
            return;
        }
    }
    /* carry the edits over (the rest is read again); find the selection again */
    for (j = 0; j < n; j++) {
        for (i = 0; i < iv->n; i++) {
            if (iv->ch[i].text && iv->ch[i].edited && choice_same(&iv->ch[i], &v[j])) {
                v[j].text = iv->ch[i].text;
                v[j].len = iv->ch[i].len;
                v[j].edited = iv->ch[i].edited;
                iv->ch[i].text = NULL;
                choice_check(&v[j]);
                break;
            }
        }
    }
    iv->sel = 0;
    for (j = 0; j < n; j++) {
        if (iv->want_name ? ((v[j].kind == CH_SAVED || v[j].kind == CH_PROJECT) &&
                             !strcmp(v[j].name, iv->want_name) &&
                             (v[j].kind == CH_SAVED) == (iv->want_source == SL_EVENT_SAVED))
                          : have_keep && choice_same(&v[j], &keep)) {
            iv->sel = j;
            found = 1;
            break;
        }
    }
    /* at first, an event saved for the function (slctl's, then the project's) rather than the
     * empty one */
    for (j = 0; !found && !have_keep && j < n; j++) {
        if (v[j].kind == CH_SAVED) {
            iv->sel = j;
            break;
        }
        if (v[j].kind == CH_PROJECT && !iv->sel)
            iv->sel = j;
    }
    free(iv->want_name);
    iv->want_name = NULL;
    choices_free(iv->ch, iv->n);
    iv->ch = v;
    iv->n = n;
    sl_event_refs_free(&refs, nrefs);
    sl_events_dirs_free(&dirs);
    if (selected(iv))
        choice_load(iv, selected(iv));
}

/* Selects the saved event name (after S), reading the choices again. */
static void select_saved(struct invoke_view *iv, const char *name)
{
    free(iv->want_name);
    iv->want_name = strdup(name);
    iv->want_source = SL_EVENT_SAVED;
    choices_read(iv);
}

/* ---- GetFunction: the Timeout and the log group ---------------------------------------------- */

static void default_log_group(struct invoke_view *iv)
{
    char name[256], group[300];

    if (iv->log_group)
        return;
    sl_invoke_function_name(iv->function, name, sizeof(name));
    snprintf(group, sizeof(group), "/aws/lambda/%s", name);
    iv->log_group = strdup(group);
}

static void get_done(struct sl_call *call, void *ud)
{
    struct get_job *job = ud;
    struct invoke_view *iv = job->view;
    struct sl_lambda_function *f = NULL;
    struct sl_error err;
    enum sl_err rc;

    if (!iv)
        goto out;
    iv->get = NULL;
    sl_error_clear(&err);
    rc = sl_lambda_call_error(call, SL_LAMBDA_RES_FUNCTION, iv->function,
                              sl_client_region(sl_app_client(iv->base.app)), &err);
    if (!rc)
        rc = sl_lambda_parse_function(call->resp.body.data, call->resp.body.len, 0, &f, &err);
    if (!rc && f) {
        iv->have_config = 1;
        iv->timeout_s = f->timeout_s > 0 ? f->timeout_s : 0;
        if (f->log_group) {
            free(iv->log_group);
            iv->log_group = strdup(f->log_group);
        }
        iv->error[0] = '\0';
    } else if (rc == SL_EAWS && err.http_status == 403) {
        /* allowed to invoke but not to read the configuration: the defaults do */
    } else if (rc != SL_ECANCELLED) {
        char msg[sizeof(iv->error)], *clean;

        sl_error_format(rc, &err, msg, sizeof(msg));
        clean = sl_text_sanitized(msg);
        snprintf(iv->error, sizeof(iv->error), "%s", clean ? clean : msg);
        free(clean);
    }
    default_log_group(iv);
    sl_app_dirty(iv->base.app);
    sl_lambda_function_free(&f);
out:
    sl_call_cleanup(call);
    free(job);
}

static void get_start(struct invoke_view *iv)
{
    struct get_job *job;
    struct sl_error err;

    if (iv->get)
        return;
    job = calloc(1, sizeof(*job));
    if (!job) {
        sl_app_error(iv->base.app, SL_ENOMEM, NULL);
        return;
    }
    sl_error_clear(&err);
    if (sl_lambda_build_get_function(&job->call, iv->function, NULL, &err)) {
        sl_call_cleanup(&job->call);
        free(job);
        default_log_group(iv);
        return;
    }
    job->call.done = get_done;
    job->call.ud = job;
    job->view = iv;
    iv->get = job;
    /* a failure to send comes back through get_done too */
    sl_client_send(sl_app_client(iv->base.app), &job->call);
}

/* ---- invoking ------------------------------------------------------------------------------ */

static void invoke_job_free(struct invoke_job *job)
{
    sl_lambda_invoke_free(&job->inv);
    free(job->payload);
    free(job->label);
    free(job);
}

/* A failure after Invoke may have reached AWS: say that it was not repeated. */
static void invoke_failed(struct sl_app *app, enum sl_err rc, const struct sl_error *err)
{
    struct sl_error e;
    char msg[sizeof(e.message)];

    sl_error_clear(&e);
    if (err)
        e = *err;
    if (rc == SL_ENET || rc == SL_ETIMEOUT || (rc == SL_EAWS && e.http_status >= 500)) {
        snprintf(msg, sizeof(msg), "%s", e.message[0] ? e.message : sl_strerror(rc));
        snprintf(e.message, sizeof(e.message),
                 _("The invocation was not retried (the function may have run): %s"), msg);
    }
    sl_app_error(app, rc, &e);
}

static void invoke_done(struct sl_lambda_invoke *inv, enum sl_err rc,
                        struct sl_lambda_invoke_result *res, const struct sl_error *err, void *ud)
{
    struct invoke_job *job = ud;
    struct invoke_view *iv = job->view;
    struct sl_app *app;
    struct sl_view *next;

    (void)inv;
    if (!iv) {
        invoke_job_free(job);
        return;
    }
    iv->job = NULL;
    app = iv->base.app;
    if (rc == SL_ECANCELLED) {
        sl_app_info(app, "%s",
                    _("Stopped waiting: the invocation may still be running in AWS (it was not "
                      "retried)."));
    } else if (rc == SL_OK || rc == SL_EFUNCTION) {
        next = sl_view_invoke_result_new(iv->function, iv->log_group, job->label, res,
                                         rc == SL_EFUNCTION && err ? err->message : NULL,
                                         job->started_ms, sl_app_now_ms(app));
        if (!next)
            sl_app_error(app, SL_ENOMEM, NULL);
        else if (sl_app_is_current(app, &iv->base))
            sl_app_push(app, next);
        else
            sl_view_free(&next);
    } else {
        invoke_failed(app, rc, err);
    }
    sl_app_dirty(app);
    invoke_job_free(job);
}

static void invoke_start(struct invoke_view *iv, size_t which)
{
    struct sl_app *app = iv->base.app;
    struct choice *c = which < iv->n ? &iv->ch[which] : NULL;
    struct sl_lambda_invoke_params p;
    struct invoke_job *job;
    struct sl_error err;
    enum sl_err rc;

    sl_error_clear(&err);
    if (sl_app_readonly(app)) {
        sl_app_info(app, "%s", _("Read-only mode: slctl does not invoke functions here."));
        return;
    }
    if (iv->job) {
        sl_app_info(app, "%s", _("An invocation is already running (Esc stops waiting for it)."));
        return;
    }
    if (!c || !c->text)
        return;
    if (c->invalid[0]) {
        sl_app_info(app, _("%s; nothing was sent (E edits it)."), c->invalid);
        return;
    }
    if (sl_lambda_check_payload(SL_LAMBDA_INVOKE_SYNC, c->len, &err)) {
        sl_app_error(app, SL_ETOOBIG, &err);
        return;
    }
    job = calloc(1, sizeof(*job));
    if (!job || !(job->payload = malloc(c->len + 1)) || !(job->label = strdup(choice_label(c)))) {
        if (job)
            free(job->payload);
        free(job);
        sl_app_error(app, SL_ENOMEM, NULL);
        return;
    }
    memcpy(job->payload, c->text, c->len);
    job->payload[c->len] = '\0';
    memset(&p, 0, sizeof(p));
    p.function = iv->function;
    p.type = SL_LAMBDA_INVOKE_SYNC;
    p.tail_log = 1;
    p.payload = job->payload;
    p.payload_len = c->len;
    p.function_timeout_s = iv->timeout_s;
    job->view = iv;
    job->started_ms = sl_app_now_ms(app);
    iv->job = job;
    rc = sl_lambda_invoke_start(sl_app_client(app), &p, invoke_done, job, &job->inv, &err);
    if (rc) {
        iv->job = NULL;
        invoke_job_free(job);
        sl_app_error(app, rc, &err);
        return;
    }
    sl_app_dirty(app);
}

static void confirm_done(struct sl_view *v, const char *answer)
{
    struct invoke_view *iv = (struct invoke_view *)v;

    if (sl_invoke_confirm_accepts(iv->confirm, iv->function, answer))
        invoke_start(iv, iv->confirm_choice);
    else if (answer && answer[0] && iv->confirm == SL_INVOKE_CONFIRM_NAME)
        sl_app_info(v->app, "%s", _("That is not the function's name; nothing was invoked."));
    else
        sl_app_info(v->app, "%s", _("Nothing was invoked."));
}

static const char *app_profile(struct sl_app *app)
{
    const char *p = sl_client_profile(sl_app_client(app));

    return p && *p ? p : "default";
}

/* Enter or i: checks the payload, then asks. */
static void invoke_ask(struct invoke_view *iv)
{
    struct sl_app *app = iv->base.app;
    struct choice *c = selected(iv);
    char question[512];
    const char *profile = app_profile(app);

    if (iv->job) {
        sl_app_info(app, "%s", _("An invocation is already running (Esc stops waiting for it)."));
        return;
    }
    if (!c)
        return;
    choice_load(iv, c);
    if (!c->text)
        return;
    if (c->invalid[0]) {
        sl_app_info(app, _("%s; nothing was sent (E edits it)."), c->invalid);
        return;
    }
    iv->confirm = sl_invoke_confirm_kind(sl_settings_is_production(sl_app_settings(app), profile));
    iv->confirm_choice = iv->sel;
    sl_invoke_confirm_question(iv->confirm, iv->function, choice_label(c), profile, question,
                               sizeof(question));
    sl_app_prompt(app, &iv->base, question, "", NULL, confirm_done);
}

/* ---- editing and saving ------------------------------------------------------------------- */

static void edit_payload(struct invoke_view *iv)
{
    struct sl_app *app = iv->base.app;
    struct choice *c = selected(iv);
    struct sl_error err;
    const char *editor = sl_editor_command();
    char *text = NULL;
    size_t len = 0;
    enum sl_err rc;
    int was_on;

    if (!c)
        return;
    choice_load(iv, c);
    if (!c->text)
        return;
    sl_error_clear(&err);
    was_on = sl_term_suspend();
    rc = sl_editor_edit_text(editor, c->kind == CH_EMPTY ? "event" : c->name, c->text, c->len,
                             &text, &len, &err);
    sl_term_resume(was_on);
    sl_app_dirty(app);
    if (rc) {
        sl_app_error(app, rc, &err);
        return;
    }
    if (len == c->len && !memcmp(text, c->text, len)) {
        free(text);
        sl_app_info(app, "%s", _("No changes."));
        return;
    }
    free(c->text);
    c->text = text;
    c->len = len;
    c->edited = 1;
    choice_check(c);
    if (c->invalid[0]) {
        struct sl_error e;

        sl_error_clear(&e);
        snprintf(e.message, sizeof(e.message),
                 _("%s; it is kept for E, and nothing is sent until it is valid."), c->invalid);
        sl_app_error(app, SL_EPARSE, &e);
    } else {
        sl_app_info(app, "%s", _("The payload was changed (S saves it)."));
    }
}

static void save_done(struct sl_view *v, const char *name)
{
    struct invoke_view *iv = (struct invoke_view *)v;
    struct sl_events_dirs dirs = {NULL, NULL};
    struct choice *c = selected(iv);
    struct sl_error err;
    char *path = NULL;
    enum sl_err rc;
    int replace;

    if (!name || !name[0] || !c || !c->text) {
        sl_app_info(v->app, "%s", _("Nothing was saved."));
        return;
    }
    if (c->invalid[0]) {
        sl_app_info(v->app, _("%s; nothing was saved."), c->invalid);
        return;
    }
    sl_error_clear(&err);
    /* the event being edited is written over; any other name must be new */
    replace = c->kind == CH_SAVED && !strcmp(c->name, name);
    rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_save(&dirs, iv->function, name, c->text, c->len, replace, &path, &err);
    sl_events_dirs_free(&dirs);
    if (rc) {
        sl_app_error(v->app, rc, &err);
        return;
    }
    /* the edit now lives in the saved event: the payload it came from is as it was again */
    c->edited = 0;
    free(c->text);
    c->text = NULL;
    select_saved(iv, name);
    sl_app_info(v->app, _("Saved the event \"%s\" in %s."), name, path);
    free(path);
}

static void save_ask(struct invoke_view *iv)
{
    struct choice *c = selected(iv);

    if (!c)
        return;
    choice_load(iv, c);
    if (!c->text)
        return;
    sl_app_prompt(iv->base.app, &iv->base, _("Save the payload as: "),
                  c->kind == CH_SAVED ? c->name : "", NULL, save_done);
}

/* ---- view operations ----------------------------------------------------------------------- */

static void iv_load(struct sl_view *v, int refresh)
{
    struct invoke_view *iv = (struct invoke_view *)v;

    if (!refresh && iv->ch)
        return;
    default_log_group(iv); /* until GetFunction says otherwise */
    choices_read(iv);
    if (refresh || !iv->have_config)
        get_start(iv);
}

/* Rows of the list for a view area of height rows: the list, a title line and the payload
 * share it; the payload gets at least half. */
static size_t list_rows(const struct invoke_view *iv, int height)
{
    size_t rows = height > 4 ? (size_t)(height - 2) / 2 : 1;

    if (rows > 12)
        rows = 12;
    return iv->n < rows ? iv->n : rows;
}

static void iv_draw(struct sl_view *v, int top, int height, int width)
{
    struct invoke_view *iv = (struct invoke_view *)v;
    struct choice *c = selected(iv);
    unsigned int title = sl_theme_attr(SL_ROLE_TITLE);
    size_t rows, i;
    int namew = 16, y = top, rest;
    char line[1024];

    if (height <= 2)
        return;
    for (i = 0; i < iv->n; i++) {
        int w = sl_text_width(choice_label(&iv->ch[i]));
        if (w > namew)
            namew = w;
    }
    if (namew > width / 2)
        namew = width / 2;
    sl_draw_text(y, 0, width, "", 0, 0);
    sl_draw_text(y, 1, namew, _("PAYLOAD"), title, 0);
    sl_draw_text(y, namew + 3, width - namew - 3, _("SOURCE"), title, 0);
    y++;
    rows = list_rows(iv, height - 1);
    iv->list_rows = rows;
    if (iv->sel < iv->top)
        iv->top = iv->sel;
    if (iv->sel >= iv->top + rows)
        iv->top = iv->sel - rows + 1;
    for (i = 0; i < rows; i++, y++) {
        size_t idx = iv->top + i;
        const struct choice *ci = idx < iv->n ? &iv->ch[idx] : NULL;
        unsigned int attr = idx == iv->sel ? sl_theme_attr(SL_ROLE_SELECTED) : 0;
        char *label;

        sl_draw_text(y, 0, width, "", attr, 0);
        if (!ci)
            continue;
        label = sl_text_sanitized(choice_label(ci));
        sl_draw_text(y, 1, namew, label ? label : "", attr, 0);
        free(label);
        snprintf(line, sizeof(line), "%s%s", choice_source(ci), ci->edited ? _(" (edited)") : "");
        sl_draw_text(y, namew + 3, width - namew - 3, line, attr, 0);
    }
    rest = height - 1 - (int)rows;
    if (rest <= 0 || !c)
        return;
    /* the payload: its name, then why it would not be sent, then its text */
    {
        char *label = sl_text_sanitized(choice_label(c));

        snprintf(line, sizeof(line), _("Payload: %s%s"), label ? label : "",
                 c->edited ? _(" (edited)") : "");
        free(label);
    }
    sl_draw_text(y, 0, width, "", 0, 0);
    sl_draw_text(y, 1, width - 1, line, title, 0);
    y++;
    rest--;
    if (c->invalid[0] && rest > 0) {
        sl_draw_text(y, 0, width, "", 0, 0);
        sl_draw_text(y, 1, width - 1, c->invalid, sl_theme_attr(SL_ROLE_BAD), 0);
        y++;
        rest--;
    }
    if (rest > 0)
        sl_text_lines_draw(&c->preview, 0, y, rest, width);
}

static unsigned iv_request(struct sl_view *v, enum sl_req req, int key)
{
    struct invoke_view *iv = (struct invoke_view *)v;
    size_t page = iv->list_rows > 1 ? iv->list_rows - 1 : 1, old = iv->sel;

    switch (req) {
    case SL_REQ_DOWN:
        if (iv->sel + 1 < iv->n)
            iv->sel++;
        break;
    case SL_REQ_UP:
        if (iv->sel)
            iv->sel--;
        break;
    case SL_REQ_PAGE_DOWN:
        iv->sel = iv->sel + page < iv->n ? iv->sel + page : (iv->n ? iv->n - 1 : 0);
        break;
    case SL_REQ_PAGE_UP:
        iv->sel = iv->sel > page ? iv->sel - page : 0;
        break;
    case SL_REQ_FIRST:
        iv->sel = 0;
        break;
    case SL_REQ_LAST:
        iv->sel = iv->n ? iv->n - 1 : 0;
        break;
    case SL_REQ_ENTER:
    case SL_REQ_INVOKE:
        invoke_ask(iv);
        break;
    case SL_REQ_EDIT:
        edit_payload(iv);
        break;
    case SL_REQ_SAVE_EVENT:
        save_ask(iv);
        break;
    default:
        return SL_UI_IGNORED;
    }
    if (iv->sel != old && selected(iv))
        choice_load(iv, selected(iv));
    return SL_UI_HANDLED | SL_UI_REDRAW;
}

static int iv_cancel(struct sl_view *v)
{
    struct invoke_view *iv = (struct invoke_view *)v;

    if (iv->job) {
        sl_lambda_invoke_cancel(iv->job->inv);
        return 1;
    }
    if (iv->get) {
        sl_client_cancel(sl_app_client(v->app), &iv->get->call);
        return 1;
    }
    return 0;
}

static int iv_busy(const struct sl_view *v, int *pages)
{
    const struct invoke_view *iv = (const struct invoke_view *)v;

    if (pages)
        *pages = 0;
    return iv->job != NULL || iv->get != NULL;
}

static void iv_progress(const struct sl_view *v, char *out, size_t len)
{
    const struct invoke_view *iv = (const struct invoke_view *)v;
    char name[256];

    sl_invoke_function_name(iv->function, name, sizeof(name));
    if (iv->job)
        snprintf(out, len, _("Invoking %s with \"%s\"... (Esc stops waiting)"), name,
                 iv->job->label);
    else
        snprintf(out, len, _("Reading the configuration of %s... (Esc cancels)"), name);
}

static const char *iv_error(const struct sl_view *v)
{
    const struct invoke_view *iv = (const struct invoke_view *)v;

    return iv->error[0] ? iv->error : NULL;
}

static void iv_crumb(const struct sl_view *v, char *out, size_t len)
{
    snprintf(out, len, "%s", _("invoke"));
}

static void iv_summary(const struct sl_view *v, char *out, size_t len)
{
    const struct invoke_view *iv = (const struct invoke_view *)v;
    const struct choice *c = iv->sel < iv->n ? &iv->ch[iv->sel] : NULL;

    if (c && c->text)
        snprintf(out, len, ngettext("%zu byte", "%zu bytes", c->len), c->len);
    else
        out[0] = '\0';
}

static const char *iv_function(const struct sl_view *v)
{
    return ((const struct invoke_view *)v)->function;
}

static void iv_free(struct sl_view *v)
{
    struct invoke_view *iv = (struct invoke_view *)v;

    /* work in flight cleans up after itself when it ends */
    if (iv->job) {
        iv->job->view = NULL;
        sl_lambda_invoke_cancel(iv->job->inv);
    }
    if (iv->get) {
        iv->get->view = NULL;
        sl_client_cancel(sl_app_client(v->app), &iv->get->call);
    }
    choices_free(iv->ch, iv->n);
    free(iv->function);
    free(iv->want_name);
    free(iv->log_group);
    free(iv);
}

static const struct sl_view_ops invoke_view_ops = {
    .kind = "invoke",
    .load = iv_load,
    .draw = iv_draw,
    .request = iv_request,
    .cancel = iv_cancel,
    .busy = iv_busy,
    .error = iv_error,
    .crumb = iv_crumb,
    .summary = iv_summary,
    .free = iv_free,
    .progress = iv_progress,
    .function = iv_function,
};

struct sl_view *sl_view_invoke_new(const char *function, const char *event_name, int event_source)
{
    struct invoke_view *iv;

    if (!function || !*function)
        return NULL;
    iv = calloc(1, sizeof(*iv));
    if (!iv)
        return NULL;
    iv->base.ops = &invoke_view_ops;
    iv->base.scopes = SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_INVOKE;
    iv->function = strdup(function);
    if (event_name) {
        iv->want_name = strdup(event_name);
        iv->want_source = event_source;
    }
    if (!iv->function || (event_name && !iv->want_name)) {
        free(iv->function);
        free(iv->want_name);
        free(iv);
        return NULL;
    }
    return &iv->base;
}
