#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

void sl_buf_init(struct sl_buf *b, size_t max)
{
    memset(b, 0, sizeof(*b));
    b->max = max ? max : SL_BUF_DEFAULT_MAX;
}

static enum sl_err sl_buf_reserve(struct sl_buf *b, size_t extra)
{
    size_t max = b->max ? b->max : SL_BUF_DEFAULT_MAX;
    size_t need, ncap;
    char *p;

    if (extra > max || b->len > max - extra)
        return SL_ETOOBIG;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return SL_OK;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    p = realloc(b->data, ncap);
    if (!p)
        return SL_ENOMEM;
    b->data = p;
    b->cap = ncap;
    return SL_OK;
}

enum sl_err sl_buf_append(struct sl_buf *b, const void *data, size_t len)
{
    enum sl_err rc = sl_buf_reserve(b, len);

    if (rc)
        return rc;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return SL_OK;
}

enum sl_err sl_buf_append_str(struct sl_buf *b, const char *s)
{
    return sl_buf_append(b, s, strlen(s));
}

enum sl_err sl_buf_vappendf(struct sl_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    enum sl_err rc;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return SL_EINVAL;
    rc = sl_buf_reserve(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return SL_OK;
}

enum sl_err sl_buf_appendf(struct sl_buf *b, const char *fmt, ...)
{
    va_list ap;
    enum sl_err rc;

    va_start(ap, fmt);
    rc = sl_buf_vappendf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void sl_buf_reset(struct sl_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

const char *sl_buf_str(const struct sl_buf *b)
{
    return b->data ? b->data : "";
}

char *sl_buf_take(struct sl_buf *b)
{
    char *p = b->data;
    size_t max = b->max;

    if (!p)
        p = calloc(1, 1);
    memset(b, 0, sizeof(*b));
    b->max = max;
    return p;
}

void sl_buf_free(struct sl_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
