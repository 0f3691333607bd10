// Coroutine runs on a thread (runtime/coroutines.h) and the entry points that report them.
#include "runtime/coroutines.h"

#include "runtime/flags.h"
#include "runtime/internal_alloc.h"

namespace interlock {
namespace {

CoroutineTable *table_of(ThreadState *thr) {
  if (!thr->coroutines) thr->coroutines = internal_new_zeroed<CoroutineTable>();
  return thr->coroutines;
}

CoroutineRun *find_run(CoroutineTable *table, uptr frame) {
  for (CoroutineRun &run : table->runs)
    if (run.frame == frame) return &run;
  return nullptr;
}

bool is_running(const CoroutineTable *table, const CoroutineRun *run) {
  for (unsigned i = 0; i < table->depth; i++)
    if (table->running[i] == run) return true;
  return false;
}

// The entry for `frame`, a fresh one (the free one, or the least recently run one that is not
// running now) if it has none. Null only when every entry is running.
CoroutineRun *entry_for(CoroutineTable *table, uptr frame) {
  if (CoroutineRun *known = find_run(table, frame)) return known;
  CoroutineRun *victim = nullptr;
  for (CoroutineRun &run : table->runs) {
    if (run.frame == 0) {
      victim = &run;
      break;
    }
    if (!is_running(table, &run) && (!victim || run.section < victim->section)) victim = &run;
  }
  if (victim) {
    *victim = CoroutineRun{};
    victim->frame = frame;
  }
  return victim;
}

void forget(CoroutineRun *run) { *run = CoroutineRun{}; }

// Takes `run` off the running stack (the innermost normally; a coroutine destroyed while another
// it started is still running is taken from where it is).
void stop_running(CoroutineTable *table, const CoroutineRun *run) {
  for (unsigned i = table->depth; i-- > 0;) {
    if (table->running[i] != run) continue;
    for (unsigned j = i; j + 1 < table->depth; j++) table->running[j] = table->running[j + 1];
    table->depth--;
    return;
  }
}

// A new run of `frame` starts on the thread.
void start_run(ThreadState *thr, uptr frame, bool fresh) {
  CoroutineTable *table = table_of(thr);
  if (table->depth == kCoroutineNesting) {
    table->untracked++;
    return;
  }
  CoroutineRun *run = entry_for(table, frame);
  if (!run) {
    table->untracked++;
    return;
  }
  if (fresh) {
    forget(run);  // a coroutine begun at the address of one that ended without our seeing it
    run->frame = frame;
  }
  run->section = ++thr->section_serial;
  run->base = thr->context;
  table->running[table->depth++] = run;
  // The run's accesses are new to the shadow memory: a write after a resumption must reach the
  // check even when the thread wrote the same bytes earlier (runtime/coroutines.h).
  tick(thr);
}

bool watched(const ThreadState *thr) {
  return thr && !thr->in_runtime && flags().detect_atomicity_violations;
}

}  // namespace

RecentReadSlot &coroutine_read_slot(CoroutineRun *run, uptr addr) {
  return run->reads[(addr / 4) % kCoroutineReadSlots];
}

const interlock_site *site_in_coroutine(const ContextNode *access, const ContextNode *base) {
  if (!access || !base) return nullptr;
  if (access->parent == base) return static_cast<const interlock_site *>(access->a);
  for (const ContextNode *frame = access->parent; frame; frame = frame->parent)
    if (frame->parent == base) return static_cast<const interlock_site *>(frame->a);
  return nullptr;
}

void free_coroutine_table(ThreadState *thr) {
  if (!thr->coroutines) return;
  internal_free(thr->coroutines, sizeof(CoroutineTable));
  thr->coroutines = nullptr;
}

}  // namespace interlock

using namespace interlock;

extern "C" void __interlock_coroutine_begin(void *frame) {
  ThreadState *thr = tls_thread;
  if (!watched(thr)) return;
  start_run(thr, reinterpret_cast<uptr>(frame), /*fresh=*/true);
}

extern "C" void __interlock_coroutine_resume(void *frame) {
  ThreadState *thr = tls_thread;
  if (!watched(thr)) return;
  start_run(thr, reinterpret_cast<uptr>(frame), /*fresh=*/false);
}

extern "C" void __interlock_coroutine_suspend(void *frame, const interlock_site *site) {
  ThreadState *thr = tls_thread;
  if (!watched(thr) || !thr->coroutines) return;
  CoroutineTable *table = thr->coroutines;
  CoroutineRun *run = find_run(table, reinterpret_cast<uptr>(frame));
  if (!run || !is_running(table, run)) {
    if (table->untracked) table->untracked--;
    return;
  }
  // The reads of the run that ends here learn where it ended: a report names that suspension.
  auto ended = [&](RecentRead &read) {
    if (read.granule && read.section == run->section && !read.suspended_at)
      read.suspended_at = site;
  };
  for (RecentReadSlot &slot : run->reads) {
    ended(slot.latest);
    ended(slot.earlier);
  }
  stop_running(table, run);
  // What runs next (another coroutine, the scheduler) is not this run.
  tick(thr);
}

extern "C" void __interlock_coroutine_free(void *frame) {
  ThreadState *thr = tls_thread;
  if (!thr || !thr->coroutines) return;
  CoroutineTable *table = thr->coroutines;
  if (CoroutineRun *run = find_run(table, reinterpret_cast<uptr>(frame))) {
    stop_running(table, run);
    forget(run);
  }
}
