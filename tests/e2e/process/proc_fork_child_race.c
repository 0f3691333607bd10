// The parent forks; the child starts two threads that both add to a global with nothing
// ordering them (a data race found in the child) and ends with exit(0), which Interlock turns
// into 66. The parent itself is clean: its report is empty and it exits 0. Two report files,
// each named by its own process's pid.
// EXPECT: child data-race 20 26
// PROCESSES: 2
// EXIT: 0
// PRINTS: child exit status 66
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

long child_total;

static void *add_one(void *unused) {
  (void)unused;
  child_total += 1;  // RACE:FIRST
  return NULL;
}

static void *add_two(void *unused) {
  (void)unused;
  child_total += 2;  // RACE:SECOND
  return NULL;
}

static void run_child(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, add_one, NULL);
  pthread_create(&b, NULL, add_two, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  exit(child_total == 3 ? 0 : 1);
}

int main(void) {
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) run_child();
  int status = 0;
  waitpid(child, &status, 0);
  printf("child exit status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}
