// Coroutine runs on a thread (runtime/coroutines.h) and the entry points that report them.
#include "runtime/coroutines.h"

#include "runtime/atomicity.h"
#include "runtime/flags.h"
#include "runtime/internal_alloc.h"

namespace interlock {
namespace {

CoroutineTable *table_of(ThreadState *thr) {
  if (!thr->coroutines) {
    // The allocator's lock: a signal handler interrupting this must find the thread inside the
    // runtime and stay out.
    ScopedInRuntime in_runtime(thr);
    thr->coroutines = internal_new_zeroed<CoroutineTable>();
  }
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
  run->epoch = thr->fast_epoch;
}

bool has_reads(const CoroutineRun *run) {
  for (const RecentReadSlot &slot : run->reads)
    if (slot.latest.granule) return true;
  return false;
}

// `run` ended: its reads go on offer (CoroutineHandover), and it keeps none.
void hand_over(ThreadState *thr, CoroutineTable *table, CoroutineRun *run) {
  if (!has_reads(run)) return;
  CoroutineHandover &handover = table->handover;
  for (unsigned i = 0; i < kCoroutineReadSlots; i++) {
    handover.reads[i] = run->reads[i];
    run->reads[i] = RecentReadSlot{};
  }
  handover.epoch = run->epoch & race::kEpochBits;
  handover.offered = thr->section_serial;
  handover.frame = run->frame;
}

bool watched(const ThreadState *thr) {
  return thr && !thr->in_runtime && flags().detect_atomicity_violations;
}

}  // namespace

RecentReadSlot &coroutine_read_slot(CoroutineRun *run, uptr addr) {
  return run->reads[(addr / 4) % kCoroutineReadSlots];
}

bool take_over_reads(ThreadState *thr, CoroutineRun *run, uint64_t write_seen,
                     const interlock_site *site) {
  CoroutineHandover &handover = thr->coroutines->handover;
  if (!handover.epoch || handover.frame == run->frame ||
      (write_seen & race::kEpochBits) != handover.epoch)
    return false;
  for (unsigned i = 0; i < kCoroutineReadSlots; i++) {
    // Oldest first, so that each slot ends with the same latest read as the ended coroutine's.
    const RecentRead offered[2] = {handover.reads[i].earlier, handover.reads[i].latest};
    for (RecentRead read : offered) {
      if (!read.granule) continue;
      RecentReadSlot &slot = run->reads[i];
      // The ended coroutine ran inside this run: its reads are this run's already, at their own
      // sites here.
      if (slot.latest.granule == read.granule && slot.latest.section == run->section) continue;
      read.section = run->section;
      read.lock = run->frame;
      read.coroutine_site =
          run->section > handover.offered && run->suspended_at ? run->suspended_at : site;
      read.suspended_at = nullptr;
      atomicity_begin_latest(slot, read.granule) = read;
    }
  }
  handover = CoroutineHandover{};
  return true;
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

extern "C" void __interlock_coroutine_suspend(void *frame, const interlock_site *site,
                                              int final) {
  ThreadState *thr = tls_thread;
  if (!watched(thr) || !thr->coroutines) return;
  CoroutineTable *table = thr->coroutines;
  table->handover.epoch = 0;  // not taken by the coroutine that resumed right after it ended
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
  run->suspended_at = site;
  stop_running(table, run);
  if (final) hand_over(thr, table, run);
  // What runs next (another coroutine, the scheduler) is not this run.
  tick(thr);
}

extern "C" void __interlock_coroutine_free(void *frame) {
  ThreadState *thr = tls_thread;
  if (!thr || !thr->coroutines) return;
  CoroutineTable *table = thr->coroutines;
  if (CoroutineRun *run = find_run(table, reinterpret_cast<uptr>(frame))) {
    stop_running(table, run);
    // One that ends without a final suspension (suspend_never) hands its reads over here.
    if (flags().detect_atomicity_violations) hand_over(thr, table, run);
    forget(run);
  }
}
