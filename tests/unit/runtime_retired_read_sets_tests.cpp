// runtime/retired_read_sets.h: a batch of retired read sets is freed only once every thread that
// was running when it closed has passed between two accesses (ThreadRecord::passes moved), and
// not held up by threads that were waiting, had finished or had not started; a retired lane pair
// goes back as a lane pair.
//
// A freed set is seen by its first word: the arena's free list writes its link there, and a set
// still held keeps the marker the test put in its `count` (unused until the set is installed;
// the batch links sets through `reserved`, the arena reads `capacity` to free it).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "runtime/clock_memory.h"
#include "runtime/retired_read_sets.h"
#include "runtime_test_thread_registry.h"

using interlock::cell_memory;
using interlock::kPassedForGood;
using interlock::race::LanePair;
using interlock::race::ReadSet;
using interlock::testing::g_fake_records;
using interlock::testing::g_fake_thread_count;

namespace {

constexpr unsigned kBatch = 4096;  // retired_read_sets.cpp's batch
constexpr uint32_t kHeld = 0x5e75e75eu;

// Retires one batch's worth of fresh one-line sets, each marked; returns them.
std::vector<ReadSet *> retire_batch() {
  std::vector<ReadSet *> sets;
  for (unsigned i = 0; i < kBatch; i++) {
    ReadSet *set = cell_memory().allocate_read_set(3);
    set->count = kHeld;
    sets.push_back(set);
  }
  for (ReadSet *set : sets) interlock::retire_read_set(set);
  return sets;
}

unsigned still_held(const std::vector<ReadSet *> &sets) {
  unsigned held = 0;
  for (const ReadSet *set : sets) held += set->count == kHeld;
  return held;
}

}  // namespace

TEST_CASE("retired read sets are freed once every running thread has passed between accesses") {
  // A running thread, a finished one, one waiting, one not started.
  g_fake_thread_count = 4;
  g_fake_records[0].passes = 2;
  g_fake_records[1].passes = kPassedForGood;
  g_fake_records[2].passes = 5;
  g_fake_records[3].passes = 0;

  const std::vector<ReadSet *> first = retire_batch();
  CHECK(still_held(first) == kBatch);  // thread 0 may be in the middle of an access

  g_fake_records[0].passes = 4;  // a tick
  const std::vector<ReadSet *> second = retire_batch();
  CHECK(still_held(first) <= 1);       // (the first one freed may link to nothing)
  CHECK(still_held(second) == kBatch);  // closed while thread 0 runs again

  g_fake_records[0].passes = 5;  // it waits: between two accesses, and not running any
  const std::vector<ReadSet *> third = retire_batch();
  CHECK(still_held(second) <= 1);
  CHECK(still_held(third) <= 1);  // closed while it waits: nobody can hold it

  g_fake_thread_count = 0;
}

TEST_CASE("retired lane pairs are freed as lane pairs") {
  // A pair's first word is a lane's write record; the batch tells it from a read set by its
  // link, not by that word. Read as a set's `capacity`, this record would free 1 KiB.
  constexpr uint64_t kHeldRecord = (uint64_t(64) << 32) | 0x5e75e7ffu;
  g_fake_thread_count = 1;
  g_fake_records[0].passes = 2;
  std::vector<LanePair *> pairs;
  for (unsigned i = 0; i < kBatch; i++) {
    LanePair *pair = cell_memory().allocate_lane_pair();
    pair->lane[0].write = kHeldRecord;
    pairs.push_back(pair);
  }
  for (LanePair *pair : pairs) interlock::retire_lane_pair(pair);
  const auto held = [&] {
    return std::count_if(pairs.begin(), pairs.end(),
                         [](const LanePair *pair) { return pair->lane[0].write == kHeldRecord; });
  };
  CHECK(held() == kBatch);  // thread 0 may be in the middle of an access

  g_fake_records[0].passes = 4;
  retire_batch();  // closes the next batch: the pairs' is freed
  CHECK(held() <= 1);
  // Back in the 64-byte class: the next pair is one of them.
  LanePair *again = cell_memory().allocate_lane_pair();
  CHECK(std::find(pairs.begin(), pairs.end(), again) != pairs.end());
  cell_memory().release_lane_pair(again);
  g_fake_thread_count = 0;
}
