/* The AWS shared files: the INI parser (nested blocks, comments, malformed lines with
 * FILE:LINE), profile lookup across both files, profile and region order, endpoint
 * resolution (aws-wire.md §1.1) and S3 path style. Each test writes its files into a fresh
 * mkdtemp() directory and sets the environment it needs. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws_config.h"
#include "endpoint.h"
#include "ini.h"
#include "service.h"
#include "sl_error.h"

static char tmpdir[256];

static const char *const aws_env[] = {
    "AWS_PROFILE",         "AWS_DEFAULT_PROFILE",     "AWS_REGION",
    "AWS_DEFAULT_REGION",  "AWS_CONFIG_FILE",         "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ENDPOINT_URL",    "AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
    "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_STS",    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_ACCESS_KEY_ID",   "AWS_SECRET_ACCESS_KEY",   "AWS_SESSION_TOKEN",
};

static void clear_env(void)
{
    size_t i;

    for (i = 0; i < sizeof(aws_env) / sizeof(aws_env[0]); i++)
        unsetenv(aws_env[i]);
}

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/slctl-config-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    clear_env();
    setenv("HOME", tmpdir, 1);
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    struct stat st;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(path);
        else
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static void teardown(void)
{
    remove_tree(tmpdir);
    clear_env();
}

/* Writes text to tmpdir/name; the path goes into path (static storage per call site). */
static void write_file(const char *name, const char *text, char *path, size_t len)
{
    FILE *f;

    snprintf(path, len, "%s/%s", tmpdir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    fclose(f);
}

/* Loads a config and a credentials file written from the given texts (NULL: absent). */
static struct sl_aws_config *load(const char *config, const char *credentials)
{
    char cpath[512], kpath[512];
    struct sl_aws_config *cfg = NULL;
    struct sl_error err;

    snprintf(cpath, sizeof(cpath), "%s/config", tmpdir);
    snprintf(kpath, sizeof(kpath), "%s/credentials", tmpdir);
    if (config)
        write_file("config", config, cpath, sizeof(cpath));
    if (credentials)
        write_file("credentials", credentials, kpath, sizeof(kpath));
    sl_error_clear(&err);
    ck_assert_int_eq(sl_aws_config_load_files(&cfg, cpath, kpath, &err), SL_OK);
    ck_assert_ptr_nonnull(cfg);
    return cfg;
}

static struct sl_ini *parse(const char *text)
{
    struct sl_ini *ini = NULL;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_ini_parse(text, strlen(text), "t.ini", &ini, &err), SL_OK);
    ck_assert_ptr_nonnull(ini);
    return ini;
}

/* ---- INI ------------------------------------------------------------------------------- */

START_TEST(test_ini_basic)
{
    struct sl_ini *ini = parse("\xef\xbb\xbf# a comment\r\n"
                               "; another\n"
                               "[default]\n"
                               "region = us-east-1\n"
                               "  # indented comment\n"
                               "Output=json\n"
                               "endpoint_url = http://localhost:4566/x?y=1\n"
                               "odd: colon value\n"
                               "hash = a # not a comment\n"
                               "empty =\n"
                               "\n"
                               "[ profile dev ]   trailing text\r\n"
                               "region = eu-west-1\n"
                               "region = eu-west-2\n"
                               "[default]\n"
                               "extra = yes\n");
    const struct sl_ini_section *d = sl_ini_find(ini, "default");
    const struct sl_ini_section *p = sl_ini_find(ini, "profile dev");

    ck_assert_int_eq((int)ini->n, 2);
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(d->line, 3);
    ck_assert_str_eq(sl_ini_get(d, "region"), "us-east-1");
    ck_assert_str_eq(sl_ini_get(d, "output"), "json");
    ck_assert_str_eq(sl_ini_get(d, "OUTPUT"), "json");
    ck_assert_str_eq(sl_ini_get(d, "endpoint_url"), "http://localhost:4566/x?y=1");
    ck_assert_str_eq(sl_ini_get(d, "odd"), "colon value");
    ck_assert_str_eq(sl_ini_get(d, "hash"), "a # not a comment");
    ck_assert_str_eq(sl_ini_get(d, "empty"), "");
    ck_assert_str_eq(sl_ini_get(d, "extra"), "yes");
    ck_assert_ptr_null(sl_ini_get(d, "missing"));
    ck_assert_str_eq(sl_ini_get(p, "region"), "eu-west-2");
    ck_assert_int_eq((int)p->n, 1);
    ck_assert_ptr_null(sl_ini_find(ini, "nope"));
    ck_assert_ptr_null(sl_ini_get(NULL, "region"));
    sl_ini_free(&ini);
    ck_assert_ptr_null(ini);
    sl_ini_free(&ini);
}
END_TEST

START_TEST(test_ini_nested)
{
    struct sl_ini *ini = parse("[profile dev]\n"
                               "s3 =\n"
                               "  addressing_style = path\n"
                               "  # a comment inside\n"
                               "\n"
                               "  max_concurrent_requests=10\n"
                               "region = us-west-2\n"
                               "note = first\n"
                               "   second line\n"
                               "services = local\n"
                               "[services local]\n"
                               "lambda =\n"
                               "  endpoint_url = http://localhost:4566\n"
                               "cloudwatch_logs =\n"
                               "\tendpoint_url = http://localhost:4567\n");
    const struct sl_ini_section *p = sl_ini_find(ini, "profile dev");
    const struct sl_ini_section *s = sl_ini_find(ini, "services local");
    const struct sl_ini_entry *e = sl_ini_entry_find(p, "s3");

    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->value, "");
    ck_assert_int_eq((int)e->nsub, 2);
    ck_assert_str_eq(sl_ini_get_nested(p, "s3", "addressing_style"), "path");
    ck_assert_str_eq(sl_ini_get_nested(p, "s3", "max_concurrent_requests"), "10");
    ck_assert_ptr_null(sl_ini_get_nested(p, "s3", "nope"));
    ck_assert_ptr_null(sl_ini_get_nested(p, "region", "x"));
    ck_assert_str_eq(sl_ini_get(p, "region"), "us-west-2");
    ck_assert_str_eq(sl_ini_get(p, "note"), "first\nsecond line");
    ck_assert_str_eq(sl_ini_get_nested(s, "lambda", "endpoint_url"), "http://localhost:4566");
    ck_assert_str_eq(sl_ini_get_nested(s, "cloudwatch_logs", "endpoint_url"),
                     "http://localhost:4567");
    sl_ini_free(&ini);
}
END_TEST

static const struct {
    const char *text;
    const char *where; /* "t.ini:LINE: " */
    const char *what;
} malformed[] = {
    {"[default]\nregion\n", "t.ini:2: ", "key = value"},
    {"region = x\n", "t.ini:1: ", "outside any [section]"},
    {"# c\n\n[default]\n[profile x\nregion = y\n", "t.ini:4: ", "\"]\""},
    {"[]\n", "t.ini:1: ", "empty"},
    {"[default]\n = x\n", "t.ini:2: ", "empty"},
    {"[default]\ns3 =\n  addressing_style = path\n  bogus\n", "t.ini:4: ", "under \"s3\""},
    {"[default]\ns3 =\n  = path\n", "t.ini:3: ", "under \"s3\""},
    {"[default]\nregion = a\0b\n", "t.ini:2: ", "NUL"},
};

START_TEST(test_ini_malformed)
{
    struct sl_ini *ini = NULL;
    struct sl_error err;
    const char *text = malformed[_i].text;
    size_t len = strlen(text);

    if (_i == 7)
        len = 23;
    sl_error_clear(&err);
    ck_assert_int_eq(sl_ini_parse(text, len, "t.ini", &ini, &err), SL_ECONFIG);
    ck_assert_ptr_null(ini);
    ck_assert_msg(strncmp(err.message, malformed[_i].where, strlen(malformed[_i].where)) == 0,
                  "case %d: %s", _i, err.message);
    ck_assert_msg(strstr(err.message, malformed[_i].what) != NULL, "case %d: %s", _i, err.message);
}
END_TEST

START_TEST(test_ini_load_files)
{
    struct sl_ini *ini = NULL;
    struct sl_error err;
    char path[512];

    sl_error_clear(&err);
    snprintf(path, sizeof(path), "%s/missing", tmpdir);
    ck_assert_int_eq(sl_ini_load(path, &ini, &err), SL_ENOTFOUND);
    ck_assert_ptr_null(ini);
    ck_assert_str_eq(err.message, "");
    ck_assert_int_eq(sl_ini_load(tmpdir, &ini, &err), SL_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, tmpdir));
    write_file("bad", "[default]\nregion = x\nnonsense\n", path, sizeof(path));
    ck_assert_int_eq(sl_ini_load(path, &ini, &err), SL_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "/bad:3: "));
    write_file("good", "[default]\nregion = x\n", path, sizeof(path));
    ck_assert_int_eq(sl_ini_load(path, &ini, &err), SL_OK);
    ck_assert_str_eq(ini->name, path);
    sl_ini_free(&ini);
}
END_TEST

/* ---- profiles -------------------------------------------------------------------------- */

static const char *const sample_config = "[default]\n"
                                         "region = us-east-1\n"
                                         "output = json\n"
                                         "[profile dev]\n"
                                         "region = eu-west-1\n"
                                         "aws_access_key_id = AKIDCONFIG\n"
                                         "s3 =\n"
                                         "  addressing_style = path\n"
                                         "[bare]\n"
                                         "region = ap-south-1\n"
                                         "[profile \"quoted name\"]\n"
                                         "region = sa-east-1\n"
                                         "[profile two words]\n"
                                         "region = x\n"
                                         "[profilex]\n"
                                         "region = y\n"
                                         "[services local]\n"
                                         "lambda =\n"
                                         "  endpoint_url = http://localhost:4566\n"
                                         "[sso-session corp]\n"
                                         "sso_region = us-east-1\n";

static const char *const sample_credentials = "[default]\n"
                                              "aws_access_key_id = AKIDDEFAULT\n"
                                              "[dev]\n"
                                              "aws_access_key_id = AKIDCREDS\n"
                                              "[credsonly]\n"
                                              "region = us-west-1\n"
                                              "[profile odd]\n"
                                              "region = us-west-2\n";

START_TEST(test_profile_lookup)
{
    struct sl_aws_config *cfg = load(sample_config, sample_credentials);
    char cpath[512], kpath[512];

    snprintf(cpath, sizeof(cpath), "%s/config", tmpdir);
    snprintf(kpath, sizeof(kpath), "%s/credentials", tmpdir);
    /* credentials over config */
    ck_assert_str_eq(sl_aws_config_get(cfg, "dev", "aws_access_key_id"), "AKIDCREDS");
    ck_assert_str_eq(sl_aws_config_origin(cfg, "dev", "aws_access_key_id"), kpath);
    ck_assert_str_eq(sl_aws_config_get(cfg, "dev", "region"), "eu-west-1");
    ck_assert_str_eq(sl_aws_config_origin(cfg, "dev", "region"), cpath);
    ck_assert_ptr_null(sl_aws_config_origin(cfg, "dev", "nope"));
    ck_assert_str_eq(sl_aws_config_get_in(cfg, SL_AWS_FILE_CONFIG, "dev", "aws_access_key_id"),
                     "AKIDCONFIG");
    ck_assert_str_eq(sl_aws_config_get_in(cfg, SL_AWS_FILE_CREDENTIALS, "dev", "aws_access_key_id"),
                     "AKIDCREDS");
    ck_assert_str_eq(sl_aws_config_path(cfg, SL_AWS_FILE_CONFIG), cpath);
    ck_assert_str_eq(sl_aws_config_path(cfg, SL_AWS_FILE_CREDENTIALS), kpath);
    ck_assert_str_eq(sl_aws_config_get_nested(cfg, "dev", "s3", "addressing_style"), "path");
    ck_assert_ptr_null(sl_aws_config_get_nested(cfg, "default", "s3", "addressing_style"));
    /* [default] in config is the default profile */
    ck_assert_str_eq(sl_aws_config_get(cfg, "default", "region"), "us-east-1");
    ck_assert_str_eq(sl_aws_config_get(cfg, "default", "aws_access_key_id"), "AKIDDEFAULT");
    /* a bare [NAME] in config is not a profile; "[profilex]" neither */
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "bare"), 0);
    ck_assert_ptr_null(sl_aws_config_get(cfg, "bare", "region"));
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "x"), 0);
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "two words"), 0);
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "two"), 0);
    /* quoted names, as shlex reads them */
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "quoted name"), 1);
    ck_assert_str_eq(sl_aws_config_get(cfg, "quoted name", "region"), "sa-east-1");
    /* credentials: [NAME] without a prefix; "[profile odd]" is the profile "profile odd" */
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "credsonly"), 1);
    ck_assert_str_eq(sl_aws_config_get(cfg, "credsonly", "region"), "us-west-1");
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "odd"), 0);
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "profile odd"), 1);
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "nope"), 0);
    /* services and sso-session sections are not profiles */
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "local"), 0);
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "corp"), 0);
    ck_assert_str_eq(sl_aws_config_service_get(cfg, "local", "lambda", "endpoint_url"),
                     "http://localhost:4566");
    ck_assert_ptr_null(sl_aws_config_service_get(cfg, "local", "logs", "endpoint_url"));
    ck_assert_ptr_null(sl_aws_config_service_get(cfg, "other", "lambda", "endpoint_url"));
    /* NULL-safety */
    ck_assert_ptr_null(sl_aws_config_get(NULL, "dev", "region"));
    ck_assert_int_eq(sl_aws_config_has_profile(NULL, "dev"), 0);
    sl_aws_config_free(&cfg);
    ck_assert_ptr_null(cfg);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_profile_default_variants)
{
    struct sl_aws_config *cfg;

    /* "[profile default]" also names the default profile; the later section wins */
    cfg = load("[profile default]\nregion = eu-north-1\n", NULL);
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "default"), 1);
    ck_assert_str_eq(sl_aws_config_get(cfg, "default", "region"), "eu-north-1");
    sl_aws_config_free(&cfg);
    cfg = load("[default]\nregion = a-1\n[profile default]\nregion = b-1\n", NULL);
    ck_assert_str_eq(sl_aws_config_get(cfg, "default", "region"), "b-1");
    sl_aws_config_free(&cfg);
    /* a NULL profile is the one in force */
    setenv("AWS_PROFILE", "dev", 1);
    cfg = load("[default]\nregion = a-1\n[profile dev]\nregion = d-1\n", NULL);
    ck_assert_str_eq(sl_aws_config_get(cfg, NULL, "region"), "d-1");
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_profile_list)
{
    struct sl_aws_config *cfg = load(sample_config, sample_credentials);
    char **names = sl_aws_config_profiles(cfg);
    const char *want[] = {"credsonly", "default", "dev", "profile odd", "quoted name"};
    size_t i;

    ck_assert_ptr_nonnull(names);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        ck_assert_ptr_nonnull(names[i]);
        ck_assert_str_eq(names[i], want[i]);
    }
    ck_assert_ptr_null(names[i]);
    free(names);
    sl_aws_config_free(&cfg);
    names = sl_aws_config_profiles(NULL);
    ck_assert_ptr_nonnull(names);
    ck_assert_ptr_null(names[0]);
    free(names);
}
END_TEST

START_TEST(test_missing_files)
{
    struct sl_aws_config *cfg = NULL;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_aws_config_load_files(&cfg, NULL, NULL, &err), SL_OK);
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "default"), 0);
    ck_assert_ptr_null(sl_aws_config_path(cfg, SL_AWS_FILE_CONFIG));
    sl_aws_config_free(&cfg);
    /* the defaults under $HOME, neither present */
    ck_assert_int_eq(sl_aws_config_load(&cfg, &err), SL_OK);
    ck_assert_ptr_nonnull(strstr(sl_aws_config_path(cfg, SL_AWS_FILE_CONFIG), "/.aws/config"));
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "default"), 0);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_load_env_paths)
{
    struct sl_aws_config *cfg = NULL;
    struct sl_error err;
    char path[512], want[512];

    sl_error_clear(&err);
    /* defaults: ~/.aws/config and ~/.aws/credentials with HOME */
    snprintf(path, sizeof(path), "%s/.aws", tmpdir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    write_file(".aws/config", "[profile home]\nregion = h-1\n", path, sizeof(path));
    write_file(".aws/credentials", "[home]\naws_access_key_id = AKIDHOME\n", path, sizeof(path));
    ck_assert_int_eq(sl_aws_config_load(&cfg, &err), SL_OK);
    ck_assert_str_eq(sl_aws_config_get(cfg, "home", "region"), "h-1");
    ck_assert_str_eq(sl_aws_config_get(cfg, "home", "aws_access_key_id"), "AKIDHOME");
    snprintf(want, sizeof(want), "%s/.aws/credentials", tmpdir);
    ck_assert_str_eq(sl_aws_config_path(cfg, SL_AWS_FILE_CREDENTIALS), want);
    sl_aws_config_free(&cfg);
    /* AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, with '~' expanded */
    write_file("other-config", "[profile env]\nregion = e-1\n", path, sizeof(path));
    write_file("other-creds", "[env]\naws_access_key_id = AKIDENV\n", path, sizeof(path));
    setenv("AWS_CONFIG_FILE", "~/other-config", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
    ck_assert_int_eq(sl_aws_config_load(&cfg, &err), SL_OK);
    ck_assert_str_eq(sl_aws_config_get(cfg, "env", "region"), "e-1");
    ck_assert_str_eq(sl_aws_config_get(cfg, "env", "aws_access_key_id"), "AKIDENV");
    ck_assert_int_eq(sl_aws_config_has_profile(cfg, "home"), 0);
    snprintf(want, sizeof(want), "%s/other-config", tmpdir);
    ck_assert_str_eq(sl_aws_config_path(cfg, SL_AWS_FILE_CONFIG), want);
    sl_aws_config_free(&cfg);
    /* a malformed file is an error naming FILE:LINE */
    write_file("other-config", "[profile env]\nregion = e-1\njunk\n", path, sizeof(path));
    ck_assert_int_eq(sl_aws_config_load(&cfg, &err), SL_ECONFIG);
    ck_assert_ptr_null(cfg);
    snprintf(want, sizeof(want), "%s/other-config:3: ", tmpdir);
    ck_assert_msg(strncmp(err.message, want, strlen(want)) == 0, "%s", err.message);
}
END_TEST

static const struct {
    const char *explicit_profile, *aws_profile, *aws_default_profile, *want;
} profile_cases[] = {
    {"cli", "env", "legacy", "cli"},  {NULL, "env", "legacy", "env"}, {"", "env", NULL, "env"},
    {NULL, NULL, "legacy", "legacy"}, {NULL, "", "legacy", "legacy"}, {NULL, NULL, NULL, "default"},
};

START_TEST(test_profile_name)
{
    if (profile_cases[_i].aws_profile)
        setenv("AWS_PROFILE", profile_cases[_i].aws_profile, 1);
    if (profile_cases[_i].aws_default_profile)
        setenv("AWS_DEFAULT_PROFILE", profile_cases[_i].aws_default_profile, 1);
    ck_assert_str_eq(sl_aws_config_profile_name(profile_cases[_i].explicit_profile),
                     profile_cases[_i].want);
}
END_TEST

static const struct {
    const char *cli, *aws_region, *aws_default_region, *profile, *want;
} region_cases[] = {
    {"cli-1", "env-1", "def-1", "dev", "cli-1"}, {NULL, "env-1", "def-1", "dev", "env-1"},
    {"", "env-1", "def-1", "dev", "env-1"},      {NULL, NULL, "def-1", "dev", "def-1"},
    {NULL, "", "def-1", "dev", "def-1"},         {NULL, NULL, NULL, "dev", "eu-west-1"},
    {NULL, NULL, NULL, "default", "us-east-1"},  {NULL, NULL, NULL, "noregion", NULL},
    {NULL, NULL, NULL, "emptyregion", NULL},     {NULL, NULL, NULL, "unknown", NULL},
};

START_TEST(test_region_order)
{
    struct sl_aws_config *cfg = load("[default]\nregion = us-east-1\n"
                                     "[profile dev]\nregion = eu-west-1\n"
                                     "[profile noregion]\noutput = json\n"
                                     "[profile emptyregion]\nregion =\n",
                                     NULL);
    const char *got;

    if (region_cases[_i].aws_region)
        setenv("AWS_REGION", region_cases[_i].aws_region, 1);
    if (region_cases[_i].aws_default_region)
        setenv("AWS_DEFAULT_REGION", region_cases[_i].aws_default_region, 1);
    got = sl_aws_config_region(cfg, region_cases[_i].profile, region_cases[_i].cli);
    if (region_cases[_i].want)
        ck_assert_msg(got && strcmp(got, region_cases[_i].want) == 0, "case %d: %s", _i,
                      got ? got : "(null)");
    else
        ck_assert_msg(got == NULL, "case %d: %s", _i, got ? got : "(null)");
    if (!got)
        ck_assert_ptr_null(sl_aws_config_region(NULL, "x", NULL));
    sl_aws_config_free(&cfg);
}
END_TEST

/* ---- endpoints ------------------------------------------------------------------------- */

static const char *const endpoint_config = "[default]\n"
                                           "region = us-east-1\n"
                                           "[profile plain]\n"
                                           "region = us-east-1\n"
                                           "[profile direct]\n"
                                           "endpoint_url = http://direct:1005\n"
                                           "[profile svc]\n"
                                           "services = local\n"
                                           "endpoint_url = http://direct:1005\n"
                                           "[profile ignore]\n"
                                           "services = local\n"
                                           "endpoint_url = http://direct:1005\n"
                                           "ignore_configured_endpoint_urls = true\n"
                                           "[profile badurl]\n"
                                           "endpoint_url = ftp://nope\n"
                                           "[services local]\n"
                                           "lambda =\n"
                                           "  endpoint_url = http://services-lambda:1004\n"
                                           "cloudwatch_logs =\n"
                                           "  endpoint_url = http://services-logs:1004/base/\n";

enum { EP_LAMBDA, EP_LOGS, EP_CFN, EP_S3 };

static const struct {
    const char *name;
    const char *profile;
    int svc;
    const char *region;
    const char *cli;
    const char *env_svc; /* AWS_ENDPOINT_URL_<SVC> */
    const char *env_all; /* AWS_ENDPOINT_URL */
    const char *ignore;  /* AWS_IGNORE_CONFIGURED_ENDPOINT_URLS */
    const char *scheme, *host, *base_path;
    int overridden;
} ep_cases[] = {
    {"regional", "plain", EP_LAMBDA, "us-east-1", NULL, NULL, NULL, NULL, "https",
     "lambda.us-east-1.amazonaws.com", "", 0},
    {"regional logs", "plain", EP_LOGS, "eu-west-1", NULL, NULL, NULL, NULL, "https",
     "logs.eu-west-1.amazonaws.com", "", 0},
    {"china partition", "plain", EP_CFN, "cn-north-1", NULL, NULL, NULL, NULL, "https",
     "cloudformation.cn-north-1.amazonaws.com.cn", "", 0},
    {"profile endpoint_url", "direct", EP_LAMBDA, "us-east-1", NULL, NULL, NULL, NULL, "http",
     "direct:1005", "", 1},
    {"services section beats profile", "svc", EP_LAMBDA, "us-east-1", NULL, NULL, NULL, NULL,
     "http", "services-lambda:1004", "", 1},
    {"services section with base path", "svc", EP_LOGS, "us-east-1", NULL, NULL, NULL, NULL, "http",
     "services-logs:1004", "/base", 1},
    {"service missing from section: profile", "svc", EP_CFN, "us-east-1", NULL, NULL, NULL, NULL,
     "http", "direct:1005", "", 1},
    {"AWS_ENDPOINT_URL beats services", "svc", EP_LAMBDA, "us-east-1", NULL, NULL,
     "http://env-all:1003", NULL, "http", "env-all:1003", "", 1},
    {"AWS_ENDPOINT_URL_<SVC> beats AWS_ENDPOINT_URL", "svc", EP_LAMBDA, "us-east-1", NULL,
     "https://env-svc:1002/p", "http://env-all:1003", NULL, "https", "env-svc:1002", "/p", 1},
    {"AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "svc", EP_LOGS, "us-east-1", NULL, "http://env-logs:1002",
     "http://env-all:1003", NULL, "http", "env-logs:1002", "", 1},
    {"--endpoint-url beats all", "svc", EP_LAMBDA, "us-east-1", "http://cli:1001",
     "http://env-svc:1002", "http://env-all:1003", NULL, "http", "cli:1001", "", 1},
    {"ignore env: regional", "svc", EP_LAMBDA, "us-east-1", NULL, "http://env-svc:1002",
     "http://env-all:1003", "true", "https", "lambda.us-east-1.amazonaws.com", "", 0},
    {"ignore env TRUE: regional", "direct", EP_LAMBDA, "us-east-1", NULL, NULL, NULL, "TRUE",
     "https", "lambda.us-east-1.amazonaws.com", "", 0},
    {"ignore env still takes --endpoint-url", "svc", EP_LAMBDA, "us-east-1", "http://cli:1001",
     NULL, NULL, "true", "http", "cli:1001", "", 1},
    {"ignore env false: configured", "svc", EP_LAMBDA, "us-east-1", NULL, NULL, NULL, "false",
     "http", "services-lambda:1004", "", 1},
    {"ignore profile: regional", "ignore", EP_LAMBDA, "us-east-1", NULL, NULL,
     "http://env-all:1003", NULL, "https", "lambda.us-east-1.amazonaws.com", "", 0},
    {"ignore profile, env false wins", "ignore", EP_LAMBDA, "us-east-1", NULL, NULL, NULL, "false",
     "http", "services-lambda:1004", "", 1},
    {"ignore profile still takes --endpoint-url", "ignore", EP_S3, "us-east-1",
     "https://cli.example:443/", NULL, NULL, NULL, "https", "cli.example", "", 1},
    {"overridden: no region needed", "direct", EP_LAMBDA, NULL, NULL, NULL, NULL, NULL, "http",
     "direct:1005", "", 1},
};

static const struct sl_service *ep_service(int svc)
{
    switch (svc) {
    case EP_LOGS:
        return &sl_service_logs;
    case EP_CFN:
        return &sl_service_cloudformation;
    case EP_S3:
        return &sl_service_s3;
    default:
        return &sl_service_lambda;
    }
}

START_TEST(test_endpoint_order)
{
    struct sl_aws_config *cfg = load(endpoint_config, NULL);
    const struct sl_service *svc = ep_service(ep_cases[_i].svc);
    struct sl_endpoint ep;
    struct sl_error err;
    char var[128];
    enum sl_err rc;

    sl_error_clear(&err);
    snprintf(var, sizeof(var), "AWS_ENDPOINT_URL_%s", svc->env_suffix);
    if (ep_cases[_i].env_svc)
        setenv(var, ep_cases[_i].env_svc, 1);
    if (ep_cases[_i].env_all)
        setenv("AWS_ENDPOINT_URL", ep_cases[_i].env_all, 1);
    if (ep_cases[_i].ignore)
        setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ep_cases[_i].ignore, 1);
    rc = sl_endpoint_resolve(cfg, ep_cases[_i].profile, svc, ep_cases[_i].region, ep_cases[_i].cli,
                             &ep, &err);
    ck_assert_msg(rc == SL_OK, "%s: %s", ep_cases[_i].name, err.message);
    ck_assert_msg(strcmp(ep.scheme, ep_cases[_i].scheme) == 0, "%s: %s", ep_cases[_i].name,
                  ep.scheme);
    ck_assert_msg(strcmp(ep.host, ep_cases[_i].host) == 0, "%s: %s", ep_cases[_i].name, ep.host);
    ck_assert_msg(strcmp(ep.base_path, ep_cases[_i].base_path) == 0, "%s: %s", ep_cases[_i].name,
                  ep.base_path);
    ck_assert_int_eq(ep.overridden, ep_cases[_i].overridden);
    sl_endpoint_clear(&ep);
    ck_assert_ptr_null(ep.host);
    sl_endpoint_clear(&ep);
    sl_endpoint_clear(NULL);
    unsetenv(var);
    sl_aws_config_free(&cfg);
}
END_TEST

START_TEST(test_endpoint_errors)
{
    struct sl_aws_config *cfg = load(endpoint_config, NULL);
    struct sl_endpoint ep;
    struct sl_error err;
    char cpath[512];

    sl_error_clear(&err);
    /* no region for the regional endpoint */
    ck_assert_int_eq(sl_endpoint_resolve(cfg, "plain", &sl_service_lambda, NULL, NULL, &ep, &err),
                     SL_ENOREGION);
    ck_assert_ptr_nonnull(strstr(err.message, "--region"));
    ck_assert_ptr_null(ep.host);
    ck_assert_int_eq(
        sl_endpoint_resolve(cfg, "plain", &sl_service_lambda, "us-east-1/../x", NULL, &ep, &err),
        SL_ECONFIG);
    /* a bad URL names where it came from */
    ck_assert_int_eq(
        sl_endpoint_resolve(cfg, "badurl", &sl_service_lambda, "us-east-1", NULL, &ep, &err),
        SL_ECONFIG);
    snprintf(cpath, sizeof(cpath), "%s/config", tmpdir);
    ck_assert_msg(strstr(err.message, "ftp://nope") && strstr(err.message, cpath) &&
                      strstr(err.message, "http:// or https://"),
                  "%s", err.message);
    setenv("AWS_ENDPOINT_URL_LAMBDA", "localhost:4566", 1);
    ck_assert_int_eq(
        sl_endpoint_resolve(cfg, "plain", &sl_service_lambda, "us-east-1", NULL, &ep, &err),
        SL_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "AWS_ENDPOINT_URL_LAMBDA"));
    ck_assert_int_eq(sl_endpoint_resolve(cfg, "plain", &sl_service_lambda, "us-east-1",
                                         "http://h:99999", &ep, &err),
                     SL_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "--endpoint-url"));
    ck_assert_ptr_nonnull(strstr(err.message, "port"));
    sl_aws_config_free(&cfg);
}
END_TEST

static const struct {
    const char *url;
    const char *scheme, *host, *base_path; /* NULL scheme: refused */
    const char *why;                       /* part of the sentence when refused */
} url_cases[] = {
    {"http://localhost:4566", "http", "localhost:4566", "", NULL},
    {"http://localhost:4566/", "http", "localhost:4566", "", NULL},
    {"https://example.com:443/", "https", "example.com", "", NULL},
    {"http://example.com:80", "http", "example.com", "", NULL},
    {"http://example.com:443", "http", "example.com:443", "", NULL},
    {"HTTPS://Example.COM/Base/Path//", "https", "example.com", "/Base/Path", NULL},
    {"http://127.0.0.1:9000/minio", "http", "127.0.0.1:9000", "/minio", NULL},
    {"http://[::1]:8080/x", "http", "[::1]:8080", "/x", NULL},
    {"http://[fd00:ec2::254]", "http", "[fd00:ec2::254]", "", NULL},
    {"http://my_host.local", "http", "my_host.local", "", NULL},
    {"ftp://example.com", NULL, NULL, NULL, "http:// or https://"},
    {"localhost:4566", NULL, NULL, NULL, "http:// or https://"},
    {"https//example.com", NULL, NULL, NULL, "http:// or https://"},
    {"", NULL, NULL, NULL, "empty"},
    {"http://", NULL, NULL, NULL, "host name is missing"},
    {"http://:80", NULL, NULL, NULL, "host name is missing"},
    {"http://h:0", NULL, NULL, NULL, "port"},
    {"http://h:65536", NULL, NULL, NULL, "port"},
    {"http://h:12345678901234567890", NULL, NULL, NULL, "port"},
    {"http://h:", NULL, NULL, NULL, "port"},
    {"http://h:8x", NULL, NULL, NULL, "port"},
    {"http://h/x?y=1", NULL, NULL, NULL, "query"},
    {"http://h#frag", NULL, NULL, NULL, "query"},
    {"http://h/a b", NULL, NULL, NULL, "space"},
    {"http://ho st", NULL, NULL, NULL, "host name"},
    {"http://[::1", NULL, NULL, NULL, "IPv6"},
    {"http://h\x1b[2J", NULL, NULL, NULL, "host name"},
};

START_TEST(test_endpoint_parse_url)
{
    struct sl_endpoint ep;
    struct sl_error err;
    enum sl_err rc;

    sl_error_clear(&err);
    rc = sl_endpoint_parse_url(url_cases[_i].url, &ep, &err);
    if (url_cases[_i].scheme) {
        ck_assert_msg(rc == SL_OK, "%s: %s", url_cases[_i].url, err.message);
        ck_assert_str_eq(ep.scheme, url_cases[_i].scheme);
        ck_assert_str_eq(ep.host, url_cases[_i].host);
        ck_assert_str_eq(ep.base_path, url_cases[_i].base_path);
        ck_assert_int_eq(ep.overridden, 1);
        sl_endpoint_clear(&ep);
    } else {
        ck_assert_msg(rc == SL_ECONFIG, "%s accepted", url_cases[_i].url);
        ck_assert_ptr_null(ep.host);
        ck_assert_msg(strstr(err.message, url_cases[_i].why) != NULL, "%s: %s", url_cases[_i].url,
                      err.message);
        ck_assert_msg(strchr(err.message, '\x1b') == NULL, "escape in the sentence");
    }
}
END_TEST

START_TEST(test_endpoint_url_password_hidden)
{
    struct sl_endpoint ep;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_endpoint_parse_url("http://user:hunter2@host:1/", &ep, &err), SL_ECONFIG);
    ck_assert_ptr_null(strstr(err.message, "hunter2"));
    ck_assert_ptr_nonnull(strstr(err.message, "password"));
}
END_TEST

START_TEST(test_s3_path_style)
{
    struct sl_aws_config *cfg = load("[profile path]\ns3 =\n  addressing_style = path\n"
                                     "[profile virtual]\ns3 =\n  addressing_style = virtual\n"
                                     "[profile auto]\nregion = us-east-1\n",
                                     NULL);
    struct sl_endpoint regional, local;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(
        sl_endpoint_resolve(cfg, "auto", &sl_service_s3, "us-east-1", NULL, &regional, &err),
        SL_OK);
    ck_assert_int_eq(sl_endpoint_resolve(cfg, "auto", &sl_service_s3, "us-east-1",
                                         "http://localhost:9000", &local, &err),
                     SL_OK);
    ck_assert_int_eq(sl_endpoint_s3_path_style(cfg, "auto", &regional, "my-bucket"), 0);
    ck_assert_int_eq(sl_endpoint_s3_path_style(cfg, "auto", &regional, "my.bucket"), 1);
    ck_assert_int_eq(sl_endpoint_s3_path_style(cfg, "auto", &regional, "My_Bucket"), 1);
    ck_assert_int_eq(sl_endpoint_s3_path_style(cfg, "auto", &regional, "ab"), 1);
    ck_assert_int_eq(sl_endpoint_s3_path_style(cfg, "auto", &local, "my-bucket"), 1);
    ck_assert_int_eq(sl_endpoint_s3_path_style(cfg, "path", &regional, "my-bucket"), 1);
    ck_assert_int_eq(sl_endpoint_s3_path_style(cfg, "virtual", &local, "my-bucket"), 0);
    ck_assert_int_eq(sl_endpoint_s3_path_style(cfg, "virtual", &regional, "Bad_Name"), 1);
    ck_assert_int_eq(sl_endpoint_s3_path_style(NULL, NULL, NULL, NULL), 0);
    ck_assert_int_eq(sl_endpoint_s3_path_style(cfg, "path", NULL, NULL), 1);
    sl_endpoint_clear(&regional);
    sl_endpoint_clear(&local);
    sl_aws_config_free(&cfg);
}
END_TEST

static Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc;

    tc = tcase_create("ini");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_ini_basic);
    tcase_add_test(tc, test_ini_nested);
    tcase_add_loop_test(tc, test_ini_malformed, 0, (int)(sizeof(malformed) / sizeof(malformed[0])));
    tcase_add_test(tc, test_ini_load_files);
    suite_add_tcase(s, tc);

    tc = tcase_create("profiles");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_profile_lookup);
    tcase_add_test(tc, test_profile_default_variants);
    tcase_add_test(tc, test_profile_list);
    tcase_add_test(tc, test_missing_files);
    tcase_add_test(tc, test_load_env_paths);
    tcase_add_loop_test(tc, test_profile_name, 0,
                        (int)(sizeof(profile_cases) / sizeof(profile_cases[0])));
    tcase_add_loop_test(tc, test_region_order, 0,
                        (int)(sizeof(region_cases) / sizeof(region_cases[0])));
    suite_add_tcase(s, tc);

    tc = tcase_create("endpoints");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_endpoint_order, 0, (int)(sizeof(ep_cases) / sizeof(ep_cases[0])));
    tcase_add_test(tc, test_endpoint_errors);
    tcase_add_loop_test(tc, test_endpoint_parse_url, 0,
                        (int)(sizeof(url_cases) / sizeof(url_cases[0])));
    tcase_add_test(tc, test_endpoint_url_password_hidden);
    tcase_add_test(tc, test_s3_path_style);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(config_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
