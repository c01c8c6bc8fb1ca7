#include "path_complete.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* More entries than this in one folder are not worth listing one by one. */
#define PATH_MATCHES_MAX 4096

char *sl_path_expand(const char *typed)
{
    const char *home = getenv("HOME");
    char *out;
    size_t n;

    typed = typed ? typed : "";
    if (typed[0] != '~' || (typed[1] && typed[1] != '/') || !home || !home[0])
        return strdup(typed);
    n = strlen(home) + strlen(typed + 1) + 1;
    out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s", home, typed + 1);
    return out;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_dir(const char *dir, const char *name)
{
    struct stat st;
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    int r = 0;

    if (!p)
        return 0;
    snprintf(p, n, "%s/%s", dir, name);
    r = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
    free(p);
    return r;
}

size_t sl_path_complete(char *line, size_t len, char *list, size_t listlen)
{
    char *slash = strrchr(line, '/');
    size_t start = slash ? (size_t)(slash - line) + 1 : 0, blen, n = 0, i, lcp, used = 0;
    char *typed_dir, *dir;
    const char *base = line + start;
    char **names = NULL;
    DIR *d;
    struct dirent *e;

    if (listlen)
        list[0] = '\0';
    blen = strlen(base);
    /* the folder as typed ("" is the current one, "/" the root) */
    typed_dir = strndup(line, start);
    if (!typed_dir)
        return 0;
    dir = sl_path_expand(start ? typed_dir : ".");
    free(typed_dir);
    if (!dir)
        return 0;
    if (!dir[0]) {
        free(dir);
        return 0;
    }
    d = opendir(dir);
    if (!d) {
        free(dir);
        return 0;
    }
    names = calloc(PATH_MATCHES_MAX, sizeof(*names));
    while (names && n < PATH_MATCHES_MAX && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (e->d_name[0] == '.' && base[0] != '.')
            continue;
        if (strncmp(e->d_name, base, blen))
            continue;
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    if (!n) {
        free(names);
        free(dir);
        return 0;
    }
    qsort(names, n, sizeof(*names), name_cmp);
    lcp = strlen(names[0]);
    for (i = 1; i < n; i++) {
        size_t k = 0;

        while (k < lcp && names[i][k] == names[0][k])
            k++;
        lcp = k;
    }
    if (n == 1) {
        int folder = is_dir(dir, names[0]);

        if (start + lcp + (folder ? 1 : 0) < len) {
            memcpy(line + start, names[0], lcp);
            if (folder)
                line[start + lcp++] = '/'; /* room checked above */
            line[start + lcp] = '\0';
        }
    } else if (lcp > blen && start + lcp < len) {
        memcpy(line + start, names[0], lcp);
        line[start + lcp] = '\0';
    }
    for (i = 0; n > 1 && i < n && used < listlen; i++) {
        int w = snprintf(list + used, listlen - used, "%s%s%s", i ? "  " : "", names[i],
                         is_dir(dir, names[i]) ? "/" : "");
        if (w > 0)
            used += (size_t)w;
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(dir);
    return n;
}
