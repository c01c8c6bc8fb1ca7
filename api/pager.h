/* Paged listings on the non-blocking client: sends page after page, hands each parsed page
 * to the caller as it arrives (so a view can draw the first page while the rest load), and
 * stops when the service sends no further token. Service files provide build and parse. */
#ifndef SL_PAGER_H
#define SL_PAGER_H

#include "client.h"

struct sl_pager;

/* Fills a fresh call (already sl_call_init'ed for svc/operation) for the page after token
 * (NULL for the first page). */
typedef enum sl_err (*sl_pager_build_fn)(struct sl_pager *p, struct sl_call *call,
                                         const char *token);
/* Parses one page from call->resp, delivers its items (through whatever callback the service
 * layer keeps in p->ud), and sets *next_token to a malloc'ed token or NULL on the last page. */
typedef enum sl_err (*sl_pager_parse_fn)(struct sl_pager *p, struct sl_call *call,
                                         char **next_token, struct sl_error *err);
/* Called once at the end: rc SL_OK after the last page, else the failure (pages already
 * delivered stay valid). err may be NULL. May free the pager. */
typedef void (*sl_pager_done_fn)(struct sl_pager *p, enum sl_err rc, const struct sl_error *err);

struct sl_pager {
    /* set by the caller */
    struct sl_client *client;
    const struct sl_service *svc;
    const char *operation;
    sl_pager_build_fn build;
    sl_pager_parse_fn parse;
    sl_pager_done_fn done;
    void *ud;
    int max_pages; /* 0: all pages */
    /* state */
    struct sl_call call;
    char *token;
    int pages;
    int active;
    enum sl_err rc; /* the outcome, once done has been called */
    struct sl_error err;
};

/* Sets up a pager; the caller then fills build/parse/done/ud. */
void sl_pager_init(struct sl_pager *p, struct sl_client *c, const struct sl_service *svc,
                   const char *operation);
/* Starts the first page. done will be called from sl_client_run(). */
enum sl_err sl_pager_start(struct sl_pager *p);
/* Cancels: done is called with SL_ECANCELLED. */
void sl_pager_cancel(struct sl_pager *p);
/* Starts and drives the client until done has been called; returns its rc. */
enum sl_err sl_pager_run_sync(struct sl_pager *p, struct sl_error *err);
void sl_pager_cleanup(struct sl_pager *p);

#endif
