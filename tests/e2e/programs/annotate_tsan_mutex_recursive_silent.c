// A re-entrant monitor annotated with TSan's __tsan_mutex_* API (created write_reentrant). Its
// owner, two levels deep, releases every level at once to let another thread in (pre_unlock with
// recursive_unlock returns how many levels it released) and takes them all back after
// (post_lock with recursive_lock and that count), then leaves both levels: a count that went
// wrong would make the last exit an unlock of a mutex not held. The other thread's write is
// ordered by the monitor: nothing is reported.
// EXPECT: silent
// PRINTS: data 2
// TSAN: same
#include <pthread.h>
#include <sanitizer/tsan_interface.h>
#include <sched.h>
#include <stdio.h>

typedef struct {
  int word;
  int owner;  // thread number of the owner, 0 when free (relaxed: read by the owner only)
  int depth;
} monitor;

static void monitor_enter(monitor *m, int me) {
  __tsan_mutex_pre_lock(m, 0);
  if (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) == me) {
    m->depth++;
  } else {
    while (__atomic_exchange_n(&m->word, 1, __ATOMIC_RELAXED)) sched_yield();
    __atomic_store_n(&m->owner, me, __ATOMIC_RELAXED);
    m->depth = 1;
  }
  __tsan_mutex_post_lock(m, 0, 0);
}

static void monitor_exit(monitor *m) {
  __tsan_mutex_pre_unlock(m, 0);
  if (--m->depth == 0) {
    __atomic_store_n(&m->owner, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&m->word, 0, __ATOMIC_RELAXED);
  }
  __tsan_mutex_post_unlock(m, 0);
}

// Leaves every level; returns what monitor_reenter needs to take them back.
static int monitor_exit_all(monitor *m, int *annotated_levels) {
  *annotated_levels = __tsan_mutex_pre_unlock(m, __tsan_mutex_recursive_unlock);
  int depth = m->depth;
  m->depth = 0;
  __atomic_store_n(&m->owner, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&m->word, 0, __ATOMIC_RELAXED);
  __tsan_mutex_post_unlock(m, 0);
  return depth;
}

static void monitor_reenter(monitor *m, int me, int depth, int annotated_levels) {
  __tsan_mutex_pre_lock(m, 0);
  while (__atomic_exchange_n(&m->word, 1, __ATOMIC_RELAXED)) sched_yield();
  __atomic_store_n(&m->owner, me, __ATOMIC_RELAXED);
  m->depth = depth;
  __tsan_mutex_post_lock(m, __tsan_mutex_recursive_lock, annotated_levels);
}

static monitor table_monitor;
static int data;
static int stage;  // a relaxed hand-shake: it orders nothing

static void *deep_owner(void *unused) {
  (void)unused;
  monitor_enter(&table_monitor, 1);
  monitor_enter(&table_monitor, 1);
  data = 1;
  int levels;
  int depth = monitor_exit_all(&table_monitor, &levels);
  __atomic_store_n(&stage, 1, __ATOMIC_RELAXED);
  while (__atomic_load_n(&stage, __ATOMIC_RELAXED) != 2) sched_yield();
  monitor_reenter(&table_monitor, 1, depth, levels);
  printf("data %d\n", data);
  monitor_exit(&table_monitor);
  monitor_exit(&table_monitor);
  return NULL;
}

static void *visitor(void *unused) {
  (void)unused;
  while (__atomic_load_n(&stage, __ATOMIC_RELAXED) != 1) sched_yield();
  monitor_enter(&table_monitor, 2);
  data = 2;
  monitor_exit(&table_monitor);
  __atomic_store_n(&stage, 2, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  __tsan_mutex_create(&table_monitor, __tsan_mutex_write_reentrant);
  pthread_t a, b;
  pthread_create(&a, NULL, deep_owner, NULL);
  pthread_create(&b, NULL, visitor, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
