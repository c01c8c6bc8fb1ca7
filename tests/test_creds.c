/* The credentials chain (aws-wire.md §11.1): environment, static profiles, credential_process
 * (small /bin/sh scripts in a mkdtemp() directory), assume-role profiles through a fake STS
 * that records what it was asked (source_profile, chains, credential_source, MFA, cycles),
 * the in-process cache and expiry against a fake clock. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws_config.h"
#include "clock.h"
#include "credential_process.h"
#include "creds.h"
#include "sl_error.h"

static char tmpdir[256];
static char cfg_path[512], creds_path[512];

static const char *const aws_env[] = {
    "AWS_PROFILE",        "AWS_DEFAULT_PROFILE",       "AWS_REGION",
    "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE",           "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ACCESS_KEY_ID",  "AWS_SECRET_ACCESS_KEY",     "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "AWS_ENDPOINT_URL",
};

static void clear_env(void)
{
    size_t i;

    for (i = 0; i < sizeof(aws_env) / sizeof(aws_env[0]); i++)
        unsetenv(aws_env[i]);
}

/* ---- fakes ----------------------------------------------------------------------------- */

static long long fake_now = 1700000000000LL;

static long long fake_now_ms(void *ud)
{
    (void)ud;
    return fake_now;
}

static long long fake_mono_ms(void *ud)
{
    (void)ud;
    return fake_now;
}

static double fake_random(void *ud)
{
    (void)ud;
    return 0.5;
}

static const struct sl_clock fake_clock = {NULL, fake_now_ms, fake_mono_ms, fake_random};

/* What the fake STS was asked, in order. */
struct sts_call {
    char role_arn[128];
    char session_name[128];
    char external_id[64];
    char mfa_serial[128];
    char token_code[16];
    int duration;
    char region[32];
    char source_ak[64];
    char source_sk[64];
    char source_token[64];
};

static struct sts_call calls[16];
static int ncalls;
static enum sl_err sts_fail; /* SL_OK: succeed */

static void copy_opt(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src ? src : "(null)");
}

static enum sl_err fake_assume_role(void *ud, const struct sl_credentials *source,
                                    const struct sl_assume_role_params *p,
                                    struct sl_credentials *out, struct sl_error *err)
{
    struct sts_call *c;
    char ak[64], sk[64], token[64];
    const char *role = strrchr(p->role_arn, '/');

    ck_assert_ptr_eq(ud, &calls);
    ck_assert_int_lt(ncalls, 16);
    c = &calls[ncalls++];
    copy_opt(c->role_arn, sizeof(c->role_arn), p->role_arn);
    copy_opt(c->session_name, sizeof(c->session_name), p->role_session_name);
    copy_opt(c->external_id, sizeof(c->external_id), p->external_id);
    copy_opt(c->mfa_serial, sizeof(c->mfa_serial), p->mfa_serial);
    copy_opt(c->token_code, sizeof(c->token_code), p->token_code);
    copy_opt(c->region, sizeof(c->region), p->region);
    c->duration = p->duration_seconds;
    copy_opt(c->source_ak, sizeof(c->source_ak), source->access_key_id);
    copy_opt(c->source_sk, sizeof(c->source_sk), source->secret_access_key);
    copy_opt(c->source_token, sizeof(c->source_token), source->session_token);
    if (sts_fail) {
        snprintf(err->code, sizeof(err->code), "AccessDenied");
        return sl_error_set(err, sts_fail, "User is not authorized to perform sts:AssumeRole");
    }
    role = role ? role + 1 : p->role_arn;
    snprintf(ak, sizeof(ak), "ASIA-%s", role);
    snprintf(sk, sizeof(sk), "secret-%s", role);
    snprintf(token, sizeof(token), "token-%s", role);
    memset(out, 0, sizeof(*out));
    out->access_key_id = strdup(ak);
    out->secret_access_key = strdup(sk);
    out->session_token = strdup(token);
    out->expires_ms = fake_now + 3600 * 1000LL;
    out->source = SL_CREDS_NONE;
    out->profile = strdup("set-by-sts"); /* the chain replaces it */
    return SL_OK;
}

static int nprompts;
static char prompted_serial[128];

static enum sl_err fake_prompt(void *ud, const char *mfa_serial, char *code, size_t len)
{
    nprompts++;
    snprintf(prompted_serial, sizeof(prompted_serial), "%s", mfa_serial);
    snprintf(code, len, "%s", ud ? (const char *)ud : "123456\n");
    return SL_OK;
}

static enum sl_err cancel_prompt(void *ud, const char *mfa_serial, char *code, size_t len)
{
    nprompts++;
    return SL_ECANCELLED;
}

/* ---- fixture --------------------------------------------------------------------------- */

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/slctl-creds-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(cfg_path, sizeof(cfg_path), "%s/config", tmpdir);
    snprintf(creds_path, sizeof(creds_path), "%s/credentials", tmpdir);
    clear_env();
    memset(calls, 0, sizeof(calls));
    ncalls = 0;
    sts_fail = SL_OK;
    nprompts = 0;
    prompted_serial[0] = '\0';
    fake_now = 1700000000000LL;
}

static void teardown(void)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char path[512];

    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(tmpdir);
    clear_env();
}

static void write_file(const char *path, const char *text, int mode)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    fclose(f);
    ck_assert_int_eq(chmod(path, (mode_t)mode), 0);
}

/* Writes tmpdir/name as an executable /bin/sh script; its path goes into path. */
static void write_script(const char *name, const char *body, char *path, size_t len)
{
    char text[4096];

    snprintf(path, len, "%s/%s", tmpdir, name);
    snprintf(text, sizeof(text), "#!/bin/sh\n%s", body);
    write_file(path, text, 0755);
}

static struct sl_aws_config *load(const char *config, const char *credentials)
{
    struct sl_aws_config *cfg = NULL;
    struct sl_error err;

    if (config)
        write_file(cfg_path, config, 0600);
    if (credentials)
        write_file(creds_path, credentials, 0600);
    sl_error_clear(&err);
    ck_assert_int_eq(sl_aws_config_load_files(&cfg, cfg_path, creds_path, &err), SL_OK);
    return cfg;
}

static struct sl_creds_opts opts_for(const char *profile, int explicit_profile)
{
    struct sl_creds_opts o;

    memset(&o, 0, sizeof(o));
    o.profile = profile;
    o.profile_explicit = explicit_profile;
    o.region = "eu-central-1";
    o.assume_role = fake_assume_role;
    o.assume_role_ud = &calls;
    o.mfa_prompt = fake_prompt;
    o.clock = &fake_clock;
    return o;
}

/* Resolves and expects success. */
static void resolve_ok(const struct sl_aws_config *cfg, const struct sl_creds_opts *o,
                       struct sl_credentials *c)
{
    struct sl_error err;
    enum sl_err rc;

    sl_error_clear(&err);
    rc = sl_creds_resolve(cfg, o, c, &err);
    ck_assert_msg(rc == SL_OK, "rc %d: %s", rc, err.message);
}

/* The fixtures' secrets all start with "SECRET" or "secret-"; variable names such as
 * AWS_SECRET_ACCESS_KEY may appear in sentences. */
static void assert_no_secret(const char *msg)
{
    const char *p;

    for (p = msg; (p = strstr(p, "SECRET")) != NULL; p++)
        ck_assert_msg(p[6] == '_', "a secret in: %s", msg);
    ck_assert_msg(!strstr(msg, "secret-"), "a secret in: %s", msg);
}

/* Resolves, expects rc, and returns the sentence (static storage). */
static const char *resolve_err(const struct sl_aws_config *cfg, const struct sl_creds_opts *o,
                               enum sl_err want)
{
    static struct sl_error err;
    struct sl_credentials c;
    enum sl_err rc;

    sl_error_clear(&err);
    rc = sl_creds_resolve(cfg, o, &c, &err);
    ck_assert_msg(rc == want, "rc %d, wanted %d: %s", rc, want, err.message);
    ck_assert_ptr_null(c.access_key_id);
    ck_assert_ptr_null(c.secret_access_key);
    ck_assert_msg(err.message[0] != '\0', "no sentence");
    assert_no_secret(err.message);
    return err.message;
}

#define ASSERT_HAS(msg, part) ck_assert_msg(strstr((msg), (part)) != NULL, "%s", (msg))

/* ---- environment ----------------------------------------------------------------------- */

START_TEST(test_env_keys)
{
    struct sl_aws_config *cfg =
        load("[default]\nregion = us-east-1\n", "[default]\naws_access_key_id = AKIDFILE\n"
                                                "aws_secret_access_key = SECRETFILE\n");
    struct sl_creds_opts o = opts_for(NULL, 0);
    struct sl_credentials c;

    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "SECRETENV", 1);
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDENV");
    ck_assert_str_eq(c.secret_access_key, "SECRETENV");
    ck_assert_ptr_null(c.session_token);
    ck_assert_int_eq(c.source, SL_CREDS_ENV);
    ck_assert_ptr_null(c.profile);
    ck_assert_int_eq(c.expires_ms, 0);
    sl_credentials_clear(&c);

    setenv("AWS_SECURITY_TOKEN", "LEGACYTOKEN", 1);
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.session_token, "LEGACYTOKEN");
    sl_credentials_clear(&c);
    setenv("AWS_SESSION_TOKEN", "NEWTOKEN", 1);
    setenv("AWS_CREDENTIAL_EXPIRATION", "2023-11-14T22:13:20Z", 1);
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.session_token, "NEWTOKEN");
    ck_assert_int_eq(c.expires_ms, 1700000000000LL);
    sl_credentials_clear(&c);
    ck_assert_ptr_null(c.access_key_id);

    setenv("AWS_CREDENTIAL_EXPIRATION", "tomorrow", 1);
    ASSERT_HAS(resolve_err(cfg, &o, SL_ECONFIG), "AWS_CREDENTIAL_EXPIRATION");
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_env_partial)
{
    struct sl_aws_config *cfg = load(NULL, NULL);
    struct sl_creds_opts o = opts_for(NULL, 0);
    const char *msg;

    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    msg = resolve_err(cfg, &o, SL_ECONFIG);
    ASSERT_HAS(msg, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    unsetenv("AWS_ACCESS_KEY_ID");
    setenv("AWS_SECRET_ACCESS_KEY", "SECRETENV", 1);
    msg = resolve_err(cfg, &o, SL_ECONFIG);
    ASSERT_HAS(msg, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
    /* an empty variable counts as unset */
    setenv("AWS_SECRET_ACCESS_KEY", "", 1);
    msg = resolve_err(cfg, &o, SL_ENOCREDS);
    ASSERT_HAS(msg, "No AWS credentials were found");
    ASSERT_HAS(msg, creds_path);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_env_skipped_with_explicit_profile)
{
    struct sl_aws_config *cfg =
        load("[profile dev]\nregion = eu-west-1\n", "[dev]\naws_access_key_id = AKIDDEV\n"
                                                    "aws_secret_access_key = SECRETDEV\n");
    struct sl_creds_opts o = opts_for("dev", 1);
    struct sl_credentials c;

    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "SECRETENV", 1);
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDDEV");
    ck_assert_int_eq(c.source, SL_CREDS_PROFILE);
    ck_assert_str_eq(c.profile, "dev");
    sl_credentials_clear(&c);
    /* even a half-set environment is not looked at */
    unsetenv("AWS_SECRET_ACCESS_KEY");
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDDEV");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_aws_profile_does_not_skip_env)
{
    struct sl_aws_config *cfg = load(NULL, "[dev]\naws_access_key_id = AKIDDEV\n"
                                           "aws_secret_access_key = SECRETDEV\n");
    struct sl_creds_opts o = opts_for(NULL, 0);
    struct sl_credentials c;

    setenv("AWS_PROFILE", "dev", 1);
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "SECRETENV", 1);
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDENV");
    ck_assert_int_eq(c.source, SL_CREDS_ENV);
    sl_credentials_clear(&c);
    /* without env keys AWS_PROFILE picks the profile */
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDDEV");
    ck_assert_str_eq(c.profile, "dev");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

/* ---- static profiles ------------------------------------------------------------------- */

START_TEST(test_static_profiles)
{
    struct sl_aws_config *cfg =
        load("[default]\naws_access_key_id = AKIDCFGDEFAULT\naws_secret_access_key = SECRETCFG\n"
             "[profile both]\naws_access_key_id = AKIDCFG\naws_secret_access_key = SECRETCFG\n"
             "[profile cfgonly]\naws_access_key_id = AKIDCFGONLY\n"
             "aws_secret_access_key = SECRETCFGONLY\naws_session_token = TOKENCFG\n",
             "[both]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = SECRETCREDS\n"
             "[legacy]\naws_access_key_id = AKIDLEGACY\naws_secret_access_key = SECRETLEGACY\n"
             "aws_security_token = LEGACYTOKEN\n");
    struct sl_creds_opts o = opts_for("both", 1);
    struct sl_credentials c;

    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDCREDS");
    ck_assert_str_eq(c.secret_access_key, "SECRETCREDS");
    ck_assert_ptr_null(c.session_token);
    ck_assert_int_eq(c.source, SL_CREDS_PROFILE);
    ck_assert_str_eq(c.profile, "both");
    sl_credentials_clear(&c);
    o.profile = "cfgonly";
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDCFGONLY");
    ck_assert_str_eq(c.session_token, "TOKENCFG");
    sl_credentials_clear(&c);
    o.profile = "legacy";
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.session_token, "LEGACYTOKEN");
    sl_credentials_clear(&c);
    /* the default profile when nothing names one */
    o = opts_for(NULL, 0);
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDCFGDEFAULT");
    ck_assert_str_eq(c.profile, "default");
    sl_credentials_clear(&c);
    /* NULL options: the default profile too */
    resolve_ok(cfg, NULL, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDCFGDEFAULT");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_missing_secret)
{
    struct sl_aws_config *cfg = load("[profile cfghalf]\naws_access_key_id = AKIDHALF\n"
                                     "[profile secretonly]\naws_secret_access_key = SECRETONLY\n",
                                     "[credshalf]\naws_access_key_id = AKIDHALF\n"
                                     "[split]\naws_access_key_id = AKIDSPLIT\n");
    struct sl_creds_opts o = opts_for("credshalf", 1);
    const char *msg;
    char want[700];

    msg = resolve_err(cfg, &o, SL_ECONFIG);
    snprintf(want, sizeof(want),
             "The profile \"credshalf\" in %s has aws_access_key_id but no "
             "aws_secret_access_key.",
             creds_path);
    ck_assert_str_eq(msg, want);
    o.profile = "cfghalf";
    msg = resolve_err(cfg, &o, SL_ECONFIG);
    ASSERT_HAS(msg, "\"cfghalf\"");
    ASSERT_HAS(msg, cfg_path);
    o.profile = "secretonly";
    msg = resolve_err(cfg, &o, SL_ECONFIG);
    ASSERT_HAS(msg, "no aws_access_key_id");
    ck_assert_ptr_null(strstr(msg, "SECRETONLY"));
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_unknown_profile)
{
    struct sl_aws_config *cfg = load("[profile dev]\nregion = x\n[nope]\nregion = y\n", NULL);
    struct sl_creds_opts o = opts_for("nope", 1);
    char want[1200];

    snprintf(want, sizeof(want), "The profile \"nope\" was not found in %s or %s.", cfg_path,
             creds_path);
    ck_assert_str_eq(resolve_err(cfg, &o, SL_ECONFIG), want);
    /* named through AWS_PROFILE, even "default" */
    o = opts_for(NULL, 0);
    setenv("AWS_PROFILE", "default", 1);
    ASSERT_HAS(resolve_err(cfg, &o, SL_ECONFIG), "The profile \"default\" was not found");
    /* named by nobody: simply no credentials */
    unsetenv("AWS_PROFILE");
    ASSERT_HAS(resolve_err(cfg, &o, SL_ENOCREDS), "No AWS credentials were found");
    /* a profile without keys */
    o.profile = "dev";
    ASSERT_HAS(resolve_err(cfg, &o, SL_ENOCREDS), "The profile \"dev\" has no credentials");
    sl_aws_config_free(&cfg);
    /* without a configuration at all */
    o = opts_for("dev", 1);
    ASSERT_HAS(resolve_err(NULL, &o, SL_ECONFIG), "The profile \"dev\" was not found");
}
END_TEST

/* ---- credential_process ---------------------------------------------------------------- */

static const char *const good_json =
    "printf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
    "\"SecretAccessKey\": \"SECRETPROC\", \"SessionToken\": \"TOKENPROC\", "
    "\"Expiration\": \"2023-11-14T23:13:20.500Z\"}'\n";

static struct sl_aws_config *process_config(const char *script)
{
    char text[1200];

    snprintf(text, sizeof(text), "[profile proc]\ncredential_process = %s\n", script);
    return load(text, NULL);
}

START_TEST(test_process_ok)
{
    char script[512];
    struct sl_aws_config *cfg;
    struct sl_creds_opts o = opts_for("proc", 1);
    struct sl_credentials c;

    write_script("ok.sh", good_json, script, sizeof(script));
    cfg = process_config(script);
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDPROC");
    ck_assert_str_eq(c.secret_access_key, "SECRETPROC");
    ck_assert_str_eq(c.session_token, "TOKENPROC");
    ck_assert_int_eq(c.expires_ms, 1700003600500LL);
    ck_assert_int_eq(c.source, SL_CREDS_PROCESS);
    ck_assert_str_eq(c.profile, "proc");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_process_args)
{
    char script[512], cmd[1024], args_path[512], got[512];
    struct sl_aws_config *cfg;
    struct sl_creds_opts o = opts_for("proc", 1);
    struct sl_credentials c;
    FILE *f;
    size_t n;
    char body[1024];

    snprintf(args_path, sizeof(args_path), "%s/args.txt", tmpdir);
    snprintf(body, sizeof(body),
             "printf '%%s|' \"$#\" \"$@\" > '%s'\n"
             "printf '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}'\n",
             args_path);
    write_script("args.sh", body, script, sizeof(script));
    snprintf(cmd, sizeof(cmd),
             "%s \"hello world\" 'single $HOME \"x\"' back\\ slash \"dq\\\"in\\\\ner\" '' "
             "plain\t  $HOME",
             script);
    cfg = process_config(cmd);
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "A");
    ck_assert_ptr_null(c.session_token);
    ck_assert_int_eq(c.expires_ms, 0);
    sl_credentials_clear(&c);
    f = fopen(args_path, "r");
    ck_assert_ptr_nonnull(f);
    n = fread(got, 1, sizeof(got) - 1, f);
    got[n] = '\0';
    fclose(f);
    ck_assert_str_eq(got, "7|hello world|single $HOME \"x\"|back slash|dq\"in\\ner||plain|$HOME|");
    sl_aws_config_free(&cfg);
}
END_TEST

static const struct {
    const char *body; /* script body */
    enum sl_err rc;
    const char *part;   /* must be in the sentence */
    const char *absent; /* must not be */
} process_failures[] = {
    {"echo 'boom: token expired' >&2\necho 'second line' >&2\nexit 3\n", SL_ENOCREDS,
     "failed with exit code 3: boom: token expired", "second line"},
    {"exit 4\n", SL_ENOCREDS, "failed with exit code 4.", NULL},
    {"printf '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"SECRETX\"}'\nexit 1\n",
     SL_ENOCREDS, "exit code 1", "SECRETX"},
    {"echo 'not json SECRETX'\n", SL_EPARSE, "did not print a JSON object", "SECRETX"},
    {"echo '[1,2]'\n", SL_EPARSE, "did not print a JSON object", NULL},
    {"echo '{\"Version\":1,\"SecretAccessKey\":\"SECRETX\"}'\n", SL_EPARSE,
     "did not print AccessKeyId", "SECRETX"},
    {"echo '{\"Version\":1,\"AccessKeyId\":\"A\"}'\n", SL_EPARSE, "did not print SecretAccessKey",
     NULL},
    {"echo '{\"Version\":2,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"SECRETX\"}'\n", SL_EPARSE,
     "printed Version 2; only Version 1 is supported", "SECRETX"},
    {"echo '{\"Version\":\"1\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}'\n", SL_EPARSE,
     "printed a Version that is not a number", NULL},
    {"echo '{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}'\n", SL_EPARSE, "printed no Version",
     NULL},
    {"echo '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"Expiration\":"
     "\"soon\"}'\n",
     SL_EPARSE, "Expiration", NULL},
    {"kill -9 $$\n", SL_ENOCREDS, "killed by signal 9", NULL},
    {"head -c 70000 /dev/zero | tr '\\0' x\n", SL_ETOOBIG, "more than 65536 bytes", NULL},
};

START_TEST(test_process_failures)
{
    char script[512];
    struct sl_aws_config *cfg;
    struct sl_creds_opts o = opts_for("proc", 1);
    const char *msg;

    write_script("fail.sh", process_failures[_i].body, script, sizeof(script));
    cfg = process_config(script);
    msg = resolve_err(cfg, &o, process_failures[_i].rc);
    ASSERT_HAS(msg, "The credential_process of profile \"proc\"");
    ASSERT_HAS(msg, process_failures[_i].part);
    if (process_failures[_i].absent)
        ck_assert_msg(!strstr(msg, process_failures[_i].absent), "%s", msg);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_process_not_found)
{
    char cmd[512];
    struct sl_aws_config *cfg;
    struct sl_creds_opts o = opts_for("proc", 1);
    const char *msg;

    snprintf(cmd, sizeof(cmd), "%s/does-not-exist --flag", tmpdir);
    cfg = process_config(cmd);
    msg = resolve_err(cfg, &o, SL_ECONFIG);
    ASSERT_HAS(msg, "could not run");
    ASSERT_HAS(msg, "does-not-exist");
    sl_aws_config_free(&cfg);
    cfg = process_config("\"unclosed");
    ASSERT_HAS(resolve_err(cfg, &o, SL_ECONFIG), "not closed");
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_process_timeout)
{
    char script[512];
    struct sl_credentials c;
    struct sl_error err;

    write_script("slow.sh", "exec sleep 30\n", script, sizeof(script));
    sl_error_clear(&err);
    ck_assert_int_eq(sl_credential_process_run(script, "slow", 300, &c, &err), SL_ETIMEOUT);
    ASSERT_HAS(err.message, "did not finish within its time limit of 300 ms");
    ck_assert_ptr_null(c.access_key_id);
    /* stdout closed early, exit late: still the timeout */
    write_script("late.sh", "exec >&- 2>&-\nsleep 30\n", script, sizeof(script));
    ck_assert_int_eq(sl_credential_process_run(script, "slow", 300, &c, &err), SL_ETIMEOUT);
}
END_TEST

static const struct {
    const char *cmdline;
    int argc; /* -1: refused */
    const char *argv[6];
} split_cases[] = {
    {"a b  c", 3, {"a", "b", "c"}},
    {"  lead trail  ", 2, {"lead", "trail"}},
    {"'a b' \"c d\"", 2, {"a b", "c d"}},
    {"x'y'\"z\"", 1, {"xyz"}},
    {"a\\ b c\\\\d", 2, {"a b", "c\\d"}},
    {"\"q\\\"x\\\\y\\n\"", 1, {"q\"x\\y\\n"}},
    {"'no \\escape'", 1, {"no \\escape"}},
    {"'' \"\"", 2, {"", ""}},
    {"tab\there\nnewline", 3, {"tab", "here", "newline"}},
    {"'open", -1, {NULL}},
    {"\"open", -1, {NULL}},
    {"trailing\\", -1, {NULL}},
    {"", -1, {NULL}},
    {"   ", -1, {NULL}},
};

START_TEST(test_process_split)
{
    char **argv = NULL;
    struct sl_error err;
    enum sl_err rc;
    int i;

    sl_error_clear(&err);
    rc = sl_credential_process_split(split_cases[_i].cmdline, &argv, &err);
    if (split_cases[_i].argc < 0) {
        ck_assert_int_eq(rc, SL_ECONFIG);
        ck_assert_ptr_null(argv);
        ck_assert_ptr_nonnull(strstr(err.message, "credential_process"));
        return;
    }
    ck_assert_int_eq(rc, SL_OK);
    for (i = 0; i < split_cases[_i].argc; i++) {
        ck_assert_ptr_nonnull(argv[i]);
        ck_assert_str_eq(argv[i], split_cases[_i].argv[i]);
    }
    ck_assert_ptr_null(argv[i]);
    sl_credential_process_argv_free(&argv);
    ck_assert_ptr_null(argv);
    sl_credential_process_argv_free(&argv);
}
END_TEST

START_TEST(test_process_order)
{
    char script[512], text[2048];
    struct sl_aws_config *cfg;
    struct sl_creds_opts o = opts_for("proc", 1);
    struct sl_credentials c;

    /* credentials file keys come before credential_process, config file keys after it */
    write_script("ok.sh", good_json, script, sizeof(script));
    snprintf(text, sizeof(text),
             "[profile proc]\ncredential_process = %s\naws_access_key_id = AKIDCFG\n"
             "aws_secret_access_key = SECRETCFG\n",
             script);
    cfg = load(text, "[proc]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = SECRETC\n");
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDCREDS");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
    write_file(creds_path, "", 0600);
    cfg = load(text, NULL);
    resolve_ok(cfg, &o, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDPROC");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

/* ---- assume role ----------------------------------------------------------------------- */

static const char *const role_config = "[profile base]\n"
                                       "aws_access_key_id = AKIDBASE\n"
                                       "aws_secret_access_key = SECRETBASE\n"
                                       "[profile dev]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/dev\n"
                                       "source_profile = base\n"
                                       "external_id = ext-42\n"
                                       "mfa_serial = arn:aws:iam::999988887777:mfa/alice\n"
                                       "duration_seconds = 3600\n"
                                       "region = eu-west-1\n"
                                       "[profile named]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/named\n"
                                       "source_profile = base\n"
                                       "role_session_name = alice-session\n"
                                       "[profile a]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/A\n"
                                       "source_profile = b\n"
                                       "[profile b]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/B\n"
                                       "source_profile = c\n"
                                       "[profile c]\n"
                                       "aws_access_key_id = AKIDC\n"
                                       "aws_secret_access_key = SECRETC\n"
                                       "[profile envsrc]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/envsrc\n"
                                       "credential_source = Environment\n"
                                       "[profile ec2src]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/ec2\n"
                                       "credential_source = Ec2InstanceMetadata\n"
                                       "[profile ecssrc]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/ecs\n"
                                       "credential_source = EcsContainer\n"
                                       "[profile oddsrc]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/odd\n"
                                       "credential_source = Magic\n"
                                       "[profile loop1]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/loop1\n"
                                       "source_profile = loop2\n"
                                       "[profile loop2]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/loop2\n"
                                       "source_profile = loop1\n"
                                       "[profile selfnokeys]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/self\n"
                                       "source_profile = selfnokeys\n"
                                       "[profile self]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/self\n"
                                       "source_profile = self\n"
                                       "aws_access_key_id = AKIDSELF\n"
                                       "aws_secret_access_key = SECRETSELF\n"
                                       "[profile lost]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/lost\n"
                                       "source_profile = nowhere\n"
                                       "[profile both]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/both\n"
                                       "source_profile = base\n"
                                       "credential_source = Environment\n"
                                       "[profile neither]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/neither\n"
                                       "[profile webid]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/webid\n"
                                       "web_identity_token_file = /var/run/token\n"
                                       "[profile srcstatic]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/top\n"
                                       "source_profile = staticwithrole\n"
                                       "[profile staticwithrole]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/ignored\n"
                                       "source_profile = base\n"
                                       "aws_access_key_id = AKIDSWR\n"
                                       "aws_secret_access_key = SECRETSWR\n"
                                       "[profile mfachain]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/outer\n"
                                       "source_profile = mfainner\n"
                                       "[profile mfainner]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/inner\n"
                                       "source_profile = base\n"
                                       "mfa_serial = arn:aws:iam::999988887777:mfa/bob\n"
                                       "[profile procsrc]\n"
                                       "role_arn = arn:aws:iam::111122223333:role/procsrc\n"
                                       "source_profile = proc\n";

START_TEST(test_assume_role_source_profile)
{
    struct sl_aws_config *cfg = load(role_config, NULL);
    struct sl_creds_opts o = opts_for("dev", 1);
    struct sl_credentials c;

    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 1);
    ck_assert_str_eq(calls[0].role_arn, "arn:aws:iam::111122223333:role/dev");
    ck_assert_str_eq(calls[0].session_name, "slctl-session-1700000000");
    ck_assert_str_eq(calls[0].external_id, "ext-42");
    ck_assert_str_eq(calls[0].mfa_serial, "arn:aws:iam::999988887777:mfa/alice");
    ck_assert_str_eq(calls[0].token_code, "123456");
    ck_assert_int_eq(calls[0].duration, 3600);
    ck_assert_str_eq(calls[0].region, "eu-central-1");
    ck_assert_str_eq(calls[0].source_ak, "AKIDBASE");
    ck_assert_str_eq(calls[0].source_sk, "SECRETBASE");
    ck_assert_str_eq(calls[0].source_token, "(null)");
    ck_assert_int_eq(nprompts, 1);
    ck_assert_str_eq(prompted_serial, "arn:aws:iam::999988887777:mfa/alice");
    ck_assert_str_eq(c.access_key_id, "ASIA-dev");
    ck_assert_str_eq(c.secret_access_key, "secret-dev");
    ck_assert_str_eq(c.session_token, "token-dev");
    ck_assert_int_eq(c.source, SL_CREDS_ASSUME_ROLE);
    ck_assert_str_eq(c.profile, "dev");
    ck_assert_int_eq(c.expires_ms, fake_now + 3600 * 1000LL);
    sl_credentials_clear(&c);

    /* explicit session name, no MFA, no external id; STS region from the profile */
    o = opts_for("named", 1);
    o.region = NULL;
    setenv("AWS_REGION", "ap-southeast-2", 1);
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 2);
    ck_assert_str_eq(calls[1].session_name, "alice-session");
    ck_assert_str_eq(calls[1].external_id, "(null)");
    ck_assert_str_eq(calls[1].mfa_serial, "(null)");
    ck_assert_str_eq(calls[1].token_code, "(null)");
    ck_assert_int_eq(calls[1].duration, 0);
    ck_assert_str_eq(calls[1].region, "ap-southeast-2");
    ck_assert_int_eq(nprompts, 1);
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_assume_role_mfa_cancelled)
{
    struct sl_aws_config *cfg = load(role_config, NULL);
    struct sl_creds_opts o = opts_for("dev", 1);

    o.mfa_prompt = NULL;
    ASSERT_HAS(resolve_err(cfg, &o, SL_ENOCREDS), "arn:aws:iam::999988887777:mfa/alice");
    ck_assert_int_eq(ncalls, 0);
    o.mfa_prompt = cancel_prompt;
    ASSERT_HAS(resolve_err(cfg, &o, SL_ENOCREDS), "No MFA code was entered for profile \"dev\"");
    ck_assert_int_eq(nprompts, 1);
    o.mfa_prompt = fake_prompt;
    o.mfa_ud = (void *)"";
    resolve_err(cfg, &o, SL_ENOCREDS);
    ck_assert_int_eq(ncalls, 0);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_assume_role_chain)
{
    struct sl_aws_config *cfg = load(role_config, NULL);
    struct sl_creds_opts o = opts_for("a", 1);
    struct sl_credentials c;

    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 2);
    ck_assert_str_eq(calls[0].role_arn, "arn:aws:iam::111122223333:role/B");
    ck_assert_str_eq(calls[0].source_ak, "AKIDC");
    ck_assert_str_eq(calls[0].source_sk, "SECRETC");
    ck_assert_str_eq(calls[1].role_arn, "arn:aws:iam::111122223333:role/A");
    ck_assert_str_eq(calls[1].source_ak, "ASIA-B");
    ck_assert_str_eq(calls[1].source_sk, "secret-B");
    ck_assert_str_eq(calls[1].source_token, "token-B");
    ck_assert_str_eq(c.access_key_id, "ASIA-A");
    ck_assert_str_eq(c.profile, "a");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_assume_role_source_static_wins)
{
    struct sl_aws_config *cfg = load(role_config, NULL);
    struct sl_creds_opts o = opts_for("srcstatic", 1);
    struct sl_credentials c;

    /* a source profile's own keys win over its role_arn */
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 1);
    ck_assert_str_eq(calls[0].role_arn, "arn:aws:iam::111122223333:role/top");
    ck_assert_str_eq(calls[0].source_ak, "AKIDSWR");
    sl_credentials_clear(&c);
    /* but at the top the role is assumed */
    o.profile = "staticwithrole";
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 2);
    ck_assert_str_eq(calls[1].role_arn, "arn:aws:iam::111122223333:role/ignored");
    ck_assert_str_eq(calls[1].source_ak, "AKIDBASE");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_assume_role_process_source)
{
    char script[512], text[8192];
    struct sl_aws_config *cfg;
    struct sl_creds_opts o = opts_for("procsrc", 1);
    struct sl_credentials c;

    write_script("ok.sh", good_json, script, sizeof(script));
    snprintf(text, sizeof(text), "%s[profile proc]\ncredential_process = %s\n", role_config,
             script);
    cfg = load(text, NULL);
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 1);
    ck_assert_str_eq(calls[0].source_ak, "AKIDPROC");
    ck_assert_str_eq(calls[0].source_token, "TOKENPROC");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_credential_source)
{
    struct sl_aws_config *cfg = load(role_config, NULL);
    struct sl_creds_opts o = opts_for("envsrc", 1);
    struct sl_credentials c;

    ASSERT_HAS(resolve_err(cfg, &o, SL_ENOCREDS), "credential_source = Environment");
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "SECRETENV", 1);
    setenv("AWS_SESSION_TOKEN", "TOKENENV", 1);
    /* --profile skips the environment step, not credential_source = Environment */
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 1);
    ck_assert_str_eq(calls[0].role_arn, "arn:aws:iam::111122223333:role/envsrc");
    ck_assert_str_eq(calls[0].source_ak, "AKIDENV");
    ck_assert_str_eq(calls[0].source_token, "TOKENENV");
    ck_assert_str_eq(c.access_key_id, "ASIA-envsrc");
    sl_credentials_clear(&c);
    o.profile = "ec2src";
    ASSERT_HAS(resolve_err(cfg, &o, SL_ECONFIG), "Ec2InstanceMetadata, which slctl does not");
    o.profile = "ecssrc";
    ASSERT_HAS(resolve_err(cfg, &o, SL_ECONFIG), "EcsContainer, which slctl does not");
    o.profile = "oddsrc";
    ASSERT_HAS(resolve_err(cfg, &o, SL_ECONFIG), "\"Magic\"");
    ck_assert_int_eq(ncalls, 1);
    sl_aws_config_free(&cfg);
}
END_TEST

static const struct {
    const char *profile;
    enum sl_err rc;
    const char *part;
} role_errors[] = {
    {"loop1", SL_ECONFIG, "loop through source_profile: loop1 -> loop2 -> loop1."},
    {"loop2", SL_ECONFIG, "loop2 -> loop1 -> loop2."},
    {"selfnokeys", SL_ECONFIG, "selfnokeys -> selfnokeys."},
    {"lost", SL_ECONFIG,
     "The profile \"lost\" names source_profile \"nowhere\", which was not "
     "found in "},
    {"both", SL_ECONFIG, "has both source_profile and credential_source"},
    {"neither", SL_ECONFIG, "has role_arn but neither source_profile nor credential_source"},
    {"webid", SL_ECONFIG, "web_identity_token_file"},
};

START_TEST(test_assume_role_errors)
{
    struct sl_aws_config *cfg = load(role_config, NULL);
    struct sl_creds_opts o = opts_for(role_errors[_i].profile, 1);

    ASSERT_HAS(resolve_err(cfg, &o, role_errors[_i].rc), role_errors[_i].part);
    ck_assert_int_eq(ncalls, 0);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_assume_role_self)
{
    struct sl_aws_config *cfg = load(role_config, NULL);
    struct sl_creds_opts o = opts_for("self", 1);
    struct sl_credentials c;

    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 1);
    ck_assert_str_eq(calls[0].role_arn, "arn:aws:iam::111122223333:role/self");
    ck_assert_str_eq(calls[0].source_ak, "AKIDSELF");
    ck_assert_str_eq(c.access_key_id, "ASIA-self");
    sl_credentials_clear(&c);
    sl_aws_config_free(&cfg);
}
END_TEST

static const struct {
    const char *value;
    int ok;
} durations[] = {
    {"900", 1},   {"43200", 1}, {"899", 0},
    {"43201", 0}, {"abc", 0},   {"3600s", 0},
    {"-900", 0},  {"1e4", 0},   {"99999999999999999999", 0},
};

START_TEST(test_assume_role_duration)
{
    char text[512];
    struct sl_aws_config *cfg;
    struct sl_creds_opts o = opts_for("d", 1);
    struct sl_credentials c;

    snprintf(text, sizeof(text),
             "[profile d]\nrole_arn = arn:aws:iam::1:role/d\nsource_profile = k\n"
             "duration_seconds = %s\n[profile k]\naws_access_key_id = A\n"
             "aws_secret_access_key = S\n",
             durations[_i].value);
    cfg = load(text, NULL);
    if (durations[_i].ok) {
        resolve_ok(cfg, &o, &c);
        ck_assert_int_eq(calls[0].duration, (int)strtol(durations[_i].value, NULL, 10));
        sl_credentials_clear(&c);
    } else {
        ASSERT_HAS(resolve_err(cfg, &o, SL_ECONFIG), "from 900 to 43200");
        ck_assert_int_eq(ncalls, 0);
    }
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_assume_role_sts_failure)
{
    struct sl_aws_config *cfg = load(role_config, NULL);
    struct sl_creds_opts o = opts_for("a", 1);
    struct sl_credentials c;
    struct sl_error err;

    sts_fail = SL_EAWS;
    sl_error_clear(&err);
    ck_assert_int_eq(sl_creds_resolve(cfg, &o, &c, &err), SL_EAWS);
    ck_assert_int_eq(ncalls, 1);
    ASSERT_HAS(err.message, "Assuming role arn:aws:iam::111122223333:role/B for profile \"b\" "
                            "failed: User is not authorized");
    ck_assert_str_eq(err.code, "AccessDenied");
    ck_assert_ptr_null(c.access_key_id);
    /* no STS client at all */
    sts_fail = SL_OK;
    o.assume_role = NULL;
    ASSERT_HAS(resolve_err(cfg, &o, SL_EINVAL), "no STS client");
    sl_aws_config_free(&cfg);
}
END_TEST

/* ---- cache and expiry ------------------------------------------------------------------ */

START_TEST(test_cache)
{
    struct sl_aws_config *cfg = load(role_config, NULL);
    struct sl_creds_opts o = opts_for("mfachain", 1);
    struct sl_credentials c;

    o.cache = sl_creds_cache_new();
    ck_assert_ptr_nonnull(o.cache);
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 2);
    ck_assert_int_eq(nprompts, 1);
    ck_assert_str_eq(calls[0].mfa_serial, "arn:aws:iam::999988887777:mfa/bob");
    ck_assert_str_eq(calls[1].mfa_serial, "(null)");
    ck_assert_str_eq(c.access_key_id, "ASIA-outer");
    sl_credentials_clear(&c);
    /* again: nothing is asked */
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 2);
    ck_assert_int_eq(nprompts, 1);
    ck_assert_str_eq(c.access_key_id, "ASIA-outer");
    ck_assert_int_eq(c.source, SL_CREDS_ASSUME_ROLE);
    sl_credentials_clear(&c);
    /* the inner role alone comes from the cache too */
    o.profile = "mfainner";
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 2);
    ck_assert_str_eq(c.access_key_id, "ASIA-inner");
    sl_credentials_clear(&c);
    /* 15 minutes before expiry both are refreshed (and MFA asked again) */
    o.profile = "mfachain";
    fake_now += 3600 * 1000LL - 15 * 60 * 1000LL;
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 4);
    ck_assert_int_eq(nprompts, 2);
    sl_credentials_clear(&c);
    /* a cleared cache forgets */
    sl_creds_cache_clear(o.cache);
    resolve_ok(cfg, &o, &c);
    ck_assert_int_eq(ncalls, 6);
    sl_credentials_clear(&c);
    sl_creds_cache_free(&o.cache);
    ck_assert_ptr_null(o.cache);
    sl_creds_cache_free(&o.cache);
    sl_creds_cache_clear(NULL);
    /* without a cache every call goes to STS */
    resolve_ok(cfg, &o, &c);
    sl_credentials_clear(&c);
    resolve_ok(cfg, &o, &c);
    sl_credentials_clear(&c);
    ck_assert_int_eq(ncalls, 10);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_expiring)
{
    struct sl_credentials c;
    const long long margin = SL_CREDS_REFRESH_MARGIN_MS;

    memset(&c, 0, sizeof(c));
    ck_assert_int_eq(sl_credentials_expiring(&c, &fake_clock, margin), 0);
    c.expires_ms = fake_now + 20 * 60 * 1000LL;
    ck_assert_int_eq(sl_credentials_expiring(&c, &fake_clock, margin), 0);
    ck_assert_int_eq(sl_credentials_expiring(&c, &fake_clock, 0), 0);
    fake_now += 5 * 60 * 1000LL + 1;
    ck_assert_int_eq(sl_credentials_expiring(&c, &fake_clock, margin), 1);
    ck_assert_int_eq(sl_credentials_expiring(&c, &fake_clock, 0), 0);
    fake_now = c.expires_ms;
    ck_assert_int_eq(sl_credentials_expiring(&c, &fake_clock, 0), 1);
    /* the system clock: long past */
    c.expires_ms = 1000;
    ck_assert_int_eq(sl_credentials_expiring(&c, NULL, 0), 1);
    c.expires_ms = 4102444800000LL; /* 2100 */
    ck_assert_int_eq(sl_credentials_expiring(&c, NULL, margin), 0);
    ck_assert_int_eq(sl_credentials_expiring(NULL, &fake_clock, 0), 1);
}
END_TEST

START_TEST(test_copy_clear_names)
{
    struct sl_credentials a, b;

    memset(&a, 0, sizeof(a));
    a.access_key_id = strdup("AKID");
    a.secret_access_key = strdup("SECRET");
    a.expires_ms = 42;
    a.source = SL_CREDS_PROCESS;
    a.profile = strdup("p");
    ck_assert_int_eq(sl_credentials_copy(&b, &a), SL_OK);
    ck_assert_str_eq(b.access_key_id, "AKID");
    ck_assert_str_eq(b.secret_access_key, "SECRET");
    ck_assert_ptr_null(b.session_token);
    ck_assert_int_eq(b.expires_ms, 42);
    ck_assert_int_eq(b.source, SL_CREDS_PROCESS);
    ck_assert_str_eq(b.profile, "p");
    ck_assert_ptr_ne(b.secret_access_key, a.secret_access_key);
    sl_credentials_clear(&a);
    sl_credentials_clear(&b);
    ck_assert_ptr_null(b.secret_access_key);
    ck_assert_int_eq(b.source, SL_CREDS_NONE);
    sl_credentials_clear(NULL);
    ck_assert_int_eq(sl_credentials_copy(&b, NULL), SL_EINVAL);
    ck_assert_str_eq(sl_creds_source_name(SL_CREDS_ENV), "env");
    ck_assert_str_eq(sl_creds_source_name(SL_CREDS_PROFILE), "profile");
    ck_assert_str_eq(sl_creds_source_name(SL_CREDS_PROCESS), "process");
    ck_assert_str_eq(sl_creds_source_name(SL_CREDS_ASSUME_ROLE), "assume-role");
    ck_assert_str_eq(sl_creds_source_name(SL_CREDS_NONE), "none");
}
END_TEST

static Suite *creds_suite(void)
{
    Suite *s = suite_create("creds");
    TCase *tc;

    tc = tcase_create("env-and-static");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_env_keys);
    tcase_add_test(tc, test_env_partial);
    tcase_add_test(tc, test_env_skipped_with_explicit_profile);
    tcase_add_test(tc, test_aws_profile_does_not_skip_env);
    tcase_add_test(tc, test_static_profiles);
    tcase_add_test(tc, test_missing_secret);
    tcase_add_test(tc, test_unknown_profile);
    suite_add_tcase(s, tc);

    tc = tcase_create("credential-process");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_process_ok);
    tcase_add_test(tc, test_process_args);
    tcase_add_loop_test(tc, test_process_failures, 0,
                        (int)(sizeof(process_failures) / sizeof(process_failures[0])));
    tcase_add_test(tc, test_process_not_found);
    tcase_add_test(tc, test_process_timeout);
    tcase_add_loop_test(tc, test_process_split, 0,
                        (int)(sizeof(split_cases) / sizeof(split_cases[0])));
    tcase_add_test(tc, test_process_order);
    suite_add_tcase(s, tc);

    tc = tcase_create("assume-role");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_assume_role_source_profile);
    tcase_add_test(tc, test_assume_role_mfa_cancelled);
    tcase_add_test(tc, test_assume_role_chain);
    tcase_add_test(tc, test_assume_role_source_static_wins);
    tcase_add_test(tc, test_assume_role_process_source);
    tcase_add_test(tc, test_credential_source);
    tcase_add_loop_test(tc, test_assume_role_errors, 0,
                        (int)(sizeof(role_errors) / sizeof(role_errors[0])));
    tcase_add_test(tc, test_assume_role_self);
    tcase_add_loop_test(tc, test_assume_role_duration, 0,
                        (int)(sizeof(durations) / sizeof(durations[0])));
    tcase_add_test(tc, test_assume_role_sts_failure);
    suite_add_tcase(s, tc);

    tc = tcase_create("cache-and-expiry");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cache);
    tcase_add_test(tc, test_expiring);
    tcase_add_test(tc, test_copy_clear_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(creds_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
