// File locks (flock, fcntl record locks, OFD locks, lockf) as locks of the model.
//
// Identity. A file lock is named by the file's identity (st_dev, st_ino, from a raw fstat), its
// family and its byte range, never by the descriptor: two descriptors of one file name the same
// lock. Families: flock locks, and POSIX record locks (classic fcntl, lockf and OFD locks, which
// the kernel keeps in one table, so they conflict with each other but never with flock's). Each
// distinct (file, family, range) gets a key in kFileLockKeys, a space no program address can
// equal; the key is the lock in the held set, the lock-order graph and the watchdog's waits.
//
// Ownership. flock and OFD locks belong to the open file description: threads that opened the
// file separately exclude each other, so an unlock releases (happens-before) to the next lock of
// an overlapping range in a conflicting mode. Classic fcntl and lockf locks belong to the
// process: threads of one process never exclude each other with them, so they order nothing
// inside the process (and memory is not shared between processes): data two threads touch
// "under" such a lock races, and the race report says the lock was process-owned.
//
// Release. An unlock of a range releases every held lock of the thread on that file and family
// whose range overlaps it (a partial unlock releases the whole recorded range). A close of a
// descriptor releases the closing thread's locks on that file: all POSIX ones (the kernel drops a
// process's classic locks at any close of the file) and the flock/OFD ones (the kernel keeps
// them while another descriptor of the description is open: not modelled).
//
// Thread-safety: any thread, any time; the tables are append-only behind one spin lock.
#ifndef INTERLOCK_RUNTIME_FILE_LOCKS_H
#define INTERLOCK_RUNTIME_FILE_LOCKS_H

#include "runtime/rt.h"

namespace interlock {

constexpr uptr kFileLockKeys = uptr(0xfff8) << 48;

enum class FileLockOwner : unsigned {
  kDescription,  // flock, OFD: the open file description
  kProcess,      // classic fcntl, lockf
};
enum class FileLockFamily : unsigned { kFlock, kPosix };

// One lock request, as the interceptors decode it. `end` is exclusive; kToEnd: up to any size.
constexpr uint64_t kToEnd = ~uint64_t(0);
struct FileLockRequest {
  int fd = -1;
  FileLockFamily family = FileLockFamily::kFlock;
  FileLockOwner owner = FileLockOwner::kDescription;
  bool unlock = false;
  bool shared = false;    // a read (shared) lock
  bool blocking = false;  // may wait forever (F_SETLKW, LOCK_EX without LOCK_NB, F_LOCK)
  uint64_t start = 0;
  uint64_t end = kToEnd;
};

bool is_file_lock_key(uptr key);

// Around the real call that takes or drops a file lock: `before` announces the request (graph
// edges, cross-process edge records, the watchdog's wait); `after` models the result (`ok`: the
// real call succeeded). Both keep errno.
// `before` returns the lock's key (0: not modelled), which `after` takes.
uptr file_lock_before(ThreadState *thr, const FileLockRequest &request);
void file_lock_after(ThreadState *thr, const FileLockRequest &request, uptr key, bool ok);

// Before the real close of `fd`: the closing thread's locks on its file are released.
void file_locks_closing(ThreadState *thr, int fd);

// For reports: "flock /tmp/x", "fcntl /tmp/x bytes 0-99" (arena memory, kept), null when `key`
// is no file lock.
const char *file_lock_name(uptr key);
// Whether `key` is a process-owned (classic fcntl / lockf) lock: threads of one process do not
// exclude each other with it.
bool file_lock_is_process_owned(uptr key);
// Identity of a key for cross-process records: false when `key` is no file lock.
struct FileLockIdentity {
  uint64_t dev = 0, ino = 0, start = 0, end = kToEnd;
  FileLockFamily family = FileLockFamily::kFlock;
  FileLockOwner owner = FileLockOwner::kDescription;
  const char *path = nullptr;
};
bool file_lock_identity(uptr key, FileLockIdentity *out);
// The path of a file this process locked with that inode number, or null.
const char *file_lock_path_of_inode(uint64_t inode);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_FILE_LOCKS_H
