// 100,000 longjmps (and siglongjmps) out of nested instrumented frames, some of them holding
// nothing, in two threads whose shared data is locked: silent, and the runtime's per-thread
// state must not grow or go wrong with frames that never exited.
// EXPECT: silent
// TSAN: same
// PRINTS: jumps 100000
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>

static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
long total_jumps;

__attribute__((noinline)) static void bail_out(jmp_buf target, int depth) {
  if (depth == 0) longjmp(target, 1);
  bail_out(target, depth - 1);
}

__attribute__((noinline)) static void bail_out_sig(sigjmp_buf target, int depth) {
  if (depth == 0) siglongjmp(target, 1);
  bail_out_sig(target, depth - 1);
}

static void *jumper(void *unused) {
  (void)unused;
  long jumps = 0;
  for (int i = 0; i < 25000; ++i) {
    jmp_buf target;
    if (setjmp(target) == 0) bail_out(target, i % 8);
    else ++jumps;
    sigjmp_buf sig_target;
    if (sigsetjmp(sig_target, 1) == 0) bail_out_sig(sig_target, i % 5);
    else ++jumps;
  }
  pthread_mutex_lock(&total_lock);
  total_jumps += jumps;
  pthread_mutex_unlock(&total_lock);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, jumper, NULL);
  jumper(NULL);
  pthread_join(worker, NULL);
  printf("jumps %ld\n", total_jumps);
  return 0;
}
