// Detached threads each write a thread-local variable of a dlopen'ed library (a dynamic TLS
// block glibc mallocs for the thread) and finish; main creates the next one after each has
// ended. glibc keeps a finished thread's stack for reuse and, inside a later pthread_create,
// frees that thread's dynamic TLS block: that free is glibc reclaiming a thread it knows has
// ended, not the creating thread's write racing with the dead thread's. Silent.
// LIBRARY: proc_dlopen_tls_lib.c
// EXPECT: silent
// TSAN: same
#include "detached_thread.h"  // (first: it asks for the GNU extensions)

#include <dlfcn.h>
#include <stdlib.h>

enum { kThreads = 40 };

static void (*bump)(void);
static atomic_int worker_id;

static void *worker(void *unused) {
  (void)unused;
  publish_own_thread_id(&worker_id);
  bump();
  return NULL;
}

int main(void) {
  void *library = dlopen(getenv("INTERLOCK_TEST_LIBRARY"), RTLD_NOW);
  if (!library) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  bump = (void (*)(void))dlsym(library, "tls_bump");
  for (int i = 0; i < kThreads; ++i) {
    atomic_store_explicit(&worker_id, 0, memory_order_relaxed);
    start_detached_thread(worker);
    wait_until_thread_gone(&worker_id);  // its stack is cached for the next thread by then
  }
  printf("threads %d\n", kThreads);
  return 0;
}
