/* AWS credentials and the provider chain the AWS CLI uses (aws-wire.md §11): environment,
 * assume-role profiles (source_profile / credential_source, MFA, chained roles),
 * shared credentials file, credential_process, config-file keys. */
#ifndef SL_CREDS_H
#define SL_CREDS_H

#include "sl_error.h"

struct sl_aws_config;
struct sl_clock;

enum sl_creds_source {
    SL_CREDS_NONE,
    SL_CREDS_ENV,         /* AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY */
    SL_CREDS_PROFILE,     /* static keys in the credentials or config file */
    SL_CREDS_PROCESS,     /* credential_process */
    SL_CREDS_ASSUME_ROLE, /* role_arn through STS AssumeRole */
};

/* Never printed: only access_key_id may appear (in Authorization's Credential=). */
struct sl_credentials {
    char *access_key_id;
    char *secret_access_key;
    char *session_token;  /* NULL for long-term keys */
    long long expires_ms; /* 0: does not expire */
    enum sl_creds_source source;
    char *profile; /* profile the keys came from, NULL for the environment */
};

/* Frees the strings (wiping the secret first) and zeroes the struct. NULL-safe. */
void sl_credentials_clear(struct sl_credentials *c);
/* Deep copy; SL_ENOMEM. */
enum sl_err sl_credentials_copy(struct sl_credentials *dst, const struct sl_credentials *src);
/* Short English token for output a script reads: "env", "profile", "process", "assume-role". */
const char *sl_creds_source_name(enum sl_creds_source s);

struct sl_assume_role_params {
    const char *role_arn;
    const char *role_session_name;
    const char *external_id; /* NULL if none */
    const char *mfa_serial;  /* NULL if none */
    const char *token_code;  /* the MFA code, when mfa_serial is set */
    int duration_seconds;    /* 0: the service default */
    const char *region;      /* region STS is called in */
};

/* How the chain calls STS AssumeRole: the client provides it; tests provide a fake. */
typedef enum sl_err (*sl_assume_role_fn)(void *ud, const struct sl_credentials *source,
                                         const struct sl_assume_role_params *p,
                                         struct sl_credentials *out, struct sl_error *err);

/* Asks a person for the MFA code of serial; writes at most len-1 chars to code.
 * Returns SL_OK, or SL_ECANCELLED when no code can be had (no terminal, Esc). */
typedef enum sl_err (*sl_mfa_prompt_fn)(void *ud, const char *mfa_serial, char *code, size_t len);

struct sl_creds_opts {
    const char *profile;  /* NULL: AWS_PROFILE, AWS_DEFAULT_PROFILE, then "default" */
    int profile_explicit; /* --profile given: environment keys are skipped */
    const char *region;   /* used for STS calls of assume-role profiles */
    sl_assume_role_fn assume_role;
    void *assume_role_ud;
    sl_mfa_prompt_fn mfa_prompt;
    void *mfa_ud;
    const struct sl_clock *clock; /* NULL: the system clock */
    struct sl_creds_cache *cache; /* NULL: every call assumes roles afresh */
};

/* Refresh temporary credentials when less than this is left (botocore's advisory margin). */
#define SL_CREDS_REFRESH_MARGIN_MS (15LL * 60 * 1000)

/* Assumed-role credentials kept for the life of the process, keyed by profile and role ARN,
 * reused by sl_creds_resolve (opts->cache) until SL_CREDS_REFRESH_MARGIN_MS before they
 * expire. This spares STS calls and repeated MFA prompts when a chained role is refreshed.
 * The client owns one cache and keeps the credentials it uses; when
 * sl_credentials_expiring(c, clock, SL_CREDS_REFRESH_MARGIN_MS) says so, it calls
 * sl_creds_resolve again. Nothing is written to disk. */
struct sl_creds_cache;
struct sl_creds_cache *sl_creds_cache_new(void);
/* Forgets everything (wiping the secrets), e.g. after the files were reloaded. NULL-safe. */
void sl_creds_cache_clear(struct sl_creds_cache *cache);
void sl_creds_cache_free(struct sl_creds_cache **cache);

/* Walks the chain for opts->profile and fills *out. On failure one clear sentence in
 * err->message names the profile and what is wrong (missing key, unknown source_profile,
 * a cycle, a credential_process that failed or printed bad JSON, ...). */
enum sl_err sl_creds_resolve(const struct sl_aws_config *cfg, const struct sl_creds_opts *opts,
                             struct sl_credentials *out, struct sl_error *err);

/* True when c expires within margin_ms of now (0 expiry never does). */
int sl_credentials_expiring(const struct sl_credentials *c, const struct sl_clock *clock,
                            long long margin_ms);

#endif
