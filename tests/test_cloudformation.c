/* CloudFormation: request bodies, parsers on recorded answers (tests/fixtures/cloudformation),
 * status helpers, and the paged operations driven through a fake AWS. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cloudformation.h"
#include "pager.h"
#include "service.h"
#include "test_support.h"
#include "transport.h"
#include "xml.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixtures ---------------------------------------------------------------------------- */

static char *fixture(const char *name, size_t *len)
{
    return sl_test_fixture("cloudformation", name, len);
}

/* ---- fake AWS: answers by Action and NextToken ------------------------------------------ */

struct fake_route {
    const char *action;
    const char *token; /* as sent (percent-encoded); NULL: the first page */
    long status;
    const char *fixture;
};

static const struct fake_route fake_routes[] = {
    {"ListStacks", NULL, 200, "list_stacks_page1.xml"},
    {"ListStacks", "AAEAAS8kDz%2BXw3c1L7p%2Fiq0Gk1XfC7Yp0bdnE2lT5ZqvR9m0%3D", 200,
     "list_stacks_page2.xml"},
    {"DescribeStacks", NULL, 200, "describe_stacks.xml"},
    {"ListStackResources", NULL, 200, "list_resources_page1.xml"},
    {"ListStackResources", "cmVzb3VyY2VzLXBhZ2UtMg%3D%3D", 200, "list_resources_page2.xml"},
    {"DescribeStackEvents", NULL, 200, "describe_events_page1.xml"},
    {"DescribeStackEvents", "ZXZlbnRzLXBhZ2UtMg%3D%3D", 200, "describe_events_page2.xml"},
};

#define FAKE_MAX_REQUESTS 16
static char *fake_requests[FAKE_MAX_REQUESTS];
static int fake_n_requests;

static void fake_reset(void)
{
    int i;

    for (i = 0; i < fake_n_requests; i++)
        free(fake_requests[i]);
    fake_n_requests = 0;
}

/* Records the request and picks the answer: status and fixture body (malloc'ed). */
static char *fake_answer(const char *body, long *status, size_t *len)
{
    char action[64], token[256];
    size_t i;

    ck_assert_int_lt(fake_n_requests, FAKE_MAX_REQUESTS);
    fake_requests[fake_n_requests++] = strdup(body);
    sl_test_form_value(body, "Action", action, sizeof(action));
    sl_test_form_value(body, "NextToken", token, sizeof(token));
    if (!strcmp(action, "DescribeStacks")) {
        char name[256];

        sl_test_form_value(body, "StackName", name, sizeof(name));
        if (!strcmp(name, "nope")) {
            *status = 400;
            return fixture("error_stack_not_found.xml", len);
        }
    }
    for (i = 0; i < NELEM(fake_routes); i++) {
        if (strcmp(fake_routes[i].action, action))
            continue;
        if (fake_routes[i].token ? !strcmp(fake_routes[i].token, token) : !token[0]) {
            *status = fake_routes[i].status;
            return fixture(fake_routes[i].fixture, len);
        }
    }
    ck_abort_msg("no fake answer for %s", body);
    return NULL;
}

/* The real client on a fake transport. */
static struct sl_client *fake_client_new(void)
{
    sl_test_fake_env("AWS_ENDPOINT_URL_CLOUDFORMATION", NULL);
    return sl_test_client_new(sl_test_form_transport_new(fake_answer), NULL);
}

static void fake_client_free(struct sl_client **c)
{
    sl_client_free(c);
}

/* ---- status helpers ---------------------------------------------------------------------- */

static const struct {
    const char *status;
    enum sl_cfn_status_class cls;
    int in_progress;
} status_cases[] = {
    {"CREATE_COMPLETE", SL_CFN_COMPLETE, 0},
    {"UPDATE_COMPLETE", SL_CFN_COMPLETE, 0},
    {"IMPORT_COMPLETE", SL_CFN_COMPLETE, 0},
    {"CREATE_IN_PROGRESS", SL_CFN_IN_PROGRESS, 1},
    {"UPDATE_IN_PROGRESS", SL_CFN_IN_PROGRESS, 1},
    {"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", SL_CFN_IN_PROGRESS, 1},
    {"DELETE_IN_PROGRESS", SL_CFN_IN_PROGRESS, 1},
    {"REVIEW_IN_PROGRESS", SL_CFN_IN_PROGRESS, 1},
    {"IMPORT_IN_PROGRESS", SL_CFN_IN_PROGRESS, 1},
    {"CREATE_FAILED", SL_CFN_FAILED, 0},
    {"UPDATE_FAILED", SL_CFN_FAILED, 0},
    {"DELETE_FAILED", SL_CFN_FAILED, 0},
    {"ROLLBACK_FAILED", SL_CFN_FAILED, 0},
    {"UPDATE_ROLLBACK_FAILED", SL_CFN_FAILED, 0},
    {"IMPORT_ROLLBACK_FAILED", SL_CFN_FAILED, 0},
    {"ROLLBACK_COMPLETE", SL_CFN_ROLLBACK, 0},
    {"UPDATE_ROLLBACK_COMPLETE", SL_CFN_ROLLBACK, 0},
    {"IMPORT_ROLLBACK_COMPLETE", SL_CFN_ROLLBACK, 0},
    {"ROLLBACK_IN_PROGRESS", SL_CFN_ROLLBACK, 1},
    {"UPDATE_ROLLBACK_IN_PROGRESS", SL_CFN_ROLLBACK, 1},
    {"UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", SL_CFN_ROLLBACK, 1},
    {"IMPORT_ROLLBACK_IN_PROGRESS", SL_CFN_ROLLBACK, 1},
    {"DELETE_COMPLETE", SL_CFN_DELETED, 0},
    {"DELETE_SKIPPED", SL_CFN_OTHER, 0},
    {"SOME_FUTURE_STATUS", SL_CFN_OTHER, 0},
    {"", SL_CFN_OTHER, 0},
    {NULL, SL_CFN_OTHER, 0},
};

START_TEST(test_status_class)
{
    ck_assert_msg(sl_cfn_status_class(status_cases[_i].status) == status_cases[_i].cls, "status %s",
                  status_cases[_i].status ? status_cases[_i].status : "(null)");
    ck_assert_int_eq(sl_cfn_status_is_in_progress(status_cases[_i].status),
                     status_cases[_i].in_progress);
}
END_TEST

static const struct {
    const char *status;
    const char *hook_status;
    int failure;
} failure_cases[] = {
    {"CREATE_FAILED", "", 1},
    {"UPDATE_FAILED", NULL, 1},
    {"DELETE_FAILED", "", 1},
    {"UPDATE_ROLLBACK_FAILED", "", 1},
    {"UPDATE_IN_PROGRESS", "HOOK_COMPLETE_FAILED", 1},
    {"CREATE_IN_PROGRESS", "HOOK_FAILED", 1},
    {"CREATE_IN_PROGRESS", "HOOK_COMPLETE_SUCCEEDED", 0},
    {"UPDATE_ROLLBACK_IN_PROGRESS", "", 0},
    {"UPDATE_COMPLETE", "", 0},
    {"", "", 0},
    {NULL, NULL, 0},
};

START_TEST(test_event_is_failure)
{
    struct sl_cfn_event e;

    memset(&e, 0, sizeof(e));
    e.status = (char *)failure_cases[_i].status;
    e.hook_status = (char *)failure_cases[_i].hook_status;
    ck_assert_int_eq(sl_cfn_event_is_failure(&e), failure_cases[_i].failure);
    ck_assert_int_eq(sl_cfn_event_is_failure(NULL), 0);
}
END_TEST

/* ---- error classification ---------------------------------------------------------------- */

static const struct {
    enum sl_err rc;
    const char *code;
    const char *message;
    const char *stack;
    enum sl_err want;
    const char *want_message;
} classify_cases[] = {
    {SL_EAWS, "ValidationError", "Stack with id nope does not exist", "nope", SL_ENOTFOUND,
     "The stack nope does not exist."},
    {SL_EAWS, "ValidationError",
     "Stack with id arn:aws:cloudformation:x:1:stack/a/b does not exist", NULL, SL_ENOTFOUND,
     "The stack arn:aws:cloudformation:x:1:stack/a/b does not exist."},
    {SL_EAWS, "ValidationError", "Stack [api] does not exist", "api", SL_ENOTFOUND,
     "The stack api does not exist."},
    {SL_EAWS, "ValidationError", "Template format error: unsupported field", "api", SL_EAWS,
     "Template format error: unsupported field"},
    {SL_EAWS, "Throttling", "Rate exceeded", "api", SL_EAWS, "Rate exceeded"},
    {SL_ENET, "", "could not connect", "api", SL_ENET, "could not connect"},
};

START_TEST(test_error_classify)
{
    struct sl_error err;

    sl_error_clear(&err);
    err.http_status = 400;
    snprintf(err.code, sizeof(err.code), "%s", classify_cases[_i].code);
    snprintf(err.message, sizeof(err.message), "%s", classify_cases[_i].message);
    snprintf(err.request_id, sizeof(err.request_id), "req-1");
    ck_assert_int_eq(sl_cfn_error_classify(classify_cases[_i].rc, &err, classify_cases[_i].stack),
                     classify_cases[_i].want);
    ck_assert_str_eq(err.message, classify_cases[_i].want_message);
    ck_assert_str_eq(err.code, classify_cases[_i].code);
    ck_assert_str_eq(err.request_id, "req-1");
    ck_assert_int_eq(err.http_status, 400);
    ck_assert_int_eq(sl_cfn_error_classify(SL_EAWS, NULL, "x"), SL_EAWS);
}
END_TEST

/* ---- request bodies ---------------------------------------------------------------------- */

enum build_kind { B_LIST_STACKS, B_DESCRIBE_STACKS, B_LIST_RESOURCES, B_DESCRIBE_EVENTS };

static const char *const two_statuses[] = {"CREATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"};
static const struct sl_cfn_list_stacks_opts opts_two = {two_statuses, 2, 0};
static const struct sl_cfn_list_stacks_opts opts_deleted = {NULL, 0, 1};

#define LIVE_FILTER                                                                                \
    "&StackStatusFilter.member.1=CREATE_IN_PROGRESS&StackStatusFilter.member.2=CREATE_FAILED"      \
    "&StackStatusFilter.member.3=CREATE_COMPLETE&StackStatusFilter.member.4=ROLLBACK_IN_PROGRESS"  \
    "&StackStatusFilter.member.5=ROLLBACK_FAILED&StackStatusFilter.member.6=ROLLBACK_COMPLETE"     \
    "&StackStatusFilter.member.7=DELETE_IN_PROGRESS&StackStatusFilter.member.8=DELETE_FAILED"      \
    "&StackStatusFilter.member.9=UPDATE_IN_PROGRESS"                                               \
    "&StackStatusFilter.member.10=UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"                             \
    "&StackStatusFilter.member.11=UPDATE_COMPLETE&StackStatusFilter.member.12=UPDATE_FAILED"       \
    "&StackStatusFilter.member.13=UPDATE_ROLLBACK_IN_PROGRESS"                                     \
    "&StackStatusFilter.member.14=UPDATE_ROLLBACK_FAILED"                                          \
    "&StackStatusFilter.member.15=UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"                    \
    "&StackStatusFilter.member.16=UPDATE_ROLLBACK_COMPLETE"                                        \
    "&StackStatusFilter.member.17=REVIEW_IN_PROGRESS&StackStatusFilter.member.18=IMPORT_IN_"       \
    "PROGRESS"                                                                                     \
    "&StackStatusFilter.member.19=IMPORT_COMPLETE"                                                 \
    "&StackStatusFilter.member.20=IMPORT_ROLLBACK_IN_PROGRESS"                                     \
    "&StackStatusFilter.member.21=IMPORT_ROLLBACK_FAILED"                                          \
    "&StackStatusFilter.member.22=IMPORT_ROLLBACK_COMPLETE"

static const struct {
    enum build_kind kind;
    const struct sl_cfn_list_stacks_opts *opts;
    const char *stack;
    const char *token;
    enum sl_err rc;
    const char *body;
} build_cases[] = {
    {B_LIST_STACKS, NULL, NULL, NULL, SL_OK, "Action=ListStacks&Version=2010-05-15" LIVE_FILTER},
    {B_LIST_STACKS, NULL, NULL, "AAEAAS8k+Xw/iq0=", SL_OK,
     "Action=ListStacks&Version=2010-05-15&NextToken=AAEAAS8k%2BXw%2Fiq0%3D" LIVE_FILTER},
    {B_LIST_STACKS, &opts_two, NULL, NULL, SL_OK,
     "Action=ListStacks&Version=2010-05-15&StackStatusFilter.member.1=CREATE_COMPLETE"
     "&StackStatusFilter.member.2=UPDATE_ROLLBACK_COMPLETE"},
    {B_LIST_STACKS, &opts_deleted, NULL, "t", SL_OK,
     "Action=ListStacks&Version=2010-05-15&NextToken=t"},
    {B_DESCRIBE_STACKS, NULL, NULL, NULL, SL_OK, "Action=DescribeStacks&Version=2010-05-15"},
    {B_DESCRIBE_STACKS, NULL, "orders-api", NULL, SL_OK,
     "Action=DescribeStacks&Version=2010-05-15&StackName=orders-api"},
    {B_DESCRIBE_STACKS, NULL,
     "arn:aws:cloudformation:us-east-1:111122223333:stack/billing/0f9e8d70-c6b5-11ee", "n x", SL_OK,
     "Action=DescribeStacks&Version=2010-05-15&StackName=arn%3Aaws%3Acloudformation%3Aus-east-1"
     "%3A111122223333%3Astack%2Fbilling%2F0f9e8d70-c6b5-11ee&NextToken=n%20x"},
    {B_LIST_RESOURCES, NULL, "orders-api", NULL, SL_OK,
     "Action=ListStackResources&Version=2010-05-15&StackName=orders-api"},
    {B_LIST_RESOURCES, NULL, "orders-api", "cmVz==", SL_OK,
     "Action=ListStackResources&Version=2010-05-15&StackName=orders-api&NextToken=cmVz%3D%3D"},
    {B_LIST_RESOURCES, NULL, NULL, NULL, SL_EINVAL, NULL},
    {B_DESCRIBE_EVENTS, NULL, "billing", "ZXZ=", SL_OK,
     "Action=DescribeStackEvents&Version=2010-05-15&StackName=billing&NextToken=ZXZ%3D"},
    {B_DESCRIBE_EVENTS, NULL, "", NULL, SL_EINVAL, NULL},
};

START_TEST(test_build)
{
    struct sl_call call;
    static const char *const ops[] = {"ListStacks", "DescribeStacks", "ListStackResources",
                                      "DescribeStackEvents"};
    enum sl_err rc = SL_EINVAL;

    sl_call_init(&call, &sl_service_cloudformation, ops[build_cases[_i].kind]);
    switch (build_cases[_i].kind) {
    case B_LIST_STACKS:
        rc = sl_cfn_build_list_stacks(&call, build_cases[_i].opts, build_cases[_i].token);
        break;
    case B_DESCRIBE_STACKS:
        rc = sl_cfn_build_describe_stacks(&call, build_cases[_i].stack, build_cases[_i].token);
        break;
    case B_LIST_RESOURCES:
        rc = sl_cfn_build_list_resources(&call, build_cases[_i].stack, build_cases[_i].token);
        break;
    case B_DESCRIBE_EVENTS:
        rc = sl_cfn_build_describe_events(&call, build_cases[_i].stack, build_cases[_i].token);
        break;
    }
    ck_assert_int_eq(rc, build_cases[_i].rc);
    if (!rc)
        ck_assert_str_eq(sl_buf_str(&call.body), build_cases[_i].body);
    sl_call_cleanup(&call);
}
END_TEST

/* ---- parsers on recorded answers --------------------------------------------------------- */

#define ARN_ORDERS                                                                                 \
    "arn:aws:cloudformation:us-east-1:111122223333:stack/orders-api/"                              \
    "6c1e2a30-d7f4-11ee-8e2f-0a1b2c3d4e5f"

START_TEST(test_list_stacks_page1)
{
    struct sl_cfn_stack *v = NULL;
    struct sl_error err;
    size_t len, n = 99;
    char *token = NULL;
    char *body = fixture("list_stacks_page1.xml", &len);

    sl_error_clear(&err);
    ck_assert_int_eq(sl_cfn_parse_list_stacks_page(body, len, &v, &n, &token, &err), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(token, "AAEAAS8kDz+Xw3c1L7p/iq0Gk1XfC7Yp0bdnE2lT5ZqvR9m0=");
    ck_assert_str_eq(v[0].stack_id, ARN_ORDERS);
    ck_assert_str_eq(v[0].name, "orders-api");
    ck_assert_str_eq(v[0].status, "UPDATE_COMPLETE");
    ck_assert_str_eq(v[0].status_reason, "");
    ck_assert_str_eq(v[0].description, "Orders API (SAM)");
    ck_assert_str_eq(v[0].drift_status, "IN_SYNC");
    ck_assert_int_eq(v[0].drift_checked_ms, 1709367300000LL);
    ck_assert_int_eq(v[0].created_ms, 1709287200512LL);
    ck_assert_int_eq(v[0].updated_ms, 1709648551512LL);
    ck_assert_int_eq(v[0].deleted_ms, 0);
    ck_assert_str_eq(v[0].parent_id, "");
    ck_assert_uint_eq(v[0].n_params, 0);
    ck_assert_ptr_null(v[0].params);
    ck_assert_str_eq(v[1].name, "orders-api-Queue-1ABC");
    ck_assert_str_eq(v[1].status, "CREATE_IN_PROGRESS");
    ck_assert_str_eq(v[1].parent_id, ARN_ORDERS);
    ck_assert_str_eq(v[1].root_id, ARN_ORDERS);
    ck_assert_str_eq(v[1].drift_status, "NOT_CHECKED");
    ck_assert_int_eq(v[1].drift_checked_ms, 0);
    ck_assert_int_eq(v[1].created_ms, 1709648400000LL);
    ck_assert_int_eq(v[1].updated_ms, 0);
    ck_assert_int_eq(sl_cfn_status_class(v[1].status), SL_CFN_IN_PROGRESS);
    sl_cfn_stacks_free(&v, n);
    ck_assert_ptr_null(v);
    sl_cfn_stacks_free(&v, n); /* NULL-safe */
    sl_cfn_stacks_free(NULL, 0);
    free(token);
    free(body);
}
END_TEST

START_TEST(test_list_stacks_last_page)
{
    struct sl_cfn_stack *v = NULL;
    size_t len, n = 0;
    char *token = (char *)"sentinel";
    char *body = fixture("list_stacks_page2.xml", &len);

    ck_assert_int_eq(sl_cfn_parse_list_stacks_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(token);
    ck_assert_str_eq(v[0].name, "billing");
    ck_assert_str_eq(v[0].status, "UPDATE_ROLLBACK_COMPLETE");
    ck_assert_int_eq(sl_cfn_status_class(v[0].status), SL_CFN_ROLLBACK);
    ck_assert_str_eq(v[0].status_reason, "Resource update cancelled");
    ck_assert_str_eq(v[0].description, "Billing & invoices");
    ck_assert_str_eq(v[0].drift_status, "DRIFTED");
    ck_assert_int_eq(v[0].updated_ms, 1708533612004LL);
    ck_assert_int_eq(v[0].created_ms, 1706788800000LL);
    sl_cfn_stacks_free(&v, n);
    free(body);
}
END_TEST

START_TEST(test_list_stacks_empty)
{
    struct sl_cfn_stack *v = (struct sl_cfn_stack *)&v;
    size_t len, n = 7;
    char *token = NULL;
    char *body = fixture("list_stacks_empty.xml", &len);

    ck_assert_int_eq(sl_cfn_parse_list_stacks_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(v);
    ck_assert_ptr_null(token);
    free(body);
}
END_TEST

START_TEST(test_describe_stacks_full)
{
    struct sl_cfn_stack *v = NULL, *s;
    size_t len, n = 0;
    char *token = NULL;
    char *body = fixture("describe_stacks.xml", &len);

    ck_assert_int_eq(sl_cfn_parse_describe_stacks_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(token);
    s = &v[0];
    ck_assert_str_eq(s->name, "orders-api");
    ck_assert_str_eq(s->stack_id, ARN_ORDERS);
    ck_assert_str_eq(s->description, "Orders API (SAM)");
    ck_assert_str_eq(s->status, "UPDATE_COMPLETE");
    ck_assert_int_eq(sl_cfn_status_class(s->status), SL_CFN_COMPLETE);
    ck_assert_str_eq(s->role_arn, "arn:aws:iam::111122223333:role/cfn-deployer");
    ck_assert_int_eq(s->termination_protection, 1);
    ck_assert_int_eq(s->disable_rollback, 0);
    ck_assert_int_eq(s->timeout_minutes, 30);
    ck_assert_int_eq(s->created_ms, 1709287200512LL);
    ck_assert_int_eq(s->updated_ms, 1709648551512LL);
    ck_assert_str_eq(s->drift_status, "IN_SYNC");

    ck_assert_uint_eq(s->n_params, 3);
    ck_assert_str_eq(s->params[0].key, "Stage");
    ck_assert_str_eq(s->params[0].value, "prod");
    ck_assert_str_eq(s->params[0].resolved_value, "");
    ck_assert_str_eq(s->params[1].key, "LatestAmi");
    ck_assert_str_eq(s->params[1].resolved_value, "ami-0abcdef1234567890");
    ck_assert_str_eq(s->params[2].key, "EmptyOne");
    ck_assert_str_eq(s->params[2].value, "");

    ck_assert_uint_eq(s->n_outputs, 2);
    ck_assert_str_eq(s->outputs[0].key, "ApiUrl");
    ck_assert_str_eq(s->outputs[0].value,
                     "https://abc123.execute-api.us-east-1.amazonaws.com/prod/");
    ck_assert_str_eq(s->outputs[0].description, "API Gateway endpoint URL");
    ck_assert_str_eq(s->outputs[0].export_name, "orders-api-url");
    ck_assert_str_eq(s->outputs[1].key, "OrdersFunctionArn");
    ck_assert_str_eq(s->outputs[1].export_name, "");
    ck_assert_str_eq(s->outputs[1].description, "");

    ck_assert_uint_eq(s->n_tags, 2);
    ck_assert_str_eq(s->tags[0].key, "team");
    ck_assert_str_eq(s->tags[0].value, "payments");
    ck_assert_str_eq(s->tags[1].key, "cost-center");
    ck_assert_str_eq(s->tags[1].value, "4711");

    ck_assert_uint_eq(s->n_capabilities, 2);
    ck_assert_str_eq(s->capabilities[0], "CAPABILITY_IAM");
    ck_assert_str_eq(s->capabilities[1], "CAPABILITY_AUTO_EXPAND");
    sl_cfn_stacks_free(&v, n);
    free(body);
}
END_TEST

START_TEST(test_describe_stacks_rollback_prefixed)
{
    struct sl_cfn_stack *v = NULL;
    size_t len, n = 0;
    char *token = NULL;
    char *body = fixture("describe_stacks_rollback.xml", &len);

    ck_assert_int_eq(sl_cfn_parse_describe_stacks_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(v[0].name, "billing");
    ck_assert_str_eq(v[0].status, "UPDATE_ROLLBACK_COMPLETE");
    ck_assert_int_eq(sl_cfn_status_class(v[0].status), SL_CFN_ROLLBACK);
    ck_assert_str_eq(v[0].status_reason,
                     "The following resource(s) failed to update: [InvoiceFunction]. ");
    ck_assert_str_eq(v[0].description, "Billing & invoices");
    ck_assert_str_eq(v[0].detailed_status, "CONFIGURATION_COMPLETE");
    ck_assert_uint_eq(v[0].n_params, 0);
    ck_assert_uint_eq(v[0].n_tags, 0);
    ck_assert_uint_eq(v[0].n_outputs, 0);
    ck_assert_uint_eq(v[0].n_capabilities, 0);
    ck_assert_int_eq(v[0].termination_protection, 0);
    ck_assert_int_eq(v[0].timeout_minutes, 0);
    sl_cfn_stacks_free(&v, n);
    free(body);
}
END_TEST

START_TEST(test_list_resources)
{
    struct sl_cfn_resource *v = NULL;
    size_t len, n = 0;
    char *token = NULL;
    char *body = fixture("list_resources_page1.xml", &len);

    ck_assert_int_eq(sl_cfn_parse_list_resources_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(token, "cmVzb3VyY2VzLXBhZ2UtMg==");
    ck_assert_str_eq(v[0].logical_id, "OrdersFunction");
    ck_assert_str_eq(v[0].physical_id, "orders-api-OrdersFunction-Xy12");
    ck_assert_str_eq(v[0].type, "AWS::Lambda::Function");
    ck_assert_str_eq(v[0].status, "UPDATE_COMPLETE");
    ck_assert_str_eq(v[0].status_reason, "");
    ck_assert_str_eq(v[0].drift_status, "IN_SYNC");
    ck_assert_int_eq(v[0].updated_ms, 1709648518331LL);
    ck_assert_str_eq(v[1].logical_id, "OrdersFunctionRole");
    ck_assert_str_eq(v[1].type, "AWS::IAM::Role");
    ck_assert_str_eq(v[1].drift_status, "NOT_CHECKED");
    sl_cfn_resources_free(&v, n);
    free(token);
    free(body);

    body = fixture("list_resources_page2.xml", &len);
    ck_assert_int_eq(sl_cfn_parse_list_resources_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(token);
    ck_assert_str_eq(v[0].logical_id, "OrdersQueue");
    ck_assert_str_eq(v[0].physical_id, "");
    ck_assert_str_eq(v[0].status, "CREATE_FAILED");
    ck_assert_int_eq(sl_cfn_status_class(v[0].status), SL_CFN_FAILED);
    ck_assert_ptr_nonnull(strstr(v[0].status_reason, "\"Access denied for operation "
                                                     "'sqs:CreateQueue'.\""));
    sl_cfn_resources_free(&v, n);
    free(body);
}
END_TEST

START_TEST(test_describe_events)
{
    struct sl_cfn_event *v = NULL;
    size_t len, n = 0, i;
    char *token = NULL;
    char *body = fixture("describe_events_page1.xml", &len);
    static const int failures1[] = {0, 0, 0, 0, 1};

    ck_assert_int_eq(sl_cfn_parse_describe_events_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(token, "ZXZlbnRzLXBhZ2UtMg==");
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(sl_cfn_event_is_failure(&v[i]), failures1[i]);
        if (i)
            ck_assert_int_le(v[i].timestamp_ms, v[i - 1].timestamp_ms); /* newest first */
    }
    ck_assert_str_eq(v[0].event_id, "5b1c2d30-d0d7-11ee-8f1a-0a9b8c7d6e5f");
    ck_assert_str_eq(v[0].status, "UPDATE_ROLLBACK_COMPLETE");
    ck_assert_str_eq(v[0].type, "AWS::CloudFormation::Stack");
    ck_assert_str_eq(v[0].client_request_token, "Console-UpdateStack-1a2b3c4d");
    ck_assert_int_eq(v[0].timestamp_ms, 1708533612004LL);
    ck_assert_str_eq(v[4].logical_id, "InvoiceFunction");
    ck_assert_str_eq(v[4].physical_id, "billing-InvoiceFunction-Ab34");
    ck_assert_str_eq(v[4].status, "UPDATE_FAILED");
    ck_assert_str_eq(v[4].stack_name, "billing");
    ck_assert_int_eq(v[4].timestamp_ms, 1708533597123LL);
    ck_assert_ptr_nonnull(strstr(v[4].status_reason, "\"Value python2.7 at 'runtime'"));
    ck_assert_str_eq(v[3].status_reason,
                     "The following resource(s) failed to update: [InvoiceFunction]. ");
    sl_cfn_events_free(&v, n);
    free(token);
    free(body);

    body = fixture("describe_events_page2.xml", &len);
    ck_assert_int_eq(sl_cfn_parse_describe_events_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_ptr_null(token);
    ck_assert_str_eq(v[0].hook_type, "Private::Guard::Check");
    ck_assert_str_eq(v[0].hook_status, "HOOK_COMPLETE_FAILED");
    ck_assert_str_eq(v[0].hook_status_reason, "Hook failed with message: runtime is deprecated");
    ck_assert_int_eq(sl_cfn_event_is_failure(&v[0]), 1);
    ck_assert_int_eq(sl_cfn_event_is_failure(&v[1]), 0);
    ck_assert_str_eq(v[2].status_reason, "User Initiated");
    ck_assert_int_eq(v[0].timestamp_ms, 1708533592000LL);
    sl_cfn_events_free(&v, n);
    free(body);
}
END_TEST

static const struct {
    const char *stop;
    int found;
    size_t kept;
} cut_cases[] = {
    {"3f9a0b10-d0d7-11ee-8f1a-0a9b8c7d6e5f", 1, 3},
    {"5b1c2d30-d0d7-11ee-8f1a-0a9b8c7d6e5f", 1, 0},
    {"InvoiceFunction-UPDATE_FAILED-2024-02-21T16:39:57.123Z", 1, 4},
    {"not-there", 0, 5},
    {"", 0, 5},
    {NULL, 0, 5},
};

START_TEST(test_events_cut)
{
    struct sl_cfn_event *v = NULL;
    size_t len, n = 0;
    char *token = NULL;
    char *body = fixture("describe_events_page1.xml", &len);

    ck_assert_int_eq(sl_cfn_parse_describe_events_page(body, len, &v, &n, &token, NULL), SL_OK);
    ck_assert_int_eq(sl_cfn_events_cut(v, &n, cut_cases[_i].stop), cut_cases[_i].found);
    ck_assert_uint_eq(n, cut_cases[_i].kept);
    if (n)
        ck_assert_str_eq(v[0].event_id, "5b1c2d30-d0d7-11ee-8f1a-0a9b8c7d6e5f");
    sl_cfn_events_free(&v, n);
    free(token);
    free(body);
}
END_TEST

/* ---- malformed answers -------------------------------------------------------------------- */

enum parse_kind { P_LIST_STACKS, P_DESCRIBE_STACKS, P_RESOURCES, P_EVENTS };

static enum sl_err parse_any(enum parse_kind kind, const char *body, size_t len, size_t *n,
                             struct sl_error *err)
{
    char *token = (char *)"sentinel";
    enum sl_err rc = SL_EINVAL;

    switch (kind) {
    case P_LIST_STACKS:
    case P_DESCRIBE_STACKS: {
        struct sl_cfn_stack *v = (struct sl_cfn_stack *)&v;

        rc = kind == P_LIST_STACKS
                 ? sl_cfn_parse_list_stacks_page(body, len, &v, n, &token, err)
                 : sl_cfn_parse_describe_stacks_page(body, len, &v, n, &token, err);
        if (rc)
            ck_assert_ptr_null(v);
        sl_cfn_stacks_free(&v, *n);
        break;
    }
    case P_RESOURCES: {
        struct sl_cfn_resource *v = NULL;

        rc = sl_cfn_parse_list_resources_page(body, len, &v, n, &token, err);
        if (rc)
            ck_assert_ptr_null(v);
        sl_cfn_resources_free(&v, *n);
        break;
    }
    case P_EVENTS: {
        struct sl_cfn_event *v = NULL;

        rc = sl_cfn_parse_describe_events_page(body, len, &v, n, &token, err);
        if (rc)
            ck_assert_ptr_null(v);
        sl_cfn_events_free(&v, *n);
        break;
    }
    }
    if (rc) {
        ck_assert_ptr_null(token);
        ck_assert_uint_eq(*n, 0);
    }
    free(token);
    return rc;
}

#define NS "xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\""

static const struct {
    enum parse_kind kind;
    const char *body;
} bad_cases[] = {
    {P_LIST_STACKS, ""},
    {P_LIST_STACKS, "not xml at all"},
    {P_LIST_STACKS, "<ListStacksResponse " NS "><ListStacksResult><StackSummaries><member>"},
    {P_LIST_STACKS, "<ListStacksResponse " NS "/>"},
    {P_LIST_STACKS,
     "<DescribeStacksResponse " NS "><DescribeStacksResult/></DescribeStacksResponse>"},
    {P_LIST_STACKS, "<ErrorResponse " NS "><Error><Code>Throttling</Code></Error></ErrorResponse>"},
    {P_LIST_STACKS, "<ListStacksResponse " NS "><ListStacksResult><StackSummaries><member>"
                    "<StackStatus>CREATE_COMPLETE</StackStatus></member></StackSummaries>"
                    "</ListStacksResult></ListStacksResponse>"},
    {P_LIST_STACKS, "<ListStacksResponse " NS "><ListStacksResult><StackSummaries><member>"
                    "<StackName>a</StackName><StackStatus>CREATE_COMPLETE</StackStatus>"
                    "<CreationTime>yesterday</CreationTime></member></StackSummaries>"
                    "</ListStacksResult></ListStacksResponse>"},
    {P_DESCRIBE_STACKS, "<DescribeStacksResponse " NS "><DescribeStacksResult><Stacks><member>"
                        "<StackName>a</StackName><StackStatus>CREATE_COMPLETE</StackStatus>"
                        "<TimeoutInMinutes>lots</TimeoutInMinutes></member></Stacks>"
                        "</DescribeStacksResult></DescribeStacksResponse>"},
    {P_DESCRIBE_STACKS, "<!DOCTYPE x [<!ENTITY a \"b\">]><DescribeStacksResponse/>"},
    {P_RESOURCES, "<ListStackResourcesResponse " NS "><ListStackResourcesResult>"
                  "<StackResourceSummaries><member><ResourceStatus>CREATE_COMPLETE"
                  "</ResourceStatus></member></StackResourceSummaries></ListStackResourcesResult>"
                  "</ListStackResourcesResponse>"},
    {P_EVENTS, "<DescribeStackEventsResponse " NS "><DescribeStackEventsResult><StackEvents>"
               "<member><Timestamp>2024-02-21T16:39:40.000Z</Timestamp></member></StackEvents>"
               "</DescribeStackEventsResult></DescribeStackEventsResponse>"},
    {P_EVENTS, "<DescribeStackEventsResponse " NS "><DescribeStackEventsResult><StackEvents>"
               "<member><EventId>e1</EventId></member></StackEvents>"
               "</DescribeStackEventsResult></DescribeStackEventsResponse>"},
};

START_TEST(test_malformed)
{
    struct sl_error err;
    size_t n = 5;

    sl_error_clear(&err);
    ck_assert_int_eq(
        parse_any(bad_cases[_i].kind, bad_cases[_i].body, strlen(bad_cases[_i].body), &n, &err),
        SL_EPARSE);
    ck_assert_msg(err.message[0] != '\0', "no sentence for case %d", _i);
    ck_assert_int_eq(
        parse_any(bad_cases[_i].kind, bad_cases[_i].body, strlen(bad_cases[_i].body), &n, NULL),
        SL_EPARSE);
}
END_TEST

/* Every recorded answer cut short anywhere before its end is refused, never crashes. */
static const struct {
    enum parse_kind kind;
    const char *fixture;
} truncated_cases[] = {
    {P_LIST_STACKS, "list_stacks_page1.xml"},   {P_LIST_STACKS, "list_stacks_empty.xml"},
    {P_DESCRIBE_STACKS, "describe_stacks.xml"}, {P_DESCRIBE_STACKS, "describe_stacks_rollback.xml"},
    {P_RESOURCES, "list_resources_page1.xml"},  {P_EVENTS, "describe_events_page1.xml"},
};

START_TEST(test_truncated)
{
    size_t len, cut, n;
    char *body = fixture(truncated_cases[_i].fixture, &len);

    /* The whole answer parses; the last bytes are a newline after the closing tag. */
    ck_assert_int_eq(parse_any(truncated_cases[_i].kind, body, len, &n, NULL), SL_OK);
    for (cut = 0; cut + 2 < len; cut += 7)
        ck_assert_msg(parse_any(truncated_cases[_i].kind, body, cut, &n, NULL) == SL_EPARSE,
                      "%s cut at %zu", truncated_cases[_i].fixture, cut);
    free(body);
}
END_TEST

/* ---- paged operations through the fake AWS ------------------------------------------------ */

struct recorder {
    int pages;
    size_t sizes[8];
    char names[16][64];
    size_t n_names;
    int done;
    enum sl_err rc;
    struct sl_error err;
    struct sl_cfn_op *op;
    int cancel_on_page;
    int free_on_done;
};

static void rec_stacks(void *ud, struct sl_cfn_stack *items, size_t n)
{
    struct recorder *r = ud;
    size_t i;

    ck_assert_int_eq(r->done, 0);
    r->sizes[r->pages++] = n;
    for (i = 0; i < n && r->n_names < NELEM(r->names); i++)
        snprintf(r->names[r->n_names++], sizeof(r->names[0]), "%s", items[i].name);
    sl_cfn_stacks_free(&items, n);
    if (r->cancel_on_page)
        sl_cfn_op_cancel(r->op);
}

static void rec_events(void *ud, struct sl_cfn_event *items, size_t n)
{
    struct recorder *r = ud;
    size_t i;

    r->sizes[r->pages++] = n;
    for (i = 0; i < n && r->n_names < NELEM(r->names); i++)
        snprintf(r->names[r->n_names++], sizeof(r->names[0]), "%s", items[i].event_id);
    sl_cfn_events_free(&items, n);
}

static void rec_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct recorder *r = ud;

    ck_assert_int_eq(r->done, 0);
    r->done = 1;
    r->rc = rc;
    sl_error_clear(&r->err);
    if (err)
        r->err = *err;
    if (r->free_on_done)
        sl_cfn_op_free(&r->op);
}

static void run_until_done(struct sl_client *c, struct recorder *r)
{
    int spins = 0;

    while (!r->done && spins++ < 100)
        sl_client_run(c, 10, -1);
    ck_assert_int_eq(r->done, 1);
}

START_TEST(test_op_list_stacks_pages)
{
    struct sl_client *c = fake_client_new();
    struct recorder r;

    memset(&r, 0, sizeof(r));
    fake_reset();
    r.free_on_done = 1;
    ck_assert_int_eq(sl_cfn_list_stacks_start(c, NULL, rec_stacks, rec_done, &r, &r.op), SL_OK);
    ck_assert_int_eq(sl_cfn_op_running(r.op), 1);
    run_until_done(c, &r);
    ck_assert_ptr_null(r.op); /* freed from done */
    ck_assert_int_eq(r.rc, SL_OK);
    ck_assert_int_eq(r.pages, 2);
    ck_assert_uint_eq(r.sizes[0], 2);
    ck_assert_uint_eq(r.sizes[1], 1);
    ck_assert_str_eq(r.names[0], "orders-api");
    ck_assert_str_eq(r.names[2], "billing");
    ck_assert_int_eq(fake_n_requests, 2);
    ck_assert_str_eq(fake_requests[0], "Action=ListStacks&Version=2010-05-15" LIVE_FILTER);
    ck_assert_str_eq(fake_requests[1],
                     "Action=ListStacks&Version=2010-05-15&NextToken="
                     "AAEAAS8kDz%2BXw3c1L7p%2Fiq0Gk1XfC7Yp0bdnE2lT5ZqvR9m0%3D" LIVE_FILTER);
    fake_reset();
    fake_client_free(&c);
}
END_TEST

START_TEST(test_sync_list_stacks)
{
    struct sl_client *c = fake_client_new();
    struct sl_cfn_stack *v = NULL;
    struct sl_error err;
    size_t n = 0;

    fake_reset();
    ck_assert_int_eq(sl_cfn_list_stacks(c, &opts_deleted, &v, &n, &err), SL_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(v[0].name, "orders-api");
    ck_assert_str_eq(v[1].name, "orders-api-Queue-1ABC");
    ck_assert_str_eq(v[2].name, "billing");
    ck_assert_str_eq(fake_requests[0], "Action=ListStacks&Version=2010-05-15");
    sl_cfn_stacks_free(&v, n);
    fake_reset();
    fake_client_free(&c);
}
END_TEST

START_TEST(test_sync_describe_stack_not_found)
{
    struct sl_client *c = fake_client_new();
    struct sl_cfn_stack *v = NULL;
    struct sl_error err;
    size_t n = 0;

    fake_reset();
    ck_assert_int_eq(sl_cfn_describe_stacks(c, "nope", &v, &n, &err), SL_ENOTFOUND);
    ck_assert_ptr_null(v);
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(err.message, "The stack nope does not exist.");
    ck_assert_str_eq(err.code, "ValidationError");
    ck_assert_str_eq(err.request_id, "0f9c5a2e-3a41-11e5-94eb-example");
    ck_assert_int_eq(err.http_status, 400);

    ck_assert_int_eq(sl_cfn_describe_stacks(c, "orders-api", &v, &n, &err), SL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(v[0].n_outputs, 2);
    ck_assert_str_eq(fake_requests[1],
                     "Action=DescribeStacks&Version=2010-05-15&StackName=orders-api");
    sl_cfn_stacks_free(&v, n);
    fake_reset();
    fake_client_free(&c);
}
END_TEST

START_TEST(test_sync_list_resources)
{
    struct sl_client *c = fake_client_new();
    struct sl_cfn_resource *v = NULL;
    size_t n = 0;

    fake_reset();
    ck_assert_int_eq(sl_cfn_list_resources(c, "orders-api", &v, &n, NULL), SL_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(v[2].logical_id, "OrdersQueue");
    ck_assert_int_eq(fake_n_requests, 2);
    ck_assert_str_eq(fake_requests[1],
                     "Action=ListStackResources&Version=2010-05-15"
                     "&StackName=orders-api&NextToken=cmVzb3VyY2VzLXBhZ2UtMg%3D%3D");
    sl_cfn_resources_free(&v, n);
    ck_assert_int_eq(sl_cfn_list_resources(c, NULL, &v, &n, NULL), SL_EINVAL);
    fake_reset();
    fake_client_free(&c);
}
END_TEST

static const struct {
    const char *stop;
    int max_pages;
    int requests;
    size_t total;
    const char *last;
} tail_cases[] = {
    /* a deployment already shown up to the UPDATE_ROLLBACK_IN_PROGRESS event */
    {"3f9a0b10-d0d7-11ee-8f1a-0a9b8c7d6e5f", 0, 1, 3, "4a0b1c20-d0d7-11ee-8f1a-0a9b8c7d6e5f"},
    /* nothing new */
    {"5b1c2d30-d0d7-11ee-8f1a-0a9b8c7d6e5f", 0, 1, 0, NULL},
    /* stop event on the second page */
    {"InvoiceFunction-UPDATE_IN_PROGRESS-2024-02-21T16:39:50.777Z", 0, 2, 6,
     "InvoiceFunction-f1e2d3c4-hook"},
    /* everything */
    {NULL, 0, 2, 8, "2e8f9a00-d0d7-11ee-8f1a-0a9b8c7d6e5f"},
    /* first page only */
    {NULL, 1, 1, 5, "InvoiceFunction-UPDATE_FAILED-2024-02-21T16:39:57.123Z"},
    /* unknown stop id: every page */
    {"gone", 0, 2, 8, "2e8f9a00-d0d7-11ee-8f1a-0a9b8c7d6e5f"},
};

START_TEST(test_op_events_tail)
{
    struct sl_client *c = fake_client_new();
    struct sl_cfn_events_opts o = {"billing", tail_cases[_i].stop, tail_cases[_i].max_pages};
    struct recorder r;
    struct sl_cfn_event *v = NULL;
    size_t n = 0, total = 0;
    int p;

    memset(&r, 0, sizeof(r));
    fake_reset();
    ck_assert_int_eq(sl_cfn_describe_events_start(c, &o, rec_events, rec_done, &r, &r.op), SL_OK);
    run_until_done(c, &r);
    ck_assert_int_eq(r.rc, SL_OK);
    for (p = 0; p < r.pages; p++)
        total += r.sizes[p];
    ck_assert_uint_eq(total, tail_cases[_i].total);
    ck_assert_int_eq(fake_n_requests, tail_cases[_i].requests);
    if (tail_cases[_i].last)
        ck_assert_str_eq(r.names[total - 1], tail_cases[_i].last);
    sl_cfn_op_free(&r.op);
    ck_assert_ptr_null(r.op);

    /* The same through the sync convenience. */
    fake_reset();
    ck_assert_int_eq(sl_cfn_describe_events(c, &o, &v, &n, NULL), SL_OK);
    ck_assert_uint_eq(n, tail_cases[_i].total);
    if (n)
        ck_assert_str_eq(v[n - 1].event_id, tail_cases[_i].last);
    sl_cfn_events_free(&v, n);
    fake_reset();
    fake_client_free(&c);
}
END_TEST

START_TEST(test_op_cancel_and_free)
{
    struct sl_client *c = fake_client_new();
    struct sl_cfn_events_opts bad = {NULL, NULL, 0};
    struct sl_cfn_op *op = (struct sl_cfn_op *)&op;
    struct recorder r;

    /* Cancelled from inside on_page: one page, then done with SL_ECANCELLED. */
    memset(&r, 0, sizeof(r));
    fake_reset();
    r.cancel_on_page = 1;
    ck_assert_int_eq(sl_cfn_list_stacks_start(c, NULL, rec_stacks, rec_done, &r, &r.op), SL_OK);
    run_until_done(c, &r);
    ck_assert_int_eq(r.rc, SL_ECANCELLED);
    ck_assert_int_eq(r.pages, 1);
    ck_assert_int_eq(fake_n_requests, 1);
    ck_assert_int_eq(sl_cfn_op_running(r.op), 0);
    sl_cfn_op_free(&r.op);

    /* Cancelled before the answer: done with SL_ECANCELLED, no page. */
    memset(&r, 0, sizeof(r));
    fake_reset();
    ck_assert_int_eq(sl_cfn_list_stacks_start(c, NULL, rec_stacks, rec_done, &r, &r.op), SL_OK);
    sl_cfn_op_cancel(r.op);
    run_until_done(c, &r);
    ck_assert_int_eq(r.rc, SL_ECANCELLED);
    ck_assert_int_eq(r.pages, 0);
    sl_cfn_op_free(&r.op);

    /* Freed while running: nothing is called back, nothing leaks. */
    memset(&r, 0, sizeof(r));
    fake_reset();
    ck_assert_int_eq(sl_cfn_list_stacks_start(c, NULL, rec_stacks, rec_done, &r, &r.op), SL_OK);
    sl_cfn_op_free(&r.op);
    ck_assert_ptr_null(r.op);
    sl_client_run(c, 10, -1);
    sl_client_run(c, 10, -1);
    ck_assert_int_eq(r.done, 0);
    ck_assert_int_eq(r.pages, 0);

    /* Refused at start: nothing is called back. */
    ck_assert_int_eq(sl_cfn_describe_events_start(c, &bad, rec_events, rec_done, &r, &op),
                     SL_EINVAL);
    ck_assert_ptr_null(op);
    ck_assert_int_eq(sl_cfn_list_resources_start(c, "", NULL, rec_done, &r, &op), SL_EINVAL);
    sl_cfn_op_free(&op);
    sl_cfn_op_free(NULL);
    sl_cfn_op_cancel(NULL);
    fake_reset();
    fake_client_free(&c);
}
END_TEST

static Suite *cloudformation_suite(void)
{
    Suite *s = suite_create("cloudformation");
    TCase *t;

    t = tcase_create("helpers");
    tcase_add_loop_test(t, test_status_class, 0, (int)NELEM(status_cases));
    tcase_add_loop_test(t, test_event_is_failure, 0, (int)NELEM(failure_cases));
    tcase_add_loop_test(t, test_error_classify, 0, (int)NELEM(classify_cases));
    suite_add_tcase(s, t);

    t = tcase_create("requests");
    tcase_add_loop_test(t, test_build, 0, (int)NELEM(build_cases));
    suite_add_tcase(s, t);

    t = tcase_create("answers");
    tcase_add_test(t, test_list_stacks_page1);
    tcase_add_test(t, test_list_stacks_last_page);
    tcase_add_test(t, test_list_stacks_empty);
    tcase_add_test(t, test_describe_stacks_full);
    tcase_add_test(t, test_describe_stacks_rollback_prefixed);
    tcase_add_test(t, test_list_resources);
    tcase_add_test(t, test_describe_events);
    tcase_add_loop_test(t, test_events_cut, 0, (int)NELEM(cut_cases));
    tcase_add_loop_test(t, test_malformed, 0, (int)NELEM(bad_cases));
    tcase_add_loop_test(t, test_truncated, 0, (int)NELEM(truncated_cases));
    suite_add_tcase(s, t);

    t = tcase_create("paged");
    tcase_add_test(t, test_op_list_stacks_pages);
    tcase_add_test(t, test_sync_list_stacks);
    tcase_add_test(t, test_sync_describe_stack_not_found);
    tcase_add_test(t, test_sync_list_resources);
    tcase_add_loop_test(t, test_op_events_tail, 0, (int)NELEM(tail_cases));
    tcase_add_test(t, test_op_cancel_and_free);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cloudformation_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
