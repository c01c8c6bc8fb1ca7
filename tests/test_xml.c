/* The XML DOM: local names whatever the namespace, text per element, lists (nested, empty,
 * self-closed, absent), and hostile or broken input (truncated, DOCTYPE and entities, deep
 * nesting, too many elements) refused with a line number and never a crash. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xml.h"

static struct sl_xml_node *parse_ok(const char *s)
{
    struct sl_xml_node *root = NULL;
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_msg(sl_xml_parse(s, strlen(s), &root, &err) == SL_OK, "parse failed: %s",
                  err.message);
    ck_assert_ptr_nonnull(root);
    return root;
}

static enum sl_err parse_fail(const char *s, size_t len, struct sl_error *err)
{
    struct sl_xml_node *root = (struct sl_xml_node *)1; /* must come back NULL */
    enum sl_err rc;

    sl_error_clear(err);
    rc = sl_xml_parse(s, len, &root, err);
    ck_assert_ptr_null(root);
    ck_assert_int_ne(rc, SL_OK);
    return rc;
}

START_TEST(test_query_answer)
{
    static const char doc[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
        "  <GetCallerIdentityResult>\n"
        "    <Arn>arn:aws:iam::123456789012:user/alice</Arn>\n"
        "    <UserId>AIDAEXAMPLE</UserId>\n"
        "    <Account>123456789012</Account>\n"
        "  </GetCallerIdentityResult>\n"
        "  <ResponseMetadata>\n"
        "    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n"
        "  </ResponseMetadata>\n"
        "</GetCallerIdentityResponse>\n";
    struct sl_xml_node *root = parse_ok(doc);
    const struct sl_xml_node *res;

    ck_assert_str_eq(sl_xml_name(root), "GetCallerIdentityResponse");
    res = sl_xml_child(root, "GetCallerIdentityResult");
    ck_assert_ptr_nonnull(res);
    ck_assert_ptr_eq(sl_xml_parent(res), root);
    ck_assert_str_eq(sl_xml_text(sl_xml_child(res, "Account")), "123456789012");
    ck_assert_str_eq(sl_xml_text(sl_xml_path(root, "GetCallerIdentityResult/Arn")),
                     "arn:aws:iam::123456789012:user/alice");
    ck_assert_str_eq(sl_xml_text(sl_xml_path(root, "ResponseMetadata/RequestId")),
                     "01234567-89ab-cdef-0123-456789abcdef");
    ck_assert_int_eq(sl_xml_text_len(sl_xml_path(root, "GetCallerIdentityResult/UserId")), 11);
    ck_assert_ptr_null(sl_xml_path(root, "GetCallerIdentityResult/Nope"));
    ck_assert_ptr_null(sl_xml_path(root, "Nope/Arn"));
    ck_assert_ptr_eq(sl_xml_path(root, ""), root);
    ck_assert_str_eq(sl_xml_text(sl_xml_path(root, "Nope")), "");
    sl_xml_free(&root);
    ck_assert_ptr_null(root);
    sl_xml_free(&root); /* NULL-safe */
    sl_xml_free(NULL);
}
END_TEST

START_TEST(test_namespace_prefixes)
{
    static const char doc[] = "<ns1:ErrorResponse xmlns:ns1=\"http://example.com/a\" "
                              "xmlns:other=\"http://example.com/b\">"
                              "<ns1:Error><other:Code>Throttling</other:Code>"
                              "<Message>Rate exceeded</Message></ns1:Error>"
                              "<ns1:RequestId>r-1</ns1:RequestId></ns1:ErrorResponse>";
    struct sl_xml_node *root = parse_ok(doc);

    ck_assert_str_eq(sl_xml_name(root), "ErrorResponse");
    ck_assert_str_eq(sl_xml_text(sl_xml_path(root, "Error/Code")), "Throttling");
    ck_assert_str_eq(sl_xml_text(sl_xml_path(root, "Error/Message")), "Rate exceeded");
    ck_assert_str_eq(sl_xml_text(sl_xml_child(root, "RequestId")), "r-1");
    sl_xml_free(&root);
}
END_TEST

START_TEST(test_nested_lists)
{
    static const char doc[] =
        "<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
        "<DescribeStacksResult><Stacks>"
        "<member><StackName>a</StackName><Parameters>"
        "<member><ParameterKey>K1</ParameterKey><ParameterValue>V1</ParameterValue></member>"
        "<member><ParameterKey>K2</ParameterKey><ParameterValue>V2</ParameterValue></member>"
        "</Parameters><Tags/></member>"
        "<member><StackName>b</StackName><Parameters></Parameters></member>"
        "<member><StackName>c</StackName></member>"
        "</Stacks><NextToken>tok</NextToken></DescribeStacksResult>"
        "</DescribeStacksResponse>";
    struct sl_xml_node *root = parse_ok(doc);
    const struct sl_xml_node *stacks = sl_xml_path(root, "DescribeStacksResult/Stacks");
    const struct sl_xml_node *m, *p;
    const char *names[3] = {"a", "b", "c"};
    int i = 0;

    ck_assert_int_eq(sl_xml_count(stacks, "member"), 3);
    ck_assert_int_eq(sl_xml_count(stacks, NULL), 3);
    for (m = sl_xml_child(stacks, "member"); m; m = sl_xml_next_sibling_named(m)) {
        ck_assert_int_lt(i, 3);
        ck_assert_str_eq(sl_xml_text(sl_xml_child(m, "StackName")), names[i]);
        i++;
    }
    ck_assert_int_eq(i, 3);

    m = sl_xml_child(stacks, "member");
    p = sl_xml_path(m, "Parameters/member");
    ck_assert_str_eq(sl_xml_text(sl_xml_child(p, "ParameterKey")), "K1");
    p = sl_xml_next_sibling_named(p);
    ck_assert_str_eq(sl_xml_text(sl_xml_child(p, "ParameterValue")), "V2");
    ck_assert_ptr_null(sl_xml_next_sibling_named(p));
    /* self-closed and empty lists exist but have no members; an absent one is NULL */
    ck_assert_ptr_nonnull(sl_xml_child(m, "Tags"));
    ck_assert_int_eq(sl_xml_count(sl_xml_child(m, "Tags"), "member"), 0);
    ck_assert_ptr_null(sl_xml_first_child(sl_xml_child(m, "Tags")));
    ck_assert_str_eq(sl_xml_text(sl_xml_child(m, "Tags")), "");
    m = sl_xml_next_sibling_named(m);
    ck_assert_ptr_nonnull(sl_xml_child(m, "Parameters"));
    ck_assert_ptr_null(sl_xml_path(m, "Parameters/member"));
    m = sl_xml_next_sibling_named(m);
    ck_assert_ptr_null(sl_xml_child(m, "Parameters"));
    ck_assert_int_eq(sl_xml_count(sl_xml_child(m, "Parameters"), NULL), 0);

    /* plain iteration sees every child in order */
    i = 0;
    for (m = sl_xml_first_child(sl_xml_child(root, "DescribeStacksResult")); m; m = sl_xml_next(m))
        i++;
    ck_assert_int_eq(i, 2);
    sl_xml_free(&root);
}
END_TEST

START_TEST(test_text_content)
{
    static const char doc[] = "<a>x<b>y</b>z<c><![CDATA[<raw> & stuff]]></c>"
                              "<d>&lt;tag&gt; &amp; &quot;q&quot; &apos;s&apos; &#65;&#x42;</d>"
                              "<e>  spaced  </e><f/><g>caf\xc3\xa9</g></a>";
    struct sl_xml_node *root = parse_ok(doc);

    ck_assert_str_eq(sl_xml_text(root), "xz");
    ck_assert_str_eq(sl_xml_text(sl_xml_child(root, "b")), "y");
    ck_assert_str_eq(sl_xml_text(sl_xml_child(root, "c")), "<raw> & stuff");
    ck_assert_str_eq(sl_xml_text(sl_xml_child(root, "d")), "<tag> & \"q\" 's' AB");
    ck_assert_str_eq(sl_xml_text(sl_xml_child(root, "e")), "  spaced  ");
    ck_assert_str_eq(sl_xml_text(sl_xml_child(root, "f")), "");
    ck_assert_str_eq(sl_xml_text(sl_xml_child(root, "g")), "caf\xc3\xa9");
    sl_xml_free(&root);
}
END_TEST

START_TEST(test_null_safety)
{
    ck_assert_str_eq(sl_xml_text(NULL), "");
    ck_assert_str_eq(sl_xml_name(NULL), "");
    ck_assert_ptr_null(sl_xml_child(NULL, "a"));
    ck_assert_ptr_null(sl_xml_path(NULL, "a/b"));
    ck_assert_ptr_null(sl_xml_next_sibling_named(NULL));
    ck_assert_ptr_null(sl_xml_first_child(NULL));
    ck_assert_ptr_null(sl_xml_next(NULL));
    ck_assert_int_eq(sl_xml_count(NULL, NULL), 0);
    ck_assert_int_eq(sl_xml_text_len(NULL), 0);
}
END_TEST

START_TEST(test_truncated)
{
    static const char doc[] = "<DescribeStacksResponse>\n"
                              "  <DescribeStacksResult>\n"
                              "    <Stacks><member><StackName>ab";
    struct sl_error err;
    size_t cut;

    ck_assert_int_eq(parse_fail(doc, strlen(doc), &err), SL_EPARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "line 3"));
    /* every prefix of a valid document fails cleanly (ASan watches) */
    for (cut = 0; cut < strlen(doc); cut++)
        ck_assert_int_eq(parse_fail(doc, cut, &err), SL_EPARSE);
}
END_TEST

START_TEST(test_malformed)
{
    static const char *const bad[] = {
        "",
        "   ",
        "not xml at all",
        "<a></b>",
        "<a><b></a></b>",
        "<a>&undefined;</a>",
        "<a x=1></a>",
        "<a></a><b></b>",
        "<a>\x01</a>",
        "<?xml version=\"1.0\"?>",
        "{\"message\":\"json, not xml\"}",
        "<html><body><h1>502 Bad Gateway</h1><hr></body>",
    };
    struct sl_error err;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_int_eq(parse_fail(bad[i], strlen(bad[i]), &err), SL_EPARSE);
        ck_assert_msg(strstr(err.message, "line") != NULL, "no line in: %s", err.message);
    }
    ck_assert_int_eq(parse_fail(NULL, 0, &err), SL_EPARSE);
    ck_assert_int_eq(parse_fail("<a>", 3, NULL), SL_EPARSE); /* err may be NULL */
}
END_TEST

START_TEST(test_line_number)
{
    static const char doc[] = "<a>\n<b>\n</b>\n<c>\n</d>\n</a>";
    struct sl_error err;

    ck_assert_int_eq(parse_fail(doc, strlen(doc), &err), SL_EPARSE);
    ck_assert_msg(strstr(err.message, "line 5") != NULL, "%s", err.message);
}
END_TEST

START_TEST(test_doctype_refused)
{
    static const char laughs[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE lolz [\n"
        " <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        "]>\n"
        "<lolz>&lol4;</lolz>";
    static const char xxe[] = "<?xml version=\"1.0\"?>\n"
                              "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                              "<foo>&xxe;</foo>";
    static const char plain[] = "<!DOCTYPE html><html></html>";
    static const char external[] = "<!DOCTYPE a SYSTEM \"http://example.com/a.dtd\"><a/>";
    struct sl_error err;

    ck_assert_int_eq(parse_fail(laughs, strlen(laughs), &err), SL_EPARSE);
    ck_assert_msg(strstr(err.message, "DOCTYPE") != NULL, "%s", err.message);
    ck_assert_ptr_nonnull(strstr(err.message, "line 2"));
    ck_assert_int_eq(parse_fail(xxe, strlen(xxe), &err), SL_EPARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "DOCTYPE"));
    ck_assert_int_eq(parse_fail(plain, strlen(plain), &err), SL_EPARSE);
    ck_assert_int_eq(parse_fail(external, strlen(external), &err), SL_EPARSE);
}
END_TEST

static char *nested(int depth)
{
    struct sl_buf b;
    int i;

    int rc = 0;

    sl_buf_init(&b, 0);
    for (i = 0; i < depth; i++)
        rc |= (int)sl_buf_append_str(&b, "<n>");
    rc |= (int)sl_buf_append_str(&b, "deep");
    for (i = 0; i < depth; i++)
        rc |= (int)sl_buf_append_str(&b, "</n>");
    ck_assert_int_eq(rc, 0);
    return sl_buf_take(&b);
}

START_TEST(test_depth_cap)
{
    char *ok = nested(SL_XML_MAX_DEPTH);
    char *bad = nested(SL_XML_MAX_DEPTH + 1);
    char *huge = nested(100000);
    struct sl_xml_node *root = parse_ok(ok);
    const struct sl_xml_node *n = root;
    struct sl_error err;
    int depth = 1;

    while (sl_xml_first_child(n)) {
        n = sl_xml_first_child(n);
        depth++;
    }
    ck_assert_int_eq(depth, SL_XML_MAX_DEPTH);
    ck_assert_str_eq(sl_xml_text(n), "deep");
    sl_xml_free(&root);
    ck_assert_int_eq(parse_fail(bad, strlen(bad), &err), SL_EPARSE);
    ck_assert_msg(strstr(err.message, "deep") != NULL, "%s", err.message);
    ck_assert_int_eq(parse_fail(huge, strlen(huge), &err), SL_EPARSE);
    free(ok);
    free(bad);
    free(huge);
}
END_TEST

START_TEST(test_node_cap)
{
    struct sl_buf b;
    struct sl_error err;
    size_t i;

    sl_buf_init(&b, 0);
    ck_assert_int_eq(sl_buf_append_str(&b, "<a>"), SL_OK);
    for (i = 0; i < SL_XML_MAX_NODES; i++)
        if (sl_buf_append(&b, "<b/>", 4)) /* no ck_assert here: each one costs a write */
            ck_abort_msg("out of memory");
    ck_assert_int_eq(sl_buf_append_str(&b, "</a>"), SL_OK);
    ck_assert_int_eq(parse_fail(b.data, b.len, &err), SL_EPARSE);
    ck_assert_msg(strstr(err.message, "too many") != NULL, "%s", err.message);
    sl_buf_free(&b);
}
END_TEST

START_TEST(test_large_text_across_chunks)
{
    struct sl_buf b;
    struct sl_xml_node *root = NULL;
    struct sl_error err;
    size_t i, n = 3 * 1024 * 1024 + 7;

    sl_buf_init(&b, 0);
    ck_assert_int_eq(sl_buf_append_str(&b, "<r><v>"), SL_OK);
    {
        char *big = malloc(n);

        ck_assert_ptr_nonnull(big);
        for (i = 0; i < n; i++)
            big[i] = i % 2 ? 'y' : 'x';
        ck_assert_int_eq(sl_buf_append(&b, big, n), SL_OK);
        free(big);
    }
    ck_assert_int_eq(sl_buf_append_str(&b, "</v><w>end</w></r>"), SL_OK);
    ck_assert_int_eq(sl_xml_parse(b.data, b.len, &root, &err), SL_OK);
    ck_assert_int_eq(sl_xml_text_len(sl_xml_child(root, "v")), n);
    ck_assert_int_eq(strlen(sl_xml_text(sl_xml_child(root, "v"))), n);
    ck_assert_int_eq(sl_xml_text(sl_xml_child(root, "v"))[n - 1], 'x');
    ck_assert_str_eq(sl_xml_text(sl_xml_child(root, "w")), "end");
    sl_xml_free(&root);
    sl_buf_free(&b);
}
END_TEST

static Suite *xml_suite(void)
{
    Suite *s = suite_create("xml");
    TCase *tc = tcase_create("dom");

    tcase_add_test(tc, test_query_answer);
    tcase_add_test(tc, test_namespace_prefixes);
    tcase_add_test(tc, test_nested_lists);
    tcase_add_test(tc, test_text_content);
    tcase_add_test(tc, test_null_safety);
    tcase_add_test(tc, test_large_text_across_chunks);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_truncated);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_line_number);
    tcase_add_test(tc, test_doctype_refused);
    tcase_add_test(tc, test_depth_cap);
    tcase_add_test(tc, test_node_cap);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(xml_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
