#include "session.h"

#include <stdio.h>
#include <string.h>

#include "client.h"
#include "i18n.h"

enum sl_err sl_session_open(const struct sl_session_opts *o, struct sl_client **out, char *label,
                            size_t labellen, struct sl_error *err)
{
    struct sl_client_opts co;
    struct sl_client *c = NULL;
    const struct sl_credentials *creds;
    enum sl_err rc;

    *out = NULL;
    memset(&co, 0, sizeof(co));
    co.profile = o->profile;
    co.profile_explicit = o->profile_explicit;
    co.region = o->region;
    co.endpoint_url = o->endpoint_url;
    co.debug_fd = o->debug_fd;
    co.mfa_prompt = o->mfa_prompt;
    co.mfa_ud = o->mfa_ud;
    rc = sl_client_new(&co, &c, err);
    if (!rc)
        rc = sl_client_credentials(c, &creds, err);
    if (rc) {
        sl_client_free(&c);
        return rc;
    }
    if (creds->source == SL_CREDS_ENV)
        snprintf(label, labellen, "%s", _("(environment)"));
    else
        snprintf(label, labellen, "%s", sl_client_profile(c));
    *out = c;
    return SL_OK;
}
