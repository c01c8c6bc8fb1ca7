#include "term.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "client.h"
#include "theme.h"

static volatile sig_atomic_t sl_term_on;
static volatile sig_atomic_t sl_term_winch;
static struct sl_client *volatile sl_term_client;

static const int sl_term_fatal[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV,
                                    SIGABRT, SIGBUS, SIGFPE, SIGILL};
#define SL_TERM_NFATAL (sizeof(sl_term_fatal) / sizeof(sl_term_fatal[0]))
static struct sigaction sl_term_old_fatal[SL_TERM_NFATAL];
static int sl_term_fatal_set[SL_TERM_NFATAL];
static struct sigaction sl_term_old_winch;
static int sl_term_winch_set;

/* Puts the terminal back, then lets the signal do what it did before (the --demo handler
 * stopping the emulator, or the default: end the process). */
static void term_fatal_signal(int sig)
{
    size_t i;

    if (sl_term_on) {
        sl_term_on = 0;
        endwin();
    }
    for (i = 0; i < SL_TERM_NFATAL; i++) {
        if (sl_term_fatal[i] == sig && sl_term_fatal_set[i]) {
            sigaction(sig, &sl_term_old_fatal[i], NULL);
            sl_term_fatal_set[i] = 0;
        }
    }
    raise(sig);
}

static void term_winch_signal(int sig)
{
    struct sl_client *c = sl_term_client;

    sl_term_winch = 1;
    if (sl_term_old_winch.sa_handler != SIG_DFL && sl_term_old_winch.sa_handler != SIG_IGN &&
        !(sl_term_old_winch.sa_flags & SA_SIGINFO))
        sl_term_old_winch.sa_handler(sig);
    if (c)
        sl_client_wakeup(c);
}

void sl_term_signals_install(struct sl_client *c)
{
    struct sigaction sa;
    size_t i;

    sl_term_client = c;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = term_fatal_signal;
    for (i = 0; i < SL_TERM_NFATAL; i++) {
        struct sigaction old;

        if (sl_term_fatal_set[i] || sigaction(sl_term_fatal[i], NULL, &old) < 0 ||
            old.sa_handler == SIG_IGN)
            continue; /* an ignored signal (nohup) stays ignored */
        sl_term_old_fatal[i] = old;
        if (sigaction(sl_term_fatal[i], &sa, NULL) == 0)
            sl_term_fatal_set[i] = 1;
    }
    if (!sl_term_winch_set) {
        sa.sa_handler = term_winch_signal;
        sa.sa_flags = SA_RESTART;
        if (sigaction(SIGWINCH, &sa, &sl_term_old_winch) == 0)
            sl_term_winch_set = 1;
    }
}

void sl_term_signals_restore(void)
{
    size_t i;

    for (i = 0; i < SL_TERM_NFATAL; i++) {
        if (sl_term_fatal_set[i])
            sigaction(sl_term_fatal[i], &sl_term_old_fatal[i], NULL);
        sl_term_fatal_set[i] = 0;
    }
    if (sl_term_winch_set)
        sigaction(SIGWINCH, &sl_term_old_winch, NULL);
    sl_term_winch_set = 0;
    sl_term_client = NULL;
}

static void term_atexit(void)
{
    sl_term_stop();
}

void sl_term_start(int no_color_flag)
{
    static int atexit_done;

    if (!atexit_done && atexit(term_atexit) == 0)
        atexit_done = 1;
    initscr();
    sl_term_on = 1;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    sl_theme_init(sl_theme_want_color(no_color_flag));
}

void sl_term_stop(void)
{
    if (sl_term_on) {
        sl_term_on = 0;
        curs_set(1);
        endwin();
    }
}

int sl_term_resized(void)
{
    if (!sl_term_winch)
        return 0;
    sl_term_winch = 0;
    return 1;
}

void sl_term_resize(void)
{
    struct winsize ws;

    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
        (ws.ws_row != LINES || ws.ws_col != COLS))
        resizeterm(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
}

int sl_term_suspend(void)
{
    if (!sl_term_on)
        return 0;
    def_prog_mode();
    sl_term_on = 0;
    endwin();
    return 1;
}

void sl_term_resume(int was_on)
{
    if (!was_on)
        return;
    reset_prog_mode();
    sl_term_on = 1;
    clearok(curscr, TRUE);
}
