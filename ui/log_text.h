/* What a line of the logs view looks like, without curses: its time column, its rows on the
 * screen (cut or wrapped), a JSON line pretty-printed, search hits, and the text a saved
 * buffer holds. Pure; the lines are the ring's (ui/log_ring.h): sanitized text whose '\n'
 * separate the lines of a multi-line event. */
#ifndef SL_UI_LOG_TEXT_H
#define SL_UI_LOG_TEXT_H

#include <stddef.h>

#include "buf.h"
#include "sl_error.h"

struct sl_log_event;
struct sl_log_line;

/* The time column: local time, UTC, or none (`t` cycles in this order). */
enum sl_log_times { SL_LOG_TIMES_LOCAL, SL_LOG_TIMES_UTC, SL_LOG_TIMES_NONE, SL_LOG_TIMES_COUNT };

/* "12:00:03" (local), "12:00:03Z" (UTC), "" (none). */
void sl_log_text_time(long long ms, enum sl_log_times times, char out[16]);

/* The text the view keeps for an event: its message sanitized, without trailing line ends,
 * inner line breaks kept as '\n' (src/log_format.h). */
enum sl_err sl_log_text_event(struct sl_buf *out, const struct sl_log_event *ev);

/* A line that is one JSON object or array, re-indented and sanitized (so '\n' separate its
 * lines); NULL when it is not JSON (or out of memory). Caller frees. */
char *sl_log_text_json(const char *text, size_t len);

/* The rows a text takes on the screen, width columns wide (>= 1): one per line of the text
 * (cut when longer), or, when wrap is set, as many as each line needs (broken after a space
 * in the last third of a row when there is one, else where the row is full; at least one
 * character a row). */
struct sl_log_rows {
    const char *p;   /* what is left */
    const char *end; /* of the text */
    int width;
    int wrap;
    int done;
};
void sl_log_rows_init(struct sl_log_rows *it, const char *text, size_t len, int width, int wrap);
/* The next row: its bytes [*start, *start + *len). 0 when there is none left. */
int sl_log_rows_next(struct sl_log_rows *it, const char **start, size_t *len);
/* How many rows text takes (at least 1). */
size_t sl_log_rows_count(const char *text, size_t len, int width, int wrap);

/* The first place where needle occurs in hay[0..len), ASCII letters in any case; NULL when
 * none (or needle is empty). */
const char *sl_log_text_find(const char *hay, size_t len, const char *needle);

/* One line of a saved buffer: "TIME LABEL TEXT\n" (ISO time, in local time or UTC as the
 * view shows it, left out with none; label padded to label_width, left out when NULL), inner
 * lines indented by four spaces. */
enum sl_err sl_log_text_save_line(struct sl_buf *out, const struct sl_log_line *l,
                                  enum sl_log_times times, const char *label, int label_width);

#endif
