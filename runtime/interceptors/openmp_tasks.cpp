// Explicit tasks: creation, start, completion, taskwait, taskgroup and dependences, from
// libomp's OMPT callbacks (openmp_model.h).
//
//   task_create       the creating thread releases into the task's start key; the task keeps
//                     its parent, its team and the taskgroup it belongs to (the innermost one
//                     open in the parent, else the parent's own)
//   dependences       copied into the task (libomp reports them right after the creation)
//   first schedule    the thread running the task acquires its start key and, per dependence,
//                     what earlier tasks with conflicting dependences on the same address
//                     published: an `in` acquires the address's out key, an `out`, `inout`,
//                     `mutexinoutset` or `inoutset` acquires its out and in keys. libomp runs a
//                     task only after the tasks it depends on completed, and a task that
//                     completed before never depends on a later one, so only predecessors (or,
//                     for mutexinoutset, the previous holder of the exclusion) are acquired.
//                     The stack gets the frame "omp task, run by thread i of n" at the
//                     construct, under the creating thread's frames at the creation.
//   completion        the task releases into its dependences' keys (in: the in key, else the
//                     out key), its parent's children key (taskwait), its taskgroup's key and
//                     its team's completed-tasks key (barriers, the join); the history of its
//                     data block (firstprivate copies, the shared variables' addresses) is
//                     forgotten, since libomp hands the block to later tasks without the heap
//   suspension        (a scheduling point inside the task) it releases into its resume key,
//                     which it acquires when it resumes: an untied task may resume on another
//                     thread (its frames there are not restored)
//   taskwait end      acquires the children key; taskgroup end acquires the group's key
// A task runs on one thread at a time and takes that thread's clock: two tasks that run one
// after the other on the same thread are ordered (as in every happens-before detector for
// OpenMP), so a race between them shows only when another thread runs one of them.
#include "openmp_model.h"

#include "../internal_alloc.h"
#include "../internal_libc.h"
#include "../platform.h"
#include "../shadow.h"
#include "../thread_state.h"

namespace interlock::openmp {
namespace {

// Dependence keys live at the variable's address with a high bit no user-space address has, so
// they never meet the program's own sync objects at that address (a lock the task depends on).
constexpr uptr kDependenceOutBit = uptr(1) << 62;
constexpr uptr kDependenceInBit = uptr(1) << 61;
uptr out_key(uptr address) { return address | kDependenceOutBit; }
uptr in_key(uptr address) { return address | kDependenceInBit; }

bool is_reader(int type) { return type == ompt::kDependIn; }
bool is_ordering(int type) {
  return type != ompt::kDependSource && type != ompt::kDependSink;  // doacross: not modelled
}

void start(ThreadState *thr, Task *task) {
  task->started = true;
  // libomp has made the task its thread's current one: its data block can be asked for.
  void *memory;
  size_t memory_size;
  if (g_get_task_memory && g_get_task_memory(&memory, &memory_size, 0) == 1) {
    task->memory = reinterpret_cast<uptr>(memory);
    task->memory_size = memory_size;
  }
  sync_acquire(thr, key(task->start_key));
  for (int i = 0; i < task->dependence_count; i++) {
    const Dependence &d = task->dependences[i];
    if (!is_ordering(d.type)) continue;
    sync_acquire(thr, out_key(d.address));
    if (!is_reader(d.type)) sync_acquire(thr, in_key(d.address));
  }
  task->frame = construct_frame(thr, task->creator_context, task->created_at,
                                FrameKind::kExplicitTask, team_position());
  task->saved_context = enter_frame(thr, task->frame);
}

void complete(ThreadState *thr, Task *task) {
  for (int i = 0; i < task->dependence_count; i++) {
    const Dependence &d = task->dependences[i];
    if (!is_ordering(d.type)) continue;
    sync_release(thr, is_reader(d.type) ? in_key(d.address) : out_key(d.address));
  }
  if (task->parent) sync_release(thr, key(task->parent->children_done_key));
  if (task->group) sync_release(thr, key(task->group->done_key));
  if (task->region) sync_release(thr, key(task->region->tasks_done_key));
  restore_frames(thr, task->saved_context);
  // libomp recycles the block for a later task, created by any thread, with no free and no
  // malloc the heap model could see: its history ends with this task (whole granules only, as
  // for AnnotateNewMemory, so a neighbour's history is kept).
  const uptr begin = round_up(task->memory, kGranule);
  const uptr end = round_down(task->memory + task->memory_size, kGranule);
  // Inside the runtime: a cell's per-byte contexts go back to the allocator, under its lock.
  ScopedInRuntime in_runtime(thr);
  if (task->memory && end > begin) shadow_reset(begin, end - begin);
}

}  // namespace

GetTaskMemory g_get_task_memory;

void on_task_create(ompt_data_t *encountering_task, const void *frame, ompt_data_t *created,
                    int flags, int has_dependences, const void *codeptr) {
  created->ptr = nullptr;
  if (!(flags & ompt::kTaskExplicit)) return;
  ThreadState *thr = cur_thread();
  if (!thr) return;
  Task *task = new_task(/*implicit=*/false);
  if (Task *parent = object_of<Task>(encountering_task)) {
    retain(parent);
    task->parent = parent;
    if (parent->region) {
      retain(parent->region);
      task->region = parent->region;
    }
    Taskgroup *group = parent->open_groups ? parent->open_groups : parent->group;
    if (group) {
      retain(group);
      task->group = group;
    }
  }
  task->creator_context = thr->context;
  task->created_at = current_callsite();
  sync_release(thr, key(task->start_key));
  created->ptr = task;
}

void on_dependences(ompt_data_t *task_data, const ompt_dependence_t *deps, int count) {
  Task *task = object_of<Task>(task_data);
  if (!task || task->started || task->dependences || count <= 0) return;
  ScopedInRuntime in_runtime(tls_thread);  // the allocator's lock (see allocate())
  task->dependences = static_cast<Dependence *>(internal_alloc(sizeof(Dependence) * count));
  task->dependence_count = count;
  for (int i = 0; i < count; i++)
    task->dependences[i] = {reinterpret_cast<uptr>(deps[i].variable.ptr), deps[i].dependence_type};
}

void on_task_schedule(ompt_data_t *prior, int prior_status, ompt_data_t *next) {
  ThreadState *thr = cur_thread();
  Task *finished = object_of<Task>(prior);
  if (finished && !finished->implicit &&
      (prior_status == ompt::kTaskComplete || prior_status == ompt::kTaskCancel ||
       prior_status == ompt::kTaskDetach)) {
    if (thr && finished->started) complete(thr, finished);
    prior->ptr = nullptr;
    release(finished);
  } else if (thr && finished && !finished->implicit && finished->started) {
    // Suspended at a scheduling point (taskwait, taskyield, a child run at once): an untied task
    // may go on on another thread, after what it did here.
    sync_release(thr, key(finished->resume_key));
  }
  Task *starting = object_of<Task>(next);
  if (!thr || !starting || starting->implicit) return;
  if (!starting->started)
    start(thr, starting);
  else  // resumes; a tied task on this thread's stack, where its frames still are
    sync_acquire(thr, key(starting->resume_key));
}

void on_task_sync_region(int kind, int endpoint, Task *task) {
  ThreadState *thr = cur_thread();
  if (!thr) return;
  if (kind == ompt::kTaskwait) {
    if (endpoint == ompt::kScopeEnd) sync_acquire(thr, key(task->children_done_key));
  } else if (kind == ompt::kTaskgroup) {
    if (endpoint == ompt::kScopeBegin) {
      Taskgroup *group = new_taskgroup();
      group->outer = task->open_groups;
      task->open_groups = group;
    } else if (endpoint == ompt::kScopeEnd && task->open_groups) {
      Taskgroup *group = task->open_groups;
      sync_acquire(thr, key(group->done_key));
      task->open_groups = group->outer;
      release(group);
    }
  }
}

}  // namespace interlock::openmp
