// Thousands of asynchronous signals (pthread_kill) land on a worker that keeps Interlock's
// runtime busy: every round walks a call path it never took before (a fresh calling context per
// frame, most of them interned in the shared table under its lock), under a mutex (so its
// accesses need fresh access nodes), and allocates. The handler runs instrumented code that
// enters the runtime itself: a call path of its own under whatever frame it interrupted, an
// intercepted write() to /dev/null, atomics and a plain volatile sig_atomic_t. A handler that
// interrupts the runtime while it holds one of its locks must not take that lock again on the
// same thread (it would spin forever): nothing may be reported, and every signal must be
// handled within seconds (main gives up, and the test fails, if one is not).
// EXPECT: silent
// TSAN: same
// PRINTS: handled 3000 signals
// ALSO AT: -O2
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { kSignals = 3000, kFanOut = 16, kDepth = 6 };

typedef void (*Step)(int depth, unsigned path);

static atomic_int signals_handled;
static atomic_int worker_stop;
static atomic_uint handler_round;
static int null_fd = -1;
static volatile sig_atomic_t handler_scratch;  // the worker's own: its handler runs on it
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long table[kFanOut];

static const Step steps[kFanOut];

// Calls one of kFanOut functions for each digit of `path`: a frame with more callees than a
// context node lists keeps the rest in the shared table, whose insertions take its lock.
#define STEP(n)                                                                \
  __attribute__((noinline)) static void step_##n(int depth, unsigned path) {  \
    if (depth == 0) {                                                          \
      table[n] += path;                                                        \
      return;                                                                  \
    }                                                                          \
    steps[path % kFanOut](depth - 1, path / kFanOut);                          \
    __asm__ volatile("" ::: "memory");                                         \
  }
STEP(0) STEP(1) STEP(2) STEP(3) STEP(4) STEP(5) STEP(6) STEP(7)
STEP(8) STEP(9) STEP(10) STEP(11) STEP(12) STEP(13) STEP(14) STEP(15)

static const Step steps[kFanOut] = {step_0,  step_1,  step_2,  step_3, step_4,  step_5,
                                    step_6,  step_7,  step_8,  step_9, step_10, step_11,
                                    step_12, step_13, step_14, step_15};

__attribute__((noinline)) static void handler_step(int depth, unsigned path) {
  handler_scratch = handler_scratch + 1;
  if (depth > 0) handler_step(depth - 1, path / 2);
}

static void on_signal(int signal_number) {
  (void)signal_number;
  int saved_errno = errno;
  unsigned round = atomic_fetch_add(&handler_round, 1);
  handler_step(3, round);
  // Fresh calling contexts under whatever frame the signal interrupted: more callees than a
  // node lists, so most of them go to the shared table, under its lock.
  for (int i = 0; i < kFanOut; ++i) steps[(round + i) % kFanOut](0, round);
  (void)!write(null_fd, "x", 1);
  atomic_fetch_add(&signals_handled, 1);
  errno = saved_errno;
}

static void *busy_worker(void *unused) {
  (void)unused;
  unsigned path = 0;
  while (!atomic_load(&worker_stop)) {
    pthread_mutex_lock(&table_lock);
    steps[path % kFanOut](kDepth, path / kFanOut);
    pthread_mutex_unlock(&table_lock);
    steps[(path + 1) % kFanOut](kDepth, path * 7 + 3);
    char *scratch = malloc(32 + path % 200);
    memset(scratch, (int)path, 32);
    free(scratch);
    path += 1;
  }
  return NULL;
}

static double seconds_now(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int main(void) {
  null_fd = open("/dev/null", O_WRONLY);
  struct sigaction action = {0};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, NULL);
  pthread_t worker;
  pthread_create(&worker, NULL, busy_worker, NULL);
  for (int sent = 1; sent <= kSignals; ++sent) {
    pthread_kill(worker, SIGUSR1);
    // One signal at a time: a pending signal is not queued twice.
    const double deadline = seconds_now() + 10.0;
    while (atomic_load(&signals_handled) < sent) {
      if (seconds_now() > deadline) {
        printf("signal %d not handled within 10 seconds: the worker hangs\n", sent);
        fflush(stdout);
        _exit(1);
      }
    }
  }
  atomic_store(&worker_stop, 1);
  pthread_join(worker, NULL);
  long sum = 0;
  for (int i = 0; i < kFanOut; ++i) sum += table[i];
  printf("handled %d signals (sum %ld, handler scratch %d)\n", atomic_load(&signals_handled),
         sum, (int)handler_scratch);
  close(null_fd);
  return 0;
}
