#include "cmdline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct sl_cmd_info sl_cmd_table[SL_CMD_COUNT] = {
#define X(id, name, aliases, arg, help) [id] = {name, aliases, arg, help},
    SL_CMDLINE_TABLE(X)
#undef X
};

const struct sl_cmd_info *sl_cmd_info(enum sl_cmd_id id)
{
    if ((int)id < 0 || id >= SL_CMD_COUNT)
        return NULL;
    return &sl_cmd_table[id];
}

#define SL_CMD_WORDS_MAX 64

struct cmd_word {
    char w[32];
    enum sl_cmd_id id;
};

/* Every name and alias, with the command it stands for. */
static size_t cmd_words(struct cmd_word *out, size_t max)
{
    size_t n = 0;
    int i;

    for (i = 0; i < SL_CMD_COUNT; i++) {
        const char *p = sl_cmd_table[i].aliases;

        if (n < max) {
            snprintf(out[n].w, sizeof(out[n].w), "%s", sl_cmd_table[i].name);
            out[n++].id = (enum sl_cmd_id)i;
        }
        while (*p && n < max) {
            size_t k;

            while (*p == ' ')
                p++;
            k = strcspn(p, " ");
            if (!k)
                break;
            snprintf(out[n].w, sizeof(out[n].w), "%.*s", (int)k, p);
            out[n++].id = (enum sl_cmd_id)i;
            p += k;
        }
    }
    return n;
}

enum sl_err sl_cmdline_parse(const char *line, enum sl_cmd_id *id, const char **arg,
                             struct sl_error *err)
{
    struct cmd_word words[SL_CMD_WORDS_MAX];
    char word[64];
    const char *p = line ? line : "";
    size_t n, nw, i, wl;
    enum sl_cmd_id found = SL_CMD_NONE;
    int ambiguous = 0;

    *id = SL_CMD_NONE;
    *arg = "";
    while (*p == ' ')
        p++;
    if (*p == ':')
        p++;
    wl = strcspn(p, " ");
    if (!wl)
        return SL_OK;
    if (wl >= sizeof(word))
        return sl_error_set(err, SL_EINVAL, _("There is no command \"%.40s\"."), p);
    memcpy(word, p, wl);
    word[wl] = '\0';
    p += wl;
    while (*p == ' ')
        p++;
    nw = cmd_words(words, SL_CMD_WORDS_MAX);
    for (i = 0; i < nw; i++) {
        if (!strcasecmp(words[i].w, word)) {
            found = words[i].id;
            ambiguous = 0;
            break;
        }
        if (!strncasecmp(words[i].w, word, wl)) {
            if (found != SL_CMD_NONE && found != words[i].id)
                ambiguous = 1;
            found = words[i].id;
        }
    }
    if (ambiguous) {
        char list[256];
        size_t used = 0;

        list[0] = '\0';
        for (i = 0; i < nw; i++) {
            if (strncasecmp(words[i].w, word, wl) || used >= sizeof(list))
                continue;
            n = (size_t)snprintf(list + used, sizeof(list) - used, "%s:%s", used ? ", " : "",
                                 words[i].w);
            used += n;
        }
        return sl_error_set(err, SL_EINVAL, _("\":%s\" could be %s."), word, list);
    }
    if (found == SL_CMD_NONE)
        return sl_error_set(err, SL_EINVAL, _("There is no command \":%s\" (Tab lists them)."),
                            word);
    if (sl_cmd_table[found].takes_arg == 1 && !*p)
        return sl_error_set(err, SL_EINVAL, _(":%s needs an argument."), sl_cmd_table[found].name);
    if (!sl_cmd_table[found].takes_arg && *p)
        return sl_error_set(err, SL_EINVAL, _(":%s takes no argument."), sl_cmd_table[found].name);
    *id = found;
    *arg = p;
    return SL_OK;
}

enum sl_cmd_id sl_cmdline_command(const char *line)
{
    char word[64];
    const char *p = line ? line : "";
    size_t wl;
    enum sl_cmd_id id;
    const char *arg;
    struct sl_error err;

    while (*p == ' ' || *p == ':')
        p++;
    wl = strcspn(p, " ");
    if (!wl || wl + 3 > sizeof(word))
        return SL_CMD_NONE;
    memcpy(word, p, wl);
    word[wl] = '\0';
    sl_error_clear(&err);
    if (sl_cmdline_parse(word, &id, &arg, &err) == SL_OK)
        return id;
    /* a command that needs an argument names itself with one */
    memcpy(word + wl, " x", 3);
    if (sl_cmdline_parse(word, &id, &arg, &err) == SL_OK)
        return id;
    return SL_CMD_NONE;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Completes the word at line[start..] over cands. */
static size_t complete_word(char *line, size_t len, size_t start, const char *const *cands,
                            size_t n, char *list, size_t listlen)
{
    const char *word = line + start;
    size_t wl = strlen(word), i, m = 0, lcp = 0, used = 0;
    const char *match[SL_CMD_WORDS_MAX];

    for (i = 0; i < n && m < SL_CMD_WORDS_MAX; i++) {
        size_t j;
        int dup = 0;

        if (strncasecmp(cands[i], word, wl))
            continue;
        for (j = 0; j < m; j++)
            if (!strcmp(match[j], cands[i]))
                dup = 1;
        if (!dup)
            match[m++] = cands[i];
    }
    if (listlen)
        list[0] = '\0';
    if (!m)
        return 0;
    qsort(match, m, sizeof(match[0]), str_cmp);
    lcp = strlen(match[0]);
    for (i = 1; i < m; i++) {
        size_t k = 0;

        while (k < lcp && match[i][k] && match[i][k] == match[0][k])
            k++;
        lcp = k;
    }
    if (lcp >= wl && start + lcp + 1 < len) {
        memcpy(line + start, match[0], lcp);
        line[start + lcp] = '\0';
    }
    for (i = 0; m > 1 && i < m && used < listlen; i++) {
        int w = snprintf(list + used, listlen - used, "%s%s", i ? "  " : "", match[i]);
        if (w > 0)
            used += (size_t)w;
    }
    return m;
}

size_t sl_cmdline_complete(char *line, size_t len, const char *const *args, size_t nargs,
                           char *list, size_t listlen)
{
    struct cmd_word words[SL_CMD_WORDS_MAX];
    const char *cands[SL_CMD_WORDS_MAX] = {0};
    enum sl_cmd_id found = SL_CMD_NONE;
    size_t nw, i, m, start = 0, wl, astart;
    char cmd[64];

    while (line[start] == ' ' || line[start] == ':')
        start++;
    wl = strcspn(line + start, " ");
    nw = cmd_words(words, SL_CMD_WORDS_MAX);
    if (!line[start + wl]) {
        /* still in the first word */
        for (i = 0; i < nw; i++)
            cands[i] = words[i].w;
        m = complete_word(line, len, start, cands, nw, list, listlen);
        for (i = 0; m == 1 && i < nw; i++) {
            size_t l = strlen(line);

            /* one command: a space after it when it takes an argument */
            if (!strcmp(words[i].w, line + start) && sl_cmd_table[words[i].id].takes_arg &&
                l + 1 < len) {
                line[l] = ' ';
                line[l + 1] = '\0';
                break;
            }
        }
        return m;
    }
    /* the argument */
    snprintf(cmd, sizeof(cmd), "%.*s", (int)(wl < sizeof(cmd) ? wl : sizeof(cmd) - 1),
             line + start);
    for (i = 0; i < nw; i++)
        if (!strcasecmp(words[i].w, cmd))
            found = words[i].id;
    /* the view's column ids are :sort's arguments, not names of functions or stacks */
    if (found == SL_CMD_NONE || !sl_cmd_table[found].takes_arg || !args || found == SL_CMD_LOGS ||
        found == SL_CMD_EVENTS)
        return 0;
    astart = start + wl;
    while (line[astart] == ' ')
        astart++;
    if (strchr(line + astart, ' '))
        return 0;
    return complete_word(line, len, astart, (const char *const *)args, nargs, list, listlen);
}
