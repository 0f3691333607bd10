// A lock-free (Treiber) stack on __atomic_compare_exchange_n: two threads push nodes they have
// just filled, with a release exchange; the main thread pops them with acquire loads and
// acq_rel exchanges and reads their values. Each popped node's contents are ordered by the
// exchange that published it. Nodes are freed only after all pushers are joined, so no node is
// reused while a pop may still look at it (no ABA).
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
  long value;
  struct node *next;
};

enum { kPerThread = 200 };
struct node *top;

static void push(struct node *n) {
  struct node *old = __atomic_load_n(&top, __ATOMIC_RELAXED);
  do {
    n->next = old;
  } while (!__atomic_compare_exchange_n(&top, &old, n, 1, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

static struct node *pop(void) {
  struct node *old = __atomic_load_n(&top, __ATOMIC_ACQUIRE);
  while (old && !__atomic_compare_exchange_n(&top, &old, old->next, 0, __ATOMIC_ACQ_REL,
                                             __ATOMIC_ACQUIRE)) {
  }
  return old;
}

static void *pusher(void *arg) {
  long base = (long)arg;
  for (long i = 0; i < kPerThread; ++i) {
    struct node *n = malloc(sizeof *n);
    n->value = base + i;
    push(n);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[2];
  pthread_create(&threads[0], NULL, pusher, (void *)0L);
  pthread_create(&threads[1], NULL, pusher, (void *)1000L);
  struct node *popped[2 * kPerThread];
  long sum = 0;
  int count = 0;
  while (count < 2 * kPerThread) {
    struct node *n = pop();
    if (!n) {
      sched_yield();
      continue;
    }
    sum += n->value;
    popped[count++] = n;
  }
  pthread_join(threads[0], NULL);
  pthread_join(threads[1], NULL);
  for (int i = 0; i < count; ++i) free(popped[i]);
  printf("%ld\n", sum);
  return sum == 2 * (199 * 200 / 2) + 200 * 1000 ? 0 : 1;
}
