#include "view_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "text.h"
#include "textlines.h"
#include "view.h"

struct text_view {
    struct sl_view base;
    char *crumb;
    char *function;
    struct sl_text_lines lines;
    size_t top;
    size_t height; /* rows at the last draw */
};

static void tv_load(struct sl_view *v, int refresh) {}

static void tv_draw(struct sl_view *v, int top, int height, int width)
{
    struct text_view *tv = (struct text_view *)v;

    if (height <= 0)
        return;
    tv->height = (size_t)height;
    tv->top = sl_text_lines_clamp(&tv->lines, tv->top, tv->height);
    sl_text_lines_draw(&tv->lines, tv->top, top, height, width);
}

static unsigned tv_request(struct sl_view *v, enum sl_req req, int key)
{
    struct text_view *tv = (struct text_view *)v;

    if (sl_text_lines_scroll(&tv->lines, &tv->top, tv->height, req))
        return SL_UI_HANDLED | SL_UI_REDRAW;
    return SL_UI_IGNORED;
}

static int tv_cancel(struct sl_view *v)
{
    return 0;
}

static int tv_busy(const struct sl_view *v, int *pages)
{
    if (pages)
        *pages = 0;
    return 0;
}

static const char *tv_error(const struct sl_view *v)
{
    return NULL;
}

static void tv_crumb(const struct sl_view *v, char *out, size_t len)
{
    snprintf(out, len, "%s", ((const struct text_view *)v)->crumb);
}

static void tv_summary(const struct sl_view *v, char *out, size_t len)
{
    const struct text_view *tv = (const struct text_view *)v;
    size_t last = tv->top + tv->height < tv->lines.n ? tv->top + tv->height : tv->lines.n;

    if (tv->lines.n > tv->height)
        snprintf(out, len, _("lines %zu-%zu of %zu"), tv->top + 1, last, tv->lines.n);
    else
        out[0] = '\0';
}

static const char *tv_function(const struct sl_view *v)
{
    return ((const struct text_view *)v)->function;
}

static void tv_free(struct sl_view *v)
{
    struct text_view *tv = (struct text_view *)v;

    sl_text_lines_clear(&tv->lines);
    free(tv->crumb);
    free(tv->function);
    free(tv);
}

static const struct sl_view_ops text_view_ops = {
    .kind = "text",
    .load = tv_load,
    .draw = tv_draw,
    .request = tv_request,
    .cancel = tv_cancel,
    .busy = tv_busy,
    .error = tv_error,
    .crumb = tv_crumb,
    .summary = tv_summary,
    .free = tv_free,
    .function = tv_function,
};

struct sl_view *sl_view_text_new(const char *crumb, const char *function,
                                 struct sl_text_lines *lines)
{
    struct text_view *tv = calloc(1, sizeof(*tv));

    if (!tv)
        return NULL;
    tv->base.ops = &text_view_ops;
    tv->base.scopes = SL_SCOPE_GLOBAL | SL_SCOPE_LIST;
    tv->crumb = sl_text_sanitized(crumb ? crumb : "");
    tv->function = function ? strdup(function) : NULL;
    if (!tv->crumb || (function && !tv->function)) {
        free(tv->crumb);
        free(tv->function);
        free(tv);
        return NULL;
    }
    tv->lines = *lines;
    memset(lines, 0, sizeof(*lines));
    return &tv->base;
}
