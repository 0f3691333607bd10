// Read locks of a rwlock held by several threads at once, each released by its own holder, then
// a write lock: pthread_rwlock_unlock does not say which side it releases, and no reader holds
// the lock alone, so none of these unlocks may be taken for a misuse.
// EXPECT: silent
// PRINTS: readers saw 7
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t all_reading;
static int setting = 7;
static int seen[2];

static void *read_setting(void *slot) {
  pthread_rwlock_rdlock(&config_lock);
  pthread_barrier_wait(&all_reading);  // both readers hold it now
  seen[*(int *)slot] = setting;
  pthread_rwlock_unlock(&config_lock);
  return NULL;
}

int main(void) {
  pthread_barrier_init(&all_reading, NULL, 2);
  pthread_t readers[2];
  int slots[2] = {0, 1};
  for (int i = 0; i < 2; i++) pthread_create(&readers[i], NULL, read_setting, &slots[i]);
  for (int i = 0; i < 2; i++) pthread_join(readers[i], NULL);
  pthread_rwlock_wrlock(&config_lock);
  setting = 8;
  pthread_rwlock_unlock(&config_lock);
  pthread_rwlock_destroy(&config_lock);
  printf("readers saw %d\n", seen[0] == seen[1] ? seen[0] : -1);
  return 0;
}
