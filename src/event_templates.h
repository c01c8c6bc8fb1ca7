/* Sample events of the services that usually trigger a function, in the shape AWS sends them
 * (like `sam local generate-event`): API Gateway REST (payload 1.0) and HTTP APIs (2.0), SQS,
 * S3, SNS, EventBridge and EventBridge schedules. */
#ifndef SL_EVENT_TEMPLATES_H
#define SL_EVENT_TEMPLATES_H

#include <stddef.h>

#include "sl_error.h"

enum sl_event_type {
    SL_EVENT_APIGW_V1,
    SL_EVENT_APIGW_V2,
    SL_EVENT_SQS,
    SL_EVENT_S3,
    SL_EVENT_SNS,
    SL_EVENT_EVENTBRIDGE,
    SL_EVENT_SCHEDULE,
};

/* Options; NULL (or 0 items) means the sample's default. Only those of the type are read. */
struct sl_event_template_opts {
    const char *region;  /* default us-east-1 */
    const char *account; /* default 123456789012 */
    /* API Gateway */
    const char *method;             /* GET */
    const char *path;               /* "/" */
    const char *body;               /* also SQS, SNS: the message */
    const char *stage;              /* "prod" (v1), "$default" (v2) */
    const char *const *path_params; /* "name=value"; a path segment equal to value becomes {name} */
    size_t n_path_params;
    const char *const *query; /* "name=value" */
    size_t n_query;
    const char *const *headers; /* "Name=value" */
    size_t n_headers;
    /* S3 */
    const char *bucket;
    const char *key;
    /* SQS, SNS */
    const char *queue;
    const char *topic;
    const char *subject;
    /* EventBridge */
    const char *source;
    const char *detail_type;
    const char *detail; /* JSON text */
    /* schedule */
    const char *rule;
    long long now_ms; /* 0: the current time */
};

/* "api-gateway-v1" (also "rest-api"), "api-gateway-v2" (also "apigw", "http-api"), "sqs",
 * "s3", "sns", "eventbridge", "schedule"; -1 for anything else. */
int sl_event_type_parse(const char *name, enum sl_event_type *out);
/* The main name of a type ("api-gateway-v2"); "" for a value that is none. */
const char *sl_event_type_name(enum sl_event_type type);
/* The names in the order above, for help and errors: "api-gateway-v1, api-gateway-v2, ...". */
const char *sl_event_type_names(void);

/* The event as pretty JSON (malloc'ed, ending in a newline). SL_EINVAL with a sentence for
 * an option it cannot use ("name=value" without '=', --detail that is not JSON, ...). */
enum sl_err sl_event_template(enum sl_event_type type, const struct sl_event_template_opts *o,
                              char **out, struct sl_error *err);

#endif
