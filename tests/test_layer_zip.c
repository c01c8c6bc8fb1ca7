/* The layer zip: the same folder gives the same bytes whatever the time stamps, permissions,
 * umask or time zone; entries in sorted order with pinned times and modes; links and special
 * files; existing zips; the layout check of each runtime; writing without leftovers. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <zip.h>

#include "layer_zip.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static char tmpdir[256];

static void put_file(const char *rel, const char *text, mode_t mode)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    ck_assert_int_eq(chmod(path, mode), 0);
}

static void put_dir(const char *rel)
{
    char path[512];

    snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    ck_assert_int_eq(mkdir(path, 0755), 0);
}

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "%s/slctl-zip.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_tree(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *de;
    char child[1024];

    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        d = opendir(path);
        while (d && (de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
            rm_tree(child);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void teardown(void)
{
    rm_tree(tmpdir);
}

/* A small python layer with a nested folder, an executable, an empty file and a name that
 * sorts between "lib" and "lib/". */
static void make_layer(void)
{
    put_dir("python");
    put_dir("python/lib");
    put_dir("python/lib/python3.12");
    put_dir("python/lib/python3.12/site-packages");
    put_dir("python/lib/python3.12/site-packages/requests");
    put_file("python/lib/python3.12/site-packages/requests/__init__.py", "VERSION = '2.32'\n",
             0644);
    put_file("python/lib-b.txt", "between\n", 0600);
    put_file("python/run.sh", "#!/bin/sh\necho ok\n", 0700);
    put_file("python/empty", "", 0644);
    put_file("README", "a layer\n", 0664);
}

static void touch_all(time_t t)
{
    static const char *const rel[] = {"python",
                                      "python/lib",
                                      "python/run.sh",
                                      "python/empty",
                                      "README",
                                      "python/lib-b.txt",
                                      "python/lib/python3.12/site-packages/requests/__init__.py"};
    struct utimbuf ut = {t, t};
    char path[512];
    size_t i;

    for (i = 0; i < NELEM(rel); i++) {
        snprintf(path, sizeof(path), "%s/%s", tmpdir, rel[i]);
        ck_assert_int_eq(utime(path, &ut), 0);
    }
}

static const char *const sorted_names[] = {
    "README",
    "python/",
    "python/empty",
    "python/lib-b.txt",
    "python/lib/",
    "python/lib/python3.12/",
    "python/lib/python3.12/site-packages/",
    "python/lib/python3.12/site-packages/requests/",
    "python/lib/python3.12/site-packages/requests/__init__.py",
    "python/run.sh",
};

START_TEST(test_same_folder_same_bytes)
{
    struct sl_layer_zip a, b;
    struct sl_error err;
    char path[512];
    mode_t old;

    make_layer();
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &a, &err), SL_OK);
    /* Different times, zone, umask and group/other bits: the zip must not change. */
    touch_all(1700000000);
    snprintf(path, sizeof(path), "%s/python/run.sh", tmpdir);
    ck_assert_int_eq(chmod(path, 0751), 0);
    snprintf(path, sizeof(path), "%s/README", tmpdir);
    ck_assert_int_eq(chmod(path, 0600), 0);
    setenv("TZ", "Pacific/Kiritimati", 1);
    tzset();
    old = umask(0077);
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &b, &err), SL_OK);
    umask(old);
    unsetenv("TZ");
    tzset();
    ck_assert_uint_gt(a.len, 0);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert_int_eq(memcmp(a.data, b.data, a.len), 0);
    sl_layer_zip_free(&a);
    sl_layer_zip_free(&b);
    ck_assert_ptr_null(a.data);
    sl_layer_zip_free(&a); /* twice is fine */
    sl_layer_zip_free(NULL);
}
END_TEST

START_TEST(test_entries_sorted_and_pinned)
{
    struct sl_layer_zip z;
    struct sl_error err;
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;
    zip_int64_t n, i;

    make_layer();
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_OK);
    ck_assert_uint_eq(z.n_names, NELEM(sorted_names));
    for (i = 0; i < (zip_int64_t)NELEM(sorted_names); i++)
        ck_assert_str_eq(z.names[i], sorted_names[i]);

    /* Read it back with libzip: same order, 1980-01-01, fixed modes, contents intact. */
    zip_error_init(&ze);
    src = zip_source_buffer_create(z.data, z.len, 0, &ze);
    ck_assert_ptr_nonnull(src);
    za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    ck_assert_ptr_nonnull(za);
    n = zip_get_num_entries(za, 0);
    ck_assert_int_eq(n, (zip_int64_t)NELEM(sorted_names));
    for (i = 0; i < n; i++) {
        zip_stat_t st;
        zip_uint8_t os;
        zip_uint32_t attr;
        struct tm tm;
        unsigned mode;
        const char *name = zip_get_name(za, (zip_uint64_t)i, 0);

        ck_assert_str_eq(name, sorted_names[i]);
        ck_assert_int_eq(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
        localtime_r(&st.mtime, &tm);
        ck_assert_int_eq(tm.tm_year + 1900, 1980);
        ck_assert_int_eq(tm.tm_mon, 0);
        ck_assert_int_eq(tm.tm_mday, 1);
        ck_assert_int_eq(tm.tm_hour, 0);
        ck_assert_int_eq(zip_file_get_external_attributes(za, (zip_uint64_t)i, 0, &os, &attr), 0);
        ck_assert_int_eq(os, ZIP_OPSYS_UNIX);
        mode = (attr >> 16) & 07777;
        if (name[strlen(name) - 1] == '/' || !strcmp(name, "python/run.sh"))
            ck_assert_uint_eq(mode, 0755);
        else
            ck_assert_uint_eq(mode, 0644);
        /* No extra fields (time stamps, uid/gid) that could differ between machines. */
        ck_assert_int_eq(zip_file_extra_fields_count(za, (zip_uint16_t)i, ZIP_FL_CENTRAL), 0);
        ck_assert_int_eq(zip_file_extra_fields_count(za, (zip_uint16_t)i, ZIP_FL_LOCAL), 0);
    }
    {
        char buf[64] = "";
        zip_file_t *f =
            zip_fopen(za, "python/lib/python3.12/site-packages/requests/__init__.py", 0);

        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(zip_fread(f, buf, sizeof(buf) - 1), 17);
        ck_assert_str_eq(buf, "VERSION = '2.32'\n");
        zip_fclose(f);
    }
    zip_discard(za);
    zip_error_fini(&ze);
    sl_layer_zip_free(&z);
}
END_TEST

START_TEST(test_links)
{
    struct sl_layer_zip z;
    struct sl_error err;
    char path[512];

    put_dir("nodejs");
    put_dir("nodejs/node_modules");
    put_dir("nodejs/node_modules/pkg");
    put_dir("nodejs/node_modules/.bin");
    put_file("nodejs/node_modules/pkg/cli.js", "console.log(1)\n", 0755);
    /* A link to a file inside the folder is stored as that file. */
    snprintf(path, sizeof(path), "%s/nodejs/node_modules/.bin/pkg", tmpdir);
    ck_assert_int_eq(symlink("../pkg/cli.js", path), 0);
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_OK);
    ck_assert_uint_eq(z.n_names, 6);
    ck_assert_str_eq(z.names[3], "nodejs/node_modules/.bin/pkg");
    sl_layer_zip_free(&z);

    /* A link out of the folder, to nothing, or to a folder: refused, with the path. */
    snprintf(path, sizeof(path), "%s/nodejs/leak", tmpdir);
    ck_assert_int_eq(symlink("/etc/hostname", path), 0);
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "leak"));
    ck_assert_ptr_nonnull(strstr(err.message, "outside the folder"));
    ck_assert_ptr_null(z.data);
    unlink(path);
    ck_assert_int_eq(symlink("missing", path), 0);
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "leads nowhere"));
    unlink(path);
    ck_assert_int_eq(symlink("node_modules", path), 0);
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "to a folder"));
    unlink(path);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "special file"));
    unlink(path);
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_OK);
    sl_layer_zip_free(&z);
}
END_TEST

START_TEST(test_bad_folders)
{
    struct sl_layer_zip z;
    struct sl_error err;
    char path[512];

    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "holds no files"));
    put_dir("only-folders");
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_EINVAL);
    snprintf(path, sizeof(path), "%s/nope", tmpdir);
    ck_assert_int_eq(sl_layer_zip_dir(path, &z, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "does not exist"));
    put_file("plain", "x", 0644);
    snprintf(path, sizeof(path), "%s/plain", tmpdir);
    ck_assert_int_eq(sl_layer_zip_dir(path, &z, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "is not a folder"));
    /* Unreadable file (unless running as root, who reads everything). */
    if (geteuid() != 0) {
        ck_assert_int_eq(chmod(path, 0), 0);
        ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_EIO);
        ck_assert_ptr_nonnull(strstr(err.message, "plain"));
    }
}
END_TEST

START_TEST(test_open_existing)
{
    struct sl_layer_zip a, b;
    struct sl_error err;
    char path[512], out[512];

    make_layer();
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &a, &err), SL_OK);
    snprintf(out, sizeof(out), "%s/layer.zip", tmpdir);
    ck_assert_int_eq(sl_layer_zip_write(&a, out, &err), SL_OK);
    ck_assert_int_eq(sl_layer_zip_open(out, &b, &err), SL_OK);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert_int_eq(memcmp(a.data, b.data, a.len), 0);
    ck_assert_uint_eq(b.n_names, NELEM(sorted_names));
    ck_assert_str_eq(b.names[1], "python/");
    sl_layer_zip_free(&a);
    sl_layer_zip_free(&b);

    put_file("fake.zip", "PK\003\004 but not really a zip\n", 0644);
    snprintf(path, sizeof(path), "%s/fake.zip", tmpdir);
    ck_assert_int_eq(sl_layer_zip_open(path, &b, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "is not a zip file"));
    put_file("empty.zip", "", 0644);
    snprintf(path, sizeof(path), "%s/empty.zip", tmpdir);
    ck_assert_int_ne(sl_layer_zip_open(path, &b, &err), SL_OK);
    snprintf(path, sizeof(path), "%s/missing.zip", tmpdir);
    ck_assert_int_eq(sl_layer_zip_open(path, &b, &err), SL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "does not exist"));
}
END_TEST

START_TEST(test_write_leaves_nothing)
{
    struct sl_layer_zip z;
    struct sl_error err;
    char out[512];
    DIR *d;
    struct dirent *de;
    int n = 0;

    put_file("f", "data\n", 0644);
    ck_assert_int_eq(sl_layer_zip_dir(tmpdir, &z, &err), SL_OK);
    snprintf(out, sizeof(out), "%s/no/such/dir/out.zip", tmpdir);
    ck_assert_int_eq(sl_layer_zip_write(&z, out, &err), SL_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "out.zip"));
    /* Over a folder: the rename fails, the temporary file goes. */
    put_dir("target.zip");
    snprintf(out, sizeof(out), "%s/target.zip", tmpdir);
    ck_assert_int_eq(sl_layer_zip_write(&z, out, &err), SL_EIO);
    d = opendir(tmpdir);
    while ((de = readdir(d)))
        n += strncmp(de->d_name, "target.zip.tmp", 14) == 0;
    closedir(d);
    ck_assert_int_eq(n, 0);
    sl_layer_zip_free(&z);
}
END_TEST

static const struct {
    const char *runtime;
    const char *names[4];
    const char *expect; /* NULL: fits; else a piece of the sentence */
} layout_cases[] = {
    {"nodejs20.x", {"nodejs/", "nodejs/node_modules/", "nodejs/node_modules/zod/index.js"}, NULL},
    {"nodejs18.x", {"nodejs/node18/node_modules/zod/index.js"}, NULL},
    {"nodejs20.x", {"node_modules/zod/index.js"}, "nodejs/node20/node_modules/"},
    {"nodejs20.x", {"nodejs/zod/index.js"}, "nodejs/node_modules/"},
    {"nodejs", {"lib/x.js"}, "nodejs/nodeNN/node_modules/"},
    {"python3.12", {"python/requests/__init__.py"}, NULL},
    {"python3.12", {"python/lib/python3.12/site-packages/requests/__init__.py"}, NULL},
    {"python3.12", {"requests/__init__.py"}, "python/lib/python3.12/site-packages/"},
    {"python3.9", {"python/"}, "python/lib/python3.9/site-packages/"},
    {"python3.13", {"site-packages/x.py", "nodejs/node_modules/x"}, "no python/ folder"},
    {"java21", {"whatever"}, NULL},
    {"provided.al2023", {"bin/tool"}, NULL},
};

START_TEST(test_layout)
{
    char *names[4];
    size_t n = 0;
    char *w;

    while (n < 4 && layout_cases[_i].names[n]) {
        names[n] = (char *)layout_cases[_i].names[n];
        n++;
    }
    w = sl_layer_zip_layout_warning(names, n, layout_cases[_i].runtime);
    if (!layout_cases[_i].expect) {
        ck_assert_msg(w == NULL, "%s: %s", layout_cases[_i].runtime, w ? w : "");
    } else {
        ck_assert_ptr_nonnull(w);
        ck_assert_msg(strstr(w, layout_cases[_i].expect) != NULL, "%s", w);
        ck_assert_msg(strstr(w, layout_cases[_i].runtime) != NULL, "%s", w);
    }
    free(w);
}
END_TEST

static Suite *layer_zip_suite(void)
{
    Suite *s = suite_create("layer_zip");
    TCase *t;

    t = tcase_create("folder");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_same_folder_same_bytes);
    tcase_add_test(t, test_entries_sorted_and_pinned);
    tcase_add_test(t, test_links);
    tcase_add_test(t, test_bad_folders);
    tcase_add_test(t, test_open_existing);
    tcase_add_test(t, test_write_leaves_nothing);
    suite_add_tcase(s, t);

    t = tcase_create("layout");
    tcase_add_loop_test(t, test_layout, 0, (int)NELEM(layout_cases));
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(layer_zip_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
