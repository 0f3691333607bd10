// The inverted acquisition is a pthread_mutex_timedlock with a deadline: it cannot wait forever,
// so, like a trylock, it cannot close a deadlock. T1 takes A then B; T2 (run afterwards) holds B
// and timed-locks A.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <time.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int moves;

static void *a_then_b(void *unused) {
  (void)unused;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  moves += 1;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return NULL;
}

static void *b_then_a_with_deadline(void *unused) {
  (void)unused;
  pthread_mutex_lock(&b);
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 1;
  if (pthread_mutex_timedlock(&a, &deadline) == 0) {
    moves += 1;
    pthread_mutex_unlock(&a);
  }
  pthread_mutex_unlock(&b);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, a_then_b, NULL);
  pthread_join(thread, NULL);
  pthread_create(&thread, NULL, b_then_a_with_deadline, NULL);
  pthread_join(thread, NULL);
  return moves == 2 ? 0 : 1;
}
