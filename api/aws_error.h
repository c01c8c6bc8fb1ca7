/* Turns an AWS error answer (4xx/5xx) into struct sl_error, for every wire protocol
 * (aws-wire.md §2): awsQuery and S3 XML bodies, awsJson and restJson bodies and headers. */
#ifndef SL_AWS_ERROR_H
#define SL_AWS_ERROR_H

#include <stddef.h>

#include "http.h"
#include "service.h"
#include "sl_error.h"

/* Clears and fills err (NULL-safe): http_status, the normalised code, the message, the
 * request id and retryable (from sl_retry_classify). A body that is not the protocol's error
 * document (an HTML 502 from a proxy, an empty HEAD answer) still gives the status and a
 * sentence. Returns SL_ENOTFOUND when the error says a resource does not exist
 * (ResourceNotFoundException, NoSuchBucket, CloudFormation's "does not exist", ...),
 * SL_EAWS otherwise. */
enum sl_err sl_aws_error_decode(enum sl_protocol proto, const struct sl_http_response *resp,
                                struct sl_error *err);

/* Normalises an error code into out: drops everything up to the last '#' and from the first
 * ':' on, trims spaces ("aws.protocoltests#FooError:http://..." gives "FooError"). */
void sl_aws_error_code_normalise(const char *code, char *out, size_t outlen);

/* 1 when code (and message, for CloudFormation's ValidationError) means "not found". */
int sl_aws_error_is_not_found(const char *code, const char *message);

#endif
