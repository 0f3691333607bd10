// Interlock's OpenMP tool: what the OMPT callbacks of LLVM's libomp (runtime/interceptors/
// openmp_*.cpp) share. libomp is not instrumented, so its own memory accesses are invisible and
// its synchronization (barriers, task queues, dependences, locks) orders nothing by itself; the
// tool turns each OMPT event into the happens-before it stands for (docs/design.md, "OpenMP").
//
// The model's objects live in the runtime's arena and are named, for the sync-object table, by
// the addresses of their key bytes: a region's fork, join, barrier rounds..., a task's start and
// its children's completion. They are reference counted, because libomp may report the end of a
// task after whoever waited for it went on (a child may outlive its parent, a worker's implicit
// task ends when the next region forks): an object is freed, and the sync objects at its keys
// forgotten, when nothing can name it any more.
//
// Thread-safety: OMPT calls each callback on the thread the event happens on. Objects are shared
// between a team's threads only through their reference counts (atomic) and their keys (the
// sync-object table's own locks); every other field is written before the object is published
// to another thread (by a release of the runtime itself: the fork, the task queue) or only by the
// thread running the task.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_OPENMP_MODEL_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_OPENMP_MODEL_H

#include "ompt_abi.h"
#include "../rt.h"

namespace interlock {

struct ContextNode;
struct ThreadState;

namespace openmp {

// A parallel region (one team).
struct Region {
  uint32_t refs;  // the region itself until parallel_end, + each implicit and explicit task
  // Keys (one byte each, never accessed): the master's fork; everything a team thread did up to
  // a barrier of the region (the master's join takes it); completed explicit tasks (barriers
  // and the join wait for them); barrier rounds by parity (see barrier_arrive in rt.h for why
  // two are enough).
  char fork_key;
  char join_key;
  char tasks_done_key;
  char barrier_keys[2];
  Region *encountered_before;       // the encountering thread's enclosing region, if it began one
  const ContextNode *fork_context;  // the encountering thread's frames at the fork
  const interlock_site *fork_site;  // its call into libomp (the `parallel` construct)
};

// A taskgroup region: its end waits for every descendant task created inside it.
struct Taskgroup {
  uint32_t refs;  // open (until its end) + each task that belongs to it
  char done_key;  // completed member tasks
  Taskgroup *outer;  // the group open before it in the same task
};

struct Dependence {
  uptr address;
  int type;  // ompt::DependenceType
};

// Which thread of its innermost team the calling thread is (for naming tasks it runs).
struct TeamPosition {
  unsigned index;
  unsigned team_size;  // 0 outside any parallel region
};
TeamPosition team_position();
void set_team_position(TeamPosition position);

// An implicit task (one team thread's share of a region, or the initial task) or an explicit
// task (`task`, `taskloop`'s tasks, ...).
struct Task {
  uint32_t refs;  // the task itself until it completes, + each child task
  bool implicit;
  bool started;
  char start_key;           // the creating task's release at creation
  char resume_key;          // the task's own release when it is suspended (an untied task may
                            // resume on another thread)
  char children_done_key;   // completed child tasks (taskwait)
  Region *region;           // counted; null for the initial task
  Task *parent;             // counted; explicit tasks only
  Taskgroup *group;         // counted; the taskgroup the task belongs to, if any
  Taskgroup *open_groups;   // taskgroups open in this task, innermost first (each counted)
  uint64_t barriers_begun;  // implicit tasks: barrier rounds entered so far
  uint64_t barrier_round;   // the round of the barrier the task is in or was last in
  const ContextNode *creator_context;  // explicit: the creating thread's frames at creation
  const interlock_site *created_at;    // explicit: the `task` construct's call into libomp
  const ContextNode *frame;            // the synthetic frame that names the task in stacks
  const ContextNode *saved_context;    // the thread's frames when the task began running
  TeamPosition saved_position;         // implicit: the thread's position before this task
  Dependence *dependences;
  int dependence_count;
  uptr memory;       // explicit: libomp's block of the task's private and shared data
  uptr memory_size;  // (ompt_get_task_memory), whose accesses are forgotten at completion
};

// libomp's ompt_get_task_memory (null if it has none): the data block of the calling thread's
// current task.
typedef int (*GetTaskMemory)(void **address, size_t *size, int block);
extern GetTaskMemory g_get_task_memory;

// Reference counting; the last release frees the object and forgets its keys.
void retain(Region *r);
void release(Region *r);
void retain(Task *t);
void release(Task *t);
void retain(Taskgroup *g);
void release(Taskgroup *g);

Region *new_region();
Task *new_task(bool implicit);
Taskgroup *new_taskgroup();

inline uptr key(const char &byte) { return reinterpret_cast<uptr>(&byte); }

template <class T>
T *object_of(ompt_data_t *data) {
  return data ? static_cast<T *>(data->ptr) : nullptr;
}

// The frame that names an OpenMP thread or task in stacks: called from `call_site` (the
// construct's call into libomp) under `parent`, the encountering thread's frames. Its function
// reads "omp parallel: thread <index> of <team_size>" for an implicit task, "omp task, run by
// thread <index> of <team_size>" for an explicit one (team_size 0: outside any team: "omp
// task"); its file and line are the construct's.
enum class FrameKind { kImplicitTask, kExplicitTask };
const ContextNode *construct_frame(ThreadState *thr, const ContextNode *parent,
                                   const interlock_site *call_site, FrameKind kind,
                                   TeamPosition position);

// Makes `frame` the calling thread's stack until restore_frames: the outlined function libomp
// calls next hangs under it. Returns the frames to restore.
const ContextNode *enter_frame(ThreadState *thr, const ContextNode *frame);
void restore_frames(ThreadState *thr, const ContextNode *saved);

// The callbacks, by family (registered in openmp_tool.cpp).
void on_parallel_begin(ompt_data_t *encountering_task, const void *frame, ompt_data_t *parallel,
                       unsigned requested, int flags, const void *codeptr);
void on_parallel_end(ompt_data_t *parallel, ompt_data_t *encountering_task, int flags,
                     const void *codeptr);
void on_implicit_task(int endpoint, ompt_data_t *parallel, ompt_data_t *task,
                      unsigned actual_parallelism, unsigned index, int flags);
void on_sync_region(int kind, int endpoint, ompt_data_t *parallel, ompt_data_t *task,
                    const void *codeptr);
void on_reduction(int kind, int endpoint, ompt_data_t *parallel, ompt_data_t *task,
                  const void *codeptr);
void on_flush(ompt_data_t *thread, const void *codeptr);

void on_task_create(ompt_data_t *encountering_task, const void *frame, ompt_data_t *new_task,
                    int flags, int has_dependences, const void *codeptr);
void on_task_schedule(ompt_data_t *prior, int prior_status, ompt_data_t *next);
void on_dependences(ompt_data_t *task, const ompt_dependence_t *deps, int count);
// Taskwait and taskgroup ends (sync regions of the task kinds).
void on_task_sync_region(int kind, int endpoint, Task *task);

void on_mutex_acquire(int kind, unsigned hint, unsigned impl, ompt_wait_id_t wait_id,
                      const void *codeptr);
void on_mutex_acquired(int kind, ompt_wait_id_t wait_id, const void *codeptr);
void on_mutex_released(int kind, ompt_wait_id_t wait_id, const void *codeptr);
void on_nest_lock(int endpoint, ompt_wait_id_t wait_id, const void *codeptr);
void on_lock_init(int kind, unsigned hint, unsigned impl, ompt_wait_id_t wait_id,
                  const void *codeptr);
void on_lock_destroy(int kind, ompt_wait_id_t wait_id, const void *codeptr);

}  // namespace openmp
}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_OPENMP_MODEL_H
