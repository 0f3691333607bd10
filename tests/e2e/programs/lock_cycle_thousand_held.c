// One thread holds 1,000 locks at once (taken in index order); another thread, run afterwards,
// holds the last one and requests the first: the cycle first -> last -> first. Interlock has no
// limit on locks held per thread; the shortest cycle through the closing edge is the one reported.
// EXPECT: lock-order-cycle
// TSAN: differs TSan's deadlock detector aborts when a thread holds more than 64 locks
#include <pthread.h>

enum { kLocks = 1000 };

static pthread_mutex_t locks[kLocks];
static int visits;

static void *take_all_in_order(void *unused) {
  (void)unused;
  for (int i = 0; i < kLocks; ++i)
    pthread_mutex_lock(&locks[i]);  // CYCLE (holding locks[0], requesting locks[kLocks - 1])
  visits += 1;
  for (int i = kLocks - 1; i >= 0; --i) pthread_mutex_unlock(&locks[i]);
  return NULL;
}

static void *last_then_first(void *unused) {
  (void)unused;
  pthread_mutex_lock(&locks[kLocks - 1]);
  pthread_mutex_lock(&locks[0]);  // CYCLE (closes the cycle)
  visits += 1;
  pthread_mutex_unlock(&locks[0]);
  pthread_mutex_unlock(&locks[kLocks - 1]);
  return NULL;
}

int main(void) {
  for (int i = 0; i < kLocks; ++i) pthread_mutex_init(&locks[i], NULL);
  pthread_t thread;
  pthread_create(&thread, NULL, take_all_in_order, NULL);
  pthread_join(thread, NULL);
  pthread_create(&thread, NULL, last_then_first, NULL);
  pthread_join(thread, NULL);
  return visits == 2 ? 0 : 1;
}
