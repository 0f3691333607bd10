// Globals registered by instrumented modules, heap blocks, and the memory description in reports.
#include "runtime/memory_map.h"

#include "runtime/fork.h"

#include "runtime/deadlocks.h"
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
constexpr unsigned kHeapShards = 4096;
struct HeapShard {
  SpinLock lock;
  HeapBlock *head;
};
HeapShard g_heap[kHeapShards];

HeapShard &heap_shard(uptr addr) { return g_heap[(addr >> 4) * 0x9E3779B1u % kHeapShards]; }

}  // namespace

void register_globals(const interlock_global *globals, size_t count) {
  auto *t = internal_new_zeroed<GlobalTable>();
  t->globals = globals;
  t->count = count;
  SpinLockGuard guard(g_globals_lock);
  t->next = g_global_tables;
  g_global_tables = t;
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
  if (!p) return;
  uptr addr = reinterpret_cast<uptr>(p);
  // Memory handed out again must not remember its previous life.
  shadow_reset(addr, size ? size : 1);
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  auto *b = internal_new_zeroed<HeapBlock>();
  *b = {addr, size, thr->tid, access_context(thr, current_callsite()), nullptr};
  HeapShard &s = heap_shard(addr);
  SpinLockGuard guard(s.lock);
  b->next = s.head;
  s.head = b;
}

void heap_on_free(ThreadState *thr, void *p) {
  if (!p) return;
  uptr addr = reinterpret_cast<uptr>(p);
  // Freeing writes the block as far as the program can tell: the allocator may hand it to
  // another thread at once. An access by a thread the free is not ordered with (a use after
  // another thread's delete, a delete while a reader still runs) races with it. Checked while
  // the block is still in the table, so the report can describe it; only the first
  // kFreeCheckedBytes, as a free is not worth a full pass over a large block (a race on its
  // first line is what such bugs show). No lock is held here: the check may report.
  uptr size = 0;
  if (thr != nullptr && thr->in_runtime == 0 && thr->ignore_writes == 0) {
    HeapShard &s = heap_shard(addr);
    SpinLockGuard guard(s.lock);
    for (HeapBlock *b = s.head; b; b = b->next)
      if (b->address == addr) {
        size = b->size;
        break;
      }
  }
  if (size != 0)
    check_free(thr, addr, size < kFreeCheckedBytes ? size : kFreeCheckedBytes, current_callsite());
  HeapBlock *victim = nullptr;
  {
    HeapShard &s = heap_shard(addr);
    SpinLockGuard guard(s.lock);
    for (HeapBlock **b = &s.head; *b; b = &(*b)->next) {
      if ((*b)->address == addr) {
        victim = *b;
        *b = victim->next;
        break;
      }
    }
  }
  // The shadow is reset when the memory is handed out again (heap_on_alloc), not here.
  if (!victim) return;  // allocated before the runtime watched, or not by malloc
  ScopedInRuntime in_runtime(thr);
  lock_memory_freed(addr, victim->size);
  internal_free(victim, sizeof(HeapBlock));
}

bool find_heap_block(uptr addr, HeapBlock *out) {
  // Reports are rare: scanning every shard is cheaper than keeping an ordered index.
  for (HeapShard &s : g_heap) {
    SpinLockGuard guard(s.lock);
    for (HeapBlock *b = s.head; b; b = b->next) {
      if (addr >= b->address && addr < b->address + (b->size ? b->size : 1)) {
        *out = *b;
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
  interlock::register_globals(globals, count);
}
