// Who holds a file lock a thread of this process is blocked on, from the kernel's lock table
// (/proc/locks), and what those holders are blocked on in turn: for `deadlock` reports of threads
// blocked in flock, fcntl(F_SETLKW) or lockf(F_LOCK).
//
// /proc/locks lists each lock as "N: FLOCK ADVISORY WRITE <pid> <maj>:<min>:<inode> <start>
// <end>" and each request blocked on lock N right after it as "N: -> FLOCK ...". So the lock a
// process waits for is the one its "->" line follows, and that lock's pid is the holder; a holder
// that has a "->" line of its own waits in turn. The chain is followed until a process that waits
// for nothing, or one that waits for a lock this process holds: a deadlock between processes.
// Read with raw system calls only (the watchdog calls it with every other thread stopped in
// some wait). OFD locks are listed with pid -1: their holder is unknown.
#ifndef INTERLOCK_RUNTIME_FILE_LOCK_HOLDERS_H
#define INTERLOCK_RUNTIME_FILE_LOCK_HOLDERS_H

#include "detector/report/report.h"
#include "runtime/rt.h"

namespace interlock {

// Fills `chain` (arena memory, up to `capacity` entries) for a wait on file lock `key`; returns
// the number of entries and sets `*cycle` when the last one waits for this process.
size_t file_lock_holder_chain(uptr key, report::ProcessWait *chain, size_t capacity, bool *cycle);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_FILE_LOCK_HOLDERS_H
