/* The signed AWS client: resolves profile, region, credentials and endpoints once, then
 * sends calls through the shared non-blocking transport with signing, retries (standard
 * mode), clock-skew correction and error decoding. One thread: the caller drives it with
 * sl_client_run() from its own loop (the console) or sl_client_call_sync() (one-shots). */
#ifndef SL_CLIENT_H
#define SL_CLIENT_H

#include <stdint.h>

#include "buf.h"
#include "creds.h"
#include "http.h"
#include "service.h"
#include "sl_error.h"

struct sl_client;
struct sl_transport;
struct sl_clock;
struct sl_aws_config;

struct sl_client_opts {
    const char *profile;      /* --profile, or NULL */
    int profile_explicit;     /* --profile given: environment keys are skipped */
    const char *region;       /* --region, or NULL */
    const char *endpoint_url; /* --endpoint-url for every service, or NULL */
    int debug_fd;             /* >= 0: redacted request trace; -1 none */
    sl_mfa_prompt_fn mfa_prompt;
    void *mfa_ud;
    struct sl_transport *transport;   /* NULL: libcurl; the client owns what it is given */
    const struct sl_clock *clock;     /* NULL: the system clock */
    struct sl_aws_config *aws_config; /* NULL: read the AWS files; the client owns it */
};

struct sl_call;
typedef void (*sl_call_done_fn)(struct sl_call *call, void *ud);

/* One logical AWS operation, possibly sent several times (retries). The caller fills the
 * request part, the client fills the result part before calling done. */
struct sl_call {
    /* request */
    const struct sl_service *svc;
    const char *operation; /* "ListFunctions": for logs, X-Amz-Target and retries */
    char method[8];        /* "" means POST for query/json protocols */
    struct sl_buf path;    /* as sent, percent-encoded; "" means "/" */
    struct sl_buf query;   /* as sent, without '?' */
    struct sl_headers headers;
    struct sl_buf body;
    const unsigned char *body_ext; /* a body not owned by the call (large uploads) */
    size_t body_ext_len;
    int idempotent;      /* safe to send again after it may have reached AWS */
    long timeout_ms;     /* 0: default */
    size_t max_response; /* 0: default cap */
    const char *bucket;  /* S3 only: addressing style is decided by the client */
    /* result */
    enum sl_err rc;
    struct sl_error err;
    struct sl_http_response resp;
    int attempts;
    /* completion */
    sl_call_done_fn done;
    void *ud;
    /* private to the client */
    struct sl_client *client_;
    uint64_t transfer_id_;
    long long retry_at_ms_;
    int retry_cost_; /* quota taken for the last retry, refunded on success */
    int state_;
    struct sl_call *next_;
};

/* SL_OK or a sentence in err (bad profile, no region, broken config file). Credentials are
 * resolved lazily on the first call, so a console can start before an MFA prompt. */
enum sl_err sl_client_new(const struct sl_client_opts *opts, struct sl_client **out,
                          struct sl_error *err);
void sl_client_free(struct sl_client **c);

const char *sl_client_profile(const struct sl_client *c);
const char *sl_client_region(const struct sl_client *c);
/* The credentials in force (resolving them now if needed). */
enum sl_err sl_client_credentials(struct sl_client *c, const struct sl_credentials **out,
                                  struct sl_error *err);
const struct sl_aws_config *sl_client_aws_config(const struct sl_client *c);
long long sl_client_clock_offset_ms(const struct sl_client *c);

/* Prepares an empty call for svc/operation (zeroed, buffers with caps). */
void sl_call_init(struct sl_call *call, const struct sl_service *svc, const char *operation);
void sl_call_cleanup(struct sl_call *call);

/* Query protocol: starts the form body "Action=Op&Version=V" (done by sl_call_init for query
 * services) and appends one encoded parameter. */
enum sl_err sl_call_query_param(struct sl_call *call, const char *name, const char *value);
/* REST: appends one encoded query-string parameter. */
enum sl_err sl_call_url_param(struct sl_call *call, const char *name, const char *value);
/* REST: appends "/segment" with the segment percent-encoded ('/' encoded too). */
enum sl_err sl_call_path_segment(struct sl_call *call, const char *segment);

/* Starts the call; done runs later from sl_client_run(). Never calls done synchronously. */
enum sl_err sl_client_send(struct sl_client *c, struct sl_call *call);
/* Cancels a call in flight: done runs with rc SL_ECANCELLED from the next sl_client_run(). */
void sl_client_cancel(struct sl_client *c, struct sl_call *call);
/* Moves calls forward, waiting at most timeout_ms; extra_fd as in the transport. Returns 1
 * when extra_fd became readable. */
int sl_client_run(struct sl_client *c, int timeout_ms, int extra_fd);
/* Calls not finished yet. */
int sl_client_pending(struct sl_client *c);
/* Sends and waits; returns call->rc. */
enum sl_err sl_client_call_sync(struct sl_client *c, struct sl_call *call);
/* Makes a waiting sl_client_run() return (safe from a signal handler). */
void sl_client_wakeup(struct sl_client *c);

#endif
