/* slctl logs TARGET...: the log events of functions, log groups and stacks in a time window,
 * or followed as they arrive (--follow), several groups interleaved by time. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "client.h"
#include "format.h"
#include "i18n.h"
#include "interrupt.h"
#include "log_format.h"
#include "log_targets.h"
#include "logs.h"
#include "logs_follow.h"
#include "text.h"

#define LOGS_DEFAULT_SINCE "10m"

struct logs_opts {
    const char *since;
    const char *until;
    const char *filter;
    const char *stream;
    int follow;
    int format_set;
    struct sl_log_line_opts line;
};

struct logs_run {
    struct sl_client *c;
    const struct sl_log_sources *src;
    const struct logs_opts *o;
    struct sl_buf line;
    /* window mode */
    size_t cur;  /* the group being read */
    int collect; /* several groups: gather, sort, then print */
    struct sl_logs_follow_item *items;
    size_t nitems;
    size_t cap;
    unsigned long long seq;
    int finished;
    int failed_oom;
    /* the end of a listing or of following */
    enum sl_err rc;
    struct sl_error err;
    int stopped;
};

static long long wall_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void print_event(struct logs_run *r, size_t gi, const struct sl_log_event *ev)
{
    const struct sl_log_source *s = &r->src->v[gi];

    sl_buf_reset(&r->line);
    if (sl_log_format_event(&r->line, &r->o->line, s->label, gi, s->group, ev) == SL_OK)
        fwrite(r->line.data, 1, r->line.len, stdout);
}

/* ---- a window ------------------------------------------------------------------------- */

static void window_page(void *ud, struct sl_log_event *v, size_t n)
{
    struct logs_run *r = ud;
    size_t i;

    if (!r->collect) {
        for (i = 0; i < n; i++)
            print_event(r, r->cur, &v[i]);
        sl_logs_events_free(&v, n);
        return;
    }
    for (i = 0; i < n; i++) {
        if (r->nitems == r->cap) {
            size_t ncap = r->cap ? r->cap * 2 : 256;
            struct sl_logs_follow_item *p = realloc(r->items, ncap * sizeof(*p));

            if (!p) {
                r->failed_oom = 1;
                break;
            }
            r->items = p;
            r->cap = ncap;
        }
        r->items[r->nitems].group = r->cur;
        r->items[r->nitems].group_name = r->src->v[r->cur].group;
        r->items[r->nitems].seq = r->seq++;
        r->items[r->nitems].event = v[i];
        memset(&v[i], 0, sizeof(v[i]));
        r->nitems++;
    }
    sl_logs_events_free(&v, n);
}

static void window_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct logs_run *r = ud;

    r->finished = 1;
    r->rc = rc;
    if (rc && err)
        r->err = *err;
}

static void drain_client(struct sl_client *c)
{
    int i;

    for (i = 0; i < 20 && sl_client_pending(c); i++)
        sl_client_run(c, 50, -1);
}

static int logs_window(struct logs_run *r, long long start, long long end)
{
    struct sl_logs_filter_query q;
    struct sl_logs_op *op = NULL;
    struct sl_error err;
    enum sl_err rc = SL_OK;
    int ex = SL_EXIT_OK;
    size_t i;

    r->collect = r->src->n > 1;
    for (r->cur = 0; !rc && r->cur < r->src->n; r->cur++) {
        sl_logs_filter_query_init(&q);
        q.group = r->src->v[r->cur].group;
        q.start_ms = start;
        q.end_ms = end;
        q.filter_pattern = r->o->filter;
        q.stream_prefix = r->o->stream;
        r->finished = 0;
        sl_error_clear(&err);
        rc = sl_logs_filter_events_start(r->c, &q, 0, window_page, window_done, r, &op, &err);
        if (rc) {
            r->rc = rc;
            r->err = err;
            break;
        }
        while (!r->finished && !sl_interrupt_pending())
            sl_client_run(r->c, 1000, -1);
        sl_logs_op_free(&op);
        if (sl_interrupt_pending())
            break;
        rc = r->failed_oom ? SL_ENOMEM : r->rc;
        if (r->failed_oom)
            sl_error_set(&r->err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    }
    if (sl_interrupt_pending()) {
        ex = SL_EXIT_INTERRUPTED;
    } else if (r->rc || r->failed_oom) {
        ex = sl_cli_fail(r->failed_oom ? SL_ENOMEM : r->rc, &r->err);
    } else if (r->collect) {
        sl_logs_follow_sort(r->items, r->nitems);
        for (i = 0; i < r->nitems && !sl_interrupt_pending(); i++)
            print_event(r, r->items[i].group, &r->items[i].event);
        if (sl_interrupt_pending())
            ex = SL_EXIT_INTERRUPTED;
    }
    for (i = 0; i < r->nitems; i++)
        sl_logs_event_clear(&r->items[i].event);
    free(r->items);
    r->items = NULL;
    r->nitems = r->cap = 0;
    drain_client(r->c);
    return ex;
}

/* ---- following -------------------------------------------------------------------------- */

static void follow_events(void *ud, struct sl_logs_follow_item *items, size_t n)
{
    struct logs_run *r = ud;
    size_t i;

    for (i = 0; i < n; i++)
        print_event(r, items[i].group, &items[i].event);
    fflush(stdout);
}

static void follow_status(void *ud, const struct sl_logs_follow_status *st)
{
    struct logs_run *r = ud;
    char msg[1400], text[2048], *line;
    size_t len;

    if (st->retry_in_ms < 0) {
        r->stopped = 1;
        r->rc = st->rc;
        r->err = *st->err;
        return;
    }
    sl_error_format(st->rc, st->err, msg, sizeof(msg));
    len = strlen(msg);
    if (len && msg[len - 1] == '.')
        msg[len - 1] = '\0'; /* the sentence goes on */
    snprintf(text, sizeof(text), _("reading %s failed: %s; trying again in %.1f s."),
             st->group_name ? st->group_name : "", msg, (double)st->retry_in_ms / 1000.0);
    line = sl_text_sanitized(text);
    fprintf(stderr, "slctl: %s\n", line ? line : "");
    free(line);
}

static int logs_follow(struct logs_run *r, long long start)
{
    struct sl_logs_follow_opts fo;
    struct sl_logs_follow *f = NULL;
    const char **groups;
    struct sl_error err;
    enum sl_err rc;
    int ex = SL_EXIT_OK;
    size_t i;

    groups = calloc(r->src->n, sizeof(*groups));
    if (!groups)
        return sl_cli_fail(SL_ENOMEM, NULL);
    for (i = 0; i < r->src->n; i++)
        groups[i] = r->src->v[i].group;
    memset(&fo, 0, sizeof(fo));
    fo.groups = groups;
    fo.ngroups = r->src->n;
    fo.filter_pattern = r->o->filter;
    fo.stream_prefix = r->o->stream;
    fo.start_ms = start;
    fo.on_events = follow_events;
    fo.on_status = follow_status;
    fo.ud = r;
    sl_error_clear(&err);
    rc = sl_logs_follow_new(r->c, &fo, &f, &err);
    free(groups);
    if (rc)
        return sl_cli_fail(rc, &err);
    sl_logs_follow_start(f);
    while (!r->stopped && !sl_interrupt_pending()) {
        long long wait = sl_logs_follow_next_due_ms(f);

        sl_client_run(r->c, wait < 0 || wait > 1000 ? 1000 : (int)wait, -1);
        if (sl_interrupt_pending())
            break;
        sl_logs_follow_tick(f);
    }
    sl_logs_follow_free(&f); /* an unfinished poll is dropped whole: no line is cut */
    fflush(stdout);
    if (sl_interrupt_pending())
        ex = SL_EXIT_INTERRUPTED;
    else if (r->stopped)
        ex = sl_cli_fail(r->rc, &r->err);
    drain_client(r->c);
    return ex;
}

/* ---- the command ------------------------------------------------------------------------- */

static void print_notice(void *ud, const char *sentence)
{
    (void)ud;
    fprintf(stderr, "slctl: %s\n", sentence);
}

static int use_color(const struct sl_globals *g)
{
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");

    if (g->no_color || (nc && nc[0]) || (term && !strcmp(term, "dumb")))
        return 0;
    return isatty(STDOUT_FILENO);
}

static int parse_args(int argc, char **argv, struct logs_opts *o)
{
    static const struct option longopts[] = {
        {"since", required_argument, NULL, 's'},  {"until", required_argument, NULL, 'u'},
        {"follow", no_argument, NULL, 'f'},       {"filter", required_argument, NULL, 'F'},
        {"stream", required_argument, NULL, 'S'}, {"format", required_argument, NULL, 'o'},
        {"local", no_argument, NULL, 'l'},        {NULL, 0, NULL, 0},
    };
    int ch;

    opterr = 0;
    optind = 0; /* a fresh scan (GNU) */
    while ((ch = getopt_long(argc, argv, ":f", longopts, NULL)) != -1) {
        switch (ch) {
        case 's':
            o->since = optarg;
            break;
        case 'u':
            o->until = optarg;
            break;
        case 'f':
            o->follow = 1;
            break;
        case 'F':
            o->filter = optarg;
            break;
        case 'S':
            o->stream = optarg;
            break;
        case 'l':
            o->line.local = 1;
            break;
        case 'o':
            if (sl_log_format_parse(optarg, &o->line.format) < 0)
                return sl_cli_usage(
                    "logs", _("--format must be short, detailed or json, not \"%s\""), optarg);
            o->format_set = 1;
            break;
        case ':':
            return sl_cli_usage("logs", _("%s needs a value"), argv[optind - 1]);
        default:
            return sl_cli_usage("logs", _("unknown option \"%s\""), argv[optind - 1]);
        }
    }
    return 0;
}

/* The times and the checks that need no AWS. */
static int check_args(const struct logs_opts *o, size_t ntargets, long long *start, long long *end)
{
    long long now = wall_now_ms();

    if (!ntargets)
        return sl_cli_usage("logs", "%s", _("name at least one function, log group or stack"));
    if (sl_log_time_parse(o->since, now, o->line.local, start) < 0)
        return sl_cli_usage("logs",
                            _("--since must be a duration such as 10m, 2h or 1d, or an ISO 8601 "
                              "time, not \"%s\""),
                            o->since);
    if (o->until && sl_log_time_parse(o->until, now, o->line.local, end) < 0)
        return sl_cli_usage("logs",
                            _("--until must be a duration such as 10m, 2h or 1d, or an ISO 8601 "
                              "time, not \"%s\""),
                            o->until);
    if (o->until && o->follow)
        return sl_cli_usage("logs", "%s", _("--until cannot be used with --follow"));
    if (*start < 0)
        return sl_cli_usage("logs", "%s", _("--since must be after 1970"));
    if (*end >= 0 && *end <= *start)
        return sl_cli_usage("logs", "%s", _("--until must be later than --since"));
    if (o->filter && strlen(o->filter) > SL_LOGS_FILTER_PATTERN_MAX)
        return sl_cli_usage("logs", _("--filter is longer than %d bytes"),
                            SL_LOGS_FILTER_PATTERN_MAX);
    return 0;
}

int sl_cmd_logs(const struct sl_globals *g, int argc, char **argv)
{
    struct logs_opts o;
    struct logs_run r;
    struct sl_log_sources src;
    struct sl_client *c = NULL;
    struct sl_error err;
    long long start = 0, end = -1;
    char **targets = NULL;
    size_t ntargets = 0, i;
    enum sl_err rc;
    int ex, width = 0;

    memset(&o, 0, sizeof(o));
    memset(&src, 0, sizeof(src));
    o.since = LOGS_DEFAULT_SINCE;
    o.line.format = SL_LOG_SHORT;
    /* Options and targets may come in any order (getopt_long moves the targets last). */
    ex = parse_args(argc, argv, &o);
    if (ex)
        return ex;
    targets = argv + optind;
    ntargets = (size_t)(argc - optind);
    if (!o.format_set && g->output_set && g->output == SL_OUT_JSON)
        o.line.format = SL_LOG_JSON;
    ex = check_args(&o, ntargets, &start, &end);
    if (ex)
        return ex;
    ex = sl_cli_client(g, &c);
    if (ex)
        return ex;
    sl_interrupt_install(c);
    sl_error_clear(&err);
    rc = sl_log_targets_resolve(c, targets, ntargets, print_notice, NULL, &src, &err);
    if (sl_interrupt_pending()) {
        ex = SL_EXIT_INTERRUPTED;
        goto out;
    }
    if (rc) {
        ex = sl_fmt_fail(rc, &err);
        goto out;
    }
    for (i = 0; i < src.n; i++) {
        char *shown = sl_text_sanitized(src.v[i].label);
        int w = shown ? sl_text_width(shown) : 0;

        if (w > width)
            width = w;
        free(shown);
    }
    o.line.label_width = width;
    o.line.color = o.line.format != SL_LOG_JSON && use_color(g);
    memset(&r, 0, sizeof(r));
    r.c = c;
    r.src = &src;
    r.o = &o;
    sl_buf_init(&r.line, 0);
    ex = o.follow ? logs_follow(&r, start) : logs_window(&r, start, end);
    fflush(stdout);
    sl_buf_free(&r.line);
out:
    sl_interrupt_restore();
    sl_log_sources_free(&src);
    sl_client_free(&c);
    return ex;
}
