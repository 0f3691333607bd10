// Thousands of asynchronous signals (pthread_kill) land on a worker that keeps Interlock's
// bookkeeping busy: it makes and destroys semaphores and mutexes (their sync objects go back to
// the runtime's free lists), locks, allocates and frees, and now and then opens, writes and
// closes a regular file and /dev/null. The handler does only async-signal-safe things
// that the runtime also watches: dup() and close() a regular file's and /dev/null's descriptors,
// write() to them, sem_post() a semaphore of its own, publish a flag with a release store. Wherever the signal lands (inside the
// runtime, holding one of its locks, included), the handler must not take a lock the worker
// holds: nothing may be reported, and every signal must be handled within seconds (main gives
// up, and the test fails, if one is not).
// EXPECT: silent
// TSAN: same
// PRINTS: handled 3000 signals
// ALSO AT: -O2
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { kSignals = 3000 };

static atomic_int signals_handled;
static atomic_int worker_stop;
static int null_fd = -1;
static int file_fd = -1;
static char file_path[64];
static sem_t handler_posts;
// Published by the handler with release stores, a fresh one each time: each needs a new sync
// object from the runtime's free list.
static atomic_int handler_flags[4096];

static void on_signal(int signal_number) {
  (void)signal_number;
  int saved_errno = errno;
  int copy = dup(file_fd);
  if (copy >= 0) close(copy);
  copy = dup(null_fd);
  if (copy >= 0) {
    (void)!write(copy, "h", 1);
    close(copy);
  }
  sem_post(&handler_posts);
  int handled = atomic_load_explicit(&signals_handled, memory_order_relaxed);
  atomic_store_explicit(&handler_flags[handled % 4096], 1, memory_order_release);
  atomic_fetch_add(&signals_handled, 1);
  errno = saved_errno;
}

static void *busy_worker(void *unused) {
  (void)unused;
  unsigned round = 0;
  char line[32];
  while (!atomic_load(&worker_stop)) {
    if (round % 16 == 0) {
      int fd = open(file_path, O_WRONLY | O_APPEND);
      if (fd >= 0) {
        int length = snprintf(line, sizeof line, "%u\n", round);
        (void)!write(fd, line, (size_t)length);
        close(fd);
      }
      fd = dup(null_fd);
      (void)!write(fd, "w", 1);
      close(fd);
    }
    if (round % 1024 == 0) (void)!ftruncate(file_fd, 0);
    // Sync objects made and destroyed: their memory goes back to the runtime's free lists.
    sem_t semaphores[8];
    for (int i = 0; i < 8; ++i) {
      sem_init(&semaphores[i], 0, 0);
      sem_post(&semaphores[i]);
      sem_wait(&semaphores[i]);
    }
    pthread_mutex_t locks[4];
    for (int i = 0; i < 4; ++i) {
      pthread_mutex_init(&locks[i], NULL);
      pthread_mutex_lock(&locks[i]);
    }
    char *scratch = malloc(16 + round % 1500);
    memset(scratch, (int)round, 16);
    for (int i = 4; i-- > 0;) {
      pthread_mutex_unlock(&locks[i]);
      pthread_mutex_destroy(&locks[i]);
    }
    for (int i = 0; i < 8; ++i) sem_destroy(&semaphores[i]);
    free(scratch);
    round += 1;
  }
  return NULL;
}

static double seconds_now(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int main(void) {
  snprintf(file_path, sizeof file_path, "/tmp/interlock_signal_fds_%d", (int)getpid());
  file_fd = open(file_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  null_fd = open("/dev/null", O_WRONLY);
  if (file_fd < 0 || null_fd < 0) return 2;
  sem_init(&handler_posts, 0, 0);
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
        unlink(file_path);
        _exit(1);
      }
    }
  }
  atomic_store(&worker_stop, 1);
  pthread_join(worker, NULL);
  int posts = 0;
  while (sem_trywait(&handler_posts) == 0) ++posts;
  printf("handled %d signals (%d posts)\n", atomic_load(&signals_handled), posts);
  sem_destroy(&handler_posts);
  close(null_fd);
  close(file_fd);
  unlink(file_path);
  return 0;
}
