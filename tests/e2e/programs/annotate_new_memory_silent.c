// A block recycled by the program's own pool, which hands it back through a relaxed flag the
// race detector cannot see ordering anything: the new owner says AnnotateNewMemory before using
// it, so the old owner's writes are forgotten, as malloc forgets a freed block's: silent.
// EXPECT: silent
// TSAN: differs TSan's runtime accepts AnnotateNewMemory but forgets nothing
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>

void AnnotateNewMemory(const char *file, int line, const volatile void *mem, size_t size);

static long block[4];
static int returned;

static void *old_owner(void *unused) {
  (void)unused;
  for (int i = 0; i < 4; i++) block[i] = i;
  __atomic_store_n(&returned, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, old_owner, NULL);
  while (!__atomic_load_n(&returned, __ATOMIC_RELAXED)) sched_yield();
  AnnotateNewMemory(__FILE__, __LINE__, block, sizeof block);
  for (int i = 0; i < 4; i++) block[i] = 10 * i;
  printf("block %ld\n", block[3]);
  pthread_join(thread, NULL);
  return 0;
}
