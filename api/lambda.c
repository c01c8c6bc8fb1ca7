#include "lambda.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "client.h"
#include "crypto.h"
#include "http.h"
#include "i18n.h"
#include "pager.h"
#include "service.h"
#include "timeutil.h"

/* Uploading 70 MB may take a while on a slow line; the client default (60 s) is too short. */
#define SL_LAMBDA_PUBLISH_TIMEOUT_MS (15L * 60 * 1000)
/* A decoded X-Amz-Log-Result is 4 KB; allow for a service that sends more. */
#define SL_LAMBDA_LOG_RESULT_MAX ((size_t)256 * 1024)

/* ---- JSON helpers -------------------------------------------------------------------------- */

enum j_type { J_STRING, J_NUMBER, J_LIST, J_OBJECT, J_RANGE };

/* SL_EPARSE with a sentence naming where in the answer the wrong value is. */
static enum sl_err j_fail(struct sl_error *err, enum j_type t, const char *where, const char *key)
{
    char path[320];

    if (where && *where && key && *key)
        snprintf(path, sizeof(path), "%s.%s", where, key);
    else
        snprintf(path, sizeof(path), "%s", key && *key ? key : (where ? where : ""));
    switch (t) {
    case J_STRING:
        return sl_error_set(err, SL_EPARSE,
                            _("The Lambda answer is malformed: %s is not a string."), path);
    case J_NUMBER:
        return sl_error_set(err, SL_EPARSE,
                            _("The Lambda answer is malformed: %s is not a number."), path);
    case J_LIST:
        return sl_error_set(err, SL_EPARSE, _("The Lambda answer is malformed: %s is not a list."),
                            path);
    case J_OBJECT:
        return sl_error_set(err, SL_EPARSE,
                            _("The Lambda answer is malformed: %s is not an object."), path);
    case J_RANGE:
    default:
        return sl_error_set(err, SL_EPARSE,
                            _("The Lambda answer is malformed: %s is out of range."), path);
    }
}

/* Finds a dotted path ("LoggingConfig.LogGroup") under o. Absent or null anywhere on the way
 * gives *out NULL and SL_OK; a step that is not an object is SL_EPARSE. */
static enum sl_err j_lookup(const cJSON *o, const char *where, const char *path, const cJSON **out,
                            struct sl_error *err)
{
    char seg[64];
    const char *p = path;

    *out = NULL;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        const cJSON *v;

        if (n >= sizeof(seg))
            return SL_EINVAL;
        memcpy(seg, p, n);
        seg[n] = '\0';
        v = cJSON_GetObjectItemCaseSensitive(o, seg);
        if (!v || cJSON_IsNull(v))
            return SL_OK;
        if (!dot) {
            *out = v;
            return SL_OK;
        }
        if (!cJSON_IsObject(v)) {
            char prefix[64];
            snprintf(prefix, sizeof(prefix), "%.*s", (int)(dot - path), path);
            return j_fail(err, J_OBJECT, where, prefix);
        }
        o = v;
        p = dot + 1;
    }
}

static enum sl_err v_string(const cJSON *v, const char *where, const char *key, char **out,
                            struct sl_error *err)
{
    if (!cJSON_IsString(v) || !v->valuestring)
        return j_fail(err, J_STRING, where, key);
    free(*out);
    *out = strdup(v->valuestring);
    return *out ? SL_OK : SL_ENOMEM;
}

static enum sl_err v_number(const cJSON *v, const char *where, const char *key, double lo,
                            double hi, double *out, struct sl_error *err)
{
    if (!cJSON_IsNumber(v))
        return j_fail(err, J_NUMBER, where, key);
    if (!(v->valuedouble >= lo && v->valuedouble <= hi))
        return j_fail(err, J_RANGE, where, key);
    *out = v->valuedouble;
    return SL_OK;
}

static enum sl_err v_ll(const cJSON *v, const char *where, const char *key, long long *out,
                        struct sl_error *err)
{
    double d = 0;
    /* Within what a double holds exactly. */
    enum sl_err rc = v_number(v, where, key, -9007199254740992.0, 9007199254740992.0, &d, err);

    if (!rc)
        *out = (long long)d;
    return rc;
}

static enum sl_err v_int(const cJSON *v, const char *where, const char *key, int *out,
                         struct sl_error *err)
{
    double d = 0;
    enum sl_err rc = v_number(v, where, key, (double)INT_MIN, (double)INT_MAX, &d, err);

    if (!rc)
        *out = (int)d;
    return rc;
}

static void strv_free(char ***v, size_t *n)
{
    size_t i;

    if (!*v) {
        *n = 0;
        return;
    }
    for (i = 0; i < *n; i++)
        free((*v)[i]);
    free(*v);
    *v = NULL;
    *n = 0;
}

/* A list of strings; null entries are skipped. */
static enum sl_err v_strv(const cJSON *v, const char *where, const char *key, char ***out,
                          size_t *n, struct sl_error *err)
{
    const cJSON *e;
    size_t count, i = 0;
    enum sl_err rc = SL_OK;

    strv_free(out, n);
    if (!cJSON_IsArray(v))
        return j_fail(err, J_LIST, where, key);
    count = (size_t)cJSON_GetArraySize(v);
    if (!count)
        return SL_OK;
    *out = calloc(count, sizeof(**out));
    if (!*out)
        return SL_ENOMEM;
    cJSON_ArrayForEach(e, v)
    {
        char item[96];

        if (cJSON_IsNull(e))
            continue;
        if (!cJSON_IsString(e) || !e->valuestring) {
            snprintf(item, sizeof(item), "%s[%zu]", key, i);
            rc = j_fail(err, J_STRING, where, item);
            break;
        }
        (*out)[i] = strdup(e->valuestring);
        if (!(*out)[i]) {
            rc = SL_ENOMEM;
            break;
        }
        i++;
    }
    *n = i;
    if (rc)
        strv_free(out, n);
    return rc;
}

static enum sl_err j_object(const cJSON *o, const char *where, const char *path, const cJSON **out,
                            struct sl_error *err)
{
    enum sl_err rc = j_lookup(o, where, path, out, err);

    if (!rc && *out && !cJSON_IsObject(*out))
        rc = j_fail(err, J_OBJECT, where, path);
    return rc;
}

static enum sl_err j_array(const cJSON *o, const char *where, const char *path, const cJSON **out,
                           struct sl_error *err)
{
    enum sl_err rc = j_lookup(o, where, path, out, err);

    if (!rc && *out && !cJSON_IsArray(*out))
        rc = j_fail(err, J_LIST, where, path);
    return rc;
}

/* Declarative field tables: dotted JSON path, kind, where in the struct. */
enum field_kind { FK_STR, FK_INT, FK_LL, FK_STRV };

struct field {
    const char *path;
    enum field_kind kind;
    size_t off;
    size_t n_off; /* FK_STRV: the count */
};

#define F_STR(T, path, m)                                                                          \
    {                                                                                              \
        path, FK_STR, offsetof(T, m), 0                                                            \
    }
#define F_INT(T, path, m)                                                                          \
    {                                                                                              \
        path, FK_INT, offsetof(T, m), 0                                                            \
    }
#define F_LL(T, path, m)                                                                           \
    {                                                                                              \
        path, FK_LL, offsetof(T, m), 0                                                             \
    }
#define F_STRV(T, path, m, n)                                                                      \
    {                                                                                              \
        path, FK_STRV, offsetof(T, m), offsetof(T, n)                                              \
    }
#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static enum sl_err parse_fields(const cJSON *o, const char *where, const struct field *t, size_t nt,
                                void *base, struct sl_error *err)
{
    char *b = base;
    enum sl_err rc = SL_OK;
    size_t i;

    for (i = 0; i < nt && !rc; i++) {
        const cJSON *v;

        rc = j_lookup(o, where, t[i].path, &v, err);
        if (rc || !v)
            continue;
        switch (t[i].kind) {
        case FK_STR:
            rc = v_string(v, where, t[i].path, (char **)(void *)(b + t[i].off), err);
            break;
        case FK_INT:
            rc = v_int(v, where, t[i].path, (int *)(void *)(b + t[i].off), err);
            break;
        case FK_LL:
            rc = v_ll(v, where, t[i].path, (long long *)(void *)(b + t[i].off), err);
            break;
        case FK_STRV:
            rc = v_strv(v, where, t[i].path, (char ***)(void *)(b + t[i].off),
                        (size_t *)(void *)(b + t[i].n_off), err);
            break;
        }
    }
    return rc;
}

/* Parses a whole answer; it must be a JSON object. */
static enum sl_err j_parse(const char *body, size_t len, cJSON **root, struct sl_error *err)
{
    *root = NULL;
    if (!body || !len)
        return sl_error_set(err, SL_EPARSE, "%s", _("The Lambda answer is empty."));
    *root = cJSON_ParseWithLength(body, len);
    if (!*root)
        return sl_error_set(err, SL_EPARSE, "%s",
                            _("The Lambda answer is not valid JSON (it may have been cut short)."));
    if (!cJSON_IsObject(*root)) {
        cJSON_Delete(*root);
        *root = NULL;
        return sl_error_set(err, SL_EPARSE, "%s", _("The Lambda answer is not a JSON object."));
    }
    return SL_OK;
}

static long long parse_time_or_minus1(const char *s)
{
    long long ms;

    return s && !sl_time_parse_iso8601(s, &ms) ? ms : -1;
}

/* ---- freeing ------------------------------------------------------------------------------- */

static void function_clear(struct sl_lambda_function *f)
{
    size_t i;
    char **strs[] = {&f->name,
                     &f->arn,
                     &f->runtime,
                     &f->handler,
                     &f->role,
                     &f->description,
                     &f->version,
                     &f->package_type,
                     &f->code_sha256,
                     &f->last_modified,
                     &f->vpc_id,
                     &f->state,
                     &f->state_reason,
                     &f->state_reason_code,
                     &f->last_update_status,
                     &f->last_update_status_reason,
                     &f->last_update_status_reason_code,
                     &f->log_group,
                     &f->log_format,
                     &f->tracing_mode,
                     &f->revision_id,
                     &f->code_repository_type,
                     &f->image_uri};

    for (i = 0; i < N_ELEMS(strs); i++)
        free(*strs[i]);
    strv_free(&f->architectures, &f->n_architectures);
    strv_free(&f->subnet_ids, &f->n_subnet_ids);
    strv_free(&f->security_group_ids, &f->n_security_group_ids);
    for (i = 0; f->layers && i < f->n_layers; i++)
        free(f->layers[i].arn);
    free(f->layers);
    for (i = 0; f->env && i < f->n_env; i++) {
        free(f->env[i].name);
        if (f->env[i].value) {
            sl_secure_wipe(f->env[i].value, strlen(f->env[i].value));
            free(f->env[i].value);
        }
    }
    free(f->env);
    for (i = 0; f->tags && i < f->n_tags; i++) {
        free(f->tags[i].key);
        free(f->tags[i].value);
    }
    free(f->tags);
    memset(f, 0, sizeof(*f));
}

static void function_defaults(struct sl_lambda_function *f)
{
    memset(f, 0, sizeof(*f));
    f->last_modified_ms = -1;
    f->code_size = -1;
    f->timeout_s = -1;
    f->memory_mb = -1;
    f->ephemeral_storage_mb = -1;
    f->reserved_concurrency = -1;
}

void sl_lambda_function_free(struct sl_lambda_function **f)
{
    if (!f || !*f)
        return;
    function_clear(*f);
    free(*f);
    *f = NULL;
}

void sl_lambda_functions_free(struct sl_lambda_function **items, size_t n)
{
    size_t i;

    if (!items || !*items)
        return;
    for (i = 0; i < n; i++)
        function_clear(&(*items)[i]);
    free(*items);
    *items = NULL;
}

static void alias_clear(struct sl_lambda_alias *a)
{
    size_t i;

    free(a->arn);
    free(a->name);
    free(a->function_version);
    free(a->description);
    free(a->revision_id);
    for (i = 0; a->weights && i < a->n_weights; i++)
        free(a->weights[i].version);
    free(a->weights);
    memset(a, 0, sizeof(*a));
}

void sl_lambda_aliases_free(struct sl_lambda_alias **items, size_t n)
{
    size_t i;

    if (!items || !*items)
        return;
    for (i = 0; i < n; i++)
        alias_clear(&(*items)[i]);
    free(*items);
    *items = NULL;
}

static void layer_version_clear(struct sl_lambda_layer_version *lv)
{
    free(lv->layer_arn);
    free(lv->arn);
    free(lv->description);
    free(lv->created_date);
    strv_free(&lv->compatible_runtimes, &lv->n_compatible_runtimes);
    strv_free(&lv->compatible_architectures, &lv->n_compatible_architectures);
    free(lv->license_info);
    free(lv->content_location);
    free(lv->content_sha256);
    memset(lv, 0, sizeof(*lv));
}

static void layer_version_defaults(struct sl_lambda_layer_version *lv)
{
    memset(lv, 0, sizeof(*lv));
    lv->version = -1;
    lv->created_ms = -1;
    lv->content_size = -1;
}

void sl_lambda_layer_version_free(struct sl_lambda_layer_version **lv)
{
    if (!lv || !*lv)
        return;
    layer_version_clear(*lv);
    free(*lv);
    *lv = NULL;
}

void sl_lambda_layer_versions_free(struct sl_lambda_layer_version **items, size_t n)
{
    size_t i;

    if (!items || !*items)
        return;
    for (i = 0; i < n; i++)
        layer_version_clear(&(*items)[i]);
    free(*items);
    *items = NULL;
}

static void layer_clear(struct sl_lambda_layer *l)
{
    free(l->name);
    free(l->arn);
    sl_lambda_layer_version_free(&l->latest);
    memset(l, 0, sizeof(*l));
}

void sl_lambda_layers_free(struct sl_lambda_layer **items, size_t n)
{
    size_t i;

    if (!items || !*items)
        return;
    for (i = 0; i < n; i++)
        layer_clear(&(*items)[i]);
    free(*items);
    *items = NULL;
}

void sl_lambda_page_free(struct sl_lambda_page *page)
{
    if (!page)
        return;
    sl_lambda_functions_free(&page->functions, page->n);
    sl_lambda_aliases_free(&page->aliases, page->n);
    sl_lambda_layers_free(&page->layers, page->n);
    sl_lambda_layer_versions_free(&page->layer_versions, page->n);
    page->n = 0;
}

/* ---- item parsers ---------------------------------------------------------------------------- */

#define FN struct sl_lambda_function
static const struct field function_fields[] = {
    F_STR(FN, "FunctionName", name),
    F_STR(FN, "FunctionArn", arn),
    F_STR(FN, "Runtime", runtime),
    F_STR(FN, "Handler", handler),
    F_STR(FN, "Role", role),
    F_STR(FN, "Description", description),
    F_STR(FN, "Version", version),
    F_STR(FN, "PackageType", package_type),
    F_STR(FN, "CodeSha256", code_sha256),
    F_STR(FN, "LastModified", last_modified),
    F_LL(FN, "CodeSize", code_size),
    F_INT(FN, "Timeout", timeout_s),
    F_INT(FN, "MemorySize", memory_mb),
    F_INT(FN, "EphemeralStorage.Size", ephemeral_storage_mb),
    F_STRV(FN, "Architectures", architectures, n_architectures),
    F_STR(FN, "VpcConfig.VpcId", vpc_id),
    F_STRV(FN, "VpcConfig.SubnetIds", subnet_ids, n_subnet_ids),
    F_STRV(FN, "VpcConfig.SecurityGroupIds", security_group_ids, n_security_group_ids),
    F_STR(FN, "State", state),
    F_STR(FN, "StateReason", state_reason),
    F_STR(FN, "StateReasonCode", state_reason_code),
    F_STR(FN, "LastUpdateStatus", last_update_status),
    F_STR(FN, "LastUpdateStatusReason", last_update_status_reason),
    F_STR(FN, "LastUpdateStatusReasonCode", last_update_status_reason_code),
    F_STR(FN, "LoggingConfig.LogGroup", log_group),
    F_STR(FN, "LoggingConfig.LogFormat", log_format),
    F_STR(FN, "TracingConfig.Mode", tracing_mode),
    F_STR(FN, "RevisionId", revision_id),
};

/* The parts of GetFunction outside Configuration. */
static const struct field get_function_fields[] = {
    F_STR(FN, "Code.RepositoryType", code_repository_type),
    F_STR(FN, "Code.ImageUri", image_uri),
    F_INT(FN, "Concurrency.ReservedConcurrentExecutions", reserved_concurrency),
};
#undef FN

static enum sl_err parse_layer_refs(const cJSON *o, const char *where, struct sl_lambda_function *f,
                                    struct sl_error *err)
{
    const cJSON *arr, *e;
    enum sl_err rc = j_array(o, where, "Layers", &arr, err);
    size_t count;

    if (rc || !arr)
        return rc;
    count = (size_t)cJSON_GetArraySize(arr);
    if (!count)
        return SL_OK;
    f->layers = calloc(count, sizeof(*f->layers));
    if (!f->layers)
        return SL_ENOMEM;
    cJSON_ArrayForEach(e, arr)
    {
        struct sl_lambda_layer_ref *r = &f->layers[f->n_layers];
        char item[320];
        const cJSON *v;

        if (cJSON_IsNull(e))
            continue;
        snprintf(item, sizeof(item), "%s%sLayers[%zu]", where, *where ? "." : "", f->n_layers);
        if (!cJSON_IsObject(e))
            return j_fail(err, J_OBJECT, item, NULL);
        r->code_size = -1;
        f->n_layers++;
        rc = j_lookup(e, item, "Arn", &v, err);
        if (!rc && v)
            rc = v_string(v, item, "Arn", &r->arn, err);
        if (!rc)
            rc = j_lookup(e, item, "CodeSize", &v, err);
        if (!rc && v)
            rc = v_ll(v, item, "CodeSize", &r->code_size, err);
        if (rc)
            return rc;
    }
    return SL_OK;
}

static enum sl_err parse_env(const cJSON *o, const char *where, unsigned flags,
                             struct sl_lambda_function *f, struct sl_error *err)
{
    const cJSON *vars, *e;
    enum sl_err rc = j_object(o, where, "Environment.Variables", &vars, err);
    size_t count;

    if (rc || !vars)
        return rc;
    count = (size_t)cJSON_GetArraySize(vars);
    if (!count)
        return SL_OK;
    f->env = calloc(count, sizeof(*f->env));
    if (!f->env)
        return SL_ENOMEM;
    cJSON_ArrayForEach(e, vars)
    {
        struct sl_lambda_env_var *ev = &f->env[f->n_env];
        char item[320];

        if (!e->string)
            continue;
        if (!cJSON_IsString(e) && !cJSON_IsNull(e)) {
            /* The name is the customer's, not AWS's: do not quote the value. */
            snprintf(item, sizeof(item), "Environment.Variables.%s", e->string);
            return j_fail(err, J_STRING, where, item);
        }
        ev->name = strdup(e->string);
        if (!ev->name)
            return SL_ENOMEM;
        f->n_env++;
        if ((flags & SL_LAMBDA_ENV_VALUES) && cJSON_IsString(e) && e->valuestring) {
            ev->value = strdup(e->valuestring);
            if (!ev->value)
                return SL_ENOMEM;
        }
    }
    return SL_OK;
}

static enum sl_err parse_function_config(const cJSON *o, const char *where, unsigned flags,
                                         struct sl_lambda_function *f, struct sl_error *err)
{
    enum sl_err rc;

    if (!cJSON_IsObject(o))
        return j_fail(err, J_OBJECT, where, NULL);
    rc = parse_fields(o, where, function_fields, N_ELEMS(function_fields), f, err);
    if (!rc)
        rc = parse_layer_refs(o, where, f, err);
    if (!rc)
        rc = parse_env(o, where, flags, f, err);
    if (rc)
        return rc;
    f->last_modified_ms = parse_time_or_minus1(f->last_modified);
    if (!f->log_group && f->name) {
        size_t n = strlen("/aws/lambda/") + strlen(f->name) + 1;
        f->log_group = malloc(n);
        if (!f->log_group)
            return SL_ENOMEM;
        snprintf(f->log_group, n, "/aws/lambda/%s", f->name);
    }
    return SL_OK;
}

static enum sl_err function_item(const cJSON *o, const char *where, unsigned flags, void *item,
                                 struct sl_error *err)
{
    function_defaults(item);
    return parse_function_config(o, where, flags, item, err);
}

static enum sl_err alias_item(const cJSON *o, const char *where, unsigned flags, void *item,
                              struct sl_error *err)
{
#define AL struct sl_lambda_alias
    static const struct field fields[] = {
        F_STR(AL, "AliasArn", arn),
        F_STR(AL, "Name", name),
        F_STR(AL, "FunctionVersion", function_version),
        F_STR(AL, "Description", description),
        F_STR(AL, "RevisionId", revision_id),
    };
#undef AL
    struct sl_lambda_alias *a = item;
    const cJSON *w = NULL, *e;
    size_t count;
    enum sl_err rc;

    memset(a, 0, sizeof(*a));
    if (!cJSON_IsObject(o))
        return j_fail(err, J_OBJECT, where, NULL);
    rc = parse_fields(o, where, fields, N_ELEMS(fields), a, err);
    if (!rc)
        rc = j_object(o, where, "RoutingConfig.AdditionalVersionWeights", &w, err);
    if (rc || !w)
        return rc;
    count = (size_t)cJSON_GetArraySize(w);
    if (!count)
        return SL_OK;
    a->weights = calloc(count, sizeof(*a->weights));
    if (!a->weights)
        return SL_ENOMEM;
    cJSON_ArrayForEach(e, w)
    {
        struct sl_lambda_alias_weight *aw = &a->weights[a->n_weights];
        char key[128];

        if (!e->string || cJSON_IsNull(e))
            continue;
        snprintf(key, sizeof(key), "RoutingConfig.AdditionalVersionWeights.%s", e->string);
        rc = v_number(e, where, key, 0.0, 1.0, &aw->weight, err);
        if (rc)
            return rc;
        aw->version = strdup(e->string);
        if (!aw->version)
            return SL_ENOMEM;
        a->n_weights++;
    }
    return SL_OK;
}

#define LV struct sl_lambda_layer_version
static const struct field layer_version_fields[] = {
    F_STR(LV, "LayerArn", layer_arn),
    F_STR(LV, "LayerVersionArn", arn),
    F_LL(LV, "Version", version),
    F_STR(LV, "Description", description),
    F_STR(LV, "CreatedDate", created_date),
    F_STRV(LV, "CompatibleRuntimes", compatible_runtimes, n_compatible_runtimes),
    F_STRV(LV, "CompatibleArchitectures", compatible_architectures, n_compatible_architectures),
    F_STR(LV, "LicenseInfo", license_info),
    F_STR(LV, "Content.Location", content_location),
    F_STR(LV, "Content.CodeSha256", content_sha256),
    F_LL(LV, "Content.CodeSize", content_size),
};
#undef LV

static enum sl_err layer_version_item(const cJSON *o, const char *where, unsigned flags, void *item,
                                      struct sl_error *err)
{
    struct sl_lambda_layer_version *lv = item;
    enum sl_err rc;

    layer_version_defaults(lv);
    if (!cJSON_IsObject(o))
        return j_fail(err, J_OBJECT, where, NULL);
    rc = parse_fields(o, where, layer_version_fields, N_ELEMS(layer_version_fields), lv, err);
    if (!rc)
        lv->created_ms = parse_time_or_minus1(lv->created_date);
    return rc;
}

static enum sl_err layer_item(const cJSON *o, const char *where, unsigned flags, void *item,
                              struct sl_error *err)
{
#define LY struct sl_lambda_layer
    static const struct field fields[] = {
        F_STR(LY, "LayerName", name),
        F_STR(LY, "LayerArn", arn),
    };
#undef LY
    struct sl_lambda_layer *l = item;
    const cJSON *latest = NULL;
    char sub[320];
    enum sl_err rc;

    memset(l, 0, sizeof(*l));
    if (!cJSON_IsObject(o))
        return j_fail(err, J_OBJECT, where, NULL);
    rc = parse_fields(o, where, fields, N_ELEMS(fields), l, err);
    if (!rc)
        rc = j_object(o, where, "LatestMatchingVersion", &latest, err);
    if (rc || !latest)
        return rc;
    l->latest = malloc(sizeof(*l->latest));
    if (!l->latest)
        return SL_ENOMEM;
    snprintf(sub, sizeof(sub), "%s.LatestMatchingVersion", where);
    rc = layer_version_item(latest, sub, flags, l->latest, err);
    if (!rc && !l->latest->layer_arn && l->arn) {
        l->latest->layer_arn = strdup(l->arn);
        if (!l->latest->layer_arn)
            rc = SL_ENOMEM;
    }
    return rc;
}

/* ---- pages ------------------------------------------------------------------------------------
 */

struct page_spec {
    const char *list_key;
    size_t item_size;
    enum sl_err (*parse_item)(const cJSON *o, const char *where, unsigned flags, void *item,
                              struct sl_error *err);
    void (*free_items)(void *items, size_t n);
};

static void free_function_items(void *items, size_t n)
{
    struct sl_lambda_function *v = items;
    sl_lambda_functions_free(&v, n);
}

static void free_alias_items(void *items, size_t n)
{
    struct sl_lambda_alias *v = items;
    sl_lambda_aliases_free(&v, n);
}

static void free_layer_items(void *items, size_t n)
{
    struct sl_lambda_layer *v = items;
    sl_lambda_layers_free(&v, n);
}

static void free_layer_version_items(void *items, size_t n)
{
    struct sl_lambda_layer_version *v = items;
    sl_lambda_layer_versions_free(&v, n);
}

static const struct page_spec functions_spec = {"Functions", sizeof(struct sl_lambda_function),
                                                function_item, free_function_items};
static const struct page_spec versions_spec = {"Versions", sizeof(struct sl_lambda_function),
                                               function_item, free_function_items};
static const struct page_spec aliases_spec = {"Aliases", sizeof(struct sl_lambda_alias), alias_item,
                                              free_alias_items};
static const struct page_spec layers_spec = {"Layers", sizeof(struct sl_lambda_layer), layer_item,
                                             free_layer_items};
static const struct page_spec layer_versions_spec = {"LayerVersions",
                                                     sizeof(struct sl_lambda_layer_version),
                                                     layer_version_item, free_layer_version_items};

/* Returns a malloc'ed array through *items (NULL when empty). */
static enum sl_err parse_page(const char *body, size_t len, const struct page_spec *spec,
                              void **items, size_t *n, char **next_marker, struct sl_error *err)
{
    cJSON *root = NULL;
    const cJSON *list, *e, *next;
    char *arr = NULL;
    size_t count = 0, done = 0;
    enum sl_err rc;

    *items = NULL;
    *n = 0;
    *next_marker = NULL;
    rc = j_parse(body, len, &root, err);
    if (rc)
        goto out;
    rc = j_array(root, "", spec->list_key, &list, err);
    if (!rc)
        rc = j_lookup(root, "", "NextMarker", &next, err);
    if (!rc && next) {
        rc = v_string(next, "", "NextMarker", next_marker, err);
        if (!rc && !**next_marker) {
            free(*next_marker); /* an empty marker is the end too */
            *next_marker = NULL;
        }
    }
    if (rc || !list)
        goto out;
    count = (size_t)cJSON_GetArraySize(list);
    if (!count)
        goto out;
    arr = calloc(count, spec->item_size);
    if (!arr) {
        rc = SL_ENOMEM;
        goto out;
    }
    cJSON_ArrayForEach(e, list)
    {
        char where[96];

        if (cJSON_IsNull(e))
            continue;
        snprintf(where, sizeof(where), "%s[%zu]", spec->list_key, done);
        /* Counted before parsing, so a half-filled item is freed with the rest. */
        rc = spec->parse_item(e, where, 0, arr + done++ * spec->item_size, err);
        if (rc)
            goto out;
    }
out:
    if (rc) {
        if (arr)
            spec->free_items(arr, done);
        arr = NULL;
        done = 0;
        free(*next_marker);
        *next_marker = NULL;
    } else if (arr && !done) {
        free(arr);
        arr = NULL;
    }
    *items = arr;
    *n = done;
    cJSON_Delete(root);
    return rc;
}

enum sl_err sl_lambda_parse_functions_page(const char *body, size_t len,
                                           struct sl_lambda_function **items, size_t *n,
                                           char **next_marker, struct sl_error *err)
{
    void *v;
    enum sl_err rc = parse_page(body, len, &functions_spec, &v, n, next_marker, err);

    *items = v;
    return rc;
}

enum sl_err sl_lambda_parse_versions_page(const char *body, size_t len,
                                          struct sl_lambda_function **items, size_t *n,
                                          char **next_marker, struct sl_error *err)
{
    void *v;
    enum sl_err rc = parse_page(body, len, &versions_spec, &v, n, next_marker, err);

    *items = v;
    return rc;
}

enum sl_err sl_lambda_parse_aliases_page(const char *body, size_t len,
                                         struct sl_lambda_alias **items, size_t *n,
                                         char **next_marker, struct sl_error *err)
{
    void *v;
    enum sl_err rc = parse_page(body, len, &aliases_spec, &v, n, next_marker, err);

    *items = v;
    return rc;
}

enum sl_err sl_lambda_parse_layers_page(const char *body, size_t len,
                                        struct sl_lambda_layer **items, size_t *n,
                                        char **next_marker, struct sl_error *err)
{
    void *v;
    enum sl_err rc = parse_page(body, len, &layers_spec, &v, n, next_marker, err);

    *items = v;
    return rc;
}

enum sl_err sl_lambda_parse_layer_versions_page(const char *body, size_t len,
                                                struct sl_lambda_layer_version **items, size_t *n,
                                                char **next_marker, struct sl_error *err)
{
    void *v;
    enum sl_err rc = parse_page(body, len, &layer_versions_spec, &v, n, next_marker, err);

    *items = v;
    return rc;
}

static enum sl_err parse_tags(const cJSON *root, struct sl_lambda_function *f, struct sl_error *err)
{
    const cJSON *tags, *e;
    enum sl_err rc = j_object(root, "", "Tags", &tags, err);
    size_t count;

    if (rc || !tags)
        return rc;
    count = (size_t)cJSON_GetArraySize(tags);
    if (!count)
        return SL_OK;
    f->tags = calloc(count, sizeof(*f->tags));
    if (!f->tags)
        return SL_ENOMEM;
    cJSON_ArrayForEach(e, tags)
    {
        struct sl_lambda_tag *t = &f->tags[f->n_tags];
        char key[320];

        if (!e->string || cJSON_IsNull(e))
            continue;
        snprintf(key, sizeof(key), "Tags.%s", e->string);
        t->key = strdup(e->string);
        if (!t->key)
            return SL_ENOMEM;
        f->n_tags++;
        rc = v_string(e, "", key, &t->value, err);
        if (rc)
            return rc;
    }
    return SL_OK;
}

enum sl_err sl_lambda_parse_function(const char *body, size_t len, unsigned flags,
                                     struct sl_lambda_function **out, struct sl_error *err)
{
    cJSON *root = NULL;
    const cJSON *conf;
    struct sl_lambda_function *f = NULL;
    enum sl_err rc;

    *out = NULL;
    rc = j_parse(body, len, &root, err);
    if (rc)
        goto out;
    rc = j_object(root, "", "Configuration", &conf, err);
    if (rc)
        goto out;
    if (!conf) {
        rc = sl_error_set(err, SL_EPARSE, "%s",
                          _("The GetFunction answer has no function configuration."));
        goto out;
    }
    f = malloc(sizeof(*f));
    if (!f) {
        rc = SL_ENOMEM;
        goto out;
    }
    function_defaults(f);
    rc = parse_function_config(conf, "Configuration", flags, f, err);
    if (!rc)
        rc = parse_fields(root, "", get_function_fields, N_ELEMS(get_function_fields), f, err);
    if (!rc)
        rc = parse_tags(root, f, err);
out:
    if (rc)
        sl_lambda_function_free(&f);
    *out = f;
    cJSON_Delete(root);
    return rc;
}

enum sl_err sl_lambda_parse_layer_version(const char *body, size_t len,
                                          struct sl_lambda_layer_version **out,
                                          struct sl_error *err)
{
    cJSON *root = NULL;
    struct sl_lambda_layer_version *lv = NULL;
    enum sl_err rc;

    *out = NULL;
    rc = j_parse(body, len, &root, err);
    if (rc)
        goto out;
    lv = malloc(sizeof(*lv));
    if (!lv) {
        rc = SL_ENOMEM;
        goto out;
    }
    rc = layer_version_item(root, "", 0, lv, err);
    if (!rc && !lv->arn)
        rc = sl_error_set(err, SL_EPARSE, "%s",
                          _("The layer version answer has no LayerVersionArn."));
out:
    if (rc)
        sl_lambda_layer_version_free(&lv);
    *out = lv;
    cJSON_Delete(root);
    return rc;
}

/* ---- REPORT line -------------------------------------------------------------------------- */

/* Digits with an optional fraction, independent of LC_NUMERIC. */
static int parse_decimal(const char **pp, double *out)
{
    const char *p = *pp;
    double v = 0, scale = 0.1;
    int digits = 0;

    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        digits++;
    }
    if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
        p++;
        while (*p >= '0' && *p <= '9') {
            v += (*p++ - '0') * scale;
            scale /= 10;
            digits++;
        }
    }
    if (!digits || v > 1e15)
        return -1;
    *pp = p;
    *out = v;
    return 0;
}

enum report_field {
    R_REQUEST_ID,
    R_DURATION,
    R_BILLED,
    R_MEMORY,
    R_MAX_MEMORY,
    R_INIT,
    R_STATUS,
    R_OTHER,
};

static const struct {
    const char *label;
    enum report_field field;
} report_labels[] = {
    {"RequestId:", R_REQUEST_ID},
    {"Duration:", R_DURATION},
    {"Billed Duration:", R_BILLED},
    {"Memory Size:", R_MEMORY},
    {"Max Memory Used:", R_MAX_MEMORY},
    {"Init Duration:", R_INIT},
    {"Status:", R_STATUS},
    /* Known but not kept; listed so "Duration:" is not found inside them. */
    {"Restore Duration:", R_OTHER},
    {"Billed Restore Duration:", R_OTHER},
    {"Error Type:", R_OTHER},
};

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Copies the word at *pp (up to white space) into out and moves past it. */
static void take_word(const char **pp, char *out, size_t outlen)
{
    const char *p = *pp;
    size_t n = 0;

    while (*p && !is_space(*p))
        p++;
    n = (size_t)(p - *pp);
    if (out && outlen) {
        if (n >= outlen)
            n = outlen - 1;
        memcpy(out, *pp, n);
        out[n] = '\0';
    }
    *pp = p;
}

/* One text REPORT line (NUL-terminated, no newline). Fields are tab-separated; a line whose
 * tabs were turned into spaces is read word by word. The first value of each field wins. */
static enum sl_err parse_report_text(const char *line, struct sl_lambda_report *out)
{
    const char *p = line + strlen("REPORT");
    unsigned seen = 0;
    int tabs = strchr(line, '\t') != NULL;

    while (*p) {
        size_t i;
        int matched = -1;

        while (is_space(*p))
            p++;
        if (!*p)
            break;
        for (i = 0; i < N_ELEMS(report_labels); i++) {
            size_t n = strlen(report_labels[i].label);
            if (!strncmp(p, report_labels[i].label, n)) {
                matched = (int)i;
                p += n;
                break;
            }
        }
        if (matched >= 0) {
            enum report_field fld = report_labels[matched].field;
            unsigned bit = 1u << fld;
            double v = 0;

            while (is_space(*p))
                p++;
            if (fld == R_REQUEST_ID || fld == R_STATUS) {
                if (seen & bit)
                    take_word(&p, NULL, 0);
                else if (fld == R_REQUEST_ID)
                    take_word(&p, out->request_id, sizeof(out->request_id));
                else
                    take_word(&p, out->status, sizeof(out->status));
                if (fld == R_REQUEST_ID && !out->request_id[0])
                    return SL_EPARSE;
                seen |= bit;
            } else if (fld != R_OTHER) {
                if (parse_decimal(&p, &v))
                    return SL_EPARSE;
                if (!(seen & bit)) {
                    seen |= bit;
                    if (fld == R_DURATION)
                        out->duration_ms = v;
                    else if (fld == R_BILLED)
                        out->billed_duration_ms = (long long)v;
                    else if (fld == R_MEMORY)
                        out->memory_size_mb = (int)v;
                    else if (fld == R_MAX_MEMORY)
                        out->max_memory_used_mb = (int)v;
                    else if (fld == R_INIT) {
                        out->init_duration_ms = v;
                        out->has_init_duration = 1;
                    }
                }
                while (is_space(*p) && *p != '\t')
                    p++;
                if (!strncmp(p, "ms", 2) || !strncmp(p, "MB", 2))
                    p += 2;
            }
        }
        if (tabs) {
            /* Whatever is left of this field (an unknown one entirely) up to the next tab. */
            while (*p && *p != '\t')
                p++;
        } else if (matched < 0) {
            take_word(&p, NULL, 0);
        }
    }
    if ((seen & ((1u << R_REQUEST_ID) | (1u << R_DURATION) | (1u << R_BILLED) | (1u << R_MEMORY) |
                 (1u << R_MAX_MEMORY))) !=
        ((1u << R_REQUEST_ID) | (1u << R_DURATION) | (1u << R_BILLED) | (1u << R_MEMORY) |
         (1u << R_MAX_MEMORY)))
        return SL_EPARSE;
    return SL_OK;
}

/* {"time":...,"type":"platform.report","record":{"requestId":...,"metrics":{...}}} */
static enum sl_err parse_report_json(const char *line, struct sl_lambda_report *out)
{
    cJSON *root = cJSON_Parse(line);
    const cJSON *rec, *m, *v;
    enum sl_err rc = SL_EPARSE;

    if (!root)
        goto out;
    v = cJSON_GetObjectItemCaseSensitive(root, "type");
    rec = cJSON_GetObjectItemCaseSensitive(root, "record");
    if (!cJSON_IsString(v) || strcmp(v->valuestring, "platform.report") != 0 ||
        !cJSON_IsObject(rec))
        goto out;
    m = cJSON_GetObjectItemCaseSensitive(rec, "metrics");
    v = cJSON_GetObjectItemCaseSensitive(rec, "requestId");
    if (!cJSON_IsString(v) || !v->valuestring[0] || !cJSON_IsObject(m))
        goto out;
    snprintf(out->request_id, sizeof(out->request_id), "%s", v->valuestring);
    v = cJSON_GetObjectItemCaseSensitive(rec, "status");
    if (cJSON_IsString(v))
        snprintf(out->status, sizeof(out->status), "%s", v->valuestring);
#define METRIC(name, lval, cast)                                                                   \
    do {                                                                                           \
        v = cJSON_GetObjectItemCaseSensitive(m, name);                                             \
        if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 1e15))                \
            goto out;                                                                              \
        lval = (cast)v->valuedouble;                                                               \
    } while (0)
    METRIC("durationMs", out->duration_ms, double);
    METRIC("billedDurationMs", out->billed_duration_ms, long long);
    METRIC("memorySizeMB", out->memory_size_mb, int);
    METRIC("maxMemoryUsedMB", out->max_memory_used_mb, int);
#undef METRIC
    v = cJSON_GetObjectItemCaseSensitive(m, "initDurationMs");
    if (cJSON_IsNumber(v) && v->valuedouble >= 0) {
        out->init_duration_ms = v->valuedouble;
        out->has_init_duration = 1;
    }
    rc = SL_OK;
out:
    cJSON_Delete(root);
    return rc;
}

/* Parses one candidate line of len bytes (a copy, without its line end) into out. */
static enum sl_err parse_report_line(const char *p, size_t len, int json,
                                     struct sl_lambda_report *out)
{
    char *line;
    enum sl_err rc;

    while (len && p[len - 1] == '\r')
        len--;
    line = malloc(len + 1);
    if (!line)
        return SL_ENOMEM;
    memcpy(line, p, len);
    line[len] = '\0';
    memset(out, 0, sizeof(*out));
    rc = json ? parse_report_json(line, out) : parse_report_text(line, out);
    free(line);
    return rc ? SL_EPARSE : SL_OK;
}

/* 1 when the line of len bytes at p contains word. */
static int line_has(const char *p, size_t len, const char *word)
{
    size_t n = strlen(word);

    for (; len >= n; p++, len--)
        if (!memcmp(p, word, n))
            return 1;
    return 0;
}

enum sl_err sl_lambda_parse_report(const char *log, struct sl_lambda_report *out)
{
    struct sl_lambda_report cand;
    const char *p = log;
    enum sl_err rc = SL_ENOTFOUND;

    memset(out, 0, sizeof(*out));
    if (!log)
        return SL_ENOTFOUND;
    /* The last line that parses wins (a log tail holds a single invocation, but a function
     * may print look-alikes of its own). */
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        enum sl_err lrc = SL_ENOTFOUND;

        if (len > 17 && !strncmp(p, "REPORT RequestId:", 17))
            lrc = parse_report_line(p, len, 0, &cand);
        else if (len > 1 && *p == '{' && line_has(p, len, "platform.report"))
            lrc = parse_report_line(p, len, 1, &cand);
        if (lrc == SL_ENOMEM)
            return lrc;
        if (lrc == SL_OK) {
            *out = cand;
            rc = SL_OK;
        } else if (lrc == SL_EPARSE && rc != SL_OK) {
            rc = SL_EPARSE;
        }
        if (!eol)
            break;
        p = eol + 1;
    }
    return rc;
}

enum sl_err sl_lambda_decode_log_result(const char *b64, char **out, size_t *out_len,
                                        struct sl_error *err)
{
    struct sl_buf b;
    size_t len;
    enum sl_err rc;

    *out = NULL;
    *out_len = 0;
    if (!b64)
        return SL_EINVAL;
    while (is_space(*b64))
        b64++;
    len = strlen(b64);
    while (len && (is_space(b64[len - 1]) || b64[len - 1] == '\r' || b64[len - 1] == '\n'))
        len--;
    sl_buf_init(&b, SL_LAMBDA_LOG_RESULT_MAX);
    rc = sl_base64_decode(&b, b64, len);
    if (!rc && !b.data)
        rc = sl_buf_append(&b, "", 0);
    if (rc) {
        sl_buf_free(&b);
        if (rc == SL_EPARSE)
            return sl_error_set(err, SL_EPARSE, "%s",
                                _("The log tail of the invocation (X-Amz-Log-Result) is not "
                                  "valid base64."));
        return rc;
    }
    *out_len = b.len;
    *out = sl_buf_take(&b);
    return *out ? SL_OK : SL_ENOMEM;
}

/* ---- errors --------------------------------------------------------------------------------- */

static enum sl_err map_error(enum sl_err rc, const struct sl_error *in,
                             enum sl_lambda_resource kind, const char *name, const char *region,
                             struct sl_error *err)
{
    int not_found;

    if (!rc)
        return SL_OK;
    if (err) {
        if (in)
            *err = *in;
        else
            sl_error_clear(err);
    }
    not_found = in && (!strcmp(in->code, "ResourceNotFoundException") ||
                       (rc == SL_ENOTFOUND && !in->code[0]));
    if (!in && rc == SL_ENOTFOUND)
        not_found = 1;
    if (!not_found)
        return rc;
    if (!err)
        return SL_ENOTFOUND;
    if (!name)
        name = "";
    if (region && *region) {
        switch (kind) {
        case SL_LAMBDA_RES_LAYER:
            snprintf(err->message, sizeof(err->message), _("The layer \"%s\" was not found in %s."),
                     name, region);
            break;
        case SL_LAMBDA_RES_LAYER_VERSION:
            snprintf(err->message, sizeof(err->message),
                     _("The layer version \"%s\" was not found in %s."), name, region);
            break;
        case SL_LAMBDA_RES_FUNCTION:
        default:
            snprintf(err->message, sizeof(err->message),
                     _("The function \"%s\" was not found in %s."), name, region);
            break;
        }
    } else {
        switch (kind) {
        case SL_LAMBDA_RES_LAYER:
            snprintf(err->message, sizeof(err->message), _("The layer \"%s\" was not found."),
                     name);
            break;
        case SL_LAMBDA_RES_LAYER_VERSION:
            snprintf(err->message, sizeof(err->message),
                     _("The layer version \"%s\" was not found."), name);
            break;
        case SL_LAMBDA_RES_FUNCTION:
        default:
            snprintf(err->message, sizeof(err->message), _("The function \"%s\" was not found."),
                     name);
            break;
        }
    }
    return SL_ENOTFOUND;
}

enum sl_err sl_lambda_call_error(const struct sl_call *call, enum sl_lambda_resource kind,
                                 const char *name, const char *region, struct sl_error *err)
{
    return map_error(call->rc, &call->err, kind, name, region, err);
}

/* "name" or "name:qualifier" for sentences. */
static char *qualified_name(const char *name, const char *qualifier)
{
    size_t n;
    char *s;

    if (!name)
        name = "";
    if (!qualifier || !*qualifier)
        return strdup(name);
    n = strlen(name) + strlen(qualifier) + 2;
    s = malloc(n);
    if (s)
        snprintf(s, n, "%s:%s", name, qualifier);
    return s;
}

/* ---- building requests ---------------------------------------------------------------------- */

static enum sl_err need_name(const char *name, enum sl_lambda_resource kind, struct sl_error *err)
{
    if (name && *name)
        return SL_OK;
    if (kind == SL_LAMBDA_RES_FUNCTION)
        return sl_error_set(err, SL_EINVAL, "%s", _("No function name was given."));
    return sl_error_set(err, SL_EINVAL, "%s", _("No layer name was given."));
}

static const char *list_operation(enum sl_lambda_list_kind kind)
{
    switch (kind) {
    case SL_LAMBDA_LIST_VERSIONS:
        return "ListVersionsByFunction";
    case SL_LAMBDA_LIST_ALIASES:
        return "ListAliases";
    case SL_LAMBDA_LIST_LAYERS:
        return "ListLayers";
    case SL_LAMBDA_LIST_LAYER_VERSIONS:
        return "ListLayerVersions";
    case SL_LAMBDA_LIST_FUNCTIONS:
    default:
        return "ListFunctions";
    }
}

static enum sl_err check_list(const struct sl_lambda_list_params *p, struct sl_error *err)
{
    switch (p->kind) {
    case SL_LAMBDA_LIST_FUNCTIONS:
    case SL_LAMBDA_LIST_LAYERS:
        return SL_OK;
    case SL_LAMBDA_LIST_VERSIONS:
    case SL_LAMBDA_LIST_ALIASES:
        return need_name(p->name, SL_LAMBDA_RES_FUNCTION, err);
    case SL_LAMBDA_LIST_LAYER_VERSIONS:
        return need_name(p->name, SL_LAMBDA_RES_LAYER, err);
    }
    return sl_error_set(err, SL_EINVAL, "%s", _("Unknown kind of Lambda listing."));
}

static enum sl_err fill_list(struct sl_call *call, const struct sl_lambda_list_params *p,
                             const char *marker)
{
    enum sl_err rc = SL_OK;
    char num[16];
    int layers = p->kind == SL_LAMBDA_LIST_LAYERS || p->kind == SL_LAMBDA_LIST_LAYER_VERSIONS;

    snprintf(call->method, sizeof(call->method), "GET");
    call->idempotent = 1;
    switch (p->kind) {
    case SL_LAMBDA_LIST_FUNCTIONS:
        rc = sl_buf_append_str(&call->path, "/2015-03-31/functions/");
        break;
    case SL_LAMBDA_LIST_VERSIONS:
    case SL_LAMBDA_LIST_ALIASES:
        rc = sl_buf_append_str(&call->path, "/2015-03-31/functions");
        if (!rc)
            rc = sl_call_path_segment(call, p->name);
        if (!rc)
            rc = sl_buf_append_str(&call->path,
                                   p->kind == SL_LAMBDA_LIST_VERSIONS ? "/versions" : "/aliases");
        if (!rc && p->kind == SL_LAMBDA_LIST_ALIASES && p->function_version && *p->function_version)
            rc = sl_call_url_param(call, "FunctionVersion", p->function_version);
        break;
    case SL_LAMBDA_LIST_LAYERS:
        rc = sl_buf_append_str(&call->path, "/2018-10-31/layers");
        break;
    case SL_LAMBDA_LIST_LAYER_VERSIONS:
        rc = sl_buf_append_str(&call->path, "/2018-10-31/layers");
        if (!rc)
            rc = sl_call_path_segment(call, p->name);
        if (!rc)
            rc = sl_buf_append_str(&call->path, "/versions");
        break;
    }
    if (!rc && layers && p->compatible_runtime && *p->compatible_runtime)
        rc = sl_call_url_param(call, "CompatibleRuntime", p->compatible_runtime);
    if (!rc && layers && p->compatible_architecture && *p->compatible_architecture)
        rc = sl_call_url_param(call, "CompatibleArchitecture", p->compatible_architecture);
    if (!rc && marker && *marker)
        rc = sl_call_url_param(call, "Marker", marker);
    snprintf(num, sizeof(num), "%d", SL_LAMBDA_PAGE_SIZE);
    if (!rc)
        rc = sl_call_url_param(call, "MaxItems", num);
    return rc;
}

enum sl_err sl_lambda_build_list(struct sl_call *call, const struct sl_lambda_list_params *p,
                                 const char *marker, struct sl_error *err)
{
    enum sl_err rc;

    sl_call_init(call, &sl_service_lambda, list_operation(p->kind));
    rc = check_list(p, err);
    if (!rc)
        rc = fill_list(call, p, marker);
    return rc;
}

enum sl_err sl_lambda_build_get_function(struct sl_call *call, const char *function,
                                         const char *qualifier, struct sl_error *err)
{
    enum sl_err rc;

    sl_call_init(call, &sl_service_lambda, "GetFunction");
    rc = need_name(function, SL_LAMBDA_RES_FUNCTION, err);
    if (rc)
        return rc;
    snprintf(call->method, sizeof(call->method), "GET");
    call->idempotent = 1;
    rc = sl_buf_append_str(&call->path, "/2015-03-31/functions");
    if (!rc)
        rc = sl_call_path_segment(call, function);
    if (!rc && qualifier && *qualifier)
        rc = sl_call_url_param(call, "Qualifier", qualifier);
    return rc;
}

enum sl_err sl_lambda_build_get_layer_version(struct sl_call *call, const char *layer,
                                              long long version, struct sl_error *err)
{
    char num[32];
    enum sl_err rc;

    sl_call_init(call, &sl_service_lambda, "GetLayerVersion");
    rc = need_name(layer, SL_LAMBDA_RES_LAYER, err);
    if (rc)
        return rc;
    if (version < 1)
        return sl_error_set(err, SL_EINVAL, _("%lld is not a layer version number."), version);
    snprintf(call->method, sizeof(call->method), "GET");
    call->idempotent = 1;
    snprintf(num, sizeof(num), "%lld", version);
    rc = sl_buf_append_str(&call->path, "/2018-10-31/layers");
    if (!rc)
        rc = sl_call_path_segment(call, layer);
    if (!rc)
        rc = sl_buf_append_str(&call->path, "/versions");
    if (!rc)
        rc = sl_call_path_segment(call, num);
    return rc;
}

/* ---- Invoke ------------------------------------------------------------------------------------
 */

enum sl_err sl_lambda_check_payload(enum sl_lambda_invocation_type type, size_t len,
                                    struct sl_error *err)
{
    if (type == SL_LAMBDA_INVOKE_EVENT) {
        if (len > SL_LAMBDA_ASYNC_PAYLOAD_MAX)
            return sl_error_set(err, SL_ETOOBIG,
                                _("The payload is %zu bytes; an asynchronous (Event) invocation "
                                  "takes at most %zu bytes (1 MB)."),
                                len, SL_LAMBDA_ASYNC_PAYLOAD_MAX);
        return SL_OK;
    }
    if (len > SL_LAMBDA_SYNC_PAYLOAD_MAX)
        return sl_error_set(err, SL_ETOOBIG,
                            _("The payload is %zu bytes; a synchronous invocation takes at most "
                              "%zu bytes (6 MB)."),
                            len, SL_LAMBDA_SYNC_PAYLOAD_MAX);
    return SL_OK;
}

long sl_lambda_invoke_timeout_ms(int function_timeout_s)
{
    long s = function_timeout_s > 0 ? function_timeout_s : SL_LAMBDA_TIMEOUT_MAX_S;

    return s * 1000L + SL_LAMBDA_TIMEOUT_MARGIN_MS;
}

static const char *invocation_type_name(enum sl_lambda_invocation_type t)
{
    switch (t) {
    case SL_LAMBDA_INVOKE_EVENT:
        return "Event";
    case SL_LAMBDA_INVOKE_DRY_RUN:
        return "DryRun";
    case SL_LAMBDA_INVOKE_SYNC:
    default:
        return "RequestResponse";
    }
}

enum sl_err sl_lambda_build_invoke(struct sl_call *call, const struct sl_lambda_invoke_params *p,
                                   struct sl_error *err)
{
    enum sl_err rc;

    sl_call_init(call, &sl_service_lambda, "Invoke");
    /* Invoke may run the function: once it may have reached AWS, never send it again. */
    call->idempotent = 0;
    rc = need_name(p->function, SL_LAMBDA_RES_FUNCTION, err);
    if (rc)
        return rc;
    if (p->type != SL_LAMBDA_INVOKE_SYNC && p->type != SL_LAMBDA_INVOKE_EVENT &&
        p->type != SL_LAMBDA_INVOKE_DRY_RUN)
        return sl_error_set(err, SL_EINVAL, "%s", _("Unknown invocation type."));
    if (!p->payload && p->payload_len)
        return SL_EINVAL;
    rc = sl_lambda_check_payload(p->type, p->payload_len, err);
    if (rc)
        return rc;
    snprintf(call->method, sizeof(call->method), "POST");
    rc = sl_buf_append_str(&call->path, "/2015-03-31/functions");
    if (!rc)
        rc = sl_call_path_segment(call, p->function);
    if (!rc)
        rc = sl_buf_append_str(&call->path, "/invocations");
    if (!rc && p->qualifier && *p->qualifier)
        rc = sl_call_url_param(call, "Qualifier", p->qualifier);
    if (!rc)
        rc = sl_headers_set(&call->headers, "X-Amz-Invocation-Type", invocation_type_name(p->type));
    if (!rc && p->tail_log && p->type == SL_LAMBDA_INVOKE_SYNC)
        rc = sl_headers_set(&call->headers, "X-Amz-Log-Type", "Tail");
    if (rc)
        return rc;
    if (p->payload_len) {
        call->body_ext = p->payload;
        call->body_ext_len = p->payload_len;
    }
    call->timeout_ms = sl_lambda_invoke_timeout_ms(p->function_timeout_s);
    call->max_response = SL_LAMBDA_INVOKE_RESPONSE_MAX;
    return SL_OK;
}

static enum sl_err dup_header(const struct sl_headers *h, const char *name, char **out)
{
    const char *v = sl_headers_get(h, name);

    *out = NULL;
    if (!v)
        return SL_OK;
    *out = strdup(v);
    return *out ? SL_OK : SL_ENOMEM;
}

void sl_lambda_invoke_result_clear(struct sl_lambda_invoke_result *r)
{
    if (!r)
        return;
    free(r->function_error);
    free(r->executed_version);
    free(r->request_id);
    free(r->payload);
    free(r->log_tail);
    memset(r, 0, sizeof(*r));
}

/* The sentence for a failed function, from its error document when it is one. */
static enum sl_err function_failed(const struct sl_lambda_invoke_result *r, struct sl_error *err)
{
    cJSON *doc = cJSON_ParseWithLength(r->payload, r->payload_len);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(doc, "errorType");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(doc, "errorMessage");

    if (cJSON_IsString(type) && cJSON_IsString(msg))
        sl_error_set(err, SL_EFUNCTION, _("The function returned an error (%s): %s: %s"),
                     r->function_error, type->valuestring, msg->valuestring);
    else if (cJSON_IsString(msg))
        sl_error_set(err, SL_EFUNCTION, _("The function returned an error (%s): %s"),
                     r->function_error, msg->valuestring);
    else
        sl_error_set(err, SL_EFUNCTION, _("The function returned an error (%s)."),
                     r->function_error);
    if (err) {
        err->http_status = r->status;
        if (r->request_id)
            snprintf(err->request_id, sizeof(err->request_id), "%s", r->request_id);
    }
    cJSON_Delete(doc);
    return SL_EFUNCTION;
}

enum sl_err sl_lambda_parse_invoke(struct sl_http_response *resp,
                                   struct sl_lambda_invoke_result *out, struct sl_error *err)
{
    const char *log;
    size_t len;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    out->status = resp->status;
    rc = dup_header(&resp->headers, "X-Amz-Function-Error", &out->function_error);
    if (!rc)
        rc = dup_header(&resp->headers, "X-Amz-Executed-Version", &out->executed_version);
    if (!rc)
        rc = dup_header(&resp->headers, "x-amzn-RequestId", &out->request_id);
    if (rc)
        goto out;
    len = resp->body.len;
    out->payload = sl_buf_take(&resp->body);
    if (!out->payload) {
        rc = SL_ENOMEM;
        goto out;
    }
    out->payload_len = len;
    log = sl_headers_get(&resp->headers, "X-Amz-Log-Result");
    if (log) {
        /* A broken log header does not undo an invocation that happened: drop it. */
        rc = sl_lambda_decode_log_result(log, &out->log_tail, &out->log_tail_len, NULL);
        if (rc == SL_ENOMEM)
            goto out;
        rc = SL_OK;
        if (out->log_tail)
            out->has_report = sl_lambda_parse_report(out->log_tail, &out->report) == SL_OK;
    }
    if (out->function_error && *out->function_error)
        rc = function_failed(out, err);
out:
    if (rc && rc != SL_EFUNCTION)
        sl_lambda_invoke_result_clear(out);
    return rc;
}

struct sl_lambda_invoke {
    struct sl_call call;
    struct sl_client *client;
    char *name; /* function[:qualifier], for sentences */
    struct sl_lambda_invoke_result res;
    sl_lambda_invoke_done_fn done;
    void *ud;
};

static void invoke_call_done(struct sl_call *call, void *ud)
{
    struct sl_lambda_invoke *inv = ud;
    struct sl_error err;
    enum sl_err rc;

    sl_error_clear(&err);
    if (call->rc)
        rc = map_error(call->rc, &call->err, SL_LAMBDA_RES_FUNCTION, inv->name,
                       sl_client_region(inv->client), &err);
    else
        rc = sl_lambda_parse_invoke(&call->resp, &inv->res, &err);
    inv->done(inv, rc, &inv->res, rc ? &err : NULL, inv->ud); /* may free inv */
}

void sl_lambda_invoke_free(struct sl_lambda_invoke **inv)
{
    if (!inv || !*inv)
        return;
    sl_call_cleanup(&(*inv)->call);
    sl_lambda_invoke_result_clear(&(*inv)->res);
    free((*inv)->name);
    free(*inv);
    *inv = NULL;
}

enum sl_err sl_lambda_invoke_start(struct sl_client *c, const struct sl_lambda_invoke_params *p,
                                   sl_lambda_invoke_done_fn done, void *ud,
                                   struct sl_lambda_invoke **out, struct sl_error *err)
{
    struct sl_lambda_invoke *inv;
    enum sl_err rc;

    *out = NULL;
    inv = calloc(1, sizeof(*inv));
    if (!inv)
        return SL_ENOMEM;
    rc = sl_lambda_build_invoke(&inv->call, p, err);
    if (rc)
        goto out;
    inv->name = qualified_name(p->function, p->qualifier);
    if (!inv->name) {
        rc = SL_ENOMEM;
        goto out;
    }
    inv->client = c;
    inv->done = done;
    inv->ud = ud;
    inv->call.done = invoke_call_done;
    inv->call.ud = inv;
    rc = sl_client_send(c, &inv->call);
    if (rc && err && inv->call.err.message[0])
        *err = inv->call.err;
out:
    if (rc)
        sl_lambda_invoke_free(&inv);
    *out = inv;
    return rc;
}

void sl_lambda_invoke_cancel(struct sl_lambda_invoke *inv)
{
    if (inv)
        sl_client_cancel(inv->client, &inv->call);
}

enum sl_err sl_lambda_invoke(struct sl_client *c, const struct sl_lambda_invoke_params *p,
                             struct sl_lambda_invoke_result *out, struct sl_error *err)
{
    struct sl_call call;
    char *name = NULL;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    rc = sl_lambda_build_invoke(&call, p, err);
    if (rc)
        goto out;
    rc = sl_client_call_sync(c, &call);
    if (rc) {
        name = qualified_name(p->function, p->qualifier);
        rc = map_error(rc, &call.err, SL_LAMBDA_RES_FUNCTION, name ? name : p->function,
                       sl_client_region(c), err);
        goto out;
    }
    rc = sl_lambda_parse_invoke(&call.resp, out, err);
out:
    free(name);
    sl_call_cleanup(&call);
    return rc;
}

/* ---- PublishLayerVersion ------------------------------------------------------------------------
 */

/* Characters, not bytes: UTF-8 continuation bytes are not counted. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* A JSON string literal of s appended to b. */
static enum sl_err json_string(struct sl_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    enum sl_err rc = sl_buf_append(b, "\"", 1);
    const char *run = s;

    for (; !rc && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        char esc[7];
        size_t n = 2;

        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        rc = sl_buf_append(b, run, (size_t)(s - run));
        esc[0] = '\\';
        switch (ch) {
        case '"':
        case '\\':
            esc[1] = (char)ch;
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[ch >> 4];
            esc[5] = hex[ch & 0x0f];
            n = 6;
            break;
        }
        if (!rc)
            rc = sl_buf_append(b, esc, n);
        run = s + 1;
    }
    if (!rc)
        rc = sl_buf_append(b, run, (size_t)(s - run));
    if (!rc)
        rc = sl_buf_append(b, "\"", 1);
    return rc;
}

static enum sl_err json_string_list(struct sl_buf *b, const char *key, const char *const *v,
                                    size_t n)
{
    enum sl_err rc = sl_buf_appendf(b, ",\"%s\":[", key);
    size_t i;

    for (i = 0; !rc && i < n; i++) {
        if (i)
            rc = sl_buf_append(b, ",", 1);
        if (!rc)
            rc = json_string(b, v[i]);
    }
    if (!rc)
        rc = sl_buf_append(b, "]", 1);
    return rc;
}

static size_t base64_len(size_t n)
{
    return (n + 2) / 3 * 4;
}

/* Checks p and writes the JSON around the zip: head ends just before the base64 of the zip
 * (or holds everything but the closing part for S3), tail is the rest. *total is the exact
 * length of the body. */
static enum sl_err publish_prepare(const struct sl_lambda_publish_layer_params *p,
                                   struct sl_buf *head, struct sl_buf *tail, size_t *total,
                                   struct sl_error *err)
{
    int has_zip = p->zip || p->zip_len;
    int has_s3 = p->s3_bucket || p->s3_key || p->s3_object_version;
    enum sl_err rc;
    size_t i;

    *total = 0;
    rc = need_name(p->layer, SL_LAMBDA_RES_LAYER, err);
    if (rc)
        return rc;
    if (has_zip == has_s3 ||
        (has_s3 && (!p->s3_bucket || !*p->s3_bucket || !p->s3_key || !*p->s3_key)))
        return sl_error_set(err, SL_EINVAL, "%s",
                            _("Give the layer content either as a zip file or as an S3 bucket "
                              "and key, not both."));
    if (has_zip && (!p->zip || !p->zip_len))
        return sl_error_set(err, SL_EINVAL, "%s", _("The layer zip file is empty."));
    if (has_zip && p->zip_len > SL_LAMBDA_LAYER_ZIP_MAX)
        return sl_error_set(err, SL_ETOOBIG,
                            _("The zip file is %zu bytes; Lambda takes at most %zu bytes (50 MiB) "
                              "in the request. Upload it to S3 and publish it from there."),
                            p->zip_len, SL_LAMBDA_LAYER_ZIP_MAX);
    if (p->n_compatible_runtimes > SL_LAMBDA_LAYER_RUNTIMES_MAX)
        return sl_error_set(err, SL_EINVAL,
                            _("A layer can name at most %d compatible runtimes, not %zu."),
                            SL_LAMBDA_LAYER_RUNTIMES_MAX, p->n_compatible_runtimes);
    for (i = 0; i < p->n_compatible_runtimes; i++)
        if (!p->compatible_runtimes[i] || !*p->compatible_runtimes[i])
            return sl_error_set(err, SL_EINVAL, "%s", _("A compatible runtime is empty."));
    if (p->n_compatible_architectures > SL_LAMBDA_LAYER_ARCHITECTURES_MAX)
        return sl_error_set(err, SL_EINVAL,
                            _("A layer can name at most %d compatible architectures, not %zu."),
                            SL_LAMBDA_LAYER_ARCHITECTURES_MAX, p->n_compatible_architectures);
    for (i = 0; i < p->n_compatible_architectures; i++) {
        const char *a = p->compatible_architectures[i];
        if (!a || (strcmp(a, "x86_64") != 0 && strcmp(a, "arm64") != 0))
            return sl_error_set(err, SL_EINVAL,
                                _("Unknown architecture \"%s\": use x86_64 or arm64."), a ? a : "");
    }
    if (p->description && utf8_chars(p->description) > SL_LAMBDA_LAYER_DESCRIPTION_MAX)
        return sl_error_set(err, SL_EINVAL,
                            _("The description has %zu characters; at most %d are allowed."),
                            utf8_chars(p->description), SL_LAMBDA_LAYER_DESCRIPTION_MAX);
    if (p->license_info && utf8_chars(p->license_info) > SL_LAMBDA_LAYER_LICENSE_MAX)
        return sl_error_set(err, SL_EINVAL,
                            _("The license information has %zu characters; at most %d are "
                              "allowed."),
                            utf8_chars(p->license_info), SL_LAMBDA_LAYER_LICENSE_MAX);

    /* The order of aws-wire.md §6.2. */
    rc = sl_buf_append_str(head, "{");
    if (!rc && p->description) {
        rc = sl_buf_append_str(head, "\"Description\":");
        if (!rc)
            rc = json_string(head, p->description);
        if (!rc)
            rc = sl_buf_append_str(head, ",");
    }
    if (!rc)
        rc = sl_buf_append_str(head, "\"Content\":{");
    if (!rc && has_zip) {
        rc = sl_buf_append_str(head, "\"ZipFile\":\"");
        if (!rc)
            rc = sl_buf_append_str(tail, "\"");
    } else if (!rc) {
        rc = sl_buf_append_str(tail, "\"S3Bucket\":");
        if (!rc)
            rc = json_string(tail, p->s3_bucket);
        if (!rc)
            rc = sl_buf_append_str(tail, ",\"S3Key\":");
        if (!rc)
            rc = json_string(tail, p->s3_key);
        if (!rc && p->s3_object_version && *p->s3_object_version) {
            rc = sl_buf_append_str(tail, ",\"S3ObjectVersion\":");
            if (!rc)
                rc = json_string(tail, p->s3_object_version);
        }
    }
    if (!rc)
        rc = sl_buf_append_str(tail, "}");
    if (!rc && p->n_compatible_runtimes)
        rc = json_string_list(tail, "CompatibleRuntimes", p->compatible_runtimes,
                              p->n_compatible_runtimes);
    if (!rc && p->n_compatible_architectures)
        rc = json_string_list(tail, "CompatibleArchitectures", p->compatible_architectures,
                              p->n_compatible_architectures);
    if (!rc && p->license_info) {
        rc = sl_buf_append_str(tail, ",\"LicenseInfo\":");
        if (!rc)
            rc = json_string(tail, p->license_info);
    }
    if (!rc)
        rc = sl_buf_append_str(tail, "}");
    if (rc)
        return rc;
    *total = head->len + (has_zip ? base64_len(p->zip_len) : 0) + tail->len;
    if (*total > SL_LAMBDA_LAYER_REQUEST_MAX)
        return sl_error_set(err, SL_ETOOBIG,
                            _("The layer request would be %zu bytes once the zip is encoded; "
                              "Lambda takes at most %zu bytes. Upload the zip to S3 and publish "
                              "it from there."),
                            *total, SL_LAMBDA_LAYER_REQUEST_MAX);
    return SL_OK;
}

enum sl_err sl_lambda_check_publish_layer(const struct sl_lambda_publish_layer_params *p,
                                          struct sl_error *err)
{
    struct sl_buf head, tail;
    size_t total;
    enum sl_err rc;

    sl_buf_init(&head, 64 * 1024);
    sl_buf_init(&tail, 64 * 1024);
    rc = publish_prepare(p, &head, &tail, &total, err);
    sl_buf_free(&head);
    sl_buf_free(&tail);
    return rc;
}

enum sl_err sl_lambda_build_publish_layer(struct sl_call *call,
                                          const struct sl_lambda_publish_layer_params *p,
                                          struct sl_error *err)
{
    struct sl_buf head, tail;
    size_t total = 0;
    enum sl_err rc;

    sl_call_init(call, &sl_service_lambda, "PublishLayerVersion");
    call->idempotent = 0; /* a second request would publish a second version */
    sl_buf_init(&head, 64 * 1024);
    sl_buf_init(&tail, 64 * 1024);
    rc = publish_prepare(p, &head, &tail, &total, err);
    if (rc)
        goto out;
    snprintf(call->method, sizeof(call->method), "POST");
    call->timeout_ms = SL_LAMBDA_PUBLISH_TIMEOUT_MS;
    rc = sl_buf_append_str(&call->path, "/2018-10-31/layers");
    if (!rc)
        rc = sl_call_path_segment(call, p->layer);
    if (!rc)
        rc = sl_buf_append_str(&call->path, "/versions");
    if (rc)
        goto out;
    /* One allocation of the exact size: the zip is encoded straight into it. */
    sl_buf_free(&call->body);
    sl_buf_init(&call->body, total);
    call->body.data = malloc(total + 1);
    if (!call->body.data) {
        rc = SL_ENOMEM;
        goto out;
    }
    call->body.cap = total + 1;
    call->body.data[0] = '\0';
    rc = sl_buf_append(&call->body, head.data, head.len);
    if (!rc && p->zip)
        rc = sl_base64_encode(&call->body, p->zip, p->zip_len);
    if (!rc)
        rc = sl_buf_append(&call->body, tail.data, tail.len);
    if (!rc && call->body.len != total)
        rc = SL_EINVAL;
out:
    sl_buf_free(&head);
    sl_buf_free(&tail);
    return rc;
}

/* ---- synchronous single calls ------------------------------------------------------------ */

enum sl_err sl_lambda_publish_layer_version(struct sl_client *c,
                                            const struct sl_lambda_publish_layer_params *p,
                                            struct sl_lambda_layer_version **out,
                                            struct sl_error *err)
{
    struct sl_call call;
    enum sl_err rc;

    *out = NULL;
    rc = sl_lambda_build_publish_layer(&call, p, err);
    if (rc)
        goto out;
    rc = sl_client_call_sync(c, &call);
    if (rc) {
        rc = map_error(rc, &call.err, SL_LAMBDA_RES_LAYER, p->layer, sl_client_region(c), err);
        goto out;
    }
    rc = sl_lambda_parse_layer_version(call.resp.body.data, call.resp.body.len, out, err);
out:
    sl_call_cleanup(&call);
    return rc;
}

enum sl_err sl_lambda_get_function(struct sl_client *c, const char *function, const char *qualifier,
                                   unsigned flags, struct sl_lambda_function **out,
                                   struct sl_error *err)
{
    struct sl_call call;
    char *name = NULL;
    enum sl_err rc;

    *out = NULL;
    rc = sl_lambda_build_get_function(&call, function, qualifier, err);
    if (rc)
        goto out;
    rc = sl_client_call_sync(c, &call);
    if (rc) {
        name = qualified_name(function, qualifier);
        rc = map_error(rc, &call.err, SL_LAMBDA_RES_FUNCTION, name ? name : function,
                       sl_client_region(c), err);
        goto out;
    }
    rc = sl_lambda_parse_function(call.resp.body.data, call.resp.body.len, flags, out, err);
out:
    free(name);
    sl_call_cleanup(&call);
    return rc;
}

enum sl_err sl_lambda_get_layer_version(struct sl_client *c, const char *layer, long long version,
                                        struct sl_lambda_layer_version **out, struct sl_error *err)
{
    struct sl_call call;
    char name[512];
    enum sl_err rc;

    *out = NULL;
    rc = sl_lambda_build_get_layer_version(&call, layer, version, err);
    if (rc)
        goto out;
    rc = sl_client_call_sync(c, &call);
    if (rc) {
        snprintf(name, sizeof(name), "%s:%lld", layer, version);
        rc = map_error(rc, &call.err, SL_LAMBDA_RES_LAYER_VERSION, name, sl_client_region(c), err);
        goto out;
    }
    rc = sl_lambda_parse_layer_version(call.resp.body.data, call.resp.body.len, out, err);
out:
    sl_call_cleanup(&call);
    return rc;
}

/* ---- listings on the pager ------------------------------------------------------------------- */

struct sl_lambda_list {
    struct sl_pager pager;
    struct sl_lambda_list_params params; /* strings point to the copies below */
    char *name;
    char *function_version;
    char *runtime;
    char *architecture;
    sl_lambda_page_fn on_page;
    sl_lambda_list_done_fn on_done;
    void *ud;
    enum sl_err page_rc; /* set by the collector when it cannot keep a page */
};

static enum sl_err parse_page_kind(enum sl_lambda_list_kind kind, const char *body, size_t len,
                                   struct sl_lambda_page *pg, char **next, struct sl_error *err)
{
    memset(pg, 0, sizeof(*pg));
    pg->kind = kind;
    switch (kind) {
    case SL_LAMBDA_LIST_VERSIONS:
        return sl_lambda_parse_versions_page(body, len, &pg->functions, &pg->n, next, err);
    case SL_LAMBDA_LIST_ALIASES:
        return sl_lambda_parse_aliases_page(body, len, &pg->aliases, &pg->n, next, err);
    case SL_LAMBDA_LIST_LAYERS:
        return sl_lambda_parse_layers_page(body, len, &pg->layers, &pg->n, next, err);
    case SL_LAMBDA_LIST_LAYER_VERSIONS:
        return sl_lambda_parse_layer_versions_page(body, len, &pg->layer_versions, &pg->n, next,
                                                   err);
    case SL_LAMBDA_LIST_FUNCTIONS:
    default:
        return sl_lambda_parse_functions_page(body, len, &pg->functions, &pg->n, next, err);
    }
}

static enum sl_err list_build(struct sl_pager *p, struct sl_call *call, const char *token)
{
    struct sl_lambda_list *l = p->ud;

    return fill_list(call, &l->params, token);
}

static enum sl_err list_parse(struct sl_pager *p, struct sl_call *call, char **next_token,
                              struct sl_error *err)
{
    struct sl_lambda_list *l = p->ud;
    struct sl_lambda_page page;
    enum sl_err rc = parse_page_kind(l->params.kind, call->resp.body.data, call->resp.body.len,
                                     &page, next_token, err);

    if (rc)
        return rc;
    if (l->on_page)
        l->on_page(l, &page, l->ud);
    else
        sl_lambda_page_free(&page);
    if (l->page_rc)
        return sl_error_set(err, l->page_rc, "%s", sl_strerror(l->page_rc));
    return SL_OK;
}

static void list_done(struct sl_pager *p, enum sl_err rc, const struct sl_error *err)
{
    struct sl_lambda_list *l = p->ud;
    struct sl_error mapped;
    enum sl_lambda_resource kind = l->params.kind == SL_LAMBDA_LIST_LAYER_VERSIONS
                                       ? SL_LAMBDA_RES_LAYER
                                       : SL_LAMBDA_RES_FUNCTION;

    sl_error_clear(&mapped);
    if (rc) {
        rc = map_error(rc, err, kind, l->params.name, sl_client_region(p->client), &mapped);
        if (!mapped.message[0])
            snprintf(mapped.message, sizeof(mapped.message), "%s", sl_strerror(rc));
    }
    if (l->on_done)
        l->on_done(l, rc, rc ? &mapped : NULL, l->ud); /* may free l */
}

static enum sl_err dup_opt(const char *s, char **out)
{
    *out = NULL;
    if (!s)
        return SL_OK;
    *out = strdup(s);
    return *out ? SL_OK : SL_ENOMEM;
}

void sl_lambda_list_free(struct sl_lambda_list **l)
{
    if (!l || !*l)
        return;
    sl_pager_cleanup(&(*l)->pager);
    free((*l)->name);
    free((*l)->function_version);
    free((*l)->runtime);
    free((*l)->architecture);
    free(*l);
    *l = NULL;
}

static enum sl_err list_new(struct sl_client *c, const struct sl_lambda_list_params *p,
                            sl_lambda_page_fn on_page, sl_lambda_list_done_fn on_done, void *ud,
                            struct sl_lambda_list **out, struct sl_error *err)
{
    struct sl_lambda_list *l;
    enum sl_err rc;

    *out = NULL;
    rc = check_list(p, err);
    if (rc)
        return rc;
    l = calloc(1, sizeof(*l));
    if (!l)
        return SL_ENOMEM;
    rc = dup_opt(p->name, &l->name);
    if (!rc)
        rc = dup_opt(p->function_version, &l->function_version);
    if (!rc)
        rc = dup_opt(p->compatible_runtime, &l->runtime);
    if (!rc)
        rc = dup_opt(p->compatible_architecture, &l->architecture);
    if (rc)
        goto out;
    l->params = *p;
    l->params.name = l->name;
    l->params.function_version = l->function_version;
    l->params.compatible_runtime = l->runtime;
    l->params.compatible_architecture = l->architecture;
    l->on_page = on_page;
    l->on_done = on_done;
    l->ud = ud;
    sl_pager_init(&l->pager, c, &sl_service_lambda, list_operation(p->kind));
    l->pager.build = list_build;
    l->pager.parse = list_parse;
    l->pager.done = list_done;
    l->pager.ud = l;
    l->pager.max_pages = p->max_pages > 0 ? p->max_pages : 0;
out:
    if (rc)
        sl_lambda_list_free(&l);
    *out = l;
    return rc;
}

enum sl_err sl_lambda_list_start(struct sl_client *c, const struct sl_lambda_list_params *p,
                                 sl_lambda_page_fn on_page, sl_lambda_list_done_fn on_done,
                                 void *ud, struct sl_lambda_list **out, struct sl_error *err)
{
    struct sl_lambda_list *l = NULL;
    enum sl_err rc = list_new(c, p, on_page, on_done, ud, &l, err);

    if (!rc) {
        rc = sl_pager_start(&l->pager);
        if (rc) {
            if (err && l->pager.call.err.message[0])
                *err = l->pager.call.err;
            sl_lambda_list_free(&l);
        }
    }
    *out = l;
    return rc;
}

void sl_lambda_list_cancel(struct sl_lambda_list *l)
{
    if (l)
        sl_pager_cancel(&l->pager);
}

/* Collects every page of a synchronous listing. */
struct list_collect {
    struct sl_lambda_page all;
    enum sl_err rc;
    struct sl_error err;
};

/* Appends n items of size bytes from src to *dst (which holds dst_n); frees nothing. */
static enum sl_err append_items(void **dst, size_t dst_n, const void *src, size_t n, size_t size)
{
    char *p;

    if (!n)
        return SL_OK;
    if (dst_n + n < dst_n || dst_n + n > SIZE_MAX / size)
        return SL_ENOMEM;
    p = realloc(*dst, (dst_n + n) * size);
    if (!p)
        return SL_ENOMEM;
    memcpy(p + dst_n * size, src, n * size);
    *dst = p;
    return SL_OK;
}

static void collect_page(struct sl_lambda_list *l, struct sl_lambda_page *page, void *ud)
{
    struct list_collect *col = ud;
    void *dst = NULL, *src = NULL;
    size_t size = 0;
    enum sl_err rc;

    switch (page->kind) {
    case SL_LAMBDA_LIST_ALIASES:
        dst = col->all.aliases;
        src = page->aliases;
        size = sizeof(*page->aliases);
        break;
    case SL_LAMBDA_LIST_LAYERS:
        dst = col->all.layers;
        src = page->layers;
        size = sizeof(*page->layers);
        break;
    case SL_LAMBDA_LIST_LAYER_VERSIONS:
        dst = col->all.layer_versions;
        src = page->layer_versions;
        size = sizeof(*page->layer_versions);
        break;
    case SL_LAMBDA_LIST_FUNCTIONS:
    case SL_LAMBDA_LIST_VERSIONS:
    default:
        dst = col->all.functions;
        src = page->functions;
        size = sizeof(*page->functions);
        break;
    }
    rc = append_items(&dst, col->all.n, src, page->n, size);
    if (rc) {
        /* The listing ends with the error (list_parse reports it to the pager). */
        sl_lambda_page_free(page);
        l->page_rc = rc;
        return;
    }
    switch (page->kind) {
    case SL_LAMBDA_LIST_ALIASES:
        col->all.aliases = dst;
        break;
    case SL_LAMBDA_LIST_LAYERS:
        col->all.layers = dst;
        break;
    case SL_LAMBDA_LIST_LAYER_VERSIONS:
        col->all.layer_versions = dst;
        break;
    case SL_LAMBDA_LIST_FUNCTIONS:
    case SL_LAMBDA_LIST_VERSIONS:
    default:
        col->all.functions = dst;
        break;
    }
    col->all.n += page->n;
    free(src); /* the items moved; only the array is left */
    memset(page, 0, sizeof(*page));
}

static void collect_done(struct sl_lambda_list *l, enum sl_err rc, const struct sl_error *err,
                         void *ud)
{
    struct list_collect *col = ud;

    if (rc && !col->rc) {
        col->rc = rc;
        if (err)
            col->err = *err;
    }
}

enum sl_err sl_lambda_list_sync(struct sl_client *c, const struct sl_lambda_list_params *p,
                                struct sl_lambda_page *out, struct sl_error *err)
{
    struct sl_lambda_list *l = NULL;
    struct list_collect col;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    out->kind = p->kind;
    memset(&col, 0, sizeof(col));
    col.all.kind = p->kind;
    rc = list_new(c, p, collect_page, collect_done, &col, &l, err);
    if (rc)
        goto out;
    rc = sl_pager_run_sync(&l->pager, NULL);
    if (col.rc) {
        rc = col.rc;
        if (err) {
            *err = col.err;
            if (!err->message[0])
                snprintf(err->message, sizeof(err->message), "%s", sl_strerror(rc));
        }
    } else if (rc) {
        /* The first page could not be built or sent. */
        if (l->pager.call.err.message[0])
            sl_error_set(err, rc, "%s", l->pager.call.err.message);
        else
            sl_error_set(err, rc, "%s", sl_strerror(rc));
    }
out:
    sl_lambda_list_free(&l);
    if (rc)
        sl_lambda_page_free(&col.all);
    else
        *out = col.all;
    return rc;
}

enum sl_err sl_lambda_list_functions(struct sl_client *c, struct sl_lambda_function **items,
                                     size_t *n, struct sl_error *err)
{
    struct sl_lambda_list_params p = {.kind = SL_LAMBDA_LIST_FUNCTIONS};
    struct sl_lambda_page page;
    enum sl_err rc = sl_lambda_list_sync(c, &p, &page, err);

    *items = page.functions;
    *n = page.n;
    return rc;
}

enum sl_err sl_lambda_list_versions(struct sl_client *c, const char *function,
                                    struct sl_lambda_function **items, size_t *n,
                                    struct sl_error *err)
{
    struct sl_lambda_list_params p = {.kind = SL_LAMBDA_LIST_VERSIONS, .name = function};
    struct sl_lambda_page page;
    enum sl_err rc = sl_lambda_list_sync(c, &p, &page, err);

    *items = page.functions;
    *n = page.n;
    return rc;
}

enum sl_err sl_lambda_list_aliases(struct sl_client *c, const char *function,
                                   struct sl_lambda_alias **items, size_t *n, struct sl_error *err)
{
    struct sl_lambda_list_params p = {.kind = SL_LAMBDA_LIST_ALIASES, .name = function};
    struct sl_lambda_page page;
    enum sl_err rc = sl_lambda_list_sync(c, &p, &page, err);

    *items = page.aliases;
    *n = page.n;
    return rc;
}

enum sl_err sl_lambda_list_layers(struct sl_client *c, const char *compatible_runtime,
                                  const char *compatible_architecture,
                                  struct sl_lambda_layer **items, size_t *n, struct sl_error *err)
{
    struct sl_lambda_list_params p = {.kind = SL_LAMBDA_LIST_LAYERS,
                                      .compatible_runtime = compatible_runtime,
                                      .compatible_architecture = compatible_architecture};
    struct sl_lambda_page page;
    enum sl_err rc = sl_lambda_list_sync(c, &p, &page, err);

    *items = page.layers;
    *n = page.n;
    return rc;
}

enum sl_err sl_lambda_list_layer_versions(struct sl_client *c, const char *layer,
                                          const char *compatible_runtime,
                                          const char *compatible_architecture,
                                          struct sl_lambda_layer_version **items, size_t *n,
                                          struct sl_error *err)
{
    struct sl_lambda_list_params p = {.kind = SL_LAMBDA_LIST_LAYER_VERSIONS,
                                      .name = layer,
                                      .compatible_runtime = compatible_runtime,
                                      .compatible_architecture = compatible_architecture};
    struct sl_lambda_page page;
    enum sl_err rc = sl_lambda_list_sync(c, &p, &page, err);

    *items = page.layer_versions;
    *n = page.n;
    return rc;
}
