// main forks 40 times while four threads keep locking, allocating and creating threads, so the
// fork lands while one of them is inside the runtime (holding one of its internal locks, the
// lock of the shadow cell of 'busy_rounds', or the allocator's). Each child, whose only thread is
// the forking one, then reads 'busy_rounds' (no lock needed: nobody else runs in the child, and
// all the busy threads did happened before the fork), allocates, locks, creates and joins a
// thread: it must not hang nor report anything. (Under TSan, whose children die when they start
// a thread after a multi-threaded fork, only the parent's verdict is compared.) The children end with _exit, so only the parent writes a
// report. The parent itself has a bug: main reads 'forks_seen_by_busy', which the busy threads
// (the first of them) writes without the lock, before joining them: one data race, in the parent only.
// EXPECT: data-race
// TSAN: same
// PRINTS: 40 children finished cleanly
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { kBusyThreads = 4, kForks = 40 };

static pthread_mutex_t busy_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int stop_busy;
long busy_rounds;
long child_value;
long forks_seen_by_busy;

static void *short_task(void *value) { return value; }

static void *keep_busy(void *index) {
  while (!atomic_load(&stop_busy)) {
    char *block = malloc(128);
    memset(block, 1, 128);
    pthread_mutex_lock(&busy_lock);
    long rounds = ++busy_rounds;
    pthread_mutex_unlock(&busy_lock);
    if (index == NULL) forks_seen_by_busy = rounds;  // RACE:BUSY
    pthread_t helper;
    pthread_create(&helper, NULL, short_task, block);
    pthread_join(helper, NULL);
    free(block);
  }
  return NULL;
}

// The child's own lock: busy_lock may have been held by a busy thread at the fork, and would
// then stay locked forever in the child (a real deadlock, which Interlock reports).
static pthread_mutex_t child_lock = PTHREAD_MUTEX_INITIALIZER;

static void *child_worker(void *unused) {
  (void)unused;
  pthread_mutex_lock(&child_lock);
  child_value = -1;
  pthread_mutex_unlock(&child_lock);
  return NULL;
}

static int run_child(void) {
  long rounds_at_fork = busy_rounds;
  char *block = calloc(16, 64);
  pthread_t worker;
  if (pthread_create(&worker, NULL, child_worker, NULL) != 0) return 3;
  pthread_join(worker, NULL);
  free(block);
  return child_value == -1 && rounds_at_fork >= 0 ? 0 : 4;
}

// Waits for `child` for up to 10 s; a child that is still running then has hung.
static int wait_for_child(pid_t child) {
  for (int waited_ms = 0; waited_ms < 10000; ++waited_ms) {
    int status;
    if (waitpid(child, &status, WNOHANG) == child)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    struct timespec millisecond = {0, 1000000};
    nanosleep(&millisecond, NULL);
  }
  kill(child, SIGKILL);
  waitpid(child, NULL, 0);
  return -1;
}

int main(void) {
  pthread_t busy[kBusyThreads];
  for (int i = 0; i < kBusyThreads; ++i) pthread_create(&busy[i], NULL, keep_busy, (void *)(long)i);
  int clean = 0;
  for (int i = 0; i < kForks; ++i) {
    pid_t child = fork();
    if (child == 0) _exit(run_child());
    int status = wait_for_child(child);
    if (status == 0) {
      clean++;
      continue;
    }
    printf("child %d: %s %d\n", i, status < 0 ? "hung" : "status", status);
    break;  // one broken child says it all; more would only cost time
  }
  long seen = forks_seen_by_busy;  // RACE:MAIN
  atomic_store(&stop_busy, 1);
  for (int i = 0; i < kBusyThreads; ++i) pthread_join(busy[i], NULL);
  printf("%d children finished cleanly (%ld busy rounds, %ld seen)\n", clean, busy_rounds, seen);
  return 0;
}
