// Access records: one thread's access at one point of its logical time, packed in 64 bits.
//
//   bits 63..32  clock   the accessing thread's own clock component at the access
//   bits 31..9   tid     the accessing thread (up to 8,388,607 threads)
//   bit  8       atomic  the access was an atomic operation
//   bits 7..0    mask    which bytes of the 8-byte granule were touched
//
// A record of 0 means "no access": clocks start at 1. Pure value type; thread-safe to copy.
#ifndef INTERLOCK_DETECTOR_RACE_EPOCH_H
#define INTERLOCK_DETECTOR_RACE_EPOCH_H

#include <stdint.h>

namespace interlock::race {

using Tid = uint32_t;
using Clock = uint32_t;

constexpr Tid kMaxTid = (1u << 23) - 1;
constexpr uint64_t kMaskBits = 0xff;
constexpr uint64_t kAtomicBit = 0x100;
constexpr uint64_t kEpochBits = ~(kMaskBits | kAtomicBit);

// The epoch part of a record (clock and tid), as kept by each thread for its fast path.
constexpr uint64_t make_epoch(Tid tid, Clock clock) {
  return (uint64_t(clock) << 32) | (uint64_t(tid) << 9);
}

constexpr uint64_t make_record(Tid tid, Clock clock, uint8_t mask, bool atomic) {
  return make_epoch(tid, clock) | (atomic ? kAtomicBit : 0) | mask;
}

constexpr Tid record_tid(uint64_t r) { return Tid((r >> 9) & kMaxTid); }
constexpr Clock record_clock(uint64_t r) { return Clock(r >> 32); }
constexpr uint8_t record_mask(uint64_t r) { return uint8_t(r & kMaskBits); }
constexpr bool record_atomic(uint64_t r) { return (r & kAtomicBit) != 0; }

// Byte mask of an access of `size` bytes at offset `offset` inside its granule (size+offset <= 8).
constexpr uint8_t granule_mask(unsigned offset, unsigned size) {
  return uint8_t(((size >= 8 ? 0x100u : (1u << size)) - 1) << offset);
}

}  // namespace interlock::race

#endif  // INTERLOCK_DETECTOR_RACE_EPOCH_H
