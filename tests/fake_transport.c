#include "fake_transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sl_fake_outcome {
    struct sl_fake_outcome *next;
    enum sl_net_status st;
    long status;
    char *headers;
    unsigned char *body;
    size_t body_len;
    char *detail;
};

struct sl_fake_xfer {
    struct sl_fake_xfer *next;
    uint64_t id;
    sl_transport_done_fn done;
    void *ud;
    int cancelled;
};

struct sl_fake {
    struct sl_transport base;
    struct sl_fake_outcome *script;
    struct sl_fake_outcome **script_tail;
    struct sl_fake_xfer *pending; /* FIFO */
    struct sl_fake_xfer *batch;   /* the ones run() is completing right now */
    struct sl_fake_request *reqs;
    size_t nreqs;
    size_t capreqs;
    uint64_t next_id;
    int hold;
    int extra_ready;
    int runs;
    int wakeups;
    int last_timeout;
};

static void *sl_fake_xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);

    if (!p) {
        fputs("fake transport: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *sl_fake_strdup(const char *s)
{
    size_t n;
    char *p;

    if (!s)
        s = "";
    n = strlen(s);
    p = sl_fake_xmalloc(n + 1);
    memcpy(p, s, n);
    return p;
}

static void sl_fake_check(enum sl_err rc)
{
    if (rc) {
        fprintf(stderr, "fake transport: %s\n", sl_strerror(rc));
        abort();
    }
}

/* "A: 1\nB: 2" into h. */
static void sl_fake_parse_headers(const char *text, struct sl_headers *h)
{
    while (text && *text) {
        const char *eol = strchr(text, '\n');
        size_t n = eol ? (size_t)(eol - text) : strlen(text);
        const char *colon = memchr(text, ':', n);

        if (n && text[n - 1] == '\r')
            n--;
        if (colon) {
            char *name = sl_fake_xmalloc((size_t)(colon - text) + 1);
            const char *v = colon + 1;
            size_t vlen;
            char *value;

            memcpy(name, text, (size_t)(colon - text));
            while (v < text + n && (*v == ' ' || *v == '\t'))
                v++;
            vlen = (size_t)(text + n - v);
            value = sl_fake_xmalloc(vlen + 1);
            memcpy(value, v, vlen);
            sl_fake_check(sl_headers_add(h, name, value));
            free(name);
            free(value);
        }
        text = eol ? eol + 1 : NULL;
    }
}

static void sl_fake_push(struct sl_fake *f, struct sl_fake_outcome *o)
{
    *f->script_tail = o;
    f->script_tail = &o->next;
}

void sl_fake_push_http_body(struct sl_transport *t, long status, const char *headers,
                            const void *body, size_t len)
{
    struct sl_fake *f = (struct sl_fake *)t;
    struct sl_fake_outcome *o = sl_fake_xmalloc(sizeof(*o));

    o->st = SL_NET_OK;
    o->status = status;
    o->headers = headers ? sl_fake_strdup(headers) : NULL;
    o->body = sl_fake_xmalloc(len + 1);
    if (len)
        memcpy(o->body, body, len);
    o->body_len = len;
    sl_fake_push(f, o);
}

void sl_fake_push_http(struct sl_transport *t, long status, const char *headers, const char *body)
{
    sl_fake_push_http_body(t, status, headers, body, body ? strlen(body) : 0);
}

void sl_fake_push_net(struct sl_transport *t, enum sl_net_status st, const char *detail)
{
    struct sl_fake *f = (struct sl_fake *)t;
    struct sl_fake_outcome *o = sl_fake_xmalloc(sizeof(*o));

    o->st = st;
    o->detail = sl_fake_strdup(detail);
    sl_fake_push(f, o);
}

size_t sl_fake_scripted_left(const struct sl_transport *t)
{
    const struct sl_fake *f = (const struct sl_fake *)t;
    const struct sl_fake_outcome *o;
    size_t n = 0;

    for (o = f->script; o; o = o->next)
        n++;
    return n;
}

static void sl_fake_outcome_free(struct sl_fake_outcome *o)
{
    if (!o)
        return;
    free(o->headers);
    free(o->body);
    free(o->detail);
    free(o);
}

static struct sl_fake_outcome *sl_fake_pop(struct sl_fake *f)
{
    struct sl_fake_outcome *o = f->script;

    if (!o)
        return NULL;
    f->script = o->next;
    if (!f->script)
        f->script_tail = &f->script;
    o->next = NULL;
    return o;
}

static void sl_fake_record(struct sl_fake *f, const struct sl_http_request *req, uint64_t id)
{
    struct sl_fake_request *r;
    size_t i;

    if (f->nreqs == f->capreqs) {
        size_t ncap = f->capreqs ? f->capreqs * 2 : 8;
        struct sl_fake_request *v = realloc(f->reqs, ncap * sizeof(*v));

        if (!v)
            sl_fake_check(SL_ENOMEM);
        f->reqs = v;
        f->capreqs = ncap;
    }
    r = &f->reqs[f->nreqs++];
    memset(r, 0, sizeof(*r));
    r->id = id;
    memcpy(r->method, req->method, sizeof(r->method));
    r->method[sizeof(r->method) - 1] = '\0';
    r->url = sl_http_request_url(req);
    if (!r->url)
        sl_fake_check(SL_ENOMEM);
    r->host = sl_fake_strdup(req->host);
    r->path = sl_fake_strdup(req->path);
    r->query = sl_fake_strdup(req->query);
    for (i = 0; i < req->headers.n; i++)
        sl_fake_check(sl_headers_add(&r->headers, req->headers.v[i].name, req->headers.v[i].value));
    r->body = sl_fake_xmalloc(req->body_len + 1);
    if (req->body_len)
        memcpy(r->body, req->body, req->body_len);
    r->body_len = req->body_len;
    r->connect_timeout_ms = req->connect_timeout_ms;
    r->timeout_ms = req->timeout_ms;
    r->max_response = req->max_response;
}

static enum sl_err sl_fake_start(struct sl_transport *t, const struct sl_http_request *req,
                                 sl_transport_done_fn done, void *ud, uint64_t *id)
{
    struct sl_fake *f = (struct sl_fake *)t;
    struct sl_fake_xfer *x, **tail;

    if (!req || !done)
        return SL_EINVAL;
    x = sl_fake_xmalloc(sizeof(*x));
    x->id = ++f->next_id;
    x->done = done;
    x->ud = ud;
    sl_fake_record(f, req, x->id);
    for (tail = &f->pending; *tail; tail = &(*tail)->next)
        ;
    *tail = x;
    if (id)
        *id = x->id;
    return SL_OK;
}

static void sl_fake_cancel(struct sl_transport *t, uint64_t id)
{
    struct sl_fake *f = (struct sl_fake *)t;
    struct sl_fake_xfer *x;

    for (x = f->pending; x; x = x->next)
        if (x->id == id)
            x->cancelled = 1;
    for (x = f->batch; x; x = x->next)
        if (x->id == id)
            x->cancelled = 1;
}

static void sl_fake_complete(struct sl_fake *f, struct sl_fake_xfer *x)
{
    struct sl_http_response resp;
    struct sl_fake_outcome *o;

    memset(&resp, 0, sizeof(resp));
    sl_buf_init(&resp.body, 0);
    if (x->cancelled) {
        x->done(x->ud, SL_NET_CANCELLED, &resp, "");
        goto cleanup;
    }
    o = sl_fake_pop(f);
    if (!o) {
        x->done(x->ud, SL_NET_CONNECT_FAILED, &resp, "fake transport: nothing scripted");
        goto cleanup;
    }
    if (o->st == SL_NET_OK) {
        resp.status = o->status;
        sl_fake_parse_headers(o->headers, &resp.headers);
        sl_fake_check(sl_buf_append(&resp.body, o->body, o->body_len));
    }
    x->done(x->ud, o->st, &resp, o->detail ? o->detail : "");
    sl_fake_outcome_free(o);
cleanup:
    sl_http_response_free(&resp);
    free(x);
}

static int sl_fake_run(struct sl_transport *t, int timeout_ms, int extra_fd)
{
    struct sl_fake *f = (struct sl_fake *)t;
    struct sl_fake_xfer *held = NULL, **held_tail = &held;
    int ready = 0;

    f->runs++;
    f->last_timeout = timeout_ms;
    if (f->extra_ready && extra_fd >= 0) {
        f->extra_ready = 0;
        ready = 1;
    }
    /* Only what was pending when run() began; callbacks may start more. */
    f->batch = f->pending;
    f->pending = NULL;
    while (f->batch) {
        struct sl_fake_xfer *x = f->batch;

        f->batch = x->next;
        x->next = NULL;
        if (f->hold && !x->cancelled) {
            *held_tail = x;
            held_tail = &x->next;
            continue;
        }
        sl_fake_complete(f, x);
    }
    if (held) {
        *held_tail = f->pending;
        f->pending = held;
    }
    return ready;
}

static int sl_fake_pending(struct sl_transport *t)
{
    struct sl_fake *f = (struct sl_fake *)t;
    struct sl_fake_xfer *x;
    int n = 0;

    for (x = f->pending; x; x = x->next)
        n++;
    for (x = f->batch; x; x = x->next)
        n++;
    return n;
}

static void sl_fake_wakeup(struct sl_transport *t)
{
    ((struct sl_fake *)t)->wakeups++;
}

static void sl_fake_free(struct sl_transport *t)
{
    struct sl_fake *f = (struct sl_fake *)t;
    size_t i;

    if (!f)
        return;
    while (f->script)
        sl_fake_outcome_free(sl_fake_pop(f));
    while (f->pending) {
        struct sl_fake_xfer *x = f->pending;

        f->pending = x->next;
        free(x);
    }
    for (i = 0; i < f->nreqs; i++) {
        struct sl_fake_request *r = &f->reqs[i];

        free(r->url);
        free(r->host);
        free(r->path);
        free(r->query);
        sl_headers_free(&r->headers);
        free(r->body);
    }
    free(f->reqs);
    free(f);
}

static const struct sl_transport_ops sl_fake_ops = {
    sl_fake_start, sl_fake_cancel, sl_fake_run, sl_fake_pending, sl_fake_wakeup, sl_fake_free,
};

struct sl_transport *sl_fake_transport_new(void)
{
    struct sl_fake *f = sl_fake_xmalloc(sizeof(*f));

    f->base.ops = &sl_fake_ops;
    f->script_tail = &f->script;
    return &f->base;
}

size_t sl_fake_request_count(const struct sl_transport *t)
{
    return ((const struct sl_fake *)t)->nreqs;
}

const struct sl_fake_request *sl_fake_request_at(const struct sl_transport *t, size_t i)
{
    const struct sl_fake *f = (const struct sl_fake *)t;

    return i < f->nreqs ? &f->reqs[i] : NULL;
}

const struct sl_fake_request *sl_fake_last_request(const struct sl_transport *t)
{
    const struct sl_fake *f = (const struct sl_fake *)t;

    return f->nreqs ? &f->reqs[f->nreqs - 1] : NULL;
}

void sl_fake_hold(struct sl_transport *t, int on)
{
    ((struct sl_fake *)t)->hold = on;
}

void sl_fake_set_extra_ready(struct sl_transport *t)
{
    ((struct sl_fake *)t)->extra_ready = 1;
}

int sl_fake_run_count(const struct sl_transport *t)
{
    return ((const struct sl_fake *)t)->runs;
}

int sl_fake_wakeup_count(const struct sl_transport *t)
{
    return ((const struct sl_fake *)t)->wakeups;
}

int sl_fake_last_run_timeout(const struct sl_transport *t)
{
    return ((const struct sl_fake *)t)->last_timeout;
}
