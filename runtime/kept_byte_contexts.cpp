#include "runtime/kept_byte_contexts.h"

#include "runtime/fork.h"

namespace interlock {
namespace {

// Arrays live in one reserved region (touched only as they are kept), found through an
// open-addressed table of 32-bit entries: the array's offset in 32-byte units, with the top
// bit set for a byte array. No array starts at offset 0, so 0 is an empty entry.
constexpr uptr kKeptContextBytes = uptr(16) << 20;
constexpr unsigned kTableShift = 19;  // 512 Ki entries, 2 MiB: a quarter full at most
constexpr uptr kTableEntries = uptr(1) << kTableShift;
constexpr unsigned kProbeLimit = 16;
constexpr uint32_t kByteArrayTag = uint32_t(1) << 31;
static_assert((kKeptContextBytes >> 5) < kByteArrayTag, "offsets fit beside the tag");

uptr g_region;
uptr g_table;
SpinLock g_lock;
uptr g_cursor = 64;  // (under g_lock)

template <class Array>
uint64_t hash_of(const Array &contents, uint32_t tag) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ tag;
  for (uint64_t word : contents.context) {
    h = (h ^ word) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  return h;
}

template <class Array>
const Array *array_of(uptr region, uint32_t entry) {
  return reinterpret_cast<const Array *>(region + (uptr(entry & ~kByteArrayTag) << 5));
}

template <class Array>
const Array *find_or_keep(const Array &contents, uint32_t tag) {
  const uptr region = os_map_once(&g_region, kKeptContextBytes, "shared per-byte contexts");
  auto *table = reinterpret_cast<uint32_t *>(
      os_map_once(&g_table, kTableEntries * sizeof(uint32_t), "shared per-byte contexts' table"));
  const uptr first = hash_of(contents, tag) >> (64 - kTableShift);
  // (Compared as the same type, field by field: the arrays are at most 64 bytes.)
  auto equal = [&](const Array *kept) {
    for (unsigned i = 0; i < sizeof(contents.context) / sizeof(uint64_t); i++)
      if (kept->context[i] != contents.context[i]) return false;
    return true;
  };
  for (unsigned i = 0; i < kProbeLimit; i++) {
    const uint32_t entry =
        __atomic_load_n(&table[(first + i) & (kTableEntries - 1)], __ATOMIC_ACQUIRE);
    if (entry == 0) break;
    if ((entry & kByteArrayTag) == tag && equal(array_of<Array>(region, entry)))
      return array_of<Array>(region, entry);
  }
  SpinLockGuard guard(g_lock);
  for (unsigned i = 0; i < kProbeLimit; i++) {
    uint32_t *slot = &table[(first + i) & (kTableEntries - 1)];
    const uint32_t entry = __atomic_load_n(slot, __ATOMIC_RELAXED);
    if (entry != 0) {
      if ((entry & kByteArrayTag) == tag && equal(array_of<Array>(region, entry)))
        return array_of<Array>(region, entry);
      continue;
    }
    const uptr at = round_up(g_cursor, sizeof(Array));  // (aligned to its size: 64 or 32)
    if (at + sizeof(Array) > kKeptContextBytes) return nullptr;
    g_cursor = at + sizeof(Array);
    *reinterpret_cast<Array *>(region + at) = contents;
    __atomic_store_n(slot, uint32_t(at >> 5) | tag, __ATOMIC_RELEASE);
    return reinterpret_cast<const Array *>(region + at);
  }
  return nullptr;  // a crowded neighbourhood: the caller's own array
}

}  // namespace

const race::ByteContexts *kept_byte_contexts(const race::ByteContexts &contents) {
  return find_or_keep(contents, kByteArrayTag);
}

const race::PairContexts *kept_pair_contexts(const race::PairContexts &contents) {
  return find_or_keep(contents, 0);
}

bool is_kept_context_array(const void *array) {
  const uptr region = __atomic_load_n(&g_region, __ATOMIC_ACQUIRE);
  return region != 0 && reinterpret_cast<uptr>(array) - region < kKeptContextBytes;
}

void lock_kept_contexts_for_fork() { g_lock.lock(); }
void unlock_kept_contexts_after_fork() { g_lock.unlock(); }

}  // namespace interlock
