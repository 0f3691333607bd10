// The AB/BA deadlock with C11 threads: thrd_create, mtx_t and thrd_join. Interlock reports the
// lock-order cycle, then the deadlock, and ends the program with status 67.
// EXPECT: lock-order-cycle
// EXPECT: deadlock
// TSAN: differs clang-14's TSan does not intercept glibc's thrd_create/mtx_lock and crashes
#include <pthread.h>
#include <threads.h>

mtx_t inventory;
mtx_t orders;
pthread_barrier_t both_hold_one;

static int packer(void *arg) {
  (void)arg;
  mtx_lock(&orders);
  pthread_barrier_wait(&both_hold_one);
  mtx_lock(&inventory);  // CYCLE DEADLOCK
  mtx_unlock(&inventory);
  mtx_unlock(&orders);
  return 0;
}

int main(void) {
  mtx_init(&inventory, mtx_plain);
  mtx_init(&orders, mtx_plain);
  pthread_barrier_init(&both_hold_one, NULL, 2);
  thrd_t t;
  thrd_create(&t, packer, NULL);
  mtx_lock(&inventory);
  pthread_barrier_wait(&both_hold_one);
  mtx_lock(&orders);  // CYCLE DEADLOCK
  mtx_unlock(&orders);
  mtx_unlock(&inventory);
  thrd_join(t, NULL);
  return 0;
}
