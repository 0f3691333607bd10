// Four handoffs in a row, each through a different __atomic_fetch_* builtin and memory order on
// the writer's side (or with release, add with acq_rel, xor with seq_cst, and with release),
// matched on the reader's side by an acquire load, a seq_cst load, an acquire fetch_add of zero
// and an acq_rel fetch_or of zero. Every writer RMW releases, every reader operation acquires
// and reads it, so each payload is ordered.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

long payloads[4];
unsigned flags[4] = {0, 0, 0, 0xff};

static void *writer(void *unused) {
  (void)unused;
  payloads[0] = 1;
  __atomic_fetch_or(&flags[0], 1u, __ATOMIC_RELEASE);
  payloads[1] = 2;
  __atomic_fetch_add(&flags[1], 1u, __ATOMIC_ACQ_REL);
  payloads[2] = 3;
  __atomic_fetch_xor(&flags[2], 1u, __ATOMIC_SEQ_CST);
  payloads[3] = 4;
  __atomic_fetch_and(&flags[3], 0x0fu, __ATOMIC_RELEASE);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  while (__atomic_load_n(&flags[0], __ATOMIC_ACQUIRE) == 0) sched_yield();
  long sum = payloads[0];
  while (__atomic_load_n(&flags[1], __ATOMIC_SEQ_CST) == 0) sched_yield();
  sum += payloads[1];
  while (__atomic_fetch_add(&flags[2], 0u, __ATOMIC_ACQUIRE) == 0) sched_yield();
  sum += payloads[2];
  while (__atomic_fetch_or(&flags[3], 0u, __ATOMIC_ACQ_REL) == 0xff) sched_yield();
  sum += payloads[3];
  pthread_join(thread, NULL);
  printf("%ld\n", sum);
  return sum == 10 ? 0 : 1;
}
