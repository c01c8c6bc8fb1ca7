/* The AWS CLI's shared files. A NULL profile anywhere below means the profile in force
 * (sl_aws_config_profile_name(NULL)). */
#include "aws_config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "ini.h"

struct sl_aws_config {
    char *path[2];         /* indexed by enum sl_aws_file */
    struct sl_ini *ini[2]; /* NULL when the file does not exist */
};

static const char *nonempty_env(const char *name)
{
    const char *v = getenv(name);

    return v && *v ? v : NULL;
}

/* "~/x" and "~user/x" as os.path.expanduser does; anything else is copied. */
static char *expand_home(const char *p)
{
    const char *slash, *home = NULL;
    char user[256];
    size_t ulen, hlen, rlen;
    char *out;

    if (p[0] != '~')
        return strdup(p);
    slash = strchr(p, '/');
    ulen = slash ? (size_t)(slash - p - 1) : strlen(p + 1);
    if (ulen == 0) {
        home = nonempty_env("HOME");
        if (!home) {
            struct passwd *pw = getpwuid(getuid());
            home = pw ? pw->pw_dir : NULL;
        }
    } else if (ulen < sizeof(user)) {
        struct passwd *pw;
        memcpy(user, p + 1, ulen);
        user[ulen] = '\0';
        pw = getpwnam(user);
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home)
        return strdup(p);
    hlen = strlen(home);
    rlen = strlen(p + 1 + ulen);
    out = malloc(hlen + rlen + 1);
    if (!out)
        return NULL;
    memcpy(out, home, hlen);
    memcpy(out + hlen, p + 1 + ulen, rlen + 1);
    return out;
}

void sl_aws_config_free(struct sl_aws_config **cfg)
{
    int i;

    if (!cfg || !*cfg)
        return;
    for (i = 0; i < 2; i++) {
        sl_ini_free(&(*cfg)->ini[i]);
        free((*cfg)->path[i]);
    }
    free(*cfg);
    *cfg = NULL;
}

enum sl_err sl_aws_config_load_files(struct sl_aws_config **out, const char *config_path,
                                     const char *credentials_path, struct sl_error *err)
{
    struct sl_aws_config *cfg;
    const char *paths[2];
    enum sl_err rc = SL_ENOMEM;
    int i;

    paths[SL_AWS_FILE_CONFIG] = config_path;
    paths[SL_AWS_FILE_CREDENTIALS] = credentials_path;
    *out = NULL;
    cfg = calloc(1, sizeof(*cfg));
    if (!cfg)
        goto out;
    for (i = 0; i < 2; i++) {
        if (!paths[i])
            continue;
        cfg->path[i] = strdup(paths[i]);
        if (!cfg->path[i]) {
            rc = SL_ENOMEM;
            goto out;
        }
        rc = sl_ini_load(paths[i], &cfg->ini[i], err);
        if (rc == SL_ENOTFOUND)
            rc = SL_OK;
        if (rc)
            goto out;
    }
    rc = SL_OK;
    *out = cfg;
    cfg = NULL;
out:
    sl_aws_config_free(&cfg);
    return rc;
}

enum sl_err sl_aws_config_load(struct sl_aws_config **out, struct sl_error *err)
{
    char *paths[2] = {NULL, NULL};
    const char *env[2] = {nonempty_env("AWS_CONFIG_FILE"),
                          nonempty_env("AWS_SHARED_CREDENTIALS_FILE")};
    const char *def[2] = {"~/.aws/config", "~/.aws/credentials"};
    enum sl_err rc = SL_ENOMEM;
    int i;

    *out = NULL;
    for (i = 0; i < 2; i++) {
        paths[i] = expand_home(env[i] ? env[i] : def[i]);
        if (!paths[i])
            goto out;
    }
    rc = sl_aws_config_load_files(out, paths[SL_AWS_FILE_CONFIG], paths[SL_AWS_FILE_CREDENTIALS],
                                  err);
out:
    free(paths[0]);
    free(paths[1]);
    return rc;
}

const char *sl_aws_config_profile_name(const char *explicit_profile)
{
    const char *p;

    if (explicit_profile && *explicit_profile)
        return explicit_profile;
    p = nonempty_env("AWS_PROFILE");
    if (!p)
        p = nonempty_env("AWS_DEFAULT_PROFILE");
    return p ? p : "default";
}

/* When secname is "PREFIX NAME" (NAME optionally quoted, as shlex.split would read it, and a
 * single word), sets *name and *len to NAME and returns 1. */
static int qualified_name(const char *secname, const char *prefix, const char **name, size_t *len)
{
    size_t plen = strlen(prefix), n, i;
    const char *s;

    if (strncmp(secname, prefix, plen) != 0 || (secname[plen] != ' ' && secname[plen] != '\t'))
        return 0;
    s = secname + plen;
    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
        s++;
        n -= 2;
        if (memchr(s, s[-1], n))
            return 0;
    } else {
        for (i = 0; i < n; i++) {
            if (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '\'')
                return 0;
        }
    }
    if (!n)
        return 0;
    *name = s;
    *len = n;
    return 1;
}

static int qualified_is(const char *secname, const char *prefix, const char *want)
{
    const char *name;
    size_t len;

    return qualified_name(secname, prefix, &name, &len) && strlen(want) == len &&
           memcmp(name, want, len) == 0;
}

static const struct sl_ini_section *profile_section(const struct sl_aws_config *cfg,
                                                    enum sl_aws_file which, const char *profile)
{
    const struct sl_ini *ini;
    const struct sl_ini_section *found = NULL;
    size_t i;

    if (!cfg)
        return NULL;
    ini = cfg->ini[which];
    if (!profile)
        profile = sl_aws_config_profile_name(NULL);
    if (which == SL_AWS_FILE_CREDENTIALS)
        return sl_ini_find(ini, profile);
    if (!ini)
        return NULL;
    /* botocore: "[default]" and "[profile default]" both name the default profile; the
     * later one in the file wins. A bare "[NAME]" is not a profile. */
    for (i = 0; i < ini->n; i++) {
        const char *name = ini->sections[i].name;
        if ((strcmp(profile, "default") == 0 && strcmp(name, "default") == 0) ||
            qualified_is(name, "profile", profile))
            found = &ini->sections[i];
    }
    return found;
}

int sl_aws_config_has_profile(const struct sl_aws_config *cfg, const char *profile)
{
    return profile_section(cfg, SL_AWS_FILE_CREDENTIALS, profile) ||
           profile_section(cfg, SL_AWS_FILE_CONFIG, profile);
}

const char *sl_aws_config_path(const struct sl_aws_config *cfg, enum sl_aws_file which)
{
    return cfg ? cfg->path[which] : NULL;
}

const char *sl_aws_config_get_in(const struct sl_aws_config *cfg, enum sl_aws_file which,
                                 const char *profile, const char *key)
{
    return sl_ini_get(profile_section(cfg, which, profile), key);
}

const char *sl_aws_config_get(const struct sl_aws_config *cfg, const char *profile, const char *key)
{
    const char *v = sl_aws_config_get_in(cfg, SL_AWS_FILE_CREDENTIALS, profile, key);

    return v ? v : sl_aws_config_get_in(cfg, SL_AWS_FILE_CONFIG, profile, key);
}

const char *sl_aws_config_origin(const struct sl_aws_config *cfg, const char *profile,
                                 const char *key)
{
    if (sl_aws_config_get_in(cfg, SL_AWS_FILE_CREDENTIALS, profile, key))
        return cfg->path[SL_AWS_FILE_CREDENTIALS];
    if (sl_aws_config_get_in(cfg, SL_AWS_FILE_CONFIG, profile, key))
        return cfg->path[SL_AWS_FILE_CONFIG];
    return NULL;
}

const char *sl_aws_config_get_nested(const struct sl_aws_config *cfg, const char *profile,
                                     const char *key, const char *subkey)
{
    const char *v;

    v = sl_ini_get_nested(profile_section(cfg, SL_AWS_FILE_CREDENTIALS, profile), key, subkey);
    if (!v)
        v = sl_ini_get_nested(profile_section(cfg, SL_AWS_FILE_CONFIG, profile), key, subkey);
    return v;
}

const char *sl_aws_config_service_get(const struct sl_aws_config *cfg, const char *services,
                                      const char *service_key, const char *key)
{
    const struct sl_ini *ini = cfg ? cfg->ini[SL_AWS_FILE_CONFIG] : NULL;
    const struct sl_ini_section *found = NULL;
    size_t i;

    if (!ini || !services)
        return NULL;
    for (i = 0; i < ini->n; i++) {
        if (qualified_is(ini->sections[i].name, "services", services))
            found = &ini->sections[i];
    }
    return sl_ini_get_nested(found, service_key, key);
}

struct name_ref {
    const char *s;
    size_t len;
};

static int name_ref_cmp(const void *a, const void *b)
{
    const struct name_ref *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);

    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

char **sl_aws_config_profiles(const struct sl_aws_config *cfg)
{
    struct name_ref *refs = NULL;
    size_t nrefs = 0, cap = 0, i, j, n = 0, bytes;
    char **out = NULL;
    char *strs;
    int f;

    for (f = 0; cfg && f < 2; f++) {
        const struct sl_ini *ini = cfg->ini[f];
        cap += ini ? ini->n : 0;
    }
    refs = calloc(cap ? cap : 1, sizeof(*refs));
    if (!refs)
        goto out;
    for (f = 0; cfg && f < 2; f++) {
        const struct sl_ini *ini = cfg->ini[f];
        for (i = 0; ini && i < ini->n; i++) {
            const char *name = ini->sections[i].name;
            struct name_ref r = {name, strlen(name)};
            if (f == SL_AWS_FILE_CONFIG && strcmp(name, "default") != 0 &&
                !qualified_name(name, "profile", &r.s, &r.len))
                continue;
            refs[nrefs++] = r;
        }
    }
    qsort(refs, nrefs, sizeof(*refs), name_ref_cmp);
    bytes = 0;
    for (i = 0; i < nrefs; i++) {
        if (i && name_ref_cmp(&refs[i], &refs[n - 1]) == 0)
            continue;
        refs[n++] = refs[i];
        bytes += refs[i].len + 1;
    }
    out = malloc((n + 1) * sizeof(char *) + bytes);
    if (!out)
        goto out;
    strs = (char *)(out + n + 1);
    for (j = 0; j < n; j++) {
        out[j] = strs;
        memcpy(strs, refs[j].s, refs[j].len);
        strs[refs[j].len] = '\0';
        strs += refs[j].len + 1;
    }
    out[n] = NULL;
out:
    free(refs);
    return out;
}

const char *sl_aws_config_region(const struct sl_aws_config *cfg, const char *profile,
                                 const char *cli_region)
{
    const char *r;

    if (cli_region && *cli_region)
        return cli_region;
    r = nonempty_env("AWS_REGION");
    if (!r)
        r = nonempty_env("AWS_DEFAULT_REGION");
    if (!r) {
        r = sl_aws_config_get(cfg, profile, "region");
        if (r && !*r)
            r = NULL;
    }
    return r;
}
