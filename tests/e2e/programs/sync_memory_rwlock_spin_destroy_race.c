// Reader-writer locks and spin locks have memory of their own too: a thread read-locks a rwlock
// and spin-locks a spin lock, posting a semaphore in between, and main destroys both after the
// post. The rwlock's unlock came before the post, so its destroy is ordered; the spin lock's
// calls came after it, so their read races with the destroy's write (a relaxed flag, which
// orders nothing, makes main destroy it after the unlock in real time).
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static pthread_rwlock_t table_lock;
static pthread_spinlock_t stats_lock;
static sem_t finished_reading;
static long table, stats;
static int spin_unlocked;

static void *worker(void *unused) {
  (void)unused;
  pthread_rwlock_rdlock(&table_lock);
  long seen = table;
  pthread_rwlock_unlock(&table_lock);
  sem_post(&finished_reading);
  pthread_spin_lock(&stats_lock);  // RACE
  stats += seen;
  pthread_spin_unlock(&stats_lock);
  __atomic_store_n(&spin_unlocked, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_rwlock_init(&table_lock, NULL);
  pthread_spin_init(&stats_lock, PTHREAD_PROCESS_PRIVATE);
  sem_init(&finished_reading, 0, 0);
  table = 7;
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  sem_wait(&finished_reading);
  pthread_rwlock_destroy(&table_lock);
  while (!__atomic_load_n(&spin_unlocked, __ATOMIC_RELAXED)) usleep(1000);
  pthread_spin_destroy(&stats_lock);  // RACE
  pthread_join(thread, NULL);
  sem_destroy(&finished_reading);
  printf("stats %ld\n", stats);
  return 0;
}
