// Benign ranges, indexed by page so that the lookup (made for every race found) reads a short
// list. A range spanning many pages would have to be entered in many buckets; those go to one
// list of wide ranges instead, scanned on every lookup (programs declare few such ranges: a
// statistics block, a ring buffer).
#include "runtime/benign_ranges.h"

#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/platform.h"

namespace interlock {
namespace {

constexpr unsigned kPageShift = 12;
constexpr unsigned kBucketBits = 12;
constexpr unsigned kBuckets = 1u << kBucketBits;
constexpr uptr kMaxPagesIndexed = 16;

struct BenignRange {
  uptr begin;
  uptr end;  // exclusive
  BenignRange *next;
};

// Heads are written under g_add_lock and read without it: a node is complete before it is
// published, and nodes are never removed, so a reader walking a list never meets a torn one.
BenignRange *g_buckets[kBuckets];
BenignRange *g_wide_ranges;
bool g_any_range;
SpinLock g_add_lock;

BenignRange *&bucket_of_page(uptr page) {
  // Fibonacci hashing: neighbouring pages land in distant buckets.
  return g_buckets[(page * 0x9E3779B97F4A7C15ull) >> (64 - kBucketBits)];
}

bool contains(const BenignRange *range, uptr addr) {
  return range->begin <= addr && addr < range->end;
}

bool list_contains(BenignRange *const &head, uptr addr) {
  for (const BenignRange *r = __atomic_load_n(&head, __ATOMIC_ACQUIRE); r; r = r->next)
    if (contains(r, addr)) return true;
  return false;
}

bool list_has_exactly(BenignRange *head, uptr begin, uptr end) {
  for (const BenignRange *r = head; r; r = r->next)
    if (r->begin == begin && r->end == end) return true;
  return false;
}

// Caller holds g_add_lock.
void push(BenignRange *&head, uptr begin, uptr end) {
  if (list_has_exactly(head, begin, end)) return;
  BenignRange *range = internal_new_zeroed<BenignRange>();
  range->begin = begin;
  range->end = end;
  range->next = head;
  __atomic_store_n(&head, range, __ATOMIC_RELEASE);
}

}  // namespace

void add_benign_race_range(uptr begin, uptr size) {
  if (size == 0) return;
  const uptr end = begin + size < begin ? ~uptr(0) : begin + size;  // clamp a wrapping range
  const uptr first_page = begin >> kPageShift;
  const uptr last_page = (end - 1) >> kPageShift;
  SpinLockGuard guard(g_add_lock);
  if (last_page - first_page >= kMaxPagesIndexed) {
    push(g_wide_ranges, begin, end);
  } else {
    for (uptr page = first_page; page <= last_page; page++) push(bucket_of_page(page), begin, end);
  }
  __atomic_store_n(&g_any_range, true, __ATOMIC_RELEASE);
}

bool is_benign_race_address(uptr addr) {
  if (!__atomic_load_n(&g_any_range, __ATOMIC_ACQUIRE)) return false;
  return list_contains(bucket_of_page(addr >> kPageShift), addr) ||
         list_contains(g_wide_ranges, addr);
}

void lock_benign_ranges_for_fork() { g_add_lock.lock(); }
void unlock_benign_ranges_after_fork() { g_add_lock.unlock(); }

}  // namespace interlock
