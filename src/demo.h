/* slctl --demo: the console (or any one-shot command) on the emulator's demo application,
 * without an AWS account. Starts `python3 -m slemu --demo --port 0 --port-file F` from the
 * build tree (ABS_TOP_SRCDIR/tests/emulator) or the installed copy (PKGDATADIR/emulator),
 * whichever exists ($SLCTL_EMULATOR_DIR first when set), waits for its port, points the
 * session at it (AWS_ENDPOINT_URL, throwaway keys, us-east-1, no profile, no AWS config files)
 * and stops it on exit, also when a signal ends slctl. The emulator runs in its own process
 * group (Ctrl-C on the terminal does not reach it) and dies with slctl on Linux even after
 * SIGKILL. */
#ifndef SL_DEMO_H
#define SL_DEMO_H

#include <stddef.h>

struct sl_globals;

#define SL_DEMO_ACCESS_KEY "AKIDEMULATOR"
#define SL_DEMO_SECRET_KEY "emulator-secret-key"
#define SL_DEMO_REGION     "us-east-1"
#define SL_DEMO_WAIT_MS    15000

/* Starts the emulator and changes g (endpoint, region, no profile) and the environment.
 * Returns 0, or an exit code after one sentence on stderr. */
int sl_demo_start(struct sl_globals *g);
/* Stops the emulator and removes its files; safe to call twice (also runs at exit). */
void sl_demo_stop(void);
/* The first of dirs[0..n) that holds slemu/__main__.py, or NULL. */
const char *sl_demo_find_emulator(const char *const *dirs, size_t n);
/* The endpoint URL in force ("" before sl_demo_start). */
const char *sl_demo_url(void);

#endif
