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

struct resolver {
    struct sl_client *c;
    struct sl_log_sources *out;
    sl_log_notice_fn notice;
    void *ud;
    char **missing; /* sentences about functions without a log group */
    size_t nmissing;
};

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

/* Whether the log group exists (DescribeLogGroups by prefix: the exact name sorts first). */
static enum sl_err group_exists(struct sl_client *c, const char *group, int *exists,
                                struct sl_error *err)
{
    struct sl_log_group *v = NULL;
    size_t n = 0, i;
    enum sl_err rc;

    *exists = 0;
    rc = sl_logs_describe_groups(c, group, 1, &v, &n, NULL, err);
    if (rc == SL_EAWS && !strcmp(err->code, "InvalidParameterException")) {
        sl_error_clear(err); /* not something a group can be called */
        return SL_OK;
    }
    if (rc)
        return rc;
    for (i = 0; i < n; i++)
        if (v[i].name && !strcmp(v[i].name, group))
            *exists = 1;
    sl_logs_groups_free(&v, n);
    return SL_OK;
}

/* Adds the group of a function unless it is there already; a function that has not logged
 * anything yet is noted and left out. */
static enum sl_err add_function_group(struct resolver *r, const char *group, const char *label,
                                      const char *function, const char *stack, struct sl_error *err)
{
    enum sl_err rc;
    char **v, *s;
    int exists;

    if (has_group(r->out, group))
        return SL_OK;
    rc = group_exists(r->c, group, &exists, err);
    if (rc)
        return rc;
    if (exists)
        return add_source(r->out, group, label, stack)
                   ? sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM))
                   : SL_OK;
    s = sentence(_("The function %s has not written any logs yet (there is no log group %s)."),
                 function, group);
    v = realloc(r->missing, (r->nmissing + 1) * sizeof(*v));
    if (!s || !v) {
        free(s);
        if (v)
            r->missing = v;
        return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    }
    r->missing = v;
    r->missing[r->nmissing++] = s;
    return SL_OK;
}

/* A function target: *found 0 when there is no such function (err then says so). */
static enum sl_err resolve_function(struct resolver *r, const char *name, int *found,
                                    struct sl_error *err)
{
    struct sl_lambda_function *f = NULL;
    enum sl_err rc;

    *found = 0;
    rc = sl_lambda_get_function(r->c, name, NULL, 0, &f, err);
    if (rc == SL_ENOTFOUND)
        return SL_OK;
    if (rc)
        return rc;
    *found = 1;
    rc = add_function_group(r, f->log_group, f->name ? f->name : name, f->name ? f->name : name,
                            NULL, err);
    sl_lambda_function_free(&f);
    return rc;
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

static enum sl_err resolve_stack(struct resolver *r, const char *stack, int *found,
                                 struct sl_error *err)
{
    struct sl_cfn_resource *res = NULL;
    size_t n = 0, i, nfunctions = 0;
    char *name = NULL;
    enum sl_err rc;

    *found = 0;
    rc = sl_cfn_list_resources(r->c, stack, &res, &n, err);
    if (rc == SL_ENOTFOUND)
        return SL_OK;
    if (rc)
        return rc;
    *found = 1;
    name = stack_display_name(stack);
    if (!name) {
        rc = sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
        goto out;
    }
    for (i = 0; !rc && i < n; i++) {
        struct sl_lambda_function *f = NULL;
        struct sl_error ferr;
        char fallback[512];
        const char *group;

        if (!res[i].type || strcmp(res[i].type, "AWS::Lambda::Function") || !res[i].physical_id ||
            !res[i].physical_id[0] || !res[i].logical_id ||
            (res[i].status && !strcmp(res[i].status, "DELETE_COMPLETE")))
            continue;
        nfunctions++;
        sl_error_clear(&ferr);
        if (sl_lambda_get_function(r->c, res[i].physical_id, NULL, 0, &f, &ferr) == SL_OK &&
            f->log_group) {
            group = f->log_group;
        } else {
            snprintf(fallback, sizeof(fallback), "%s%s", LAMBDA_GROUP_PREFIX, res[i].physical_id);
            group = fallback;
        }
        rc = add_function_group(r, group, res[i].logical_id, res[i].physical_id, name, err);
        sl_lambda_function_free(&f);
    }
    if (!rc && !nfunctions)
        rc = fail_sentence(err, SL_ENOTFOUND,
                           sentence(_("The stack \"%s\" has no Lambda functions."), name));
out:
    free(name);
    sl_cfn_resources_free(&res, n);
    return rc;
}

static enum sl_err resolve_group(struct resolver *r, const char *group, int *found,
                                 struct sl_error *err)
{
    enum sl_err rc;

    rc = group_exists(r->c, group, found, err);
    if (rc || !*found || has_group(r->out, group))
        return rc;
    if (add_source(r->out, group, sl_log_group_label(group), NULL))
        return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    return SL_OK;
}

static enum sl_err resolve_one(struct resolver *r, const char *target, struct sl_error *err)
{
    const char *region = sl_client_region(r->c);
    struct sl_error first;
    enum sl_err rc, first_rc = SL_OK;
    char *group = NULL;
    int found = 0;

    sl_error_clear(&first);
    switch (sl_log_target_kind(target, &group)) {
    case SL_LOG_TARGET_GROUP:
        rc = resolve_group(r, group ? group : target, &found, err);
        if (!rc && !found)
            rc = fail_sentence(err, SL_ENOTFOUND,
                               sentence(_("The log group \"%s\" does not exist in %s."),
                                        group ? group : target, region ? region : "?"));
        free(group);
        return rc;
    case SL_LOG_TARGET_FUNCTION_ARN:
        rc = resolve_function(r, target, &found, err);
        if (!rc && !found)
            rc = SL_ENOTFOUND; /* err has Lambda's sentence */
        return rc;
    case SL_LOG_TARGET_STACK_ARN:
        rc = resolve_stack(r, target, &found, err);
        if (!rc && !found)
            rc = SL_ENOTFOUND;
        return rc;
    case SL_LOG_TARGET_NAME:
    default:
        break;
    }
    /* A plain name: a function, else a log group, else a stack. A failure to ask (access
     * denied, ...) is kept and reported only when nothing else matches. */
    rc = resolve_function(r, target, &found, err);
    if (!rc && found)
        return SL_OK;
    if (rc) {
        first_rc = rc;
        first = *err;
    }
    rc = resolve_group(r, target, &found, err);
    if (!rc && found)
        return SL_OK;
    if (rc && !first_rc) {
        first_rc = rc;
        first = *err;
    }
    rc = resolve_stack(r, target, &found, err);
    if (rc || found)
        return rc;
    if (first_rc) {
        *err = first;
        return first_rc;
    }
    return fail_sentence(
        err, SL_ENOTFOUND,
        sentence(_("There is no Lambda function, log group or stack called \"%s\" in %s."), target,
                 region ? region : "?"));
}

enum sl_err sl_log_targets_resolve(struct sl_client *c, char *const *targets, size_t ntargets,
                                   sl_log_notice_fn notice, void *ud, struct sl_log_sources *out,
                                   struct sl_error *err)
{
    struct resolver r;
    enum sl_err rc = SL_OK;
    size_t i, j, nstacks = 0;

    memset(out, 0, sizeof(*out));
    memset(&r, 0, sizeof(r));
    r.c = c;
    r.out = out;
    r.notice = notice;
    r.ud = ud;
    for (i = 0; !rc && i < ntargets; i++)
        rc = resolve_one(&r, targets[i], err);
    if (!rc && !out->n && r.nmissing) {
        rc = fail_sentence(err, SL_ENOTFOUND, strdup(r.missing[0]));
    } else if (!rc) {
        for (i = 0; notice && i < r.nmissing; i++)
            notice(ud, r.missing[i]);
    }
    /* Logical ids repeat across stacks: name the stack when there are several. */
    for (i = 0; !rc && i < out->n; i++) {
        if (!out->v[i].stack)
            continue;
        for (j = 0; j < i; j++)
            if (out->v[j].stack && !strcmp(out->v[j].stack, out->v[i].stack))
                break;
        if (j == i)
            nstacks++;
    }
    for (i = 0; !rc && nstacks > 1 && i < out->n; i++) {
        size_t len;
        char *label;

        if (!out->v[i].stack)
            continue;
        len = strlen(out->v[i].stack) + strlen(out->v[i].label) + 2;
        label = malloc(len);
        if (!label) {
            rc = sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
            break;
        }
        snprintf(label, len, "%s/%s", out->v[i].stack, out->v[i].label);
        free(out->v[i].label);
        out->v[i].label = label;
    }
    for (i = 0; i < r.nmissing; i++)
        free(r.missing[i]);
    free(r.missing);
    return rc;
}
