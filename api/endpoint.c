#include "endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_config.h"
#include "i18n.h"
#include "service.h"

void sl_endpoint_clear(struct sl_endpoint *e)
{
    if (!e)
        return;
    free(e->scheme);
    free(e->host);
    free(e->base_path);
    memset(e, 0, sizeof(*e));
}

/* A copy of s fit for a sentence: printable ASCII only, at most about 200 bytes. */
static void visible(char *out, size_t outlen, const char *s)
{
    size_t i = 0;

    for (; *s && i + 4 < outlen && i < 200; s++)
        out[i++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
    if (*s && i + 4 < outlen) {
        memcpy(out + i, "...", 3);
        i += 3;
    }
    out[i] = '\0';
}

/* The URL being parsed and where it came from, for the sentence about what is wrong. */
struct url_ctx {
    const char *url;
    const char *where; /* "--endpoint-url", a variable or a file; NULL: not said */
    struct sl_error *err;
};

static enum sl_err bad_url(const struct url_ctx *c, const char *why)
{
    char shown[256];

    visible(shown, sizeof(shown), c->url);
    if (c->where)
        return sl_error_set(c->err, SL_ECONFIG,
                            _("The endpoint URL \"%s\" (from %s) is not valid: %s."), shown,
                            c->where, why);
    return sl_error_set(c->err, SL_ECONFIG, _("The endpoint URL \"%s\" is not valid: %s."), shown,
                        why);
}

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char *dup_lower(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    size_t i;

    if (!p)
        return NULL;
    for (i = 0; i < n; i++)
        p[i] = lower(s[i]);
    p[n] = '\0';
    return p;
}

/* Checks the host (a name or a bracketed IPv6 literal) and port of an authority. */
static enum sl_err check_authority(const struct url_ctx *c, const char *a, size_t n,
                                   size_t *host_len, long *port)
{
    size_t i = 0;

    *port = 0;
    if (n && a[0] == '[') {
        for (i = 1; i < n && a[i] != ']'; i++) {
            if (!(is_alnum(a[i]) || a[i] == ':' || a[i] == '.' || a[i] == '%'))
                return bad_url(c, _("the IPv6 address has a character that is not allowed"));
        }
        if (i == n || i == 1)
            return bad_url(c, _("the IPv6 address is not closed with \"]\""));
        i++;
    } else {
        for (; i < n && a[i] != ':'; i++) {
            if (!(is_alnum(a[i]) || a[i] == '-' || a[i] == '.' || a[i] == '_'))
                return bad_url(c, _("the host name has a character that is not allowed"));
        }
        if (i == 0)
            return bad_url(c, _("the host name is missing"));
    }
    *host_len = i;
    if (i == n)
        return SL_OK;
    if (a[i] != ':' || i + 1 == n)
        return bad_url(c, _("the port is not a number between 1 and 65535"));
    for (i++; i < n; i++) {
        if (a[i] < '0' || a[i] > '9' || *port > 65535)
            return bad_url(c, _("the port is not a number between 1 and 65535"));
        *port = *port * 10 + (a[i] - '0');
    }
    if (*port < 1 || *port > 65535)
        return bad_url(c, _("the port is not a number between 1 and 65535"));
    return SL_OK;
}

static enum sl_err parse_url(const char *url, const char *where, struct sl_endpoint *out,
                             struct sl_error *err)
{
    struct url_ctx c = {url, where, err};
    struct sl_endpoint e = {NULL, NULL, NULL, 1};
    const char *rest, *auth_end, *p;
    size_t scheme_len, host_len = 0, path_len;
    long port, default_port;
    char portbuf[8] = "";
    char *host = NULL;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    if (!url || !*url)
        return sl_error_set(err, SL_ECONFIG, _("The endpoint URL is empty."));
    if (strncasecmp(url, "https://", 8) == 0) {
        scheme_len = 5;
        default_port = 443;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        scheme_len = 4;
        default_port = 80;
    } else {
        return bad_url(&c, _("it must start with http:// or https://"));
    }
    rest = url + scheme_len + 3;
    auth_end = rest + strcspn(rest, "/?#");
    for (p = rest; p < auth_end; p++) {
        if (*p == '@')
            return sl_error_set(err, SL_ECONFIG,
                                _("The endpoint URL must not contain a user name or password."));
    }
    rc = check_authority(&c, rest, (size_t)(auth_end - rest), &host_len, &port);
    if (rc)
        return rc;
    if (strpbrk(auth_end, "?#"))
        return bad_url(&c, _("it must not have a query or a fragment"));
    for (p = auth_end; *p; p++) {
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
            return bad_url(&c, _("the path has a space or a control character"));
    }
    path_len = strlen(auth_end);
    while (path_len && auth_end[path_len - 1] == '/')
        path_len--;
    if (port && port != default_port)
        snprintf(portbuf, sizeof(portbuf), ":%ld", port);
    host = dup_lower(rest, host_len);
    e.scheme = dup_lower(url, scheme_len);
    e.base_path = malloc(path_len + 1);
    if (!host || !e.scheme || !e.base_path) {
        rc = SL_ENOMEM;
        goto out;
    }
    memcpy(e.base_path, auth_end, path_len);
    e.base_path[path_len] = '\0';
    e.host = malloc(host_len + strlen(portbuf) + 1);
    if (!e.host) {
        rc = SL_ENOMEM;
        goto out;
    }
    memcpy(e.host, host, host_len);
    memcpy(e.host + host_len, portbuf, strlen(portbuf) + 1);
    *out = e;
    memset(&e, 0, sizeof(e));
    rc = SL_OK;
out:
    free(host);
    sl_endpoint_clear(&e);
    return rc;
}

enum sl_err sl_endpoint_parse_url(const char *url, struct sl_endpoint *out, struct sl_error *err)
{
    return parse_url(url, NULL, out, err);
}

static const char *nonempty_env(const char *name)
{
    const char *v = getenv(name);

    return v && *v ? v : NULL;
}

/* AWS_IGNORE_CONFIGURED_ENDPOINT_URLS when set (any value), else the profile's setting. */
static int ignore_configured(const struct sl_aws_config *cfg, const char *profile)
{
    const char *v = nonempty_env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

    if (!v)
        v = sl_aws_config_get(cfg, profile, "ignore_configured_endpoint_urls");
    return v && strcasecmp(v, "true") == 0;
}

static int region_valid(const char *r)
{
    size_t i;

    for (i = 0; r[i]; i++) {
        if (!((r[i] >= 'a' && r[i] <= 'z') || (r[i] >= '0' && r[i] <= '9') || r[i] == '-'))
            return 0;
    }
    return i > 0 && i < 64 && r[0] != '-' && r[i - 1] != '-';
}

enum sl_err sl_endpoint_resolve(const struct sl_aws_config *cfg, const char *profile,
                                const struct sl_service *svc, const char *region,
                                const char *cli_url, struct sl_endpoint *out, struct sl_error *err)
{
    char var[128];
    const char *url, *services, *suffix;
    size_t n;

    memset(out, 0, sizeof(*out));
    if (!profile)
        profile = sl_aws_config_profile_name(NULL);
    if (cli_url && *cli_url)
        return parse_url(cli_url, "--endpoint-url", out, err);
    if (!ignore_configured(cfg, profile)) {
        snprintf(var, sizeof(var), "AWS_ENDPOINT_URL_%s", svc->env_suffix);
        url = nonempty_env(var);
        if (url)
            return parse_url(url, var, out, err);
        url = nonempty_env("AWS_ENDPOINT_URL");
        if (url)
            return parse_url(url, "AWS_ENDPOINT_URL", out, err);
        services = sl_aws_config_get(cfg, profile, "services");
        url = services && *services
                  ? sl_aws_config_service_get(cfg, services, svc->config_key, "endpoint_url")
                  : NULL;
        if (url && *url)
            return parse_url(url, sl_aws_config_path(cfg, SL_AWS_FILE_CONFIG), out, err);
        url = sl_aws_config_get(cfg, profile, "endpoint_url");
        if (url && *url)
            return parse_url(url, sl_aws_config_origin(cfg, profile, "endpoint_url"), out, err);
    }
    if (!region || !*region)
        return sl_error_set(err, SL_ENOREGION,
                            _("No AWS region is configured: use --region, AWS_REGION or "
                              "region = in the profile."));
    if (!region_valid(region)) {
        char shown[256];
        visible(shown, sizeof(shown), region);
        return sl_error_set(err, SL_ECONFIG, _("The region \"%s\" is not a valid AWS region."),
                            shown);
    }
    if (strncmp(region, "cn-", 3) == 0)
        suffix = "amazonaws.com.cn";
    else if (strncmp(region, "eusc-", 5) == 0)
        suffix = "amazonaws.eu";
    else
        suffix = "amazonaws.com";
    n = strlen(svc->host_prefix) + strlen(region) + strlen(suffix) + 3;
    out->scheme = strdup("https");
    out->base_path = strdup("");
    out->host = malloc(n);
    if (!out->scheme || !out->base_path || !out->host) {
        sl_endpoint_clear(out);
        return SL_ENOMEM;
    }
    snprintf(out->host, n, "%s.%s.%s", svc->host_prefix, region, suffix);
    out->overridden = 0;
    return SL_OK;
}

static int dns_compatible_bucket(const char *b)
{
    size_t i, n = strlen(b);

    if (n < 3 || n > 63 || !is_alnum(b[0]) || !is_alnum(b[n - 1]))
        return 0;
    for (i = 0; i < n; i++) {
        if (b[i] >= 'A' && b[i] <= 'Z')
            return 0;
        if (!(is_alnum(b[i]) || b[i] == '-' || b[i] == '.'))
            return 0;
        if (b[i] == '.' && (b[i + 1] == '.' || b[i + 1] == '-' || b[i - 1] == '-'))
            return 0;
    }
    return 1;
}

int sl_endpoint_s3_path_style(const struct sl_aws_config *cfg, const char *profile,
                              const struct sl_endpoint *endpoint, const char *bucket)
{
    const char *style = sl_aws_config_get_nested(cfg, profile, "s3", "addressing_style");

    if (bucket && !dns_compatible_bucket(bucket))
        return 1;
    if (style && strcasecmp(style, "path") == 0)
        return 1;
    if (style && strcasecmp(style, "virtual") == 0)
        return 0;
    if (endpoint && endpoint->overridden)
        return 1;
    return bucket && strchr(bucket, '.') != NULL;
}
