// A detached thread writes and finishes; main, which never synchronized with it, then starts a
// thread that writes the same variable. The finished thread's clock slot must not go to the new
// thread (its creator is not ordered after the finish): two records of one slot count as
// ordered, and the race would be lost.
// EXPECT: data-race
// THREADS: detached later
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static int shared;
static atomic_int written;  // relaxed only: orders nothing

static void *detached(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "detached");
  shared = 1;  // RACE
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  return NULL;
}

static void *later(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "later");
  shared = 2;  // RACE
  return NULL;
}

int main(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  pthread_create(&thread, &attr, detached, NULL);
  pthread_attr_destroy(&attr);
  while (atomic_load_explicit(&written, memory_order_relaxed) == 0) usleep(1000);
  usleep(100 * 1000);  // long enough for the detached thread to finish (a sleep orders nothing)
  pthread_create(&thread, NULL, later, NULL);
  pthread_join(thread, NULL);
  printf("%d\n", shared);
  return 0;
}
