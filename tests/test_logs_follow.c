/* Following log groups: the pure parts (seen-id set, next start, backoff, merge order) and the
 * follower driven through the real client on a fake transport and a fake clock. */
#include "config.h"

#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "client.h"
#include "clock.h"
#include "fake_transport.h"
#include "logs.h"
#include "logs_follow.h"
#include "test_support.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------------------------- */

static struct sl_log_event ev_make(long long ts, const char *id)
{
    struct sl_log_event e;

    memset(&e, 0, sizeof(e));
    e.timestamp = ts;
    e.event_id = (char *)id;
    e.log_stream_name = (char *)"s";
    e.message = (char *)"m";
    e.message_len = 1;
    return e;
}

static int seen_has(struct sl_logs_seen *s, long long ts, const char *id)
{
    struct sl_log_event e = ev_make(ts, id);

    return sl_logs_seen_has(s, &e);
}

static void seen_add(struct sl_logs_seen *s, long long ts, const char *id)
{
    struct sl_log_event e = ev_make(ts, id);

    ck_assert_int_eq(sl_logs_seen_add(s, &e), SL_OK);
}

/* ---- the seen-id set ----------------------------------------------------------------------- */

START_TEST(test_seen_boundary_millisecond)
{
    struct sl_logs_seen *s = sl_logs_seen_new(0, 0);

    ck_assert_int_eq(sl_logs_seen_newest(s), -1);
    ck_assert_int_eq(seen_has(s, 100, "a"), 0);
    seen_add(s, 100, "a");
    seen_add(s, 100, "b");
    ck_assert_int_eq(sl_logs_seen_newest(s), 100);
    ck_assert_uint_eq(sl_logs_seen_boundary_count(s), 2);
    /* Polled again from 100: a and b come back and are dropped, c is new. */
    ck_assert_int_eq(seen_has(s, 100, "a"), 1);
    ck_assert_int_eq(seen_has(s, 100, "b"), 1);
    ck_assert_int_eq(seen_has(s, 100, "c"), 0);
    seen_add(s, 100, "c");
    ck_assert_uint_eq(sl_logs_seen_boundary_count(s), 3);
    /* A newer millisecond starts a new boundary set; the old ids stay in the recent set. */
    seen_add(s, 101, "d");
    ck_assert_int_eq(sl_logs_seen_newest(s), 101);
    ck_assert_uint_eq(sl_logs_seen_boundary_count(s), 1);
    ck_assert_uint_eq(sl_logs_seen_recent_count(s), 4);
    ck_assert_int_eq(seen_has(s, 100, "a"), 1);
    ck_assert_int_eq(seen_has(s, 101, "d"), 1);
    /* An older event arriving late is recorded without moving the newest. */
    seen_add(s, 50, "late");
    ck_assert_int_eq(sl_logs_seen_newest(s), 101);
    ck_assert_int_eq(seen_has(s, 50, "late"), 1);
    /* Adding twice changes nothing. */
    seen_add(s, 101, "d");
    ck_assert_uint_eq(sl_logs_seen_recent_count(s), 5);
    ck_assert_uint_eq(sl_logs_seen_boundary_count(s), 1);
    sl_logs_seen_free(&s);
    ck_assert_ptr_null(s);
    sl_logs_seen_free(&s);
    sl_logs_seen_free(NULL);
}
END_TEST

START_TEST(test_seen_boundary_survives_small_recent_set)
{
    /* More events at one millisecond than the recent set holds: the boundary set still knows
     * them all, so a re-poll from that millisecond repeats nothing. */
    struct sl_logs_seen *s = sl_logs_seen_new(4, 0);
    char id[32];
    int i;

    for (i = 0; i < 50; i++) {
        snprintf(id, sizeof(id), "id-%d", i);
        seen_add(s, 777, id);
    }
    ck_assert_uint_eq(sl_logs_seen_recent_count(s), 4);
    ck_assert_uint_eq(sl_logs_seen_boundary_count(s), 50);
    for (i = 0; i < 50; i++) {
        snprintf(id, sizeof(id), "id-%d", i);
        ck_assert_msg(seen_has(s, 777, id), "%s forgotten", id);
    }
    sl_logs_seen_free(&s);
}
END_TEST

START_TEST(test_seen_bounded_memory)
{
    struct sl_logs_seen *s = sl_logs_seen_new(1000, 64);
    char id[32];
    int i;

    /* 100,000 distinct events: the recent set keeps the last 1000, in FIFO order. */
    for (i = 0; i < 100000; i++) {
        snprintf(id, sizeof(id), "ev-%d", i);
        seen_add(s, 1000 + i / 3, id);
        ck_assert_uint_le(sl_logs_seen_recent_count(s), 1000);
        ck_assert_uint_le(sl_logs_seen_boundary_count(s), 64);
    }
    ck_assert_uint_eq(sl_logs_seen_recent_count(s), 1000);
    for (i = 99000; i < 100000; i++) {
        snprintf(id, sizeof(id), "ev-%d", i);
        ck_assert_msg(seen_has(s, 1000 + i / 3, id), "%s forgotten", id);
    }
    for (i = 0; i < 98000; i += 97) {
        snprintf(id, sizeof(id), "ev-%d", i);
        ck_assert_msg(!seen_has(s, 1000 + i / 3, id), "%s kept", id);
    }
    /* Many at one millisecond: the boundary set is capped too (oldest dropped). */
    for (i = 0; i < 500; i++) {
        snprintf(id, sizeof(id), "same-%d", i);
        seen_add(s, 999999, id);
    }
    ck_assert_uint_eq(sl_logs_seen_boundary_count(s), 64);
    ck_assert_int_eq(seen_has(s, 999999, "same-499"), 1);
    sl_logs_seen_free(&s);
}
END_TEST

START_TEST(test_seen_without_event_id)
{
    struct sl_logs_seen *s = sl_logs_seen_new(0, 0);
    struct sl_log_event a = ev_make(5, ""), b = ev_make(5, ""), c = ev_make(5, "");

    b.message = (char *)"other";
    b.message_len = 5;
    c.log_stream_name = (char *)"t";
    ck_assert_int_eq(sl_logs_seen_add(s, &a), SL_OK);
    ck_assert_int_eq(sl_logs_seen_has(s, &a), 1);
    ck_assert_int_eq(sl_logs_seen_has(s, &b), 0); /* another message */
    ck_assert_int_eq(sl_logs_seen_has(s, &c), 0); /* another stream */
    sl_logs_seen_free(&s);
}
END_TEST

/* ---- next start, backoff, order ----------------------------------------------------------- */

static const struct {
    long long newest, initial, overlap, want;
} start_cases[] = {
    {-1, 1000, 0, 1000},                            /* nothing seen: the initial start */
    {-1, 1000, 500, 1000},   {5000, 1000, 0, 5000}, /* the boundary millisecond, inclusive */
    {5000, 1000, 200, 4800},                        /* an overlap window */
    {1100, 1000, 500, 1000},                        /* never before the initial start */
    {5000, 1000, -7, 5000},
};

START_TEST(test_next_start)
{
    ck_assert_int_eq(sl_logs_follow_next_start(start_cases[_i].newest, start_cases[_i].initial,
                                               start_cases[_i].overlap),
                     start_cases[_i].want);
}
END_TEST

static const struct {
    int failures;
    long long base, cap;
    double rnd;
    long long want;
} backoff_cases[] = {
    {1, 1000, 30000, 0, 1000},   {2, 1000, 30000, 0, 2000},      {3, 1000, 30000, 0, 4000},
    {4, 1000, 30000, 0, 8000},   {5, 1000, 30000, 0, 16000},     {6, 1000, 30000, 0, 30000},
    {7, 1000, 30000, 0, 30000},  {100, 1000, 30000, 0, 30000},   {1000000, 1000, 30000, 0, 30000},
    {0, 1000, 30000, 0, 1000},   {3, 1000, 0, 0, 4000},          {10, 1000, 0, 0, 30000},
    {2, 1000, 30000, 0.5, 1750}, {6, 1000, 30000, 0.999, 22508}, {1, 0, 30000, 0, 1},
    {3, 500, 1500, 0, 1500},
};

START_TEST(test_backoff)
{
    long long got = sl_logs_follow_backoff_ms(backoff_cases[_i].failures, backoff_cases[_i].base,
                                              backoff_cases[_i].cap, backoff_cases[_i].rnd);

    ck_assert_msg(got == backoff_cases[_i].want, "failures %d: %lld, want %lld",
                  backoff_cases[_i].failures, got, backoff_cases[_i].want);
}
END_TEST

START_TEST(test_backoff_never_exceeds_cap)
{
    int f;
    double r;

    for (f = 1; f < 80; f++)
        for (r = 0; r < 1; r += 0.125) {
            long long d = sl_logs_follow_backoff_ms(f, 1000, 30000, r);
            ck_assert(d > 0 && d <= 30000);
            if (f > 1)
                ck_assert(sl_logs_follow_backoff_ms(f, 1000, 30000, 0) >=
                          sl_logs_follow_backoff_ms(f - 1, 1000, 30000, 0));
        }
}
END_TEST

START_TEST(test_sort_merge_order)
{
    /* Three groups' events in arrival order (group by group, as the polls deliver them). */
    static const struct {
        size_t group;
        long long ts;
        const char *id;
    } in[] = {
        {0, 10, "a1"}, {0, 30, "a2"}, {0, 30, "a3"}, {0, 50, "a4"}, {1, 20, "b1"},
        {1, 30, "b2"}, {1, 40, "b3"}, {2, 5, "c1"},  {2, 30, "c2"}, {2, 60, "c3"},
    };
    static const char *const want[] = {"c1", "a1", "b1", "a2", "a3", "b2", "c2", "b3", "a4", "c3"};
    struct sl_logs_follow_item items[NELEM(in)];
    size_t i;

    for (i = 0; i < NELEM(in); i++) {
        memset(&items[i], 0, sizeof(items[i]));
        items[i].group = in[i].group;
        items[i].seq = i;
        items[i].event = ev_make(in[i].ts, in[i].id);
    }
    sl_logs_follow_sort(items, NELEM(in));
    for (i = 0; i < NELEM(in); i++)
        ck_assert_str_eq(items[i].event.event_id, want[i]);
    sl_logs_follow_sort(items, 0);
    sl_logs_follow_sort(NULL, 0);
}
END_TEST

/* ---- the follower on a fake AWS ------------------------------------------------------------ */

#define FC_EPOCH_MS 1714550400000LL
static struct sl_test_clock fclock; /* now is FC_EPOCH_MS + fclock.mono */
static const struct sl_clock *fake_clock;

static struct sl_transport *fake;

static struct sl_client *client_new(void)
{
    fake_clock = sl_test_clock_init(&fclock, FC_EPOCH_MS);
    fake = sl_fake_transport_new();
    /* AWS_MAX_ATTEMPTS 1: the client gives up at once, the follower backs off */
    sl_test_fake_env("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "1");
    return sl_test_client_new(fake, fake_clock);
}

/* What the callbacks saw. */
#define REC_MAX 256
struct rec {
    int batches;
    size_t n;
    struct {
        size_t group;
        char group_name[64];
        long long ts;
        char id[64];
        char message[64];
    } ev[REC_MAX];
    int statuses;
    struct {
        enum sl_err rc;
        char code[128];
        char group[64];
        int failures;
        long long retry_in_ms;
    } st[REC_MAX];
    int steal_messages;              /* take ownership of the messages */
    struct sl_logs_follow **free_me; /* free the follower from the callback */
    int stop_in_events;
};

static struct sl_logs_follow *follow_for_stop;

static void on_events(void *ud, struct sl_logs_follow_item *items, size_t n)
{
    struct rec *r = ud;
    size_t i;

    ck_assert_uint_gt(n, 0);
    r->batches++;
    for (i = 0; i < n; i++) {
        ck_assert_uint_lt(r->n, REC_MAX);
        r->ev[r->n].group = items[i].group;
        snprintf(r->ev[r->n].group_name, sizeof(r->ev[0].group_name), "%s", items[i].group_name);
        r->ev[r->n].ts = items[i].event.timestamp;
        snprintf(r->ev[r->n].id, sizeof(r->ev[0].id), "%s", items[i].event.event_id);
        snprintf(r->ev[r->n].message, sizeof(r->ev[0].message), "%s", items[i].event.message);
        if (r->steal_messages) {
            free(items[i].event.message);
            items[i].event.message = NULL;
        }
        r->n++;
    }
    if (r->free_me)
        sl_logs_follow_free(r->free_me);
    if (r->stop_in_events)
        sl_logs_follow_stop(follow_for_stop);
}

static void on_status(void *ud, const struct sl_logs_follow_status *st)
{
    struct rec *r = ud;

    ck_assert_int_lt(r->statuses, REC_MAX);
    ck_assert_ptr_nonnull(st->err);
    r->st[r->statuses].rc = st->rc;
    snprintf(r->st[r->statuses].code, sizeof(r->st[0].code), "%s", st->err->code);
    snprintf(r->st[r->statuses].group, sizeof(r->st[0].group), "%s", st->group_name);
    r->st[r->statuses].failures = st->failures;
    r->st[r->statuses].retry_in_ms = st->retry_in_ms;
    r->statuses++;
}

static struct sl_logs_follow *follow_new(struct sl_client *c, const char *const *groups, size_t n,
                                         struct rec *r, long long backoff_cap, size_t round_events)
{
    struct sl_logs_follow_opts o;
    struct sl_logs_follow *f = NULL;
    struct sl_error err;

    memset(&o, 0, sizeof(o));
    o.groups = groups;
    o.ngroups = n;
    o.filter_pattern = "?ERROR ?REPORT";
    o.start_ms = 1000;
    o.clock = fake_clock;
    o.backoff_cap_ms = backoff_cap;
    o.round_events = round_events;
    o.on_events = on_events;
    o.on_status = on_status;
    o.ud = r;
    ck_assert_int_eq(sl_logs_follow_new(c, &o, &f, &err), SL_OK);
    return f;
}

/* A FilterLogEvents answer: "ts:id[:stream]" items separated by spaces; token may be NULL. */
static void push_page(const char *events, const char *token)
{
    struct sl_buf b;
    char *copy = strdup(events ? events : ""), *save = NULL, *tok;
    int first = 1;

    sl_buf_init(&b, 0);
    sl_buf_append_str(&b, "{\"events\":[");
    for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        long long ts = atoll(tok);
        const char *id = strchr(tok, ':') + 1;

        sl_buf_appendf(&b,
                       "%s{\"eventId\":\"%s\",\"ingestionTime\":%lld,\"logStreamName\":\"s1\","
                       "\"message\":\"msg %s\\n\",\"timestamp\":%lld}",
                       first ? "" : ",", id, ts + 5, id, ts);
        first = 0;
    }
    sl_buf_append_str(&b, "],\"searchedLogStreams\":[]");
    if (token)
        sl_buf_appendf(&b, ",\"nextToken\":\"%s\"", token);
    sl_buf_append_str(&b, "}");
    sl_fake_push_http(fake, 200, "Content-Type: application/x-amz-json-1.1\nx-amzn-RequestId: r-1",
                      b.data);
    sl_buf_free(&b);
    free(copy);
}

static void push_error(long status, const char *type, const char *message)
{
    char body[512];

    snprintf(body, sizeof(body), "{\"__type\":\"%s\",\"message\":\"%s\"}", type, message);
    sl_fake_push_http(fake, status,
                      "Content-Type: application/x-amz-json-1.1\nx-amzn-RequestId: r-2", body);
}

/* The body of request i, parsed; the caller deletes it. */
static cJSON *req(size_t i)
{
    const struct sl_fake_request *r = sl_fake_request_at(fake, i);
    cJSON *j;

    ck_assert_msg(r != NULL, "no request %zu", i);
    ck_assert_str_eq(sl_headers_get(&r->headers, "X-Amz-Target"), "Logs_20140328.FilterLogEvents");
    j = cJSON_ParseWithLength((const char *)r->body, r->body_len);
    ck_assert_ptr_nonnull(j);
    return j;
}

/* Checks request i: group, startTime, token (NULL: none). */
static void check_req(size_t i, const char *group, long long start, const char *token)
{
    cJSON *j = req(i);
    cJSON *t = cJSON_GetObjectItem(j, "nextToken");

    ck_assert_str_eq(cJSON_GetObjectItem(j, "logGroupName")->valuestring, group);
    ck_assert_msg(cJSON_GetObjectItem(j, "startTime")->valuedouble == (double)start,
                  "request %zu: startTime %.0f, want %lld", i,
                  cJSON_GetObjectItem(j, "startTime")->valuedouble, start);
    ck_assert_str_eq(cJSON_GetObjectItem(j, "filterPattern")->valuestring, "?ERROR ?REPORT");
    if (token)
        ck_assert_str_eq(t ? t->valuestring : "(none)", token);
    else
        ck_assert_msg(t == NULL, "request %zu carries a token", i);
    cJSON_Delete(j);
}

/* One turn of the caller's loop: send what is due, let the client finish what it can. */
static void turn(struct sl_client *c, struct sl_logs_follow *f)
{
    sl_logs_follow_tick(f);
    ck_assert_int_le(sl_client_pending(c), 1); /* never two requests at once */
    sl_client_run(c, 0, -1);
    ck_assert_int_le(sl_client_pending(c), 1);
}

static void advance(long long ms)
{
    fclock.mono += ms;
}

static void check_ids(const struct rec *r, size_t from, const char *const *ids, size_t n)
{
    size_t i;

    ck_assert_uint_eq(r->n, from + n);
    for (i = 0; i < n; i++)
        ck_assert_msg(!strcmp(r->ev[from + i].id, ids[i]), "event %zu is %s, want %s", from + i,
                      r->ev[from + i].id, ids[i]);
}

START_TEST(test_follow_polls_and_dedupes)
{
    static const char *const groups[] = {"/aws/lambda/orders"};
    static const char *const first[] = {"a", "b", "c"};
    static const char *const second[] = {"d", "e"};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;

    memset(&r, 0, sizeof(r));
    f = follow_new(c, groups, 1, &r, 0, 0);
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), -1); /* not started */
    sl_logs_follow_tick(f);
    ck_assert_uint_eq(sl_fake_request_count(fake), 0);
    sl_logs_follow_start(f);
    ck_assert(sl_logs_follow_running(f));
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), 0);

    /* Poll 1, page 1: events and a token; nothing delivered before the poll ends. */
    push_page("1500:a 1600:b", "T1");
    sl_logs_follow_tick(f);
    ck_assert(sl_logs_follow_in_flight(f));
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), -1);
    sl_client_run(c, 0, -1);
    check_req(0, "/aws/lambda/orders", 1000, NULL);
    ck_assert_int_eq(r.batches, 0);
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), SL_LOGS_FOLLOW_GAP_MS);
    turn(c, f);
    ck_assert_uint_eq(sl_fake_request_count(fake), 1); /* not due yet */

    /* Page 2 after the gap, same startTime, with the token. */
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_page("1600:c", NULL);
    turn(c, f);
    check_req(1, "/aws/lambda/orders", 1000, "T1");
    ck_assert_int_eq(r.batches, 1);
    check_ids(&r, 0, first, 3);
    ck_assert_str_eq(r.ev[0].group_name, "/aws/lambda/orders");
    ck_assert_str_eq(r.ev[0].message, "msg a\n");
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), SL_LOGS_FOLLOW_INTERVAL_MS);
    ck_assert_int_eq(sl_logs_follow_group_start(f, 0), 1600);

    /* Poll 2 from the newest millisecond: b and c come back and are dropped. */
    advance(SL_LOGS_FOLLOW_INTERVAL_MS - 1);
    turn(c, f);
    ck_assert_uint_eq(sl_fake_request_count(fake), 2);
    advance(1);
    push_page("1600:b 1600:c 1600:d 1700:e", NULL);
    turn(c, f);
    check_req(2, "/aws/lambda/orders", 1600, NULL);
    ck_assert_int_eq(r.batches, 2);
    check_ids(&r, 3, second, 2);

    /* Poll 3: only repeats, so no callback at all. */
    advance(SL_LOGS_FOLLOW_INTERVAL_MS);
    push_page("1700:e", NULL);
    turn(c, f);
    check_req(3, "/aws/lambda/orders", 1700, NULL);
    ck_assert_int_eq(r.batches, 2);
    ck_assert_int_eq(r.statuses, 0);
    ck_assert_uint_eq(sl_fake_scripted_left(fake), 0);
    sl_logs_follow_free(&f);
    ck_assert_ptr_null(f);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_merges_groups)
{
    static const char *const groups[] = {"/g/a", "/g/b", "/g/c"};
    static const char *const want[] = {"c1", "a1", "b1", "a3", "b3", "c3", "b4", "a5"};
    static const size_t want_group[] = {2, 0, 1, 0, 1, 2, 1, 0};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;
    size_t i;

    memset(&r, 0, sizeof(r));
    f = follow_new(c, groups, 3, &r, 0, 0);
    sl_logs_follow_start(f);
    push_page("1001:a1 1003:a3 1005:a5", NULL);
    turn(c, f);
    ck_assert_uint_eq(sl_fake_request_count(fake), 1); /* serialized: one group at a time */
    check_req(0, "/g/a", 1000, NULL);
    push_page("1001:b1 1003:b3 1004:b4", NULL);
    turn(c, f);
    ck_assert_uint_eq(sl_fake_request_count(fake), 1); /* spaced by the gap */
    advance(SL_LOGS_FOLLOW_GAP_MS);
    turn(c, f);
    check_req(1, "/g/b", 1000, NULL);
    ck_assert_int_eq(r.batches, 0);
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_page("1000:c1 1003:c3", NULL);
    turn(c, f);
    check_req(2, "/g/c", 1000, NULL);
    /* One delivery for the whole poll, merged by timestamp, ties in group order. */
    ck_assert_int_eq(r.batches, 1);
    check_ids(&r, 0, want, NELEM(want));
    for (i = 0; i < NELEM(want); i++) {
        ck_assert_uint_eq(r.ev[i].group, want_group[i]);
        ck_assert_str_eq(r.ev[i].group_name, groups[want_group[i]]);
    }
    /* Each group goes on from its own newest event. */
    ck_assert_int_eq(sl_logs_follow_group_start(f, 0), 1005);
    ck_assert_int_eq(sl_logs_follow_group_start(f, 1), 1004);
    ck_assert_int_eq(sl_logs_follow_group_start(f, 2), 1003);
    ck_assert_int_eq(sl_logs_follow_group_start(f, 3), -1);
    sl_logs_follow_free(&f);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_throttle_resumes_in_place)
{
    static const char *const groups[] = {"/g"};
    static const char *const first[] = {"a"};
    static const char *const then[] = {"b"};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;

    memset(&r, 0, sizeof(r));
    f = follow_new(c, groups, 1, &r, 0, 0);
    sl_logs_follow_start(f);
    push_page("1100:a", "T1");
    turn(c, f);
    advance(SL_LOGS_FOLLOW_GAP_MS);

    /* Page 2 is throttled: what the poll gathered is delivered, then it backs off. */
    push_error(400, "ThrottlingException", "Rate exceeded");
    turn(c, f);
    check_req(1, "/g", 1000, "T1");
    check_ids(&r, 0, first, 1);
    ck_assert_int_eq(r.statuses, 1);
    ck_assert_int_eq(r.st[0].rc, SL_EAWS);
    ck_assert_str_eq(r.st[0].code, "ThrottlingException");
    ck_assert_str_eq(r.st[0].group, "/g");
    ck_assert_int_eq(r.st[0].failures, 1);
    ck_assert_int_eq(r.st[0].retry_in_ms, 1000);
    ck_assert(sl_logs_follow_running(f));
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), 1000);
    advance(999);
    turn(c, f);
    ck_assert_uint_eq(sl_fake_request_count(fake), 2);

    /* The same request again (token and startTime); this time the connection drops. */
    advance(1);
    sl_fake_push_net(fake, SL_NET_RECV_FAILED, "Connection reset by peer");
    turn(c, f);
    check_req(2, "/g", 1000, "T1");
    ck_assert_int_eq(r.statuses, 2);
    ck_assert_int_eq(r.st[1].rc, SL_ENET);
    ck_assert_int_eq(r.st[1].failures, 2);
    ck_assert_int_eq(r.st[1].retry_in_ms, 2000);

    /* And a garbled answer (a proxy cut it short). */
    advance(2000);
    sl_fake_push_http(fake, 200, "Content-Type: application/x-amz-json-1.1", "{\"events\":[{");
    turn(c, f);
    check_req(3, "/g", 1000, "T1");
    ck_assert_int_eq(r.st[2].rc, SL_EPARSE);
    ck_assert_int_eq(r.st[2].retry_in_ms, 4000);

    /* Then it works: a is not repeated, b is not lost. */
    advance(4000);
    push_page("1100:a 1200:b", NULL);
    turn(c, f);
    check_req(4, "/g", 1000, "T1");
    check_ids(&r, 1, then, 1);
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), SL_LOGS_FOLLOW_INTERVAL_MS);
    ck_assert_int_eq(sl_logs_follow_group_start(f, 0), 1200);

    /* The failure count starts again after a success. */
    advance(SL_LOGS_FOLLOW_INTERVAL_MS);
    push_error(503, "ServiceUnavailableException", "try later");
    turn(c, f);
    check_req(5, "/g", 1200, NULL);
    ck_assert_int_eq(r.st[3].failures, 1);
    ck_assert_int_eq(r.st[3].retry_in_ms, 1000);
    sl_logs_follow_free(&f);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_backoff_capped)
{
    static const char *const groups[] = {"/g"};
    static const long long want[] = {1000, 2000, 4000, 5000, 5000, 5000};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;
    size_t i;

    memset(&r, 0, sizeof(r));
    f = follow_new(c, groups, 1, &r, 5000, 0);
    sl_logs_follow_start(f);
    for (i = 0; i < NELEM(want); i++) {
        push_error(400, "ThrottlingException", "Rate exceeded");
        turn(c, f);
        ck_assert_int_eq(r.statuses, (int)i + 1);
        ck_assert_int_eq(r.st[i].retry_in_ms, want[i]);
        ck_assert_int_eq(sl_logs_follow_next_due_ms(f), want[i]);
        check_req(i, "/g", 1000, NULL);
        advance(want[i]);
    }
    /* Jitter takes up to a quarter off, never more. */
    fclock.rnd = 0.999;
    push_error(400, "ThrottlingException", "Rate exceeded");
    turn(c, f);
    ck_assert_int_ge(r.st[NELEM(want)].retry_in_ms, 3750);
    ck_assert_int_lt(r.st[NELEM(want)].retry_in_ms, 5000);
    ck_assert_int_eq(r.batches, 0);
    sl_logs_follow_free(&f);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_fatal_then_resume)
{
    static const char *const groups[] = {"/g"};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;

    memset(&r, 0, sizeof(r));
    f = follow_new(c, groups, 1, &r, 0, 0);
    sl_logs_follow_start(f);
    push_page("1100:a", NULL);
    turn(c, f);
    advance(SL_LOGS_FOLLOW_INTERVAL_MS);
    push_error(400, "AccessDeniedException", "not allowed");
    turn(c, f);
    ck_assert_int_eq(r.statuses, 1);
    ck_assert_str_eq(r.st[0].code, "AccessDeniedException");
    ck_assert_int_eq(r.st[0].retry_in_ms, -1);
    ck_assert(!sl_logs_follow_running(f));
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), -1);
    advance(100000);
    turn(c, f);
    ck_assert_uint_eq(sl_fake_request_count(fake), 2);

    /* Started again: from where it was. */
    sl_logs_follow_start(f);
    push_page("1100:a 1101:b", NULL);
    turn(c, f);
    check_req(2, "/g", 1100, NULL);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_str_eq(r.ev[1].id, "b");
    sl_logs_follow_free(&f);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_empty_page_with_token)
{
    static const char *const groups[] = {"/g"};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;

    memset(&r, 0, sizeof(r));
    f = follow_new(c, groups, 1, &r, 0, 0);
    sl_logs_follow_start(f);
    push_page("", "E1");
    turn(c, f);
    /* Not the end: the next page follows after the gap, not after the interval. */
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), SL_LOGS_FOLLOW_GAP_MS);
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_page("", "E2");
    turn(c, f);
    check_req(1, "/g", 1000, "E1");
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_page("1300:x", NULL);
    turn(c, f);
    check_req(2, "/g", 1000, "E2");
    ck_assert_uint_eq(r.n, 1);
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), SL_LOGS_FOLLOW_INTERVAL_MS);
    sl_logs_follow_free(&f);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_round_cap_yields)
{
    static const char *const groups[] = {"/g/a", "/g/b"};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;

    memset(&r, 0, sizeof(r));
    f = follow_new(c, groups, 2, &r, 0, 2); /* at most 2 events per group per poll */
    sl_logs_follow_start(f);
    push_page("1001:a1 1002:a2", "TA");
    turn(c, f);
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_page("1001:b1", NULL);
    turn(c, f);
    check_req(1, "/g/b", 1000, NULL); /* a yielded to b */
    ck_assert_uint_eq(r.n, 3);
    /* More is waiting: the next poll comes after the gap, a goes on with its token. */
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), SL_LOGS_FOLLOW_GAP_MS);
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_page("1003:a3", NULL);
    turn(c, f);
    check_req(2, "/g/a", 1000, "TA");
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_page("", NULL);
    turn(c, f);
    check_req(3, "/g/b", 1001, NULL);
    ck_assert_uint_eq(r.n, 4);
    ck_assert_str_eq(r.ev[3].id, "a3");
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), SL_LOGS_FOLLOW_INTERVAL_MS);
    sl_logs_follow_free(&f);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_invalid_token_restarts_group)
{
    static const char *const groups[] = {"/g"};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;

    memset(&r, 0, sizeof(r));
    f = follow_new(c, groups, 1, &r, 0, 0);
    sl_logs_follow_start(f);
    push_page("1100:a", "T1");
    turn(c, f);
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_error(400, "InvalidParameterException", "The specified nextToken is invalid.");
    turn(c, f);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_int_eq(r.statuses, 1);
    ck_assert_int_ge(r.st[0].retry_in_ms, 0);
    ck_assert(sl_logs_follow_running(f));
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_page("1100:a 1150:b", NULL);
    turn(c, f);
    check_req(2, "/g", 1100, NULL); /* from the newest delivered, without the token */
    ck_assert_uint_eq(r.n, 2);
    ck_assert_str_eq(r.ev[1].id, "b");

    /* The same refusal without a token is final. */
    advance(SL_LOGS_FOLLOW_INTERVAL_MS);
    push_error(400, "InvalidParameterException", "bad pattern");
    turn(c, f);
    ck_assert(!sl_logs_follow_running(f));
    ck_assert_int_eq(r.st[1].retry_in_ms, -1);
    sl_logs_follow_free(&f);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_stop_and_free)
{
    static const char *const groups[] = {"/g/a", "/g/b"};
    static const char *const once[] = {"a1", "b1"};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;

    memset(&r, 0, sizeof(r));
    f = follow_new(c, groups, 2, &r, 0, 0);
    sl_logs_follow_start(f);

    /* Stopped in the middle of a poll: a's events are dropped, and fetched again later. */
    push_page("1001:a1", NULL);
    turn(c, f);
    advance(SL_LOGS_FOLLOW_GAP_MS);
    sl_fake_hold(fake, 1);
    sl_logs_follow_tick(f);
    ck_assert(sl_logs_follow_in_flight(f));
    sl_logs_follow_stop(f);
    ck_assert(!sl_logs_follow_in_flight(f));
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), -1);
    sl_client_run(c, 0, -1); /* the cancelled request goes away */
    sl_client_run(c, 0, -1);
    ck_assert_int_eq(sl_client_pending(c), 0);
    sl_fake_hold(fake, 0);
    ck_assert_int_eq(r.batches, 0);
    ck_assert_int_eq(r.statuses, 0);
    sl_logs_follow_stop(f); /* twice is fine */

    sl_logs_follow_start(f);
    push_page("1001:a1", NULL);
    turn(c, f);
    check_req(2, "/g/a", 1000, NULL);
    advance(SL_LOGS_FOLLOW_GAP_MS);
    push_page("1001:b1", NULL);
    turn(c, f);
    check_req(3, "/g/b", 1000, NULL);
    check_ids(&r, 0, once, 2);

    /* Freed with a request in flight: it is released by the client, nothing is called. */
    advance(SL_LOGS_FOLLOW_INTERVAL_MS);
    sl_fake_hold(fake, 1);
    sl_logs_follow_tick(f);
    ck_assert(sl_logs_follow_in_flight(f));
    sl_logs_follow_free(&f);
    ck_assert_ptr_null(f);
    sl_client_run(c, 0, -1);
    ck_assert_int_eq(sl_client_pending(c), 0);
    sl_fake_hold(fake, 0);
    ck_assert_int_eq(r.batches, 1);
    sl_logs_follow_free(&f);
    sl_logs_follow_free(NULL);
    sl_logs_follow_stop(NULL);
    sl_logs_follow_start(NULL);
    sl_logs_follow_tick(NULL);
    ck_assert_int_eq(sl_logs_follow_next_due_ms(NULL), -1);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_callbacks_may_free_stop_and_steal)
{
    static const char *const groups[] = {"/g"};
    struct sl_client *c = client_new();
    struct rec r;
    struct sl_logs_follow *f;

    /* The callback keeps the messages (takes them over). */
    memset(&r, 0, sizeof(r));
    r.steal_messages = 1;
    f = follow_new(c, groups, 1, &r, 0, 0);
    sl_logs_follow_start(f);
    push_page("1001:a 1002:b", NULL);
    turn(c, f);
    ck_assert_uint_eq(r.n, 2);

    /* Stopped from inside the callback: no status, nothing scheduled. */
    r.stop_in_events = 1;
    follow_for_stop = f;
    advance(SL_LOGS_FOLLOW_INTERVAL_MS);
    push_page("1003:c", NULL);
    turn(c, f);
    ck_assert_uint_eq(r.n, 3);
    ck_assert(!sl_logs_follow_running(f));
    ck_assert_int_eq(sl_logs_follow_next_due_ms(f), -1);
    r.stop_in_events = 0;

    /* Freed from inside the callback. */
    sl_logs_follow_start(f);
    r.free_me = &f;
    push_page("1004:d", NULL);
    turn(c, f);
    ck_assert_uint_eq(r.n, 4);
    ck_assert_ptr_null(f);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_follow_refuses_bad_options)
{
    static const char *const groups[] = {"/g"};
    static const char *const empty_group[] = {""};
    char pattern[SL_LOGS_FILTER_PATTERN_MAX + 2];
    struct sl_logs_follow_opts o;
    struct sl_logs_follow *f = (struct sl_logs_follow *)&o;
    struct sl_error err;
    struct rec r;

    memset(pattern, 'p', sizeof(pattern) - 1);
    pattern[sizeof(pattern) - 1] = '\0';
    memset(&o, 0, sizeof(o));
    o.on_events = on_events;
    o.ud = &r;
    fake_clock = sl_test_clock_init(&fclock, FC_EPOCH_MS);
    o.clock = fake_clock;
    ck_assert_int_eq(sl_logs_follow_new(NULL, &o, &f, &err), SL_EINVAL); /* no group */
    ck_assert_ptr_null(f);
    o.groups = empty_group;
    o.ngroups = 1;
    ck_assert_int_eq(sl_logs_follow_new(NULL, &o, &f, &err), SL_EINVAL);
    o.groups = groups;
    o.filter_pattern = pattern;
    ck_assert_int_eq(sl_logs_follow_new(NULL, &o, &f, &err), SL_EINVAL);
    ck_assert(err.message[0]);
    o.filter_pattern = NULL;
    o.on_events = NULL;
    ck_assert_int_eq(sl_logs_follow_new(NULL, &o, &f, &err), SL_EINVAL);
    /* start_ms <= 0 means now. */
    o.on_events = on_events;
    fclock.mono = 5;
    ck_assert_int_eq(sl_logs_follow_new(NULL, &o, &f, &err), SL_OK);
    ck_assert_int_eq(sl_logs_follow_group_start(f, 0), 1714550400005LL);
    sl_logs_follow_free(&f);
}
END_TEST

static Suite *follow_suite(void)
{
    Suite *s = suite_create("logs_follow");
    TCase *t;

    t = tcase_create("pure");
    tcase_add_test(t, test_seen_boundary_millisecond);
    tcase_add_test(t, test_seen_boundary_survives_small_recent_set);
    tcase_add_test(t, test_seen_bounded_memory);
    tcase_add_test(t, test_seen_without_event_id);
    tcase_add_loop_test(t, test_next_start, 0, (int)NELEM(start_cases));
    tcase_add_loop_test(t, test_backoff, 0, (int)NELEM(backoff_cases));
    tcase_add_test(t, test_backoff_never_exceeds_cap);
    tcase_add_test(t, test_sort_merge_order);
    suite_add_tcase(s, t);

    t = tcase_create("follower");
    tcase_add_test(t, test_follow_polls_and_dedupes);
    tcase_add_test(t, test_follow_merges_groups);
    tcase_add_test(t, test_follow_throttle_resumes_in_place);
    tcase_add_test(t, test_follow_backoff_capped);
    tcase_add_test(t, test_follow_fatal_then_resume);
    tcase_add_test(t, test_follow_empty_page_with_token);
    tcase_add_test(t, test_follow_round_cap_yields);
    tcase_add_test(t, test_follow_invalid_token_restarts_group);
    tcase_add_test(t, test_follow_stop_and_free);
    tcase_add_test(t, test_follow_callbacks_may_free_stop_and_steal);
    tcase_add_test(t, test_follow_refuses_bad_options);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(follow_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
