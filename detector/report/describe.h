// Small phrases shared by the summary, the text report and the JSON report, so that all of them
// name things the same way: threads, source locations, what a deadlocked thread waits in, and for
// a lock-order cycle its locks, the evidence for each Coffman condition and the advice that goes
// with the suggested lock order.
//
// Contract: each function writes words to a Sink and nothing else; no allocation, no libstdc++
// (the runtime calls them inside the watched process). Lock indexes out of range are written as
// "??" rather than trusted. Thread-safety: pure, safe from any thread.
#ifndef INTERLOCK_DETECTOR_REPORT_DESCRIBE_H
#define INTERLOCK_DETECTOR_REPORT_DESCRIBE_H

#include <stddef.h>
#include <stdint.h>

#include "detector/report/report.h"
#include "detector/report/sink.h"

namespace interlock::report {

// The threads a finding names, whatever its kind.
struct ThreadList {
  const ThreadInfo *threads = nullptr;
  size_t count = 0;
};
inline ThreadList threads_of(const DataRace &race) { return {race.threads, race.thread_count}; }
inline ThreadList threads_of(const LockOrderCycle &cycle) {
  return {cycle.threads, cycle.thread_count};
}
inline ThreadList threads_of(const MutexMisuse &misuse) {
  return {misuse.threads, misuse.thread_count};
}
inline ThreadList threads_of(const Deadlock &deadlock) {
  return {deadlock.threads, deadlock.thread_count};
}

// The ThreadInfo for `id` in the list, or null.
const ThreadInfo *find_thread(ThreadList threads, uint32_t id);
inline const ThreadInfo *find_thread(const DataRace &race, uint32_t id) {
  return find_thread(threads_of(race), id);
}

// The thread's display name: its ThreadInfo name when there is one, "main" for thread 0,
// otherwise "T<id>".
void put_thread_name(Sink &sink, ThreadList threads, uint32_t id);
inline void put_thread_name(Sink &sink, const DataRace &race, uint32_t id) {
  put_thread_name(sink, threads_of(race), id);
}
inline void put_thread_name(Sink &sink, const LockOrderCycle &cycle, uint32_t id) {
  put_thread_name(sink, threads_of(cycle), id);
}

// A file whose contents raced: "file '/tmp/x' at byte 12", or "file on inode 1234 at byte 12"
// when its path is unknown.
void put_file(Sink &sink, const MemoryInfo &memory);

// "main thread" for the main thread, otherwise "thread <name>".
void put_thread_phrase(Sink &sink, ThreadList threads, uint32_t id);
inline void put_thread_phrase(Sink &sink, const DataRace &race, uint32_t id) {
  put_thread_phrase(sink, threads_of(race), id);
}
inline void put_thread_phrase(Sink &sink, const LockOrderCycle &cycle, uint32_t id) {
  put_thread_phrase(sink, threads_of(cycle), id);
}

// "bank.c:14:13" from a frame, with the file's base name; ":13" is left out when the column is
// unknown and ":14:13" when the line is. A frame without a file gives its function name.
void put_short_location(Sink &sink, const Frame &frame);

// "/src/bank.c:14:13" (the full path) under the same rules.
void put_full_location(Sink &sink, const Frame &frame);

// "bank.c:14" (base name and line only, as cycle reports cite acquisitions); "??" for an empty
// stack, the function name for a frame without a file.
void put_line_of(Sink &sink, const Stack &stack);

// True for frames in system headers (/usr/include, /usr/lib): the C and C++ libraries' inline
// code, such as std::mutex::lock or std::thread's invoke machinery.
bool in_system_header(const Frame &frame);

// The frame a person looks at: the innermost one in the program's own code (outside system
// headers), or the innermost frame when all are system ones; null for an empty stack. Keys,
// summaries and advice name a side by it, because every std::mutex lock, say, is innermost at
// the same libstdc++ header line.
const Frame *user_frame(const Stack &stack);

// 'm' (quoted) when the lock is a named global, else its address 0x7f...
void put_lock_info_name(Sink &sink, const LockInfo &lock);

// ---- real deadlocks ----

// What a blocked thread waits in, as a verb phrase: "locking mutex 'fork_b'", "locking rwlock
// 'config' for reading" (or "for writing"), "joining thread T2", "waiting on condition variable
// 'ready'", "waiting on semaphore 0x7f...", "waiting at barrier 'all_ready'".
void put_wait(Sink &sink, ThreadList threads, const BlockedThread &blocked);

// True for the waits whose object has one holder (kLock, kReadLock).
bool is_lock_wait(WaitKind what);
// A lock wait, or a file-lock wait whose holder is a thread of the same process: the report names
// the holding thread.
bool waits_for_lock_holder(const BlockedThread &blocked);
// Some file-lock wait of the deadlock leads through other processes back to this one.
bool is_process_cycle(const Deadlock &deadlock);

// For a lock wait, who holds the lock: "held by thread T2", or "whose holder has exited or is
// unknown" when waits_for is -1. Writes nothing and returns false for other waits.
bool put_wait_holder(Sink &sink, ThreadList threads, const BlockedThread &blocked);

// ---- lock-order cycles ----

// 'fork_a' (quoted) when the lock is a named global, else its address 0x7f...
void put_lock_name(Sink &sink, const LockOrderCycle &cycle, size_t lock);

// "mutex" or "rwlock".
const char *lock_type_name(const LockOrderCycle &cycle, size_t lock);

// How many different threads made the cycle's edges.
size_t distinct_edge_threads(const LockOrderCycle &cycle);

enum class CoffmanCondition { kMutualExclusion, kHoldAndWait, kNoPreemption, kCircularWait };
constexpr CoffmanCondition kCoffmanConditions[] = {
    CoffmanCondition::kMutualExclusion, CoffmanCondition::kHoldAndWait,
    CoffmanCondition::kNoPreemption, CoffmanCondition::kCircularWait};

const char *coffman_condition_title(CoffmanCondition condition);  // "mutual exclusion"
const char *coffman_condition_key(CoffmanCondition condition);    // "mutual_exclusion" (JSON)

// Whether the condition holds for this cycle, judged from the model: mutual exclusion fails only
// if some lock is both held and requested in read mode (readers share it); hold and wait holds
// for every reported edge (no edge comes from a trylock); no preemption is the model's flag;
// circular wait holds when each edge requests the lock the next edge holds, back to the first.
bool coffman_condition_holds(const LockOrderCycle &cycle, CoffmanCondition condition);

// One sentence of evidence naming the concrete locks, threads and lines, e.g. for circular wait
// "T1 waits for 'fork_b' held by T2, which waits for 'fork_a' held by T1".
void put_coffman_evidence(Sink &sink, const LockOrderCycle &cycle, CoffmanCondition condition);

// The suggested order as "'fork_a' before 'fork_b'" (three or more locks: "'a', then 'b', then
// 'c'"); "??" if the model has none.
void put_suggested_order(Sink &sink, const LockOrderCycle &cycle);

// What to change: "acquire 'fork_a' before 'fork_b' everywhere; change T2's acquisition of
// 'fork_a' at philosophers.c:31 (taken while holding 'fork_b' since philosophers.c:30)".
void put_order_advice(Sink &sink, const LockOrderCycle &cycle);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_DESCRIBE_H
