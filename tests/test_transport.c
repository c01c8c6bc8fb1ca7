/* The libcurl transport against a small HTTP/1.1 server on 127.0.0.1 that runs in a thread of
 * the test itself: keep-alive reuse, the wire form of requests (Host as given, exact
 * Content-Length, no Expect, no chunking), the response cap, interim header blocks, every
 * network failure class, extra_fd, wakeup, cancel, and the redacted debug trace. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "http.h"
#include "transport.h"

/* ---- the loopback server ------------------------------------------------------------- */

#define SRV_MAX_CONNS 32

struct srv {
    int lfd;
    int port;
    int stop[2];
    pthread_t acceptor;
    pthread_t conns[SRV_MAX_CONNS];
    int nconns;
    pthread_mutex_t mu;
    int accepts;
    int requests;
    struct sl_buf last; /* the last request, head and body */
};

struct conn {
    struct srv *s;
    int fd;
};

static struct srv srv;

static long long mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 when fd is readable, 0 on stop or timeout. */
static int srv_wait(struct srv *s, int fd, int ms)
{
    struct pollfd p[2] = {{fd, POLLIN, 0}, {s->stop[0], POLLIN, 0}};

    if (poll(p, 2, ms) <= 0)
        return 0;
    if (p[1].revents)
        return 0;
    return (p[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

static int srv_send(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int srv_sendf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int srv_sendf(int fd, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(buf))
        return -1;
    return srv_send(fd, buf, (size_t)n);
}

/* Answers one request; returns 0 to keep the connection, -1 to close it. */
static int srv_answer(struct srv *s, int fd, const char *path, const char *req, size_t req_len)
{
    static char big[100000];
    int i;

    if (!strcmp(path, "/hello"))
        return srv_sendf(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Test: yes\r\n"
                             "Date: Wed, 01 May 2024 12:00:00 GMT\r\n\r\nhello");
    if (!strcmp(path, "/echo")) {
        if (srv_sendf(fd, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", req_len))
            return -1;
        return srv_send(fd, req, req_len);
    }
    if (!strcmp(path, "/big")) {
        memset(big, 'a', sizeof(big));
        if (srv_sendf(fd, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", sizeof(big)))
            return -1;
        return srv_send(fd, big, sizeof(big));
    }
    if (!strcmp(path, "/bigchunked")) {
        memset(big, 'b', sizeof(big));
        if (srv_sendf(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"))
            return -1;
        for (i = 0; i < 10; i++)
            if (srv_sendf(fd, "%x\r\n", 10000) || srv_send(fd, big, 10000) ||
                srv_send(fd, "\r\n", 2))
                return -1;
        return srv_sendf(fd, "0\r\n\r\n");
    }
    if (!strcmp(path, "/continue"))
        return srv_sendf(fd, "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n"
                             "HTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 2\r\n\r\nok");
    if (!strcmp(path, "/slow")) {
        srv_wait(s, s->stop[0], 10000);
        return -1;
    }
    if (!strcmp(path, "/unavailable"))
        return srv_sendf(fd, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n"
                             "Content-Type: application/json\r\n\r\n{}");
    return -1; /* "/close" and anything unknown: hang up without an answer */
}

static void *srv_conn_main(void *arg)
{
    struct conn *c = arg;
    struct srv *s = c->s;
    struct sl_buf in;
    char chunk[65536];

    sl_buf_init(&in, 32 * 1024 * 1024);
    for (;;) {
        char *end, *cl, path[256] = "";
        size_t head_len, body_len = 0, total;

        while (!(in.data && (end = strstr(in.data, "\r\n\r\n")))) {
            ssize_t n;

            if (!srv_wait(s, c->fd, 10000))
                goto out;
            n = recv(c->fd, chunk, sizeof(chunk), 0);
            if (n <= 0 || sl_buf_append(&in, chunk, (size_t)n))
                goto out;
        }
        head_len = (size_t)(end - in.data) + 4;
        cl = strcasestr(in.data, "\r\ncontent-length:");
        if (cl && cl < end)
            body_len = strtoul(cl + 17, NULL, 10);
        total = head_len + body_len;
        while (in.len < total) {
            ssize_t n;

            if (!srv_wait(s, c->fd, 10000))
                goto out;
            n = recv(c->fd, chunk, sizeof(chunk), 0);
            if (n <= 0 || sl_buf_append(&in, chunk, (size_t)n))
                goto out;
        }
        sscanf(in.data, "%*s %255s", path);
        path[strcspn(path, "?")] = '\0';
        pthread_mutex_lock(&s->mu);
        s->requests++;
        sl_buf_reset(&s->last);
        sl_buf_append(&s->last, in.data, total);
        pthread_mutex_unlock(&s->mu);
        if (srv_answer(s, c->fd, path, in.data, total))
            goto out;
        memmove(in.data, in.data + total, in.len - total);
        in.len -= total;
        in.data[in.len] = '\0';
    }
out:
    sl_buf_free(&in);
    close(c->fd);
    free(c);
    return NULL;
}

static void *srv_accept_main(void *arg)
{
    struct srv *s = arg;

    while (srv_wait(s, s->lfd, 30000)) {
        int fd = accept(s->lfd, NULL, NULL);
        struct conn *c;

        if (fd < 0)
            continue;
        pthread_mutex_lock(&s->mu);
        s->accepts++;
        if (s->nconns == SRV_MAX_CONNS) {
            pthread_mutex_unlock(&s->mu);
            close(fd);
            continue;
        }
        c = calloc(1, sizeof(*c));
        c->s = s;
        c->fd = fd;
        if (pthread_create(&s->conns[s->nconns], NULL, srv_conn_main, c) == 0)
            s->nconns++;
        else {
            close(fd);
            free(c);
        }
        pthread_mutex_unlock(&s->mu);
    }
    return NULL;
}

/* A listening socket on 127.0.0.1 and a free port. */
static int listen_any(int backlog, int *port)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    ck_assert_int_ge(fd, 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    ck_assert_int_eq(listen(fd, backlog), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

static void srv_start(void)
{
    memset(&srv, 0, sizeof(srv));
    pthread_mutex_init(&srv.mu, NULL);
    sl_buf_init(&srv.last, 0);
    ck_assert_int_eq(pipe(srv.stop), 0);
    srv.lfd = listen_any(16, &srv.port);
    ck_assert_int_eq(pthread_create(&srv.acceptor, NULL, srv_accept_main, &srv), 0);
}

static void srv_stop(void)
{
    int i;

    ck_assert_int_eq(write(srv.stop[1], "x", 1), 1);
    pthread_join(srv.acceptor, NULL);
    for (i = 0; i < srv.nconns; i++)
        pthread_join(srv.conns[i], NULL);
    close(srv.lfd);
    close(srv.stop[0]);
    close(srv.stop[1]);
    sl_buf_free(&srv.last);
    pthread_mutex_destroy(&srv.mu);
}

static int srv_accepts(void)
{
    int n;

    pthread_mutex_lock(&srv.mu);
    n = srv.accepts;
    pthread_mutex_unlock(&srv.mu);
    return n;
}

/* ---- client helpers ------------------------------------------------------------------ */

struct result {
    int calls;
    enum sl_net_status st;
    long status;
    struct sl_buf body;
    struct sl_headers headers;
    char detail[512];
};

struct req {
    struct sl_http_request r;
    char host[64];
    char path[64];
};

static void on_done(void *ud, enum sl_net_status st, struct sl_http_response *resp,
                    const char *detail)
{
    struct result *res = ud;
    size_t i;

    res->calls++;
    res->st = st;
    res->status = resp->status;
    sl_buf_init(&res->body, 0);
    sl_buf_append(&res->body, sl_buf_str(&resp->body), resp->body.len);
    for (i = 0; i < resp->headers.n; i++)
        sl_headers_add(&res->headers, resp->headers.v[i].name, resp->headers.v[i].value);
    snprintf(res->detail, sizeof(res->detail), "%s", detail);
}

static void result_free(struct result *res)
{
    sl_buf_free(&res->body);
    sl_headers_free(&res->headers);
}

static void req_init(struct req *q, const char *method, int port, const char *path)
{
    memset(q, 0, sizeof(*q));
    snprintf(q->r.method, sizeof(q->r.method), "%s", method);
    snprintf(q->host, sizeof(q->host), "127.0.0.1:%d", port);
    snprintf(q->path, sizeof(q->path), "%s", path);
    q->r.scheme = "http";
    q->r.host = q->host;
    q->r.base_path = "";
    q->r.path = q->path;
    q->r.query = "";
}

static struct sl_transport *new_transport(int debug_fd)
{
    struct sl_transport_opts o;
    struct sl_transport *t;

    memset(&o, 0, sizeof(o));
    o.user_agent = "slctl-test/1.0 ua/2.1";
    o.connect_timeout_ms = 5000;
    o.timeout_ms = 10000;
    o.debug_fd = debug_fd;
    t = sl_transport_curl_new(&o);
    ck_assert_ptr_nonnull(t);
    return t;
}

static void wait_done(struct sl_transport *t, struct result *res, int max_ms)
{
    long long end = mono_ms() + max_ms;

    while (!res->calls && mono_ms() < end)
        t->ops->run(t, 50, -1);
    ck_assert_msg(res->calls == 1, "no answer within %d ms", max_ms);
}

static struct result fetch(struct sl_transport *t, struct req *q)
{
    struct result res;
    uint64_t id = 0;

    memset(&res, 0, sizeof(res));
    ck_assert_int_eq(t->ops->start(t, &q->r, on_done, &res, &id), SL_OK);
    ck_assert(id != 0);
    wait_done(t, &res, 8000);
    return res;
}

static void setup(void)
{
    srv_start();
}

static void teardown(void)
{
    srv_stop();
}

/* ---- tests --------------------------------------------------------------------------- */

START_TEST(test_keepalive_reuse)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result a, b;

    req_init(&q, "GET", srv.port, "/hello");
    a = fetch(t, &q);
    b = fetch(t, &q);
    ck_assert_int_eq(a.st, SL_NET_OK);
    ck_assert_int_eq(a.status, 200);
    ck_assert_str_eq(sl_buf_str(&a.body), "hello");
    ck_assert_str_eq(sl_headers_get(&a.headers, "x-test"), "yes");
    ck_assert_int_eq(b.st, SL_NET_OK);
    ck_assert_str_eq(sl_buf_str(&b.body), "hello");
    ck_assert_int_eq(srv_accepts(), 1); /* one connection served both */
    ck_assert_int_eq(t->ops->pending(t), 0);
    result_free(&a);
    result_free(&b);
    sl_transport_free(&t);
    ck_assert_ptr_null(t);
}
END_TEST

START_TEST(test_post_wire_form)
{
    struct sl_transport *t = new_transport(-1);
    static const char body[] = "Action=GetCallerIdentity&Version=2011-06-15";
    struct req q;
    struct result r;
    const char *echo;

    req_init(&q, "POST", srv.port, "/echo");
    q.r.body = (const unsigned char *)body;
    q.r.body_len = strlen(body);
    sl_headers_add(&q.r.headers, "Host", "sts.example.test:8443");
    sl_headers_add(&q.r.headers, "X-Amz-Date", "20240501T120000Z");
    sl_headers_add(&q.r.headers, "Content-Type",
                   "application/x-www-form-urlencoded; charset=utf-8");
    sl_headers_add(&q.r.headers, "X-Empty", "");
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK);
    echo = sl_buf_str(&r.body);
    ck_assert_msg(!strncmp(echo, "POST /echo HTTP/1.1\r\n", 21), "%s", echo);
    ck_assert_ptr_nonnull(strstr(echo, "\r\nHost: sts.example.test:8443\r\n"));
    ck_assert_ptr_null(strstr(strstr(echo, "\r\nHost:") + 2, "\r\nHost:")); /* only one */
    ck_assert_ptr_nonnull(strstr(echo, "\r\nX-Amz-Date: 20240501T120000Z\r\n"));
    ck_assert_ptr_nonnull(strstr(echo, "\r\nX-Empty:\r\n"));
    ck_assert_ptr_nonnull(strstr(echo, "\r\nContent-Length: 43\r\n"));
    ck_assert_ptr_nonnull(strstr(echo, "\r\nUser-Agent: slctl-test/1.0 ua/2.1\r\n"));
    ck_assert_ptr_null(strcasestr(echo, "\r\nExpect:"));
    ck_assert_ptr_null(strcasestr(echo, "\r\nTransfer-Encoding:"));
    ck_assert_str_eq(echo + strlen(echo) - strlen(body), body);
    sl_headers_free(&q.r.headers);
    result_free(&r);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_put_large_body)
{
    struct sl_transport *t = new_transport(-1);
    size_t n = 2 * 1024 * 1024;
    unsigned char *body = malloc(n);
    struct req q;
    struct result r;
    const char *echo;
    char cl[64];

    ck_assert_ptr_nonnull(body);
    memset(body, 'z', n);
    req_init(&q, "PUT", srv.port, "/echo");
    q.r.body = body;
    q.r.body_len = n;
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK);
    echo = sl_buf_str(&r.body);
    ck_assert(!strncmp(echo, "PUT /echo HTTP/1.1\r\n", 20));
    snprintf(cl, sizeof(cl), "\r\nContent-Length: %zu\r\n", n);
    ck_assert_ptr_nonnull(strstr(echo, cl));
    ck_assert_ptr_null(strcasestr(echo, "\r\nExpect:"));
    ck_assert_ptr_null(strcasestr(echo, "\r\nTransfer-Encoding:"));
    ck_assert_ptr_null(strcasestr(echo, "x-www-form-urlencoded")); /* not libcurl's default */
    ck_assert_uint_gt(r.body.len, n);
    ck_assert_int_eq(r.body.data[r.body.len - 1], 'z');
    result_free(&r);
    free(body);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_methods)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r;

    req_init(&q, "DELETE", srv.port, "/echo");
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK);
    ck_assert(!strncmp(sl_buf_str(&r.body), "DELETE /echo HTTP/1.1\r\n", 23));
    result_free(&r);

    req_init(&q, "GET", srv.port, "/echo");
    q.r.query = "a=1&b=%2F";
    r = fetch(t, &q);
    ck_assert(!strncmp(sl_buf_str(&r.body), "GET /echo?a=1&b=%2F HTTP/1.1\r\n", 30));
    ck_assert_ptr_null(strcasestr(sl_buf_str(&r.body), "Content-Length"));
    result_free(&r);

    req_init(&q, "HEAD", srv.port, "/hello");
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK);
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(r.body.len, 0);
    result_free(&r);

    req_init(&q, "POST", srv.port, "/unavailable");
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK); /* an HTTP answer is OK at this level */
    ck_assert_int_eq(r.status, 503);
    ck_assert_str_eq(sl_buf_str(&r.body), "{}");
    ck_assert_str_eq(sl_headers_get(&r.headers, "Content-Type"), "application/json");
    result_free(&r);
    ck_assert_int_eq(srv_accepts(), 1);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_response_cap)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r;

    /* Content-Length known up front */
    req_init(&q, "GET", srv.port, "/big");
    q.r.max_response = 1000;
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_TOO_BIG);
    ck_assert_uint_le(r.body.len, 1000);
    result_free(&r);

    /* chunked: the write callback stops it */
    req_init(&q, "GET", srv.port, "/bigchunked");
    q.r.max_response = 25000;
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_TOO_BIG);
    ck_assert_uint_le(r.body.len, 25000);
    ck_assert_str_ne(r.detail, "");
    result_free(&r);

    /* exactly at the cap is fine */
    req_init(&q, "GET", srv.port, "/big");
    q.r.max_response = 100000;
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK);
    ck_assert_uint_eq(r.body.len, 100000);
    result_free(&r);
    req_init(&q, "GET", srv.port, "/bigchunked");
    q.r.max_response = 100000;
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK);
    ck_assert_uint_eq(r.body.len, 100000);
    result_free(&r);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_interim_header_block)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r;

    req_init(&q, "GET", srv.port, "/continue");
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(sl_buf_str(&r.body), "ok");
    ck_assert_str_eq(sl_headers_get(&r.headers, "X-Final"), "yes");
    ck_assert_ptr_null(sl_headers_get(&r.headers, "X-Interim"));
    result_free(&r);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_connect_refused)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r;
    int port, fd = listen_any(1, &port);

    close(fd); /* nobody listens there now */
    req_init(&q, "POST", port, "/");
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_CONNECT_FAILED);
    ck_assert(sl_net_never_sent(r.st));
    ck_assert_str_ne(r.detail, "");
    result_free(&r);

    req_init(&q, "GET", 1, "/");
    snprintf(q.host, sizeof(q.host), "no-such-host.invalid");
    r = fetch(t, &q);
    ck_assert_msg(sl_net_never_sent(r.st), "st %d: %s", r.st, r.detail); /* refused or timed out */
    result_free(&r);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_read_timeout)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r;
    long long start = mono_ms();

    req_init(&q, "POST", srv.port, "/slow");
    q.r.timeout_ms = 300;
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_READ_TIMEOUT);
    ck_assert(!sl_net_never_sent(r.st));
    ck_assert_int_lt(mono_ms() - start, 3000);
    result_free(&r);

    /* the same on a reused connection, where no connect happened at all: still a read timeout
     * (calling it a connect timeout would let Invoke run twice) */
    req_init(&q, "GET", srv.port, "/hello");
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK);
    result_free(&r);
    req_init(&q, "POST", srv.port, "/slow");
    q.r.timeout_ms = 300;
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_READ_TIMEOUT);
    ck_assert_int_eq(srv_accepts(), 2);
    result_free(&r);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_connect_timeout)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r;
    struct sockaddr_in a;
    int port, i, fill[4];
    int lfd = listen_any(0, &port);
    long long start;

    /* Fill the accept queue of a listener that never accepts: further SYNs are dropped. */
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((unsigned short)port);
    for (i = 0; i < 4; i++) {
        fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(fill[i], (struct sockaddr *)&a, sizeof(a));
    }
    usleep(100000);
    req_init(&q, "POST", port, "/");
    q.r.connect_timeout_ms = 300;
    start = mono_ms();
    r = fetch(t, &q);
    ck_assert_msg(r.st == SL_NET_CONNECT_TIMEOUT, "st %d: %s", r.st, r.detail);
    ck_assert(sl_net_never_sent(r.st));
    ck_assert_int_lt(mono_ms() - start, 3000);
    result_free(&r);
    for (i = 0; i < 4; i++)
        close(fill[i]);
    close(lfd);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_hangup_without_answer)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r;

    req_init(&q, "POST", srv.port, "/close");
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_RECV_FAILED);
    ck_assert(!sl_net_never_sent(r.st));
    result_free(&r);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_extra_fd)
{
    struct sl_transport *t = new_transport(-1);
    int p[2];
    long long start;

    ck_assert_int_eq(pipe(p), 0);
    start = mono_ms();
    ck_assert_int_eq(t->ops->run(t, 150, p[0]), 0);
    ck_assert_int_ge(mono_ms() - start, 100);
    ck_assert_int_eq(write(p[1], "k", 1), 1);
    start = mono_ms();
    ck_assert_int_eq(t->ops->run(t, 5000, p[0]), 1);
    ck_assert_int_lt(mono_ms() - start, 1000);
    /* a hang-up counts too, so a closed terminal cannot spin the loop */
    {
        char c;

        ck_assert_int_eq(read(p[0], &c, 1), 1);
    }
    close(p[1]);
    start = mono_ms();
    ck_assert_int_eq(t->ops->run(t, 5000, p[0]), 1);
    ck_assert_int_lt(mono_ms() - start, 1000);
    close(p[0]);
    sl_transport_free(&t);
}
END_TEST

static void *wake_later(void *arg)
{
    struct sl_transport *t = arg;

    usleep(200000);
    t->ops->wakeup(t);
    return NULL;
}

START_TEST(test_wakeup)
{
    struct sl_transport *t = new_transport(-1);
    pthread_t th;
    long long start;

    t->ops->wakeup(t); /* before run(): the next wait ends at once */
    start = mono_ms();
    t->ops->run(t, 5000, -1);
    ck_assert_int_lt(mono_ms() - start, 1000);

    ck_assert_int_eq(pthread_create(&th, NULL, wake_later, t), 0);
    start = mono_ms();
    t->ops->run(t, 10000, -1);
    ck_assert_int_lt(mono_ms() - start, 5000);
    pthread_join(th, NULL);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_cancel)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result a, b;
    uint64_t ida = 0, idb = 0;
    int i;

    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    req_init(&q, "GET", srv.port, "/slow");
    ck_assert_int_eq(t->ops->start(t, &q.r, on_done, &a, &ida), SL_OK);
    ck_assert_int_eq(t->ops->start(t, &q.r, on_done, &b, &idb), SL_OK);
    ck_assert(ida != idb);
    for (i = 0; i < 5; i++)
        t->ops->run(t, 20, -1);
    ck_assert_int_eq(t->ops->pending(t), 2);
    t->ops->cancel(t, ida);
    t->ops->cancel(t, 987654);    /* unknown: ignored */
    ck_assert_int_eq(a.calls, 0); /* never from inside cancel() */
    ck_assert_int_eq(t->ops->pending(t), 2);
    t->ops->run(t, 0, -1);
    ck_assert_int_eq(a.calls, 1);
    ck_assert_int_eq(a.st, SL_NET_CANCELLED);
    ck_assert_int_eq(b.calls, 0);
    ck_assert_int_eq(t->ops->pending(t), 1);
    t->ops->cancel(t, ida); /* twice: ignored */
    t->ops->cancel(t, idb);
    t->ops->run(t, 0, -1);
    ck_assert_int_eq(a.calls, 1);
    ck_assert_int_eq(b.calls, 1);
    ck_assert_int_eq(b.st, SL_NET_CANCELLED);
    ck_assert_int_eq(t->ops->pending(t), 0);
    result_free(&a);
    result_free(&b);

    /* cancelled before it ever ran */
    memset(&a, 0, sizeof(a));
    ck_assert_int_eq(t->ops->start(t, &q.r, on_done, &a, &ida), SL_OK);
    t->ops->cancel(t, ida);
    t->ops->run(t, 0, -1);
    ck_assert_int_eq(a.calls, 1);
    ck_assert_int_eq(a.st, SL_NET_CANCELLED);
    result_free(&a);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_concurrent)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r[3];
    long long end = mono_ms() + 8000;
    int i;

    memset(r, 0, sizeof(r));
    req_init(&q, "GET", srv.port, "/hello");
    for (i = 0; i < 3; i++)
        ck_assert_int_eq(t->ops->start(t, &q.r, on_done, &r[i], NULL), SL_OK);
    ck_assert_int_eq(t->ops->pending(t), 3);
    while (t->ops->pending(t) && mono_ms() < end)
        t->ops->run(t, 50, -1);
    for (i = 0; i < 3; i++) {
        ck_assert_int_eq(r[i].calls, 1);
        ck_assert_int_eq(r[i].st, SL_NET_OK);
        ck_assert_str_eq(sl_buf_str(&r[i].body), "hello");
        result_free(&r[i]);
    }
    sl_transport_free(&t);
}
END_TEST

struct chain {
    struct sl_transport *t;
    struct req *q;
    struct result first;
    struct result second;
};

static void chain_done(void *ud, enum sl_net_status st, struct sl_http_response *resp,
                       const char *detail)
{
    struct chain *c = ud;

    on_done(&c->first, st, resp, detail);
    /* a retry starts the next attempt from inside the callback */
    ck_assert_int_eq(c->t->ops->start(c->t, &c->q->r, on_done, &c->second, NULL), SL_OK);
}

START_TEST(test_start_from_callback)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct chain c;

    memset(&c, 0, sizeof(c));
    c.t = t;
    c.q = &q;
    req_init(&q, "GET", srv.port, "/hello");
    ck_assert_int_eq(t->ops->start(t, &q.r, chain_done, &c, NULL), SL_OK);
    wait_done(t, &c.first, 8000);
    wait_done(t, &c.second, 8000);
    ck_assert_int_eq(c.second.st, SL_NET_OK);
    ck_assert_int_eq(srv_accepts(), 1);
    result_free(&c.first);
    result_free(&c.second);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_bad_requests)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r;
    uint64_t id = 77;

    memset(&r, 0, sizeof(r));
    req_init(&q, "GET", srv.port, "/hello");
    sl_headers_add(&q.r.headers, "X-Injected", "a\r\nEvil: 1");
    ck_assert_int_eq(t->ops->start(t, &q.r, on_done, &r, &id), SL_EINVAL);
    ck_assert(id == 0);
    sl_headers_free(&q.r.headers);
    sl_headers_add(&q.r.headers, "Bad:Name", "v");
    ck_assert_int_eq(t->ops->start(t, &q.r, on_done, &r, &id), SL_EINVAL);
    sl_headers_free(&q.r.headers);
    q.r.host = "";
    ck_assert_int_eq(t->ops->start(t, &q.r, on_done, &r, &id), SL_EINVAL);
    ck_assert_int_eq(t->ops->pending(t), 0);
    t->ops->run(t, 0, -1);
    ck_assert_int_eq(r.calls, 0);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_free_with_pending)
{
    struct sl_transport *t = new_transport(-1);
    struct req q;
    struct result r;

    memset(&r, 0, sizeof(r));
    req_init(&q, "GET", srv.port, "/slow");
    ck_assert_int_eq(t->ops->start(t, &q.r, on_done, &r, NULL), SL_OK);
    t->ops->run(t, 50, -1);
    ck_assert_int_eq(t->ops->start(t, &q.r, on_done, &r, NULL), SL_OK);
    sl_transport_free(&t); /* no callbacks, no leaks */
    ck_assert_int_eq(r.calls, 0);
    sl_transport_free(&t);
}
END_TEST

START_TEST(test_debug_trace_redacted)
{
    char path[] = "/tmp/slctl-trace-XXXXXX";
    int fd = mkstemp(path);
    struct sl_transport *t;
    struct req q;
    struct result r;
    char trace[16384];
    ssize_t n;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    t = new_transport(fd);
    req_init(&q, "GET", srv.port, "/hello");
    q.r.query = "X-Amz-Credential=AKIDQUERYSECRET%2F20240501&X-Amz-Signature=cafebabe1234&x=1";
    sl_headers_add(&q.r.headers, "Authorization",
                   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/lambda/"
                   "aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, "
                   "Signature=deadbeef00112233445566778899aabbccddeeff");
    sl_headers_add(&q.r.headers, "X-Amz-Security-Token", "FQoGZXIvYXdzEXAMPLESESSIONTOKEN");
    sl_headers_add(&q.r.headers, "X-Amz-Date", "20240501T120000Z");
    r = fetch(t, &q);
    ck_assert_int_eq(r.st, SL_NET_OK);
    sl_transport_free(&t);
    sl_headers_free(&q.r.headers);
    result_free(&r);

    ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
    n = read(fd, trace, sizeof(trace) - 1);
    close(fd);
    ck_assert_int_gt(n, 0);
    trace[n] = '\0';
    ck_assert_ptr_nonnull(strstr(trace, "GET http://127.0.0.1:"));
    ck_assert_ptr_nonnull(strstr(trace, "X-Amz-Date: 20240501T120000Z"));
    ck_assert_ptr_nonnull(strstr(trace, "SignedHeaders=host;x-amz-date;x-amz-security-token"));
    ck_assert_ptr_nonnull(strstr(trace, "Credential=" SL_REDACTED));
    ck_assert_ptr_nonnull(strstr(trace, "Signature=" SL_REDACTED));
    ck_assert_ptr_nonnull(strstr(trace, "X-Amz-Security-Token: " SL_REDACTED));
    ck_assert_ptr_nonnull(strstr(trace, "HTTP 200"));
    ck_assert_ptr_nonnull(strstr(trace, "< X-Test: yes"));
    ck_assert_msg(strstr(trace, "AKIDEXAMPLE") == NULL, "%s", trace);
    ck_assert_ptr_null(strstr(trace, "deadbeef"));
    ck_assert_ptr_null(strstr(trace, "EXAMPLESESSIONTOKEN"));
    ck_assert_ptr_null(strstr(trace, "AKIDQUERYSECRET"));
    ck_assert_ptr_null(strstr(trace, "cafebabe"));
}
END_TEST

/* ---- redaction (pure) ---------------------------------------------------------------- */

struct redact_case {
    const char *name;
    const char *value;
    const char *want;
    int hidden;
};

static const struct redact_case redact_cases[] = {
    {"Authorization",
     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
     "SignedHeaders=content-type;host;x-amz-date, "
     "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
     "AWS4-HMAC-SHA256 Credential=" SL_REDACTED ", SignedHeaders=content-type;host;x-amz-date, "
     "Signature=" SL_REDACTED,
     1},
    {"authorization", "AWS4-HMAC-SHA256 Credential=A/B,SignedHeaders=host,Signature=abc",
     "AWS4-HMAC-SHA256 Credential=" SL_REDACTED ", SignedHeaders=host, Signature=" SL_REDACTED, 1},
    {"AUTHORIZATION", "AWS4-HMAC-SHA256 Signature=abc, Junk",
     "AWS4-HMAC-SHA256 Signature=" SL_REDACTED ", " SL_REDACTED, 1},
    {"Authorization", "Bearer eyJhbGciOi.secret.part", "Bearer " SL_REDACTED, 1},
    {"Authorization", "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", "AWS " SL_REDACTED, 1},
    {"Authorization", "opaquesecret", SL_REDACTED, 1},
    {"Authorization", "", SL_REDACTED, 1},
    {"Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic " SL_REDACTED, 1},
    {"X-Amz-Security-Token", "IQoJb3JpZ2luX2VjEXAMPLE", SL_REDACTED, 1},
    {"x-amz-security-token", "", SL_REDACTED, 1},
    {"Cookie", "session=abc", SL_REDACTED, 1},
    {"x-amz-server-side-encryption-customer-key", "c2VjcmV0a2V5", SL_REDACTED, 1},
    {"X-Amz-Date", "20240501T120000Z", "20240501T120000Z", 0},
    {"Host", "lambda.us-east-1.amazonaws.com", "lambda.us-east-1.amazonaws.com", 0},
    {"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD", "UNSIGNED-PAYLOAD", 0},
};

START_TEST(test_redact_header_table)
{
    const struct redact_case *c = &redact_cases[_i];
    char out[1024];
    int hidden = sl_redact_header(c->name, c->value, out, sizeof(out));

    ck_assert_msg(!strcmp(out, c->want), "%s: got '%s', want '%s'", c->name, out, c->want);
    ck_assert_int_eq(hidden, c->hidden);
}
END_TEST

START_TEST(test_redact_header_truncation)
{
    static const char *const auth =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        "SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b59";
    char out[64];
    size_t len;

    /* whatever the room, the output is terminated and never holds a secret */
    for (len = 0; len <= sizeof(out); len++) {
        memset(out, 'Q', sizeof(out));
        sl_redact_header("Authorization", auth, out, len);
        if (!len)
            continue;
        ck_assert_uint_lt(strlen(out), len);
        ck_assert_ptr_null(strstr(out, "AKID"));
        ck_assert_ptr_null(strstr(out, "5d67"));
    }
    sl_redact_header("X-Amz-Date", "20240501T120000Z", out, 5);
    ck_assert_str_eq(out, "2024");
    ck_assert_int_eq(sl_redact_header(NULL, NULL, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_redact_url)
{
    char out[512];

    ck_assert_int_eq(sl_redact_url("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&"
                                   "X-Amz-Credential=AKID%2F20240501%2Fus-east-1&X-Amz-Date=x&"
                                   "X-Amz-Security-Token=tok&X-Amz-Signature=abcdef",
                                   out, sizeof(out)),
                     1);
    ck_assert_str_eq(out, "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&"
                          "X-Amz-Credential=" SL_REDACTED "&X-Amz-Date=x&"
                          "X-Amz-Security-Token=" SL_REDACTED "&X-Amz-Signature=" SL_REDACTED);
    ck_assert_int_eq(sl_redact_url("https://h/p?a=1&x-amz-signature=s", out, sizeof(out)), 1);
    ck_assert_str_eq(out, "https://h/p?a=1&x-amz-signature=" SL_REDACTED);
    ck_assert_int_eq(sl_redact_url("https://h/p?a=1&b", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "https://h/p?a=1&b");
    ck_assert_int_eq(sl_redact_url("https://h/p", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "https://h/p");
    sl_redact_url("https://h/p?X-Amz-Signature=secret", out, 20);
    ck_assert_ptr_null(strstr(out, "secret"));
    ck_assert_int_eq(sl_redact_url(NULL, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_version)
{
    const char *v = sl_transport_curl_version();

    ck_assert_ptr_nonnull(v);
    ck_assert(v[0] >= '0' && v[0] <= '9');
}
END_TEST

static Suite *transport_suite(void)
{
    Suite *s = suite_create("transport");
    TCase *tc = tcase_create("loopback");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_keepalive_reuse);
    tcase_add_test(tc, test_post_wire_form);
    tcase_add_test(tc, test_put_large_body);
    tcase_add_test(tc, test_methods);
    tcase_add_test(tc, test_response_cap);
    tcase_add_test(tc, test_interim_header_block);
    tcase_add_test(tc, test_connect_refused);
    tcase_add_test(tc, test_read_timeout);
    tcase_add_test(tc, test_connect_timeout);
    tcase_add_test(tc, test_hangup_without_answer);
    tcase_add_test(tc, test_extra_fd);
    tcase_add_test(tc, test_wakeup);
    tcase_add_test(tc, test_cancel);
    tcase_add_test(tc, test_concurrent);
    tcase_add_test(tc, test_start_from_callback);
    tcase_add_test(tc, test_bad_requests);
    tcase_add_test(tc, test_free_with_pending);
    tcase_add_test(tc, test_debug_trace_redacted);
    suite_add_tcase(s, tc);

    tc = tcase_create("redact");
    tcase_add_loop_test(tc, test_redact_header_table, 0,
                        (int)(sizeof(redact_cases) / sizeof(redact_cases[0])));
    tcase_add_test(tc, test_redact_header_truncation);
    tcase_add_test(tc, test_redact_url);
    tcase_add_test(tc, test_version);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(transport_suite());
    int failed;

    /* The tests must not see a proxy from the environment: they talk to 127.0.0.1. */
    setenv("no_proxy", "*", 1);
    setenv("NO_PROXY", "*", 1);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
