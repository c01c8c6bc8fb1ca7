/* How `slctl logs` writes an event and reads its times: the line formats (short, detailed,
 * json), label colours, and the --since/--until syntax. Pure functions, no network. */
#ifndef SL_LOG_FORMAT_H
#define SL_LOG_FORMAT_H

#include "buf.h"
#include "logs.h"

enum sl_log_format {
    SL_LOG_SHORT,    /* "HH:MM:SS label message" */
    SL_LOG_DETAILED, /* "2024-05-01T12:00:03.120Z group stream message" */
    SL_LOG_JSON,     /* one JSON object per line: timestamp, group, stream, message, eventId */
};

/* "short", "detailed" or "json"; -1 for anything else. */
int sl_log_format_parse(const char *s, enum sl_log_format *out);

/* Reads a --since/--until value: a duration before now_ms ("45s", "10m", "2h", "1d", "1w")
 * or a time: ISO 8601 with a zone ("2024-05-01T12:00:00Z", "...+02:00"), or without one
 * ("2024-05-01T12:00[:SS]", "2024-05-01 12:00", "2024-05-01"), which is UTC, or local time
 * when local is set. Returns 0 and *out_ms, or -1. */
int sl_log_time_parse(const char *s, long long now_ms, int local, long long *out_ms);

/* "12:00:03" (time of day) and "2024-05-01T12:00:03.120Z" (or "...+02:00" when local). */
void sl_log_time_short(long long ms, int local, char out[16]);
void sl_log_time_iso(long long ms, int local, char out[64]);

#define SL_LOG_COLORS 6
/* The SGR sequence of label colour i (any i: the palette repeats), and the reset. */
const char *sl_log_color(size_t i);
#define SL_LOG_COLOR_RESET "\033[0m"

struct sl_log_line_opts {
    enum sl_log_format format;
    int local;       /* local times instead of UTC */
    int color;       /* colour the label (short) or group (detailed) */
    int label_width; /* columns the label is padded to (short) */
};

/* Appends ev as one line ending in '\n' (for short and detailed, a message holding newlines
 * gives continuation lines, indented). Remote text (label, group, stream, message) is
 * sanitized for the terminal in short and detailed; json keeps it as it is, JSON-escaped
 * (sl_json_append_string). color_index picks the label colour when opts->color is set. */
enum sl_err sl_log_format_event(struct sl_buf *out, const struct sl_log_line_opts *opts,
                                const char *label, size_t color_index, const char *group,
                                const struct sl_log_event *ev);

/* Appends only the message of ev as those formats show it: without its trailing line ends,
 * sanitized, a "\r\n" read as a line break, each inner line break followed by indent spaces,
 * " [...]" after a message that was cut (the console keeps its lines this way). */
enum sl_err sl_log_format_message(struct sl_buf *out, const struct sl_log_event *ev, int indent);

#endif
