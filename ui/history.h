/* The `:` command line's history: Up/Down walk it, and it is kept between runs in
 * $XDG_STATE_HOME/slctl/history (default ~/.local/state/slctl/history), one command a line,
 * oldest first, at most SL_HISTORY_MAX lines. */
#ifndef SL_UI_HISTORY_H
#define SL_UI_HISTORY_H

#include <stddef.h>

#include "sl_error.h"

#define SL_HISTORY_MAX      500
#define SL_HISTORY_LINE_MAX 512

struct sl_history {
    char **lines; /* oldest first */
    size_t n;
    size_t max;
    size_t pos;  /* while walking: index of the line shown; n when at the draft */
    char *draft; /* what was typed before walking started */
};

/* An empty history keeping at most max lines (0: SL_HISTORY_MAX). */
void sl_history_init(struct sl_history *h, size_t max);
void sl_history_free(struct sl_history *h);

/* Appends a command (skipped when empty or equal to the last one); the oldest line goes when
 * the history is full. Ends any walk. */
void sl_history_add(struct sl_history *h, const char *line);
/* Up: the previous (older) line, remembering current as the draft when the walk starts; NULL
 * when there is nothing older. */
const char *sl_history_prev(struct sl_history *h, const char *current);
/* Down: the next (newer) line, or the draft at the end; NULL when not walking. */
const char *sl_history_next(struct sl_history *h);
/* Forgets the walk (after Enter or Esc). */
void sl_history_reset(struct sl_history *h);

/* Reads path (lines with control characters are skipped, the newest max kept). A missing
 * file is not an error. SL_EIO with a sentence otherwise. */
enum sl_err sl_history_load(struct sl_history *h, const char *path, struct sl_error *err);
/* Writes the history to path atomically (temporary file and rename), creating the directory
 * (mode 0700) when needed; the file is mode 0600. SL_EIO with a sentence. */
enum sl_err sl_history_save(const struct sl_history *h, const char *path, struct sl_error *err);
/* "$XDG_STATE_HOME/slctl/history" (when set and absolute), else
 * "$HOME/.local/state/slctl/history"; malloc'ed, NULL without a home. */
char *sl_history_default_path(void);

#endif
