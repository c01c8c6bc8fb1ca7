/* The logs view: the lines of one or more log groups (interleaved by time, each labelled in
 * its colour when there are several), read for a time window or followed live. Following
 * polls FilterLogEvents through api/logs_follow.h from the loop's timer (the view's tick), so
 * keys never wait for the network; throttling and dropped connections show a notice while the
 * follower backs off and repeats the request (no line lost or shown twice). Lines go into a
 * bounded ring (ui/log_ring.h) sanitized; what a line looks like is ui/log_text.h, where the
 * screen is (at the newest line or at an anchor, paused, the search's hits) ui/log_screen.h.
 * This file reads, draws and maps the keys. */
#include "view_logs.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "buf.h"
#include "client.h"
#include "cloudwatch.h"
#include "frame.h"
#include "i18n.h"
#include "keymap.h"
#include "log_ring.h"
#include "log_screen.h"
#include "log_targets.h"
#include "log_text.h"
#include "logs.h"
#include "logs_follow.h"
#include "settings.h"
#include "text.h"
#include "theme.h"
#include "view.h"
#include "views.h"

#define LOGS_ERROR_LEN 640
#define LOGS_SAVE_MAX  4096

/* ---- pure parts ---------------------------------------------------------------------------- */

long long sl_logs_range_ms(int key)
{
    static const long long ranges[] = {
        60LL * 1000,      5LL * 60 * 1000, 15LL * 60 * 1000,
        30LL * 60 * 1000, 3600LL * 1000,   24LL * 3600 * 1000,
    };

    if (key < '1' || key > '6')
        return 0;
    return ranges[key - '1'];
}

int sl_logs_alarm_window(const struct sl_cw_alarm *a, long long *start_ms, long long *end_ms)
{
    long long t;

    if (!a)
        return 0;
    t = a->state_updated_ms > 0 ? a->state_updated_ms : a->state_transitioned_ms;
    if (t <= 0)
        return 0;
    *start_ms = t - SL_LOGS_ALARM_BEFORE_MS;
    *end_ms = t + SL_LOGS_ALARM_AFTER_MS;
    return 1;
}

/* "10 min", "1 h", "90 s": a span for a person. */
static void span_text(long long ms, char *out, size_t len)
{
    long long s = ms / 1000;

    if (s % 3600 == 0)
        snprintf(out, len, _("%lld h"), s / 3600);
    else if (s % 60 == 0)
        snprintf(out, len, _("%lld min"), s / 60);
    else
        snprintf(out, len, _("%lld s"), s);
}

long long sl_logs_alarm_focus(const struct sl_cw_alarm *a)
{
    long long t, span;

    if (!a)
        return 0;
    t = a->state_updated_ms > 0 ? a->state_updated_ms : a->state_transitioned_ms;
    if (t <= 0)
        return 0;
    span = (long long)(a->period > 0 ? a->period : 60) *
           (a->evaluation_periods > 0 ? a->evaluation_periods : 1) * 1000;
    if (span > SL_LOGS_ALARM_BEFORE_MS)
        span = SL_LOGS_ALARM_BEFORE_MS;
    return t - span;
}

void sl_logs_window_text(long long since_ms, long long start_ms, long long end_ms, int utc,
                         char *out, size_t len)
{
    enum sl_log_times times = utc ? SL_LOG_TIMES_UTC : SL_LOG_TIMES_LOCAL;
    char a[16], b[16], span[32];

    if (end_ms > 0) {
        sl_log_text_time(start_ms, times, a);
        sl_log_text_time(end_ms, times, b);
        snprintf(out, len, _("%s - %s"), a, b);
    } else if (since_ms > 0) {
        span_text(since_ms, span, sizeof(span));
        snprintf(out, len, _("last %s, following"), span);
    } else {
        sl_log_text_time(start_ms, times, a);
        snprintf(out, len, _("since %s, following"), a);
    }
}

void sl_logs_save_name(const char *what, long long now_ms, char *out, size_t len)
{
    char name[65], when[32];
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    size_t i;

    what = what ? what : "";
    for (i = 0; i < sizeof(name) - 1 && what[i]; i++) {
        unsigned char c = (unsigned char)what[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.';

        name[i] = ok ? (char)c : '_';
    }
    name[i] = '\0';
    while (name[0] == '.' || name[0] == '_')
        memmove(name, name + 1, strlen(name));
    localtime_r(&t, &tm);
    strftime(when, sizeof(when), "%Y%m%d-%H%M%S", &tm);
    snprintf(out, len, "slctl-logs-%s%s%s.log", name, name[0] ? "-" : "", when);
}

/* ---- the view's state ------------------------------------------------------------------------ */

enum logs_phase {
    PH_IDLE,      /* nothing read yet, or a window that was read */
    PH_RESOLVING, /* finding the log groups of the target */
    PH_WINDOW,    /* reading a time window, group by group */
    PH_FOLLOWING, /* the follower polls */
    PH_STOPPED,   /* a failure or Esc stopped reading */
};

/* A time window read group by group, then sorted into the ring in one go. */
struct window_read {
    struct sl_logs_op *op;
    size_t group;
    struct sl_logs_follow_item *items;
    size_t n, cap;
    unsigned long long seq;
    int oom;
};

struct logs_view {
    struct sl_view base;
    /* what is read */
    char *target;  /* `:logs TARGET`: resolved when shown; NULL when groups were given */
    char **groups; /* as AWS names them */
    char **labels; /* sanitized, for the screen and saved files */
    size_t ngroups;
    long long since_ms; /* > 0: the last since_ms (from when reading starts) */
    long long start_ms;
    long long end_ms; /* 0: following */
    char *pattern;    /* the server-side filter, NULL: every line */
    /* reading */
    enum logs_phase phase;
    struct sl_log_targets_op *resolve;
    struct sl_logs_follow *follow;
    struct window_read win;
    int rounds; /* requests the follower finished (the first round makes the view not busy) */
    int was_in_flight;
    char notice[LOGS_ERROR_LEN]; /* while the follower backs off */
    long long retry_at;          /* monotonic ms of the retry the notice speaks of */
    char error[LOGS_ERROR_LEN];  /* what stopped reading */
    /* the lines */
    struct sl_log_ring ring;
    int ring_ready;
    struct sl_buf scratch;
    /* the screen */
    struct sl_log_screen scr;
    int seek_search;    /* go to the first hit of the search as soon as one arrives */
    long long focus_ms; /* > 0: go to the first line from then once a window is read */
};

static struct logs_view *LV(const struct sl_view *v)
{
    return (struct logs_view *)v;
}

static long long mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_text(char *dst, size_t len, const char *msg)
{
    char *clean = sl_text_sanitized(msg);

    snprintf(dst, len, "%s", clean ? clean : "");
    free(clean);
}

static void dirty(struct logs_view *lv)
{
    if (lv->base.app)
        sl_app_dirty(lv->base.app);
}

/* n and N: the pure part moves, this says when there is nothing that way. */
static void next_hit(struct logs_view *lv, int dir)
{
    if (!lv->scr.search[0])
        sl_app_info(lv->base.app, "%s", _("No search yet: / searches."));
    else if (!sl_log_screen_next_hit(&lv->scr, dir))
        sl_app_info(lv->base.app,
                    dir > 0 ? _("No hit of \"%s\" after this one.")
                            : _("No hit of \"%s\" before this one."),
                    lv->scr.search);
}

/* ---- reading ------------------------------------------------------------------------------- */

static void push_event(struct logs_view *lv, size_t group, const struct sl_log_event *ev)
{
    unsigned long long seq = sl_log_ring_end(&lv->ring);

    sl_buf_reset(&lv->scratch);
    if (sl_log_text_event(&lv->scratch, ev) ||
        sl_log_ring_push(&lv->ring, ev->timestamp, (unsigned)group, sl_buf_str(&lv->scratch),
                         lv->scratch.len))
        return; /* out of memory: the line is left out */
    if (sl_log_screen_arrived(&lv->scr, seq, lv->seek_search))
        lv->seek_search = 0;
}

static void stop_reading(struct logs_view *lv)
{
    size_t i;

    sl_log_targets_op_free(&lv->resolve);
    sl_logs_follow_free(&lv->follow);
    sl_logs_op_free(&lv->win.op);
    for (i = 0; i < lv->win.n; i++)
        sl_logs_event_clear(&lv->win.items[i].event);
    free(lv->win.items);
    memset(&lv->win, 0, sizeof(lv->win));
    lv->notice[0] = '\0';
    lv->rounds = 0;
    lv->was_in_flight = 0;
}

static void fail(struct logs_view *lv, enum sl_err rc, const struct sl_error *err)
{
    char msg[LOGS_ERROR_LEN];

    sl_error_format(rc, err, msg, sizeof(msg));
    set_text(lv->error, sizeof(lv->error), msg);
    lv->phase = PH_STOPPED;
    dirty(lv);
}

static void follow_events(void *ud, struct sl_logs_follow_item *items, size_t n)
{
    struct logs_view *lv = ud;
    size_t i;

    for (i = 0; i < n; i++)
        push_event(lv, items[i].group, &items[i].event);
    dirty(lv);
}

static void follow_status(void *ud, const struct sl_logs_follow_status *st)
{
    struct logs_view *lv = ud;
    const char *label = st->group_name ? sl_log_group_label(st->group_name) : "";
    char msg[LOGS_ERROR_LEN], text[LOGS_ERROR_LEN + 256];
    size_t len;

    if (st->retry_in_ms < 0) {
        lv->notice[0] = '\0';
        fail(lv, st->rc, st->err);
        return;
    }
    /* short, so "trying again" fits on the status line: AWS's message without code and id */
    snprintf(msg, sizeof(msg), "%.600s",
             st->err && st->err->message[0] ? st->err->message : sl_strerror(st->rc));
    len = strlen(msg);
    if (len && msg[len - 1] == '.')
        msg[len - 1] = '\0'; /* the sentence goes on */
    snprintf(text, sizeof(text), _("%s: %s; trying again in %.1f s."), label, msg,
             (double)st->retry_in_ms / 1000.0);
    set_text(lv->notice, sizeof(lv->notice), text);
    lv->retry_at = mono_ms() + st->retry_in_ms;
    dirty(lv);
}

static void start_follow(struct logs_view *lv, long long start)
{
    struct sl_logs_follow_opts fo;
    struct sl_error err;
    enum sl_err rc;

    memset(&fo, 0, sizeof(fo));
    fo.groups = (const char *const *)lv->groups;
    fo.ngroups = lv->ngroups;
    fo.filter_pattern = lv->pattern;
    fo.start_ms = start;
    fo.on_events = follow_events;
    fo.on_status = follow_status;
    fo.ud = lv;
    sl_error_clear(&err);
    rc = sl_logs_follow_new(sl_app_client(lv->base.app), &fo, &lv->follow, &err);
    if (rc) {
        fail(lv, rc, &err);
        return;
    }
    lv->phase = PH_FOLLOWING;
    sl_logs_follow_start(lv->follow);
}

static void window_next(struct logs_view *lv);

static void window_page(void *ud, struct sl_log_event *v, size_t n)
{
    struct logs_view *lv = ud;
    struct window_read *w = &lv->win;
    size_t i;

    for (i = 0; i < n && !w->oom; i++) {
        if (w->n == w->cap) {
            size_t ncap = w->cap ? w->cap * 2 : 256;
            struct sl_logs_follow_item *p = realloc(w->items, ncap * sizeof(*p));

            if (!p) {
                w->oom = 1;
                break;
            }
            w->items = p;
            w->cap = ncap;
        }
        memset(&w->items[w->n], 0, sizeof(w->items[0]));
        w->items[w->n].group = w->group;
        w->items[w->n].group_name = lv->groups[w->group];
        w->items[w->n].seq = w->seq++;
        w->items[w->n].event = v[i];
        memset(&v[i], 0, sizeof(v[i]));
        w->n++;
    }
    sl_logs_events_free(&v, n);
}

/* Every group read: the lines go into the ring in time order. */
static void window_finish(struct logs_view *lv)
{
    struct window_read *w = &lv->win;
    size_t i;

    sl_logs_follow_sort(w->items, w->n);
    for (i = 0; i < w->n; i++) {
        push_event(lv, w->items[i].group, &w->items[i].event);
        sl_logs_event_clear(&w->items[i].event);
    }
    free(w->items);
    memset(w, 0, sizeof(*w));
    if (lv->focus_ms > 0 && !lv->scr.has_hit) {
        unsigned long long seq, end = sl_log_ring_end(&lv->ring);

        for (seq = sl_log_ring_first(&lv->ring); seq < end; seq++)
            if (sl_log_ring_get(&lv->ring, seq)->ts >= lv->focus_ms)
                break;
        if (seq < end)
            sl_log_screen_go_to(&lv->scr, seq);
    }
}

static void window_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct logs_view *lv = ud;

    sl_logs_op_free(&lv->win.op);
    if (!rc && lv->win.oom)
        rc = SL_ENOMEM;
    if (rc) {
        window_finish(lv); /* what was read stays */
        fail(lv, rc, err);
        return;
    }
    lv->win.group++;
    window_next(lv);
}

static void window_next(struct logs_view *lv)
{
    struct sl_logs_filter_query q;
    struct sl_error err;
    enum sl_err rc;

    if (lv->win.group >= lv->ngroups) {
        window_finish(lv);
        lv->phase = PH_IDLE;
        dirty(lv);
        return;
    }
    sl_logs_filter_query_init(&q);
    q.group = lv->groups[lv->win.group];
    q.start_ms = lv->start_ms;
    q.end_ms = lv->end_ms;
    q.filter_pattern = lv->pattern;
    sl_error_clear(&err);
    /* more than the ring holds would only push the first lines out again */
    rc = sl_logs_filter_events_start(sl_app_client(lv->base.app), &q, lv->ring.max_lines,
                                     window_page, window_done, lv, &lv->win.op, &err);
    if (rc)
        fail(lv, rc, &err);
}

/* (Re)reads from the start of the window: the ring starts empty, the screen at the bottom. */
static void start_reading(struct logs_view *lv)
{
    long long now = sl_app_now_ms(lv->base.app);

    stop_reading(lv);
    sl_log_ring_clear(&lv->ring);
    lv->error[0] = '\0';
    sl_log_screen_reset(&lv->scr);
    if (lv->end_ms > 0) {
        if (lv->start_ms <= 0)
            lv->start_ms = lv->end_ms - SL_LOGS_DEFAULT_SINCE_MS;
        lv->phase = PH_WINDOW;
        window_next(lv);
    } else {
        start_follow(lv, lv->since_ms > 0 ? now - lv->since_ms : lv->start_ms);
    }
    dirty(lv);
}

static enum sl_err set_sources(struct logs_view *lv, const char *const *groups,
                               const char *const *labels, size_t n)
{
    size_t i;

    lv->groups = calloc(n, sizeof(*lv->groups));
    lv->labels = calloc(n, sizeof(*lv->labels));
    if (!lv->groups || !lv->labels)
        return SL_ENOMEM;
    lv->ngroups = n;
    lv->scr.ngroups = n;
    lv->scr.label_w = 0;
    for (i = 0; i < n; i++) {
        const char *label = labels && labels[i] ? labels[i] : sl_log_group_label(groups[i]);
        int w;

        lv->groups[i] = strdup(groups[i]);
        lv->labels[i] = sl_text_sanitized(label ? label : "");
        if (!lv->groups[i] || !lv->labels[i])
            return SL_ENOMEM;
        w = sl_text_width(lv->labels[i]);
        if (w > lv->scr.label_w)
            lv->scr.label_w = w;
    }
    if (lv->scr.label_w > SL_LOG_LABEL_MAX)
        lv->scr.label_w = SL_LOG_LABEL_MAX;
    return SL_OK;
}

static void free_sources(struct logs_view *lv)
{
    size_t i;

    for (i = 0; i < lv->ngroups; i++) {
        free(lv->groups[i]);
        free(lv->labels[i]);
    }
    free(lv->groups);
    free(lv->labels);
    lv->groups = lv->labels = NULL;
    lv->ngroups = 0;
}

static void resolve_notice(void *ud, const char *sentence)
{
    struct logs_view *lv = ud;

    if (lv->base.app && sl_app_is_current(lv->base.app, &lv->base))
        sl_app_info(lv->base.app, "%s", sentence);
}

static void resolved(void *ud, enum sl_err rc, const struct sl_error *err,
                     struct sl_log_sources *out)
{
    struct logs_view *lv = ud;
    const char **groups = NULL, **labels = NULL;
    size_t i;

    sl_log_targets_op_free(&lv->resolve);
    if (rc) {
        sl_log_sources_free(out);
        fail(lv, rc, err);
        return;
    }
    groups = calloc(out->n, sizeof(*groups));
    labels = calloc(out->n, sizeof(*labels));
    for (i = 0; groups && labels && i < out->n; i++) {
        groups[i] = out->v[i].group;
        labels[i] = out->v[i].label;
    }
    free_sources(lv);
    if (!groups || !labels || set_sources(lv, groups, labels, out->n)) {
        free_sources(lv);
        fail(lv, SL_ENOMEM, NULL);
    } else {
        start_reading(lv);
    }
    free(groups);
    free(labels);
    sl_log_sources_free(out);
}

static void start_resolve(struct logs_view *lv)
{
    const char *targets[1];
    struct sl_error err;
    enum sl_err rc;

    stop_reading(lv);
    lv->error[0] = '\0';
    targets[0] = lv->target;
    sl_error_clear(&err);
    lv->phase = PH_RESOLVING;
    rc = sl_log_targets_resolve_start(sl_app_client(lv->base.app), targets, 1, resolve_notice,
                                      resolved, lv, &lv->resolve, &err);
    if (rc)
        fail(lv, rc, &err);
    dirty(lv);
}

/* ---- view operations ------------------------------------------------------------------------ */

static void logs_load(struct sl_view *v, int refresh)
{
    struct logs_view *lv = LV(v);

    if (!lv->ring_ready) {
        const struct sl_settings *s = sl_app_settings(v->app);
        long lines =
            s && s->log_buffer_lines > 0 ? s->log_buffer_lines : SL_SETTINGS_LOG_BUFFER_DEFAULT;

        sl_log_ring_cleanup(&lv->ring);
        sl_log_ring_init(&lv->ring, (size_t)lines, 0);
        lv->ring_ready = 1;
    }
    if (!refresh && lv->phase != PH_IDLE)
        return;
    if (!refresh && (lv->follow || sl_log_ring_end(&lv->ring) > 0))
        return;
    if (lv->target && (!lv->ngroups || refresh))
        start_resolve(lv);
    else
        start_reading(lv);
}

static int logs_cancel(struct sl_view *v)
{
    struct logs_view *lv = LV(v);
    int busy = lv->phase == PH_RESOLVING || lv->phase == PH_WINDOW || lv->phase == PH_FOLLOWING;

    if (!busy)
        return 0;
    if (lv->phase == PH_WINDOW)
        window_finish(lv);
    stop_reading(lv);
    lv->phase = PH_STOPPED;
    sl_app_info(v->app, "%s", _("Stopped reading; r reads again."));
    return 1;
}

static int logs_busy(const struct sl_view *v, int *pages)
{
    const struct logs_view *lv = LV(v);
    int busy = lv->phase == PH_RESOLVING || lv->phase == PH_WINDOW ||
               (lv->phase == PH_FOLLOWING && lv->rounds < (int)lv->ngroups && !lv->notice[0]);

    if (pages)
        *pages = lv->phase == PH_WINDOW ? (int)lv->win.group : lv->rounds;
    return busy;
}

static const char *logs_error(const struct sl_view *v)
{
    const struct logs_view *lv = LV(v);

    if (lv->notice[0])
        return lv->notice;
    return lv->error[0] ? lv->error : NULL;
}

/* The search is the view's filter for the loop: Esc clears it before going back. */
static void logs_set_search(struct sl_view *v, const char *text)
{
    struct logs_view *lv = LV(v);

    lv->seek_search = 0;
    sl_log_screen_search(&lv->scr, text);
    dirty(lv);
}

static const char *logs_search(const struct sl_view *v)
{
    return LV(v)->scr.search;
}

static void logs_crumb(const struct sl_view *v, char *out, size_t len)
{
    snprintf(out, len, "%s", _("logs"));
}

static void logs_summary(const struct sl_view *v, char *out, size_t len)
{
    const struct logs_view *lv = LV(v);
    unsigned long long n = lv->ring.n, fresh;
    int w;

    w = snprintf(out, len, ngettext("%llu line", "%llu lines", n), n);
    if (w < 0 || (size_t)w >= len)
        return;
    if ((fresh = sl_log_screen_new_lines(&lv->scr)) > 0) {
        snprintf(out + w, len - (size_t)w, _(", %llu new"), fresh);
    } else if (lv->ring.dropped) {
        snprintf(out + w, len - (size_t)w, "%s", _(" (oldest lines dropped)"));
    }
}

static long long logs_tick(struct sl_view *v)
{
    struct logs_view *lv = LV(v);
    int in;

    if (!lv->follow || lv->phase != PH_FOLLOWING)
        return -1;
    in = sl_logs_follow_in_flight(lv->follow);
    if (lv->was_in_flight && !in && ++lv->rounds == (int)lv->ngroups)
        dirty(lv); /* the first round is in: no longer busy */
    sl_logs_follow_tick(lv->follow);
    if (!lv->follow)
        return -1;
    in = sl_logs_follow_in_flight(lv->follow);
    lv->was_in_flight = in;
    /* the request that failed went out again and came back well */
    if (lv->notice[0] && !in && mono_ms() >= lv->retry_at) {
        lv->notice[0] = '\0';
        dirty(lv);
    }
    return sl_logs_follow_next_due_ms(lv->follow);
}

/* ---- drawing -------------------------------------------------------------------------------- */

/* Draws s[0..n) at (y, x) within w columns: cut with an ellipsis when longer (wrap off), the
 * search hits of the whole text full[0..flen) highlighted. */
static void draw_segment(const struct logs_view *lv, int y, int x, int w, const char *full,
                         size_t flen, const char *s, size_t n, int current)
{
    char tmp[4096];
    size_t take = n < sizeof(tmp) - 1 ? n : sizeof(tmp) - 1, k, pos = 0;
    size_t nl = strlen(lv->scr.search);
    int cut = 0;
    unsigned int hit_attr = sl_theme_attr(current ? SL_ROLE_MATCH_CURRENT : SL_ROLE_MATCH);
    const char *scan;

    if (w <= 0)
        return;
    while (take > 0 && take < n && ((unsigned char)s[take] & 0xC0) == 0x80)
        take--;
    memcpy(tmp, s, take);
    tmp[take] = '\0';
    k = sl_text_fit(tmp, w);
    if (k < n) {
        cut = 1;
        k = sl_text_fit(tmp, w - 1);
    }
    move(y, x);
    scan = nl && s > full + nl - 1 ? s - (nl - 1) : full;
    while (pos < k) {
        const char *h =
            nl ? sl_log_text_find(scan, (size_t)(full + flen - scan), lv->scr.search) : NULL;
        size_t hs, he;

        if (!h || h >= s + k) {
            addnstr(s + pos, (int)(k - pos));
            break;
        }
        hs = h > s ? (size_t)(h - s) : 0;
        he = (size_t)(h + nl - s);
        if (he > k)
            he = k;
        if (hs > pos)
            addnstr(s + pos, (int)(hs - pos));
        if (he > hs && he > pos) {
            size_t from = hs > pos ? hs : pos;

            attron(hit_attr);
            addnstr(s + from, (int)(he - from));
            attroff(hit_attr);
        }
        pos = he > pos ? he : pos;
        scan = h + nl;
    }
    if (cut)
        addstr(MB_CUR_MAX > 1 ? "\xe2\x80\xa6" : "~");
}

static void draw_title(const struct logs_view *lv, int y, int width)
{
    char what[256], fitted[256], window[128], rest[768], text[1024], right[128], *clean;
    unsigned int attr = sl_theme_attr(SL_ROLE_TITLE) & ~A_UNDERLINE;
    int rw = 0;
    size_t i, used = 0;

    what[0] = '\0';
    if (lv->ngroups) {
        for (i = 0; i < lv->ngroups && used < sizeof(what); i++) {
            int k =
                snprintf(what + used, sizeof(what) - used, "%s%s", i ? ", " : "", lv->labels[i]);
            if (k > 0)
                used += (size_t)k;
        }
    } else if (lv->target) {
        set_text(what, sizeof(what), lv->target);
    }
    sl_logs_window_text(lv->since_ms, lv->start_ms, lv->end_ms, lv->scr.times == SL_LOG_TIMES_UTC,
                        window, sizeof(window));
    used = (size_t)snprintf(rest, sizeof(rest), "  %s", window);
    if (lv->pattern && used < sizeof(rest))
        used +=
            (size_t)snprintf(rest + used, sizeof(rest) - used, _("  filter \"%s\""), lv->pattern);
    if (lv->scr.search[0] && used < sizeof(rest))
        snprintf(rest + used, sizeof(rest) - used, _("  search \"%s\""), lv->scr.search);
    right[0] = '\0';
    if (lv->scr.paused)
        snprintf(right, sizeof(right), " %s ", _("PAUSED"));
    else if (!lv->scr.bottom && lv->end_ms <= 0 && lv->phase == PH_FOLLOWING)
        snprintf(right, sizeof(right), " %s ", _("G: back to the newest line"));
    if (right[0]) {
        rw = sl_text_width(right);
        if (rw > width / 2)
            rw = width / 2;
    }
    /* what is read gives way first: the window, filter and search stay readable */
    sl_fit_text(what, width - rw - 1 - sl_text_width(rest), fitted, sizeof(fitted));
    snprintf(text, sizeof(text), " %s%s", fitted, rest);
    clean = sl_text_sanitized(text); /* a pattern or search handed over by another view */
    sl_draw_text(y, 0, width - rw, clean ? clean : "", attr, 0);
    free(clean);
    if (rw)
        sl_draw_text(y, width - rw, rw, right,
                     lv->scr.paused ? sl_theme_attr(SL_ROLE_WARN) | A_REVERSE | A_BOLD
                                    : sl_theme_attr(SL_ROLE_DIM),
                     0);
}

static void draw_prefix(const struct logs_view *lv, const struct sl_log_line *l, int y)
{
    const struct sl_log_screen *scr = &lv->scr;
    char when[16];
    int x = 0;

    if (scr->show_time) {
        sl_log_text_time(l->ts, scr->times, when);
        x = sl_log_screen_time_width(scr);
        sl_draw_text(y, 0, x, when, sl_theme_attr(SL_ROLE_DIM), 0);
        x++;
    }
    if (scr->show_label && l->group < lv->ngroups)
        sl_draw_text(y, x, scr->label_w, lv->labels[l->group],
                     sl_theme_attr((enum sl_role)(SL_ROLE_LOG_LABEL_1 + l->group % 6)), 0);
}

static void logs_draw(struct sl_view *v, int top, int height, int width)
{
    struct logs_view *lv = LV(v);
    unsigned long long seq, end = sl_log_ring_end(&lv->ring);
    size_t skip;
    int y = top + 1, bottom = top + height;

    if (height <= 0)
        return;
    sl_log_screen_layout(&lv->scr, width, height - 1);
    draw_title(lv, top, width);
    if (height < 2)
        return;
    if (!lv->ring.n) {
        const char *msg;

        if (lv->phase == PH_RESOLVING)
            msg = _("Finding the log groups...");
        else if (lv->phase == PH_WINDOW || (lv->phase == PH_FOLLOWING && lv->rounds < 1))
            msg = _("Reading the log lines...");
        else if (lv->phase == PH_FOLLOWING)
            msg = _("No log lines yet; new ones show up as they arrive.");
        else if (lv->phase == PH_IDLE && !lv->error[0])
            msg = _("No log lines in this time range (1-6 read the last minutes or hours).");
        else
            msg = "";
        sl_draw_text(y, 1, width - 1, msg, sl_theme_attr(SL_ROLE_DIM), 0);
        return;
    }
    sl_log_screen_top(&lv->scr, &seq, &skip);
    for (; seq < end && y < bottom; seq++) {
        const struct sl_log_line *l = sl_log_ring_get(&lv->ring, seq);
        struct sl_log_rows it;
        const char *text, *p;
        char *owned;
        size_t len, n, row = 0;
        int current = lv->scr.has_hit && lv->scr.hit_seq == seq;

        text = sl_log_screen_text(&lv->scr, l, &len, &owned);
        sl_log_rows_init(&it, text, len, lv->scr.tw, lv->scr.wrap);
        while (y < bottom && sl_log_rows_next(&it, &p, &n)) {
            if (row++ < skip)
                continue;
            if (row == 1)
                draw_prefix(lv, l, y);
            draw_segment(lv, y, lv->scr.pw, lv->scr.tw, text, len, p, n, current);
            y++;
        }
        skip = 0;
        free(owned);
    }
}

/* ---- keys --------------------------------------------------------------------------------- */

static void filter_done(struct sl_view *v, const char *text)
{
    struct logs_view *lv = LV(v);
    char *p = NULL;

    if (!text)
        return;
    while (*text == ' ')
        text++;
    if (strlen(text) > SL_LOGS_FILTER_PATTERN_MAX) {
        sl_app_info(v->app, _("A filter pattern has at most %d bytes."),
                    (int)SL_LOGS_FILTER_PATTERN_MAX);
        return;
    }
    if (text[0] && !(p = strdup(text))) {
        sl_app_error(v->app, SL_ENOMEM, NULL);
        return;
    }
    free(lv->pattern);
    lv->pattern = p;
    if (lv->ngroups)
        start_reading(lv);
}

static void search_changed(struct sl_view *v, const char *text)
{
    logs_set_search(v, text);
}

static void search_done(struct sl_view *v, const char *text)
{
    logs_set_search(v, text ? text : "");
}

/* Writes the ring to path (which must not exist yet). */
static void save_to(struct logs_view *lv, const char *path)
{
    struct sl_app *app = lv->base.app;
    unsigned long long seq, end = sl_log_ring_end(&lv->ring);
    char full[LOGS_SAVE_MAX], *shown;
    const char *home = getenv("HOME");
    struct sl_buf b;
    size_t count = 0;
    FILE *f;
    int fd, failed = 0, saved_errno = 0;

    if (path[0] == '~' && path[1] == '/' && home)
        snprintf(full, sizeof(full), "%s%s", home, path + 1);
    else
        snprintf(full, sizeof(full), "%s", path);
    shown = sl_text_sanitized(full);
    fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST)
            sl_app_info(app, _("%s exists already; give another name."), shown ? shown : "");
        else
            sl_app_info(app, _("%s could not be written: %s."), shown ? shown : "",
                        strerror(errno));
        free(shown);
        return;
    }
    f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        sl_app_error(app, SL_ENOMEM, NULL);
        free(shown);
        return;
    }
    sl_buf_init(&b, 0);
    for (seq = sl_log_ring_first(&lv->ring); seq < end && !failed; seq++) {
        const struct sl_log_line *l = sl_log_ring_get(&lv->ring, seq);

        sl_buf_reset(&b);
        if (sl_log_text_save_line(&b, l, lv->scr.times,
                                  lv->ngroups > 1 && l->group < lv->ngroups ? lv->labels[l->group]
                                                                            : NULL,
                                  lv->scr.label_w) ||
            fwrite(sl_buf_str(&b), 1, b.len, f) != b.len) {
            failed = 1;
            saved_errno = errno;
        } else {
            count++;
        }
    }
    sl_buf_free(&b);
    if (fclose(f) && !failed) {
        failed = 1;
        saved_errno = errno;
    }
    if (failed)
        sl_app_info(app, _("%s could not be written: %s."), shown ? shown : "",
                    strerror(saved_errno ? saved_errno : EIO));
    else
        sl_app_info(app, ngettext("Saved %zu line to %s.", "Saved %zu lines to %s.", count), count,
                    shown ? shown : "");
    free(shown);
}

static void save_done(struct sl_view *v, const char *text)
{
    while (text && *text == ' ')
        text++;
    if (text && text[0])
        save_to(LV(v), text);
}

static void ask_save(struct logs_view *lv)
{
    char name[256];

    if (!lv->ring.n) {
        sl_app_info(lv->base.app, "%s", _("There are no lines to save yet."));
        return;
    }
    sl_logs_save_name(lv->ngroups == 1 ? lv->labels[0] : (lv->target ? lv->target : "logs"),
                      sl_app_now_ms(lv->base.app), name, sizeof(name));
    sl_app_prompt(lv->base.app, &lv->base, _("Save the lines to: "), name, NULL, save_done);
}

static unsigned logs_request(struct sl_view *v, enum sl_req req, int key)
{
    struct logs_view *lv = LV(v);
    struct sl_log_screen *scr = &lv->scr;
    long page = scr->height > 1 ? scr->height - 1 : 1;
    long long range;

    switch (req) {
    case SL_REQ_LOG_PAUSE:
        sl_log_screen_pause(scr);
        break;
    case SL_REQ_LOG_SEARCH:
        sl_app_prompt(v->app, v, "/", scr->search, search_changed, search_done);
        break;
    case SL_REQ_LOG_NEXT:
        next_hit(lv, 1);
        break;
    case SL_REQ_LOG_PREV:
        next_hit(lv, -1);
        break;
    case SL_REQ_LOG_FILTER:
        sl_app_prompt(v->app, v, _("Filter pattern (empty: every line): "),
                      lv->pattern ? lv->pattern : "", NULL, filter_done);
        break;
    case SL_REQ_LOG_TIME:
        scr->times = (enum sl_log_times)((scr->times + 1) % SL_LOG_TIMES_COUNT);
        sl_log_screen_relayout(scr);
        break;
    case SL_REQ_LOG_WRAP:
        scr->wrap = !scr->wrap;
        sl_log_screen_relayout(scr);
        break;
    case SL_REQ_LOG_JSON:
        scr->json = !scr->json;
        sl_log_screen_relayout(scr);
        break;
    case SL_REQ_LOG_SAVE:
        ask_save(lv);
        break;
    case SL_REQ_LOG_RANGE:
        range = sl_logs_range_ms(key);
        if (!range)
            return SL_UI_IGNORED;
        lv->since_ms = range;
        lv->start_ms = 0;
        lv->end_ms = 0;
        if (lv->ngroups)
            start_reading(lv);
        break;
    case SL_REQ_LOG_DOWN:
        sl_log_screen_scroll(scr, 1);
        break;
    case SL_REQ_LOG_UP:
        sl_log_screen_scroll(scr, -1);
        break;
    case SL_REQ_LOG_PAGE_DOWN:
        sl_log_screen_scroll(scr, page);
        break;
    case SL_REQ_LOG_PAGE_UP:
        sl_log_screen_scroll(scr, -page);
        break;
    case SL_REQ_LOG_TOP:
        sl_log_screen_first(scr);
        break;
    case SL_REQ_LOG_BOTTOM:
        sl_log_screen_last(scr);
        break;
    default:
        return SL_UI_IGNORED;
    }
    return SL_UI_HANDLED | SL_UI_REDRAW;
}

static void logs_free(struct sl_view *v)
{
    struct logs_view *lv = LV(v);

    stop_reading(lv);
    sl_log_ring_cleanup(&lv->ring);
    sl_buf_free(&lv->scratch);
    free_sources(lv);
    free(lv->target);
    free(lv->pattern);
    free(lv);
}

static const struct sl_view_ops sl_logs_view_ops = {
    .kind = "logs",
    .load = logs_load,
    .draw = logs_draw,
    .request = logs_request,
    .cancel = logs_cancel,
    .busy = logs_busy,
    .error = logs_error,
    .set_filter = logs_set_search,
    .filter = logs_search,
    .crumb = logs_crumb,
    .summary = logs_summary,
    .free = logs_free,
    .tick = logs_tick,
};

static struct logs_view *logs_view_alloc(long long start_ms, long long end_ms)
{
    struct logs_view *lv = calloc(1, sizeof(*lv));

    if (!lv)
        return NULL;
    lv->base.ops = &sl_logs_view_ops;
    lv->base.scopes = SL_SCOPE_GLOBAL | SL_SCOPE_LOGS;
    lv->start_ms = start_ms > 0 ? start_ms : 0;
    lv->end_ms = end_ms > 0 ? end_ms : 0;
    lv->since_ms = !lv->start_ms && !lv->end_ms ? SL_LOGS_DEFAULT_SINCE_MS : 0;
    sl_buf_init(&lv->scratch, 0);
    sl_log_ring_init(&lv->ring, (size_t)SL_SETTINGS_LOG_BUFFER_DEFAULT, 0);
    sl_log_screen_init(&lv->scr, &lv->ring);
    return lv;
}

struct sl_view *sl_view_logs_new(struct sl_app *app, const char *const *groups,
                                 const char *const *labels, size_t n, long long start_ms,
                                 long long end_ms, const char *filter_pattern,
                                 const char *highlight)
{
    struct logs_view *lv;
    size_t i;

    if (!n || !groups)
        return NULL;
    for (i = 0; i < n; i++)
        if (!groups[i])
            return NULL;
    lv = logs_view_alloc(start_ms, end_ms);
    if (!lv)
        return NULL;
    lv->base.app = app;
    if (set_sources(lv, groups, labels, n) ||
        (filter_pattern && filter_pattern[0] && !(lv->pattern = strdup(filter_pattern)))) {
        logs_free(&lv->base);
        return NULL;
    }
    if (highlight && highlight[0]) {
        snprintf(lv->scr.search, sizeof(lv->scr.search), "%s", highlight);
        lv->seek_search = 1;
    }
    return &lv->base;
}

void sl_view_logs_focus(struct sl_view *v, long long at_ms)
{
    if (v && v->ops == &sl_logs_view_ops)
        LV(v)->focus_ms = at_ms;
}

struct sl_view *sl_view_logs_target_new(const char *target, long long start_ms, long long end_ms)
{
    struct logs_view *lv;

    if (!target || !target[0])
        return NULL;
    lv = logs_view_alloc(start_ms, end_ms);
    if (!lv)
        return NULL;
    if (!(lv->target = strdup(target))) {
        logs_free(&lv->base);
        return NULL;
    }
    return &lv->base;
}
