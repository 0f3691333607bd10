// The registered (dependent site, source site) pairs: one open-addressed hash table (linear
// probing) in runtime memory, read without a lock.
//
// Readers load the current table's pointer and probe it; a writer (under g_lock) fills a slot's
// source first and publishes its dependent last, with release, so a reader that sees a
// dependent also sees its source. A table is never changed in a way a reader could misread:
// slots are only ever filled, never emptied or moved. When a table reaches half full, the
// writer builds a table twice as large, copies the pairs and publishes it; the old table stays
// allocated (a reader may still be probing it, and it still answers correctly for every pair it
// held), so the memory kept is less than twice the current table's.
#include "runtime/site_dependences.h"

#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/platform.h"

namespace interlock {
namespace {

struct DependenceSlot {
  uptr dependent;  // 0: empty (published last)
  uptr source;
};

struct DependenceTable {
  size_t capacity;  // a power of two
  size_t count;     // entries held, pairs and sources (guarded by g_lock)
  DependenceSlot *slots;
};

constexpr size_t kInitialCapacity = 256;

DependenceTable *g_table;  // the current table, published with release
SpinLock g_lock;           // serializes writers
size_t g_pairs;            // distinct pairs registered (guarded by g_lock)

size_t home_slot(uptr dependent, uptr source, size_t capacity) {
  // Descriptors are 8-byte aligned neighbours in a module's data: mix both addresses fully.
  u64 h = (dependent >> 3) * 0x9E3779B97F4A7C15ull;
  h ^= (source >> 3) * 0xC2B2AE3D27D4EB4Full;
  h ^= h >> 29;
  return size_t(h) & (capacity - 1);
}

// Fills a free slot for the pair, or finds it already there (writer only, g_lock held or the
// table not yet published). Returns true when the pair was added.
bool place(DependenceTable &table, uptr dependent, uptr source) {
  const size_t mask = table.capacity - 1;
  for (size_t i = home_slot(dependent, source, table.capacity);; i = (i + 1) & mask) {
    DependenceSlot &slot = table.slots[i];
    const uptr held = __atomic_load_n(&slot.dependent, __ATOMIC_RELAXED);
    if (held == 0) {
      __atomic_store_n(&slot.source, source, __ATOMIC_RELAXED);
      __atomic_store_n(&slot.dependent, dependent, __ATOMIC_RELEASE);
      table.count++;
      return true;
    }
    if (held == dependent && __atomic_load_n(&slot.source, __ATOMIC_RELAXED) == source)
      return false;
  }
}

DependenceTable *new_table(size_t capacity) {
  auto *table = internal_new_zeroed<DependenceTable>();
  table->capacity = capacity;
  table->slots = internal_new_zeroed<DependenceSlot>(capacity);
  return table;
}

// The current table with room for `more` pairs at most half full (g_lock held).
DependenceTable *table_with_room_for(size_t more) {
  DependenceTable *current = __atomic_load_n(&g_table, __ATOMIC_RELAXED);
  const size_t needed = (current ? current->count : 0) + more;
  if (current && needed * 2 <= current->capacity) return current;
  size_t capacity = current ? current->capacity * 2 : kInitialCapacity;
  while (needed * 2 > capacity) capacity *= 2;
  DependenceTable *grown = new_table(capacity);
  if (current)
    for (size_t i = 0; i < current->capacity; i++) {
      const DependenceSlot &slot = current->slots[i];
      if (slot.dependent != 0) place(*grown, slot.dependent, slot.source);
    }
  __atomic_store_n(&g_table, grown, __ATOMIC_RELEASE);
  return grown;
}

// An address dependence's write is stored as its site's address plus this tag, a dependence
// through the value only or through control only plus one of the next two (a dependence of both
// kinds, untagged): descriptors are 8-byte aligned, so a tagged key never equals a site's own,
// and one table holds every kind.
constexpr uptr kAddressTag = 1;
constexpr uptr kValueOnlyTag = 2;
constexpr uptr kControlOnlyTag = 4;
// Each pair's source is also kept as the pair (kSourceKey, source), an address dependence's
// source once more as (kAddressSourceKey, source), and an overwritten read as
// (kOverwrittenReadKey, read): no site has these addresses, so each question is one more probe of
// the same table.
constexpr uptr kSourceKey = 2;
constexpr uptr kAddressSourceKey = 3;
constexpr uptr kOverwrittenReadKey = 4;

// Calls place_pair(table, dependent, source) for each of `count` pairs with no null site, under
// the lock, with room made up front for `entries_per_pair` entries each: one copy of the table at
// most per module, however many pairs it brings.
template <class PlacePair>
void register_each(const interlock_site *const *pairs, size_t count, size_t entries_per_pair,
                   PlacePair place_pair) {
  if (pairs == nullptr || count == 0) return;
  SpinLockGuard guard(g_lock);
  DependenceTable *table = table_with_room_for(entries_per_pair * count);
  for (size_t i = 0; i < count; i++) {
    const uptr dependent = reinterpret_cast<uptr>(pairs[2 * i]);
    const uptr source = reinterpret_cast<uptr>(pairs[2 * i + 1]);
    if (dependent != 0 && source != 0) place_pair(*table, dependent, source);
  }
}

// A dependence pair, and its source as such.
void register_pairs(const interlock_site *const *pairs, size_t count, uptr tag) {
  register_each(pairs, count, 3, [tag](DependenceTable &table, uptr dependent, uptr source) {
    if (place(table, dependent | tag, source)) g_pairs++;
    place(table, kSourceKey, source);
    if (tag == kAddressTag) place(table, kAddressSourceKey, source);
  });
}

bool pair_known(uptr wanted_dependent, uptr wanted_source) {
  const DependenceTable *table = __atomic_load_n(&g_table, __ATOMIC_ACQUIRE);
  if (table == nullptr) return false;
  const size_t mask = table->capacity - 1;
  // At most half full, so an empty slot ends every probe.
  for (size_t i = home_slot(wanted_dependent, wanted_source, table->capacity);;
       i = (i + 1) & mask) {
    const DependenceSlot &slot = table->slots[i];
    const uptr held = __atomic_load_n(&slot.dependent, __ATOMIC_ACQUIRE);
    if (held == 0) return false;
    if (held == wanted_dependent &&
        __atomic_load_n(&slot.source, __ATOMIC_RELAXED) == wanted_source)
      return true;
  }
}

}  // namespace

void register_site_dependences(const interlock_site *const *pairs, size_t count) {
  register_pairs(pairs, count, 0);
}

void register_value_dependences(const interlock_site *const *pairs, size_t count) {
  register_pairs(pairs, count, kValueOnlyTag);
}

void register_control_dependences(const interlock_site *const *pairs, size_t count) {
  register_pairs(pairs, count, kControlOnlyTag);
}

void register_address_dependences(const interlock_site *const *pairs, size_t count) {
  register_pairs(pairs, count, kAddressTag);
}

bool site_depends_on(const interlock_site *dependent, const interlock_site *source) {
  if (dependent == nullptr || source == nullptr) return false;
  const uptr d = reinterpret_cast<uptr>(dependent), s = reinterpret_cast<uptr>(source);
  return pair_known(d, s) || pair_known(d | kValueOnlyTag, s) || pair_known(d | kControlOnlyTag, s);
}

bool site_depends_on_only_through_control(const interlock_site *dependent,
                                          const interlock_site *source) {
  if (dependent == nullptr || source == nullptr) return false;
  return pair_known(reinterpret_cast<uptr>(dependent) | kControlOnlyTag,
                    reinterpret_cast<uptr>(source));
}

bool site_decided_by(const interlock_site *dependent, const interlock_site *source) {
  if (dependent == nullptr || source == nullptr) return false;
  const uptr d = reinterpret_cast<uptr>(dependent), s = reinterpret_cast<uptr>(source);
  return pair_known(d, s) || pair_known(d | kControlOnlyTag, s);
}

bool address_depends_on(const interlock_site *write, const interlock_site *source) {
  if (write == nullptr || source == nullptr) return false;
  return pair_known(reinterpret_cast<uptr>(write) | kAddressTag, reinterpret_cast<uptr>(source));
}

bool site_starts_dependence(const interlock_site *source) {
  return source != nullptr && pair_known(kSourceKey, reinterpret_cast<uptr>(source));
}

bool site_starts_address_dependence(const interlock_site *source) {
  return source != nullptr && pair_known(kAddressSourceKey, reinterpret_cast<uptr>(source));
}

void register_overwrites(const interlock_site *const *pairs, size_t count) {
  register_each(pairs, count, 1, [](DependenceTable &table, uptr, uptr read) {
    place(table, kOverwrittenReadKey, read);
  });
}

bool read_is_overwritten_in_its_block(const interlock_site *read) {
  return read != nullptr && pair_known(kOverwrittenReadKey, reinterpret_cast<uptr>(read));
}

size_t site_dependence_count() {
  SpinLockGuard guard(g_lock);
  return g_pairs;
}

void lock_site_dependences_for_fork() { g_lock.lock(); }
void unlock_site_dependences_after_fork() { g_lock.unlock(); }

}  // namespace interlock
