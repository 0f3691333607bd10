// The OpenMP tool's objects (regions, tasks, taskgroups): their memory, their reference counts,
// and the synthetic frames that name an OpenMP thread or task in stacks (openmp_model.h).
#include "openmp_model.h"

#include "../fork.h"
#include "../internal_alloc.h"
#include "../platform.h"
#include "../sync.h"
#include "../thread_state.h"

namespace interlock::openmp {
namespace {

template <class T>
T *allocate() {
  // The allocator's lock: a signal handler interrupting this must find the thread inside the
  // runtime and stay out (as in free_object).
  ScopedInRuntime in_runtime(tls_thread);
  T *object = internal_new_zeroed<T>();
  object->refs = 1;
  return object;
}

// Frees an object whose count reached zero: its keys' sync objects go too, so memory the arena
// hands out again starts with no stale clocks.
template <class T>
void free_object(T *object) {
  ScopedInRuntime in_runtime(tls_thread);
  sync_forget_range(reinterpret_cast<uptr>(object), sizeof(T));
  internal_free(object, sizeof(T));
}

template <class T>
bool drop(T *object) {
  return __atomic_sub_fetch(&object->refs, 1, __ATOMIC_ACQ_REL) == 0;
}

// Synthetic function sites, one per (construct call site, thread index, team size), kept for the
// life of the process like context nodes (a report may name them at exit). A small open-addressed
// table: a program has few parallel constructs and few team sizes.
struct FrameSite {
  const interlock_site *call_site;
  FrameKind kind;
  unsigned index;
  unsigned team_size;
  interlock_site site;
  char name[48];
};
constexpr unsigned kFrameSiteSlots = 1024;
FrameSite *g_frame_sites[kFrameSiteSlots];
SpinLock g_frame_sites_lock;
interlock_site g_unknown_construct;  // when the table is full: no line, a generic name

const interlock_site *frame_site(const interlock_site *call_site, FrameKind kind,
                                 unsigned index, unsigned team_size) {
  uptr hash = (reinterpret_cast<uptr>(call_site) >> 4) * 31 + index * 7 + team_size * 3 +
              unsigned(kind);
  auto same = [&](const FrameSite *site) {
    return site->call_site == call_site && site->kind == kind && site->index == index &&
           site->team_size == team_size;
  };
  // Every task start comes here: found without the lock (slots are published whole, never
  // changed); the lock only serializes an insert.
  for (unsigned probe = 0; probe < kFrameSiteSlots; probe++) {
    const FrameSite *site =
        __atomic_load_n(&g_frame_sites[(hash + probe) % kFrameSiteSlots], __ATOMIC_ACQUIRE);
    if (!site) break;
    if (same(site)) return &site->site;
  }
  SpinLockGuard guard(g_frame_sites_lock);
  for (unsigned probe = 0; probe < kFrameSiteSlots; probe++) {
    FrameSite *&slot = g_frame_sites[(hash + probe) % kFrameSiteSlots];
    if (slot && same(slot)) return &slot->site;
    if (slot) continue;
    FrameSite *made = internal_new_zeroed<FrameSite>();
    made->call_site = call_site;
    made->kind = kind;
    made->index = index;
    made->team_size = team_size;
    if (kind == FrameKind::kImplicitTask)
      format(made->name, sizeof made->name, "omp parallel: thread %u of %u", index, team_size);
    else if (team_size == 0)
      format(made->name, sizeof made->name, "omp task");
    else
      format(made->name, sizeof made->name, "omp task, run by thread %u of %u", index, team_size);
    made->site.function = made->name;
    made->site.file = call_site ? call_site->file : "";
    made->site.line = call_site ? call_site->line : 0;
    made->site.column = call_site ? call_site->column : 0;
    made->site.inlined_at = nullptr;
    __atomic_store_n(&slot, made, __ATOMIC_RELEASE);
    return &made->site;
  }
  g_unknown_construct.function = "omp construct";
  g_unknown_construct.file = "";
  return &g_unknown_construct;
}

__thread TeamPosition tls_team_position __attribute__((tls_model("initial-exec")));

}  // namespace

TeamPosition team_position() { return tls_team_position; }
void set_team_position(TeamPosition position) { tls_team_position = position; }

Region *new_region() { return allocate<Region>(); }
Task *new_task(bool implicit) {
  Task *t = allocate<Task>();
  t->implicit = implicit;
  return t;
}
Taskgroup *new_taskgroup() { return allocate<Taskgroup>(); }

void retain(Region *r) { __atomic_add_fetch(&r->refs, 1, __ATOMIC_RELAXED); }
void retain(Task *t) { __atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED); }
void retain(Taskgroup *g) { __atomic_add_fetch(&g->refs, 1, __ATOMIC_RELAXED); }

void release(Region *r) {
  if (r && drop(r)) free_object(r);
}

void release(Taskgroup *g) {
  if (g && drop(g)) free_object(g);
}

void release(Task *t) {
  if (!t || !drop(t)) return;
  release(t->region);
  release(t->parent);
  release(t->group);
  for (Taskgroup *g = t->open_groups; g;) {  // groups a cancelled task left open
    Taskgroup *outer = g->outer;
    release(g);
    g = outer;
  }
  if (t->dependences) {
    ScopedInRuntime in_runtime(tls_thread);  // the allocator's lock (see allocate())
    internal_free(t->dependences, sizeof(Dependence) * t->dependence_count);
  }
  free_object(t);
}

const ContextNode *construct_frame(ThreadState *thr, const ContextNode *parent,
                                   const interlock_site *call_site, FrameKind kind,
                                   TeamPosition position) {
  // The frame sites' table and interning take locks (see intern_context).
  ScopedInRuntime in_runtime(thr);
  const interlock_site *function =
      frame_site(call_site, kind, position.index, position.team_size);
  return intern_context(thr->context_cache, parent, call_site, function);
}

const ContextNode *enter_frame(ThreadState *thr, const ContextNode *frame) {
  const ContextNode *saved = thr->context;
  thr->context = frame;
  // libomp calls the outlined function next; its entry must not take the construct's call site
  // (left in the TLS by the encountering thread's call into libomp) for a call of its own: the
  // synthetic frame stands for that call.
  __interlock_callsite = nullptr;
  return saved;
}

void restore_frames(ThreadState *thr, const ContextNode *saved) { thr->context = saved; }

}  // namespace interlock::openmp

namespace interlock {
void lock_openmp_frame_sites_for_fork() { openmp::g_frame_sites_lock.lock(); }
void unlock_openmp_frame_sites_after_fork() { openmp::g_frame_sites_lock.unlock(); }
}  // namespace interlock
