// File-lock order edges for `interlock report` to join across processes.
//
// A lock-order cycle between processes (process 1 takes file lock A then B, process 2 B then A)
// is invisible to each process's own lock-order graph. So every process with a report_dir records
// each new file-lock order it makes (a blocking request of file lock K while it holds file lock
// H) as one line of interlock.[<run>.]<pid>.<token>.file-locks next to its report: the file
// identities (device, inode, family, range, path), pid, command line, thread, and the stacks of
// both acquisitions. One write(2) per line, as the edge appears, so a process that then hangs,
// is killed or crashes has already recorded it. `interlock report` merges the lines of every
// process and reports the cycles whose edges come from different processes
// (docs/report-format.md#file-lock-order-records).
//
// Thread-safety: any thread; lines are composed outside the lock, written under it.
#ifndef INTERLOCK_RUNTIME_FILE_LOCK_EDGES_H
#define INTERLOCK_RUNTIME_FILE_LOCK_EDGES_H

#include "runtime/rt.h"

namespace interlock {

namespace report {
class JsonEmitter;
}
struct FileLockIdentity;

// Writes the file lock `key` (identity `id`) into the open JSON object as the side records name
// it: dev, ino, family, start, end (null: to any end) and name. The file-lock order records and
// the file-event records (runtime/file_events.h) both use this shape; the tool reads it back with
// detector/report/side_records.h.
void write_file_lock_fields(report::JsonEmitter &json, uptr key, const FileLockIdentity &id);

// Before a blocking request of file lock `requested` (a key of runtime/file_locks.h) in `mode`
// (kMutexRead for a shared lock, else kMutexWrite): records the orders from every file lock the
// thread holds that this process did not record yet.
void note_file_lock_order(ThreadState *thr, uptr requested, unsigned mode);

// Around fork (from runtime/file_locks.cpp's fork hooks).
void lock_file_lock_edges_for_fork();
void unlock_file_lock_edges_after_fork(bool in_child);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_FILE_LOCK_EDGES_H
