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

#endif
