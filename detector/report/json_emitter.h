// A streaming JSON writer that places commas, colons and indentation, so the report writers only
// say what goes where.
//
// Contract: the caller emits a well-formed sequence (key before every object member, matching
// begin/end); misuse or nesting deeper than kMaxDepth is not checked beyond making ok() false,
// and the output is then unspecified. Strings are escaped per RFC 8259: '"', '\\' and control
// characters are escaped (\n, \t, ... or \u00XX), valid UTF-8 passes through unchanged, and each
// byte that is not part of valid UTF-8 becomes \ufffd so the output is always valid JSON.
// With `pretty`, members go one per line indented by two spaces, except inside containers begun
// with `inline_layout`, which stay on one line ({"a": 1, "b": 2}). No allocation, no libstdc++.
// Thread-safety: not synchronized; one emitter per thread.
#ifndef INTERLOCK_DETECTOR_REPORT_JSON_EMITTER_H
#define INTERLOCK_DETECTOR_REPORT_JSON_EMITTER_H

#include <stddef.h>
#include <stdint.h>

#include "detector/report/sink.h"

namespace interlock::report {

// Writes `size` bytes of `text` as a JSON string literal, quotes included.
void write_json_string(Sink &sink, const char *text, size_t size);

class JsonEmitter {
 public:
  static constexpr int kMaxDepth = 32;

  JsonEmitter(Sink &sink, bool pretty) : sink_(sink), pretty_(pretty) {}
  JsonEmitter(const JsonEmitter &) = delete;
  JsonEmitter &operator=(const JsonEmitter &) = delete;

  void begin_object(bool inline_layout = false);
  void end_object();
  void begin_array(bool inline_layout = false);
  void end_array();
  void key(const char *name);

  void string(const char *text);  // null writes JSON null
  void string(const char *text, size_t size);
  void hex_string(uint64_t value);  // "0x1a2b"
  void uint(uint64_t value);
  void int64(int64_t value);
  void boolean(bool value);
  void null();

  // Ends the document with a newline (pretty mode only; compact output stays one line).
  void finish();

  bool ok() const { return ok_; }
  Sink &sink() { return sink_; }

 private:
  struct Level {
    bool inline_layout;
    bool has_children;
  };

  void before_value();
  void begin(char open, bool inline_layout);
  void end(char close);
  void newline_and_indent(int depth);

  Sink &sink_;
  bool pretty_;
  bool ok_ = true;
  bool after_key_ = false;
  int depth_ = 0;
  Level levels_[kMaxDepth] = {};
};

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_JSON_EMITTER_H
