// AB/BA on rwlocks where each thread write-holds its first lock and read-requests the second: a
// reader still waits for a writer, so this is a real potential deadlock even though both inner
// requests are reads (contrast lock_cycle_rwlock_read_read_silent.c).
// EXPECT: lock-order-cycle
// TSAN: same
#include <pthread.h>

static pthread_rwlock_t a = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t b = PTHREAD_RWLOCK_INITIALIZER;
static int a_value, b_value;

static void *update_a_reading_b(void *unused) {
  (void)unused;
  pthread_rwlock_wrlock(&a);
  pthread_rwlock_rdlock(&b);  // CYCLE
  a_value = b_value + 1;
  pthread_rwlock_unlock(&b);
  pthread_rwlock_unlock(&a);
  return NULL;
}

static void *update_b_reading_a(void *unused) {
  (void)unused;
  pthread_rwlock_wrlock(&b);
  pthread_rwlock_rdlock(&a);  // CYCLE
  b_value = a_value + 1;
  pthread_rwlock_unlock(&a);
  pthread_rwlock_unlock(&b);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, update_a_reading_b, NULL);
  pthread_join(thread, NULL);
  pthread_create(&thread, NULL, update_b_reading_a, NULL);
  pthread_join(thread, NULL);
  return b_value == 2 ? 0 : 1;
}
