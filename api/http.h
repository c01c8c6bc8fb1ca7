/* Plain HTTP request and response values, shared by the signer, the transport and the
 * protocol code. Nothing here touches the network. */
#ifndef SL_HTTP_H
#define SL_HTTP_H

#include <stddef.h>

#include "buf.h"
#include "sl_error.h"

struct sl_header {
    char *name;
    char *value;
};

struct sl_headers {
    struct sl_header *v;
    size_t n;
    size_t cap;
};

/* Appends a copy of name/value (a repeated name is kept as a second entry). */
enum sl_err sl_headers_add(struct sl_headers *h, const char *name, const char *value);
/* Replaces every entry named name (case-insensitive) by one with value. */
enum sl_err sl_headers_set(struct sl_headers *h, const char *name, const char *value);
/* First value for name, case-insensitive, or NULL. */
const char *sl_headers_get(const struct sl_headers *h, const char *name);
void sl_headers_remove(struct sl_headers *h, const char *name);
void sl_headers_free(struct sl_headers *h);

struct sl_http_request {
    char method[8];  /* GET, POST, PUT, ... */
    char *scheme;    /* "https" or "http" */
    char *host;      /* host as sent in the Host header, with ":port" when not default */
    char *base_path; /* from an endpoint URL with a path ("" or "/base"), no trailing '/' */
    char *path;      /* the request path as sent on the wire (already percent-encoded) */
    char *query;     /* the query string as sent, without '?', already encoded ("" if none) */
    struct sl_headers headers;
    const unsigned char *body; /* not owned */
    size_t body_len;
    long connect_timeout_ms; /* 0: transport default */
    long timeout_ms;         /* whole-request limit; 0: transport default */
    size_t max_response;     /* cap on the response body; 0: SL_BUF_DEFAULT_MAX */
};

struct sl_http_response {
    long status;
    struct sl_headers headers;
    struct sl_buf body;
};

void sl_http_request_free(struct sl_http_request *r);
void sl_http_response_free(struct sl_http_response *r);

/* "scheme://host[base_path]path[?query]", newly allocated. */
char *sl_http_request_url(const struct sl_http_request *r);

/* RFC 3986 percent-encoding of every byte but A-Z a-z 0-9 - _ . ~ (and '/' when keep_slash)
 * appended to out. */
enum sl_err sl_uri_encode(struct sl_buf *out, const char *s, size_t len, int keep_slash);

#endif
