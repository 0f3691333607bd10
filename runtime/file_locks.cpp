// The file-lock model (file_locks.h): keys per (file, family, owner, range), happens-before
// through description-owned locks, the held set, the lock-order graph and the watchdog's waits.
#include "runtime/file_locks.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "runtime/deadlocks.h"
#include "runtime/file_events.h"
#include "runtime/file_lock_edges.h"
#include "runtime/fork.h"
#include "runtime/hangs.h"
#include "runtime/internal_alloc.h"
#include "runtime/internal_libc.h"
#include "runtime/platform.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

constexpr unsigned kMaxFiles = 512;
constexpr unsigned kMaxRanges = 8192;
constexpr unsigned kPathBytes = 256;
// A range's key is kFileLockKeys + (index + 1) * kKeyStride; its read-unlock clock lives at
// key + kReadClockOffset (a separate sync object: readers are not ordered with each other).
constexpr uptr kKeyStride = 16;
constexpr uptr kReadClockOffset = 8;

struct FileEntry {
  uint64_t dev, ino;
  char path[kPathBytes];
  // Bumped (atomically) whenever the process's classic locks on the file are dropped behind the
  // back of the threads holding them: a close of any descriptor of the file, or an unlock by a
  // thread that did not take the lock. A thread's held process-owned lock taken at an older
  // generation is gone (purge_dropped).
  uint32_t drop_generation;
  uint32_t first_range;  // the newest range of the file, as index + 1 (0: none); atomic
};
struct RangeEntry {
  uint32_t file;
  FileLockFamily family;
  FileLockOwner owner;
  uint64_t start, end;
  const char *name;  // made on first use for a report
  uint32_t locked_at_generation;  // the file's drop_generation at the last lock of this range
  uint32_t next_in_file;          // the file's previous range, as index + 1 (0: none)
};

SpinLock g_table_lock;
FileEntry g_files[kMaxFiles];
uint32_t g_file_count;  // written under the lock, read without it (entries are never changed)
RangeEntry g_ranges[kMaxRanges];
uint32_t g_range_count;
bool g_table_full_said;
bool g_any_process_owned;  // a classic fcntl/lockf lock was taken: closes must be looked at

bool raw_fstat(int fd, uint64_t *dev, uint64_t *ino) {
  struct stat st;
  if (os_syscall(SYS_fstat, fd, &st) != 0) return false;
  *dev = st.st_dev;
  *ino = st.st_ino;
  return true;
}

void path_of(int fd, char *path) {
  char link[64];
  format(link, sizeof link, "/proc/self/fd/%d", fd);
  long n = os_syscall(SYS_readlinkat, AT_FDCWD, link, path, kPathBytes - 1);
  if (n < 0) n = 0;
  path[n] = '\0';
}

// The file's index, registered on first use (kMaxFiles when the table is full). Lock held.
uint32_t file_index(uint64_t dev, uint64_t ino, int fd) {
  for (uint32_t i = 0; i < g_file_count; i++)
    if (g_files[i].dev == dev && g_files[i].ino == ino) return i;
  if (g_file_count == kMaxFiles) return kMaxFiles;
  FileEntry &f = g_files[g_file_count];
  f.dev = dev;
  f.ino = ino;
  path_of(fd, f.path);
  __atomic_store_n(&g_file_count, g_file_count + 1, __ATOMIC_RELEASE);
  return g_file_count - 1;
}

uptr key_of(uint32_t range) { return kFileLockKeys + (uptr(range) + 1) * kKeyStride; }

// The range a key names, or null.
const RangeEntry *range_of(uptr key) {
  if (key < kFileLockKeys + kKeyStride || (key - kFileLockKeys) % kKeyStride != 0) return nullptr;
  const uptr index = (key - kFileLockKeys) / kKeyStride - 1;
  if (index >= __atomic_load_n(&g_range_count, __ATOMIC_ACQUIRE)) return nullptr;
  return &g_ranges[index];
}

bool overlaps(const RangeEntry &r, uint64_t start, uint64_t end) {
  return r.start < end && start < r.end;
}

// The key of the request's lock, registered on first use; 0 when the file cannot be identified
// or the tables are full (the call is then not modelled). Also returns the file's index.
uptr register_request(ThreadState *thr, const FileLockRequest &request, uint32_t *file) {
  uint64_t dev, ino;
  if (!raw_fstat(request.fd, &dev, &ino)) return 0;
  // Inside the runtime while the lock is held: a signal handler's flock then passes through
  // instead of spinning on the lock its own thread holds.
  ScopedInRuntime in_runtime(thr);
  SpinLockGuard guard(g_table_lock);
  *file = file_index(dev, ino, request.fd);
  if (*file == kMaxFiles) return 0;
  // Each file's ranges are chained, newest first: a lookup costs the file's ranges, not all.
  for (uint32_t next = g_files[*file].first_range; next != 0; next = g_ranges[next - 1].next_in_file) {
    const RangeEntry &r = g_ranges[next - 1];
    if (r.family == request.family && r.owner == request.owner && r.start == request.start &&
        r.end == request.end)
      return key_of(next - 1);
  }
  if (g_range_count == kMaxRanges) {
    if (!g_table_full_said) print_line("more than %u distinct file-lock ranges: later ones are not modelled", kMaxRanges);
    g_table_full_said = true;
    return 0;
  }
  RangeEntry &r = g_ranges[g_range_count];
  r.file = *file;
  r.family = request.family;
  r.owner = request.owner;
  r.start = request.start;
  r.end = request.end;
  r.name = nullptr;
  r.next_in_file = g_files[*file].first_range;
  __atomic_store_n(&g_range_count, g_range_count + 1, __ATOMIC_RELEASE);
  // Published last: a reader without the lock that finds the range finds it whole.
  __atomic_store_n(&g_files[*file].first_range, g_range_count, __ATOMIC_RELEASE);
  return key_of(g_range_count - 1);
}

// The file a descriptor names, if it was ever locked (no registration).
bool known_file(int fd, uint32_t *file) {
  uint64_t dev, ino;
  if (!raw_fstat(fd, &dev, &ino)) return false;
  const uint32_t count = __atomic_load_n(&g_file_count, __ATOMIC_ACQUIRE);
  for (uint32_t i = 0; i < count; i++)
    if (g_files[i].dev == dev && g_files[i].ino == ino) {
      *file = i;
      return true;
    }
  return false;
}

bool holds_any_file_lock(const ThreadState *thr) {
  for (uint32_t i = 0; i < thr->held_count; i++)
    if (is_file_lock_key(thr->held[i].address)) return true;
  return false;
}

// The unlock of a held lock: a description-owned one publishes to the next holder of an
// overlapping range (a read hold only to writers); a process-owned one orders nothing.
void release_held(ThreadState *thr, const RangeEntry &r, uptr key, unsigned mode) {
  // Across processes every family excludes (file_events.h), classic locks included.
  file_event_lock(thr, key, (mode & kMutexRead) != 0, /*acquired=*/false);
  if (r.owner == FileLockOwner::kDescription)
    sync_release(thr, (mode & kMutexRead) ? key + kReadClockOffset : key);
  held_lock_remove(thr, key);
}

// Releases the thread's held locks on `file` (of `family`, or every family when `any_family`)
// whose ranges overlap [start, end).
void release_overlapping(ThreadState *thr, uint32_t file, FileLockFamily family, bool any_family,
                         uint64_t start, uint64_t end) {
  for (uint32_t i = thr->held_count; i-- > 0;) {
    if (i >= thr->held_count) continue;
    const uptr key = thr->held[i].address;
    const RangeEntry *r = range_of(key);
    if (!r || r->file != file || (!any_family && r->family != family) ||
        !overlaps(*r, start, end))
      continue;
    release_held(thr, *r, key, thr->held[i].mode);
  }
}

// A description-owned lock was taken: it is ordered after every unlock of an overlapping range
// of the same family on the file (a shared lock only after exclusive ones).
void acquire_overlapping(ThreadState *thr, uint32_t file, const FileLockRequest &request) {
  for (uint32_t next = __atomic_load_n(&g_files[file].first_range, __ATOMIC_ACQUIRE); next != 0;
       next = g_ranges[next - 1].next_in_file) {
    const uint32_t i = next - 1;
    const RangeEntry &r = g_ranges[i];
    if (r.family != request.family || r.owner != FileLockOwner::kDescription ||
        !overlaps(r, request.start, request.end))
      continue;
    sync_acquire(thr, key_of(i));
    if (!request.shared) sync_acquire(thr, key_of(i) + kReadClockOffset);
  }
}

uint32_t drop_generation(uint32_t file) {
  return __atomic_load_n(&g_files[file].drop_generation, __ATOMIC_ACQUIRE);
}
void bump_drop_generation(uint32_t file) {
  __atomic_fetch_add(&g_files[file].drop_generation, 1, __ATOMIC_ACQ_REL);
}

// Forgets the thread's process-owned locks that another thread's close or unlock dropped.
void purge_dropped(ThreadState *thr) {
  for (uint32_t i = thr->held_count; i-- > 0;) {
    if (i >= thr->held_count) continue;
    const RangeEntry *r = range_of(thr->held[i].address);
    if (r && r->owner == FileLockOwner::kProcess &&
        __atomic_load_n(&r->locked_at_generation, __ATOMIC_RELAXED) != drop_generation(r->file))
      held_lock_remove(thr, thr->held[i].address);
  }
}

// Whether the thread holds a lock of `family` on `file` overlapping [start, end).
bool holds_overlapping(const ThreadState *thr, uint32_t file, FileLockFamily family,
                       uint64_t start, uint64_t end) {
  for (uint32_t i = 0; i < thr->held_count; i++) {
    const RangeEntry *r = range_of(thr->held[i].address);
    if (r && r->file == file && r->family == family && overlaps(*r, start, end)) return true;
  }
  return false;
}

bool held_by(const ThreadState *thr, uptr key) {
  for (uint32_t i = 0; i < thr->held_count; i++)
    if (thr->held[i].address == key) return true;
  return false;
}

}  // namespace

bool is_file_lock_key(uptr key) { return (key >> 48) == (kFileLockKeys >> 48); }

uptr file_lock_before(ThreadState *thr, const FileLockRequest &request) {
  if (!thr) return 0;
  const int saved_errno = errno;
  if (holds_any_file_lock(thr)) purge_dropped(thr);
  if (request.unlock) {
    // Released before the real unlock, as a mutex is: once the kernel lets the next holder in,
    // what it acquires must already be published.
    uint32_t file;
    if (known_file(request.fd, &file)) {
      // A classic lock belongs to the process: this unlock also drops what other threads took.
      if (request.owner == FileLockOwner::kProcess &&
          !holds_overlapping(thr, file, request.family, request.start, request.end))
        bump_drop_generation(file);
      release_overlapping(thr, file, request.family, /*any_family=*/false, request.start,
                          request.end);
    }
    errno = saved_errno;
    return 0;
  }
  uint32_t file;
  const uptr key = register_request(thr, request, &file);
  if (key != 0) {
    // A lock the thread holds already (flock converting shared to exclusive, the same range
    // again) is no new request of the order graph.
    if (!held_by(thr, key)) {
      const unsigned mode = request.shared ? kMutexRead : kMutexWrite;
      if (request.blocking) note_file_lock_order(thr, key, mode);
      lock_requested(thr, key, mode | (request.blocking ? 0u : unsigned(kMutexTry)));
    }
    if (request.blocking) wait_begin(thr, kWaitFileLock, key);
  }
  errno = saved_errno;
  return key;
}

void file_lock_after(ThreadState *thr, const FileLockRequest &request, uptr key, bool ok) {
  if (!thr) return;
  const int saved_errno = errno;
  if (key != 0 && request.blocking) {
    // The hang was reported and the process is ending: the lock came free because another
    // process of the deadlock ended first. Going on would run the program into its own exit.
    while (deadlock_being_ended()) os_sleep_ms(1000);
    wait_end(thr);
  }
  if (ok) {
    // The key names the range, and the range its file: no second fstat.
    const RangeEntry *range = request.unlock ? nullptr : range_of(key);
    const uint32_t file = range ? range->file : 0;
    if (range) {
      if (request.owner == FileLockOwner::kDescription) acquire_overlapping(thr, file, request);
      if (request.owner == FileLockOwner::kProcess) {
        __atomic_store_n(&g_any_process_owned, true, __ATOMIC_RELAXED);
        __atomic_store_n(&const_cast<RangeEntry *>(range)->locked_at_generation,
                         drop_generation(file), __ATOMIC_RELAXED);
      }
      // A lock held already is converted (flock LOCK_SH then LOCK_EX, an OFD read lock made a
      // write lock): its unlock must release to the readers or the writers as it is now held.
      held_lock_add(thr, key, request.shared ? kMutexRead : kMutexWrite);
      file_event_lock(thr, key, request.shared, /*acquired=*/true);
    }
  }
  errno = saved_errno;
}

void file_locks_closing(ThreadState *thr, int fd) {
  if (!thr) return;
  const bool holds = holds_any_file_lock(thr);
  // A close by any thread drops the process's classic locks on the file, so once the process
  // took one, every close is looked at (one fstat).
  if (!holds && !__atomic_load_n(&g_any_process_owned, __ATOMIC_RELAXED)) return;
  const int saved_errno = errno;
  uint32_t file;
  if (known_file(fd, &file)) {
    bump_drop_generation(file);
    if (holds)
      release_overlapping(thr, file, FileLockFamily::kFlock, /*any_family=*/true, 0, kToEnd);
  }
  errno = saved_errno;
}

const char *file_lock_name(uptr key) {
  const RangeEntry *r = range_of(key);
  if (!r) return nullptr;
  const char *name = __atomic_load_n(&r->name, __ATOMIC_ACQUIRE);
  if (name) return name;
  char buf[kPathBytes + 96];
  const char *path = g_files[r->file].path[0] ? g_files[r->file].path : "?";
  const char *what = r->family == FileLockFamily::kFlock ? "flock"
                     : r->owner == FileLockOwner::kProcess ? "fcntl"
                                                            : "OFD lock";
  if (r->start == 0 && r->end == kToEnd)
    format(buf, sizeof buf, "%s %s", what, path);
  else if (r->end == kToEnd)
    format(buf, sizeof buf, "%s %s bytes %llu-end", what, path, (unsigned long long)r->start);
  else
    format(buf, sizeof buf, "%s %s bytes %llu-%llu", what, path, (unsigned long long)r->start,
           (unsigned long long)(r->end - 1));
  const size_t n = strlen(buf);
  char *copy = static_cast<char *>(internal_alloc(n + 1));
  memcpy(copy, buf, n + 1);
  const char *expected = nullptr;
  if (!__atomic_compare_exchange_n(const_cast<const char **>(&const_cast<RangeEntry *>(r)->name),
                                   &expected, copy, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    internal_free(copy, n + 1);
    return expected;
  }
  return copy;
}

void lock_file_locks_for_fork() {
  g_table_lock.lock();
  lock_file_lock_edges_for_fork();
  lock_file_events_for_fork();
}

void unlock_file_locks_after_fork(ThreadState *thr, bool in_child) {
  unlock_file_events_after_fork(in_child);
  unlock_file_lock_edges_after_fork(in_child);
  g_table_lock.unlock();
  if (!in_child || !thr) return;
  for (uint32_t i = thr->held_count; i-- > 0;) {
    if (i >= thr->held_count) continue;
    if (file_lock_is_process_owned(thr->held[i].address))
      held_lock_remove(thr, thr->held[i].address);
  }
}

const char *file_lock_path_of_inode(uint64_t inode) {
  const uint32_t count = __atomic_load_n(&g_file_count, __ATOMIC_ACQUIRE);
  for (uint32_t i = 0; i < count; i++)
    if (g_files[i].ino == inode && g_files[i].path[0]) return g_files[i].path;
  return nullptr;
}

bool file_lock_is_process_owned(uptr key) {
  const RangeEntry *r = range_of(key);
  return r && r->owner == FileLockOwner::kProcess;
}

bool file_lock_identity(uptr key, FileLockIdentity *out) {
  const RangeEntry *r = range_of(key);
  if (!r) return false;
  out->dev = g_files[r->file].dev;
  out->ino = g_files[r->file].ino;
  out->start = r->start;
  out->end = r->end;
  out->family = r->family;
  out->owner = r->owner;
  out->path = g_files[r->file].path;
  return true;
}

}  // namespace interlock
