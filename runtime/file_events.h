// File contents and file locks across processes: the records `interlock report` joins into
// data races between processes.
//
// Happens-before ends at the process: two processes that update one file without a file lock
// race on its bytes, but neither process sees the other's accesses. So every process with a
// report_dir (and the file-contents model on) appends what matters across processes to
// interlock.[<run>.]<pid>.<token>.file-events next to its report, one JSON line per event, each
// with one write(2) as it happens (a process that is then killed has recorded what it did):
//   - a header: pid, command line and, in a forked child, the parent's pid and its last event
//     at the fork (the fork orders all of them before the child's);
//   - the bytes of a regular file a transfer through a descriptor read or wrote (the file's
//     identity and path, offset, size, the call, the thread, and the stack, written once per
//     distinct calling context as its own line);
//   - each file-lock acquisition (after the real call succeeded) and release (before the real
//     unlock or close), with the lock's identity (device, inode, family, range, shared or not);
//   - a child reaped by wait/waitpid/wait4/waitid (its every event happened before);
//   - the process's normal exit (exit, or the return from main; not _exit or a kill). The header
//     also gives when the process began (the runtime's start, or the fork): a process that
//     began after another one exited is ordered after all of it, as a shell running one
//     program after another orders them by waiting for the first (which no record shows).
// Each event carries the process's own sequence number and CLOCK_MONOTONIC nanoseconds, taken
// together under one lock so that both order the process's events alike. The clock is the
// machine's, so the join can tell which of two holds of one file lock came first: exclusive
// holds never overlap, an acquisition is stamped after the real call returned and a release
// before the real unlock, so a release stamped before another process's acquisition of a
// conflicting lock of the same file happened before it
// (detector/report/file_content_races.h builds the processes' vector clocks from that).
//
// A process is one timeline here: its threads' events are ordered by their sequence numbers
// (orders within a process are its own report's business; across processes this can only hide
// a race, never invent one).
//
// Bounds: at most kMaxFileEvents events and kMaxEventStacks distinct stacks per process. When
// either is reached, one line says so on stderr and a `truncated` record ends the file: the join
// then compares nothing of that process after it.
//
// Thread-safety: any thread, any time; records are composed and written under one spin lock
// (held across fork: fork.h). Nothing is recorded from inside the runtime (a signal handler
// that interrupted it).
#ifndef INTERLOCK_RUNTIME_FILE_EVENTS_H
#define INTERLOCK_RUNTIME_FILE_EVENTS_H

#include "runtime/interface.h"
#include "runtime/rt.h"

namespace interlock {

constexpr unsigned kMaxFileEvents = 16384;
constexpr unsigned kMaxEventStacks = 2048;

// Whether this process records its file events (report_dir set, file_contents_bytes not 0, and
// not cut short): the file-contents model asks before it looks at the position of a transfer
// no thread of this process could race with.
bool file_events_recording();

// The bytes [offset, offset + size) of a file (st_dev encoding, inode, path) moved by `call`
// ("pwrite") at `site`.
struct FileEventBytes {
  uint64_t device = 0, inode = 0, offset = 0, size = 0;
  const char *path = nullptr;
  bool is_write = false;
  const char *call = nullptr;
};
void file_event_access(ThreadState *thr, const FileEventBytes &bytes, const interlock_site *site);

// A file lock (key of runtime/file_locks.h) taken (`acquired`) or about to be let go, in shared
// mode or not.
void file_event_lock(ThreadState *thr, uptr key, bool shared, bool acquired);

// wait/waitpid/wait4/waitid returned the end of child `pid`.
void file_event_reaped(ThreadState *thr, int pid);

// At the runtime's start (the process's start time for the header).
void file_events_process_started();
// At the process's normal exit (the atexit handler), before the reports are finished.
void file_event_exit(ThreadState *thr);

// Around fork: before fork_prepare, a forked child's pending header is written (so that its own
// children find their parent's record); fork_child starts the child's record anew.
void file_events_before_fork(ThreadState *thr);
void lock_file_events_for_fork();
void unlock_file_events_after_fork(bool in_child);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_FILE_EVENTS_H
