/* What --output json prints for the api structs: AWS-shaped objects with AWS's field names, as
 * the AWS CLI shows them (absent fields left out, timestamps of the query services as ISO 8601
 * UTC, Lambda's date strings as Lambda sent them). Environment variable values are never
 * fetched, so Environment.Variables maps each name to null. Never translated. */
#ifndef SL_AWS_JSON_H
#define SL_AWS_JSON_H

#include <stdio.h>

struct sl_json;
struct sl_cfn_stack;
struct sl_cfn_resource;
struct sl_cfn_event;
struct sl_lambda_function;
struct sl_lambda_alias;
struct sl_lambda_layer;
struct sl_lambda_layer_version;
struct sl_cw_alarm;

/* Each returns a new object (the caller owns it). */

/* A StackSummaries member (full 0) or a Stacks member of DescribeStacks (full 1). */
struct sl_json *sl_awsjson_stack(const struct sl_cfn_stack *s, int full);
/* A StackResourceSummaries member. */
struct sl_json *sl_awsjson_resource(const struct sl_cfn_resource *r);
/* A StackEvents member. */
struct sl_json *sl_awsjson_event(const struct sl_cfn_event *e);

/* A FunctionConfiguration (ListFunctions member, GetFunction's Configuration). */
struct sl_json *sl_awsjson_function(const struct sl_lambda_function *f);
/* An Aliases member. */
struct sl_json *sl_awsjson_alias(const struct sl_lambda_alias *a);
/* A Layers member of ListLayers, with LatestMatchingVersion. */
struct sl_json *sl_awsjson_layer(const struct sl_lambda_layer *l);
/* A LayerVersions member (with_layer_arn 0) or a GetLayerVersion answer (1: LayerArn and
 * Content when known). */
struct sl_json *sl_awsjson_layer_version(const struct sl_lambda_layer_version *v,
                                         int with_layer_arn);

/* A MetricAlarms or CompositeAlarms member, by a->type. */
struct sl_json *sl_awsjson_alarm(const struct sl_cw_alarm *a);

/* Adds key: "ISO 8601" when ms > 0; nothing otherwise. */
void sl_awsjson_add_time(struct sl_json *o, const char *key, long long ms);
/* Adds key: value when value is neither NULL nor "". */
void sl_awsjson_add_str(struct sl_json *o, const char *key, const char *value);

/* Prints o pretty (2 spaces) and a newline on f, then frees it. Returns 0, -1 when out of
 * memory (nothing printed). */
int sl_awsjson_print(FILE *f, struct sl_json **o);

#endif
