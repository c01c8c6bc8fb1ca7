/* What every console view is to the loop in ui/app.c: a const table of operations (tig) whose
 * key handler returns flags (htop) instead of redrawing or leaving by itself. The list views
 * (ui/list_view.c) are one implementation; a logs or invoke view is another table. */
#ifndef SL_UI_VIEW_H
#define SL_UI_VIEW_H

#include <stddef.h>

#include "keymap.h"
#include "sl_error.h"

struct sl_app;
struct sl_view;

/* What a handler asks of the loop. */
#define SL_UI_IGNORED 0x0u
#define SL_UI_HANDLED 0x1u /* the key was used */
#define SL_UI_REDRAW  0x2u /* the screen changed */
#define SL_UI_BACK    0x4u /* close this view */
#define SL_UI_QUIT    0x8u /* leave the console */

struct sl_view_ops {
    const char *kind; /* "list" */
    /* Starts loading (refresh 0: only when nothing was loaded yet; 1: again). */
    void (*load)(struct sl_view *v, int refresh);
    /* Draws rows [top, top + height) of the screen, width columns wide. */
    void (*draw)(struct sl_view *v, int top, int height, int width);
    /* A request of the key map for this view's scopes; key is the key pressed (for
     * SL_REQ_TAB_N and SL_REQ_SORT). Returns SL_UI_* flags. */
    unsigned (*request)(struct sl_view *v, enum sl_req req, int key);
    /* Stops the load in progress; 1 when there was one. */
    int (*cancel)(struct sl_view *v);
    /* 1 while loading, with the pages that arrived so far in *pages. */
    int (*busy)(const struct sl_view *v, int *pages);
    /* The last load's failure as one sentence (until a load ends well), or NULL. */
    const char *(*error)(const struct sl_view *v);
    /* The filter as typed (live), and the current one ("" when none). NULL: no filter. */
    void (*set_filter)(struct sl_view *v, const char *text);
    const char *(*filter)(const struct sl_view *v);
    /* :sort NAME. NULL: nothing to sort. */
    enum sl_err (*sort)(struct sl_view *v, const char *name, struct sl_error *err);
    /* The sort letters ("NSUD") and the column ids (for :sort completion). */
    void (*sort_letters)(const struct sl_view *v, char *out, size_t len);
    size_t (*columns)(const struct sl_view *v, const char **ids, size_t max);
    /* This view's part of the breadcrumb ("users-api > events"). */
    void (*crumb)(const struct sl_view *v, char *out, size_t len);
    /* The right end of the status line ("3 of 12 rows"). */
    void (*summary)(const struct sl_view *v, char *out, size_t len);
    void (*free)(struct sl_view *v);
    /* What busy() is waiting for, for the status line after the spinner ("Invoking f... (Esc
     * stops waiting)"). NULL: "Loading... pages so far: N (Esc cancels)". */
    void (*progress)(const struct sl_view *v, char *out, size_t len);
    /* The Lambda function the view is about (for :events), or NULL. NULL op: none. */
    const char *(*function)(const struct sl_view *v);
    /* Timers (a log follower's next poll): does what is due, then returns the ms until it
     * wants to be called again, or -1 when nothing is scheduled. The loop calls it for every
     * view on the stack before each wait. NULL: the view has no timers. */
    long long (*tick)(struct sl_view *v);
};

struct sl_view {
    const struct sl_view_ops *ops;
    struct sl_app *app; /* set when shown */
    unsigned scopes;    /* SL_SCOPE_* the view handles */
};

/* NULL-safe; clears *v. */
void sl_view_free(struct sl_view **v);

#endif
