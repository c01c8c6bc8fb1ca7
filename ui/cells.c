#include "cells.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"

void sl_cell_time(long long ms, char *out, size_t len)
{
    time_t t;
    struct tm tm;

    if (!len)
        return;
    out[0] = '\0';
    if (ms <= 0)
        return;
    t = (time_t)(ms / 1000);
    if (!localtime_r(&t, &tm))
        return;
    strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm);
}

void sl_cell_mb(long long mb, char *out, size_t len)
{
    if (mb < 0)
        snprintf(out, len, "%s", "");
    else
        snprintf(out, len, _("%lld MB"), mb);
}

void sl_cell_seconds(long long s, char *out, size_t len)
{
    if (s < 0)
        snprintf(out, len, "%s", "");
    else
        snprintf(out, len, _("%lld s"), s);
}

void sl_cell_join(char *const *items, size_t n, char *out, size_t len)
{
    size_t i, used = 0;

    if (!len)
        return;
    out[0] = '\0';
    for (i = 0; i < n && used < len; i++) {
        int w;

        if (!items[i])
            continue;
        w = snprintf(out + used, len - used, "%s%s", used ? ", " : "", items[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

void sl_cell_layer_name(const char *arn, char *out, size_t len, long long *version)
{
    const char *p = arn ? strstr(arn, ":layer:") : NULL;
    const char *colon;

    *version = -1;
    if (!p || strncmp(arn, "arn:", 4) != 0) {
        snprintf(out, len, "%s", arn ? arn : "");
        return;
    }
    p += strlen(":layer:");
    colon = strchr(p, ':');
    if (!colon) {
        snprintf(out, len, "%s", p);
        return;
    }
    snprintf(out, len, "%.*s", (int)(colon - p), p);
    {
        char *end;
        long long v = strtoll(colon + 1, &end, 10);

        if (end != colon + 1 && !*end && v >= 0)
            *version = v;
    }
}
