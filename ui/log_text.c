#include "log_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "log_format.h"
#include "log_ring.h"
#include "logs.h"
#include "text.h"

void sl_log_text_time(long long ms, enum sl_log_times times, char out[16])
{
    char t[16];

    switch (times) {
    case SL_LOG_TIMES_LOCAL:
        sl_log_time_short(ms, 1, out);
        break;
    case SL_LOG_TIMES_UTC:
        sl_log_time_short(ms, 0, t);
        snprintf(out, 16, "%.8sZ", t);
        break;
    default:
        out[0] = '\0';
        break;
    }
}

enum sl_err sl_log_text_event(struct sl_buf *out, const struct sl_log_event *ev)
{
    return sl_log_format_message(out, ev, 0);
}

char *sl_log_text_json(const char *text, size_t len)
{
    struct sl_buf b;
    char *pretty;
    size_t i = 0;

    while (i < len && text[i] == ' ')
        i++;
    if (i == len || (text[i] != '{' && text[i] != '['))
        return NULL; /* cheap test first: most lines are not JSON */
    pretty = sl_json_pretty(text + i, len - i);
    if (!pretty)
        return NULL;
    sl_buf_init(&b, 0);
    /* the parser decoded \u escapes: make what they stood for visible again */
    if (sl_text_sanitize(&b, pretty, strlen(pretty), 1)) {
        free(pretty);
        sl_buf_free(&b);
        return NULL;
    }
    free(pretty);
    return sl_buf_take(&b);
}

void sl_log_rows_init(struct sl_log_rows *it, const char *text, size_t len, int width, int wrap)
{
    it->p = text ? text : "";
    it->end = it->p + (text ? len : 0);
    it->width = width > 0 ? width : 1;
    it->wrap = wrap;
    it->done = 0;
}

/* Bytes of p[0..n) that fit in width columns; at least one character. */
static size_t fit(const char *p, size_t n, int width)
{
    char buf[4096];
    size_t k, take = n < sizeof(buf) - 1 ? n : sizeof(buf) - 1;

    /* a column takes at most 4 bytes (8 leaves room for combining marks): copy no more */
    if (take > (size_t)width * 8 + 16)
        take = (size_t)width * 8 + 16;
    while (take > 0 && take < n && ((unsigned char)p[take] & 0xC0) == 0x80)
        take--;
    memcpy(buf, p, take);
    buf[take] = '\0';
    k = sl_text_fit(buf, width);
    if (!k && n) {
        k = 1;
        while (k < n && ((unsigned char)p[k] & 0xC0) == 0x80)
            k++;
    }
    return k;
}

int sl_log_rows_next(struct sl_log_rows *it, const char **start, size_t *len)
{
    const char *nl;
    size_t n;

    if (it->done)
        return 0;
    nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    n = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
    *start = it->p;
    if (it->wrap && n > 0) {
        size_t k = fit(it->p, n, it->width), i;

        if (k < n) {
            /* break after a space when one is near the edge: words stay whole */
            for (i = k; i > k - k / 3 && i > 1; i--) {
                if (it->p[i - 1] == ' ') {
                    k = i;
                    break;
                }
            }
            *len = k;
            it->p += k;
            return 1;
        }
    }
    *len = n;
    if (nl)
        it->p = nl + 1;
    else
        it->done = 1;
    return 1;
}

size_t sl_log_rows_count(const char *text, size_t len, int width, int wrap)
{
    struct sl_log_rows it;
    const char *s;
    size_t n = 0, l;

    sl_log_rows_init(&it, text, len, width, wrap);
    while (sl_log_rows_next(&it, &s, &l))
        n++;
    return n ? n : 1;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

const char *sl_log_text_find(const char *hay, size_t len, const char *needle)
{
    size_t nl = needle ? strlen(needle) : 0, i, j;
    int first;

    if (!nl || nl > len)
        return NULL;
    first = lower((unsigned char)needle[0]);
    for (i = 0; i + nl <= len; i++) {
        if (lower((unsigned char)hay[i]) != first)
            continue;
        for (j = 1; j < nl; j++)
            if (lower((unsigned char)hay[i + j]) != lower((unsigned char)needle[j]))
                break;
        if (j == nl)
            return hay + i;
    }
    return NULL;
}

enum sl_err sl_log_text_save_line(struct sl_buf *out, const struct sl_log_line *l,
                                  enum sl_log_times times, const char *label, int label_width)
{
    char when[64];
    const char *p = l->text ? l->text : "", *end = p + l->len;
    enum sl_err rc = SL_OK;

    if (times != SL_LOG_TIMES_NONE) {
        sl_log_time_iso(l->ts, times == SL_LOG_TIMES_LOCAL, when);
        rc = sl_buf_appendf(out, "%s ", when);
    }
    if (!rc && label) {
        int pad = label_width - sl_text_width(label);

        rc = sl_buf_appendf(out, "%s%*s ", label, pad > 0 ? pad : 0, "");
    }
    while (!rc) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));

        rc = sl_buf_append(out, p, nl ? (size_t)(nl - p) : (size_t)(end - p));
        if (!rc)
            rc = sl_buf_append(out, "\n", 1);
        if (!nl || rc)
            break;
        rc = sl_buf_append(out, "    ", 4);
        p = nl + 1;
    }
    return rc;
}
