#include "sigv4.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "crypto.h"

#define SL_SIGV4_MAX_EXPIRES 604800L /* 7 days, the AWS limit for presigned URLs */

/* Headers libcurl or a proxy may add, drop or rewrite, and the signature itself. */
static const char *const sl_sigv4_unsigned_headers[] = {
    "user-agent", "expect", "transfer-encoding", "connection", "x-amzn-trace-id", "authorization",
};

struct sl_sigv4_hdr {
    char *name;        /* lowercased copy */
    const char *value; /* not owned */
    size_t order;      /* position in the request, to keep repeated headers in order */
};

struct sl_sigv4_param {
    char *name; /* encoded */
    char *value;
};

static int sl_sigv4_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int sl_sigv4_hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes s[0..len) into out; a '%' not followed by two hex digits stays as it is,
 * and '+' stays '+'. */
static enum sl_err sl_sigv4_uri_decode(struct sl_buf *out, const char *s, size_t len)
{
    size_t i;
    enum sl_err rc = sl_buf_append(out, "", 0);

    for (i = 0; !rc && i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '%' && i + 2 < len) {
            int hi = sl_sigv4_hexval((unsigned char)s[i + 1]);
            int lo = sl_sigv4_hexval((unsigned char)s[i + 2]);

            if (hi >= 0 && lo >= 0) {
                c = (unsigned char)(hi << 4 | lo);
                i += 2;
            }
        }
        rc = sl_buf_append(out, &c, 1);
    }
    return rc;
}

enum sl_err sl_sigv4_amz_date(long long now_ms, char out[SL_SIGV4_AMZ_DATE_LEN + 1])
{
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;

    out[0] = '\0';
    if (now_ms < 0 || !gmtime_r(&t, &tm))
        return SL_EINVAL;
    if (strftime(out, SL_SIGV4_AMZ_DATE_LEN + 1, "%Y%m%dT%H%M%SZ", &tm) != SL_SIGV4_AMZ_DATE_LEN)
        return SL_EINVAL;
    return SL_OK;
}

static int sl_sigv4_amz_date_ok(const char *amz_date)
{
    return amz_date && strlen(amz_date) == SL_SIGV4_AMZ_DATE_LEN && amz_date[8] == 'T';
}

static enum sl_err sl_sigv4_check(const struct sl_http_request *req,
                                  const struct sl_sigv4_params *p, struct sl_error *err)
{
    if (!req || !p)
        return sl_error_set(err, SL_EINVAL, "signing: no request");
    if (!p->region || !p->region[0])
        return sl_error_set(err, SL_ENOREGION, "signing: no region");
    if (!p->service || !p->service[0])
        return sl_error_set(err, SL_EINVAL, "signing: no service name");
    if (!p->creds || !p->creds->access_key_id || !p->creds->access_key_id[0] ||
        !p->creds->secret_access_key || !p->creds->secret_access_key[0])
        return sl_error_set(err, SL_ENOCREDS, "signing: incomplete credentials");
    if (!req->method[0])
        return sl_error_set(err, SL_EINVAL, "signing: no method");
    if (!sl_headers_get(&req->headers, "host") && (!req->host || !req->host[0]))
        return sl_error_set(err, SL_EINVAL, "signing: no host");
    return SL_OK;
}

static enum sl_err sl_sigv4_payload_hash(const struct sl_http_request *req,
                                         const struct sl_sigv4_params *p,
                                         char out[SL_SHA256_HEX_LEN + 1])
{
    size_t n;

    if (!p->payload_hash)
        return sl_sha256_hex(req->body, req->body_len, out);
    n = strlen(p->payload_hash);
    if (n > SL_SHA256_HEX_LEN)
        return SL_EINVAL;
    memcpy(out, p->payload_hash, n + 1);
    return SL_OK;
}

/* ---- canonical URI ------------------------------------------------------------------- */

/* Removes "." and ".." and empty segments; a trailing '/' is kept. */
static enum sl_err sl_sigv4_normalize(const char *path, size_t len, struct sl_buf *out)
{
    size_t *starts = NULL, *lens = NULL, nseg = 0, i = 0, k;
    enum sl_err rc = SL_OK;
    int trailing = len > 0 && path[len - 1] == '/';

    starts = malloc((len / 2 + 2) * sizeof(*starts));
    lens = malloc((len / 2 + 2) * sizeof(*lens));
    if (!starts || !lens) {
        rc = SL_ENOMEM;
        goto out;
    }
    while (i < len) {
        size_t j = i;

        while (j < len && path[j] != '/')
            j++;
        if (j - i == 0 || (j - i == 1 && path[i] == '.')) {
            /* empty or "." */
        } else if (j - i == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (nseg)
                nseg--;
        } else {
            starts[nseg] = i;
            lens[nseg] = j - i;
            nseg++;
        }
        i = j + 1;
    }
    for (k = 0; !rc && k < nseg; k++) {
        rc = sl_buf_append(out, "/", 1);
        if (!rc)
            rc = sl_buf_append(out, path + starts[k], lens[k]);
    }
    if (!rc && (nseg == 0 || trailing))
        rc = sl_buf_append(out, "/", 1);
out:
    free(starts);
    free(lens);
    return rc;
}

enum sl_err sl_sigv4_canonical_uri(const struct sl_http_request *req,
                                   const struct sl_sigv4_params *p, struct sl_buf *out)
{
    struct sl_buf full, norm;
    enum sl_err rc;

    sl_buf_init(&full, 0);
    sl_buf_init(&norm, 0);
    rc = sl_buf_append_str(&full, req->base_path ? req->base_path : "");
    if (!rc)
        rc = sl_buf_append_str(&full, req->path ? req->path : "");
    if (!rc && full.len == 0)
        rc = sl_buf_append(&full, "/", 1);
    if (rc)
        goto out;
    if (p->normalize_path)
        rc = sl_sigv4_normalize(full.data, full.len, &norm);
    else
        rc = sl_buf_append(&norm, full.data, full.len);
    if (rc)
        goto out;
    if (p->encode_path)
        rc = sl_uri_encode(out, norm.data, norm.len, 1);
    else
        rc = sl_buf_append(out, norm.data, norm.len);
out:
    sl_buf_free(&full);
    sl_buf_free(&norm);
    return rc;
}

/* ---- canonical query ----------------------------------------------------------------- */

static int sl_sigv4_param_cmp(const void *a, const void *b)
{
    const struct sl_sigv4_param *x = a, *y = b;
    int c = strcmp(x->name, y->name);

    return c ? c : strcmp(x->value, y->value);
}

/* Decodes s[0..len) as sent and encodes it again per RFC 3986; the result is malloc'ed. */
static enum sl_err sl_sigv4_reencode(const char *s, size_t len, char **res)
{
    struct sl_buf dec, enc;
    enum sl_err rc;

    sl_buf_init(&dec, 0);
    sl_buf_init(&enc, 0);
    rc = sl_sigv4_uri_decode(&dec, s, len);
    if (!rc)
        rc = sl_uri_encode(&enc, dec.data, dec.len, 0);
    if (!rc)
        *res = sl_buf_take(&enc);
    if (!rc && !*res)
        rc = SL_ENOMEM;
    sl_buf_free(&dec);
    sl_buf_free(&enc);
    return rc;
}

enum sl_err sl_sigv4_canonical_query(const char *query, struct sl_buf *out)
{
    struct sl_sigv4_param *v = NULL;
    size_t n = 0, cap = 0, i;
    const char *s = query ? query : "";
    enum sl_err rc = sl_buf_append(out, "", 0);

    while (!rc && *s) {
        const char *end = strchr(s, '&'), *eq;
        size_t seglen = end ? (size_t)(end - s) : strlen(s);

        if (seglen) {
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                struct sl_sigv4_param *nv = realloc(v, ncap * sizeof(*nv));

                if (!nv) {
                    rc = SL_ENOMEM;
                    break;
                }
                v = nv;
                cap = ncap;
            }
            v[n].name = v[n].value = NULL;
            n++;
            eq = memchr(s, '=', seglen);
            rc = sl_sigv4_reencode(s, eq ? (size_t)(eq - s) : seglen, &v[n - 1].name);
            if (!rc)
                rc = sl_sigv4_reencode(eq ? eq + 1 : s + seglen,
                                       eq ? seglen - (size_t)(eq + 1 - s) : 0, &v[n - 1].value);
        }
        s += seglen;
        if (*s == '&')
            s++;
    }
    if (rc)
        goto out;
    if (n > 1)
        qsort(v, n, sizeof(*v), sl_sigv4_param_cmp);
    for (i = 0; !rc && i < n; i++)
        rc = sl_buf_appendf(out, "%s%s=%s", i ? "&" : "", v[i].name, v[i].value);
out:
    for (i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].value);
    }
    free(v);
    return rc;
}

/* ---- canonical headers --------------------------------------------------------------- */

static int sl_sigv4_hdr_cmp(const void *a, const void *b)
{
    const struct sl_sigv4_hdr *x = a, *y = b;
    int c = strcmp(x->name, y->name);

    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int sl_sigv4_never_signed(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(sl_sigv4_unsigned_headers) / sizeof(sl_sigv4_unsigned_headers[0]); i++)
        if (!strcasecmp(name, sl_sigv4_unsigned_headers[i]))
            return 1;
    return 0;
}

/* Trims the value and folds every inner whitespace run (line breaks included) to one space. */
static enum sl_err sl_sigv4_append_value(struct sl_buf *out, const char *v)
{
    const unsigned char *s = (const unsigned char *)v;
    int pending_space = 0, started = 0;
    enum sl_err rc = SL_OK;

    for (; !rc && *s; s++) {
        if (sl_sigv4_is_space(*s)) {
            pending_space = started;
            continue;
        }
        if (pending_space)
            rc = sl_buf_append(out, " ", 1);
        if (!rc)
            rc = sl_buf_append(out, s, 1);
        pending_space = 0;
        started = 1;
    }
    return rc;
}

static enum sl_err sl_sigv4_hdr_push(struct sl_sigv4_hdr *v, size_t *n, const char *name,
                                     const char *value)
{
    size_t i, len = strlen(name);
    char *lower = malloc(len + 1);

    if (!lower)
        return SL_ENOMEM;
    for (i = 0; i < len; i++) {
        char c = name[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    lower[len] = '\0';
    v[*n].name = lower;
    v[*n].value = value;
    v[*n].order = *n;
    (*n)++;
    return SL_OK;
}

/* The canonical header block ("name:value\n" lines) and the signed header list of req with
 * the headers the header form adds. */
static enum sl_err sl_sigv4_canonical_headers(const struct sl_http_request *req,
                                              const struct sl_sigv4_params *p, const char *amz_date,
                                              const char *payload, int query_form,
                                              struct sl_buf *canon, struct sl_buf *signed_list)
{
    struct sl_sigv4_hdr *v;
    size_t n = 0, i;
    const char *token = p->creds->session_token;
    int has_token = token && token[0];
    enum sl_err rc = SL_OK;

    v = calloc(req->headers.n + 4, sizeof(*v));
    if (!v)
        return SL_ENOMEM;
    for (i = 0; !rc && i < req->headers.n; i++) {
        const char *name = req->headers.v[i].name;

        if (sl_sigv4_never_signed(name))
            continue;
        if (!query_form && !strcasecmp(name, "x-amz-date"))
            continue;
        if (!strcasecmp(name, "x-amz-security-token") &&
            (p->omit_session_token || (!query_form && has_token)))
            continue;
        if (!query_form && p->sign_content_sha256 && !strcasecmp(name, "x-amz-content-sha256"))
            continue;
        rc = sl_sigv4_hdr_push(v, &n, name, req->headers.v[i].value);
    }
    if (!rc && !sl_headers_get(&req->headers, "host"))
        rc = sl_sigv4_hdr_push(v, &n, "host", req->host);
    if (!rc && !query_form) {
        rc = sl_sigv4_hdr_push(v, &n, "x-amz-date", amz_date);
        if (!rc && has_token && !p->omit_session_token)
            rc = sl_sigv4_hdr_push(v, &n, "x-amz-security-token", token);
        if (!rc && p->sign_content_sha256)
            rc = sl_sigv4_hdr_push(v, &n, "x-amz-content-sha256", payload);
    }
    if (rc)
        goto out;
    if (n > 1)
        qsort(v, n, sizeof(*v), sl_sigv4_hdr_cmp);
    for (i = 0; !rc && i < n; i++) {
        int first = i == 0 || strcmp(v[i].name, v[i - 1].name) != 0;
        int last = i + 1 == n || strcmp(v[i].name, v[i + 1].name) != 0;

        if (first) {
            rc = sl_buf_appendf(canon, "%s:", v[i].name);
            if (!rc)
                rc = sl_buf_appendf(signed_list, "%s%s", i ? ";" : "", v[i].name);
        } else {
            rc = sl_buf_append(canon, ",", 1);
        }
        if (!rc)
            rc = sl_sigv4_append_value(canon, v[i].value);
        if (!rc && last)
            rc = sl_buf_append(canon, "\n", 1);
    }
out:
    for (i = 0; i < n; i++)
        free(v[i].name);
    free(v);
    return rc;
}

/* ---- query form parameters ----------------------------------------------------------- */

/* "X-Amz-Algorithm=...&X-Amz-Credential=...&X-Amz-Date=...&X-Amz-SignedHeaders=...
 * &X-Amz-Expires=N[&X-Amz-Security-Token=...]", every value encoded. */
static enum sl_err sl_sigv4_query_params(const struct sl_sigv4_params *p, const char *amz_date,
                                         const char *signed_list, int with_token,
                                         struct sl_buf *out)
{
    struct sl_buf cred;
    enum sl_err rc;

    sl_buf_init(&cred, 0);
    rc = sl_buf_appendf(&cred, "%s/%.8s/%s/%s/aws4_request", p->creds->access_key_id, amz_date,
                        p->region, p->service);
    if (!rc)
        rc = sl_buf_append_str(out, "X-Amz-Algorithm=" SL_SIGV4_ALGORITHM "&X-Amz-Credential=");
    if (!rc)
        rc = sl_uri_encode(out, cred.data, cred.len, 0);
    if (!rc)
        rc = sl_buf_appendf(out, "&X-Amz-Date=%s&X-Amz-SignedHeaders=", amz_date);
    if (!rc)
        rc = sl_uri_encode(out, signed_list, strlen(signed_list), 0);
    if (!rc)
        rc = sl_buf_appendf(out, "&X-Amz-Expires=%ld", p->expires_s);
    if (!rc && with_token) {
        rc = sl_buf_append_str(out, "&X-Amz-Security-Token=");
        if (!rc)
            rc = sl_uri_encode(out, p->creds->session_token, strlen(p->creds->session_token), 0);
    }
    sl_buf_free(&cred);
    return rc;
}

/* ---- canonical request --------------------------------------------------------------- */

static enum sl_err sl_sigv4_build(const struct sl_http_request *req,
                                  const struct sl_sigv4_params *p, const char *amz_date,
                                  const char *payload, int query_form, struct sl_buf *out,
                                  struct sl_buf *signed_out)
{
    struct sl_buf hdrs, signed_list, uri, query, cquery;
    const char *token = p->creds->session_token;
    enum sl_err rc;

    sl_buf_init(&hdrs, 0);
    sl_buf_init(&signed_list, 0);
    sl_buf_init(&uri, 0);
    sl_buf_init(&query, 0);
    sl_buf_init(&cquery, 0);
    rc = sl_sigv4_canonical_headers(req, p, amz_date, payload, query_form, &hdrs, &signed_list);
    if (!rc)
        rc = sl_buf_append(&signed_list, "", 0);
    if (!rc)
        rc = sl_sigv4_canonical_uri(req, p, &uri);
    if (!rc)
        rc = sl_buf_append_str(&query, req->query ? req->query : "");
    if (!rc && query_form) {
        if (query.len)
            rc = sl_buf_append(&query, "&", 1);
        if (!rc)
            rc = sl_sigv4_query_params(p, amz_date, signed_list.data,
                                       token && token[0] && !p->omit_session_token, &query);
    }
    if (!rc)
        rc = sl_sigv4_canonical_query(query.data, &cquery);
    if (!rc)
        rc = sl_buf_appendf(out, "%s\n%s\n%s\n%s\n%s\n%s", req->method, sl_buf_str(&uri),
                            sl_buf_str(&cquery), sl_buf_str(&hdrs), sl_buf_str(&signed_list),
                            payload);
    if (!rc && signed_out)
        rc = sl_buf_append(signed_out, signed_list.data, signed_list.len);
    sl_buf_free(&hdrs);
    sl_buf_free(&signed_list);
    sl_buf_free(&uri);
    if (query.data)
        sl_secure_wipe(query.data, query.len);
    sl_buf_free(&query);
    sl_buf_free(&cquery);
    return rc;
}

static enum sl_err sl_sigv4_canonical(const struct sl_http_request *req,
                                      const struct sl_sigv4_params *p, const char *amz_date,
                                      int query_form, struct sl_buf *out,
                                      struct sl_buf *signed_headers)
{
    char payload[SL_SHA256_HEX_LEN + 1];
    enum sl_err rc = sl_sigv4_check(req, p, NULL);

    if (rc)
        return rc;
    if (!out || !sl_sigv4_amz_date_ok(amz_date))
        return SL_EINVAL;
    rc = sl_sigv4_payload_hash(req, p, payload);
    if (rc)
        return rc;
    return sl_sigv4_build(req, p, amz_date, payload, query_form, out, signed_headers);
}

enum sl_err sl_sigv4_canonical_request(const struct sl_http_request *req,
                                       const struct sl_sigv4_params *p, const char *amz_date,
                                       struct sl_buf *out, struct sl_buf *signed_headers)
{
    return sl_sigv4_canonical(req, p, amz_date, 0, out, signed_headers);
}

enum sl_err sl_sigv4_canonical_request_query(const struct sl_http_request *req,
                                             const struct sl_sigv4_params *p, const char *amz_date,
                                             struct sl_buf *out, struct sl_buf *signed_headers)
{
    return sl_sigv4_canonical(req, p, amz_date, 1, out, signed_headers);
}

/* ---- string to sign, key, signature -------------------------------------------------- */

enum sl_err sl_sigv4_string_to_sign(const char *amz_date, const char *region, const char *service,
                                    const char *canonical_request, size_t len, struct sl_buf *out)
{
    char hash[SL_SHA256_HEX_LEN + 1];
    enum sl_err rc;

    if (!sl_sigv4_amz_date_ok(amz_date) || !region || !service || !out ||
        (!canonical_request && len))
        return SL_EINVAL;
    rc = sl_sha256_hex(canonical_request, len, hash);
    if (rc)
        return rc;
    return sl_buf_appendf(out, SL_SIGV4_ALGORITHM "\n%s\n%.8s/%s/%s/aws4_request\n%s", amz_date,
                          amz_date, region, service, hash);
}

enum sl_err sl_sigv4_derive_key(const char *secret, const char *date, const char *region,
                                const char *service, unsigned char key[SL_SIGV4_KEY_LEN])
{
    unsigned char k[SL_SIGV4_KEY_LEN];
    char *ksecret = NULL;
    size_t slen, dlen;
    enum sl_err rc = SL_EINVAL;

    if (!secret || !date || !region || !service)
        goto out;
    dlen = strnlen(date, 8);
    slen = strlen(secret);
    ksecret = malloc(slen + 5);
    if (!ksecret) {
        rc = SL_ENOMEM;
        goto out;
    }
    memcpy(ksecret, "AWS4", 4);
    memcpy(ksecret + 4, secret, slen + 1);
    rc = sl_hmac_sha256(ksecret, slen + 4, date, dlen, k);
    if (!rc)
        rc = sl_hmac_sha256(k, sizeof(k), region, strlen(region), k);
    if (!rc)
        rc = sl_hmac_sha256(k, sizeof(k), service, strlen(service), k);
    if (!rc)
        rc = sl_hmac_sha256(k, sizeof(k), "aws4_request", 12, key);
out:
    if (ksecret) {
        sl_secure_wipe(ksecret, slen + 4);
        free(ksecret);
    }
    sl_secure_wipe(k, sizeof(k));
    return rc;
}

void sl_sigv4_cache_init(struct sl_sigv4_cache *c)
{
    if (c)
        sl_secure_wipe(c, sizeof(*c));
}

void sl_sigv4_cache_clear(struct sl_sigv4_cache *c)
{
    sl_sigv4_cache_init(c);
}

enum sl_err sl_sigv4_cached_key(struct sl_sigv4_cache *cache, const char *secret, const char *date,
                                const char *region, const char *service,
                                unsigned char key[SL_SIGV4_KEY_LEN])
{
    unsigned char digest[SL_SHA256_LEN];
    size_t dlen;
    enum sl_err rc;

    if (!cache || !secret || !date || !region || !service ||
        strlen(region) >= sizeof(cache->region) || strlen(service) >= sizeof(cache->service))
        return sl_sigv4_derive_key(secret, date, region, service, key);
    dlen = strnlen(date, 8);
    rc = sl_sha256(secret, strlen(secret), digest);
    if (rc)
        goto out;
    if (cache->valid && strlen(cache->date) == dlen && !memcmp(cache->date, date, dlen) &&
        !strcmp(cache->region, region) && !strcmp(cache->service, service) &&
        sl_secure_equal(cache->secret_digest, digest, sizeof(digest))) {
        memcpy(key, cache->key, SL_SIGV4_KEY_LEN);
        cache->hits++;
        goto out;
    }
    cache->valid = 0;
    rc = sl_sigv4_derive_key(secret, date, region, service, key);
    if (rc)
        goto out;
    memcpy(cache->date, date, dlen);
    cache->date[dlen] = '\0';
    memcpy(cache->region, region, strlen(region) + 1);
    memcpy(cache->service, service, strlen(service) + 1);
    memcpy(cache->secret_digest, digest, sizeof(digest));
    memcpy(cache->key, key, SL_SIGV4_KEY_LEN);
    cache->valid = 1;
    cache->misses++;
out:
    sl_secure_wipe(digest, sizeof(digest));
    return rc;
}

enum sl_err sl_sigv4_signature(const unsigned char key[SL_SIGV4_KEY_LEN],
                               const char *string_to_sign, size_t len,
                               char hex[SL_SIGV4_KEY_LEN * 2 + 1])
{
    unsigned char mac[SL_SHA256_LEN];
    enum sl_err rc;

    hex[0] = '\0';
    if (!key || (!string_to_sign && len))
        return SL_EINVAL;
    rc = sl_hmac_sha256(key, SL_SIGV4_KEY_LEN, string_to_sign, len, mac);
    if (!rc)
        sl_hex_encode(mac, sizeof(mac), hex);
    return rc;
}

/* ---- sign and presign ---------------------------------------------------------------- */

/* Canonical request -> string to sign -> key -> signature for one form. */
static enum sl_err sl_sigv4_compute(const struct sl_http_request *req,
                                    const struct sl_sigv4_params *p, struct sl_sigv4_cache *cache,
                                    const char *amz_date, const char *payload, int query_form,
                                    struct sl_buf *signed_list, char sig[SL_SIGV4_KEY_LEN * 2 + 1])
{
    struct sl_buf creq, sts;
    unsigned char key[SL_SIGV4_KEY_LEN];
    enum sl_err rc;

    sl_buf_init(&creq, 0);
    sl_buf_init(&sts, 0);
    rc = sl_sigv4_build(req, p, amz_date, payload, query_form, &creq, signed_list);
    if (!rc)
        rc = sl_sigv4_string_to_sign(amz_date, p->region, p->service, creq.data, creq.len, &sts);
    if (!rc)
        rc = sl_sigv4_cached_key(cache, p->creds->secret_access_key, amz_date, p->region,
                                 p->service, key);
    if (!rc)
        rc = sl_sigv4_signature(key, sts.data, sts.len, sig);
    sl_secure_wipe(key, sizeof(key));
    if (creq.data)
        sl_secure_wipe(creq.data, creq.len); /* holds the session token */
    sl_buf_free(&creq);
    sl_buf_free(&sts);
    return rc;
}

enum sl_err sl_sigv4_sign(struct sl_http_request *req, const struct sl_sigv4_params *p,
                          struct sl_sigv4_cache *cache, struct sl_error *err)
{
    char amz_date[SL_SIGV4_AMZ_DATE_LEN + 1];
    char payload[SL_SHA256_HEX_LEN + 1];
    char sig[SL_SIGV4_KEY_LEN * 2 + 1];
    struct sl_buf signed_list, auth;
    const char *token;
    enum sl_err rc = sl_sigv4_check(req, p, err);

    if (rc)
        return rc;
    sl_buf_init(&signed_list, 0);
    sl_buf_init(&auth, 0);
    token = p->creds->session_token;
    rc = sl_sigv4_amz_date(p->now_ms, amz_date);
    if (rc) {
        sl_error_set(err, rc, "signing: the clock time cannot be used");
        goto out;
    }
    rc = sl_sigv4_payload_hash(req, p, payload);
    if (rc) {
        sl_error_set(err, rc, "signing: bad payload hash");
        goto out;
    }
    rc = sl_sigv4_compute(req, p, cache, amz_date, payload, 0, &signed_list, sig);
    if (!rc)
        rc = sl_buf_appendf(&auth,
                            SL_SIGV4_ALGORITHM
                            " Credential=%s/%.8s/%s/%s/aws4_request, SignedHeaders=%s, "
                            "Signature=%s",
                            p->creds->access_key_id, amz_date, p->region, p->service,
                            sl_buf_str(&signed_list), sig);
    if (!rc && !sl_headers_get(&req->headers, "host"))
        rc = sl_headers_add(&req->headers, "Host", req->host);
    if (!rc && token && token[0])
        rc = sl_headers_set(&req->headers, "X-Amz-Security-Token", token);
    if (!rc)
        rc = sl_headers_set(&req->headers, "X-Amz-Date", amz_date);
    if (!rc && p->sign_content_sha256)
        rc = sl_headers_set(&req->headers, "x-amz-content-sha256", payload);
    if (!rc)
        rc = sl_headers_set(&req->headers, "Authorization", auth.data);
    if (rc)
        sl_error_set(err, rc, "signing: %s", sl_strerror(rc));
out:
    if (auth.data)
        sl_secure_wipe(auth.data, auth.len);
    sl_buf_free(&auth);
    sl_buf_free(&signed_list);
    return rc;
}

enum sl_err sl_sigv4_presign(struct sl_http_request *req, const struct sl_sigv4_params *p,
                             struct sl_sigv4_cache *cache, struct sl_error *err)
{
    char amz_date[SL_SIGV4_AMZ_DATE_LEN + 1];
    char payload[SL_SHA256_HEX_LEN + 1];
    char sig[SL_SIGV4_KEY_LEN * 2 + 1];
    struct sl_buf signed_list, query;
    const char *token;
    char *newq = NULL;
    enum sl_err rc = sl_sigv4_check(req, p, err);

    if (rc)
        return rc;
    sl_buf_init(&signed_list, 0);
    sl_buf_init(&query, 0);
    token = p->creds->session_token;
    if (p->expires_s < 1 || p->expires_s > SL_SIGV4_MAX_EXPIRES) {
        rc = sl_error_set(err, SL_EINVAL, "presigning: expiry must be 1 to %ld seconds",
                          SL_SIGV4_MAX_EXPIRES);
        goto out;
    }
    rc = sl_sigv4_amz_date(p->now_ms, amz_date);
    if (rc) {
        sl_error_set(err, rc, "signing: the clock time cannot be used");
        goto out;
    }
    rc = sl_sigv4_payload_hash(req, p, payload);
    if (rc) {
        sl_error_set(err, rc, "signing: bad payload hash");
        goto out;
    }
    rc = sl_sigv4_compute(req, p, cache, amz_date, payload, 1, &signed_list, sig);
    if (!rc)
        rc = sl_buf_append_str(&query, req->query ? req->query : "");
    if (!rc && query.len)
        rc = sl_buf_append(&query, "&", 1);
    /* An omitted token is added here, after signing, in the same place. */
    if (!rc)
        rc =
            sl_sigv4_query_params(p, amz_date, sl_buf_str(&signed_list), token && token[0], &query);
    if (!rc)
        rc = sl_buf_appendf(&query, "&X-Amz-Signature=%s", sig);
    if (!rc && !sl_headers_get(&req->headers, "host"))
        rc = sl_headers_add(&req->headers, "Host", req->host);
    if (!rc) {
        newq = sl_buf_take(&query);
        if (!newq)
            rc = SL_ENOMEM;
    }
    if (rc) {
        sl_error_set(err, rc, "signing: %s", sl_strerror(rc));
        goto out;
    }
    if (req->query)
        sl_secure_wipe(req->query, strlen(req->query));
    free(req->query);
    req->query = newq;
out:
    if (query.data)
        sl_secure_wipe(query.data, query.len);
    sl_buf_free(&query);
    sl_buf_free(&signed_list);
    return rc;
}
