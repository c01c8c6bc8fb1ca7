/* The libcurl transport: one multi handle drives every transfer from the caller's thread. The
 * multi handle's connection cache keeps connections alive between requests; proxies come from
 * libcurl's own environment variables (http_proxy, https_proxy, no_proxy). */
#include "transport.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "crypto.h"

#define SL_CURL_DEFAULT_CONNECT_MS 10000L
#define SL_CURL_DEFAULT_TIMEOUT_MS 60000L
/* Response headers kept per transfer: beyond this the answer is refused as too big. */
#define SL_CURL_MAX_HEADERS      500
#define SL_CURL_MAX_HEADER_BYTES ((size_t)256 * 1024)

struct sl_curl;

struct sl_curl_xfer {
    struct sl_curl_xfer *next;
    struct sl_curl *owner;
    uint64_t id;
    CURL *easy;
    struct curl_slist *hdrs;
    char *url;
    int https;
    struct sl_http_response resp;
    size_t header_bytes;
    int too_big; /* our cap stopped the transfer */
    int oom;
    long long started_ms;
    sl_transport_done_fn done;
    void *ud;
    char errbuf[CURL_ERROR_SIZE];
};

struct sl_curl {
    struct sl_transport base;
    CURLM *multi;
    struct sl_curl_xfer *xfers;     /* added to the multi handle */
    struct sl_curl_xfer *cancelled; /* waiting for their SL_NET_CANCELLED callback */
    uint64_t next_id;
    char *user_agent;
    char *ca_bundle;
    long connect_timeout_ms;
    long timeout_ms;
    int debug_fd;
};

void sl_transport_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void sl_transport_global_cleanup(void)
{
    curl_global_cleanup();
}

const char *sl_transport_curl_version(void)
{
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);

    return v && v->version ? v->version : "unknown";
}

/* ---- redaction ----------------------------------------------------------------------- */

struct sl_out {
    char *p;
    size_t len;
    size_t n;
};

static void sl_out_put(struct sl_out *o, const char *s, size_t n)
{
    size_t room;

    if (!o->len)
        return;
    room = o->len - 1 - o->n;
    if (n > room)
        n = room;
    memcpy(o->p + o->n, s, n);
    o->n += n;
    o->p[o->n] = '\0';
}

static void sl_out_str(struct sl_out *o, const char *s)
{
    sl_out_put(o, s, strlen(s));
}

static int sl_header_is_opaque_secret(const char *name)
{
    static const char *const names[] = {
        "x-amz-security-token",
        "cookie",
        "set-cookie",
        "x-amz-server-side-encryption-customer-key",
        "x-amz-copy-source-server-side-encryption-customer-key",
    };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcasecmp(name, names[i]))
            return 1;
    return 0;
}

/* "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...": keeps the scheme and
 * SignedHeaders, hides every other parameter's value. */
static void sl_redact_authorization(const char *v, struct sl_out *o)
{
    const char *sp;

    while (*v == ' ')
        v++;
    sp = strchr(v, ' ');
    if (!sp) {
        sl_out_str(o, SL_REDACTED);
        return;
    }
    sl_out_put(o, v, (size_t)(sp - v));
    sl_out_str(o, " ");
    if (strncmp(v, "AWS4-", 5) != 0) {
        sl_out_str(o, SL_REDACTED); /* Basic, Bearer, S3 v2 "AWS key:sig": all secret */
        return;
    }
    v = sp;
    while (*v) {
        const char *end, *eq;
        size_t klen;

        while (*v == ' ' || *v == ',')
            v++;
        if (!*v)
            break;
        end = strchr(v, ',');
        if (!end)
            end = v + strlen(v);
        eq = memchr(v, '=', (size_t)(end - v));
        if (o->n && o->p[o->n - 1] != ' ')
            sl_out_str(o, ", ");
        klen = eq ? (size_t)(eq - v) : 0;
        if (eq && klen == 13 && !strncmp(v, "SignedHeaders", 13)) {
            sl_out_put(o, v, (size_t)(end - v));
        } else if (eq) {
            sl_out_put(o, v, klen + 1);
            sl_out_str(o, SL_REDACTED);
        } else {
            sl_out_str(o, SL_REDACTED);
        }
        v = end;
    }
}

int sl_redact_header(const char *name, const char *value, char *out, size_t len)
{
    struct sl_out o = {out, len, 0};

    if (len)
        out[0] = '\0';
    if (!value)
        value = "";
    if (!name)
        name = "";
    if (!strcasecmp(name, "authorization") || !strcasecmp(name, "proxy-authorization")) {
        sl_redact_authorization(value, &o);
        return 1;
    }
    if (sl_header_is_opaque_secret(name)) {
        sl_out_str(&o, SL_REDACTED);
        return 1;
    }
    sl_out_str(&o, value);
    return 0;
}

int sl_redact_url(const char *url, char *out, size_t len)
{
    static const char *const secret[] = {"X-Amz-Signature", "X-Amz-Credential",
                                         "X-Amz-Security-Token"};
    struct sl_out o = {out, len, 0};
    const char *q, *p;
    int hidden = 0;

    if (len)
        out[0] = '\0';
    if (!url)
        return 0;
    q = strchr(url, '?');
    if (!q) {
        sl_out_str(&o, url);
        return 0;
    }
    sl_out_put(&o, url, (size_t)(q - url) + 1);
    p = q + 1;
    while (*p) {
        const char *amp = strchr(p, '&');
        const char *end = amp ? amp : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        size_t klen = eq ? (size_t)(eq - p) : (size_t)(end - p);
        size_t i;
        int is_secret = 0;

        for (i = 0; i < sizeof(secret) / sizeof(secret[0]); i++)
            if (klen == strlen(secret[i]) && !strncasecmp(p, secret[i], klen))
                is_secret = 1;
        if (is_secret && eq) {
            sl_out_put(&o, p, klen + 1);
            sl_out_str(&o, SL_REDACTED);
            hidden = 1;
        } else {
            sl_out_put(&o, p, (size_t)(end - p));
        }
        if (!amp)
            break;
        sl_out_str(&o, "&");
        p = amp + 1;
    }
    return hidden;
}

/* ---- debug trace --------------------------------------------------------------------- */

/* Appends s with control bytes made visible: the trace may go to a terminal. */
static void sl_trace_put(struct sl_buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c < 0x20 || c == 0x7f)
            sl_buf_appendf(b, "\\x%02x", c);
        else
            sl_buf_append(b, s, 1);
    }
}

static void sl_trace_header(struct sl_buf *b, char dir, const char *name, const char *value)
{
    char red[2048];

    sl_redact_header(name, value, red, sizeof(red));
    sl_buf_appendf(b, "%c ", dir);
    sl_trace_put(b, name);
    sl_buf_append_str(b, ": ");
    sl_trace_put(b, red);
    sl_buf_append_str(b, "\n");
}

static void sl_trace_write(int fd, const struct sl_buf *b)
{
    const char *p = sl_buf_str(b);
    size_t left = b->len;

    while (left) {
        ssize_t n = write(fd, p, left);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        left -= (size_t)n;
    }
}

static void sl_trace_request(struct sl_curl *c, struct sl_curl_xfer *x,
                             const struct sl_http_request *req)
{
    struct sl_buf b;
    char url[4096];
    size_t i;

    if (c->debug_fd < 0)
        return;
    sl_buf_init(&b, 1024 * 1024);
    sl_redact_url(x->url, url, sizeof(url));
    sl_buf_appendf(&b, "> [%llu] %s ", (unsigned long long)x->id, req->method);
    sl_trace_put(&b, url);
    sl_buf_append_str(&b, "\n");
    for (i = 0; i < req->headers.n; i++)
        sl_trace_header(&b, '>', req->headers.v[i].name, req->headers.v[i].value);
    sl_buf_appendf(&b, "> (%zu body bytes)\n", req->body_len);
    sl_trace_write(c->debug_fd, &b);
    sl_buf_free(&b);
}

static const char *sl_net_status_name(enum sl_net_status st)
{
    switch (st) {
    case SL_NET_OK:
        return "ok";
    case SL_NET_CONNECT_FAILED:
        return "connect failed";
    case SL_NET_CONNECT_TIMEOUT:
        return "connect timeout";
    case SL_NET_SEND_FAILED:
        return "send failed";
    case SL_NET_RECV_FAILED:
        return "receive failed";
    case SL_NET_READ_TIMEOUT:
        return "read timeout";
    case SL_NET_TOO_BIG:
        return "answer too big";
    case SL_NET_CANCELLED:
        return "cancelled";
    }
    return "?";
}

static long long sl_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sl_trace_response(struct sl_curl *c, struct sl_curl_xfer *x, enum sl_net_status st,
                              const char *detail)
{
    struct sl_buf b;
    size_t i;

    if (c->debug_fd < 0)
        return;
    sl_buf_init(&b, 1024 * 1024);
    if (st == SL_NET_OK)
        sl_buf_appendf(&b, "< [%llu] HTTP %ld (%zu body bytes, %lld ms)\n",
                       (unsigned long long)x->id, x->resp.status, x->resp.body.len,
                       sl_mono_ms() - x->started_ms);
    else
        sl_buf_appendf(&b, "< [%llu] %s (%lld ms) ", (unsigned long long)x->id,
                       sl_net_status_name(st), sl_mono_ms() - x->started_ms);
    if (st != SL_NET_OK) {
        sl_trace_put(&b, detail);
        sl_buf_append_str(&b, "\n");
    }
    for (i = 0; st == SL_NET_OK && i < x->resp.headers.n; i++)
        sl_trace_header(&b, '<', x->resp.headers.v[i].name, x->resp.headers.v[i].value);
    sl_trace_write(c->debug_fd, &b);
    sl_buf_free(&b);
}

/* ---- callbacks ----------------------------------------------------------------------- */

static size_t sl_curl_write_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct sl_curl_xfer *x = ud;
    size_t n = size * nmemb;
    enum sl_err rc = sl_buf_append(&x->resp.body, ptr, n);

    if (rc == SL_ETOOBIG) {
        x->too_big = 1;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (rc) {
        x->oom = 1;
        return 0;
    }
    return n;
}

static int sl_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Appends a folded continuation line to the last header value. */
static enum sl_err sl_header_continue(struct sl_headers *h, const char *s, size_t n)
{
    struct sl_header *e;
    size_t old;
    char *p;

    if (!h->n)
        return SL_OK;
    e = &h->v[h->n - 1];
    old = strlen(e->value);
    p = realloc(e->value, old + 1 + n + 1);
    if (!p)
        return SL_ENOMEM;
    p[old] = ' ';
    memcpy(p + old + 1, s, n);
    p[old + 1 + n] = '\0';
    e->value = p;
    return SL_OK;
}

static size_t sl_curl_header_cb(char *buf, size_t size, size_t nmemb, void *ud)
{
    struct sl_curl_xfer *x = ud;
    size_t total = size * nmemb, n = total, nlen, vstart;
    const char *colon;
    char *name = NULL, *value = NULL;
    enum sl_err rc = SL_OK;

    while (n && (buf[n - 1] == '\r' || buf[n - 1] == '\n'))
        n--;
    if (n >= 5 && !memcmp(buf, "HTTP/", 5)) {
        /* A new header block (after 1xx, or a redirect): only the last one counts. */
        sl_headers_free(&x->resp.headers);
        x->header_bytes = 0;
        return total;
    }
    if (!n)
        return total;
    x->header_bytes += n;
    if (x->header_bytes > SL_CURL_MAX_HEADER_BYTES || x->resp.headers.n >= SL_CURL_MAX_HEADERS) {
        x->too_big = 1;
        return 0;
    }
    if (buf[0] == ' ' || buf[0] == '\t') {
        size_t s = 0;

        while (s < n && sl_is_space(buf[s]))
            s++;
        rc = sl_header_continue(&x->resp.headers, buf + s, n - s);
        goto cleanup;
    }
    colon = memchr(buf, ':', n);
    if (!colon)
        return total;
    nlen = (size_t)(colon - buf);
    while (nlen && sl_is_space(buf[nlen - 1]))
        nlen--;
    vstart = (size_t)(colon - buf) + 1;
    while (vstart < n && sl_is_space(buf[vstart]))
        vstart++;
    while (n > vstart && sl_is_space(buf[n - 1]))
        n--;
    name = malloc(nlen + 1);
    value = malloc(n - vstart + 1);
    if (!name || !value) {
        rc = SL_ENOMEM;
        goto cleanup;
    }
    memcpy(name, buf, nlen);
    name[nlen] = '\0';
    memcpy(value, buf + vstart, n - vstart);
    value[n - vstart] = '\0';
    rc = sl_headers_add(&x->resp.headers, name, value);
cleanup:
    free(name);
    free(value);
    if (rc) {
        x->oom = 1;
        return 0;
    }
    return total;
}

/* ---- transfers ----------------------------------------------------------------------- */

static void sl_xfer_free(struct sl_curl_xfer *x)
{
    struct curl_slist *l;

    if (!x)
        return;
    if (x->easy)
        curl_easy_cleanup(x->easy);
    for (l = x->hdrs; l; l = l->next)
        sl_secure_wipe(l->data, strlen(l->data)); /* the Authorization header is in there */
    curl_slist_free_all(x->hdrs);
    free(x->url);
    sl_http_response_free(&x->resp);
    free(x);
}

static int sl_has_crlf(const char *s)
{
    return strchr(s, '\r') || strchr(s, '\n');
}

static enum sl_err sl_xfer_add_header(struct sl_curl_xfer *x, const char *name, const char *value)
{
    struct sl_buf line;
    struct curl_slist *l;
    enum sl_err rc;

    sl_buf_init(&line, 0);
    /* "Name;" sends an empty header; "Name:" with nothing after it would remove it. */
    if (value && *value)
        rc = sl_buf_appendf(&line, "%s: %s", name, value);
    else if (value)
        rc = sl_buf_appendf(&line, "%s;", name);
    else
        rc = sl_buf_appendf(&line, "%s:", name);
    if (rc)
        goto cleanup;
    l = curl_slist_append(x->hdrs, sl_buf_str(&line));
    if (!l) {
        rc = SL_ENOMEM;
        goto cleanup;
    }
    x->hdrs = l;
cleanup:
    if (line.data)
        sl_secure_wipe(line.data, line.len); /* it may hold the Authorization header */
    sl_buf_free(&line);
    return rc;
}

#define SL_SETOPT(easy, opt, val)                                                                  \
    do {                                                                                           \
        if (curl_easy_setopt((easy), (opt), (val)) != CURLE_OK) {                                  \
            rc = SL_EINVAL;                                                                        \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)

static enum sl_err sl_xfer_setup(struct sl_curl *c, struct sl_curl_xfer *x,
                                 const struct sl_http_request *req)
{
    static const char empty_body[] = "";
    enum sl_err rc = SL_OK;
    CURL *e = x->easy;
    const char *m = req->method;
    long connect_ms = req->connect_timeout_ms > 0 ? req->connect_timeout_ms : c->connect_timeout_ms;
    long timeout_ms = req->timeout_ms > 0 ? req->timeout_ms : c->timeout_ms;
    int send_body =
        req->body_len > 0 || !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH");
    size_t i;

    SL_SETOPT(e, CURLOPT_URL, x->url);
    SL_SETOPT(e, CURLOPT_PRIVATE, (void *)x);
    SL_SETOPT(e, CURLOPT_NOSIGNAL, 1L);
    SL_SETOPT(e, CURLOPT_ERRORBUFFER, x->errbuf);
    SL_SETOPT(e, CURLOPT_WRITEFUNCTION, sl_curl_write_cb);
    SL_SETOPT(e, CURLOPT_WRITEDATA, (void *)x);
    SL_SETOPT(e, CURLOPT_HEADERFUNCTION, sl_curl_header_cb);
    SL_SETOPT(e, CURLOPT_HEADERDATA, (void *)x);
    SL_SETOPT(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    SL_SETOPT(e, CURLOPT_FOLLOWLOCATION, 0L);
    SL_SETOPT(e, CURLOPT_TCP_KEEPALIVE, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
    SL_SETOPT(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SL_SETOPT(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SL_SETOPT(e, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    SL_SETOPT(e, CURLOPT_TIMEOUT_MS, timeout_ms);
    SL_SETOPT(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->resp.body.max);
    if (c->user_agent)
        SL_SETOPT(e, CURLOPT_USERAGENT, c->user_agent);
    if (c->ca_bundle)
        SL_SETOPT(e, CURLOPT_CAINFO, c->ca_bundle);

    if (!strcmp(m, "HEAD")) {
        SL_SETOPT(e, CURLOPT_NOBODY, 1L);
    } else if (send_body) {
        /* The exact length goes out as Content-Length: never chunked, never copied. */
        SL_SETOPT(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        SL_SETOPT(e, CURLOPT_POSTFIELDS, req->body_len ? (const char *)req->body : empty_body);
        if (strcmp(m, "POST") != 0)
            SL_SETOPT(e, CURLOPT_CUSTOMREQUEST, m);
    } else {
        SL_SETOPT(e, CURLOPT_HTTPGET, 1L);
        if (strcmp(m, "GET") != 0)
            SL_SETOPT(e, CURLOPT_CUSTOMREQUEST, m);
    }

    /* Headers go out exactly as given (Host included: the signer signed it). */
    for (i = 0; i < req->headers.n; i++) {
        const struct sl_header *h = &req->headers.v[i];

        if (!h->name || !*h->name || !h->value || sl_has_crlf(h->name) || sl_has_crlf(h->value) ||
            strchr(h->name, ':')) {
            rc = SL_EINVAL;
            goto cleanup;
        }
        rc = sl_xfer_add_header(x, h->name, h->value);
        if (rc)
            goto cleanup;
    }
    if (!sl_headers_get(&req->headers, "Expect"))
        rc = sl_xfer_add_header(x, "Expect", NULL); /* no 100-continue round trip */
    if (!rc && send_body && !sl_headers_get(&req->headers, "Content-Type"))
        rc = sl_xfer_add_header(x, "Content-Type", NULL); /* not libcurl's form type */
    if (rc)
        goto cleanup;
    if (x->hdrs)
        SL_SETOPT(e, CURLOPT_HTTPHEADER, x->hdrs);
cleanup:
    return rc;
}

static enum sl_err sl_curl_start(struct sl_transport *t, const struct sl_http_request *req,
                                 sl_transport_done_fn done, void *ud, uint64_t *id)
{
    struct sl_curl *c = (struct sl_curl *)t;
    struct sl_curl_xfer *x = NULL;
    enum sl_err rc = SL_ENOMEM;

    if (id)
        *id = 0;
    if (!req || !done || !req->host || !*req->host || !req->method[0]) {
        rc = SL_EINVAL;
        goto cleanup;
    }
    x = calloc(1, sizeof(*x));
    if (!x)
        goto cleanup;
    x->owner = c;
    x->done = done;
    x->ud = ud;
    x->https = !req->scheme || !strcasecmp(req->scheme, "https");
    sl_buf_init(&x->resp.body, req->max_response ? req->max_response : SL_BUF_DEFAULT_MAX);
    x->url = sl_http_request_url(req);
    x->easy = curl_easy_init();
    if (!x->url || !x->easy)
        goto cleanup;
    rc = sl_xfer_setup(c, x, req);
    if (rc)
        goto cleanup;
    if (curl_multi_add_handle(c->multi, x->easy) != CURLM_OK) {
        rc = SL_ENOMEM;
        goto cleanup;
    }
    x->id = ++c->next_id;
    x->started_ms = sl_mono_ms();
    x->next = c->xfers;
    c->xfers = x;
    if (id)
        *id = x->id;
    sl_trace_request(c, x, req);
    x = NULL;
    rc = SL_OK;
cleanup:
    sl_xfer_free(x);
    return rc;
}

static struct sl_curl_xfer *sl_unlink(struct sl_curl_xfer **list, struct sl_curl_xfer *x)
{
    struct sl_curl_xfer **pp;

    for (pp = list; *pp; pp = &(*pp)->next) {
        if (*pp == x) {
            *pp = x->next;
            x->next = NULL;
            return x;
        }
    }
    return NULL;
}

static void sl_curl_cancel(struct sl_transport *t, uint64_t id)
{
    struct sl_curl *c = (struct sl_curl *)t;
    struct sl_curl_xfer *x, **tail;

    for (x = c->xfers; x; x = x->next)
        if (x->id == id)
            break;
    if (!x)
        return;
    sl_unlink(&c->xfers, x);
    curl_multi_remove_handle(c->multi, x->easy);
    for (tail = &c->cancelled; *tail; tail = &(*tail)->next)
        ;
    *tail = x;
}

/* OPERATION_TIMEDOUT: a connect timeout only when nothing of the request can have left. */
static enum sl_net_status sl_timeout_status(struct sl_curl_xfer *x)
{
    curl_off_t connect_us = 0, appconnect_us = 0;
    long request_size = 0;

    curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
    curl_easy_getinfo(x->easy, CURLINFO_APPCONNECT_TIME_T, &appconnect_us);
    curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE, &request_size);
    if (request_size == 0 && (connect_us == 0 || (x->https && appconnect_us == 0)))
        return SL_NET_CONNECT_TIMEOUT;
    return SL_NET_READ_TIMEOUT;
}

static enum sl_net_status sl_map_result(struct sl_curl_xfer *x, CURLcode cc)
{
    switch (cc) {
    case CURLE_OK:
        return SL_NET_OK;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return SL_NET_CONNECT_FAILED;
    case CURLE_OPERATION_TIMEDOUT:
        return sl_timeout_status(x);
    case CURLE_SEND_ERROR:
        return SL_NET_SEND_FAILED;
    case CURLE_FILESIZE_EXCEEDED:
        return SL_NET_TOO_BIG;
    case CURLE_WRITE_ERROR:
        return x->too_big ? SL_NET_TOO_BIG : SL_NET_RECV_FAILED;
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    default:
        /* Anything else may have happened after the request left: never "not sent". */
        return SL_NET_RECV_FAILED;
    }
}

/* Hands a finished transfer to its owner and frees it. x is already unlinked and out of the
 * multi handle. */
static void sl_xfer_finish(struct sl_curl *c, struct sl_curl_xfer *x, enum sl_net_status st,
                           const char *detail)
{
    if (st == SL_NET_OK) {
        long code = 0;

        curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
        x->resp.status = code;
    }
    sl_trace_response(c, x, st, detail);
    x->done(x->ud, st, &x->resp, detail ? detail : "");
    sl_xfer_free(x);
}

static int sl_deliver_cancelled(struct sl_curl *c)
{
    int n = 0;

    while (c->cancelled) {
        struct sl_curl_xfer *x = c->cancelled;

        c->cancelled = x->next;
        x->next = NULL;
        sl_xfer_finish(c, x, SL_NET_CANCELLED, "");
        n++;
    }
    return n;
}

static int sl_deliver_done(struct sl_curl *c)
{
    CURLMsg *msg;
    int left = 0, n = 0;

    while ((msg = curl_multi_info_read(c->multi, &left))) {
        struct sl_curl_xfer *x;
        char *priv = NULL;
        CURL *easy = msg->easy_handle;
        CURLcode cc = msg->data.result;
        enum sl_net_status st;
        const char *detail;

        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
        x = (struct sl_curl_xfer *)(void *)priv;
        if (!x || !sl_unlink(&c->xfers, x))
            continue;
        curl_multi_remove_handle(c->multi, easy);
        st = sl_map_result(x, cc);
        if (st == SL_NET_TOO_BIG)
            detail = "response larger than the allowed maximum";
        else if (x->oom && cc == CURLE_WRITE_ERROR)
            detail = "out of memory";
        else if (cc != CURLE_OK)
            detail = x->errbuf[0] ? x->errbuf : curl_easy_strerror(cc);
        else
            detail = "";
        sl_xfer_finish(c, x, st, detail);
        n++;
    }
    return n;
}

static int sl_curl_run(struct sl_transport *t, int timeout_ms, int extra_fd)
{
    struct sl_curl *c = (struct sl_curl *)t;
    struct curl_waitfd wfd;
    unsigned int nfds = 0;
    int running = 0, delivered, ready = 0;

    delivered = sl_deliver_cancelled(c);
    curl_multi_perform(c->multi, &running);
    delivered += sl_deliver_done(c);
    if (extra_fd >= 0) {
        wfd.fd = extra_fd;
        wfd.events = CURL_WAIT_POLLIN;
        wfd.revents = 0;
        nfds = 1;
    }
    /* Something already happened: only look whether the extra fd has input. */
    if (delivered || timeout_ms < 0)
        timeout_ms = 0;
    curl_multi_poll(c->multi, nfds ? &wfd : NULL, nfds, timeout_ms, NULL);
    if (nfds && (wfd.revents & CURL_WAIT_POLLIN))
        ready = 1;
    if (nfds && !ready) {
        /* curl does not report a hang-up; a closed terminal must still end the wait. */
        struct pollfd p = {extra_fd, POLLIN, 0};

        if (poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)))
            ready = 1;
    }
    curl_multi_perform(c->multi, &running);
    sl_deliver_done(c);
    sl_deliver_cancelled(c);
    return ready;
}

static int sl_curl_pending(struct sl_transport *t)
{
    struct sl_curl *c = (struct sl_curl *)t;
    struct sl_curl_xfer *x;
    int n = 0;

    for (x = c->xfers; x; x = x->next)
        n++;
    for (x = c->cancelled; x; x = x->next)
        n++;
    return n;
}

static void sl_curl_wakeup(struct sl_transport *t)
{
    struct sl_curl *c = (struct sl_curl *)t;

    curl_multi_wakeup(c->multi);
}

static void sl_curl_free(struct sl_transport *t)
{
    struct sl_curl *c = (struct sl_curl *)t;

    if (!c)
        return;
    while (c->xfers) {
        struct sl_curl_xfer *x = c->xfers;

        c->xfers = x->next;
        curl_multi_remove_handle(c->multi, x->easy);
        sl_xfer_free(x);
    }
    while (c->cancelled) {
        struct sl_curl_xfer *x = c->cancelled;

        c->cancelled = x->next;
        sl_xfer_free(x);
    }
    if (c->multi)
        curl_multi_cleanup(c->multi);
    free(c->user_agent);
    free(c->ca_bundle);
    free(c);
    curl_global_cleanup();
}

static const struct sl_transport_ops sl_curl_ops = {
    sl_curl_start, sl_curl_cancel, sl_curl_run, sl_curl_pending, sl_curl_wakeup, sl_curl_free,
};

static char *sl_dup_opt(const char *s, int *fail)
{
    char *p;

    if (!s || !*s)
        return NULL;
    p = strdup(s);
    if (!p)
        *fail = 1;
    return p;
}

struct sl_transport *sl_transport_curl_new(const struct sl_transport_opts *opts)
{
    struct sl_curl *c;
    int fail = 0;

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return NULL;
    c = calloc(1, sizeof(*c));
    if (!c) {
        curl_global_cleanup();
        return NULL;
    }
    c->base.ops = &sl_curl_ops;
    c->debug_fd = -1;
    c->connect_timeout_ms = SL_CURL_DEFAULT_CONNECT_MS;
    c->timeout_ms = SL_CURL_DEFAULT_TIMEOUT_MS;
    if (opts) {
        c->user_agent = sl_dup_opt(opts->user_agent, &fail);
        c->ca_bundle = sl_dup_opt(opts->ca_bundle, &fail);
        if (opts->connect_timeout_ms > 0)
            c->connect_timeout_ms = opts->connect_timeout_ms;
        if (opts->timeout_ms > 0)
            c->timeout_ms = opts->timeout_ms;
        c->debug_fd = opts->debug_fd;
    }
    c->multi = curl_multi_init();
    if (!c->multi || fail) {
        sl_curl_free(&c->base);
        return NULL;
    }
    return &c->base;
}
