// The parent has a data race before it forks; the child then runs clean locked work and ends
// with exit(0). The race is the parent's: it belongs in the parent's report only, and the child,
// which found nothing, must keep its own exit status 0 (a child that inherited the parent's
// findings would repeat them and exit 66).
// EXPECT: parent data-race 21 36
// PROCESSES: 2
// PRINTS: child exit status 0
// TSAN: differs TSan's forked child inherits the parent's report count and exits 66 too
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t child_lock = PTHREAD_MUTEX_INITIALIZER;
long progress;
long child_work;

static void *advance(void *unused) {
  (void)unused;
  progress = 1;  // RACE:WORKER
  return NULL;
}

static void *work_in_child(void *unused) {
  (void)unused;
  pthread_mutex_lock(&child_lock);
  child_work++;
  pthread_mutex_unlock(&child_lock);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, advance, NULL);
  long seen = progress;  // RACE:MAIN
  pthread_join(worker, NULL);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    pthread_t helper;
    pthread_create(&helper, NULL, work_in_child, NULL);
    work_in_child(NULL);
    pthread_join(helper, NULL);
    exit(child_work == 2 ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  printf("child exit status %d (seen %ld)\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1, seen);
  return 0;
}
