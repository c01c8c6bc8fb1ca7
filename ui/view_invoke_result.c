/* The result of one invocation: the HTTP status, the function error in red, the executed
 * version, the REPORT figures, the payload pretty-printed and the log tail, scrolled with the
 * list keys. `l` opens the function's log lines of this invocation: its log group around the
 * time it ran, filtered by its request id and with the id highlighted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "invoke_text.h"
#include "lambda.h"
#include "log_targets.h"
#include "textlines.h"
#include "view.h"
#include "view_invoke.h"
#include "views.h"

struct result_view {
    struct sl_view base;
    char *function;
    char *log_group;
    char *event;
    char *request_id;
    long long start_ms, end_ms;
    struct sl_text_lines lines;
    size_t top;
    size_t height; /* rows at the last draw */
};

static void rv_load(struct sl_view *v, int refresh)
{
    if (refresh)
        sl_app_info(v->app, "%s",
                    _("This is an invocation that happened; Esc goes back to invoke again."));
}

static void rv_draw(struct sl_view *v, int top, int height, int width)
{
    struct result_view *rv = (struct result_view *)v;

    if (height <= 0)
        return;
    rv->height = (size_t)height;
    rv->top = sl_text_lines_clamp(&rv->lines, rv->top, rv->height);
    sl_text_lines_draw(&rv->lines, rv->top, top, height, width);
}

static void open_logs(struct result_view *rv)
{
    struct sl_app *app = rv->base.app;
    const char *groups[1], *labels[1];
    char filter[160];
    long long from, to;
    struct sl_view *next;

    if (!rv->request_id || !rv->request_id[0]) {
        sl_app_info(app, "%s", _("AWS sent no request id, so the log lines cannot be found."));
        return;
    }
    if (!rv->log_group) {
        sl_app_info(app, "%s", _("The function's log group is not known."));
        return;
    }
    groups[0] = rv->log_group;
    labels[0] = sl_log_group_label(rv->log_group);
    /* a quoted term: CloudWatch Logs matches the id as one exact phrase */
    snprintf(filter, sizeof(filter), "\"%s\"", rv->request_id);
    sl_invoke_log_window(rv->start_ms, rv->end_ms, sl_app_now_ms(app), &from, &to);
    next = sl_view_logs_new(app, groups, labels, 1, from, to, filter, rv->request_id);
    if (next)
        sl_app_push(app, next);
    else
        sl_app_error(app, SL_ENOMEM, NULL);
}

static unsigned rv_request(struct sl_view *v, enum sl_req req, int key)
{
    struct result_view *rv = (struct result_view *)v;

    if (sl_text_lines_scroll(&rv->lines, &rv->top, rv->height, req))
        return SL_UI_HANDLED | SL_UI_REDRAW;
    if (req != SL_REQ_INVOCATION_LOGS)
        return SL_UI_IGNORED;
    open_logs(rv);
    return SL_UI_HANDLED | SL_UI_REDRAW;
}

static int rv_cancel(struct sl_view *v)
{
    return 0;
}

static int rv_busy(const struct sl_view *v, int *pages)
{
    if (pages)
        *pages = 0;
    return 0;
}

static const char *rv_error(const struct sl_view *v)
{
    return NULL;
}

static void rv_crumb(const struct sl_view *v, char *out, size_t len)
{
    snprintf(out, len, "%s", _("result"));
}

static void rv_summary(const struct sl_view *v, char *out, size_t len)
{
    const struct result_view *rv = (const struct result_view *)v;
    size_t last = rv->top + rv->height < rv->lines.n ? rv->top + rv->height : rv->lines.n;

    if (rv->lines.n > rv->height)
        snprintf(out, len, _("lines %zu-%zu of %zu"), rv->top + 1, last, rv->lines.n);
    else
        out[0] = '\0';
}

static const char *rv_function(const struct sl_view *v)
{
    return ((const struct result_view *)v)->function;
}

static void rv_free(struct sl_view *v)
{
    struct result_view *rv = (struct result_view *)v;

    sl_text_lines_clear(&rv->lines);
    free(rv->function);
    free(rv->log_group);
    free(rv->event);
    free(rv->request_id);
    free(rv);
}

static const struct sl_view_ops result_view_ops = {
    .kind = "invoke-result",
    .load = rv_load,
    .draw = rv_draw,
    .request = rv_request,
    .cancel = rv_cancel,
    .busy = rv_busy,
    .error = rv_error,
    .crumb = rv_crumb,
    .summary = rv_summary,
    .free = rv_free,
    .function = rv_function,
};

struct sl_view *sl_view_invoke_result_new(const char *function, const char *log_group,
                                          const char *event, struct sl_lambda_invoke_result *res,
                                          const char *function_error, long long start_ms,
                                          long long end_ms)
{
    struct result_view *rv = calloc(1, sizeof(*rv));

    if (!rv)
        return NULL;
    rv->base.ops = &result_view_ops;
    rv->base.scopes = SL_SCOPE_GLOBAL | SL_SCOPE_LIST | SL_SCOPE_RESULT;
    rv->function = strdup(function ? function : "");
    rv->log_group = log_group ? strdup(log_group) : NULL;
    rv->event = strdup(event ? event : "");
    rv->start_ms = start_ms;
    rv->end_ms = end_ms;
    sl_text_lines_init(&rv->lines);
    if (!rv->function || !rv->event || (log_group && !rv->log_group) ||
        sl_invoke_result_lines(res, function_error, &rv->lines)) {
        rv_free(&rv->base);
        return NULL;
    }
    rv->request_id = res->request_id; /* taken; the rest is drawn from the lines */
    res->request_id = NULL;
    sl_lambda_invoke_result_clear(res);
    return &rv->base;
}
