// A task pool whose worker both pops and pushes: a mutex-guarded LIFO stack (`tasks[]` with
// `count`). T1 pops slot k (reads tasks[k] in one critical section); T2 pushes into slot k and
// pops it again; T1 then pushes a task computed from the one it popped, into slot k again (its
// next critical section of the mutex). The same address, but another element: the slot T1
// writes is chosen by `count`, read afresh in the writing section. No update is lost (the two
// threads alternate strictly through semaphores, not timing).
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

enum { kRounds = 50 };

static pthread_mutex_t stack_lock = PTHREAD_MUTEX_INITIALIZER;
static long tasks[16];
static int count;
static sem_t popped, pushed_back;
static long done;

static long pop_task(void) {
  pthread_mutex_lock(&stack_lock);
  long task = tasks[--count];
  pthread_mutex_unlock(&stack_lock);
  return task;
}

static void push_task(long task) {
  pthread_mutex_lock(&stack_lock);
  tasks[count++] = task;
  pthread_mutex_unlock(&stack_lock);
}

static void *worker(void *arg) {
  (void)arg;
  for (int round = 0; round < kRounds; round++) {
    long task = pop_task();
    sem_post(&popped);
    sem_wait(&pushed_back);
    push_task(task + 1);  // the task's follow-up, into the slot it was popped from
  }
  return NULL;
}

static void *helper(void *arg) {
  (void)arg;
  for (int round = 0; round < kRounds; round++) {
    sem_wait(&popped);
    push_task(1000 + round);  // into the slot the worker emptied
    done += pop_task();        // and takes it out again
    sem_post(&pushed_back);
  }
  return NULL;
}

int main(void) {
  sem_init(&popped, 0, 0);
  sem_init(&pushed_back, 0, 0);
  push_task(1);
  push_task(2);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, NULL);
  pthread_create(&t2, NULL, helper, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("count %d top %ld done %ld\n", count, tasks[count - 1], done);
  return 0;
}
