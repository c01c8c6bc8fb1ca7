/* GetMetricData for many Lambda functions in one request: the activity (invocations and
 * errors per period) of the functions a console shows, for their sparklines. Each function
 * brings two queries, and one request carries at most 500 queries, so a batch holds up to
 * SL_CW_BATCH_FUNCTIONS_MAX functions. Building and merging are pure; the operation runs on
 * the non-blocking client (pages, should CloudWatch send a NextToken, are followed). */
#ifndef SL_CLOUDWATCH_BATCH_H
#define SL_CLOUDWATCH_BATCH_H

#include <stddef.h>

#include "cloudwatch.h"
#include "sl_error.h"

#define SL_CW_BATCH_QUERIES_MAX   500
#define SL_CW_BATCH_FUNCTIONS_MAX (SL_CW_BATCH_QUERIES_MAX / 2)

/* The activity of nfunctions functions over the same buckets of [start_ms, end_ms), ascending:
 * function f's bucket k is invocations[f * nbuckets + k] (Sum; 0 where CloudWatch sent no
 * point). */
struct sl_cw_batch {
    long long start_ms;
    long long end_ms;
    int period_s;
    size_t nbuckets;
    size_t nfunctions;
    char **functions;
    double *invocations;
    double *errors;
    unsigned char *answered; /* per function: 1 once CloudWatch answered for it */
};

/* Copies the n names (1 .. SL_CW_BATCH_FUNCTIONS_MAX) and sets up zeroed buckets; period_s is
 * a positive multiple of 60, start_ms is rounded down and end_ms up to a multiple of it.
 * SL_EINVAL for a bad count, period or window; SL_ENOMEM. */
enum sl_err sl_cw_batch_init(struct sl_cw_batch *b, const char *const *functions, size_t n,
                             long long start_ms, long long end_ms, int period_s);
/* NULL-safe; zeroes *b. */
void sl_cw_batch_cleanup(struct sl_cw_batch *b);

/* The query ids of function f: "i<f>" (Invocations) and "e<f>" (Errors). */
void sl_cw_batch_query_id(size_t f, int errors, char *out, size_t len);
/* GetMetricData: StartTime, EndTime, then two MetricDataQueries per function (MetricStat on
 * AWS/Lambda with the FunctionName dimension, the batch's period, Sum), [NextToken]. */
enum sl_err sl_cw_build_lambda_batch(struct sl_call *call, const struct sl_cw_batch *b,
                                     const char *token);
/* Puts the points of results into b's buckets (unknown ids and points outside the window are
 * ignored). */
void sl_cw_batch_merge(struct sl_cw_batch *b, const struct sl_cw_metric_result *results, size_t n);

struct sl_cw_batch_op;
/* Fills b (the caller keeps it alive until done, or frees the operation first); done runs
 * once from sl_client_run() (err may be NULL) and may free the operation. On failure nothing
 * is called back and *out is NULL. */
enum sl_err sl_cw_lambda_batch_start(struct sl_client *c, struct sl_cw_batch *b, sl_cw_done_fn done,
                                     void *ud, struct sl_cw_batch_op **out);
/* done follows with SL_ECANCELLED. */
void sl_cw_batch_op_cancel(struct sl_cw_batch_op *op);
/* NULL-safe; clears *op. A running operation is cancelled silently: done is not called and b is
 * no longer touched (the memory goes once the client reports the cancellation). */
void sl_cw_batch_op_free(struct sl_cw_batch_op **op);

#endif
