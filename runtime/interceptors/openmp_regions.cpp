// Parallel regions, their implicit tasks, barriers, reductions and flushes: the fork/join and
// barrier happens-before of OpenMP, from libomp's OMPT callbacks (openmp_model.h).
//
//   parallel_begin      the encountering thread releases into the region's fork key
//   implicit task begin the team thread acquires it; its stack gets the frame
//                       "omp parallel: thread i of n" at the construct, under the encountering
//                       thread's frames
//   barrier begin       (any kind: explicit, the implicit ones of worksharing constructs and of
//                       the region's end, libomp's own for copyprivate) the thread releases
//                       into the round's key (its n-th barrier of the region is round n: every
//                       team thread passes the same barriers) and into the join key
//   barrier end         acquires the round's key and the completed explicit tasks of the team
//                       (a barrier waits for them). libomp reports a worker's end of the
//                       region's last barrier only when the next region forks, without a
//                       region: nothing is acquired then (the worker's next work is ordered by
//                       that fork)
//   parallel_end        the master acquires the join key and the completed tasks
//   reduction begin/end libomp combines a reduction's private copies itself: under a lock of
//                       its own (the `critical` method), whose release it reports after the
//                       next thread may have taken it (the begin comes before the lock is
//                       taken, the end after it is free: nothing orders them), or inside a
//                       barrier (the tree method), reading the copies of threads that arrived.
//                       The accesses of the combination (the compiler's reduction function, the
//                       update of the original variable) are neither checked nor recorded, as
//                       Archer does. The `atomic` method (libomp's choice for small teams) has
//                       no scope: its updates are the program's own atomics
//   flush               an acquire-release fence
#include "openmp_model.h"

#include "../thread_state.h"

namespace interlock::openmp {
namespace {

// The regions this thread began and has not ended, innermost first (Region::encountered_before).
__thread Region *tls_encountered_regions __attribute__((tls_model("initial-exec")));

// Reduction scopes this thread opened and has not closed (on_reduction).
__thread int tls_reduction_depth __attribute__((tls_model("initial-exec")));

bool is_barrier(int kind) {
  switch (kind) {
    case ompt::kBarrier:
    case ompt::kBarrierImplicit:
    case ompt::kBarrierExplicit:
    case ompt::kBarrierImplementation:
    case ompt::kBarrierImplicitWorkshare:
    case ompt::kBarrierImplicitParallel:
    case ompt::kBarrierTeams:
      return true;
    default:
      return false;
  }
}

void barrier_begin(ThreadState *thr, Region *region, Task *task) {
  task->barrier_round = task->barriers_begun++;
  sync_release(thr, key(region->barrier_keys[task->barrier_round & 1]));
  sync_release(thr, key(region->join_key));
}

void barrier_end(ThreadState *thr, Region *region, Task *task) {
  if (!region) return;  // a worker's late end of the region's last barrier
  sync_acquire(thr, key(region->barrier_keys[task->barrier_round & 1]));
  sync_acquire(thr, key(region->tasks_done_key));
}

}  // namespace

void on_parallel_begin(ompt_data_t *encountering_task, const void *frame, ompt_data_t *parallel,
                       unsigned requested, int flags, const void *codeptr) {
  Region *region = new_region();
  region->encountered_before = tls_encountered_regions;
  tls_encountered_regions = region;
  parallel->ptr = region;
  ThreadState *thr = cur_thread();
  if (!thr) return;
  region->fork_context = thr->context;
  region->fork_site = current_callsite();
  sync_release(thr, key(region->fork_key));
}

// The region that ends is the innermost one this thread began: libomp may pass the data of a
// team it already gave back to its pool, which another thread's region may be using by then
// (nested teams), so `parallel` is not read, nor written.
void on_parallel_end(ompt_data_t *parallel, ompt_data_t *encountering_task, int flags,
                     const void *codeptr) {
  Region *region = tls_encountered_regions;
  if (!region) return;
  tls_encountered_regions = region->encountered_before;
  if (ThreadState *thr = cur_thread()) {
    sync_acquire(thr, key(region->join_key));
    sync_acquire(thr, key(region->tasks_done_key));
  }
  release(region);
}

void on_implicit_task(int endpoint, ompt_data_t *parallel, ompt_data_t *task_data,
                      unsigned actual_parallelism, unsigned index, int flags) {
  ThreadState *thr = cur_thread();
  if (endpoint == ompt::kScopeBegin) {
    task_data->ptr = nullptr;
    if (!thr) return;
    Task *task = new_task(/*implicit=*/true);
    task->started = true;
    task_data->ptr = task;
    Region *region = (flags & ompt::kTaskInitial) ? nullptr : object_of<Region>(parallel);
    if (!region) return;
    retain(region);
    task->region = region;
    sync_acquire(thr, key(region->fork_key));
    const TeamPosition position = {index, actual_parallelism ? actual_parallelism : 1};
    task->saved_position = team_position();
    set_team_position(position);
    task->frame = construct_frame(thr, region->fork_context, region->fork_site,
                                  FrameKind::kImplicitTask, position);
    task->saved_context = enter_frame(thr, task->frame);
    return;
  }
  if (endpoint != ompt::kScopeEnd) return;
  Task *task = object_of<Task>(task_data);
  if (!task) return;
  task_data->ptr = nullptr;
  if (thr && task->region) {
    sync_release(thr, key(task->region->join_key));
    restore_frames(thr, task->saved_context);
    set_team_position(task->saved_position);
  }
  release(task);
}

void on_sync_region(int kind, int endpoint, ompt_data_t *parallel, ompt_data_t *task_data,
                    const void *codeptr) {
  ThreadState *thr = cur_thread();
  Task *task = object_of<Task>(task_data);
  if (!thr || !task) return;
  if (!is_barrier(kind)) {
    on_task_sync_region(kind, endpoint, task);
    return;
  }
  Region *region = object_of<Region>(parallel);
  if (endpoint == ompt::kScopeBegin) {
    if (!region) region = task->region;
    if (region) barrier_begin(thr, region, task);
  } else if (endpoint == ompt::kScopeEnd) {
    barrier_end(thr, region, task);
  }
}

void on_reduction(int kind, int endpoint, ompt_data_t *parallel, ompt_data_t *task_data,
                  const void *codeptr) {
  ThreadState *thr = tls_thread;  // the ignore depths are counted even inside the runtime
  if (!thr) return;
  if (endpoint == ompt::kScopeBegin) {
    thr->ignore_reads++;
    thr->ignore_writes++;
    tls_reduction_depth++;
  } else if (endpoint == ompt::kScopeEnd && tls_reduction_depth > 0) {
    tls_reduction_depth--;
    thr->ignore_writes--;
    thr->ignore_reads--;
  }
}

void on_flush(ompt_data_t *thread, const void *codeptr) {
  __interlock_atomic_fence(/*acq_rel=*/4);
}

}  // namespace interlock::openmp
