/* The generic list view: one list, or several as tabs (a stack: resources, outputs,
 * parameters, events), each driven by a const struct sl_list_ops (ui/list.h). It loads a tab
 * when it is first shown, adds rows as pages arrive, keeps the last good rows on screen when a
 * reload fails (the failure goes to the status line), keeps the selection by key, filters as
 * you type and sorts by column. */
#ifndef SL_UI_LIST_VIEW_H
#define SL_UI_LIST_VIEW_H

#include <stddef.h>

#include "list.h"
#include "sl_error.h"

#define SL_LIST_VIEW_MAX_TABS 6

struct sl_view;
struct sl_list_view;
struct sl_client;

/* A new view over ntabs lists (1 .. SL_LIST_VIEW_MAX_TABS). name is the breadcrumb of a
 * tabbed view (the stack's name; the tab's title follows it), NULL for a one-list view (its
 * title is used); arg is handed to each list's load and open (copied, may be NULL). NULL when
 * out of memory. */
struct sl_view *sl_list_view_new(const char *name, const struct sl_list_ops *const *tabs,
                                 size_t ntabs, const char *arg);
/* The tab shown (0-based), and the one to show first (before the view is pushed). */
size_t sl_list_view_tab(const struct sl_view *v);
void sl_list_view_set_tab(struct sl_view *v, size_t tab);
/* The list of a tab, for tests and for views built on this one. */
struct sl_list *sl_list_view_list(struct sl_view *v, size_t tab);
/* Data of the view's own that its lists' hooks share (a cache of sparklines): set once after
 * sl_list_view_new, freed with free_ext when the view goes. */
void sl_list_view_set_ext(struct sl_view *v, void *ext, void (*free_ext)(void *ext));
void *sl_list_view_ext(const struct sl_view *v);

/* One load of one tab, handed to the ops' load function. */
struct sl_load {
    struct sl_list_view *lv; /* NULL once the view has let go (the load then only cleans up) */
    const struct sl_list_ops *ops;
    struct sl_client *client;
    size_t tab;
    int staged;       /* a reload: rows go aside until it ends well */
    int pages;        /* pages that arrived */
    long long now_ms; /* wall clock when the load started */
    void *op;         /* the api/ operation, for ops->cancel and ops->release */
    void *priv;       /* anything else the ops keep (freed by ops->release) */
};

/* From the ops' page callback: takes the n items (freed with ops->free_items). */
void sl_load_page(struct sl_load *ld, void *items, size_t n);
/* From the ops' done callback, once: ends the load, calls ops->release and frees ld. err may
 * be NULL. */
void sl_load_done(struct sl_load *ld, enum sl_err rc, const struct sl_error *err);

#endif
