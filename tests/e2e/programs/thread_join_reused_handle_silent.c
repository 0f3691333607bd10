// Several threads each create a helper and join it, over and over, so a pthread_t freed by one
// join is soon reused for another thread's helper. Each joiner then reads what its own helper
// wrote: the join orders it. A join modelled against the wrong thread (the finished helper of
// another joiner that shares the reused pthread_t) would leave the read unordered. Silent.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

enum { kJoiners = 4, kRounds = 3000 };

static long results[kJoiners];

static void *helper(void *slot) {
  *(long *)slot += 1;
  return NULL;
}

static void *joiner(void *slot) {
  for (int round = 0; round < kRounds; round++) {
    pthread_t thread;
    pthread_create(&thread, NULL, helper, slot);
    pthread_join(thread, NULL);
    *(long *)slot += 1;
  }
  return NULL;
}

int main(void) {
  pthread_t joiners[kJoiners];
  for (int i = 0; i < kJoiners; i++) pthread_create(&joiners[i], NULL, joiner, &results[i]);
  long total = 0;
  for (int i = 0; i < kJoiners; i++) {
    pthread_join(joiners[i], NULL);
    total += results[i];
  }
  printf("total %ld\n", total);
  return total == 2L * kJoiners * kRounds ? 0 : 1;
}
