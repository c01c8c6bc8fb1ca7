#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cloudwatch.h"
#include "i18n.h"
#include "text.h"
#include "timeutil.h"

void sl_fmt_relative(long long then_ms, long long now_ms, char *out, size_t outlen)
{
    long long diff, s, v;
    int ahead = 0;

    if (!outlen)
        return;
    out[0] = '\0';
    if (then_ms <= 0)
        return;
    diff = now_ms - then_ms;
    if (diff < -60000) {
        ahead = 1;
        diff = -diff;
    } else if (diff < 10000) {
        snprintf(out, outlen, "%s", _("just now"));
        return;
    }
    s = diff / 1000;
    /* Rounded to the nearest unit; a unit that rounds up to the next one becomes it. */
    if (s < 60) {
        snprintf(out, outlen, ahead ? _("in %llds") : _("%llds ago"), s);
    } else if ((v = (s + 30) / 60) < 60) {
        snprintf(out, outlen, ahead ? _("in %lldm") : _("%lldm ago"), v);
    } else if ((v = (s + 1800) / 3600) < 24) {
        snprintf(out, outlen, ahead ? _("in %lldh") : _("%lldh ago"), v);
    } else if ((v = (s + 43200) / 86400) < 365) {
        snprintf(out, outlen, ahead ? _("in %lldd") : _("%lldd ago"), v);
    } else {
        v = (s + 365LL * 43200) / (365LL * 86400);
        snprintf(out, outlen, ahead ? _("in %lldy") : _("%lldy ago"), v);
    }
}

void sl_fmt_iso(long long ms, char *out, size_t outlen)
{
    if (!outlen)
        return;
    out[0] = '\0';
    if (ms <= 0 || outlen < 21)
        return;
    sl_time_format_iso8601(ms, out, outlen);
}

void sl_fmt_bytes(long long n, char *out, size_t outlen)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    const size_t last = sizeof(units) / sizeof(units[0]) - 1;
    double v;
    size_t u = 0;

    if (!outlen)
        return;
    out[0] = '\0';
    if (n < 0)
        return;
    if (n < 1024) {
        snprintf(out, outlen, "%lld B", n);
        return;
    }
    v = (double)n;
    while (v >= 1024.0 && u < last) {
        v /= 1024.0;
        u++;
    }
    /* Pick the unit by what is printed: 1023.7 KiB would read "1024 KiB". */
    if (v >= 1023.5 && u < last) {
        v /= 1024.0;
        u++;
    }
    if (v < 99.95)
        snprintf(out, outlen, "%.1f %s", v, units[u]);
    else
        snprintf(out, outlen, "%.0f %s", v, units[u]);
}

void sl_fmt_duration_ms(double ms, char *out, size_t outlen)
{
    if (!outlen)
        return;
    out[0] = '\0';
    if (!(ms >= 0) || isinf(ms))
        return;
    if (ms < 9.95)
        snprintf(out, outlen, "%.1f ms", ms);
    else if (ms < 999.5)
        snprintf(out, outlen, "%.0f ms", ms);
    else if (ms < 9995.0)
        snprintf(out, outlen, "%.2f s", ms / 1000.0);
    else
        snprintf(out, outlen, "%.1f s", ms / 1000.0);
}

char *sl_fmt_join(char *const *items, size_t n, const char *sep)
{
    size_t len = 1, i, seplen = sep ? strlen(sep) : 0, at = 0;
    int first = 1;
    char *s;

    for (i = 0; i < n; i++)
        if (items[i])
            len += strlen(items[i]) + seplen;
    s = malloc(len);
    if (!s)
        return NULL;
    for (i = 0; i < n; i++) {
        size_t l;

        if (!items[i])
            continue;
        if (!first && seplen) {
            memcpy(s + at, sep, seplen);
            at += seplen;
        }
        l = strlen(items[i]);
        memcpy(s + at, items[i], l);
        at += l;
        first = 0;
    }
    s[at] = '\0';
    return s;
}

int sl_fmt_alarm_rank(const char *state)
{
    if (!state)
        return 3;
    if (!strcmp(state, "ALARM"))
        return 0;
    if (!strcmp(state, "INSUFFICIENT_DATA"))
        return 1;
    if (!strcmp(state, "OK"))
        return 2;
    return 3;
}

struct alarm_key {
    const struct sl_cw_alarm *a;
    size_t index;
    int rank;
};

static int alarm_key_cmp(const void *pa, const void *pb)
{
    const struct alarm_key *a = pa, *b = pb;
    int c;

    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    c = strcmp(a->a->name ? a->a->name : "", b->a->name ? b->a->name : "");
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

void sl_fmt_sort_alarms(struct sl_cw_alarm *v, size_t n)
{
    struct alarm_key *keys = NULL;
    struct sl_cw_alarm *sorted = NULL;
    size_t i;

    if (!v || n < 2)
        return;
    keys = calloc(n, sizeof(*keys));
    sorted = calloc(n, sizeof(*sorted));
    if (!keys || !sorted)
        goto out; /* out of memory: left as it came */
    for (i = 0; i < n; i++) {
        keys[i].a = &v[i];
        keys[i].index = i;
        keys[i].rank = sl_fmt_alarm_rank(v[i].state);
    }
    qsort(keys, n, sizeof(*keys), alarm_key_cmp);
    for (i = 0; i < n; i++)
        sorted[i] = *keys[i].a;
    memcpy(v, sorted, n * sizeof(*v));
out:
    free(keys);
    free(sorted);
}

void sl_fmt_alarm_metric(const struct sl_cw_alarm *a, char *out, size_t outlen)
{
    const struct sl_cw_alarm_metric *m = NULL;
    size_t i;

    if (!outlen)
        return;
    out[0] = '\0';
    if (!a)
        return;
    if (a->type == SL_CW_COMPOSITE_ALARM) {
        snprintf(out, outlen, "composite");
        return;
    }
    if (a->metric_name && *a->metric_name) {
        if (a->metric_namespace && *a->metric_namespace)
            snprintf(out, outlen, "%s/%s", a->metric_namespace, a->metric_name);
        else
            snprintf(out, outlen, "%s", a->metric_name);
        return;
    }
    for (i = 0; i < a->n_metrics && !m; i++)
        if (a->metrics[i].expression && *a->metrics[i].expression)
            m = &a->metrics[i];
    if (m) {
        snprintf(out, outlen, "%s", m->expression);
        return;
    }
    if (a->n_metrics && a->metrics[0].metric_name && *a->metrics[0].metric_name)
        snprintf(out, outlen, "%s/%s", a->metrics[0].metric_namespace, a->metrics[0].metric_name);
}

void sl_fmt_wrap(FILE *f, const char *text, int indent, int width)
{
    char *s = sl_text_sanitized(text ? text : "");
    const char *p;
    int avail = width - indent;

    if (!s)
        return;
    if (avail < 20)
        avail = 20;
    p = s;
    while (*p == ' ')
        p++;
    for (;;) {
        size_t n, cut;

        fprintf(f, "%*s", indent, "");
        if (width <= 0 || sl_text_width(p) <= avail) {
            fprintf(f, "%s\n", p);
            break;
        }
        n = sl_text_fit(p, avail);
        cut = n;
        if (p[n] != ' ')
            while (cut > 0 && p[cut - 1] != ' ')
                cut--;
        if (cut == 0)
            cut = n ? n : 1; /* one word longer than the line */
        n = cut;
        while (n > 0 && p[n - 1] == ' ')
            n--;
        fwrite(p, 1, n, f);
        fputc('\n', f);
        p += cut;
        while (*p == ' ')
            p++;
        if (!*p)
            break;
    }
    free(s);
}

void sl_fmt_text_line(FILE *f, const char *tag, const char *const *values, size_t n)
{
    size_t i;

    if (tag)
        fputs(tag, f);
    for (i = 0; i < n; i++) {
        char *v = sl_text_sanitized(values[i] ? values[i] : "None");

        fprintf(f, "%s%s", (tag || i) ? "\t" : "", v ? v : "");
        free(v);
    }
    fputc('\n', f);
}

void sl_fmt_columns(struct sl_column *cols, const char *const *heads, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        cols[i].key = _(heads[i]);
        cols[i].type = SL_COL_STRING;
    }
}

int sl_fmt_fail(enum sl_err rc, const struct sl_error *err)
{
    if (rc == SL_ENOTFOUND && err && err->message[0]) {
        fprintf(stderr, "slctl: %s\n", err->message);
        return SL_EXIT_NOTFOUND;
    }
    return sl_cli_fail(rc, err);
}
