/* Lambda (restJson1, aws-wire.md §6): functions, versions, aliases, Invoke and layers.
 *
 * Three levels, from the bottom:
 *  - pure functions: sl_lambda_build_*() fill a struct sl_call, sl_lambda_parse_*() turn an
 *    answer body into plain C structs, sl_lambda_check_*() test limits before anything is sent.
 *    None of them touches the network; tests feed them recorded answers.
 *  - asynchronous: sl_lambda_list_start() pages through a listing with struct sl_pager and
 *    hands every page to a callback as it arrives; sl_lambda_invoke_start() runs Invoke. Other
 *    single calls go async with build + sl_client_send() + parse + sl_lambda_call_error().
 *  - synchronous conveniences for one-shots (sl_lambda_list_functions(), ...).
 *
 * Strings in the structs are malloc'ed copies, NULL when AWS sent the field absent or null.
 * Values AWS may extend (Runtime, State, PackageType, ...) are kept as the strings AWS sent. */
#ifndef SL_LAMBDA_H
#define SL_LAMBDA_H

#include <stddef.h>

#include "sl_error.h"

struct sl_client;
struct sl_call;
struct sl_http_response;

/* Limits checked before sending (aws-wire.md §6.1, §6.2). */
#define SL_LAMBDA_SYNC_PAYLOAD_MAX  ((size_t)6291456) /* RequestResponse, DryRun */
#define SL_LAMBDA_ASYNC_PAYLOAD_MAX ((size_t)1048576) /* Event */
/* A function's answer is at most 6 MB; headers and an error document need a little more. */
#define SL_LAMBDA_INVOKE_RESPONSE_MAX     ((size_t)6291456 + 256 * 1024)
#define SL_LAMBDA_TIMEOUT_MAX_S           900   /* a function's Timeout is at most 15 minutes */
#define SL_LAMBDA_TIMEOUT_MARGIN_MS       10000 /* added to the function's Timeout for Invoke */
#define SL_LAMBDA_LAYER_ZIP_MAX           ((size_t)52428800) /* 50 MiB of zip */
#define SL_LAMBDA_LAYER_REQUEST_MAX       ((size_t)69905067) /* the whole JSON body */
#define SL_LAMBDA_LAYER_RUNTIMES_MAX      15
#define SL_LAMBDA_LAYER_ARCHITECTURES_MAX 2
#define SL_LAMBDA_LAYER_DESCRIPTION_MAX   256 /* characters */
#define SL_LAMBDA_LAYER_LICENSE_MAX       512 /* characters */
#define SL_LAMBDA_PAGE_SIZE               50  /* MaxItems: the service caps pages at 50 */

/* ---- plain structs ----------------------------------------------------------------------- */

struct sl_lambda_layer_ref {
    char *arn;           /* layer version ARN */
    long long code_size; /* bytes; -1 when absent */
};

struct sl_lambda_env_var {
    char *name;
    char *value; /* NULL unless SL_LAMBDA_ENV_VALUES was asked for; wiped when freed */
};

struct sl_lambda_tag {
    char *key;
    char *value;
};

/* FunctionConfiguration (ListFunctions, ListVersionsByFunction, GetFunction). Numbers are -1
 * when absent. ListFunctions/ListVersionsByFunction omit State and LastUpdateStatus. */
struct sl_lambda_function {
    char *name;
    char *arn;
    char *runtime; /* NULL for container images */
    char *handler;
    char *role;
    char *description;
    char *version;      /* "$LATEST", "7" */
    char *package_type; /* "Zip", "Image" */
    char *code_sha256;
    char *last_modified;        /* as sent: "2024-05-01T12:00:00.000+0000" */
    long long last_modified_ms; /* parsed; -1 when absent or not understood */
    long long code_size;        /* bytes */
    int timeout_s;
    int memory_mb;
    int ephemeral_storage_mb;
    char **architectures; /* "x86_64", "arm64" */
    size_t n_architectures;
    struct sl_lambda_layer_ref *layers;
    size_t n_layers;
    struct sl_lambda_env_var *env; /* names in AWS's order */
    size_t n_env;
    char *vpc_id;
    char **subnet_ids;
    size_t n_subnet_ids;
    char **security_group_ids;
    size_t n_security_group_ids;
    char *state; /* "Pending", "Active", "Inactive", "Failed", ... */
    char *state_reason;
    char *state_reason_code;
    char *last_update_status; /* "Successful", "Failed", "InProgress" */
    char *last_update_status_reason;
    char *last_update_status_reason_code;
    char *log_group;  /* LoggingConfig.LogGroup, else "/aws/lambda/<name>" */
    char *log_format; /* "Text", "JSON" */
    char *tracing_mode;
    char *revision_id;
    /* GetFunction only */
    char *code_repository_type; /* "S3", "ECR" */
    char *image_uri;
    struct sl_lambda_tag *tags;
    size_t n_tags;
    int reserved_concurrency; /* Concurrency.ReservedConcurrentExecutions; -1 when none */
};

struct sl_lambda_alias_weight {
    char *version;
    double weight; /* 0..1 */
};

struct sl_lambda_alias {
    char *arn;
    char *name;
    char *function_version;
    char *description;
    char *revision_id;
    struct sl_lambda_alias_weight *weights; /* RoutingConfig.AdditionalVersionWeights */
    size_t n_weights;
};

/* One layer version (ListLayerVersions, GetLayerVersion, PublishLayerVersion, and a layer's
 * LatestMatchingVersion). */
struct sl_lambda_layer_version {
    char *layer_arn; /* for LatestMatchingVersion: copied from the layer */
    char *arn;       /* LayerVersionArn */
    long long version;
    char *description;
    char *created_date;   /* as sent: "2018-11-14T23:03:52.564+0000" */
    long long created_ms; /* parsed; -1 when absent or not understood */
    char **compatible_runtimes;
    size_t n_compatible_runtimes;
    char **compatible_architectures;
    size_t n_compatible_architectures;
    char *license_info;
    /* Content (GetLayerVersion, PublishLayerVersion only) */
    char *content_location; /* presigned download URL, valid 10 minutes: a bearer link, never
                               log it */
    char *content_sha256;
    long long content_size; /* bytes; -1 when absent */
};

struct sl_lambda_layer {
    char *name;
    char *arn;
    struct sl_lambda_layer_version *latest; /* LatestMatchingVersion, NULL when absent */
};

/* Every free function is NULL-safe and clears what it was given. Arrays of n items are freed
 * with their items. */
void sl_lambda_function_free(struct sl_lambda_function **f);
void sl_lambda_functions_free(struct sl_lambda_function **items, size_t n);
void sl_lambda_aliases_free(struct sl_lambda_alias **items, size_t n);
void sl_lambda_layer_version_free(struct sl_lambda_layer_version **lv);
void sl_lambda_layer_versions_free(struct sl_lambda_layer_version **items, size_t n);
void sl_lambda_layers_free(struct sl_lambda_layer **items, size_t n);

/* ---- parsing answers (pure) ---------------------------------------------------------------
 * body need not be NUL-terminated. Absent or null lists are empty, unknown fields are
 * ignored; a wrong type or JSON that is invalid or cut short gives SL_EPARSE and a sentence in
 * err, with nothing returned. *next_marker is a malloc'ed token, or NULL on the last page. */

#define SL_LAMBDA_ENV_VALUES 1u /* also copy environment variable values */

enum sl_err sl_lambda_parse_functions_page(const char *body, size_t len,
                                           struct sl_lambda_function **items, size_t *n,
                                           char **next_marker, struct sl_error *err);
/* ListVersionsByFunction: "Versions". */
enum sl_err sl_lambda_parse_versions_page(const char *body, size_t len,
                                          struct sl_lambda_function **items, size_t *n,
                                          char **next_marker, struct sl_error *err);
enum sl_err sl_lambda_parse_aliases_page(const char *body, size_t len,
                                         struct sl_lambda_alias **items, size_t *n,
                                         char **next_marker, struct sl_error *err);
enum sl_err sl_lambda_parse_layers_page(const char *body, size_t len,
                                        struct sl_lambda_layer **items, size_t *n,
                                        char **next_marker, struct sl_error *err);
enum sl_err sl_lambda_parse_layer_versions_page(const char *body, size_t len,
                                                struct sl_lambda_layer_version **items, size_t *n,
                                                char **next_marker, struct sl_error *err);
/* GetFunction: Configuration, Code, Tags and Concurrency. flags: SL_LAMBDA_ENV_VALUES. */
enum sl_err sl_lambda_parse_function(const char *body, size_t len, unsigned flags,
                                     struct sl_lambda_function **out, struct sl_error *err);
/* GetLayerVersion and PublishLayerVersion. */
enum sl_err sl_lambda_parse_layer_version(const char *body, size_t len,
                                          struct sl_lambda_layer_version **out,
                                          struct sl_error *err);

/* The REPORT line of an invocation, from a log tail in text or JSON log format. */
struct sl_lambda_report {
    char request_id[64];
    double duration_ms;
    long long billed_duration_ms;
    int memory_size_mb;
    int max_memory_used_mb;
    double init_duration_ms; /* cold starts only */
    int has_init_duration;
    char status[32]; /* "timeout", "error", ... when the line says; "" otherwise */
};

/* Finds the last REPORT line of log (NUL-terminated) and fills out. SL_OK, SL_ENOTFOUND when
 * there is none, SL_EPARSE when one is there but lacks a required field. */
enum sl_err sl_lambda_parse_report(const char *log, struct sl_lambda_report *out);

/* Decodes an X-Amz-Log-Result header (base64) into *out (malloc'ed, NUL-terminated, *out_len
 * bytes, which may include NULs). SL_EPARSE and a sentence when it is not base64. */
enum sl_err sl_lambda_decode_log_result(const char *b64, char **out, size_t *out_len,
                                        struct sl_error *err);

/* ---- listings --------------------------------------------------------------------------- */

enum sl_lambda_list_kind {
    SL_LAMBDA_LIST_FUNCTIONS,      /* ListFunctions */
    SL_LAMBDA_LIST_VERSIONS,       /* ListVersionsByFunction (name) */
    SL_LAMBDA_LIST_ALIASES,        /* ListAliases (name) */
    SL_LAMBDA_LIST_LAYERS,         /* ListLayers */
    SL_LAMBDA_LIST_LAYER_VERSIONS, /* ListLayerVersions (name) */
};

struct sl_lambda_list_params {
    enum sl_lambda_list_kind kind;
    const char *name;                    /* the function or layer of the last three kinds */
    const char *function_version;        /* aliases: only those routing to this version; or NULL */
    const char *compatible_runtime;      /* layers, layer versions: a filter, or NULL */
    const char *compatible_architecture; /* layers, layer versions: a filter, or NULL */
    int max_pages;                       /* 0: every page */
};

/* Initialises call (sl_call_init) and fills it for the page after marker (NULL: the first).
 * The caller runs sl_call_cleanup(call) whatever the result. */
enum sl_err sl_lambda_build_list(struct sl_call *call, const struct sl_lambda_list_params *p,
                                 const char *marker, struct sl_error *err);

/* One page; the callee owns the items from then on and frees them with the matching
 * sl_lambda_*_free(). Exactly one pointer is set, by kind: functions for FUNCTIONS and
 * VERSIONS, aliases, layers or layer_versions otherwise (it may be NULL when n is 0). */
struct sl_lambda_page {
    enum sl_lambda_list_kind kind;
    struct sl_lambda_function *functions;
    struct sl_lambda_alias *aliases;
    struct sl_lambda_layer *layers;
    struct sl_lambda_layer_version *layer_versions;
    size_t n;
};
/* Frees whatever the page still holds. */
void sl_lambda_page_free(struct sl_lambda_page *page);

struct sl_lambda_list;
typedef void (*sl_lambda_page_fn)(struct sl_lambda_list *l, struct sl_lambda_page *page, void *ud);
/* Called once at the end: SL_OK after the last page, else the failure (err not NULL then).
 * May free the listing. */
typedef void (*sl_lambda_list_done_fn)(struct sl_lambda_list *l, enum sl_err rc,
                                       const struct sl_error *err, void *ud);

/* Starts a paged listing on the non-blocking client; on_page and on_done run from
 * sl_client_run(). On failure nothing was sent and *out is NULL. */
enum sl_err sl_lambda_list_start(struct sl_client *c, const struct sl_lambda_list_params *p,
                                 sl_lambda_page_fn on_page, sl_lambda_list_done_fn on_done,
                                 void *ud, struct sl_lambda_list **out, struct sl_error *err);
/* Stops it: on_done runs with SL_ECANCELLED from the next sl_client_run(). */
void sl_lambda_list_cancel(struct sl_lambda_list *l);
/* Only once on_done has run (or from inside it). NULL-safe, clears the pointer. */
void sl_lambda_list_free(struct sl_lambda_list **l);

/* Synchronous: every page collected into one array (free with the matching *_free()). */
enum sl_err sl_lambda_list_functions(struct sl_client *c, struct sl_lambda_function **items,
                                     size_t *n, struct sl_error *err);
enum sl_err sl_lambda_list_versions(struct sl_client *c, const char *function,
                                    struct sl_lambda_function **items, size_t *n,
                                    struct sl_error *err);
enum sl_err sl_lambda_list_aliases(struct sl_client *c, const char *function,
                                   struct sl_lambda_alias **items, size_t *n, struct sl_error *err);
enum sl_err sl_lambda_list_layers(struct sl_client *c, const char *compatible_runtime,
                                  const char *compatible_architecture,
                                  struct sl_lambda_layer **items, size_t *n, struct sl_error *err);
enum sl_err sl_lambda_list_layer_versions(struct sl_client *c, const char *layer,
                                          const char *compatible_runtime,
                                          const char *compatible_architecture,
                                          struct sl_lambda_layer_version **items, size_t *n,
                                          struct sl_error *err);
/* Any listing into a page struct (every page appended), for callers that pick the kind. */
enum sl_err sl_lambda_list_sync(struct sl_client *c, const struct sl_lambda_list_params *p,
                                struct sl_lambda_page *out, struct sl_error *err);

/* ---- single calls -------------------------------------------------------------------------- */

/* What a failed call was about, for the "not found" sentence. */
enum sl_lambda_resource {
    SL_LAMBDA_RES_FUNCTION,
    SL_LAMBDA_RES_LAYER,
    SL_LAMBDA_RES_LAYER_VERSION,
};

/* Turns a failed call into the result for a person: copies call->err into err and, for
 * ResourceNotFoundException or a 404, returns SL_ENOTFOUND with a sentence such as
 * "The function "x" was not found in us-east-1." (region may be NULL). Returns call->rc
 * otherwise (SL_EAWS, SL_ENET, ...). */
enum sl_err sl_lambda_call_error(const struct sl_call *call, enum sl_lambda_resource kind,
                                 const char *name, const char *region, struct sl_error *err);

/* GetFunction; qualifier (version or alias) may be NULL. */
enum sl_err sl_lambda_build_get_function(struct sl_call *call, const char *function,
                                         const char *qualifier, struct sl_error *err);
enum sl_err sl_lambda_get_function(struct sl_client *c, const char *function, const char *qualifier,
                                   unsigned flags, struct sl_lambda_function **out,
                                   struct sl_error *err);

/* GetLayerVersion. */
enum sl_err sl_lambda_build_get_layer_version(struct sl_call *call, const char *layer,
                                              long long version, struct sl_error *err);
enum sl_err sl_lambda_get_layer_version(struct sl_client *c, const char *layer, long long version,
                                        struct sl_lambda_layer_version **out, struct sl_error *err);

/* ---- Invoke ----------------------------------------------------------------------------- */

enum sl_lambda_invocation_type {
    SL_LAMBDA_INVOKE_SYNC,    /* RequestResponse */
    SL_LAMBDA_INVOKE_EVENT,   /* Event: queued, 202 */
    SL_LAMBDA_INVOKE_DRY_RUN, /* DryRun: permission check, 204 */
};

struct sl_lambda_invoke_params {
    const char *function;  /* name, name:qualifier, partial or full ARN */
    const char *qualifier; /* version or alias, or NULL */
    enum sl_lambda_invocation_type type;
    int tail_log;        /* X-Amz-Log-Type: Tail (honoured for SL_LAMBDA_INVOKE_SYNC only) */
    const void *payload; /* not copied: must stay valid until the call is done */
    size_t payload_len;
    int function_timeout_s; /* the function's Timeout when known; 0: 900 s */
};

struct sl_lambda_invoke_result {
    long status;            /* 200, 202, 204 */
    char *function_error;   /* X-Amz-Function-Error ("Unhandled"), NULL when it succeeded */
    char *executed_version; /* X-Amz-Executed-Version */
    char *request_id;
    char *payload; /* the function's answer (or error document), NUL-terminated; never NULL */
    size_t payload_len;
    char *log_tail; /* decoded X-Amz-Log-Result: the last 4 KB of the log, or NULL */
    size_t log_tail_len;
    struct sl_lambda_report report; /* from log_tail */
    int has_report;
};
void sl_lambda_invoke_result_clear(struct sl_lambda_invoke_result *r);

/* SL_ETOOBIG with a sentence when len passes the limit of the invocation type. */
enum sl_err sl_lambda_check_payload(enum sl_lambda_invocation_type type, size_t len,
                                    struct sl_error *err);
/* The call's timeout: the function's own Timeout (900 s when unknown) plus 10 s. */
long sl_lambda_invoke_timeout_ms(int function_timeout_s);
/* Checks the payload, initialises call and fills it: never sent twice (not idempotent). */
enum sl_err sl_lambda_build_invoke(struct sl_call *call, const struct sl_lambda_invoke_params *p,
                                   struct sl_error *err);
/* Reads a 2xx answer into out (zeroed first); the body is moved out of resp, not copied.
 * SL_EFUNCTION with a sentence when the function failed (X-Amz-Function-Error): out is filled
 * all the same. A log tail that is not base64 is dropped. */
enum sl_err sl_lambda_parse_invoke(struct sl_http_response *resp,
                                   struct sl_lambda_invoke_result *out, struct sl_error *err);

struct sl_lambda_invoke;
/* res is owned by the invocation (valid until it is freed) and is filled also for
 * SL_EFUNCTION. May free the invocation. */
typedef void (*sl_lambda_invoke_done_fn)(struct sl_lambda_invoke *inv, enum sl_err rc,
                                         struct sl_lambda_invoke_result *res,
                                         const struct sl_error *err, void *ud);
enum sl_err sl_lambda_invoke_start(struct sl_client *c, const struct sl_lambda_invoke_params *p,
                                   sl_lambda_invoke_done_fn done, void *ud,
                                   struct sl_lambda_invoke **out, struct sl_error *err);
/* The function may have run all the same. done runs with SL_ECANCELLED. */
void sl_lambda_invoke_cancel(struct sl_lambda_invoke *inv);
/* Only once done has run (or from inside it). */
void sl_lambda_invoke_free(struct sl_lambda_invoke **inv);
enum sl_err sl_lambda_invoke(struct sl_client *c, const struct sl_lambda_invoke_params *p,
                             struct sl_lambda_invoke_result *out, struct sl_error *err);

/* ---- PublishLayerVersion -------------------------------------------------------------------- */

struct sl_lambda_publish_layer_params {
    const char *layer;        /* name or ARN */
    const char *description;  /* or NULL */
    const char *license_info; /* or NULL */
    const char *const *compatible_runtimes;
    size_t n_compatible_runtimes;
    const char *const *compatible_architectures; /* "x86_64", "arm64" */
    size_t n_compatible_architectures;
    /* the content: either a zip in memory ... */
    const unsigned char *zip;
    size_t zip_len;
    /* ... or an object in S3 (same region as the layer) */
    const char *s3_bucket;
    const char *s3_key;
    const char *s3_object_version; /* or NULL */
};

/* Limits of §6.2 before anything is built: SL_EINVAL or SL_ETOOBIG with a sentence. */
enum sl_err sl_lambda_check_publish_layer(const struct sl_lambda_publish_layer_params *p,
                                          struct sl_error *err);
/* Checks, initialises call and writes the JSON body once into a buffer of its exact size
 * (the zip is base64-encoded straight into it). Not idempotent. */
enum sl_err sl_lambda_build_publish_layer(struct sl_call *call,
                                          const struct sl_lambda_publish_layer_params *p,
                                          struct sl_error *err);
enum sl_err sl_lambda_publish_layer_version(struct sl_client *c,
                                            const struct sl_lambda_publish_layer_params *p,
                                            struct sl_lambda_layer_version **out,
                                            struct sl_error *err);

#endif
