#include "layer_zip.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "i18n.h"
#include "text.h"

/* 1980-01-01 00:00:00, the earliest time a zip can hold, in MS-DOS form. */
#define ZIP_DOS_DATE ((1980 - 1980) << 9 | 1 << 5 | 1)
#define ZIP_DOS_TIME 0

struct zip_entry {
    char *name; /* path inside the zip; folders end in '/' */
    char *src;  /* the file to read; NULL for folders */
    unsigned mode;
};

struct walk {
    struct zip_entry *v;
    size_t n;
    size_t cap;
    const char *dir; /* as the user gave it, for sentences */
    char *root_real; /* the folder's real path, for links */
    unsigned long long total;
    struct sl_error *err;
};

/* A sentence with the paths in it made safe for the terminal. */
static enum sl_err fail(struct sl_error *err, enum sl_err rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum sl_err fail(struct sl_error *err, enum sl_err rc, const char *fmt, ...)
{
    char tmp[1024], *s;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    s = sl_text_sanitized(tmp);
    sl_error_set(err, rc, "%s", s ? s : tmp);
    free(s);
    return rc;
}

static enum sl_err oom(struct sl_error *err)
{
    return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
}

static char *join_path(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s%s%s", a, a[0] && a[strlen(a) - 1] == '/' ? "" : "/", b);
    return p;
}

static enum sl_err walk_add(struct walk *w, const char *name, int is_dir, const char *src,
                            unsigned mode)
{
    struct zip_entry *e;

    if (w->n >= SL_LAYER_ZIP_ENTRIES_MAX)
        return fail(w->err, SL_EINVAL, _("The folder %s holds more than %d files and folders."),
                    w->dir, SL_LAYER_ZIP_ENTRIES_MAX);
    if (w->n == w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 64;
        struct zip_entry *v = realloc(w->v, ncap * sizeof(*v));

        if (!v)
            return oom(w->err);
        w->v = v;
        w->cap = ncap;
    }
    e = &w->v[w->n];
    e->mode = mode;
    e->src = NULL;
    e->name = is_dir ? join_path(name, "") : strdup(name);
    if (is_dir && e->name && !name[0]) {
        free(e->name);
        e->name = NULL;
    }
    if (!e->name || (src && !(e->src = strdup(src)))) {
        free(e->name);
        return oom(w->err);
    }
    w->n++;
    return SL_OK;
}

/* 0755 for what anyone may execute, 0644 for the rest: owners and umasks never leak in. */
static unsigned file_mode(mode_t m)
{
    return (m & 0111) ? 0755 : 0644;
}

static enum sl_err walk_file(struct walk *w, const char *abs, const char *rel,
                             const struct stat *st)
{
    int fd = open(abs, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return fail(w->err, SL_EIO, _("Cannot read %s: %s."), abs, strerror(errno));
    close(fd);
    w->total += (unsigned long long)st->st_size;
    if (w->total > SL_LAYER_UNZIPPED_MAX)
        return fail(w->err, SL_EINVAL,
                    _("The folder %s holds more than the 250 MB a function and its layers may "
                      "take unzipped."),
                    w->dir);
    return walk_add(w, rel, 0, abs, S_IFREG | file_mode(st->st_mode));
}

/* A symbolic link: kept as the file it leads to when that is inside the folder. */
static enum sl_err walk_link(struct walk *w, const char *abs, const char *rel)
{
    char *real = realpath(abs, NULL);
    size_t rn = strlen(w->root_real);
    struct stat st;
    enum sl_err rc;

    if (!real)
        return fail(w->err, SL_EINVAL, _("%s is a symbolic link that leads nowhere."), abs);
    if (strncmp(real, w->root_real, rn) != 0 || (real[rn] != '/' && strcmp(w->root_real, "/"))) {
        rc = fail(w->err, SL_EINVAL,
                  _("%s is a symbolic link to %s, outside the folder; copy the file in instead."),
                  abs, real);
    } else if (stat(real, &st) != 0) {
        rc = fail(w->err, SL_EIO, _("Cannot read %s: %s."), abs, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        rc = fail(w->err, SL_EINVAL,
                  _("%s is a symbolic link to a folder; replace it with the folder itself."), abs);
    } else if (!S_ISREG(st.st_mode)) {
        rc = fail(w->err, SL_EINVAL, _("%s is neither a file nor a folder."), abs);
    } else {
        rc = walk_file(w, real, rel, &st);
    }
    free(real);
    return rc;
}

static enum sl_err walk_dir(struct walk *w, const char *abs, const char *rel, int depth)
{
    DIR *d;
    struct dirent *de;
    enum sl_err rc = SL_OK;

    if (depth > SL_LAYER_ZIP_DEPTH_MAX)
        return fail(w->err, SL_EINVAL, _("The folder %s is nested more than %d levels deep."),
                    w->dir, SL_LAYER_ZIP_DEPTH_MAX);
    d = opendir(abs);
    if (!d)
        return fail(w->err, SL_EIO, _("Cannot read the folder %s: %s."), abs, strerror(errno));
    while (!rc) {
        char *cabs = NULL, *crel = NULL;
        struct stat st;

        errno = 0;
        de = readdir(d);
        if (!de) {
            if (errno)
                rc =
                    fail(w->err, SL_EIO, _("Cannot read the folder %s: %s."), abs, strerror(errno));
            break;
        }
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        cabs = join_path(abs, de->d_name);
        crel = rel[0] ? join_path(rel, de->d_name) : strdup(de->d_name);
        if (!cabs || !crel) {
            rc = oom(w->err);
        } else if (lstat(cabs, &st) != 0) {
            rc = fail(w->err, SL_EIO, _("Cannot read %s: %s."), cabs, strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk_add(w, crel, 1, NULL, S_IFDIR | 0755);
            if (!rc)
                rc = walk_dir(w, cabs, crel, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            rc = walk_file(w, cabs, crel, &st);
        } else if (S_ISLNK(st.st_mode)) {
            rc = walk_link(w, cabs, crel);
        } else {
            rc = fail(w->err, SL_EINVAL,
                      _("%s is a special file (socket, device or FIFO) that cannot go into a "
                        "zip."),
                      cabs);
        }
        free(cabs);
        free(crel);
    }
    closedir(d);
    return rc;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct zip_entry *)a)->name, ((const struct zip_entry *)b)->name);
}

static void walk_free(struct walk *w)
{
    size_t i;

    for (i = 0; i < w->n; i++) {
        free(w->v[i].name);
        free(w->v[i].src);
    }
    free(w->v);
    free(w->root_real);
    memset(w, 0, sizeof(*w));
}

/* Adds one entry with everything that could vary pinned down. */
static int zip_add_entry(zip_t *za, const struct zip_entry *e)
{
    zip_int64_t idx;

    if (e->src) {
        zip_source_t *s = zip_source_file(za, e->src, 0, 0);

        if (!s)
            return -1;
        idx = zip_file_add(za, e->name, s, ZIP_FL_ENC_GUESS);
        if (idx < 0) {
            zip_source_free(s);
            return -1;
        }
        if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) < 0)
            return -1;
    } else {
        idx = zip_dir_add(za, e->name, ZIP_FL_ENC_GUESS);
        if (idx < 0)
            return -1;
    }
    if (zip_file_set_dostime(za, (zip_uint64_t)idx, ZIP_DOS_TIME, ZIP_DOS_DATE, 0) < 0 ||
        zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                         (zip_uint32_t)e->mode << 16) < 0)
        return -1;
    return 0;
}

/* Runs libzip over the sorted entries into a memory buffer. */
static enum sl_err zip_build(struct walk *w, struct sl_layer_zip *out, struct sl_error *err)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za = NULL;
    zip_stat_t st;
    unsigned char *mem = NULL;
    enum sl_err rc = SL_OK;
    size_t i;

    zip_error_init(&ze);
    src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return oom(err);
    }
    za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        rc = fail(err, SL_EIO, _("Cannot start the zip: %s."), zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return rc;
    }
    zip_source_keep(src); /* the bytes are read back after zip_close() */
    for (i = 0; i < w->n; i++) {
        if (zip_add_entry(za, &w->v[i]) < 0) {
            rc = fail(err, SL_EIO, _("Cannot add %s to the zip: %s."), w->v[i].name,
                      zip_strerror(za));
            zip_discard(za);
            goto out;
        }
    }
    if (zip_close(za) < 0) {
        rc = fail(err, SL_EIO, _("Zipping %s failed: %s."), w->dir, zip_strerror(za));
        zip_discard(za);
        goto out;
    }
    zip_stat_init(&st);
    if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(src) < 0) {
        rc = fail(err, SL_EIO, _("Zipping %s failed: %s."), w->dir,
                  zip_error_strerror(zip_source_error(src)));
        goto out;
    }
    mem = malloc(st.size ? (size_t)st.size : 1);
    if (!mem) {
        zip_source_close(src);
        rc = oom(err);
        goto out;
    }
    if (zip_source_read(src, mem, st.size) != (zip_int64_t)st.size) {
        zip_source_close(src);
        free(mem);
        rc = fail(err, SL_EIO, _("Zipping %s failed: %s."), w->dir,
                  zip_error_strerror(zip_source_error(src)));
        goto out;
    }
    zip_source_close(src);
    out->mem_ = mem;
    out->data = mem;
    out->len = (size_t)st.size;
out:
    zip_source_free(src);
    zip_error_fini(&ze);
    return rc;
}

enum sl_err sl_layer_zip_dir(const char *dir, struct sl_layer_zip *out, struct sl_error *err)
{
    struct walk w;
    struct stat st;
    enum sl_err rc;
    size_t i, nfiles = 0;

    memset(out, 0, sizeof(*out));
    memset(&w, 0, sizeof(w));
    w.dir = dir;
    w.err = err;
    if (stat(dir, &st) != 0)
        return fail(err, SL_EINVAL, _("%s does not exist."), dir);
    if (!S_ISDIR(st.st_mode))
        return fail(err, SL_EINVAL, _("%s is not a folder."), dir);
    w.root_real = realpath(dir, NULL);
    if (!w.root_real)
        return fail(err, SL_EIO, _("Cannot read the folder %s: %s."), dir, strerror(errno));
    rc = walk_dir(&w, dir, "", 0);
    for (i = 0; !rc && i < w.n; i++)
        nfiles += w.v[i].src != NULL;
    if (!rc && !nfiles)
        rc = fail(err, SL_EINVAL, _("The folder %s holds no files."), dir);
    if (!rc) {
        qsort(w.v, w.n, sizeof(*w.v), entry_cmp);
        rc = zip_build(&w, out, err);
    }
    if (!rc) {
        out->names = calloc(w.n, sizeof(*out->names));
        if (!out->names) {
            rc = oom(err);
        } else {
            /* The names move to the zip; the rest of the walk is freed. */
            for (i = 0; i < w.n; i++) {
                out->names[i] = w.v[i].name;
                w.v[i].name = NULL;
            }
            out->n_names = w.n;
        }
    }
    walk_free(&w);
    if (rc)
        sl_layer_zip_free(out);
    return rc;
}

enum sl_err sl_layer_zip_open(const char *path, struct sl_layer_zip *out, struct sl_error *err)
{
    zip_t *za;
    zip_int64_t n, i;
    struct stat st;
    enum sl_err rc = SL_OK;
    int zerr = 0, fd;
    void *map;

    memset(out, 0, sizeof(*out));
    if (stat(path, &st) != 0)
        return fail(err, SL_EINVAL, _("%s does not exist."), path);
    if (!S_ISREG(st.st_mode))
        return fail(err, SL_EINVAL, _("%s is neither a folder nor a zip file."), path);
    za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!za) {
        if (zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ)
            return fail(err, SL_EIO, _("Cannot read %s: %s."), path, strerror(errno));
        return fail(err, SL_EINVAL, _("%s is not a zip file."), path);
    }
    n = zip_get_num_entries(za, 0);
    if (n > SL_LAYER_ZIP_ENTRIES_MAX) {
        zip_discard(za);
        return fail(err, SL_EINVAL, _("The zip %s holds more than %d entries."), path,
                    SL_LAYER_ZIP_ENTRIES_MAX);
    }
    out->names = calloc(n > 0 ? (size_t)n : 1, sizeof(*out->names));
    if (!out->names) {
        zip_discard(za);
        return oom(err);
    }
    for (i = 0; i < n; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);

        out->names[i] = strdup(name ? name : "");
        if (!out->names[i]) {
            rc = oom(err);
            break;
        }
        out->n_names++;
    }
    zip_discard(za);
    if (rc)
        goto out;
    if (!n) {
        rc = fail(err, SL_EINVAL, _("The zip %s is empty."), path);
        goto out;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !st.st_size) {
        rc = fail(err, SL_EIO, _("Cannot read %s: %s."), path, strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        rc = fail(err, SL_EIO, _("Cannot read %s: %s."), path, strerror(errno));
        goto out;
    }
    out->map_ = map;
    out->map_len_ = (size_t)st.st_size;
    out->data = map;
    out->len = (size_t)st.st_size;
out:
    if (rc)
        sl_layer_zip_free(out);
    return rc;
}

enum sl_err sl_layer_zip_write(const struct sl_layer_zip *z, const char *path, struct sl_error *err)
{
    size_t n = strlen(path) + 16, off = 0;
    char *tmp = malloc(n);
    mode_t mask;
    int fd, saved;

    if (!tmp)
        return oom(err);
    snprintf(tmp, n, "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        saved = errno;
        free(tmp);
        return fail(err, SL_EIO, _("Cannot write %s: %s."), path, strerror(saved));
    }
    mask = umask(0);
    umask(mask);
    while (off < z->len) {
        ssize_t w = write(fd, z->data + off, z->len - off);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    saved = errno;
    if (off == z->len && (fchmod(fd, 0666 & ~mask) != 0 || fsync(fd) != 0))
        saved = errno, off = (size_t)-1;
    if (close(fd) != 0 && off == z->len)
        saved = errno, off = (size_t)-1;
    if (off != z->len || rename(tmp, path) != 0) {
        if (off == z->len)
            saved = errno;
        unlink(tmp);
        free(tmp);
        return fail(err, SL_EIO, _("Cannot write %s: %s."), path, strerror(saved));
    }
    free(tmp);
    return SL_OK;
}

void sl_layer_zip_free(struct sl_layer_zip *z)
{
    size_t i;

    if (!z)
        return;
    for (i = 0; i < z->n_names; i++)
        free(z->names[i]);
    free(z->names);
    free(z->mem_);
    if (z->map_)
        munmap(z->map_, z->map_len_);
    memset(z, 0, sizeof(*z));
}

/* 1 when some name starts with prefix and has something after it (or is a folder entry). */
static int has_prefix(char *const *names, size_t n, const char *prefix)
{
    size_t i, pn = strlen(prefix);

    for (i = 0; i < n; i++)
        if (names[i] && !strncmp(names[i], prefix, pn))
            return 1;
    return 0;
}

/* nodejs/nodeNN/node_modules/... */
static int has_node_versioned(char *const *names, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const char *p = names[i];

        if (!p || strncmp(p, "nodejs/node", 11) != 0 || !isdigit((unsigned char)p[11]))
            continue;
        for (p += 11; isdigit((unsigned char)*p); p++)
            ;
        if (!strncmp(p, "/node_modules/", 14))
            return 1;
    }
    return 0;
}

char *sl_layer_zip_layout_warning(char *const *names, size_t n, const char *runtime)
{
    char tmp[512], ver[16];
    size_t i = 0;

    if (!runtime)
        return NULL;
    if (!strncmp(runtime, "nodejs", 6)) {
        if (has_prefix(names, n, "nodejs/node_modules/") || has_node_versioned(names, n))
            return NULL;
        for (; i + 1 < sizeof(ver) && isdigit((unsigned char)runtime[6 + i]); i++)
            ver[i] = runtime[6 + i];
        ver[i] = '\0';
        snprintf(tmp, sizeof(tmp),
                 _("The layer is published for %s but has no nodejs/node_modules/ folder, so "
                   "functions will not find its modules: put them in nodejs/node_modules/ (or "
                   "nodejs/node%s/node_modules/)."),
                 runtime, ver[0] ? ver : "NN");
        return sl_text_sanitized(tmp);
    }
    if (!strncmp(runtime, "python", 6)) {
        for (i = 0; i < n; i++)
            if (names[i] && !strncmp(names[i], "python/", 7) && names[i][7])
                return NULL;
        for (i = 0; i + 1 < sizeof(ver) &&
                    (isdigit((unsigned char)runtime[6 + i]) || runtime[6 + i] == '.');
             i++)
            ver[i] = runtime[6 + i];
        ver[i] = '\0';
        snprintf(tmp, sizeof(tmp),
                 _("The layer is published for %s but has no python/ folder, so functions will "
                   "not find its packages: put them in python/ (or "
                   "python/lib/python%s/site-packages/)."),
                 runtime, ver[0] ? ver : "X.Y");
        return sl_text_sanitized(tmp);
    }
    return NULL;
}
