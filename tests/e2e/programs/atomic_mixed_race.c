// One thread updates a word with an atomic store, the other with a plain store. An atomic access
// only protects against other atomic accesses: atomic vs plain is a race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

int sequence;

static void *atomic_writer(void *unused) {
  (void)unused;
  __atomic_store_n(&sequence, 1, __ATOMIC_SEQ_CST);  // RACE
  return NULL;
}

static void *plain_writer(void *unused) {
  (void)unused;
  sequence = 2;  // RACE
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, atomic_writer, NULL);
  pthread_create(&b, NULL, plain_writer, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", __atomic_load_n(&sequence, __ATOMIC_SEQ_CST));
  return 0;
}
