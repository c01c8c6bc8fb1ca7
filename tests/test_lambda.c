/* Lambda client: parsers on recorded answers (tests/fixtures/lambda), the REPORT line, the
 * log tail, limits checked before sending, and the requests the builders produce. With the
 * real client (not SL_LAMBDA_TEST_STUB_CLIENT) also the paged and Invoke operations end to
 * end over the scripted fake transport. */
#include "config.h"

#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "client.h"
#include "crypto.h"
#include "http.h"
#include "lambda.h"
#include "pager.h"
#include "service.h"
#include "sl_error.h"
#include "test_support.h"

#ifndef SL_LAMBDA_TEST_STUB_CLIENT
#include "aws_config.h"
#include "clock.h"
#include "fake_transport.h"
#include "transport.h"
#endif

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers -------------------------------------------------------------------------------- */

static char *read_fixture(const char *name, size_t *len)
{
    return sl_test_fixture("lambda", name, len);
}

static void assert_str(const char *got, const char *want)
{
    if (!want) {
        ck_assert_msg(got == NULL, "expected NULL, got \"%s\"", got ? got : "");
        return;
    }
    ck_assert_msg(got != NULL, "expected \"%s\", got NULL", want);
    ck_assert_str_eq(got, want);
}

static const char *query_of(const struct sl_call *call)
{
    return sl_buf_str(&call->query);
}

static const char *path_of(const struct sl_call *call)
{
    return sl_buf_str(&call->path);
}

/* ---- ListFunctions ----------------------------------------------------------------------------
 */

static const struct {
    const char *fixture;
    size_t n;
    const char *next;
} function_pages[] = {
    {"list_functions_page1.json", 2, "YWJjZGVmZ2hpams6OnRodW1ibmFpbGVy"},
    {"list_functions_last.json", 1, NULL},
    {"list_functions_empty.json", 0, NULL},
    {"list_functions_unknown.json", 1, NULL}, /* "NextMarker": "" ends too */
};

START_TEST(test_functions_pages)
{
    size_t len, n = 99;
    char *body = read_fixture(function_pages[_i].fixture, &len);
    struct sl_lambda_function *items = NULL;
    char *next = NULL;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_parse_functions_page(body, len, &items, &n, &next, &err), SL_OK);
    ck_assert_uint_eq(n, function_pages[_i].n);
    assert_str(next, function_pages[_i].next);
    if (!n)
        ck_assert_ptr_null(items);
    sl_lambda_functions_free(&items, n);
    ck_assert_ptr_null(items);
    free(next);
    free(body);
}
END_TEST

START_TEST(test_functions_page1_fields)
{
    size_t len, n;
    char *body = read_fixture("list_functions_page1.json", &len);
    struct sl_lambda_function *v = NULL;
    char *next = NULL;

    ck_assert_int_eq(sl_lambda_parse_functions_page(body, len, &v, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    assert_str(v[0].name, "orders-api");
    assert_str(v[0].arn, "arn:aws:lambda:us-east-1:123456789012:function:orders-api");
    assert_str(v[0].runtime, "python3.12");
    assert_str(v[0].handler, "app.handler");
    assert_str(v[0].role, "arn:aws:iam::123456789012:role/orders-api-role");
    assert_str(v[0].description, "Orders REST API");
    assert_str(v[0].version, "$LATEST");
    assert_str(v[0].package_type, "Zip");
    assert_str(v[0].last_modified, "2024-05-01T12:00:00.000+0000");
    ck_assert_int_eq(v[0].last_modified_ms, 1714564800000LL);
    ck_assert_int_eq(v[0].code_size, 5242);
    ck_assert_int_eq(v[0].timeout_s, 30);
    ck_assert_int_eq(v[0].memory_mb, 512);
    ck_assert_int_eq(v[0].ephemeral_storage_mb, 512);
    ck_assert_uint_eq(v[0].n_architectures, 1);
    assert_str(v[0].architectures[0], "arm64");
    ck_assert_uint_eq(v[0].n_layers, 1);
    assert_str(v[0].layers[0].arn, "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps:3");
    ck_assert_int_eq(v[0].layers[0].code_size, 1048576);
    /* Listings give names only. */
    ck_assert_uint_eq(v[0].n_env, 2);
    assert_str(v[0].env[0].name, "TABLE_NAME");
    assert_str(v[0].env[0].value, NULL);
    assert_str(v[0].env[1].name, "LOG_LEVEL");
    assert_str(v[0].env[1].value, NULL);
    assert_str(v[0].log_group, "/aws/lambda/orders-api");
    assert_str(v[0].log_format, "Text");
    assert_str(v[0].tracing_mode, "PassThrough");
    assert_str(v[0].vpc_id, "");
    ck_assert_uint_eq(v[0].n_subnet_ids, 0);
    /* ListFunctions leaves these out (null on the wire). */
    assert_str(v[0].state, NULL);
    assert_str(v[0].last_update_status, NULL);
    ck_assert_int_eq(v[0].reserved_concurrency, -1);
    ck_assert_uint_eq(v[0].n_tags, 0);

    assert_str(v[1].name, "thumbnailer");
    assert_str(v[1].runtime, "nodejs20.x");
    ck_assert_uint_eq(v[1].n_env, 0);
    ck_assert_uint_eq(v[1].n_layers, 0);
    ck_assert_ptr_null(v[1].layers);
    assert_str(v[1].vpc_id, "vpc-0a1b2c3d");
    ck_assert_uint_eq(v[1].n_subnet_ids, 2);
    assert_str(v[1].subnet_ids[1], "subnet-0fedcba9876543210");
    ck_assert_uint_eq(v[1].n_security_group_ids, 1);
    assert_str(v[1].tracing_mode, "Active");
    sl_lambda_functions_free(&v, n);
    free(next);
    free(body);
}
END_TEST

START_TEST(test_functions_last_and_unknown)
{
    size_t len, n;
    char *body = read_fixture("list_functions_last.json", &len);
    struct sl_lambda_function *v = NULL;
    char *next = NULL;

    ck_assert_int_eq(sl_lambda_parse_functions_page(body, len, &v, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(next);
    assert_str(v[0].package_type, "Image");
    assert_str(v[0].runtime, NULL);
    assert_str(v[0].handler, NULL);
    ck_assert_int_eq(v[0].timeout_s, 900);
    ck_assert_int_eq(v[0].ephemeral_storage_mb, 10240);
    assert_str(v[0].log_group, "/shared/renderers"); /* a custom group wins */
    assert_str(v[0].log_format, "JSON");
    assert_str(v[0].vpc_id, NULL);
    sl_lambda_functions_free(&v, n);
    free(body);

    body = read_fixture("list_functions_unknown.json", &len);
    ck_assert_int_eq(sl_lambda_parse_functions_page(body, len, &v, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(next);
    assert_str(v[0].runtime, "python9.99-preview"); /* unknown values kept as sent */
    assert_str(v[0].state, "Hibernating");
    assert_str(v[0].last_update_status, "Queued");
    assert_str(v[0].description, "runs at night \xc3\xbc"
                                 "ber alles");
    ck_assert_uint_eq(v[0].n_architectures, 2); /* the null entry is skipped */
    assert_str(v[0].architectures[1], "riscv64");
    assert_str(v[0].log_group, "/aws/lambda/legacy-cron"); /* the default group */
    assert_str(v[0].log_format, NULL);
    ck_assert_int_eq(v[0].last_modified_ms, 1562202123456LL);
    sl_lambda_functions_free(&v, n);
    free(body);
}
END_TEST

/* ---- malformed answers ------------------------------------------------------------------------
 */

enum which_parser {
    P_FUNCTIONS,
    P_VERSIONS,
    P_ALIASES,
    P_LAYERS,
    P_LAYER_VERSIONS,
    P_FUNCTION,
    P_LV
};

static enum sl_err run_parser(enum which_parser w, const char *body, size_t len, void **items,
                              size_t *n, char **next, struct sl_error *err)
{
    enum sl_err rc = SL_EINVAL;

    *items = NULL;
    *n = 0;
    *next = NULL;
    switch (w) {
    case P_FUNCTIONS: {
        struct sl_lambda_function *v = (void *)1;
        rc = sl_lambda_parse_functions_page(body, len, &v, n, next, err);
        *items = v;
        break;
    }
    case P_VERSIONS: {
        struct sl_lambda_function *v = (void *)1;
        rc = sl_lambda_parse_versions_page(body, len, &v, n, next, err);
        *items = v;
        break;
    }
    case P_ALIASES: {
        struct sl_lambda_alias *v = (void *)1;
        rc = sl_lambda_parse_aliases_page(body, len, &v, n, next, err);
        *items = v;
        break;
    }
    case P_LAYERS: {
        struct sl_lambda_layer *v = (void *)1;
        rc = sl_lambda_parse_layers_page(body, len, &v, n, next, err);
        *items = v;
        break;
    }
    case P_LAYER_VERSIONS: {
        struct sl_lambda_layer_version *v = (void *)1;
        rc = sl_lambda_parse_layer_versions_page(body, len, &v, n, next, err);
        *items = v;
        break;
    }
    case P_FUNCTION: {
        struct sl_lambda_function *f = (void *)1;
        rc = sl_lambda_parse_function(body, len, SL_LAMBDA_ENV_VALUES, &f, err);
        *items = f;
        break;
    }
    case P_LV: {
        struct sl_lambda_layer_version *lv = (void *)1;
        rc = sl_lambda_parse_layer_version(body, len, &lv, err);
        *items = lv;
        break;
    }
    }
    return rc;
}

static const struct {
    enum which_parser parser;
    const char *fixture; /* or */
    const char *body;
    const char *in_message;
} bad_answers[] = {
    {P_FUNCTIONS, "truncated.json", NULL, "not valid JSON"},
    {P_FUNCTIONS, "wrong_functions_not_array.json", NULL, "Functions is not a list"},
    {P_FUNCTIONS, "wrong_memorysize_string.json", NULL, "Functions[0].MemorySize is not a number"},
    {P_FUNCTIONS, NULL, "", "empty"},
    {P_FUNCTIONS, NULL, "{", "not valid JSON"},
    {P_FUNCTIONS, NULL, "[]", "not a JSON object"},
    {P_FUNCTIONS, NULL, "null", "not a JSON object"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[1]}", "Functions[0] is not an object"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[{\"FunctionName\":7}]}", "FunctionName is not a string"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[{\"FunctionName\":\"a\"},{\"Timeout\":1e20}]}",
     "Functions[1].Timeout is out of range"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[{\"Layers\":{}}]}", "Functions[0].Layers is not a list"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[{\"Layers\":[{\"Arn\":[]}]}]}",
     "Functions[0].Layers[0].Arn is not a string"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[{\"Architectures\":[\"x86_64\",3]}]}",
     "Functions[0].Architectures[1] is not a string"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[{\"Environment\":{\"Variables\":[]}}]}",
     "Environment.Variables is not an object"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[{\"Environment\":\"x\"}]}",
     "Functions[0].Environment is not an object"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[{\"Environment\":{\"Variables\":{\"K\":1}}}]}",
     "Environment.Variables.K is not a string"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[],\"NextMarker\":5}", "NextMarker is not a string"},
    {P_FUNCTIONS, NULL, "{\"Functions\":[{\"FunctionName\":\"a\"}],\"NextMarker\":{}}",
     "NextMarker is not a string"},
    {P_VERSIONS, NULL, "{\"Versions\":\"none\"}", "Versions is not a list"},
    {P_ALIASES, NULL,
     "{\"Aliases\":[{\"Name\":\"live\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{\"2\":"
     "\"0.5\"}}}]}",
     "AdditionalVersionWeights.2 is not a number"},
    {P_ALIASES, NULL,
     "{\"Aliases\":[{\"RoutingConfig\":{\"AdditionalVersionWeights\":{\"2\":1.5}}}]}",
     "out of range"},
    {P_LAYERS, NULL, "{\"Layers\":[{\"LayerName\":\"x\",\"LatestMatchingVersion\":[]}]}",
     "Layers[0].LatestMatchingVersion is not an object"},
    {P_LAYERS, NULL, "{\"Layers\":[{\"LatestMatchingVersion\":{\"Version\":\"3\"}}]}",
     "Layers[0].LatestMatchingVersion.Version is not a number"},
    {P_LAYER_VERSIONS, NULL, "{\"LayerVersions\":[{\"CompatibleRuntimes\":\"python3.12\"}]}",
     "CompatibleRuntimes is not a list"},
    {P_FUNCTION, NULL, "{\"Code\":{}}", "no function configuration"},
    {P_FUNCTION, NULL, "{\"Configuration\":[]}", "Configuration is not an object"},
    {P_FUNCTION, NULL, "{\"Configuration\":{\"FunctionName\":\"f\"},\"Tags\":{\"team\":1}}",
     "Tags.team is not a string"},
    {P_FUNCTION, NULL,
     "{\"Configuration\":{\"FunctionName\":\"f\"},\"Concurrency\":{"
     "\"ReservedConcurrentExecutions\":\"10\"}}",
     "Concurrency.ReservedConcurrentExecutions is not a number"},
    {P_FUNCTION, NULL, "{\"Configuration\":{\"FunctionName\":\"f\",\"LoggingConfig\":7}}",
     "Configuration.LoggingConfig is not an object"},
    {P_LV, NULL, "{\"Version\":4}", "no LayerVersionArn"},
    {P_LV, NULL, "{\"LayerVersionArn\":\"a\",\"Content\":{\"CodeSize\":\"big\"}}",
     "Content.CodeSize is not a number"},
    {P_LV, NULL, "{\"LayerVersionArn\":\"a\",\"Content\":", "not valid JSON"},
};

START_TEST(test_bad_answers)
{
    char *body;
    size_t len;
    void *items = NULL;
    size_t n = 0;
    char *next = NULL;
    struct sl_error err;
    enum sl_err rc;

    if (bad_answers[_i].fixture) {
        body = read_fixture(bad_answers[_i].fixture, &len);
    } else {
        body = strdup(bad_answers[_i].body);
        len = strlen(body);
    }
    sl_error_clear(&err);
    rc = run_parser(bad_answers[_i].parser, body, len, &items, &n, &next, &err);
    ck_assert_int_eq(rc, SL_EPARSE);
    ck_assert_ptr_null(items);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(next);
    ck_assert_msg(strstr(err.message, bad_answers[_i].in_message) != NULL,
                  "case %d: \"%s\" not in \"%s\"", _i, bad_answers[_i].in_message, err.message);
    free(body);
}
END_TEST

/* Every prefix of a real answer is refused cleanly (no crash, no leak). */
START_TEST(test_every_truncation)
{
    size_t len, cut, n;
    char *body = read_fixture("get_function.json", &len);

    for (cut = 0; cut < len - 1; cut++) {
        struct sl_lambda_function *f = NULL;
        struct sl_lambda_function *v = NULL;
        char *next = NULL;

        ck_assert_int_eq(sl_lambda_parse_function(body, cut, 0, &f, NULL), SL_EPARSE);
        ck_assert_ptr_null(f);
        ck_assert_int_eq(sl_lambda_parse_functions_page(body, cut, &v, &n, &next, NULL), SL_EPARSE);
    }
    free(body);
}
END_TEST

/* ---- GetFunction -------------------------------------------------------------------------------
 */

START_TEST(test_get_function)
{
    size_t len;
    char *body = read_fixture("get_function.json", &len);
    struct sl_lambda_function *f = NULL;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_parse_function(body, len, 0, &f, &err), SL_OK);
    assert_str(f->name, "orders-api");
    assert_str(f->state, "Active");
    assert_str(f->state_reason, NULL);
    assert_str(f->last_update_status, "Failed");
    assert_str(f->last_update_status_reason,
               "The function could not be updated: the subnet has no free IP addresses.");
    assert_str(f->last_update_status_reason_code, "SubnetOutOfIPAddresses");
    ck_assert_uint_eq(f->n_layers, 2);
    assert_str(f->layers[1].arn,
               "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:20");
    ck_assert_int_eq(f->layers[1].code_size, 6181893);
    ck_assert_uint_eq(f->n_architectures, 1);
    assert_str(f->architectures[0], "arm64");
    ck_assert_uint_eq(f->n_env, 3);
    assert_str(f->env[1].name, "DB_PASSWORD");
    assert_str(f->env[1].value, NULL); /* values only on request */
    ck_assert_int_eq(f->reserved_concurrency, 25);
    ck_assert_uint_eq(f->n_tags, 2);
    assert_str(f->tags[0].key, "team");
    assert_str(f->tags[0].value, "payments");
    assert_str(f->tags[1].key, "env");
    assert_str(f->tags[1].value, "prod");
    assert_str(f->log_group, "/aws/lambda/orders-api"); /* LogGroup null: the default */
    assert_str(f->code_repository_type, "S3");
    assert_str(f->image_uri, NULL);
    sl_lambda_function_free(&f);
    ck_assert_ptr_null(f);
    sl_lambda_function_free(&f); /* NULL-safe */
    sl_lambda_function_free(NULL);

    ck_assert_int_eq(sl_lambda_parse_function(body, len, SL_LAMBDA_ENV_VALUES, &f, &err), SL_OK);
    ck_assert_uint_eq(f->n_env, 3);
    assert_str(f->env[0].value, "orders");
    assert_str(f->env[1].value, "hunter2-do-not-log");
    assert_str(f->env[2].value, "info");
    sl_lambda_function_free(&f);
    free(body);

    body = read_fixture("get_function_image.json", &len);
    ck_assert_int_eq(sl_lambda_parse_function(body, len, 0, &f, &err), SL_OK);
    assert_str(f->state, "Pending");
    assert_str(f->state_reason_code, "Creating");
    assert_str(f->last_update_status, "InProgress");
    assert_str(f->code_repository_type, "ECR");
    assert_str(f->image_uri, "123456789012.dkr.ecr.us-east-1.amazonaws.com/renderer:latest");
    ck_assert_int_eq(f->reserved_concurrency, -1);
    ck_assert_uint_eq(f->n_tags, 0);
    ck_assert_uint_eq(f->n_layers, 0);
    ck_assert_int_eq(f->ephemeral_storage_mb, -1);
    sl_lambda_function_free(&f);
    free(body);
}
END_TEST

/* ---- versions, aliases, layers --------------------------------------------------------------- */

START_TEST(test_versions_page)
{
    size_t len, n;
    char *body = read_fixture("list_versions.json", &len);
    struct sl_lambda_function *v = NULL;
    char *next = NULL;

    ck_assert_int_eq(sl_lambda_parse_versions_page(body, len, &v, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_null(next);
    assert_str(v[0].version, "$LATEST");
    assert_str(v[1].version, "7");
    assert_str(v[1].description, "release 7");
    assert_str(v[1].arn, "arn:aws:lambda:us-east-1:123456789012:function:orders-api:7");
    sl_lambda_functions_free(&v, n);
    free(body);
}
END_TEST

START_TEST(test_aliases_page)
{
    size_t len, n;
    char *body = read_fixture("list_aliases.json", &len);
    struct sl_lambda_alias *v = NULL;
    char *next = NULL;

    ck_assert_int_eq(sl_lambda_parse_aliases_page(body, len, &v, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_null(next);
    assert_str(v[0].name, "live");
    assert_str(v[0].arn, "arn:aws:lambda:us-east-1:123456789012:function:orders-api:live");
    assert_str(v[0].function_version, "7");
    assert_str(v[0].description, "production traffic");
    assert_str(v[0].revision_id, "d4e5f6a7-8901-23de-f012-44444EXAMPLE");
    ck_assert_uint_eq(v[0].n_weights, 1);
    assert_str(v[0].weights[0].version, "8");
    ck_assert_double_eq_tol(v[0].weights[0].weight, 0.05, 1e-9);
    assert_str(v[1].name, "staging");
    assert_str(v[1].function_version, "$LATEST");
    ck_assert_uint_eq(v[1].n_weights, 0);
    sl_lambda_aliases_free(&v, n);
    ck_assert_ptr_null(v);
    free(body);
}
END_TEST

START_TEST(test_layers_page)
{
    size_t len, n;
    char *body = read_fixture("list_layers.json", &len);
    struct sl_lambda_layer *v = NULL;
    char *next = NULL;

    ck_assert_int_eq(sl_lambda_parse_layers_page(body, len, &v, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 3);
    assert_str(next, "bGF5ZXJzOjpzaGFycA==");
    assert_str(v[0].name, "shared-deps");
    assert_str(v[0].arn, "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps");
    ck_assert_ptr_nonnull(v[0].latest);
    ck_assert_int_eq(v[0].latest->version, 3);
    assert_str(v[0].latest->arn, "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps:3");
    assert_str(v[0].latest->layer_arn, "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps");
    assert_str(v[0].latest->description, "shared deps");
    assert_str(v[0].latest->license_info, "MIT");
    ck_assert_uint_eq(v[0].latest->n_compatible_runtimes, 2);
    assert_str(v[0].latest->compatible_runtimes[1], "python3.13");
    ck_assert_uint_eq(v[0].latest->n_compatible_architectures, 2);
    assert_str(v[0].latest->compatible_architectures[0], "x86_64");
    ck_assert_int_eq(v[0].latest->created_ms, 1714564800000LL);
    ck_assert_int_eq(v[0].latest->content_size, -1);
    ck_assert_ptr_nonnull(v[1].latest);
    ck_assert_uint_eq(v[1].latest->n_compatible_architectures, 0);
    assert_str(v[1].latest->license_info, NULL);
    ck_assert_int_eq(v[1].latest->version, 12);
    ck_assert_ptr_null(v[2].latest);
    assert_str(v[2].name, "orphan");
    sl_lambda_layers_free(&v, n);
    free(next);
    free(body);
}
END_TEST

START_TEST(test_layer_versions_page)
{
    size_t len, n;
    char *body = read_fixture("list_layer_versions.json", &len);
    struct sl_lambda_layer_version *v = NULL;
    char *next = NULL;

    ck_assert_int_eq(sl_lambda_parse_layer_versions_page(body, len, &v, &n, &next, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_null(next);
    ck_assert_int_eq(v[0].version, 3);
    ck_assert_int_eq(v[1].version, 2);
    assert_str(v[1].arn, "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps:2");
    assert_str(v[1].created_date, "2024-01-15T10:20:30.400+0000");
    ck_assert_int_eq(v[1].created_ms, 1705314030400LL);
    ck_assert_uint_eq(v[1].n_compatible_architectures, 0);
    ck_assert_uint_eq(v[1].n_compatible_runtimes, 1);
    assert_str(v[1].license_info, NULL);
    assert_str(v[1].description, "");
    sl_lambda_layer_versions_free(&v, n);
    free(body);
}
END_TEST

START_TEST(test_publish_answer)
{
    size_t len;
    char *body = read_fixture("publish_layer_version.json", &len);
    struct sl_lambda_layer_version *lv = NULL;

    ck_assert_int_eq(sl_lambda_parse_layer_version(body, len, &lv, NULL), SL_OK);
    assert_str(lv->layer_arn, "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps");
    assert_str(lv->arn, "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps:4");
    ck_assert_int_eq(lv->version, 4);
    assert_str(lv->content_sha256, "tv9jJO+rPbXUUXuRKi7CwHzKtLDkDRJLB3cC3Z/ouXo=");
    ck_assert_int_eq(lv->content_size, 1048576);
    ck_assert_ptr_nonnull(lv->content_location);
    ck_assert(strncmp(lv->content_location, "https://awslambda-us-east-1-layers.", 35) == 0);
    ck_assert_uint_eq(lv->n_compatible_runtimes, 2);
    ck_assert_uint_eq(lv->n_compatible_architectures, 2);
    assert_str(lv->license_info, "MIT");
    ck_assert_int_eq(lv->created_ms, 1714638600123LL);
    sl_lambda_layer_version_free(&lv);
    ck_assert_ptr_null(lv);
    free(body);
}
END_TEST

/* ---- REPORT line and log tail ---------------------------------------------------------------- */

START_TEST(test_report_fixtures)
{
    struct sl_lambda_report r;
    char *log = read_fixture("log_tail_cold.txt", NULL);

    ck_assert_int_eq(sl_lambda_parse_report(log, &r), SL_OK);
    ck_assert_str_eq(r.request_id, "8f5d2e8a-9b1c-4d3e-a5f6-0718293a4b5c");
    ck_assert_double_eq_tol(r.duration_ms, 1234.56, 1e-9);
    ck_assert_int_eq(r.billed_duration_ms, 1235);
    ck_assert_int_eq(r.memory_size_mb, 512);
    ck_assert_int_eq(r.max_memory_used_mb, 187);
    ck_assert_int_eq(r.has_init_duration, 1);
    ck_assert_double_eq_tol(r.init_duration_ms, 456.78, 1e-9);
    ck_assert_str_eq(r.status, "");
    free(log);

    log = read_fixture("log_tail_warm.txt", NULL);
    ck_assert_int_eq(sl_lambda_parse_report(log, &r), SL_OK);
    ck_assert_str_eq(r.request_id, "1c2d3e4f-5a6b-7c8d-9e0f-a1b2c3d4e5f6");
    ck_assert_double_eq_tol(r.duration_ms, 2.05, 1e-9);
    ck_assert_int_eq(r.billed_duration_ms, 3);
    ck_assert_int_eq(r.memory_size_mb, 128);
    ck_assert_int_eq(r.max_memory_used_mb, 71);
    ck_assert_int_eq(r.has_init_duration, 0);
    free(log);

    log = read_fixture("log_tail_json.txt", NULL);
    ck_assert_int_eq(sl_lambda_parse_report(log, &r), SL_OK);
    ck_assert_str_eq(r.request_id, "9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4");
    ck_assert_double_eq_tol(r.duration_ms, 101.5, 1e-9);
    ck_assert_int_eq(r.billed_duration_ms, 102);
    ck_assert_int_eq(r.memory_size_mb, 256);
    ck_assert_int_eq(r.max_memory_used_mb, 90);
    ck_assert_int_eq(r.has_init_duration, 1);
    ck_assert_double_eq_tol(r.init_duration_ms, 300.25, 1e-9);
    ck_assert_str_eq(r.status, "success");
    free(log);
}
END_TEST

static const struct {
    const char *log;
    enum sl_err rc;
    double duration;
    int init; /* has_init_duration */
    const char *status;
} report_cases[] = {
    /* garbage and partial lines */
    {"", SL_ENOTFOUND, 0, 0, ""},
    {"hello\nworld\n", SL_ENOTFOUND, 0, 0, ""},
    {"\x01\x02\xff garbage REPORT RequestId: not at line start", SL_ENOTFOUND, 0, 0, ""},
    {"REPORT RequestId: abc\tDuration: fast ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\t"
     "Max Memory Used: 1 MB",
     SL_EPARSE, 0, 0, ""},
    {"REPORT RequestId: abc\tDuration: 1.00 ms\t", SL_EPARSE, 0, 0, ""},
    {"REPORT RequestId: \tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\t"
     "Max Memory Used: 1 MB",
     SL_EPARSE, 0, 0, ""},
    {"{\"type\":\"platform.report\",\"record\":{\"requestId\":\"r\",\"metrics\":{}}}", SL_EPARSE, 0,
     0, ""},
    {"{\"type\":\"platform.report\",\"record\":", SL_EPARSE, 0, 0, ""},
    /* a line whose tabs became spaces */
    {"REPORT RequestId: 11111111-2222-3333-4444-555555555555 Duration: 3.50 ms Billed "
     "Duration: 4 ms Memory Size: 128 MB Max Memory Used: 64 MB Init Duration: 99.90 ms",
     SL_OK, 3.5, 1, ""},
    /* CRLF, a timeout, SnapStart restore fields, and a later second invocation wins */
    {"REPORT RequestId: a\tDuration: 9.00 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\t"
     "Max Memory Used: 9 MB\t\r\n"
     "REPORT RequestId: b\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\t"
     "Max Memory Used: 40 MB\tRestore Duration: 474.16 ms\tBilled Restore Duration: 440 ms\t"
     "Status: timeout\r\n",
     SL_OK, 3000.0, 0, "timeout"},
    /* a broken look-alike after the real line does not hide it */
    {"REPORT RequestId: r1\tDuration: 5.25 ms\tBilled Duration: 6 ms\tMemory Size: 128 MB\t"
     "Max Memory Used: 9 MB\t\nREPORT RequestId: fake\tDuration: soon\n"
     "{\"msg\":\"platform.report is a word here\"}\n",
     SL_OK, 5.25, 0, ""},
    /* the log tail is cut at 4 KB: a first line that starts in the middle does not count */
    {"ation: 1.00 ms\tBilled Duration: 1 ms\n", SL_ENOTFOUND, 0, 0, ""},
};

START_TEST(test_report_cases)
{
    struct sl_lambda_report r;

    ck_assert_int_eq(sl_lambda_parse_report(report_cases[_i].log, &r), report_cases[_i].rc);
    if (report_cases[_i].rc == SL_OK) {
        ck_assert_double_eq_tol(r.duration_ms, report_cases[_i].duration, 1e-9);
        ck_assert_int_eq(r.has_init_duration, report_cases[_i].init);
        ck_assert_str_eq(r.status, report_cases[_i].status);
        ck_assert(r.request_id[0] != '\0');
    } else {
        ck_assert_str_eq(r.request_id, "");
    }
}
END_TEST

START_TEST(test_report_null)
{
    struct sl_lambda_report r;

    ck_assert_int_eq(sl_lambda_parse_report(NULL, &r), SL_ENOTFOUND);
}
END_TEST

START_TEST(test_log_result)
{
    size_t len, out_len;
    char *log = read_fixture("log_tail_cold.txt", &len);
    struct sl_buf b64;
    char *out = NULL;
    struct sl_error err;
    struct sl_lambda_report r;

    sl_buf_init(&b64, 0);
    ck_assert_int_eq(sl_base64_encode(&b64, log, len), SL_OK);
    ck_assert_int_eq(sl_lambda_decode_log_result(sl_buf_str(&b64), &out, &out_len, NULL), SL_OK);
    ck_assert_uint_eq(out_len, len);
    ck_assert_mem_eq(out, log, len);
    ck_assert_int_eq(out[out_len], '\0');
    ck_assert_int_eq(sl_lambda_parse_report(out, &r), SL_OK);
    ck_assert_int_eq(r.billed_duration_ms, 1235);
    free(out);

    /* A known value: "START\n" */
    ck_assert_int_eq(sl_lambda_decode_log_result(" U1RBUlQK ", &out, &out_len, NULL), SL_OK);
    ck_assert_uint_eq(out_len, 6);
    ck_assert_str_eq(out, "START\n");
    free(out);

    ck_assert_int_eq(sl_lambda_decode_log_result("", &out, &out_len, NULL), SL_OK);
    ck_assert_uint_eq(out_len, 0);
    ck_assert_str_eq(out, "");
    free(out);

    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_decode_log_result("not base64!", &out, &out_len, &err), SL_EPARSE);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(err.message, "X-Amz-Log-Result"));
    ck_assert_int_eq(sl_lambda_decode_log_result("QUJD=", &out, &out_len, NULL), SL_EPARSE);
    sl_buf_free(&b64);
    free(log);
}
END_TEST

/* ---- limits checked before sending ----------------------------------------------------------- */

static const struct {
    enum sl_lambda_invocation_type type;
    size_t len;
    enum sl_err rc;
} payload_cases[] = {
    {SL_LAMBDA_INVOKE_SYNC, 0, SL_OK},
    {SL_LAMBDA_INVOKE_SYNC, 6291456, SL_OK},
    {SL_LAMBDA_INVOKE_SYNC, 6291457, SL_ETOOBIG},
    {SL_LAMBDA_INVOKE_DRY_RUN, 6291456, SL_OK},
    {SL_LAMBDA_INVOKE_DRY_RUN, 6291457, SL_ETOOBIG},
    {SL_LAMBDA_INVOKE_EVENT, 1048576, SL_OK},
    {SL_LAMBDA_INVOKE_EVENT, 1048577, SL_ETOOBIG},
    {SL_LAMBDA_INVOKE_EVENT, 6291456, SL_ETOOBIG},
};

START_TEST(test_payload_limits)
{
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_check_payload(payload_cases[_i].type, payload_cases[_i].len, &err),
                     payload_cases[_i].rc);
    if (payload_cases[_i].rc) {
        char want[32];
        snprintf(want, sizeof(want), "%zu bytes", payload_cases[_i].len);
        ck_assert_ptr_nonnull(strstr(err.message, want));
        ck_assert_ptr_nonnull(strstr(
            err.message, payload_cases[_i].type == SL_LAMBDA_INVOKE_EVENT ? "1048576" : "6291456"));
    } else {
        ck_assert_str_eq(err.message, "");
    }
}
END_TEST

START_TEST(test_invoke_timeout)
{
    ck_assert_int_eq(sl_lambda_invoke_timeout_ms(3), 13000);
    ck_assert_int_eq(sl_lambda_invoke_timeout_ms(900), 910000);
    ck_assert_int_eq(sl_lambda_invoke_timeout_ms(0), 910000);
    ck_assert_int_eq(sl_lambda_invoke_timeout_ms(-5), 910000);
}
END_TEST

/* ---- building requests ---------------------------------------------------------------------- */

#define ARN     "arn:aws:lambda:us-east-1:123456789012:function:orders-api"
#define ARN_ENC "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders-api"

static const struct {
    struct sl_lambda_list_params p;
    const char *marker;
    const char *operation;
    const char *path;
    const char *query;
} list_requests[] = {
    {{.kind = SL_LAMBDA_LIST_FUNCTIONS},
     NULL,
     "ListFunctions",
     "/2015-03-31/functions/",
     "MaxItems=50"},
    {{.kind = SL_LAMBDA_LIST_FUNCTIONS},
     "YWJj+/=",
     "ListFunctions",
     "/2015-03-31/functions/",
     "Marker=YWJj%2B%2F%3D&MaxItems=50"},
    {{.kind = SL_LAMBDA_LIST_VERSIONS, .name = ARN},
     NULL,
     "ListVersionsByFunction",
     "/2015-03-31/functions/" ARN_ENC "/versions",
     "MaxItems=50"},
    {{.kind = SL_LAMBDA_LIST_ALIASES, .name = "orders-api", .function_version = "$LATEST"},
     "m",
     "ListAliases",
     "/2015-03-31/functions/orders-api/aliases",
     "FunctionVersion=%24LATEST&Marker=m&MaxItems=50"},
    {{.kind = SL_LAMBDA_LIST_LAYERS,
      .compatible_runtime = "python3.12",
      .compatible_architecture = "arm64"},
     NULL,
     "ListLayers",
     "/2018-10-31/layers",
     "CompatibleRuntime=python3.12&CompatibleArchitecture=arm64&MaxItems=50"},
    {{.kind = SL_LAMBDA_LIST_LAYER_VERSIONS,
      .name = "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps"},
     NULL,
     "ListLayerVersions",
     "/2018-10-31/layers/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Alayer%3Ashared-deps/"
     "versions",
     "MaxItems=50"},
};

START_TEST(test_build_list)
{
    struct sl_call call;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(
        sl_lambda_build_list(&call, &list_requests[_i].p, list_requests[_i].marker, &err), SL_OK);
    ck_assert_ptr_eq(call.svc, &sl_service_lambda);
    ck_assert_str_eq(call.operation, list_requests[_i].operation);
    ck_assert_str_eq(call.method, "GET");
    ck_assert_str_eq(path_of(&call), list_requests[_i].path);
    ck_assert_str_eq(query_of(&call), list_requests[_i].query);
    ck_assert_int_eq(call.idempotent, 1);
    ck_assert_uint_eq(call.body.len, 0);
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_build_list_needs_name)
{
    struct sl_call call;
    struct sl_error err;
    struct sl_lambda_list_params p = {.kind = SL_LAMBDA_LIST_ALIASES};

    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_build_list(&call, &p, NULL, &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "No function name was given.");
    sl_call_cleanup(&call);
    p.kind = SL_LAMBDA_LIST_LAYER_VERSIONS;
    p.name = "";
    ck_assert_int_eq(sl_lambda_build_list(&call, &p, NULL, &err), SL_EINVAL);
    ck_assert_str_eq(err.message, "No layer name was given.");
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_build_get)
{
    struct sl_call call;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_build_get_function(&call, ARN, "$LATEST", &err), SL_OK);
    ck_assert_str_eq(call.operation, "GetFunction");
    ck_assert_str_eq(call.method, "GET");
    ck_assert_str_eq(path_of(&call), "/2015-03-31/functions/" ARN_ENC);
    ck_assert_str_eq(query_of(&call), "Qualifier=%24LATEST");
    ck_assert_int_eq(call.idempotent, 1);
    sl_call_cleanup(&call);

    /* name:qualifier in the path, no query */
    ck_assert_int_eq(sl_lambda_build_get_function(&call, "orders-api:live", NULL, &err), SL_OK);
    ck_assert_str_eq(path_of(&call), "/2015-03-31/functions/orders-api%3Alive");
    ck_assert_str_eq(query_of(&call), "");
    sl_call_cleanup(&call);

    ck_assert_int_eq(sl_lambda_build_get_function(&call, NULL, NULL, &err), SL_EINVAL);
    sl_call_cleanup(&call);

    ck_assert_int_eq(sl_lambda_build_get_layer_version(&call, "shared-deps", 4, &err), SL_OK);
    ck_assert_str_eq(call.operation, "GetLayerVersion");
    ck_assert_str_eq(call.method, "GET");
    ck_assert_str_eq(path_of(&call), "/2018-10-31/layers/shared-deps/versions/4");
    ck_assert_int_eq(call.idempotent, 1);
    sl_call_cleanup(&call);
    ck_assert_int_eq(sl_lambda_build_get_layer_version(&call, "shared-deps", 0, &err), SL_EINVAL);
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_build_invoke)
{
    static const char payload[] = "{\"orderId\":42}";
    struct sl_lambda_invoke_params p = {
        .function = ARN,
        .qualifier = "live",
        .type = SL_LAMBDA_INVOKE_SYNC,
        .tail_log = 1,
        .payload = payload,
        .payload_len = sizeof(payload) - 1,
        .function_timeout_s = 30,
    };
    struct sl_call call;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_build_invoke(&call, &p, &err), SL_OK);
    ck_assert_str_eq(call.operation, "Invoke");
    ck_assert_str_eq(call.method, "POST");
    ck_assert_str_eq(path_of(&call), "/2015-03-31/functions/" ARN_ENC "/invocations");
    ck_assert_str_eq(query_of(&call), "Qualifier=live");
    assert_str(sl_headers_get(&call.headers, "X-Amz-Invocation-Type"), "RequestResponse");
    assert_str(sl_headers_get(&call.headers, "X-Amz-Log-Type"), "Tail");
    ck_assert_int_eq(call.idempotent, 0);
    ck_assert_int_eq(call.timeout_ms, 40000);
    ck_assert_uint_ge(call.max_response, (size_t)6291456);
    ck_assert_uint_le(call.max_response, (size_t)7 * 1024 * 1024);
    ck_assert_ptr_eq(call.body_ext, payload); /* not copied */
    ck_assert_uint_eq(call.body_ext_len, sizeof(payload) - 1);
    sl_call_cleanup(&call);

    /* Event: no log tail, no qualifier, unknown timeout gives 900 s + 10 s */
    p.type = SL_LAMBDA_INVOKE_EVENT;
    p.qualifier = NULL;
    p.function_timeout_s = 0;
    p.function = "orders-api";
    ck_assert_int_eq(sl_lambda_build_invoke(&call, &p, &err), SL_OK);
    ck_assert_str_eq(path_of(&call), "/2015-03-31/functions/orders-api/invocations");
    ck_assert_str_eq(query_of(&call), "");
    assert_str(sl_headers_get(&call.headers, "X-Amz-Invocation-Type"), "Event");
    assert_str(sl_headers_get(&call.headers, "X-Amz-Log-Type"), NULL);
    ck_assert_int_eq(call.timeout_ms, 910000);
    ck_assert_int_eq(call.idempotent, 0);
    sl_call_cleanup(&call);

    p.type = SL_LAMBDA_INVOKE_DRY_RUN;
    p.payload = NULL;
    p.payload_len = 0;
    ck_assert_int_eq(sl_lambda_build_invoke(&call, &p, &err), SL_OK);
    assert_str(sl_headers_get(&call.headers, "X-Amz-Invocation-Type"), "DryRun");
    ck_assert_ptr_null(call.body_ext);
    ck_assert_uint_eq(call.body.len, 0);
    sl_call_cleanup(&call);

    /* Too large for Event: refused before anything is sent, the payload never read. */
    p.type = SL_LAMBDA_INVOKE_EVENT;
    p.payload = payload;
    p.payload_len = SL_LAMBDA_ASYNC_PAYLOAD_MAX + 1;
    ck_assert_int_eq(sl_lambda_build_invoke(&call, &p, &err), SL_ETOOBIG);
    ck_assert_ptr_nonnull(strstr(err.message, "1048577 bytes"));
    sl_call_cleanup(&call);

    p.function = "";
    p.payload_len = 1;
    ck_assert_int_eq(sl_lambda_build_invoke(&call, &p, &err), SL_EINVAL);
    sl_call_cleanup(&call);
}
END_TEST

static const char *const runtimes[] = {"python3.12", "python3.13"};
static const char *const archs[] = {"x86_64", "arm64"};

START_TEST(test_build_publish_zip)
{
    size_t zip_len = 100000 + 1; /* not a multiple of 3: padding */
    unsigned char *zip = malloc(zip_len);
    struct sl_lambda_publish_layer_params p = {
        .layer = "shared-deps",
        .description = "shared deps \"quoted\"\n\xc3\xbc",
        .license_info = "MIT",
        .compatible_runtimes = runtimes,
        .n_compatible_runtimes = 2,
        .compatible_architectures = archs,
        .n_compatible_architectures = 2,
    };
    struct sl_call call;
    struct sl_error err;
    cJSON *doc;
    const cJSON *v, *content;
    struct sl_buf decoded;
    size_t i;
    const char *keys[8];
    size_t nkeys = 0;

    ck_assert_ptr_nonnull(zip);
    memcpy(zip, "PK\x03\x04", 4);
    for (i = 4; i < zip_len; i++)
        zip[i] = (unsigned char)(i * 7 + 3);
    p.zip = zip;
    p.zip_len = zip_len;
    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_build_publish_layer(&call, &p, &err), SL_OK);
    ck_assert_str_eq(call.operation, "PublishLayerVersion");
    ck_assert_str_eq(call.method, "POST");
    ck_assert_str_eq(path_of(&call), "/2018-10-31/layers/shared-deps/versions");
    ck_assert_int_eq(call.idempotent, 0);
    ck_assert_ptr_null(call.body_ext);
    /* one buffer of exactly the right size */
    ck_assert_uint_eq(call.body.cap, call.body.len + 1);

    doc = cJSON_ParseWithLength(call.body.data, call.body.len);
    ck_assert_ptr_nonnull(doc);
    /* the fields and their order of aws-wire.md §6.2 */
    for (v = doc->child; v && nkeys < N_ELEMS(keys); v = v->next)
        keys[nkeys++] = v->string;
    ck_assert_uint_eq(nkeys, 5);
    ck_assert_str_eq(keys[0], "Description");
    ck_assert_str_eq(keys[1], "Content");
    ck_assert_str_eq(keys[2], "CompatibleRuntimes");
    ck_assert_str_eq(keys[3], "CompatibleArchitectures");
    ck_assert_str_eq(keys[4], "LicenseInfo");
    v = cJSON_GetObjectItemCaseSensitive(doc, "Description");
    ck_assert(cJSON_IsString(v));
    ck_assert_str_eq(v->valuestring, p.description);
    content = cJSON_GetObjectItemCaseSensitive(doc, "Content");
    ck_assert(cJSON_IsObject(content));
    ck_assert_int_eq(cJSON_GetArraySize(content), 1);
    v = cJSON_GetObjectItemCaseSensitive(content, "ZipFile");
    ck_assert(cJSON_IsString(v));
    sl_buf_init(&decoded, 0);
    ck_assert_int_eq(sl_base64_decode(&decoded, v->valuestring, strlen(v->valuestring)), SL_OK);
    ck_assert_uint_eq(decoded.len, zip_len);
    ck_assert_mem_eq(decoded.data, zip, zip_len);
    sl_buf_free(&decoded);
    v = cJSON_GetObjectItemCaseSensitive(doc, "CompatibleRuntimes");
    ck_assert(cJSON_IsArray(v));
    ck_assert_int_eq(cJSON_GetArraySize(v), 2);
    ck_assert_str_eq(cJSON_GetArrayItem(v, 0)->valuestring, "python3.12");
    ck_assert_str_eq(cJSON_GetArrayItem(v, 1)->valuestring, "python3.13");
    v = cJSON_GetObjectItemCaseSensitive(doc, "CompatibleArchitectures");
    ck_assert_int_eq(cJSON_GetArraySize(v), 2);
    ck_assert_str_eq(cJSON_GetArrayItem(v, 0)->valuestring, "x86_64");
    ck_assert_str_eq(cJSON_GetArrayItem(v, 1)->valuestring, "arm64");
    v = cJSON_GetObjectItemCaseSensitive(doc, "LicenseInfo");
    ck_assert_str_eq(v->valuestring, "MIT");
    cJSON_Delete(doc);
    sl_call_cleanup(&call);
    free(zip);
}
END_TEST

START_TEST(test_build_publish_s3)
{
    struct sl_lambda_publish_layer_params p = {
        .layer = "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps",
        .s3_bucket = "my-bucket",
        .s3_key = "layers/deps.zip",
        .s3_object_version = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
    };
    struct sl_call call;
    cJSON *doc;
    const cJSON *content;

    ck_assert_int_eq(sl_lambda_build_publish_layer(&call, &p, NULL), SL_OK);
    ck_assert_str_eq(path_of(&call), "/2018-10-31/layers/"
                                     "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Alayer%"
                                     "3Ashared-deps/versions");
    ck_assert_str_eq(call.body.data, "{\"Content\":{\"S3Bucket\":\"my-bucket\",\"S3Key\":\"layers/"
                                     "deps.zip\",\"S3ObjectVersion\":"
                                     "\"3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY\"}}");
    doc = cJSON_ParseWithLength(call.body.data, call.body.len);
    ck_assert_ptr_nonnull(doc);
    content = cJSON_GetObjectItemCaseSensitive(doc, "Content");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(content, "S3Bucket")->valuestring,
                     "my-bucket");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(content, "S3Key")->valuestring,
                     "layers/deps.zip");
    ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(content, "ZipFile"));
    cJSON_Delete(doc);
    sl_call_cleanup(&call);
}
END_TEST

static char long_text[600];
static const char *const too_many_runtimes[16] = {"a", "b", "c", "d", "e", "f", "g", "h",
                                                  "i", "j", "k", "l", "m", "n", "o", "p"};
static const char *const three_archs[] = {"x86_64", "arm64", "x86_64"};
static const char *const bad_arch[] = {"riscv64"};
static const unsigned char tiny_zip[] = "PK";

/* The zip pointer is never read when a limit is passed: a fake length is enough. */
static const struct {
    struct sl_lambda_publish_layer_params p;
    int long_description; /* description of this many characters */
    int long_license;
    enum sl_err rc;
    const char *in_message;
} publish_checks[] = {
    {{.layer = "l", .zip = tiny_zip, .zip_len = 2}, 0, 0, SL_OK, NULL},
    {{.layer = "", .zip = tiny_zip, .zip_len = 2}, 0, 0, SL_EINVAL, "layer name"},
    {{.layer = "l"}, 0, 0, SL_EINVAL, "either as a zip file"},
    {{.layer = "l", .zip = tiny_zip, .zip_len = 2, .s3_bucket = "b", .s3_key = "k"},
     0,
     0,
     SL_EINVAL,
     "either as a zip file"},
    {{.layer = "l", .s3_bucket = "b"}, 0, 0, SL_EINVAL, "either as a zip file"},
    {{.layer = "l", .s3_bucket = "b", .s3_key = "k"}, 0, 0, SL_OK, NULL},
    {{.layer = "l", .zip = tiny_zip, .zip_len = 52428801}, 0, 0, SL_ETOOBIG, "52428801 bytes"},
    /* 50 MiB exactly passes the zip limit, but its base64 alone passes the request limit */
    {{.layer = "l", .zip = tiny_zip, .zip_len = 52428800}, 0, 0, SL_ETOOBIG, "69905067"},
    {{.layer = "l", .zip = tiny_zip, .zip_len = 52428700}, 0, 0, SL_OK, NULL},
    {{.layer = "l",
      .zip = tiny_zip,
      .zip_len = 2,
      .compatible_runtimes = too_many_runtimes,
      .n_compatible_runtimes = 16},
     0,
     0,
     SL_EINVAL,
     "at most 15 compatible runtimes"},
    {{.layer = "l",
      .zip = tiny_zip,
      .zip_len = 2,
      .compatible_runtimes = too_many_runtimes,
      .n_compatible_runtimes = 15},
     0,
     0,
     SL_OK,
     NULL},
    {{.layer = "l",
      .zip = tiny_zip,
      .zip_len = 2,
      .compatible_architectures = three_archs,
      .n_compatible_architectures = 3},
     0,
     0,
     SL_EINVAL,
     "at most 2 compatible architectures"},
    {{.layer = "l",
      .zip = tiny_zip,
      .zip_len = 2,
      .compatible_architectures = bad_arch,
      .n_compatible_architectures = 1},
     0,
     0,
     SL_EINVAL,
     "riscv64"},
    {{.layer = "l", .zip = tiny_zip, .zip_len = 2}, 256, 0, SL_OK, NULL},
    {{.layer = "l", .zip = tiny_zip, .zip_len = 2}, 257, 0, SL_EINVAL, "257 characters"},
    {{.layer = "l", .zip = tiny_zip, .zip_len = 2}, 0, 512, SL_OK, NULL},
    {{.layer = "l", .zip = tiny_zip, .zip_len = 2}, 0, 513, SL_EINVAL, "513 characters"},
};

START_TEST(test_publish_checks)
{
    struct sl_lambda_publish_layer_params p = publish_checks[_i].p;
    char text[2 * sizeof(long_text)];
    struct sl_error err;
    int i, n = publish_checks[_i].long_description + publish_checks[_i].long_license;

    /* two-byte characters: the limit counts characters, not bytes */
    for (i = 0; i < n; i++)
        memcpy(text + 2 * i, "\xc3\xa9", 2);
    text[2 * n] = '\0';
    if (publish_checks[_i].long_description)
        p.description = text;
    if (publish_checks[_i].long_license)
        p.license_info = text;
    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_check_publish_layer(&p, &err), publish_checks[_i].rc);
    if (publish_checks[_i].in_message)
        ck_assert_msg(strstr(err.message, publish_checks[_i].in_message) != NULL,
                      "\"%s\" not in \"%s\"", publish_checks[_i].in_message, err.message);
    if (publish_checks[_i].rc) {
        /* and the builder refuses before allocating the body */
        struct sl_call call;
        ck_assert_int_eq(sl_lambda_build_publish_layer(&call, &p, NULL), publish_checks[_i].rc);
        ck_assert_ptr_null(call.body.data);
        sl_call_cleanup(&call);
    }
}
END_TEST

/* ---- errors and Invoke answers ----------------------------------------------------------------
 */

START_TEST(test_call_error)
{
    struct sl_call call;
    struct sl_error err;

    memset(&call, 0, sizeof(call));
    call.rc = SL_ENOTFOUND;
    call.err.http_status = 404;
    snprintf(call.err.code, sizeof(call.err.code), "ResourceNotFoundException");
    snprintf(call.err.message, sizeof(call.err.message),
             "Function not found: arn:aws:lambda:us-east-1:123456789012:function:x");
    snprintf(call.err.request_id, sizeof(call.err.request_id), "req-1");
    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_call_error(&call, SL_LAMBDA_RES_FUNCTION, "x", "us-east-1", &err),
                     SL_ENOTFOUND);
    ck_assert_str_eq(err.message, "The function \"x\" was not found in us-east-1.");
    ck_assert_str_eq(err.code, "ResourceNotFoundException");
    ck_assert_str_eq(err.request_id, "req-1");
    ck_assert_int_eq(err.http_status, 404);

    ck_assert_int_eq(sl_lambda_call_error(&call, SL_LAMBDA_RES_LAYER, "deps", NULL, &err),
                     SL_ENOTFOUND);
    ck_assert_str_eq(err.message, "The layer \"deps\" was not found.");
    ck_assert_int_eq(
        sl_lambda_call_error(&call, SL_LAMBDA_RES_LAYER_VERSION, "deps:3", "eu-west-1", &err),
        SL_ENOTFOUND);
    ck_assert_str_eq(err.message, "The layer version \"deps:3\" was not found in eu-west-1.");
    ck_assert_int_eq(sl_lambda_call_error(&call, SL_LAMBDA_RES_FUNCTION, "x", "us-east-1", NULL),
                     SL_ENOTFOUND);

    /* Other errors pass through untouched. */
    call.rc = SL_EAWS;
    call.err.http_status = 409;
    snprintf(call.err.code, sizeof(call.err.code), "ResourceConflictException");
    snprintf(call.err.message, sizeof(call.err.message), "The operation cannot be performed.");
    ck_assert_int_eq(sl_lambda_call_error(&call, SL_LAMBDA_RES_FUNCTION, "x", "us-east-1", &err),
                     SL_EAWS);
    ck_assert_str_eq(err.message, "The operation cannot be performed.");
    ck_assert_str_eq(err.code, "ResourceConflictException");

    call.rc = SL_OK;
    ck_assert_int_eq(sl_lambda_call_error(&call, SL_LAMBDA_RES_FUNCTION, "x", "us-east-1", &err),
                     SL_OK);
}
END_TEST

static void response_init(struct sl_http_response *r, long status, const char *body)
{
    memset(r, 0, sizeof(*r));
    r->status = status;
    sl_buf_init(&r->body, 0);
    if (body)
        ck_assert_int_eq(sl_buf_append_str(&r->body, body), SL_OK);
}

START_TEST(test_parse_invoke)
{
    size_t len;
    char *log = read_fixture("log_tail_cold.txt", &len);
    struct sl_buf b64;
    struct sl_http_response resp;
    struct sl_lambda_invoke_result res;
    struct sl_error err;

    sl_buf_init(&b64, 0);
    ck_assert_int_eq(sl_base64_encode(&b64, log, len), SL_OK);
    response_init(&resp, 200, "{\"ok\":true}");
    sl_headers_add(&resp.headers, "x-amzn-RequestId", "8f5d2e8a-9b1c-4d3e-a5f6-0718293a4b5c");
    sl_headers_add(&resp.headers, "X-Amz-Executed-Version", "7");
    sl_headers_add(&resp.headers, "X-Amz-Log-Result", sl_buf_str(&b64));
    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_parse_invoke(&resp, &res, &err), SL_OK);
    ck_assert_int_eq(res.status, 200);
    assert_str(res.function_error, NULL);
    assert_str(res.executed_version, "7");
    assert_str(res.request_id, "8f5d2e8a-9b1c-4d3e-a5f6-0718293a4b5c");
    ck_assert_str_eq(res.payload, "{\"ok\":true}");
    ck_assert_uint_eq(res.payload_len, 11);
    ck_assert_uint_eq(res.log_tail_len, len);
    ck_assert_str_eq(res.log_tail, log);
    ck_assert_int_eq(res.has_report, 1);
    ck_assert_int_eq(res.report.max_memory_used_mb, 187);
    ck_assert_int_eq(res.report.has_init_duration, 1);
    ck_assert_ptr_null(resp.body.data); /* moved, not copied */
    sl_lambda_invoke_result_clear(&res);
    sl_lambda_invoke_result_clear(&res);
    sl_http_response_free(&resp);

    /* A function error is HTTP 200 with X-Amz-Function-Error. */
    response_init(&resp, 200,
                  "{\"errorMessage\":\"division by zero\",\"errorType\":\"ZeroDivisionError\","
                  "\"requestId\":\"r2\",\"stackTrace\":[\"  File \\\"/var/task/app.py\\\"\"]}");
    sl_headers_add(&resp.headers, "X-Amz-Function-Error", "Unhandled");
    sl_headers_add(&resp.headers, "x-amzn-RequestId", "r2");
    sl_headers_add(&resp.headers, "X-Amz-Log-Result", "%%% not base64 %%%");
    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_parse_invoke(&resp, &res, &err), SL_EFUNCTION);
    assert_str(res.function_error, "Unhandled");
    ck_assert_ptr_nonnull(strstr(res.payload, "ZeroDivisionError"));
    ck_assert_ptr_null(res.log_tail); /* the broken log header is dropped */
    ck_assert_int_eq(res.has_report, 0);
    ck_assert_str_eq(err.message,
                     "The function returned an error (Unhandled): ZeroDivisionError: division by "
                     "zero");
    ck_assert_str_eq(err.request_id, "r2");
    sl_lambda_invoke_result_clear(&res);
    sl_http_response_free(&resp);

    /* A function error whose body is not JSON. */
    response_init(&resp, 200, "Task timed out after 3.00 seconds");
    sl_headers_add(&resp.headers, "X-Amz-Function-Error", "Unhandled");
    ck_assert_int_eq(sl_lambda_parse_invoke(&resp, &res, &err), SL_EFUNCTION);
    ck_assert_str_eq(err.message, "The function returned an error (Unhandled).");
    sl_lambda_invoke_result_clear(&res);
    sl_http_response_free(&resp);

    /* Event: 202, no body. */
    response_init(&resp, 202, NULL);
    ck_assert_int_eq(sl_lambda_parse_invoke(&resp, &res, NULL), SL_OK);
    ck_assert_int_eq(res.status, 202);
    ck_assert_ptr_nonnull(res.payload);
    ck_assert_str_eq(res.payload, "");
    ck_assert_uint_eq(res.payload_len, 0);
    sl_lambda_invoke_result_clear(&res);
    sl_http_response_free(&resp);

    sl_buf_free(&b64);
    free(log);
}
END_TEST

START_TEST(test_page_free)
{
    size_t len;
    char *body = read_fixture("list_aliases.json", &len);
    struct sl_lambda_page page;
    char *next = NULL;

    memset(&page, 0, sizeof(page));
    page.kind = SL_LAMBDA_LIST_ALIASES;
    ck_assert_int_eq(sl_lambda_parse_aliases_page(body, len, &page.aliases, &page.n, &next, NULL),
                     SL_OK);
    sl_lambda_page_free(&page);
    ck_assert_ptr_null(page.aliases);
    ck_assert_uint_eq(page.n, 0);
    sl_lambda_page_free(&page);
    sl_lambda_page_free(NULL);
    sl_lambda_functions_free(NULL, 0);
    sl_lambda_aliases_free(NULL, 0);
    sl_lambda_layers_free(NULL, 0);
    sl_lambda_layer_versions_free(NULL, 0);
    sl_lambda_layer_version_free(NULL);
    sl_lambda_invoke_result_clear(NULL);
    free(body);
}
END_TEST

#ifndef SL_LAMBDA_TEST_STUB_CLIENT
/* ---- end to end over the fake transport --------------------------------------------------------
 */

/* Frozen: now 1714564800000, monotonic 1000, random 0 (no backoff delay). */
static struct sl_test_clock fake_clock;

struct harness {
    struct sl_client *client;
    struct sl_transport *t; /* owned by the client */
};

static void harness_init(struct harness *h)
{
    struct sl_client_opts opts;
    struct sl_aws_config *cfg = NULL;
    struct sl_error err;

    setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
    unsetenv("AWS_SESSION_TOKEN");
    unsetenv("AWS_PROFILE");
    unsetenv("AWS_ENDPOINT_URL");
    unsetenv("AWS_ENDPOINT_URL_LAMBDA");
    unsetenv("AWS_MAX_ATTEMPTS");
    unsetenv("AWS_RETRY_MODE");
    sl_error_clear(&err);
    ck_assert_int_eq(sl_aws_config_load_files(&cfg, NULL, NULL, &err), SL_OK);
    memset(&opts, 0, sizeof(opts));
    opts.region = "us-east-1";
    opts.debug_fd = -1;
    opts.clock = sl_test_clock_init(&fake_clock, 1714564800000LL - 1000);
    fake_clock.mono = 1000;
    opts.aws_config = cfg;
    h->t = sl_fake_transport_new();
    opts.transport = h->t;
    ck_assert_msg(sl_client_new(&opts, &h->client, &err) == SL_OK, "%s", err.message);
}

static void harness_free(struct harness *h)
{
    sl_client_free(&h->client);
}

struct page_log {
    int pages;
    int done;
    enum sl_err rc;
    struct sl_error err;
    size_t items;
    char names[8][64];
};

static void on_page(struct sl_lambda_list *l, struct sl_lambda_page *page, void *ud)
{
    struct page_log *pl = ud;
    size_t i;

    ck_assert_int_eq(pl->done, 0);
    ck_assert_int_eq(page->kind, SL_LAMBDA_LIST_FUNCTIONS);
    for (i = 0; i < page->n && pl->items < N_ELEMS(pl->names); i++)
        snprintf(pl->names[pl->items++], sizeof(pl->names[0]), "%s", page->functions[i].name);
    pl->pages++;
    sl_lambda_page_free(page);
}

static void on_done(struct sl_lambda_list *l, enum sl_err rc, const struct sl_error *err, void *ud)
{
    struct page_log *pl = ud;

    pl->done++;
    pl->rc = rc;
    if (err)
        pl->err = *err;
    sl_lambda_list_free(&l); /* allowed from inside */
}

START_TEST(test_list_async_pages)
{
    struct harness h;
    struct page_log pl;
    struct sl_lambda_list *l = NULL;
    struct sl_lambda_list_params p = {.kind = SL_LAMBDA_LIST_FUNCTIONS};
    char *page1 = read_fixture("list_functions_page1.json", NULL);
    char *page2 = read_fixture("list_functions_last.json", NULL);
    const struct sl_fake_request *rq;
    int guard = 0;

    harness_init(&h);
    memset(&pl, 0, sizeof(pl));
    sl_fake_push_http(h.t, 200, "Content-Type: application/json", page1);
    sl_fake_push_http(h.t, 200, "Content-Type: application/json", page2);
    ck_assert_int_eq(sl_lambda_list_start(h.client, &p, on_page, on_done, &pl, &l, NULL), SL_OK);
    ck_assert_ptr_nonnull(l);
    while (!pl.done && guard++ < 100) {
        sl_client_run(h.client, 0, -1);
        if (pl.pages == 1 && !pl.done)
            ck_assert_str_eq(pl.names[0], "orders-api"); /* page 1 is there before the rest */
    }
    ck_assert_int_eq(pl.done, 1);
    ck_assert_int_eq(pl.rc, SL_OK);
    ck_assert_int_eq(pl.pages, 2);
    ck_assert_uint_eq(pl.items, 3);
    ck_assert_str_eq(pl.names[2], "report-renderer");
    ck_assert_uint_eq(sl_fake_request_count(h.t), 2);
    rq = sl_fake_request_at(h.t, 0);
    ck_assert_str_eq(rq->method, "GET");
    ck_assert_str_eq(rq->path, "/2015-03-31/functions/");
    ck_assert_str_eq(rq->query, "MaxItems=50");
    rq = sl_fake_request_at(h.t, 1);
    ck_assert_str_eq(rq->query, "Marker=YWJjZGVmZ2hpams6OnRodW1ibmFpbGVy&MaxItems=50");
    harness_free(&h);
    free(page1);
    free(page2);
}
END_TEST

START_TEST(test_list_sync)
{
    struct harness h;
    struct sl_lambda_function *items = NULL;
    struct sl_lambda_alias *aliases = NULL;
    size_t n = 0;
    struct sl_error err;
    char *page1 = read_fixture("list_functions_page1.json", NULL);
    char *page2 = read_fixture("list_functions_empty.json", NULL);
    char *page3 = read_fixture("list_functions_last.json", NULL);
    char *page2m;

    /* an empty page with a marker is not the end (aws-wire §13.2) */
    page2m = strdup("{\"Functions\":[],\"NextMarker\":\"second\"}");
    harness_init(&h);
    sl_fake_push_http(h.t, 200, NULL, page1);
    sl_fake_push_http(h.t, 200, NULL, page2m);
    sl_fake_push_http(h.t, 200, NULL, page3);
    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_list_functions(h.client, &items, &n, &err), SL_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(items[0].name, "orders-api");
    ck_assert_str_eq(items[1].name, "thumbnailer");
    ck_assert_str_eq(items[2].name, "report-renderer");
    ck_assert_uint_eq(sl_fake_request_count(h.t), 3);
    ck_assert_str_eq(sl_fake_request_at(h.t, 2)->query, "Marker=second&MaxItems=50");
    sl_lambda_functions_free(&items, n);

    /* 404 on a listing of a function's aliases */
    sl_fake_push_http(h.t, 404,
                      "x-amzn-RequestId: 0c9d8e7f\nX-Amzn-ErrorType: ResourceNotFoundException",
                      "{\"Type\":\"User\",\"Message\":\"Function not found: "
                      "arn:aws:lambda:us-east-1:123456789012:function:nope\"}");
    ck_assert_int_eq(sl_lambda_list_aliases(h.client, "nope", &aliases, &n, &err), SL_ENOTFOUND);
    ck_assert_ptr_null(aliases);
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(err.message, "The function \"nope\" was not found in us-east-1.");
    ck_assert_str_eq(err.request_id, "0c9d8e7f");

    /* a broken second page: the first is not handed out alone */
    sl_fake_push_http(h.t, 200, NULL, page1);
    sl_fake_push_http(h.t, 200, NULL, "{\"Functions\":[{\"MemorySize\":\"1\"}]}");
    ck_assert_int_eq(sl_lambda_list_functions(h.client, &items, &n, &err), SL_EPARSE);
    ck_assert_ptr_null(items);
    ck_assert_ptr_nonnull(strstr(err.message, "MemorySize"));
    harness_free(&h);
    free(page1);
    free(page2);
    free(page2m);
    free(page3);
}
END_TEST

START_TEST(test_get_function_sync)
{
    struct harness h;
    struct sl_lambda_function *f = NULL;
    struct sl_lambda_layer_version *lv = NULL;
    struct sl_error err;
    char *body = read_fixture("get_function.json", NULL);
    char *pub = read_fixture("publish_layer_version.json", NULL);
    const struct sl_fake_request *rq;
    struct sl_lambda_publish_layer_params pp = {
        .layer = "shared-deps", .zip = (const unsigned char *)"PK\x03\x04", .zip_len = 4};

    harness_init(&h);
    sl_fake_push_http(h.t, 200, NULL, body);
    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_get_function(h.client, ARN, "7", 0, &f, &err), SL_OK);
    ck_assert_str_eq(f->state, "Active");
    rq = sl_fake_last_request(h.t);
    ck_assert_str_eq(rq->path, "/2015-03-31/functions/" ARN_ENC);
    ck_assert_str_eq(rq->query, "Qualifier=7");
    sl_lambda_function_free(&f);

    sl_fake_push_http(h.t, 404, "X-Amzn-ErrorType: ResourceNotFoundException",
                      "{\"Type\":\"User\",\"Message\":\"Function not found\"}");
    ck_assert_int_eq(sl_lambda_get_function(h.client, "gone", "live", 0, &f, &err), SL_ENOTFOUND);
    ck_assert_ptr_null(f);
    ck_assert_str_eq(err.message, "The function \"gone:live\" was not found in us-east-1.");

    /* GET is retried after a 500 */
    sl_fake_push_http(h.t, 500, "X-Amzn-ErrorType: ServiceException", "{\"Message\":\"internal\"}");
    sl_fake_push_http(h.t, 200, NULL, body);
    ck_assert_int_eq(sl_lambda_get_function(h.client, "orders-api", NULL, 0, &f, &err), SL_OK);
    sl_lambda_function_free(&f);

    /* PublishLayerVersion: 201, not retried after a 500 */
    sl_fake_push_http(h.t, 201, NULL, pub);
    ck_assert_int_eq(sl_lambda_publish_layer_version(h.client, &pp, &lv, &err), SL_OK);
    ck_assert_int_eq(lv->version, 4);
    rq = sl_fake_last_request(h.t);
    ck_assert_str_eq(rq->method, "POST");
    ck_assert_str_eq((const char *)rq->body, "{\"Content\":{\"ZipFile\":\"UEsDBA==\"}}");
    sl_lambda_layer_version_free(&lv);
    {
        size_t before = sl_fake_request_count(h.t);
        sl_fake_push_http(h.t, 500, "X-Amzn-ErrorType: ServiceException", "{}");
        sl_fake_push_http(h.t, 201, NULL, pub);
        ck_assert_int_eq(sl_lambda_publish_layer_version(h.client, &pp, &lv, &err), SL_EAWS);
        ck_assert_uint_eq(sl_fake_request_count(h.t), before + 1);
        ck_assert_ptr_null(lv);
        /* the scripted 201 is still there for the next request */
        ck_assert_int_eq(sl_lambda_publish_layer_version(h.client, &pp, &lv, &err), SL_OK);
        sl_lambda_layer_version_free(&lv);
        sl_fake_push_http(h.t, 201, NULL, "{}");
        ck_assert_int_eq(sl_lambda_publish_layer_version(h.client, &pp, &lv, &err), SL_EPARSE);
        ck_assert_ptr_null(lv);
        ck_assert_ptr_nonnull(strstr(err.message, "LayerVersionArn"));
    }
    ck_assert_uint_eq(sl_fake_scripted_left(h.t), 0);
    harness_free(&h);
    free(body);
    free(pub);
}
END_TEST

struct invoke_log {
    int done;
    enum sl_err rc;
    char payload[64];
    char version[16];
    struct sl_error err;
};

static void on_invoke_done(struct sl_lambda_invoke *inv, enum sl_err rc,
                           struct sl_lambda_invoke_result *res, const struct sl_error *err,
                           void *ud)
{
    struct invoke_log *il = ud;

    il->done++;
    il->rc = rc;
    if (res && res->payload)
        snprintf(il->payload, sizeof(il->payload), "%s", res->payload);
    if (res && res->executed_version)
        snprintf(il->version, sizeof(il->version), "%s", res->executed_version);
    if (err)
        il->err = *err;
    sl_lambda_invoke_free(&inv);
}

START_TEST(test_invoke_end_to_end)
{
    struct harness h;
    struct invoke_log il;
    struct sl_lambda_invoke *inv = NULL;
    struct sl_lambda_invoke_result res;
    struct sl_error err;
    static const char payload[] = "{\"orderId\":42}";
    struct sl_lambda_invoke_params p = {.function = "orders-api",
                                        .qualifier = "live",
                                        .type = SL_LAMBDA_INVOKE_SYNC,
                                        .tail_log = 1,
                                        .payload = payload,
                                        .payload_len = sizeof(payload) - 1,
                                        .function_timeout_s = 30};
    const struct sl_fake_request *rq;
    size_t before;
    int guard = 0;

    harness_init(&h);
    memset(&il, 0, sizeof(il));
    sl_fake_push_http(h.t, 200, "X-Amz-Executed-Version: 7\nX-Amz-Log-Result: U1RBUlQK",
                      "{\"total\":99}");
    ck_assert_int_eq(sl_lambda_invoke_start(h.client, &p, on_invoke_done, &il, &inv, NULL), SL_OK);
    while (!il.done && guard++ < 100)
        sl_client_run(h.client, 0, -1);
    ck_assert_int_eq(il.done, 1);
    ck_assert_int_eq(il.rc, SL_OK);
    ck_assert_str_eq(il.payload, "{\"total\":99}");
    ck_assert_str_eq(il.version, "7");
    rq = sl_fake_last_request(h.t);
    ck_assert_str_eq(rq->method, "POST");
    ck_assert_str_eq(rq->path, "/2015-03-31/functions/orders-api/invocations");
    ck_assert_str_eq(rq->query, "Qualifier=live");
    ck_assert_str_eq(sl_headers_get(&rq->headers, "X-Amz-Invocation-Type"), "RequestResponse");
    ck_assert_str_eq(sl_headers_get(&rq->headers, "X-Amz-Log-Type"), "Tail");
    ck_assert_int_eq(rq->timeout_ms, 40000);
    ck_assert_uint_eq(rq->body_len, sizeof(payload) - 1);
    ck_assert_mem_eq(rq->body, payload, sizeof(payload) - 1);

    /* Sync, and never re-sent after a 500 or a read timeout: it may have run. */
    before = sl_fake_request_count(h.t);
    sl_fake_push_http(h.t, 500, "X-Amzn-ErrorType: ServiceException", "{\"Message\":\"boom\"}");
    sl_fake_push_http(h.t, 200, NULL, "{}");
    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_invoke(h.client, &p, &res, &err), SL_EAWS);
    ck_assert_uint_eq(sl_fake_request_count(h.t), before + 1);
    sl_lambda_invoke_result_clear(&res);
    ck_assert_int_eq(sl_lambda_invoke(h.client, &p, &res, &err), SL_OK); /* drains the 200 */
    sl_lambda_invoke_result_clear(&res);
    before = sl_fake_request_count(h.t);
    sl_fake_push_net(h.t, SL_NET_READ_TIMEOUT, "Operation timed out");
    sl_fake_push_http(h.t, 200, NULL, "{}");
    ck_assert_int_ne(sl_lambda_invoke(h.client, &p, &res, &err), SL_OK);
    ck_assert_uint_eq(sl_fake_request_count(h.t), before + 1);
    sl_lambda_invoke_result_clear(&res);
    ck_assert_int_eq(sl_lambda_invoke(h.client, &p, &res, &err), SL_OK);
    sl_lambda_invoke_result_clear(&res);

    /* Not found, with the qualifier in the sentence. */
    sl_fake_push_http(h.t, 404, "X-Amzn-ErrorType: ResourceNotFoundException",
                      "{\"Type\":\"User\",\"Message\":\"Function not found\"}");
    ck_assert_int_eq(sl_lambda_invoke(h.client, &p, &res, &err), SL_ENOTFOUND);
    ck_assert_str_eq(err.message, "The function \"orders-api:live\" was not found in us-east-1.");
    sl_lambda_invoke_result_clear(&res);

    /* A function error. */
    sl_fake_push_http(h.t, 200, "X-Amz-Function-Error: Unhandled",
                      "{\"errorMessage\":\"bad\",\"errorType\":\"ValueError\"}");
    ck_assert_int_eq(sl_lambda_invoke(h.client, &p, &res, &err), SL_EFUNCTION);
    ck_assert_str_eq(res.function_error, "Unhandled");
    sl_lambda_invoke_result_clear(&res);

    /* Too large: nothing is sent. */
    before = sl_fake_request_count(h.t);
    p.payload_len = SL_LAMBDA_SYNC_PAYLOAD_MAX + 1;
    ck_assert_int_eq(sl_lambda_invoke(h.client, &p, &res, &err), SL_ETOOBIG);
    ck_assert_uint_eq(sl_fake_request_count(h.t), before);
    ck_assert_uint_eq(sl_fake_scripted_left(h.t), 0);
    harness_free(&h);
}
END_TEST
START_TEST(test_cancel)
{
    struct harness h;
    struct page_log pl;
    struct invoke_log il;
    struct sl_lambda_list *l = NULL;
    struct sl_lambda_invoke *inv = NULL;
    struct sl_lambda_list_params p = {.kind = SL_LAMBDA_LIST_FUNCTIONS};
    struct sl_lambda_invoke_params ip = {.function = "orders-api"};
    int guard = 0;

    harness_init(&h);
    memset(&pl, 0, sizeof(pl));
    memset(&il, 0, sizeof(il));
    sl_fake_hold(h.t, 1);
    sl_fake_push_http(h.t, 200, NULL, "{\"Functions\":[]}");
    sl_fake_push_http(h.t, 200, NULL, "{}");
    ck_assert_int_eq(sl_lambda_list_start(h.client, &p, on_page, on_done, &pl, &l, NULL), SL_OK);
    ck_assert_int_eq(sl_lambda_invoke_start(h.client, &ip, on_invoke_done, &il, &inv, NULL), SL_OK);
    sl_client_run(h.client, 0, -1);
    ck_assert_int_eq(pl.done + il.done, 0);
    sl_lambda_list_cancel(l);
    sl_lambda_invoke_cancel(inv);
    while ((!pl.done || !il.done) && guard++ < 100)
        sl_client_run(h.client, 0, -1);
    ck_assert_int_eq(pl.done, 1);
    ck_assert_int_eq(pl.rc, SL_ECANCELLED);
    ck_assert_int_eq(pl.pages, 0);
    ck_assert_int_eq(il.done, 1);
    ck_assert_int_eq(il.rc, SL_ECANCELLED);
    harness_free(&h);
}
END_TEST

START_TEST(test_start_refused)
{
    struct harness h;
    struct sl_lambda_list *l = (void *)1;
    struct sl_lambda_invoke *inv = (void *)1;
    struct sl_lambda_list_params p = {.kind = SL_LAMBDA_LIST_VERSIONS};
    struct sl_lambda_invoke_params ip = {.function = "f",
                                         .type = SL_LAMBDA_INVOKE_EVENT,
                                         .payload = "x",
                                         .payload_len = SL_LAMBDA_ASYNC_PAYLOAD_MAX + 1};
    struct sl_error err;

    harness_init(&h);
    sl_error_clear(&err);
    ck_assert_int_eq(sl_lambda_list_start(h.client, &p, on_page, on_done, NULL, &l, &err),
                     SL_EINVAL);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(sl_lambda_invoke_start(h.client, &ip, on_invoke_done, NULL, &inv, &err),
                     SL_ETOOBIG);
    ck_assert_ptr_null(inv);
    ck_assert_uint_eq(sl_fake_request_count(h.t), 0);
    harness_free(&h);
}
END_TEST
#endif /* !SL_LAMBDA_TEST_STUB_CLIENT */

/* ---- suite -------------------------------------------------------------------------------------
 */

static Suite *lambda_suite(void)
{
    Suite *s = suite_create("lambda");
    TCase *tc;

    tc = tcase_create("parse");
    tcase_add_loop_test(tc, test_functions_pages, 0, (int)N_ELEMS(function_pages));
    tcase_add_test(tc, test_functions_page1_fields);
    tcase_add_test(tc, test_functions_last_and_unknown);
    tcase_add_loop_test(tc, test_bad_answers, 0, (int)N_ELEMS(bad_answers));
    tcase_add_test(tc, test_every_truncation);
    tcase_add_test(tc, test_get_function);
    tcase_add_test(tc, test_versions_page);
    tcase_add_test(tc, test_aliases_page);
    tcase_add_test(tc, test_layers_page);
    tcase_add_test(tc, test_layer_versions_page);
    tcase_add_test(tc, test_publish_answer);
    tcase_add_test(tc, test_page_free);
    suite_add_tcase(s, tc);

    tc = tcase_create("invoke");
    tcase_add_test(tc, test_report_fixtures);
    tcase_add_loop_test(tc, test_report_cases, 0, (int)N_ELEMS(report_cases));
    tcase_add_test(tc, test_report_null);
    tcase_add_test(tc, test_log_result);
    tcase_add_loop_test(tc, test_payload_limits, 0, (int)N_ELEMS(payload_cases));
    tcase_add_test(tc, test_invoke_timeout);
    tcase_add_test(tc, test_parse_invoke);
    tcase_add_test(tc, test_call_error);
    suite_add_tcase(s, tc);

    tc = tcase_create("build");
    tcase_add_loop_test(tc, test_build_list, 0, (int)N_ELEMS(list_requests));
    tcase_add_test(tc, test_build_list_needs_name);
    tcase_add_test(tc, test_build_get);
    tcase_add_test(tc, test_build_invoke);
    tcase_add_test(tc, test_build_publish_zip);
    tcase_add_test(tc, test_build_publish_s3);
    tcase_add_loop_test(tc, test_publish_checks, 0, (int)N_ELEMS(publish_checks));
    suite_add_tcase(s, tc);

#ifndef SL_LAMBDA_TEST_STUB_CLIENT
    tc = tcase_create("client");
    tcase_add_test(tc, test_list_async_pages);
    tcase_add_test(tc, test_list_sync);
    tcase_add_test(tc, test_get_function_sync);
    tcase_add_test(tc, test_invoke_end_to_end);
    tcase_add_test(tc, test_cancel);
    tcase_add_test(tc, test_start_refused);
    suite_add_tcase(s, tc);
#endif
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    sr = srunner_create(lambda_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
