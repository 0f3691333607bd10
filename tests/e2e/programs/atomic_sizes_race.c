// A plain write racing with an atomic load, once for every atomic width (1, 2, 4 and 8 bytes):
// an atomic access is only atomic with respect to other atomic accesses, so each pair is a race,
// and each is a separate bug on separate memory.
// EXPECT: data-race :b1
// EXPECT: data-race :b2
// EXPECT: data-race :b4
// EXPECT: data-race :b8
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

// A word each, so that every pair is on memory of its own.
_Alignas(8) uint8_t level8;
_Alignas(8) uint16_t level16;
_Alignas(8) uint32_t level32;
_Alignas(8) uint64_t level64;
int done;

static void *plain_writer(void *unused) {
  (void)unused;
  level8 = 1;   // RACE:b1
  level16 = 2;  // RACE:b2
  level32 = 3;  // RACE:b4
  level64 = 4;  // RACE:b8
  __atomic_store_n(&done, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t writer;
  pthread_create(&writer, NULL, plain_writer, NULL);
  while (!__atomic_load_n(&done, __ATOMIC_RELAXED)) sched_yield();
  uint64_t sum = __atomic_load_n(&level8, __ATOMIC_ACQUIRE);  // RACE:b1
  sum += __atomic_load_n(&level16, __ATOMIC_ACQUIRE);         // RACE:b2
  sum += __atomic_load_n(&level32, __ATOMIC_ACQUIRE);         // RACE:b4
  sum += __atomic_load_n(&level64, __ATOMIC_ACQUIRE);         // RACE:b8
  pthread_join(writer, NULL);
  printf("%llu\n", (unsigned long long)sum);
  return 0;
}
