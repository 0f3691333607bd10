// AnnotateNewMemory forgets whole 8-byte granules only: a range inside one granule forgets
// nothing (the granule's history also covers bytes outside the range), so the new owner's store
// still races with the old owner's.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>

void AnnotateNewMemory(const char *file, int line, const volatile void *mem, size_t size);

static _Alignas(8) char bytes[8];
static int returned;

static void *old_owner(void *unused) {
  (void)unused;
  bytes[2] = 1;  // RACE
  __atomic_store_n(&returned, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, old_owner, NULL);
  while (!__atomic_load_n(&returned, __ATOMIC_RELAXED)) sched_yield();
  AnnotateNewMemory(__FILE__, __LINE__, &bytes[1], 4);
  bytes[2] = 2;  // RACE
  printf("bytes %d\n", bytes[2]);
  pthread_join(thread, NULL);
  return 0;
}
