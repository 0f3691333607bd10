// A thread leaves through pthread_exit from nested frames, and its key destructor races with main.
// C frames have no cleanups: the unwind does not pop them one by one. The destructor runs after
// the start routine is over, called by libc: its stack is that one frame, never the frames the
// pthread_exit left behind.
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_key_t session_key;
static int closed;
long closed_sessions;

static void close_session(void *session) {
  closed_sessions += session != NULL;  // the race: main reads it after a relaxed flag
  __atomic_store_n(&closed, 1, __ATOMIC_RELAXED);
}

__attribute__((noinline)) static void leave_now(void) { pthread_exit(NULL); }

__attribute__((noinline)) static void serve(void) {
  pthread_setspecific(session_key, &session_key);
  leave_now();
}

static void *worker(void *unused) {
  (void)unused;
  serve();
  return NULL;
}

int main(void) {
  pthread_key_create(&session_key, close_session);
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  while (!__atomic_load_n(&closed, __ATOMIC_RELAXED)) sched_yield();
  printf("%ld\n", closed_sessions);
  pthread_join(thread, NULL);
  return 0;
}
