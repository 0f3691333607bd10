// The long history of lossless_long_ago_race.c with the early thread's handoff done right
// (release store, acquire load): the main thread's write of the limit is ordered after the
// early write, and the helpers' million mutex-ordered writes to the other half of the granule
// race with nothing.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

enum { kOwnAccesses = 4000000, kHelperRounds = 500000, kScratch = 4096 };

struct settings {
  int limit;
  int spare;
};

_Alignas(8) struct settings settings;
pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
int early_done;

__attribute__((noinline)) static void touch(long *scratch, long i) {
  scratch[i % kScratch] += i;
}

static void *early(void *unused) {
  (void)unused;
  settings.limit = 10;
  long *scratch = calloc(kScratch, sizeof *scratch);
  for (long i = 0; i < kOwnAccesses; ++i) touch(scratch, i);
  long kept = scratch[7];
  free(scratch);
  __atomic_store_n(&early_done, 1, __ATOMIC_RELEASE);
  return (void *)kept;
}

static void *helper(void *unused) {
  (void)unused;
  for (int i = 0; i < kHelperRounds; ++i) {
    pthread_mutex_lock(&spare_lock);
    settings.spare += 1;
    pthread_mutex_unlock(&spare_lock);
  }
  return NULL;
}

int main(void) {
  pthread_t early_thread, helpers[2];
  pthread_create(&early_thread, NULL, early, NULL);
  for (int h = 0; h < 2; ++h) pthread_create(&helpers[h], NULL, helper, NULL);
  for (int h = 0; h < 2; ++h) pthread_join(helpers[h], NULL);
  while (!__atomic_load_n(&early_done, __ATOMIC_ACQUIRE)) sched_yield();
  settings.limit = 20;
  pthread_join(early_thread, NULL);
  printf("%d %d\n", settings.limit, settings.spare);
  return settings.spare == 2 * kHelperRounds ? 0 : 1;
}
