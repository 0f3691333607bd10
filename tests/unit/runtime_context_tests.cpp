// runtime/context.h: interning of calling-context nodes across threads, and the stacks that
// access_stack() unfolds from them (inlined frames first, then the callers' call sites).
//
// The intern table is global to the test process; each test case uses its own made-up key
// pointers so that no case sees another's nodes.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "runtime/context.h"

using interlock::access_stack;
using interlock::ContextCacheEntry;
using interlock::ContextNode;
using interlock::intern_context;
using interlock::kContextCacheSize;
using interlock::uptr;

namespace {

// A distinct fake pointer per (test case, index): interning only compares pointers.
const void *key(uptr test_case, uptr index) {
  return reinterpret_cast<const void *>((test_case << 40) + 0x1000 + index * 16);
}

struct Triple {
  const ContextNode *parent;
  const void *a;
  const void *b;
};

std::string describe(const interlock::report::Frame &f) {
  return std::string(f.function ? f.function : "(null)") + " " + (f.file ? f.file : "(null)") + ":" +
         std::to_string(f.line) + ":" + std::to_string(f.column);
}

std::vector<std::string> stack_of(const ContextNode *access, size_t cap = 32) {
  std::vector<interlock::report::Frame> frames(cap);
  size_t n = access_stack(access, frames.data(), cap);
  REQUIRE(n <= cap);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; i++) out.push_back(describe(frames[i]));
  return out;
}

}  // namespace

TEST_CASE("equal triples intern to the same node, different triples to different nodes") {
  const ContextNode *root = intern_context(nullptr, nullptr, key(1, 0), key(1, 1));
  REQUIRE(root != nullptr);
  CHECK(root->parent == nullptr);
  CHECK(root->a == key(1, 0));
  CHECK(root->b == key(1, 1));
  CHECK(intern_context(nullptr, nullptr, key(1, 0), key(1, 1)) == root);

  const ContextNode *child = intern_context(nullptr, root, key(1, 0), key(1, 1));
  CHECK(child != root);
  CHECK(child->parent == root);
  CHECK(intern_context(nullptr, nullptr, key(1, 1), key(1, 0)) != root);  // a and b swapped
  CHECK(intern_context(nullptr, nullptr, key(1, 0), nullptr) != root);
  CHECK(intern_context(nullptr, nullptr, nullptr, key(1, 1)) != root);

  // Through a thread cache: same answers as without one, before and after the cache fills.
  std::vector<ContextCacheEntry> cache(kContextCacheSize);
  CHECK(intern_context(cache.data(), nullptr, key(1, 0), key(1, 1)) == root);
  CHECK(intern_context(cache.data(), nullptr, key(1, 0), key(1, 1)) == root);
  CHECK(intern_context(cache.data(), root, key(1, 0), key(1, 1)) == child);
}

TEST_CASE("a thread cache never confuses triples that share two of their three members") {
  // Far more triples than cache slots, so many of them meet in one slot.
  constexpr size_t kTriples = 3 * kContextCacheSize;
  const ContextNode *parent = intern_context(nullptr, nullptr, key(3, 0), key(3, 1));
  std::vector<ContextCacheEntry> cache(kContextCacheSize);
  for (int shared = 0; shared < 3; shared++) {
    INFO("the member that differs: " << (shared == 0 ? "b" : shared == 1 ? "a" : "parent"));
    std::vector<Triple> triples;
    for (size_t i = 0; i < kTriples; i++) {
      const void *varying = key(3, 10 + i);
      if (shared == 0) triples.push_back({parent, key(3, 2), varying});  // lock sets at one site
      if (shared == 1) triples.push_back({parent, varying, key(3, 3)});
      if (shared == 2)
        triples.push_back({intern_context(nullptr, nullptr, varying, nullptr), key(3, 4), key(3, 5)});
    }
    size_t wrong = 0;
    std::set<const ContextNode *> distinct;
    for (int pass = 0; pass < 2; pass++) {  // the second pass meets the cache's survivors
      for (const Triple &t : triples) {
        const ContextNode *n = intern_context(cache.data(), t.parent, t.a, t.b);
        wrong += n->parent != t.parent || n->a != t.a || n->b != t.b;
        distinct.insert(n);
      }
    }
    CHECK(wrong == 0);
    CHECK(distinct.size() == kTriples);
  }
}

TEST_CASE("threads interning the same triples get the same nodes") {
  constexpr int kThreads = 4;
  constexpr size_t kRoots = 1500;  // more than the cache holds: evictions and collisions happen
  std::vector<Triple> roots;
  for (size_t i = 0; i < kRoots; i++) roots.push_back({nullptr, key(2, i), key(2, i + 100000)});

  std::atomic<int> ready{0};
  std::vector<std::vector<const ContextNode *>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      std::vector<ContextCacheEntry> cache(kContextCacheSize);
      ContextCacheEntry *mine = t % 2 ? cache.data() : nullptr;  // with and without a cache
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();  // start together
      std::vector<const ContextNode *> &out = results[t];
      out.resize(2 * kRoots);
      // Odd and even threads walk the triples in opposite orders, so first insertions (and the
      // races to insert) come from all of them.
      for (size_t k = 0; k < kRoots; k++) {
        size_t i = t % 2 ? kRoots - 1 - k : k;
        out[i] = intern_context(mine, roots[i].parent, roots[i].a, roots[i].b);
      }
      // A second level whose parents are the interned roots.
      for (size_t k = 0; k < kRoots; k++) {
        size_t i = t % 2 ? k : kRoots - 1 - k;
        out[kRoots + i] = intern_context(mine, out[i], key(2, 7), key(2, 8));
      }
    });
  }
  for (std::thread &th : threads) th.join();

  for (int t = 1; t < kThreads; t++) {
    INFO("thread " << t);
    size_t differing = 0;
    for (size_t i = 0; i < results[0].size(); i++) differing += results[t][i] != results[0][i];
    CHECK(differing == 0);
  }
  std::set<const ContextNode *> distinct(results[0].begin(), results[0].end());
  CHECK(distinct.size() == 2 * kRoots);
  CHECK(distinct.count(nullptr) == 0);
  size_t wrong_fields = 0;
  for (size_t i = 0; i < kRoots; i++) {
    const ContextNode *root = results[0][i];
    const ContextNode *child = results[0][kRoots + i];
    wrong_fields += root->parent != nullptr || root->a != roots[i].a || root->b != roots[i].b;
    wrong_fields += child->parent != root || child->a != key(2, 7) || child->b != key(2, 8);
  }
  CHECK(wrong_fields == 0);
}

namespace {

// main() calls run(), inlined into main, which calls worker(); in worker, helper() is inlined
// and makes the access.
const interlock_site kMainFunction = {"main", "/src/app.c", 30, 0, nullptr};
const interlock_site kWorkerFunction = {"worker", "/src/app.c", 18, 0, nullptr};
const interlock_site kRunInlinedIntoMain = {"main", "/src/app.c", 33, 7, nullptr};
const interlock_site kWorkerCallInRun = {"run", "/src/app.c", 25, 3, &kRunInlinedIntoMain};
const interlock_site kHelperInlinedIntoWorker = {"worker", "/src/app.c", 20, 5, nullptr};
const interlock_site kInnerInlinedIntoHelper = {"helper", "/src/app.c", 12, 9, &kHelperInlinedIntoWorker};
const interlock_site kAccessInInner = {"inner", "/src/app.c", 10, 11, &kInnerInlinedIntoHelper};

}  // namespace

TEST_CASE("access_stack lists inlined frames innermost first, then the callers' call sites") {
  const ContextNode *main_frame = intern_context(nullptr, nullptr, nullptr, &kMainFunction);
  const ContextNode *worker_frame =
      intern_context(nullptr, main_frame, &kWorkerCallInRun, &kWorkerFunction);
  const ContextNode *access = intern_context(nullptr, worker_frame, &kAccessInInner, nullptr);

  const std::vector<std::string> expected = {
      "inner /src/app.c:10:11",  // the access, in the innermost inlined function
      "helper /src/app.c:12:9",  // where inner() was inlined into helper()
      "worker /src/app.c:20:5",  // where helper() was inlined into worker()
      "run /src/app.c:25:3",     // the call of worker(), in run() inlined into main()
      "main /src/app.c:33:7",    // where run() was inlined into main()
  };
  CHECK(stack_of(access) == expected);

  SECTION("a short buffer gets the innermost frames") {
    CHECK(stack_of(access, 2) == std::vector<std::string>(expected.begin(), expected.begin() + 2));
    CHECK(stack_of(access, 4) == std::vector<std::string>(expected.begin(), expected.begin() + 4));
  }
  SECTION("no access, no frames") {
    interlock::report::Frame frame;
    CHECK(access_stack(nullptr, &frame, 1) == 0);
    CHECK(access_stack(access, &frame, 0) == 0);
  }
}

TEST_CASE("access_stack names a caller reached through uninstrumented code by its definition") {
  // worker() was called from main() through a library (no call site recorded).
  const ContextNode *main_frame = intern_context(nullptr, nullptr, nullptr, &kMainFunction);
  const ContextNode *worker_frame = intern_context(nullptr, main_frame, nullptr, &kWorkerFunction);
  const interlock_site access_site = {"worker", "/src/app.c", 19, 4, nullptr};
  const ContextNode *access = intern_context(nullptr, worker_frame, &access_site, nullptr);

  CHECK(stack_of(access) == std::vector<std::string>{"worker /src/app.c:19:4", "main /src/app.c:30:0"});
}

TEST_CASE("access_stack shows an unnamed function as ??") {
  const interlock_site anonymous = {nullptr, "/src/app.c", 3, 1, nullptr};
  const ContextNode *access = intern_context(nullptr, nullptr, &anonymous, nullptr);
  CHECK(stack_of(access) == std::vector<std::string>{"?? /src/app.c:3:1"});
}

TEST_CASE("an access made with no lock held is named by its frame and site, without a node") {
  using interlock::access_node_of_word;
  using interlock::inline_access_word;
  using interlock::kInlineAccessBit;
  using interlock::site_id;
  static const interlock_site kSites[3] = {{"f", "/src/w.c", 1, 2, nullptr},
                                           {"f", "/src/w.c", 3, 4, nullptr},
                                           {"g", "/src/w.c", 5, 6, nullptr}};
  const ContextNode *main_frame = intern_context(nullptr, nullptr, nullptr, &kMainFunction);
  const ContextNode *frame =
      intern_context(nullptr, main_frame, &kWorkerCallInRun, &kWorkerFunction);

  const uint32_t id = site_id(&kSites[0]);
  REQUIRE(id != 0);
  CHECK(site_id(&kSites[0]) == id);  // one id per site
  CHECK(site_id(&kSites[1]) != id);
  CHECK(site_id(&kSites[2]) != site_id(&kSites[1]));

  const uint64_t word = inline_access_word(frame, id);
  CHECK((word & kInlineAccessBit) != 0);
  CHECK((word & 3) == 0);  // a shadow cell's lock bit and the per-byte-contexts tag stay free
  CHECK(inline_access_word(frame, id) == word);  // equal accesses, equal words
  CHECK(inline_access_word(main_frame, id) != word);
  CHECK(inline_access_word(frame, site_id(&kSites[1])) != word);

  // Unfolded (for a report), the word is the node the access would otherwise have had.
  const ContextNode *node = access_node_of_word(word);
  CHECK(node == intern_context(nullptr, frame, &kSites[0], nullptr));
  CHECK(access_node_of_word(reinterpret_cast<uint64_t>(node)) == node);  // nodes are words too
  CHECK(access_node_of_word(inline_access_word(nullptr, id)) ==
        intern_context(nullptr, nullptr, &kSites[0], nullptr));
  CHECK(access_node_of_word(inline_access_word(frame, 0)) ==
        intern_context(nullptr, frame, nullptr, nullptr));  // no site: id 0
  CHECK(stack_of(node) == std::vector<std::string>{"f /src/w.c:1:2", "run /src/app.c:25:3",
                                                   "main /src/app.c:33:7"});
}

TEST_CASE("threads asking for the same sites' ids get the same ids") {
  constexpr int kThreads = 4;
  constexpr size_t kCount = 3000;  // enough to grow the id table while they race
  static std::vector<interlock_site> sites(kCount);
  for (size_t i = 0; i < kCount; i++) sites[i] = {"s", "/src/ids.c", unsigned(i + 1), 0, nullptr};
  std::atomic<int> ready{0};
  std::vector<std::vector<uint32_t>> ids(kThreads, std::vector<uint32_t>(kCount));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      for (size_t k = 0; k < kCount; k++) {
        size_t i = t % 2 ? kCount - 1 - k : k;
        ids[t][i] = interlock::site_id(&sites[i]);
      }
    });
  }
  for (std::thread &th : threads) th.join();
  size_t differing = 0;
  for (int t = 1; t < kThreads; t++)
    for (size_t i = 0; i < kCount; i++) differing += ids[t][i] != ids[0][i];
  CHECK(differing == 0);
  std::set<uint32_t> distinct(ids[0].begin(), ids[0].end());
  CHECK(distinct.size() == kCount);
  CHECK(distinct.count(0) == 0);
}

TEST_CASE("threads adding children to one parent at once get one node per child") {
  // A parent lists its first children and sends the rest to the table: threads racing to add
  // the same children cross that boundary together.
  constexpr int kThreads = 4;
  constexpr size_t kChildren = 40;
  constexpr size_t kParents = 200;
  std::vector<const ContextNode *> parents;
  for (size_t p = 0; p < kParents; p++)
    parents.push_back(intern_context(nullptr, nullptr, key(5, p), key(5, 100000)));
  std::atomic<int> ready{0};
  std::vector<std::vector<const ContextNode *>> results(
      kThreads, std::vector<const ContextNode *>(kParents * kChildren));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      std::vector<ContextCacheEntry> cache(kContextCacheSize);
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      for (size_t p = 0; p < kParents; p++)
        for (size_t k = 0; k < kChildren; k++) {
          size_t c = t % 2 ? kChildren - 1 - k : k;
          results[t][p * kChildren + c] =
              intern_context(t < 2 ? cache.data() : nullptr, parents[p], key(5, 200000 + c), nullptr);
        }
    });
  }
  for (std::thread &th : threads) th.join();
  size_t differing = 0, wrong = 0;
  for (int t = 1; t < kThreads; t++)
    for (size_t i = 0; i < results[0].size(); i++) differing += results[t][i] != results[0][i];
  for (size_t i = 0; i < results[0].size(); i++) {
    const ContextNode *n = results[0][i];
    wrong += n->parent != parents[i / kChildren] || n->a != key(5, 200000 + i % kChildren) || n->b;
  }
  CHECK(differing == 0);
  CHECK(wrong == 0);
  CHECK(std::set<const ContextNode *>(results[0].begin(), results[0].end()).size() ==
        kParents * kChildren);
}

TEST_CASE("a parent's first children stay the same nodes once its list is full") {
  // The first children live in the parent's list; once it fills, lookups go to the table, which
  // must hand back those very nodes, not new ones.
  constexpr size_t kChildren = 30;
  const ContextNode *parent = intern_context(nullptr, nullptr, key(9, 0), key(9, 1));
  std::vector<const ContextNode *> first;
  for (size_t c = 0; c < kChildren; c++)
    first.push_back(intern_context(nullptr, parent, key(9, 10 + c), nullptr));
  CHECK(std::set<const ContextNode *>(first.begin(), first.end()).size() == kChildren);
  std::vector<ContextCacheEntry> cache(kContextCacheSize);
  int in_runtime = 0;
  size_t differing = 0;
  for (size_t c = 0; c < kChildren; c++) {
    differing += intern_context(nullptr, parent, key(9, 10 + c), nullptr) != first[c];
    differing += intern_context(cache.data(), parent, key(9, 10 + c), nullptr) != first[c];
    differing += interlock::intern_context_outside_runtime(cache.data(), parent, key(9, 10 + c),
                                                           nullptr, &in_runtime) != first[c];
  }
  CHECK(differing == 0);
  CHECK(in_runtime == 0);
}
