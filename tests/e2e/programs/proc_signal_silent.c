// Signals delivered asynchronously (pthread_kill, 2000 times) to a worker that is busy locking,
// allocating and writing its own data, so they land anywhere, inside Interlock's interceptors
// included. The handler only touches lock-free atomics, which is correct: nothing may be
// reported, and the runtime must neither deadlock against itself nor corrupt the worker's state.
// EXPECT: silent
// TSAN: same
// PRINTS: handled 2000 signals
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kSignals = 2000 };

static atomic_int signals_handled;
static atomic_int last_signal;
static atomic_int worker_stop;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
long table[64];

static void on_signal(int signal_number) {
  atomic_store(&last_signal, signal_number);
  atomic_fetch_add(&signals_handled, 1);
}

static void *busy_worker(void *unused) {
  (void)unused;
  long round = 0;
  while (!atomic_load(&worker_stop)) {
    pthread_mutex_lock(&table_lock);
    table[round % 64] += round;
    pthread_mutex_unlock(&table_lock);
    char *scratch = malloc(64 + round % 256);
    memset(scratch, (int)round, 64);
    free(scratch);
    ++round;
  }
  return NULL;
}

int main(void) {
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
    while (atomic_load(&signals_handled) < sent) {
    }
  }
  atomic_store(&worker_stop, 1);
  pthread_join(worker, NULL);
  pthread_mutex_lock(&table_lock);
  long sum = 0;
  for (int i = 0; i < 64; ++i) sum += table[i];
  pthread_mutex_unlock(&table_lock);
  printf("handled %d signals (last %d, sum %ld)\n", atomic_load(&signals_handled),
         atomic_load(&last_signal), sum);
  return 0;
}
