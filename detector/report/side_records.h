// Reading the per-process records Interlock writes next to a report (interlock.*.file-locks,
// joined by file_lock_orders.h; interlock.*.file-events, joined by file_content_races.h): one
// JSON object per line, with the same field and stack shapes. The joins share these readers.
//
// Tool-side (std, allocates). Thread-safety: none; each call reads its arguments only.
#ifndef INTERLOCK_DETECTOR_REPORT_SIDE_RECORDS_H
#define INTERLOCK_DETECTOR_REPORT_SIDE_RECORDS_H

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "detector/json/json.h"
#include "detector/report/report.h"

namespace interlock::report {

// Calls visit(line_number, value) for each whole line of `text` (numbered from 1), `value` its
// JSON object or nullopt when it is not JSON, until visit returns false; returns the number of
// whole lines. A last line without its newline was cut short by the process's death and is left
// out.
template <class Visit>
std::size_t for_each_record_line(const std::string &text, Visit visit) {
  std::size_t line_number = 0;
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) break;
    ++line_number;
    std::optional<json::Value> value = json::parse(text.substr(begin, end - begin));
    begin = end + 1;
    if (!visit(line_number, value)) break;
  }
  return line_number;
}

// object[name] as a non-negative integer; false when missing or not one.
bool read_record_uint(const json::Value &object, const char *name, uint64_t *out);
// object[name] as a string; false when missing or not one.
bool read_record_string(const json::Value &object, const char *name, std::string *out);
// A stack: an array of frames ({function, file, line, column, module}; function required). The
// frames point into `strings`, which must outlive them. False when `array` is not one.
bool read_record_frames(const json::Value &array, std::deque<std::string> *strings,
                        std::vector<Frame> *frames);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_SIDE_RECORDS_H
