/* The saved events of one function: a list view (ui/list_view.c) inside a view of its own that
 * adds what changes the files: n renames, d deletes (after a y/n question), D saves a copy under
 * a new name, i opens the Invoke view with the event selected. Events of the project's events/
 * folder belong to the project: slctl shows, copies and sends them, and leaves the files alone.
 * Everything here is local files, so a load ends before it returns. */
#include "view_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "events.h"
#include "format.h"
#include "i18n.h"
#include "invoke_text.h"
#include "json.h"
#include "list_view.h"
#include "text.h"
#include "textlines.h"
#include "theme.h"
#include "view.h"
#include "view_invoke.h"
#include "view_text.h"

/* ---- the list -------------------------------------------------------------------------------- */

struct ev_item {
    struct sl_event_ref ref;
    long long size;     /* bytes; -1 when unknown */
    long long mtime_ms; /* last change; -1 when unknown */
};

enum { COL_NAME, COL_SOURCE, COL_SIZE, COL_MODIFIED, COL_PATH, NCOLS };

static const struct sl_col ev_cols[NCOLS] = {
    [COL_NAME] = {"name", N_("NAME"), 10, 40, 0, 'N', 0},
    [COL_SOURCE] = {"source", N_("SOURCE"), 7, 0, 0, 'S', 0},
    [COL_SIZE] = {"size", N_("SIZE"), 6, 0, 1, 'Z', 1},
    [COL_MODIFIED] = {"modified", N_("MODIFIED"), 8, 0, 0, 'M', 1},
    [COL_PATH] = {"path", N_("PATH"), 10, 0, 0, 0, 0},
};

static const char *ev_source(const struct sl_event_ref *r)
{
    return r->source == SL_EVENT_SAVED ? _("slctl") : _("project");
}

static void ev_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct ev_item *e = item;
    char buf[SL_FMT_SHORT];

    sl_row_set(out, COL_NAME, "%s", e->ref.name ? e->ref.name : "");
    sl_row_set(out, COL_SOURCE, "%s", ev_source(&e->ref));
    sl_fmt_bytes(e->size, buf, sizeof(buf));
    sl_row_set(out, COL_SIZE, "%s", buf);
    sl_fmt_relative(e->mtime_ms, ctx->now_ms, buf, sizeof(buf));
    sl_row_set(out, COL_MODIFIED, "%s", buf);
    sl_row_set(out, COL_PATH, "%s", e->ref.path ? e->ref.path : "");
    out->num[COL_SIZE] = e->size;
    out->num[COL_MODIFIED] = e->mtime_ms;
}

static const char *ev_key(const void *item)
{
    const struct ev_item *e = item;

    return e->ref.path ? e->ref.path : "";
}

static void ev_free_items(void *items, size_t n)
{
    struct ev_item *v = items;
    size_t i;

    for (i = 0; v && i < n; i++)
        sl_event_ref_clear(&v[i].ref);
    free(v);
}

static enum sl_err ev_load(struct sl_load *ld, struct sl_client *c, const char *function,
                           struct sl_error *err)
{
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_event_ref *refs = NULL;
    struct ev_item *items;
    size_t n = 0, i;
    enum sl_err rc;

    rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_list(&dirs, function, &refs, &n, err);
    sl_events_dirs_free(&dirs);
    if (rc)
        return rc;
    items = calloc(n ? n : 1, sizeof(*items));
    if (!items) {
        sl_event_refs_free(&refs, n);
        return SL_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        struct stat st;

        items[i].ref = refs[i];
        memset(&refs[i], 0, sizeof(refs[i]));
        items[i].size = -1;
        items[i].mtime_ms = -1;
        if (items[i].ref.path && stat(items[i].ref.path, &st) == 0) {
            items[i].size = (long long)st.st_size;
            items[i].mtime_ms = (long long)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
        }
    }
    sl_event_refs_free(&refs, n);
    /* local files: the load ends here */
    sl_load_page(ld, items, n);
    sl_load_done(ld, SL_OK, NULL);
    return SL_OK;
}

/* Enter: the event pretty-printed (as it is, with the reason, when it is not JSON). */
static struct sl_view *ev_open(const void *item, const char *function, const char **why)
{
    const struct ev_item *e = item;
    struct sl_text_lines lines;
    struct sl_error err;
    struct sl_view *v;
    char *text = NULL, *pretty = NULL, crumb[300];
    size_t len = 0;
    enum sl_err rc;

    sl_error_clear(&err);
    sl_text_lines_init(&lines);
    rc = sl_events_load(e->ref.path, &text, &len, &err);
    if (rc == SL_EPARSE) {
        /* show what is there, under the reason */
        sl_text_lines_addf(&lines, SL_ROLE_BAD, "%s", err.message);
        free(text);
        text = NULL;
        if (sl_events_read(e->ref.path, &text, &len, NULL) == SL_OK)
            sl_text_lines_add(&lines, SL_ROLE_NORMAL, text, len);
    } else if (rc) {
        static char msg[sizeof(err.message)];

        sl_text_lines_clear(&lines);
        snprintf(msg, sizeof(msg), "%s", err.message[0] ? err.message : sl_strerror(rc));
        *why = msg;
        return NULL;
    } else {
        pretty = sl_json_pretty(text, len);
        if (pretty)
            sl_text_lines_add(&lines, SL_ROLE_NORMAL, pretty, strlen(pretty));
        else
            sl_text_lines_add(&lines, SL_ROLE_NORMAL, text, len);
    }
    free(text);
    free(pretty);
    snprintf(crumb, sizeof(crumb), "%s", e->ref.name ? e->ref.name : "");
    v = sl_view_text_new(crumb, function, &lines);
    sl_text_lines_clear(&lines);
    return v;
}

static const struct sl_list_ops ev_list_ops = {
    .id = "events",
    .title = N_("saved events"),
    .cols = ev_cols,
    .ncols = NCOLS,
    .sort_col = COL_NAME,
    .empty = N_("This function has no saved events yet (S in its Invoke view saves one)."),
    .detail = "path",
    .item_size = sizeof(struct ev_item),
    .free_items = ev_free_items,
    .row = ev_row,
    .key = ev_key,
    .load = ev_load,
    .open = ev_open,
};

/* ---- the view around it ---------------------------------------------------------------------- */

struct events_view {
    struct sl_view base;
    struct sl_view *list;
    char *function;
    /* the event a question is about (copied when it is asked) */
    char *target_name;
    char *target_path;
};

static struct sl_list *ev_list(struct events_view *ev)
{
    return sl_list_view_list(ev->list, 0);
}

static const struct ev_item *ev_selected(struct events_view *ev)
{
    return sl_list_selected_item(ev_list(ev));
}

/* Reads the list again and selects the event at path (or keeps the selection). */
static void ev_reload(struct events_view *ev, const char *path)
{
    ev->list->ops->load(ev->list, 1);
    if (path)
        sl_list_select_key(ev_list(ev), path);
}

static int ev_target(struct events_view *ev, const struct ev_item *e)
{
    free(ev->target_name);
    free(ev->target_path);
    ev->target_name = strdup(e->ref.name ? e->ref.name : "");
    ev->target_path = strdup(e->ref.path ? e->ref.path : "");
    if (!ev->target_name || !ev->target_path) {
        sl_app_error(ev->base.app, SL_ENOMEM, NULL);
        return -1;
    }
    return 0;
}

/* Copies the target's content to the store under name; *path gets the new file. */
static enum sl_err copy_to(struct events_view *ev, const char *name, char **path,
                           struct sl_error *err)
{
    struct sl_events_dirs dirs = {NULL, NULL};
    char *text = NULL;
    size_t len = 0;
    enum sl_err rc;

    rc = sl_events_load(ev->target_path, &text, &len, err);
    if (!rc)
        rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_save(&dirs, ev->function, name, text, len, 0, path, err);
    free(text);
    sl_events_dirs_free(&dirs);
    return rc;
}

static void rename_done(struct sl_view *v, const char *name)
{
    struct events_view *ev = (struct events_view *)v;
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_error err;
    char *path = NULL;
    enum sl_err rc;

    if (!name || !name[0] || !strcmp(name, ev->target_name)) {
        sl_app_info(v->app, "%s", _("Nothing was renamed."));
        return;
    }
    sl_error_clear(&err);
    /* the new file first: a failure in between leaves a copy, never nothing */
    rc = copy_to(ev, name, &path, &err);
    if (!rc)
        rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_remove(&dirs, ev->function, ev->target_name, &err);
    sl_events_dirs_free(&dirs);
    if (rc)
        sl_app_error(v->app, rc, &err);
    else
        sl_app_info(v->app, _("Renamed the event \"%s\" to \"%s\"."), ev->target_name, name);
    ev_reload(ev, path);
    free(path);
}

static void duplicate_done(struct sl_view *v, const char *name)
{
    struct events_view *ev = (struct events_view *)v;
    struct sl_error err;
    char *path = NULL;
    enum sl_err rc;

    if (!name || !name[0]) {
        sl_app_info(v->app, "%s", _("Nothing was copied."));
        return;
    }
    sl_error_clear(&err);
    rc = copy_to(ev, name, &path, &err);
    if (rc) {
        sl_app_error(v->app, rc, &err);
        return;
    }
    sl_app_info(v->app, _("Saved a copy of \"%s\" as \"%s\"."), ev->target_name, name);
    ev_reload(ev, path);
    free(path);
}

static void delete_done(struct sl_view *v, const char *answer)
{
    struct events_view *ev = (struct events_view *)v;
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_error err;
    enum sl_err rc;

    if (!sl_answer_is_yes(answer)) {
        sl_app_info(v->app, "%s", _("Nothing was deleted."));
        return;
    }
    sl_error_clear(&err);
    rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_remove(&dirs, ev->function, ev->target_name, &err);
    sl_events_dirs_free(&dirs);
    if (rc)
        sl_app_error(v->app, rc, &err);
    else
        sl_app_info(v->app, _("Deleted the event \"%s\"."), ev->target_name);
    ev_reload(ev, NULL);
}

static unsigned evv_request(struct sl_view *v, enum sl_req req, int key)
{
    struct events_view *ev = (struct events_view *)v;
    const struct ev_item *e = ev_selected(ev);
    char question[512], initial[160];

    switch (req) {
    case SL_REQ_RENAME:
    case SL_REQ_DELETE:
    case SL_REQ_DUPLICATE:
    case SL_REQ_INVOKE:
        break;
    default:
        return ev->list->ops->request(ev->list, req, key);
    }
    if (!e) {
        sl_app_info(v->app, "%s", _("There is no event here; S in the Invoke view saves one."));
        return SL_UI_HANDLED;
    }
    if (req == SL_REQ_INVOKE) {
        struct sl_view *next = sl_view_invoke_new(ev->function, e->ref.name, (int)e->ref.source);

        if (next)
            sl_app_push(v->app, next);
        else
            sl_app_error(v->app, SL_ENOMEM, NULL);
        return SL_UI_HANDLED | SL_UI_REDRAW;
    }
    if (req != SL_REQ_DUPLICATE && e->ref.source == SL_EVENT_PROJECT) {
        /* the project's files are the project's: its PATH column says where */
        sl_app_info(
            v->app,
            req == SL_REQ_DELETE
                ? _("The event \"%s\" belongs to the project; slctl deletes only the events "
                    "it saved (D saves a copy).")
                : _("The event \"%s\" belongs to the project; slctl renames only the events "
                    "it saved (D saves a copy)."),
            e->ref.name);
        return SL_UI_HANDLED;
    }
    if (ev_target(ev, e))
        return SL_UI_HANDLED;
    switch (req) {
    case SL_REQ_RENAME:
        snprintf(question, sizeof(question), _("Rename \"%s\" to: "), e->ref.name);
        sl_app_prompt(v->app, v, question, e->ref.name, NULL, rename_done);
        break;
    case SL_REQ_DELETE:
        snprintf(question, sizeof(question), _("Delete the event \"%s\"? (y/n) "), e->ref.name);
        sl_app_prompt(v->app, v, question, "", NULL, delete_done);
        break;
    default:
        snprintf(question, sizeof(question), _("Save a copy of \"%s\" as: "), e->ref.name);
        snprintf(initial, sizeof(initial), "%.100s-copy", e->ref.name);
        sl_app_prompt(v->app, v, question, initial, NULL, duplicate_done);
        break;
    }
    return SL_UI_HANDLED | SL_UI_REDRAW;
}

/* The rest is the list's. */
static void evv_load(struct sl_view *v, int refresh)
{
    struct events_view *ev = (struct events_view *)v;

    ev->list->app = v->app;
    ev->list->ops->load(ev->list, refresh);
}

static void evv_draw(struct sl_view *v, int top, int height, int width)
{
    struct events_view *ev = (struct events_view *)v;

    ev->list->ops->draw(ev->list, top, height, width);
}

static int evv_cancel(struct sl_view *v)
{
    struct events_view *ev = (struct events_view *)v;

    return ev->list->ops->cancel(ev->list);
}

static int evv_busy(const struct sl_view *v, int *pages)
{
    const struct events_view *ev = (const struct events_view *)v;

    return ev->list->ops->busy(ev->list, pages);
}

static const char *evv_error(const struct sl_view *v)
{
    const struct events_view *ev = (const struct events_view *)v;

    return ev->list->ops->error(ev->list);
}

static void evv_set_filter(struct sl_view *v, const char *text)
{
    struct events_view *ev = (struct events_view *)v;

    ev->list->ops->set_filter(ev->list, text);
}

static const char *evv_filter(const struct sl_view *v)
{
    const struct events_view *ev = (const struct events_view *)v;

    return ev->list->ops->filter(ev->list);
}

static enum sl_err evv_sort(struct sl_view *v, const char *name, struct sl_error *err)
{
    struct events_view *ev = (struct events_view *)v;

    return ev->list->ops->sort(ev->list, name, err);
}

static void evv_sort_letters(const struct sl_view *v, char *out, size_t len)
{
    const struct events_view *ev = (const struct events_view *)v;

    ev->list->ops->sort_letters(ev->list, out, len);
}

static size_t evv_columns(const struct sl_view *v, const char **ids, size_t max)
{
    const struct events_view *ev = (const struct events_view *)v;

    return ev->list->ops->columns(ev->list, ids, max);
}

static void evv_crumb(const struct sl_view *v, char *out, size_t len)
{
    /* the function is in the breadcrumb already when it was opened from the function */
    snprintf(out, len, "%s", _("saved events"));
}

static void evv_summary(const struct sl_view *v, char *out, size_t len)
{
    const struct events_view *ev = (const struct events_view *)v;

    ev->list->ops->summary(ev->list, out, len);
}

static const char *evv_function(const struct sl_view *v)
{
    return ((const struct events_view *)v)->function;
}

static void evv_free(struct sl_view *v)
{
    struct events_view *ev = (struct events_view *)v;

    sl_view_free(&ev->list);
    free(ev->function);
    free(ev->target_name);
    free(ev->target_path);
    free(ev);
}

static const struct sl_view_ops events_view_ops = {
    .kind = "events",
    .load = evv_load,
    .draw = evv_draw,
    .request = evv_request,
    .cancel = evv_cancel,
    .busy = evv_busy,
    .error = evv_error,
    .set_filter = evv_set_filter,
    .filter = evv_filter,
    .sort = evv_sort,
    .sort_letters = evv_sort_letters,
    .columns = evv_columns,
    .crumb = evv_crumb,
    .summary = evv_summary,
    .free = evv_free,
    .function = evv_function,
};

struct sl_view *sl_view_events_new(const char *function)
{
    const struct sl_list_ops *tabs[] = {&ev_list_ops};
    struct events_view *ev;

    if (!function || !*function)
        return NULL;
    ev = calloc(1, sizeof(*ev));
    if (!ev)
        return NULL;
    ev->base.ops = &events_view_ops;
    ev->function = strdup(function);
    ev->list = sl_list_view_new(NULL, tabs, 1, function);
    if (!ev->function || !ev->list) {
        sl_view_free(&ev->list);
        free(ev->function);
        free(ev);
        return NULL;
    }
    ev->base.scopes = ev->list->scopes | SL_SCOPE_EVENTS;
    return &ev->base;
}

/* ---- :events -----------------------------------------------------------------------------------
 */

static void ask_done(struct sl_view *v, const char *function)
{
    struct sl_view *next;

    if (!function || !function[0])
        return;
    next = sl_view_events_new(function);
    if (next)
        sl_app_push(v->app, next);
    else
        sl_app_error(v->app, SL_ENOMEM, NULL);
}

void sl_view_events_command(struct sl_app *app, struct sl_view *cur, const char *function)
{
    struct sl_view *next;

    if ((!function || !function[0]) && cur && cur->ops->function)
        function = cur->ops->function(cur);
    if (!function || !function[0]) {
        if (cur)
            sl_app_prompt(app, cur, _("Saved events of which function? "), "", NULL, ask_done);
        return;
    }
    next = sl_view_events_new(function);
    if (next)
        sl_app_push(app, next);
    else
        sl_app_error(app, SL_ENOMEM, NULL);
}
