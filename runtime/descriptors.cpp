// The descriptor model (descriptors.h): lifetime locations and sync keys per descriptor number.
#include "runtime/descriptors.h"

#include "runtime/file_contents.h"
#include "runtime/platform.h"
#include "runtime/shadow.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

// ---- lifetime ----

// Slots per number: renewing clears the slot that was current kGenerations - 1 renewals ago,
// which no thread still touches unless it raced with that many closes of the number.
constexpr uint32_t kGenerations = 16;
constexpr uptr kSlotBytes = 8;  // one granule each
constexpr uptr kLifetimeBytes = uptr(kTrackedDescriptors) * kGenerations * kSlotBytes;

// The range whose shadow holds the lifetimes (never read or written itself: reserving it keeps
// the program from mapping anything there), and each number's current generation.
uptr g_lifetime_range;
uptr g_generations;

bool tracked(int fd) { return fd >= 0 && uint32_t(fd) < kTrackedDescriptors; }

uint32_t *generation_of(int fd) {
  const uptr table = os_map_once(&g_generations, sizeof(uint32_t) * kTrackedDescriptors,
                                 "descriptor generations");
  return reinterpret_cast<uint32_t *>(table) + fd;
}

uptr lifetime_slot(int fd, uint32_t generation) {
  const uptr range = os_map_once(&g_lifetime_range, kLifetimeBytes, "descriptor lifetimes");
  return range + (uptr(fd) * kGenerations + generation % kGenerations) * kSlotBytes;
}

// Who created each number's current descriptor, for reports (null context: unknown).
struct Origin {
  const ContextNode *context;
  Tid thread;
};
uptr g_origins;

Origin *origin_of(int fd) {
  const uptr table = os_map_once(&g_origins, sizeof(Origin) * kTrackedDescriptors,
                                 "descriptor origins");
  return reinterpret_cast<Origin *>(table) + fd;
}

void set_origin(int fd, Tid thread, const ContextNode *context) {
  Origin *origin = origin_of(fd);
  __atomic_store_n(&origin->thread, thread, __ATOMIC_RELAXED);
  __atomic_store_n(&origin->context, context, __ATOMIC_RELEASE);
}

// This thread's call at `site` made the number's current descriptor.
void note_origin(ThreadState *thr, int fd, const interlock_site *site) {
  ScopedInRuntime in_runtime(thr);
  set_origin(fd, thr->tid, access_context(thr, site));
}

uptr current_slot(int fd) {
  return lifetime_slot(fd, __atomic_load_n(generation_of(fd), __ATOMIC_ACQUIRE));
}

// Moves `fd` to a slot with no history. Inside the runtime: a signal handler interrupting the
// shadow's bookkeeping must not check accesses of its own.
void renew_lifetime(ThreadState *thr, int fd) {
  ScopedInRuntime in_runtime(thr);
  uint32_t *generation = generation_of(fd);
  const uint32_t next = __atomic_load_n(generation, __ATOMIC_RELAXED) + 1;
  shadow_reset(lifetime_slot(fd, next), kSlotBytes);
  __atomic_store_n(generation, next, __ATOMIC_RELEASE);
}

// ---- order ----

// A descriptor's own key comes from its number; a pipe's from a counter.
constexpr uptr kDescriptorKeys = uptr(0xfffe) << 48;
constexpr uptr kPipeKeys = uptr(0xfffd) << 48;
uint64_t g_pipes_created;

// The shared key each tracked number uses (0: its own key), reserved on first use.
uptr g_shared_keys;

uptr *shared_key_of(int fd) {
  const uptr table = os_map_once(&g_shared_keys, sizeof(uptr) * kTrackedDescriptors,
                                 "descriptor sync keys");
  return reinterpret_cast<uptr *>(table) + fd;
}

uptr own_key(int fd) { return kDescriptorKeys + uptr(uint32_t(fd)) * 8; }

// The number names no file, or a new one: it stops using a shared key (a pipe's other end may
// still need what was released to it) and its own object is forgotten.
void forget_sync(ThreadState *thr, int fd) {
  if (tracked(fd)) __atomic_store_n(shared_key_of(fd), uptr(0), __ATOMIC_RELAXED);
  ScopedInRuntime in_runtime(thr);
  sync_destroy(own_key(fd));
}

}  // namespace

void descriptor_used(ThreadState *thr, int fd, const interlock_site *site) {
  if (thr == nullptr || !tracked(fd)) return;
  check_range(thr, current_slot(fd), kSlotBytes, /*is_write=*/false, site);
}

void descriptor_created(ThreadState *thr, int fd, const interlock_site *site) {
  if (thr == nullptr || !tracked(fd)) return;
  // Whatever file the number named before (closed where no interceptor saw it) is gone.
  file_contents_forget(thr, fd);
  renew_lifetime(thr, fd);
  // Its previous life may have ended in a close no interceptor saw (fclose).
  forget_sync(thr, fd);
  note_origin(thr, fd, site);
  check_range(thr, current_slot(fd), kSlotBytes, /*is_write=*/true, site);
}

void descriptor_closing(ThreadState *thr, int fd, const interlock_site *site) {
  // A signal handler that interrupted the runtime takes none of its locks: the number's history
  // is forgotten when it is handed out again (descriptor_created).
  if (fd < 0 || handler_interrupted_runtime()) return;
  file_contents_forget(thr, fd);
  if (thr != nullptr && tracked(fd)) {
    check_range(thr, current_slot(fd), kSlotBytes, /*is_write=*/true, site);
    renew_lifetime(thr, fd);
    set_origin(fd, kInvalidTid, nullptr);
  }
  forget_sync(thr, fd);
}

void descriptor_replacing(ThreadState *thr, int fd, const interlock_site *site) {
  if (thr == nullptr || !tracked(fd)) return;
  file_contents_forget(thr, fd);
  check_range(thr, current_slot(fd), kSlotBytes, /*is_write=*/false, site);
  renew_lifetime(thr, fd);
  note_origin(thr, fd, site);
  check_range(thr, current_slot(fd), kSlotBytes, /*is_write=*/false, site);
  forget_sync(thr, fd);
}

bool describe_descriptor(uptr addr, int *fd, Tid *created_by, const ContextNode **created_at) {
  const uptr range = __atomic_load_n(&g_lifetime_range, __ATOMIC_ACQUIRE);
  if (range == 0 || addr < range || addr - range >= kLifetimeBytes) return false;
  *fd = int((addr - range) / (kGenerations * kSlotBytes));
  // The origin of the number's current descriptor: the race was found on its latest life, or
  // at the close that ended it (which clears the origin after the check that reports).
  const Origin *origin = origin_of(*fd);
  *created_at = __atomic_load_n(&origin->context, __ATOMIC_ACQUIRE);
  *created_by = __atomic_load_n(&origin->thread, __ATOMIC_RELAXED);
  return true;
}

uptr descriptor_sync_key(int fd) {
  if (!tracked(fd)) return own_key(fd);
  const uptr shared = __atomic_load_n(shared_key_of(fd), __ATOMIC_RELAXED);
  return shared != 0 ? shared : own_key(fd);
}

void descriptor_share_new_key(const int fds[2]) {
  const uptr key = kPipeKeys + __atomic_add_fetch(&g_pipes_created, 1, __ATOMIC_RELAXED) * 8;
  for (int i = 0; i < 2; i++) descriptor_set_sync_key(fds[i], key);
}

void descriptor_set_sync_key(int fd, uptr key) {
  if (tracked(fd)) __atomic_store_n(shared_key_of(fd), key, __ATOMIC_RELAXED);
}

bool descriptor_has_shared_key(int fd) {
  return tracked(fd) && __atomic_load_n(shared_key_of(fd), __ATOMIC_RELAXED) != 0;
}

void descriptor_copy_sync_key(int from, int to) {
  if (!tracked(to)) return;
  // A descriptor using its own key passes that key on: the copy reaches the same file.
  __atomic_store_n(shared_key_of(to), descriptor_sync_key(from), __ATOMIC_RELAXED);
}

}  // namespace interlock
