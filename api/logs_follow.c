#include "logs_follow.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "clock.h"
#include "i18n.h"
#include "retry.h"
#include "service.h"

/* Bytes of messages one poll may gather before it yields (the rest comes next poll). */
#define FOLLOW_ROUND_BYTES ((size_t)32 * 1024 * 1024)
#define FOLLOW_NONE        SIZE_MAX

/* ---- a bounded FIFO set of strings ------------------------------------------------------ */

struct fset_entry {
    char *key;
    uint64_t hash;
    size_t next; /* next entry in the same bucket, FOLLOW_NONE at the end */
};

/* The ring grows on demand up to cap; when full, the oldest entry makes room. */
struct fset {
    size_t cap;
    struct fset_entry *ring;
    size_t ring_size;
    size_t head; /* oldest */
    size_t count;
    size_t *bucket; /* heads of chains, FOLLOW_NONE when empty */
    size_t nbucket; /* a power of two, at least twice ring_size */
};

static uint64_t follow_fnv(const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

#define FOLLOW_FNV_SEED 14695981039346656037ULL

static void fset_index(struct fset *s)
{
    size_t i, k;

    for (i = 0; i < s->nbucket; i++)
        s->bucket[i] = FOLLOW_NONE;
    for (i = 0; i < s->count; i++) {
        k = (s->head + i) % s->ring_size;
        s->ring[k].next = s->bucket[s->ring[k].hash & (s->nbucket - 1)];
        s->bucket[s->ring[k].hash & (s->nbucket - 1)] = k;
    }
}

/* Makes room for one more entry. */
static enum sl_err fset_grow(struct fset *s)
{
    size_t nsize, nb, i;
    struct fset_entry *ring;
    size_t *bucket;

    if (s->count < s->ring_size)
        return SL_OK;
    if (s->ring_size >= s->cap)
        return SL_OK; /* full: the caller evicts */
    nsize = s->ring_size ? s->ring_size * 2 : 16;
    if (nsize > s->cap)
        nsize = s->cap;
    for (nb = 16; nb < nsize * 2; nb *= 2)
        ;
    ring = calloc(nsize, sizeof(*ring));
    bucket = malloc(nb * sizeof(*bucket));
    if (!ring || !bucket) {
        free(ring);
        free(bucket);
        return SL_ENOMEM;
    }
    for (i = 0; i < s->count; i++)
        ring[i] = s->ring[(s->head + i) % s->ring_size];
    free(s->ring);
    free(s->bucket);
    s->ring = ring;
    s->bucket = bucket;
    s->ring_size = nsize;
    s->nbucket = nb;
    s->head = 0;
    fset_index(s);
    return SL_OK;
}

static int fset_has(const struct fset *s, const char *key, uint64_t hash)
{
    size_t k;

    if (!s->count)
        return 0;
    for (k = s->bucket[hash & (s->nbucket - 1)]; k != FOLLOW_NONE; k = s->ring[k].next)
        if (s->ring[k].hash == hash && !strcmp(s->ring[k].key, key))
            return 1;
    return 0;
}

static void fset_evict_oldest(struct fset *s)
{
    struct fset_entry *e = &s->ring[s->head];
    size_t *pp = &s->bucket[e->hash & (s->nbucket - 1)];

    while (*pp != FOLLOW_NONE && *pp != s->head)
        pp = &s->ring[*pp].next;
    if (*pp == s->head)
        *pp = e->next;
    free(e->key);
    e->key = NULL;
    s->head = (s->head + 1) % s->ring_size;
    s->count--;
}

/* Takes key (malloc'ed) in every case. */
static enum sl_err fset_add(struct fset *s, char *key, uint64_t hash)
{
    size_t k;
    enum sl_err rc = fset_grow(s);

    if (rc) {
        free(key);
        return rc;
    }
    if (s->count == s->ring_size)
        fset_evict_oldest(s);
    k = (s->head + s->count) % s->ring_size;
    s->ring[k].key = key;
    s->ring[k].hash = hash;
    s->ring[k].next = s->bucket[hash & (s->nbucket - 1)];
    s->bucket[hash & (s->nbucket - 1)] = k;
    s->count++;
    return SL_OK;
}

/* Empties the set; a ring grown large is given back. */
static void fset_clear(struct fset *s)
{
    while (s->count)
        fset_evict_oldest(s);
    s->head = 0;
    if (s->ring_size > 64) {
        free(s->ring);
        free(s->bucket);
        s->ring = NULL;
        s->bucket = NULL;
        s->ring_size = s->nbucket = 0;
    }
}

static void fset_free(struct fset *s)
{
    fset_clear(s);
    free(s->ring);
    free(s->bucket);
    memset(s, 0, sizeof(*s));
}

/* ---- the seen-id set ---------------------------------------------------------------------- */

struct sl_logs_seen {
    long long newest;
    struct fset boundary; /* ids at the newest millisecond */
    struct fset recent;   /* recently delivered ids */
};

struct sl_logs_seen *sl_logs_seen_new(size_t recent_cap, size_t boundary_cap)
{
    struct sl_logs_seen *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    s->newest = -1;
    s->recent.cap = recent_cap ? recent_cap : SL_LOGS_FOLLOW_SEEN_CAP;
    s->boundary.cap = boundary_cap ? boundary_cap : SL_LOGS_FOLLOW_BOUNDARY_CAP;
    return s;
}

void sl_logs_seen_free(struct sl_logs_seen **ps)
{
    if (!ps || !*ps)
        return;
    fset_free(&(*ps)->boundary);
    fset_free(&(*ps)->recent);
    free(*ps);
    *ps = NULL;
}

/* The eventId, or for an event without one "~stream|ts|hash-of-message". Caller frees. */
static char *seen_key(const struct sl_log_event *ev, uint64_t *hash)
{
    char *key;

    if (ev->event_id && ev->event_id[0]) {
        key = strdup(ev->event_id);
    } else {
        const char *stream = ev->log_stream_name ? ev->log_stream_name : "";
        uint64_t mh = follow_fnv(ev->message ? ev->message : "", ev->message_len, FOLLOW_FNV_SEED);
        size_t n = strlen(stream) + 64;

        key = malloc(n);
        if (key)
            snprintf(key, n, "~%s|%lld|%016llx", stream, ev->timestamp, (unsigned long long)mh);
    }
    if (key)
        *hash = follow_fnv(key, strlen(key), FOLLOW_FNV_SEED);
    return key;
}

int sl_logs_seen_has(const struct sl_logs_seen *s, const struct sl_log_event *ev)
{
    uint64_t hash = 0;
    char *key = seen_key(ev, &hash);
    int has;

    if (!key)
        return 0;
    has = (ev->timestamp == s->newest && fset_has(&s->boundary, key, hash)) ||
          fset_has(&s->recent, key, hash);
    free(key);
    return has;
}

enum sl_err sl_logs_seen_add(struct sl_logs_seen *s, const struct sl_log_event *ev)
{
    uint64_t hash = 0;
    char *key = seen_key(ev, &hash);
    char *key2;
    enum sl_err rc;

    if (!key)
        return SL_ENOMEM;
    key2 = NULL;
    if (ev->timestamp >= s->newest && !(key2 = strdup(key))) {
        free(key);
        return SL_ENOMEM;
    }
    if (!fset_has(&s->recent, key, hash)) {
        rc = fset_add(&s->recent, key, hash);
    } else {
        free(key);
        rc = SL_OK;
    }
    if (!key2 || rc) {
        free(key2);
        return rc;
    }
    if (ev->timestamp > s->newest) {
        fset_clear(&s->boundary);
        s->newest = ev->timestamp;
    }
    if (fset_has(&s->boundary, key2, hash)) {
        free(key2);
        return SL_OK;
    }
    return fset_add(&s->boundary, key2, hash);
}

long long sl_logs_seen_newest(const struct sl_logs_seen *s)
{
    return s->newest;
}

size_t sl_logs_seen_recent_count(const struct sl_logs_seen *s)
{
    return s->recent.count;
}

size_t sl_logs_seen_boundary_count(const struct sl_logs_seen *s)
{
    return s->boundary.count;
}

/* ---- other pure parts -------------------------------------------------------------------- */

long long sl_logs_follow_next_start(long long newest_seen, long long initial_start,
                                    long long overlap_ms)
{
    long long start;

    if (newest_seen < 0)
        return initial_start;
    start = newest_seen - (overlap_ms > 0 ? overlap_ms : 0);
    return start > initial_start ? start : initial_start;
}

long long sl_logs_follow_backoff_ms(int failures, long long base_ms, long long cap_ms,
                                    double random01)
{
    long long d = base_ms > 0 ? base_ms : 1;
    int i;

    if (cap_ms <= 0)
        cap_ms = SL_LOGS_FOLLOW_BACKOFF_CAP_MS;
    for (i = 1; i < failures && d < cap_ms; i++)
        d *= 2;
    if (d > cap_ms)
        d = cap_ms;
    if (random01 > 0 && random01 < 1)
        d -= (long long)(random01 * (double)d / 4);
    return d;
}

static int follow_item_cmp(const void *a, const void *b)
{
    const struct sl_logs_follow_item *x = a, *y = b;

    if (x->event.timestamp != y->event.timestamp)
        return x->event.timestamp < y->event.timestamp ? -1 : 1;
    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    return 0;
}

void sl_logs_follow_sort(struct sl_logs_follow_item *items, size_t n)
{
    if (n > 1)
        qsort(items, n, sizeof(*items), follow_item_cmp);
}

/* ---- the follower ------------------------------------------------------------------------ */

struct follow_group {
    char *name;
    struct sl_logs_seen *seen;
    char *token;           /* the next page of an unfinished pagination, or NULL */
    long long token_start; /* the startTime that pagination was begun with */
    char *round_token;     /* token and start when this poll began (stop restores them) */
    long long round_token_start;
    size_t round_events;
};

struct sl_logs_follow {
    struct sl_client *client;
    const struct sl_clock *clock;
    struct follow_group *groups;
    size_t ngroups;
    char *filter_pattern;
    char *stream_prefix;
    long long start_ms;
    long long interval_ms;
    long long gap_ms;
    long long overlap_ms;
    long long backoff_ms;
    long long backoff_cap_ms;
    size_t round_cap;
    sl_logs_follow_events_fn on_events;
    sl_logs_follow_status_fn on_status;
    void *ud;
    /* state */
    int running;
    struct sl_call *call; /* the request in flight */
    long long call_start; /* its startTime */
    long long due;        /* monotonic ms when the next request may go out */
    long long last_send;  /* monotonic ms of the last request */
    int in_round;         /* a poll is under way */
    size_t round_first;   /* the group it began with */
    size_t cur;           /* the group being polled (or to poll next) */
    size_t done_in_round;
    int more;                            /* a group yielded with pages left: poll again soon */
    int failures;                        /* in a row */
    struct sl_logs_follow_item *pending; /* events of this poll, not delivered yet */
    size_t npending;
    size_t cap_pending;
    size_t pending_bytes;
    unsigned long long seq;
    int in_callback;
    int free_requested;
};

static long long follow_now(const struct sl_logs_follow *f)
{
    return f->clock->mono_ms(f->clock->ud);
}

static void follow_discard_pending(struct sl_logs_follow *f)
{
    size_t i;

    for (i = 0; i < f->npending; i++)
        sl_logs_event_clear(&f->pending[i].event);
    f->npending = 0;
    f->pending_bytes = 0;
}

static void follow_release(struct sl_logs_follow *f)
{
    size_t i;

    follow_discard_pending(f);
    free(f->pending);
    for (i = 0; i < f->ngroups; i++) {
        free(f->groups[i].name);
        free(f->groups[i].token);
        free(f->groups[i].round_token);
        sl_logs_seen_free(&f->groups[i].seen);
    }
    free(f->groups);
    free(f->filter_pattern);
    free(f->stream_prefix);
    free(f);
}

static void follow_fill_query(const struct sl_logs_follow *f, const struct follow_group *g,
                              long long start, struct sl_logs_filter_query *q)
{
    sl_logs_filter_query_init(q);
    q->group = g->name;
    q->start_ms = start;
    q->filter_pattern = f->filter_pattern;
    q->stream_prefix = f->stream_prefix;
}

enum sl_err sl_logs_follow_new(struct sl_client *c, const struct sl_logs_follow_opts *opts,
                               struct sl_logs_follow **out, struct sl_error *err)
{
    struct sl_logs_follow *f;
    struct sl_logs_filter_query q;
    struct sl_buf scratch;
    enum sl_err rc = SL_OK;
    size_t i;

    *out = NULL;
    if (!opts->ngroups || !opts->groups)
        return sl_error_set(err, SL_EINVAL, "%s", _("At least one log group is required."));
    if (!opts->on_events)
        return sl_error_set(err, SL_EINVAL, "%s", _("No callback for the log events."));
    f = calloc(1, sizeof(*f));
    if (!f)
        return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    f->client = c;
    f->clock = opts->clock ? opts->clock : sl_clock_system();
    f->interval_ms = opts->interval_ms > 0 ? opts->interval_ms : SL_LOGS_FOLLOW_INTERVAL_MS;
    f->gap_ms = opts->gap_ms > 0 ? opts->gap_ms : opts->gap_ms < 0 ? 0 : SL_LOGS_FOLLOW_GAP_MS;
    f->overlap_ms = opts->overlap_ms > 0 ? opts->overlap_ms : 0;
    f->backoff_ms = opts->backoff_ms > 0 ? opts->backoff_ms : SL_LOGS_FOLLOW_BACKOFF_MS;
    f->backoff_cap_ms =
        opts->backoff_cap_ms > 0 ? opts->backoff_cap_ms : SL_LOGS_FOLLOW_BACKOFF_CAP_MS;
    f->round_cap = opts->round_events ? opts->round_events : SL_LOGS_FOLLOW_ROUND_EVENTS;
    f->start_ms = opts->start_ms > 0 ? opts->start_ms : sl_clock_now_ms(f->clock);
    f->on_events = opts->on_events;
    f->on_status = opts->on_status;
    f->ud = opts->ud;
    f->ngroups = opts->ngroups;
    f->groups = calloc(opts->ngroups, sizeof(*f->groups));
    if ((opts->filter_pattern && !(f->filter_pattern = strdup(opts->filter_pattern))) ||
        (opts->stream_prefix && !(f->stream_prefix = strdup(opts->stream_prefix))) || !f->groups) {
        if (!f->groups)
            f->ngroups = 0;
        rc = sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
        goto out;
    }
    sl_buf_init(&scratch, 0);
    for (i = 0; !rc && i < f->ngroups; i++) {
        struct follow_group *g = &f->groups[i];

        g->name = opts->groups[i] ? strdup(opts->groups[i]) : NULL;
        if (opts->groups[i] && !g->name) {
            rc = sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
            break;
        }
        /* The request every poll sends must be valid: check it once now. */
        follow_fill_query(f, g, f->start_ms, &q);
        sl_buf_reset(&scratch);
        rc = sl_logs_build_filter_body(&q, NULL, &scratch, err);
        if (!rc && !(g->seen = sl_logs_seen_new(opts->seen_cap, 0)))
            rc = sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    }
    sl_buf_free(&scratch);
out:
    if (rc) {
        follow_release(f);
        return rc;
    }
    *out = f;
    return SL_OK;
}

int sl_logs_follow_running(const struct sl_logs_follow *f)
{
    return f && f->running;
}

int sl_logs_follow_in_flight(const struct sl_logs_follow *f)
{
    return f && f->call != NULL;
}

long long sl_logs_follow_group_start(const struct sl_logs_follow *f, size_t i)
{
    const struct follow_group *g;

    if (!f || i >= f->ngroups)
        return -1;
    g = &f->groups[i];
    if (g->token)
        return g->token_start;
    return sl_logs_follow_next_start(sl_logs_seen_newest(g->seen), f->start_ms, f->overlap_ms);
}

void sl_logs_follow_start(struct sl_logs_follow *f)
{
    if (!f || f->running)
        return;
    f->running = 1;
    f->failures = 0;
    f->due = follow_now(f);
}

long long sl_logs_follow_next_due_ms(const struct sl_logs_follow *f)
{
    long long d;

    if (!f || !f->running || f->call)
        return -1;
    d = f->due - follow_now(f);
    return d > 0 ? d : 0;
}

/* A call whose follower stopped or went away: it frees itself when the client is done. */
static void follow_orphan_done(struct sl_call *call, void *ud)
{
    (void)ud;
    sl_call_cleanup(call);
    free(call);
}

static void follow_free_round_tokens(struct sl_logs_follow *f)
{
    size_t i;

    for (i = 0; i < f->ngroups; i++) {
        free(f->groups[i].round_token);
        f->groups[i].round_token = NULL;
    }
}

void sl_logs_follow_stop(struct sl_logs_follow *f)
{
    size_t i;

    if (!f || !f->running)
        return;
    f->running = 0;
    if (f->call) {
        f->call->done = follow_orphan_done;
        f->call->ud = NULL;
        sl_client_cancel(f->client, f->call);
        f->call = NULL;
    }
    if (f->in_round) {
        /* Forget the unfinished poll: its events were not delivered, so fetch them again. */
        follow_discard_pending(f);
        for (i = 0; i < f->ngroups; i++) {
            struct follow_group *g = &f->groups[i];

            free(g->token);
            g->token = g->round_token;
            g->token_start = g->round_token_start;
            g->round_token = NULL;
        }
        f->cur = f->round_first;
        f->in_round = 0;
    }
}

void sl_logs_follow_free(struct sl_logs_follow **pf)
{
    struct sl_logs_follow *f;

    if (!pf || !*pf)
        return;
    f = *pf;
    *pf = NULL;
    sl_logs_follow_stop(f);
    if (f->in_callback) {
        f->free_requested = 1; /* released once the callback returns */
        return;
    }
    follow_release(f);
}

/* Delivers the pending events (sorted, recorded as seen first). Returns 1 when the callback
 * freed the follower. */
static int follow_flush(struct sl_logs_follow *f)
{
    struct sl_logs_follow_item *items = f->pending;
    size_t n = f->npending, i;

    if (!n)
        return 0;
    f->pending = NULL;
    f->npending = f->cap_pending = 0;
    f->pending_bytes = 0;
    sl_logs_follow_sort(items, n);
    for (i = 0; i < n; i++)
        sl_logs_seen_add(f->groups[items[i].group].seen, &items[i].event);
    f->in_callback++;
    f->on_events(f->ud, items, n);
    f->in_callback--;
    for (i = 0; i < n; i++)
        sl_logs_event_clear(&items[i].event);
    free(items);
    if (f->free_requested && !f->in_callback) {
        follow_release(f);
        return 1;
    }
    return 0;
}

/* Reports a failure. Returns 1 when the callback freed the follower. */
static int follow_report(struct sl_logs_follow *f, enum sl_err rc, const struct sl_error *err,
                         const char *group, long long retry_in_ms)
{
    struct sl_logs_follow_status st;

    if (!f->on_status)
        return 0;
    st.rc = rc;
    st.err = err;
    st.group_name = group;
    st.failures = f->failures;
    st.retry_in_ms = retry_in_ms;
    f->in_callback++;
    f->on_status(f->ud, &st);
    f->in_callback--;
    if (f->free_requested && !f->in_callback) {
        follow_release(f);
        return 1;
    }
    return 0;
}

static void follow_call_done(struct sl_call *call, void *ud);

/* Sends the next request of the poll (starting a poll when none is under way). */
static enum sl_err follow_send(struct sl_logs_follow *f, struct sl_error *err)
{
    struct follow_group *g;
    struct sl_logs_filter_query q;
    struct sl_call *call;
    long long start;
    enum sl_err rc;
    size_t i;

    if (!f->in_round) {
        for (i = 0; i < f->ngroups; i++) {
            struct follow_group *h = &f->groups[i];

            free(h->round_token);
            h->round_token = NULL;
            if (h->token && !(h->round_token = strdup(h->token)))
                return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
            h->round_token_start = h->token_start;
            h->round_events = 0;
        }
        f->in_round = 1;
        f->round_first = f->cur;
        f->done_in_round = 0;
        f->more = 0;
    }
    g = &f->groups[f->cur];
    start = sl_logs_follow_group_start(f, f->cur);
    follow_fill_query(f, g, start, &q);
    call = calloc(1, sizeof(*call));
    if (!call)
        return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    sl_call_init(call, &sl_service_logs, "FilterLogEvents");
    rc = sl_logs_build_filter_body(&q, g->token, &call->body, err);
    if (rc) {
        sl_call_cleanup(call);
        free(call);
        return rc;
    }
    call->max_response = SL_LOGS_PAGE_MAX;
    call->done = follow_call_done;
    call->ud = f;
    f->call = call;
    f->call_start = start;
    f->last_send = follow_now(f);
    sl_client_send(f->client, call);
    return SL_OK;
}

void sl_logs_follow_tick(struct sl_logs_follow *f)
{
    struct sl_error err;
    enum sl_err rc;

    if (!f || !f->running || f->call || f->in_callback || follow_now(f) < f->due)
        return;
    sl_error_clear(&err);
    rc = follow_send(f, &err);
    if (rc) {
        f->running = 0;
        follow_report(f, rc, &err, f->groups[f->cur].name, -1);
    }
}

/* Failures worth waiting out: throttling, 5xx, the network, a garbled answer. */
static int follow_retryable(enum sl_err rc, const struct sl_error *err)
{
    switch (rc) {
    case SL_ENET:
    case SL_ETIMEOUT:
    case SL_EPARSE:
        return 1;
    case SL_EAWS:
    case SL_ENOTFOUND:
        return err->retryable || err->http_status >= 500 || err->http_status == 429 ||
               sl_retry_is_throttling_code(err->code) || sl_retry_is_transient_code(err->code);
    default:
        return 0;
    }
}

/* Adds the new events of a page to the poll; returns the number kept. */
static size_t follow_collect(struct sl_logs_follow *f, size_t gi, struct sl_log_event *ev, size_t n)
{
    struct follow_group *g = &f->groups[gi];
    size_t i, kept = 0;

    for (i = 0; i < n; i++) {
        if (sl_logs_seen_has(g->seen, &ev[i])) {
            sl_logs_event_clear(&ev[i]);
            continue;
        }
        if (f->npending == f->cap_pending) {
            size_t ncap = f->cap_pending ? f->cap_pending * 2 : 64;
            struct sl_logs_follow_item *p = realloc(f->pending, ncap * sizeof(*p));

            if (!p) { /* out of memory: this event is lost rather than the program */
                sl_logs_event_clear(&ev[i]);
                continue;
            }
            f->pending = p;
            f->cap_pending = ncap;
        }
        f->pending[f->npending].group = gi;
        f->pending[f->npending].group_name = g->name;
        f->pending[f->npending].seq = f->seq++;
        f->pending[f->npending].event = ev[i];
        memset(&ev[i], 0, sizeof(ev[i]));
        f->pending_bytes += f->pending[f->npending].event.message_len;
        f->npending++;
        kept++;
    }
    return kept;
}

static void follow_call_done(struct sl_call *call, void *ud)
{
    struct sl_logs_follow *f = ud;
    struct follow_group *g = &f->groups[f->cur];
    struct sl_log_event *ev = NULL;
    struct sl_error err;
    char *next = NULL;
    size_t n = 0;
    enum sl_err rc = call->rc;
    long long now, retry_in = -1;
    int report = 0;

    f->call = NULL;
    sl_error_clear(&err);
    if (rc)
        err = call->err;
    else
        rc = sl_logs_parse_filter_page(call->resp.body.data, call->resp.body.len, &ev, &n, &next,
                                       &err);
    sl_call_cleanup(call);
    free(call);
    now = follow_now(f);

    if (!rc) {
        f->failures = 0;
        free(g->token);
        g->token = next;
        g->token_start = f->call_start;
        g->round_events += follow_collect(f, f->cur, ev, n);
        free(ev);
        if (next && g->round_events < f->round_cap && f->pending_bytes < FOLLOW_ROUND_BYTES) {
            f->due = f->last_send + f->gap_ms; /* the next page of the same group */
            return;
        }
        if (next)
            f->more = 1; /* yield to the other groups; continue with the token next poll */
        f->cur = (f->cur + 1) % f->ngroups;
        if (++f->done_in_round < f->ngroups) {
            f->due = f->last_send + f->gap_ms;
            return;
        }
        f->in_round = 0;
        follow_free_round_tokens(f);
        f->due = f->more ? f->last_send + f->gap_ms : now + f->interval_ms;
        follow_flush(f);
        return;
    }

    /* A failure ends the poll: what it gathered is delivered, the failed request is kept
     * (same group, same token, same startTime) to be sent again. */
    f->in_round = 0;
    follow_free_round_tokens(f);
    if (rc == SL_ECANCELLED) {
        f->running = 0;
    } else if (follow_retryable(rc, &err)) {
        f->failures++;
        retry_in = sl_logs_follow_backoff_ms(f->failures, f->backoff_ms, f->backoff_cap_ms,
                                             f->clock->random(f->clock->ud));
        f->due = now + retry_in;
        report = 1;
    } else if (g->token && !strcmp(err.code, "InvalidParameterException")) {
        /* An expired or refused token: start that group again from its newest event. */
        free(g->token);
        g->token = NULL;
        f->failures++;
        retry_in = f->gap_ms;
        f->due = now + retry_in;
        report = 1;
    } else {
        f->running = 0;
        report = 1;
    }
    if (follow_flush(f))
        return;
    if (report && (f->running || retry_in < 0))
        follow_report(f, rc, &err, g->name, f->running ? retry_in : -1);
}
