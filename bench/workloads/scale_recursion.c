/* scale_recursion: a task runtime's shape - recursive divide and conquer over a small pool.
 * fib(n) computed the naive recursive way (default n = 24, about 150 k calls, call depth up to
 * 24), by a pool of two threads (main and one worker) sharing a mutex-guarded LIFO of tasks. A call
 * with n >= SPAWN_MIN spawns fib(n-1) as a task and computes fib(n-2) itself, then waits for the
 * task, running other queued tasks while it waits (help-first, as work-stealing runtimes do);
 * smaller calls recurse directly. Every call synchronizes: it takes a call number with an acq_rel
 * fetch_add on a shared counter, and stores its value into a shared table at that number. The
 * whole computation is repeated ROUNDS times. Tasks are published through the queue mutex and
 * completed through a release store read with acquire, so the program is race-free; the result,
 * the number of calls and the sum of the table are checked.
 * The cost measured is deep, ever-changing call stacks (every call is reached by a different path
 * of call sites: the n-1 and n-2 calls, and tasks run inside other tasks' waits), so each access
 * has a new calling context to record, plus one contended acq_rel read-modify-write per call.
 * Usage: scale_recursion [n] */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { SPAWN_MIN = 12, QUEUE_CAPACITY = 4096, ROUNDS = 4, SPINS_BEFORE_YIELD = 64 };

/* A spawned call. `result` is written by whoever runs the task and read by the spawner only
 * after it sees `done` == 1 (release store, acquire load). */
struct fib_task {
  int n;
  uint64_t result;
  _Atomic int done;
};

/* The pool's shared LIFO of spawned tasks; every member guarded by `lock`. */
static struct {
  pthread_mutex_t lock;
  struct fib_task *tasks[QUEUE_CAPACITY];
  size_t count;
} queue = {.lock = PTHREAD_MUTEX_INITIALIZER};

static _Atomic uint64_t calls_made;
static uint64_t *call_values; /* call_values[call number] = that call's fib value */
static _Atomic int computation_over;

static uint64_t fib_call(int n);

static void push_task(struct fib_task *task) {
  pthread_mutex_lock(&queue.lock);
  if (queue.count == QUEUE_CAPACITY)
    abort();
  queue.tasks[queue.count++] = task;
  pthread_mutex_unlock(&queue.lock);
}

static struct fib_task *pop_task(void) {
  struct fib_task *task = NULL;
  pthread_mutex_lock(&queue.lock);
  if (queue.count > 0)
    task = queue.tasks[--queue.count];
  pthread_mutex_unlock(&queue.lock);
  return task;
}

static void run_task(struct fib_task *task) {
  task->result = fib_call(task->n);
  atomic_store_explicit(&task->done, 1, memory_order_release);
}

/* Waits for `task`, running queued tasks meanwhile. */
static void wait_helping(struct fib_task *task) {
  int spins = 0;
  while (!atomic_load_explicit(&task->done, memory_order_acquire)) {
    struct fib_task *other = pop_task();
    if (other) {
      run_task(other);
      spins = 0;
    } else if (++spins == SPINS_BEFORE_YIELD) {
      spins = 0;
      sched_yield();
    }
  }
}

static uint64_t fib_call(int n) {
  uint64_t call_number = atomic_fetch_add_explicit(&calls_made, 1, memory_order_acq_rel);
  uint64_t value;
  if (n < 2) {
    value = (uint64_t)n;
  } else if (n >= SPAWN_MIN) {
    struct fib_task child = {.n = n - 1, .result = 0, .done = 0};
    push_task(&child);
    uint64_t smaller = fib_call(n - 2);
    wait_helping(&child);
    value = child.result + smaller;
  } else {
    value = fib_call(n - 1) + fib_call(n - 2);
  }
  call_values[call_number] = value;
  return value;
}

static void *pool_worker(void *unused) {
  (void)unused;
  int spins = 0;
  while (!atomic_load_explicit(&computation_over, memory_order_acquire)) {
    struct fib_task *task = pop_task();
    if (task) {
      run_task(task);
      spins = 0;
    } else if (++spins == SPINS_BEFORE_YIELD) {
      spins = 0;
      sched_yield();
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 24;
  if (n < 0 || n > 40)
    return 2;
  /* Reference values, sequentially: fib, number of calls, and sum over all calls of their value. */
  uint64_t fib[42] = {0, 1}, calls[42] = {1, 1}, value_sums[42] = {0, 1};
  for (int k = 2; k <= n; ++k) {
    fib[k] = fib[k - 1] + fib[k - 2];
    calls[k] = 1 + calls[k - 1] + calls[k - 2];
    value_sums[k] = fib[k] + value_sums[k - 1] + value_sums[k - 2];
  }
  call_values = malloc(sizeof *call_values * calls[n] * ROUNDS);
  if (!call_values)
    return 2;
  pthread_t worker;
  pthread_create(&worker, NULL, pool_worker, NULL);
  int wrong = 0;
  for (int round = 0; round < ROUNDS; ++round)
    wrong |= fib_call(n) != fib[n];
  atomic_store_explicit(&computation_over, 1, memory_order_release);
  pthread_join(worker, NULL);
  uint64_t table_sum = 0;
  for (uint64_t i = 0; i < calls[n] * ROUNDS; ++i)
    table_sum += call_values[i];
  free(call_values);
  if (wrong || calls_made != calls[n] * ROUNDS || table_sum != value_sums[n] * ROUNDS) {
    fprintf(stderr, "scale_recursion: wrong result (calls %llu, expected %llu)\n",
            (unsigned long long)calls_made, (unsigned long long)(calls[n] * ROUNDS));
    return 1;
  }
  printf("scale_recursion: fib(%d) = %llu, %llu calls\n", n, (unsigned long long)fib[n],
         (unsigned long long)calls_made);
  return 0;
}
