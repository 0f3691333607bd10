// A "cycle" of read locks: T1 read-locks A then B, T2 read-locks B then A. Readers share a
// rwlock, so neither request can wait for the other's holder and there is no deadlock. Interlock's
// documented rule (detector/deadlock/lock_graph.h): a cycle counts only if at each lock the
// holder or the requester uses write mode. (The rule assumes glibc's default reader preference.)
// EXPECT: silent
// TSAN: differs TSan's deadlock detector ignores lock modes and reports the read-read cycle
#include <pthread.h>

static pthread_rwlock_t a = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t b = PTHREAD_RWLOCK_INITIALIZER;
static int sum;

static void *read_a_then_b(void *unused) {
  (void)unused;
  pthread_rwlock_rdlock(&a);
  pthread_rwlock_rdlock(&b);
  pthread_rwlock_unlock(&b);
  pthread_rwlock_unlock(&a);
  return NULL;
}

static void *read_b_then_a(void *unused) {
  (void)unused;
  pthread_rwlock_rdlock(&b);
  pthread_rwlock_rdlock(&a);
  pthread_rwlock_unlock(&a);
  pthread_rwlock_unlock(&b);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, read_a_then_b, NULL);
  pthread_join(thread, NULL);
  pthread_create(&thread, NULL, read_b_then_a, NULL);
  pthread_join(thread, NULL);
  return sum;
}
