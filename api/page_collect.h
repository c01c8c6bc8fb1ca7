/* Collects every page of a paged listing into one array, for the synchronous conveniences
 * of the service files: the service's on_page callback hands each page to
 * sl_page_collect_add(), its done callback is sl_page_collect_done(), and
 * sl_page_collect_wait() drives the client until the listing is finished. */
#ifndef SL_PAGE_COLLECT_H
#define SL_PAGE_COLLECT_H

#include <stddef.h>

#include "client.h"
#include "sl_error.h"

/* Frees what one item owns (not the item itself). */
typedef void (*sl_page_clear_fn)(void *item);

struct sl_page_collect {
    char *items;
    size_t n;
    size_t item_size;
    sl_page_clear_fn clear;
    int finished;
    int oom;
    enum sl_err rc;
    struct sl_error err;
};

/* Empties col for items of item_size bytes whose contents clear frees. */
void sl_page_collect_init(struct sl_page_collect *col, size_t item_size, sl_page_clear_fn clear);
/* Appends a page (taking its items and freeing the page array). Out of memory drops this and
 * every later page (their items cleared) and makes the result SL_ENOMEM. */
void sl_page_collect_add(struct sl_page_collect *col, void *page, size_t n);
/* A done callback: ud is the struct sl_page_collect. */
void sl_page_collect_done(void *ud, enum sl_err rc, const struct sl_error *err);
/* rc is what starting the listing returned: when SL_OK, drives c until done has been called.
 * On success hands the items to *items / *n (the caller frees them; items may be NULL when
 * nothing is wanted); on failure frees them and fills err (may be NULL). The caller still
 * frees its operation handle. */
enum sl_err sl_page_collect_wait(struct sl_client *c, struct sl_page_collect *col, enum sl_err rc,
                                 void **items, size_t *n, struct sl_error *err);

#endif
