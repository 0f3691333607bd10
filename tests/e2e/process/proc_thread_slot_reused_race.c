// Threads created one after another, each after the one before was joined, take the same clock
// slot in turn. The write of one of them, a hundred threads before the slot's latest, races
// with a thread that never synchronized with it: the report names the two threads that wrote,
// not the slot's latest.
// EXPECT: data-race
// THREADS: first second
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

enum { kWorkersBefore = 100, kWorkersAfter = 100 };

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long count;
static int shared;
static atomic_int phase;  // relaxed only: orders nothing

static void *worker(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "worker");
  pthread_mutex_lock(&count_lock);
  count++;
  pthread_mutex_unlock(&count_lock);
  return NULL;
}

static void *first(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "first");
  shared = 1;  // RACE
  return NULL;
}

static void *second(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "second");
  while (atomic_load_explicit(&phase, memory_order_relaxed) != 1) sched_yield();
  shared = 2;  // RACE
  return NULL;
}

static void run_worker(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  pthread_join(thread, NULL);
}

int main(void) {
  pthread_t second_thread, first_thread;
  pthread_create(&second_thread, NULL, second, NULL);
  for (int i = 0; i < kWorkersBefore; i++) run_worker();
  pthread_create(&first_thread, NULL, first, NULL);
  pthread_join(first_thread, NULL);
  for (int i = 0; i < kWorkersAfter; i++) run_worker();
  atomic_store_explicit(&phase, 1, memory_order_relaxed);
  pthread_join(second_thread, NULL);
  printf("%ld %d\n", count, shared);
  return 0;
}
