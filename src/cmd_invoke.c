/* slctl invoke: run a function once with a payload and show what it answered.
 *
 * The payload goes as it is (no base64), after a JSON check and the size limits; nothing is
 * sent when either fails. The function's own Timeout is read first (GetFunction) so the read
 * timeout covers a long run, and a missing function is reported before anything is invoked.
 * Invoke itself is sent at most once: the client never repeats a non-idempotent call that may
 * have reached AWS (a throttled one, which AWS did not run, may be). Ctrl-C stops waiting but
 * cannot stop a function that is already running. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "client.h"
#include "events.h"
#include "i18n.h"
#include "lambda.h"
#include "settings.h"
#include "text.h"

static volatile sig_atomic_t invoke_interrupted;
static struct sl_client *invoke_client;

static void on_sigint(int sig)
{
    (void)sig;
    invoke_interrupted = 1;
    if (invoke_client)
        sl_client_wakeup(invoke_client);
}

struct invoke_opts {
    const char *function;
    const char *event_name;
    const char *event_file; /* "-" for standard input */
    const char *qualifier;
    enum sl_lambda_invocation_type type;
    int no_tail;
};

/* Prints the failure with the remote text made safe for the terminal; returns the exit code. */
static int fail_sanitized(enum sl_err rc, const struct sl_error *err)
{
    struct sl_error copy;
    char *clean;

    if (!err)
        return sl_cli_fail(rc, NULL);
    copy = *err;
    clean = sl_text_sanitized(err->message);
    if (clean) {
        snprintf(copy.message, sizeof(copy.message), "%s", clean);
        free(clean);
    }
    return sl_cli_fail(rc, &copy);
}

static int parse_args(int argc, char **argv, struct invoke_opts *o)
{
    int i;

    memset(o, 0, sizeof(*o));
    o->type = SL_LAMBDA_INVOKE_SYNC;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **target = NULL;
        const char *opt = a;

        if (!strcmp(a, "--event"))
            target = &o->event_name;
        else if (!strcmp(a, "--event-file"))
            target = &o->event_file;
        else if (!strcmp(a, "--qualifier"))
            target = &o->qualifier;
        if (target) {
            if (i + 1 >= argc)
                return sl_cli_usage("invoke", _("%s needs a value"), opt);
            if (*target)
                return sl_cli_usage("invoke", _("%s is given twice"), opt);
            *target = argv[++i];
            continue;
        }
        if (!strncmp(a, "--event=", 8) && !o->event_name) {
            o->event_name = a + 8;
        } else if (!strncmp(a, "--event-file=", 13) && !o->event_file) {
            o->event_file = a + 13;
        } else if (!strncmp(a, "--qualifier=", 12) && !o->qualifier) {
            o->qualifier = a + 12;
        } else if (!strcmp(a, "--async") || !strcmp(a, "--dry-run")) {
            enum sl_lambda_invocation_type t =
                a[2] == 'a' ? SL_LAMBDA_INVOKE_EVENT : SL_LAMBDA_INVOKE_DRY_RUN;
            if (o->type != SL_LAMBDA_INVOKE_SYNC && o->type != t)
                return sl_cli_usage("invoke", "%s",
                                    _("--async and --dry-run cannot be used together"));
            o->type = t;
        } else if (!strcmp(a, "--no-tail")) {
            o->no_tail = 1;
        } else if (!strcmp(a, "-")) {
            if (o->event_file)
                return sl_cli_usage("invoke", "%s", _("the payload is given twice"));
            o->event_file = "-";
        } else if (a[0] == '-' && a[1]) {
            return sl_cli_usage("invoke", _("unknown option \"%s\""), a);
        } else if (!o->function) {
            o->function = a;
        } else {
            return sl_cli_usage("invoke", _("unexpected argument \"%s\""), a);
        }
    }
    if (!o->function || !*o->function)
        return sl_cli_usage("invoke", "%s", _("invoke needs a function name"));
    if (o->event_name && o->event_file)
        return sl_cli_usage("invoke", "%s",
                            _("give the payload once: --event NAME, --event-file PATH or -"));
    if (o->event_file && !*o->event_file)
        return sl_cli_usage("invoke", "%s", _("--event-file needs a file name"));
    return 0;
}

/* Reads the payload into *out; returns 0 or an exit code after one sentence. */
static int read_payload(const struct invoke_opts *o, char **out, size_t *len)
{
    size_t cap = o->type == SL_LAMBDA_INVOKE_EVENT ? SL_LAMBDA_ASYNC_PAYLOAD_MAX
                                                   : SL_LAMBDA_SYNC_PAYLOAD_MAX;
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_event_ref ref;
    struct sl_error err;
    const char *label;
    enum sl_err rc;
    int fd = -1, too_big = 0, ex = 0;

    *out = NULL;
    *len = 0;
    memset(&ref, 0, sizeof(ref));
    sl_error_clear(&err);
    if (!o->event_name && !o->event_file) {
        *out = strdup("{}");
        *len = 2;
        return *out ? 0 : sl_cli_fail(SL_ENOMEM, NULL);
    }
    if (o->event_name) {
        rc = sl_events_dirs_default(&dirs);
        if (!rc)
            rc = sl_events_find(&dirs, o->function, o->event_name, &ref, &err);
        if (rc) {
            /* A missing saved event is a usage error, not a missing function. */
            ex = sl_cli_fail(rc == SL_ENOTFOUND ? SL_EUSAGE : rc, &err);
            goto out;
        }
        label = ref.path;
    } else {
        label = strcmp(o->event_file, "-") ? o->event_file : _("standard input");
    }
    if (o->event_name || strcmp(o->event_file, "-") != 0) {
        fd = open(label, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            sl_error_set(&err, SL_EUSAGE, _("Cannot read %s: %s."), label, strerror(errno));
            ex = sl_cli_fail(SL_EUSAGE, &err);
            goto out;
        }
    }
    rc = sl_events_read_fd(fd >= 0 ? fd : STDIN_FILENO, cap, out, len, &too_big);
    if (rc == SL_ETOOBIG) {
        sl_error_set(&err, SL_ETOOBIG,
                     o->type == SL_LAMBDA_INVOKE_EVENT
                         ? _("%s is larger than %zu bytes, the most an asynchronous (Event) "
                             "invocation takes; nothing was sent.")
                         : _("%s is larger than %zu bytes, the most a synchronous invocation "
                             "takes; nothing was sent."),
                     label, cap);
        ex = sl_cli_fail(SL_EUSAGE, &err);
        goto out;
    }
    if (rc == SL_EIO) {
        sl_error_set(&err, SL_EIO, _("Cannot read %s: %s."), label, strerror(errno));
        ex = sl_cli_fail(SL_EUSAGE, &err);
        goto out;
    }
    if (rc) {
        ex = sl_cli_fail(rc, NULL);
        goto out;
    }
    if (sl_events_check_text(*out, *len, label, &err) != SL_OK) {
        char msg[sizeof(err.message)];

        snprintf(msg, sizeof(msg), "%s", err.message);
        sl_error_set(&err, SL_EUSAGE, _("%s; nothing was sent."), msg);
        ex = sl_cli_fail(SL_EUSAGE, &err);
        goto out;
    }
out:
    if (fd >= 0)
        close(fd);
    if (ex) {
        free(*out);
        *out = NULL;
        *len = 0;
    }
    sl_event_ref_clear(&ref);
    sl_events_dirs_free(&dirs);
    return ex;
}

/* ---- waiting, interruptibly ------------------------------------------------------------ */

static void call_done(struct sl_call *call, void *ud)
{
    (void)call;
    *(int *)ud = 1;
}

/* GetFunction for the function's Timeout. Returns 0 and *timeout_s (0 when unknown), or an
 * exit code after one sentence. */
static int fetch_timeout(struct sl_client *c, const struct invoke_opts *o, int *timeout_s)
{
    struct sl_lambda_function *f = NULL;
    struct sl_call call;
    struct sl_error err;
    char name[512];
    enum sl_err rc;
    int finished = 0, cancelled = 0, ex = 0;

    *timeout_s = 0;
    sl_error_clear(&err);
    rc = sl_lambda_build_get_function(&call, o->function, o->qualifier, &err);
    if (rc) {
        ex = sl_cli_fail(rc == SL_EINVAL ? SL_EUSAGE : rc, &err);
        goto out;
    }
    call.done = call_done;
    call.ud = &finished;
    rc = sl_client_send(c, &call);
    if (rc) {
        ex = fail_sanitized(rc, &call.err);
        goto out;
    }
    while (!finished) {
        if (invoke_interrupted && !cancelled) {
            sl_client_cancel(c, &call);
            cancelled = 1;
        }
        sl_client_run(c, 250, -1);
    }
    if (invoke_interrupted) {
        fprintf(stderr, "slctl: %s\n", _("Interrupted; nothing was invoked."));
        ex = SL_EXIT_INTERRUPTED;
        goto out;
    }
    if (o->qualifier && *o->qualifier)
        snprintf(name, sizeof(name), "%s:%s", o->function, o->qualifier);
    else
        snprintf(name, sizeof(name), "%s", o->function);
    rc = sl_lambda_call_error(&call, SL_LAMBDA_RES_FUNCTION, name, sl_client_region(c), &err);
    if (!rc) {
        rc = sl_lambda_parse_function(call.resp.body.data, call.resp.body.len, 0, &f, &err);
        if (!rc && f && f->timeout_s > 0)
            *timeout_s = f->timeout_s;
        /* Without the Timeout the default (900 s) read timeout covers any function. */
        rc = SL_OK;
    } else if (rc == SL_EAWS && err.http_status == 403) {
        /* Allowed to invoke but not to read the configuration: go on with the default. */
        rc = SL_OK;
    }
    if (rc)
        ex = fail_sanitized(rc, &err);
out:
    sl_lambda_function_free(&f);
    sl_call_cleanup(&call);
    return ex;
}

struct invoke_wait {
    int finished;
    enum sl_err rc;
    struct sl_error err;
    struct sl_lambda_invoke_result res;
};

static void invoke_done(struct sl_lambda_invoke *inv, enum sl_err rc,
                        struct sl_lambda_invoke_result *res, const struct sl_error *err, void *ud)
{
    struct invoke_wait *w = ud;

    (void)inv;
    w->finished = 1;
    w->rc = rc;
    if (err)
        w->err = *err;
    if (res) {
        w->res = *res; /* moved out: the invocation frees nothing of it */
        memset(res, 0, sizeof(*res));
    }
}

/* ---- showing the answer ---------------------------------------------------------------- */

static void write_payload(const char *p, size_t len)
{
    struct sl_buf b;

    if (!len)
        return;
    if (isatty(STDOUT_FILENO)) {
        sl_buf_init(&b, 0);
        if (sl_text_sanitize(&b, p, len, 1) == SL_OK) {
            p = sl_buf_str(&b);
            len = b.len;
        }
        fwrite(p, 1, len, stdout);
        if (!len || p[len - 1] != '\n')
            fputc('\n', stdout);
        sl_buf_free(&b);
    } else {
        fwrite(p, 1, len, stdout);
        if (p[len - 1] != '\n')
            fputc('\n', stdout);
    }
    fflush(stdout);
}

static void write_tail(const struct sl_lambda_invoke_result *r)
{
    const struct sl_lambda_report *rep = &r->report;
    struct sl_buf b;

    if (r->log_tail && r->log_tail_len) {
        sl_buf_init(&b, 0);
        if (sl_text_sanitize(&b, r->log_tail, r->log_tail_len, 1) == SL_OK && b.len) {
            fputs(sl_buf_str(&b), stderr);
            if (sl_buf_str(&b)[b.len - 1] != '\n')
                fputc('\n', stderr);
        }
        sl_buf_free(&b);
    }
    if (!r->has_report)
        return;
    if (rep->has_init_duration)
        fprintf(stderr,
                _("Duration %.1f ms, billed %lld ms, memory %d of %d MB, init %.1f ms "
                  "(cold start)"),
                rep->duration_ms, rep->billed_duration_ms, rep->max_memory_used_mb,
                rep->memory_size_mb, rep->init_duration_ms);
    else
        fprintf(stderr, _("Duration %.1f ms, billed %lld ms, memory %d of %d MB"), rep->duration_ms,
                rep->billed_duration_ms, rep->max_memory_used_mb, rep->memory_size_mb);
    if (rep->status[0]) {
        char *st = sl_text_sanitized(rep->status);
        fprintf(stderr, _(", status %s"), st ? st : "");
        free(st);
    }
    fputc('\n', stderr);
}

/* A failure after Invoke may have reached AWS: say that it was not repeated. */
static int invoke_failed(enum sl_err rc, struct sl_error *err)
{
    char msg[sizeof(err->message)];

    if (rc == SL_ENET || rc == SL_ETIMEOUT || (rc == SL_EAWS && err->http_status >= 500)) {
        snprintf(msg, sizeof(msg), "%s", err->message[0] ? err->message : sl_strerror(rc));
        snprintf(err->message, sizeof(err->message),
                 _("The invocation was not retried (the function may have run): %s"), msg);
    }
    return fail_sanitized(rc, err);
}

int sl_cmd_invoke(const struct sl_globals *g, int argc, char **argv)
{
    struct invoke_opts o;
    struct sl_client *c = NULL;
    struct sl_lambda_invoke *inv = NULL;
    struct sl_lambda_invoke_params p;
    struct invoke_wait w;
    struct sigaction sa, old_sa;
    char *payload = NULL;
    size_t payload_len = 0;
    int ex, timeout_s = 0, cancelled = 0, have_sa = 0;
    enum sl_err rc;

    memset(&w, 0, sizeof(w));
    ex = parse_args(argc, argv, &o);
    if (ex)
        return ex;
    /* A permission check runs nothing, so read-only profiles may still ask for one. */
    if (o.type != SL_LAMBDA_INVOKE_DRY_RUN) {
        ex = sl_settings_readonly(g, _("invoke"));
        if (ex)
            return ex;
    }
    ex = read_payload(&o, &payload, &payload_len);
    if (ex)
        goto out;
    rc = sl_lambda_check_payload(o.type, payload_len, &w.err);
    if (rc) {
        ex = sl_cli_fail(SL_EUSAGE, &w.err);
        goto out;
    }
    ex = sl_cli_client(g, &c);
    if (ex)
        goto out;

    invoke_interrupted = 0;
    invoke_client = c;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    have_sa = sigaction(SIGINT, &sa, &old_sa) == 0;

    ex = fetch_timeout(c, &o, &timeout_s);
    if (ex)
        goto out;

    memset(&p, 0, sizeof(p));
    p.function = o.function;
    p.qualifier = o.qualifier;
    p.type = o.type;
    p.tail_log = !o.no_tail;
    p.payload = payload;
    p.payload_len = payload_len;
    p.function_timeout_s = timeout_s;
    sl_error_clear(&w.err);
    rc = sl_lambda_invoke_start(c, &p, invoke_done, &w, &inv, &w.err);
    if (rc) {
        ex = fail_sanitized(rc == SL_EINVAL ? SL_EUSAGE : rc, &w.err);
        goto out;
    }
    while (!w.finished) {
        if (invoke_interrupted && !cancelled) {
            sl_lambda_invoke_cancel(inv);
            cancelled = 1;
        }
        sl_client_run(c, 250, -1);
    }
    if (cancelled || w.rc == SL_ECANCELLED) {
        fprintf(stderr, "slctl: %s\n",
                _("Interrupted: the invocation may still be running in AWS (it was not "
                  "retried)."));
        ex = SL_EXIT_INTERRUPTED;
        goto out;
    }
    if (w.rc && w.rc != SL_EFUNCTION) {
        ex = invoke_failed(w.rc, &w.err);
        goto out;
    }
    switch (o.type) {
    case SL_LAMBDA_INVOKE_EVENT:
        fprintf(stderr, _("Accepted (%ld): the event was queued for the function.\n"),
                w.res.status);
        break;
    case SL_LAMBDA_INVOKE_DRY_RUN:
        fprintf(stderr, _("Permission check passed (%ld); the function was not run.\n"),
                w.res.status);
        break;
    case SL_LAMBDA_INVOKE_SYNC:
    default:
        write_payload(w.res.payload, w.res.payload_len);
        if (!o.no_tail)
            write_tail(&w.res);
        break;
    }
    ex = w.rc == SL_EFUNCTION ? fail_sanitized(w.rc, &w.err) : SL_EXIT_OK;
out:
    if (have_sa)
        sigaction(SIGINT, &old_sa, NULL);
    invoke_client = NULL;
    sl_lambda_invoke_free(&inv);
    sl_lambda_invoke_result_clear(&w.res);
    sl_client_free(&c);
    free(payload);
    return ex;
}
