/* The console's colours: one small table of roles (what a thing is: an error, a selected row,
 * a failed status) mapped to curses attributes. With NO_COLOR (or --no-color, or a terminal
 * without colours) only attributes such as bold and reverse are used, so the screen still
 * reads. This header is pure (no curses): views name roles, only drawing code asks for the
 * attributes. */
#ifndef SL_UI_THEME_H
#define SL_UI_THEME_H

#include "sl_error.h"

/* X(ROLE, config name, foreground, background, colour attributes, monochrome attributes).
 * Colours are curses colour names without COLOR_ (DEFAULT is the terminal's own); attributes
 * are a '|' list of BOLD, REVERSE, UNDERLINE, DIM or 0. */
#define SL_THEME_TABLE(X)                                                                          \
    X(SL_ROLE_NORMAL, "normal", DEFAULT, DEFAULT, 0, 0)                                            \
    X(SL_ROLE_HEADER, "header", BLACK, CYAN, 0, REVERSE)                                           \
    X(SL_ROLE_READONLY, "readonly", WHITE, RED, BOLD, BOLD | REVERSE)                              \
    X(SL_ROLE_CRUMB, "breadcrumb", CYAN, DEFAULT, BOLD, BOLD)                                      \
    X(SL_ROLE_TITLE, "title", DEFAULT, DEFAULT, BOLD | UNDERLINE, BOLD | UNDERLINE)                \
    X(SL_ROLE_SELECTED, "selected", BLACK, CYAN, 0, REVERSE)                                       \
    X(SL_ROLE_TAB, "tab", DEFAULT, DEFAULT, 0, 0)                                                  \
    X(SL_ROLE_TAB_ACTIVE, "tab-active", BLACK, CYAN, BOLD, REVERSE | BOLD)                         \
    X(SL_ROLE_ERROR, "error", RED, DEFAULT, BOLD, BOLD)                                            \
    X(SL_ROLE_PROGRESS, "progress", YELLOW, DEFAULT, 0, 0)                                         \
    X(SL_ROLE_INFO, "info", DEFAULT, DEFAULT, 0, 0)                                                \
    X(SL_ROLE_PROMPT, "prompt", DEFAULT, DEFAULT, BOLD, BOLD)                                      \
    X(SL_ROLE_HINT_KEY, "hint-key", BLACK, CYAN, 0, REVERSE)                                       \
    X(SL_ROLE_HINT, "hint", DEFAULT, DEFAULT, 0, 0)                                                \
    X(SL_ROLE_GOOD, "good", GREEN, DEFAULT, 0, 0)                                                  \
    X(SL_ROLE_WARN, "warn", YELLOW, DEFAULT, 0, BOLD)                                              \
    X(SL_ROLE_BAD, "bad", RED, DEFAULT, BOLD, BOLD)                                                \
    X(SL_ROLE_DIM, "dim", DEFAULT, DEFAULT, DIM, DIM)                                              \
    X(SL_ROLE_MATCH, "match", BLACK, YELLOW, 0, REVERSE)                                           \
    X(SL_ROLE_MATCH_CURRENT, "match-current", BLACK, GREEN, BOLD, REVERSE | BOLD)                  \
    X(SL_ROLE_LOG_LABEL_1, "log-label-1", CYAN, DEFAULT, 0, BOLD)                                  \
    X(SL_ROLE_LOG_LABEL_2, "log-label-2", MAGENTA, DEFAULT, 0, 0)                                  \
    X(SL_ROLE_LOG_LABEL_3, "log-label-3", YELLOW, DEFAULT, 0, BOLD)                                \
    X(SL_ROLE_LOG_LABEL_4, "log-label-4", GREEN, DEFAULT, 0, 0)                                    \
    X(SL_ROLE_LOG_LABEL_5, "log-label-5", BLUE, DEFAULT, BOLD, BOLD)                               \
    X(SL_ROLE_LOG_LABEL_6, "log-label-6", RED, DEFAULT, 0, 0)

enum sl_role {
#define X(role, name, fg, bg, attr, mono) role,
    SL_THEME_TABLE(X)
#undef X
        SL_ROLE_COUNT
};

/* Sets up the colour pairs (call after initscr). use_color 0: attributes only. */
void sl_theme_init(int use_color);
/* The curses attributes of a role (an attr_t value). */
unsigned int sl_theme_attr(enum sl_role role);
/* The role named name in the table ("error"), or -1. */
int sl_theme_role_by_name(const char *name);
/* A change from slctl's config ([colors] section: role = words), before sl_theme_init: a colour
 * (black, red, green, yellow, blue, magenta, cyan, white, default) for the text, "on COLOUR"
 * for the background, and attributes (bold, underline, reverse, dim, normal). Without colours
 * only the attributes count. SL_EINVAL with a sentence for an unknown role or word. */
enum sl_err sl_theme_set(const char *role, const char *value, struct sl_error *err);
/* Forgets every change (back to the table). */
void sl_theme_reset(void);
/* 1 when colours should be used: not when NO_COLOR is set (to anything non-empty), when
 * no_color_flag is set, or when the terminal has none (has_colors after initscr). */
int sl_theme_want_color(int no_color_flag);

#endif
