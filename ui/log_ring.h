/* The lines a logs view keeps: a bounded ring, so a noisy function never eats the machine. At
 * most max_lines lines and max_bytes bytes of text are held; pushing more drops the oldest.
 * Every line pushed gets the next sequence number (never reused, also across clears), so a
 * view can hold on to a position while old lines go. Pure: no curses, no network. */
#ifndef SL_UI_LOG_RING_H
#define SL_UI_LOG_RING_H

#include <stddef.h>

#include "sl_error.h"

/* The byte cap that goes with a line cap: room for lines of 512 bytes on average, at least
 * 1 MiB and at most 256 MiB. */
size_t sl_log_ring_default_bytes(size_t max_lines);

struct sl_log_line {
    long long ts;   /* the event's time, epoch ms */
    unsigned group; /* which of the view's log groups */
    size_t len;     /* bytes of text */
    char *text;     /* NUL-terminated; inner '\n' separate the lines of a multi-line event */
};

struct sl_log_ring {
    struct sl_log_line *v;
    size_t alloc;               /* slots allocated (grows up to max_lines) */
    size_t head;                /* slot of the oldest line */
    size_t n;                   /* lines held */
    size_t bytes;               /* text bytes held */
    size_t max_lines;           /* >= 1 */
    size_t max_bytes;           /* >= 1 */
    unsigned long long first;   /* sequence number of the oldest line held */
    unsigned long long dropped; /* lines pushed out by the caps since the last clear */
};

/* max_lines 0 is taken as 1; max_bytes 0: sl_log_ring_default_bytes(max_lines). */
void sl_log_ring_init(struct sl_log_ring *r, size_t max_lines, size_t max_bytes);
void sl_log_ring_cleanup(struct sl_log_ring *r);
/* Drops every line; sequence numbers go on from where they were. */
void sl_log_ring_clear(struct sl_log_ring *r);

/* Appends a copy of text[0..len) (which must not hold NUL bytes; it is cut at the first one).
 * A line longer than max_bytes is cut to fit. SL_ENOMEM leaves the ring as it was. */
enum sl_err sl_log_ring_push(struct sl_log_ring *r, long long ts, unsigned group, const char *text,
                             size_t len);

/* Sequence numbers held: [first, end). */
unsigned long long sl_log_ring_first(const struct sl_log_ring *r);
unsigned long long sl_log_ring_end(const struct sl_log_ring *r);
/* The line with that sequence number, or NULL when it is not (or no longer) held. */
const struct sl_log_line *sl_log_ring_get(const struct sl_log_ring *r, unsigned long long seq);

#endif
