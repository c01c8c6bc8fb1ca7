/* slctl's own configuration (src/settings.c): the parser on good and malformed files, the
 * defaults a broken file falls back to, where the file lives, the profile in force and the
 * read-only refusal. Each test works in a fresh mkdtemp() directory. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "settings.h"
#include "sl_error.h"

static char tmpdir[256];

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/slctl-settings-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("AWS_PROFILE");
    unsetenv("AWS_DEFAULT_PROFILE");
    unsetenv("AWS_REGION");
    unsetenv("AWS_DEFAULT_REGION");
    setenv("HOME", tmpdir, 1);
}

static void teardown(void)
{
    char cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static struct sl_settings *parse_ok(const char *text)
{
    struct sl_settings *s = NULL;
    struct sl_error err;
    enum sl_err rc;

    sl_error_clear(&err);
    rc = sl_settings_parse(text, strlen(text), "cfg", &s, &err);
    ck_assert_msg(rc == SL_OK, "parse failed: %s", err.message);
    ck_assert_ptr_nonnull(s);
    return s;
}

/* Parses text that must be refused; returns the message. */
static void parse_bad(const char *text, const char *want)
{
    struct sl_settings *s = NULL;
    struct sl_error err;
    enum sl_err rc;

    sl_error_clear(&err);
    rc = sl_settings_parse(text, strlen(text), "cfg", &s, &err);
    ck_assert_msg(rc == SL_ECONFIG, "accepted: %s", text);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err.message, want) != NULL, "\"%s\" lacks \"%s\"", err.message, want);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(test_full_file)
{
    struct sl_settings *s = parse_ok("# slctl\n"
                                     "[default]\n"
                                     "profile = dev\n"
                                     "region = eu-west-1\n"
                                     "log_buffer_lines = 5000\n"
                                     "\n"
                                     "[profile prod]\n"
                                     "readonly = true\n"
                                     "production = yes\n"
                                     "[profile  staging]\n"
                                     "readonly = Off\n"
                                     "[keys]\n"
                                     "quit = q\n"
                                     "Search = /\n"
                                     "invoke = C-x i\n"
                                     "[colors]\n"
                                     "alarm = bold red\n");
    const struct sl_settings_profile *p;

    ck_assert_str_eq(s->profile, "dev");
    ck_assert_str_eq(s->region, "eu-west-1");
    ck_assert_int_eq(s->log_buffer_lines, 5000);
    ck_assert_uint_eq(s->n_profiles, 2);
    p = sl_settings_find_profile(s, "prod");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(p->readonly, 1);
    ck_assert_int_eq(p->production, 1);
    ck_assert_int_eq(p->line, 7);
    p = sl_settings_find_profile(s, "staging");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(p->readonly, 0);
    ck_assert_ptr_null(sl_settings_find_profile(s, "Prod")); /* profile names are exact */
    ck_assert_str_eq(sl_settings_key(s, "quit"), "q");
    ck_assert_str_eq(sl_settings_key(s, "search"), "/");
    ck_assert_str_eq(sl_settings_key(s, "invoke"), "C-x i");
    ck_assert_ptr_null(sl_settings_key(s, "nope"));
    ck_assert_str_eq(sl_settings_color(s, "ALARM"), "bold red");
    ck_assert_int_eq(sl_settings_is_readonly(s, "prod", 0), 1);
    ck_assert_int_eq(sl_settings_is_readonly(s, "staging", 0), 0);
    ck_assert_int_eq(sl_settings_is_readonly(s, "staging", 1), 1);
    ck_assert_int_eq(sl_settings_is_readonly(s, "other", 0), 0);
    ck_assert_int_eq(sl_settings_is_production(s, "prod"), 1);
    ck_assert_int_eq(sl_settings_is_production(s, "staging"), 0);
    sl_settings_free(&s);
    ck_assert_ptr_null(s);
}
END_TEST

START_TEST(test_defaults)
{
    struct sl_settings *s = parse_ok("");

    ck_assert_ptr_null(s->profile);
    ck_assert_ptr_null(s->region);
    ck_assert_int_eq(s->log_buffer_lines, SL_SETTINGS_LOG_BUFFER_DEFAULT);
    ck_assert_uint_eq(s->n_profiles, 0);
    ck_assert_ptr_null(sl_settings_key(s, "quit"));
    sl_settings_free(&s);
    sl_settings_free(&s); /* NULL-safe */
    sl_settings_free(NULL);
    ck_assert_ptr_null(sl_settings_key(NULL, "quit"));
    ck_assert_ptr_null(sl_settings_find_profile(NULL, "prod"));
    ck_assert_int_eq(sl_settings_is_readonly(NULL, "prod", 0), 0);
}
END_TEST

START_TEST(test_malformed)
{
    parse_bad("[default]\nthis is not a setting\n", "cfg:2:");
    parse_bad("[profile prod]\nread-only = true\n", "cfg:2: unknown setting \"read-only\"");
    parse_bad("[profile prod]\nreadonly = maybe\n", "cfg:2: \"readonly\" must be true or false");
    parse_bad("[default]\n\n\nlog_buffer_lines = lots\n", "cfg:4:");
    parse_bad("[default]\nlog_buffer_lines = 5\n", "cfg:2:");
    parse_bad("[default]\nlog_buffer_lines = 99999999999999999999\n", "cfg:2:");
    parse_bad("[default]\nprofile =\n", "cfg:2:");
    parse_bad("[defaults]\nprofile = x\n", "cfg:1: unknown section [defaults]");
    parse_bad("[profil prod]\nreadonly = true\n", "cfg:1: unknown section");
    parse_bad("[profile]\n", "cfg:1: unknown section");
    parse_bad("region = x\n", "cfg:1:");
    parse_bad("[default\n", "cfg:1:");
    parse_bad("[default]\nregion = us-east-1\n  more\n", "cfg:2:");
}
END_TEST

START_TEST(test_load_missing_and_broken)
{
    struct sl_settings *s = NULL;
    struct sl_error warn;
    char path[400], dir[420];

    /* No file: the defaults, no warning. */
    snprintf(path, sizeof(path), "%s/nothing/config", tmpdir);
    sl_error_clear(&warn);
    ck_assert_int_eq(sl_settings_load(path, &s, &warn), SL_OK);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(warn.message, "");
    ck_assert_str_eq(s->path, path);
    sl_settings_free(&s);

    /* A malformed file: the defaults and one sentence with the file and line. */
    snprintf(path, sizeof(path), "%s/config", tmpdir);
    write_file(path, "[default]\nprofile = dev\n[profile prod]\nreadonly = sure\n");
    ck_assert_int_eq(sl_settings_load(path, &s, &warn), SL_ECONFIG);
    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_null(s->profile);
    ck_assert_uint_eq(s->n_profiles, 0);
    snprintf(dir, sizeof(dir), "%s:4: ", path);
    ck_assert_msg(strstr(warn.message, dir) == warn.message, "%s", warn.message);
    ck_assert_ptr_null(strchr(warn.message, '\n'));
    ck_assert_int_eq(sl_settings_is_readonly(s, "prod", 0), 0);
    sl_settings_free(&s);

    /* A typo elsewhere must not switch off a read-only profile: fail safe. */
    write_file(path, "[profile prod]\nreadonly = true\n[colors]\nthis is not a setting\n");
    ck_assert_int_eq(sl_settings_load(path, &s, &warn), SL_ECONFIG);
    ck_assert_int_eq(sl_settings_is_readonly(s, "prod", 0), 1);
    ck_assert_int_eq(sl_settings_is_readonly(s, "dev", 0), 1);
    ck_assert_ptr_nonnull(strstr(warn.message, "read-only"));
    sl_settings_free(&s);

    /* A good file. */
    write_file(path, "[default]\nprofile = dev\n");
    ck_assert_int_eq(sl_settings_load(path, &s, &warn), SL_OK);
    ck_assert_str_eq(s->profile, "dev");
    sl_settings_free(&s);

    /* A folder where the file should be: unreadable, still the defaults. */
    snprintf(path, sizeof(path), "%s/adir", tmpdir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    ck_assert_int_ne(sl_settings_load(path, &s, &warn), SL_OK);
    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_nonnull(strstr(warn.message, path));
    sl_settings_free(&s);
}
END_TEST

START_TEST(test_paths)
{
    char want[400];
    char *p;

    p = sl_settings_default_path();
    snprintf(want, sizeof(want), "%s/.config/slctl/config", tmpdir);
    ck_assert_str_eq(p, want);
    free(p);
    setenv("XDG_CONFIG_HOME", "/xdg/conf", 1);
    p = sl_settings_dir();
    ck_assert_str_eq(p, "/xdg/conf/slctl");
    free(p);
    p = sl_settings_default_path();
    ck_assert_str_eq(p, "/xdg/conf/slctl/config");
    free(p);
    /* Relative values are ignored (XDG base directory spec). */
    setenv("XDG_CONFIG_HOME", "relative", 1);
    p = sl_settings_dir();
    snprintf(want, sizeof(want), "%s/.config/slctl", tmpdir);
    ck_assert_str_eq(p, want);
    free(p);
    unsetenv("XDG_CONFIG_HOME");

    /* sl_settings_load(NULL) reads the default place. */
    {
        struct sl_settings *s = NULL;
        char dir[400];

        snprintf(dir, sizeof(dir), "%s/.config", tmpdir);
        ck_assert_int_eq(mkdir(dir, 0700), 0);
        snprintf(dir, sizeof(dir), "%s/.config/slctl", tmpdir);
        ck_assert_int_eq(mkdir(dir, 0700), 0);
        snprintf(want, sizeof(want), "%s/.config/slctl/config", tmpdir);
        write_file(want, "[default]\nregion = ap-south-1\n");
        ck_assert_int_eq(sl_settings_load(NULL, &s, NULL), SL_OK);
        ck_assert_str_eq(s->region, "ap-south-1");
        ck_assert_str_eq(s->path, want);
        sl_settings_free(&s);
    }
}
END_TEST

START_TEST(test_profile_in_force)
{
    struct sl_settings *s = parse_ok("[default]\nprofile = dev\n");

    ck_assert_str_eq(sl_settings_profile_name(s, "cli"), "cli");
    ck_assert_str_eq(sl_settings_profile_name(s, NULL), "dev");
    ck_assert_str_eq(sl_settings_profile_name(NULL, NULL), "default");
    setenv("AWS_DEFAULT_PROFILE", "old-env", 1);
    ck_assert_str_eq(sl_settings_profile_name(s, NULL), "old-env");
    setenv("AWS_PROFILE", "env", 1);
    ck_assert_str_eq(sl_settings_profile_name(s, NULL), "env");
    ck_assert_str_eq(sl_settings_profile_name(s, "cli"), "cli");
    sl_settings_free(&s);
}
END_TEST

START_TEST(test_apply)
{
    struct sl_settings *s = parse_ok("[default]\nprofile = dev\nregion = eu-north-1\n");
    struct sl_globals g;
    char cfg[400];

    snprintf(cfg, sizeof(cfg), "%s/aws-config", tmpdir);
    setenv("AWS_CONFIG_FILE", cfg, 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent", 1);
    write_file(cfg, "[profile dev]\n[profile withregion]\nregion = sa-east-1\n");

    /* No --profile, no AWS_PROFILE: the settings' profile acts like AWS_PROFILE; the profile
     * has no region, so the settings' one is used. */
    memset(&g, 0, sizeof(g));
    sl_settings_apply(s, &g);
    ck_assert_ptr_eq(g.settings, s);
    ck_assert_ptr_null(g.profile);
    ck_assert_str_eq(getenv("AWS_PROFILE"), "dev");
    ck_assert_str_eq(g.region, "eu-north-1");

    /* A profile with its own region keeps it. */
    memset(&g, 0, sizeof(g));
    g.profile = "withregion";
    sl_settings_apply(s, &g);
    ck_assert_ptr_null(g.region);

    /* The environment's region wins too. */
    memset(&g, 0, sizeof(g));
    setenv("AWS_REGION", "us-west-2", 1);
    sl_settings_apply(s, &g);
    ck_assert_ptr_null(g.region);
    unsetenv("AWS_REGION");

    /* --region is never replaced; AWS_PROFILE set by the user is kept. */
    memset(&g, 0, sizeof(g));
    g.region = "ca-central-1";
    setenv("AWS_PROFILE", "mine", 1);
    sl_settings_apply(s, &g);
    ck_assert_str_eq(g.region, "ca-central-1");
    ck_assert_str_eq(getenv("AWS_PROFILE"), "mine");

    unsetenv("AWS_CONFIG_FILE");
    unsetenv("AWS_SHARED_CREDENTIALS_FILE");
    sl_settings_free(&s);
}
END_TEST

START_TEST(test_readonly_refusal)
{
    struct sl_settings *s = parse_ok("[profile prod]\nreadonly = true\n");
    struct sl_globals g;
    char out[400], buf[600];
    FILE *f;
    int saved, fd;
    size_t n;

    memset(&g, 0, sizeof(g));
    g.settings = s;
    g.profile = "dev";
    ck_assert_int_eq(sl_settings_readonly(&g, "invoke"), 0);

    /* readonly = true for the profile: one sentence on stderr, exit 1. */
    snprintf(out, sizeof(out), "%s/stderr", tmpdir);
    fflush(stderr);
    saved = dup(STDERR_FILENO);
    fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    dup2(fd, STDERR_FILENO);
    close(fd);
    g.profile = "prod";
    ck_assert_int_eq(sl_settings_readonly(&g, "invoke"), SL_EXIT_AWS);
    g.profile = "dev";
    g.readonly = 1;
    ck_assert_int_eq(sl_settings_readonly(&g, "publish the layer"), SL_EXIT_AWS);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    f = fopen(out, "r");
    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    ck_assert_str_eq(buf, "slctl: Refusing to invoke: profile \"prod\" is read-only (remove "
                          "--readonly or readonly = true in cfg).\n"
                          "slctl: Refusing to publish the layer: profile \"dev\" is read-only "
                          "(remove --readonly or readonly = true in cfg).\n");
    sl_settings_free(&s);
}
END_TEST

static Suite *settings_suite(void)
{
    Suite *s = suite_create("settings");
    TCase *tc = tcase_create("settings");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_full_file);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_load_missing_and_broken);
    tcase_add_test(tc, test_paths);
    tcase_add_test(tc, test_profile_in_force);
    tcase_add_test(tc, test_apply);
    tcase_add_test(tc, test_readonly_refusal);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(settings_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
