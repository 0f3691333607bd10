// High- and low-water marks kept with __atomic_fetch_max / __atomic_fetch_min (signed and
// unsigned), which have no single x86 instruction. Each worker writes its own sample slot, then
// folds its sample into the marks and sets its bit in a done mask, all with releasing RMWs; the
// main thread waits with an acquire load until the mask shows every worker, then reads the
// slots and the marks. The mask's RMWs form one release sequence, so the final value orders
// every worker's slot write. The marks must also come out right: signed and unsigned compare
// differently for the negative sample.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

enum { kWorkers = 3 };

long samples[kWorkers];
long high = -1000;
long low = 1000;
unsigned long unsigned_high;
unsigned long unsigned_low = ~0ul;
unsigned done_mask;

static void *measure(void *arg) {
  long me = (long)arg;
  long sample = (me - 1) * 7;  // -7, 0, 7: the signed marks must compare as signed
  samples[me] = sample;
  __atomic_fetch_max(&high, sample, __ATOMIC_RELEASE);
  __atomic_fetch_min(&low, sample, __ATOMIC_ACQ_REL);
  __atomic_fetch_max(&unsigned_high, (unsigned long)sample, __ATOMIC_SEQ_CST);
  __atomic_fetch_min(&unsigned_low, (unsigned long)sample, __ATOMIC_RELEASE);
  __atomic_fetch_or(&done_mask, 1u << me, __ATOMIC_RELEASE);
  return NULL;
}

int main(void) {
  pthread_t threads[kWorkers];
  for (long t = 0; t < kWorkers; ++t) pthread_create(&threads[t], NULL, measure, (void *)t);
  while (__atomic_load_n(&done_mask, __ATOMIC_ACQUIRE) != (1u << kWorkers) - 1) sched_yield();
  long sum = samples[0] + samples[1] + samples[2];
  long seen_high = __atomic_load_n(&high, __ATOMIC_ACQUIRE);
  long seen_low = __atomic_load_n(&low, __ATOMIC_ACQUIRE);
  unsigned long seen_uhigh = __atomic_load_n(&unsigned_high, __ATOMIC_ACQUIRE);
  unsigned long seen_ulow = __atomic_load_n(&unsigned_low, __ATOMIC_ACQUIRE);
  for (int t = 0; t < kWorkers; ++t) pthread_join(threads[t], NULL);
  printf("%ld %ld %ld %lx %lx\n", sum, seen_high, seen_low, seen_uhigh, seen_ulow);
  return sum == 0 && seen_high == 7 && seen_low == -7 && seen_uhigh == (unsigned long)-7 &&
                 seen_ulow == 0
             ? 0
             : 1;
}
