#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_config.h"
#include "aws_error.h"
#include "clock.h"
#include "endpoint.h"
#include "i18n.h"
#include "retry.h"
#include "sigv4.h"
#include "sts.h"
#include "transport.h"

#define SL_USER_AGENT_BASE PACKAGE_NAME "/" PACKAGE_VERSION

enum sl_call_state {
    SL_CALL_IDLE,
    SL_CALL_IN_FLIGHT, /* handed to the transport */
    SL_CALL_WAITING,   /* backing off before the next attempt */
    SL_CALL_FINISHED,  /* result ready, done not yet called */
};

#define SL_SERVICE_SLOTS 6

struct sl_endpoint_slot {
    const struct sl_service *svc;
    struct sl_endpoint ep;
};

struct sl_client {
    struct sl_aws_config *cfg;
    char *profile;
    int profile_explicit;
    char *region;
    char *endpoint_url;
    const struct sl_clock *clock;
    struct sl_transport *transport;
    struct sl_transport *side_transport; /* for STS calls made while run() is busy */
    int in_run;
    struct sl_credentials creds;
    int have_creds;
    struct sl_creds_cache *creds_cache; /* assumed roles, so a refresh asks for MFA rarely */
    sl_mfa_prompt_fn mfa_prompt;
    void *mfa_ud;
    struct sl_sigv4_cache sig_cache;
    struct sl_retry_policy retry;
    struct sl_retry_bucket bucket;
    long long clock_offset_ms;
    struct sl_endpoint_slot endpoints[SL_SERVICE_SLOTS];
    struct sl_call *calls; /* every call not yet done */
    struct sl_transport_opts topts;
    char user_agent[256];
};

static enum sl_err client_assume_role(void *ud, const struct sl_credentials *source,
                                      const struct sl_assume_role_params *p,
                                      struct sl_credentials *out, struct sl_error *err);

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

enum sl_err sl_client_new(const struct sl_client_opts *opts, struct sl_client **out,
                          struct sl_error *err)
{
    struct sl_client *c;
    enum sl_err rc = SL_ENOMEM;
    const char *region;
    const char *profile;

    *out = NULL;
    c = calloc(1, sizeof(*c));
    if (!c)
        return SL_ENOMEM;
    c->clock = opts->clock ? opts->clock : sl_clock_system();
    c->mfa_prompt = opts->mfa_prompt;
    c->mfa_ud = opts->mfa_ud;
    c->profile_explicit = opts->profile_explicit;
    c->transport = opts->transport;
    c->creds_cache = sl_creds_cache_new();
    if (!c->creds_cache)
        goto fail;
    if (opts->aws_config) {
        c->cfg = opts->aws_config;
    } else {
        rc = sl_aws_config_load(&c->cfg, err);
        if (rc)
            goto fail;
    }
    profile = sl_aws_config_profile_name(opts->profile);
    c->profile = strdup(profile);
    if (!c->profile)
        goto fail;
    if ((opts->profile || getenv("AWS_PROFILE")) && strcmp(profile, "default") != 0 &&
        !sl_aws_config_has_profile(c->cfg, profile)) {
        rc = sl_error_set(err, SL_ECONFIG,
                          _("The profile \"%s\" was not found in the AWS config or credentials "
                            "file."),
                          profile);
        goto fail;
    }
    region = sl_aws_config_region(c->cfg, profile, opts->region);
    if (!region || !*region) {
        rc = sl_error_set(err, SL_ENOREGION,
                          _("No AWS region is set: use --region, AWS_REGION or region = in the "
                            "profile \"%s\"."),
                          profile);
        goto fail;
    }
    c->region = strdup(region);
    c->endpoint_url = dup_or_null(opts->endpoint_url);
    if (!c->region || (opts->endpoint_url && !c->endpoint_url))
        goto fail;
    rc = sl_retry_policy_load(&c->retry, sl_aws_config_get(c->cfg, profile, "max_attempts"),
                              sl_aws_config_get(c->cfg, profile, "retry_mode"), err);
    if (rc)
        goto fail;
    sl_retry_bucket_init(&c->bucket);

    snprintf(c->user_agent, sizeof(c->user_agent), "%s ua/2.1 lang/c md/curl#%s cfg/retry-mode#%s",
             SL_USER_AGENT_BASE, sl_transport_curl_version(), sl_retry_mode_name(&c->retry));
    c->topts.user_agent = c->user_agent;
    c->topts.ca_bundle = getenv("AWS_CA_BUNDLE");
    if (!c->topts.ca_bundle || !*c->topts.ca_bundle)
        c->topts.ca_bundle = sl_aws_config_get(c->cfg, profile, "ca_bundle");
    c->topts.debug_fd = opts->debug_fd > 0 ? opts->debug_fd : -1; /* 0 is stdin, never a trace */
    if (!c->transport) {
        c->transport = sl_transport_curl_new(&c->topts);
        if (!c->transport)
            goto fail;
    }
    *out = c;
    return SL_OK;
fail:
    if (opts->transport)
        c->transport = NULL; /* the caller keeps what we could not take */
    if (opts->aws_config)
        c->cfg = NULL;
    sl_client_free(&c);
    return rc;
}

void sl_client_free(struct sl_client **pc)
{
    struct sl_client *c;
    size_t i;

    if (!pc || !*pc)
        return;
    c = *pc;
    sl_transport_free(&c->transport);
    sl_transport_free(&c->side_transport);
    sl_aws_config_free(&c->cfg);
    sl_credentials_clear(&c->creds);
    sl_creds_cache_free(&c->creds_cache);
    sl_sigv4_cache_clear(&c->sig_cache);
    for (i = 0; i < SL_SERVICE_SLOTS; i++)
        sl_endpoint_clear(&c->endpoints[i].ep);
    free(c->profile);
    free(c->region);
    free(c->endpoint_url);
    free(c);
    *pc = NULL;
}

const char *sl_client_profile(const struct sl_client *c)
{
    return c->profile;
}

const char *sl_client_region(const struct sl_client *c)
{
    return c->region;
}

const struct sl_aws_config *sl_client_aws_config(const struct sl_client *c)
{
    return c->cfg;
}

long long sl_client_clock_offset_ms(const struct sl_client *c)
{
    return c->clock_offset_ms;
}

enum sl_err sl_client_credentials(struct sl_client *c, const struct sl_credentials **out,
                                  struct sl_error *err)
{
    struct sl_creds_opts o;
    struct sl_credentials fresh;
    enum sl_err rc;

    if (c->have_creds &&
        !sl_credentials_expiring(&c->creds, c->clock, SL_CREDS_REFRESH_MARGIN_MS)) {
        *out = &c->creds;
        return SL_OK;
    }
    memset(&o, 0, sizeof(o));
    memset(&fresh, 0, sizeof(fresh));
    o.profile = c->profile;
    o.profile_explicit = c->profile_explicit;
    o.region = c->region;
    o.assume_role = client_assume_role;
    o.assume_role_ud = c;
    o.mfa_prompt = c->mfa_prompt;
    o.mfa_ud = c->mfa_ud;
    o.clock = c->clock;
    o.cache = c->creds_cache;
    rc = sl_creds_resolve(c->cfg, &o, &fresh, err);
    if (rc) {
        /* Keys that are about to expire still work for a while: keep them if we have them. */
        if (c->have_creds && !sl_credentials_expiring(&c->creds, c->clock, 0)) {
            *out = &c->creds;
            return SL_OK;
        }
        return rc;
    }
    sl_credentials_clear(&c->creds);
    c->creds = fresh;
    c->have_creds = 1;
    *out = &c->creds;
    return SL_OK;
}

/* ---- calls ------------------------------------------------------------------------------ */

void sl_call_init(struct sl_call *call, const struct sl_service *svc, const char *operation)
{
    memset(call, 0, sizeof(*call));
    call->svc = svc;
    call->operation = operation;
    sl_buf_init(&call->path, 8192);
    sl_buf_init(&call->query, 64 * 1024);
    sl_buf_init(&call->body, 0);
    if (svc->protocol == SL_PROTO_QUERY) {
        sl_buf_appendf(&call->body, "Action=%s&Version=%s", operation, svc->api_version);
        call->idempotent = 1;
    } else if (svc->protocol == SL_PROTO_JSON) {
        call->idempotent = 1;
    }
}

void sl_call_cleanup(struct sl_call *call)
{
    if (!call)
        return;
    sl_buf_free(&call->path);
    sl_buf_free(&call->query);
    sl_buf_free(&call->body);
    sl_headers_free(&call->headers);
    sl_http_response_free(&call->resp);
}

enum sl_err sl_call_query_param(struct sl_call *call, const char *name, const char *value)
{
    enum sl_err rc = sl_buf_append_str(&call->body, "&");

    if (!rc)
        rc = sl_uri_encode(&call->body, name, strlen(name), 0);
    if (!rc)
        rc = sl_buf_append_str(&call->body, "=");
    if (!rc)
        rc = sl_uri_encode(&call->body, value, strlen(value), 0);
    return rc;
}

enum sl_err sl_call_url_param(struct sl_call *call, const char *name, const char *value)
{
    enum sl_err rc = SL_OK;

    if (call->query.len)
        rc = sl_buf_append_str(&call->query, "&");
    if (!rc)
        rc = sl_uri_encode(&call->query, name, strlen(name), 0);
    if (!rc)
        rc = sl_buf_append_str(&call->query, "=");
    if (!rc)
        rc = sl_uri_encode(&call->query, value, strlen(value), 0);
    return rc;
}

enum sl_err sl_call_path_segment(struct sl_call *call, const char *segment)
{
    enum sl_err rc = sl_buf_append_str(&call->path, "/");

    return rc ? rc : sl_uri_encode(&call->path, segment, strlen(segment), 0);
}

static const struct sl_endpoint *client_endpoint(struct sl_client *c, const struct sl_service *svc,
                                                 struct sl_error *err, enum sl_err *rc)
{
    size_t i;

    for (i = 0; i < SL_SERVICE_SLOTS; i++) {
        if (c->endpoints[i].svc == svc)
            return &c->endpoints[i].ep;
        if (!c->endpoints[i].svc)
            break;
    }
    if (i == SL_SERVICE_SLOTS)
        i = 0; /* more services than slots: recycle (never happens with today's six) */
    sl_endpoint_clear(&c->endpoints[i].ep);
    c->endpoints[i].svc = NULL;
    *rc = sl_endpoint_resolve(c->cfg, c->profile, svc, c->region, c->endpoint_url,
                              &c->endpoints[i].ep, err);
    if (*rc)
        return NULL;
    c->endpoints[i].svc = svc;
    return &c->endpoints[i].ep;
}

static void call_finish(struct sl_call *call, enum sl_err rc)
{
    call->rc = rc;
    call->state_ = SL_CALL_FINISHED;
}

static void transfer_done(void *ud, enum sl_net_status st, struct sl_http_response *resp,
                          const char *detail);

/* Builds, signs and hands one attempt of call to the transport. */
static enum sl_err call_start_attempt(struct sl_client *c, struct sl_call *call,
                                      struct sl_transport *t)
{
    struct sl_http_request req;
    struct sl_sigv4_params sp;
    const struct sl_credentials *creds = NULL;
    const struct sl_endpoint *ep;
    enum sl_err rc = SL_OK;
    char attempt_hdr[64];
    const char *path;
    struct sl_buf full_path;
    size_t i;

    memset(&req, 0, sizeof(req));
    sl_buf_init(&full_path, 16384);
    ep = client_endpoint(c, call->svc, &call->err, &rc);
    if (!ep)
        goto out;
    rc = sl_client_credentials(c, &creds, &call->err);
    if (rc)
        goto out;

    path = call->path.len ? sl_buf_str(&call->path) : "/";
    if (call->svc->s3 && call->bucket) {
        if (sl_endpoint_s3_path_style(c->cfg, c->profile, ep, call->bucket)) {
            rc = sl_buf_append_str(&full_path, "/");
            if (!rc)
                rc = sl_uri_encode(&full_path, call->bucket, strlen(call->bucket), 0);
            req.host = strdup(ep->host);
        } else {
            size_t n = strlen(call->bucket) + strlen(ep->host) + 2;
            req.host = malloc(n);
            if (req.host)
                snprintf(req.host, n, "%s.%s", call->bucket, ep->host);
        }
        if (!rc)
            rc = sl_buf_append_str(&full_path, path);
    } else {
        req.host = strdup(ep->host);
        rc = sl_buf_append_str(&full_path, path);
    }
    if (rc)
        goto out;
    snprintf(req.method, sizeof(req.method), "%s", call->method[0] ? call->method : "POST");
    req.scheme = strdup(ep->scheme);
    req.base_path = strdup("");
    /* A base path in an endpoint URL is part of what is signed. */
    if (ep->base_path && *ep->base_path) {
        size_t n = strlen(ep->base_path) + full_path.len + 1;
        req.path = malloc(n);
        if (req.path)
            snprintf(req.path, n, "%s%s", ep->base_path, sl_buf_str(&full_path));
    } else {
        req.path = strdup(sl_buf_str(&full_path));
    }
    req.query = strdup(sl_buf_str(&call->query));
    if (!req.host || !req.scheme || !req.base_path || !req.path || !req.query) {
        rc = SL_ENOMEM;
        goto out;
    }
    for (i = 0; i < call->headers.n && !rc; i++)
        rc = sl_headers_add(&req.headers, call->headers.v[i].name, call->headers.v[i].value);
    if (!rc && call->svc->protocol == SL_PROTO_QUERY &&
        !sl_headers_get(&req.headers, "Content-Type"))
        rc = sl_headers_add(&req.headers, "Content-Type",
                            "application/x-www-form-urlencoded; charset=utf-8");
    if (!rc && call->svc->protocol == SL_PROTO_JSON) {
        char target[160];
        snprintf(target, sizeof(target), "%s.%s", call->svc->json_target, call->operation);
        rc = sl_headers_set(&req.headers, "X-Amz-Target", target);
        if (!rc)
            rc = sl_headers_set(&req.headers, "Content-Type", call->svc->json_content_type);
        if (!rc && !call->body.len)
            rc = sl_buf_append_str(&call->body, "{}");
    }
    if (!rc && call->svc->protocol == SL_PROTO_REST_JSON && (call->body.len || call->body_ext) &&
        !sl_headers_get(&req.headers, "Content-Type"))
        rc = sl_headers_add(&req.headers, "Content-Type", "application/json");
    snprintf(attempt_hdr, sizeof(attempt_hdr), "attempt=%d; max=%d", call->attempts + 1,
             c->retry.max_attempts);
    if (!rc)
        rc = sl_headers_set(&req.headers, "amz-sdk-request", attempt_hdr);
    if (rc)
        goto out;
    if (call->body_ext) {
        req.body = call->body_ext;
        req.body_len = call->body_ext_len;
    } else {
        req.body = (const unsigned char *)call->body.data;
        req.body_len = call->body.len;
    }
    req.timeout_ms = call->timeout_ms;
    req.max_response = call->max_response;

    memset(&sp, 0, sizeof(sp));
    sp.region = c->region;
    sp.service = call->svc->signing_name;
    sp.now_ms = sl_clock_now_ms(c->clock) + c->clock_offset_ms;
    sp.creds = creds;
    sp.normalize_path = !call->svc->s3;
    sp.encode_path = !call->svc->s3;
    sp.sign_content_sha256 = call->svc->s3;
    /* A large upload is hashed once by its builder, not again on every attempt. */
    sp.payload_hash = call->svc->s3 ? sl_headers_get(&call->headers, "x-amz-content-sha256") : NULL;
    rc = sl_sigv4_sign(&req, &sp, &c->sig_cache, &call->err);
    if (rc)
        goto out;
    call->attempts++;
    sl_http_response_free(&call->resp);
    sl_error_clear(&call->err);
    call->state_ = SL_CALL_IN_FLIGHT;
    rc = t->ops->start(t, &req, transfer_done, call, &call->transfer_id_);
    if (rc)
        call->state_ = SL_CALL_IDLE;
out:
    sl_buf_free(&full_path);
    sl_http_request_free(&req);
    return rc;
}

/* One sentence naming the host for a failure that got no HTTP answer. */
static void net_sentence(enum sl_net_status st, const char *host, char *out, size_t len)
{
    switch (st) {
    case SL_NET_CONNECT_FAILED:
        snprintf(out, len, _("Could not connect to %s"), host);
        break;
    case SL_NET_CONNECT_TIMEOUT:
        snprintf(out, len, _("Timed out connecting to %s"), host);
        break;
    case SL_NET_SEND_FAILED:
        snprintf(out, len, _("The connection to %s broke while sending the request"), host);
        break;
    case SL_NET_RECV_FAILED:
        snprintf(out, len, _("The connection to %s broke before the whole answer arrived"), host);
        break;
    case SL_NET_READ_TIMEOUT:
        snprintf(out, len, _("No answer from %s in time"), host);
        break;
    case SL_NET_TOO_BIG:
        snprintf(out, len, _("The answer from %s was larger than allowed"), host);
        break;
    default:
        snprintf(out, len, _("The request to %s failed"), host);
        break;
    }
}

static enum sl_err net_err(enum sl_net_status st)
{
    switch (st) {
    case SL_NET_CONNECT_TIMEOUT:
    case SL_NET_READ_TIMEOUT:
        return SL_ETIMEOUT;
    case SL_NET_TOO_BIG:
        return SL_ETOOBIG;
    case SL_NET_CANCELLED:
        return SL_ECANCELLED;
    default:
        return SL_ENET;
    }
}

static void transfer_done(void *ud, enum sl_net_status st, struct sl_http_response *resp,
                          const char *detail)
{
    struct sl_call *call = ud;
    struct sl_client *c = call->client_;
    struct sl_retry_decision d;
    enum sl_err decoded = SL_EAWS;
    long long offset;
    const char *host = "";
    size_t i;

    call->transfer_id_ = 0;
    sl_error_clear(&call->err);
    for (i = 0; i < SL_SERVICE_SLOTS; i++)
        if (c->endpoints[i].svc == call->svc)
            host = c->endpoints[i].ep.host;

    if (st == SL_NET_CANCELLED) {
        call_finish(call, SL_ECANCELLED);
        return;
    }
    if (st == SL_NET_OK) {
        /* Keep the answer: the caller parses the body and reads headers. */
        sl_http_response_free(&call->resp);
        call->resp = *resp;
        memset(resp, 0, sizeof(*resp));
        if (call->resp.status >= 200 && call->resp.status < 300) {
            if (call->retry_cost_)
                sl_retry_bucket_refund(&c->bucket, call->retry_cost_);
            else
                sl_retry_bucket_success(&c->bucket);
            call_finish(call, SL_OK);
            return;
        }
        decoded = sl_aws_error_decode(call->svc->protocol, &call->resp, &call->err);
        /* A skewed clock: learn the server's time from Date and try once more. */
        if (sl_retry_is_skew_code(call->err.code) &&
            sl_skew_offset_ms(sl_headers_get(&call->resp.headers, "Date"),
                              sl_clock_now_ms(c->clock), &offset) &&
            offset != c->clock_offset_ms && call->attempts < c->retry.max_attempts + 1) {
            c->clock_offset_ms = offset;
            call->state_ = SL_CALL_WAITING;
            call->retry_at_ms_ = c->clock->mono_ms(c->clock->ud);
            return;
        }
    } else {
        call->err.http_status = 0;
        net_sentence(st, host, call->err.message, sizeof(call->err.message));
        if (detail && *detail) {
            size_t n = strlen(call->err.message);
            snprintf(call->err.message + n, sizeof(call->err.message) - n, " (%s)", detail);
        }
    }
    d = sl_retry_decide(&c->retry, &c->bucket, call->attempts, call->idempotent, st,
                        call->err.http_status, call->err.code, c->clock->random(c->clock->ud));
    if (d.retry) {
        call->retry_cost_ = d.cost;
        call->state_ = SL_CALL_WAITING;
        call->retry_at_ms_ = c->clock->mono_ms(c->clock->ud) + d.delay_ms;
        return;
    }
    if (st != SL_NET_OK) {
        call_finish(call, net_err(st));
        return;
    }
    call_finish(call, decoded);
}

enum sl_err sl_client_send(struct sl_client *c, struct sl_call *call)
{
    enum sl_err rc;

    call->client_ = c;
    call->attempts = 0;
    call->retry_cost_ = 0;
    call->rc = SL_OK;
    sl_error_clear(&call->err);
    rc = call_start_attempt(c, call, c->transport);
    if (rc) {
        /* Report through done like any other failure, so callers have one path. */
        call_finish(call, rc);
    }
    call->next_ = c->calls;
    c->calls = call;
    return SL_OK;
}

void sl_client_cancel(struct sl_client *c, struct sl_call *call)
{
    if (call->state_ == SL_CALL_IN_FLIGHT && call->transfer_id_) {
        c->transport->ops->cancel(c->transport, call->transfer_id_);
    } else if (call->state_ == SL_CALL_WAITING || call->state_ == SL_CALL_IDLE) {
        sl_error_set(&call->err, SL_ECANCELLED, "%s", _("Cancelled."));
        call_finish(call, SL_ECANCELLED);
    }
}

int sl_client_pending(struct sl_client *c)
{
    int n = 0;
    struct sl_call *p;

    for (p = c->calls; p; p = p->next_)
        n++;
    return n;
}

/* Starts the retries that are due and says how long until the next one (-1: none). */
static long long client_start_due(struct sl_client *c)
{
    long long now = c->clock->mono_ms(c->clock->ud);
    long long next = -1;
    struct sl_call *p;

    for (p = c->calls; p; p = p->next_) {
        if (p->state_ != SL_CALL_WAITING)
            continue;
        if (p->retry_at_ms_ <= now) {
            enum sl_err rc = call_start_attempt(c, p, c->transport);
            if (rc)
                call_finish(p, rc);
        } else if (next < 0 || p->retry_at_ms_ - now < next) {
            next = p->retry_at_ms_ - now;
        }
    }
    return next;
}

/* Calls done for every finished call; done may send new calls or free this one. */
static int client_deliver(struct sl_client *c)
{
    struct sl_call **pp = &c->calls;
    int delivered = 0;

    while (*pp) {
        struct sl_call *call = *pp;
        if (call->state_ != SL_CALL_FINISHED) {
            pp = &call->next_;
            continue;
        }
        *pp = call->next_;
        call->next_ = NULL;
        call->state_ = SL_CALL_IDLE;
        delivered++;
        if (call->done)
            call->done(call, call->ud);
        pp = &c->calls; /* done may have changed the list */
    }
    return delivered;
}

int sl_client_run(struct sl_client *c, int timeout_ms, int extra_fd)
{
    long long next;
    int ready = 0;

    if (client_deliver(c))
        return 0;
    next = client_start_due(c);
    if (next >= 0 && (timeout_ms < 0 || next < timeout_ms))
        timeout_ms = (int)next;
    if (client_deliver(c))
        return 0;
    c->in_run = 1;
    ready = c->transport->ops->run(c->transport, timeout_ms, extra_fd);
    c->in_run = 0;
    client_deliver(c);
    return ready;
}

static void sync_done(struct sl_call *call, void *ud)
{
    *(int *)ud = 1;
}

enum sl_err sl_client_call_sync(struct sl_client *c, struct sl_call *call)
{
    int finished = 0;
    sl_call_done_fn saved_done = call->done;
    void *saved_ud = call->ud;

    call->done = sync_done;
    call->ud = &finished;
    sl_client_send(c, call);
    while (!finished)
        sl_client_run(c, 1000, -1);
    call->done = saved_done;
    call->ud = saved_ud;
    return call->rc;
}

void sl_client_wakeup(struct sl_client *c)
{
    c->transport->ops->wakeup(c->transport);
}

/* The credential chain's STS hook: AssumeRole signed with the source credentials. It runs
 * synchronously; a dedicated transport is used when the main one is inside run(). */
static enum sl_err client_assume_role(void *ud, const struct sl_credentials *source,
                                      const struct sl_assume_role_params *p,
                                      struct sl_credentials *out, struct sl_error *err)
{
    struct sl_client *c = ud;
    struct sl_client tmp;
    enum sl_err rc;

    /* A shallow client that signs with the source keys and shares endpoints and clock. */
    tmp = *c;
    tmp.calls = NULL;
    tmp.have_creds = 0;
    memset(&tmp.creds, 0, sizeof(tmp.creds));
    rc = sl_credentials_copy(&tmp.creds, source);
    if (rc)
        return rc;
    tmp.have_creds = 1;
    tmp.creds.expires_ms = 0; /* never re-resolve inside this call */
    memset(&tmp.sig_cache, 0, sizeof(tmp.sig_cache));
    if (c->in_run) {
        if (!c->side_transport)
            c->side_transport = sl_transport_curl_new(&c->topts);
        if (!c->side_transport) {
            sl_credentials_clear(&tmp.creds);
            return SL_ENOMEM;
        }
        tmp.transport = c->side_transport;
    }
    rc = sl_sts_assume_role(&tmp, p, out, err);
    sl_credentials_clear(&tmp.creds);
    /* Endpoints resolved through tmp were stored in its copy of the slots: keep them. */
    memcpy(c->endpoints, tmp.endpoints, sizeof(c->endpoints));
    c->clock_offset_ms = tmp.clock_offset_ms;
    c->bucket = tmp.bucket;
    return rc;
}
