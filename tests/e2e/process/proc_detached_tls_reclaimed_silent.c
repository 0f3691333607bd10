// Detached threads each write a thread-local variable of a dlopen'ed library (a dynamic TLS
// block glibc mallocs for the thread) and finish; main creates the next one after each has
// ended. glibc keeps a finished thread's stack for reuse and, inside a later pthread_create,
// frees that thread's dynamic TLS block: that free is glibc reclaiming a thread it knows has
// ended, not the creating thread's write racing with the dead thread's. Silent.
// LIBRARY: proc_dlopen_tls_lib.c
// EXPECT: silent
// TSAN: same
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { kThreads = 40 };

static void (*bump)(void);
static int finished;

static void *worker(void *unused) {
  (void)unused;
  bump();
  __atomic_add_fetch(&finished, 1, __ATOMIC_RELAXED);
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
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    pthread_create(&thread, &attr, worker, NULL);
    pthread_attr_destroy(&attr);
    while (__atomic_load_n(&finished, __ATOMIC_RELAXED) <= i) usleep(100);
    usleep(2000);  // let it leave, so that its stack is cached for the next thread
  }
  printf("threads %d\n", kThreads);
  return 0;
}
