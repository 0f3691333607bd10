// The file-contents model (file_contents.h): a window of pseudo memory per open regular file,
// whose shadow holds the history of the file's bytes.
#include "runtime/file_contents.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/access.h"
#include "runtime/atomicity.h"
#include "runtime/descriptors.h"
#include "runtime/file_events.h"
#include "runtime/flags.h"
#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/internal_libc.h"
#include "runtime/platform.h"
#include "runtime/shadow.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

constexpr unsigned kPathBytes = 256;

// A file's identity as statx gives it. The birth time tells a new file from a deleted one whose
// inode number it got, where the file system records it (has_birth).
struct FileIdentity {
  uint32_t dev_major = 0, dev_minor = 0;
  uint64_t ino = 0;
  int64_t birth_sec = 0;
  uint32_t birth_nsec = 0;
  bool has_birth = false;
  bool regular = false;
};

bool same_file(const FileIdentity &a, const FileIdentity &b) {
  if (a.dev_major != b.dev_major || a.dev_minor != b.dev_minor || a.ino != b.ino) return false;
  return !(a.has_birth && b.has_birth) ||
         (a.birth_sec == b.birth_sec && a.birth_nsec == b.birth_nsec);
}

// A raw statx of the descriptor (no libc call; errno as it was).
bool identify(int fd, FileIdentity *out) {
  struct statx st;
  const long r = raw_syscall6(SYS_statx, fd, reinterpret_cast<long>(""), AT_EMPTY_PATH,
                              STATX_TYPE | STATX_INO | STATX_BTIME, reinterpret_cast<long>(&st), 0);
  if (r != 0) return false;
  out->dev_major = st.stx_dev_major;
  out->dev_minor = st.stx_dev_minor;
  out->ino = st.stx_ino;
  out->has_birth = (st.stx_mask & STATX_BTIME) != 0;
  out->birth_sec = st.stx_btime.tv_sec;
  out->birth_nsec = st.stx_btime.tv_nsec;
  out->regular = S_ISREG(st.stx_mode);
  return true;
}

// A read not checked yet: what record_earlier_read() needs.
struct LoggedRead {
  uint64_t epoch, context, offset, size;
};
// A file read in small pieces is checked as it comes after this many reads (128 KiB of log).
constexpr uint32_t kMaxLoggedReads = 4096;

struct ContentSlot {
  FileIdentity file;         // written under the lock while the slot is free
  uint32_t generation;       // bumped (atomically) when the slot is freed
  uint32_t descriptors;      // descriptors of the file this process has open (lock)
  uint64_t extent;           // end of the furthest bytes checked (atomic max)
  bool used;                 // (lock)
  // Reads are checked as they come once a thread of this process wrote the file or the log of
  // reads is full; until then they are logged (see log_read()). Written under log_lock, which
  // orders a read's logging and the first write's replay of the log. The slot's own lock, not
  // the slots' lock: every read of a file until its first write goes through it, and threads
  // reading different files need not wait for each other. (Taken after the slots' lock.)
  SpinLock log_lock;
  bool reads_checked;
  uint32_t logged_reads, log_capacity;  // (log_lock)
  LoggedRead *log;                      // (log_lock) arena memory, or null
  char path[kPathBytes];     // at the slot's first open
};

SpinLock g_slots_lock;
ContentSlot g_slots[kContentSlots];

// The windows' range (never read or written itself: reserving it keeps the program from mapping
// anything there) and the entry of each descriptor number.
uptr g_windows;
uptr g_entries;

uptr window_of(uint32_t slot) {
  const uptr base = os_map_once(&g_windows, uptr(kContentSlots) * kWindowBytes,
                                "file-contents windows");
  return base + uptr(slot) * kWindowBytes;
}

// A descriptor's entry: 0 (not modelled), or its slot + 1, the append flag and the slot's
// generation when the descriptor was given it.
constexpr uint64_t kSlotMask = 0xffff;
constexpr uint64_t kAppendBit = uint64_t(1) << 16;
uint64_t make_entry(uint32_t slot, bool append, uint32_t generation) {
  return (uint64_t(slot) + 1) | (append ? kAppendBit : 0) | (uint64_t(generation) << 32);
}
uint32_t slot_of(uint64_t entry) { return uint32_t(entry & kSlotMask) - 1; }
uint32_t generation_of(uint64_t entry) { return uint32_t(entry >> 32); }

bool tracked(int fd) { return fd >= 0 && uint32_t(fd) < kTrackedDescriptors; }

uint64_t *entry_of(int fd) {
  const uptr table = os_map_once(&g_entries, sizeof(uint64_t) * kTrackedDescriptors,
                                 "file-contents descriptors");
  return reinterpret_cast<uint64_t *>(table) + fd;
}

uint64_t load_entry(int fd) {
  if (!tracked(fd) || __atomic_load_n(&g_entries, __ATOMIC_ACQUIRE) == 0) return 0;
  return __atomic_load_n(entry_of(fd), __ATOMIC_ACQUIRE);
}

// Whether the bookkeeping may run: not inside the runtime (a signal handler that interrupted it,
// which may hold the slots' lock). A thread the runtime does not watch still keeps the counts.
bool may_keep_books(ThreadState *thr) { return thr == nullptr || thr->in_runtime == 0; }

void forget_logged_reads(ContentSlot &s) {
  if (s.log != nullptr) internal_free(s.log, sizeof(LoggedRead) * s.log_capacity);
  s.log = nullptr;
  s.logged_reads = s.log_capacity = 0;
}

// The slot's file is closed for good in this process: its history goes, and the slot is free.
// Lock held.
void free_slot(uint32_t slot) {
  ContentSlot &s = g_slots[slot];
  {
    SpinLockGuard log_guard(s.log_lock);
    forget_logged_reads(s);
    __atomic_store_n(&s.reads_checked, false, __ATOMIC_RELEASE);
  }
  const uint64_t extent = __atomic_load_n(&s.extent, __ATOMIC_RELAXED);
  if (extent != 0)
    shadow_reset(window_of(slot), extent < kWindowBytes ? extent : kWindowBytes);
  __atomic_store_n(&s.extent, uint64_t(0), __ATOMIC_RELAXED);
  s.used = false;
  __atomic_add_fetch(&s.generation, 1, __ATOMIC_RELEASE);
}

// One descriptor of the slot's file less. Lock held.
void drop_descriptor(uint64_t entry) {
  const uint32_t slot = slot_of(entry);
  ContentSlot &s = g_slots[slot];
  if (!s.used || __atomic_load_n(&s.generation, __ATOMIC_RELAXED) != generation_of(entry)) return;
  if (--s.descriptors == 0) free_slot(slot);
}

void path_of(int fd, char *path) {
  char link[64];
  format(link, sizeof link, "/proc/self/fd/%d", fd);
  long n = os_syscall(SYS_readlinkat, AT_FDCWD, link, path, kPathBytes - 1);
  if (n < 0) n = 0;
  path[n] = '\0';
}

// The slot of `file`, taken for it when no slot has it; kContentSlots when all are taken. Lock
// held.
uint32_t slot_for(const FileIdentity &file, int fd) {
  uint32_t free = kContentSlots;
  for (uint32_t i = 0; i < kContentSlots; i++) {
    if (g_slots[i].used && same_file(g_slots[i].file, file)) return i;
    if (!g_slots[i].used && free == kContentSlots) free = i;
  }
  if (free == kContentSlots) return free;
  ContentSlot &s = g_slots[free];
  s.file = file;
  s.descriptors = 0;
  s.used = true;
  path_of(fd, s.path);
  // A new generation for the new file: nothing the old one's descriptors kept applies to it.
  __atomic_add_fetch(&s.generation, 1, __ATOMIC_RELEASE);
  return free;
}

// The slot a transfer's bytes go to: the descriptor's, if it still names that file (a close or
// open no interceptor saw, fclose's, may have given the number to another file).
bool current_slot(int fd, uint64_t entry, uint32_t *slot) {
  *slot = slot_of(entry);
  const ContentSlot &s = g_slots[*slot];
  if (__atomic_load_n(&s.generation, __ATOMIC_ACQUIRE) != generation_of(entry)) return false;
  FileIdentity now;
  if (!identify(fd, &now)) return false;
  return same_file(s.file, now);
}

void note_extent(uint32_t slot, uint64_t end) {
  uint64_t *extent = &g_slots[slot].extent;
  uint64_t seen = __atomic_load_n(extent, __ATOMIC_RELAXED);
  while (seen < end &&
         !__atomic_compare_exchange_n(extent, &seen, end, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
}

// The bytes checked from the start of each file (the file_contents_bytes option, at most the
// window), and whether transfers are checked now: not while the process has never had a second
// thread, whose transfers are all ordered before any other thread's (pthread_create), so that a
// single-threaded program streaming large files pays for nothing but the bookkeeping of opens.
uint64_t checked_bytes() {
  const int option = flags().file_contents_bytes;
  if (option <= 0) return 0;
  return uint64_t(option) < kWindowBytes ? uint64_t(option) : kWindowBytes;
}
bool checking_transfers() { return checked_bytes() != 0 && thread_count() >= 2; }
// Whether transfers are looked at: checked here, or recorded for the join between processes
// (file_events.h), which a single-threaded process needs as much as any.
bool looking_at_transfers() {
  return checking_transfers() || (checked_bytes() != 0 && file_events_recording());
}

// The kernel's encoding of a device number, as st_dev holds it.
uint64_t encoded_device(const FileIdentity &file) {
  const uint64_t major = file.dev_major, minor = file.dev_minor;
  return ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) |
         (minor & 0xff);
}

// Input files (file_contents.h): reads logged until the first write. The slot's log lock orders
// the two: a read is either logged before the write replays the log, or checked after it.

// Records the slot's logged reads in the shadow; reads are checked as they come from now on.
// Log lock held, inside the runtime.
void check_reads_from_now_on(ThreadState *thr, uint32_t slot) {
  ContentSlot &s = g_slots[slot];
  for (uint32_t i = 0; i < s.logged_reads; i++)
    record_earlier_read(thr, window_of(slot) + s.log[i].offset, s.log[i].size, s.log[i].epoch,
                        s.log[i].context);
  forget_logged_reads(s);
  __atomic_store_n(&s.reads_checked, true, __ATOMIC_RELEASE);
}

// The write of a transfer is about to be checked: the reads logged before it go to the shadow.
void before_checking_write(ThreadState *thr, uint32_t slot) {
  if (__atomic_load_n(&g_slots[slot].reads_checked, __ATOMIC_ACQUIRE)) return;
  ScopedInRuntime in_runtime(thr);
  SpinLockGuard guard(g_slots[slot].log_lock);
  if (!g_slots[slot].reads_checked) check_reads_from_now_on(thr, slot);
}

// Logs a read of [offset, offset + size) instead of checking it, while no thread wrote the
// file; true when logged.
bool log_read(ThreadState *thr, uint32_t slot, uint64_t offset, uint64_t size,
              const interlock_site *site) {
  if (__atomic_load_n(&g_slots[slot].reads_checked, __ATOMIC_ACQUIRE) || thr->in_runtime ||
      thr->ignore_reads || atomicity_watches(thr, thr->fast_epoch))
    return false;
  ScopedInRuntime in_runtime(thr);
  const uint64_t context = access_context_word(thr, site);
  ContentSlot &s = g_slots[slot];
  SpinLockGuard guard(s.log_lock);
  if (s.reads_checked) return false;
  if (s.logged_reads == kMaxLoggedReads) {
    check_reads_from_now_on(thr, slot);
    return false;
  }
  internal_append(s.log, s.logged_reads, s.log_capacity,
                  LoggedRead{thr->fast_epoch, context, offset, size}, uint32_t(16));
  thr->recorded_clock = race::record_clock(thr->fast_epoch);  // (a record, made later)
  return true;
}

// The bytes [offset, offset + size) of the file `fd` names were read or written by the caller.
// `call` names the transfer ("pwrite") for the cross-process record.
void check_bytes(ThreadState *thr, int fd, uint64_t entry, uint64_t offset, uint64_t size,
                 bool is_write, const char *call, const interlock_site *site) {
  const uint64_t limit = checked_bytes();
  uint32_t slot;
  if (offset >= limit || !current_slot(fd, entry, &slot)) return;
  if (size > limit - offset) size = limit - offset;
  if (checking_transfers()) {
    note_extent(slot, offset + size);
    if (is_write) before_checking_write(thr, slot);
    if (is_write || !log_read(thr, slot, offset, size, site))
      check_range(thr, window_of(slot) + offset, size, is_write, site);
  }
  if (file_events_recording()) {
    const ContentSlot &s = g_slots[slot];
    FileEventBytes bytes;
    bytes.device = encoded_device(s.file);
    bytes.inode = s.file.ino;
    bytes.offset = offset;
    bytes.size = size;
    bytes.is_write = is_write;
    bytes.call = call;
    char path[kPathBytes];
    memcpy(path, s.path, kPathBytes);
    path[kPathBytes - 1] = '\0';
    bytes.path = path;
    file_event_access(thr, bytes, site);
  }
}

int64_t position_of(int fd) {
  const long r = raw_syscall6(SYS_lseek, fd, 0, SEEK_CUR, 0, 0, 0);
  return r < 0 ? -1 : r;
}

}  // namespace

void file_contents_opened(ThreadState *thr, int fd, int flags) {
  if (thr == nullptr || !may_keep_books(thr) || !tracked(fd) || (flags & O_PATH) != 0 ||
      checked_bytes() == 0)
    return;
  const int saved_errno = errno;
  FileIdentity file;
  if (identify(fd, &file) && file.regular) {
    ScopedInRuntime in_runtime(thr);
    SpinLockGuard guard(g_slots_lock);
    const uint32_t slot = slot_for(file, fd);
    if (slot != kContentSlots) {
      g_slots[slot].descriptors++;
      const uint32_t generation = __atomic_load_n(&g_slots[slot].generation, __ATOMIC_RELAXED);
      __atomic_store_n(entry_of(fd), make_entry(slot, (flags & O_APPEND) != 0, generation),
                       __ATOMIC_RELEASE);
    }
  }
  errno = saved_errno;
}

void file_contents_copied(ThreadState *thr, int original, int copy) {
  if (thr == nullptr || !may_keep_books(thr) || !tracked(copy)) return;
  const uint64_t entry = load_entry(original);
  if (entry == 0) return;
  ScopedInRuntime in_runtime(thr);
  SpinLockGuard guard(g_slots_lock);
  ContentSlot &s = g_slots[slot_of(entry)];
  if (!s.used || __atomic_load_n(&s.generation, __ATOMIC_RELAXED) != generation_of(entry)) return;
  s.descriptors++;
  __atomic_store_n(entry_of(copy), entry, __ATOMIC_RELEASE);
}

void file_contents_forget(ThreadState *thr, int fd) {
  if (!may_keep_books(thr) || load_entry(fd) == 0) return;
  const uint64_t entry = __atomic_exchange_n(entry_of(fd), uint64_t(0), __ATOMIC_ACQ_REL);
  if (entry == 0) return;
  if (thr != nullptr) {
    ScopedInRuntime in_runtime(thr);
    SpinLockGuard guard(g_slots_lock);
    drop_descriptor(entry);
  } else {
    SpinLockGuard guard(g_slots_lock);
    drop_descriptor(entry);
  }
}

void file_contents_flags_set(int fd, int flags) {
  const uint64_t entry = load_entry(fd);
  if (entry == 0) return;
  const uint64_t changed = (flags & O_APPEND) ? (entry | kAppendBit) : (entry & ~kAppendBit);
  uint64_t expected = entry;
  __atomic_compare_exchange_n(entry_of(fd), &expected, changed, false, __ATOMIC_ACQ_REL,
                              __ATOMIC_RELAXED);
}

int64_t file_contents_position(int fd, bool is_write) {
  const uint64_t entry = load_entry(fd);
  if (entry == 0 || (is_write && (entry & kAppendBit)) || !looking_at_transfers()) return -1;
  return position_of(fd);
}

void file_contents_moved(ThreadState *thr, int fd, int64_t position_before, long result,
                         bool is_write, const char *call, const interlock_site *site) {
  if (thr == nullptr || position_before < 0 || result <= 0) return;
  const uint64_t entry = load_entry(fd);
  if (entry == 0) return;
  const int saved_errno = errno;
  // The call moved the position by exactly its count only when no other transfer through the
  // description moved it meanwhile: then its bytes were [before, after).
  if (position_of(fd) == position_before + result)
    check_bytes(thr, fd, entry, uint64_t(position_before), uint64_t(result), is_write, call,
                site);
  errno = saved_errno;
}

void file_contents_moved_at(ThreadState *thr, int fd, int64_t offset, long result, bool is_write,
                            const char *call, const interlock_site *site) {
  if (thr == nullptr || offset < 0 || result <= 0) return;
  const uint64_t entry = load_entry(fd);
  // Linux appends a pwrite through an O_APPEND descriptor, whatever its offset.
  if (entry == 0 || (is_write && (entry & kAppendBit)) || !looking_at_transfers()) return;
  const int saved_errno = errno;
  check_bytes(thr, fd, entry, uint64_t(offset), uint64_t(result), is_write, call, site);
  errno = saved_errno;
}

bool describe_file_contents(uptr addr, FileContentsPlace *out) {
  const uptr base = __atomic_load_n(&g_windows, __ATOMIC_ACQUIRE);
  if (base == 0 || addr < base || addr - base >= uptr(kContentSlots) * kWindowBytes) return false;
  const ContentSlot &s = g_slots[(addr - base) / kWindowBytes];
  *out = FileContentsPlace{};
  out->offset = (addr - base) % kWindowBytes;
  // Without the slots' lock (a report may be made under locks fork takes after it): the slot
  // is read between two loads of its generation, and its path kept only if no close freed it
  // meanwhile.
  const uint32_t generation = __atomic_load_n(&s.generation, __ATOMIC_ACQUIRE);
  out->inode = s.file.ino;
  out->device = encoded_device(s.file);
  char path[kPathBytes];
  memcpy(path, s.path, kPathBytes);
  path[kPathBytes - 1] = '\0';
  if (__atomic_load_n(&s.generation, __ATOMIC_ACQUIRE) != generation || path[0] == '\0')
    return true;
  const size_t n = strlen(path);
  char *copy = static_cast<char *>(internal_alloc(n + 1));  // kept: reports outlive the slot
  memcpy(copy, path, n + 1);
  out->path = copy;
  return true;
}

void lock_file_contents_for_fork() {
  g_slots_lock.lock();
  for (ContentSlot &s : g_slots) s.log_lock.lock();
}
void unlock_file_contents_after_fork() {
  for (ContentSlot &s : g_slots) s.log_lock.unlock();
  g_slots_lock.unlock();
}

}  // namespace interlock
