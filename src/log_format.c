#include "log_format.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "text.h"

int sl_log_format_parse(const char *s, enum sl_log_format *out)
{
    if (!s)
        return -1;
    if (!strcmp(s, "short"))
        *out = SL_LOG_SHORT;
    else if (!strcmp(s, "detailed"))
        *out = SL_LOG_DETAILED;
    else if (!strcmp(s, "json"))
        *out = SL_LOG_JSON;
    else
        return -1;
    return 0;
}

/* ---- times ----------------------------------------------------------------------------- */

static int take_digits(const char **p, int n, int *out)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

/* "10m" and friends: 0 and the milliseconds, or -1. */
static int parse_duration(const char *s, long long *ms)
{
    static const struct {
        char unit;
        long long ms;
    } units[] = {
        {'s', 1000LL}, {'m', 60000LL}, {'h', 3600000LL}, {'d', 86400000LL}, {'w', 604800000LL}};
    char *end = NULL;
    long long v;
    size_t i;

    if (!isdigit((unsigned char)s[0]))
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || !end || !end[0] || end[1] || v > 100LL * 365 * 86400)
        return -1;
    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (*end == units[i].unit) {
            *ms = v * units[i].ms;
            return 0;
        }
    }
    return -1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (no time zone involved). */
static long long days_from_civil(int y, int m, int d)
{
    long long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int parse_time(const char *s, int local, long long *ms)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, tzh = 0, tzm = 0, sign = 0, zone = 0;
    int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (take_digits(&p, 4, &y) || *p++ != '-' || take_digits(&p, 2, &mo) || *p++ != '-' ||
        take_digits(&p, 2, &d))
        return -1;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (take_digits(&p, 2, &h) || *p++ != ':' || take_digits(&p, 2, &mi))
            return -1;
        if (*p == ':') {
            p++;
            if (take_digits(&p, 2, &sec))
                return -1;
            if (*p == '.') {
                int scale = 100;

                p++;
                if (!isdigit((unsigned char)*p))
                    return -1;
                for (; isdigit((unsigned char)*p); p++) {
                    frac += (*p - '0') * scale;
                    scale /= 10;
                }
            }
        }
    }
    if (*p == 'Z' || *p == 'z') {
        zone = 1;
        p++;
    } else if (*p == '+' || *p == '-') {
        zone = 1;
        sign = *p == '-' ? -1 : 1;
        p++;
        if (take_digits(&p, 2, &tzh))
            return -1;
        if (*p == ':')
            p++;
        if (*p && take_digits(&p, 2, &tzm))
            return -1;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 59 ||
        tzh > 23 || tzm > 59)
        return -1;
    if (zone || !local) {
        long long t = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec;

        t -= (long long)sign * (tzh * 3600LL + tzm * 60LL);
        *ms = t * 1000 + frac;
        return 0;
    } else {
        struct tm tm;
        time_t t;

        memset(&tm, 0, sizeof(tm));
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = h;
        tm.tm_min = mi;
        tm.tm_sec = sec;
        tm.tm_isdst = -1;
        t = mktime(&tm);
        if (t == (time_t)-1)
            return -1;
        *ms = (long long)t * 1000 + frac;
        return 0;
    }
}

int sl_log_time_parse(const char *s, long long now_ms, int local, long long *out_ms)
{
    long long v;

    if (!s || !*s)
        return -1;
    if (parse_duration(s, &v) == 0) {
        *out_ms = now_ms - v;
        return 0;
    }
    if (parse_time(s, local, &v) == 0) {
        *out_ms = v;
        return 0;
    }
    return -1;
}

static void split_ms(long long ms, time_t *sec, int *milli)
{
    long long s = ms / 1000, r = ms % 1000;

    if (r < 0) {
        r += 1000;
        s--;
    }
    *sec = (time_t)s;
    *milli = (int)r;
}

void sl_log_time_short(long long ms, int local, char out[16])
{
    struct tm tm;
    time_t t;
    int milli;

    split_ms(ms, &t, &milli);
    if (local)
        localtime_r(&t, &tm);
    else
        gmtime_r(&t, &tm);
    snprintf(out, 16, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void sl_log_time_iso(long long ms, int local, char out[64])
{
    struct tm tm;
    time_t t;
    int milli;
    char zone[8] = "Z";

    split_ms(ms, &t, &milli);
    if (local) {
        long off;

        localtime_r(&t, &tm);
        off = tm.tm_gmtoff / 60;
        snprintf(zone, sizeof(zone), "%c%02ld:%02ld", off < 0 ? '-' : '+', labs(off) / 60 % 100,
                 labs(off) % 60);
    } else {
        gmtime_r(&t, &tm);
    }
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, milli, zone);
}

/* ---- lines ------------------------------------------------------------------------------ */

static const char *const sl_log_palette[SL_LOG_COLORS] = {
    "\033[36m", "\033[35m", "\033[33m", "\033[32m", "\033[34m", "\033[31m",
};

const char *sl_log_color(size_t i)
{
    return sl_log_palette[i % SL_LOG_COLORS];
}

static enum sl_err append_spaces(struct sl_buf *out, int n)
{
    enum sl_err rc = SL_OK;

    while (!rc && n-- > 0)
        rc = sl_buf_append(out, " ", 1);
    return rc;
}

/* Appends the sanitized s, wrapped in a colour when color is set. */
static enum sl_err append_field(struct sl_buf *out, const char *s, int color, size_t ci)
{
    enum sl_err rc = SL_OK;

    if (color)
        rc = sl_buf_append_str(out, sl_log_color(ci));
    if (!rc)
        rc = sl_text_sanitize(out, s ? s : "", s ? strlen(s) : 0, 0);
    if (!rc && color)
        rc = sl_buf_append_str(out, SL_LOG_COLOR_RESET);
    return rc;
}

/* The message without its trailing line ends, sanitized line by line (a "\r\n" is a line
 * break too), each inner line break followed by indent spaces. */
static enum sl_err append_message(struct sl_buf *out, const struct sl_log_event *ev, int indent)
{
    const char *m = ev->message ? ev->message : "";
    size_t len = ev->message ? ev->message_len : 0, start = 0;
    enum sl_err rc = SL_OK;

    while (len > 0 && (m[len - 1] == '\n' || m[len - 1] == '\r'))
        len--;
    while (!rc) {
        const char *nl = memchr(m + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - m) : len, stop = end;

        if (nl && stop > start && m[stop - 1] == '\r')
            stop--;
        rc = sl_text_sanitize(out, m + start, stop - start, 0);
        if (!nl)
            break;
        if (!rc)
            rc = sl_buf_append(out, "\n", 1);
        if (!rc)
            rc = append_spaces(out, indent);
        start = end + 1;
    }
    if (!rc && ev->truncated)
        rc = sl_buf_append_str(out, " [...]");
    return rc;
}

enum sl_err sl_log_format_message(struct sl_buf *out, const struct sl_log_event *ev, int indent)
{
    return append_message(out, ev, indent);
}

static enum sl_err format_json(struct sl_buf *out, const char *group, const struct sl_log_event *ev)
{
    const char *stream = ev->log_stream_name ? ev->log_stream_name : "";
    const char *id = ev->event_id ? ev->event_id : "";
    enum sl_err rc;

    rc = sl_buf_appendf(out, "{\"timestamp\":%lld,\"group\":", ev->timestamp);
    if (!rc)
        rc = sl_json_append_string(out, group ? group : "", group ? strlen(group) : 0);
    if (!rc)
        rc = sl_buf_append_str(out, ",\"stream\":");
    if (!rc)
        rc = sl_json_append_string(out, stream, strlen(stream));
    if (!rc)
        rc = sl_buf_append_str(out, ",\"message\":");
    if (!rc)
        rc = sl_json_append_string(out, ev->message ? ev->message : "",
                                   ev->message ? ev->message_len : 0);
    if (!rc)
        rc = sl_buf_append_str(out, ",\"eventId\":");
    if (!rc)
        rc = sl_json_append_string(out, id, strlen(id));
    if (!rc)
        rc = sl_buf_append_str(out, "}\n");
    return rc;
}

enum sl_err sl_log_format_event(struct sl_buf *out, const struct sl_log_line_opts *opts,
                                const char *label, size_t color_index, const char *group,
                                const struct sl_log_event *ev)
{
    char when[64], *shown = NULL;
    size_t start = out->len;
    enum sl_err rc = SL_OK;
    int width, indent;

    switch (opts->format) {
    case SL_LOG_JSON:
        rc = format_json(out, group, ev);
        break;
    case SL_LOG_DETAILED:
        sl_log_time_iso(ev->timestamp, opts->local, when);
        rc = sl_buf_append_str(out, when);
        if (!rc)
            rc = sl_buf_append(out, " ", 1);
        if (!rc)
            rc = append_field(out, group, opts->color, color_index);
        if (!rc)
            rc = sl_buf_append(out, " ", 1);
        if (!rc)
            rc = append_field(out, ev->log_stream_name, 0, 0);
        if (!rc)
            rc = sl_buf_append(out, " ", 1);
        if (!rc)
            rc = append_message(out, ev, 4);
        if (!rc)
            rc = sl_buf_append(out, "\n", 1);
        break;
    case SL_LOG_SHORT:
    default:
        sl_log_time_short(ev->timestamp, opts->local, when);
        shown = sl_text_sanitized(label ? label : "");
        if (!shown) {
            rc = SL_ENOMEM;
            break;
        }
        width = sl_text_width(shown);
        rc = sl_buf_appendf(out, "%s %s%s%s", when, opts->color ? sl_log_color(color_index) : "",
                            shown, opts->color ? SL_LOG_COLOR_RESET : "");
        if (!rc)
            rc = append_spaces(out, opts->label_width - width);
        if (!rc)
            rc = sl_buf_append(out, " ", 1);
        indent =
            (int)strlen(when) + 1 + (width > opts->label_width ? width : opts->label_width) + 1;
        if (!rc)
            rc = append_message(out, ev, indent);
        if (!rc)
            rc = sl_buf_append(out, "\n", 1);
        break;
    }
    free(shown);
    if (rc && out->data) {
        out->len = start; /* never half a line */
        out->data[start] = '\0';
    }
    return rc;
}
