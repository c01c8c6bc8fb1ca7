/* CloudFormation (awsQuery, 2010-05-15; aws-wire.md §5): stacks, their resources and their
 * events. Building a request and parsing an answer are pure functions (no network), tested
 * on recorded answers; the paged operations run on struct sl_pager and hand every page to the
 * caller as it arrives, and sync conveniences collect all pages.
 *
 * Strings in the structs below are malloc'ed and never NULL after a successful parse ("" when
 * AWS sent nothing); timestamps are ms since the epoch, 0 when absent. Values AWS may extend
 * (statuses, capabilities) are kept as the strings AWS sent. */
#ifndef SL_CLOUDFORMATION_H
#define SL_CLOUDFORMATION_H

#include <stddef.h>

#include "sl_error.h"

struct sl_client;
struct sl_call;

/* ---- values --------------------------------------------------------------------------- */

struct sl_cfn_param {
    char *key;
    char *value;
    char *resolved_value; /* SSM parameter types only */
};

struct sl_cfn_output {
    char *key;
    char *value;
    char *description;
    char *export_name;
};

struct sl_cfn_tag {
    char *key;
    char *value;
};

/* A stack from ListStacks (summary: no parameters, outputs, tags) or DescribeStacks. */
struct sl_cfn_stack {
    char *stack_id;
    char *name;
    char *status; /* StackStatus: "UPDATE_ROLLBACK_COMPLETE", ... */
    char *status_reason;
    char *detailed_status;
    char *description; /* Description, or TemplateDescription in a summary */
    char *parent_id;
    char *root_id;
    char *role_arn;
    char *drift_status; /* DriftInformation/StackDriftStatus: "IN_SYNC", "NOT_CHECKED", ... */
    long long created_ms;
    long long updated_ms;
    long long deleted_ms;
    long long drift_checked_ms;
    int termination_protection;
    int disable_rollback;
    int timeout_minutes; /* 0: none */
    struct sl_cfn_param *params;
    size_t n_params;
    struct sl_cfn_output *outputs;
    size_t n_outputs;
    struct sl_cfn_tag *tags;
    size_t n_tags;
    char **capabilities;
    size_t n_capabilities;
};

struct sl_cfn_resource {
    char *logical_id;
    char *physical_id;
    char *type; /* "AWS::Lambda::Function" */
    char *status;
    char *status_reason;
    char *drift_status; /* DriftInformation/StackResourceDriftStatus */
    long long updated_ms;
};

struct sl_cfn_event {
    char *event_id;
    char *stack_id;
    char *stack_name;
    char *logical_id;
    char *physical_id;
    char *type;
    char *status;
    char *status_reason;
    char *client_request_token;
    char *hook_type;
    char *hook_status;
    char *hook_status_reason;
    char *detailed_status;
    long long timestamp_ms;
};

/* Frees n items and the array, and sets *v to NULL (NULL-safe). */
void sl_cfn_stacks_free(struct sl_cfn_stack **v, size_t n);
void sl_cfn_resources_free(struct sl_cfn_resource **v, size_t n);
void sl_cfn_events_free(struct sl_cfn_event **v, size_t n);

/* ---- status helpers ------------------------------------------------------------------- */

enum sl_cfn_status_class {
    SL_CFN_COMPLETE,    /* CREATE_COMPLETE, UPDATE_COMPLETE, IMPORT_COMPLETE */
    SL_CFN_IN_PROGRESS, /* *_IN_PROGRESS that is not a rollback */
    SL_CFN_FAILED,      /* *_FAILED (ROLLBACK_FAILED included) */
    SL_CFN_ROLLBACK,    /* rolling back or rolled back: *ROLLBACK_IN_PROGRESS, *ROLLBACK_COMPLETE */
    SL_CFN_DELETED,     /* DELETE_COMPLETE */
    SL_CFN_OTHER,       /* unknown, empty or NULL (DELETE_SKIPPED, a future status) */
};

/* Classifies a stack or resource status. */
enum sl_cfn_status_class sl_cfn_status_class(const char *status);
/* 1 when status ends in _IN_PROGRESS (a deployment is still running). */
int sl_cfn_status_is_in_progress(const char *status);
/* 1 when the event reports a failure: a *_FAILED resource status or a failed hook. */
int sl_cfn_event_is_failure(const struct sl_cfn_event *e);

/* Turns CloudFormation's "Stack with id X does not exist" ValidationError (rc SL_EAWS) into
 * SL_ENOTFOUND with a sentence naming the stack (stack_name when the message has none),
 * keeping the code, status and request id. Other failures are returned unchanged. */
enum sl_err sl_cfn_error_classify(enum sl_err rc, struct sl_error *err, const char *stack_name);

/* ---- requests (pure: append parameters to a call sl_call_init'ed for the operation) ---- */

struct sl_cfn_list_stacks_opts {
    /* StackStatusFilter values; NULL/0: every status but DELETE_COMPLETE */
    const char *const *statuses;
    size_t n_statuses;
    int include_deleted; /* without statuses: no filter at all, deleted stacks included */
};

/* ListStacks: NextToken, then StackStatusFilter.member.N. opts may be NULL. */
enum sl_err sl_cfn_build_list_stacks(struct sl_call *call,
                                     const struct sl_cfn_list_stacks_opts *opts, const char *token);
/* DescribeStacks: StackName (NULL: every live stack), NextToken. */
enum sl_err sl_cfn_build_describe_stacks(struct sl_call *call, const char *stack_name,
                                         const char *token);
/* ListStackResources: StackName (required), NextToken. */
enum sl_err sl_cfn_build_list_resources(struct sl_call *call, const char *stack_name,
                                        const char *token);
/* DescribeStackEvents: StackName (required), NextToken. */
enum sl_err sl_cfn_build_describe_events(struct sl_call *call, const char *stack_name,
                                         const char *token);

/* ---- answers (pure) --------------------------------------------------------------------
 * Each parses one 2xx answer into a new array (*items NULL when *n is 0) and *next_token
 * (malloc'ed, NULL on the last page). Malformed or truncated XML, a wrong document or a member
 * without its identifying fields give SL_EPARSE with a sentence in err; nothing is returned
 * then. */
enum sl_err sl_cfn_parse_list_stacks_page(const char *body, size_t len, struct sl_cfn_stack **items,
                                          size_t *n, char **next_token, struct sl_error *err);
enum sl_err sl_cfn_parse_describe_stacks_page(const char *body, size_t len,
                                              struct sl_cfn_stack **items, size_t *n,
                                              char **next_token, struct sl_error *err);
enum sl_err sl_cfn_parse_list_resources_page(const char *body, size_t len,
                                             struct sl_cfn_resource **items, size_t *n,
                                             char **next_token, struct sl_error *err);
/* Events stay newest first, as AWS sends them. */
enum sl_err sl_cfn_parse_describe_events_page(const char *body, size_t len,
                                              struct sl_cfn_event **items, size_t *n,
                                              char **next_token, struct sl_error *err);

/* Tailing: when an event with id stop_event_id is in items[0..*n), frees it and every older
 * event after it, sets *n to the number of newer events kept and returns 1; else returns 0.
 * A NULL or empty stop_event_id never matches. */
int sl_cfn_events_cut(struct sl_cfn_event *items, size_t *n, const char *stop_event_id);

/* ---- paged operations on the non-blocking client -------------------------------------
 * on_page gets each page as it arrives and takes ownership of the array (free it with the
 * matching sl_cfn_*_free); n may be 0 (an empty page is not the end). done runs once, from
 * sl_client_run(), with SL_OK after the last page or the failure (pages already delivered stay
 * valid); err may be NULL; done may call sl_cfn_op_free. When start fails (out of memory, a
 * missing stack name) nothing is called back and *out is NULL. */

struct sl_cfn_op;

typedef void (*sl_cfn_stacks_fn)(void *ud, struct sl_cfn_stack *items, size_t n);
typedef void (*sl_cfn_resources_fn)(void *ud, struct sl_cfn_resource *items, size_t n);
typedef void (*sl_cfn_events_fn)(void *ud, struct sl_cfn_event *items, size_t n);
typedef void (*sl_cfn_done_fn)(void *ud, enum sl_err rc, const struct sl_error *err);

struct sl_cfn_events_opts {
    const char *stack_name;    /* required */
    const char *stop_event_id; /* stop before this event (already shown), or NULL */
    int max_pages;             /* 0: all pages */
};

enum sl_err sl_cfn_list_stacks_start(struct sl_client *c,
                                     const struct sl_cfn_list_stacks_opts *opts,
                                     sl_cfn_stacks_fn on_page, sl_cfn_done_fn done, void *ud,
                                     struct sl_cfn_op **out);
/* stack_name NULL: every live stack; a name that does not exist ends in SL_ENOTFOUND. */
enum sl_err sl_cfn_describe_stacks_start(struct sl_client *c, const char *stack_name,
                                         sl_cfn_stacks_fn on_page, sl_cfn_done_fn done, void *ud,
                                         struct sl_cfn_op **out);
enum sl_err sl_cfn_list_resources_start(struct sl_client *c, const char *stack_name,
                                        sl_cfn_resources_fn on_page, sl_cfn_done_fn done, void *ud,
                                        struct sl_cfn_op **out);
enum sl_err sl_cfn_describe_events_start(struct sl_client *c, const struct sl_cfn_events_opts *opts,
                                         sl_cfn_events_fn on_page, sl_cfn_done_fn done, void *ud,
                                         struct sl_cfn_op **out);
/* Stops a running operation: done follows with SL_ECANCELLED. */
void sl_cfn_op_cancel(struct sl_cfn_op *op);
/* 1 until done has been called. */
int sl_cfn_op_running(const struct sl_cfn_op *op);
/* NULL-safe; clears *op. Freeing a running operation cancels it silently (done is not
 * called; the memory goes once the client reports the cancellation). */
void sl_cfn_op_free(struct sl_cfn_op **op);

/* ---- sync conveniences: every page, collected (the caller frees *items). On failure
 * nothing is returned and err holds the sentence. */

enum sl_err sl_cfn_list_stacks(struct sl_client *c, const struct sl_cfn_list_stacks_opts *opts,
                               struct sl_cfn_stack **items, size_t *n, struct sl_error *err);
enum sl_err sl_cfn_describe_stacks(struct sl_client *c, const char *stack_name,
                                   struct sl_cfn_stack **items, size_t *n, struct sl_error *err);
enum sl_err sl_cfn_list_resources(struct sl_client *c, const char *stack_name,
                                  struct sl_cfn_resource **items, size_t *n, struct sl_error *err);
enum sl_err sl_cfn_describe_events(struct sl_client *c, const struct sl_cfn_events_opts *opts,
                                   struct sl_cfn_event **items, size_t *n, struct sl_error *err);

#endif
