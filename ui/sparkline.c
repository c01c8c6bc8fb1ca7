#include "sparkline.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const spark_utf8[SL_SPARK_LEVELS] = {
    "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
    "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};
static const char spark_ascii[SL_SPARK_LEVELS + 1] = "_.-~=+*#";

int sl_spark_range(const double *values, const unsigned char *present, size_t n, double *lo,
                   double *hi)
{
    size_t i;
    int any = 0;

    *lo = *hi = 0;
    for (i = 0; values && i < n; i++) {
        if (present && !present[i])
            continue;
        if (!any || values[i] < *lo)
            *lo = values[i];
        if (!any || values[i] > *hi)
            *hi = values[i];
        any = 1;
    }
    return any;
}

double sl_spark_floor(double lo, double hi)
{
    double floor;

    if (lo < 0 || lo < hi / 2)
        return lo < 0 ? lo : 0;
    floor = lo - (hi - lo);
    return floor > 0 ? floor : 0;
}

int sl_spark_level(double v, double lo, double hi)
{
    double frac;
    int level;

    if (!(hi > lo) || !(v > lo))
        return 0;
    if (v >= hi)
        return SL_SPARK_LEVELS - 1;
    frac = (v - lo) / (hi - lo);
    level = (int)lround(frac * (SL_SPARK_LEVELS - 1));
    if (level < 1)
        level = 1;
    if (level > SL_SPARK_LEVELS - 1)
        level = SL_SPARK_LEVELS - 1;
    return level;
}

size_t sl_sparkline(const double *values, const unsigned char *present, size_t n, double lo,
                    double hi, int utf8, char *out, size_t len)
{
    size_t i, used = 0, cols = 0;

    if (!len)
        return 0;
    out[0] = '\0';
    for (i = 0; values && i < n; i++) {
        char one[4];
        size_t k;

        if (present && !present[i]) {
            one[0] = ' ';
            k = 1;
        } else if (utf8) {
            memcpy(one, spark_utf8[sl_spark_level(values[i], lo, hi)], 3);
            k = 3;
        } else {
            one[0] = spark_ascii[sl_spark_level(values[i], lo, hi)];
            k = 1;
        }
        if (used + k >= len)
            break;
        memcpy(out + used, one, k);
        used += k;
        cols++;
    }
    out[used] = '\0';
    return cols;
}

void sl_spark_count(double v, char *out, size_t len)
{
    double a = fabs(v);

    if (a < 1000)
        snprintf(out, len, "%.0f", v);
    else if (a < 9950)
        snprintf(out, len, "%.1fk", v / 1000);
    else if (a < 999500)
        snprintf(out, len, "%.0fk", v / 1000);
    else if (a < 9950000)
        snprintf(out, len, "%.1fM", v / 1e6);
    else
        snprintf(out, len, "%.0fM", v / 1e6);
}
