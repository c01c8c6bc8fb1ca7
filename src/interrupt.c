#include "interrupt.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "client.h"

static volatile sig_atomic_t sl_interrupted;
static struct sl_client *volatile sl_interrupt_client;
static struct sigaction sl_interrupt_saved;
static int sl_interrupt_installed;

static void sl_interrupt_handler(int sig)
{
    struct sl_client *c = sl_interrupt_client;

    if (sl_interrupted) {
        /* The first Ctrl-C was not acted on: give up the graceful way. */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    sl_interrupted = 1;
    if (c)
        sl_client_wakeup(c); /* a write on curl's wakeup socket: async-signal-safe */
}

int sl_interrupt_install(struct sl_client *c)
{
    struct sigaction sa;

    sl_interrupted = 0;
    sl_interrupt_client = c;
    if (sl_interrupt_installed)
        return 0;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = sl_interrupt_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; /* writes to stdout are never cut short */
    if (sigaction(SIGINT, &sa, &sl_interrupt_saved) != 0)
        return -1;
    sl_interrupt_installed = 1;
    return 0;
}

void sl_interrupt_set_client(struct sl_client *c)
{
    sl_interrupt_client = c;
}

int sl_interrupt_pending(void)
{
    return sl_interrupted != 0;
}

void sl_interrupt_restore(void)
{
    sl_interrupt_client = NULL;
    if (!sl_interrupt_installed)
        return;
    sigaction(SIGINT, &sl_interrupt_saved, NULL);
    sl_interrupt_installed = 0;
}
