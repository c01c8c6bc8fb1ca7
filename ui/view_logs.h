/* The logs view's pure parts: the time windows of `1`..`6` and of an alarm, how the window is
 * described on screen, and the file name `s` offers. The view itself (ui/view_logs.c) is made
 * with sl_view_logs_new() / sl_view_logs_target_new() from ui/views.h. */
#ifndef SL_UI_VIEW_LOGS_H
#define SL_UI_VIEW_LOGS_H

#include <stddef.h>

struct sl_cw_alarm;

/* What the view reads when nothing else is asked: the last 10 minutes, then new lines. */
#define SL_LOGS_DEFAULT_SINCE_MS (10LL * 60 * 1000)
/* Around an alarm: from 15 minutes before its state changed to 5 minutes after. */
#define SL_LOGS_ALARM_BEFORE_MS (15LL * 60 * 1000)
#define SL_LOGS_ALARM_AFTER_MS  (5LL * 60 * 1000)

struct sl_view;
/* Once the lines of a view made by sl_view_logs_new() or sl_view_logs_target_new() are read,
 * the screen goes to the first line at or after at_ms (an alarm's moment) instead of the
 * newest. */
void sl_view_logs_focus(struct sl_view *v, long long at_ms);

/* The span `1`..`6` read (1 min, 5 min, 15 min, 30 min, 1 h, 24 h); 0 for any other key. */
long long sl_logs_range_ms(int key);

/* The window of an alarm's logs: [StateUpdatedTimestamp - 15 min, + 5 min] (the transition
 * time when there is no update time). 0 and nothing set when the alarm carries neither. */
int sl_logs_alarm_window(const struct sl_cw_alarm *a, long long *start_ms, long long *end_ms);

/* Where the screen goes in an alarm's window: where the datapoints that made it fire begin
 * (its state time minus period x evaluation periods, a minute when it has no period; at most
 * the window's start). 0 when the alarm carries no time. */
long long sl_logs_alarm_focus(const struct sl_cw_alarm *a);

/* What is read, for a person: "last 10 min, following", "since 12:00:03, following",
 * "12:00:03 - 12:20:03" (times local, or UTC with utc set). since_ms > 0: the last since_ms
 * ms; else from start_ms; end_ms 0: following. */
void sl_logs_window_text(long long since_ms, long long start_ms, long long end_ms, int utc,
                         char *out, size_t len);

/* A file name for saving: "slctl-logs-NAME-YYYYMMDD-HHMMSS.log" (local time of now_ms), NAME
 * being what is read with anything but letters, digits, '-', '_' and '.' made '_' (cut to 64
 * bytes). */
void sl_logs_save_name(const char *what, long long now_ms, char *out, size_t len);

#endif
