// Four threads each write one byte of the same 8-byte word (adjacent bytes: no race among
// them); the main thread then reads all four bytes with nothing ordering it after the writers.
// That is four races, on four distinct bytes, each with its own writer: all four must be
// reported, each naming its own writer's line.
// EXPECT: data-race :b0
// EXPECT: data-race :b1
// EXPECT: data-race :b2
// EXPECT: data-race :b3
// TSAN: differs clang-14's TSan reports the first race on the 8-byte word and drops the races on its other bytes
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

_Alignas(8) char lanes[8];
int finished;

static void *write_lane0(void *unused) {
  (void)unused;
  lanes[0] = 'a';  // RACE:b0
  __atomic_fetch_add(&finished, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *write_lane1(void *unused) {
  (void)unused;
  lanes[1] = 'b';  // RACE:b1
  __atomic_fetch_add(&finished, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *write_lane2(void *unused) {
  (void)unused;
  lanes[2] = 'c';  // RACE:b2
  __atomic_fetch_add(&finished, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *write_lane3(void *unused) {
  (void)unused;
  lanes[3] = 'd';  // RACE:b3
  __atomic_fetch_add(&finished, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  void *(*writers[4])(void *) = {write_lane0, write_lane1, write_lane2, write_lane3};
  pthread_t threads[4];
  for (int t = 0; t < 4; ++t) pthread_create(&threads[t], NULL, writers[t], NULL);
  while (__atomic_load_n(&finished, __ATOMIC_RELAXED) < 4) sched_yield();
  int sum = lanes[0];  // RACE:b0
  sum += lanes[1];     // RACE:b1
  sum += lanes[2];     // RACE:b2
  sum += lanes[3];     // RACE:b3
  for (int t = 0; t < 4; ++t) pthread_join(threads[t], NULL);
  printf("%d\n", sum);
  return 0;
}
