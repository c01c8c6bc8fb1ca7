/* Saved events (src/events.c) and sample events (src/event_templates.c): name rules, function
 * keys, the store round trip with atomic writes, refusing invalid JSON, the SAM events/
 * folder and the templates producing valid JSON. Each test works in a fresh mkdtemp(). */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event_templates.h"
#include "events.h"
#include "json.h"
#include "sl_error.h"

static char tmpdir[256];
static struct sl_events_dirs dirs;

static void setup(void)
{
    char p[400];

    snprintf(tmpdir, sizeof(tmpdir), "/tmp/slctl-events-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(p, sizeof(p), "%s/store", tmpdir);
    dirs.store = strdup(p);
    dirs.project = NULL;
}

static void teardown(void)
{
    char cmd[300];

    sl_events_dirs_free(&dirs);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = calloc(1, 65536);

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_lt(fread(buf, 1, 65535, f), 65535);
    fclose(f);
    return buf;
}

static void mkdirs(const char *rel)
{
    char cmd[600];

    snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", tmpdir, rel);
    ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *rel, const char *text)
{
    char path[600];

    snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    write_file(path, text);
}

/* Entries of a folder other than "." and "..". */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

START_TEST(test_names)
{
    static const char *const good[] = {"get-user", "a",      "with space",
                                       "ünïcode",  "x.json", "UPPER_lower-09"};
    static const char *const bad[] = {"", ".hidden", "..", "a/b", "/", "tab\there", "nl\n"};
    char name[300];
    struct sl_error err;
    size_t i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        ck_assert_msg(sl_events_check_name(good[i], NULL) == SL_OK, "refused %s", good[i]);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sl_error_clear(&err);
        ck_assert_msg(sl_events_check_name(bad[i], &err) == SL_EINVAL, "accepted %s", bad[i]);
        ck_assert_str_ne(err.message, "");
    }
    ck_assert_int_eq(sl_events_check_name(NULL, NULL), SL_EINVAL);
    /* 100 characters pass, 101 do not. */
    memset(name, 'n', 100);
    name[100] = '\0';
    ck_assert_int_eq(sl_events_check_name(name, NULL), SL_OK);
    name[100] = 'n';
    name[101] = '\0';
    ck_assert_int_eq(sl_events_check_name(name, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "101"));
    /* Characters, not bytes: 100 two-byte characters are fine. */
    for (i = 0; i < 100; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2);
    name[200] = '\0';
    ck_assert_int_eq(sl_events_check_name(name, NULL), SL_OK);
    sl_error_clear(&err);
    ck_assert_int_eq(sl_events_check_name("a/b", &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "The event name \"a/b\" cannot contain \"/\".");
}
END_TEST

START_TEST(test_function_keys)
{
    static const struct {
        const char *in, *key;
    } cases[] = {
        {"orders", "orders"},
        {"orders:live", "orders"},
        {"orders:$LATEST", "orders"},
        {"123456789012:function:orders", "orders"},
        {"arn:aws:lambda:us-east-1:123456789012:function:orders", "orders"},
        {"arn:aws:lambda:us-east-1:123456789012:function:orders:7", "orders"},
    };
    static const char *const bad[] = {"", ":x", ".hidden", "a/b", "arn:aws:lambda:r:1:function:"};
    size_t i;
    char *key;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert_int_eq(sl_events_function_key(cases[i].in, &key, NULL), SL_OK);
        ck_assert_str_eq(key, cases[i].key);
        free(key);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(sl_events_function_key(bad[i], &key, NULL) == SL_EINVAL, "accepted %s",
                      bad[i]);
        ck_assert_ptr_null(key);
    }
}
END_TEST

START_TEST(test_project_matches)
{
    ck_assert(sl_events_project_matches("orders", "orders"));
    ck_assert(
        sl_events_project_matches("GetUserFunction", "users-api-GetUserFunction-4XJ2K9LQ7ZAB"));
    ck_assert(!sl_events_project_matches("GetUser", "users-api-GetUserFunction-4XJ2K9LQ7ZAB"));
    ck_assert(!sl_events_project_matches("users", "users-api-GetUserFunction-4XJ2K9LQ7ZAB"));
    ck_assert(!sl_events_project_matches("4XJ2K9LQ7ZAB", "users-api-GetUserFunction-4XJ2K9LQ7ZAB"));
    ck_assert(!sl_events_project_matches("orders", "orders-x"));
    ck_assert(!sl_events_project_matches(NULL, "x"));
}
END_TEST

START_TEST(test_round_trip)
{
    const char *ev = "{\"pathParameters\": {\"id\": \"u-123\"}}\n";
    struct sl_event_ref *v = NULL, ref;
    struct sl_error err;
    char *path = NULL, *text = NULL, want[600];
    size_t n = 0, len = 0;
    struct stat st;

    sl_error_clear(&err);
    ck_assert_int_eq(
        sl_events_save(&dirs, "users-api-Get:live", "get-user", ev, strlen(ev), 0, &path, &err),
        SL_OK);
    snprintf(want, sizeof(want), "%s/store/users-api-Get/get-user.json", tmpdir);
    ck_assert_str_eq(path, want);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    text = slurp(path);
    ck_assert_str_eq(text, ev);
    free(text);
    /* Only the file: no temporary left behind. */
    snprintf(want, sizeof(want), "%s/store/users-api-Get", tmpdir);
    ck_assert_int_eq(count_entries(want), 1);

    /* Saving again needs replace. */
    ck_assert_int_eq(sl_events_save(&dirs, "users-api-Get", "get-user", "[]", 2, 0, NULL, &err),
                     SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "--force"));
    ck_assert_int_eq(sl_events_save(&dirs, "users-api-Get", "get-user", "[1]", 3, 1, NULL, &err),
                     SL_OK);
    ck_assert_int_eq(sl_events_load(path, &text, &len, &err), SL_OK);
    ck_assert_str_eq(text, "[1]");
    ck_assert_uint_eq(len, 3);
    free(text);

    ck_assert_int_eq(sl_events_save(&dirs, "other", "b", "{}", 2, 0, NULL, &err), SL_OK);
    ck_assert_int_eq(sl_events_save(&dirs, "other", "a", "{}", 2, 0, NULL, &err), SL_OK);
    ck_assert_int_eq(sl_events_list(&dirs, NULL, &v, &n, &err), SL_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(v[0].function, "other");
    ck_assert_str_eq(v[0].name, "a");
    ck_assert_str_eq(v[1].name, "b");
    ck_assert_str_eq(v[2].function, "users-api-Get");
    ck_assert_int_eq(v[2].source, SL_EVENT_SAVED);
    sl_event_refs_free(&v, n);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(
        sl_events_list(&dirs, "arn:aws:lambda:us-east-1:1:function:other", &v, &n, &err), SL_OK);
    ck_assert_uint_eq(n, 2);
    sl_event_refs_free(&v, n);

    ck_assert_int_eq(sl_events_find(&dirs, "users-api-Get", "get-user", &ref, &err), SL_OK);
    ck_assert_str_eq(ref.path, path);
    sl_event_ref_clear(&ref);
    ck_assert_int_eq(sl_events_find(&dirs, "users-api-Get", "nope", &ref, &err), SL_ENOTFOUND);
    ck_assert_str_eq(err.message, "There is no saved event \"nope\" for users-api-Get.");

    ck_assert_int_eq(sl_events_remove(&dirs, "users-api-Get", "get-user", &err), SL_OK);
    ck_assert_int_ne(access(path, F_OK), 0);
    ck_assert_int_ne(access(want, F_OK), 0); /* the empty folder went too */
    ck_assert_int_eq(sl_events_remove(&dirs, "users-api-Get", "get-user", &err), SL_ENOTFOUND);
    ck_assert_str_eq(err.message, "There is no saved event \"get-user\" for users-api-Get.");
    free(path);
}
END_TEST

START_TEST(test_invalid_json_refused)
{
    const char *bad = "{\n  \"a\": 1,\n  \"b\": tru\n}\n";
    struct sl_error err;
    char *path = NULL, *text = NULL;
    size_t len;
    char file[600];

    sl_error_clear(&err);
    ck_assert_int_eq(sl_events_save(&dirs, "f", "bad", bad, strlen(bad), 0, &path, &err),
                     SL_EPARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "line 3, column"));
    ck_assert_ptr_null(path);
    snprintf(file, sizeof(file), "%s/store/f/bad.json", tmpdir);
    ck_assert_int_ne(access(file, F_OK), 0);
    /* Trailing garbage and empty text are not JSON either. */
    ck_assert_int_eq(sl_events_check_text("{} x", 4, "t", &err), SL_EPARSE);
    ck_assert_str_eq(err.message, "t: not valid JSON at line 1, column 4");
    ck_assert_int_eq(sl_events_check_text("", 0, "t", &err), SL_EPARSE);
    ck_assert_int_eq(sl_events_check_text("  \"s\"\n", 6, "t", &err), SL_OK);

    /* A file that is not JSON is refused on load, with its path. */
    mkdirs("store/f");
    put("store/f/broken.json", "{\"a\": }");
    ck_assert_int_eq(sl_events_load(file, &text, &len, &err), SL_ENOTFOUND);
    snprintf(file, sizeof(file), "%s/store/f/broken.json", tmpdir);
    ck_assert_int_eq(sl_events_load(file, &text, &len, &err), SL_EPARSE);
    ck_assert_ptr_null(text);
    ck_assert_ptr_nonnull(strstr(err.message, file));
    ck_assert_ptr_nonnull(strstr(err.message, "line 1, column 7"));
}
END_TEST

START_TEST(test_bad_names_not_written)
{
    struct sl_error err;

    ck_assert_int_eq(sl_events_save(&dirs, "f", "../escape", "{}", 2, 0, NULL, &err), SL_EINVAL);
    ck_assert_int_eq(sl_events_save(&dirs, "f", ".x", "{}", 2, 0, NULL, &err), SL_EINVAL);
    ck_assert_int_eq(sl_events_save(&dirs, "../f", "x", "{}", 2, 0, NULL, &err), SL_EINVAL);
    ck_assert_int_eq(access(dirs.store, F_OK), -1);
}
END_TEST

START_TEST(test_atomic_write_keeps_mode)
{
    char path[600];
    struct stat st;
    char *text;
    struct sl_error err;

    mkdirs("proj/events");
    snprintf(path, sizeof(path), "%s/proj/events/shared.json", tmpdir);
    write_file(path, "{}");
    ck_assert_int_eq(chmod(path, 0644), 0);
    ck_assert_int_eq(sl_events_write_file(path, "[1, 2]\n", 7, &err), SL_OK);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);
    text = slurp(path);
    ck_assert_str_eq(text, "[1, 2]\n");
    free(text);
    snprintf(path, sizeof(path), "%s/proj/events", tmpdir);
    ck_assert_int_eq(count_entries(path), 1);
    /* A folder that cannot be created: a sentence, nothing written. */
    snprintf(path, sizeof(path), "%s/proj/events/shared.json/sub/x.json", tmpdir);
    ck_assert_int_eq(sl_events_write_file(path, "{}", 2, &err), SL_EIO);
    ck_assert_str_ne(err.message, "");
}
END_TEST

START_TEST(test_project_folder)
{
    struct sl_event_ref *v = NULL, ref;
    struct sl_error err;
    char start[600], want[600];
    char *p;
    size_t n = 0;

    /* The root is the folder with template.yaml; events/ between there and the start. */
    mkdirs("proj/.git");
    mkdirs("proj/app/src/handlers");
    mkdirs("proj/app/events/GetUserFunction");
    mkdirs("proj/app/events/orders");
    put("proj/app/template.yaml", "Resources: {}\n");
    put("proj/app/events/event.json", "{\"shared\": true}");
    put("proj/app/events/.hidden.json", "{}");
    put("proj/app/events/notes.txt", "x");
    put("proj/app/events/GetUserFunction/get-user.json", "{\"pathParameters\":{\"id\":\"u-1\"}}");
    put("proj/app/events/GetUserFunction/boom.json", "{\"pathParameters\":{\"id\":\"boom\"}}");
    put("proj/app/events/orders/new.json", "{}");
    snprintf(start, sizeof(start), "%s/proj/app/src/handlers", tmpdir);
    p = sl_events_find_project(start);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(strstr(p, "/proj/app/events"));
    dirs.project = p;

    ck_assert_int_eq(sl_events_list(&dirs, "users-api-GetUserFunction-4XJ2K9LQ7ZAB", &v, &n, &err),
                     SL_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_ptr_null(v[0].function); /* events/event.json: any function, sorted first */
    ck_assert_str_eq(v[0].name, "event");
    ck_assert_str_eq(v[1].function, "GetUserFunction");
    ck_assert_str_eq(v[1].name, "boom");
    ck_assert_str_eq(v[2].name, "get-user");
    ck_assert_int_eq(v[2].source, SL_EVENT_PROJECT);
    sl_event_refs_free(&v, n);
    ck_assert_int_eq(sl_events_list(&dirs, NULL, &v, &n, &err), SL_OK);
    ck_assert_uint_eq(n, 4);
    sl_event_refs_free(&v, n);

    /* The store comes first; then the project's function folder; then its top level. */
    ck_assert_int_eq(
        sl_events_find(&dirs, "users-api-GetUserFunction-4XJ2K9LQ7ZAB", "get-user", &ref, &err),
        SL_OK);
    ck_assert_int_eq(ref.source, SL_EVENT_PROJECT);
    sl_event_ref_clear(&ref);
    ck_assert_int_eq(sl_events_save(&dirs, "users-api-GetUserFunction-4XJ2K9LQ7ZAB", "get-user",
                                    "{}", 2, 0, NULL, &err),
                     SL_OK);
    ck_assert_int_eq(
        sl_events_find(&dirs, "users-api-GetUserFunction-4XJ2K9LQ7ZAB", "get-user", &ref, &err),
        SL_OK);
    ck_assert_int_eq(ref.source, SL_EVENT_SAVED);
    sl_event_ref_clear(&ref);
    ck_assert_int_eq(sl_events_find(&dirs, "orders", "event", &ref, &err), SL_OK);
    ck_assert_ptr_null(ref.function);
    snprintf(want, sizeof(want), "%s/event.json", p);
    ck_assert_str_eq(ref.path, want);
    sl_event_ref_clear(&ref);

    /* Without any root marker only the start folder's events/ counts. */
    mkdirs("loose/deep");
    mkdirs("loose/events");
    snprintf(start, sizeof(start), "%s/loose/deep", tmpdir);
    /* (tmp dirs have no marker above them unless / itself has one) */
    p = sl_events_find_project(start);
    if (p) {
        ck_assert_ptr_null(strstr(p, "/loose/events"));
        free(p);
    }
    snprintf(start, sizeof(start), "%s/loose", tmpdir);
    p = sl_events_find_project(start);
    ck_assert_ptr_nonnull(p);
    free(p);
    /* The search stops at the root: events/ above it is not the project's. */
    mkdirs("outer/events");
    mkdirs("outer/proj2/sub");
    put("outer/proj2/samconfig.toml", "version = 0.1\n");
    snprintf(start, sizeof(start), "%s/outer/proj2/sub", tmpdir);
    ck_assert_ptr_null(sl_events_find_project(start));
}
END_TEST

START_TEST(test_read_fd_cap)
{
    char path[600];
    char *text = NULL;
    size_t len = 0;
    int fd, too_big = 0;

    snprintf(path, sizeof(path), "%s/ten", tmpdir);
    write_file(path, "0123456789");
    fd = open(path, O_RDONLY);
    ck_assert_int_eq(sl_events_read_fd(fd, 10, &text, &len, &too_big), SL_OK);
    close(fd);
    ck_assert_uint_eq(len, 10);
    ck_assert_str_eq(text, "0123456789");
    free(text);
    fd = open(path, O_RDONLY);
    ck_assert_int_eq(sl_events_read_fd(fd, 9, &text, &len, &too_big), SL_ETOOBIG);
    close(fd);
    ck_assert_int_eq(too_big, 1);
    ck_assert_ptr_null(text);
}
END_TEST

START_TEST(test_templates_valid_json)
{
    static const char *const types[] = {
        "api-gateway-v1", "rest-api", "api-gateway-v2", "apigw", "http-api", "sqs", "s3", "sns",
        "eventbridge",    "schedule"};
    const char *pp[] = {"id=u-123"}, *q[] = {"verbose=1", "a b=c&d"}, *h[] = {"X-Trace=abc"};
    struct sl_event_template_opts o;
    enum sl_event_type t;
    struct sl_error err;
    char *out = NULL;
    size_t i;

    memset(&o, 0, sizeof(o));
    o.method = "POST";
    o.path = "/users/u-123";
    o.body = "{\"name\": \"Ada \\\"quoted\\\"\"}\n";
    o.path_params = pp;
    o.n_path_params = 1;
    o.query = q;
    o.n_query = 2;
    o.headers = h;
    o.n_headers = 1;
    o.bucket = "my bucket";
    o.key = "uploads/a file+b.txt";
    o.detail = "{\"orderId\": 7}";
    o.now_ms = 1714550400000LL;
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        ck_assert_int_eq(sl_event_type_parse(types[i], &t), 0);
        sl_error_clear(&err);
        ck_assert_msg(sl_event_template(t, &o, &out, &err) == SL_OK, "%s: %s", types[i],
                      err.message);
        ck_assert_int_eq(sl_json_validate(out, strlen(out), NULL), SL_OK);
        ck_assert(out[strlen(out) - 1] == '\n');
        free(out);
        /* And with no options at all. */
        ck_assert_int_eq(sl_event_template(t, NULL, &out, &err), SL_OK);
        ck_assert_int_eq(sl_json_validate(out, strlen(out), NULL), SL_OK);
        free(out);
    }
    ck_assert_int_eq(sl_event_type_parse("kinesis", &t), -1);

    ck_assert_int_eq(sl_event_template(SL_EVENT_APIGW_V2, &o, &out, &err), SL_OK);
    ck_assert_ptr_nonnull(strstr(out, "\"routeKey\": \"POST /users/{id}\""));
    ck_assert_ptr_nonnull(strstr(out, "\"rawQueryString\": \"verbose=1&a%20b=c%26d\""));
    ck_assert_ptr_nonnull(strstr(out, "\"x-trace\": \"abc\""));
    ck_assert_ptr_nonnull(strstr(out, "\"time\": \"01/May/2024:08:00:00 +0000\""));
    free(out);
    ck_assert_int_eq(sl_event_template(SL_EVENT_S3, &o, &out, &err), SL_OK);
    ck_assert_ptr_nonnull(strstr(out, "\"key\": \"uploads/a+file%2Bb.txt\""));
    ck_assert_ptr_nonnull(strstr(out, "\"name\": \"my bucket\""));
    free(out);
    ck_assert_int_eq(sl_event_template(SL_EVENT_EVENTBRIDGE, &o, &out, &err), SL_OK);
    ck_assert_ptr_nonnull(strstr(out, "\"orderId\": 7"));
    free(out);

    /* Mistakes in the options are sentences, not output. */
    o.detail = "{nope";
    ck_assert_int_eq(sl_event_template(SL_EVENT_EVENTBRIDGE, &o, &out, &err), SL_EINVAL);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(err.message, "--detail is not valid JSON at line 1, column "));
    o.detail = NULL;
    q[1] = "novalue";
    ck_assert_int_eq(sl_event_template(SL_EVENT_SQS, &o, &out, &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "--query takes NAME=VALUE, not \"novalue\".");
    q[1] = "a=b";
    o.path = "users";
    ck_assert_int_eq(sl_event_template(SL_EVENT_APIGW_V1, &o, &out, &err), SL_EINVAL);
}
END_TEST

static Suite *events_suite(void)
{
    Suite *s = suite_create("events");
    TCase *tc = tcase_create("store");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_function_keys);
    tcase_add_test(tc, test_project_matches);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_invalid_json_refused);
    tcase_add_test(tc, test_bad_names_not_written);
    tcase_add_test(tc, test_atomic_write_keeps_mode);
    tcase_add_test(tc, test_project_folder);
    tcase_add_test(tc, test_read_fd_cap);
    suite_add_tcase(s, tc);
    tc = tcase_create("templates");
    tcase_add_test(tc, test_templates_valid_json);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(events_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
