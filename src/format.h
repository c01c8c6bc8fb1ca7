/* Formatting shared by the one-shot commands: relative times ("2h ago"), byte sizes, durations,
 * joined lists, the order and metric label of alarms, translated table headings, and the
 * sentence for a failure. Everything but sl_fmt_fail is pure (no I/O, no clock): the caller
 * passes "now", so tests pin every result. */
#ifndef SL_FORMAT_H
#define SL_FORMAT_H

#include <stddef.h>
#include <stdio.h>

#include "output.h"
#include "sl_error.h"

struct sl_cw_alarm;

/* Enough for every string below that has a fixed size. */
#define SL_FMT_SHORT 64

/* How long ago then_ms was, for a person: "just now" (under 10 s), "42s ago", "12m ago",
 * "3h ago", "5d ago" (under a year), "2y ago"; a time more than a minute ahead of now (clock
 * skew) reads "in 5m". Rounded to the nearest unit ("1h 40m" is "2h ago", "59m 45s" is
 * "1h ago"). "" when then_ms is 0 or less (absent). Translated. */
void sl_fmt_relative(long long then_ms, long long now_ms, char *out, size_t outlen);

/* "2024-05-01T12:00:00Z" (UTC, seconds); "" when ms is 0 or less. For scripts: not translated. */
void sl_fmt_iso(long long ms, char *out, size_t outlen);

/* Binary units for a person: "0 B", "1023 B", "47.1 KiB", "118 KiB", "1.5 MiB", "2.0 GiB"
 * (one decimal below 100, none from 100 up, rounded to nearest); "" when n is negative. */
void sl_fmt_bytes(long long n, char *out, size_t outlen);

/* A duration in milliseconds for a person: "0.8 ms", "412 ms", "1.25 s", "75.0 s"; "" when
 * ms is negative or not a number. */
void sl_fmt_duration_ms(double ms, char *out, size_t outlen);

/* The n strings joined with sep (NULL items skipped) in a new string, "" when there are none.
 * NULL only when out of memory. */
char *sl_fmt_join(char *const *items, size_t n, const char *sep);

/* Where an alarm state sorts: ALARM 0, INSUFFICIENT_DATA 1, OK 2, anything else (or NULL) 3. */
int sl_fmt_alarm_rank(const char *state);
/* Orders alarms for a person: by rank, then by name (byte order), then as they came. */
void sl_fmt_sort_alarms(struct sl_cw_alarm *v, size_t n);
/* What an alarm watches: "AWS/Lambda/Errors" (Namespace/MetricName), "composite" for a
 * composite alarm, the expression of a metric-math alarm (or its first metric when no query
 * is an expression), "" when nothing is known. Not translated (it names AWS things). */
void sl_fmt_alarm_metric(const struct sl_cw_alarm *a, char *out, size_t outlen);

/* Writes text (made safe for the terminal here) on f after indent spaces, broken at spaces so
 * that no line is wider than width columns, each further line indented too; a word longer than
 * a line is cut. width 0 or less: one line. Ends with a newline. */
void sl_fmt_wrap(FILE *f, const char *text, int indent, int width);

/* One line of --output text: tag (when not NULL), then the n values, tab-separated, each made
 * safe for the terminal, "None" for a NULL value (like the AWS CLI). */
void sl_fmt_text_line(FILE *f, const char *tag, const char *const *values, size_t n);

/* Fills cols[0..n) with the translated headings heads[] (N_()-marked), all strings. */
void sl_fmt_columns(struct sl_column *cols, const char *const *heads, size_t n);

/* Prints the failure of a command on stderr as one sentence and returns its exit code: for
 * SL_ENOTFOUND only the message ("The function "x" was not found in us-east-1."), else what
 * sl_cli_fail() prints (with the AWS code and request id). */
int sl_fmt_fail(enum sl_err rc, const struct sl_error *err);

#endif
