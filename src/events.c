#include "events.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "json.h"
#include "settings.h"

static char *join_path(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

static int is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

void sl_event_ref_clear(struct sl_event_ref *r)
{
    if (!r)
        return;
    free(r->function);
    free(r->name);
    free(r->path);
    memset(r, 0, sizeof(*r));
}

void sl_event_refs_free(struct sl_event_ref **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        sl_event_ref_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

void sl_events_dirs_free(struct sl_events_dirs *d)
{
    if (!d)
        return;
    free(d->store);
    free(d->project);
    d->store = d->project = NULL;
}

enum sl_err sl_events_dirs_default(struct sl_events_dirs *d)
{
    char *dir = sl_settings_dir();

    memset(d, 0, sizeof(*d));
    if (dir) {
        d->store = join_path(dir, "events");
        free(dir);
        if (!d->store)
            return SL_ENOMEM;
    }
    d->project = sl_events_find_project(NULL);
    return SL_OK;
}

/* ---- the project folder ---------------------------------------------------------------- */

static int has_marker(const char *dir)
{
    static const char *const markers[] = {".git", "samconfig.toml", "samconfig.yaml",
                                          "template.yaml", "template.yml"};
    char path[PATH_MAX + 32];
    size_t i;

    for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", markers[i]);
        if (exists(path))
            return 1;
    }
    return 0;
}

/* Cuts the last component: "/a/b" -> "/a", "/a" -> "/". Returns 0 when dir was "/". */
static int parent(char *dir)
{
    char *slash = strrchr(dir, '/');

    if (!slash || !strcmp(dir, "/"))
        return 0;
    if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    return 1;
}

static char *events_in(const char *dir)
{
    char *p = join_path(strcmp(dir, "/") ? dir : "", "events");

    if (p && is_dir(p))
        return p;
    free(p);
    return NULL;
}

char *sl_events_find_project(const char *start)
{
    char dir[PATH_MAX], root[PATH_MAX];
    char *found = NULL;
    int have_root = 0;

    if (!realpath(start ? start : ".", dir))
        return NULL;
    snprintf(root, sizeof(root), "%s", dir);
    do {
        if (has_marker(root)) {
            have_root = 1;
            break;
        }
    } while (parent(root));
    if (!have_root)
        return events_in(dir);
    for (;;) {
        found = events_in(dir);
        if (found || !strcmp(dir, root) || !parent(dir))
            break;
    }
    return found;
}

/* ---- names ----------------------------------------------------------------------------- */

enum sl_err sl_events_check_name(const char *name, struct sl_error *err)
{
    const unsigned char *p;
    size_t chars = 0;

    if (!name || !*name)
        return sl_error_set(err, SL_EINVAL, "%s", _("An event name cannot be empty."));
    if (name[0] == '.')
        return sl_error_set(err, SL_EINVAL, _("The event name \"%s\" cannot start with \".\"."),
                            name);
    for (p = (const unsigned char *)name; *p; p++) {
        if (*p == '/')
            return sl_error_set(err, SL_EINVAL, _("The event name \"%s\" cannot contain \"/\"."),
                                name);
        if (*p < 0x20 || *p == 0x7f)
            return sl_error_set(err, SL_EINVAL, "%s",
                                _("An event name cannot contain control characters."));
        if ((*p & 0xc0) != 0x80)
            chars++;
    }
    /* 100 characters, and a file name that fits any file system (255 bytes with ".json"). */
    if (chars > SL_EVENT_NAME_MAX || (size_t)(p - (const unsigned char *)name) > 240)
        return sl_error_set(err, SL_EINVAL,
                            _("The event name is %zu characters long; the most is %d."), chars,
                            SL_EVENT_NAME_MAX);
    return SL_OK;
}

enum sl_err sl_events_function_key(const char *function, char **out, struct sl_error *err)
{
    const char *start, *p, *colon;
    size_t n;

    *out = NULL;
    if (!function || !*function)
        return sl_error_set(err, SL_EINVAL, "%s", _("No function name was given."));
    start = function;
    /* "arn:aws:lambda:REGION:ACCOUNT:function:NAME[:Q]" and "ACCOUNT:function:NAME[:Q]" */
    p = strstr(function, ":function:");
    if (p)
        start = p + strlen(":function:");
    colon = strchr(start, ':');
    n = colon ? (size_t)(colon - start) : strlen(start);
    if (!n || start[0] == '.' || memchr(start, '/', n) || n > 140)
        return sl_error_set(err, SL_EINVAL, _("\"%s\" is not a function name."), function);
    for (p = start; p < start + n; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return sl_error_set(err, SL_EINVAL, "%s",
                                _("A function name cannot contain control characters."));
    *out = malloc(n + 1);
    if (!*out)
        return SL_ENOMEM;
    memcpy(*out, start, n);
    (*out)[n] = '\0';
    return SL_OK;
}

int sl_events_project_matches(const char *dir, const char *function)
{
    size_t dl, fl;
    const char *p;

    if (!dir || !function)
        return 0;
    if (!strcmp(dir, function))
        return 1;
    /* SAM: "<stack>-<LogicalId>-<suffix>" */
    dl = strlen(dir);
    fl = strlen(function);
    for (p = function; p && (size_t)(p - function) + dl + 2 <= fl; p = strchr(p + 1, '-')) {
        if (*p == '-' && !strncmp(p + 1, dir, dl) && p[1 + dl] == '-')
            return 1;
    }
    return 0;
}

/* ---- listing --------------------------------------------------------------------------- */

struct ref_list {
    struct sl_event_ref *v;
    size_t n, cap;
};

static enum sl_err refs_add(struct ref_list *l, const char *function, const char *name, size_t nlen,
                            const char *path, enum sl_event_source src)
{
    struct sl_event_ref *r;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct sl_event_ref *grown = realloc(l->v, cap * sizeof(*grown));

        if (!grown)
            return SL_ENOMEM;
        l->v = grown;
        l->cap = cap;
    }
    r = &l->v[l->n];
    memset(r, 0, sizeof(*r));
    r->function = function ? strdup(function) : NULL;
    r->name = malloc(nlen + 1);
    r->path = strdup(path);
    r->source = src;
    l->n++;
    if ((function && !r->function) || !r->name || !r->path)
        return SL_ENOMEM;
    memcpy(r->name, name, nlen);
    r->name[nlen] = '\0';
    return SL_OK;
}

/* Adds dir/ *.json (regular files, not hidden, with a valid name). */
static enum sl_err scan_files(struct ref_list *l, const char *dir, const char *function,
                              enum sl_event_source src)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    enum sl_err rc = SL_OK;
    struct stat st;

    if (!d)
        return SL_OK;
    while (!rc && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        char *path;

        if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        path = join_path(dir, e->d_name);
        if (!path) {
            rc = SL_ENOMEM;
            break;
        }
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            char name[256];

            snprintf(name, sizeof(name), "%.*s", (int)(len - 5), e->d_name);
            if (sl_events_check_name(name, NULL) == SL_OK)
                rc = refs_add(l, function, e->d_name, len - 5, path, src);
        }
        free(path);
    }
    closedir(d);
    return rc;
}

/* For each subfolder of dir that fits function (NULL: every one), scans its files. */
static enum sl_err scan_dirs(struct ref_list *l, const char *dir, const char *function,
                             enum sl_event_source src, int exact)
{
    DIR *d;
    struct dirent *e;
    enum sl_err rc = SL_OK;

    if (!dir)
        return SL_OK;
    d = opendir(dir);
    if (!d)
        return SL_OK;
    while (!rc && (e = readdir(d)) != NULL) {
        char *sub;

        if (e->d_name[0] == '.')
            continue;
        if (function && (exact ? strcmp(e->d_name, function) != 0
                               : !sl_events_project_matches(e->d_name, function)))
            continue;
        sub = join_path(dir, e->d_name);
        if (!sub)
            return SL_ENOMEM;
        if (is_dir(sub))
            rc = scan_files(l, sub, e->d_name, src);
        free(sub);
    }
    closedir(d);
    return rc;
}

static int null_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return a ? 1 : b ? -1 : 0;
    return strcmp(a, b);
}

static int ref_cmp(const void *pa, const void *pb)
{
    const struct sl_event_ref *a = pa, *b = pb;
    int c = null_cmp(a->function, b->function);

    if (!c)
        c = strcmp(a->name, b->name);
    if (!c)
        c = (int)a->source - (int)b->source;
    return c;
}

enum sl_err sl_events_list(const struct sl_events_dirs *d, const char *function,
                           struct sl_event_ref **out, size_t *n, struct sl_error *err)
{
    struct ref_list l = {NULL, 0, 0};
    char *key = NULL;
    enum sl_err rc;

    *out = NULL;
    *n = 0;
    if (function) {
        rc = sl_events_function_key(function, &key, err);
        if (rc)
            return rc;
    }
    rc = scan_dirs(&l, d->store, key, SL_EVENT_SAVED, 1);
    if (!rc)
        rc = scan_dirs(&l, d->project, key, SL_EVENT_PROJECT, 0);
    if (!rc && d->project)
        rc = scan_files(&l, d->project, NULL, SL_EVENT_PROJECT);
    free(key);
    if (rc) {
        sl_event_refs_free(&l.v, l.n);
        return rc;
    }
    if (l.n)
        qsort(l.v, l.n, sizeof(*l.v), ref_cmp);
    *out = l.v;
    *n = l.n;
    return SL_OK;
}

enum sl_err sl_events_store_path(const struct sl_events_dirs *d, const char *function,
                                 const char *name, char **out, struct sl_error *err)
{
    char *key = NULL;
    size_t len;
    enum sl_err rc;

    *out = NULL;
    rc = sl_events_check_name(name, err);
    if (!rc)
        rc = sl_events_function_key(function, &key, err);
    if (rc)
        return rc;
    if (!d->store) {
        free(key);
        return sl_error_set(err, SL_ECONFIG, "%s",
                            _("There is no home directory to keep saved events in (set HOME "
                              "or XDG_CONFIG_HOME)."));
    }
    len = strlen(d->store) + strlen(key) + strlen(name) + 8;
    *out = malloc(len);
    if (*out)
        snprintf(*out, len, "%s/%s/%s.json", d->store, key, name);
    free(key);
    return *out ? SL_OK : SL_ENOMEM;
}

enum sl_err sl_events_find(const struct sl_events_dirs *d, const char *function, const char *name,
                           struct sl_event_ref *out, struct sl_error *err)
{
    struct sl_event_ref *v = NULL;
    size_t n = 0, i, best = (size_t)-1;
    int best_rank = 99;
    char *key = NULL;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    rc = sl_events_check_name(name, err);
    if (!rc)
        rc = sl_events_function_key(function, &key, err);
    if (!rc)
        rc = sl_events_list(d, function, &v, &n, err);
    if (rc)
        goto out;
    for (i = 0; i < n; i++) {
        int rank;

        if (strcmp(v[i].name, name) != 0)
            continue;
        if (v[i].source == SL_EVENT_SAVED)
            rank = 0;
        else if (v[i].function && !strcmp(v[i].function, key))
            rank = 1;
        else if (v[i].function)
            rank = 2;
        else
            rank = 3;
        if (rank < best_rank) {
            best_rank = rank;
            best = i;
        }
    }
    if (best == (size_t)-1) {
        rc =
            sl_error_set(err, SL_ENOTFOUND, _("There is no saved event \"%s\" for %s."), name, key);
        goto out;
    }
    *out = v[best];
    memset(&v[best], 0, sizeof(v[best]));
out:
    sl_event_refs_free(&v, n);
    free(key);
    return rc;
}

/* ---- reading and writing --------------------------------------------------------------- */

enum sl_err sl_events_read_fd(int fd, size_t cap, char **out, size_t *len, int *too_big)
{
    size_t size = 0, alloc = 0;
    char *buf = NULL, *grown;
    ssize_t r;

    *out = NULL;
    *len = 0;
    *too_big = 0;
    for (;;) {
        if (alloc - size < 4096) {
            alloc = alloc ? alloc * 2 : 65536;
            if (alloc > cap + 2)
                alloc = cap + 2; /* one byte past the cap proves there was more */
            grown = realloc(buf, alloc);
            if (!grown) {
                free(buf);
                return SL_ENOMEM;
            }
            buf = grown;
        }
        if (size > cap) {
            free(buf);
            *too_big = 1;
            return SL_ETOOBIG;
        }
        r = read(fd, buf + size, alloc - size - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            errno = e;
            return SL_EIO;
        }
        if (r == 0)
            break;
        size += (size_t)r;
    }
    buf[size] = '\0';
    *out = buf;
    *len = size;
    return SL_OK;
}

enum sl_err sl_events_check_text(const char *text, size_t len, const char *label,
                                 struct sl_error *err)
{
    struct sl_error e;

    if (len > SL_EVENT_MAX_SIZE)
        return sl_error_set(err, SL_ETOOBIG,
                            _("%s is %zu bytes; an event holds at most %zu bytes (6 MB)."), label,
                            len, SL_EVENT_MAX_SIZE);
    sl_error_clear(&e);
    if (sl_json_validate(text, len, &e) != SL_OK)
        return sl_error_set(err, SL_EPARSE, "%s: %s", label, e.message);
    return SL_OK;
}

enum sl_err sl_events_read(const char *path, char **text, size_t *len, struct sl_error *err)
{
    int fd, too_big = 0;
    enum sl_err rc;

    *text = NULL;
    *len = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return sl_error_set(err, SL_ENOTFOUND, _("%s does not exist."), path);
        return sl_error_set(err, SL_EIO, _("Cannot read %s: %s."), path, strerror(errno));
    }
    rc = sl_events_read_fd(fd, SL_EVENT_MAX_SIZE, text, len, &too_big);
    if (rc == SL_EIO)
        sl_error_set(err, SL_EIO, _("Cannot read %s: %s."), path, strerror(errno));
    close(fd);
    if (rc == SL_ETOOBIG)
        return sl_error_set(err, SL_ETOOBIG, _("%s is larger than %zu bytes (6 MB)."), path,
                            SL_EVENT_MAX_SIZE);
    return rc;
}

enum sl_err sl_events_load(const char *path, char **text, size_t *len, struct sl_error *err)
{
    enum sl_err rc = sl_events_read(path, text, len, err);

    if (rc)
        return rc;
    rc = sl_events_check_text(*text, *len, path, err);
    if (rc) {
        free(*text);
        *text = NULL;
        *len = 0;
    }
    return rc;
}

/* mkdir -p with mode 0700 for what it creates. */
static int make_dirs(const char *dir)
{
    char tmp[PATH_MAX];
    char *p;

    if (snprintf(tmp, sizeof(tmp), "%s", dir) >= (int)sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
        return -1;
    return is_dir(tmp) ? 0 : -1;
}

enum sl_err sl_events_write_file(const char *path, const char *data, size_t len,
                                 struct sl_error *err)
{
    char dir[PATH_MAX], tmp[PATH_MAX + 32];
    const char *slash = strrchr(path, '/');
    mode_t mode = 0600;
    struct stat st;
    size_t off = 0;
    int fd = -1, e;
    enum sl_err rc = SL_EIO;

    tmp[0] = '\0';
    if (slash)
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
    else
        snprintf(dir, sizeof(dir), ".");
    if (!dir[0])
        snprintf(dir, sizeof(dir), "/");
    if (make_dirs(dir) < 0) {
        e = errno;
        rc = sl_error_set(err, SL_EIO, _("Cannot create the folder %s: %s."), dir, strerror(e));
        goto out;
    }
    if (stat(path, &st) == 0)
        mode = st.st_mode & 07777;
    snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, slash ? slash + 1 : path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        e = errno;
        tmp[0] = '\0';
        rc = sl_error_set(err, SL_EIO, _("Cannot write in %s: %s."), dir, strerror(e));
        goto out;
    }
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);

        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            goto write_failed;
        off += (size_t)w;
    }
    if (fchmod(fd, mode) < 0 || fsync(fd) < 0)
        goto write_failed;
    if (close(fd) < 0) {
        fd = -1;
        goto write_failed;
    }
    fd = -1;
    if (rename(tmp, path) < 0)
        goto write_failed;
    tmp[0] = '\0';
    rc = SL_OK;
    goto out;
write_failed:
    e = errno;
    rc = sl_error_set(err, SL_EIO, _("Cannot write %s: %s."), path, strerror(e));
out:
    if (fd >= 0)
        close(fd);
    if (tmp[0])
        unlink(tmp);
    return rc;
}

enum sl_err sl_events_save(const struct sl_events_dirs *d, const char *function, const char *name,
                           const char *text, size_t len, int replace, char **path_out,
                           struct sl_error *err)
{
    char *path = NULL;
    enum sl_err rc;

    if (path_out)
        *path_out = NULL;
    rc = sl_events_store_path(d, function, name, &path, err);
    if (rc)
        return rc;
    rc = sl_events_check_text(text, len, name, err);
    if (rc)
        goto out;
    if (!replace && exists(path)) {
        rc = sl_error_set(err, SL_EINVAL,
                          _("The event \"%s\" already exists (%s); add --force to replace it."),
                          name, path);
        goto out;
    }
    rc = sl_events_write_file(path, text, len, err);
    if (!rc && path_out) {
        *path_out = path;
        path = NULL;
    }
out:
    free(path);
    return rc;
}

enum sl_err sl_events_remove(const struct sl_events_dirs *d, const char *function, const char *name,
                             struct sl_error *err)
{
    char *path = NULL, *slash;
    enum sl_err rc;

    rc = sl_events_store_path(d, function, name, &path, err);
    if (rc)
        return rc;
    if (unlink(path) < 0) {
        int e = errno;

        if (e == ENOENT) {
            char *key = NULL;

            if (sl_events_function_key(function, &key, NULL) == SL_OK)
                rc = sl_error_set(err, SL_ENOTFOUND, _("There is no saved event \"%s\" for %s."),
                                  name, key);
            else
                rc = SL_ENOTFOUND;
            free(key);
        } else {
            rc = sl_error_set(err, SL_EIO, _("Cannot remove %s: %s."), path, strerror(e));
        }
        goto out;
    }
    slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        rmdir(path); /* only succeeds when the folder is empty */
    }
out:
    free(path);
    return rc;
}
