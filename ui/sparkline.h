/* Sparklines: a series of numbers as one line of bar characters (▁▂▃▄▅▆▇█, or ASCII when the
 * terminal has no UTF-8), and the short counts drawn next to them ("17", "1.2k").
 * Pure: nothing here draws. */
#ifndef SL_UI_SPARKLINE_H
#define SL_UI_SPARKLINE_H

#include <stddef.h>

#define SL_SPARK_LEVELS 8

/* The lowest and highest present value of values[0..n) (present NULL: every value is there).
 * Returns 0 when none is present (then *lo and *hi are 0). */
int sl_spark_range(const double *values, const unsigned char *present, size_t n, double *lo,
                   double *hi);

/* The bottom of the scale for values between lo and hi: zero (so a quiet hour looks quiet),
 * unless they all lie in the upper half, where it comes up to show how they vary rather than
 * only how big they are (600 to 700 calls every 5 minutes). */
double sl_spark_floor(double lo, double hi);

/* The bar level (0 .. SL_SPARK_LEVELS-1) of v on the scale [lo, hi]: lo is the lowest bar;
 * anything above lo is at least the second, so a single call in a quiet hour still shows;
 * hi is the highest. A flat series (hi <= lo) draws lowest bars. */
int sl_spark_level(double v, double lo, double hi);

/* Writes the sparkline of values[0..n) scaled on [lo, hi] into out (NUL-terminated, cut at
 * a whole character when out is short): one character per value, a space for a value that is
 * not present (present NULL: all are). utf8 0: ASCII bars "_.-~=+*#". Returns the number of
 * characters (columns) written. */
size_t sl_sparkline(const double *values, const unsigned char *present, size_t n, double lo,
                    double hi, int utf8, char *out, size_t len);

/* A count for a narrow column: "0", "17", "999", "1.2k", "35k", "4.1M" (durations are
 * src/format.h's sl_fmt_duration_ms). */
void sl_spark_count(double v, char *out, size_t len);

#endif
