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
constexpr unsigned kCoroutineReadSlots = 16;
constexpr unsigned kCoroutineNesting = 8;

struct CoroutineRun {
  uptr frame;              // the coroutine frame's address; 0: a free entry
  uint64_t section;        // the serial of its current (or last) run
  uint64_t epoch;          // the thread's epoch during that run (runtime/coroutines.h: ticked)
  const interlock_site *suspended_at;  // where it suspended last (the co_await), or null
  const ContextNode *base; // the frame its function ran in during that run (callers vary)
  RecentReadSlot reads[kCoroutineReadSlots];
};

// A coroutine that ended (its final suspension, or its destruction) hands its reads over to the
// one that takes its result (`int v = co_await read_counter();`): that result is memory it
// wrote in its last run (the promise), so the first read another coroutine makes of memory
// last written in that run takes the reads over, as if made by itself at that read's site (the
// co_await's await_resume, whose value the plugin's dependences follow). Offered until the next
// suspension on the thread: the awaiting coroutine resumes right away (symmetric transfer, or
// the ended one ran inside it).
// The site the reads take: when the taker resumed after they were offered, the co_await it
// resumed from (the plugin pairs the suspension with what depends on the co_await's value, which
// survives the optimizer's inlining of await_resume); otherwise (the ended coroutine ran inside
// it, with no suspension of its own) the taking read's site.
struct CoroutineHandover {
  RecentReadSlot reads[kCoroutineReadSlots];
  uint64_t epoch;    // the ended coroutine's last run; 0: nothing offered
  uint64_t offered;  // the thread's section serial when they were offered
  uptr frame;
};

struct CoroutineTable {
  CoroutineRun runs[kCoroutineFrames];
  CoroutineRun *running[kCoroutineNesting];  // innermost last
  unsigned depth;
  unsigned untracked;  // begun or resumed above kCoroutineNesting: not followed
  CoroutineHandover handover;
};

// The coroutine running now on `thr`, if any.
INTERLOCK_ALWAYS_INLINE CoroutineRun *running_coroutine(const ThreadState *thr) {
  const CoroutineTable *table = thr->coroutines;
  return table && table->depth ? table->running[table->depth - 1] : nullptr;
}

// The slot of a coroutine's recent reads for `addr` (by 4-byte step, like the thread's).
RecentReadSlot &coroutine_read_slot(CoroutineRun *run, uptr addr);

// A coroutine read, at `site` (in its own function), memory whose last write before the read is
// `write_seen`: if an ended coroutine's reads are on offer and it made that write, `run` takes
// them over (CoroutineHandover) and returns true. The read itself (of the ended coroutine's
// promise) is then not worth a slot.
bool take_over_reads(ThreadState *thr, CoroutineRun *run, uint64_t write_seen,
                     const interlock_site *site);

// The site, in the coroutine's own function, through which the access `access` was made in a run
// whose function frame was `base`: the access's own site when the coroutine made it, else the
// call (in the coroutine) that led to it. Null when the access was not under `base`.
const interlock_site *site_in_coroutine(const ContextNode *access, const ContextNode *base);

// At thread exit.
void free_coroutine_table(ThreadState *thr);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_COROUTINES_H
