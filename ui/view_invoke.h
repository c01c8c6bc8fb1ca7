/* The Invoke view of a function: choose a payload (a saved event of the function, an empty one
 * or a generated sample), edit it in $VISUAL/$EDITOR, save it under a name, and invoke the
 * function after a confirmation (typing the function's name in a production profile); the
 * answer opens in a result view (status, function error, payload, log tail, REPORT figures)
 * from which `l` opens this invocation's log lines. */
#ifndef SL_UI_VIEW_INVOKE_H
#define SL_UI_VIEW_INVOKE_H

struct sl_view;
struct sl_lambda_invoke_result;

/* The Invoke view of function (a name or ARN). event_name (may be NULL) is selected first:
 * the saved event of that name and source (enum sl_event_source). NULL when out of memory. */
struct sl_view *sl_view_invoke_new(const char *function, const char *event_name, int event_source);

/* The result of one invocation (ui/view_invoke_result.c): takes what res holds (res is left
 * empty). log_group is the function's; event the payload's label; function_error the sentence
 * naming the function's error (NULL when it succeeded); start_ms and end_ms when the call was
 * sent and answered (wall clock), for the window of its log lines. NULL when out of memory. */
struct sl_view *sl_view_invoke_result_new(const char *function, const char *log_group,
                                          const char *event, struct sl_lambda_invoke_result *res,
                                          const char *function_error, long long start_ms,
                                          long long end_ms);

#endif
