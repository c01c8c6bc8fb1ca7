#include "invoke_text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "events.h"
#include "i18n.h"
#include "json.h"
#include "lambda.h"
#include "textlines.h"
#include "theme.h"

enum sl_invoke_confirm sl_invoke_confirm_kind(int production)
{
    return production ? SL_INVOKE_CONFIRM_NAME : SL_INVOKE_CONFIRM_YES_NO;
}

void sl_invoke_function_name(const char *function, char *out, size_t len)
{
    char *key = NULL;

    /* the same rule as the event store's folders: no ARN prefix, no qualifier */
    if (function && sl_events_function_key(function, &key, NULL) == SL_OK && key)
        snprintf(out, len, "%s", key);
    else
        snprintf(out, len, "%s", function ? function : "");
    free(key);
}

void sl_invoke_confirm_question(enum sl_invoke_confirm kind, const char *function,
                                const char *event, const char *profile, char *out, size_t len)
{
    char name[256];

    sl_invoke_function_name(function, name, sizeof(name));
    if (kind == SL_INVOKE_CONFIRM_NAME)
        snprintf(out, len,
                 _("\"%s\" is a production profile: type the function's name to invoke it: "),
                 profile ? profile : "");
    else
        snprintf(out, len, _("Invoke %s with \"%s\"? (y/n) "), name, event ? event : "");
}

/* s without the blanks around it, into out. */
static void trimmed(const char *s, char *out, size_t len)
{
    size_t n;

    while (*s && isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), s);
}

int sl_invoke_confirm_accepts(enum sl_invoke_confirm kind, const char *function, const char *answer)
{
    char a[512], name[256];

    if (!answer)
        return 0;
    trimmed(answer, a, sizeof(a));
    if (kind == SL_INVOKE_CONFIRM_NAME) {
        sl_invoke_function_name(function, name, sizeof(name));
        return name[0] && !strcmp(a, name);
    }
    return sl_answer_is_yes(a);
}

int sl_answer_is_yes(const char *answer)
{
    char a[64];

    if (!answer)
        return 0;
    trimmed(answer, a, sizeof(a));
    /* TRANSLATORS: the one-letter and the whole answer that say yes to "(y/n)" */
    return !strcasecmp(a, "y") || !strcasecmp(a, "yes") || !strcasecmp(a, _("y")) ||
           !strcasecmp(a, _("yes"));
}

void sl_invoke_report_text(const struct sl_lambda_report *r, char *out, size_t len)
{
    size_t used;

    /* the same sentences as `slctl invoke` */
    if (r->has_init_duration)
        snprintf(out, len,
                 _("Duration %.1f ms, billed %lld ms, memory %d of %d MB, init %.1f ms "
                   "(cold start)"),
                 r->duration_ms, r->billed_duration_ms, r->max_memory_used_mb, r->memory_size_mb,
                 r->init_duration_ms);
    else
        snprintf(out, len, _("Duration %.1f ms, billed %lld ms, memory %d of %d MB"),
                 r->duration_ms, r->billed_duration_ms, r->max_memory_used_mb, r->memory_size_mb);
    used = strlen(out);
    if (r->status[0] && used < len)
        snprintf(out + used, len - used, _(", status %s"), r->status);
}

enum sl_err sl_invoke_result_lines(const struct sl_lambda_invoke_result *r,
                                   const char *function_error, struct sl_text_lines *out)
{
    char line[1024], *pretty = NULL;
    size_t used;
    int failed = function_error || r->function_error || r->status < 200 || r->status > 299;

    snprintf(line, sizeof(line), _("Status %ld"), r->status);
    used = strlen(line);
    if (r->executed_version && used < sizeof(line))
        used += (size_t)snprintf(line + used, sizeof(line) - used, _("   version %s"),
                                 r->executed_version);
    if (r->request_id && used < sizeof(line))
        snprintf(line + used, sizeof(line) - used, _("   request id %s"), r->request_id);
    sl_text_lines_addf(out, failed ? SL_ROLE_BAD : SL_ROLE_GOOD, "%s", line);
    if (function_error)
        sl_text_lines_addf(out, SL_ROLE_BAD, "%s", function_error);
    else if (r->function_error)
        sl_text_lines_addf(out, SL_ROLE_BAD, _("The function returned an error (%s)."),
                           r->function_error);
    if (r->has_report) {
        sl_invoke_report_text(&r->report, line, sizeof(line));
        sl_text_lines_addf(out, r->report.status[0] ? SL_ROLE_WARN : SL_ROLE_NORMAL, "%s", line);
    }
    sl_text_lines_add(out, SL_ROLE_NORMAL, "", 0);
    sl_text_lines_addf(out, SL_ROLE_TITLE, "%s", _("Payload"));
    if (r->payload && r->payload_len) {
        pretty = sl_json_pretty(r->payload, r->payload_len);
        if (pretty)
            sl_text_lines_add(out, SL_ROLE_NORMAL, pretty, strlen(pretty));
        else
            sl_text_lines_add(out, SL_ROLE_NORMAL, r->payload, r->payload_len);
        free(pretty);
    } else {
        sl_text_lines_addf(out, SL_ROLE_DIM, "%s", _("(no payload)"));
    }
    sl_text_lines_add(out, SL_ROLE_NORMAL, "", 0);
    sl_text_lines_addf(out, SL_ROLE_TITLE, "%s", _("Log tail"));
    if (r->log_tail && r->log_tail_len)
        sl_text_lines_add(out, SL_ROLE_NORMAL, r->log_tail, r->log_tail_len);
    else
        sl_text_lines_addf(out, SL_ROLE_DIM, "%s", _("(no log tail)"));
    return sl_text_lines_status(out);
}

void sl_invoke_log_window(long long start_ms, long long end_ms, long long now_ms, long long *from,
                          long long *to)
{
    long long late = (end_ms > start_ms ? end_ms : start_ms) + 60000;

    *from = start_ms > 60000 ? start_ms - 60000 : 1;
    *to = now_ms < late ? 0 : late;
}
