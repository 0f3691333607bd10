// A mutex is destroyed and its memory re-initialized as a different mutex. The first one was
// taken before `log_lock`; the second, at the same address, after it. They are different locks,
// so there is no cycle: a graph keyed by address alone would see slot -> log and log -> slot.
// EXPECT: silent
// TSAN: same
#include <pthread.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t slot;  // holds one mutex, then another
static int entries;

static void *slot_then_log(void *unused) {
  (void)unused;
  pthread_mutex_lock(&slot);
  pthread_mutex_lock(&log_lock);
  entries += 1;
  pthread_mutex_unlock(&log_lock);
  pthread_mutex_unlock(&slot);
  return NULL;
}

static void *log_then_slot(void *unused) {
  (void)unused;
  pthread_mutex_lock(&log_lock);
  pthread_mutex_lock(&slot);
  entries += 1;
  pthread_mutex_unlock(&slot);
  pthread_mutex_unlock(&log_lock);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_mutex_init(&slot, NULL);  // the first mutex
  pthread_create(&thread, NULL, slot_then_log, NULL);
  pthread_join(thread, NULL);
  pthread_mutex_destroy(&slot);

  pthread_mutex_init(&slot, NULL);  // a new mutex in the same memory
  pthread_create(&thread, NULL, log_then_slot, NULL);
  pthread_join(thread, NULL);
  pthread_mutex_destroy(&slot);
  return entries == 2 ? 0 : 1;
}
