// The mailbox of atomic_builtin_exchange_silent.c with both exchanges __ATOMIC_RELAXED: the
// message pointer arrives, but nothing orders the producer's writes to the message before the
// consumer's reads of it. The message contents race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

struct message {
  int kind;
  long body[3];
};

struct message mailbag;
struct message *slot;

static void *producer(void *unused) {
  (void)unused;
  struct message *m = &mailbag;
  for (int i = 0; i < 3; ++i) m->body[i] = 10 * (i + 1);
  m->kind = 3;  // RACE
  __atomic_exchange_n(&slot, m, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  struct message *m;
  while ((m = __atomic_exchange_n(&slot, NULL, __ATOMIC_RELAXED)) == NULL) sched_yield();
  int kind = m->kind;  // RACE
  pthread_join(thread, NULL);
  printf("%d\n", kind);
  return 0;
}
