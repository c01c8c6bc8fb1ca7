/* The rows of a list view, without curses: items as the api/ layer hands them over (page by
 * page, owned here), their row text (a pure function of the item), filtering, sorting, the
 * selection (kept by key when rows change) and the column layout. Everything here is
 * testable without a terminal; ui/list_view.c draws it and feeds it. */
#ifndef SL_UI_LIST_H
#define SL_UI_LIST_H

#include <stddef.h>

#include "keymap.h"
#include "sl_error.h"

#define SL_LIST_MAX_COLS   8
#define SL_LIST_FILTER_MAX 256

/* One column of a list. */
struct sl_col {
    const char *id;    /* the name :sort takes ("name"); never translated */
    const char *title; /* heading, N_()-marked */
    int min;           /* narrowest width before columns to its right are dropped */
    int max;           /* widest width (0: as wide as its widest cell) */
    int right;         /* right-aligned */
    char sort_key;     /* the capital letter of Shift+letter sorting; 0: not sortable by key */
    int numeric;       /* sorts by the row's num[] value instead of its text */
};

/* What a row text function may depend on besides its item: nothing else, so it is pure. */
struct sl_row_ctx {
    long long now_ms; /* for "2h ago" */
};

/* The text of one row: cells are malloc'ed (NULL reads as ""), roles are enum sl_role values
 * (0: normal), num[] the sort values of numeric columns. */
struct sl_row {
    char *cell[SL_LIST_MAX_COLS];
    long long num[SL_LIST_MAX_COLS];
    unsigned char role[SL_LIST_MAX_COLS];
    unsigned char row_role; /* for the whole row (a failed event); 0: none */
};

/* printf into cell col (replacing what was there); for row text functions. */
void sl_row_set(struct sl_row *r, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Frees the cells and zeroes r. */
void sl_row_clear(struct sl_row *r);

struct sl_load;
struct sl_client;
struct sl_view;

/* The const table of operations of one kind of list (tig's view ops). The pure part (row,
 * key) is used here; the loading part and open by ui/list_view.c. */
struct sl_list_ops {
    const char *id;    /* "stacks", "stack-events": for tests and messages */
    const char *title; /* N_(): the breadcrumb of a one-tab view, or the tab's title */
    const struct sl_col *cols;
    size_t ncols;
    int sort_col; /* sorted by this column at first; -1: in the order the items came */
    int sort_desc;
    const char *empty; /* N_(): shown when the list is loaded and has no rows */
    /* The id of a column whose text is shown in full under the list for the selected row when
     * it is cut (an event's reason), or NULL. */
    const char *detail;
    size_t item_size; /* items arrive as arrays of this size */
    /* Frees an array of n items (as api/ hands them over). */
    void (*free_items)(void *items, size_t n);
    /* Pure: the row of an item. Cells are sanitized afterwards by sl_list_row_text(). */
    void (*row)(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out);
    /* Pure: what identifies the item across loads (its name); never NULL. */
    const char *(*key)(const void *item);
    /* Starts loading for arg (a stack name, a function name, or NULL): every page goes to
     * sl_load_page(ld, items, n), the end to sl_load_done(ld, rc, err), both from
     * sl_client_run(). ld->op keeps the api/ operation. On failure nothing was started. */
    enum sl_err (*load)(struct sl_load *ld, struct sl_client *c, const char *arg,
                        struct sl_error *err);
    /* Asks the running operation to stop (sl_load_done follows with SL_ECANCELLED). */
    void (*cancel)(struct sl_load *ld);
    /* Frees ld->op once sl_load_done has been called (called from inside it). */
    void (*release)(struct sl_load *ld);
    /* Enter on an item: a new view (not yet shown), or NULL with *why set to a translated
     * sentence saying why nothing opens (why may stay NULL: Enter does nothing). arg is the
     * list's own arg. NULL open: rows of this list do not open. */
    struct sl_view *(*open)(const void *item, const char *arg, const char **why);
    /* Requests of scopes beyond a list's own (SL_SCOPE_LOGGED: `l` opens the logs) on the
     * selected item (NULL when no row is selected): a new view as for open, or NULL with *why
     * set. scopes: the SL_SCOPE_* bits act answers (the view handles those of every tab). */
    unsigned scopes;
    struct sl_view *(*act)(enum sl_req req, const void *item, const char *arg, const char **why);
    /* A live column, drawn from data fetched for the rows on screen rather than from the row
     * text (a function's sparkline), right of the other columns when they leave it live_width
     * columns (it never squeezes them): before drawing, seen() gets the items of the rows about
     * to be drawn so the list can fetch what it lacks (asynchronously; sl_app_dirty when it
     * arrives), then live() gives each drawn row's cell text and role. The view's own data is
     * sl_list_view_ext(). NULL live: no live column. */
    const char *live_title; /* N_() */
    int live_width;
    void (*seen)(struct sl_view *v, const void *const *items, size_t n);
    void (*live)(struct sl_view *v, const void *item, char *out, size_t len, unsigned char *role);
};

/* The row text of item as drawn: ops->row, then every cell sanitized (sl_text_sanitize). */
enum sl_err sl_list_row_text(const struct sl_list_ops *ops, const void *item,
                             const struct sl_row_ctx *ctx, struct sl_row *out);

/* The sort letters of the ops' columns, in column order ("NSUD"). */
void sl_list_sort_letters(const struct sl_list_ops *ops, char *out, size_t len);

struct sl_list_row {
    struct sl_row r; /* sanitized */
    const void *item;
    char *key;
    char *folded; /* the cells in lower case, joined by '\x1f', for the filter */
    size_t seq;   /* arrival order */
};

struct sl_list_chunk {
    void *items;
    size_t n;
};

struct sl_list {
    const struct sl_list_ops *ops;
    struct sl_row_ctx ctx;
    struct sl_list_chunk *chunks;
    size_t nchunks, capchunks;
    struct sl_list_row *rows;
    size_t nrows, caprows;
    size_t *vis; /* indexes into rows, in display order: the rows that pass the filter */
    size_t nvis, capvis;
    int natural[SL_LIST_MAX_COLS]; /* widest cell of each column (display columns) */
    char filter[SL_LIST_FILTER_MAX];
    char *needle; /* the filter in lower case without its '!', NULL when there is none */
    int invert;
    int sort_col;
    int sort_desc;
    size_t sel; /* index into vis */
    size_t top; /* first row drawn */
};

void sl_list_init(struct sl_list *l, const struct sl_list_ops *ops, long long now_ms);
/* Drops every row and item; filter, sort and ops stay. */
void sl_list_clear(struct sl_list *l);
void sl_list_cleanup(struct sl_list *l);

/* Takes the n items (an array of ops->item_size, as api/ allocated it; freed with
 * ops->free_items) and adds their rows. SL_ENOMEM (the items are freed then). */
enum sl_err sl_list_add(struct sl_list *l, void *items, size_t n);
/* Replaces l's rows with src's (src is left empty), keeping l's filter, sort and the selected
 * row (by key; by position when its key is gone). */
void sl_list_take(struct sl_list *l, struct sl_list *src);

/* Sets the filter as typed: a case-insensitive substring of any cell; a leading '!' keeps the
 * rows that do not match. "" or "!" shows every row. */
void sl_list_set_filter(struct sl_list *l, const char *text);
/* Sorts by column col (-1: arrival order). Ties keep the order of the keys, then arrival. */
void sl_list_sort(struct sl_list *l, int col, int desc);
/* Shift+letter: sorts by the column with that sort key, reversing when it is already the sort
 * column. Returns 0 when no column has that letter. */
int sl_list_sort_key(struct sl_list *l, int letter);
/* :sort NAME: the column whose id or translated title starts with name (any case); a leading
 * '-' or a second word "desc" sorts descending, else a repeat reverses. SL_EINVAL and a sentence
 * naming the columns when there is no such column. */
enum sl_err sl_list_sort_named(struct sl_list *l, const char *name, struct sl_error *err);

const struct sl_list_row *sl_list_selected(const struct sl_list *l);
const void *sl_list_selected_item(const struct sl_list *l);
/* Moves the selection by delta rows (clamped). */
void sl_list_move(struct sl_list *l, long delta);
void sl_list_first(struct sl_list *l);
void sl_list_last(struct sl_list *l);
/* Selects the visible row with that key; 0 when there is none. */
int sl_list_select_key(struct sl_list *l, const char *key);
/* Keeps the selection within height rows from top. */
void sl_list_scroll(struct sl_list *l, size_t height);

/* Column widths for a screen width (leading space and two-space gaps included): the natural
 * width of each column (at least its heading, at most its max), shrunk from the right down to
 * the columns' minimums when the total does not fit, then columns dropped from the right
 * (width 0). widths gets ncols values. */
void sl_list_layout(const struct sl_list *l, int width, int *widths);

/* Lower-cases UTF-8 text (towlower on each character; invalid bytes kept). Caller frees. */
char *sl_list_fold(const char *s);

#endif
