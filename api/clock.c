#include "clock.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long sys_now_ms(void *ud)
{
    struct timespec ts;

    (void)ud;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long sys_mono_ms(void *ud)
{
    struct timespec ts;

    (void)ud;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double sys_random(void *ud)
{
    static int seeded;
    static unsigned short state[3];

    (void)ud;
    if (!seeded) {
        long long t = sys_mono_ms(NULL) ^ ((long long)getpid() << 16);
        state[0] = (unsigned short)t;
        state[1] = (unsigned short)(t >> 16);
        state[2] = (unsigned short)(t >> 32);
        seeded = 1;
    }
    return erand48(state);
}

static const struct sl_clock sl_system_clock = {NULL, sys_now_ms, sys_mono_ms, sys_random};

const struct sl_clock *sl_clock_system(void)
{
    return &sl_system_clock;
}
