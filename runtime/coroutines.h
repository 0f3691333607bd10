// C++20 coroutines on a thread: which coroutine is running, and each one's runs (from its start
// or a resumption to its next suspension), so that runtime/atomicity.h can find a lost update
// across a co_await: a coroutine reads shared state, suspends, and after resuming writes back a
// value computed from the read, while code of another coroutine of the same thread (or code
// outside any coroutine) wrote it in between. No data race: one thread made every access.
//
// How: the plugin calls coroutine_begin/suspend/resume/free around each coroutine's runs
// (instrument/CoroutineSuspensions.h). A thread keeps a small table of the coroutines it ran
// lately, each with its own recent reads (the RecentReadSlot of runtime/thread_state.h, as for
// critical sections, but per coroutine: a write by one coroutine forgets only its own reads), and
// the stack of coroutines running now (one awaits another, which starts inside it). Each run is
// a section with its own serial; its start and end advance the thread's own clock, so that the
// shadow memory tells the runs apart (the access fast path skips bytes a thread already
// recorded in its current epoch: without the tick, a coroutine's write after resuming would
// never reach the check).
//
// Bounded: kCoroutineFrames coroutines per thread (the least recently run one is forgotten: its
// reads are lost, never misattributed), kCoroutineNesting running at once. The table is
// allocated the first time the thread runs a coroutine; a thread that never does pays nothing.
//
// Thread-safety: a thread's table is its own. A coroutine resumed on another thread is a
// different entry there (its reads on the first thread are not carried over).
#ifndef INTERLOCK_RUNTIME_COROUTINES_H
#define INTERLOCK_RUNTIME_COROUTINES_H

#include "runtime/interface.h"
#include "runtime/thread_state.h"

namespace interlock {

constexpr unsigned kCoroutineFrames = 16;
constexpr unsigned kCoroutineReadSlots = 8;
constexpr unsigned kCoroutineNesting = 8;

struct CoroutineRun {
  uptr frame;              // the coroutine frame's address; 0: a free entry
  uint64_t section;        // the serial of its current (or last) run
  const ContextNode *base; // the frame its function ran in during that run (callers vary)
  RecentReadSlot reads[kCoroutineReadSlots];
};

struct CoroutineTable {
  CoroutineRun runs[kCoroutineFrames];
  CoroutineRun *running[kCoroutineNesting];  // innermost last
  unsigned depth;
  unsigned untracked;  // begun or resumed above kCoroutineNesting: not followed
};

// The coroutine running now on `thr`, if any.
INTERLOCK_ALWAYS_INLINE CoroutineRun *running_coroutine(const ThreadState *thr) {
  const CoroutineTable *table = thr->coroutines;
  return table && table->depth ? table->running[table->depth - 1] : nullptr;
}

// The slot of a coroutine's recent reads for `addr` (by 4-byte step, like the thread's).
RecentReadSlot &coroutine_read_slot(CoroutineRun *run, uptr addr);

// The site, in the coroutine's own function, through which the access `access` was made in a run
// whose function frame was `base`: the access's own site when the coroutine made it, else the
// call (in the coroutine) that led to it. Null when the access was not under `base`.
const interlock_site *site_in_coroutine(const ContextNode *access, const ContextNode *base);

// At thread exit.
void free_coroutine_table(ThreadState *thr);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_COROUTINES_H
