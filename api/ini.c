#include "ini.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "i18n.h"

/* Parser state: where the next key or continuation line goes. */
struct ini_state {
    struct sl_ini *ini;
    const char *name;
    struct sl_ini_section *sec; /* current section, NULL before the first header */
    struct sl_ini_entry *cur;   /* last key line, NULL right after a header */
    size_t cur_indent;          /* indentation of that key line */
    int nested;                 /* the key line had an empty value: continuation is nested */
    int line;
};

static char *dup_range(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* Trims [*s, *s + *n) in place. */
static void trim(const char **s, size_t *n)
{
    while (*n && is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_blank((*s)[*n - 1]))
        (*n)--;
}

static void entry_free(struct sl_ini_entry *e)
{
    size_t i;

    for (i = 0; i < e->nsub; i++)
        entry_free(&e->sub[i]);
    free(e->sub);
    free(e->key);
    free(e->value);
    memset(e, 0, sizeof(*e));
}

void sl_ini_free(struct sl_ini **ini)
{
    size_t i, j;

    if (!ini || !*ini)
        return;
    for (i = 0; i < (*ini)->n; i++) {
        struct sl_ini_section *s = &(*ini)->sections[i];
        for (j = 0; j < s->n; j++)
            entry_free(&s->entries[j]);
        free(s->entries);
        free(s->name);
    }
    free((*ini)->sections);
    free((*ini)->name);
    free(*ini);
    *ini = NULL;
}

static enum sl_err syntax(struct ini_state *st, struct sl_error *err, const char *what)
{
    return sl_error_set(err, SL_ECONFIG, "%s:%d: %s", st->name, st->line, what);
}

/* Adds key = value to an entry array, replacing an entry with the same key.
 * Returns the entry, or NULL when out of memory. */
static struct sl_ini_entry *entries_put(struct sl_ini_entry **v, size_t *n, const char *key,
                                        size_t klen, const char *value, size_t vlen, int line)
{
    struct sl_ini_entry *grown;
    char *k = dup_range(key, klen);
    char *val = dup_range(value, vlen);
    size_t i;

    if (!k || !val)
        goto fail;
    for (i = 0; i < *n; i++) {
        if (strcasecmp((*v)[i].key, k) == 0)
            break;
    }
    if (i < *n) {
        entry_free(&(*v)[i]);
    } else {
        grown = realloc(*v, (*n + 1) * sizeof(**v));
        if (!grown)
            goto fail;
        *v = grown;
        (*n)++;
    }
    memset(&(*v)[i], 0, sizeof((*v)[i]));
    (*v)[i].key = k;
    (*v)[i].value = val;
    (*v)[i].line = line;
    return &(*v)[i];
fail:
    free(k);
    free(val);
    return NULL;
}

static enum sl_err on_header(struct ini_state *st, const char *s, size_t n, struct sl_error *err)
{
    struct sl_ini *ini = st->ini;
    const char *close = NULL, *name;
    struct sl_ini_section *grown;
    size_t i, nlen;

    for (i = n; i > 1; i--) {
        if (s[i - 1] == ']') {
            close = s + i - 1;
            break;
        }
    }
    if (!close)
        return syntax(st, err, _("the section header has no closing \"]\""));
    name = s + 1;
    nlen = (size_t)(close - name);
    trim(&name, &nlen);
    if (!nlen)
        return syntax(st, err, _("the section name is empty"));
    st->cur = NULL;
    for (i = 0; i < ini->n; i++) {
        if (strlen(ini->sections[i].name) == nlen &&
            memcmp(ini->sections[i].name, name, nlen) == 0) {
            st->sec = &ini->sections[i];
            return SL_OK;
        }
    }
    grown = realloc(ini->sections, (ini->n + 1) * sizeof(*grown));
    if (!grown)
        return SL_ENOMEM;
    ini->sections = grown;
    st->sec = &ini->sections[ini->n];
    memset(st->sec, 0, sizeof(*st->sec));
    st->sec->name = dup_range(name, nlen);
    if (!st->sec->name)
        return SL_ENOMEM;
    st->sec->line = st->line;
    ini->n++;
    return SL_OK;
}

/* Splits "key <delim> value"; delims is "=" for nested lines, "=:" for top-level ones. */
static enum sl_err split_kv(struct ini_state *st, const char *s, size_t n, const char *delims,
                            const char **k, size_t *klen, const char **v, size_t *vlen,
                            struct sl_error *err)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strchr(delims, s[i]))
            break;
    }
    if (i == n)
        return syntax(st, err, _("expected \"key = value\" or a [section] header"));
    *k = s;
    *klen = i;
    trim(k, klen);
    if (!*klen)
        return syntax(st, err, _("the key name before \"=\" is empty"));
    *v = s + i + 1;
    *vlen = n - i - 1;
    trim(v, vlen);
    return SL_OK;
}

static enum sl_err on_continuation(struct ini_state *st, const char *s, size_t n,
                                   struct sl_error *err)
{
    struct sl_ini_entry *e = st->cur;
    const char *k, *v;
    size_t klen, vlen, old;
    char *grown;
    enum sl_err rc;

    if (st->nested) {
        rc = split_kv(st, s, n, "=", &k, &klen, &v, &vlen, err);
        if (rc == SL_ECONFIG)
            return sl_error_set(err, SL_ECONFIG,
                                _("%s:%d: expected \"key = value\" in the block under \"%s\""),
                                st->name, st->line, e->key);
        if (rc)
            return rc;
        if (!entries_put(&e->sub, &e->nsub, k, klen, v, vlen, st->line))
            return SL_ENOMEM;
        return SL_OK;
    }
    /* A multi-line value: configparser joins the lines with '\n'. */
    old = strlen(e->value);
    grown = realloc(e->value, old + 1 + n + 1);
    if (!grown)
        return SL_ENOMEM;
    e->value = grown;
    e->value[old] = '\n';
    memcpy(e->value + old + 1, s, n);
    e->value[old + 1 + n] = '\0';
    return SL_OK;
}

static enum sl_err on_key(struct ini_state *st, const char *s, size_t n, size_t indent,
                          struct sl_error *err)
{
    const char *k, *v;
    size_t klen, vlen;
    enum sl_err rc;

    if (!st->sec)
        return syntax(st, err, _("a key outside any [section]"));
    rc = split_kv(st, s, n, "=:", &k, &klen, &v, &vlen, err);
    if (rc)
        return rc;
    st->cur = entries_put(&st->sec->entries, &st->sec->n, k, klen, v, vlen, st->line);
    if (!st->cur)
        return SL_ENOMEM;
    st->cur_indent = indent;
    st->nested = vlen == 0;
    return SL_OK;
}

static enum sl_err on_line(struct ini_state *st, const char *s, size_t n, struct sl_error *err)
{
    size_t indent = 0;

    if (memchr(s, '\0', n))
        return syntax(st, err, _("the line contains a NUL byte"));
    if (n && s[n - 1] == '\r')
        n--;
    while (indent < n && is_blank(s[indent]))
        indent++;
    s += indent;
    n -= indent;
    while (n && is_blank(s[n - 1]))
        n--;
    if (!n || s[0] == '#' || s[0] == ';')
        return SL_OK;
    if (st->cur && indent > st->cur_indent)
        return on_continuation(st, s, n, err);
    if (s[0] == '[')
        return on_header(st, s, n, err);
    return on_key(st, s, n, indent, err);
}

enum sl_err sl_ini_parse(const char *text, size_t len, const char *name, struct sl_ini **out,
                         struct sl_error *err)
{
    struct ini_state st;
    struct sl_ini *ini = NULL;
    const char *p = text, *end = text + len, *nl;
    enum sl_err rc = SL_ENOMEM;

    *out = NULL;
    memset(&st, 0, sizeof(st));
    st.name = name ? name : "-";
    ini = calloc(1, sizeof(*ini));
    if (!ini)
        goto out;
    ini->name = strdup(st.name);
    if (!ini->name)
        goto out;
    st.ini = ini;
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3;
    rc = SL_OK;
    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        st.line++;
        rc = on_line(&st, p, (size_t)(nl - p), err);
        if (rc)
            goto out;
        p = nl + 1;
    }
    *out = ini;
    ini = NULL;
out:
    sl_ini_free(&ini);
    return rc;
}

enum sl_err sl_ini_load(const char *path, struct sl_ini **out, struct sl_error *err)
{
    struct sl_buf b;
    FILE *f = NULL;
    char chunk[8192];
    size_t n;
    enum sl_err rc = SL_OK;

    *out = NULL;
    sl_buf_init(&b, SL_INI_MAX_SIZE);
    f = fopen(path, "r");
    if (!f) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            rc = SL_ENOTFOUND;
        else
            rc = sl_error_set(err, SL_EIO, _("Cannot read %s: %s."), path, strerror(e));
        goto out;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        rc = sl_buf_append(&b, chunk, n);
        if (rc == SL_ETOOBIG)
            rc = sl_error_set(err, rc, _("%s is larger than %zu bytes."), path, SL_INI_MAX_SIZE);
        if (rc)
            goto out;
    }
    if (ferror(f)) {
        rc = sl_error_set(err, SL_EIO, _("Cannot read %s: %s."), path, strerror(errno));
        goto out;
    }
    rc = sl_ini_parse(sl_buf_str(&b), b.len, path, out, err);
out:
    if (f)
        fclose(f);
    sl_buf_free(&b);
    return rc;
}

const struct sl_ini_section *sl_ini_find(const struct sl_ini *ini, const char *name)
{
    size_t i;

    if (!ini || !name)
        return NULL;
    for (i = 0; i < ini->n; i++) {
        if (strcmp(ini->sections[i].name, name) == 0)
            return &ini->sections[i];
    }
    return NULL;
}

static const struct sl_ini_entry *find_in(const struct sl_ini_entry *v, size_t n, const char *key)
{
    size_t i;

    if (!key)
        return NULL;
    for (i = 0; i < n; i++) {
        if (strcasecmp(v[i].key, key) == 0)
            return &v[i];
    }
    return NULL;
}

const struct sl_ini_entry *sl_ini_entry_find(const struct sl_ini_section *s, const char *key)
{
    return s ? find_in(s->entries, s->n, key) : NULL;
}

const char *sl_ini_get(const struct sl_ini_section *s, const char *key)
{
    const struct sl_ini_entry *e = sl_ini_entry_find(s, key);

    return e ? e->value : NULL;
}

const char *sl_ini_get_nested(const struct sl_ini_section *s, const char *key, const char *subkey)
{
    const struct sl_ini_entry *e = sl_ini_entry_find(s, key);

    if (!e)
        return NULL;
    e = find_in(e->sub, e->nsub, subkey);
    return e ? e->value : NULL;
}
