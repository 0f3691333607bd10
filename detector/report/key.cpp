#include "detector/report/key.h"

#include "detector/report/describe.h"

#include <string.h>

namespace interlock::report {

namespace {

constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;

class Fnv1a64 {
 public:
  void bytes(const void *data, size_t size) {
    const unsigned char *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < size; ++i) {
      hash_ ^= p[i];
      hash_ *= kFnvPrime;
    }
  }
  // Strings are NUL-terminated in the hashed stream so that ("ab","c") and ("a","bc") differ.
  void string(const char *s) { bytes(s, strlen(s) + 1); }
  // Little-endian regardless of host, so keys agree between machines.
  void u32(uint32_t v) {
    unsigned char b[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                          static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 24)};
    bytes(b, sizeof b);
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = kFnvOffsetBasis;
};

// What identifies one side of a race.
struct SideIdentity {
  const char *function;
  const char *file;          // base name
  uint32_t line;
  uint32_t column;
};

SideIdentity identify(const Stack &stack) {
  SideIdentity id{};
  id.function = "??";
  id.file = "";
  if (const Frame *frame = user_frame(stack)) {
    if (frame->function != nullptr) id.function = frame->function;
    id.file = file_base_name(frame->file);
    id.line = frame->line;
    id.column = frame->column;
  }
  return id;
}

int compare_numbers(uint32_t a, uint32_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

int compare(const SideIdentity &a, const SideIdentity &b) {
  int c = strcmp(a.function, b.function);
  if (c == 0) c = strcmp(a.file, b.file);
  if (c == 0) c = compare_numbers(a.line, b.line);
  if (c == 0) c = compare_numbers(a.column, b.column);
  return c;
}

void hash_side(Fnv1a64 &hash, const SideIdentity &side) {
  hash.string(side.function);
  hash.string(side.file);
  hash.u32(side.line);
  hash.u32(side.column);
}

// What identifies one edge of a lock-order cycle: where the held lock was taken and where the
// next one was requested. Compared as (held, requested).
struct EdgeIdentity {
  SideIdentity held;
  SideIdentity requested;
};

EdgeIdentity identify(const LockOrderEdge &edge) {
  return EdgeIdentity{identify(edge.held_at), identify(edge.requested_at)};
}

int compare(const EdgeIdentity &a, const EdgeIdentity &b) {
  int c = compare(a.held, b.held);
  return c != 0 ? c : compare(a.requested, b.requested);
}

void hash_identity(Fnv1a64 &hash, const EdgeIdentity &edge) {
  hash_side(hash, edge.held);
  hash_side(hash, edge.requested);
}

// What identifies one blocked thread of a real deadlock: what it waits in and where.
struct WaitIdentity {
  const char *wait;  // wait_kind_name()
  SideIdentity where;
};

WaitIdentity identify(const BlockedThread &blocked) {
  return WaitIdentity{wait_kind_name(blocked.what), identify(blocked.stack)};
}

int compare(const WaitIdentity &a, const WaitIdentity &b) {
  const int c = strcmp(a.wait, b.wait);
  return c != 0 ? c : compare(a.where, b.where);
}

void hash_identity(Fnv1a64 &hash, const WaitIdentity &wait) {
  hash.string(wait.wait);
  hash_side(hash, wait.where);
}

// Hashes the multiset of identities of `items[0..count)` in ascending order, so that where a
// cycle was entered (its rotation) does not matter. Sorting would need memory the runtime may
// not have, so each step scans for the next larger identity: quadratic in the count, which is
// small next to the cost of the search that found the cycle.
template <typename Item>
void hash_sorted_multiset(Fnv1a64 &hash, const Item *items, size_t count) {
  if (items == nullptr || count == 0) return;
  using Identity = decltype(identify(items[0]));
  bool have_previous = false;
  Identity previous{};
  for (size_t emitted = 0; emitted < count;) {
    // The smallest identity larger than the previous one, and how often it occurs.
    bool found = false;
    Identity smallest{};
    size_t copies = 0;
    for (size_t i = 0; i < count; ++i) {
      const Identity candidate = identify(items[i]);
      if (have_previous && compare(candidate, previous) <= 0) continue;
      const int order = found ? compare(candidate, smallest) : -1;
      if (order < 0) {
        smallest = candidate;
        copies = 1;
        found = true;
      } else if (order == 0) {
        ++copies;
      }
    }
    if (!found) break;
    for (size_t c = 0; c < copies; ++c) hash_identity(hash, smallest);
    emitted += copies;
    previous = smallest;
    have_previous = true;
  }
}

}  // namespace

const char *file_base_name(const char *path) {
  if (path == nullptr) return "";
  const char *slash = strrchr(path, '/');
  return slash != nullptr ? slash + 1 : path;
}

uint64_t finding_key(const Finding &finding) {
  Fnv1a64 hash;
  hash.string(finding_kind_name(finding.kind));
  if (finding.kind == FindingKind::kDataRace && finding.race != nullptr) {
    SideIdentity first = identify(finding.race->accesses[0].stack);
    SideIdentity second = identify(finding.race->accesses[1].stack);
    if (compare(second, first) < 0) {
      SideIdentity swap = first;
      first = second;
      second = swap;
    }
    hash_side(hash, first);
    hash_side(hash, second);
  } else if (finding.kind == FindingKind::kLockOrderCycle && finding.cycle != nullptr) {
    hash_sorted_multiset(hash, finding.cycle->edges, finding.cycle->edge_count);
  } else if (finding.kind == FindingKind::kMutexMisuse && finding.misuse != nullptr) {
    // Where the misuse happened, not the mutex's address: the same bug in every run and process.
    hash.string(mutex_misuse_kind_name(finding.misuse->what));
    hash_side(hash, identify(finding.misuse->stack));
  } else if (finding.kind == FindingKind::kAtomicityViolation && finding.atomicity != nullptr) {
    // The read and the write that depends on it, in that order: the interleaved write may come
    // from anywhere the memory is written.
    hash_side(hash, identify(finding.atomicity->read.stack));
    hash_side(hash, identify(finding.atomicity->write.stack));
  } else if (finding.kind == FindingKind::kDeadlock && finding.deadlock != nullptr) {
    // The blocked threads as a sorted multiset, as for a cycle's edges: the same hang entered at
    // another thread has the same key. Objects, holders and thread ids do not enter it.
    hash_sorted_multiset(hash, finding.deadlock->blocked, finding.deadlock->blocked_count);
  }
  return hash.value();
}

void format_key(uint64_t key, char out[17]) {
  static const char kHexDigits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    out[i] = kHexDigits[key & 0xf];
    key >>= 4;
  }
  out[16] = '\0';
}

}  // namespace interlock::report
