#include "settings.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "aws_config.h"
#include "cli.h"
#include "i18n.h"
#include "ini.h"

static const char *nonempty_env(const char *name)
{
    const char *v = getenv(name);

    return v && *v ? v : NULL;
}

static char *join_path(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

char *sl_settings_dir(void)
{
    const char *xdg = nonempty_env("XDG_CONFIG_HOME");
    const char *home;
    char *cfg, *dir;

    /* The XDG spec says relative values are to be ignored. */
    if (xdg && xdg[0] == '/')
        return join_path(xdg, "slctl");
    home = nonempty_env("HOME");
    if (!home) {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home)
        return NULL;
    cfg = join_path(home, ".config");
    if (!cfg)
        return NULL;
    dir = join_path(cfg, "slctl");
    free(cfg);
    return dir;
}

char *sl_settings_default_path(void)
{
    char *dir = sl_settings_dir();
    char *path;

    if (!dir)
        return NULL;
    path = join_path(dir, "config");
    free(dir);
    return path;
}

struct sl_settings *sl_settings_new(const char *path)
{
    struct sl_settings *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    s->log_buffer_lines = SL_SETTINGS_LOG_BUFFER_DEFAULT;
    if (path) {
        s->path = strdup(path);
        if (!s->path) {
            free(s);
            return NULL;
        }
    }
    return s;
}

static void pairs_free(struct sl_settings_pair *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].value);
    }
    free(v);
}

void sl_settings_free(struct sl_settings **s)
{
    size_t i;

    if (!s || !*s)
        return;
    for (i = 0; i < (*s)->n_profiles; i++)
        free((*s)->profiles[i].name);
    free((*s)->profiles);
    pairs_free((*s)->keys, (*s)->n_keys);
    pairs_free((*s)->colors, (*s)->n_colors);
    free((*s)->path);
    free((*s)->profile);
    free((*s)->region);
    free(*s);
    *s = NULL;
}

/* ---- parsing --------------------------------------------------------------------------- */

static enum sl_err bad_line(struct sl_error *err, const char *name, int line, const char *what)
{
    return sl_error_set(err, SL_ECONFIG, "%s:%d: %s", name, line, what);
}

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    size_t i;

    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (!strcasecmp(v, yes[i])) {
            *out = 1;
            return 0;
        }
        if (!strcasecmp(v, no[i])) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

/* A scalar value: one line, no nested block. */
static enum sl_err scalar(const struct sl_ini_entry *e, const char *name, struct sl_error *err)
{
    char what[256];

    if (e->nsub || strchr(e->value, '\n')) {
        snprintf(what, sizeof(what), _("\"%s\" takes a single value on one line"), e->key);
        return bad_line(err, name, e->line, what);
    }
    return SL_OK;
}

static enum sl_err entry_bool(const struct sl_ini_entry *e, const char *name, int *out,
                              struct sl_error *err)
{
    char what[256];
    enum sl_err rc = scalar(e, name, err);

    if (rc)
        return rc;
    if (parse_bool(e->value, out) < 0) {
        snprintf(what, sizeof(what), _("\"%s\" must be true or false"), e->key);
        return bad_line(err, name, e->line, what);
    }
    return SL_OK;
}

static enum sl_err entry_string(const struct sl_ini_entry *e, const char *name, char **out,
                                struct sl_error *err)
{
    char what[256];
    enum sl_err rc = scalar(e, name, err);

    if (rc)
        return rc;
    if (!*e->value) {
        snprintf(what, sizeof(what), _("\"%s\" needs a value"), e->key);
        return bad_line(err, name, e->line, what);
    }
    free(*out);
    *out = strdup(e->value);
    return *out ? SL_OK : SL_ENOMEM;
}

static enum sl_err unknown_key(const struct sl_ini_entry *e, const char *section, const char *name,
                               struct sl_error *err)
{
    char what[512];

    snprintf(what, sizeof(what), _("unknown setting \"%s\" in [%s]"), e->key, section);
    return bad_line(err, name, e->line, what);
}

static enum sl_err parse_default(const struct sl_ini_section *sec, const char *name,
                                 struct sl_settings *s, struct sl_error *err)
{
    enum sl_err rc = SL_OK;
    size_t i;

    for (i = 0; i < sec->n && !rc; i++) {
        const struct sl_ini_entry *e = &sec->entries[i];

        if (!strcasecmp(e->key, "profile")) {
            rc = entry_string(e, name, &s->profile, err);
        } else if (!strcasecmp(e->key, "region")) {
            rc = entry_string(e, name, &s->region, err);
        } else if (!strcasecmp(e->key, "log_buffer_lines")) {
            char *end = NULL;
            long v;

            rc = scalar(e, name, err);
            if (rc)
                break;
            errno = 0;
            v = strtol(e->value, &end, 10);
            if (errno || end == e->value || *end || v < SL_SETTINGS_LOG_BUFFER_MIN ||
                v > SL_SETTINGS_LOG_BUFFER_MAX) {
                char what[256];

                snprintf(what, sizeof(what),
                         _("\"log_buffer_lines\" must be a number from %ld to %ld"),
                         SL_SETTINGS_LOG_BUFFER_MIN, SL_SETTINGS_LOG_BUFFER_MAX);
                rc = bad_line(err, name, e->line, what);
                break;
            }
            s->log_buffer_lines = v;
        } else {
            rc = unknown_key(e, "default", name, err);
        }
    }
    return rc;
}

static enum sl_err parse_profile(const struct sl_ini_section *sec, const char *pname,
                                 const char *name, struct sl_settings *s, struct sl_error *err)
{
    struct sl_settings_profile *grown, *p;
    enum sl_err rc = SL_OK;
    size_t i;

    /* "[profile a]" and "[profile  a]" are two INI sections but one profile. */
    for (i = 0, p = NULL; i < s->n_profiles && !p; i++)
        if (!strcmp(s->profiles[i].name, pname))
            p = &s->profiles[i];
    if (!p) {
        grown = realloc(s->profiles, (s->n_profiles + 1) * sizeof(*grown));
        if (!grown)
            return SL_ENOMEM;
        s->profiles = grown;
        p = &s->profiles[s->n_profiles];
        memset(p, 0, sizeof(*p));
        p->name = strdup(pname);
        if (!p->name)
            return SL_ENOMEM;
        p->line = sec->line;
        s->n_profiles++;
    }
    for (i = 0; i < sec->n && !rc; i++) {
        const struct sl_ini_entry *e = &sec->entries[i];

        if (!strcasecmp(e->key, "readonly"))
            rc = entry_bool(e, name, &p->readonly, err);
        else if (!strcasecmp(e->key, "production"))
            rc = entry_bool(e, name, &p->production, err);
        else
            rc = unknown_key(e, sec->name, name, err);
    }
    return rc;
}

static enum sl_err parse_pairs(const struct sl_ini_section *sec, const char *name,
                               struct sl_settings_pair **out, size_t *n, struct sl_error *err)
{
    size_t i;
    enum sl_err rc;

    if (!sec->n)
        return SL_OK;
    *out = calloc(sec->n, sizeof(**out));
    if (!*out)
        return SL_ENOMEM;
    for (i = 0; i < sec->n; i++) {
        const struct sl_ini_entry *e = &sec->entries[i];

        rc = scalar(e, name, err);
        if (rc)
            return rc;
        (*out)[i].name = strdup(e->key);
        (*out)[i].value = strdup(e->value);
        (*out)[i].line = e->line;
        (*n)++;
        if (!(*out)[i].name || !(*out)[i].value)
            return SL_ENOMEM;
    }
    return SL_OK;
}

/* "profile NAME" (blanks between them) gives NAME, else NULL. */
static const char *profile_section_name(const char *secname)
{
    const char *p;

    if (strncmp(secname, "profile", 7) != 0 || (secname[7] != ' ' && secname[7] != '\t'))
        return NULL;
    p = secname + 7;
    while (*p == ' ' || *p == '\t')
        p++;
    return *p ? p : NULL;
}

enum sl_err sl_settings_parse(const char *text, size_t len, const char *name,
                              struct sl_settings **out, struct sl_error *err)
{
    struct sl_ini *ini = NULL;
    struct sl_settings *s = NULL;
    enum sl_err rc;
    size_t i;

    *out = NULL;
    if (!name)
        name = "config";
    rc = sl_ini_parse(text, len, name, &ini, err);
    if (rc)
        goto out;
    rc = SL_ENOMEM;
    s = sl_settings_new(name);
    if (!s)
        goto out;
    rc = SL_OK;
    for (i = 0; i < ini->n && !rc; i++) {
        const struct sl_ini_section *sec = &ini->sections[i];
        const char *pname = profile_section_name(sec->name);
        char what[512];

        /* api/ini.h merges a section that appears twice, as botocore does. */
        if (!strcmp(sec->name, "default")) {
            rc = parse_default(sec, name, s, err);
        } else if (pname) {
            rc = parse_profile(sec, pname, name, s, err);
        } else if (!strcmp(sec->name, "keys")) {
            rc = parse_pairs(sec, name, &s->keys, &s->n_keys, err);
        } else if (!strcmp(sec->name, "colors")) {
            rc = parse_pairs(sec, name, &s->colors, &s->n_colors, err);
        } else {
            snprintf(what, sizeof(what),
                     _("unknown section [%s] (expected [default], [profile NAME], [keys] or "
                       "[colors])"),
                     sec->name);
            rc = bad_line(err, name, sec->line, what);
        }
    }
    if (!rc) {
        *out = s;
        s = NULL;
    }
out:
    sl_settings_free(&s);
    sl_ini_free(&ini);
    return rc;
}

/* Whether a file that did not parse asks for read-only anywhere ("readonly = true"). A typo
 * elsewhere must not quietly switch off the safety of a production profile. */
static int text_asks_readonly(const char *text, size_t len)
{
    const char *p = text, *end = text + len;

    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *q = p, *le = eol ? eol : end;

        while (q < le && (*q == ' ' || *q == '\t'))
            q++;
        if ((size_t)(le - q) >= 8 && !strncasecmp(q, "readonly", 8)) {
            q += 8;
            while (q < le && (*q == ' ' || *q == '\t' || *q == '='))
                q++;
            if ((size_t)(le - q) >= 1 && strchr("tTyY1oO", *q) && strncasecmp(q, "off", 3) != 0)
                return 1;
        }
        p = eol ? eol + 1 : end;
    }
    return 0;
}

enum sl_err sl_settings_load(const char *path, struct sl_settings **out, struct sl_error *warning)
{
    char *def = NULL;
    FILE *f = NULL;
    char *text = NULL;
    size_t len = 0;
    enum sl_err rc = SL_OK;
    struct sl_error e;
    long size;

    *out = NULL;
    sl_error_clear(&e);
    if (!path) {
        def = sl_settings_default_path();
        path = def;
    }
    if (!path)
        goto defaults; /* no home: nothing to read */
    f = fopen(path, "rb");
    if (!f) {
        if (errno != ENOENT && errno != ENOTDIR)
            rc = sl_error_set(&e, SL_EIO, _("Cannot read %s: %s"), path, strerror(errno));
        goto defaults;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        rc = sl_error_set(&e, SL_EIO, _("Cannot read %s: %s"), path, strerror(errno));
        goto defaults;
    }
    if ((size_t)size > SL_INI_MAX_SIZE) {
        rc = sl_error_set(&e, SL_ETOOBIG, _("%s is larger than %zu bytes"), path, SL_INI_MAX_SIZE);
        goto defaults;
    }
    text = malloc((size_t)size + 1);
    if (!text) {
        rc = SL_ENOMEM;
        goto out;
    }
    len = fread(text, 1, (size_t)size, f);
    if (ferror(f)) {
        rc = sl_error_set(&e, SL_EIO, _("Cannot read %s: %s"), path, strerror(errno));
        goto defaults;
    }
    rc = sl_settings_parse(text, len, path, out, &e);
    if (rc == SL_ENOMEM)
        goto out;
    if (!rc) {
        if (warning)
            sl_error_clear(warning);
        goto out;
    }
defaults:
    *out = sl_settings_new(path);
    if (!*out) {
        rc = SL_ENOMEM;
        goto out;
    }
    if (text && text_asks_readonly(text, len)) {
        size_t n = strlen(e.message);
        (*out)->all_readonly = 1;
        snprintf(e.message + n, sizeof(e.message) - n, "%s",
                 _(" (every profile is read-only until the file is fixed)"));
    }
    if (warning)
        *warning = e;
out:
    if (f)
        fclose(f);
    free(text);
    free(def);
    return rc;
}

/* ---- queries --------------------------------------------------------------------------- */

const struct sl_settings_profile *sl_settings_find_profile(const struct sl_settings *s,
                                                           const char *name)
{
    size_t i;

    if (!s || !name)
        return NULL;
    for (i = 0; i < s->n_profiles; i++)
        if (!strcmp(s->profiles[i].name, name))
            return &s->profiles[i];
    return NULL;
}

static const char *pair_get(const struct sl_settings_pair *v, size_t n, const char *name)
{
    size_t i;

    if (!name)
        return NULL;
    for (i = 0; i < n; i++)
        if (!strcasecmp(v[i].name, name))
            return v[i].value;
    return NULL;
}

const char *sl_settings_key(const struct sl_settings *s, const char *name)
{
    return s ? pair_get(s->keys, s->n_keys, name) : NULL;
}

const char *sl_settings_color(const struct sl_settings *s, const char *name)
{
    return s ? pair_get(s->colors, s->n_colors, name) : NULL;
}

const char *sl_settings_profile_name(const struct sl_settings *s, const char *explicit_profile)
{
    const char *p;

    if (explicit_profile && *explicit_profile)
        return explicit_profile;
    p = nonempty_env("AWS_PROFILE");
    if (!p)
        p = nonempty_env("AWS_DEFAULT_PROFILE");
    if (!p && s && s->profile && *s->profile)
        p = s->profile;
    return p ? p : "default";
}

int sl_settings_is_readonly(const struct sl_settings *s, const char *profile, int flag)
{
    const struct sl_settings_profile *p = sl_settings_find_profile(s, profile);

    return flag || (s && s->all_readonly) || (p && p->readonly);
}

int sl_settings_is_production(const struct sl_settings *s, const char *profile)
{
    const struct sl_settings_profile *p = sl_settings_find_profile(s, profile);

    return p && p->production;
}

/* ---- the command line ------------------------------------------------------------------ */

void sl_settings_apply(const struct sl_settings *s, struct sl_globals *g)
{
    struct sl_aws_config *cfg = NULL;
    const char *profile;

    g->settings = s;
    if (!s)
        return;
    if (!g->profile && !nonempty_env("AWS_PROFILE") && !nonempty_env("AWS_DEFAULT_PROFILE") &&
        s->profile && *s->profile)
        setenv("AWS_PROFILE", s->profile, 1);
    if (g->region || !s->region || !*s->region)
        return;
    /* A broken AWS file is the client's to report; here it only means "no profile region". */
    profile = sl_aws_config_profile_name(g->profile);
    if (sl_aws_config_load(&cfg, NULL) != SL_OK || !sl_aws_config_region(cfg, profile, NULL))
        g->region = s->region;
    sl_aws_config_free(&cfg);
}

int sl_settings_readonly(const struct sl_globals *g, const char *action)
{
    const struct sl_settings *s = g->settings;
    const char *profile = sl_settings_profile_name(s, g->profile);
    char *def = NULL;
    const char *file;

    if (!sl_settings_is_readonly(s, profile, g->readonly))
        return 0;
    file = s && s->path ? s->path : NULL;
    if (!file) {
        def = sl_settings_default_path();
        file = def ? def : "~/.config/slctl/config";
    }
    fprintf(stderr,
            _("slctl: Refusing to %s: profile \"%s\" is read-only (remove --readonly or "
              "readonly = true in %s).\n"),
            action, profile, file);
    free(def);
    return SL_EXIT_AWS;
}
