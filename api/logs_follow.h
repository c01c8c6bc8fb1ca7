/* Following log groups like `aws logs tail --follow` (aws-wire.md §13.1, §13.4), without
 * blocking: each poll runs FilterLogEvents for every group in turn (one request at a time,
 * spaced out, to stay under the ~5 TPS quota) from the newest timestamp seen, drops the events
 * already delivered (by eventId), and hands the new ones, merged across groups and sorted by
 * timestamp, to a callback.
 *
 * The caller drives it from its own loop, next to sl_client_run():
 *
 *     for (;;) {
 *         long wait = sl_logs_follow_next_due_ms(f);     // -1: nothing scheduled
 *         sl_client_run(c, wait < 0 ? 1000 : (int)wait, tty_fd);
 *         sl_logs_follow_tick(f);                         // sends a request when one is due
 *     }
 *
 * Failures the client gave up on (ThrottlingException, 5xx, a dropped connection, a timeout,
 * a garbled answer) make it back off exponentially (capped, 30 s by default) and then repeat
 * the very request that failed, so nothing is lost or delivered twice. Other failures
 * (access denied, no such group, bad pattern) stop it; the status callback says which.
 *
 * The pure parts (the seen-id set, the next start time, the merge order, the backoff) are
 * separate functions so they can be tested without a network. */
#ifndef SL_LOGS_FOLLOW_H
#define SL_LOGS_FOLLOW_H

#include <stddef.h>

#include "logs.h"
#include "sl_error.h"

struct sl_client;
struct sl_clock;

#define SL_LOGS_FOLLOW_INTERVAL_MS    2000LL /* between the end of a poll and the next */
#define SL_LOGS_FOLLOW_GAP_MS         200LL  /* at least this between two requests (5 TPS) */
#define SL_LOGS_FOLLOW_BACKOFF_MS     1000LL /* first backoff after a failure */
#define SL_LOGS_FOLLOW_BACKOFF_CAP_MS 30000LL
#define SL_LOGS_FOLLOW_SEEN_CAP       10000  /* recent eventIds remembered per group */
#define SL_LOGS_FOLLOW_BOUNDARY_CAP   100000 /* eventIds remembered at the newest millisecond */
#define SL_LOGS_FOLLOW_ROUND_EVENTS   10000  /* events per group per poll before yielding */

/* ---- the seen-id set (pure) ------------------------------------------------------------- */

/* Per group: the newest timestamp delivered, the eventIds delivered at exactly that
 * millisecond (FilterLogEvents returns it again when polled from it), and a bounded FIFO set
 * of recently delivered eventIds (catches repeats from an overlap window). Memory is bounded
 * by the two caps. An event without an eventId is keyed by its stream, timestamp and
 * message. */
struct sl_logs_seen;

/* recent_cap 0: SL_LOGS_FOLLOW_SEEN_CAP; boundary_cap 0: SL_LOGS_FOLLOW_BOUNDARY_CAP.
 * NULL when out of memory. */
struct sl_logs_seen *sl_logs_seen_new(size_t recent_cap, size_t boundary_cap);
void sl_logs_seen_free(struct sl_logs_seen **s);
/* 1 when ev was delivered before (it is at the newest millisecond and its id is in the
 * boundary set, or its id is in the recent set). */
int sl_logs_seen_has(const struct sl_logs_seen *s, const struct sl_log_event *ev);
/* Records ev as delivered. SL_ENOMEM leaves the set as it was. */
enum sl_err sl_logs_seen_add(struct sl_logs_seen *s, const struct sl_log_event *ev);
/* The newest timestamp recorded, or -1 when nothing was. */
long long sl_logs_seen_newest(const struct sl_logs_seen *s);
/* Ids held: in the recent set, and at the newest millisecond. */
size_t sl_logs_seen_recent_count(const struct sl_logs_seen *s);
size_t sl_logs_seen_boundary_count(const struct sl_logs_seen *s);

/* ---- other pure parts ------------------------------------------------------------------- */

/* startTime of the next poll: the initial start until something was seen, then the newest
 * timestamp seen (inclusive: the boundary set drops the repeats) minus overlap_ms, never
 * before the initial start. */
long long sl_logs_follow_next_start(long long newest_seen, long long initial_start,
                                    long long overlap_ms);

/* Backoff after the failures-th failure in a row (1 for the first): base_ms doubled each time,
 * capped at cap_ms, then up to a quarter taken off by random01 in [0, 1) (0: no jitter). */
long long sl_logs_follow_backoff_ms(int failures, long long base_ms, long long cap_ms,
                                    double random01);

/* One delivered event. The callback may keep any of event's strings by setting the pointer
 * to NULL; the rest is freed after it returns. */
struct sl_logs_follow_item {
    size_t group;           /* index into the groups given */
    const char *group_name; /* that group, as given */
    unsigned long long seq; /* arrival order, the tie-breaker of the sort */
    struct sl_log_event event;
};

/* Sorts by timestamp, then by arrival (seq): stable and deterministic across groups. */
void sl_logs_follow_sort(struct sl_logs_follow_item *items, size_t n);

/* ---- the follower ------------------------------------------------------------------------ */

struct sl_logs_follow;

/* New events of one poll, sorted; n > 0. */
typedef void (*sl_logs_follow_events_fn)(void *ud, struct sl_logs_follow_item *items, size_t n);

struct sl_logs_follow_status {
    enum sl_err rc;             /* the failure */
    const struct sl_error *err; /* its detail (never NULL) */
    const char *group_name;     /* the group whose request failed */
    int failures;               /* in a row */
    long long retry_in_ms;      /* when the same request goes out again; -1: stopped */
};
/* A failure: retried later (retry_in_ms >= 0) or the end of following (retry_in_ms -1;
 * sl_logs_follow_start() can resume it, from where it was). */
typedef void (*sl_logs_follow_status_fn)(void *ud, const struct sl_logs_follow_status *st);

struct sl_logs_follow_opts {
    const char *const *groups;    /* names or ARNs (copied) */
    size_t ngroups;               /* >= 1 */
    const char *filter_pattern;   /* NULL: every event */
    const char *stream_prefix;    /* NULL: every stream */
    long long start_ms;           /* wall-clock ms of the oldest event wanted; <= 0: now */
    long long interval_ms;        /* 0: SL_LOGS_FOLLOW_INTERVAL_MS */
    long long gap_ms;             /* 0: SL_LOGS_FOLLOW_GAP_MS; < 0: no spacing */
    long long overlap_ms;         /* re-read this much before the newest event (late arrivals) */
    long long backoff_ms;         /* 0: SL_LOGS_FOLLOW_BACKOFF_MS */
    long long backoff_cap_ms;     /* 0: SL_LOGS_FOLLOW_BACKOFF_CAP_MS */
    size_t seen_cap;              /* 0: SL_LOGS_FOLLOW_SEEN_CAP */
    size_t round_events;          /* 0: SL_LOGS_FOLLOW_ROUND_EVENTS */
    const struct sl_clock *clock; /* NULL: the system clock (tests pass a fake) */
    sl_logs_follow_events_fn on_events;
    sl_logs_follow_status_fn on_status; /* may be NULL */
    void *ud;
};

/* Checks and copies opts (SL_EINVAL with a sentence: no group, a pattern too long, ...).
 * Nothing is sent before sl_logs_follow_start(). */
enum sl_err sl_logs_follow_new(struct sl_client *c, const struct sl_logs_follow_opts *opts,
                               struct sl_logs_follow **out, struct sl_error *err);
/* Schedules a poll now (or resumes after a stop, from where it was). */
void sl_logs_follow_start(struct sl_logs_follow *f);
/* Milliseconds until sl_logs_follow_tick() has something to send (0: now), or -1 when
 * nothing is scheduled (stopped, or a request is in flight: sl_client_run() finishes it). */
long long sl_logs_follow_next_due_ms(const struct sl_logs_follow *f);
/* Sends the next request when it is due; cheap to call often. */
void sl_logs_follow_tick(struct sl_logs_follow *f);
/* Stops: cancels the request in flight; events of an unfinished poll are not delivered and
 * will be fetched again after sl_logs_follow_start(). No callback runs from here. */
void sl_logs_follow_stop(struct sl_logs_follow *f);
int sl_logs_follow_running(const struct sl_logs_follow *f);
/* 1 while a request is out. */
int sl_logs_follow_in_flight(const struct sl_logs_follow *f);
/* The startTime the next request for group i will carry (-1 for a bad index). */
long long sl_logs_follow_group_start(const struct sl_logs_follow *f, size_t i);
/* Stops and frees (NULL-safe). Safe from inside a callback. A request in flight is cancelled
 * and released by the next sl_client_run(). */
void sl_logs_follow_free(struct sl_logs_follow **f);

#endif
