// Reading the per-process records Interlock writes next to a report (interlock.*.file-locks,
// joined by file_lock_orders.h; interlock.*.file-events, joined by file_content_races.h): one
// JSON object per line, with the same field and stack shapes. The joins share these readers.
//
// Tool-side (std, allocates). Thread-safety: none; each call reads its arguments only.
#ifndef INTERLOCK_DETECTOR_REPORT_SIDE_RECORDS_H
#define INTERLOCK_DETECTOR_REPORT_SIDE_RECORDS_H

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "detector/json/json.h"
#include "detector/report/report.h"

namespace interlock::report {

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
