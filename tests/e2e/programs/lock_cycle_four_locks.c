// A cycle of four locks and four threads: T1 A->B, T2 B->C, T3 C->D, T4 D->A, one after the
// other so the run cannot hang. No pair of locks is ever taken in both orders.
// EXPECT: lock-order-cycle
// TSAN: same
#include <pthread.h>

static pthread_mutex_t locks[4] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                                   PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static int visits[4];

static void *hold_then_next(void *which) {
  const int first = (int)(long)which;
  const int second = (first + 1) % 4;
  pthread_mutex_lock(&locks[first]);
  pthread_mutex_lock(&locks[second]);  // CYCLE x4
  visits[first] += 1;
  pthread_mutex_unlock(&locks[second]);
  pthread_mutex_unlock(&locks[first]);
  return NULL;
}

int main(void) {
  for (long i = 0; i < 4; ++i) {
    pthread_t thread;
    pthread_create(&thread, NULL, hold_then_next, (void *)i);
    pthread_join(thread, NULL);
  }
  return visits[0] + visits[1] + visits[2] + visits[3] == 4 ? 0 : 1;
}
