/* What the Invoke views say, without curses: the confirmation asked before a function is
 * invoked, the REPORT figures of an invocation, and the lines of its result. Pure: tests call
 * these directly (tests/test_ui_invoke.c). */
#ifndef SL_UI_INVOKE_TEXT_H
#define SL_UI_INVOKE_TEXT_H

#include <stddef.h>

#include "sl_error.h"

struct sl_lambda_report;
struct sl_lambda_invoke_result;
struct sl_text_lines;

/* ---- the confirmation --------------------------------------------------------------------- */

enum sl_invoke_confirm {
    SL_INVOKE_CONFIRM_YES_NO, /* "y" answers */
    SL_INVOKE_CONFIRM_NAME,   /* the function's name must be typed (a production profile) */
};

/* Profiles marked production = true in slctl's config ask for the name. */
enum sl_invoke_confirm sl_invoke_confirm_kind(int production);
/* The question for the status line, ending in a space. function is a name or ARN; event the
 * payload's label; profile the AWS profile (for the production question). */
void sl_invoke_confirm_question(enum sl_invoke_confirm kind, const char *function,
                                const char *event, const char *profile, char *out, size_t len);
/* 1 when answer (what was typed, NULL when the question was dismissed) lets the invocation
 * go: "y" or "yes" (any case, or the catalogue's word for them) for a y/n question; exactly
 * the function's name (without ARN prefix or qualifier; blanks around it ignored) for a
 * production profile. */
int sl_invoke_confirm_accepts(enum sl_invoke_confirm kind, const char *function,
                              const char *answer);
/* 1 when answer says yes to a "(y/n)" question: "y" or "yes" in any case, or the catalogue's
 * words for them; NULL (dismissed) is no. */
int sl_answer_is_yes(const char *answer);
/* The function's name as it is typed for the confirmation: "orders" for "orders", "orders:live"
 * and its ARN. */
void sl_invoke_function_name(const char *function, char *out, size_t len);

/* ---- the result ----------------------------------------------------------------------------- */

/* The REPORT figures for a person: "Duration 12.3 ms, billed 13 ms, memory 71 of 256 MB" and
 * ", init 180.2 ms (cold start)" after a cold start, ", status timeout" when the line says. */
void sl_invoke_report_text(const struct sl_lambda_report *r, char *out, size_t len);

/* The lines of a result (roles from ui/theme.h) into out: the HTTP status, executed version and
 * request id; the function error (red; function_error is the sentence naming its type, NULL
 * when the function succeeded); the REPORT figures; the payload pretty-printed when it is
 * JSON; the log tail. Everything from AWS is sanitized. SL_ENOMEM. */
enum sl_err sl_invoke_result_lines(const struct sl_lambda_invoke_result *r,
                                   const char *function_error, struct sl_text_lines *out);

/* The time window of an invocation's log lines for the logs view: from a minute before it was
 * sent; to a minute after it answered, or 0 (follow, so lines still on their way show up) while
 * that is not past yet at now_ms. */
void sl_invoke_log_window(long long start_ms, long long end_ms, long long now_ms, long long *from,
                          long long *to);

#endif
