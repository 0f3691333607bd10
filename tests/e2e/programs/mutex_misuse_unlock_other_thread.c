// A thread unlocks a mutex that the main thread locked: mutexes are owned, and only the owner
// may unlock one (a normal glibc mutex lets it happen). The report names the holder.
// EXPECT: mutex-misuse
// PRINTS: worker unlocked, main went on
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t handoff_lock = PTHREAD_MUTEX_INITIALIZER;

static void *release_for_main(void *unused) {
  (void)unused;
  pthread_mutex_unlock(&handoff_lock);  // MISUSE
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_mutex_lock(&handoff_lock);
  pthread_create(&worker, NULL, release_for_main, NULL);
  pthread_join(worker, NULL);
  printf("worker unlocked, main went on\n");
  return 0;
}
