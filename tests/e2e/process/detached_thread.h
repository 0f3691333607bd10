// Detached threads for process tests that need a thread to have finished without anyone
// synchronizing with it (a join or a post would order its accesses before the waiter): the
// clock-slot tests, and glibc's reuse of a finished thread's stack. The thread publishes its kernel id with a relaxed store (which orders nothing) as
// its first act; wait_until_thread_gone() then waits until /proc/self/task no longer lists it,
// which happens only after its last instruction, the runtime's thread-finish work included.
// Reading the list orders nothing either.
#ifndef INTERLOCK_TESTS_E2E_PROCESS_DETACHED_THREAD_H
#define INTERLOCK_TESTS_E2E_PROCESS_DETACHED_THREAD_H

#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static void start_detached_thread(void *(*start)(void *)) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  pthread_create(&thread, &attr, start, NULL);
  pthread_attr_destroy(&attr);
}

static void publish_own_thread_id(atomic_int *id) {
  atomic_store_explicit(id, (int)gettid(), memory_order_relaxed);
}

static void wait_until_thread_gone(atomic_int *id) {
  int tid;
  while ((tid = atomic_load_explicit(id, memory_order_relaxed)) == 0) usleep(1000);
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%d", tid);
  while (access(path, F_OK) == 0) usleep(1000);
}

#endif  // INTERLOCK_TESTS_E2E_PROCESS_DETACHED_THREAD_H
