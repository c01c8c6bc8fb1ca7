#include "pager.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* A service that keeps answering the same token would page forever. */
#define SL_PAGER_MAX_PAGES 100000

static void pager_page_done(struct sl_call *call, void *ud);

void sl_pager_init(struct sl_pager *p, struct sl_client *c, const struct sl_service *svc,
                   const char *operation)
{
    memset(p, 0, sizeof(*p));
    p->client = c;
    p->svc = svc;
    p->operation = operation;
}

static enum sl_err pager_send(struct sl_pager *p)
{
    enum sl_err rc;

    sl_call_cleanup(&p->call);
    sl_call_init(&p->call, p->svc, p->operation);
    rc = p->build(p, &p->call, p->token);
    if (rc)
        return rc;
    p->call.done = pager_page_done;
    p->call.ud = p;
    return sl_client_send(p->client, &p->call);
}

static void pager_finish(struct sl_pager *p, enum sl_err rc, const struct sl_error *err)
{
    p->active = 0;
    p->rc = rc;
    sl_error_clear(&p->err);
    if (err)
        p->err = *err;
    if (p->done)
        p->done(p, rc, err); /* may free p: nothing after this */
}

static void pager_page_done(struct sl_call *call, void *ud)
{
    struct sl_pager *p = ud;
    struct sl_error err;
    char *next = NULL;
    enum sl_err rc;

    if (call->rc) {
        pager_finish(p, call->rc, &call->err);
        return;
    }
    sl_error_clear(&err);
    rc = p->parse(p, call, &next, &err);
    p->pages++;
    if (rc) {
        free(next);
        pager_finish(p, rc, &err);
        return;
    }
    if (next && p->token && !strcmp(next, p->token)) {
        free(next); /* the same token again means the end for GetLogEvents-style APIs */
        next = NULL;
    }
    free(p->token);
    p->token = next;
    if (!next || (p->max_pages && p->pages >= p->max_pages) || p->pages >= SL_PAGER_MAX_PAGES) {
        pager_finish(p, SL_OK, NULL);
        return;
    }
    rc = pager_send(p);
    if (rc) {
        sl_error_set(&err, rc, "%s", sl_strerror(rc));
        pager_finish(p, rc, &err);
    }
}

enum sl_err sl_pager_start(struct sl_pager *p)
{
    free(p->token);
    p->token = NULL;
    p->pages = 0;
    p->active = 1;
    return pager_send(p);
}

void sl_pager_cancel(struct sl_pager *p)
{
    if (p->active)
        sl_client_cancel(p->client, &p->call);
}

enum sl_err sl_pager_run_sync(struct sl_pager *p, struct sl_error *err)
{
    enum sl_err rc = sl_pager_start(p);

    if (rc) {
        p->active = 0;
        return rc;
    }
    while (p->active)
        sl_client_run(p->client, 1000, -1);
    if (p->rc && err)
        *err = p->err;
    return p->rc;
}

void sl_pager_cleanup(struct sl_pager *p)
{
    sl_call_cleanup(&p->call);
    free(p->token);
    p->token = NULL;
}
