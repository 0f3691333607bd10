// Legacy __sync builtins are full barriers: a producer fills a table and bumps a generation
// counter with __sync_fetch_and_add; the consumer polls the counter with __sync_fetch_and_add
// of zero (the legacy way to read atomically) and then reads the table. Meanwhile four threads
// count events with __sync_fetch_and_add and __sync_sub_and_fetch. All ordered, no race.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

long table[8];
long generation;
long events;

static void *producer(void *unused) {
  (void)unused;
  for (int i = 0; i < 8; ++i) table[i] = i * i;
  __sync_fetch_and_add(&generation, 1);
  return NULL;
}

static void *counter(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) {
    __sync_fetch_and_add(&events, 3);
    __sync_sub_and_fetch(&events, 1);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[5];
  pthread_create(&threads[0], NULL, producer, NULL);
  for (int t = 1; t < 5; ++t) pthread_create(&threads[t], NULL, counter, NULL);
  while (__sync_fetch_and_add(&generation, 0) == 0) sched_yield();
  long sum = 0;
  for (int i = 0; i < 8; ++i) sum += table[i];
  for (int t = 0; t < 5; ++t) pthread_join(threads[t], NULL);
  printf("%ld %ld\n", sum, events);
  return sum == 140 && events == 8000 ? 0 : 1;
}
