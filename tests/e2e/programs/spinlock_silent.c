// Two threads add to a total under a pthread spinlock.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_spinlock_t total_lock;
long total;

static void *add(void *unused) {
  (void)unused;
  for (int i = 0; i < 3000; ++i) {
    pthread_spin_lock(&total_lock);
    total += i;
    pthread_spin_unlock(&total_lock);
  }
  return NULL;
}

int main(void) {
  pthread_spin_init(&total_lock, PTHREAD_PROCESS_PRIVATE);
  pthread_t a, b;
  pthread_create(&a, NULL, add, NULL);
  pthread_create(&b, NULL, add, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", total);
  pthread_spin_destroy(&total_lock);
  return 0;
}
