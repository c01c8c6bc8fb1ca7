/* S3 PutObject: the request (path, headers, digests of a known body), the answer, and the
 * upload sent through the client (signing, addressing) on a fake transport. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "client.h"
#include "fake_transport.h"
#include "s3.h"
#include "service.h"
#include "test_support.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- digests --------------------------------------------------------------------------------- */

static const struct {
    const char *data;
    const char *sha256;
    const char *md5;
} digest_cases[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "1B2M2Y8AsgTpgAmY7PhCfg=="},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
     "kAFQmDzST7DWlj99KOF/cg=="},
    {"hello world", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
     "XrY7u+Ae7tCTyyK7j1rNww=="},
};

START_TEST(test_digests)
{
    char sha[65], md5[25];
    const char *d = digest_cases[_i].data;

    ck_assert_int_eq(sl_s3_payload_sha256(d, strlen(d), sha), SL_OK);
    ck_assert_str_eq(sha, digest_cases[_i].sha256);
    ck_assert_int_eq(sl_s3_content_md5(d, strlen(d), md5), SL_OK);
    ck_assert_str_eq(md5, digest_cases[_i].md5);
    if (!*d) {
        ck_assert_int_eq(sl_s3_payload_sha256(NULL, 0, sha), SL_OK);
        ck_assert_str_eq(sha, digest_cases[_i].sha256);
        ck_assert_int_eq(sl_s3_content_md5(NULL, 0, md5), SL_OK);
        ck_assert_str_eq(md5, digest_cases[_i].md5);
    }
}
END_TEST

/* ---- the request ----------------------------------------------------------------------------- */

START_TEST(test_build_known_body)
{
    static const char body[] = "hello world";
    struct sl_call call;
    struct sl_error err;

    sl_call_init(&call, &sl_service_s3, "PutObject");
    ck_assert_int_eq(sl_s3_build_put_object(&call, "my-bucket", "layers/deps.zip", body,
                                            sizeof(body) - 1, NULL, &err),
                     SL_OK);
    ck_assert_str_eq(call.method, "PUT");
    ck_assert_str_eq(sl_buf_str(&call.path), "/layers/deps.zip");
    ck_assert_str_eq(sl_buf_str(&call.query), "");
    ck_assert_str_eq(call.bucket, "my-bucket");
    ck_assert_ptr_eq(call.body_ext, (const unsigned char *)body);
    ck_assert_uint_eq(call.body_ext_len, 11);
    ck_assert_uint_eq(call.body.len, 0);
    ck_assert_int_eq(call.idempotent, 1);
    ck_assert_str_eq(sl_headers_get(&call.headers, "Content-Length"), "11");
    ck_assert_str_eq(sl_headers_get(&call.headers, "Content-Type"), "application/zip");
    ck_assert_str_eq(sl_headers_get(&call.headers, "Content-MD5"), "XrY7u+Ae7tCTyyK7j1rNww==");
    ck_assert_str_eq(sl_headers_get(&call.headers, "x-amz-content-sha256"),
                     "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    ck_assert_ptr_null(sl_headers_get(&call.headers, "Transfer-Encoding"));
    ck_assert_int_ge(call.timeout_ms, 60000);
    ck_assert_uint_gt(call.max_response, 0);
    sl_call_cleanup(&call);

    /* Another content type, and an empty body. */
    sl_call_init(&call, &sl_service_s3, "PutObject");
    ck_assert_int_eq(
        sl_s3_build_put_object(&call, "b", "empty.bin", NULL, 0, "application/octet-stream", &err),
        SL_OK);
    ck_assert_str_eq(sl_headers_get(&call.headers, "Content-Length"), "0");
    ck_assert_str_eq(sl_headers_get(&call.headers, "Content-Type"), "application/octet-stream");
    ck_assert_str_eq(sl_headers_get(&call.headers, "Content-MD5"), "1B2M2Y8AsgTpgAmY7PhCfg==");
    ck_assert_str_eq(sl_headers_get(&call.headers, "x-amz-content-sha256"),
                     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ck_assert_ptr_nonnull(call.body_ext);
    ck_assert_uint_eq(call.body_ext_len, 0);
    sl_call_cleanup(&call);
}
END_TEST

/* Keys are encoded once, '/' kept. */
static const struct {
    const char *key;
    const char *path;
} key_cases[] = {
    {"deps.zip", "/deps.zip"},
    {"layers/2024/deps.zip", "/layers/2024/deps.zip"},
    {"layers/my layer/deps v1.zip", "/layers/my%20layer/deps%20v1.zip"},
    {"dir//x", "/dir//x"},
    {"./a/../b", "/./a/../b"},
    {"a+b=c&d", "/a%2Bb%3Dc%26d"},
    {"~user/x-y_z.zip", "/~user/x-y_z.zip"},
    {"arn:aws:x", "/arn%3Aaws%3Ax"},
    {"\xc3\xbc.zip", "/%C3%BC.zip"},
    {"100%.zip", "/100%25.zip"},
    {"/leading", "//leading"},
};

START_TEST(test_key_encoding)
{
    struct sl_call call;

    sl_call_init(&call, &sl_service_s3, "PutObject");
    ck_assert_int_eq(sl_s3_build_put_object(&call, "b", key_cases[_i].key, "x", 1, NULL, NULL),
                     SL_OK);
    ck_assert_str_eq(sl_buf_str(&call.path), key_cases[_i].path);
    sl_call_cleanup(&call);
}
END_TEST

START_TEST(test_build_refusals)
{
    static char long_key[SL_S3_KEY_MAX + 2];
    struct sl_call call;
    struct sl_error err;

    memset(long_key, 'k', SL_S3_KEY_MAX + 1);
    sl_call_init(&call, &sl_service_s3, "PutObject");
    sl_error_clear(&err);
    ck_assert_int_eq(sl_s3_build_put_object(&call, "b", "", "x", 1, NULL, &err), SL_EINVAL);
    ck_assert(err.message[0]);
    ck_assert_int_eq(sl_s3_build_put_object(&call, "b", NULL, "x", 1, NULL, &err), SL_EINVAL);
    ck_assert_int_eq(sl_s3_build_put_object(&call, "", "k", "x", 1, NULL, &err), SL_EINVAL);
    ck_assert_int_eq(sl_s3_build_put_object(&call, NULL, "k", "x", 1, NULL, &err), SL_EINVAL);
    ck_assert_int_eq(sl_s3_build_put_object(&call, "b", long_key, "x", 1, NULL, &err), SL_EINVAL);
    ck_assert_int_eq(sl_s3_build_put_object(&call, "b", "k", NULL, 5, NULL, &err), SL_EINVAL);
    ck_assert_int_eq(sl_s3_build_put_object(&call, "b", "k", "x", SL_S3_PUT_MAX + 1, NULL, &err),
                     SL_EINVAL);
    ck_assert_uint_eq(call.headers.n, 0);
    long_key[SL_S3_KEY_MAX] = '\0'; /* exactly the limit is fine */
    ck_assert_int_eq(sl_s3_build_put_object(&call, "b", long_key, "x", 1, NULL, &err), SL_OK);
    sl_call_cleanup(&call);
}
END_TEST

/* ---- the answer ------------------------------------------------------------------------------ */

START_TEST(test_parse_answer)
{
    struct sl_call call;
    struct sl_s3_put_result res;
    struct sl_error err;

    sl_call_init(&call, &sl_service_s3, "PutObject");
    call.resp.status = 200;
    sl_headers_add(&call.resp.headers, "etag", "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
    sl_headers_add(&call.resp.headers, "x-amz-version-id", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
    ck_assert_int_eq(sl_s3_parse_put_object(&call, &res, &err), SL_OK);
    ck_assert_str_eq(res.etag, "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
    ck_assert_str_eq(res.version_id, "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");

    /* Unversioned buckets say nothing, or "null" after suspension. */
    sl_headers_set(&call.resp.headers, "x-amz-version-id", "null");
    ck_assert_int_eq(sl_s3_parse_put_object(&call, &res, &err), SL_OK);
    ck_assert_str_eq(res.version_id, "");
    sl_headers_remove(&call.resp.headers, "x-amz-version-id");
    ck_assert_int_eq(sl_s3_parse_put_object(&call, &res, &err), SL_OK);
    ck_assert_str_eq(res.version_id, "");

    sl_headers_remove(&call.resp.headers, "ETag");
    ck_assert_int_eq(sl_s3_parse_put_object(&call, &res, &err), SL_EPARSE);
    ck_assert(err.message[0]);
    sl_call_cleanup(&call);
}
END_TEST

/* ---- through the client ---------------------------------------------------------------------- */

static struct sl_transport *fake;

static struct sl_client *client_new(void)
{
    fake = sl_fake_transport_new();
    sl_test_fake_env("AWS_ENDPOINT_URL_S3", "1");
    return sl_test_client_new(fake, NULL);
}

static void push_ok(const char *etag, const char *version)
{
    char headers[512];

    snprintf(headers, sizeof(headers),
             "x-amz-id-2: ef8yU9AS1ed4OpIszj7UDNEHGran\nx-amz-request-id: 318BC8BC143432E5\n"
             "ETag: %s%s%s\nContent-Length: 0",
             etag, version ? "\nx-amz-version-id: " : "", version ? version : "");
    sl_fake_push_http(fake, 200, headers, "");
}

START_TEST(test_put_through_client)
{
    static const char body[] = "PK\x03\x04 pretend zip \x00\xff bytes";
    struct sl_client *c = client_new();
    struct sl_s3_put_result res;
    struct sl_error err;
    const struct sl_fake_request *r;
    const char *auth;

    push_ok("\"0123456789abcdef0123456789abcdef\"", "v-1");
    ck_assert_int_eq(sl_s3_put_object(c, "my-bucket", "layers/deps v1.zip", body, sizeof(body) - 1,
                                      NULL, &res, &err),
                     SL_OK);
    ck_assert_str_eq(res.etag, "\"0123456789abcdef0123456789abcdef\"");
    ck_assert_str_eq(res.version_id, "v-1");
    r = sl_fake_last_request(fake);
    ck_assert_str_eq(r->method, "PUT");
    ck_assert_str_eq(r->host, "my-bucket.s3.us-east-1.amazonaws.com"); /* virtual host */
    ck_assert_str_eq(r->path, "/layers/deps%20v1.zip");
    ck_assert_uint_eq(r->body_len, sizeof(body) - 1);
    ck_assert_int_eq(memcmp(r->body, body, sizeof(body) - 1), 0);
    {
        char sha[65], num[32];

        snprintf(num, sizeof(num), "%zu", sizeof(body) - 1);
        ck_assert_str_eq(sl_headers_get(&r->headers, "Content-Length"), num);

        sl_s3_payload_sha256(body, sizeof(body) - 1, sha);
        ck_assert_str_eq(sl_headers_get(&r->headers, "x-amz-content-sha256"), sha);
    }
    auth = sl_headers_get(&r->headers, "Authorization");
    ck_assert_ptr_nonnull(auth);
    ck_assert_msg(strstr(auth, "/us-east-1/s3/aws4_request") != NULL, "%s", auth);
    ck_assert_msg(strstr(auth, "content-md5;content-type;host;x-amz-content-sha256;x-amz-date") !=
                      NULL,
                  "%s", auth);

    /* A dotted bucket goes path style; the key is not encoded twice. */
    push_ok("\"e\"", NULL);
    ck_assert_int_eq(
        sl_s3_put_object(c, "my.dotted.bucket", "a b/c.zip", body, 4, NULL, &res, &err), SL_OK);
    ck_assert_str_eq(res.version_id, "");
    r = sl_fake_last_request(fake);
    ck_assert_str_eq(r->host, "s3.us-east-1.amazonaws.com");
    ck_assert_str_eq(r->path, "/my.dotted.bucket/a%20b/c.zip");

    /* S3 XML errors are decoded by the client. */
    sl_fake_push_http(fake, 403,
                      "Content-Type: application/xml\nx-amz-request-id: 4442587FB7D0A2F9",
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                      "<Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId>"
                      "<HostId>host</HostId></Error>");
    ck_assert_int_eq(sl_s3_put_object(c, "my-bucket", "k.zip", body, 4, NULL, &res, &err), SL_EAWS);
    ck_assert_str_eq(err.code, "AccessDenied");
    ck_assert_str_eq(err.request_id, "4442587FB7D0A2F9");
    ck_assert_int_eq(err.http_status, 403);

    /* Refused before anything is sent. */
    ck_assert_int_eq(sl_s3_put_object(c, "my-bucket", "", body, 4, NULL, &res, &err), SL_EINVAL);
    ck_assert_uint_eq(sl_fake_request_count(fake), 3);
    sl_client_free(&c);
}
END_TEST

START_TEST(test_put_file)
{
    char path[] = "/tmp/slctl-test-s3-XXXXXX";
    char dir[] = "/tmp/slctl-test-s3-dir-XXXXXX";
    static const char content[] = "PK\x05\x06 layer zip";
    struct sl_client *c = client_new();
    struct sl_s3_put_result res;
    struct sl_s3_body b;
    struct sl_error err;
    const struct sl_fake_request *r;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, content, sizeof(content) - 1), (ssize_t)sizeof(content) - 1);
    close(fd);

    ck_assert_int_eq(sl_s3_body_map(path, &b, &err), SL_OK);
    ck_assert_uint_eq(b.len, sizeof(content) - 1);
    ck_assert_int_eq(memcmp(b.data, content, b.len), 0);
    sl_s3_body_unmap(&b);
    ck_assert_ptr_null(b.data);
    sl_s3_body_unmap(&b);
    sl_s3_body_unmap(NULL);

    push_ok("\"f\"", "v-9");
    ck_assert_int_eq(sl_s3_put_object_file(c, "my-bucket", "layers/x.zip", path, &res, &err),
                     SL_OK);
    ck_assert_str_eq(res.version_id, "v-9");
    r = sl_fake_last_request(fake);
    ck_assert_uint_eq(r->body_len, sizeof(content) - 1);
    ck_assert_int_eq(memcmp(r->body, content, r->body_len), 0);
    ck_assert_str_eq(sl_headers_get(&r->headers, "Content-Type"), "application/zip");

    /* An empty file is an empty object. */
    fd = open(path, O_WRONLY | O_TRUNC);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(sl_s3_body_map(path, &b, &err), SL_OK);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_ptr_null(b.data);
    sl_s3_body_unmap(&b);
    unlink(path);

    /* Missing files and directories are refused with a sentence naming them. */
    sl_error_clear(&err);
    ck_assert_int_eq(sl_s3_put_object_file(c, "my-bucket", "k", path, &res, &err), SL_EIO);
    ck_assert_msg(strstr(err.message, path) != NULL, "%s", err.message);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(sl_s3_body_map(dir, &b, &err), SL_EINVAL);
    rmdir(dir);
    ck_assert_uint_eq(sl_fake_request_count(fake), 1);
    sl_client_free(&c);
}
END_TEST

static Suite *s3_suite(void)
{
    Suite *s = suite_create("s3");
    TCase *t;

    t = tcase_create("request");
    tcase_add_loop_test(t, test_digests, 0, (int)NELEM(digest_cases));
    tcase_add_test(t, test_build_known_body);
    tcase_add_loop_test(t, test_key_encoding, 0, (int)NELEM(key_cases));
    tcase_add_test(t, test_build_refusals);
    tcase_add_test(t, test_parse_answer);
    suite_add_tcase(s, t);

    t = tcase_create("client");
    tcase_add_test(t, test_put_through_client);
    tcase_add_test(t, test_put_file);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(s3_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
