// __atomic builtins on an unsigned __int128 without -mcx16: clang calls libatomic's generic
// __atomic_store / __atomic_load / __atomic_exchange for them. The writer publishes a
// {sequence, pointer} pair with a relaxed exchange, so the reader's acquire load that sees it
// synchronizes with nothing: its read of the record races with the writer's fill.
// EXPECT: data-race
// ARGS: -latomic
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

_Alignas(16) unsigned __int128 slot;
int record[2];

static void *writer(void *unused) {
  (void)unused;
  record[1] = 5;  // RACE
  unsigned __int128 published = ((unsigned __int128)1 << 64) | (uintptr_t)record;
  __atomic_exchange_n(&slot, published, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  unsigned __int128 seen;
  while ((seen = __atomic_load_n(&slot, __ATOMIC_ACQUIRE)) == 0) sched_yield();
  int value = ((int *)(uintptr_t)seen)[1];  // RACE
  pthread_join(thread, NULL);
  __atomic_store_n(&slot, 0, __ATOMIC_RELAXED);
  printf("%d %llu\n", value, (unsigned long long)(seen >> 64));
  return 0;
}
