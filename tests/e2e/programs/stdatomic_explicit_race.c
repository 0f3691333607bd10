// The <stdatomic.h> handoff done with memory_order_relaxed on the store side
// (atomic_store_explicit) and memory_order_acquire on the load side: the acquire load has no
// release to synchronize with, so the record accesses race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

struct record {
  long value;
  long checked;
};

struct record records[4];
atomic_int to_consumer = -1;

static void *producer(void *unused) {
  (void)unused;
  records[2].value = 40;  // RACE
  atomic_store_explicit(&to_consumer, 2, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  int index;
  while ((index = atomic_load_explicit(&to_consumer, memory_order_acquire)) < 0) sched_yield();
  long value = records[index].value;  // RACE
  pthread_join(thread, NULL);
  printf("%ld\n", value);
  return 0;
}
