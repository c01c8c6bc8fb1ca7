/* The console's requests (what a key asks for) and their keys and help text, all from ONE
 * X-macro table, so the help screen (`?`), the hint bar and the key map can never drift apart.
 * Keys are ints: a Unicode code point for a character (Ctrl-X is 0x18), or SL_KEY_FN | a curses
 * KEY_* code for a function key. Pure: nothing here draws or reads the terminal.
 *
 * Bindings can be changed from slctl's config ([keys] section: request-name = key names). */
#ifndef SL_UI_KEYMAP_H
#define SL_UI_KEYMAP_H

#include <stddef.h>

#include "i18n.h"
#include "sl_error.h"

/* Which views a request applies to; a view declares the scopes it handles. */
#define SL_SCOPE_GLOBAL   0x1u   /* every view */
#define SL_SCOPE_LIST     0x2u   /* views showing a list: moving, filtering, sorting, opening */
#define SL_SCOPE_TABS     0x4u   /* views with tabs */
#define SL_SCOPE_LOGS     0x8u   /* the logs view (ui/view_logs.c) */
#define SL_SCOPE_LOGGED   0x10u  /* lists whose rows have logs (`l`: a function, stack, alarm) */
#define SL_SCOPE_FUNCTION 0x20u  /* a Lambda function's view: invoke, saved events */
#define SL_SCOPE_EVENTS   0x40u  /* a function's saved events (ui/view_events.c) */
#define SL_SCOPE_INVOKE   0x80u  /* choosing the payload of an invocation (ui/view_invoke.c) */
#define SL_SCOPE_RESULT   0x100u /* the result of an invocation (ui/view_invoke_result.c) */
#define SL_SCOPE_LAYER    0x200u /* a layer's lists: publish (ui/view_layers.c) */
#define SL_SCOPE_CONFIRM  0x400u /* a summary waiting for a yes (ui/view_publish.c) */
/* Not a view's scope but a mark on a request that changes something in AWS: read-only mode
 * keeps it off the hint bar and refuses it with one sentence (ui/app.c). */
#define SL_SCOPE_WRITES 0x10000u

/* The scope sets of the kinds of views (a new kind of view adds its set here): two requests
 * may not share a key when one view handles both. */
#define SL_SCOPE_SETS(X)                                                                           \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_LIST)                                                             \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_TABS)                                             \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_TABS | SL_SCOPE_LOGGED)                           \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_LOGS)                                                             \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_TABS | SL_SCOPE_LOGGED | SL_SCOPE_FUNCTION)       \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_EVENTS)                                           \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_INVOKE)                                           \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_RESULT)                                           \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_LAYER)                                            \
    X(SL_SCOPE_GLOBAL | SL_SCOPE_CONFIRM)

/* X(ID, name, scope, default keys, hint label, help line)
 *   name:  the request's name in [keys] of slctl's config (never translated)
 *   keys:  space-separated key names (see sl_key_parse); "" for SL_REQ_SORT, whose keys are
 *          the sort letters of the view's columns
 *   label: one word for the hint bar, NULL to keep the request off the bar
 * The order is the order of the help screen and of the hint bar. */
#define SL_KEYMAP_TABLE(X)                                                                         \
    X(SL_REQ_HELP, "help", SL_SCOPE_GLOBAL, "? F1", N_("Help"), N_("Show the keys of this view"))  \
    X(SL_REQ_ENTER, "open", SL_SCOPE_LIST, "Enter", N_("Open"), N_("Open the selected row"))       \
    X(SL_REQ_BACK, "back", SL_SCOPE_GLOBAL, "Esc Backspace", N_("Back"),                           \
      N_("Go back; Esc first cancels a load, then clears the filter"))                             \
    X(SL_REQ_FILTER, "filter", SL_SCOPE_LIST, "/", N_("Filter"),                                   \
      N_("Filter the rows as you type (any case; start with ! to keep the rows that do not "       \
         "match)"))                                                                                \
    X(SL_REQ_COMMAND, "command", SL_SCOPE_GLOBAL, ":", N_("Command"),                              \
      N_("Command line: :stacks :functions :layers :alarms :sort COLUMN :q (Tab completes)"))      \
    X(SL_REQ_REFRESH, "refresh", SL_SCOPE_GLOBAL, "r C-r", N_("Refresh"), N_("Load again"))        \
    X(SL_REQ_QUIT, "quit", SL_SCOPE_GLOBAL, "q", N_("Quit"),                                       \
      N_("Quit slctl (in a view opened from another one: go back)"))                               \
    X(SL_REQ_CANCEL, "cancel", SL_SCOPE_GLOBAL, "C-c", NULL,                                       \
      N_("Cancel the load in progress (never quits)"))                                             \
    X(SL_REQ_DOWN, "down", SL_SCOPE_LIST, "j Down", NULL, N_("Next row"))                          \
    X(SL_REQ_UP, "up", SL_SCOPE_LIST, "k Up", NULL, N_("Previous row"))                            \
    X(SL_REQ_PAGE_DOWN, "page-down", SL_SCOPE_LIST, "PgDn C-f Space", NULL, N_("Next page"))       \
    X(SL_REQ_PAGE_UP, "page-up", SL_SCOPE_LIST, "PgUp C-b", NULL, N_("Previous page"))             \
    X(SL_REQ_FIRST, "first", SL_SCOPE_LIST, "g Home", NULL, N_("First row"))                       \
    X(SL_REQ_LAST, "last", SL_SCOPE_LIST, "G End", NULL, N_("Last row"))                           \
    X(SL_REQ_SORT, "sort", SL_SCOPE_LIST, "", NULL,                                                \
      N_("Sort by the column with that capital letter; again reverses"))                           \
    X(SL_REQ_TAB_NEXT, "next-tab", SL_SCOPE_TABS, "Tab Right", NULL, N_("Next tab"))               \
    X(SL_REQ_TAB_PREV, "previous-tab", SL_SCOPE_TABS, "S-Tab Left", NULL, N_("Previous tab"))      \
    X(SL_REQ_TAB_N, "tab", SL_SCOPE_TABS, "1 2 3 4 5 6", NULL,                                     \
      N_("Go to the tab with that number"))                                                        \
    X(SL_REQ_INVOKE, "invoke",                                                                     \
      SL_SCOPE_FUNCTION | SL_SCOPE_EVENTS | SL_SCOPE_INVOKE | SL_SCOPE_WRITES, "i", N_("Invoke"),  \
      N_("Invoke the function (with the selected event; Enter too while choosing one)"))           \
    X(SL_REQ_EVENTS, "events", SL_SCOPE_FUNCTION, "e", N_("Events"),                               \
      N_("The saved test events of the function"))                                                 \
    X(SL_REQ_EDIT, "edit", SL_SCOPE_INVOKE, "E", N_("Edit"),                                       \
      N_("Edit the payload in $VISUAL or $EDITOR"))                                                \
    X(SL_REQ_SAVE_EVENT, "save-event", SL_SCOPE_INVOKE, "S", N_("Save"),                           \
      N_("Save the payload as a named event"))                                                     \
    X(SL_REQ_INVOCATION_LOGS, "invocation-logs", SL_SCOPE_RESULT, "l", N_("Logs"),                 \
      N_("The log lines of this invocation (by its request id)"))                                  \
    X(SL_REQ_RENAME, "rename", SL_SCOPE_EVENTS, "n", N_("Rename"), N_("Rename the saved event"))   \
    X(SL_REQ_DELETE, "delete", SL_SCOPE_EVENTS, "d", N_("Delete"),                                 \
      N_("Delete the saved event (after asking)"))                                                 \
    X(SL_REQ_DUPLICATE, "duplicate", SL_SCOPE_EVENTS, "D", N_("Copy"),                             \
      N_("Save a copy of the event under a new name"))                                             \
    X(SL_REQ_LOGS, "logs", SL_SCOPE_LOGGED, "l", N_("Logs"),                                       \
      N_("Open the logs of this function, of every function of this stack, or of the function "    \
         "an alarm watches around the time it fired"))                                             \
    X(SL_REQ_LOG_PAUSE, "log-pause", SL_SCOPE_LOGS, "Space", N_("Pause"),                          \
      N_("Pause or resume the screen (new lines keep arriving in the buffer)"))                    \
    X(SL_REQ_LOG_SEARCH, "log-search", SL_SCOPE_LOGS, "/", N_("Search"),                           \
      N_("Search as you type and highlight the hits; every line stays on screen"))                 \
    X(SL_REQ_LOG_NEXT, "log-next-hit", SL_SCOPE_LOGS, "n", NULL, N_("Next hit of the search"))     \
    X(SL_REQ_LOG_PREV, "log-previous-hit", SL_SCOPE_LOGS, "N", NULL,                               \
      N_("Previous hit of the search"))                                                            \
    X(SL_REQ_LOG_FILTER, "log-filter", SL_SCOPE_LOGS, "f", N_("Filter"),                           \
      N_("Filter pattern for CloudWatch Logs (reads the lines again; empty: every line)"))         \
    X(SL_REQ_LOG_TIME, "log-timestamps", SL_SCOPE_LOGS, "t", N_("Time"),                           \
      N_("Timestamps: local time, UTC, none"))                                                     \
    X(SL_REQ_LOG_WRAP, "log-wrap", SL_SCOPE_LOGS, "w", N_("Wrap"),                                 \
      N_("Wrap long lines, or cut them at the edge"))                                              \
    X(SL_REQ_LOG_JSON, "log-json", SL_SCOPE_LOGS, "j", N_("JSON"),                                 \
      N_("Pretty-print the lines that are JSON"))                                                  \
    X(SL_REQ_LOG_SAVE, "log-save", SL_SCOPE_LOGS, "s", N_("Save"),                                 \
      N_("Save the lines in the buffer to a file"))                                                \
    X(SL_REQ_LOG_RANGE, "log-range", SL_SCOPE_LOGS, "1 2 3 4 5 6", NULL,                           \
      N_("Read the last 1 min, 5 min, 15 min, 30 min, 1 h or 24 h, then follow"))                  \
    X(SL_REQ_LOG_DOWN, "log-down", SL_SCOPE_LOGS, "Down C-n", NULL, N_("Scroll down a line"))      \
    X(SL_REQ_LOG_UP, "log-up", SL_SCOPE_LOGS, "Up C-p", NULL,                                      \
      N_("Scroll up a line (the screen stops following the newest line)"))                         \
    X(SL_REQ_LOG_PAGE_DOWN, "log-page-down", SL_SCOPE_LOGS, "PgDn C-f", NULL,                      \
      N_("Scroll down a page"))                                                                    \
    X(SL_REQ_LOG_PAGE_UP, "log-page-up", SL_SCOPE_LOGS, "PgUp C-b", NULL, N_("Scroll up a page"))  \
    X(SL_REQ_LOG_TOP, "log-top", SL_SCOPE_LOGS, "g Home", NULL,                                    \
      N_("The oldest line in the buffer"))                                                         \
    X(SL_REQ_LOG_BOTTOM, "log-bottom", SL_SCOPE_LOGS, "G End", NULL,                               \
      N_("The newest line, and follow new lines again"))                                           \
    X(SL_REQ_PROFILE, "profile", SL_SCOPE_GLOBAL, "P", NULL,                                       \
      N_("Choose the AWS profile (credentials are resolved again, the view reloads)"))             \
    X(SL_REQ_REGION, "region", SL_SCOPE_GLOBAL, "R", NULL,                                         \
      N_("Choose the AWS region (the view reloads)"))                                              \
    X(SL_REQ_PUBLISH, "publish", SL_SCOPE_LAYER | SL_SCOPE_WRITES, "p", N_("Publish"),             \
      N_("Publish a new version of the layer from a folder or .zip file"))                         \
    X(SL_REQ_CONFIRM, "confirm", SL_SCOPE_CONFIRM, "y Enter", N_("Yes"),                           \
      N_("Go ahead with what the summary shows"))

enum sl_req {
    SL_REQ_NONE = -1,
#define X(id, name, scope, keys, label, help) id,
    SL_KEYMAP_TABLE(X)
#undef X
        SL_REQ_COUNT
};

/* ---- keys ---------------------------------------------------------------------------------- */

#define SL_KEY_FN        0x01000000 /* flag: a curses function key code follows */
#define SL_KEY_CTRL(c)   ((c)&0x1f)
#define SL_KEY_ESC       27
#define SL_KEY_NAMES_MAX 4

/* Parses one key name: a character ("j", "?", "ü"), "C-r" (Ctrl), "Enter", "Esc", "Tab",
 * "S-Tab", "Backspace", "Space", "Up", "Down", "Left", "Right", "PgUp", "PgDn", "Home", "End",
 * "Insert", "Delete", "F1".."F12" (names compare case-insensitively). Some names stand for
 * several codes (Enter: CR, LF and the keypad's Enter). Returns how many codes were written to
 * codes (at most SL_KEY_NAMES_MAX), 0 for an unknown name. */
int sl_key_parse(const char *name, int *codes);
/* The name of a key code for a person and for the config: "Enter", "C-r", "j". */
void sl_key_name(int key, char *out, size_t len);

/* ---- the key map --------------------------------------------------------------------------- */

#define SL_KEYMAP_MAX 160

struct sl_binding {
    int key;
    enum sl_req req;
};

struct sl_keymap {
    struct sl_binding b[SL_KEYMAP_MAX];
    size_t n;
};

/* The table's rows, for the help screen and tests. */
struct sl_req_info {
    const char *name;
    unsigned scope;
    const char *keys;  /* default keys */
    const char *label; /* N_() text or NULL */
    const char *help;  /* N_() text */
};
const struct sl_req_info *sl_req_info(enum sl_req req);
/* The request named name ("quit"), or SL_REQ_NONE. */
enum sl_req sl_req_by_name(const char *name);

/* The default bindings of the table. */
void sl_keymap_init(struct sl_keymap *km);
/* Replaces the keys of the request named name with keys ("q C-q"); a key taken from another
 * request that a view handles together with this one moves to this one. SL_EINVAL with a sentence
 * for an unknown request or key name (the map is then unchanged). */
enum sl_err sl_keymap_bind(struct sl_keymap *km, const char *name, const char *keys,
                           struct sl_error *err);
/* 1 when some kind of view handles requests of both scopes (they may not share a key). */
int sl_keymap_scopes_meet(unsigned a, unsigned b);
/* The request of key in a view handling scopes, or SL_REQ_NONE. */
enum sl_req sl_keymap_lookup(const struct sl_keymap *km, int key, unsigned scopes);
/* The keys of req for a person: "j, Down" (each name once); "" when it has none. first_only:
 * only the first ("j"), for the hint bar. */
void sl_keymap_keys_text(const struct sl_keymap *km, enum sl_req req, int first_only, char *out,
                         size_t len);

/* One line of the help screen. */
struct sl_help_line {
    enum sl_req req;
    char keys[96];
    const char *help; /* translated */
};
/* The help of a view handling scopes, in table order; sort_letters are the view's sort keys
 * ("NSUD") shown for SL_REQ_SORT (which is left out when there are none). Requests without a
 * key are left out. Returns the number of lines written (at most max). */
size_t sl_keymap_help(const struct sl_keymap *km, unsigned scopes, const char *sort_letters,
                      struct sl_help_line *out, size_t max);

/* One item of the hint bar: the first key and the translated label. */
struct sl_hint {
    enum sl_req req;
    char key[32];
    const char *label;
};
size_t sl_keymap_hints(const struct sl_keymap *km, unsigned scopes, struct sl_hint *out,
                       size_t max);

#endif
