// One byte of an 8-byte granule is written by the first thread and, much later, read by the
// main thread with nothing ordering the two: a race. In between, six helper threads hammer the
// other seven bytes of the same granule (each writes its own byte and reads a neighbour's,
// thousands of times, under a mutex, so the helpers do not race). However many other accesses
// touched the granule, the race that happened must be reported with both stacks.
// EXPECT: data-race
// TSAN: differs clang-14's TSan misses the race when the helpers' accesses to the other bytes evict the first write from its 4 shadow cells (in every run seen; with one helper it reports it)
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
  cells.first = 1;  // RACE
  __atomic_store_n(&first_done, 1, __ATOMIC_RELAXED);
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
  while (!__atomic_load_n(&first_done, __ATOMIC_RELAXED)) sched_yield();
  int seen = cells.first;  // RACE
  pthread_join(first, NULL);
  printf("%d %d\n", seen, cells.helper[0]);
  return 0;
}
