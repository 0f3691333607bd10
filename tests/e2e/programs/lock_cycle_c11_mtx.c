// AB/BA through C11 mtx_t, threads made with thrd_create and run one after the other.
// EXPECT: lock-order-cycle
// TSAN: differs clang-14's TSan does not intercept glibc's thrd_create/mtx_lock and crashes
#include <threads.h>

static mtx_t first_lock, second_lock;
static int work_done;

static int in_order(void *unused) {
  (void)unused;
  mtx_lock(&first_lock);
  mtx_lock(&second_lock);  // CYCLE
  work_done += 1;
  mtx_unlock(&second_lock);
  mtx_unlock(&first_lock);
  return 0;
}

static int inverted(void *unused) {
  (void)unused;
  mtx_lock(&second_lock);
  mtx_lock(&first_lock);  // CYCLE
  work_done += 1;
  mtx_unlock(&first_lock);
  mtx_unlock(&second_lock);
  return 0;
}

int main(void) {
  mtx_init(&first_lock, mtx_plain);
  mtx_init(&second_lock, mtx_plain);
  thrd_t thread;
  thrd_create(&thread, in_order, NULL);
  thrd_join(thread, NULL);
  thrd_create(&thread, inverted, NULL);
  thrd_join(thread, NULL);
  mtx_destroy(&first_lock);
  mtx_destroy(&second_lock);
  return work_done == 2 ? 0 : 1;
}
