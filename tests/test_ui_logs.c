/* The logs view's pure parts, without a terminal: the bounded ring of lines (line and byte
 * caps, sequence numbers across drops and clears), what a line looks like (time column, kept
 * text, pretty JSON, rows cut or wrapped, search hits, saved text), where the screen is
 * (sticking to the newest line, scrolling, pausing, search hits, lines dropped under it) and
 * the view's windows (`1`..`6`, an alarm's moment) and file name. */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cloudwatch.h"
#include "log_ring.h"
#include "log_screen.h"
#include "log_text.h"
#include "logs.h"
#include "view_logs.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define NOW 1714564800000LL /* 2024-05-01T12:00:00Z */

static void push_str(struct sl_log_ring *r, long long ts, const char *s)
{
    ck_assert_int_eq(sl_log_ring_push(r, ts, 0, s, strlen(s)), SL_OK);
}

/* ---- the ring ------------------------------------------------------------------------------ */

START_TEST(test_ring_basics)
{
    struct sl_log_ring r;
    const struct sl_log_line *l;

    sl_log_ring_init(&r, 3, 0);
    ck_assert_uint_eq(sl_log_ring_first(&r), 0);
    ck_assert_uint_eq(sl_log_ring_end(&r), 0);
    ck_assert_ptr_null(sl_log_ring_get(&r, 0));
    ck_assert_int_eq(sl_log_ring_push(&r, NOW, 2, "one", 3), SL_OK);
    push_str(&r, NOW + 1, "two");
    push_str(&r, NOW + 2, "three");
    l = sl_log_ring_get(&r, 0);
    ck_assert_str_eq(l->text, "one");
    ck_assert_uint_eq(l->group, 2);
    ck_assert_int_eq(l->ts, NOW);
    ck_assert_uint_eq(r.bytes, 11);
    /* full: the oldest goes, sequence numbers go on */
    push_str(&r, NOW + 3, "four");
    ck_assert_uint_eq(r.n, 3);
    ck_assert_uint_eq(sl_log_ring_first(&r), 1);
    ck_assert_uint_eq(sl_log_ring_end(&r), 4);
    ck_assert_ptr_null(sl_log_ring_get(&r, 0));
    ck_assert_str_eq(sl_log_ring_get(&r, 1)->text, "two");
    ck_assert_str_eq(sl_log_ring_get(&r, 3)->text, "four");
    ck_assert_ptr_null(sl_log_ring_get(&r, 4));
    ck_assert_uint_eq(r.dropped, 1);
    ck_assert_uint_eq(r.bytes, 3 + 5 + 4);
    /* clear: nothing held, numbers are not reused */
    sl_log_ring_clear(&r);
    ck_assert_uint_eq(r.n, 0);
    ck_assert_uint_eq(r.bytes, 0);
    ck_assert_uint_eq(r.dropped, 0);
    ck_assert_uint_eq(sl_log_ring_first(&r), 4);
    push_str(&r, NOW, "five");
    ck_assert_str_eq(sl_log_ring_get(&r, 4)->text, "five");
    sl_log_ring_cleanup(&r);
    ck_assert_uint_eq(r.n, 0);
    ck_assert_uint_eq(r.max_lines, 3);
}
END_TEST

START_TEST(test_ring_grows_and_wraps)
{
    struct sl_log_ring r;
    char buf[32];
    unsigned long long i;

    /* more than the first allocation, then round and round */
    sl_log_ring_init(&r, 1000, 0);
    for (i = 0; i < 5000; i++) {
        snprintf(buf, sizeof(buf), "line %llu", i);
        push_str(&r, (long long)i, buf);
    }
    ck_assert_uint_eq(r.n, 1000);
    ck_assert_uint_eq(r.alloc, 1000);
    ck_assert_uint_eq(sl_log_ring_first(&r), 4000);
    for (i = 4000; i < 5000; i++) {
        snprintf(buf, sizeof(buf), "line %llu", i);
        ck_assert_str_eq(sl_log_ring_get(&r, i)->text, buf);
        ck_assert_int_eq(sl_log_ring_get(&r, i)->ts, (long long)i);
    }
    ck_assert_uint_eq(r.dropped, 4000);
    sl_log_ring_cleanup(&r);
}
END_TEST

START_TEST(test_ring_byte_cap)
{
    struct sl_log_ring r;
    char big[100];

    /* at most 10 bytes of text, whatever the line count */
    sl_log_ring_init(&r, 100, 10);
    push_str(&r, 1, "abcd");
    push_str(&r, 2, "efgh");
    ck_assert_uint_eq(r.n, 2);
    push_str(&r, 3, "ijkl"); /* 12 > 10: the oldest goes */
    ck_assert_uint_eq(r.n, 2);
    ck_assert_uint_eq(r.bytes, 8);
    ck_assert_str_eq(sl_log_ring_get(&r, 1)->text, "efgh");
    /* a line longer than the cap is cut to it (at a character boundary), alone in the ring */
    memset(big, 'x', sizeof(big));
    memcpy(big + 8, "\xc3\xa4", 2); /* "ä" across the cut at 10 */
    ck_assert_int_eq(sl_log_ring_push(&r, 4, 0, big, sizeof(big)), SL_OK);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(sl_log_ring_get(&r, 3)->text, "xxxxxxxx\xc3\xa4");
    ck_assert_int_eq(sl_log_ring_push(&r, 5, 0, big + 1, 9), SL_OK);
    ck_assert_str_eq(sl_log_ring_get(&r, 4)->text, "xxxxxxx\xc3\xa4"); /* 9 bytes fit */
    /* a NUL ends the text */
    ck_assert_int_eq(sl_log_ring_push(&r, 6, 0, "ab\0cd", 5), SL_OK);
    ck_assert_str_eq(sl_log_ring_get(&r, 5)->text, "ab");
    ck_assert_uint_eq(sl_log_ring_get(&r, 5)->len, 2);
    sl_log_ring_cleanup(&r);
}
END_TEST

START_TEST(test_ring_defaults)
{
    struct sl_log_ring r;

    ck_assert_uint_eq(sl_log_ring_default_bytes(100), (size_t)1 << 20);
    ck_assert_uint_eq(sl_log_ring_default_bytes(100000), (size_t)100000 * 512);
    ck_assert_uint_eq(sl_log_ring_default_bytes(1000000), (size_t)256 << 20);
    sl_log_ring_init(&r, 0, 0);
    ck_assert_uint_eq(r.max_lines, 1);
    push_str(&r, 1, "a");
    push_str(&r, 2, "b");
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(sl_log_ring_get(&r, 1)->text, "b");
    sl_log_ring_cleanup(&r);
}
END_TEST

/* 100,000 lines of a noisy function: the ring keeps its caps. */
START_TEST(test_ring_noisy)
{
    struct sl_log_ring r;
    char line[300];
    size_t i;

    memset(line, 'n', sizeof(line));
    sl_log_ring_init(&r, 10000, 1000000);
    for (i = 0; i < 100000; i++)
        ck_assert_int_eq(sl_log_ring_push(&r, (long long)i, 0, line, 200 + i % 100), SL_OK);
    ck_assert_uint_le(r.n, 10000);
    ck_assert_uint_le(r.bytes, 1000000);
    ck_assert_uint_eq(sl_log_ring_end(&r), 100000);
    ck_assert_uint_eq(r.first + r.n, 100000);
    sl_log_ring_cleanup(&r);
}
END_TEST

/* ---- what a line looks like ---------------------------------------------------------------- */

START_TEST(test_text_time)
{
    char out[16];

    setenv("TZ", "UTC-2", 1); /* two hours east */
    tzset();
    sl_log_text_time(NOW + 3120, SL_LOG_TIMES_LOCAL, out);
    ck_assert_str_eq(out, "14:00:03");
    sl_log_text_time(NOW + 3120, SL_LOG_TIMES_UTC, out);
    ck_assert_str_eq(out, "12:00:03Z");
    sl_log_text_time(NOW, SL_LOG_TIMES_NONE, out);
    ck_assert_str_eq(out, "");
    setenv("TZ", "UTC", 1);
    tzset();
}
END_TEST

static char *event_text(const char *msg, size_t len)
{
    struct sl_log_event ev;
    struct sl_buf b;
    char *copy = malloc(len + 1);

    memcpy(copy, msg, len);
    copy[len] = '\0';
    memset(&ev, 0, sizeof(ev));
    ev.message = copy;
    ev.message_len = len;
    sl_buf_init(&b, 0);
    ck_assert_int_eq(sl_log_text_event(&b, &ev), SL_OK);
    free(copy);
    return sl_buf_take(&b);
}

START_TEST(test_text_event)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"START RequestId: 1 Version: $LATEST\n", "START RequestId: 1 Version: $LATEST"},
        {"a\tb\r\n", "a b"},
        {"TypeError: x\n    at f (a.js:1:2)\n", "TypeError: x\n    at f (a.js:1:2)"},
        {"one\r\ntwo", "one\ntwo"},
        {"progress 10%\rprogress 100%", "progress 10%^Mprogress 100%"},
        {"display name: \x1b[31mred\x1b[0m", "display name: ^[[31mred^[[0m"},
        {"\x1b]0;pwned-title\x07", "^[]0;pwned-title^G"},
        {"\x1b[2J\x1b[Hscreen cleared", "^[[2J^[[Hscreen cleared"},
        {"rtl \xe2\x80\xae"
         "gnp.exe\xe2\x80\xac",
         "rtl \\u202Egnp.exe\\u202C"},
        {"Gr\xc3\xbc\xc3\x9f"
         "e",
         "Gr\xc3\xbc\xc3\x9f"
         "e"},
        {"bad \xff byte", "bad \\xFF byte"},
        {"", ""},
    };
    size_t i;

    for (i = 0; i < NELEM(cases); i++) {
        char *t = event_text(cases[i].in, strlen(cases[i].in));

        ck_assert_msg(t && !strcmp(t, cases[i].out), "case %zu: \"%s\"", i, t ? t : "(null)");
        free(t);
    }
    {
        char *t = event_text("a\0b", 3); /* a NUL is made visible too */

        ck_assert_str_eq(t, "a^@b");
        free(t);
    }
}
END_TEST

START_TEST(test_text_json)
{
    const char *line = "{\"level\":\"info\",\"msg\":\"user fetched\",\"n\":[1,2]}";
    char *p = sl_log_text_json(line, strlen(line));

    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(strstr(p, "\n"));
    ck_assert_ptr_nonnull(strstr(p, "\"msg\": \"user fetched\""));
    ck_assert_int_eq(p[0], '{');
    free(p);
    /* what the parser decodes is made visible again */
    line = "{\"name\":\"\\u001b[31mred \\u202e x\"}";
    p = sl_log_text_json(line, strlen(line));
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_null(strchr(p, 0x1b));
    ck_assert_ptr_nonnull(strstr(p, "\\u001b[31mred")); /* re-escaped by the printer */
    ck_assert_ptr_nonnull(strstr(p, "\\u202E"));
    free(p);
    ck_assert_ptr_null(sl_log_text_json("START RequestId: x", 18));
    ck_assert_ptr_null(sl_log_text_json("{not json", 9));
    ck_assert_ptr_null(sl_log_text_json("", 0));
    p = sl_log_text_json("  [1]", 5);
    ck_assert_ptr_nonnull(p);
    free(p);
}
END_TEST

/* The rows of text at width, joined with '|'. */
static void rows_of(const char *text, int width, int wrap, char *out, size_t len)
{
    struct sl_log_rows it;
    const char *s;
    size_t n, used = 0, rows = 0;

    out[0] = '\0';
    sl_log_rows_init(&it, text, strlen(text), width, wrap);
    while (sl_log_rows_next(&it, &s, &n)) {
        int w = snprintf(out + used, len - used, "%s%.*s", rows++ ? "|" : "", (int)n, s);

        if (w > 0)
            used += (size_t)w;
    }
}

START_TEST(test_text_rows)
{
    char out[256];

    rows_of("short", 10, 0, out, sizeof(out));
    ck_assert_str_eq(out, "short");
    rows_of("a longer line than ten", 10, 0, out, sizeof(out));
    ck_assert_str_eq(out, "a longer line than ten"); /* cut when drawn */
    rows_of("one\ntwo", 10, 0, out, sizeof(out));
    ck_assert_str_eq(out, "one|two");
    rows_of("abcdefghijklmnopqrstuvwxyz", 10, 1, out, sizeof(out));
    ck_assert_str_eq(out, "abcdefghij|klmnopqrst|uvwxyz");
    rows_of("Duration: 12.55 ms Billed", 12, 1, out, sizeof(out));
    ck_assert_str_eq(out, "Duration: |12.55 ms |Billed"); /* after a space near the edge */
    rows_of("ab\ncdefghijkl", 5, 1, out, sizeof(out));
    ck_assert_str_eq(out, "ab|cdefg|hijkl");
    /* wide characters: two columns each */
    rows_of("\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e", 5, 1, out, sizeof(out));
    ck_assert_str_eq(out, "\xe5\xb1\xb1\xe7\x94\xb0|\xe5\xa4\xaa\xe9\x83\x8e");
    /* at least one character a row, even when it is wider than the row */
    rows_of("\xe5\xb1\xb1x", 1, 1, out, sizeof(out));
    ck_assert_str_eq(out, "\xe5\xb1\xb1|x");
    ck_assert_uint_eq(sl_log_rows_count("", 0, 10, 1), 1);
    ck_assert_uint_eq(sl_log_rows_count("a\n\nb", 4, 10, 0), 3);
    ck_assert_uint_eq(sl_log_rows_count("abcdefghijklmnopqrstuvwxyz", 26, 10, 1), 3);
    ck_assert_uint_eq(sl_log_rows_count("abcdefghijklmnopqrstuvwxyz", 26, 10, 0), 1);
    ck_assert_uint_eq(sl_log_rows_count("abcdefghij", 10, 10, 1), 1);
}
END_TEST

START_TEST(test_text_find)
{
    const char *hay = "REPORT RequestId: 4b99f430 Duration: 12.55 ms";

    ck_assert_ptr_eq(sl_log_text_find(hay, strlen(hay), "requestid"), hay + 7);
    ck_assert_ptr_eq(sl_log_text_find(hay, strlen(hay), "4B99"), hay + 18);
    ck_assert_ptr_eq(sl_log_text_find(hay, strlen(hay), "ms"), hay + strlen(hay) - 2);
    ck_assert_ptr_null(sl_log_text_find(hay, strlen(hay), "ERROR"));
    ck_assert_ptr_null(sl_log_text_find(hay, strlen(hay), ""));
    ck_assert_ptr_null(sl_log_text_find(hay, 5, "REPORT"));
    hay = "Gr\xc3\xbc\xc3\x9f"
          "e"; /* other bytes compare as they are */
    ck_assert_ptr_eq(sl_log_text_find(hay, strlen(hay),
                                      "\xc3\x9f"
                                      "E"),
                     hay + 4);
}
END_TEST

START_TEST(test_text_save_line)
{
    struct sl_log_line l;
    struct sl_buf b;

    setenv("TZ", "UTC", 1);
    tzset();
    memset(&l, 0, sizeof(l));
    l.ts = NOW + 3120;
    l.text = (char *)"TypeError: x\n    at f";
    l.len = strlen(l.text);
    sl_buf_init(&b, 0);
    ck_assert_int_eq(sl_log_text_save_line(&b, &l, SL_LOG_TIMES_UTC, NULL, 0), SL_OK);
    ck_assert_str_eq(sl_buf_str(&b), "2024-05-01T12:00:03.120Z TypeError: x\n        at f\n");
    sl_buf_reset(&b);
    ck_assert_int_eq(sl_log_text_save_line(&b, &l, SL_LOG_TIMES_NONE, "GetUser", 10), SL_OK);
    ck_assert_str_eq(sl_buf_str(&b), "GetUser    TypeError: x\n        at f\n");
    sl_buf_free(&b);
}
END_TEST

/* ---- where the screen is ------------------------------------------------------------------- */

/* A ring of n one-row lines "line I", a screen of 5 rows. */
static void screen_setup(struct sl_log_ring *r, struct sl_log_screen *s, size_t cap, size_t n)
{
    char buf[32];
    size_t i;

    sl_log_ring_init(r, cap, 0);
    for (i = 0; i < n; i++) {
        snprintf(buf, sizeof(buf), "line %zu", i);
        push_str(r, (long long)i, buf);
    }
    sl_log_screen_init(s, r);
    sl_log_screen_layout(s, 40, 5);
}

static unsigned long long top_seq(struct sl_log_screen *s)
{
    unsigned long long seq;
    size_t row;

    sl_log_screen_top(s, &seq, &row);
    return seq;
}

START_TEST(test_screen_layout)
{
    struct sl_log_ring r;
    struct sl_log_screen s;

    screen_setup(&r, &s, 10, 0);
    ck_assert_int_eq(s.pw, 9); /* "12:00:03 " */
    ck_assert_int_eq(s.tw, 31);
    s.times = SL_LOG_TIMES_UTC;
    s.ngroups = 2;
    s.label_w = 15;
    sl_log_screen_layout(&s, 80, 10);
    ck_assert_int_eq(s.pw, 10 + 16);
    ck_assert(s.show_time && s.show_label);
    sl_log_screen_layout(&s, 40, 10); /* the label gives way first */
    ck_assert(s.show_time && !s.show_label);
    ck_assert_int_eq(s.pw, 10);
    sl_log_screen_layout(&s, 25, 10); /* then the time */
    ck_assert(!s.show_time && !s.show_label);
    ck_assert_int_eq(s.tw, 25);
    s.times = SL_LOG_TIMES_NONE;
    ck_assert_int_eq(sl_log_screen_time_width(&s), 0);
    sl_log_ring_cleanup(&r);
}
END_TEST

START_TEST(test_screen_bottom_and_scroll)
{
    struct sl_log_ring r;
    struct sl_log_screen s;
    unsigned long long from, to;

    screen_setup(&r, &s, 100, 20);
    /* at the bottom: the last 5 lines */
    ck_assert_uint_eq(top_seq(&s), 15);
    sl_log_screen_visible(&s, &from, &to);
    ck_assert_uint_eq(from, 15);
    ck_assert_uint_eq(to, 20);
    /* new lines: still the bottom */
    push_str(&r, 20, "line 20");
    ck_assert_uint_eq(top_seq(&s), 16);
    /* up leaves the bottom; the screen then stays while lines arrive */
    sl_log_screen_scroll(&s, -3);
    ck_assert(!s.bottom);
    ck_assert_uint_eq(top_seq(&s), 13);
    push_str(&r, 21, "line 21");
    ck_assert_uint_eq(top_seq(&s), 13);
    /* down stops at the newest row, without sticking to it */
    sl_log_screen_scroll(&s, 100);
    ck_assert_uint_eq(top_seq(&s), 17);
    ck_assert(!s.bottom);
    sl_log_screen_scroll(&s, -100);
    ck_assert_uint_eq(top_seq(&s), 0);
    sl_log_screen_last(&s);
    ck_assert(s.bottom);
    ck_assert_uint_eq(top_seq(&s), 17);
    sl_log_screen_first(&s);
    ck_assert_uint_eq(top_seq(&s), 0);
    /* fewer lines than rows: from the first */
    sl_log_ring_cleanup(&r);
    screen_setup(&r, &s, 100, 3);
    ck_assert_uint_eq(top_seq(&s), 0);
    sl_log_screen_scroll(&s, 2);
    ck_assert_uint_eq(top_seq(&s), 0);
    sl_log_ring_cleanup(&r);
}
END_TEST

START_TEST(test_screen_rows)
{
    struct sl_log_ring r;
    struct sl_log_screen s;
    unsigned long long seq;
    size_t row;

    screen_setup(&r, &s, 100, 0);
    push_str(&r, 1, "a\nb\nc"); /* three rows */
    push_str(&r, 2, "{\"k\":1,\"l\":2}");
    push_str(&r, 3, "z");
    ck_assert_uint_eq(sl_log_screen_rows(&s, 0), 3);
    ck_assert_uint_eq(sl_log_screen_rows(&s, 1), 1);
    ck_assert_uint_eq(sl_log_screen_rows(&s, 99), 1);
    s.json = 1;
    ck_assert_uint_eq(sl_log_screen_rows(&s, 1), 4);
    /* 3 + 4 + 1 rows, 5 on screen: the bottom starts inside line 0 */
    sl_log_screen_top(&s, &seq, &row);
    ck_assert_uint_eq(seq, 1);
    ck_assert_uint_eq(row, 0);
    sl_log_screen_layout(&s, 40, 7);
    sl_log_screen_top(&s, &seq, &row);
    ck_assert_uint_eq(seq, 0);
    ck_assert_uint_eq(row, 1);
    /* one row up from there */
    sl_log_screen_scroll(&s, -1);
    sl_log_screen_top(&s, &seq, &row);
    ck_assert_uint_eq(seq, 0);
    ck_assert_uint_eq(row, 0);
    sl_log_screen_scroll(&s, 1);
    sl_log_screen_top(&s, &seq, &row);
    ck_assert_uint_eq(row, 1);
    /* the rows change (JSON off): the top line stays at the top, the screen stays full */
    s.json = 0;
    sl_log_screen_relayout(&s);
    sl_log_screen_top(&s, &seq, &row);
    ck_assert_uint_eq(seq, 0);
    ck_assert_uint_eq(row, 0);
    sl_log_ring_cleanup(&r);
}
END_TEST

START_TEST(test_screen_pause)
{
    struct sl_log_ring r;
    struct sl_log_screen s;

    screen_setup(&r, &s, 100, 10);
    sl_log_screen_pause(&s);
    ck_assert(s.paused);
    ck_assert_uint_eq(top_seq(&s), 5);
    push_str(&r, 10, "line 10");
    push_str(&r, 11, "line 11");
    ck_assert_uint_eq(top_seq(&s), 5); /* stays put */
    ck_assert_uint_eq(sl_log_screen_new_lines(&s), 2);
    sl_log_screen_pause(&s); /* resumes where it was: at the bottom */
    ck_assert(!s.paused && s.bottom);
    ck_assert_uint_eq(top_seq(&s), 7);
    ck_assert_uint_eq(sl_log_screen_new_lines(&s), 0);
    /* paused while scrolled up: resuming stays scrolled */
    sl_log_screen_scroll(&s, -2);
    sl_log_screen_pause(&s);
    sl_log_screen_pause(&s);
    ck_assert(!s.bottom);
    ck_assert_uint_eq(top_seq(&s), 5);
    /* End resumes too */
    sl_log_screen_pause(&s);
    sl_log_screen_last(&s);
    ck_assert(!s.paused && s.bottom);
    sl_log_ring_cleanup(&r);
}
END_TEST

START_TEST(test_screen_drops)
{
    struct sl_log_ring r;
    struct sl_log_screen s;
    char buf[32];
    int i;

    /* the anchor's line goes out of the ring: the screen moves to the oldest held */
    screen_setup(&r, &s, 10, 10);
    sl_log_screen_first(&s);
    ck_assert_uint_eq(top_seq(&s), 0);
    for (i = 10; i < 13; i++) {
        snprintf(buf, sizeof(buf), "line %d", i);
        push_str(&r, i, buf);
    }
    ck_assert_uint_eq(top_seq(&s), 3);
    /* cleared: back to the bottom */
    sl_log_ring_clear(&r);
    sl_log_screen_reset(&s);
    ck_assert_uint_eq(top_seq(&s), 13);
    sl_log_ring_cleanup(&r);
}
END_TEST

START_TEST(test_screen_search)
{
    struct sl_log_ring r;
    struct sl_log_screen s;
    unsigned long long from, to;

    screen_setup(&r, &s, 100, 0);
    push_str(&r, 0, "START RequestId: aaa");
    push_str(&r, 1, "work aaa");
    push_str(&r, 2, "START RequestId: bbb");
    push_str(&r, 3, "END RequestId: aaa");
    push_str(&r, 4, "filler");
    push_str(&r, 5, "filler");
    push_str(&r, 6, "filler");
    push_str(&r, 7, "filler");
    push_str(&r, 8, "filler");
    push_str(&r, 9, "REPORT RequestId: bbb");
    /* at the bottom (lines 5..9): bbb is on screen */
    ck_assert_int_eq(sl_log_screen_search(&s, "BBB"), 1);
    ck_assert_uint_eq(s.hit_seq, 9);
    ck_assert(s.bottom);
    ck_assert(sl_log_screen_line_hit(&s, 2));
    ck_assert(!sl_log_screen_line_hit(&s, 4));
    /* aaa is not: the screen goes back to the nearest one */
    ck_assert_int_eq(sl_log_screen_search(&s, "aaa"), 1);
    ck_assert_uint_eq(s.hit_seq, 3);
    ck_assert(!s.bottom);
    sl_log_screen_visible(&s, &from, &to);
    ck_assert(from <= 3 && 3 < to);
    ck_assert_int_eq(sl_log_screen_next_hit(&s, -1), 1);
    ck_assert_uint_eq(s.hit_seq, 1);
    ck_assert_int_eq(sl_log_screen_next_hit(&s, -1), 1);
    ck_assert_uint_eq(s.hit_seq, 0);
    ck_assert_int_eq(sl_log_screen_next_hit(&s, -1), 0); /* nothing before */
    ck_assert_uint_eq(s.hit_seq, 0);
    ck_assert_int_eq(sl_log_screen_next_hit(&s, 1), 1);
    ck_assert_int_eq(sl_log_screen_next_hit(&s, 1), 1);
    ck_assert_uint_eq(s.hit_seq, 3);
    ck_assert_int_eq(sl_log_screen_next_hit(&s, 1), 0); /* nothing after */
    ck_assert_int_eq(sl_log_screen_search(&s, "nowhere"), 0);
    ck_assert(!s.has_hit);
    ck_assert_int_eq(sl_log_screen_next_hit(&s, 1), 0);
    ck_assert_int_eq(sl_log_screen_search(&s, ""), 0);
    ck_assert_str_eq(s.search, "");
    /* a request id handed over: the first line holding it that arrives is gone to */
    sl_log_screen_last(&s);
    snprintf(s.search, sizeof(s.search), "%s", "ccc");
    push_str(&r, 10, "START RequestId: ccc");
    ck_assert_int_eq(sl_log_screen_arrived(&s, 10, 1), 1);
    ck_assert(!s.bottom);
    ck_assert_uint_eq(s.hit_seq, 10);
    push_str(&r, 11, "END RequestId: ccc");
    ck_assert_int_eq(sl_log_screen_arrived(&s, 11, 1), 0); /* only the first */
    sl_log_ring_cleanup(&r);
}
END_TEST

/* ---- the view's windows and file name ------------------------------------------------------ */

START_TEST(test_ranges)
{
    ck_assert_int_eq(sl_logs_range_ms('1'), 60000);
    ck_assert_int_eq(sl_logs_range_ms('2'), 300000);
    ck_assert_int_eq(sl_logs_range_ms('3'), 900000);
    ck_assert_int_eq(sl_logs_range_ms('4'), 1800000);
    ck_assert_int_eq(sl_logs_range_ms('5'), 3600000);
    ck_assert_int_eq(sl_logs_range_ms('6'), 86400000);
    ck_assert_int_eq(sl_logs_range_ms('0'), 0);
    ck_assert_int_eq(sl_logs_range_ms('7'), 0);
}
END_TEST

START_TEST(test_alarm_window)
{
    struct sl_cw_alarm a;
    long long start = -1, end = -1;

    memset(&a, 0, sizeof(a));
    ck_assert_int_eq(sl_logs_alarm_window(&a, &start, &end), 0);
    ck_assert_int_eq(start, -1);
    ck_assert_int_eq(sl_logs_alarm_window(NULL, &start, &end), 0);
    a.state_transitioned_ms = NOW - 60000;
    ck_assert_int_eq(sl_logs_alarm_window(&a, &start, &end), 1);
    ck_assert_int_eq(start, NOW - 60000 - 15 * 60000);
    a.state_updated_ms = NOW;
    ck_assert_int_eq(sl_logs_alarm_window(&a, &start, &end), 1);
    ck_assert_int_eq(start, NOW - 15 * 60000);
    ck_assert_int_eq(end, NOW + 5 * 60000);
    /* the screen goes to where the datapoints that made it fire begin */
    ck_assert_int_eq(sl_logs_alarm_focus(&a), NOW - 60000);
    a.period = 300;
    a.evaluation_periods = 2;
    ck_assert_int_eq(sl_logs_alarm_focus(&a), NOW - 600000);
    a.evaluation_periods = 10; /* never before the window */
    ck_assert_int_eq(sl_logs_alarm_focus(&a), NOW - 15 * 60000);
    ck_assert_int_eq(sl_logs_alarm_focus(NULL), 0);
}
END_TEST

START_TEST(test_window_text)
{
    char out[128];

    setenv("TZ", "UTC-2", 1);
    tzset();
    sl_logs_window_text(600000, 0, 0, 0, out, sizeof(out));
    ck_assert_str_eq(out, "last 10 min, following");
    sl_logs_window_text(3600000, 0, 0, 0, out, sizeof(out));
    ck_assert_str_eq(out, "last 1 h, following");
    sl_logs_window_text(90000, 0, 0, 0, out, sizeof(out));
    ck_assert_str_eq(out, "last 90 s, following");
    sl_logs_window_text(0, NOW, 0, 0, out, sizeof(out));
    ck_assert_str_eq(out, "since 14:00:00, following");
    sl_logs_window_text(0, NOW - 900000, NOW + 300000, 0, out, sizeof(out));
    ck_assert_str_eq(out, "13:45:00 - 14:05:00");
    sl_logs_window_text(0, NOW - 900000, NOW + 300000, 1, out, sizeof(out));
    ck_assert_str_eq(out, "11:45:00Z - 12:05:00Z");
    setenv("TZ", "UTC", 1);
    tzset();
}
END_TEST

START_TEST(test_save_name)
{
    char out[256];

    setenv("TZ", "UTC", 1);
    tzset();
    sl_logs_save_name("users-api-GetUserFunction-4XJ2K9LQ7ZAB", NOW + 3000, out, sizeof(out));
    ck_assert_str_eq(out, "slctl-logs-users-api-GetUserFunction-4XJ2K9LQ7ZAB-20240501-120003.log");
    sl_logs_save_name("/aws/lambda/x y", NOW, out, sizeof(out));
    ck_assert_str_eq(out, "slctl-logs-aws_lambda_x_y-20240501-120000.log");
    sl_logs_save_name("../../etc", NOW, out, sizeof(out));
    ck_assert_str_eq(out, "slctl-logs-etc-20240501-120000.log");
    sl_logs_save_name(NULL, NOW, out, sizeof(out));
    ck_assert_str_eq(out, "slctl-logs-20240501-120000.log");
}
END_TEST

static Suite *logs_suite(void)
{
    Suite *s = suite_create("ui-logs");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_ring_basics);
    tcase_add_test(tc, test_ring_grows_and_wraps);
    tcase_add_test(tc, test_ring_byte_cap);
    tcase_add_test(tc, test_ring_defaults);
    tcase_add_test(tc, test_ring_noisy);
    tcase_add_test(tc, test_text_time);
    tcase_add_test(tc, test_text_event);
    tcase_add_test(tc, test_text_json);
    tcase_add_test(tc, test_text_rows);
    tcase_add_test(tc, test_text_find);
    tcase_add_test(tc, test_text_save_line);
    tcase_add_test(tc, test_screen_layout);
    tcase_add_test(tc, test_screen_bottom_and_scroll);
    tcase_add_test(tc, test_screen_rows);
    tcase_add_test(tc, test_screen_pause);
    tcase_add_test(tc, test_screen_drops);
    tcase_add_test(tc, test_screen_search);
    tcase_add_test(tc, test_ranges);
    tcase_add_test(tc, test_alarm_window);
    tcase_add_test(tc, test_window_text);
    tcase_add_test(tc, test_save_name);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    unsetenv("LANGUAGE");
    setenv("TZ", "UTC", 1);
    tzset();
    sr = srunner_create(logs_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
