// Parent and forked child each run locked threads: no finding in either report, both exit 0.
// The child starts threads of its own after the fork (the parent's threads do not exist in it).
// EXPECT: silent
// PROCESSES: 2
// PRINTS: child exit status 0, parent total 30
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
long total;

static void *add_ten(void *unused) {
  (void)unused;
  pthread_mutex_lock(&total_lock);
  total += 10;
  pthread_mutex_unlock(&total_lock);
  return NULL;
}

static void run_threads(int count) {
  pthread_t threads[3];
  for (int i = 0; i < count; ++i) pthread_create(&threads[i], NULL, add_ten, NULL);
  for (int i = 0; i < count; ++i) pthread_join(threads[i], NULL);
}

int main(void) {
  run_threads(1);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    run_threads(3);
    exit(total == 40 ? 0 : 1);
  }
  run_threads(2);
  int status = 0;
  waitpid(child, &status, 0);
  printf("child exit status %d, parent total %ld\n",
         WIFEXITED(status) ? WEXITSTATUS(status) : -1, total);
  return 0;
}
