/* The console: `slctl` without a command. One thread and one loop: sl_client_run() moves the
 * requests of every view forward and says when a key is waiting on the terminal, so the screen
 * never waits for the network and a slow load is cancelled with Esc or Ctrl-C. The views live
 * on a stack (Enter pushes, Esc pops); `:stacks` and the other view commands start a new one.
 * The terminal is put back on exit, on SIGTERM/SIGHUP/SIGINT and on crash signals. */
#ifndef SL_UI_APP_H
#define SL_UI_APP_H

#include "sl_error.h"

struct sl_globals;
struct sl_client;
struct sl_view;
struct sl_app;
struct sl_settings;

/* Runs the console until :q; returns an exit code (enum sl_exit). Without a terminal on
 * stdin and stdout it prints one sentence and returns SL_EXIT_USAGE. */
int sl_console_run(const struct sl_globals *g);

/* ---- for views ------------------------------------------------------------------------------ */

struct sl_client *sl_app_client(struct sl_app *app);
/* Wall-clock time in ms (for "2h ago"). */
long long sl_app_now_ms(const struct sl_app *app);
/* Something on screen changed: redraw before waiting again. */
void sl_app_dirty(struct sl_app *app);
/* One sentence in the status line: an error (red) or information, until the next key. */
void sl_app_error(struct sl_app *app, enum sl_err rc, const struct sl_error *err);
void sl_app_info(struct sl_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shows v on top of the current view and starts its load. */
void sl_app_push(struct sl_app *app, struct sl_view *v);
/* 1 when v is the view on screen. */
int sl_app_is_current(const struct sl_app *app, const struct sl_view *v);
/* slctl's config (log_buffer_lines, ...), or NULL when none was read. */
const struct sl_settings *sl_app_settings(const struct sl_app *app);
/* 1 in read-only mode (--readonly, or readonly = true for the profile): nothing that changes
 * AWS may start (requests marked SL_SCOPE_WRITES are refused before they reach a view). */
int sl_app_readonly(const struct sl_app *app);

/* A question in the status line ("Save to: " and what is typed), edited like the command line.
 * Enter calls done(v, text); Esc, Ctrl-C, or Backspace on an empty line call done(v, NULL).
 * changed (may be NULL) is called with the text after every edit (search as you type). v is
 * the view on screen that asks; the prompt ends before anything else can close it. */
typedef void (*sl_app_prompt_fn)(struct sl_view *v, const char *text);
void sl_app_prompt(struct sl_app *app, struct sl_view *v, const char *label, const char *initial,
                   sl_app_prompt_fn changed, sl_app_prompt_fn done);
/* Tab completion for the prompt just opened (ui/path_complete.h's sl_path_complete fits); the
 * candidates are listed under it. */
void sl_app_prompt_complete(struct sl_app *app,
                            size_t (*complete)(char *line, size_t len, char *list, size_t listlen));

/* The view under v on the stack, or NULL. */
struct sl_view *sl_app_under(const struct sl_app *app, const struct sl_view *v);
/* Closes v and the views above it, then shows next (NULL: none). The loop does it once the
 * callback that asks has returned, so a view may close itself; the status line stays. */
void sl_app_close(struct sl_app *app, struct sl_view *v, struct sl_view *next);
/* Another profile and/or region (NULL: the current one): a new client whose credentials are
 * resolved at once (an MFA code is asked for in the console), the identity in the header
 * fetched again and the first view of the stack opened anew. The loop does it after the key
 * at hand; a failure is one sentence and the session stays as it was. */
void sl_app_switch(struct sl_app *app, const char *profile, const char *region);

#endif
