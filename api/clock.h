/* Time and randomness behind a table, so tests of retries, expiry and signing can fake both. */
#ifndef SL_CLOCK_H
#define SL_CLOCK_H

#include <time.h>

struct sl_clock {
    void *ud;
    /* Wall-clock time, in milliseconds since the epoch. */
    long long (*now_ms)(void *ud);
    /* Monotonic milliseconds, for timers and backoff. */
    long long (*mono_ms)(void *ud);
    /* A uniform random number in [0, 1). */
    double (*random)(void *ud);
};

/* The real clock (CLOCK_REALTIME, CLOCK_MONOTONIC, a seeded PRNG). */
const struct sl_clock *sl_clock_system(void);

static inline long long sl_clock_now_ms(const struct sl_clock *c)
{
    return c->now_ms(c->ud);
}

#endif
