// main leaves a signal handler by siglongjmp, then reads parts of each word of a buffer in four
// epochs (a mutex unlock between them), round after round on fresh buffers. Each word's reads
// need a read set that outgrows its line, and each buffer's sets go when its memory is handed
// out again: about 12 MiB of sets retired per round, freed once every running thread has passed
// between two accesses. A thread still counted inside the handler it jumped out of would never
// pass, and every set retired after the jump would stay: the program checks that 20 rounds
// raised its peak resident memory by less than 64 MiB (held for good, they take about 240 MiB),
// else it exits with status 1. A second thread waits on a condition variable meanwhile, so main
// is not the process's only thread (whose accesses need no keeping: no set would be made).
// Race-free; TSan passes the check as well.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

enum { kWords = 64 * 1024, kRounds = 20, kEpochs = 4 };

static sigjmp_buf out_of_handler;
static pthread_mutex_t tick = PTHREAD_MUTEX_INITIALIZER;
static unsigned long sum;
static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_changed = PTHREAD_COND_INITIALIZER;
static int done;

static void *wait_until_done(void *unused) {
  (void)unused;
  pthread_mutex_lock(&done_lock);
  while (!done) pthread_cond_wait(&done_changed, &done_lock);
  pthread_mutex_unlock(&done_lock);
  return NULL;
}

static void leave_by_jump(int sig) {
  (void)sig;
  siglongjmp(out_of_handler, 1);
}

// The process's peak resident memory so far, in bytes.
static long peak_resident_bytes(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024L;
}

// A release: the reads after it are in a new epoch of this thread.
static void next_epoch(void) {
  pthread_mutex_lock(&tick);
  pthread_mutex_unlock(&tick);
}

int main(void) {
  pthread_t waiter;
  pthread_create(&waiter, NULL, wait_until_done, NULL);
  signal(SIGUSR1, leave_by_jump);
  if (sigsetjmp(out_of_handler, 1) == 0) raise(SIGUSR1);
  const long before = peak_resident_bytes();
  for (int round = 0; round < kRounds; round++) {
    unsigned char *words = malloc(kWords * 8);
    if (!words) return 2;
    memset(words, round, kWords * 8);
    // Bytes 0, 2, 4 and 6 of each word, one per epoch: four reads no later one covers.
    for (int epoch = 0; epoch < kEpochs; epoch++) {
      next_epoch();
      for (int i = 0; i < kWords; i++) sum += words[i * 8 + 2 * epoch];
    }
    free(words);
  }
  const long grown = peak_resident_bytes() - before;
  pthread_mutex_lock(&done_lock);
  done = 1;
  pthread_cond_signal(&done_changed);
  pthread_mutex_unlock(&done_lock);
  pthread_join(waiter, NULL);
  printf("sum %lu\n", sum);
  if (grown >= 64L << 20) {
    fprintf(stderr, "peak resident memory grew by %ld MiB over %d rounds\n", grown >> 20,
            kRounds);
    return 1;
  }
  return 0;
}
