// runtime/kept_byte_contexts.h through the runtime's cell memory: equal per-byte context arrays
// are kept once and shared; past the kept arrays' room, each share gets a fresh array of its
// own, released for real.
//
// The kept arrays are the test process's own: run in one process, the first test case must come
// first (the second fills the room).
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "runtime/clock_memory.h"
#include "runtime/kept_byte_contexts.h"

using interlock::cell_memory;
using interlock::is_kept_context_array;
using interlock::race::ByteContexts;
using interlock::race::PairContexts;

namespace {

ByteContexts byte_array(uint64_t seed) {
  ByteContexts contents = {};
  for (unsigned b = 0; b < 8; b++) contents.context[b] = (seed << 8 | b) << 5;
  return contents;
}

bool same(const ByteContexts &a, const ByteContexts &b) {
  for (unsigned i = 0; i < 8; i++)
    if (a.context[i] != b.context[i]) return false;
  return true;
}

}  // namespace

TEST_CASE("equal per-byte context arrays are kept once and shared", "[kept_contexts]") {
  const ByteContexts a = byte_array(1);
  ByteContexts b = a;
  b.context[7] += 32;  // one byte reached from elsewhere

  const ByteContexts *first = cell_memory().share_byte_contexts(a);
  const ByteContexts *again = cell_memory().share_byte_contexts(a);
  const ByteContexts *other = cell_memory().share_byte_contexts(b);
  CHECK(first == again);
  CHECK(is_kept_context_array(first));
  CHECK(other != first);
  CHECK(same(*first, a));
  CHECK(same(*other, b));
  CHECK(reinterpret_cast<uintptr_t>(first) % 64 == 0);

  // A pair array whose words equal a byte array's first four is a different array.
  PairContexts pairs = {};
  for (unsigned p = 0; p < 4; p++) pairs.context[p] = a.context[p];
  const PairContexts *kept_pairs = cell_memory().share_pair_contexts(pairs);
  CHECK(static_cast<const void *>(kept_pairs) != static_cast<const void *>(first));
  CHECK(kept_pairs == cell_memory().share_pair_contexts(pairs));
  CHECK(reinterpret_cast<uintptr_t>(kept_pairs) % 32 == 0);

  // Releasing a kept array frees nothing: every share of it still reads its contents.
  cell_memory().release_byte_contexts(first);
  cell_memory().release_byte_contexts(again);
  CHECK(same(*cell_memory().share_byte_contexts(a), a));
  CHECK(cell_memory().share_byte_contexts(a) == first);
}

TEST_CASE("past the kept arrays' room, shares get fresh arrays of their own", "[kept_contexts]") {
  // 16 MiB of 64-byte arrays is 262,144: more distinct contents than that cannot all be kept.
  constexpr unsigned kDistinct = 300000;
  std::vector<const ByteContexts *> arrays;
  arrays.reserve(kDistinct);
  unsigned fresh = 0;
  for (unsigned i = 0; i < kDistinct; i++) {
    const ByteContexts contents = byte_array(1000 + i);
    const ByteContexts *array = cell_memory().share_byte_contexts(contents);
    REQUIRE(array != nullptr);
    REQUIRE(same(*array, contents));
    if (!is_kept_context_array(array)) fresh++;
    arrays.push_back(array);
  }
  CHECK(fresh >= kDistinct - 262144);
  CHECK(!is_kept_context_array(arrays.back()));
  // Two shares of equal contents past the room are two arrays, each released for real.
  const ByteContexts late = byte_array(999999999);
  const ByteContexts *one = cell_memory().share_byte_contexts(late);
  const ByteContexts *two = cell_memory().share_byte_contexts(late);
  CHECK(one != two);
  CHECK(same(*one, late));
  CHECK(same(*two, late));
  for (const ByteContexts *array : arrays) cell_memory().release_byte_contexts(array);
  cell_memory().release_byte_contexts(one);
  cell_memory().release_byte_contexts(two);
}
