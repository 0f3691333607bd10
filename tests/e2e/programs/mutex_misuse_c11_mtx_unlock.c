// C11: mtx_unlock of a plain mtx_t the thread does not hold (it never locked it).
// EXPECT: mutex-misuse
// PRINTS: went on after mtx_unlock
// TSAN: differs clang-14 TSan does not intercept C11 mtx_unlock (glibc calls its own pthread_mutex_unlock inside), so it sees no unlock
#include <stdio.h>
#include <threads.h>

static mtx_t table_lock;

int main(void) {
  mtx_init(&table_lock, mtx_plain);
  mtx_unlock(&table_lock);  // MISUSE
  printf("went on after mtx_unlock\n");
  return 0;
}
