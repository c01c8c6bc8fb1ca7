/* What the client must know of each AWS service: names for signing, host and endpoint
 * overrides, and its wire protocol. */
#ifndef SL_SERVICE_H
#define SL_SERVICE_H

enum sl_protocol {
    SL_PROTO_QUERY,     /* form POST, XML answer (STS, CloudFormation, CloudWatch) */
    SL_PROTO_JSON,      /* awsJson 1.0/1.1, X-Amz-Target (CloudWatch Logs) */
    SL_PROTO_REST_JSON, /* REST paths, JSON bodies (Lambda) */
    SL_PROTO_REST_XML,  /* S3 */
};

struct sl_service {
    const char *signing_name; /* "lambda", "logs", "monitoring", ... */
    const char *host_prefix;  /* "lambda" in lambda.R.amazonaws.com */
    const char *env_suffix;   /* "LAMBDA" in AWS_ENDPOINT_URL_LAMBDA */
    const char *config_key;   /* "lambda" in a [services] section */
    enum sl_protocol protocol;
    const char *api_version; /* query Version=, "" otherwise */
    const char *json_target; /* "Logs_20140328" for X-Amz-Target, "" otherwise */
    const char *json_content_type;
    int s3; /* single path encoding, x-amz-content-sha256 */
};

extern const struct sl_service sl_service_sts;
extern const struct sl_service sl_service_cloudformation;
extern const struct sl_service sl_service_lambda;
extern const struct sl_service sl_service_logs;
extern const struct sl_service sl_service_cloudwatch;
extern const struct sl_service sl_service_s3;

#endif
