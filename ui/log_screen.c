#include "log_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log_ring.h"

void sl_log_screen_init(struct sl_log_screen *s, const struct sl_log_ring *ring)
{
    memset(s, 0, sizeof(*s));
    s->ring = ring;
    s->times = SL_LOG_TIMES_LOCAL;
    s->bottom = 1;
    sl_log_screen_layout(s, 80, 20);
}

void sl_log_screen_reset(struct sl_log_screen *s)
{
    s->bottom = 1;
    s->paused = 0;
    s->has_hit = 0;
    s->top_seq = sl_log_ring_first(s->ring);
    s->top_row = 0;
}

int sl_log_screen_time_width(const struct sl_log_screen *s)
{
    switch (s->times) {
    case SL_LOG_TIMES_LOCAL:
        return 8;
    case SL_LOG_TIMES_UTC:
        return 9;
    default:
        return 0;
    }
}

void sl_log_screen_layout(struct sl_log_screen *s, int width, int height)
{
    int tw = sl_log_screen_time_width(s), lw = s->ngroups > 1 ? s->label_w + 1 : 0;

    if (tw)
        tw++; /* a space after it */
    s->width = width;
    s->height = height > 0 ? height : 1;
    s->show_time = tw > 0;
    s->show_label = lw > 0;
    if (width - tw - lw < SL_LOG_TEXT_MIN) {
        s->show_label = 0;
        lw = 0;
    }
    if (width - tw - lw < SL_LOG_TEXT_MIN) {
        s->show_time = 0;
        tw = 0;
    }
    s->pw = tw + lw;
    s->tw = width - s->pw > 1 ? width - s->pw : 1;
}

const char *sl_log_screen_text(const struct sl_log_screen *s, const struct sl_log_line *l,
                               size_t *len, char **owned)
{
    *owned = s->json ? sl_log_text_json(l->text, l->len) : NULL;
    *len = *owned ? strlen(*owned) : l->len;
    return *owned ? *owned : l->text;
}

size_t sl_log_screen_rows(const struct sl_log_screen *s, unsigned long long seq)
{
    const struct sl_log_line *l = sl_log_ring_get(s->ring, seq);
    const char *text;
    char *owned;
    size_t len, n;

    if (!l)
        return 1;
    text = sl_log_screen_text(s, l, &len, &owned);
    n = sl_log_rows_count(text, len, s->tw, s->wrap);
    free(owned);
    return n;
}

/* The anchor that shows the newest rows at the bottom of the screen. */
static void bottom_anchor(const struct sl_log_screen *s, unsigned long long *seq, size_t *row)
{
    unsigned long long first = sl_log_ring_first(s->ring), q = sl_log_ring_end(s->ring);
    size_t need = (size_t)s->height;

    while (q > first) {
        size_t r;

        q--;
        r = sl_log_screen_rows(s, q);
        if (r >= need) {
            *seq = q;
            *row = r - need;
            return;
        }
        need -= r;
    }
    *seq = first;
    *row = 0;
}

static int after(unsigned long long s1, size_t r1, unsigned long long s2, size_t r2)
{
    return s1 > s2 || (s1 == s2 && r1 > r2);
}

/* Keeps the anchor on a line that is held, and the screen full. */
static void clamp(struct sl_log_screen *s)
{
    unsigned long long bs;
    size_t br, rows;

    if (s->top_seq < sl_log_ring_first(s->ring)) {
        s->top_seq = sl_log_ring_first(s->ring);
        s->top_row = 0;
    }
    rows = sl_log_screen_rows(s, s->top_seq);
    if (s->top_row >= rows)
        s->top_row = rows - 1;
    bottom_anchor(s, &bs, &br);
    if (after(s->top_seq, s->top_row, bs, br)) {
        s->top_seq = bs;
        s->top_row = br;
    }
}

/* Leaves the bottom where the screen is. */
static void unstick(struct sl_log_screen *s)
{
    if (!s->bottom)
        return;
    bottom_anchor(s, &s->top_seq, &s->top_row);
    s->bottom = 0;
}

void sl_log_screen_top(struct sl_log_screen *s, unsigned long long *seq, size_t *row)
{
    if (s->bottom) {
        bottom_anchor(s, seq, row);
        return;
    }
    clamp(s);
    *seq = s->top_seq;
    *row = s->top_row;
}

void sl_log_screen_visible(struct sl_log_screen *s, unsigned long long *from,
                           unsigned long long *to)
{
    unsigned long long seq, end = sl_log_ring_end(s->ring);
    size_t rows = 0, skip;

    sl_log_screen_top(s, &seq, &skip);
    *from = seq;
    while (seq < end && rows < (size_t)s->height) {
        size_t r = sl_log_screen_rows(s, seq);

        rows += r > skip ? r - skip : 0;
        skip = 0;
        seq++;
    }
    *to = seq;
}

static void scroll_up(struct sl_log_screen *s, size_t k)
{
    unsigned long long first = sl_log_ring_first(s->ring);

    unstick(s);
    clamp(s);
    while (k > 0) {
        if (s->top_row > 0) {
            size_t d = s->top_row < k ? s->top_row : k;

            s->top_row -= d;
            k -= d;
            continue;
        }
        if (s->top_seq <= first)
            break;
        s->top_seq--;
        s->top_row = sl_log_screen_rows(s, s->top_seq) - 1;
        k--;
    }
}

static void scroll_down(struct sl_log_screen *s, size_t k)
{
    unsigned long long bs;
    size_t br;

    if (s->bottom)
        return;
    clamp(s);
    bottom_anchor(s, &bs, &br);
    while (k > 0 && after(bs, br, s->top_seq, s->top_row)) {
        size_t left = sl_log_screen_rows(s, s->top_seq) - 1 - s->top_row;

        if (left >= k) {
            s->top_row += k;
            k = 0;
        } else {
            k -= left + 1;
            s->top_seq++;
            s->top_row = 0;
        }
    }
    if (after(s->top_seq, s->top_row, bs, br)) {
        s->top_seq = bs;
        s->top_row = br;
    }
}

void sl_log_screen_scroll(struct sl_log_screen *s, long rows)
{
    if (rows < 0)
        scroll_up(s, (size_t)-rows);
    else if (rows > 0)
        scroll_down(s, (size_t)rows);
}

void sl_log_screen_first(struct sl_log_screen *s)
{
    s->bottom = 0;
    s->top_seq = sl_log_ring_first(s->ring);
    s->top_row = 0;
}

void sl_log_screen_last(struct sl_log_screen *s)
{
    s->bottom = 1;
    s->paused = 0;
}

void sl_log_screen_go_to(struct sl_log_screen *s, unsigned long long seq)
{
    s->bottom = 0;
    s->top_seq = seq;
    s->top_row = 0;
    scroll_up(s, (size_t)s->height / 3);
    clamp(s);
}

void sl_log_screen_pause(struct sl_log_screen *s)
{
    if (s->paused) {
        s->paused = 0;
        s->bottom = s->bottom_before_pause;
        return;
    }
    s->paused = 1;
    s->bottom_before_pause = s->bottom;
    s->end_at_pause = sl_log_ring_end(s->ring);
    unstick(s); /* the screen stays where it is */
}

unsigned long long sl_log_screen_new_lines(const struct sl_log_screen *s)
{
    unsigned long long end = sl_log_ring_end(s->ring);

    return s->paused && end > s->end_at_pause ? end - s->end_at_pause : 0;
}

void sl_log_screen_relayout(struct sl_log_screen *s)
{
    if (!s->bottom)
        s->top_row = 0;
    sl_log_screen_layout(s, s->width, s->height);
}

/* ---- search -------------------------------------------------------------------------------- */

int sl_log_screen_line_hit(const struct sl_log_screen *s, unsigned long long seq)
{
    const struct sl_log_line *l = sl_log_ring_get(s->ring, seq);

    return l && s->search[0] && sl_log_text_find(l->text, l->len, s->search) != NULL;
}

/* The first hit from seq on, going forward (dir 1) or back (-1). */
static int find_hit(const struct sl_log_screen *s, unsigned long long seq, int dir,
                    unsigned long long *out)
{
    unsigned long long first = sl_log_ring_first(s->ring), end = sl_log_ring_end(s->ring);

    if (!s->search[0] || first == end)
        return 0;
    if (dir > 0) {
        for (seq = seq < first ? first : seq; seq < end; seq++)
            if (sl_log_screen_line_hit(s, seq))
                return (*out = seq), 1;
        return 0;
    }
    if (seq < first)
        return 0;
    if (seq >= end)
        seq = end - 1;
    for (;; seq--) {
        if (sl_log_screen_line_hit(s, seq))
            return (*out = seq), 1;
        if (seq == first)
            return 0;
    }
}

int sl_log_screen_search(struct sl_log_screen *s, const char *text)
{
    unsigned long long from, to, hit;

    snprintf(s->search, sizeof(s->search), "%s", text ? text : "");
    s->has_hit = 0;
    if (!s->search[0])
        return 0;
    sl_log_screen_visible(s, &from, &to);
    if (find_hit(s, from, 1, &hit) && hit < to) {
        s->has_hit = 1;
        s->hit_seq = hit;
        return 1;
    }
    if ((s->bottom && from > 0 && find_hit(s, from - 1, -1, &hit)) || find_hit(s, to, 1, &hit) ||
        (from > 0 && find_hit(s, from - 1, -1, &hit))) {
        s->has_hit = 1;
        s->hit_seq = hit;
        sl_log_screen_go_to(s, hit);
        return 1;
    }
    return 0;
}

int sl_log_screen_next_hit(struct sl_log_screen *s, int dir)
{
    unsigned long long from, to, hit;
    int found;

    if (!s->search[0])
        return 0;
    sl_log_screen_visible(s, &from, &to);
    if (s->has_hit && s->hit_seq >= sl_log_ring_first(s->ring))
        found = dir > 0 ? find_hit(s, s->hit_seq + 1, 1, &hit)
                        : s->hit_seq > 0 && find_hit(s, s->hit_seq - 1, -1, &hit);
    else
        found = dir > 0 ? find_hit(s, from, 1, &hit) : to > 0 && find_hit(s, to - 1, -1, &hit);
    if (!found)
        return 0;
    s->has_hit = 1;
    s->hit_seq = hit;
    if (hit < from || hit >= to)
        sl_log_screen_go_to(s, hit);
    return 1;
}

int sl_log_screen_arrived(struct sl_log_screen *s, unsigned long long seq, int seek)
{
    if (!seek || s->has_hit || !sl_log_screen_line_hit(s, seq))
        return 0;
    s->has_hit = 1;
    s->hit_seq = seq;
    sl_log_screen_go_to(s, seq);
    return 1;
}
