#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct sl_req_info sl_req_table[SL_REQ_COUNT] = {
#define X(id, name, scope, keys, label, help) [id] = {name, scope, keys, label, help},
    SL_KEYMAP_TABLE(X)
#undef X
};

const struct sl_req_info *sl_req_info(enum sl_req req)
{
    if ((int)req < 0 || req >= SL_REQ_COUNT)
        return NULL;
    return &sl_req_table[req];
}

enum sl_req sl_req_by_name(const char *name)
{
    int i;

    for (i = 0; name && i < SL_REQ_COUNT; i++)
        if (!strcasecmp(name, sl_req_table[i].name))
            return (enum sl_req)i;
    return SL_REQ_NONE;
}

/* ---- key names ----------------------------------------------------------------------------- */

struct sl_key_named {
    const char *name;
    int codes[SL_KEY_NAMES_MAX];
    int n;
};

static const struct sl_key_named sl_key_names[] = {
    {"Enter", {'\n', '\r', SL_KEY_FN | KEY_ENTER}, 3},
    {"Esc", {SL_KEY_ESC}, 1},
    {"Tab", {'\t'}, 1},
    {"S-Tab", {SL_KEY_FN | KEY_BTAB}, 1},
    {"Backspace", {SL_KEY_FN | KEY_BACKSPACE, 127, 8}, 3},
    {"Space", {' '}, 1},
    {"Up", {SL_KEY_FN | KEY_UP}, 1},
    {"Down", {SL_KEY_FN | KEY_DOWN}, 1},
    {"Left", {SL_KEY_FN | KEY_LEFT}, 1},
    {"Right", {SL_KEY_FN | KEY_RIGHT}, 1},
    {"PgUp", {SL_KEY_FN | KEY_PPAGE}, 1},
    {"PgDn", {SL_KEY_FN | KEY_NPAGE}, 1},
    {"Home", {SL_KEY_FN | KEY_HOME}, 1},
    {"End", {SL_KEY_FN | KEY_END}, 1},
    {"Insert", {SL_KEY_FN | KEY_IC}, 1},
    {"Delete", {SL_KEY_FN | KEY_DC}, 1},
};

#define SL_NKEY_NAMES (sizeof(sl_key_names) / sizeof(sl_key_names[0]))

/* Decodes one UTF-8 character that must make up all of s; -1 otherwise. */
static int utf8_single(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int cp, n, i;

    if (p[0] < 0x80)
        return p[0] && !p[1] ? p[0] : -1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        n = 2, cp = p[0] & 0x1F;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        n = 3, cp = p[0] & 0x0F;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        n = 4, cp = p[0] & 0x07;
    else
        return -1;
    for (i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    return p[n] ? -1 : cp;
}

int sl_key_parse(const char *name, int *codes)
{
    size_t i;
    int cp;

    if (!name || !name[0])
        return 0;
    for (i = 0; i < SL_NKEY_NAMES; i++) {
        if (!strcasecmp(name, sl_key_names[i].name)) {
            memcpy(codes, sl_key_names[i].codes, sizeof(int) * (size_t)sl_key_names[i].n);
            return sl_key_names[i].n;
        }
    }
    if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
        int n = name[1] - '0';

        if (name[2] >= '0' && name[2] <= '9' && !name[3])
            n = n * 10 + (name[2] - '0');
        else if (name[2])
            n = 0;
        if (n >= 1 && n <= 12) {
            codes[0] = SL_KEY_FN | KEY_F(n);
            return 1;
        }
    }
    if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
        char c = name[2];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || c == '[' || c == ']' || c == '\\' || c == '_') {
            codes[0] = SL_KEY_CTRL(c);
            return 1;
        }
        return 0;
    }
    cp = utf8_single(name);
    if (cp > 0x20 && cp != 0x7F && (cp < 0x80 || cp >= 0xA0)) {
        codes[0] = cp;
        return 1;
    }
    return 0;
}

static void utf8_put(int cp, char *out, size_t len)
{
    char b[5] = {0};

    if (cp < 0x80) {
        b[0] = (char)cp;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
    }
    snprintf(out, len, "%s", b);
}

void sl_key_name(int key, char *out, size_t len)
{
    size_t i;
    int j;

    for (i = 0; i < SL_NKEY_NAMES; i++) {
        for (j = 0; j < sl_key_names[i].n; j++) {
            if (sl_key_names[i].codes[j] == key) {
                snprintf(out, len, "%s", sl_key_names[i].name);
                return;
            }
        }
    }
    if (key & SL_KEY_FN) {
        int code = key & ~SL_KEY_FN;

        if (code >= KEY_F(1) && code <= KEY_F(12))
            snprintf(out, len, "F%d", code - KEY_F0);
        else
            snprintf(out, len, "<%d>", code);
        return;
    }
    if (key >= 1 && key < 0x20) {
        snprintf(out, len, "C-%c", key + 'a' - 1);
        return;
    }
    if (key == 0x1c || key == 0x1d || key == 0x1f) {
        snprintf(out, len, "C-%c", key + '@');
        return;
    }
    if (key > 0x20 && key < 0x110000 && key != 0x7F) {
        utf8_put(key, out, len);
        return;
    }
    snprintf(out, len, "<%d>", key);
}

/* ---- the map ------------------------------------------------------------------------------- */

static void keymap_remove(struct sl_keymap *km, size_t i)
{
    memmove(&km->b[i], &km->b[i + 1], (km->n - i - 1) * sizeof(km->b[0]));
    km->n--;
}

int sl_keymap_scopes_meet(unsigned a, unsigned b)
{
    static const unsigned sets[] = {
#define X(set) set,
        SL_SCOPE_SETS(X)
#undef X
    };
    size_t i;

    for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
        if ((sets[i] & a) && (sets[i] & b))
            return 1;
    return 0;
}

static void keymap_add(struct sl_keymap *km, int key, enum sl_req req)
{
    unsigned scope = sl_req_table[req].scope;
    size_t i = 0;

    /* A key means one thing in every view. */
    while (i < km->n) {
        if (km->b[i].key == key && sl_keymap_scopes_meet(sl_req_table[km->b[i].req].scope, scope))
            keymap_remove(km, i);
        else
            i++;
    }
    if (km->n < SL_KEYMAP_MAX) {
        km->b[km->n].key = key;
        km->b[km->n].req = req;
        km->n++;
    }
}

/* Parses the key names of text (separated by blanks or commas); with km, binds each key to
 * req. Returns -1 with the offending name in bad for an unknown one (km NULL: a dry run). */
static int keys_each(const char *text, struct sl_keymap *km, enum sl_req req, char *bad,
                     size_t badlen)
{
    char name[32];
    const char *p = text;

    while (*p) {
        size_t n;
        int codes[SL_KEY_NAMES_MAX], nc, i;

        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        n = strcspn(p, " \t,");
        if (!n)
            break;
        if (n >= sizeof(name)) {
            snprintf(bad, badlen, "%.*s", (int)(n > 40 ? 40 : n), p);
            return -1;
        }
        memcpy(name, p, n);
        name[n] = '\0';
        nc = sl_key_parse(name, codes);
        if (!nc) {
            snprintf(bad, badlen, "%s", name);
            return -1;
        }
        for (i = 0; km && i < nc; i++)
            keymap_add(km, codes[i], req);
        p += n;
    }
    return 0;
}

void sl_keymap_init(struct sl_keymap *km)
{
    char bad[64];
    int i;

    km->n = 0;
    for (i = 0; i < SL_REQ_COUNT; i++)
        keys_each(sl_req_table[i].keys, km, (enum sl_req)i, bad, sizeof(bad));
}

enum sl_err sl_keymap_bind(struct sl_keymap *km, const char *name, const char *keys,
                           struct sl_error *err)
{
    enum sl_req req = sl_req_by_name(name);
    char bad[64];
    size_t i = 0;

    if (req == SL_REQ_NONE || req == SL_REQ_SORT)
        return sl_error_set(err, SL_EINVAL, _("There is no console action named \"%s\"."),
                            name ? name : "");
    if (keys_each(keys ? keys : "", NULL, req, bad, sizeof(bad)) < 0)
        return sl_error_set(err, SL_EINVAL, _("\"%s\" is not a key name (for \"%s\")."), bad, name);
    while (i < km->n) {
        if (km->b[i].req == req)
            keymap_remove(km, i);
        else
            i++;
    }
    keys_each(keys ? keys : "", km, req, bad, sizeof(bad));
    return SL_OK;
}

enum sl_req sl_keymap_lookup(const struct sl_keymap *km, int key, unsigned scopes)
{
    size_t i;

    for (i = 0; i < km->n; i++)
        if (km->b[i].key == key && (sl_req_table[km->b[i].req].scope & scopes))
            return km->b[i].req;
    return SL_REQ_NONE;
}

void sl_keymap_keys_text(const struct sl_keymap *km, enum sl_req req, int first_only, char *out,
                         size_t len)
{
    char seen[8][32];
    size_t nseen = 0, i, used = 0;

    out[0] = '\0';
    for (i = 0; i < km->n; i++) {
        char name[32];
        size_t j;
        int dup = 0;

        if (km->b[i].req != req)
            continue;
        sl_key_name(km->b[i].key, name, sizeof(name));
        for (j = 0; j < nseen; j++)
            if (!strcmp(seen[j], name))
                dup = 1;
        if (dup)
            continue;
        if (nseen < 8)
            snprintf(seen[nseen++], sizeof(seen[0]), "%s", name);
        if (used < len) {
            int w = snprintf(out + used, len - used, "%s%s", used ? ", " : "", name);
            if (w > 0)
                used += (size_t)w;
        }
        if (first_only)
            break;
    }
}

size_t sl_keymap_help(const struct sl_keymap *km, unsigned scopes, const char *sort_letters,
                      struct sl_help_line *out, size_t max)
{
    size_t n = 0;
    int i;

    for (i = 0; i < SL_REQ_COUNT && n < max; i++) {
        struct sl_help_line *h = &out[n];

        if (!(sl_req_table[i].scope & scopes))
            continue;
        h->req = (enum sl_req)i;
        h->help = _(sl_req_table[i].help);
        if (i == SL_REQ_SORT) {
            size_t j, used = 0;

            if (!sort_letters || !sort_letters[0])
                continue;
            h->keys[0] = '\0';
            for (j = 0; sort_letters[j] && used + 4 < sizeof(h->keys); j++) {
                int w = snprintf(h->keys + used, sizeof(h->keys) - used, "%s%c", j ? ", " : "",
                                 sort_letters[j]);
                if (w > 0)
                    used += (size_t)w;
            }
        } else {
            sl_keymap_keys_text(km, (enum sl_req)i, 0, h->keys, sizeof(h->keys));
            if (!h->keys[0])
                continue;
        }
        n++;
    }
    return n;
}

size_t sl_keymap_hints(const struct sl_keymap *km, unsigned scopes, struct sl_hint *out, size_t max)
{
    size_t n = 0;
    int i;

    for (i = 0; i < SL_REQ_COUNT && n < max; i++) {
        if (!sl_req_table[i].label || !(sl_req_table[i].scope & scopes))
            continue;
        sl_keymap_keys_text(km, (enum sl_req)i, 1, out[n].key, sizeof(out[n].key));
        if (!out[n].key[0])
            continue;
        out[n].req = (enum sl_req)i;
        out[n].label = _(sl_req_table[i].label);
        n++;
    }
    return n;
}
