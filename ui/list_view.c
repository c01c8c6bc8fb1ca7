#include "list_view.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "frame.h"
#include "i18n.h"
#include "text.h"
#include "theme.h"
#include "view.h"

struct sl_lv_tab {
    const struct sl_list_ops *ops;
    struct sl_list list;
    struct sl_list pending; /* a reload's rows until it ends well */
    struct sl_load *load;   /* the load running, or NULL */
    int loaded;             /* a load has ended at least once */
    int complete;           /* the last load that ended, ended well */
    char error[640];        /* the last load's failure, "" after a good one */
};

struct sl_list_view {
    struct sl_view base;
    char *name;
    char *arg;
    size_t ntabs;
    size_t cur;
    size_t height; /* rows of the list at the last draw, for PgUp/PgDn */
    struct sl_lv_tab tabs[SL_LIST_VIEW_MAX_TABS];
    void *ext; /* the lists' shared data (sl_list_view_set_ext) */
    void (*free_ext)(void *ext);
};

static struct sl_lv_tab *cur_tab(const struct sl_view *v)
{
    struct sl_list_view *lv = (struct sl_list_view *)v;

    return &lv->tabs[lv->cur];
}

/* ---- loading ------------------------------------------------------------------------------- */

/* Lets go of the load of tab t: it is asked to stop and will only clean up when it ends. */
static void tab_orphan(struct sl_lv_tab *tab)
{
    struct sl_load *ld = tab->load;

    if (!ld)
        return;
    tab->load = NULL;
    ld->lv = NULL;
    if (ld->ops->cancel)
        ld->ops->cancel(ld);
}

static void tab_load(struct sl_list_view *lv, size_t t, int refresh)
{
    struct sl_lv_tab *tab = &lv->tabs[t];
    struct sl_app *app = lv->base.app;
    struct sl_load *ld;
    struct sl_error err;
    enum sl_err rc;
    long long now = sl_app_now_ms(app);

    if (!refresh && (tab->load || tab->loaded))
        return;
    tab_orphan(tab);
    ld = calloc(1, sizeof(*ld));
    if (!ld) {
        sl_app_error(app, SL_ENOMEM, NULL);
        return;
    }
    ld->lv = lv;
    ld->ops = tab->ops;
    ld->client = sl_app_client(app);
    ld->tab = t;
    ld->now_ms = now;
    ld->staged = tab->list.nrows > 0;
    sl_list_clear(&tab->pending);
    tab->pending.ctx.now_ms = now;
    if (!ld->staged) {
        sl_list_clear(&tab->list);
        tab->list.ctx.now_ms = now;
    }
    tab->load = ld;
    sl_error_clear(&err);
    rc = tab->ops->load(ld, ld->client, lv->arg, &err);
    if (rc) {
        tab->load = NULL;
        free(ld);
        tab->loaded = 1;
        sl_error_format(rc, &err, tab->error, sizeof(tab->error));
    }
    sl_app_dirty(app);
}

void sl_load_page(struct sl_load *ld, void *items, size_t n)
{
    struct sl_lv_tab *tab;

    if (!ld->lv) {
        ld->ops->free_items(items, n);
        return;
    }
    tab = &ld->lv->tabs[ld->tab];
    ld->pages++;
    sl_list_add(ld->staged ? &tab->pending : &tab->list, items, n);
    sl_app_dirty(ld->lv->base.app);
}

void sl_load_done(struct sl_load *ld, enum sl_err rc, const struct sl_error *err)
{
    struct sl_list_view *lv = ld->lv;

    if (lv) {
        struct sl_lv_tab *tab = &lv->tabs[ld->tab];
        struct sl_app *app = lv->base.app;

        tab->load = NULL;
        tab->loaded = 1;
        tab->complete = rc == SL_OK || (ld->staged && tab->complete);
        if (rc == SL_OK) {
            if (ld->staged)
                sl_list_take(&tab->list, &tab->pending);
            tab->error[0] = '\0';
        } else {
            sl_list_clear(&tab->pending);
            if (rc == SL_ECANCELLED) {
                if (sl_app_is_current(app, &lv->base))
                    sl_app_info(app, "%s", _("Cancelled; r loads again."));
            } else {
                char msg[sizeof(tab->error)];
                char *clean;

                sl_error_format(rc, err, msg, sizeof(msg));
                clean = sl_text_sanitized(msg);
                snprintf(tab->error, sizeof(tab->error), "%s", clean ? clean : msg);
                free(clean);
            }
        }
        sl_app_dirty(app);
    }
    if (ld->ops->release)
        ld->ops->release(ld);
    free(ld);
}

/* ---- view operations ----------------------------------------------------------------------- */

static void lv_load(struct sl_view *v, int refresh)
{
    struct sl_list_view *lv = (struct sl_list_view *)v;

    tab_load(lv, lv->cur, refresh);
}

static int lv_cancel(struct sl_view *v)
{
    struct sl_lv_tab *tab = cur_tab(v);

    if (!tab->load)
        return 0;
    if (tab->load->ops->cancel)
        tab->load->ops->cancel(tab->load);
    return 1;
}

static int lv_busy(const struct sl_view *v, int *pages)
{
    struct sl_lv_tab *tab = cur_tab(v);

    if (pages)
        *pages = tab->load ? tab->load->pages : 0;
    return tab->load != NULL;
}

static const char *lv_error(const struct sl_view *v)
{
    struct sl_lv_tab *tab = cur_tab(v);

    return tab->error[0] ? tab->error : NULL;
}

static void lv_set_filter(struct sl_view *v, const char *text)
{
    sl_list_set_filter(&cur_tab(v)->list, text);
}

static const char *lv_filter(const struct sl_view *v)
{
    return cur_tab(v)->list.filter;
}

static enum sl_err lv_sort(struct sl_view *v, const char *name, struct sl_error *err)
{
    return sl_list_sort_named(&cur_tab(v)->list, name, err);
}

static void lv_sort_letters(const struct sl_view *v, char *out, size_t len)
{
    sl_list_sort_letters(cur_tab(v)->ops, out, len);
}

static size_t lv_columns(const struct sl_view *v, const char **ids, size_t max)
{
    const struct sl_list_ops *ops = cur_tab(v)->ops;
    size_t i;

    for (i = 0; i < ops->ncols && i < max; i++)
        ids[i] = ops->cols[i].id;
    return i;
}

static void lv_crumb(const struct sl_view *v, char *out, size_t len)
{
    const struct sl_list_view *lv = (const struct sl_list_view *)v;
    char *name = sl_text_sanitized(lv->name ? lv->name : "");

    if (lv->ntabs > 1 || lv->name)
        snprintf(out, len, "%s > %s", name ? name : "", _(cur_tab(v)->ops->title));
    else
        snprintf(out, len, "%s", _(cur_tab(v)->ops->title));
    free(name);
}

static void lv_summary(const struct sl_view *v, char *out, size_t len)
{
    const struct sl_list *l = &cur_tab(v)->list;

    if (!l->nrows) {
        out[0] = '\0';
    } else if (l->needle && l->needle[0]) {
        snprintf(out, len, _("/%s  %zu of %zu"), l->filter, l->nvis, l->nrows);
    } else {
#ifdef ENABLE_NLS
        snprintf(out, len, ngettext("%zu row", "%zu rows", l->nrows), l->nrows);
#else
        snprintf(out, len, l->nrows == 1 ? "%zu row" : "%zu rows", l->nrows);
#endif
    }
}

static void draw_tabs(struct sl_list_view *lv, int y, int width)
{
    size_t i;
    int x = 0;

    sl_draw_text(y, 0, width, "", 0, 0);
    for (i = 0; i < lv->ntabs && x < width; i++) {
        char buf[128];
        int w;

        snprintf(buf, sizeof(buf), " %zu %s ", i + 1, _(lv->tabs[i].ops->title));
        w = sl_text_width(buf);
        if (w > width - x)
            w = width - x;
        x += sl_draw_text(y, x, w, buf,
                          sl_theme_attr(i == lv->cur ? SL_ROLE_TAB_ACTIVE : SL_ROLE_TAB), 0);
        if (x < width)
            x += sl_draw_text(y, x, 1, "", 0, 0);
    }
}

static void draw_heading(const struct sl_list *l, const int *widths, int y, int width)
{
    const struct sl_list_ops *ops = l->ops;
    unsigned int attr = sl_theme_attr(SL_ROLE_TITLE);
    const char *up = MB_CUR_MAX > 1 ? "\xe2\x86\x91" : "^";
    const char *down = MB_CUR_MAX > 1 ? "\xe2\x86\x93" : "v";
    size_t c;
    int x = 1;

    sl_draw_text(y, 0, width, "", 0, 0);
    for (c = 0; c < ops->ncols && x < width; c++) {
        char buf[128];
        int w = widths[c];

        if (!w)
            continue;
        if (w > width - x)
            w = width - x;
        snprintf(buf, sizeof(buf), "%s%s", _(ops->cols[c].title),
                 l->sort_col == (int)c ? (l->sort_desc ? down : up) : "");
        sl_draw_text(y, x, w, buf, attr, ops->cols[c].right);
        x += w + 2;
    }
    if (ops->live && width - x >= ops->live_width)
        sl_draw_text(y, x, ops->live_width, _(ops->live_title), attr, 0);
}

static void draw_row(struct sl_view *v, const struct sl_list *l, const struct sl_list_row *r,
                     const int *widths, int y, int width, int selected)
{
    const struct sl_list_ops *ops = l->ops;
    unsigned int base = selected ? sl_theme_attr(SL_ROLE_SELECTED)
                                 : (r->r.row_role ? sl_theme_attr(r->r.row_role) : 0);
    size_t c;
    int x = 1;

    sl_draw_text(y, 0, width, "", base, 0);
    for (c = 0; c < ops->ncols && x < width; c++) {
        unsigned int attr = base;
        int w = widths[c];

        if (!w)
            continue;
        if (w > width - x)
            w = width - x;
        if (!selected && r->r.role[c])
            attr = sl_theme_attr(r->r.role[c]);
        sl_draw_text(y, x, w, r->r.cell[c], attr, ops->cols[c].right);
        x += w;
        if (x < width)
            sl_draw_text(y, x, width - x < 2 ? width - x : 2, "", base, 0);
        x += 2;
    }
    if (ops->live && width - x >= ops->live_width) {
        char cell[256] = "";
        unsigned char role = 0;

        ops->live(v, r->item, cell, sizeof(cell), &role);
        sl_draw_text(y, x, ops->live_width, cell, !selected && role ? sl_theme_attr(role) : base,
                     0);
    }
}

/* The column whose full text goes under the list, or -1. */
static int detail_col(const struct sl_list_ops *ops)
{
    size_t c;

    for (c = 0; ops->detail && c < ops->ncols; c++)
        if (!strcmp(ops->cols[c].id, ops->detail))
            return (int)c;
    return -1;
}

#define SL_DETAIL_LINES 3

/* Bytes of s that go on a line of width columns: up to the last space that fits, or as much
 * as fits when a word is longer than the line; at least one character. */
static size_t wrap_at(const char *s, int width)
{
    size_t k = sl_text_fit(s, width), i;

    if (!s[k])
        return k;
    for (i = k; i > k / 2; i--)
        if (s[i - 1] == ' ')
            return i;
    if (!k)
        while (s[k] && (k == 0 || ((unsigned char)s[k] & 0xC0) == 0x80))
            k++;
    return k;
}

/* Draws the selected row's cut cell in full (wrapped, at most SL_DETAIL_LINES lines) at the
 * bottom of the area; returns the lines it takes (0 when the cell fits). */
static int draw_detail(const struct sl_list *l, const int *widths, int bottom, int avail, int width)
{
    const struct sl_list_row *r = sl_list_selected(l);
    int c = detail_col(l->ops), n = 0, i, labelw, textw;
    const char *text, *p;
    char label[64];

    if (!r || c < 0 || avail < SL_DETAIL_LINES + 3)
        return 0;
    text = r->r.cell[c] ? r->r.cell[c] : "";
    if (!text[0] || (widths[c] && sl_text_width(text) <= widths[c]))
        return 0;
    snprintf(label, sizeof(label), " %s: ", _(l->ops->cols[c].title));
    labelw = sl_text_width(label);
    textw = width - labelw - 1;
    if (textw < 10)
        return 0;
    for (p = text; *p && n < SL_DETAIL_LINES; n++)
        p += wrap_at(p, textw);
    for (i = 0, p = text; i < n; i++) {
        char line[1024];
        size_t k = wrap_at(p, textw);
        int y = bottom - n + i;

        if (i == n - 1 && p[k])
            k = strlen(p); /* the last line: cut with an ellipsis by sl_draw_text */
        snprintf(line, sizeof(line), "%.*s", (int)(k < sizeof(line) - 1 ? k : sizeof(line) - 1), p);
        sl_draw_text(y, 0, labelw, i ? "" : label, sl_theme_attr(SL_ROLE_TITLE) & ~A_UNDERLINE, 0);
        sl_draw_text(y, labelw, width - labelw, line, 0, 0);
        p += k;
    }
    return n;
}

static void lv_draw(struct sl_view *v, int top, int height, int width)
{
    struct sl_list_view *lv = (struct sl_list_view *)v;
    struct sl_lv_tab *tab = cur_tab(v);
    struct sl_list *l = &tab->list;
    int widths[SL_LIST_MAX_COLS];
    int y = top, i, detail;

    if (height <= 0)
        return;
    if (lv->ntabs > 1) {
        draw_tabs(lv, y++, width);
        height--;
    }
    if (height <= 0)
        return;
    sl_list_layout(l, width, widths);
    draw_heading(l, widths, y++, width);
    height--;
    detail = draw_detail(l, widths, y + height, height, width);
    height -= detail;
    lv->height = height > 0 ? (size_t)height : 0;
    sl_list_scroll(l, lv->height);
    if (tab->ops->seen && height > 0) {
        const void *items[256];
        size_t n = 0;

        /* the live column's data is fetched for what is on screen only */
        for (i = 0; i < height && n < 256 && l->top + (size_t)i < l->nvis; i++)
            items[n++] = l->rows[l->vis[l->top + (size_t)i]].item;
        tab->ops->seen(v, items, n);
    }
    for (i = 0; i < height; i++) {
        size_t idx = l->top + (size_t)i;

        if (idx < l->nvis)
            draw_row(v, l, &l->rows[l->vis[idx]], widths, y + i, width, idx == l->sel);
        else
            sl_draw_text(y + i, 0, width, "", 0, 0);
    }
    if (!l->nvis && height > 0) {
        const char *msg;

        if (tab->load)
            msg = _("Loading...");
        else if (l->nrows)
            msg = _("No row matches the filter (Esc clears it).");
        else if (tab->complete)
            msg = _(tab->ops->empty);
        else if (tab->loaded && !tab->error[0])
            msg = _("Nothing was loaded; r loads again.");
        else
            msg = "";
        sl_draw_text(y, 1, width - 1, msg, sl_theme_attr(SL_ROLE_DIM), 0);
    }
}

static void lv_switch_tab(struct sl_list_view *lv, size_t t)
{
    if (t >= lv->ntabs)
        return;
    lv->cur = t;
    tab_load(lv, t, 0);
}

static unsigned lv_request(struct sl_view *v, enum sl_req req, int key)
{
    struct sl_list_view *lv = (struct sl_list_view *)v;
    struct sl_lv_tab *tab = cur_tab(v);
    struct sl_list *l = &tab->list;
    long page = lv->height > 1 ? (long)lv->height - 1 : 1;
    const void *item;
    struct sl_view *next;
    const char *why = NULL;

    switch (req) {
    case SL_REQ_DOWN:
        sl_list_move(l, 1);
        break;
    case SL_REQ_UP:
        sl_list_move(l, -1);
        break;
    case SL_REQ_PAGE_DOWN:
        sl_list_move(l, page);
        break;
    case SL_REQ_PAGE_UP:
        sl_list_move(l, -page);
        break;
    case SL_REQ_FIRST:
        sl_list_first(l);
        break;
    case SL_REQ_LAST:
        sl_list_last(l);
        break;
    case SL_REQ_SORT:
        if (!sl_list_sort_key(l, key))
            return SL_UI_IGNORED;
        break;
    case SL_REQ_TAB_NEXT:
        lv_switch_tab(lv, (lv->cur + 1) % lv->ntabs);
        break;
    case SL_REQ_TAB_PREV:
        lv_switch_tab(lv, (lv->cur + lv->ntabs - 1) % lv->ntabs);
        break;
    case SL_REQ_TAB_N:
        if (key < '1' || (size_t)(key - '1') >= lv->ntabs)
            return SL_UI_IGNORED;
        lv_switch_tab(lv, (size_t)(key - '1'));
        break;
    case SL_REQ_ENTER:
        item = sl_list_selected_item(l);
        if (!item || !tab->ops->open)
            return SL_UI_HANDLED;
        next = tab->ops->open(item, lv->arg, &why);
        if (next)
            sl_app_push(v->app, next);
        else if (why)
            sl_app_info(v->app, "%s", why);
        break;
    default:
        if (!tab->ops->act || !sl_req_info(req) || !(sl_req_info(req)->scope & tab->ops->scopes))
            return SL_UI_IGNORED;
        next = tab->ops->act(req, sl_list_selected_item(l), lv->arg, &why);
        if (next)
            sl_app_push(v->app, next);
        else if (why)
            sl_app_info(v->app, "%s", why);
        break;
    }
    return SL_UI_HANDLED | SL_UI_REDRAW;
}

static void lv_free(struct sl_view *v)
{
    struct sl_list_view *lv = (struct sl_list_view *)v;
    size_t i;

    for (i = 0; i < lv->ntabs; i++) {
        tab_orphan(&lv->tabs[i]);
        sl_list_cleanup(&lv->tabs[i].list);
        sl_list_cleanup(&lv->tabs[i].pending);
    }
    if (lv->free_ext)
        lv->free_ext(lv->ext);
    free(lv->name);
    free(lv->arg);
    free(lv);
}

/* A view handling a function's requests is about the function its arg names. */
static const char *lv_function(const struct sl_view *v)
{
    const struct sl_list_view *lv = (const struct sl_list_view *)v;

    return (v->scopes & SL_SCOPE_FUNCTION) ? lv->arg : NULL;
}

static const struct sl_view_ops sl_list_view_ops = {
    .kind = "list",
    .load = lv_load,
    .draw = lv_draw,
    .request = lv_request,
    .cancel = lv_cancel,
    .busy = lv_busy,
    .error = lv_error,
    .set_filter = lv_set_filter,
    .filter = lv_filter,
    .sort = lv_sort,
    .sort_letters = lv_sort_letters,
    .columns = lv_columns,
    .crumb = lv_crumb,
    .summary = lv_summary,
    .free = lv_free,
    .function = lv_function,
};

struct sl_view *sl_list_view_new(const char *name, const struct sl_list_ops *const *tabs,
                                 size_t ntabs, const char *arg)
{
    struct sl_list_view *lv;
    size_t i;

    if (!ntabs || ntabs > SL_LIST_VIEW_MAX_TABS)
        return NULL;
    lv = calloc(1, sizeof(*lv));
    if (!lv)
        return NULL;
    lv->base.ops = &sl_list_view_ops;
    lv->base.scopes = SL_SCOPE_GLOBAL | SL_SCOPE_LIST | (ntabs > 1 ? SL_SCOPE_TABS : 0);
    lv->ntabs = ntabs;
    if ((name && !(lv->name = strdup(name))) || (arg && !(lv->arg = strdup(arg)))) {
        free(lv->name);
        free(lv);
        return NULL;
    }
    for (i = 0; i < ntabs; i++) {
        lv->base.scopes |= tabs[i]->scopes;
        lv->tabs[i].ops = tabs[i];
        sl_list_init(&lv->tabs[i].list, tabs[i], 0);
        sl_list_init(&lv->tabs[i].pending, tabs[i], 0);
    }
    return &lv->base;
}

size_t sl_list_view_tab(const struct sl_view *v)
{
    return ((const struct sl_list_view *)v)->cur;
}

void sl_list_view_set_tab(struct sl_view *v, size_t tab)
{
    struct sl_list_view *lv = (struct sl_list_view *)v;

    if (tab < lv->ntabs)
        lv->cur = tab;
}

void sl_list_view_set_ext(struct sl_view *v, void *ext, void (*free_ext)(void *ext))
{
    struct sl_list_view *lv = (struct sl_list_view *)v;

    lv->ext = ext;
    lv->free_ext = free_ext;
}

void *sl_list_view_ext(const struct sl_view *v)
{
    return ((const struct sl_list_view *)v)->ext;
}

struct sl_list *sl_list_view_list(struct sl_view *v, size_t tab)
{
    struct sl_list_view *lv = (struct sl_list_view *)v;

    return tab < lv->ntabs ? &lv->tabs[tab].list : NULL;
}
