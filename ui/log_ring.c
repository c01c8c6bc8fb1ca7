#include "log_ring.h"

#include <stdlib.h>
#include <string.h>

#define SL_LOG_RING_BYTES_PER_LINE 512
#define SL_LOG_RING_BYTES_MIN      ((size_t)1 << 20)
#define SL_LOG_RING_BYTES_MAX      ((size_t)256 << 20)

size_t sl_log_ring_default_bytes(size_t max_lines)
{
    size_t b;

    if (max_lines > SL_LOG_RING_BYTES_MAX / SL_LOG_RING_BYTES_PER_LINE)
        return SL_LOG_RING_BYTES_MAX;
    b = max_lines * SL_LOG_RING_BYTES_PER_LINE;
    return b < SL_LOG_RING_BYTES_MIN ? SL_LOG_RING_BYTES_MIN : b;
}

void sl_log_ring_init(struct sl_log_ring *r, size_t max_lines, size_t max_bytes)
{
    memset(r, 0, sizeof(*r));
    r->max_lines = max_lines ? max_lines : 1;
    r->max_bytes = max_bytes ? max_bytes : sl_log_ring_default_bytes(r->max_lines);
}

static struct sl_log_line *slot(const struct sl_log_ring *r, size_t i)
{
    return &r->v[(r->head + i) % r->alloc];
}

/* Drops the oldest line. */
static void drop_oldest(struct sl_log_ring *r)
{
    struct sl_log_line *l = slot(r, 0);

    r->bytes -= l->len;
    free(l->text);
    memset(l, 0, sizeof(*l));
    r->head = (r->head + 1) % r->alloc;
    r->n--;
    r->first++;
    r->dropped++;
}

void sl_log_ring_clear(struct sl_log_ring *r)
{
    unsigned long long end = sl_log_ring_end(r);

    while (r->n)
        drop_oldest(r);
    r->first = end;
    r->head = 0;
    r->dropped = 0;
}

void sl_log_ring_cleanup(struct sl_log_ring *r)
{
    size_t max_lines = r->max_lines, max_bytes = r->max_bytes;

    sl_log_ring_clear(r);
    free(r->v);
    sl_log_ring_init(r, max_lines, max_bytes);
}

/* Room for one more slot: grows (doubling, up to max_lines) while below the cap. */
static enum sl_err grow(struct sl_log_ring *r)
{
    struct sl_log_line *v;
    size_t nalloc, i;

    if (r->n < r->alloc || r->alloc >= r->max_lines)
        return SL_OK;
    nalloc = r->alloc ? r->alloc * 2 : 256;
    if (nalloc > r->max_lines)
        nalloc = r->max_lines;
    v = malloc(nalloc * sizeof(*v));
    if (!v)
        return SL_ENOMEM;
    for (i = 0; i < r->n; i++)
        v[i] = *slot(r, i); /* unwrapped: the oldest first */
    memset(v + r->n, 0, (nalloc - r->n) * sizeof(*v));
    free(r->v);
    r->v = v;
    r->alloc = nalloc;
    r->head = 0;
    return SL_OK;
}

enum sl_err sl_log_ring_push(struct sl_log_ring *r, long long ts, unsigned group, const char *text,
                             size_t len)
{
    struct sl_log_line *l;
    const char *nul = text ? memchr(text, '\0', len) : NULL;
    char *copy;

    if (!text)
        len = 0;
    if (nul)
        len = (size_t)(nul - text);
    if (len > r->max_bytes) {
        len = r->max_bytes;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--; /* not inside a UTF-8 character */
    }
    copy = malloc(len + 1);
    if (!copy || grow(r)) {
        free(copy);
        return SL_ENOMEM;
    }
    if (len)
        memcpy(copy, text, len);
    copy[len] = '\0';
    while (r->n && (r->n >= r->max_lines || r->bytes + len > r->max_bytes))
        drop_oldest(r);
    l = slot(r, r->n);
    l->ts = ts;
    l->group = group;
    l->len = len;
    l->text = copy;
    r->n++;
    r->bytes += len;
    return SL_OK;
}

unsigned long long sl_log_ring_first(const struct sl_log_ring *r)
{
    return r->first;
}

unsigned long long sl_log_ring_end(const struct sl_log_ring *r)
{
    return r->first + r->n;
}

const struct sl_log_line *sl_log_ring_get(const struct sl_log_ring *r, unsigned long long seq)
{
    if (seq < r->first || seq >= r->first + r->n)
        return NULL;
    return slot(r, (size_t)(seq - r->first));
}
