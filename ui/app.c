#include "app.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws_config.h"
#include "cli.h"
#include "client.h"
#include "cmdline.h"
#include "frame.h"
#include "help.h"
#include "history.h"
#include "i18n.h"
#include "keymap.h"
#include "lineedit.h"
#include "mfa_prompt.h"
#include "prompt.h"
#include "session.h"
#include "settings.h"
#include "service.h"
#include "sts.h"
#include "term.h"
#include "text.h"
#include "theme.h"
#include "view.h"
#include "view_events.h"
#include "view_pickers.h"
#include "views.h"

#define SL_APP_DEPTH        16
#define SL_APP_SPIN_MS      120
#define SL_APP_IDLE_WAIT_MS 1000

enum app_mode { MODE_NORMAL, MODE_FILTER, MODE_COMMAND, MODE_HELP, MODE_PROMPT };

enum id_state { ID_NONE, ID_RUNNING, ID_DONE, ID_FAILED };

struct sl_app {
    const struct sl_globals *g;
    struct sl_client *client;
    struct sl_keymap km;
    struct sl_history hist;
    char *hist_path;
    struct sl_view *views[SL_APP_DEPTH];
    size_t depth;
    enum app_mode mode;
    struct sl_lineedit edit;
    char completions[512]; /* Tab's candidates, shown while the command line is open */
    /* a view's question (sl_app_prompt) */
    char prompt_label[256];
    struct sl_view *prompt_view;
    sl_app_prompt_fn prompt_changed;
    sl_app_prompt_fn prompt_done;
    enum sl_status_kind msg_kind;
    char msg[1100];
    /* who we are (GetCallerIdentity, asynchronous) */
    struct sl_call id_call;
    enum id_state id_state;
    char account[32];
    char identity[256];
    char profile[128];
    char region[64];
    int readonly;
    unsigned spin;
    long long spin_at;
    size_t help_top;
    /* Tab completion of a view's question (sl_app_prompt_complete) */
    size_t (*prompt_complete)(char *line, size_t len, char *list, size_t listlen);
    /* what the loop does once the key or callback at hand is over (sl_app_close, _switch) */
    struct sl_view *close_view;
    struct sl_view *close_next;
    int switch_pending;
    char switch_profile[128];
    char switch_region[64];
    int profile_explicit; /* a profile was chosen (--profile, P): environment keys are skipped */
    int region_explicit; /* a region was chosen (--region, R): it stays when the profile does not */
    char root_line[128]; /* the command that opened the first view, run again after a switch */
    int quit;
    int dirty;
};

/* The MFA code of a role is asked on the terminal outside curses, then the screen comes back. */
static enum sl_err app_mfa_prompt(void *ud, const char *serial, char *code, size_t len)
{
    struct sl_app *app = ud;
    int was_on;
    enum sl_err rc;

    /* once the console is on screen, the code is asked in its own prompt */
    if (stdscr && !isendwin()) {
        rc = sl_prompt_mfa(NULL, serial, code, len);
        if (app)
            app->dirty = 1;
        return rc;
    }
    was_on = sl_term_suspend();
    rc = sl_mfa_prompt_tty(NULL, serial, code, len);

    sl_term_resume(was_on);
    if (app)
        app->dirty = 1;
    return rc;
}

/* ---- for views ------------------------------------------------------------------------------ */

struct sl_client *sl_app_client(struct sl_app *app)
{
    return app->client;
}

long long sl_app_now_ms(const struct sl_app *app)
{
    struct timespec ts;

    (void)app;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sl_app_dirty(struct sl_app *app)
{
    app->dirty = 1;
}

void sl_app_error(struct sl_app *app, enum sl_err rc, const struct sl_error *err)
{
    char msg[sizeof(app->msg)];
    char *clean;

    sl_error_format(rc, err, msg, sizeof(msg));
    clean = sl_text_sanitized(msg);
    snprintf(app->msg, sizeof(app->msg), "%s", clean ? clean : msg);
    free(clean);
    app->msg_kind = SL_STATUS_ERROR;
    app->dirty = 1;
}

void sl_app_info(struct sl_app *app, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(app->msg, sizeof(app->msg), fmt, ap);
    va_end(ap);
    app->msg_kind = SL_STATUS_INFO;
    app->dirty = 1;
}

static struct sl_view *app_view(const struct sl_app *app)
{
    return app->depth ? app->views[app->depth - 1] : NULL;
}

int sl_app_is_current(const struct sl_app *app, const struct sl_view *v)
{
    return app_view(app) == v;
}

const struct sl_settings *sl_app_settings(const struct sl_app *app)
{
    return app->g ? app->g->settings : NULL;
}

int sl_app_readonly(const struct sl_app *app)
{
    return app->readonly;
}

void sl_app_prompt(struct sl_app *app, struct sl_view *v, const char *label, const char *initial,
                   sl_app_prompt_fn changed, sl_app_prompt_fn done)
{
    char *clean = sl_text_sanitized(label ? label : "");

    snprintf(app->prompt_label, sizeof(app->prompt_label), "%s", clean ? clean : "");
    free(clean);
    app->prompt_view = v;
    app->prompt_changed = changed;
    app->prompt_done = done;
    app->prompt_complete = NULL;
    app->completions[0] = '\0';
    app->mode = MODE_PROMPT;
    sl_lineedit_set(&app->edit, initial ? initial : "");
    app->dirty = 1;
}

void sl_app_prompt_complete(struct sl_app *app,
                            size_t (*complete)(char *line, size_t len, char *list, size_t listlen))
{
    app->prompt_complete = complete;
}

struct sl_view *sl_app_under(const struct sl_app *app, const struct sl_view *v)
{
    size_t i;

    for (i = 1; i < app->depth; i++)
        if (app->views[i] == v)
            return app->views[i - 1];
    return NULL;
}

void sl_app_close(struct sl_app *app, struct sl_view *v, struct sl_view *next)
{
    if (app->close_next && app->close_next != next)
        sl_view_free(&app->close_next);
    app->close_view = v;
    app->close_next = next;
}

void sl_app_switch(struct sl_app *app, const char *profile, const char *region)
{
    snprintf(app->switch_profile, sizeof(app->switch_profile), "%s", profile ? profile : "");
    snprintf(app->switch_region, sizeof(app->switch_region), "%s", region ? region : "");
    app->switch_pending = 1;
}

void sl_app_push(struct sl_app *app, struct sl_view *v)
{
    if (!v) {
        sl_app_error(app, SL_ENOMEM, NULL);
        return;
    }
    if (app->depth == SL_APP_DEPTH) {
        sl_view_free(&v);
        sl_app_info(app, "%s", _("Too many views are open; go back first."));
        return;
    }
    v->app = app;
    app->views[app->depth++] = v;
    app->msg_kind = SL_STATUS_NONE;
    app->mode = MODE_NORMAL;
    v->ops->load(v, 0);
    app->dirty = 1;
}

static void app_pop(struct sl_app *app)
{
    if (app->depth <= 1)
        return;
    sl_view_free(&app->views[--app->depth]);
    app->msg_kind = SL_STATUS_NONE;
    app->dirty = 1;
}

/* A view opened from the command line replaces the whole stack. */
static void app_open_top(struct sl_app *app, struct sl_view *v)
{
    while (app->depth)
        sl_view_free(&app->views[--app->depth]);
    sl_app_push(app, v);
}

/* ---- identity --------------------------------------------------------------------------- */

static void id_done(struct sl_call *call, void *ud)
{
    struct sl_app *app = ud;
    struct sl_caller_identity id;

    if (call->rc == SL_OK && sl_sts_parse_caller_identity(call->resp.body.data, call->resp.body.len,
                                                          &id, NULL) == SL_OK) {
        char *acct = sl_text_sanitized(id.account);
        char *who = sl_text_sanitized(sl_frame_short_arn(id.arn));

        snprintf(app->account, sizeof(app->account), "%s", acct ? acct : "");
        snprintf(app->identity, sizeof(app->identity), "%s", who ? who : "");
        free(acct);
        free(who);
        app->id_state = ID_DONE;
    } else {
        snprintf(app->account, sizeof(app->account), "%s", "?");
        app->id_state = ID_FAILED;
    }
    sl_call_cleanup(call);
    app->dirty = 1;
}

static void id_start(struct sl_app *app)
{
    sl_call_init(&app->id_call, &sl_service_sts, "GetCallerIdentity");
    app->id_call.idempotent = 1;
    app->id_call.done = id_done;
    app->id_call.ud = app;
    app->id_state = ID_RUNNING;
    sl_client_send(app->client, &app->id_call);
}

/* ---- drawing -------------------------------------------------------------------------------- */

static void app_crumb(const struct sl_app *app, char *out, size_t len)
{
    size_t i, used = 0;

    out[0] = '\0';
    for (i = 0; i < app->depth && used < len; i++) {
        char part[512];
        int w;

        app->views[i]->ops->crumb(app->views[i], part, sizeof(part));
        w = snprintf(out + used, len - used, "%s%s", i ? " > " : "", part);
        if (w > 0)
            used += (size_t)w;
    }
    if (app->mode == MODE_HELP && used < len)
        snprintf(out + used, len - used, " > %s", _("help"));
}

/* The part of an edited line that fits in room columns with the cursor (*cw columns in) in
 * view: a line wider than the screen scrolls so its end stays in view. */
static const char *edit_tail(const char *text, int *cw, int room)
{
    while (*cw > room && *text) {
        char one[8];
        size_t k = 1;

        while (k < 4 && ((unsigned char)text[k] & 0xC0) == 0x80)
            k++;
        snprintf(one, sizeof(one), "%.*s", (int)k, text);
        *cw -= sl_text_width(one);
        text += k;
    }
    return text;
}

static void app_draw(struct sl_app *app)
{
    struct sl_view *v = app_view(app);
    struct sl_hint hints[24];
    struct sl_frame f;
    char crumb[1024], status[1024], right[256];
    int rows, cols, top, height, pages = 0, prompt;

    getmaxyx(stdscr, rows, cols);
    erase();
    if (rows < SL_FRAME_MIN_ROWS || cols < SL_FRAME_MIN_COLS) {
        mvaddnstr(0, 0, _("The terminal is too small."), cols > 0 ? cols : 0);
        refresh();
        return;
    }
    memset(&f, 0, sizeof(f));
    sl_frame_body(rows, &top, &height);
    if (app->mode == MODE_HELP)
        sl_help_draw(&app->km, v, &app->help_top, top, height, cols);
    else if (v)
        v->ops->draw(v, top, height, cols);
    f.profile = app->profile;
    f.region = app->region;
    f.account = app->account;
    f.identity = app->identity;
    f.readonly = app->readonly;
    f.demo = app->g->demo;
    app_crumb(app, crumb, sizeof(crumb));
    f.crumb = crumb;
    right[0] = '\0';
    if (v && v->ops->summary)
        v->ops->summary(v, right, sizeof(right));
    f.status_right = right;
    if (app->mode == MODE_FILTER || app->mode == MODE_COMMAND) {
        const char *lead = app->mode == MODE_FILTER ? "/" : ":";
        int cw = sl_lineedit_cursor_col(&app->edit) + 1;
        const char *text = edit_tail(app->edit.buf, &cw, cols - 3);

        snprintf(status, sizeof(status), "%s%s", text == app->edit.buf ? lead : "", text);
        f.kind = SL_STATUS_PROMPT;
        f.status = status;
        f.cursor = cw;
    } else if (app->mode == MODE_PROMPT) {
        int lw = sl_text_width(app->prompt_label), cw = sl_lineedit_cursor_col(&app->edit);
        const char *text = edit_tail(app->edit.buf, &cw, cols - 3 - lw);

        snprintf(status, sizeof(status), "%s%s", app->prompt_label, text);
        f.kind = SL_STATUS_PROMPT;
        f.status = status;
        f.cursor = lw + cw;
    } else if (app->msg_kind != SL_STATUS_NONE) {
        f.kind = app->msg_kind;
        f.status = app->msg;
    } else if (v && v->ops->busy(v, &pages)) {
        char what[512];

        if (v->ops->progress) {
            v->ops->progress(v, what, sizeof(what));
            snprintf(status, sizeof(status), "%c %s", sl_frame_spinner(app->spin), what);
        } else {
            snprintf(status, sizeof(status), _("%c Loading... pages so far: %d (Esc cancels)"),
                     sl_frame_spinner(app->spin), pages);
        }
        f.kind = SL_STATUS_PROGRESS;
        f.status = status;
    } else if (v && v->ops->error(v)) {
        f.kind = SL_STATUS_ERROR;
        f.status = v->ops->error(v);
    } else {
        f.kind = SL_STATUS_NONE;
        f.status = "";
    }
    f.hints = hints;
    f.nhints = sl_keymap_hints(&app->km, v ? v->scopes : SL_SCOPE_GLOBAL, hints, 24);
    {
        size_t i, kept = 0;

        /* read-only: what would change AWS is not offered; nor / where nothing filters */
        for (i = 0; i < f.nhints; i++)
            if (!(app->readonly && (sl_req_info(hints[i].req)->scope & SL_SCOPE_WRITES)) &&
                !(hints[i].req == SL_REQ_FILTER && v && !v->ops->set_filter))
                hints[kept++] = hints[i];
        f.nhints = kept;
    }
    prompt = sl_frame_draw(&f, rows, cols);
    if ((app->mode == MODE_COMMAND || app->mode == MODE_PROMPT) && app->completions[0]) {
        sl_draw_text(rows - 1, 0, cols, app->completions, sl_theme_attr(SL_ROLE_HINT), 0);
        if (prompt)
            move(rows - 2, 1 + f.cursor);
    }
    curs_set(prompt ? 1 : 0);
    refresh();
}

/* ---- keys -------------------------------------------------------------------------------- */

static void app_exec(struct sl_app *app, const char *line)
{
    struct sl_view *v = app_view(app);
    struct sl_view *first = app->depth ? app->views[0] : NULL;
    enum sl_cmd_id id;
    const char *arg;
    struct sl_error err;

    sl_error_clear(&err);
    if (sl_cmdline_parse(line, &id, &arg, &err)) {
        app->msg_kind = SL_STATUS_ERROR;
        snprintf(app->msg, sizeof(app->msg), "%s", err.message);
        return;
    }
    switch (id) {
    case SL_CMD_NONE:
        break;
    case SL_CMD_STACKS:
        app_open_top(app, sl_view_stacks_new());
        break;
    case SL_CMD_FUNCTIONS:
        app_open_top(app, sl_view_functions_new());
        break;
    case SL_CMD_LAYERS:
        app_open_top(app, sl_view_layers_new());
        break;
    case SL_CMD_ALARMS:
        app_open_top(app, sl_view_alarms_new());
        break;
    case SL_CMD_LOGS:
        app_open_top(app, sl_view_logs_target_new(arg, 0, 0));
        break;
    case SL_CMD_EVENTS:
        sl_view_events_command(app, v, arg);
        break;
    case SL_CMD_SORT:
        if (!v || !v->ops->sort) {
            sl_app_info(app, "%s", _("Nothing to sort here."));
        } else if (v->ops->sort(v, arg, &err)) {
            app->msg_kind = SL_STATUS_ERROR;
            snprintf(app->msg, sizeof(app->msg), "%s", err.message);
        }
        break;
    case SL_CMD_HELP:
        app->mode = MODE_HELP;
        app->help_top = 0;
        break;
    case SL_CMD_PROFILE:
        sl_app_switch(app, arg, NULL);
        break;
    case SL_CMD_REGION:
        if (sl_region_name_ok(arg))
            sl_app_switch(app, NULL, arg);
        else
            sl_app_info(app, _("\"%.60s\" is not an AWS region (such as us-east-1; R lists them)."),
                        arg);
        break;
    case SL_CMD_QUIT:
        app->quit = 1;
        break;
    case SL_CMD_COUNT:
        break;
    }
    /* a command that opened a new first view is what a profile or region switch runs again */
    if (app->depth == 1 && app->views[0] != first && line != app->root_line)
        snprintf(app->root_line, sizeof(app->root_line), "%s", line);
}

static int is_backspace(int key)
{
    return key == (SL_KEY_FN | KEY_BACKSPACE) || key == 127 || key == 8;
}

static void command_key(struct sl_app *app, int key)
{
    const char *h;

    if (key != '\t')
        app->completions[0] = '\0';
    switch (key) {
    case '\r':
    case '\n':
    case SL_KEY_FN | KEY_ENTER: {
        char line[SL_LINEEDIT_MAX];

        snprintf(line, sizeof(line), "%s", app->edit.buf);
        app->mode = MODE_NORMAL;
        sl_history_add(&app->hist, line);
        app_exec(app, line);
        return;
    }
    case SL_KEY_ESC:
    case SL_KEY_CTRL('c'):
    case SL_KEY_CTRL('g'):
        app->mode = MODE_NORMAL;
        sl_history_reset(&app->hist);
        return;
    case '\t': {
        const char *ids[SL_LIST_MAX_COLS];
        struct sl_view *v = app_view(app);
        size_t nids = v && v->ops->columns ? v->ops->columns(v, ids, SL_LIST_MAX_COLS) : 0;
        char line[SL_LINEEDIT_MAX];
        enum sl_cmd_id cmd = sl_cmdline_command(app->edit.buf);
        char **profiles = NULL;
        const char *const *args = ids;

        /* :profile and :region complete over the AWS files' profiles and the regions */
        if (cmd == SL_CMD_PROFILE) {
            profiles = sl_aws_config_profiles(sl_client_aws_config(app->client));
            for (nids = 0; profiles && profiles[nids]; nids++)
                ;
            args = (const char *const *)profiles;
        } else if (cmd == SL_CMD_REGION) {
            args = sl_region_codes(&nids);
        }
        snprintf(line, sizeof(line), "%s", app->edit.buf);
        sl_cmdline_complete(line, sizeof(line), args, nids, app->completions,
                            sizeof(app->completions));
        sl_lineedit_set(&app->edit, line);
        free(profiles);
        return;
    }
    case SL_KEY_FN | KEY_UP:
    case SL_KEY_CTRL('p'):
        h = sl_history_prev(&app->hist, app->edit.buf);
        if (h)
            sl_lineedit_set(&app->edit, h);
        return;
    case SL_KEY_FN | KEY_DOWN:
    case SL_KEY_CTRL('n'):
        h = sl_history_next(&app->hist);
        if (h)
            sl_lineedit_set(&app->edit, h);
        return;
    default:
        break;
    }
    if (!app->edit.len && is_backspace(key)) {
        app->mode = MODE_NORMAL; /* Backspace on an empty line closes it */
        return;
    }
    sl_lineedit_key(&app->edit, key);
}

static void filter_key(struct sl_app *app, int key)
{
    struct sl_view *v = app_view(app);

    switch (key) {
    case '\r':
    case '\n':
    case SL_KEY_FN | KEY_ENTER:
        app->mode = MODE_NORMAL;
        return;
    case SL_KEY_ESC:
    case SL_KEY_CTRL('c'):
    case SL_KEY_CTRL('g'):
        v->ops->set_filter(v, "");
        app->mode = MODE_NORMAL;
        return;
    case SL_KEY_FN | KEY_UP:
        v->ops->request(v, SL_REQ_UP, key);
        return;
    case SL_KEY_FN | KEY_DOWN:
        v->ops->request(v, SL_REQ_DOWN, key);
        return;
    default:
        break;
    }
    if (!app->edit.len && is_backspace(key)) {
        app->mode = MODE_NORMAL;
        return;
    }
    if (sl_lineedit_key(&app->edit, key) == 1)
        v->ops->set_filter(v, app->edit.buf);
}

/* A view's question: the answer (or NULL when dismissed) goes back to the view. */
static void prompt_key(struct sl_app *app, int key)
{
    struct sl_view *v = app->prompt_view;
    sl_app_prompt_fn done = app->prompt_done;
    char line[SL_LINEEDIT_MAX];

    switch (key) {
    case '\r':
    case '\n':
    case SL_KEY_FN | KEY_ENTER:
        snprintf(line, sizeof(line), "%s", app->edit.buf);
        app->mode = MODE_NORMAL;
        if (done && v == app_view(app))
            done(v, line);
        return;
    case SL_KEY_ESC:
    case SL_KEY_CTRL('c'):
    case SL_KEY_CTRL('g'):
        app->mode = MODE_NORMAL;
        if (done && v == app_view(app))
            done(v, NULL);
        return;
    default:
        break;
    }
    if (key == '\t' && app->prompt_complete) {
        snprintf(line, sizeof(line), "%s", app->edit.buf);
        app->prompt_complete(line, sizeof(line), app->completions, sizeof(app->completions));
        sl_lineedit_set(&app->edit, line);
        return;
    }
    app->completions[0] = '\0';
    if (!app->edit.len && is_backspace(key)) {
        app->mode = MODE_NORMAL;
        if (done && v == app_view(app))
            done(v, NULL);
        return;
    }
    if (sl_lineedit_key(&app->edit, key) == 1 && app->prompt_changed && v == app_view(app))
        app->prompt_changed(v, app->edit.buf);
}

static void help_key(struct sl_app *app, int key)
{
    enum sl_req req = sl_keymap_lookup(&app->km, key, SL_SCOPE_LIST);

    switch (req) {
    case SL_REQ_DOWN:
        app->help_top++;
        return;
    case SL_REQ_UP:
        if (app->help_top)
            app->help_top--;
        return;
    case SL_REQ_PAGE_DOWN:
        app->help_top += 10;
        return;
    case SL_REQ_PAGE_UP:
        app->help_top = app->help_top > 10 ? app->help_top - 10 : 0;
        return;
    default:
        app->mode = MODE_NORMAL;
        return;
    }
}

static void normal_key(struct sl_app *app, int key)
{
    struct sl_view *v = app_view(app);
    enum sl_req req;
    unsigned flags = SL_UI_IGNORED;
    int busy;
    const char *filter;

    if (!v)
        return;
    if (app->msg_kind == SL_STATUS_INFO || app->msg_kind == SL_STATUS_ERROR)
        app->msg_kind = SL_STATUS_NONE;
    req = sl_keymap_lookup(&app->km, key, v->scopes);
    if (req == SL_REQ_NONE && key >= 'A' && key <= 'Z' && (v->scopes & SL_SCOPE_LIST))
        req = SL_REQ_SORT;
    busy = v->ops->busy(v, NULL);
    filter = v->ops->filter ? v->ops->filter(v) : NULL;
    if (req != SL_REQ_NONE && app->readonly && (sl_req_info(req)->scope & SL_SCOPE_WRITES)) {
        sl_app_info(app, "%s",
                    _("Read-only mode: slctl does not invoke functions or publish layers here "
                      "(remove --readonly or readonly = true from slctl's config)."));
        return;
    }
    switch (req) {
    case SL_REQ_NONE:
        break;
    case SL_REQ_HELP:
        app->mode = MODE_HELP;
        app->help_top = 0;
        break;
    case SL_REQ_COMMAND:
        app->mode = MODE_COMMAND;
        app->completions[0] = '\0';
        sl_lineedit_clear(&app->edit);
        sl_history_reset(&app->hist);
        break;
    case SL_REQ_FILTER:
        if (!v->ops->set_filter)
            break;
        app->mode = MODE_FILTER;
        sl_lineedit_set(&app->edit, filter ? filter : "");
        break;
    case SL_REQ_QUIT:
        if (app->depth > 1)
            app_pop(app);
        else
            app->quit = 1;
        break;
    case SL_REQ_BACK:
        if (!is_backspace(key) && busy) {
            v->ops->cancel(v);
        } else if (!is_backspace(key) && filter && filter[0]) {
            v->ops->set_filter(v, "");
        } else if (app->depth > 1) {
            app_pop(app);
        } else if (!is_backspace(key)) {
            sl_app_info(app, "%s", _("This is the top view; q or :q quits."));
        }
        break;
    case SL_REQ_CANCEL:
        if (busy)
            v->ops->cancel(v);
        else
            sl_app_info(app, "%s", _("Nothing is loading; q or :q quits."));
        break;
    case SL_REQ_REFRESH:
        v->ops->load(v, 1);
        break;
    case SL_REQ_PROFILE:
        sl_app_push(app, sl_view_profiles_new());
        break;
    case SL_REQ_REGION:
        sl_app_push(app, sl_view_regions_new());
        break;
    default:
        flags = v->ops->request(v, req, key);
        if (req == SL_REQ_SORT && !(flags & SL_UI_HANDLED))
            sl_app_info(app, _("No column sorts with %c here (? lists the keys)."), key);
        break;
    }
    if (flags & SL_UI_BACK)
        app_pop(app);
    if (flags & SL_UI_QUIT)
        app->quit = 1;
}

static void app_key(struct sl_app *app, int key)
{
    switch (app->mode) {
    case MODE_FILTER:
        filter_key(app, key);
        break;
    case MODE_COMMAND:
        command_key(app, key);
        break;
    case MODE_HELP:
        help_key(app, key);
        break;
    case MODE_PROMPT:
        prompt_key(app, key);
        break;
    default:
        normal_key(app, key);
        break;
    }
    app->dirty = 1;
}

static void app_resize(struct sl_app *app)
{
    sl_term_resize();
    app->dirty = 1;
}

static void app_read_keys(struct sl_app *app)
{
    wint_t wc;
    int r;

    while (!app->quit && (r = get_wch(&wc)) != ERR) {
        int key = r == KEY_CODE_YES ? (SL_KEY_FN | (int)wc) : (int)wc;

        if (key == (SL_KEY_FN | KEY_RESIZE)) {
            app_resize(app);
            continue;
        }
        app_key(app, key);
    }
}

/* ---- what waits for the key or callback at hand to be over ---------------------------- */

static void app_close_now(struct sl_app *app)
{
    struct sl_view *v = app->close_view, *next = app->close_next;
    enum sl_status_kind kind = app->msg_kind;
    char msg[sizeof(app->msg)];
    size_t i = 0;

    app->close_view = app->close_next = NULL;
    memcpy(msg, app->msg, sizeof(msg));
    while (i < app->depth && app->views[i] != v)
        i++;
    if (v && i == app->depth) {
        sl_view_free(&next); /* v went meanwhile (a view opened from the command line) */
        return;
    }
    if (v && (i > 0 || next)) {
        if (app->mode == MODE_PROMPT)
            app->mode = MODE_NORMAL;
        while (app->depth > i)
            sl_view_free(&app->views[--app->depth]);
    }
    if (next)
        sl_app_push(app, next);
    app->msg_kind = kind; /* what the closing view had to say stays */
    memcpy(app->msg, msg, sizeof(msg));
    app->dirty = 1;
}

/* Another profile or region: the new session first, and only when it works does the old one
 * go (its views, their loads, its client). */
static void app_switch_now(struct sl_app *app)
{
    const struct sl_globals *g = app->g;
    const struct sl_settings *s = g->settings;
    struct sl_session_opts o;
    struct sl_client *c = NULL, *old = app->client;
    struct sl_error err;
    char label[128], profile[128], line[sizeof(app->root_line)];
    int new_profile = app->switch_profile[0] != 0, new_region = app->switch_region[0] != 0, i;
    enum sl_err rc;

    app->switch_pending = 0;
    snprintf(profile, sizeof(profile), "%s",
             new_profile ? app->switch_profile : sl_client_profile(old));
    memset(&o, 0, sizeof(o));
    o.profile_explicit = new_profile || app->profile_explicit;
    o.profile = o.profile_explicit ? profile : NULL;
    o.region = new_region ? app->switch_region : (app->region_explicit ? app->region : NULL);
    o.endpoint_url = g->endpoint_url;
    o.debug_fd = g->debug && !isatty(STDERR_FILENO) ? STDERR_FILENO : -1;
    o.mfa_prompt = app_mfa_prompt;
    o.mfa_ud = app;
    /* resolving credentials may take a moment (a role is assumed): say so first */
    {
        char *safe = sl_text_sanitized(new_region ? app->switch_region : profile);

        sl_app_info(app, new_region ? _("Switching to %s...") : _("Switching to profile %s..."),
                    safe ? safe : "");
        free(safe);
    }
    app_draw(app);
    sl_error_clear(&err);
    rc = sl_session_open(&o, &c, label, sizeof(label), &err);
    if (rc) {
        sl_app_error(app, rc, &err);
        return;
    }
    while (app->depth)
        sl_view_free(&app->views[--app->depth]);
    if (app->close_next)
        sl_view_free(&app->close_next);
    app->close_view = NULL;
    app->mode = MODE_NORMAL;
    if (app->id_state == ID_RUNNING)
        sl_client_cancel(old, &app->id_call);
    /* let the cancelled calls report, so every load frees what it holds */
    for (i = 0; i < 200 && sl_client_pending(old); i++)
        sl_client_run(old, 10, -1);
    sl_term_signals_install(c); /* SIGWINCH wakes the new client */
    app->client = c;
    sl_client_free(&old);
    app->profile_explicit = o.profile_explicit;
    app->region_explicit = app->region_explicit || new_region;
    {
        /* names from the AWS files go to the screen */
        char *p = sl_text_sanitized(label), *r = sl_text_sanitized(sl_client_region(c));

        snprintf(app->profile, sizeof(app->profile), "%s", p ? p : "");
        snprintf(app->region, sizeof(app->region), "%s", r ? r : "");
        free(p);
        free(r);
    }
    app->account[0] = app->identity[0] = '\0';
    /* read-only goes with the profile (as at the start when none was chosen) */
    {
        const char *name = o.profile_explicit ? profile : sl_settings_profile_name(s, g->profile);

        app->readonly = s ? sl_settings_is_readonly(s, name, g->readonly) : g->readonly;
    }
    id_start(app);
    snprintf(line, sizeof(line), "%s", app->root_line[0] ? app->root_line : "stacks");
    app_exec(app, line);
    if (!app->depth)
        sl_app_push(app, sl_view_stacks_new());
    sl_app_info(app, _("Now using profile %s in %s."), app->profile, app->region);
}

/* ---- setup and the loop ------------------------------------------------------------------ */

static int app_client(struct sl_app *app, const struct sl_globals *g)
{
    struct sl_client_opts o;
    struct sl_error err;
    const struct sl_credentials *creds;
    enum sl_err rc;

    memset(&o, 0, sizeof(o));
    sl_error_clear(&err);
    o.profile = g->profile;
    o.profile_explicit = g->profile != NULL;
    o.region = g->region;
    o.endpoint_url = g->endpoint_url;
    /* a trace on the terminal would tear the screen: only when stderr goes elsewhere */
    o.debug_fd = g->debug && !isatty(STDERR_FILENO) ? STDERR_FILENO : -1;
    o.mfa_prompt = app_mfa_prompt;
    o.mfa_ud = app;
    rc = sl_client_new(&o, &app->client, &err);
    if (rc)
        return sl_cli_fail(rc, &err);
    /* Credentials first, outside curses: a role's MFA code is asked on the plain terminal. */
    rc = sl_client_credentials(app->client, &creds, &err);
    if (rc)
        return sl_cli_fail(rc, &err);
    if (creds->source == SL_CREDS_ENV)
        snprintf(app->profile, sizeof(app->profile), "%s", _("(environment)"));
    else
        snprintf(app->profile, sizeof(app->profile), "%s", sl_client_profile(app->client));
    snprintf(app->region, sizeof(app->region), "%s",
             sl_client_region(app->client) ? sl_client_region(app->client) : "");
    return 0;
}

/* [keys], [colors] and read-only from slctl's config; the first problem goes to *warn. */
static void app_settings(struct sl_app *app, const struct sl_globals *g, char *warn, size_t len)
{
    const struct sl_settings *s = g->settings;
    struct sl_error err;
    size_t i;

    app->readonly = g->readonly;
    if (!s)
        return;
    app->readonly =
        sl_settings_is_readonly(s, sl_settings_profile_name(s, g->profile), g->readonly);
    for (i = 0; i < s->n_keys; i++) {
        sl_error_clear(&err);
        if (sl_keymap_bind(&app->km, s->keys[i].name, s->keys[i].value, &err) && !warn[0])
            snprintf(warn, len, "%s:%d: %.900s", s->path ? s->path : "config", s->keys[i].line,
                     err.message);
    }
    sl_theme_reset();
    for (i = 0; i < s->n_colors; i++) {
        sl_error_clear(&err);
        if (sl_theme_set(s->colors[i].name, s->colors[i].value, &err) && !warn[0])
            snprintf(warn, len, "%s:%d: %.900s", s->path ? s->path : "config", s->colors[i].line,
                     err.message);
    }
}

static void app_cleanup(struct sl_app *app)
{
    struct sl_error err;
    int i;

    while (app->depth)
        sl_view_free(&app->views[--app->depth]);
    sl_view_free(&app->close_next);
    if (app->id_state == ID_RUNNING)
        sl_client_cancel(app->client, &app->id_call);
    /* let the cancelled calls report, so every load frees what it holds */
    for (i = 0; app->client && i < 200 && sl_client_pending(app->client); i++)
        sl_client_run(app->client, 10, -1);
    if (app->hist_path && sl_history_save(&app->hist, app->hist_path, &err) != SL_OK) {
        /* not worth failing the exit for; said after the screen is back */
    }
    sl_history_free(&app->hist);
    free(app->hist_path);
    sl_client_free(&app->client);
}

int sl_console_run(const struct sl_globals *g)
{
    struct sl_app *app;
    struct sl_error err;
    int ex;

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "%s\n",
                _("slctl: the console needs a terminal; give a command instead (see \"slctl "
                  "help\")."));
        return SL_EXIT_USAGE;
    }
    app = calloc(1, sizeof(*app));
    if (!app)
        return sl_cli_fail(SL_ENOMEM, NULL);
    app->g = g;
    app->profile_explicit = g->profile != NULL;
    app->region_explicit = g->region != NULL;
    sl_keymap_init(&app->km);
    sl_history_init(&app->hist, 0);
    ex = app_client(app, g);
    if (ex) {
        sl_client_free(&app->client);
        free(app);
        return ex;
    }
    sl_error_clear(&err);
    app_settings(app, g, err.message, sizeof(err.message));
    app->hist_path = sl_history_default_path();
    if (app->hist_path) {
        struct sl_error herr;

        sl_error_clear(&herr);
        if (sl_history_load(&app->hist, app->hist_path, &herr) && !err.message[0])
            err = herr;
    }

    /* our handlers first: ncurses then leaves SIGTERM/SIGINT/SIGWINCH to us (its own would
     * exit(1) instead of letting the signal end slctl) */
    sl_term_signals_install(app->client);
    sl_term_start(g->no_color);
    id_start(app);
    sl_app_push(app, sl_view_stacks_new());
    if (err.message[0]) {
        app->msg_kind = SL_STATUS_ERROR;
        snprintf(app->msg, sizeof(app->msg), "%s", err.message);
    }
    app->spin_at = mono_ms();
    while (!app->quit) {
        struct sl_view *v = app_view(app);
        int busy = v && v->ops->busy(v, NULL);
        long long now, wait = busy ? SL_APP_SPIN_MS : SL_APP_IDLE_WAIT_MS;
        size_t i;

        /* the views' timers (a log follower's next poll) shorten the wait */
        for (i = 0; i < app->depth; i++) {
            long long due;

            if (!app->views[i]->ops->tick)
                continue;
            due = app->views[i]->ops->tick(app->views[i]);
            if (due >= 0 && due < wait)
                wait = due;
        }
        if (sl_term_resized())
            app_resize(app);
        if (app->dirty) {
            app->dirty = 0;
            app_draw(app);
        }
        sl_client_run(app->client, (int)wait, STDIN_FILENO);
        app_read_keys(app);
        if (app->close_view || app->close_next)
            app_close_now(app);
        if (app->switch_pending && !app->quit)
            app_switch_now(app);
        now = mono_ms();
        if (busy && now - app->spin_at >= SL_APP_SPIN_MS) {
            app->spin++;
            app->spin_at = now;
            app->dirty = 1;
        }
    }
    sl_term_stop();
    sl_term_signals_restore();
    app_cleanup(app);
    free(app);
    return SL_EXIT_OK;
}
