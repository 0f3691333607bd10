// C11 <threads.h>: a producer hands numbers to main through mtx_t + cnd_t.
// EXPECT: silent
// TSAN: differs clang-14's TSan does not intercept glibc's thrd_create/mtx_lock and crashes
#include <stdio.h>
#include <threads.h>

static mtx_t slot_lock;
static cnd_t slot_changed;
int slot_value;
int slot_full;

static int produce(void *unused) {
  (void)unused;
  for (int i = 1; i <= 500; ++i) {
    mtx_lock(&slot_lock);
    while (slot_full) cnd_wait(&slot_changed, &slot_lock);
    slot_value = i;
    slot_full = 1;
    cnd_broadcast(&slot_changed);
    mtx_unlock(&slot_lock);
  }
  return 0;
}

int main(void) {
  mtx_init(&slot_lock, mtx_plain);
  cnd_init(&slot_changed);
  thrd_t producer;
  thrd_create(&producer, produce, NULL);
  long sum = 0;
  for (int i = 1; i <= 500; ++i) {
    mtx_lock(&slot_lock);
    while (!slot_full) cnd_wait(&slot_changed, &slot_lock);
    sum += slot_value;
    slot_full = 0;
    cnd_broadcast(&slot_changed);
    mtx_unlock(&slot_lock);
  }
  thrd_join(producer, NULL);
  printf("%ld\n", sum);
  return sum == 125250 ? 0 : 1;
}
