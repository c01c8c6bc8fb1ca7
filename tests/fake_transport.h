/* A scripted struct sl_transport for unit tests: answers come from a queue the test fills,
 * every request handed to start() is recorded, and done callbacks run inside run() as with
 * the real transport. Out of memory aborts (tests only). */
#ifndef SL_FAKE_TRANSPORT_H
#define SL_FAKE_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "transport.h"

/* A copy of one request given to start(). */
struct sl_fake_request {
    uint64_t id;
    char method[8];
    char *url; /* sl_http_request_url() of the request */
    char *host;
    char *path;
    char *query;
    struct sl_headers headers;
    unsigned char *body; /* a copy, NUL-terminated for convenience */
    size_t body_len;
    long connect_timeout_ms;
    long timeout_ms;
    size_t max_response;
};

struct sl_transport *sl_fake_transport_new(void);

/* Queues the outcome of the next request to complete: an HTTP answer. headers holds
 * "Name: value" lines separated by '\n' (NULL for none); body may be NULL. */
void sl_fake_push_http(struct sl_transport *t, long status, const char *headers, const char *body);
void sl_fake_push_http_body(struct sl_transport *t, long status, const char *headers,
                            const void *body, size_t len);
/* Queues a network failure (st other than SL_NET_OK) with curl-like detail text. */
void sl_fake_push_net(struct sl_transport *t, enum sl_net_status st, const char *detail);
/* Scripted outcomes not used yet. */
size_t sl_fake_scripted_left(const struct sl_transport *t);

/* Requests seen so far, in the order start() got them. */
size_t sl_fake_request_count(const struct sl_transport *t);
const struct sl_fake_request *sl_fake_request_at(const struct sl_transport *t, size_t i);
const struct sl_fake_request *sl_fake_last_request(const struct sl_transport *t);

/* While held, run() completes nothing but cancellations (to test cancel and pending). */
void sl_fake_hold(struct sl_transport *t, int on);
/* Makes the next run() report extra_fd as readable (when one is given). */
void sl_fake_set_extra_ready(struct sl_transport *t);
/* Counters: run() calls, wakeup() calls, and the timeout_ms of the last run(). */
int sl_fake_run_count(const struct sl_transport *t);
int sl_fake_wakeup_count(const struct sl_transport *t);
int sl_fake_last_run_timeout(const struct sl_transport *t);

#endif
