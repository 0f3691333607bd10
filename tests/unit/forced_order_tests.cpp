// The forced order's deficits (detector/race/forced_order.h) and the race check's predictions
// (detector/race/shadow_cell.h's Present), driven by hand-made clocks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "detector/race/forced_order.h"
#include "race_test_support.h"

using namespace interlock::race;
using interlock::race::testing::HeapMemory;

namespace {

constexpr Tid kT1 = 1, kT2 = 2, kT3 = 3;

VectorClock clock_of(HeapMemory &mem, std::initializer_list<std::pair<Tid, Clock>> entries) {
  VectorClock c;
  for (auto [tid, value] : entries) c.set(tid, value, mem);
  return c;
}

// A mutex unlocked by `releaser` (clock `released`, forced deficits `deficits`, knowing its own
// events forcedly up to `own`), as the runtime publishes it.
Deficits published_by(Tid releaser, const Deficits &deficits, Clock own, uint64_t lock) {
  Deficits published = deficits;
  published.put({releaser, own, lock, /*released_at=*/0x10, 0, 0});
  return published;
}

class NeverConfirms final : public ForcedOrderConfirmer {
 public:
  bool confirm(const Conflict &) override {
    calls++;
    return false;
  }
  int calls = 0;
};

class ConfirmsBy final : public ForcedOrderConfirmer {
 public:
  ConfirmsBy(Deficits &d, const VectorClock &lock_clock, const VectorClock &observed)
      : d_(d), lock_clock_(lock_clock), observed_(observed) {}
  bool confirm(const Conflict &earlier) override {
    absorb(d_, lock_clock_, observed_, kT2, nullptr);
    return d_.covers(earlier.record);
  }

 private:
  Deficits &d_;
  const VectorClock &lock_clock_;
  const VectorClock &observed_;
};

}  // namespace

TEST_CASE("a lock taken after an unlock leaves the forced order short of the releaser") {
  HeapMemory mem;
  // T1 at clock 5 unlocks m; T2 (at 3, knowing nothing of T1) locks it.
  VectorClock t1 = clock_of(mem, {{kT1, 5}});
  VectorClock lock_clock = t1;
  Deficits lock{};
  join_unforced(lock, VectorClock{}, published_by(kT1, Deficits{}, 0, 0x100), t1, ~0u, nullptr, 0);
  VectorClock t2 = clock_of(mem, {{kT2, 3}});
  Deficits t2_forced{};
  Clock t2_own = 0;
  join_unforced(t2_forced, t2, lock, lock_clock, kT2, &t2_own, /*acquired_at=*/0x20);
  t2.join(lock_clock, mem);

  REQUIRE(t2_forced.count == 1);
  CHECK(t2_forced.entry[0].tid == kT1);
  CHECK(t2_forced.entry[0].forced == 0);
  CHECK(t2_forced.entry[0].lock == 0x100);
  CHECK(t2_forced.entry[0].acquired_at == 0x20);
  CHECK(t2_forced.entry[0].acquired_by == kT2);
  // T1's write at 4 happens before T2 now, but is not forced before it.
  CHECK(t2.covers(make_record(kT1, 4, 0xff, false)));
  CHECK_FALSE(t2_forced.covers(make_record(kT1, 4, 0xff, false)));

  SECTION("a lock call may name its thread other than by the clock index") {
    // (The runtime's threads share clock slots in turn; reports name them by a number.)
    Deficits named{};
    Clock own = 0;
    join_unforced(named, clock_of(mem, {{kT2, 3}}), lock, lock_clock, kT2, &own,
                  [] { return LockCall{0x30, 4711}; });
    REQUIRE(named.count == 1);
    CHECK(named.entry[0].acquired_at == 0x30);
    CHECK(named.entry[0].acquired_by == 4711);
  }
}

TEST_CASE("a forced edge carrying the releaser's clock clears the deficit") {
  HeapMemory mem;
  Deficits d{};
  d.put({kT1, 0, 0x100, 0, 0, 0});
  VectorClock observed = clock_of(mem, {{kT1, 5}, {kT2, 3}});
  Clock own = 0;
  // A release store by T1 at 6 acquired by T2.
  VectorClock incoming = clock_of(mem, {{kT1, 6}, {kT2, 2}});
  observed.join(incoming, mem);
  CHECK(absorb(d, incoming, observed, kT2, &own));
  CHECK(d.count == 0);
  CHECK(own == 2);  // what T1 knew of T2's own events, forcedly
  // The same edge again brings nothing new: the forced order says it did not change (a mutex
  // stamped with the thread's forced order still describes it).
  CHECK_FALSE(absorb(d, incoming, observed, kT2, &own));
}

TEST_CASE("a forced edge carrying less than happens-before knows only raises the deficit") {
  HeapMemory mem;
  Deficits d{};
  d.put({kT1, 1, 0x100, 0, 0, 0});
  VectorClock observed = clock_of(mem, {{kT1, 9}});
  CHECK(absorb(d, clock_of(mem, {{kT1, 4}}), observed, kT2, nullptr));
  REQUIRE(d.count == 1);
  CHECK(d.entry[0].forced == 4);
  CHECK_FALSE(absorb(d, clock_of(mem, {{kT1, 3}}), observed, kT2, nullptr));
  CHECK(d.entry[0].forced == 4);
}

TEST_CASE("forced knowledge travels across an unforced edge (composition)") {
  HeapMemory mem;
  // T2 knows T1 up to 7 forcedly (a release/acquire), then unlocks m at 4; T3 locks m.
  VectorClock t2 = clock_of(mem, {{kT1, 7}, {kT2, 4}});
  Deficits lock{};
  join_unforced(lock, VectorClock{}, published_by(kT2, Deficits{}, 0, 0x100), t2, ~0u, nullptr, 0);
  VectorClock t3 = clock_of(mem, {{kT3, 1}});
  Deficits t3_forced{};
  join_unforced(t3_forced, t3, lock, t2, kT3, nullptr, 0x30);
  t3.join(t2, mem);
  CHECK(t3_forced.covers(make_record(kT1, 7, 1, false)));   // forced before T2's acquire
  CHECK_FALSE(t3_forced.covers(make_record(kT2, 3, 1, false)));  // T2's own: only by the lock
}

TEST_CASE("more deficits than fit forget one, which orders more, never less") {
  Deficits d{};
  for (Tid t = 1; t <= kMaxDeficits + 1; t++) d.put({t, 0, 0x100, 0, 0, 0});
  CHECK(d.count == kMaxDeficits);
  CHECK(d.covers(make_record(1, 99, 1, false)));  // forgotten: taken as forced
  CHECK_FALSE(d.covers(make_record(kMaxDeficits + 1, 99, 1, false)));
}

TEST_CASE("the race check notes an access ordered only by an unforced edge as predicted") {
  HeapMemory mem;
  ShadowCell cell{};
  Conflict conflict;
  VectorClock t1 = clock_of(mem, {{kT1, 4}});
  REQUIRE_FALSE(check_and_record(cell, make_record(kT1, 4, 0x0f, false), 0x1000, true, t1, mem,
                                 &conflict));
  VectorClock t2 = clock_of(mem, {{kT1, 5}, {kT2, 2}});  // happens-before covers T1's write
  Deficits d{};
  d.put({kT1, 0, 0x100, 0, 0, 0});
  NeverConfirms confirmer;
  Present now(t2, &d, &confirmer);
  CHECK_FALSE(check_and_record(cell, make_record(kT2, 2, 0x0f, false), 0x2000, true, now, mem,
                               &conflict));
  REQUIRE(now.has_predicted);
  CHECK(record_tid(now.predicted.record) == kT1);
  CHECK(now.predicted.context == 0x1000);
  CHECK(now.predicted.is_write);
  CHECK(confirmer.calls == 1);
}

TEST_CASE("no prediction when the accesses do not conflict, or the forced order covers them") {
  HeapMemory mem;
  Conflict conflict;
  VectorClock t1 = clock_of(mem, {{kT1, 4}});
  VectorClock t2 = clock_of(mem, {{kT1, 5}, {kT2, 2}});
  Deficits d{};
  d.put({kT1, 0, 0x100, 0, 0, 0});
  NeverConfirms confirmer;
  SECTION("other bytes") {
    ShadowCell cell{};
    check_and_record(cell, make_record(kT1, 4, 0x0f, false), 0x1000, true, t1, mem, &conflict);
    Present now(t2, &d, &confirmer);
    check_and_record(cell, make_record(kT2, 2, 0xf0, false), 0x2000, true, now, mem, &conflict);
    CHECK_FALSE(now.has_predicted);
  }
  SECTION("two reads") {
    ShadowCell cell{};
    check_and_record(cell, make_record(kT1, 4, 0xff, false), 0x1000, false, t1, mem, &conflict);
    Present now(t2, &d, &confirmer);
    check_and_record(cell, make_record(kT2, 2, 0xff, false), 0x2000, false, now, mem, &conflict);
    CHECK_FALSE(now.has_predicted);
  }
  SECTION("a deficit below the access") {
    ShadowCell cell{};
    check_and_record(cell, make_record(kT1, 4, 0xff, false), 0x1000, true, t1, mem, &conflict);
    Deficits later{};
    later.put({kT1, 4, 0x100, 0, 0, 0});
    Present now(t2, &later, &confirmer);
    check_and_record(cell, make_record(kT2, 2, 0xff, false), 0x2000, true, now, mem, &conflict);
    CHECK_FALSE(now.has_predicted);
    CHECK(confirmer.calls == 0);
  }
}

TEST_CASE("a confirmed critical section (rule a) is no prediction") {
  HeapMemory mem;
  ShadowCell cell{};
  Conflict conflict;
  VectorClock t1 = clock_of(mem, {{kT1, 4}});
  check_and_record(cell, make_record(kT1, 4, 0xff, false), 0x1000, true, t1, mem, &conflict);
  VectorClock t2 = clock_of(mem, {{kT1, 5}, {kT2, 2}});
  Deficits d{};
  d.put({kT1, 0, 0x100, 0, 0, 0});
  VectorClock lock_clock = clock_of(mem, {{kT1, 5}});
  ConfirmsBy confirmer(d, lock_clock, t2);
  Present now(t2, &d, &confirmer);
  check_and_record(cell, make_record(kT2, 2, 0xff, false), 0x2000, false, now, mem, &conflict);
  CHECK_FALSE(now.has_predicted);
  CHECK(d.count == 0);
}

namespace {

// The unforced join as forced_order.h defines it, written plainly (the sender's forced clock at a
// thread is its lowest entry there or its happens-before entry): the model both of the header's
// versions must match.
void reference_join(Deficits &into, const VectorClock &into_observed, const Deficits &from,
                    const VectorClock &from_observed, Tid self, Clock *self_forced,
                    uint64_t acquired_at, const ForcedDeficit *also) {
  std::vector<ForcedDeficit> sent(from.entry, from.entry + from.count);
  if (also) sent.push_back(*also);
  auto sent_forced = [&](Tid tid) {
    Clock forced = from_observed.get(tid);
    for (const ForcedDeficit &f : sent)
      if (f.tid == tid && f.forced < forced) forced = f.forced;
    return forced;
  };
  auto observed_after = [&](Tid tid) {
    return std::max(into_observed.get(tid), from_observed.get(tid));
  };
  if (self_forced) *self_forced = std::max(*self_forced, sent_forced(self));
  for (uint32_t i = into.count; i-- > 0;) {
    ForcedDeficit &e = into.entry[i];
    e.forced = std::max(e.forced, sent_forced(e.tid));
    if (e.forced >= observed_after(e.tid)) into.remove(i);
  }
  for (const ForcedDeficit &f : sent) {
    if ((f.tid == self && self_forced) || into.find(f.tid)) continue;
    const Clock forced = std::max(into_observed.get(f.tid), sent_forced(f.tid));
    if (forced >= observed_after(f.tid)) continue;
    ForcedDeficit d = f;
    d.forced = forced;
    if (self_forced && d.acquired_at == 0) {
      d.acquired_at = acquired_at;
      d.acquired_by = self;
    }
    into.put(d);
  }
}

}  // namespace

// join_unforced() writes out the shapes lock calls and unlocks almost always take, and keeps a
// general version for the rest; whatever the shape, both must leave the same deficits (entries,
// order and evidence) and the same own clock as the plain model.
TEST_CASE("join_unforced's written-out shapes and its general version agree with the model") {
  HeapMemory mem;
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&](uint64_t bound) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state % bound;
  };
  // A list of up to `most` entries for distinct threads other than `excluded`, each below what
  // `observed` knows of it (the invariant the runtime keeps).
  auto random_deficits = [&](uint32_t most, Tid excluded, const VectorClock &observed) {
    Deficits d{};
    const uint32_t count = uint32_t(next(most + 1));
    for (uint32_t i = 0; i < count; i++) {
      const Tid tid = Tid(next(5));
      if (tid == excluded || d.find(tid) || observed.get(tid) == 0) continue;
      d.put({tid, Clock(next(observed.get(tid))), 0x100 + tid, 0x200 + i, next(2) ? 0x300u : 0u,
             next(2) ? kT3 : Tid(0)});
    }
    return d;
  };
  auto random_clock = [&] {
    VectorClock c;
    for (Tid t = 0; t < 5; t++) c.set(t, Clock(next(6)), mem);
    return c;
  };
  auto same = [](const Deficits &a, const Deficits &b) {
    if (a.count != b.count) return false;
    for (uint32_t i = 0; i < a.count; i++) {
      const ForcedDeficit &x = a.entry[i], &y = b.entry[i];
      if (x.tid != y.tid || x.forced != y.forced || x.lock != y.lock ||
          x.released_at != y.released_at || x.acquired_at != y.acquired_at ||
          x.acquired_by != y.acquired_by)
        return false;
    }
    return true;
  };
  int fast_shapes = 0;
  for (int round = 0; round < 20000; round++) {
    const VectorClock into_observed = random_clock(), from_observed = random_clock();
    const bool lock_call = next(2) != 0;  // a thread receives (names itself), or a mutex
    constexpr Tid kNoThread = ~0u;  // a mutex receives
    const Tid self = lock_call ? Tid(next(5)) : kNoThread;
    const Tid unlocker = Tid(next(5));
    Deficits into = random_deficits(next(2) ? 1 : kMaxDeficits, self, into_observed);
    const Deficits from = random_deficits(next(2) ? 1 : kMaxDeficits, lock_call ? kNoThread : unlocker,
                                          from_observed);
    ForcedDeficit also{unlocker, Clock(next(6)), 0x400, 0x500, 0, kNoThread};
    const bool with_also = !lock_call && next(2) != 0;
    Clock own_fast = Clock(next(4)), own_general = own_fast, own_model = own_fast;
    Deficits general = into, model = into;
    const bool fast_shape = from.count == 0 || (into.count == 0 && from.count == 1 && !with_also);
    join_unforced(into, into_observed, from, from_observed, self, lock_call ? &own_fast : nullptr,
                  0x600, with_also ? &also : nullptr);
    join_unforced_general(general, into_observed, from, from_observed, self,
                          lock_call ? &own_general : nullptr, 0x600, with_also ? &also : nullptr);
    reference_join(model, into_observed, from, from_observed, self,
                   lock_call ? &own_model : nullptr, 0x600, with_also ? &also : nullptr);
    INFO("round " << round);
    REQUIRE(same(into, model));
    REQUIRE(same(general, model));
    REQUIRE(own_fast == own_model);
    REQUIRE(own_general == own_model);
    if (fast_shape) fast_shapes++;
  }
  CHECK(fast_shapes > 1000);  // the written-out shapes were exercised, not only the general one
}

TEST_CASE("nothing to predict is said only where the check could predict nothing") {
  // The runtime asks nothing_to_predict() before choosing the check without predictions: it
  // must be false wherever the check with them would note a prediction.
  HeapMemory mem;
  Conflict conflict;
  VectorClock t1 = clock_of(mem, {{kT1, 4}});
  VectorClock t2 = clock_of(mem, {{kT1, 5}, {kT2, 2}});  // happens-before covers T1's accesses
  Deficits short_of_t1{};
  short_of_t1.put({kT1, 0, 0x100, 0, 0, 0});
  Deficits covering_t1{};
  covering_t1.put({kT1, 4, 0x100, 0, 0, 0});
  NeverConfirms confirmer;
  auto predicts = [&](ShadowCell cell, bool is_write, const Deficits &d) {
    Present now(t2, &d, &confirmer);
    check_and_record(cell, make_record(kT2, 2, 0xff, false), 0x2000, is_write, now, mem,
                     &conflict);
    return now.has_predicted;
  };
  // A cell that recorded `record` (by the thread whose clock is `clock`).
  auto after = [&](uint64_t record, bool is_write, const VectorClock &clock) {
    ShadowCell cell{};
    check_and_record(cell, record, 0x1000, is_write, clock, mem, &conflict);
    return cell;
  };
  SECTION("another thread's write the forced order does not cover") {
    const ShadowCell cell = after(make_record(kT1, 4, 0xff, false), true, t1);
    for (bool is_write : {false, true}) {
      CHECK_FALSE(nothing_to_predict(cell, is_write, short_of_t1));
      CHECK(predicts(cell, is_write, short_of_t1));
      CHECK(nothing_to_predict(cell, is_write, covering_t1));
      CHECK_FALSE(predicts(cell, is_write, covering_t1));
    }
  }
  SECTION("another thread's read: only a write can be predicted to race with it") {
    const ShadowCell cell = after(make_record(kT1, 4, 0xff, false), false, t1);
    CHECK(nothing_to_predict(cell, false, short_of_t1));
    CHECK_FALSE(predicts(cell, false, short_of_t1));
    CHECK_FALSE(nothing_to_predict(cell, true, short_of_t1));
    CHECK(predicts(cell, true, short_of_t1));
  }
  SECTION("the thread's own accesses") {
    const VectorClock earlier_t2 = clock_of(mem, {{kT2, 1}});
    const ShadowCell cell = after(make_record(kT2, 1, 0xff, false), true, earlier_t2);
    CHECK(nothing_to_predict(cell, true, short_of_t1));
    CHECK_FALSE(predicts(cell, true, short_of_t1));
  }
  SECTION("a split cell is looked into by the check") {
    ShadowCell cell = after(make_record(kT1, 3, 0xff, false), true, t1);
    check_and_record(cell, make_record(kT1, 4, 0x01, false), 0x1008, true, t1, mem, &conflict);
    REQUIRE(is_pointer(cell.write));
    CHECK_FALSE(nothing_to_predict(cell, true, covering_t1));
  }
}
