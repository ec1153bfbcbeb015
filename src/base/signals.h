/* SIGINT/SIGTERM for a run: the handler only records which signal arrived (the one piece of
 * mutable global state SPEC and STYLE allow); the pipeline polls it between rows and the
 * executor between transfers, then drains and writes the report. The drain is bounded by
 * limits.timeout_s: nothing new starts (queued calls and retries are cancelled), and every
 * transfer in flight ends within its timeout. */
#ifndef CSP_SIGNALS_H
#define CSP_SIGNALS_H

/* Installs the handlers (no SA_RESTART: a blocking poll returns early). */
void signals_install(void);
/* 0, or the signal number that asked the run to stop. */
int signals_caught(void);

#endif
