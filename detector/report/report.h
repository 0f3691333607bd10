// The report model: what Interlock found, as plain data.
//
// Contract: every type here is a passive view. Pointers refer to memory owned by whoever built the
// report (the runtime's arena in a running program; std containers in the `interlock` tool); the
// model never allocates or frees. Writers in this folder take a Sink and likewise allocate nothing
// and use nothing from libstdc++ that would, so the runtime can call them inside the watched
// process. Thread-safety: values are immutable once built; writing one from several threads at
// once is safe as long as each uses its own Sink.
#ifndef INTERLOCK_DETECTOR_REPORT_REPORT_H
#define INTERLOCK_DETECTOR_REPORT_REPORT_H

#include <stddef.h>
#include <stdint.h>

namespace interlock::report {

constexpr int kSchemaVersion = 1;

// One frame of a stack, innermost first in a Stack.
struct Frame {
  const char *function = nullptr;  // demangled; never null in a finished report ("??" if unknown)
  const char *file = nullptr;      // absolute path, or null when unknown
  uint32_t line = 0;               // 0 when unknown
  uint32_t column = 0;             // 0 when unknown
  const char *module = nullptr;    // path of the executable or library the code is in, or null
};

struct Stack {
  const Frame *frames = nullptr;
  size_t count = 0;
};

struct HeldLock {
  uint64_t address = 0;
  Stack acquired_at;
  const char *name = nullptr;  // a file lock's description ("flock /tmp/log"); null for others
};

// kFree: the free (or delete) of the heap block holding the memory, which writes all of it.
enum class AccessType { kRead, kWrite, kAtomicRead, kAtomicWrite, kFree };
// "read", "write", "atomic-read", "atomic-write", "free"
const char *access_type_name(AccessType t);

struct Access {
  uint32_t thread = 0;
  AccessType type = AccessType::kRead;
  uint32_t size = 0;
  uint64_t address = 0;
  Stack stack;
  const HeldLock *locks_held = nullptr;
  size_t lock_count = 0;
  // A side of a race between processes on a file's contents (`interlock report` joining the
  // processes' file-event records, file_content_races.h): its process, the call that moved the
  // bytes ("pwrite") and the offset of its first byte in the file (`size` bytes). pid 0 for a
  // race inside one process.
  int64_t pid = 0;
  const char *command = nullptr;
  const char *call = nullptr;
  uint64_t file_offset = 0;
};

// kDescriptor: the lifetime of a file descriptor (a close racing with a use, runtime/descriptors.h).
// kFile: the contents of a regular file, written and read through descriptors
// (runtime/file_contents.h).
enum class MemoryKind { kGlobal, kHeap, kStack, kDescriptor, kFile, kUnknown };

struct MemoryInfo {
  MemoryKind kind = MemoryKind::kUnknown;
  uint64_t address = 0;        // the racy address
  // kGlobal; kFile: the file's path (null when unknown)
  const char *name = nullptr;
  const char *declared_file = nullptr;
  uint32_t declared_line = 0;
  // kGlobal and kHeap: the object's extent and the racy address's offset in it; kFile: the racy
  // byte's offset in the file
  uint64_t size = 0;
  uint64_t offset = 0;
  // kHeap; for kDescriptor the thread and call that created the descriptor (an empty stack when
  // no intercepted call did)
  uint32_t allocated_by = 0;
  Stack allocation_stack;
  // kStack
  uint32_t stack_of_thread = 0;
  // The racy bytes are a C++ object's vtable pointer: one side is a virtual call reading it or
  // a constructor or destructor changing it (the other may be a free of the object).
  bool vtable_pointer = false;
  // kDescriptor: the descriptor's number
  uint32_t descriptor = 0;
  // kFile: the file's identity (st_dev, st_ino)
  uint64_t device = 0;
  uint64_t inode = 0;
};

struct ThreadInfo {
  uint32_t id = 0;
  const char *name = nullptr;  // "T<id>" unless the program named it; main is "main"
  int64_t created_by = -1;     // -1 for the main thread
  Stack creation_stack;
};

// accesses[0] found the race; accesses[1] is the earlier access it conflicts with.
struct RacePrediction;

struct DataRace {
  Access accesses[2];
  MemoryInfo memory;
  const ThreadInfo *threads = nullptr;  // every thread named in accesses, once
  size_t thread_count = 0;
  // Why the locks both sides held did not order them (a classic fcntl/lockf lock held by both:
  // it belongs to the process, so its threads do not exclude each other), or null.
  const char *note = nullptr;
  // A predicted race: this run ordered the two accesses, but only in a way another schedule
  // would not (null for a race that happened as it is reported).
  const RacePrediction *prediction = nullptr;
};

// A lock of a lock-order cycle.
struct LockInfo {
  uint64_t address = 0;
  const char *name = nullptr;  // the global's name when the lock is a global, else null; a file
                               // lock's description ("flock /tmp/log bytes 0-99")
  bool is_rwlock = false;
  bool is_file_lock = false;   // flock, fcntl, lockf (runtime/file_locks.h)
};

// Why a predicted race is one: in this run, the earlier access's thread (`released_by`) unlocked
// `lock` after its access and `acquired_by` locked it next (that thread made the later access,
// or passed the order on to its thread); the two critical sections touched no common memory, so
// the opposite order was as possible, and with it the two accesses run concurrently.
struct RacePrediction {
  LockInfo lock;
  uint32_t released_by = 0;
  Stack released_at;
  uint32_t acquired_by = 0;
  Stack acquired_at;  // empty if not known
  // The run's first predicted race: a race (or a deadlock) of a reordering of this run for
  // certain, by weak causal precedence's soundness. Later ones are likely, not certain.
  bool certain = false;
};

// "thread held locks[held] (acquired at held_at) while it requested locks[requested] (at
// requested_at)". `*_for_read`: the lock was held / requested in shared (read) mode.
struct LockOrderEdge {
  uint32_t thread = 0;
  size_t held = 0;       // index into LockOrderCycle::locks
  size_t requested = 0;  // index into LockOrderCycle::locks
  bool held_for_read = false;
  bool requested_for_read = false;
  Stack held_at;
  Stack requested_at;
  uint32_t observations = 0;          // acquisitions seen in this direction
  uint32_t reverse_observations = 0;  // acquisitions seen the other way
  // A cycle joined across processes (`interlock report` over file-lock order records): the
  // process that made this edge (`thread` is then that process's thread id); 0 otherwise.
  int64_t pid = 0;
  const char *command = nullptr;
};

// A potential deadlock: edges[i].requested == edges[i+1].held, and the last edge's requested
// lock is edges[0].held. edges[0] is the acquisition that closed the cycle.
struct LockOrderCycle {
  const LockInfo *locks = nullptr;
  size_t lock_count = 0;
  const LockOrderEdge *edges = nullptr;
  size_t edge_count = 0;
  // The four Coffman conditions as evidence. Mutual exclusion and circular wait always hold for
  // a reported cycle (they are why it is reported); hold-and-wait holds since no edge came from
  // a trylock; no preemption fails only if a lock was released by a thread that did not hold it.
  bool no_preemption = true;
  // The global lock order that breaks the cycle (lock indexes, acquire order[0] first), the one
  // edge that goes against it, and how many observed acquisitions follow / go against it.
  const size_t *suggested_order = nullptr;  // lock_count entries
  size_t edge_to_change = 0;
  uint64_t observations_following = 0;
  uint64_t observations_against = 0;
  const ThreadInfo *threads = nullptr;  // every thread named by an edge, once
  size_t thread_count = 0;
};

// How a mutex was misused.
enum class MutexMisuseKind {
  kUnlockNotHeld,  // unlocked by a thread that does not hold it (never locked, or another's)
  kDoubleUnlock,   // unlocked again by the thread that last unlocked it, not locked in between
  kDestroyLocked,  // destroyed while a thread holds it
};
// "unlock-not-held", "double-unlock", "destroy-locked"
const char *mutex_misuse_kind_name(MutexMisuseKind k);

// A misuse of one mutex by `thread` at `stack`. The program goes on after it.
struct MutexMisuse {
  MutexMisuseKind what = MutexMisuseKind::kUnlockNotHeld;
  LockInfo mutex;  // address, the global's name (or null), rwlock or not
  uint32_t thread = 0;
  Stack stack;     // where the misuse happened
  // The thread holding the mutex (destroy-locked; unlock-not-held by another thread than the
  // holder) and where it locked it; -1 and empty when no thread holds it.
  int64_t owner = -1;
  Stack locked_at;
  Stack last_unlocked_at;  // double-unlock: where the same thread unlocked it before; else empty
  const ThreadInfo *threads = nullptr;  // `thread` and the owner, once each
  size_t thread_count = 0;
};

// What a thread of a real deadlock is blocked in.
enum class WaitKind {
  kLock,               // locking a mutex, spinlock or the write side of a rwlock
  kReadLock,           // locking the read side of a rwlock
  kJoin,               // joining a thread
  kConditionVariable,  // waiting on a condition variable (no timeout)
  kSemaphore,          // waiting on a semaphore (no timeout)
  kBarrier,            // waiting at a barrier
  kFutex,              // a futex wait without timeout: std::latch, std::barrier,
                       // std::counting_semaphore, std::atomic<T>::wait, std::future
  kStaticInit,         // waiting for another thread to finish initializing a static local
  kFileLock,           // flock, fcntl or lockf on a file lock (its holder may be another process)
};
// "lock", "read-lock", "join", "condition-variable", "semaphore", "barrier", "futex",
// "static-initialization", "file-lock"
const char *wait_kind_name(WaitKind k);

// A process holding a file lock another waits for, from the kernel's lock table (/proc/locks).
struct ProcessWait {
  int64_t pid = 0;
  const char *command = nullptr;         // its command line; null when it could not be read
  const char *waits_for_lock = nullptr;  // the file lock it is blocked on itself, or null
};

// One thread of a real deadlock: blocked at `stack` (innermost frame: the blocking call).
struct BlockedThread {
  uint32_t thread = 0;
  WaitKind what = WaitKind::kLock;
  // The object waited on: the lock (kLock, kReadLock), the condition variable, semaphore,
  // barrier, the futex word (kFutex), the static's guard variable (kStaticInit); address 0 for
  // kJoin. `name` is the global's name when it is a global.
  LockInfo object;
  // The thread this one waits for: the lock's holder (kLock, kReadLock), the joined thread
  // (kJoin), the thread initializing the static (kStaticInit); -1 when no single thread can end
  // the wait (kConditionVariable, kSemaphore, kBarrier, kFutex, or a lock or static whose holder
  // is unknown or gone).
  int64_t waits_for = -1;
  Stack holder_locked_at;  // kLock, kReadLock: where `waits_for` acquired the lock; else empty
  Stack stack;
  const HeldLock *locks_held = nullptr;  // the locks this thread holds while it waits
  size_t lock_count = 0;
  // kFileLock: holders[0] holds the lock this thread waits for; each holders[i] that waits for a
  // lock waits for one holders[i + 1] holds. When `process_cycle`, the last one waits for a lock
  // this process holds: the processes deadlock each other.
  const ProcessWait *holders = nullptr;
  size_t holder_count = 0;
  bool process_cycle = false;
};

// Threads blocked forever, found while the program hung; the program is ended after the report.
// When `is_cycle`, blocked[i] waits for blocked[(i + 1) % blocked_count].thread (a thread
// waiting for a lock it already holds is a cycle of one). Otherwise every live thread of the
// program is blocked, at least one of them in a wait only another thread could end (condition
// variable, semaphore, barrier, futex, a lock whose holder is gone), and nothing changed for
// `blocked_ms` (at least the deadlock_timeout_ms option).
struct Deadlock {
  bool is_cycle = true;
  const BlockedThread *blocked = nullptr;
  size_t blocked_count = 0;
  uint64_t blocked_ms = 0;  // how long the blocked state was seen unchanged before the report
  const ThreadInfo *threads = nullptr;  // every thread named (blocked or holding), once
  size_t thread_count = 0;
};

// A lost update: `read.thread` read the memory in one critical section of `lock` (or with an
// atomic load), another thread wrote it (`interleaved`), and the first thread then wrote it in a
// later critical section (or with an atomic store, not a read-modify-write) with a value, or
// after a decision, computed from its read: the other thread's write is lost, or the decision
// was made on a stale value. Every access was properly synchronized; the program's logic was not.
struct AtomicityViolation {
  Access read;         // the first thread's read
  Access interleaved;  // the other thread's write, between the two (observed) or not (predicted)
  Access write;        // the first thread's write that depends on its read
  // Whether `interleaved` came between the read and the write in this run. When false (a
  // predicted violation) it came before the read, in a critical section of `lock` that nothing
  // but the lock's order ordered before the read's: another schedule runs it in between.
  bool observed = true;
  bool on_atomic = false;  // a load and a store of an atomic; else critical sections of `lock`
  LockInfo lock;           // the mutex of both critical sections (address 0 for an atomic)
  // One coroutine read and wrote, on one thread, with a co_await between (no lock; the write
  // between was made by other code of any thread while it was suspended): where it suspended
  // (null if not known).
  bool across_suspension = false;
  const Frame *suspended_at = nullptr;
  MemoryInfo memory;
  const ThreadInfo *threads = nullptr;  // every thread named in the accesses, once
  size_t thread_count = 0;
};

enum class FindingKind { kDataRace, kLockOrderCycle, kMutexMisuse, kDeadlock, kAtomicityViolation };
// "data-race", "lock-order-cycle", "mutex-misuse", "deadlock"
const char *finding_kind_name(FindingKind k);

struct Finding {
  FindingKind kind = FindingKind::kDataRace;
  uint64_t key = 0;  // see key.h; compute with finding_key()
  const DataRace *race = nullptr;         // set when kind == kDataRace
  const LockOrderCycle *cycle = nullptr;  // set when kind == kLockOrderCycle
  const MutexMisuse *misuse = nullptr;    // set when kind == kMutexMisuse
  const Deadlock *deadlock = nullptr;     // set when kind == kDeadlock
  const AtomicityViolation *atomicity = nullptr;  // set when kind == kAtomicityViolation
};

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_REPORT_H
