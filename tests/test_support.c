#include "config.h"

#include "test_support.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixtures ---------------------------------------------------------------------------- */

char *sl_test_fixture(const char *dir, const char *name, size_t *len)
{
    const char *top = getenv("SLCTL_TOP_SRCDIR");
    char path[4096];
    FILE *f;
    char *data;
    long size;

#ifdef ABS_TOP_SRCDIR
    if (!top || !*top)
        top = ABS_TOP_SRCDIR;
#endif
    if (!top || !*top)
        top = ".";
    snprintf(path, sizeof(path), "%s/tests/fixtures/%s/%s", top, dir, name);
    f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    ck_assert_int_ge(size, 0);
    rewind(f);
    data = malloc((size_t)size + 1);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_eq(fread(data, 1, (size_t)size, f), (size_t)size);
    data[size] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)size;
    return data;
}

/* ---- environment, clock, client ---------------------------------------------------------- */

void sl_test_fake_env(const char *endpoint_var, const char *max_attempts)
{
    setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
    setenv("AWS_REGION", "us-east-1", 1);
    setenv("AWS_CONFIG_FILE", "/nonexistent/slctl-test-config", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/slctl-test-credentials", 1);
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    if (max_attempts)
        setenv("AWS_MAX_ATTEMPTS", max_attempts, 1);
    unsetenv("AWS_PROFILE");
    unsetenv("AWS_SESSION_TOKEN");
    unsetenv("AWS_ENDPOINT_URL");
    if (endpoint_var)
        unsetenv(endpoint_var);
}

static long long tc_now(void *ud)
{
    const struct sl_test_clock *tc = ud;

    return tc->epoch_ms + tc->mono;
}

static long long tc_mono(void *ud)
{
    return ((const struct sl_test_clock *)ud)->mono;
}

static double tc_random(void *ud)
{
    return ((const struct sl_test_clock *)ud)->rnd;
}

const struct sl_clock *sl_test_clock_init(struct sl_test_clock *tc, long long epoch_ms)
{
    memset(tc, 0, sizeof(*tc));
    tc->epoch_ms = epoch_ms;
    tc->clock.ud = tc;
    tc->clock.now_ms = tc_now;
    tc->clock.mono_ms = tc_mono;
    tc->clock.random = tc_random;
    return &tc->clock;
}

struct sl_client *sl_test_client_new(struct sl_transport *t, const struct sl_clock *clock)
{
    struct sl_client_opts o;
    struct sl_client *c = NULL;
    struct sl_error err;

    memset(&o, 0, sizeof(o));
    o.debug_fd = -1;
    o.transport = t;
    o.clock = clock;
    ck_assert_int_eq(sl_client_new(&o, &c, &err), SL_OK);
    return c;
}

/* ---- routed fake transport for the Query services ---------------------------------------- */

struct form_transfer {
    uint64_t id;
    sl_transport_done_fn done;
    void *ud;
    char *body;
    int cancelled;
};

struct form_transport {
    struct sl_transport base;
    sl_test_answer_fn answer;
    struct form_transfer q[16];
    size_t n;
    uint64_t next_id;
};

static enum sl_err ft_start(struct sl_transport *t, const struct sl_http_request *req,
                            sl_transport_done_fn done, void *ud, uint64_t *id)
{
    struct form_transport *ft = (struct form_transport *)t;
    struct form_transfer *x;

    ck_assert_uint_lt(ft->n, NELEM(ft->q));
    x = &ft->q[ft->n++];
    memset(x, 0, sizeof(*x));
    x->id = ++ft->next_id;
    x->done = done;
    x->ud = ud;
    x->body = malloc(req->body_len + 1);
    ck_assert_ptr_nonnull(x->body);
    memcpy(x->body, req->body, req->body_len);
    x->body[req->body_len] = '\0';
    *id = x->id;
    return SL_OK;
}

static void ft_cancel(struct sl_transport *t, uint64_t id)
{
    struct form_transport *ft = (struct form_transport *)t;
    size_t i;

    for (i = 0; i < ft->n; i++)
        if (ft->q[i].id == id)
            ft->q[i].cancelled = 1;
}

static int ft_run(struct sl_transport *t, int timeout_ms, int extra_fd)
{
    struct form_transport *ft = (struct form_transport *)t;

    while (ft->n) {
        struct form_transfer x = ft->q[0];
        struct sl_http_response resp;
        size_t len = 0;
        char *body;

        memmove(&ft->q[0], &ft->q[1], (ft->n - 1) * sizeof(ft->q[0]));
        ft->n--;
        memset(&resp, 0, sizeof(resp));
        sl_buf_init(&resp.body, 0);
        if (x.cancelled) {
            x.done(x.ud, SL_NET_CANCELLED, &resp, "");
        } else {
            body = ft->answer(x.body, &resp.status, &len);
            sl_buf_append(&resp.body, body, len);
            free(body);
            sl_headers_add(&resp.headers, "Content-Type", "text/xml");
            x.done(x.ud, SL_NET_OK, &resp, "");
        }
        sl_http_response_free(&resp);
        free(x.body);
    }
    return 0;
}

static int ft_pending(struct sl_transport *t)
{
    return (int)((struct form_transport *)t)->n;
}

static void ft_wakeup(struct sl_transport *t) {}

static void ft_free(struct sl_transport *t)
{
    struct form_transport *ft = (struct form_transport *)t;
    size_t i;

    for (i = 0; i < ft->n; i++)
        free(ft->q[i].body);
    free(ft);
}

static const struct sl_transport_ops ft_ops = {ft_start,   ft_cancel, ft_run,
                                               ft_pending, ft_wakeup, ft_free};

struct sl_transport *sl_test_form_transport_new(sl_test_answer_fn answer)
{
    struct form_transport *ft = calloc(1, sizeof(*ft));

    ck_assert_ptr_nonnull(ft);
    ft->base.ops = &ft_ops;
    ft->answer = answer;
    return &ft->base;
}

void sl_test_form_value(const char *body, const char *key, char *out, size_t outlen)
{
    size_t klen = strlen(key);
    const char *p = body;

    out[0] = '\0';
    while (p && *p) {
        if (!strncmp(p, key, klen) && p[klen] == '=') {
            const char *v = p + klen + 1;
            size_t n = strcspn(v, "&");

            snprintf(out, outlen, "%.*s", (int)n, v);
            return;
        }
        p = strchr(p, '&');
        if (p)
            p++;
    }
}
