// The lock-free stack of atomic_builtin_cas_stack_silent.c with the push's compare-exchange
// __ATOMIC_RELAXED: the node becomes reachable, but its value is not published with it, so the
// popper's read of the value races with the pusher's write.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

struct node {
  long value;
  struct node *next;
};

enum { kNodes = 50 };
struct node pool[kNodes];
struct node *top;

static void *pusher(void *unused) {
  (void)unused;
  for (long i = 0; i < kNodes; ++i) {
    struct node *n = &pool[i];
    n->value = i;  // RACE
    struct node *old = __atomic_load_n(&top, __ATOMIC_RELAXED);
    do {
      __atomic_store_n(&n->next, old, __ATOMIC_RELAXED);
    } while (!__atomic_compare_exchange_n(&top, &old, n, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
  }
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, pusher, NULL);
  long sum = 0;
  int count = 0;
  while (count < kNodes) {
    struct node *old = __atomic_load_n(&top, __ATOMIC_ACQUIRE);
    if (!old) {
      sched_yield();
      continue;
    }
    if (!__atomic_compare_exchange_n(&top, &old, __atomic_load_n(&old->next, __ATOMIC_RELAXED), 0,
                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      continue;
    sum += old->value;  // RACE
    ++count;
  }
  pthread_join(thread, NULL);
  printf("%ld\n", sum);
  return 0;
}
