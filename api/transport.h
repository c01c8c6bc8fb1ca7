/* The only code that touches the network, behind a table of function pointers so tests plug
 * in a fake. One transport serves many requests at once (libcurl's multi interface) from a
 * single thread: start() queues, run() moves everything forward and calls the done callbacks.
 */
#ifndef SL_TRANSPORT_H
#define SL_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "sl_error.h"

/* How a transfer ended, from the network's point of view. */
enum sl_net_status {
    SL_NET_OK,             /* an HTTP answer arrived (any status) */
    SL_NET_CONNECT_FAILED, /* refused, DNS or TLS failure: the request never reached the server */
    SL_NET_CONNECT_TIMEOUT,
    SL_NET_SEND_FAILED,  /* broke while sending; the server may have seen part or all of it */
    SL_NET_RECV_FAILED,  /* reset or truncated after the request was sent */
    SL_NET_READ_TIMEOUT, /* sent, then no complete answer in time */
    SL_NET_TOO_BIG,      /* the answer passed max_response */
    SL_NET_CANCELLED,
};

/* True when the status proves the request never reached AWS (safe to repeat anything). */
int sl_net_never_sent(enum sl_net_status st);

struct sl_transport;

/* Called once per started request, from inside run(). resp is owned by the transport and valid
 * only during the call (take what you need). detail is a short technical text (curl's), may be "".
 */
typedef void (*sl_transport_done_fn)(void *ud, enum sl_net_status st, struct sl_http_response *resp,
                                     const char *detail);

struct sl_transport_ops {
    /* Queues req (copied; body bytes must outlive the transfer). *id names it for cancel. */
    enum sl_err (*start)(struct sl_transport *t, const struct sl_http_request *req,
                         sl_transport_done_fn done, void *ud, uint64_t *id);
    /* Stops a queued or running transfer; its done callback is called with SL_NET_CANCELLED
     * during the next run(). Unknown ids are ignored. */
    void (*cancel)(struct sl_transport *t, uint64_t id);
    /* Moves transfers forward, waiting at most timeout_ms for activity (or for wakeup()).
     * extra_fd >= 0 is also watched for input (the terminal); returns 1 when it is readable. */
    int (*run)(struct sl_transport *t, int timeout_ms, int extra_fd);
    /* Number of transfers not yet finished. */
    int (*pending)(struct sl_transport *t);
    /* Makes a run() that is waiting return early (signal-safe where the real one allows). */
    void (*wakeup)(struct sl_transport *t);
    void (*free)(struct sl_transport *t);
};

struct sl_transport {
    const struct sl_transport_ops *ops;
};

struct sl_transport_opts {
    const char *user_agent;  /* "slctl/<version> ..." */
    const char *ca_bundle;   /* AWS_CA_BUNDLE, or NULL */
    long connect_timeout_ms; /* default 10000 */
    long timeout_ms;         /* default 60000 */
    int debug_fd;            /* >= 0: write a redacted trace of each request there */
};

/* The libcurl transport: one multi handle, a connection pool reused across requests.
 * NULL when libcurl cannot be set up. Freeing it drops unfinished transfers without calling
 * their done callbacks. */
struct sl_transport *sl_transport_curl_new(const struct sl_transport_opts *opts);
/* libcurl's version ("8.5.0"), for the User-Agent. */
const char *sl_transport_curl_version(void);

#define SL_REDACTED "***redacted***"

/* Copies a header value into out (always terminated, cut to len) with its secrets replaced by
 * SL_REDACTED: the Credential and Signature of an Authorization header (SignedHeaders and
 * the scheme stay), the whole value of X-Amz-Security-Token, other authorization schemes,
 * cookies and S3 customer keys. Returns 1 when something was hidden, 0 otherwise. */
int sl_redact_header(const char *name, const char *value, char *out, size_t len);
/* The same for a URL: the values of the X-Amz-Signature, X-Amz-Credential and
 * X-Amz-Security-Token query parameters (presigned URLs) are replaced. */
int sl_redact_url(const char *url, char *out, size_t len);

/* curl_global_init/cleanup, once per process, from main() before any thread exists. */
void sl_transport_global_init(void);
void sl_transport_global_cleanup(void);

static inline void sl_transport_free(struct sl_transport **t)
{
    if (t && *t) {
        (*t)->ops->free(*t);
        *t = NULL;
    }
}

#endif
