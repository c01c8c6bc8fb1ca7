/* The profile and region pickers: a one-tab list view (filtering, moving and sorting come with
 * it) wrapped so that Enter switches the session instead of opening a row. */
#include "view_pickers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "aws_config.h"
#include "client.h"
#include "i18n.h"
#include "list_view.h"
#include "text.h"
#include "theme.h"
#include "view.h"

/* The common AWS regions, in the order the AWS console lists them. */
static const struct {
    const char *code;
    const char *name;
} pick_regions[] = {
    {"us-east-1", N_("US East (N. Virginia)")},
    {"us-east-2", N_("US East (Ohio)")},
    {"us-west-1", N_("US West (N. California)")},
    {"us-west-2", N_("US West (Oregon)")},
    {"af-south-1", N_("Africa (Cape Town)")},
    {"ap-east-1", N_("Asia Pacific (Hong Kong)")},
    {"ap-south-1", N_("Asia Pacific (Mumbai)")},
    {"ap-south-2", N_("Asia Pacific (Hyderabad)")},
    {"ap-northeast-1", N_("Asia Pacific (Tokyo)")},
    {"ap-northeast-2", N_("Asia Pacific (Seoul)")},
    {"ap-northeast-3", N_("Asia Pacific (Osaka)")},
    {"ap-southeast-1", N_("Asia Pacific (Singapore)")},
    {"ap-southeast-2", N_("Asia Pacific (Sydney)")},
    {"ap-southeast-3", N_("Asia Pacific (Jakarta)")},
    {"ap-southeast-4", N_("Asia Pacific (Melbourne)")},
    {"ca-central-1", N_("Canada (Central)")},
    {"ca-west-1", N_("Canada West (Calgary)")},
    {"eu-central-1", N_("Europe (Frankfurt)")},
    {"eu-central-2", N_("Europe (Zurich)")},
    {"eu-west-1", N_("Europe (Ireland)")},
    {"eu-west-2", N_("Europe (London)")},
    {"eu-west-3", N_("Europe (Paris)")},
    {"eu-south-1", N_("Europe (Milan)")},
    {"eu-south-2", N_("Europe (Spain)")},
    {"eu-north-1", N_("Europe (Stockholm)")},
    {"il-central-1", N_("Israel (Tel Aviv)")},
    {"me-south-1", N_("Middle East (Bahrain)")},
    {"me-central-1", N_("Middle East (UAE)")},
    {"sa-east-1", N_("South America (São Paulo)")},
};
#define PICK_NREGIONS (sizeof(pick_regions) / sizeof(pick_regions[0]))

const char *const *sl_region_codes(size_t *n)
{
    static const char *codes[PICK_NREGIONS];
    size_t i;

    for (i = 0; i < PICK_NREGIONS; i++)
        codes[i] = pick_regions[i].code;
    *n = PICK_NREGIONS;
    return codes;
}

int sl_region_name_ok(const char *name)
{
    const char *p = name, *last;
    int parts = 0;

    if (!name || !*name || strlen(name) > 32)
        return 0;
    /* letters, then -letters at least once, then -digits */
    while (*p) {
        const char *start = p;

        while (*p >= 'a' && *p <= 'z')
            p++;
        if (p == start)
            break;
        parts++;
        if (*p != '-')
            return 0;
        p++;
    }
    last = p;
    while (*p >= '0' && *p <= '9')
        p++;
    return parts >= 2 && p > last && !*p;
}

/* ---- the rows ------------------------------------------------------------------------------ */

struct pick {
    char *name;
    char *note;
    int current;
};

enum { COL_NAME, COL_NOTE, NCOLS };

static const struct sl_col profile_cols[NCOLS] = {
    [COL_NAME] = {"name", N_("PROFILE"), 10, 0, 0, 'N', 0},
    [COL_NOTE] = {"description", N_("DESCRIPTION"), 12, 0, 0, 0, 0},
};

static const struct sl_col region_cols[NCOLS] = {
    [COL_NAME] = {"name", N_("REGION"), 10, 0, 0, 'N', 0},
    [COL_NOTE] = {"description", N_("DESCRIPTION"), 12, 0, 0, 0, 0},
};

static void pick_row(const void *item, const struct sl_row_ctx *ctx, struct sl_row *out)
{
    const struct pick *p = item;

    /* the one in use is marked */
    sl_row_set(out, COL_NAME, "%s %s", p->current ? "*" : " ", p->name);
    sl_row_set(out, COL_NOTE, "%s", p->note ? p->note : "");
    if (p->current)
        out->row_role = SL_ROLE_GOOD;
}

static const char *pick_key(const void *item)
{
    return ((const struct pick *)item)->name;
}

static void pick_free(void *items, size_t n)
{
    struct pick *v = items;
    size_t i;

    for (i = 0; v && i < n; i++) {
        free(v[i].name);
        free(v[i].note);
    }
    free(v);
}

static int pick_set(struct pick *p, const char *name, const char *note, int current)
{
    p->name = strdup(name);
    p->note = strdup(note ? note : "");
    p->current = current;
    return p->name && p->note ? 0 : -1;
}

/* What a profile is, in a few words: its region and where its keys come from. */
static void profile_note(const struct sl_aws_config *cfg, const char *profile, char *out,
                         size_t len)
{
    const char *region = sl_aws_config_get(cfg, profile, "region");
    const char *role = sl_aws_config_get(cfg, profile, "role_arn");
    const char *slash = role ? strrchr(role, '/') : NULL;
    size_t used = 0;
    int w;

    out[0] = '\0';
    if (region && region[0] && used < len) {
        w = snprintf(out + used, len - used, "%s", region);
        used += w > 0 ? (size_t)w : 0;
    }
    if (role && used < len) {
        char what[300];

        snprintf(what, sizeof(what), _("role %s"), slash ? slash + 1 : role);
        w = snprintf(out + used, len - used, "%s%s", used ? ", " : "", what);
        used += w > 0 ? (size_t)w : 0;
    }
    if (sl_aws_config_get(cfg, profile, "mfa_serial") && used < len) {
        w = snprintf(out + used, len - used, "%s%s", used ? ", " : "", _("MFA code"));
        used += w > 0 ? (size_t)w : 0;
    }
    if ((sl_aws_config_get(cfg, profile, "sso_session") ||
         sl_aws_config_get(cfg, profile, "sso_start_url")) &&
        used < len) {
        w = snprintf(out + used, len - used, "%s%s", used ? ", " : "", _("SSO"));
        used += w > 0 ? (size_t)w : 0;
    }
    if (sl_aws_config_get(cfg, profile, "credential_process") && used < len)
        snprintf(out + used, len - used, "%s%s", used ? ", " : "", _("credential process"));
}

/* The rows are known at once: the page and the end arrive before load returns. */
static enum sl_err profiles_load(struct sl_load *ld, struct sl_client *c, const char *arg,
                                 struct sl_error *err)
{
    const struct sl_aws_config *cfg = sl_client_aws_config(c);
    char **names = sl_aws_config_profiles(cfg);
    const char *current = sl_client_profile(c);
    struct pick *items;
    size_t n = 0, i;

    while (names && names[n])
        n++;
    items = calloc(n ? n : 1, sizeof(*items));
    if (!items) {
        free(names);
        return SL_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        char note[512];

        profile_note(cfg, names[i], note, sizeof(note));
        if (pick_set(&items[i], names[i], note, current && !strcmp(current, names[i])) < 0) {
            pick_free(items, i + 1);
            free(names);
            return SL_ENOMEM;
        }
    }
    free(names);
    sl_load_page(ld, items, n);
    sl_load_done(ld, SL_OK, NULL);
    return SL_OK;
}

static enum sl_err regions_load(struct sl_load *ld, struct sl_client *c, const char *arg,
                                struct sl_error *err)
{
    const char *current = sl_client_region(c);
    struct pick *items = calloc(PICK_NREGIONS + 1, sizeof(*items));
    size_t n = 0, i;
    int known = 0;

    if (!items)
        return SL_ENOMEM;
    for (i = 0; i < PICK_NREGIONS; i++)
        if (current && !strcmp(current, pick_regions[i].code))
            known = 1;
    /* a region beyond the common ones (a new one, a partition) is listed first */
    if (current && current[0] && !known && pick_set(&items[n++], current, "", 1) < 0)
        goto oom;
    for (i = 0; i < PICK_NREGIONS; i++) {
        int cur = current && !strcmp(current, pick_regions[i].code);

        if (pick_set(&items[n++], pick_regions[i].code, _(pick_regions[i].name), cur) < 0)
            goto oom;
    }
    sl_load_page(ld, items, n);
    sl_load_done(ld, SL_OK, NULL);
    return SL_OK;
oom:
    pick_free(items, n);
    return SL_ENOMEM;
}

static const struct sl_list_ops profile_pick_ops = {
    .id = "profiles",
    .title = N_("profiles"),
    .cols = profile_cols,
    .ncols = NCOLS,
    .sort_col = -1,
    .empty = N_("The AWS config and credentials files define no profiles."),
    .item_size = sizeof(struct pick),
    .free_items = pick_free,
    .row = pick_row,
    .key = pick_key,
    .load = profiles_load,
};

static const struct sl_list_ops region_pick_ops = {
    .id = "regions",
    .title = N_("regions"),
    .cols = region_cols,
    .ncols = NCOLS,
    .sort_col = -1,
    .empty = N_("No regions."),
    .item_size = sizeof(struct pick),
    .free_items = pick_free,
    .row = pick_row,
    .key = pick_key,
    .load = regions_load,
};

/* ---- the view: a list view whose Enter switches --------------------------------------------- */

struct picker {
    struct sl_view base;
    struct sl_view *list;
    int regions;
};

static struct sl_view *inner(struct sl_view *v)
{
    struct picker *p = (struct picker *)v;

    p->list->app = v->app;
    return p->list;
}

static const struct sl_view *inner_c(const struct sl_view *v)
{
    return ((const struct picker *)v)->list;
}

static void pk_load(struct sl_view *v, int refresh)
{
    struct sl_view *l = inner(v);

    l->ops->load(l, refresh);
}

static void pk_draw(struct sl_view *v, int top, int height, int width)
{
    struct sl_view *l = inner(v);

    l->ops->draw(l, top, height, width);
}

static unsigned pk_request(struct sl_view *v, enum sl_req req, int key)
{
    struct picker *p = (struct picker *)v;
    struct sl_view *l = inner(v);
    const struct pick *item;

    if (req != SL_REQ_ENTER)
        return l->ops->request(l, req, key);
    item = sl_list_selected_item(sl_list_view_list(l, 0));
    if (!item)
        return SL_UI_HANDLED;
    if (item->current) {
        char *safe = sl_text_sanitized(item->name);

        sl_app_info(v->app, p->regions ? _("Already in %s.") : _("Already using profile %s."),
                    safe ? safe : "");
        free(safe);
        sl_app_close(v->app, v, NULL); /* unlike a pop, the sentence stays */
        return SL_UI_HANDLED;
    }
    sl_app_switch(v->app, p->regions ? NULL : item->name, p->regions ? item->name : NULL);
    return SL_UI_HANDLED | SL_UI_BACK;
}

static int pk_cancel(struct sl_view *v)
{
    struct sl_view *l = inner(v);

    return l->ops->cancel(l);
}

static int pk_busy(const struct sl_view *v, int *pages)
{
    return inner_c(v)->ops->busy(inner_c(v), pages);
}

static const char *pk_error(const struct sl_view *v)
{
    return inner_c(v)->ops->error(inner_c(v));
}

static void pk_set_filter(struct sl_view *v, const char *text)
{
    struct sl_view *l = inner(v);

    l->ops->set_filter(l, text);
}

static const char *pk_filter(const struct sl_view *v)
{
    return inner_c(v)->ops->filter(inner_c(v));
}

static enum sl_err pk_sort(struct sl_view *v, const char *name, struct sl_error *err)
{
    struct sl_view *l = inner(v);

    return l->ops->sort(l, name, err);
}

static void pk_sort_letters(const struct sl_view *v, char *out, size_t len)
{
    inner_c(v)->ops->sort_letters(inner_c(v), out, len);
}

static size_t pk_columns(const struct sl_view *v, const char **ids, size_t max)
{
    return inner_c(v)->ops->columns(inner_c(v), ids, max);
}

static void pk_crumb(const struct sl_view *v, char *out, size_t len)
{
    inner_c(v)->ops->crumb(inner_c(v), out, len);
}

static void pk_summary(const struct sl_view *v, char *out, size_t len)
{
    inner_c(v)->ops->summary(inner_c(v), out, len);
}

static void pk_free(struct sl_view *v)
{
    struct picker *p = (struct picker *)v;

    sl_view_free(&p->list);
    free(p);
}

static const struct sl_view_ops picker_ops = {
    .kind = "picker",
    .load = pk_load,
    .draw = pk_draw,
    .request = pk_request,
    .cancel = pk_cancel,
    .busy = pk_busy,
    .error = pk_error,
    .set_filter = pk_set_filter,
    .filter = pk_filter,
    .sort = pk_sort,
    .sort_letters = pk_sort_letters,
    .columns = pk_columns,
    .crumb = pk_crumb,
    .summary = pk_summary,
    .free = pk_free,
};

static struct sl_view *picker_new(const struct sl_list_ops *ops, int regions)
{
    const struct sl_list_ops *tabs[] = {ops};
    struct picker *p = calloc(1, sizeof(*p));

    if (!p)
        return NULL;
    p->list = sl_list_view_new(NULL, tabs, 1, NULL);
    if (!p->list) {
        free(p);
        return NULL;
    }
    p->base.ops = &picker_ops;
    p->base.scopes = p->list->scopes;
    p->regions = regions;
    return &p->base;
}

struct sl_view *sl_view_profiles_new(void)
{
    return picker_new(&profile_pick_ops, 0);
}

struct sl_view *sl_view_regions_new(void)
{
    return picker_new(&region_pick_ops, 1);
}
