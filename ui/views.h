/* The console's views: the list operations of each (a const table per list, tig style) and the
 * constructors the command line and Enter use. To add a view: write its sl_list_ops (row text
 * as a pure function of the api/ struct, columns, load), a constructor, and a line in
 * ui/cmdline.h's table when it gets a `:` command. */
#ifndef SL_UI_VIEWS_H
#define SL_UI_VIEWS_H

#include <stddef.h>

#include "list.h"

struct sl_view;
struct sl_lambda_function;

/* CloudFormation (ui/view_stacks.c, ui/view_stack.c) */
extern const struct sl_list_ops sl_stacks_ops;          /* struct sl_cfn_stack */
extern const struct sl_list_ops sl_stack_resources_ops; /* struct sl_cfn_resource */
extern const struct sl_list_ops sl_stack_outputs_ops;   /* struct sl_cfn_output */
extern const struct sl_list_ops sl_stack_params_ops;    /* struct sl_cfn_param */
extern const struct sl_list_ops sl_stack_events_ops;    /* struct sl_cfn_event */
struct sl_view *sl_view_stacks_new(void);
/* Tabs: resources, outputs, parameters, events. */
struct sl_view *sl_view_stack_new(const char *stack_name);

/* Lambda (ui/view_functions.c, ui/view_function.c, ui/view_layers.c) */
extern const struct sl_list_ops sl_functions_ops;       /* struct sl_lambda_function */
extern const struct sl_list_ops sl_function_config_ops; /* struct sl_kv */
extern const struct sl_list_ops sl_function_layers_ops; /* struct sl_lambda_layer_ref */
extern const struct sl_list_ops sl_layers_ops;          /* struct sl_lambda_layer */
extern const struct sl_list_ops sl_layer_versions_ops;  /* struct sl_lambda_layer_version */
struct sl_view *sl_view_functions_new(void);
/* Tabs: configuration, layers, aliases, versions, metrics. */
struct sl_view *sl_view_function_new(const char *function_name);
struct sl_view *sl_view_layers_new(void);
struct sl_view *sl_view_layer_new(const char *layer_name);

/* More tabs of a function (ui/view_function_tabs.c): aliases, versions, the last hour's
 * metrics. Every tab answers the function's requests (invoke, events, logs) alike. */
#define SL_FUNCTION_SCOPES (SL_SCOPE_FUNCTION | SL_SCOPE_LOGGED)
struct sl_view *sl_function_act(enum sl_req req, const void *item, const char *arg,
                                const char **why);
extern const struct sl_list_ops sl_function_aliases_ops;  /* struct sl_lambda_alias */
extern const struct sl_list_ops sl_function_versions_ops; /* struct sl_lambda_function */
extern const struct sl_list_ops sl_function_metrics_ops;  /* struct sl_fn_metric */
struct sl_lambda_alias;
struct sl_cw_lambda_metrics;
/* "3: 90%, 4: 10%" for an alias with a canary; "" otherwise. Pure. */
void sl_alias_routing(const struct sl_lambda_alias *a, char *out, size_t len);
/* One metric of the metrics tab: a value per 5 minutes over the last hour. */
struct sl_fn_metric {
    const char *title; /* N_() */
    const char *id;    /* the series' query id ("inv") */
    int duration;      /* values are milliseconds (else counts) */
    size_t n;
    double *values;
    unsigned char *present; /* counts are always there (0 when not sent) */
};
/* The rows of the metrics tab from what GetMetricData filled in (pure). SL_ENOMEM. */
enum sl_err sl_fn_metric_rows(const struct sl_cw_lambda_metrics *m, struct sl_fn_metric **out,
                              size_t *n);
void sl_fn_metrics_free(void *items, size_t n);

/* CloudWatch (ui/view_alarms.c) */
extern const struct sl_list_ops sl_alarms_ops; /* struct sl_cw_alarm */
struct sl_view *sl_view_alarms_new(void);
/* An alarm's history, newest first (ui/view_alarm_history.c). */
struct sl_cw_history_item;
extern const struct sl_list_ops sl_alarm_history_ops; /* struct sl_cw_history_item */
struct sl_view *sl_view_alarm_history_new(const char *alarm);
/* What the item's data says in a line: the new state and its reason, the action and its
 * target; "" when nothing. Pure. */
void sl_alarm_history_detail(const struct sl_cw_history_item *h, char *out, size_t len);

/* CloudWatch Logs (ui/view_logs.c) */
struct sl_app;
/* The logs of n log groups (names or ARNs), each line labelled (in its colour) with labels[i]
 * when there are several (labels NULL, or a NULL label: from the group's name), from start_ms
 * (0: the last 10 minutes) to end_ms (0: then following new lines as they arrive);
 * filter_pattern: CloudWatch Logs' filter (NULL: every line); highlight: a search shown at
 * first, the screen going to its first hit (a request id; NULL: none). Everything is copied;
 * app may be NULL (the view gets it when pushed). NULL when out of memory or n is 0. */
struct sl_view *sl_view_logs_new(struct sl_app *app, const char *const *groups,
                                 const char *const *labels, size_t n, long long start_ms,
                                 long long end_ms /* 0: follow */, const char *filter_pattern,
                                 const char *highlight);
/* The same for a target as `slctl logs` takes it (a function, a log group or a stack, resolved
 * with src/log_targets.h when the view is shown). */
struct sl_view *sl_view_logs_target_new(const char *target, long long start_ms, long long end_ms);

/* A name and a value: the rows of detail tabs (a function's configuration). */
struct sl_kv {
    char *key;   /* translated label */
    char *value; /* as AWS sent it (sanitized when drawn) */
};
void sl_kv_free_items(void *items, size_t n);
/* The configuration rows of a function (pure): *out is an array of *n items. SL_ENOMEM. */
enum sl_err sl_function_config_rows(const struct sl_lambda_function *f, long long now_ms,
                                    struct sl_kv **out, size_t *n);

/* ---- shared by the view files --------------------------------------------------------------- */

struct sl_load;
struct sl_error;
struct sl_client;
/* The colour (enum sl_role) of a CloudFormation stack, resource or event status. Pure. */
unsigned char sl_view_status_role(const char *status);
/* Glue between the CloudFormation paged operations and a load (ld->op is a struct sl_cfn_op). */
void sl_view_cfn_done(void *ud, enum sl_err rc, const struct sl_error *err);
void sl_view_cfn_cancel(struct sl_load *ld);
void sl_view_cfn_release(struct sl_load *ld);
/* The same for Lambda listings (ld->op is a struct sl_lambda_list). */
void sl_view_lambda_cancel(struct sl_load *ld);
void sl_view_lambda_release(struct sl_load *ld);
/* Starts a Lambda listing (kind: enum sl_lambda_list_kind) for name (a function or layer, or
 * NULL) into ld. */
enum sl_err sl_view_lambda_load(struct sl_load *ld, struct sl_client *c, int kind, const char *name,
                                struct sl_error *err);

#endif
