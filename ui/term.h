/* The terminal under the console: curses in UTF-8, raw mode (Ctrl-C is a key), no echo,
 * keypad, no waiting in getch; and the guarantee that it is put back: at exit, and on SIGTERM,
 * SIGHUP, SIGINT, SIGQUIT and the crash signals (the handler calls endwin, then lets the signal
 * go on to the handler that was there before, e.g. --demo's, or the default). SIGWINCH sets a
 * flag and wakes the loop. */
#ifndef SL_UI_TERM_H
#define SL_UI_TERM_H

struct sl_client;

/* Installs the handlers; call before sl_term_start so ncurses leaves these signals to us. c is
 * woken on SIGWINCH (may be NULL). */
void sl_term_signals_install(struct sl_client *c);
void sl_term_signals_restore(void);
/* initscr and the modes above; colours unless NO_COLOR or no_color_flag. */
void sl_term_start(int no_color_flag);
/* endwin (idempotent). */
void sl_term_stop(void);
/* 1 once after each SIGWINCH. */
int sl_term_resized(void);
/* Adopts the terminal's current size and has the next refresh repaint everything. */
void sl_term_resize(void);
/* Leaves curses for a moment (a prompt on the plain terminal); returns whether it was on, for
 * sl_term_resume. */
int sl_term_suspend(void);
void sl_term_resume(int was_on);

#endif
