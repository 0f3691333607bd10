// AB/BA through pthread spinlocks, in two threads run one after the other. A spinning waiter is
// as stuck as a sleeping one: the cycle is a potential deadlock like any other.
// EXPECT: lock-order-cycle
// TSAN: same
#include <pthread.h>

static pthread_spinlock_t head_lock, tail_lock;
static int head, tail;

static void *push_front(void *unused) {
  (void)unused;
  pthread_spin_lock(&head_lock);
  pthread_spin_lock(&tail_lock);  // CYCLE
  head += 1;
  tail += 1;
  pthread_spin_unlock(&tail_lock);
  pthread_spin_unlock(&head_lock);
  return NULL;
}

static void *pop_back(void *unused) {
  (void)unused;
  pthread_spin_lock(&tail_lock);
  pthread_spin_lock(&head_lock);  // CYCLE
  head -= 1;
  tail -= 1;
  pthread_spin_unlock(&head_lock);
  pthread_spin_unlock(&tail_lock);
  return NULL;
}

int main(void) {
  pthread_spin_init(&head_lock, PTHREAD_PROCESS_PRIVATE);
  pthread_spin_init(&tail_lock, PTHREAD_PROCESS_PRIVATE);
  pthread_t thread;
  pthread_create(&thread, NULL, push_front, NULL);
  pthread_join(thread, NULL);
  pthread_create(&thread, NULL, pop_back, NULL);
  pthread_join(thread, NULL);
  pthread_spin_destroy(&head_lock);
  pthread_spin_destroy(&tail_lock);
  return head == 0 && tail == 0 ? 0 : 1;
}
