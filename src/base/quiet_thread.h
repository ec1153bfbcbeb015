/* Starting a helper thread that never takes a signal: SIGINT/SIGTERM stay with the main
 * thread, which polls for them between rows (signals.h). */
#ifndef CSP_QUIET_THREAD_H
#define CSP_QUIET_THREAD_H

#include <pthread.h>
#include <stdbool.h>

/* pthread_create(thread, NULL, fn, arg) with every signal blocked in the new thread (the
 * caller's mask is left as it was). False when the thread could not be started. */
bool quiet_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif
