// A one-slot mailbox driven by __atomic_exchange_n: the producer fills a heap message and swaps
// it into the slot with release; the consumer swaps the slot back to NULL with acquire until it
// gets the message. The exchange that takes the message reads the one that put it there, so
// the message contents are ordered.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

struct message {
  int kind;
  long body[3];
};

struct message *slot;

static void *producer(void *unused) {
  (void)unused;
  struct message *m = malloc(sizeof *m);
  m->kind = 3;
  for (int i = 0; i < 3; ++i) m->body[i] = 10 * (i + 1);
  __atomic_exchange_n(&slot, m, __ATOMIC_RELEASE);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  struct message *m;
  while ((m = __atomic_exchange_n(&slot, NULL, __ATOMIC_ACQUIRE)) == NULL) sched_yield();
  long sum = m->kind + m->body[0] + m->body[1] + m->body[2];
  free(m);
  pthread_join(thread, NULL);
  printf("%ld\n", sum);
  return sum == 63 ? 0 : 1;
}
