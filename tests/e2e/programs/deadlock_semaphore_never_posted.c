// The only thread waits on a semaphore nobody will ever post (the post was forgotten on an error
// path). Interlock judges it by time, reports a deadlock of the one blocked thread and ends the
// program with status 67.
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <semaphore.h>

sem_t job_done;

static int run_job(int fail) {
  if (fail) return -1;  // forgets sem_post(&job_done)
  sem_post(&job_done);
  return 0;
}

static void wait_for_job(void) {
  sem_wait(&job_done);  // DEADLOCK
}

int main(void) {
  sem_init(&job_done, 0, 0);
  run_job(1);
  wait_for_job();
  return 0;
}
