/* The Invoke views' pure parts, without a terminal: the REPORT figures line, the confirmation
 * (y/n, or the function's name in a production profile), the lines of a result (status,
 * function error, payload, log tail; everything from AWS sanitized), the window of an
 * invocation's log lines, and the text lines model with its scrolling. */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_templates.h"
#include "invoke_text.h"
#include "keymap.h"
#include "lambda.h"
#include "textlines.h"
#include "theme.h"

#define NOW 1714564800000LL /* 2024-05-01T12:00:00Z */

static struct sl_lambda_report report(int cold)
{
    struct sl_lambda_report r;

    memset(&r, 0, sizeof(r));
    snprintf(r.request_id, sizeof(r.request_id), "%s", "8f5e2d1c-0000-4000-8000-000000000001");
    r.duration_ms = 12.34;
    r.billed_duration_ms = 13;
    r.memory_size_mb = 256;
    r.max_memory_used_mb = 71;
    if (cold) {
        r.has_init_duration = 1;
        r.init_duration_ms = 180.25;
    }
    return r;
}

START_TEST(test_report_text)
{
    struct sl_lambda_report r = report(0);
    char out[256];

    sl_invoke_report_text(&r, out, sizeof(out));
    ck_assert_str_eq(out, "Duration 12.3 ms, billed 13 ms, memory 71 of 256 MB");
    r = report(1);
    sl_invoke_report_text(&r, out, sizeof(out));
    ck_assert_str_eq(out, "Duration 12.3 ms, billed 13 ms, memory 71 of 256 MB, init 180.2 ms "
                          "(cold start)");
    snprintf(r.status, sizeof(r.status), "%s", "timeout");
    sl_invoke_report_text(&r, out, sizeof(out));
    ck_assert_str_eq(out, "Duration 12.3 ms, billed 13 ms, memory 71 of 256 MB, init 180.2 ms "
                          "(cold start), status timeout");
    /* a short buffer is cut, never overrun */
    sl_invoke_report_text(&r, out, 10);
    ck_assert_str_eq(out, "Duration ");
}
END_TEST

START_TEST(test_confirm_yes_no)
{
    char q[256];

    ck_assert_int_eq(sl_invoke_confirm_kind(0), SL_INVOKE_CONFIRM_YES_NO);
    ck_assert(sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_YES_NO, "f", "y"));
    ck_assert(sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_YES_NO, "f", "Y"));
    ck_assert(sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_YES_NO, "f", " yes "));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_YES_NO, "f", "n"));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_YES_NO, "f", ""));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_YES_NO, "f", "yy"));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_YES_NO, "f", NULL));
    /* a y/n question is not answered by the name */
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_YES_NO, "f", "f"));
    sl_invoke_confirm_question(SL_INVOKE_CONFIRM_YES_NO,
                               "arn:aws:lambda:us-east-1:123456789012:function:orders:live",
                               "big-order", "dev", q, sizeof(q));
    ck_assert_str_eq(q, "Invoke orders with \"big-order\"? (y/n) ");
    ck_assert(sl_answer_is_yes("yes"));
    ck_assert(!sl_answer_is_yes("no"));
    ck_assert(!sl_answer_is_yes(NULL));
}
END_TEST

START_TEST(test_confirm_production)
{
    const char *fn = "users-api-GetUserFunction-4XJ2K9LQ7ZAB";
    char q[256], name[128];

    ck_assert_int_eq(sl_invoke_confirm_kind(1), SL_INVOKE_CONFIRM_NAME);
    ck_assert(sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, fn, fn));
    ck_assert(sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, fn,
                                        "  users-api-GetUserFunction-4XJ2K9LQ7ZAB \n"));
    /* y is not enough, nor a prefix, another case, or nothing */
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, fn, "y"));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, fn, "users-api-GetUserFunction"));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, fn,
                                         "USERS-API-GETUSERFUNCTION-4XJ2K9LQ7ZAB"));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, fn, ""));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, fn, NULL));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, "", ""));
    /* an ARN or a qualifier: the function's name is what is typed */
    ck_assert(sl_invoke_confirm_accepts(
        SL_INVOKE_CONFIRM_NAME, "arn:aws:lambda:us-east-1:123456789012:function:orders:live",
        "orders"));
    ck_assert(sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, "orders:7", "orders"));
    ck_assert(!sl_invoke_confirm_accepts(SL_INVOKE_CONFIRM_NAME, "orders:7", "orders:7"));
    sl_invoke_function_name("arn:aws:lambda:us-east-1:123456789012:function:orders", name,
                            sizeof(name));
    ck_assert_str_eq(name, "orders");
    sl_invoke_confirm_question(SL_INVOKE_CONFIRM_NAME, fn, "get-u123", "prod", q, sizeof(q));
    ck_assert_str_eq(q, "\"prod\" is a production profile: type the function's name to invoke "
                        "it: ");
}
END_TEST

static const char *role_tag(unsigned char role)
{
    switch (role) {
    case SL_ROLE_NORMAL:
        return "normal";
    case SL_ROLE_TITLE:
        return "title";
    case SL_ROLE_GOOD:
        return "good";
    case SL_ROLE_WARN:
        return "warn";
    case SL_ROLE_BAD:
        return "bad";
    case SL_ROLE_DIM:
        return "dim";
    default:
        return "?";
    }
}

/* The lines as "role|text", one per line. */
static char *lines_text(const struct sl_text_lines *t)
{
    size_t i, cap = 64, used = 0;
    char *s = malloc(cap);

    s[0] = '\0';
    for (i = 0; i < t->n; i++) {
        size_t need = strlen(t->v[i].text) + 16;

        while (used + need >= cap)
            s = realloc(s, cap *= 2);
        used +=
            (size_t)snprintf(s + used, cap - used, "%s|%s\n", role_tag(t->v[i].role), t->v[i].text);
    }
    return s;
}

START_TEST(test_result_lines_ok)
{
    struct sl_lambda_invoke_result r;
    struct sl_text_lines t;
    char *s;
    static const char log[] =
        "START RequestId: abc Version: $LATEST\n"
        "2024-05-01T12:00:00.000Z\tabc\tINFO\tfetching user \x1b[31mu-123\n"
        "END RequestId: abc\n"
        "REPORT RequestId: abc\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 "
        "MB\tMax Memory Used: 71 MB\t\n";

    memset(&r, 0, sizeof(r));
    r.status = 200;
    r.executed_version = (char *)"$LATEST";
    r.request_id = (char *)"abc";
    r.payload = (char *)"{\"statusCode\":200,\"body\":\"{\\\"id\\\":\\\"u-123\\\"}\"}";
    r.payload_len = strlen(r.payload);
    r.log_tail = (char *)log;
    r.log_tail_len = strlen(log);
    r.report = report(1);
    r.has_report = 1;
    sl_text_lines_init(&t);
    ck_assert_int_eq(sl_invoke_result_lines(&r, NULL, &t), SL_OK);
    s = lines_text(&t);
    ck_assert_msg(!strncmp(s, "good|Status 200   version $LATEST   request id abc\n",
                           strlen("good|Status 200   version $LATEST   request id abc\n")),
                  "%s", s);
    ck_assert_ptr_nonnull(strstr(s, "\nnormal|Duration 12.3 ms, billed 13 ms, memory 71 of 256 MB, "
                                    "init 180.2 ms (cold start)\n"));
    ck_assert_ptr_nonnull(strstr(s, "\ntitle|Payload\nnormal|{\nnormal|  \"statusCode\": 200,\n"));
    ck_assert_ptr_nonnull(
        strstr(s, "\ntitle|Log tail\nnormal|START RequestId: abc Version: $LATEST\n"));
    /* the escape sequence from the log is made visible, the tab is a space */
    ck_assert_ptr_nonnull(strstr(s, "INFO fetching user ^[[31mu-123\n"));
    ck_assert_ptr_null(strchr(s, '\x1b'));
    ck_assert_ptr_null(strchr(s, '\t'));
    /* no line for a function error */
    ck_assert_ptr_null(strstr(s, "\nbad|"));
    free(s);
    sl_text_lines_clear(&t);
}
END_TEST

START_TEST(test_result_lines_function_error)
{
    struct sl_lambda_invoke_result r;
    struct sl_text_lines t;
    char *s;

    memset(&r, 0, sizeof(r));
    r.status = 200;
    r.function_error = (char *)"Unhandled";
    r.payload = (char *)"{\"errorType\":\"TypeError\",\"errorMessage\":\"boom\"}";
    r.payload_len = strlen(r.payload);
    sl_text_lines_init(&t);
    ck_assert_int_eq(sl_invoke_result_lines(
                         &r, "The function returned an error (Unhandled): TypeError: boom", &t),
                     SL_OK);
    s = lines_text(&t);
    /* the status and the error in red (bad), the type named */
    ck_assert_msg(!strncmp(s,
                           "bad|Status 200\nbad|The function returned an error (Unhandled): "
                           "TypeError: boom\n",
                           strlen("bad|Status 200\nbad|The function returned an error (Unhandled): "
                                  "TypeError: boom\n")),
                  "%s", s);
    ck_assert_ptr_nonnull(strstr(s, "normal|  \"errorType\": \"TypeError\",\n"));
    ck_assert_ptr_nonnull(strstr(s, "\ndim|(no log tail)\n"));
    free(s);
    sl_text_lines_clear(&t);
    /* without the sentence, the header still says it failed */
    sl_text_lines_init(&t);
    r.payload = (char *)"not json \x07";
    r.payload_len = strlen(r.payload);
    ck_assert_int_eq(sl_invoke_result_lines(&r, NULL, &t), SL_OK);
    s = lines_text(&t);
    ck_assert_ptr_nonnull(strstr(s, "\nbad|The function returned an error (Unhandled).\n"));
    ck_assert_ptr_nonnull(strstr(s, "\nnormal|not json ^G\n"));
    free(s);
    sl_text_lines_clear(&t);
}
END_TEST

START_TEST(test_log_window)
{
    long long from, to;

    sl_invoke_log_window(NOW, NOW + 2000, NOW + 3000, &from, &to);
    ck_assert_int_eq(from, NOW - 60000);
    ck_assert_int_eq(to, 0); /* still follows: late lines are on their way */
    sl_invoke_log_window(NOW, NOW + 2000, NOW + 3600000, &from, &to);
    ck_assert_int_eq(from, NOW - 60000);
    ck_assert_int_eq(to, NOW + 62000);
}
END_TEST

START_TEST(test_text_lines)
{
    struct sl_text_lines t;
    size_t top;

    sl_text_lines_init(&t);
    sl_text_lines_add(&t, SL_ROLE_NORMAL, "a\r\nb\n\nc\n", 8);
    ck_assert_uint_eq(t.n, 4);
    ck_assert_str_eq(t.v[0].text, "a");
    ck_assert_str_eq(t.v[1].text, "b");
    ck_assert_str_eq(t.v[2].text, "");
    ck_assert_str_eq(t.v[3].text, "c");
    sl_text_lines_add(&t, SL_ROLE_BAD, "", 0);
    ck_assert_uint_eq(t.n, 5);
    ck_assert_int_eq(t.v[4].role, SL_ROLE_BAD);
    sl_text_lines_add(&t, SL_ROLE_NORMAL, "x\0y", 3);
    ck_assert_str_eq(t.v[5].text, "x^@y");
    sl_text_lines_addf(&t, SL_ROLE_TITLE, "%d %s", 7, "\x1b]0;title\x07");
    ck_assert_str_eq(t.v[6].text, "7 ^[]0;title^G");
    ck_assert_int_eq(sl_text_lines_status(&t), SL_OK);
    /* scrolling keeps a full screen */
    ck_assert_uint_eq(sl_text_lines_clamp(&t, 100, 3), 4);
    ck_assert_uint_eq(sl_text_lines_clamp(&t, 100, 30), 0);
    top = 0;
    ck_assert(sl_text_lines_scroll(&t, &top, 3, SL_REQ_DOWN));
    ck_assert_uint_eq(top, 1);
    ck_assert(sl_text_lines_scroll(&t, &top, 3, SL_REQ_LAST));
    ck_assert_uint_eq(top, 4);
    ck_assert(sl_text_lines_scroll(&t, &top, 3, SL_REQ_PAGE_UP));
    ck_assert_uint_eq(top, 2);
    ck_assert(sl_text_lines_scroll(&t, &top, 3, SL_REQ_FIRST));
    ck_assert_uint_eq(top, 0);
    ck_assert(sl_text_lines_scroll(&t, &top, 3, SL_REQ_UP));
    ck_assert_uint_eq(top, 0);
    ck_assert(!sl_text_lines_scroll(&t, &top, 3, SL_REQ_ENTER));
    sl_text_lines_clear(&t);
    ck_assert_uint_eq(t.n, 0);
    ck_assert_ptr_null(t.v);
}
END_TEST

/* The samples offered for a payload are named as `slctl events generate` takes them. */
START_TEST(test_sample_names)
{
    static const enum sl_event_type types[] = {
        SL_EVENT_APIGW_V1, SL_EVENT_APIGW_V2,    SL_EVENT_SQS,      SL_EVENT_S3,
        SL_EVENT_SNS,      SL_EVENT_EVENTBRIDGE, SL_EVENT_SCHEDULE,
    };
    enum sl_event_type back;
    size_t i;

    ck_assert_str_eq(sl_event_type_name(SL_EVENT_APIGW_V1), "api-gateway-v1");
    ck_assert_str_eq(sl_event_type_name(SL_EVENT_APIGW_V2), "api-gateway-v2");
    ck_assert_str_eq(sl_event_type_name((enum sl_event_type)99), "");
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        ck_assert_int_eq(sl_event_type_parse(sl_event_type_name(types[i]), &back), 0);
        ck_assert_int_eq(back, types[i]);
    }
}
END_TEST

static Suite *invoke_suite(void)
{
    Suite *s = suite_create("ui-invoke");
    TCase *tc = tcase_create("invoke");

    tcase_add_test(tc, test_report_text);
    tcase_add_test(tc, test_confirm_yes_no);
    tcase_add_test(tc, test_confirm_production);
    tcase_add_test(tc, test_result_lines_ok);
    tcase_add_test(tc, test_result_lines_function_error);
    tcase_add_test(tc, test_log_window);
    tcase_add_test(tc, test_text_lines);
    tcase_add_test(tc, test_sample_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    /* UTF-8 and English, whatever the environment says */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    unsetenv("LANGUAGE");
    sr = srunner_create(invoke_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
