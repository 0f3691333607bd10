// The crowded granule of lossless_crowded_granule_race.c with the first thread's handoff done
// right (release store, acquire load): the main thread's read of the first byte is ordered
// after its write, and the helpers' traffic on the other seven bytes races with nothing.
// Keeping every byte's history must not invent a race either.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

enum { kHelpers = 6, kRounds = 3000 };

struct granule {
  char first;
  char helper[7];
};

_Alignas(8) struct granule cells;
pthread_mutex_t helpers_lock = PTHREAD_MUTEX_INITIALIZER;
int first_done;

static void *first_writer(void *unused) {
  (void)unused;
  cells.first = 1;
  __atomic_store_n(&first_done, 1, __ATOMIC_RELEASE);
  return NULL;
}

static void *helper(void *arg) {
  long me = (long)arg;
  long seen = 0;
  for (int i = 0; i < kRounds; ++i) {
    pthread_mutex_lock(&helpers_lock);
    cells.helper[me] = (char)(cells.helper[me] + 1);
    seen += cells.helper[(me + 1) % kHelpers];
    pthread_mutex_unlock(&helpers_lock);
  }
  return (void *)seen;
}

int main(void) {
  pthread_t first, helpers[kHelpers];
  pthread_create(&first, NULL, first_writer, NULL);
  for (long h = 0; h < kHelpers; ++h) pthread_create(&helpers[h], NULL, helper, (void *)h);
  for (int h = 0; h < kHelpers; ++h) pthread_join(helpers[h], NULL);
  while (!__atomic_load_n(&first_done, __ATOMIC_ACQUIRE)) sched_yield();
  int seen = cells.first;
  pthread_join(first, NULL);
  printf("%d %d\n", seen, cells.helper[0]);
  return seen == 1 ? 0 : 1;
}
