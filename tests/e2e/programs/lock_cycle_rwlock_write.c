// AB/BA on two rwlocks, both taken in write mode, in two threads run one after the other.
// EXPECT: lock-order-cycle
// TSAN: same
#include <pthread.h>

static pthread_rwlock_t index_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static int rows, index_entries;

static void *insert_row(void *unused) {
  (void)unused;
  pthread_rwlock_wrlock(&table_lock);
  rows += 1;
  pthread_rwlock_wrlock(&index_lock);  // CYCLE
  index_entries += 1;
  pthread_rwlock_unlock(&index_lock);
  pthread_rwlock_unlock(&table_lock);
  return NULL;
}

static void *rebuild_index(void *unused) {
  (void)unused;
  pthread_rwlock_wrlock(&index_lock);
  index_entries = 0;
  pthread_rwlock_wrlock(&table_lock);  // CYCLE
  index_entries = rows;
  pthread_rwlock_unlock(&table_lock);
  pthread_rwlock_unlock(&index_lock);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, insert_row, NULL);
  pthread_join(thread, NULL);
  pthread_create(&thread, NULL, rebuild_index, NULL);
  pthread_join(thread, NULL);
  return index_entries == 1 ? 0 : 1;
}
