#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto.h"

static char *sl_http_strdup(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);

    if (p)
        memcpy(p, s, n + 1);
    return p;
}

/* Header values that carry secrets are wiped before their memory goes back. */
static int sl_header_is_secret(const char *name)
{
    return name &&
           (!strcasecmp(name, "authorization") || !strcasecmp(name, "x-amz-security-token"));
}

static void sl_header_release(struct sl_header *e)
{
    if (e->value && sl_header_is_secret(e->name))
        sl_secure_wipe(e->value, strlen(e->value));
    free(e->name);
    free(e->value);
    e->name = NULL;
    e->value = NULL;
}

enum sl_err sl_headers_add(struct sl_headers *h, const char *name, const char *value)
{
    struct sl_header e = {NULL, NULL};

    if (!h || !name || !value)
        return SL_EINVAL;
    if (h->n == h->cap) {
        size_t ncap = h->cap ? h->cap * 2 : 8;
        struct sl_header *v;

        if (ncap > ((size_t)-1) / sizeof(*v))
            return SL_ENOMEM;
        v = realloc(h->v, ncap * sizeof(*v));
        if (!v)
            return SL_ENOMEM;
        h->v = v;
        h->cap = ncap;
    }
    e.name = sl_http_strdup(name);
    e.value = sl_http_strdup(value);
    if (!e.name || !e.value) {
        free(e.name);
        free(e.value);
        return SL_ENOMEM;
    }
    h->v[h->n++] = e;
    return SL_OK;
}

enum sl_err sl_headers_set(struct sl_headers *h, const char *name, const char *value)
{
    size_t i;
    char *copy;

    if (!h || !name || !value)
        return SL_EINVAL;
    for (i = 0; i < h->n; i++)
        if (!strcasecmp(h->v[i].name, name))
            break;
    if (i == h->n)
        return sl_headers_add(h, name, value);
    /* The first entry keeps its place (and its spelling of the name); later ones go. */
    copy = sl_http_strdup(value);
    if (!copy)
        return SL_ENOMEM;
    if (sl_header_is_secret(h->v[i].name))
        sl_secure_wipe(h->v[i].value, strlen(h->v[i].value));
    free(h->v[i].value);
    h->v[i].value = copy;
    {
        size_t j, k = i + 1;

        for (j = i + 1; j < h->n; j++) {
            if (!strcasecmp(h->v[j].name, name))
                sl_header_release(&h->v[j]);
            else
                h->v[k++] = h->v[j];
        }
        h->n = k;
    }
    return SL_OK;
}

const char *sl_headers_get(const struct sl_headers *h, const char *name)
{
    size_t i;

    if (!h || !name)
        return NULL;
    for (i = 0; i < h->n; i++)
        if (!strcasecmp(h->v[i].name, name))
            return h->v[i].value;
    return NULL;
}

void sl_headers_remove(struct sl_headers *h, const char *name)
{
    size_t i, k = 0;

    if (!h || !name)
        return;
    for (i = 0; i < h->n; i++) {
        if (!strcasecmp(h->v[i].name, name))
            sl_header_release(&h->v[i]);
        else
            h->v[k++] = h->v[i];
    }
    h->n = k;
}

void sl_headers_free(struct sl_headers *h)
{
    size_t i;

    if (!h)
        return;
    for (i = 0; i < h->n; i++)
        sl_header_release(&h->v[i]);
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}

void sl_http_request_free(struct sl_http_request *r)
{
    if (!r)
        return;
    free(r->scheme);
    free(r->host);
    free(r->base_path);
    free(r->path);
    if (r->query)
        sl_secure_wipe(r->query, strlen(r->query)); /* may hold a presigned token */
    free(r->query);
    sl_headers_free(&r->headers);
    memset(r, 0, sizeof(*r));
}

void sl_http_response_free(struct sl_http_response *r)
{
    if (!r)
        return;
    sl_headers_free(&r->headers);
    sl_buf_free(&r->body);
    r->status = 0;
}

char *sl_http_request_url(const struct sl_http_request *r)
{
    struct sl_buf b;
    const char *base = r && r->base_path ? r->base_path : "";
    const char *path = r && r->path ? r->path : "";
    enum sl_err rc;

    if (!r)
        return NULL;
    sl_buf_init(&b, 0);
    rc = sl_buf_appendf(&b, "%s://%s%s%s", r->scheme ? r->scheme : "https", r->host ? r->host : "",
                        base, path);
    if (!rc && !base[0] && !path[0])
        rc = sl_buf_append_str(&b, "/");
    if (!rc && r->query && r->query[0])
        rc = sl_buf_appendf(&b, "?%s", r->query);
    if (rc) {
        sl_buf_free(&b);
        return NULL;
    }
    return sl_buf_take(&b);
}

enum sl_err sl_uri_encode(struct sl_buf *out, const char *s, size_t len, int keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i, run = 0;
    enum sl_err rc = SL_OK;

    if (!out || (!s && len))
        return SL_EINVAL;
    if (!out->data)
        rc = sl_buf_append(out, "", 0);
    /* Unreserved runs are copied in one go; everything else becomes %XX. */
    for (i = 0; !rc && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/');

        if (keep) {
            run++;
            continue;
        }
        if (run)
            rc = sl_buf_append(out, s + i - run, run);
        run = 0;
        if (!rc) {
            char esc[3] = {'%', hex[c >> 4], hex[c & 0x0f]};

            rc = sl_buf_append(out, esc, sizeof(esc));
        }
    }
    if (!rc && run)
        rc = sl_buf_append(out, s + len - run, run);
    return rc;
}
