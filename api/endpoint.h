/* Where a service is reached: the regional AWS endpoint or an override (aws-wire.md §1.1). */
#ifndef SL_ENDPOINT_H
#define SL_ENDPOINT_H

#include "sl_error.h"

struct sl_aws_config;
struct sl_service;

struct sl_endpoint {
    char *scheme;    /* "https" or "http" */
    char *host;      /* lowercase, with ":port" when not the scheme's default */
    char *base_path; /* "" or "/x" (no trailing slash), from an override URL */
    int overridden;  /* 1 when the URL came from the command line, environment or profile */
};

/* Resolution order, first hit wins:
 *   1. cli_url (--endpoint-url);
 *   2. AWS_ENDPOINT_URL_<svc->env_suffix>;
 *   3. AWS_ENDPOINT_URL;
 *   4. the [services NAME] section named by the profile's "services = NAME", nested key
 *      svc->config_key, sub-key endpoint_url;
 *   5. the profile's endpoint_url;
 *   6. https://<host_prefix>.<region>.amazonaws.com (".amazonaws.com.cn" for cn-* regions,
 *      ".amazonaws.eu" for eusc-*).
 * Steps 2-5 are skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is "true" or, with that
 * variable unset, when the profile says ignore_configured_endpoint_urls = true.
 * profile NULL: the profile in force. SL_ENOREGION when step 6 is reached without a region;
 * SL_ECONFIG with a sentence for a URL that is not valid. out is overwritten (not freed). */
enum sl_err sl_endpoint_resolve(const struct sl_aws_config *cfg, const char *profile,
                                const struct sl_service *svc, const char *region,
                                const char *cli_url, struct sl_endpoint *out, struct sl_error *err);

/* Parses "http[s]://host[:port][/base/path]" into out (overridden = 1). User names,
 * passwords, queries and fragments are refused; SL_ECONFIG with a sentence. */
enum sl_err sl_endpoint_parse_url(const char *url, struct sl_endpoint *out, struct sl_error *err);

/* Frees the strings and zeroes the struct (NULL-safe). */
void sl_endpoint_clear(struct sl_endpoint *e);

/* 1 when S3 requests for bucket must use path style (https://host/BUCKET/KEY):
 * the profile's nested "s3 = / addressing_style = path"; otherwise (unless it says
 * "virtual") an overridden endpoint or a bucket name with dots. A bucket name that cannot
 * be a DNS label always uses path style. endpoint and bucket may be NULL. */
int sl_endpoint_s3_path_style(const struct sl_aws_config *cfg, const char *profile,
                              const struct sl_endpoint *endpoint, const char *bucket);

#endif
