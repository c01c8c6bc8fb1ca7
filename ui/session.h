/* A console session's AWS client: made for a profile and region, with its credentials resolved
 * at once (so a role's MFA code is asked when the session starts, not halfway through a load),
 * and the profile's name as the header shows it. Used when the console switches profile or
 * region. */
#ifndef SL_UI_SESSION_H
#define SL_UI_SESSION_H

#include <stddef.h>

#include "creds.h"
#include "sl_error.h"

struct sl_client;

struct sl_session_opts {
    const char *profile;  /* NULL: AWS_PROFILE, AWS_DEFAULT_PROFILE or "default" */
    int profile_explicit; /* a chosen profile: environment keys are skipped */
    const char *region;   /* NULL: AWS_REGION, AWS_DEFAULT_REGION or the profile's */
    const char *endpoint_url;
    int debug_fd;
    sl_mfa_prompt_fn mfa_prompt;
    void *mfa_ud;
};

/* The client in *out, and in label the profile ("(environment)" for environment keys). On
 * failure nothing is kept and err holds the sentence. */
enum sl_err sl_session_open(const struct sl_session_opts *o, struct sl_client **out, char *label,
                            size_t labellen, struct sl_error *err);

#endif
