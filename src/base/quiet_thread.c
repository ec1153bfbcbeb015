/* quiet_thread.h: the new thread inherits the mask in force at pthread_create, so the mask
 * is full for that one call. */
#include "base/quiet_thread.h"

#include <signal.h>

bool quiet_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg)
{
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  bool started = pthread_create(thread, NULL, fn, arg) == 0;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return started;
}
