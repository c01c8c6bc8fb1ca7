#include "cloudformation.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "i18n.h"
#include "page_collect.h"
#include "pager.h"
#include "service.h"
#include "timeutil.h"
#include "xml.h"

/* ListStacks answers with deleted stacks for 90 days unless filtered (aws-wire.md §13.10):
 * by default ask for every status but DELETE_COMPLETE. */
static const char *const cfn_live_statuses[] = {
    "CREATE_IN_PROGRESS",
    "CREATE_FAILED",
    "CREATE_COMPLETE",
    "ROLLBACK_IN_PROGRESS",
    "ROLLBACK_FAILED",
    "ROLLBACK_COMPLETE",
    "DELETE_IN_PROGRESS",
    "DELETE_FAILED",
    "UPDATE_IN_PROGRESS",
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_COMPLETE",
    "UPDATE_FAILED",
    "UPDATE_ROLLBACK_IN_PROGRESS",
    "UPDATE_ROLLBACK_FAILED",
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_ROLLBACK_COMPLETE",
    "REVIEW_IN_PROGRESS",
    "IMPORT_IN_PROGRESS",
    "IMPORT_COMPLETE",
    "IMPORT_ROLLBACK_IN_PROGRESS",
    "IMPORT_ROLLBACK_FAILED",
    "IMPORT_ROLLBACK_COMPLETE",
};

#define CFN_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- freeing -------------------------------------------------------------------------- */

static void cfn_stack_clear(struct sl_cfn_stack *s)
{
    size_t i;

    free(s->stack_id);
    free(s->name);
    free(s->status);
    free(s->status_reason);
    free(s->detailed_status);
    free(s->description);
    free(s->parent_id);
    free(s->root_id);
    free(s->role_arn);
    free(s->drift_status);
    for (i = 0; s->params && i < s->n_params; i++) {
        free(s->params[i].key);
        free(s->params[i].value);
        free(s->params[i].resolved_value);
    }
    free(s->params);
    for (i = 0; s->outputs && i < s->n_outputs; i++) {
        free(s->outputs[i].key);
        free(s->outputs[i].value);
        free(s->outputs[i].description);
        free(s->outputs[i].export_name);
    }
    free(s->outputs);
    for (i = 0; s->tags && i < s->n_tags; i++) {
        free(s->tags[i].key);
        free(s->tags[i].value);
    }
    free(s->tags);
    for (i = 0; s->capabilities && i < s->n_capabilities; i++)
        free(s->capabilities[i]);
    free(s->capabilities);
    memset(s, 0, sizeof(*s));
}

static void cfn_resource_clear(struct sl_cfn_resource *r)
{
    free(r->logical_id);
    free(r->physical_id);
    free(r->type);
    free(r->status);
    free(r->status_reason);
    free(r->drift_status);
    memset(r, 0, sizeof(*r));
}

static void cfn_event_clear(struct sl_cfn_event *e)
{
    free(e->event_id);
    free(e->stack_id);
    free(e->stack_name);
    free(e->logical_id);
    free(e->physical_id);
    free(e->type);
    free(e->status);
    free(e->status_reason);
    free(e->client_request_token);
    free(e->hook_type);
    free(e->hook_status);
    free(e->hook_status_reason);
    free(e->detailed_status);
    memset(e, 0, sizeof(*e));
}

void sl_cfn_stacks_free(struct sl_cfn_stack **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        cfn_stack_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

void sl_cfn_resources_free(struct sl_cfn_resource **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        cfn_resource_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

void sl_cfn_events_free(struct sl_cfn_event **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        cfn_event_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

/* ---- status helpers ------------------------------------------------------------------- */

static int cfn_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && !strcmp(s + n - k, suffix);
}

enum sl_cfn_status_class sl_cfn_status_class(const char *status)
{
    if (!status || !*status)
        return SL_CFN_OTHER;
    if (cfn_ends_with(status, "_FAILED"))
        return SL_CFN_FAILED;
    if (!strcmp(status, "DELETE_COMPLETE"))
        return SL_CFN_DELETED;
    if (strstr(status, "ROLLBACK_") &&
        (cfn_ends_with(status, "_IN_PROGRESS") || cfn_ends_with(status, "_COMPLETE")))
        return SL_CFN_ROLLBACK;
    if (cfn_ends_with(status, "_IN_PROGRESS"))
        return SL_CFN_IN_PROGRESS;
    if (cfn_ends_with(status, "_COMPLETE"))
        return SL_CFN_COMPLETE;
    return SL_CFN_OTHER;
}

int sl_cfn_status_is_in_progress(const char *status)
{
    return status && cfn_ends_with(status, "_IN_PROGRESS");
}

int sl_cfn_event_is_failure(const struct sl_cfn_event *e)
{
    if (!e)
        return 0;
    if (e->status && cfn_ends_with(e->status, "_FAILED"))
        return 1;
    /* Hook statuses: HOOK_COMPLETE_FAILED, HOOK_FAILED. */
    return e->hook_status && cfn_ends_with(e->hook_status, "FAILED");
}

enum sl_err sl_cfn_error_classify(enum sl_err rc, struct sl_error *err, const char *stack_name)
{
    static const char prefix[] = "Stack with id ";
    static const char suffix[] = " does not exist";
    char id[512];
    const char *msg, *p, *q;

    if ((rc != SL_EAWS && rc != SL_ENOTFOUND) || !err || strcmp(err->code, "ValidationError"))
        return rc;
    msg = err->message;
    q = strstr(msg, suffix);
    if (!q)
        return rc;
    p = strstr(msg, prefix);
    if (p && p + strlen(prefix) <= q) {
        size_t len = (size_t)(q - (p + strlen(prefix)));

        if (len >= sizeof(id))
            len = sizeof(id) - 1;
        memcpy(id, p + strlen(prefix), len);
        id[len] = '\0';
    } else {
        snprintf(id, sizeof(id), "%s", stack_name ? stack_name : "");
    }
    if (!id[0] && stack_name)
        snprintf(id, sizeof(id), "%s", stack_name);
    if (id[0])
        snprintf(err->message, sizeof(err->message), _("The stack %s does not exist."), id);
    else
        snprintf(err->message, sizeof(err->message), "%s", _("The stack does not exist."));
    return SL_ENOTFOUND;
}

/* ---- requests ------------------------------------------------------------------------- */

static enum sl_err cfn_param_token(struct sl_call *call, const char *token)
{
    return token && *token ? sl_call_query_param(call, "NextToken", token) : SL_OK;
}

enum sl_err sl_cfn_build_list_stacks(struct sl_call *call,
                                     const struct sl_cfn_list_stacks_opts *opts, const char *token)
{
    const char *const *statuses = cfn_live_statuses;
    size_t n = CFN_NELEM(cfn_live_statuses), i;
    enum sl_err rc = cfn_param_token(call, token);

    if (opts && opts->statuses && opts->n_statuses) {
        statuses = opts->statuses;
        n = opts->n_statuses;
    } else if (opts && opts->include_deleted) {
        n = 0;
    }
    for (i = 0; !rc && i < n; i++) {
        char key[64];

        snprintf(key, sizeof(key), "StackStatusFilter.member.%zu", i + 1);
        rc = sl_call_query_param(call, key, statuses[i]);
    }
    return rc;
}

enum sl_err sl_cfn_build_describe_stacks(struct sl_call *call, const char *stack_name,
                                         const char *token)
{
    enum sl_err rc = SL_OK;

    if (stack_name && *stack_name)
        rc = sl_call_query_param(call, "StackName", stack_name);
    return rc ? rc : cfn_param_token(call, token);
}

static enum sl_err cfn_build_named(struct sl_call *call, const char *stack_name, const char *token)
{
    enum sl_err rc;

    if (!stack_name || !*stack_name)
        return SL_EINVAL;
    rc = sl_call_query_param(call, "StackName", stack_name);
    return rc ? rc : cfn_param_token(call, token);
}

enum sl_err sl_cfn_build_list_resources(struct sl_call *call, const char *stack_name,
                                        const char *token)
{
    return cfn_build_named(call, stack_name, token);
}

enum sl_err sl_cfn_build_describe_events(struct sl_call *call, const char *stack_name,
                                         const char *token)
{
    return cfn_build_named(call, stack_name, token);
}

/* ---- answers -------------------------------------------------------------------------- */

/* Reading the fields of one member: failures are remembered, checked once at the end. */
struct cfn_reader {
    int oom;
    const char *bad; /* the first field that could not be read */
};

static char *cfn_str(struct cfn_reader *r, const struct sl_xml_node *n, const char *path)
{
    const char *s = sl_xml_text(sl_xml_path(n, path));
    size_t len = strlen(s);
    char *p = malloc(len + 1);

    if (!p)
        r->oom = 1;
    else
        memcpy(p, s, len + 1);
    return p;
}

static long long cfn_time(struct cfn_reader *r, const struct sl_xml_node *n, const char *path)
{
    const char *s = sl_xml_text(sl_xml_path(n, path));
    long long ms = 0;

    if (*s && sl_time_parse_iso8601(s, &ms)) {
        if (!r->bad)
            r->bad = path;
        return 0;
    }
    return ms;
}

static int cfn_bool(const struct sl_xml_node *n, const char *path)
{
    return !strcmp(sl_xml_text(sl_xml_path(n, path)), "true");
}

static int cfn_int(struct cfn_reader *r, const struct sl_xml_node *n, const char *path)
{
    const char *s = sl_xml_text(sl_xml_path(n, path));
    char *end;
    long v;

    if (!*s)
        return 0;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < INT_MIN || v > INT_MAX) {
        if (!r->bad)
            r->bad = path;
        return 0;
    }
    return (int)v;
}

/* The <member> children of list (absent or self-closed lists have none). */
static size_t cfn_members(const struct sl_xml_node *list, const struct sl_xml_node **first)
{
    *first = sl_xml_child(list, "member");
    return sl_xml_count(list, "member");
}

/* what is the AWS shape name of the member ("StackEvent"); required fields must not be empty. */
static enum sl_err cfn_reader_check(const struct cfn_reader *r, const char *what,
                                    const char *required1, const char *v1, const char *required2,
                                    const char *v2, struct sl_error *err)
{
    if (r->oom)
        return SL_ENOMEM;
    if (r->bad)
        return sl_error_set(err, SL_EPARSE,
                            _("The CloudFormation answer has an invalid %s in a %s."), r->bad,
                            what);
    if (!*v1)
        return sl_error_set(err, SL_EPARSE, _("The CloudFormation answer has a %s without %s."),
                            what, required1);
    if (!*v2)
        return sl_error_set(err, SL_EPARSE, _("The CloudFormation answer has a %s without %s."),
                            what, required2);
    return SL_OK;
}

static enum sl_err cfn_fill_stack(const struct sl_xml_node *m, void *item, struct sl_error *err)
{
    struct sl_cfn_stack *s = item;
    struct cfn_reader r = {0, NULL};
    const struct sl_xml_node *c, *list;
    size_t i, n;

    s->stack_id = cfn_str(&r, m, "StackId");
    s->name = cfn_str(&r, m, "StackName");
    s->status = cfn_str(&r, m, "StackStatus");
    s->status_reason = cfn_str(&r, m, "StackStatusReason");
    s->detailed_status = cfn_str(&r, m, "DetailedStatus");
    s->description =
        cfn_str(&r, m, sl_xml_child(m, "Description") ? "Description" : "TemplateDescription");
    s->parent_id = cfn_str(&r, m, "ParentId");
    s->root_id = cfn_str(&r, m, "RootId");
    s->role_arn = cfn_str(&r, m, "RoleARN");
    s->drift_status = cfn_str(&r, m, "DriftInformation/StackDriftStatus");
    s->created_ms = cfn_time(&r, m, "CreationTime");
    s->updated_ms = cfn_time(&r, m, "LastUpdatedTime");
    s->deleted_ms = cfn_time(&r, m, "DeletionTime");
    s->drift_checked_ms = cfn_time(&r, m, "DriftInformation/LastCheckTimestamp");
    s->termination_protection = cfn_bool(m, "EnableTerminationProtection");
    s->disable_rollback = cfn_bool(m, "DisableRollback");
    s->timeout_minutes = cfn_int(&r, m, "TimeoutInMinutes");

    list = sl_xml_child(m, "Parameters");
    n = cfn_members(list, &c);
    if (n && !r.oom && (s->params = calloc(n, sizeof(*s->params))) == NULL)
        r.oom = 1;
    for (i = 0; s->params && c && i < n; c = sl_xml_next_sibling_named(c), i++) {
        s->params[i].key = cfn_str(&r, c, "ParameterKey");
        s->params[i].value = cfn_str(&r, c, "ParameterValue");
        s->params[i].resolved_value = cfn_str(&r, c, "ResolvedValue");
        s->n_params = i + 1;
    }

    list = sl_xml_child(m, "Outputs");
    n = cfn_members(list, &c);
    if (n && !r.oom && (s->outputs = calloc(n, sizeof(*s->outputs))) == NULL)
        r.oom = 1;
    for (i = 0; s->outputs && c && i < n; c = sl_xml_next_sibling_named(c), i++) {
        s->outputs[i].key = cfn_str(&r, c, "OutputKey");
        s->outputs[i].value = cfn_str(&r, c, "OutputValue");
        s->outputs[i].description = cfn_str(&r, c, "Description");
        s->outputs[i].export_name = cfn_str(&r, c, "ExportName");
        s->n_outputs = i + 1;
    }

    list = sl_xml_child(m, "Tags");
    n = cfn_members(list, &c);
    if (n && !r.oom && (s->tags = calloc(n, sizeof(*s->tags))) == NULL)
        r.oom = 1;
    for (i = 0; s->tags && c && i < n; c = sl_xml_next_sibling_named(c), i++) {
        s->tags[i].key = cfn_str(&r, c, "Key");
        s->tags[i].value = cfn_str(&r, c, "Value");
        s->n_tags = i + 1;
    }

    list = sl_xml_child(m, "Capabilities");
    n = cfn_members(list, &c);
    if (n && !r.oom && (s->capabilities = calloc(n, sizeof(*s->capabilities))) == NULL)
        r.oom = 1;
    for (i = 0; s->capabilities && c && i < n; c = sl_xml_next_sibling_named(c), i++) {
        s->capabilities[i] = cfn_str(&r, c, "");
        s->n_capabilities = i + 1;
    }
    return cfn_reader_check(&r, "Stack", "StackName", s->name ? s->name : "", "StackStatus",
                            s->status ? s->status : "", err);
}

static enum sl_err cfn_fill_resource(const struct sl_xml_node *m, void *item, struct sl_error *err)
{
    struct sl_cfn_resource *x = item;
    struct cfn_reader r = {0, NULL};

    x->logical_id = cfn_str(&r, m, "LogicalResourceId");
    x->physical_id = cfn_str(&r, m, "PhysicalResourceId");
    x->type = cfn_str(&r, m, "ResourceType");
    x->status = cfn_str(&r, m, "ResourceStatus");
    x->status_reason = cfn_str(&r, m, "ResourceStatusReason");
    x->drift_status = cfn_str(&r, m, "DriftInformation/StackResourceDriftStatus");
    x->updated_ms = cfn_time(&r, m, "LastUpdatedTimestamp");
    return cfn_reader_check(&r, "StackResourceSummary", "LogicalResourceId",
                            x->logical_id ? x->logical_id : "", "ResourceStatus",
                            x->status ? x->status : "", err);
}

static enum sl_err cfn_fill_event(const struct sl_xml_node *m, void *item, struct sl_error *err)
{
    struct sl_cfn_event *e = item;
    struct cfn_reader r = {0, NULL};

    e->event_id = cfn_str(&r, m, "EventId");
    e->stack_id = cfn_str(&r, m, "StackId");
    e->stack_name = cfn_str(&r, m, "StackName");
    e->logical_id = cfn_str(&r, m, "LogicalResourceId");
    e->physical_id = cfn_str(&r, m, "PhysicalResourceId");
    e->type = cfn_str(&r, m, "ResourceType");
    e->status = cfn_str(&r, m, "ResourceStatus");
    e->status_reason = cfn_str(&r, m, "ResourceStatusReason");
    e->client_request_token = cfn_str(&r, m, "ClientRequestToken");
    e->hook_type = cfn_str(&r, m, "HookType");
    e->hook_status = cfn_str(&r, m, "HookStatus");
    e->hook_status_reason = cfn_str(&r, m, "HookStatusReason");
    e->detailed_status = cfn_str(&r, m, "DetailedStatus");
    e->timestamp_ms = cfn_time(&r, m, "Timestamp");
    return cfn_reader_check(&r, "StackEvent", "EventId", e->event_id ? e->event_id : "",
                            "Timestamp", sl_xml_text(sl_xml_child(m, "Timestamp")), err);
}

typedef enum sl_err (*cfn_fill_fn)(const struct sl_xml_node *m, void *item, struct sl_error *err);
typedef void (*cfn_clear_fn)(void *item);

static void cfn_stack_clear_v(void *p)
{
    cfn_stack_clear(p);
}

static void cfn_resource_clear_v(void *p)
{
    cfn_resource_clear(p);
}

static void cfn_event_clear_v(void *p)
{
    cfn_event_clear(p);
}

/* One page of a list operation: <OpResponse><OpResult><List><member>...</List>
 * <NextToken>...</NextToken></OpResult></OpResponse>. */
static enum sl_err cfn_parse_page(const char *body, size_t len, const char *op,
                                  const char *list_name, size_t item_size, cfn_fill_fn fill,
                                  cfn_clear_fn clear, void **items, size_t *n, char **next_token,
                                  struct sl_error *err)
{
    struct sl_xml_node *root = NULL;
    const struct sl_xml_node *res, *m;
    char name[96];
    char *v = NULL, *token = NULL;
    size_t count, done = 0, i;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    *next_token = NULL;
    rc = sl_xml_parse(body, len, &root, err);
    if (rc)
        goto cleanup;
    snprintf(name, sizeof(name), "%sResponse", op);
    if (strcmp(sl_xml_name(root), name)) {
        rc = sl_error_set(err, SL_EPARSE, _("The CloudFormation answer is <%s>, not <%s>."),
                          sl_xml_name(root), name);
        goto cleanup;
    }
    snprintf(name, sizeof(name), "%sResult", op);
    res = sl_xml_child(root, name);
    if (!res) {
        rc =
            sl_error_set(err, SL_EPARSE, _("The CloudFormation answer has no <%s> element."), name);
        goto cleanup;
    }
    count = cfn_members(sl_xml_child(res, list_name), &m);
    if (count) {
        v = calloc(count, item_size);
        if (!v) {
            rc = SL_ENOMEM;
            goto cleanup;
        }
    }
    for (; m && done < count; m = sl_xml_next_sibling_named(m)) {
        rc = fill(m, v + done * item_size, err);
        done++;
        if (rc)
            goto cleanup;
    }
    if (*sl_xml_text(sl_xml_child(res, "NextToken"))) {
        token = strdup(sl_xml_text(sl_xml_child(res, "NextToken")));
        if (!token) {
            rc = SL_ENOMEM;
            goto cleanup;
        }
    }
    *items = v;
    *n = done;
    *next_token = token;
    v = NULL;
    token = NULL;
cleanup:
    if (v) {
        for (i = 0; i < done; i++)
            clear(v + i * item_size);
        free(v);
    }
    free(token);
    sl_xml_free(&root);
    return rc;
}

enum sl_err sl_cfn_parse_list_stacks_page(const char *body, size_t len, struct sl_cfn_stack **items,
                                          size_t *n, char **next_token, struct sl_error *err)
{
    void *v = NULL;
    enum sl_err rc = cfn_parse_page(body, len, "ListStacks", "StackSummaries", sizeof(**items),
                                    cfn_fill_stack, cfn_stack_clear_v, &v, n, next_token, err);

    *items = v;
    return rc;
}

enum sl_err sl_cfn_parse_describe_stacks_page(const char *body, size_t len,
                                              struct sl_cfn_stack **items, size_t *n,
                                              char **next_token, struct sl_error *err)
{
    void *v = NULL;
    enum sl_err rc = cfn_parse_page(body, len, "DescribeStacks", "Stacks", sizeof(**items),
                                    cfn_fill_stack, cfn_stack_clear_v, &v, n, next_token, err);

    *items = v;
    return rc;
}

enum sl_err sl_cfn_parse_list_resources_page(const char *body, size_t len,
                                             struct sl_cfn_resource **items, size_t *n,
                                             char **next_token, struct sl_error *err)
{
    void *v = NULL;
    enum sl_err rc =
        cfn_parse_page(body, len, "ListStackResources", "StackResourceSummaries", sizeof(**items),
                       cfn_fill_resource, cfn_resource_clear_v, &v, n, next_token, err);

    *items = v;
    return rc;
}

enum sl_err sl_cfn_parse_describe_events_page(const char *body, size_t len,
                                              struct sl_cfn_event **items, size_t *n,
                                              char **next_token, struct sl_error *err)
{
    void *v = NULL;
    enum sl_err rc =
        cfn_parse_page(body, len, "DescribeStackEvents", "StackEvents", sizeof(**items),
                       cfn_fill_event, cfn_event_clear_v, &v, n, next_token, err);

    *items = v;
    return rc;
}

int sl_cfn_events_cut(struct sl_cfn_event *items, size_t *n, const char *stop_event_id)
{
    size_t i, j;

    if (!items || !stop_event_id || !*stop_event_id)
        return 0;
    for (i = 0; i < *n; i++) {
        if (items[i].event_id && !strcmp(items[i].event_id, stop_event_id)) {
            for (j = i; j < *n; j++)
                cfn_event_clear(&items[j]);
            *n = i;
            return 1;
        }
    }
    return 0;
}

/* ---- paged operations ----------------------------------------------------------------- */

enum cfn_kind {
    CFN_LIST_STACKS,
    CFN_DESCRIBE_STACKS,
    CFN_LIST_RESOURCES,
    CFN_DESCRIBE_EVENTS,
};

struct sl_cfn_op {
    struct sl_pager pager; /* pager.ud is the op */
    enum cfn_kind kind;
    char *stack_name;
    char **statuses;
    size_t n_statuses;
    int include_deleted;
    char *stop_event_id;
    sl_cfn_stacks_fn on_stacks;
    sl_cfn_resources_fn on_resources;
    sl_cfn_events_fn on_events;
    sl_cfn_done_fn done;
    void *ud;
    int running;
    int in_parse;  /* inside on_page: cancelling must wait until it returns */
    int cancelled; /* cancelled from inside on_page */
    int orphan;    /* freed by its owner while running: free on done, report nothing */
};

static void cfn_op_destroy(struct sl_cfn_op *op)
{
    size_t i;

    sl_pager_cleanup(&op->pager);
    free(op->stack_name);
    for (i = 0; i < op->n_statuses; i++)
        free(op->statuses[i]);
    free(op->statuses);
    free(op->stop_event_id);
    free(op);
}

static enum sl_err cfn_op_build(struct sl_pager *p, struct sl_call *call, const char *token)
{
    struct sl_cfn_op *op = p->ud;
    struct sl_cfn_list_stacks_opts o;

    switch (op->kind) {
    case CFN_LIST_STACKS:
        o.statuses = (const char *const *)op->statuses;
        o.n_statuses = op->n_statuses;
        o.include_deleted = op->include_deleted;
        return sl_cfn_build_list_stacks(call, &o, token);
    case CFN_DESCRIBE_STACKS:
        return sl_cfn_build_describe_stacks(call, op->stack_name, token);
    case CFN_LIST_RESOURCES:
        return sl_cfn_build_list_resources(call, op->stack_name, token);
    case CFN_DESCRIBE_EVENTS:
        return sl_cfn_build_describe_events(call, op->stack_name, token);
    }
    return SL_EINVAL;
}

static enum sl_err cfn_op_parse(struct sl_pager *p, struct sl_call *call, char **next_token,
                                struct sl_error *err)
{
    struct sl_cfn_op *op = p->ud;
    const char *body = call->resp.body.data;
    size_t len = call->resp.body.len;
    enum sl_err rc = SL_EINVAL;
    size_t n = 0;

    if (op->orphan || op->cancelled)
        return sl_error_set(err, SL_ECANCELLED, "%s", _("Cancelled."));
    op->in_parse = 1;
    switch (op->kind) {
    case CFN_LIST_STACKS:
    case CFN_DESCRIBE_STACKS: {
        struct sl_cfn_stack *v = NULL;

        rc = op->kind == CFN_LIST_STACKS
                 ? sl_cfn_parse_list_stacks_page(body, len, &v, &n, next_token, err)
                 : sl_cfn_parse_describe_stacks_page(body, len, &v, &n, next_token, err);
        if (!rc && op->on_stacks)
            op->on_stacks(op->ud, v, n);
        else
            sl_cfn_stacks_free(&v, n);
        break;
    }
    case CFN_LIST_RESOURCES: {
        struct sl_cfn_resource *v = NULL;

        rc = sl_cfn_parse_list_resources_page(body, len, &v, &n, next_token, err);
        if (!rc && op->on_resources)
            op->on_resources(op->ud, v, n);
        else
            sl_cfn_resources_free(&v, n);
        break;
    }
    case CFN_DESCRIBE_EVENTS: {
        struct sl_cfn_event *v = NULL;

        rc = sl_cfn_parse_describe_events_page(body, len, &v, &n, next_token, err);
        if (!rc && sl_cfn_events_cut(v, &n, op->stop_event_id)) {
            free(*next_token); /* the rest was delivered before */
            *next_token = NULL;
            if (!n)
                sl_cfn_events_free(&v, n);
        }
        if (!rc && op->on_events)
            op->on_events(op->ud, v, n);
        else
            sl_cfn_events_free(&v, n);
        break;
    }
    }
    op->in_parse = 0;
    if (!rc && (op->cancelled || op->orphan)) {
        free(*next_token);
        *next_token = NULL;
        rc = sl_error_set(err, SL_ECANCELLED, "%s", _("Cancelled."));
    }
    return rc;
}

static void cfn_op_done(struct sl_pager *p, enum sl_err rc, const struct sl_error *err)
{
    struct sl_cfn_op *op = p->ud;
    struct sl_error e;

    op->running = 0;
    if (op->orphan) {
        cfn_op_destroy(op);
        return;
    }
    sl_error_clear(&e);
    if (err)
        e = *err;
    rc = sl_cfn_error_classify(rc, &e, op->stack_name);
    if (op->done)
        op->done(op->ud, rc, rc ? &e : NULL); /* may free op */
}

static enum sl_err cfn_op_start(struct sl_client *c, struct sl_cfn_op *op, const char *operation,
                                int max_pages, sl_cfn_done_fn done, void *ud,
                                struct sl_cfn_op **out)
{
    enum sl_err rc;

    sl_pager_init(&op->pager, c, &sl_service_cloudformation, operation);
    op->pager.max_pages = max_pages;
    op->pager.build = cfn_op_build;
    op->pager.parse = cfn_op_parse;
    op->pager.done = cfn_op_done;
    op->pager.ud = op;
    op->done = done;
    op->ud = ud;
    op->running = 1;
    rc = sl_pager_start(&op->pager);
    if (rc) {
        op->running = 0;
        cfn_op_destroy(op);
        return rc;
    }
    *out = op;
    return SL_OK;
}

static struct sl_cfn_op *cfn_op_new(enum cfn_kind kind, const char *stack_name)
{
    struct sl_cfn_op *op = calloc(1, sizeof(*op));

    if (!op)
        return NULL;
    op->kind = kind;
    if (stack_name && (op->stack_name = strdup(stack_name)) == NULL) {
        free(op);
        return NULL;
    }
    return op;
}

enum sl_err sl_cfn_list_stacks_start(struct sl_client *c,
                                     const struct sl_cfn_list_stacks_opts *opts,
                                     sl_cfn_stacks_fn on_page, sl_cfn_done_fn done, void *ud,
                                     struct sl_cfn_op **out)
{
    struct sl_cfn_op *op;
    size_t i;

    *out = NULL;
    op = cfn_op_new(CFN_LIST_STACKS, NULL);
    if (!op)
        return SL_ENOMEM;
    op->on_stacks = on_page;
    if (opts && opts->statuses && opts->n_statuses) {
        op->statuses = calloc(opts->n_statuses, sizeof(*op->statuses));
        if (!op->statuses) {
            cfn_op_destroy(op);
            return SL_ENOMEM;
        }
        for (i = 0; i < opts->n_statuses; i++) {
            op->statuses[i] = strdup(opts->statuses[i] ? opts->statuses[i] : "");
            op->n_statuses = i + 1;
            if (!op->statuses[i]) {
                cfn_op_destroy(op);
                return SL_ENOMEM;
            }
        }
    }
    op->include_deleted = opts ? opts->include_deleted : 0;
    return cfn_op_start(c, op, "ListStacks", 0, done, ud, out);
}

enum sl_err sl_cfn_describe_stacks_start(struct sl_client *c, const char *stack_name,
                                         sl_cfn_stacks_fn on_page, sl_cfn_done_fn done, void *ud,
                                         struct sl_cfn_op **out)
{
    struct sl_cfn_op *op;

    *out = NULL;
    op = cfn_op_new(CFN_DESCRIBE_STACKS, stack_name && *stack_name ? stack_name : NULL);
    if (!op)
        return SL_ENOMEM;
    op->on_stacks = on_page;
    return cfn_op_start(c, op, "DescribeStacks", 0, done, ud, out);
}

enum sl_err sl_cfn_list_resources_start(struct sl_client *c, const char *stack_name,
                                        sl_cfn_resources_fn on_page, sl_cfn_done_fn done, void *ud,
                                        struct sl_cfn_op **out)
{
    struct sl_cfn_op *op;

    *out = NULL;
    if (!stack_name || !*stack_name)
        return SL_EINVAL;
    op = cfn_op_new(CFN_LIST_RESOURCES, stack_name);
    if (!op)
        return SL_ENOMEM;
    op->on_resources = on_page;
    return cfn_op_start(c, op, "ListStackResources", 0, done, ud, out);
}

enum sl_err sl_cfn_describe_events_start(struct sl_client *c, const struct sl_cfn_events_opts *opts,
                                         sl_cfn_events_fn on_page, sl_cfn_done_fn done, void *ud,
                                         struct sl_cfn_op **out)
{
    struct sl_cfn_op *op;

    *out = NULL;
    if (!opts || !opts->stack_name || !*opts->stack_name)
        return SL_EINVAL;
    op = cfn_op_new(CFN_DESCRIBE_EVENTS, opts->stack_name);
    if (!op)
        return SL_ENOMEM;
    op->on_events = on_page;
    if (opts->stop_event_id && *opts->stop_event_id &&
        (op->stop_event_id = strdup(opts->stop_event_id)) == NULL) {
        cfn_op_destroy(op);
        return SL_ENOMEM;
    }
    return cfn_op_start(c, op, "DescribeStackEvents", opts->max_pages > 0 ? opts->max_pages : 0,
                        done, ud, out);
}

void sl_cfn_op_cancel(struct sl_cfn_op *op)
{
    if (!op || !op->running)
        return;
    if (op->in_parse)
        op->cancelled = 1; /* cfn_op_parse ends the pager when on_page returns */
    else
        sl_pager_cancel(&op->pager);
}

int sl_cfn_op_running(const struct sl_cfn_op *op)
{
    return op && op->running;
}

void sl_cfn_op_free(struct sl_cfn_op **pop)
{
    struct sl_cfn_op *op;

    if (!pop || !*pop)
        return;
    op = *pop;
    *pop = NULL;
    if (op->running) {
        op->orphan = 1;
        if (!op->in_parse)
            sl_pager_cancel(&op->pager);
        return;
    }
    cfn_op_destroy(op);
}

/* ---- sync conveniences ---------------------------------------------------------------- */

static void cfn_collect_stacks(void *ud, struct sl_cfn_stack *items, size_t n)
{
    sl_page_collect_add(ud, items, n);
}

static void cfn_collect_resources(void *ud, struct sl_cfn_resource *items, size_t n)
{
    sl_page_collect_add(ud, items, n);
}

static void cfn_collect_events(void *ud, struct sl_cfn_event *items, size_t n)
{
    sl_page_collect_add(ud, items, n);
}

enum sl_err sl_cfn_list_stacks(struct sl_client *c, const struct sl_cfn_list_stacks_opts *opts,
                               struct sl_cfn_stack **items, size_t *n, struct sl_error *err)
{
    struct sl_page_collect col;
    struct sl_cfn_op *op = NULL;
    void *v = NULL;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    sl_page_collect_init(&col, sizeof(**items), cfn_stack_clear_v);
    rc = sl_cfn_list_stacks_start(c, opts, cfn_collect_stacks, sl_page_collect_done, &col, &op);
    rc = sl_page_collect_wait(c, &col, rc, &v, n, err);
    sl_cfn_op_free(&op);
    *items = v;
    return rc;
}

enum sl_err sl_cfn_describe_stacks(struct sl_client *c, const char *stack_name,
                                   struct sl_cfn_stack **items, size_t *n, struct sl_error *err)
{
    struct sl_page_collect col;
    struct sl_cfn_op *op = NULL;
    void *v = NULL;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    sl_page_collect_init(&col, sizeof(**items), cfn_stack_clear_v);
    rc = sl_cfn_describe_stacks_start(c, stack_name, cfn_collect_stacks, sl_page_collect_done, &col,
                                      &op);
    rc = sl_page_collect_wait(c, &col, rc, &v, n, err);
    sl_cfn_op_free(&op);
    *items = v;
    return rc;
}

enum sl_err sl_cfn_list_resources(struct sl_client *c, const char *stack_name,
                                  struct sl_cfn_resource **items, size_t *n, struct sl_error *err)
{
    struct sl_page_collect col;
    struct sl_cfn_op *op = NULL;
    void *v = NULL;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    sl_page_collect_init(&col, sizeof(**items), cfn_resource_clear_v);
    rc = sl_cfn_list_resources_start(c, stack_name, cfn_collect_resources, sl_page_collect_done,
                                     &col, &op);
    rc = sl_page_collect_wait(c, &col, rc, &v, n, err);
    sl_cfn_op_free(&op);
    *items = v;
    return rc;
}

enum sl_err sl_cfn_describe_events(struct sl_client *c, const struct sl_cfn_events_opts *opts,
                                   struct sl_cfn_event **items, size_t *n, struct sl_error *err)
{
    struct sl_page_collect col;
    struct sl_cfn_op *op = NULL;
    void *v = NULL;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    sl_page_collect_init(&col, sizeof(**items), cfn_event_clear_v);
    rc = sl_cfn_describe_events_start(c, opts, cfn_collect_events, sl_page_collect_done, &col, &op);
    rc = sl_page_collect_wait(c, &col, rc, &v, n, err);
    sl_cfn_op_free(&op);
    *items = v;
    return rc;
}
