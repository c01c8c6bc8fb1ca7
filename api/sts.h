/* STS: who am I, and AssumeRole for the credential chain. */
#ifndef SL_STS_H
#define SL_STS_H

#include <stddef.h>

#include "creds.h"
#include "sl_error.h"

struct sl_client;

struct sl_caller_identity {
    char account[32];
    char arn[2048];
    char user_id[256];
};

enum sl_err sl_sts_get_caller_identity(struct sl_client *c, struct sl_caller_identity *out,
                                       struct sl_error *err);
/* Pure: parses a GetCallerIdentity answer body (need not be NUL-terminated) into *out, for
 * callers that send the call themselves (sl_call_init(call, &sl_service_sts,
 * "GetCallerIdentity") + sl_client_send()). SL_EPARSE with a sentence when it is not one. */
enum sl_err sl_sts_parse_caller_identity(const char *body, size_t len,
                                         struct sl_caller_identity *out, struct sl_error *err);

/* AssumeRole signed with the client's credentials; fills *out (source SL_CREDS_ASSUME_ROLE). */
enum sl_err sl_sts_assume_role(struct sl_client *c, const struct sl_assume_role_params *p,
                               struct sl_credentials *out, struct sl_error *err);

#endif
