/* Ctrl-C for the one-shot commands: SIGINT only sets a flag and wakes the client's loop
 * (sl_client_wakeup), so a command stops at a point of its own choosing, never in the middle
 * of a line, and exits with SL_EXIT_INTERRUPTED (130). A second Ctrl-C while the first is
 * still being handled ends the program the default way.
 *
 *     sl_interrupt_install(c);
 *     while (!sl_interrupt_pending() && ...)
 *         sl_client_run(c, 1000, -1);
 *     sl_interrupt_restore();
 */
#ifndef SL_INTERRUPT_H
#define SL_INTERRUPT_H

struct sl_client;

/* Installs the SIGINT handler (c may be NULL: only the flag is set) and clears the flag.
 * Returns 0, or -1 when the handler could not be installed. */
int sl_interrupt_install(struct sl_client *c);
/* Changes the client the handler wakes (NULL: none). */
void sl_interrupt_set_client(struct sl_client *c);
/* 1 once SIGINT arrived since sl_interrupt_install(). */
int sl_interrupt_pending(void);
/* Puts back the handler that was there before sl_interrupt_install() (no-op otherwise). */
void sl_interrupt_restore(void);

#endif
