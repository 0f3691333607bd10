// Reporting findings: building the report model from runtime state, deduplicating by key,
// printing on stderr as found, and writing the per-process JSON file at exit.
//
// Thread-safety: all functions serialize on one report lock; they are slow paths.
#ifndef INTERLOCK_RUNTIME_REPORT_H
#define INTERLOCK_RUNTIME_REPORT_H

#include "detector/deadlock/cycle_report.h"
#include "detector/race/shadow_cell.h"
#include "detector/report/report.h"
#include "runtime/thread_state.h"

namespace interlock {

// The access (record/context of the current thread) conflicts with `earlier`.
// With `unforced`, a predicted race: happens-before ordered them only through the unlock-to-lock
// edge it names (runtime/forced_order.h).
void report_data_race(ThreadState *thr, uptr addr, uint64_t record, const ContextNode *context,
                      bool is_write, const race::Conflict &earlier,
                      const race::ForcedDeficit *unforced = nullptr);

// A lost update found by runtime/atomicity.cpp: the thread's read (record and access node), the
// other thread's write after it (as the shadow cell held it) and the thread's write that depends
// on the read; `lock` is the critical sections' mutex, 0 for an atomic load and store.
struct AtomicityReport {
  uptr address = 0;
  uint64_t read = 0;
  const ContextNode *read_context = nullptr;
  race::Conflict between{};
  uint64_t write = 0;
  const ContextNode *write_context = nullptr;
  uptr lock = 0;
  bool observed = true;  // false: `between` came before the read, and could have come after it
  // A coroutine's read and write, with a suspension between them (runtime/coroutines.h): the
  // suspension that ended the read's run (null if not known); `lock` is then 0.
  bool across_suspension = false;
  const interlock_site *suspended_at = nullptr;
};
void report_atomicity_violation(ThreadState *thr, const AtomicityReport &found);

// A stack for a record written outside a finding (runtime/file_lock_edges.cpp), in arena memory.
report::Stack stack_for_record(const ContextNode *context);
// The path of a file of this process next to its report, interlock.[<run>.]<pid>.<token>.<ext>;
// false when no report_dir is set or it cannot be made.
bool report_side_file_path(const char *extension, char *path, size_t capacity);

// A lock-order cycle the lock graph found (copied: `cycle` is valid only during the call).
void report_lock_order_cycle(const deadlock::CycleReport &cycle);

// A misuse of a mutex the mutex model found (runtime/sync.cpp).
struct MutexMisuseReport {
  report::MutexMisuseKind what = report::MutexMisuseKind::kUnlockNotHeld;
  Tid thread = kInvalidTid;
  uptr mutex = 0;
  bool is_rwlock = false;
  const ContextNode *at = nullptr;         // the misusing call
  Tid owner = kInvalidTid;                 // the thread holding the mutex, if any
  const ContextNode *locked_at = nullptr;  // ... and its lock call
  const ContextNode *last_unlocked_at = nullptr;  // double unlock: the earlier unlock call
};
void report_mutex_misuse(const MutexMisuseReport &misuse);

// A thread of a real deadlock, as the deadlock watchdog (runtime/hangs.cpp) saw it.
struct BlockedThreadReport {
  Tid thread = kInvalidTid;
  report::WaitKind what = report::WaitKind::kLock;
  uptr object = 0;  // the lock, condition variable, semaphore or barrier; 0 for a join
  bool is_rwlock = false;
  Tid waits_for = kInvalidTid;                    // the holder, or the joined thread
  const ContextNode *holder_locked_at = nullptr;  // where the holder took the lock
  const ContextNode *context = nullptr;           // the blocked thread's frames ...
  const interlock_site *site = nullptr;           // ... and its blocking call
  const HeldMutex *held = nullptr;                // the locks it holds (valid during the call)
  size_t held_count = 0;
};
struct DeadlockReport {
  bool is_cycle = true;
  const BlockedThreadReport *blocked = nullptr;
  size_t blocked_count = 0;
  uint64_t blocked_ms = 0;
};
// Returns true when the deadlock was reported (neither suppressed nor already reported): the
// caller then ends the program with end_program_after_deadlock().
bool report_deadlock(const DeadlockReport &deadlock);
// Writes the JSON report, flushes what stdio buffers it can without blocking, and exits with
// flags().deadlock_exitcode. Never returns.
[[noreturn]] void end_program_after_deadlock();

// NO_COLOR (https://no-color.org) was set, not empty, when the program started: color=auto then
// means no colour even on a terminal. Called once, at start-up.
void note_no_color_environment(bool no_color);

// At process exit: writes the JSON report if asked, prints the summary line of a run with
// findings (see print_summary in report.cpp), and returns the exit status to force
// (flags().exitcode), or -1 to keep the program's own: nothing was found, or exitcode=0.
int finish_reports();

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_REPORT_H
