#include "fn_activity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cloudwatch_batch.h"
#include "sparkline.h"
#include "theme.h"

#define ACT_PERIOD_S  300
#define ACT_BUCKETS   12 /* the last hour */
#define ACT_FRESH_MS  (5 * 60 * 1000LL)
#define ACT_RETRY_MS  (60 * 1000LL)
#define ACT_FIRST_CAP 256

enum act_state { ACT_PENDING, ACT_DONE, ACT_FAILED };

struct act_entry {
    char *name;
    enum act_state state;
    long long at_ms; /* when it was asked for or answered */
    int has_data;
    double inv[ACT_BUCKETS];
    double err[ACT_BUCKETS];
};

struct sl_fn_activity {
    struct act_entry **slots; /* open addressing by name */
    size_t cap, n;
    struct sl_cw_batch batch;
    struct sl_cw_batch_op *op; /* the fetch in flight, or NULL */
    struct sl_app *app;
};

static size_t name_hash(const char *s)
{
    size_t h = 2166136261u;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static struct act_entry **slot_of(const struct sl_fn_activity *a, const char *name)
{
    size_t i;

    if (!a->cap)
        return NULL;
    for (i = name_hash(name) & (a->cap - 1);; i = (i + 1) & (a->cap - 1))
        if (!a->slots[i] || !strcmp(a->slots[i]->name, name))
            return &a->slots[i];
}

static struct act_entry *entry_find(const struct sl_fn_activity *a, const char *name)
{
    struct act_entry **s = slot_of(a, name);

    return s ? *s : NULL;
}

static int grow(struct sl_fn_activity *a)
{
    struct act_entry **old = a->slots;
    size_t oldcap = a->cap, i;

    a->cap = oldcap ? oldcap * 2 : ACT_FIRST_CAP;
    a->slots = calloc(a->cap, sizeof(*a->slots));
    if (!a->slots) {
        a->slots = old;
        a->cap = oldcap;
        return -1;
    }
    for (i = 0; i < oldcap; i++)
        if (old[i])
            *slot_of(a, old[i]->name) = old[i];
    free(old);
    return 0;
}

static struct act_entry *entry_add(struct sl_fn_activity *a, const char *name)
{
    struct act_entry **s, *e;

    if ((a->n + 1) * 10 >= a->cap * 7 && grow(a) < 0)
        return NULL;
    s = slot_of(a, name);
    e = *s;
    if (e)
        return e; /* already known */
    e = calloc(1, sizeof(*e));
    if (!e || !(e->name = strdup(name))) {
        free(e);
        return NULL;
    }
    *s = e;
    a->n++;
    return e;
}

struct sl_fn_activity *sl_fn_activity_new(void)
{
    return calloc(1, sizeof(struct sl_fn_activity));
}

void sl_fn_activity_free(void *p)
{
    struct sl_fn_activity *a = p;
    size_t i;

    if (!a)
        return;
    sl_cw_batch_op_free(&a->op); /* a fetch in flight no longer touches the batch */
    sl_cw_batch_cleanup(&a->batch);
    for (i = 0; i < a->cap; i++) {
        if (a->slots[i]) {
            free(a->slots[i]->name);
            free(a->slots[i]);
        }
    }
    free(a->slots);
    free(a);
}

/* ---- fetching ------------------------------------------------------------------------------ */

static void batch_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct sl_fn_activity *a = ud;
    long long now = sl_app_now_ms(a->app);
    size_t f;

    for (f = 0; f < a->batch.nfunctions; f++) {
        struct act_entry *e = entry_find(a, a->batch.functions[f]);
        size_t k, nb = a->batch.nbuckets < ACT_BUCKETS ? a->batch.nbuckets : ACT_BUCKETS;

        if (!e)
            continue;
        e->at_ms = now;
        if (rc) {
            e->state = ACT_FAILED; /* tried again a minute later; old bars stay meanwhile */
            continue;
        }
        e->state = ACT_DONE;
        e->has_data = 1;
        memset(e->inv, 0, sizeof(e->inv));
        memset(e->err, 0, sizeof(e->err));
        for (k = 0; k < nb; k++) {
            e->inv[k] = a->batch.invocations[f * a->batch.nbuckets + k];
            e->err[k] = a->batch.errors[f * a->batch.nbuckets + k];
        }
    }
    sl_cw_batch_op_free(&a->op);
    sl_cw_batch_cleanup(&a->batch);
    /* the rows on screen are drawn again, and ask for what is still missing */
    sl_app_dirty(a->app);
}

static int wanted(const struct act_entry *e, long long now)
{
    if (!e)
        return 1;
    switch (e->state) {
    case ACT_PENDING:
        return 0;
    case ACT_DONE:
        return now - e->at_ms >= ACT_FRESH_MS;
    case ACT_FAILED:
        return now - e->at_ms >= ACT_RETRY_MS;
    }
    return 0;
}

void sl_fn_activity_seen(struct sl_fn_activity *a, struct sl_app *app, const char *const *names,
                         size_t n)
{
    const char *ask[SL_CW_BATCH_FUNCTIONS_MAX];
    long long now, end;
    size_t i, k = 0;

    if (!a || a->op || !app)
        return;
    a->app = app;
    now = sl_app_now_ms(app);
    for (i = 0; i < n && k < SL_CW_BATCH_FUNCTIONS_MAX; i++) {
        size_t j;
        int dup = 0;

        if (!names[i] || !names[i][0] || !wanted(entry_find(a, names[i]), now))
            continue;
        for (j = 0; j < k; j++)
            dup |= !strcmp(ask[j], names[i]);
        if (!dup)
            ask[k++] = names[i];
    }
    if (!k)
        return;
    /* the last twelve 5 minutes that are over (the running one would always look low) */
    end = now / (ACT_PERIOD_S * 1000LL) * (ACT_PERIOD_S * 1000LL);
    if (sl_cw_batch_init(&a->batch, ask, k, end - ACT_BUCKETS * ACT_PERIOD_S * 1000LL, end,
                         ACT_PERIOD_S))
        return;
    if (sl_cw_lambda_batch_start(sl_app_client(app), &a->batch, batch_done, a, &a->op)) {
        sl_cw_batch_cleanup(&a->batch);
        return;
    }
    for (i = 0; i < k; i++) {
        struct act_entry *e = entry_add(a, ask[i]);

        if (e) {
            e->state = ACT_PENDING;
            e->at_ms = now;
        }
    }
}

/* ---- drawing ------------------------------------------------------------------------------- */

void sl_fn_activity_text(const double *invocations, const double *errors, size_t nbuckets, int utf8,
                         char *out, size_t len, unsigned char *role)
{
    double lo, hi, failed = 0;
    size_t i, used;
    char count[32];

    sl_spark_range(invocations, NULL, nbuckets, &lo, &hi);
    sl_sparkline(invocations, NULL, nbuckets, sl_spark_floor(lo, hi), hi, utf8, out, len);
    for (i = 0; errors && i < nbuckets; i++)
        failed += errors[i];
    *role = 0;
    if (failed <= 0)
        return;
    used = strlen(out);
    sl_spark_count(failed, count, sizeof(count));
    /* the errors of the hour, marked */
    snprintf(out + used, len - used, " %s%s", utf8 ? "\xe2\x9c\x97" : "E", count);
    *role = SL_ROLE_BAD;
}

void sl_fn_activity_cell(const struct sl_fn_activity *a, const char *name, char *out, size_t len,
                         unsigned char *role)
{
    const struct act_entry *e = a && name ? entry_find(a, name) : NULL;

    out[0] = '\0';
    *role = 0;
    if (!e)
        return;
    if (!e->has_data) {
        if (e->state == ACT_FAILED) {
            snprintf(out, len, "-");
            *role = SL_ROLE_DIM;
        }
        return;
    }
    sl_fn_activity_text(e->inv, e->err, ACT_BUCKETS, MB_CUR_MAX > 1, out, len, role);
}
