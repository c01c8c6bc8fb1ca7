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
/* Tabs: configuration, layers. */
struct sl_view *sl_view_function_new(const char *function_name);
struct sl_view *sl_view_layers_new(void);
struct sl_view *sl_view_layer_new(const char *layer_name);

/* CloudWatch (ui/view_alarms.c) */
extern const struct sl_list_ops sl_alarms_ops; /* struct sl_cw_alarm */
struct sl_view *sl_view_alarms_new(void);

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
