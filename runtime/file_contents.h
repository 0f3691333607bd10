// The contents of regular files as memory of the model: a write(), pwrite() or writev() through a
// descriptor writes the file's bytes it moved, a read(), pread() or readv() reads them, so two
// threads that write the same bytes of a file, or one that reads bytes another wrote, with
// nothing ordering them (a flock or OFD lock, a mutex, a join, ...) are a data race on the file,
// reported at the two calls. At the kernel each call is atomic (POSIX orders regular-file
// reads and writes), so the race is the program's: which bytes end up in the file, or what the
// reader sees, depends on the schedule (a lost update of a counter kept in a file).
//
// Which files. Only descriptors this process opened with an intercepted open, openat or creat
// (and their dup copies) on a regular file (S_ISREG, from a raw fstat): inherited descriptors
// (stdout redirected to a file), pipes, sockets, devices and stdio's FILEs (whose transfers go
// through libc's internal write) are never looked at. A file is known by its identity (device,
// inode and, where the file system records it, birth time), not by the descriptor or the path.
//
// Where. Each file open in the process gets one of kContentSlots windows of kWindowBytes in a
// reserved range nothing else uses; byte N of the file is byte N of its window (only the
// shadow of the window is ever touched), so the race check is byte-exact: two records of one
// file written under two different byte-range locks do not conflict. Only the first
// file_contents_bytes (an option, at most kWindowBytes) of each file are checked, which bounds
// the shadow a program streaming large files fills; 0 turns the model off. Nothing is checked
// while the process never had a second thread (all its transfers are ordered before any later
// thread's). The offset of a transfer at the description's position (read, write, readv,
// writev) is read with lseek before and after the real call; when another transfer through the
// same description moved the position in between (two threads sharing one descriptor), the
// bytes are not checked, since which bytes each call moved is then unknown. pread, pwrite,
// preadv and pwritev give their offset.
//
// Input files. Until a thread of this process writes a file, its reads are logged (the thread's
// epoch, the context, the bytes: one entry per call) instead of given shadow, and the first
// write records them in the shadow before it is checked: a read conflicts only with writes, and
// most files a program reads it never writes (a file read whole would take 16 MiB of shadow
// for its first 4 MiB). Reads in a critical section or a running coroutine (the lost-update
// analysis takes them) are checked at once, as are all reads after 4,096 logged ones.
//
// Between processes. With a report_dir, every transfer checked here (and, in a process that
// never had a second thread, every one that would be) is also recorded for `interlock report`
// to compare with other processes' (file_events.h).
//
// Appends. A write through a descriptor opened with O_APPEND (or set so with F_SETFL) lands whole
// at the end of the file, never over another write: it is not checked at all (two writers
// appending to one log do not race, whatever their order), nor is a read against it.
//
// Forgetting. A file's history lives while this process has a descriptor of it open: when the
// last one it saw opened is closed, the window is cleared and the slot freed (the inode may be
// reused by another file once it is gone). So accesses through descriptors that were never open
// at the same time are not checked against each other.
//
// Thread-safety: any thread, any time. The per-descriptor table is updated with atomics; slots are
// taken and freed under one spin lock (held across fork, fork.h).
#ifndef INTERLOCK_RUNTIME_FILE_CONTENTS_H
#define INTERLOCK_RUNTIME_FILE_CONTENTS_H

#include "runtime/interface.h"
#include "runtime/rt.h"

namespace interlock {

constexpr unsigned kContentSlots = 256;
constexpr uptr kWindowBytes = uptr(256) << 20;

// ---- descriptor life (`thr` may be null: a thread the runtime does not watch) ----
// After open, openat or creat returned `fd` (>= 0), opened with `flags`.
void file_contents_opened(ThreadState *thr, int fd, int flags);
// After dup, dup2, dup3 or fcntl(F_DUPFD) made `copy` name what `original` names.
void file_contents_copied(ThreadState *thr, int original, int copy);
// `fd` stops naming what it named: before a close or a dup2 over it, or when any other call
// created it anew.
void file_contents_forget(ThreadState *thr, int fd);
// After a successful fcntl(F_SETFL) of `fd` to `flags` (O_APPEND on or off).
void file_contents_flags_set(int fd, int flags);

// ---- transfers (`site`: the user's call) ----
// Before a transfer at the description's position: the position, or -1 when the bytes are not
// modelled (not a modelled file, or an append). Leaves errno as it was.
int64_t file_contents_position(int fd, bool is_write);
// After it returned `result`: checks the bytes it moved, if the position says which. `call`
// names it ("write", a static string) in the record between processes (file_events.h).
void file_contents_moved(ThreadState *thr, int fd, int64_t position_before, long result,
                         bool is_write, const char *call, const interlock_site *site);
// After a transfer at an explicit `offset` (pread, pwrite, ...) returned `result`.
void file_contents_moved_at(ThreadState *thr, int fd, int64_t offset, long result, bool is_write,
                            const char *call, const interlock_site *site);

// ---- reports ----
struct FileContentsPlace {
  const char *path = nullptr;  // arena memory, kept; null when unknown
  uint64_t device = 0, inode = 0, offset = 0;
};
// Whether `addr` is a byte of a file's window, and which file and offset.
bool describe_file_contents(uptr addr, FileContentsPlace *out);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_FILE_CONTENTS_H
