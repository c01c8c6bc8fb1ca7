#include "sl_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

static const char *const sl_err_text[] = {
#define X(name, text) text,
    SL_ERR_TABLE(X)
#undef X
};

const char *sl_strerror(enum sl_err e)
{
    if ((int)e < 0 || e >= SL_ERR_COUNT)
        return _("unknown error");
    return _(sl_err_text[e]);
}

void sl_error_clear(struct sl_error *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

enum sl_err sl_error_set(struct sl_error *err, enum sl_err e, const char *fmt, ...)
{
    if (err && fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
    }
    return e;
}

void sl_error_format(enum sl_err e, const struct sl_error *err, char *out, size_t outlen)
{
    const char *msg = (err && err->message[0]) ? err->message : sl_strerror(e);
    size_t n;

    if (!outlen)
        return;
    n = (size_t)snprintf(out, outlen, "%s", msg);
    if (err && err->code[0] && n < outlen && !strstr(msg, err->code))
        n += (size_t)snprintf(out + n, outlen - n, " (%s)", err->code);
    if (err && err->request_id[0] && n < outlen)
        snprintf(out + n, outlen - n, _(" [request id %s]"), err->request_id);
}
