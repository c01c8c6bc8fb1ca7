/* What `slctl logs TARGET...` reads: each target (a function, a log group or a stack) is
 * turned into log groups, each with the label its lines show. */
#ifndef SL_LOG_TARGETS_H
#define SL_LOG_TARGETS_H

#include <stddef.h>

#include "sl_error.h"

struct sl_client;

/* One log group to read. */
struct sl_log_source {
    char *group; /* the log group name */
    char *label; /* what a line shows: the function name, its logical id, or the group */
    char *stack; /* the stack it came from, or NULL */
};

struct sl_log_sources {
    struct sl_log_source *v;
    size_t n;
    size_t cap;
};

enum sl_log_target_kind {
    SL_LOG_TARGET_NAME,         /* a plain name: a function, a group or a stack */
    SL_LOG_TARGET_GROUP,        /* starts with '/', or a logs ARN (":log-group:") */
    SL_LOG_TARGET_FUNCTION_ARN, /* arn:...:lambda:...:function:... */
    SL_LOG_TARGET_STACK_ARN,    /* arn:...:cloudformation:...:stack/... */
};

/* What a target looks like, before asking AWS. For a logs ARN, *group (when not NULL)
 * receives the group name inside it (malloc'ed). */
enum sl_log_target_kind sl_log_target_kind(const char *target, char **group);

/* The label of a group read on its own: the function name of "/aws/lambda/NAME", else the
 * group name. Points into group. */
const char *sl_log_group_label(const char *group);

/* A sentence for a person about a source left out (a function that has not logged yet). */
typedef void (*sl_log_notice_fn)(void *ud, const char *sentence);

/* Resolves the targets in order: a function (GetFunction: LoggingConfig.LogGroup, else
 * /aws/lambda/NAME), a log group (starting with '/', or existing under that name), or a stack
 * (ListStackResources: the log group of each Lambda function, labelled with its logical id;
 * "STACK/LogicalId" when several stacks are read). A group that is read twice is kept once.
 * Groups of functions that have not logged anything yet (no log group) are left out with a
 * notice. SL_ENOTFOUND with one sentence when a target is none of these (or nothing is left
 * to read); another failure when AWS could not be asked. out is freed by the caller (also on
 * failure: sl_log_sources_free). */
enum sl_err sl_log_targets_resolve(struct sl_client *c, char *const *targets, size_t ntargets,
                                   sl_log_notice_fn notice, void *ud, struct sl_log_sources *out,
                                   struct sl_error *err);

void sl_log_sources_free(struct sl_log_sources *s);

/* The same without waiting (the console): one request at a time on c, driven by the caller's
 * sl_client_run(); done runs once from there (never from the start function) with the result,
 * and out is then the caller's (free it with sl_log_sources_free, also on failure). notice runs
 * just before done. On failure to start (no target, out of memory) nothing is called back and
 * *opp is NULL. */
struct sl_log_targets_op;
typedef void (*sl_log_targets_done_fn)(void *ud, enum sl_err rc, const struct sl_error *err,
                                       struct sl_log_sources *out);
enum sl_err sl_log_targets_resolve_start(struct sl_client *c, const char *const *targets,
                                         size_t ntargets, sl_log_notice_fn notice,
                                         sl_log_targets_done_fn done, void *ud,
                                         struct sl_log_targets_op **opp, struct sl_error *err);
/* NULL-safe; clears *op. Freeing an operation before done ran cancels it silently. May be
 * called from done. */
void sl_log_targets_op_free(struct sl_log_targets_op **op);

#endif
