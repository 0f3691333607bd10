// runtime/site_dependences.h: the (dependent, source) site pairs modules register, looked up
// without a lock while other modules register theirs.
//
// The table is global to the test process: each case uses its own descriptors, so no case sees
// another's pairs.
#include <catch2/catch.hpp>

#include <atomic>
#include <initializer_list>
#include <thread>
#include <vector>

#include "runtime/site_dependences.h"

using interlock::address_depends_on;
using interlock::read_is_overwritten_in_its_block;
using interlock::register_address_dependences;
using interlock::register_control_dependences;
using interlock::register_value_dependences;
using interlock::register_overwrites;
using interlock::register_site_dependences;
using interlock::site_decided_by;
using interlock::site_dependence_count;
using interlock::site_depends_on;
using interlock::site_depends_on_only_through_control;
using interlock::site_starts_address_dependence;
using interlock::site_starts_dependence;

namespace {

// A pair array as the plugin lays it out: [dependent, source, ...], each site as its offset from
// the array's start, 0 for none. Never freed: the runtime knows an array by its address, and a
// freed one's address could come back as another's, which it would take as registered already.
const int32_t *offset_array(const interlock_site *const *sites, size_t count) {
  auto *offsets = new int32_t[count];
  const auto base = reinterpret_cast<intptr_t>(offsets);
  for (size_t i = 0; i < count; i++) {
    const intptr_t offset = sites[i] ? reinterpret_cast<intptr_t>(sites[i]) - base : 0;
    REQUIRE(offset == int32_t(offset));  // the test's sites are near its arrays
    offsets[i] = int32_t(offset);
  }
  return offsets;
}
const int32_t *offset_array(std::initializer_list<const interlock_site *> sites) {
  return offset_array(sites.begin(), sites.size());
}

// One module's descriptors and its pairs, registered as one array.
struct FakeModule {
  explicit FakeModule(size_t site_count) : sites(site_count) {}
  void depends(size_t dependent, size_t source) {
    pairs.push_back(&sites[dependent]);
    pairs.push_back(&sites[source]);
  }
  // The module's array, made once.
  const int32_t *array() {
    if (!offsets) offsets = offset_array(pairs.data(), pairs.size());
    return offsets;
  }
  void register_pairs() { register_site_dependences(array(), pairs.size() / 2); }

  std::vector<interlock_site> sites;
  std::vector<const interlock_site *> pairs;
  const int32_t *offsets = nullptr;  // never freed (see offset_array)
};

}  // namespace

TEST_CASE("a registered pair is found, in its direction only", "[site_dependences]") {
  FakeModule module(4);
  module.depends(1, 0);  // a store computed from a load
  module.depends(3, 2);
  module.register_pairs();
  CHECK(site_depends_on(&module.sites[1], &module.sites[0]));
  CHECK(site_depends_on(&module.sites[3], &module.sites[2]));
  CHECK_FALSE(site_depends_on(&module.sites[0], &module.sites[1]));
  CHECK_FALSE(site_depends_on(&module.sites[3], &module.sites[0]));
  CHECK_FALSE(site_depends_on(&module.sites[1], &module.sites[1]));
  CHECK_FALSE(site_depends_on(nullptr, &module.sites[0]));
  CHECK_FALSE(site_depends_on(&module.sites[1], nullptr));
}

TEST_CASE("address dependences are kept apart from value dependences", "[site_dependences]") {
  FakeModule values(3);
  values.depends(1, 0);  // the stored value was computed from the load
  values.register_pairs();
  register_address_dependences(offset_array({&values.sites[2], &values.sites[0]}), 1);  // the store's index came from it
  CHECK(site_depends_on(&values.sites[1], &values.sites[0]));
  CHECK_FALSE(address_depends_on(&values.sites[1], &values.sites[0]));
  CHECK(address_depends_on(&values.sites[2], &values.sites[0]));
  CHECK_FALSE(site_depends_on(&values.sites[2], &values.sites[0]));
  CHECK_FALSE(address_depends_on(&values.sites[0], &values.sites[2]));
  CHECK_FALSE(address_depends_on(nullptr, &values.sites[0]));
}

TEST_CASE("a pair keeps its kind: through the value, through control, or both",
          "[site_dependences]") {
  // Static descriptors: the other cases' heap ones are freed, and their addresses, still in the
  // global table, could come back in a vector made now.
  static interlock_site sites[4];  // 1 depends on 0 by both kinds, 2 by its value, 3 by control
  register_site_dependences(offset_array({&sites[1], &sites[0]}), 1);
  register_value_dependences(offset_array({&sites[2], &sites[0]}), 1);
  register_control_dependences(offset_array({&sites[3], &sites[0]}), 1);
  for (int dependent = 1; dependent <= 3; dependent++) {
    CHECK(site_depends_on(&sites[dependent], &sites[0]));
    CHECK_FALSE(site_depends_on(&sites[0], &sites[dependent]));
  }
  CHECK(site_starts_dependence(&sites[0]));
  CHECK_FALSE(site_depends_on_only_through_control(&sites[1], &sites[0]));
  CHECK_FALSE(site_depends_on_only_through_control(&sites[2], &sites[0]));
  CHECK(site_depends_on_only_through_control(&sites[3], &sites[0]));
  CHECK(site_decided_by(&sites[1], &sites[0]));
  CHECK_FALSE(site_decided_by(&sites[2], &sites[0]));
  CHECK(site_decided_by(&sites[3], &sites[0]));
  CHECK_FALSE(site_decided_by(&sites[0], &sites[3]));
  CHECK_FALSE(site_decided_by(nullptr, &sites[0]));
  CHECK_FALSE(site_depends_on_only_through_control(&sites[3], nullptr));
}

TEST_CASE("a site is known as a source once some pair of either table starts at it",
          "[site_dependences]") {
  // Static descriptors: a freed case's heap ones, still in the global table, could come back.
  static interlock_site sites[5];  // sites 1, 2, 3 and 4 start no pair
  CHECK_FALSE(site_starts_dependence(&sites[0]));
  register_site_dependences(offset_array({&sites[1], &sites[0]}), 1);
  register_address_dependences(offset_array({&sites[3], &sites[2]}), 1);
  CHECK(site_starts_dependence(&sites[0]));
  CHECK(site_starts_dependence(&sites[2]));  // an index: an address was computed from it
  CHECK(site_starts_address_dependence(&sites[2]));
  CHECK_FALSE(site_starts_address_dependence(&sites[0]));  // a value source only
  CHECK_FALSE(site_starts_dependence(&sites[1]));  // a dependent only
  CHECK_FALSE(site_starts_dependence(&sites[3]));
  CHECK_FALSE(site_starts_dependence(&sites[4]));
  CHECK_FALSE(site_starts_dependence(nullptr));
}

TEST_CASE("an overwrite names its read, apart from every dependence", "[site_dependences]") {
  // Static descriptors: the other cases' heap ones are freed, and their addresses, still in the
  // global table, could come back in a vector made now.
  static interlock_site sites[3];  // 1 = the store, 0 = the load it overwrites
  const size_t pairs_before = site_dependence_count();
  CHECK_FALSE(read_is_overwritten_in_its_block(&sites[0]));
  register_overwrites(offset_array({&sites[1], &sites[0], nullptr, &sites[2]}), 2);
  CHECK(read_is_overwritten_in_its_block(&sites[0]));
  CHECK_FALSE(read_is_overwritten_in_its_block(&sites[1]));  // the write
  CHECK_FALSE(read_is_overwritten_in_its_block(&sites[2]));  // a pair with a null site
  CHECK_FALSE(read_is_overwritten_in_its_block(nullptr));
  CHECK_FALSE(site_starts_dependence(&sites[0]));  // not a dependence
  CHECK_FALSE(site_depends_on(&sites[1], &sites[0]));
  CHECK(site_dependence_count() == pairs_before);
}

TEST_CASE("pairs of several modules are all kept, each once, and pairs with a null site are ignored",
          "[site_dependences]") {
  FakeModule first(2), second(2);
  first.depends(1, 0);
  second.depends(1, 0);
  second.depends(1, 0);  // a module's table never repeats a pair, but a second load could
  second.pairs.push_back(nullptr);
  second.pairs.push_back(&second.sites[0]);
  const size_t before = site_dependence_count();
  first.register_pairs();
  second.register_pairs();
  first.register_pairs();  // the same module registered again (a second constructor run)
  CHECK(site_dependence_count() == before + 2);
  CHECK(site_depends_on(&first.sites[1], &first.sites[0]));
  CHECK(site_depends_on(&second.sites[1], &second.sites[0]));
  // Sites are compared by address: the other module's identical descriptors are other sites.
  CHECK_FALSE(site_depends_on(&first.sites[1], &second.sites[0]));
  register_site_dependences(nullptr, 3);
  register_site_dependences(offset_array({&first.sites[1], &first.sites[0]}), 0);
  CHECK(site_dependence_count() == before + 2);
}

TEST_CASE("every pair of many large arrays is found, whatever order they list them in",
          "[site_dependences]") {
  constexpr size_t kModules = 40, kSitesPerModule = 200;
  std::vector<FakeModule> modules;
  modules.reserve(kModules);
  const size_t before = site_dependence_count();
  for (size_t m = 0; m < kModules; m++) {
    modules.emplace_back(kSitesPerModule);
    // Each site depends on the one before it, the pairs listed twice in an order of each
    // module's own: k * stride modulo 199 (a prime) visits every residue once per 199 steps.
    const size_t pairs = kSitesPerModule - 1, stride = 2 * m + 1;
    for (size_t k = 0; k < 2 * pairs; k++) {
      const size_t s = 1 + (k * stride) % pairs;
      modules[m].depends(s, s - 1);
    }
    modules[m].register_pairs();
  }
  CHECK(site_dependence_count() == before + kModules * (kSitesPerModule - 1));
  for (const FakeModule &module : modules)
    for (size_t s = 1; s < kSitesPerModule; s++) {
      REQUIRE(site_depends_on(&module.sites[s], &module.sites[s - 1]));
      REQUIRE_FALSE(site_depends_on(&module.sites[s - 1], &module.sites[s]));
      REQUIRE(site_starts_dependence(&module.sites[s - 1]));
    }
  for (const FakeModule &module : modules)
    REQUIRE_FALSE(site_starts_dependence(&module.sites.back()));  // a dependent only
}

TEST_CASE("lookups run while other threads register their modules", "[site_dependences]") {
  constexpr size_t kThreads = 4, kModulesPerThread = 50, kSitesPerModule = 64;
  std::vector<std::vector<FakeModule>> modules(kThreads);
  for (auto &list : modules) {
    list.reserve(kModulesPerThread);
    for (size_t m = 0; m < kModulesPerThread; m++) {
      list.emplace_back(kSitesPerModule);
      for (size_t s = 1; s < kSitesPerModule; s++) list.back().depends(s, s - 1);
      list.back().array();  // here: another thread's allocations may be far from the sites
    }
  }
  FakeModule early(2);
  early.depends(1, 0);
  early.register_pairs();

  std::atomic<bool> done{false};
  std::atomic<size_t> wrong{0};
  // A reader keeps asking about a pair registered before and one never registered: neither
  // answer may change while the table grows under it.
  std::thread reader([&] {
    while (!done.load()) {
      if (!site_depends_on(&early.sites[1], &early.sites[0])) wrong++;
      if (site_depends_on(&early.sites[0], &early.sites[1])) wrong++;
    }
  });
  std::vector<std::thread> writers;
  for (size_t t = 0; t < kThreads; t++)
    writers.emplace_back([&, t] {
      for (FakeModule &module : modules[t]) {
        module.register_pairs();
        // A module's own pairs are visible to its thread as soon as registration returns.
        for (size_t s = 1; s < kSitesPerModule; s++)
          if (!site_depends_on(&module.sites[s], &module.sites[s - 1])) wrong++;
      }
    });
  for (std::thread &writer : writers) writer.join();
  done = true;
  reader.join();
  CHECK(wrong.load() == 0);
  for (const auto &list : modules)
    for (const FakeModule &module : list)
      for (size_t s = 1; s < kSitesPerModule; s++)
        REQUIRE(site_depends_on(&module.sites[s], &module.sites[s - 1]));
}
