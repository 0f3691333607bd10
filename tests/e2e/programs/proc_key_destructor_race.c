// A pthread_key_create destructor, run as its thread exits, writes a plain global; main reads it
// after seeing a relaxed flag the destructor sets. Relaxed publishes nothing, so the
// destructor's write and main's read race: what a thread-exit destructor does is the exiting
// thread's own access and is checked like any other.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_key_t session_key;
static int closed;
long closed_sessions;

static void close_session(void *session) {
  closed_sessions += (session != NULL);  // RACE
  __atomic_store_n(&closed, 1, __ATOMIC_RELAXED);
}

static void *open_session(void *unused) {
  (void)unused;
  pthread_setspecific(session_key, &session_key);
  return NULL;
}

int main(void) {
  pthread_key_create(&session_key, close_session);
  pthread_t worker;
  pthread_create(&worker, NULL, open_session, NULL);
  pthread_detach(worker);
  while (!__atomic_load_n(&closed, __ATOMIC_RELAXED)) sched_yield();
  long seen = closed_sessions;  // RACE
  printf("%ld\n", seen);
  return 0;
}
