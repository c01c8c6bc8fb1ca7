#include "sts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "i18n.h"
#include "timeutil.h"
#include "xml.h"

/* Parses a Query answer and finds <OpResult>; *root must be freed by the caller. */
static enum sl_err sts_result(struct sl_call *call, const char *result_name,
                              struct sl_xml_node **root, const struct sl_xml_node **result,
                              struct sl_error *err)
{
    enum sl_err rc = sl_xml_parse(call->resp.body.data ? call->resp.body.data : "",
                                  call->resp.body.len, root, err);
    if (rc)
        return rc;
    *result = sl_xml_child(*root, result_name);
    if (!*result)
        return sl_error_set(err, SL_EPARSE, _("The STS answer has no %s element."), result_name);
    return SL_OK;
}

static void copy_text(char *dst, size_t len, const struct sl_xml_node *n, const char *path)
{
    snprintf(dst, len, "%s", sl_xml_text(sl_xml_path(n, path)));
}

enum sl_err sl_sts_parse_caller_identity(const char *body, size_t len,
                                         struct sl_caller_identity *out, struct sl_error *err)
{
    struct sl_xml_node *root = NULL;
    const struct sl_xml_node *res;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    rc = sl_xml_parse(body ? body : "", body ? len : 0, &root, err);
    if (rc)
        goto out;
    res = sl_xml_child(root, "GetCallerIdentityResult");
    if (!res) {
        rc = sl_error_set(err, SL_EPARSE, _("The STS answer has no %s element."),
                          "GetCallerIdentityResult");
        goto out;
    }
    copy_text(out->account, sizeof(out->account), res, "Account");
    copy_text(out->arn, sizeof(out->arn), res, "Arn");
    copy_text(out->user_id, sizeof(out->user_id), res, "UserId");
    if (!out->arn[0])
        rc = sl_error_set(err, SL_EPARSE, "%s", _("The STS answer has no Arn."));
out:
    sl_xml_free(&root);
    return rc;
}

enum sl_err sl_sts_get_caller_identity(struct sl_client *c, struct sl_caller_identity *out,
                                       struct sl_error *err)
{
    struct sl_call call;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    sl_call_init(&call, &sl_service_sts, "GetCallerIdentity");
    rc = sl_client_call_sync(c, &call);
    if (rc) {
        if (err)
            *err = call.err;
        goto out;
    }
    rc = sl_sts_parse_caller_identity(call.resp.body.data, call.resp.body.len, out, err);
out:
    sl_call_cleanup(&call);
    return rc;
}

enum sl_err sl_sts_assume_role(struct sl_client *c, const struct sl_assume_role_params *p,
                               struct sl_credentials *out, struct sl_error *err)
{
    struct sl_call call;
    struct sl_xml_node *root = NULL;
    const struct sl_xml_node *res;
    char num[32];
    enum sl_err rc;
    long long exp = 0;

    memset(out, 0, sizeof(*out));
    sl_call_init(&call, &sl_service_sts, "AssumeRole");
    rc = sl_call_query_param(&call, "RoleArn", p->role_arn);
    if (!rc)
        rc = sl_call_query_param(&call, "RoleSessionName", p->role_session_name);
    if (!rc && p->duration_seconds) {
        snprintf(num, sizeof(num), "%d", p->duration_seconds);
        rc = sl_call_query_param(&call, "DurationSeconds", num);
    }
    if (!rc && p->external_id)
        rc = sl_call_query_param(&call, "ExternalId", p->external_id);
    if (!rc && p->mfa_serial) {
        rc = sl_call_query_param(&call, "SerialNumber", p->mfa_serial);
        if (!rc)
            rc = sl_call_query_param(&call, "TokenCode", p->token_code ? p->token_code : "");
    }
    if (rc)
        goto out;
    /* An MFA code cannot be used twice: never repeat AssumeRole after it may have arrived. */
    call.idempotent = p->mfa_serial == NULL;
    rc = sl_client_call_sync(c, &call);
    if (rc) {
        if (err)
            *err = call.err; /* the chain names the role and the profile */
        goto out;
    }
    rc = sts_result(&call, "AssumeRoleResult", &root, &res, err);
    if (rc)
        goto out;
    out->access_key_id = strdup(sl_xml_text(sl_xml_path(res, "Credentials/AccessKeyId")));
    out->secret_access_key = strdup(sl_xml_text(sl_xml_path(res, "Credentials/SecretAccessKey")));
    out->session_token = strdup(sl_xml_text(sl_xml_path(res, "Credentials/SessionToken")));
    if (!out->access_key_id || !out->secret_access_key || !out->session_token) {
        rc = SL_ENOMEM;
        goto out;
    }
    if (!out->access_key_id[0] || !out->secret_access_key[0] ||
        sl_time_parse_iso8601(sl_xml_text(sl_xml_path(res, "Credentials/Expiration")), &exp)) {
        rc = sl_error_set(err, SL_EPARSE, "%s",
                          _("The AssumeRole answer lacks credentials or their expiry."));
        goto out;
    }
    out->expires_ms = exp;
    out->source = SL_CREDS_ASSUME_ROLE;
out:
    if (rc)
        sl_credentials_clear(out);
    sl_xml_free(&root);
    sl_call_cleanup(&call);
    return rc;
}
