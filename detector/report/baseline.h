// Baseline files: the keys of findings that are already known, so CI fails only on new ones.
//
// Format: {"interlock_baseline": 1, "keys": ["<16 lower-case hex digits>", ...]}. Reading is
// strict (other versions, a missing or non-array "keys", a key that is not 16 hex digits, and
// unknown members are errors, so a typo cannot silently make every finding "new"); writing gives
// the keys sorted, one per line, so a baseline diffs well under version control.
//
// Tool-side code: uses the standard library. Thread-safety: a Baseline is a plain value.
#ifndef INTERLOCK_DETECTOR_REPORT_BASELINE_H
#define INTERLOCK_DETECTOR_REPORT_BASELINE_H

#include <cstdint>
#include <set>
#include <string>

#include "detector/report/report_reader.h"

namespace interlock::report {

constexpr int kBaselineVersion = 1;

struct Baseline {
  std::set<uint64_t> keys;
  bool contains(uint64_t key) const { return keys.count(key) != 0; }
};

// Parses `text` (read from `name`, used in errors). False with `error` on malformed input.
bool parse_baseline(const std::string &name, const std::string &text, Baseline *baseline,
                    InputError *error);

// Reads and parses the file at `path`.
bool read_baseline(const std::string &path, Baseline *baseline, InputError *error);

// The file's text for `baseline`, ending with a newline.
std::string format_baseline(const Baseline &baseline);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_BASELINE_H
