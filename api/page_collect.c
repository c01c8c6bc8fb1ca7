#include "page_collect.h"

#include <stdlib.h>
#include <string.h>

void sl_page_collect_init(struct sl_page_collect *col, size_t item_size, sl_page_clear_fn clear)
{
    memset(col, 0, sizeof(*col));
    col->item_size = item_size;
    col->clear = clear;
}

void sl_page_collect_add(struct sl_page_collect *col, void *page, size_t n)
{
    char *v;
    size_t i;

    if (!n) {
        free(page);
        return;
    }
    if (col->oom || col->n > ((size_t)-1) / col->item_size - n ||
        (v = realloc(col->items, (col->n + n) * col->item_size)) == NULL) {
        for (i = 0; i < n; i++)
            col->clear((char *)page + i * col->item_size);
        free(page);
        col->oom = 1; /* the remaining pages are dropped, the result is SL_ENOMEM */
        return;
    }
    memcpy(v + col->n * col->item_size, page, n * col->item_size);
    free(page);
    col->items = v;
    col->n += n;
}

void sl_page_collect_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct sl_page_collect *col = ud;

    col->finished = 1;
    col->rc = col->oom ? SL_ENOMEM : rc;
    if (err && !col->oom)
        col->err = *err;
}

enum sl_err sl_page_collect_wait(struct sl_client *c, struct sl_page_collect *col, enum sl_err rc,
                                 void **items, size_t *n, struct sl_error *err)
{
    size_t i;

    if (!rc) {
        while (!col->finished)
            sl_client_run(c, 1000, -1);
        rc = col->rc;
    }
    if (rc) {
        for (i = 0; i < col->n; i++)
            col->clear(col->items + i * col->item_size);
        free(col->items);
        col->items = NULL;
        col->n = 0;
        if (err) {
            *err = col->err;
            if (!err->message[0])
                sl_error_set(err, rc, "%s", sl_strerror(rc));
        }
        return rc;
    }
    if (items) {
        *items = col->items;
        *n = col->n;
    }
    return SL_OK;
}
