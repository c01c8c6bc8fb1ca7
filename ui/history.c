#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"

void sl_history_init(struct sl_history *h, size_t max)
{
    memset(h, 0, sizeof(*h));
    h->max = max ? max : SL_HISTORY_MAX;
}

void sl_history_free(struct sl_history *h)
{
    size_t i;

    for (i = 0; i < h->n; i++)
        free(h->lines[i]);
    free(h->lines);
    free(h->draft);
    h->lines = NULL;
    h->draft = NULL;
    h->n = h->pos = 0;
}

void sl_history_reset(struct sl_history *h)
{
    free(h->draft);
    h->draft = NULL;
    h->pos = h->n;
}

static int line_ok(const char *line)
{
    const unsigned char *p = (const unsigned char *)line;

    if (!*p || strlen(line) >= SL_HISTORY_LINE_MAX)
        return 0;
    for (; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return 0;
    return 1;
}

void sl_history_add(struct sl_history *h, const char *line)
{
    char *copy;

    sl_history_reset(h);
    if (!line || !line_ok(line) || (h->n && !strcmp(h->lines[h->n - 1], line)))
        return;
    copy = strdup(line);
    if (!copy)
        return;
    if (h->n == h->max) {
        free(h->lines[0]);
        memmove(h->lines, h->lines + 1, (h->n - 1) * sizeof(*h->lines));
        h->n--;
    } else {
        char **nl = realloc(h->lines, (h->n + 1) * sizeof(*nl));
        if (!nl) {
            free(copy);
            return;
        }
        h->lines = nl;
    }
    h->lines[h->n++] = copy;
    h->pos = h->n;
}

const char *sl_history_prev(struct sl_history *h, const char *current)
{
    if (!h->n || h->pos == 0)
        return NULL;
    if (h->pos >= h->n) {
        free(h->draft);
        h->draft = strdup(current ? current : "");
        h->pos = h->n;
    }
    h->pos--;
    return h->lines[h->pos];
}

const char *sl_history_next(struct sl_history *h)
{
    if (h->pos >= h->n)
        return NULL;
    h->pos++;
    if (h->pos == h->n)
        return h->draft ? h->draft : "";
    return h->lines[h->pos];
}

enum sl_err sl_history_load(struct sl_history *h, const char *path, struct sl_error *err)
{
    FILE *f;
    char line[SL_HISTORY_LINE_MAX + 2];

    f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return SL_OK;
        return sl_error_set(err, SL_EIO, _("Cannot read the history file %s: %s."), path,
                            strerror(errno));
    }
    while (fgets(line, sizeof(line), f)) {
        size_t n = strlen(line);

        if (n && line[n - 1] == '\n') {
            line[--n] = '\0';
        } else if (!feof(f)) {
            int c; /* a line too long: skip the rest of it */
            while ((c = fgetc(f)) != EOF && c != '\n')
                ;
            continue;
        }
        sl_history_add(h, line);
    }
    fclose(f);
    sl_history_reset(h);
    return SL_OK;
}

/* mkdir -p of the directory part of path, mode 0700. */
static int make_parent(const char *path)
{
    char dir[4096];
    size_t i;

    if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
        return -1;
    for (i = 1; dir[i]; i++) {
        if (dir[i] != '/')
            continue;
        dir[i] = '\0';
        if (mkdir(dir, 0700) < 0 && errno != EEXIST)
            return -1;
        dir[i] = '/';
    }
    return 0;
}

enum sl_err sl_history_save(const struct sl_history *h, const char *path, struct sl_error *err)
{
    struct sl_buf tmp;
    FILE *f = NULL;
    enum sl_err rc = SL_OK;
    size_t i;
    int fd;

    sl_buf_init(&tmp, 8192);
    if (make_parent(path) < 0 || sl_buf_appendf(&tmp, "%s.XXXXXX", path)) {
        rc = sl_error_set(err, SL_EIO, _("Cannot write the history file %s: %s."), path,
                          strerror(errno));
        goto out;
    }
    fd = mkstemp(tmp.data);
    if (fd < 0 || !(f = fdopen(fd, "w"))) {
        if (fd >= 0)
            close(fd);
        rc = sl_error_set(err, SL_EIO, _("Cannot write the history file %s: %s."), path,
                          strerror(errno));
        goto out;
    }
    for (i = 0; i < h->n; i++)
        fprintf(f, "%s\n", h->lines[i]);
    if (fflush(f) != 0 || ferror(f)) {
        rc = sl_error_set(err, SL_EIO, _("Cannot write the history file %s: %s."), path,
                          strerror(errno));
    }
    if (fclose(f) != 0 && !rc)
        rc = sl_error_set(err, SL_EIO, _("Cannot write the history file %s: %s."), path,
                          strerror(errno));
    if (!rc && rename(tmp.data, path) < 0)
        rc = sl_error_set(err, SL_EIO, _("Cannot write the history file %s: %s."), path,
                          strerror(errno));
    if (rc)
        unlink(tmp.data);
out:
    sl_buf_free(&tmp);
    return rc;
}

char *sl_history_default_path(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    struct sl_buf b;

    sl_buf_init(&b, 8192);
    if (state && state[0] == '/')
        sl_buf_appendf(&b, "%s/slctl/history", state);
    else if (home && home[0])
        sl_buf_appendf(&b, "%s/.local/state/slctl/history", home);
    else
        return NULL;
    return sl_buf_take(&b);
}
