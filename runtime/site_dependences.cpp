// The registered site tables: each table a module registers is copied once into runtime memory,
// its pairs sorted for binary search, and put at the head of one list that readers walk without
// a lock.
//
// A module's table holds, for each site, its 32-bit offset from the table's own start (no
// pointer, so the linker resolves it and the loader relocates nothing: a compressor's pairs
// once took 37 MB of relocations in its executable and 72 MiB of hash table here). A copy keeps
// each pair as one 64-bit key, the dependent's offset above the source's, both biased to
// unsigned so that keys sort as the offsets do, and the table's distinct sources apart.
// A table is complete and immutable when it is published (release); a writer (under g_lock)
// only ever adds one at the head. Sites of different modules are different addresses, so a
// query only asks the tables whose range holds its sites.
#include "runtime/site_dependences.h"

#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/platform.h"

namespace interlock {
namespace {

// What a table's pairs say (the entry point it came through).
enum TableKind : uint32_t {
  kBothKinds,    // __interlock_register_dependences: value and control
  kValueOnly,    // __interlock_register_value_dependences
  kControlOnly,  // __interlock_register_control_dependences
  kAddress,      // __interlock_register_address_dependences
  kOverwrite,    // __interlock_register_overwrites: only the reads (sources) are kept
};
constexpr uint32_t bit(TableKind kind) { return 1u << kind; }
constexpr uint32_t kDependenceKinds = bit(kBothKinds) | bit(kValueOnly) | bit(kControlOnly);

struct SiteTable {
  const SiteTable *next;  // the table registered before it
  TableKind kind;
  uptr base;              // the module table's address: a site is base + its offset
  uptr lowest, highest;   // the sites it names
  size_t pair_count;      // distinct pairs, 0 for overwrites
  const u64 *pairs;       // sorted keys (pair_key)
  size_t source_count;    // distinct sources
  const u32 *sources;     // sorted biased offsets
};

const SiteTable *g_tables;  // the newest table, published with release
SpinLock g_lock;            // serializes writers
size_t g_pairs;             // distinct pairs of the dependence and address tables (g_lock)

constexpr u32 biased(int32_t offset) { return u32(offset) ^ 0x80000000u; }
constexpr u64 pair_key(u32 dependent, u32 source) { return u64(dependent) << 32 | source; }

// The biased offset of `site` in `table`, or false when the table cannot name it.
bool offset_in(const SiteTable &table, uptr site, u32 *out) {
  if (site < table.lowest || site > table.highest) return false;
  *out = biased(int32_t(site - table.base));  // within the range: fits (it was registered so)
  return true;
}

template <class T>
bool sorted_contains(const T *keys, size_t count, T wanted) {
  size_t low = 0, high = count;
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    if (keys[middle] < wanted)
      low = middle + 1;
    else
      high = middle;
  }
  return low < count && keys[low] == wanted;
}

// Heapsort: no recursion, no memory, O(n log n) whatever the order the plugin found the pairs in.
template <class T>
void sort_keys(T *keys, size_t count) {
  auto sift_down = [keys](size_t root, size_t end) {
    for (;;) {
      size_t child = 2 * root + 1;
      if (child >= end) return;
      if (child + 1 < end && keys[child] < keys[child + 1]) child++;
      if (!(keys[root] < keys[child])) return;
      const T swapped = keys[root];
      keys[root] = keys[child];
      keys[child] = swapped;
      root = child;
    }
  };
  for (size_t start = count / 2; start-- > 0;) sift_down(start, count);
  for (size_t end = count; end > 1; end--) {
    const T top = keys[0];
    keys[0] = keys[end - 1];
    keys[end - 1] = top;
    sift_down(0, end - 1);
  }
}

// Sorts and drops repeats; returns the distinct count.
template <class T>
size_t sort_distinct(T *keys, size_t count) {
  sort_keys(keys, count);
  size_t kept = 0;
  for (size_t i = 0; i < count; i++)
    if (kept == 0 || keys[kept - 1] != keys[i]) keys[kept++] = keys[i];
  return kept;
}

// A right-sized copy of the first `count` keys of an array of `capacity`, which is freed.
template <class T>
const T *shrink(T *keys, size_t count, size_t capacity) {
  T *kept = count ? internal_new_zeroed<T>(count) : nullptr;
  for (size_t i = 0; i < count; i++) kept[i] = keys[i];
  internal_free(keys, capacity * sizeof(T));
  return kept;
}

// Copies a module's table of `count` pairs (2 * count offsets from `offsets`) and publishes it.
// A pair with an offset of 0 (no site: the table itself is there) is ignored.
void register_table(const int32_t *offsets, size_t count, TableKind kind) {
  if (offsets == nullptr || count == 0) return;
  const uptr base = reinterpret_cast<uptr>(offsets);
  SpinLockGuard guard(g_lock);
  for (const SiteTable *table = g_tables; table; table = table->next)
    if (table->base == base && table->kind == kind) return;  // registered already
  u64 *pairs = internal_new_zeroed<u64>(count);
  u32 *sources = internal_new_zeroed<u32>(count);
  size_t used = 0;
  uptr lowest = ~uptr(0), highest = 0;
  for (size_t i = 0; i < count; i++) {
    const int32_t dependent = offsets[2 * i], source = offsets[2 * i + 1];
    if (dependent == 0 || source == 0) continue;
    pairs[used] = pair_key(biased(dependent), biased(source));
    sources[used] = biased(source);
    used++;
    const uptr first = base + uptr(intptr_t(dependent)), second = base + uptr(intptr_t(source));
    if (first < lowest) lowest = first;
    if (second < lowest) lowest = second;
    if (first > highest) highest = first;
    if (second > highest) highest = second;
  }
  auto *table = internal_new_zeroed<SiteTable>();
  table->kind = kind;
  table->base = base;
  table->lowest = lowest;
  table->highest = highest;
  const size_t pair_count = kind == kOverwrite ? 0 : sort_distinct(pairs, used);
  table->pair_count = pair_count;
  table->pairs = shrink(pairs, pair_count, count);
  table->source_count = sort_distinct(sources, used);
  table->sources = shrink(sources, table->source_count, count);
  if (kind != kOverwrite) g_pairs += pair_count;
  table->next = g_tables;
  __atomic_store_n(&g_tables, table, __ATOMIC_RELEASE);
}

// Whether a table of one of `kinds` holds the pair (dependent, source).
bool pair_known(uint32_t kinds, const interlock_site *dependent, const interlock_site *source) {
  if (dependent == nullptr || source == nullptr) return false;
  const uptr d = reinterpret_cast<uptr>(dependent), s = reinterpret_cast<uptr>(source);
  for (const SiteTable *table = __atomic_load_n(&g_tables, __ATOMIC_ACQUIRE); table;
       table = table->next) {
    u32 d_offset, s_offset;
    if ((kinds & bit(table->kind)) && offset_in(*table, d, &d_offset) &&
        offset_in(*table, s, &s_offset) &&
        sorted_contains(table->pairs, table->pair_count, pair_key(d_offset, s_offset)))
      return true;
  }
  return false;
}

// Whether a table of one of `kinds` has `source` among its sources.
bool source_known(uint32_t kinds, const interlock_site *source) {
  if (source == nullptr) return false;
  const uptr s = reinterpret_cast<uptr>(source);
  for (const SiteTable *table = __atomic_load_n(&g_tables, __ATOMIC_ACQUIRE); table;
       table = table->next) {
    u32 offset;
    if ((kinds & bit(table->kind)) && offset_in(*table, s, &offset) &&
        sorted_contains(table->sources, table->source_count, offset))
      return true;
  }
  return false;
}

}  // namespace

void register_site_dependences(const int32_t *pairs, size_t count) {
  register_table(pairs, count, kBothKinds);
}

void register_value_dependences(const int32_t *pairs, size_t count) {
  register_table(pairs, count, kValueOnly);
}

void register_control_dependences(const int32_t *pairs, size_t count) {
  register_table(pairs, count, kControlOnly);
}

void register_address_dependences(const int32_t *pairs, size_t count) {
  register_table(pairs, count, kAddress);
}

void register_overwrites(const int32_t *pairs, size_t count) {
  register_table(pairs, count, kOverwrite);
}

bool site_depends_on(const interlock_site *dependent, const interlock_site *source) {
  return pair_known(kDependenceKinds, dependent, source);
}

bool site_depends_on_only_through_control(const interlock_site *dependent,
                                          const interlock_site *source) {
  return pair_known(bit(kControlOnly), dependent, source);
}

bool site_decided_by(const interlock_site *dependent, const interlock_site *source) {
  return pair_known(bit(kBothKinds) | bit(kControlOnly), dependent, source);
}

bool address_depends_on(const interlock_site *write, const interlock_site *source) {
  return pair_known(bit(kAddress), write, source);
}

bool site_starts_dependence(const interlock_site *source) {
  return source_known(kDependenceKinds | bit(kAddress), source);
}

bool site_starts_address_dependence(const interlock_site *source) {
  return source_known(bit(kAddress), source);
}

bool read_is_overwritten_in_its_block(const interlock_site *read) {
  return source_known(bit(kOverwrite), read);
}

size_t site_dependence_count() {
  SpinLockGuard guard(g_lock);
  return g_pairs;
}

void lock_site_dependences_for_fork() { g_lock.lock(); }
void unlock_site_dependences_after_fork() { g_lock.unlock(); }

}  // namespace interlock
