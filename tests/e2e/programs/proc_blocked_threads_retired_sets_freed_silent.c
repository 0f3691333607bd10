// Four threads block for the whole run: one in read() on an empty pipe, one in poll(), one in
// nanosleep() and one in sigwait(). Meanwhile main reads parts of each word of a buffer in four
// epochs (a mutex unlock between them), round after round on fresh buffers: about 12 MiB of
// read sets outgrow their line and are retired per round, freed once every running thread has
// been between two accesses since. A thread blocked in a call is between two accesses; counted
// as running, any one of the four would hold every set retired after it fell asleep. The
// program checks that 20 rounds raised its peak resident memory by less than 64 MiB (held for
// good, the sets take about 240 MiB), else it exits with status 1. Race-free; TSan passes the
// check as well.
// EXPECT: silent
// TSAN: same
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum { kWords = 64 * 1024, kRounds = 20, kEpochs = 4 };

static int read_pipe[2], poll_pipe[2];
static pthread_mutex_t tick = PTHREAD_MUTEX_INITIALIZER;
static unsigned long sum;
static int asleep;  // idle threads about to block

static void nothing(int sig) { (void)sig; }

static void about_to_block(void) { __atomic_fetch_add(&asleep, 1, __ATOMIC_RELEASE); }

static void *block_in_read(void *unused) {
  (void)unused;
  char byte;
  about_to_block();
  return (void *)(long)read(read_pipe[0], &byte, 1);
}

static void *block_in_poll(void *unused) {
  (void)unused;
  struct pollfd fd = {.fd = poll_pipe[0], .events = POLLIN};
  about_to_block();
  return (void *)(long)poll(&fd, 1, -1);
}

static int waking, sleeper_done;

static void *block_in_nanosleep(void *unused) {
  (void)unused;
  struct timespec hour = {3600, 0};
  about_to_block();
  while (!__atomic_load_n(&waking, __ATOMIC_ACQUIRE)) nanosleep(&hour, NULL);  // SIGUSR1: EINTR
  __atomic_store_n(&sleeper_done, 1, __ATOMIC_RELEASE);
  return NULL;
}

static void *block_in_sigwait(void *unused) {
  (void)unused;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  int sig = 0;
  about_to_block();
  sigwait(&set, &sig);
  return (void *)(long)sig;
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
  if (pipe(read_pipe) != 0 || pipe(poll_pipe) != 0) return 2;
  struct sigaction wake = {.sa_handler = nothing};  // no SA_RESTART: nanosleep ends
  sigaction(SIGUSR1, &wake, NULL);
  sigset_t waited;
  sigemptyset(&waited);
  sigaddset(&waited, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &waited, NULL);  // for sigwait, in every thread
  void *(*idle[4])(void *) = {block_in_read, block_in_poll, block_in_nanosleep, block_in_sigwait};
  pthread_t threads[4];
  for (int t = 0; t < 4; t++) pthread_create(&threads[t], NULL, idle[t], NULL);
  while (__atomic_load_n(&asleep, __ATOMIC_ACQUIRE) < 4) sched_yield();

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

  char byte = 1;
  if (write(read_pipe[1], &byte, 1) != 1 || write(poll_pipe[1], &byte, 1) != 1) return 2;
  __atomic_store_n(&waking, 1, __ATOMIC_RELEASE);
  while (!__atomic_load_n(&sleeper_done, __ATOMIC_ACQUIRE)) {  // (it may not be asleep yet)
    pthread_kill(threads[2], SIGUSR1);
    usleep(1000);
  }
  pthread_kill(threads[3], SIGUSR2);
  for (int t = 0; t < 4; t++) pthread_join(threads[t], NULL);
  printf("sum %lu\n", sum);
  if (grown >= 64L << 20) {
    fprintf(stderr, "peak resident memory grew by %ld MiB over %d rounds\n", grown >> 20,
            kRounds);
    return 1;
  }
  return 0;
}
