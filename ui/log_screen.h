/* Where the logs view's screen is in the ring of lines, without curses: how many rows each line
 * takes (time and label columns, cut or wrapped, JSON pretty-printed), sticking to the newest
 * line or staying at an anchor (a line, by sequence number, and a row inside it) that holds
 * while new lines arrive and old ones go, scrolling, pausing, and the search with its current
 * hit. Pure: ui/view_logs.c draws what this says. */
#ifndef SL_UI_LOG_SCREEN_H
#define SL_UI_LOG_SCREEN_H

#include <stddef.h>

#include "log_text.h"

struct sl_log_ring;
struct sl_log_line;

#define SL_LOG_SEARCH_MAX 512
#define SL_LOG_LABEL_MAX  24 /* columns a label takes at most */
#define SL_LOG_TEXT_MIN   20 /* columns of text before the time and labels give way */

struct sl_log_screen {
    const struct sl_log_ring *ring;
    /* what a line looks like */
    enum sl_log_times times;
    int wrap;
    int json;
    size_t ngroups; /* labels are shown when there are several */
    int label_w;    /* columns of the widest label, at most SL_LOG_LABEL_MAX */
    /* the layout (sl_log_screen_layout) */
    int width, height; /* of the lines */
    int pw, tw;        /* columns before the text (time, label) and of the text */
    int show_time, show_label;
    /* where the screen is */
    int bottom; /* sticks to the newest line */
    int paused;
    int bottom_before_pause; /* what resuming gives back */
    unsigned long long end_at_pause;
    unsigned long long top_seq; /* the anchor when not at the bottom */
    size_t top_row;
    /* the search (any case for ASCII letters) and its current hit */
    char search[SL_LOG_SEARCH_MAX];
    int has_hit;
    unsigned long long hit_seq;
};

/* At the bottom, local times, no wrap, no JSON, 80x20 until laid out. */
void sl_log_screen_init(struct sl_log_screen *s, const struct sl_log_ring *ring);
/* Back to the bottom, not paused, no current hit (after the ring was cleared). */
void sl_log_screen_reset(struct sl_log_screen *s);
/* The lines get width x height cells: sets the columns (the label, then the time, give way on
 * a narrow screen). */
void sl_log_screen_layout(struct sl_log_screen *s, int width, int height);
/* Columns of the time ("12:00:03" 8, "12:00:03Z" 9, none 0). */
int sl_log_screen_time_width(const struct sl_log_screen *s);

/* The text line l shows (its pretty JSON when that is on); *owned is what to free (may be
 * NULL). */
const char *sl_log_screen_text(const struct sl_log_screen *s, const struct sl_log_line *l,
                               size_t *len, char **owned);
/* Rows line seq takes (1 for a line not held). */
size_t sl_log_screen_rows(const struct sl_log_screen *s, unsigned long long seq);

/* The first row drawn: the line and the row inside it. Keeps the anchor on a held line and
 * the screen full (an anchor past the newest rows moves back to them). */
void sl_log_screen_top(struct sl_log_screen *s, unsigned long long *seq, size_t *row);
/* The lines (partly) on screen: [*from, *to). */
void sl_log_screen_visible(struct sl_log_screen *s, unsigned long long *from,
                           unsigned long long *to);

/* Scrolls by rows (< 0: up, which leaves the bottom; > 0: down, never past the newest row). */
void sl_log_screen_scroll(struct sl_log_screen *s, long rows);
/* The oldest line at the top (leaves the bottom). */
void sl_log_screen_first(struct sl_log_screen *s);
/* The newest line, sticking to it again (and resuming when paused). */
void sl_log_screen_last(struct sl_log_screen *s);
/* Line seq a third of the way down (context above it); leaves the bottom. */
void sl_log_screen_go_to(struct sl_log_screen *s, unsigned long long seq);
/* Pauses (the screen stays where it is while lines arrive) or resumes. */
void sl_log_screen_pause(struct sl_log_screen *s);
/* Lines that arrived since the pause. */
unsigned long long sl_log_screen_new_lines(const struct sl_log_screen *s);
/* The rows of every line changed (wrap, JSON, times): the line at the top stays there. */
void sl_log_screen_relayout(struct sl_log_screen *s);

/* 1 when line seq holds the search. */
int sl_log_screen_line_hit(const struct sl_log_screen *s, unsigned long long seq);
/* Sets the search; the current hit is the first one on screen, else the nearest (back from
 * the screen when at the bottom, else forward, then back), which the screen goes to. Returns
 * 1 when there is a hit. "" clears it. */
int sl_log_screen_search(struct sl_log_screen *s, const char *text);
/* The next hit after the current one (dir 1) or the one before (-1), going to it when it is
 * off screen. 0 when there is none that way (nothing changes). */
int sl_log_screen_next_hit(struct sl_log_screen *s, int dir);
/* A line that just arrived: when it holds the search and there is no current hit yet, it
 * becomes the current hit and the screen goes to it (a request id handed over). Returns 1
 * then. */
int sl_log_screen_arrived(struct sl_log_screen *s, unsigned long long seq, int seek);

#endif
