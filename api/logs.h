/* CloudWatch Logs (awsJson 1.1, aws-wire.md §7): DescribeLogGroups, DescribeLogStreams,
 * FilterLogEvents and GetLogEvents.
 *
 * Three layers, each usable alone:
 *   - pure request builders (sl_logs_build_*_body) and page parsers (sl_logs_parse_*_page),
 *     testable on recorded answers without a network;
 *   - asynchronous paged operations (sl_logs_*_start) on struct sl_pager: one callback per page
 *     as it arrives, then one done callback;
 *   - synchronous conveniences (sl_logs_describe_groups, ...) that collect every page.
 *
 * Log messages are kept as the raw bytes AWS sent (JSON escapes decoded, nothing else): they
 * may hold control characters, escape sequences, invalid UTF-8 and even NUL bytes, so callers
 * must sanitize them (sl_text_sanitize) before they reach a terminal. */
#ifndef SL_LOGS_H
#define SL_LOGS_H

#include <stddef.h>

#include "buf.h"
#include "sl_error.h"

struct sl_client;

#define SL_LOGS_FILTER_PATTERN_MAX 1024  /* bytes, as the service model says */
#define SL_LOGS_STREAM_NAMES_MAX   100   /* logStreamNames[] in FilterLogEvents */
#define SL_LOGS_GROUPS_LIMIT_MAX   50    /* DescribeLogGroups / DescribeLogStreams limit */
#define SL_LOGS_EVENTS_LIMIT_MAX   10000 /* FilterLogEvents / GetLogEvents limit */
/* A message longer than this is cut (event->truncated); AWS's own limit is 1 MB. */
#define SL_LOGS_MESSAGE_MAX ((size_t)1024 * 1024)
/* Cap on one answer's body and on the bytes one parsed page may hold. */
#define SL_LOGS_PAGE_MAX ((size_t)32 * 1024 * 1024)
/* Cap on names, ARNs and tokens inside an answer (longer is SL_ETOOBIG). */
#define SL_LOGS_STRING_MAX ((size_t)64 * 1024)

/* ---- values --------------------------------------------------------------------------- */

/* Times are epoch milliseconds, 0 when the answer did not carry them. Strings are never NULL
 * in parsed values ("" when absent). */
struct sl_log_group {
    char *name;          /* logGroupName */
    char *arn;           /* arn (ends in ":*") */
    char *log_group_arn; /* logGroupArn (no ":*"), for Live Tail */
    long long creation_time;
    int retention_days; /* 0: never expires */
    long long stored_bytes;
    int metric_filter_count;
    char *kms_key_id;
    char *log_group_class; /* "STANDARD", "INFREQUENT_ACCESS", ... */
};

struct sl_log_stream {
    char *name;
    char *arn;
    long long creation_time;
    long long first_event_timestamp;
    long long last_event_timestamp;
    long long last_ingestion_time;
    long long stored_bytes;
};

struct sl_log_event {
    char *log_stream_name; /* "" for GetLogEvents, which names no stream per event */
    long long timestamp;
    long long ingestion_time;
    char *event_id; /* "" for GetLogEvents */
    char *message;  /* raw bytes, NUL-terminated after message_len (which may hold NULs) */
    size_t message_len;
    int truncated; /* the message was longer than SL_LOGS_MESSAGE_MAX and was cut */
};

/* Free an array of n values and set *v to NULL (NULL-safe). */
void sl_logs_groups_free(struct sl_log_group **v, size_t n);
void sl_logs_streams_free(struct sl_log_stream **v, size_t n);
void sl_logs_events_free(struct sl_log_event **v, size_t n);
/* Frees the strings of one event and zeroes it (NULL-safe). */
void sl_logs_event_clear(struct sl_log_event *e);

/* ---- requests --------------------------------------------------------------------------- */

/* A log group is named by name or by ARN: a value starting with "arn:" is sent as
 * logGroupIdentifier (without a trailing ":*"), anything else as logGroupName. */

struct sl_logs_streams_query {
    const char *group;
    const char *prefix; /* logStreamNamePrefix, or NULL; not with by_last_event */
    int by_last_event;  /* orderBy LastEventTime (else LogStreamName) */
    int descending;
    int limit; /* 1..50; 0: the service default (50) */
};

/* Times < 0 are left out of the request. */
struct sl_logs_filter_query {
    const char *group;
    long long start_ms;
    long long end_ms;
    const char *filter_pattern;      /* NULL or "": every event; at most 1024 bytes */
    const char *const *stream_names; /* logStreamNames, at most 100; not with stream_prefix */
    size_t nstream_names;
    const char *stream_prefix; /* logStreamNamePrefix, or NULL */
    int limit;                 /* 1..10000; 0: the service default (10000) */
};

struct sl_logs_get_query {
    const char *group;
    const char *stream;  /* required */
    long long start_ms;  /* < 0: none */
    long long end_ms;    /* < 0: none */
    int start_from_head; /* 1 to walk forward from the oldest event (needed with forward tokens) */
    int limit;           /* 1..10000; 0: the service default */
};

/* Sets the times to -1 and everything else to zero/NULL. */
void sl_logs_filter_query_init(struct sl_logs_filter_query *q);
void sl_logs_get_query_init(struct sl_logs_get_query *q);

/* Each builder appends the JSON body for one page to body (token NULL for the first page).
 * Bad input (no group, a limit out of range, a filter pattern longer than 1024 bytes, more
 * than 100 stream names, names together with a prefix, ...) is SL_EINVAL with a sentence in
 * err; body is then left as it was. */
enum sl_err sl_logs_build_groups_body(const char *prefix, int limit, const char *token,
                                      struct sl_buf *body, struct sl_error *err);
enum sl_err sl_logs_build_streams_body(const struct sl_logs_streams_query *q, const char *token,
                                       struct sl_buf *body, struct sl_error *err);
enum sl_err sl_logs_build_filter_body(const struct sl_logs_filter_query *q, const char *token,
                                      struct sl_buf *body, struct sl_error *err);
enum sl_err sl_logs_build_get_body(const struct sl_logs_get_query *q, const char *token,
                                   struct sl_buf *body, struct sl_error *err);

/* ---- answers ---------------------------------------------------------------------------- */

/* Each parser reads one page (a JSON object of len bytes, not NUL-terminated necessarily).
 * On success the caller owns *out (n values, *out NULL when n is 0; free with the matching
 * sl_logs_*_free) and the malloc'ed tokens (NULL when the answer carries none). Unknown fields
 * are ignored and null counts as absent; malformed or truncated JSON, or a known field of the
 * wrong type, is SL_EPARSE with a sentence in err and nothing is handed out.
 *
 * A page may be empty and still carry a nextToken: only a missing nextToken ends
 * FilterLogEvents, DescribeLogGroups and DescribeLogStreams. */
enum sl_err sl_logs_parse_groups_page(const char *body, size_t len, struct sl_log_group **out,
                                      size_t *n, char **next_token, struct sl_error *err);
enum sl_err sl_logs_parse_streams_page(const char *body, size_t len, struct sl_log_stream **out,
                                       size_t *n, char **next_token, struct sl_error *err);
enum sl_err sl_logs_parse_filter_page(const char *body, size_t len, struct sl_log_event **out,
                                      size_t *n, char **next_token, struct sl_error *err);
/* GetLogEvents: next_forward / next_backward may be NULL when not wanted. */
enum sl_err sl_logs_parse_get_page(const char *body, size_t len, struct sl_log_event **out,
                                   size_t *n, char **next_forward, char **next_backward,
                                   struct sl_error *err);
/* GetLogEvents walking forward ends when the nextForwardToken returned equals the token sent
 * (a live stream: poll again later with the same token). 1 at the end; sent NULL is never. */
int sl_logs_get_is_end(const char *sent_token, const char *returned_forward);

/* ---- asynchronous paged operations ------------------------------------------------------ */

/* Per-page callbacks hand the page's array to the callee, who frees it with the matching
 * sl_logs_*_free (n may be 0 for an empty page). */
typedef void (*sl_logs_groups_page_fn)(void *ud, struct sl_log_group *v, size_t n);
typedef void (*sl_logs_streams_page_fn)(void *ud, struct sl_log_stream *v, size_t n);
typedef void (*sl_logs_events_page_fn)(void *ud, struct sl_log_event *v, size_t n);
/* Called once at the end: SL_OK after the last page (or when max_items was reached), else
 * the failure (err may be NULL); pages already delivered stay valid. The callee may free the
 * operation from here. */
typedef void (*sl_logs_done_fn)(void *ud, enum sl_err rc, const struct sl_error *err);

/* One paged listing in flight. The query is copied: the caller's strings need not live on. */
struct sl_logs_op;

/* Start the listing; callbacks run later from sl_client_run(). max_items > 0 stops after the
 * page that reaches it (then sl_logs_op_next_token() says where to continue). On failure to
 * start, *out is NULL and nothing will be called. */
enum sl_err sl_logs_describe_groups_start(struct sl_client *c, const char *prefix, int limit,
                                          size_t max_items, sl_logs_groups_page_fn page,
                                          sl_logs_done_fn done, void *ud, struct sl_logs_op **out,
                                          struct sl_error *err);
enum sl_err sl_logs_describe_streams_start(struct sl_client *c,
                                           const struct sl_logs_streams_query *q, size_t max_items,
                                           sl_logs_streams_page_fn page, sl_logs_done_fn done,
                                           void *ud, struct sl_logs_op **out, struct sl_error *err);
enum sl_err sl_logs_filter_events_start(struct sl_client *c, const struct sl_logs_filter_query *q,
                                        size_t max_items, sl_logs_events_page_fn page,
                                        sl_logs_done_fn done, void *ud, struct sl_logs_op **out,
                                        struct sl_error *err);
/* Walks GetLogEvents from token (NULL: the first page, from the head when q->start_from_head)
 * until the forward token comes back unchanged. */
enum sl_err sl_logs_get_events_start(struct sl_client *c, const struct sl_logs_get_query *q,
                                     const char *token, size_t max_items,
                                     sl_logs_events_page_fn page, sl_logs_done_fn done, void *ud,
                                     struct sl_logs_op **out, struct sl_error *err);
/* 1 until done has been called. */
int sl_logs_op_active(const struct sl_logs_op *op);
/* Where to continue after max_items stopped the listing, or NULL when the listing reached its
 * end. For GetLogEvents: always the last forward token (where a live stream is polled again).
 * Owned by op. */
const char *sl_logs_op_next_token(const struct sl_logs_op *op);
/* Stops the listing: done is called with SL_ECANCELLED from the next sl_client_run(). */
void sl_logs_op_cancel(struct sl_logs_op *op);
/* NULL-safe. Freeing an active operation cancels it silently (no more callbacks); its request
 * is released by the next sl_client_run(). */
void sl_logs_op_free(struct sl_logs_op **op);

/* ---- synchronous conveniences ------------------------------------------------------------ */

/* Every page (or up to max_items, 0: all) into one array the caller frees. next_token, when
 * not NULL, receives where to continue (NULL when complete; caller frees). On failure nothing
 * is handed out. */
enum sl_err sl_logs_describe_groups(struct sl_client *c, const char *prefix, size_t max_items,
                                    struct sl_log_group **out, size_t *n, char **next_token,
                                    struct sl_error *err);
enum sl_err sl_logs_describe_streams(struct sl_client *c, const struct sl_logs_streams_query *q,
                                     size_t max_items, struct sl_log_stream **out, size_t *n,
                                     char **next_token, struct sl_error *err);
enum sl_err sl_logs_filter_events(struct sl_client *c, const struct sl_logs_filter_query *q,
                                  size_t max_items, struct sl_log_event **out, size_t *n,
                                  char **next_token, struct sl_error *err);
/* next_token receives the last forward token (to poll a live stream later). */
enum sl_err sl_logs_get_events(struct sl_client *c, const struct sl_logs_get_query *q,
                               const char *token, size_t max_items, struct sl_log_event **out,
                               size_t *n, char **next_token, struct sl_error *err);

#endif
