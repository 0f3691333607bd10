// Globals registered by instrumented modules, heap blocks, and the memory description in reports.
#include "runtime/memory_map.h"

#include "runtime/fork.h"

#include "runtime/deadlocks.h"
#include "runtime/descriptors.h"
#include "runtime/file_contents.h"
#include "runtime/internal_alloc.h"
#include "runtime/shadow.h"

namespace interlock {
namespace {

// ---- globals: an append-only list of each module's table ----
struct GlobalTable {
  const interlock_global *globals;
  size_t count;
  GlobalTable *next;
};
GlobalTable *g_global_tables;
SpinLock g_globals_lock;

// ---- heap blocks: a sharded hash table keyed by block start ----
// Each shard is an open-addressing table (linear probing, backward-shift deletion, doubled at
// half full), so a malloc or a free costs O(1) however many blocks are live and in whatever
// order they are freed. Blocks are stored in the table itself: no allocation per block.
constexpr unsigned kHeapShards = 256;
constexpr uint32_t kHeapShardInitialSlots = 64;
struct HeapShard {
  SpinLock lock;
  uint32_t capacity;  // a power of two, or 0 before the first block
  uint32_t count;
  HeapBlock *slots;   // address 0 marks an empty slot
};
HeapShard g_heap[kHeapShards];

// Blocks of one 1 MiB window go to one shard and to neighbouring slots from a hashed start:
// an allocator hands out neighbouring addresses one after another, so the table's cache lines
// are reused instead of each malloc and free missing the cache.
constexpr unsigned kHeapWindowShift = 20;
uptr window_hash(uptr addr) { return (addr >> kHeapWindowShift) * 0x9E3779B97F4A7C15ull; }
HeapShard &heap_shard(uptr addr) { return g_heap[window_hash(addr) >> 56]; }
uint32_t home_slot(const HeapShard &s, uptr addr) {
  return uint32_t((addr >> 4) + (window_hash(addr) >> 32)) & (s.capacity - 1);
}

// The slot holding `addr` (shard lock held), or null.
HeapBlock *heap_lookup(HeapShard &s, uptr addr) {
  if (s.capacity == 0) return nullptr;
  for (uint32_t i = home_slot(s, addr);; i = (i + 1) & (s.capacity - 1)) {
    if (s.slots[i].address == addr) return &s.slots[i];
    if (s.slots[i].address == 0) return nullptr;
  }
}

void heap_place(HeapShard &s, const HeapBlock &b) {
  uint32_t i = home_slot(s, b.address);
  while (s.slots[i].address != 0 && s.slots[i].address != b.address) i = (i + 1) & (s.capacity - 1);
  if (s.slots[i].address == 0) s.count++;
  s.slots[i] = b;  // a block the runtime never saw freed is replaced
}

void heap_insert(HeapShard &s, const HeapBlock &b) {
  if ((s.count + 1) * 2 > s.capacity) {
    const uint32_t old_capacity = s.capacity;
    HeapBlock *old = s.slots;
    s.capacity = old_capacity ? old_capacity * 2 : kHeapShardInitialSlots;
    s.slots = internal_new_zeroed<HeapBlock>(s.capacity);
    s.count = 0;
    for (uint32_t i = 0; i < old_capacity; i++)
      if (old[i].address != 0) heap_place(s, old[i]);
    if (old) internal_free(old, old_capacity * sizeof(HeapBlock));
  }
  heap_place(s, b);
}

// Removes the block in `slot` (shard lock held), shifting later members of its probe run back
// so that lookups never meet a hole before their key.
void heap_remove(HeapShard &s, HeapBlock *slot) {
  const uint32_t mask = s.capacity - 1;
  uint32_t hole = uint32_t(slot - s.slots);
  for (uint32_t i = (hole + 1) & mask; s.slots[i].address != 0; i = (i + 1) & mask) {
    const uint32_t home = home_slot(s, s.slots[i].address);
    // Move it into the hole if its home is not in (hole, i], cyclically.
    if (((i - home) & mask) >= ((i - hole) & mask)) {
      s.slots[hole] = s.slots[i];
      hole = i;
    }
  }
  s.slots[hole] = HeapBlock{};
  s.count--;
}

}  // namespace

void register_globals(const interlock_global *globals, size_t count) {
  auto *t = internal_new_zeroed<GlobalTable>();
  t->globals = globals;
  t->count = count;
  SpinLockGuard guard(g_globals_lock);
  t->next = g_global_tables;
  g_global_tables = t;
}

void unregister_globals_in(uptr begin, uptr end) {
  SpinLockGuard guard(g_globals_lock);
  for (GlobalTable **link = &g_global_tables; *link;) {
    GlobalTable *t = *link;
    const uptr table = reinterpret_cast<uptr>(t->globals);
    if (table >= begin && table < end) {
      *link = t->next;
      internal_free(t, sizeof *t);
    } else {
      link = &t->next;
    }
  }
}

const interlock_global *find_global(uptr addr) {
  SpinLockGuard guard(g_globals_lock);
  for (GlobalTable *t = g_global_tables; t; t = t->next)
    for (size_t i = 0; i < t->count; i++) {
      uptr begin = reinterpret_cast<uptr>(t->globals[i].address);
      uint64_t size = t->globals[i].size ? t->globals[i].size : 1;
      if (addr >= begin && addr < begin + size) return &t->globals[i];
    }
  return nullptr;
}

void heap_on_alloc(ThreadState *thr, void *p, size_t size) {
  // A signal handler that interrupted the runtime takes none of its locks: its block keeps the
  // shadow of the memory's previous life and is not recorded.
  if (!p || handler_interrupted_runtime()) return;
  uptr addr = reinterpret_cast<uptr>(p);
  // Inside the runtime from here: resetting the shadow may free a cell's per-byte contexts.
  ScopedInRuntime in_runtime(thr);
  // (Before the reset touches the shadow: a 2 MiB piece with a small page in it gets no huge one.)
  shadow_prefer_huge_pages(addr, size);
  // Memory handed out again must not remember its previous life.
  shadow_reset(addr, size ? size : 1);
  if (!thr) return;
  const HeapBlock block = {addr, size, thr->tid, access_context(thr, current_callsite())};
  HeapShard &s = heap_shard(addr);
  SpinLockGuard guard(s.lock);
  heap_insert(s, block);
}

namespace {
// Memory that is gone (freed, unmapped): the locks and sync objects that lived in it go with it.
void forget_objects_in(ThreadState *thr, uptr addr, size_t size) {
  ScopedInRuntime in_runtime(thr);
  lock_memory_freed(addr, size);
  sync_forget_range(addr, size);
}
}  // namespace

void heap_on_free(ThreadState *thr, void *p, bool unmapped_by_free) {
  // A signal handler that interrupted the runtime takes none of its locks: its free is not
  // checked and its block stays in the table until its address is handed out again.
  if (!p || handler_interrupted_runtime()) return;
  uptr addr = reinterpret_cast<uptr>(p);
  // Freeing writes the block as far as the program can tell: the allocator may hand it to
  // another thread at once. An access by a thread the free is not ordered with (a use after
  // another thread's delete, a delete while a reader still runs) races with it. Checked while
  // the block is still in the table, so the report can describe it; only the first
  // kFreeCheckedBytes, as a free is not worth a full pass over a large block (a race on its
  // first line is what such bugs show). No lock is held here: the check may report.
  uptr size = 0;
  if (thr != nullptr && thr->in_runtime == 0 && thr->ignore_writes == 0) {
    ScopedInRuntime in_runtime(thr);
    HeapShard &s = heap_shard(addr);
    SpinLockGuard guard(s.lock);
    if (const HeapBlock *b = heap_lookup(s, addr)) size = b->size;
  }
  if (size != 0)
    check_free(thr, addr, size < kFreeCheckedBytes ? size : kFreeCheckedBytes, current_callsite());
  bool found = false;
  {
    ScopedInRuntime in_runtime(thr);
    HeapShard &s = heap_shard(addr);
    SpinLockGuard guard(s.lock);
    if (HeapBlock *b = heap_lookup(s, addr)) {
      found = true;
      size = b->size;
      heap_remove(s, b);
    }
  }
  // The shadow is reset when the memory is handed out again (heap_on_alloc), not here, unless
  // the memory goes back to the kernel now: then beyond the bytes the free was checked on (a
  // thread touching them from now on would fault natively, once the allocator unmaps them).
  if (!found) return;  // allocated before the runtime watched, or not by malloc
  forget_objects_in(thr, addr, size);
  if (unmapped_by_free && size > kFreeCheckedBytes) {
    ScopedInRuntime in_runtime(thr);
    shadow_reset(addr + kFreeCheckedBytes, size - kFreeCheckedBytes);
  }
}

void mapping_forget(ThreadState *thr, void *p, size_t size) {
  // A signal handler that interrupted the runtime takes none of its locks (see heap_on_alloc).
  if (!p || size == 0 || handler_interrupted_runtime()) return;
  const uptr addr = reinterpret_cast<uptr>(p);
  {
    ScopedInRuntime in_runtime(thr);
    shadow_reset(addr, size);
  }
  if (thr) forget_objects_in(thr, addr, size);
}

bool find_heap_block(uptr addr, HeapBlock *out) {
  // Reports are rare: scanning every shard is cheaper than keeping an ordered index.
  for (HeapShard &s : g_heap) {
    SpinLockGuard guard(s.lock);
    for (uint32_t i = 0; i < s.capacity; i++) {
      const HeapBlock &b = s.slots[i];
      if (b.address != 0 && addr >= b.address && addr < b.address + (b.size ? b.size : 1)) {
        *out = b;
        return true;
      }
    }
  }
  return false;
}

void describe_memory(uptr addr, report::MemoryInfo *out, const ContextNode **allocation) {
  *out = report::MemoryInfo{};
  *allocation = nullptr;
  out->address = addr;
  if (int fd; describe_descriptor(addr, &fd, &out->allocated_by, allocation)) {
    out->kind = report::MemoryKind::kDescriptor;
    out->descriptor = uint32_t(fd);
    return;
  }
  if (FileContentsPlace file; describe_file_contents(addr, &file)) {
    out->kind = report::MemoryKind::kFile;
    out->name = file.path;
    out->device = file.device;
    out->inode = file.inode;
    out->offset = file.offset;
    return;
  }
  if (const interlock_global *g = find_global(addr)) {
    out->kind = report::MemoryKind::kGlobal;
    out->name = g->name;
    out->declared_file = g->file;
    out->declared_line = g->line;
    out->size = g->size;
    out->offset = addr - reinterpret_cast<uptr>(g->address);
    return;
  }
  HeapBlock block;
  if (find_heap_block(addr, &block)) {
    out->kind = report::MemoryKind::kHeap;
    out->size = block.size;
    out->offset = addr - block.address;
    out->allocated_by = block.allocated_by;
    *allocation = block.allocation;
    return;
  }
  for (Tid t = 0; t < thread_count(); t++) {
    ThreadRecord *rec = thread_record(t);
    if (rec && addr >= rec->stack_begin && addr < rec->stack_end &&
        rec->status != ThreadStatus::kJoined) {
      out->kind = report::MemoryKind::kStack;
      out->stack_of_thread = t;
      return;
    }
  }
  out->kind = report::MemoryKind::kUnknown;
}

void lock_memory_map_for_fork() {
  g_globals_lock.lock();
  for (HeapShard &shard : g_heap) shard.lock.lock();
}
void unlock_memory_map_after_fork() {
  for (HeapShard &shard : g_heap) shard.lock.unlock();
  g_globals_lock.unlock();
}

}  // namespace interlock

extern "C" void __interlock_register_globals(const interlock_global *globals, size_t count) {
  // A module's constructor (a dlopen) may run while signals arrive: see __interlock_init.
  interlock::ScopedInRuntime in_runtime(interlock::tls_thread);
  interlock::register_globals(globals, count);
}
