/* What the check suites that drive the real client share: fixture files, a fake AWS
 * environment, a controllable clock, the client on a given transport, and a routed fake
 * transport for the Query (form body, XML answer) services. Failures abort the test. */
#ifndef SL_TEST_SUPPORT_H
#define SL_TEST_SUPPORT_H

#include <stddef.h>

#include "client.h"
#include "clock.h"
#include "transport.h"

/* Reads tests/fixtures/<dir>/<name> under $SLCTL_TOP_SRCDIR (else ABS_TOP_SRCDIR, else "."):
 * malloc'ed and NUL-terminated, its size in *len (when len is not NULL). */
char *sl_test_fixture(const char *dir, const char *name, size_t *len);

/* A fake AWS environment: example keys, us-east-1, no config or credentials file, no
 * instance metadata, no profile, session token or endpoint override (AWS_ENDPOINT_URL and
 * endpoint_var are unset). max_attempts, when not NULL, sets AWS_MAX_ATTEMPTS. */
void sl_test_fake_env(const char *endpoint_var, const char *max_attempts);

/* A clock the test moves by hand: now is epoch_ms + mono. */
struct sl_test_clock {
    long long epoch_ms;
    long long mono;
    double rnd;
    struct sl_clock clock;
};

/* Sets tc to epoch_ms with mono and rnd at 0; returns the clock to hand to the client. */
const struct sl_clock *sl_test_clock_init(struct sl_test_clock *tc, long long epoch_ms);

/* The real client on t (which it then owns); clock NULL: the system clock. */
struct sl_client *sl_test_client_new(struct sl_transport *t, const struct sl_clock *clock);

/* Picks the answer to a form body: sets *status and returns the body (malloc'ed) and *len. */
typedef char *(*sl_test_answer_fn)(const char *body, long *status, size_t *len);

/* A transport that queues requests and, in run(), answers each with answer() as text/xml
 * (cancelled ones with SL_NET_CANCELLED). */
struct sl_transport *sl_test_form_transport_new(sl_test_answer_fn answer);

/* The value of key in a form body ("" when absent), into out. */
void sl_test_form_value(const char *body, const char *key, char *out, size_t outlen);

#endif
