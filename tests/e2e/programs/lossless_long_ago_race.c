// The first access of a race, then millions of other accesses, then the racing one. The early
// thread writes the limit and goes on to make four million accesses of its own (each in a
// function call); meanwhile two helpers, synchronized by a mutex, write the other half of the
// limit's 8-byte granule a million times; only then, with nothing ordering it after the early
// write, does the main thread write the limit. The race happened and must be reported with the
// first access's full stack, however long ago that access was.
// EXPECT: data-race
// TSAN: differs clang-14's TSan drops the race when the early write's history is recycled before the racing write (in every run seen; with a few thousand accesses in between it reports it)
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
  settings.limit = 10;  // RACE
  long *scratch = calloc(kScratch, sizeof *scratch);
  for (long i = 0; i < kOwnAccesses; ++i) touch(scratch, i);
  long kept = scratch[7];
  free(scratch);
  __atomic_store_n(&early_done, 1, __ATOMIC_RELAXED);
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
  while (!__atomic_load_n(&early_done, __ATOMIC_RELAXED)) sched_yield();
  settings.limit = 20;  // RACE
  pthread_join(early_thread, NULL);
  printf("%d %d\n", settings.limit, settings.spare);
  return 0;
}
