/* The credentials provider chain (aws-wire.md §11.1), as botocore walks it:
 *   environment (unless --profile) -> assume-role profile -> credentials file keys ->
 *   credential_process -> config file keys.
 * A source_profile is resolved the same way, except that its static keys win over its own
 * role_arn (botocore's _resolve_source_credentials). */
#include "creds.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_config.h"
#include "clock.h"
#include "credential_process.h"
#include "i18n.h"
#include "timeutil.h"

/* Longest source_profile chain followed. */
#define SL_CREDS_MAX_CHAIN 16

struct cache_entry {
    char *profile;
    char *role_arn;
    struct sl_credentials creds;
};

struct sl_creds_cache {
    struct cache_entry *v;
    size_t n;
};

/* One walk of the chain. */
struct chain {
    const struct sl_aws_config *cfg;
    const struct sl_creds_opts *opts;
    const struct sl_clock *clock;
    const char *top; /* the profile asked for */
    const char *path[SL_CREDS_MAX_CHAIN];
    size_t npath; /* assume-role profiles being resolved, outermost first */
};

/* ---- credentials ----------------------------------------------------------------------- */

static void wipe_free(char **s)
{
    if (*s) {
        OPENSSL_cleanse(*s, strlen(*s));
        free(*s);
        *s = NULL;
    }
}

void sl_credentials_clear(struct sl_credentials *c)
{
    if (!c)
        return;
    wipe_free(&c->secret_access_key);
    wipe_free(&c->session_token);
    free(c->access_key_id);
    free(c->profile);
    memset(c, 0, sizeof(*c));
}

static int dup_opt(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 1;
    *dst = strdup(src);
    return *dst != NULL;
}

/* Fills *out from strings; on failure *out is left cleared. */
static enum sl_err creds_fill(struct sl_credentials *out, const char *ak, const char *sk,
                              const char *token, long long expires_ms, enum sl_creds_source source,
                              const char *profile)
{
    struct sl_credentials c;

    memset(&c, 0, sizeof(c));
    if (!dup_opt(&c.access_key_id, ak) || !dup_opt(&c.secret_access_key, sk) ||
        !dup_opt(&c.session_token, token) || !dup_opt(&c.profile, profile)) {
        sl_credentials_clear(&c);
        memset(out, 0, sizeof(*out));
        return SL_ENOMEM;
    }
    c.expires_ms = expires_ms;
    c.source = source;
    *out = c;
    return SL_OK;
}

enum sl_err sl_credentials_copy(struct sl_credentials *dst, const struct sl_credentials *src)
{
    if (!dst)
        return SL_EINVAL;
    if (!src) {
        memset(dst, 0, sizeof(*dst));
        return SL_EINVAL;
    }
    return creds_fill(dst, src->access_key_id, src->secret_access_key, src->session_token,
                      src->expires_ms, src->source, src->profile);
}

const char *sl_creds_source_name(enum sl_creds_source s)
{
    switch (s) {
    case SL_CREDS_ENV:
        return "env";
    case SL_CREDS_PROFILE:
        return "profile";
    case SL_CREDS_PROCESS:
        return "process";
    case SL_CREDS_ASSUME_ROLE:
        return "assume-role";
    case SL_CREDS_NONE:
        break;
    }
    return "none";
}

int sl_credentials_expiring(const struct sl_credentials *c, const struct sl_clock *clock,
                            long long margin_ms)
{
    if (!c)
        return 1;
    if (!c->expires_ms)
        return 0;
    if (!clock)
        clock = sl_clock_system();
    return sl_clock_now_ms(clock) + margin_ms >= c->expires_ms;
}

/* ---- cache ----------------------------------------------------------------------------- */

struct sl_creds_cache *sl_creds_cache_new(void)
{
    return calloc(1, sizeof(struct sl_creds_cache));
}

void sl_creds_cache_clear(struct sl_creds_cache *cache)
{
    size_t i;

    if (!cache)
        return;
    for (i = 0; i < cache->n; i++) {
        free(cache->v[i].profile);
        free(cache->v[i].role_arn);
        sl_credentials_clear(&cache->v[i].creds);
    }
    free(cache->v);
    cache->v = NULL;
    cache->n = 0;
}

void sl_creds_cache_free(struct sl_creds_cache **cache)
{
    if (!cache || !*cache)
        return;
    sl_creds_cache_clear(*cache);
    free(*cache);
    *cache = NULL;
}

static struct cache_entry *cache_find(struct sl_creds_cache *cache, const char *profile,
                                      const char *role_arn)
{
    size_t i;

    for (i = 0; cache && i < cache->n; i++) {
        if (strcmp(cache->v[i].profile, profile) == 0 &&
            strcmp(cache->v[i].role_arn, role_arn) == 0)
            return &cache->v[i];
    }
    return NULL;
}

/* Remembers a copy of c; a failure to do so only costs a later STS call. */
static void cache_put(struct sl_creds_cache *cache, const char *profile, const char *role_arn,
                      const struct sl_credentials *c)
{
    struct cache_entry *e, *grown;

    if (!cache)
        return;
    e = cache_find(cache, profile, role_arn);
    if (e) {
        sl_credentials_clear(&e->creds);
        if (sl_credentials_copy(&e->creds, c) != SL_OK)
            memset(&e->creds, 0, sizeof(e->creds));
        return;
    }
    grown = realloc(cache->v, (cache->n + 1) * sizeof(*grown));
    if (!grown)
        return;
    cache->v = grown;
    e = &cache->v[cache->n];
    memset(e, 0, sizeof(*e));
    e->profile = strdup(profile);
    e->role_arn = strdup(role_arn);
    if (!e->profile || !e->role_arn || sl_credentials_copy(&e->creds, c) != SL_OK) {
        free(e->profile);
        free(e->role_arn);
        return;
    }
    cache->n++;
}

/* ---- chain ----------------------------------------------------------------------------- */

static const char *nonempty_env(const char *name)
{
    const char *v = getenv(name);

    return v && *v ? v : NULL;
}

static const char *get(const struct chain *ch, const char *profile, const char *key)
{
    const char *v = sl_aws_config_get(ch->cfg, profile, key);

    return v && *v ? v : NULL;
}

static const char *get_in(const struct chain *ch, enum sl_aws_file which, const char *profile,
                          const char *key)
{
    const char *v = sl_aws_config_get_in(ch->cfg, which, profile, key);

    return v && *v ? v : NULL;
}

static const char *path_of(const struct chain *ch, enum sl_aws_file which)
{
    const char *p = sl_aws_config_path(ch->cfg, which);

    return p ? p : _("(no file)");
}

/* Keys from the environment; SL_ENOTFOUND (no message) when neither key variable is set. */
static enum sl_err from_env(struct sl_credentials *out, struct sl_error *err)
{
    const char *ak = nonempty_env("AWS_ACCESS_KEY_ID");
    const char *sk = nonempty_env("AWS_SECRET_ACCESS_KEY");
    const char *token = nonempty_env("AWS_SESSION_TOKEN");
    const char *exp = nonempty_env("AWS_CREDENTIAL_EXPIRATION");
    long long expires = 0;

    if (!ak && !sk)
        return SL_ENOTFOUND;
    if (!sk)
        return sl_error_set(err, SL_ECONFIG,
                            _("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set "
                              "both or neither."));
    if (!ak)
        return sl_error_set(err, SL_ECONFIG,
                            _("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set "
                              "both or neither."));
    if (!token)
        token = nonempty_env("AWS_SECURITY_TOKEN");
    if (exp && sl_time_parse_iso8601(exp, &expires) != 0)
        return sl_error_set(err, SL_ECONFIG,
                            _("AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time such as "
                              "2030-01-31T12:00:00Z."));
    return creds_fill(out, ak, sk, token, expires, SL_CREDS_ENV, NULL);
}

/* Static keys of a profile in one file; SL_ENOTFOUND (no message) when it has none. */
static enum sl_err static_keys(const struct chain *ch, enum sl_aws_file which, const char *profile,
                               struct sl_credentials *out, struct sl_error *err)
{
    const char *ak = get_in(ch, which, profile, "aws_access_key_id");
    const char *sk = get_in(ch, which, profile, "aws_secret_access_key");
    const char *token = get_in(ch, which, profile, "aws_session_token");

    if (!ak && !sk)
        return SL_ENOTFOUND;
    if (!sk)
        return sl_error_set(err, SL_ECONFIG,
                            _("The profile \"%s\" in %s has aws_access_key_id but no "
                              "aws_secret_access_key."),
                            profile, path_of(ch, which));
    if (!ak)
        return sl_error_set(err, SL_ECONFIG,
                            _("The profile \"%s\" in %s has aws_secret_access_key but no "
                              "aws_access_key_id."),
                            profile, path_of(ch, which));
    if (!token)
        token = get_in(ch, which, profile, "aws_security_token");
    return creds_fill(out, ak, sk, token, 0, SL_CREDS_PROFILE, profile);
}

static int has_static(const struct chain *ch, const char *profile)
{
    return get(ch, profile, "aws_access_key_id") || get(ch, profile, "aws_secret_access_key") ||
           get(ch, profile, "aws_session_token");
}

/* Credentials file keys, credential_process, config file keys; SL_ENOTFOUND when none. */
static enum sl_err profile_providers(const struct chain *ch, const char *profile,
                                     struct sl_credentials *out, struct sl_error *err)
{
    const char *cp;
    enum sl_err rc;

    rc = static_keys(ch, SL_AWS_FILE_CREDENTIALS, profile, out, err);
    if (rc != SL_ENOTFOUND)
        return rc;
    cp = get(ch, profile, "credential_process");
    if (cp)
        return sl_credential_process_run(cp, profile, 0, out, err);
    return static_keys(ch, SL_AWS_FILE_CONFIG, profile, out, err);
}

static enum sl_err no_credentials(const struct chain *ch, const char *profile, struct sl_error *err)
{
    if (get(ch, profile, "sso_session") || get(ch, profile, "sso_start_url"))
        return sl_error_set(err, SL_ENOCREDS,
                            _("The profile \"%s\" uses IAM Identity Center (SSO), which slctl "
                              "does not support yet: export the keys with \"aws configure "
                              "export-credentials --format env\"."),
                            profile);
    return sl_error_set(err, SL_ENOCREDS,
                        _("The profile \"%s\" has no credentials: it needs aws_access_key_id "
                          "and aws_secret_access_key, role_arn, or credential_process."),
                        profile);
}

static enum sl_err resolve_profile(struct chain *ch, const char *profile, int depth,
                                   struct sl_credentials *out, struct sl_error *err);

/* "A -> B -> A" into buf. */
static void describe_loop(const struct chain *ch, const char *again, char *buf, size_t len)
{
    size_t i, n = 0;

    buf[0] = '\0';
    for (i = 0; i < ch->npath && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s -> ", ch->path[i]);
    if (n < len)
        snprintf(buf + n, len - n, "%s", again);
}

/* The credentials an assume-role profile starts from (source_profile or
 * credential_source). The profile is already on ch->path. */
static enum sl_err role_source(struct chain *ch, const char *profile, const char *sp,
                               const char *cs, int depth, struct sl_credentials *out,
                               struct sl_error *err)
{
    char loop[512];
    enum sl_err rc;
    size_t i;

    if (cs) {
        if (strcmp(cs, "Environment") == 0) {
            rc = from_env(out, err);
            if (rc == SL_ENOTFOUND)
                rc = sl_error_set(err, SL_ENOCREDS,
                                  _("The profile \"%s\" has credential_source = Environment, but "
                                    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set."),
                                  profile);
            return rc;
        }
        if (strcmp(cs, "Ec2InstanceMetadata") == 0 || strcmp(cs, "EcsContainer") == 0)
            return sl_error_set(err, SL_ECONFIG,
                                _("The profile \"%s\" has credential_source = %s, which slctl "
                                  "does not support: use Environment or source_profile."),
                                profile, cs);
        return sl_error_set(err, SL_ECONFIG,
                            _("The profile \"%s\" has credential_source = \"%s\"; it must be "
                              "Environment, Ec2InstanceMetadata or EcsContainer."),
                            profile, cs);
    }
    if (!sl_aws_config_has_profile(ch->cfg, sp))
        return sl_error_set(err, SL_ECONFIG,
                            _("The profile \"%s\" names source_profile \"%s\", which was not "
                              "found in %s or %s."),
                            profile, sp, path_of(ch, SL_AWS_FILE_CONFIG),
                            path_of(ch, SL_AWS_FILE_CREDENTIALS));
    for (i = 0; i < ch->npath; i++) {
        if (strcmp(ch->path[i], sp) != 0)
            continue;
        /* A profile may name itself to start from its own static keys. */
        if (strcmp(sp, profile) == 0 && has_static(ch, profile)) {
            rc = static_keys(ch, SL_AWS_FILE_CREDENTIALS, profile, out, err);
            if (rc == SL_ENOTFOUND)
                rc = static_keys(ch, SL_AWS_FILE_CONFIG, profile, out, err);
            if (rc == SL_ENOTFOUND)
                rc = no_credentials(ch, profile, err);
            return rc;
        }
        describe_loop(ch, sp, loop, sizeof(loop));
        return sl_error_set(err, SL_ECONFIG,
                            _("The profiles form a loop through source_profile: %s. A profile "
                              "may name itself only when it has its own aws_access_key_id and "
                              "aws_secret_access_key."),
                            loop);
    }
    return resolve_profile(ch, sp, depth + 1, out, err);
}

static enum sl_err ask_mfa(const struct chain *ch, const char *profile, const char *serial,
                           char *code, size_t len, struct sl_error *err)
{
    const struct sl_creds_opts *o = ch->opts;
    size_t n;

    code[0] = '\0';
    if (!o->mfa_prompt)
        return sl_error_set(err, SL_ENOCREDS,
                            _("The profile \"%s\" needs an MFA code for %s, but there is no way "
                              "to ask for one here."),
                            profile, serial);
    if (o->mfa_prompt(o->mfa_ud, serial, code, len) != SL_OK)
        code[0] = '\0';
    code[len - 1] = '\0';
    n = strlen(code);
    while (n && (code[n - 1] == '\n' || code[n - 1] == '\r' || code[n - 1] == ' '))
        code[--n] = '\0';
    if (!n)
        return sl_error_set(err, SL_ENOCREDS, _("No MFA code was entered for profile \"%s\" (%s)."),
                            profile, serial);
    return SL_OK;
}

static enum sl_err assume_role_profile(struct chain *ch, const char *profile, int depth,
                                       struct sl_credentials *out, struct sl_error *err)
{
    const struct sl_creds_opts *o = ch->opts;
    const char *role_arn = get(ch, profile, "role_arn");
    const char *sp = get(ch, profile, "source_profile");
    const char *cs = get(ch, profile, "credential_source");
    const char *dur = get(ch, profile, "duration_seconds");
    const char *name = get(ch, profile, "role_session_name");
    struct sl_assume_role_params p;
    struct sl_credentials source, res;
    struct cache_entry *hit;
    char session[64], code[64], inner[sizeof(err->message)];
    enum sl_err rc;

    memset(&p, 0, sizeof(p));
    memset(&source, 0, sizeof(source));
    memset(&res, 0, sizeof(res));
    memset(code, 0, sizeof(code));
    if (sp && cs)
        return sl_error_set(err, SL_ECONFIG,
                            _("The profile \"%s\" has both source_profile and "
                              "credential_source; it must have exactly one."),
                            profile);
    if (!sp && !cs) {
        if (get(ch, profile, "web_identity_token_file"))
            return sl_error_set(err, SL_ECONFIG,
                                _("The profile \"%s\" uses web_identity_token_file, which slctl "
                                  "does not support yet."),
                                profile);
        return sl_error_set(err, SL_ECONFIG,
                            _("The profile \"%s\" has role_arn but neither source_profile nor "
                              "credential_source."),
                            profile);
    }
    if (ch->npath == SL_CREDS_MAX_CHAIN)
        return sl_error_set(err, SL_ECONFIG,
                            _("The source_profile chain of profile \"%s\" is longer than %d "
                              "profiles."),
                            ch->top, SL_CREDS_MAX_CHAIN);
    if (dur) {
        char *end;
        long v = strtol(dur, &end, 10);
        if (end == dur || *end || v < 900 || v > 43200)
            return sl_error_set(err, SL_ECONFIG,
                                _("The duration_seconds of profile \"%s\" must be a whole number "
                                  "of seconds from 900 to 43200, not \"%s\"."),
                                profile, dur);
        p.duration_seconds = (int)v;
    }
    hit = cache_find(o->cache, profile, role_arn);
    if (hit && hit->creds.access_key_id &&
        !sl_credentials_expiring(&hit->creds, ch->clock, SL_CREDS_REFRESH_MARGIN_MS))
        return sl_credentials_copy(out, &hit->creds);
    if (!o->assume_role)
        return sl_error_set(err, SL_EINVAL,
                            _("The profile \"%s\" assumes a role, but no STS client was given."),
                            profile);
    if (!name) {
        snprintf(session, sizeof(session), "slctl-session-%lld", sl_clock_now_ms(ch->clock) / 1000);
        name = session;
    }
    p.role_arn = role_arn;
    p.role_session_name = name;
    p.external_id = get(ch, profile, "external_id");
    p.mfa_serial = get(ch, profile, "mfa_serial");
    p.region = o->region && *o->region ? o->region : sl_aws_config_region(ch->cfg, ch->top, NULL);

    ch->path[ch->npath++] = profile;
    rc = role_source(ch, profile, sp, cs, depth, &source, err);
    ch->npath--;
    if (rc)
        goto out;
    if (p.mfa_serial) {
        rc = ask_mfa(ch, profile, p.mfa_serial, code, sizeof(code), err);
        if (rc)
            goto out;
        p.token_code = code;
    }
    rc = o->assume_role(o->assume_role_ud, &source, &p, &res, err);
    if (rc) {
        snprintf(inner, sizeof(inner), "%s",
                 err && err->message[0] ? err->message : sl_strerror(rc));
        sl_error_set(err, rc, _("Assuming role %s for profile \"%s\" failed: %s"), role_arn,
                     profile, inner);
        goto out;
    }
    if (!res.access_key_id || !res.secret_access_key) {
        rc = sl_error_set(err, SL_EAWS,
                          _("STS returned no credentials for role %s of profile "
                            "\"%s\"."),
                          role_arn, profile);
        goto out;
    }
    free(res.profile);
    res.profile = strdup(profile);
    if (!res.profile) {
        rc = SL_ENOMEM;
        goto out;
    }
    res.source = SL_CREDS_ASSUME_ROLE;
    cache_put(o->cache, profile, role_arn, &res);
    *out = res;
    memset(&res, 0, sizeof(res));
out:
    OPENSSL_cleanse(code, sizeof(code));
    sl_credentials_clear(&source);
    sl_credentials_clear(&res);
    return rc;
}

static enum sl_err resolve_profile(struct chain *ch, const char *profile, int depth,
                                   struct sl_credentials *out, struct sl_error *err)
{
    enum sl_err rc;

    if (!(depth > 0 && has_static(ch, profile)) && get(ch, profile, "role_arn"))
        return assume_role_profile(ch, profile, depth, out, err);
    rc = profile_providers(ch, profile, out, err);
    if (rc == SL_ENOTFOUND)
        rc = no_credentials(ch, profile, err);
    return rc;
}

enum sl_err sl_creds_resolve(const struct sl_aws_config *cfg, const struct sl_creds_opts *opts,
                             struct sl_credentials *out, struct sl_error *err)
{
    static const struct sl_creds_opts no_opts;
    struct chain ch;
    const char *profile;
    enum sl_err rc;

    if (!out)
        return SL_EINVAL;
    memset(out, 0, sizeof(*out));
    if (!opts)
        opts = &no_opts;
    memset(&ch, 0, sizeof(ch));
    ch.cfg = cfg;
    ch.opts = opts;
    ch.clock = opts->clock ? opts->clock : sl_clock_system();
    profile = sl_aws_config_profile_name(opts->profile);
    ch.top = profile;
    if (!opts->profile_explicit) {
        rc = from_env(out, err);
        if (rc != SL_ENOTFOUND)
            return rc;
    }
    if (!sl_aws_config_has_profile(cfg, profile)) {
        int chosen = (opts->profile && *opts->profile) || opts->profile_explicit ||
                     nonempty_env("AWS_PROFILE") || nonempty_env("AWS_DEFAULT_PROFILE");
        if (chosen)
            return sl_error_set(err, SL_ECONFIG, _("The profile \"%s\" was not found in %s or %s."),
                                profile, path_of(&ch, SL_AWS_FILE_CONFIG),
                                path_of(&ch, SL_AWS_FILE_CREDENTIALS));
        return sl_error_set(err, SL_ENOCREDS,
                            _("No AWS credentials were found: set AWS_ACCESS_KEY_ID and "
                              "AWS_SECRET_ACCESS_KEY, or add a [default] profile to %s."),
                            path_of(&ch, SL_AWS_FILE_CREDENTIALS));
    }
    return resolve_profile(&ch, profile, 0, out, err);
}
