/* A read-only page of text lines (a saved event, pretty-printed), scrolled with the list keys. */
#ifndef SL_UI_VIEW_TEXT_H
#define SL_UI_VIEW_TEXT_H

struct sl_view;
struct sl_text_lines;

/* A view titled crumb (in the breadcrumb) over lines, which it takes (lines is left empty);
 * function (may be NULL) is the Lambda function the text belongs to (for :events). NULL when
 * out of memory. */
struct sl_view *sl_view_text_new(const char *crumb, const char *function,
                                 struct sl_text_lines *lines);

#endif
