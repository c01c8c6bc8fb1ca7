#include "log_targets.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cloudformation.h"
#include "i18n.h"
#include "lambda.h"
#include "logs.h"
#include "text.h"

#define LAMBDA_GROUP_PREFIX "/aws/lambda/"

enum sl_log_target_kind sl_log_target_kind(const char *target, char **group)
{
    const char *p;

    if (group)
        *group = NULL;
    if (!target)
        return SL_LOG_TARGET_NAME;
    if (target[0] == '/')
        return SL_LOG_TARGET_GROUP;
    if (strncmp(target, "arn:", 4) != 0)
        return SL_LOG_TARGET_NAME;
    if (strstr(target, ":lambda:") && strstr(target, ":function:"))
        return SL_LOG_TARGET_FUNCTION_ARN;
    if (strstr(target, ":cloudformation:") && strstr(target, ":stack/"))
        return SL_LOG_TARGET_STACK_ARN;
    p = strstr(target, ":log-group:");
    if (strstr(target, ":logs:") && p) {
        size_t len;

        p += strlen(":log-group:");
        len = strlen(p);
        if (len >= 2 && !strcmp(p + len - 2, ":*"))
            len -= 2;
        if (group && !(*group = strndup(p, len)))
            return SL_LOG_TARGET_NAME;
        return SL_LOG_TARGET_GROUP;
    }
    return SL_LOG_TARGET_NAME;
}

const char *sl_log_group_label(const char *group)
{
    size_t n = strlen(LAMBDA_GROUP_PREFIX);

    if (group && !strncmp(group, LAMBDA_GROUP_PREFIX, n) && group[n])
        return group + n;
    return group;
}

void sl_log_sources_free(struct sl_log_sources *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->n; i++) {
        free(s->v[i].group);
        free(s->v[i].label);
        free(s->v[i].stack);
    }
    free(s->v);
    memset(s, 0, sizeof(*s));
}

/* A sentence with the names in it made safe for the terminal. */
static char *sentence(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sentence(const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    return sl_text_sanitized(tmp);
}

static enum sl_err fail_sentence(struct sl_error *err, enum sl_err rc, char *s)
{
    sl_error_clear(err);
    if (!s)
        return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    sl_error_set(err, rc, "%s", s);
    free(s);
    return rc;
}

static int has_group(const struct sl_log_sources *s, const char *group)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].group, group))
            return 1;
    return 0;
}

static enum sl_err add_source(struct sl_log_sources *s, const char *group, const char *label,
                              const char *stack)
{
    struct sl_log_source *src;

    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 8;
        struct sl_log_source *v = realloc(s->v, ncap * sizeof(*v));

        if (!v)
            return SL_ENOMEM;
        s->v = v;
        s->cap = ncap;
    }
    src = &s->v[s->n];
    memset(src, 0, sizeof(*src));
    src->group = strdup(group);
    src->label = strdup(label);
    src->stack = stack ? strdup(stack) : NULL;
    if (!src->group || !src->label || (stack && !src->stack)) {
        free(src->group);
        free(src->label);
        free(src->stack);
        return SL_ENOMEM;
    }
    s->n++;
    return SL_OK;
}

/* The stack's name inside a stack ARN (".../stack/NAME/ID"), or the name itself. */
static char *stack_display_name(const char *stack)
{
    const char *p = strstr(stack, ":stack/");
    const char *end;

    if (strncmp(stack, "arn:", 4) != 0 || !p)
        return strdup(stack);
    p += strlen(":stack/");
    end = strchr(p, '/');
    return end ? strndup(p, (size_t)(end - p)) : strdup(p);
}

/* ---- resolving, one request at a time ----------------------------------------------------- */

/* What the answer in flight is for. */
enum step {
    ST_FN_GOT,           /* GetFunction of a target */
    ST_FN_GROUP_CHECKED, /* whether a function's log group exists */
    ST_GROUP_CHECKED,    /* whether the target is a log group */
    ST_STACK_LISTED,     /* ListStackResources of the target */
    ST_STACK_FN_GOT,     /* GetFunction of one function of the stack */
};

struct sl_log_targets_op {
    struct sl_client *c;
    char **targets;
    size_t ntargets, ti;
    sl_log_notice_fn notice;
    sl_log_targets_done_fn done;
    void *ud;
    struct sl_log_sources out;
    char **missing; /* sentences about functions without a log group */
    size_t nmissing;
    /* the target in progress */
    enum sl_log_target_kind kind;
    char *arn_group;      /* the group inside a logs ARN */
    enum sl_err first_rc; /* a plain name: the first failure to ask, kept until nothing matches */
    struct sl_error first;
    /* the function whose group is being checked */
    char *fn_group, *fn_label, *fn_name;
    int in_stack;
    /* the stack being read */
    char *stack_name;
    struct sl_cfn_resource *res;
    size_t nres, capres, ri, nfunctions;
    int res_oom;
    /* the request in flight and its answer */
    enum step step;
    struct sl_call call;
    int call_live; /* sent and not reported yet */
    int orphaned;  /* freed by its owner while the call was out: freed when it reports */
    struct sl_lambda_function *fn;
    struct sl_logs_op *lop;
    char *check_group; /* the group whose existence is asked */
    int exists;
    struct sl_cfn_op *cop;
    /* start: failures are returned instead of reported */
    int starting;
    enum sl_err start_rc;
    struct sl_error start_err;
    int finished;
};

static void op_release(struct sl_log_targets_op *op)
{
    size_t i;

    for (i = 0; i < op->ntargets; i++)
        free(op->targets[i]);
    free(op->targets);
    sl_log_sources_free(&op->out);
    for (i = 0; i < op->nmissing; i++)
        free(op->missing[i]);
    free(op->missing);
    free(op->arn_group);
    free(op->fn_group);
    free(op->fn_label);
    free(op->fn_name);
    free(op->stack_name);
    sl_cfn_resources_free(&op->res, op->nres);
    sl_lambda_function_free(&op->fn);
    free(op->check_group);
    sl_logs_op_free(&op->lop);
    sl_cfn_op_free(&op->cop);
    sl_call_cleanup(&op->call);
    free(op);
}

/* The end: what is left out is said (or is the failure when nothing is left), labels name
 * their stack when several stacks are read, then done. */
static void finish(struct sl_log_targets_op *op, enum sl_err rc, const struct sl_error *why)
{
    struct sl_log_sources res;
    struct sl_error err;
    size_t i, j, nstacks = 0;

    sl_error_clear(&err);
    if (rc && why)
        err = *why;
    else if (rc)
        sl_error_set(&err, rc, "%s", sl_strerror(rc));
    if (op->starting) {
        op->start_rc = rc ? rc : SL_EINVAL;
        op->start_err = err;
        return;
    }
    if (!rc && !op->out.n && op->nmissing) {
        rc = fail_sentence(&err, SL_ENOTFOUND, strdup(op->missing[0]));
    } else if (!rc) {
        for (i = 0; op->notice && i < op->nmissing; i++)
            op->notice(op->ud, op->missing[i]);
    }
    /* Logical ids repeat across stacks: name the stack when there are several. */
    for (i = 0; !rc && i < op->out.n; i++) {
        if (!op->out.v[i].stack)
            continue;
        for (j = 0; j < i; j++)
            if (op->out.v[j].stack && !strcmp(op->out.v[j].stack, op->out.v[i].stack))
                break;
        if (j == i)
            nstacks++;
    }
    for (i = 0; !rc && nstacks > 1 && i < op->out.n; i++) {
        size_t len;
        char *label;

        if (!op->out.v[i].stack)
            continue;
        len = strlen(op->out.v[i].stack) + strlen(op->out.v[i].label) + 2;
        label = malloc(len);
        if (!label) {
            rc = sl_error_set(&err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
            break;
        }
        snprintf(label, len, "%s/%s", op->out.v[i].stack, op->out.v[i].label);
        free(op->out.v[i].label);
        op->out.v[i].label = label;
    }
    op->finished = 1;
    res = op->out;
    memset(&op->out, 0, sizeof(op->out));
    op->done(op->ud, rc, rc ? &err : NULL, &res); /* may free op: nothing after this */
}

static void fail_with(struct sl_log_targets_op *op, enum sl_err rc, char *sentence_text)
{
    struct sl_error err;

    rc = fail_sentence(&err, rc, sentence_text);
    finish(op, rc, &err);
}

static void next_target(struct sl_log_targets_op *op);
static void stack_next(struct sl_log_targets_op *op);

static void target_done(struct sl_log_targets_op *op)
{
    op->ti++;
    next_target(op);
}

/* ---- the three requests ---- */

static void resume(struct sl_log_targets_op *op, enum sl_err rc, const struct sl_error *err);

static void get_done(struct sl_call *call, void *ud)
{
    struct sl_log_targets_op *op = ud;
    struct sl_error err;
    enum sl_err rc;

    op->call_live = 0;
    if (op->orphaned) {
        op_release(op);
        return;
    }
    sl_error_clear(&err);
    rc = call->rc;
    if (rc)
        rc = sl_lambda_call_error(call, SL_LAMBDA_RES_FUNCTION, op->fn_name,
                                  sl_client_region(op->c), &err);
    else
        rc = sl_lambda_parse_function(call->resp.body.data, call->resp.body.len, 0, &op->fn, &err);
    sl_call_cleanup(call);
    resume(op, rc, &err);
}

/* GetFunction name; its answer goes to step. */
static void send_get(struct sl_log_targets_op *op, const char *name, enum step step)
{
    struct sl_error err;
    enum sl_err rc;
    char *copy = strdup(name);

    sl_error_clear(&err);
    if (!copy) {
        finish(op, SL_ENOMEM, NULL);
        return;
    }
    free(op->fn_name);
    op->fn_name = copy; /* for Lambda's "not found" sentence */
    op->step = step;
    rc = sl_lambda_build_get_function(&op->call, name, NULL, &err);
    if (!rc) {
        op->call.done = get_done;
        op->call.ud = op;
        rc = sl_client_send(op->c, &op->call);
    }
    if (rc) {
        sl_call_cleanup(&op->call);
        finish(op, rc, &err);
        return;
    }
    op->call_live = 1;
}

static void check_page(void *ud, struct sl_log_group *v, size_t n)
{
    struct sl_log_targets_op *op = ud;
    size_t i;

    for (i = 0; i < n; i++)
        if (v[i].name && !strcmp(v[i].name, op->check_group))
            op->exists = 1;
    sl_logs_groups_free(&v, n);
}

static void check_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct sl_log_targets_op *op = ud;
    struct sl_error e;

    sl_error_clear(&e);
    if (rc && err)
        e = *err;
    sl_logs_op_free(&op->lop);
    if (rc == SL_EAWS && !strcmp(e.code, "InvalidParameterException")) {
        rc = SL_OK; /* not something a group can be called */
        sl_error_clear(&e);
    }
    resume(op, rc, &e);
}

/* Whether the log group exists (DescribeLogGroups by prefix: the exact name sorts first); the
 * answer (op->exists) goes to step. */
static void send_check(struct sl_log_targets_op *op, const char *group, enum step step)
{
    struct sl_error err;
    enum sl_err rc;
    char *copy = strdup(group);

    sl_error_clear(&err);
    if (!copy) {
        finish(op, SL_ENOMEM, NULL);
        return;
    }
    free(op->check_group);
    op->check_group = copy;
    op->exists = 0;
    op->step = step;
    rc = sl_logs_describe_groups_start(op->c, group, 0, 1, check_page, check_done, op, &op->lop,
                                       &err);
    if (rc)
        finish(op, rc, &err);
}

static void list_page(void *ud, struct sl_cfn_resource *items, size_t n)
{
    struct sl_log_targets_op *op = ud;
    size_t i;

    if (op->nres + n > op->capres && !op->res_oom) {
        size_t ncap = op->capres ? op->capres * 2 : 32;
        struct sl_cfn_resource *v;

        while (ncap < op->nres + n)
            ncap *= 2;
        v = realloc(op->res, ncap * sizeof(*v));
        if (v) {
            op->res = v;
            op->capres = ncap;
        } else {
            op->res_oom = 1;
        }
    }
    if (op->res_oom) {
        sl_cfn_resources_free(&items, n);
        return;
    }
    for (i = 0; i < n; i++)
        op->res[op->nres++] = items[i];
    free(items); /* the strings moved */
}

static void list_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct sl_log_targets_op *op = ud;
    struct sl_error e;

    sl_error_clear(&e);
    if (rc && err)
        e = *err;
    else if (rc)
        sl_error_set(&e, rc, "%s", sl_strerror(rc));
    sl_cfn_op_free(&op->cop);
    if (!rc && op->res_oom)
        rc = sl_error_set(&e, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    resume(op, rc, &e);
}

static void send_list(struct sl_log_targets_op *op, const char *stack)
{
    enum sl_err rc;

    sl_cfn_resources_free(&op->res, op->nres);
    op->nres = op->capres = op->ri = op->nfunctions = 0;
    op->res_oom = 0;
    op->step = ST_STACK_LISTED;
    rc = sl_cfn_list_resources_start(op->c, stack, list_page, list_done, op, &op->cop);
    if (rc)
        finish(op, rc, NULL);
}

/* ---- the steps ---- */

/* Adds the group of a function unless it is there already; a function that has not logged
 * anything yet is noted and left out. */
static void function_group(struct sl_log_targets_op *op, const char *group, const char *label,
                           const char *function, int in_stack)
{
    if (has_group(&op->out, group)) {
        if (in_stack)
            stack_next(op);
        else
            target_done(op);
        return;
    }
    free(op->fn_group);
    free(op->fn_label);
    op->fn_group = strdup(group);
    op->fn_label = strdup(label);
    if (op->fn_name != function) {
        free(op->fn_name);
        op->fn_name = strdup(function);
    }
    op->in_stack = in_stack;
    if (!op->fn_group || !op->fn_label || !op->fn_name) {
        finish(op, SL_ENOMEM, NULL);
        return;
    }
    send_check(op, group, ST_FN_GROUP_CHECKED);
}

static void function_group_checked(struct sl_log_targets_op *op)
{
    char **v, *s;

    if (op->exists) {
        if (add_source(&op->out, op->fn_group, op->fn_label,
                       op->in_stack ? op->stack_name : NULL)) {
            finish(op, SL_ENOMEM, NULL);
            return;
        }
    } else {
        s = sentence(_("The function %s has not written any logs yet (there is no log group %s)."),
                     op->fn_name, op->fn_group);
        v = realloc(op->missing, (op->nmissing + 1) * sizeof(*v));
        if (v)
            op->missing = v;
        if (!s || !v) {
            free(s);
            finish(op, SL_ENOMEM, NULL);
            return;
        }
        op->missing[op->nmissing++] = s;
    }
    if (op->in_stack)
        stack_next(op);
    else
        target_done(op);
}

/* The next Lambda function of the stack, or the end of the stack. */
static void stack_next(struct sl_log_targets_op *op)
{
    while (op->ri < op->nres) {
        const struct sl_cfn_resource *r = &op->res[op->ri++];

        if (!r->type || strcmp(r->type, "AWS::Lambda::Function") || !r->physical_id ||
            !r->physical_id[0] || !r->logical_id ||
            (r->status && !strcmp(r->status, "DELETE_COMPLETE")))
            continue;
        op->nfunctions++;
        send_get(op, r->physical_id, ST_STACK_FN_GOT);
        return;
    }
    if (!op->nfunctions) {
        fail_with(op, SL_ENOTFOUND,
                  sentence(_("The stack \"%s\" has no Lambda functions."), op->stack_name));
        return;
    }
    target_done(op);
}

/* A plain name that is no function: perhaps a group, else a stack. A failure to ask is kept
 * and reported only when nothing else matches. */
static void keep_first(struct sl_log_targets_op *op, enum sl_err rc, const struct sl_error *err)
{
    if (rc && !op->first_rc) {
        op->first_rc = rc;
        op->first = *err;
    }
}

static void resume(struct sl_log_targets_op *op, enum sl_err rc, const struct sl_error *err)
{
    const char *target = op->targets[op->ti];
    const char *region = sl_client_region(op->c);
    struct sl_lambda_function *f = op->fn;
    char fallback[512];

    op->fn = NULL;
    switch (op->step) {
    case ST_FN_GOT:
        if (!rc) {
            const char *name = f->name ? f->name : target;

            snprintf(fallback, sizeof(fallback), "%s%s", LAMBDA_GROUP_PREFIX, name);
            function_group(op, f->log_group ? f->log_group : fallback, name, name, 0);
        } else if (op->kind == SL_LOG_TARGET_FUNCTION_ARN) {
            finish(op, rc, err); /* Lambda's sentence */
        } else {
            if (rc != SL_ENOTFOUND)
                keep_first(op, rc, err);
            send_check(op, target, ST_GROUP_CHECKED);
        }
        break;
    case ST_FN_GROUP_CHECKED:
        if (!rc) {
            function_group_checked(op);
        } else if (!op->in_stack && op->kind == SL_LOG_TARGET_NAME) {
            keep_first(op, rc, err);
            send_check(op, target, ST_GROUP_CHECKED);
        } else {
            finish(op, rc, err);
        }
        break;
    case ST_GROUP_CHECKED:
        if (op->kind == SL_LOG_TARGET_GROUP) {
            const char *group = op->arn_group ? op->arn_group : target;

            if (rc)
                finish(op, rc, err);
            else if (!op->exists)
                fail_with(op, SL_ENOTFOUND,
                          sentence(_("The log group \"%s\" does not exist in %s."), group,
                                   region ? region : "?"));
            else if (!has_group(&op->out, group) &&
                     add_source(&op->out, group, sl_log_group_label(group), NULL))
                finish(op, SL_ENOMEM, NULL);
            else
                target_done(op);
        } else if (!rc && op->exists) {
            if (!has_group(&op->out, target) &&
                add_source(&op->out, target, sl_log_group_label(target), NULL))
                finish(op, SL_ENOMEM, NULL);
            else
                target_done(op);
        } else {
            keep_first(op, rc, err);
            send_list(op, target);
        }
        break;
    case ST_STACK_LISTED:
        if (rc == SL_ENOTFOUND && op->kind == SL_LOG_TARGET_NAME) {
            if (op->first_rc)
                finish(op, op->first_rc, &op->first);
            else
                fail_with(op, SL_ENOTFOUND,
                          sentence(_("There is no Lambda function, log group or stack called "
                                     "\"%s\" in %s."),
                                   target, region ? region : "?"));
        } else if (rc) {
            finish(op, rc, err);
        } else {
            free(op->stack_name);
            op->stack_name = stack_display_name(target);
            if (!op->stack_name)
                finish(op, SL_ENOMEM, NULL);
            else
                stack_next(op);
        }
        break;
    case ST_STACK_FN_GOT: {
        const struct sl_cfn_resource *r = &op->res[op->ri - 1];

        /* a function that cannot be read still has the group Lambda names after it */
        snprintf(fallback, sizeof(fallback), "%s%s", LAMBDA_GROUP_PREFIX, r->physical_id);
        function_group(op, !rc && f && f->log_group ? f->log_group : fallback, r->logical_id,
                       r->physical_id, 1);
        break;
    }
    }
    sl_lambda_function_free(&f);
}

static void next_target(struct sl_log_targets_op *op)
{
    const char *target;

    free(op->arn_group);
    op->arn_group = NULL;
    op->first_rc = SL_OK;
    sl_error_clear(&op->first);
    if (op->ti >= op->ntargets) {
        finish(op, SL_OK, NULL);
        return;
    }
    target = op->targets[op->ti];
    op->kind = sl_log_target_kind(target, &op->arn_group);
    switch (op->kind) {
    case SL_LOG_TARGET_GROUP:
        send_check(op, op->arn_group ? op->arn_group : target, ST_GROUP_CHECKED);
        break;
    case SL_LOG_TARGET_STACK_ARN:
        send_list(op, target);
        break;
    case SL_LOG_TARGET_FUNCTION_ARN:
    case SL_LOG_TARGET_NAME:
    default:
        send_get(op, target, ST_FN_GOT); /* a plain name: a function first */
        break;
    }
}

enum sl_err sl_log_targets_resolve_start(struct sl_client *c, const char *const *targets,
                                         size_t ntargets, sl_log_notice_fn notice,
                                         sl_log_targets_done_fn done, void *ud,
                                         struct sl_log_targets_op **opp, struct sl_error *err)
{
    struct sl_log_targets_op *op;
    size_t i;

    *opp = NULL;
    if (!ntargets)
        return sl_error_set(err, SL_EINVAL, "%s", _("No log group, function or stack was given."));
    op = calloc(1, sizeof(*op));
    if (!op || !(op->targets = calloc(ntargets, sizeof(*op->targets)))) {
        free(op);
        return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    }
    op->ntargets = ntargets;
    for (i = 0; i < ntargets; i++) {
        if (!(op->targets[i] = strdup(targets[i] ? targets[i] : ""))) {
            op_release(op);
            return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
        }
    }
    op->c = c;
    op->notice = notice;
    op->done = done;
    op->ud = ud;
    op->starting = 1;
    next_target(op);
    op->starting = 0;
    if (op->start_rc) {
        if (err)
            *err = op->start_err;
        i = (size_t)op->start_rc;
        sl_log_targets_op_free(&op);
        return (enum sl_err)i;
    }
    *opp = op;
    return SL_OK;
}

void sl_log_targets_op_free(struct sl_log_targets_op **opp)
{
    struct sl_log_targets_op *op = opp ? *opp : NULL;

    if (!op)
        return;
    *opp = NULL;
    if (op->call_live) {
        /* the call belongs to the client until it reports: free everything then */
        op->orphaned = 1;
        sl_client_cancel(op->c, &op->call);
        return;
    }
    op_release(op); /* the logs and CloudFormation operations cancel themselves silently */
}

/* ---- waiting for it (one-shots) ---- */

struct resolve_wait {
    int finished;
    enum sl_err rc;
    struct sl_error err;
    struct sl_log_sources out;
    sl_log_notice_fn notice; /* the caller's */
    void *ud;
};

static void wait_notice(void *ud, const char *sentence_text)
{
    struct resolve_wait *w = ud;

    w->notice(w->ud, sentence_text);
}

static void wait_done(void *ud, enum sl_err rc, const struct sl_error *err,
                      struct sl_log_sources *out)
{
    struct resolve_wait *w = ud;

    w->finished = 1;
    w->rc = rc;
    if (rc && err)
        w->err = *err;
    w->out = *out;
    memset(out, 0, sizeof(*out));
}

enum sl_err sl_log_targets_resolve(struct sl_client *c, char *const *targets, size_t ntargets,
                                   sl_log_notice_fn notice, void *ud, struct sl_log_sources *out,
                                   struct sl_error *err)
{
    struct sl_log_targets_op *op = NULL;
    struct resolve_wait w;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    memset(&w, 0, sizeof(w));
    w.notice = notice;
    w.ud = ud;
    rc = sl_log_targets_resolve_start(c, (const char *const *)targets, ntargets,
                                      notice ? wait_notice : NULL, wait_done, &w, &op, err);
    if (rc)
        return rc;
    while (!w.finished)
        sl_client_run(c, 1000, -1);
    sl_log_targets_op_free(&op);
    *out = w.out;
    if (w.rc && err)
        *err = w.err;
    return w.rc;
}
