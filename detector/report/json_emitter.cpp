#include "detector/report/json_emitter.h"

#include <string.h>

namespace interlock::report {

namespace {

// Length of the valid UTF-8 sequence starting at `p` (at most `left` bytes available), or 0 when
// the bytes there are not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF
// included).
size_t utf8_sequence_length(const unsigned char *p, size_t left) {
  unsigned char lead = p[0];
  size_t length;
  unsigned char second_min = 0x80, second_max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) second_min = 0xa0;
    if (lead == 0xed) second_max = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) second_min = 0x90;
    if (lead == 0xf4) second_max = 0x8f;
  } else {
    return 0;
  }
  if (left < length) return 0;
  if (p[1] < second_min || p[1] > second_max) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (p[i] < 0x80 || p[i] > 0xbf) return 0;
  }
  return length;
}

}  // namespace

void write_json_string(Sink &sink, const char *text, size_t size) {
  const unsigned char *p = reinterpret_cast<const unsigned char *>(text);
  sink.put_char('"');
  size_t run_start = 0;  // bytes [run_start, i) pass through unchanged
  size_t i = 0;
  auto flush_run = [&] {
    if (i > run_start) sink.write(text + run_start, i - run_start);
  };
  while (i < size) {
    unsigned char c = p[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t length = utf8_sequence_length(p + i, size - i);
      if (length > 0) {
        i += length;
        continue;
      }
    }
    flush_run();
    switch (c) {
      case '"': sink.write("\\\"", 2); break;
      case '\\': sink.write("\\\\", 2); break;
      case '\b': sink.write("\\b", 2); break;
      case '\f': sink.write("\\f", 2); break;
      case '\n': sink.write("\\n", 2); break;
      case '\r': sink.write("\\r", 2); break;
      case '\t': sink.write("\\t", 2); break;
      default:
        if (c < 0x20) {
          sink.write("\\u00", 4);
          sink.put_hex_fixed(c, 2);
        } else {
          sink.write("\\ufffd", 6);  // a byte that is not valid UTF-8
        }
    }
    ++i;
    run_start = i;
  }
  flush_run();
  sink.put_char('"');
}

void JsonEmitter::newline_and_indent(int depth) {
  sink_.put_char('\n');
  sink_.put_repeated(' ', static_cast<size_t>(depth) * 2);
}

void JsonEmitter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ == 0) return;
  Level &level = levels_[depth_ - 1];
  if (level.has_children) sink_.put_char(',');
  if (pretty_) {
    if (!level.inline_layout) {
      newline_and_indent(depth_);
    } else if (level.has_children) {
      sink_.put_char(' ');
    }
  }
  level.has_children = true;
}

void JsonEmitter::begin(char open, bool inline_layout) {
  before_value();
  sink_.put_char(open);
  if (depth_ == kMaxDepth) {
    ok_ = false;
    return;
  }
  bool parent_inline = depth_ > 0 && levels_[depth_ - 1].inline_layout;
  levels_[depth_++] = Level{inline_layout || parent_inline, false};
}

void JsonEmitter::end(char close) {
  if (depth_ == 0) {
    ok_ = false;
    return;
  }
  const Level &level = levels_[--depth_];
  if (pretty_ && level.has_children && !level.inline_layout) newline_and_indent(depth_);
  sink_.put_char(close);
}

void JsonEmitter::begin_object(bool inline_layout) { begin('{', inline_layout); }
void JsonEmitter::end_object() { end('}'); }
void JsonEmitter::begin_array(bool inline_layout) { begin('[', inline_layout); }
void JsonEmitter::end_array() { end(']'); }

void JsonEmitter::key(const char *name) {
  before_value();
  write_json_string(sink_, name, strlen(name));
  sink_.write(pretty_ ? ": " : ":", pretty_ ? 2 : 1);
  after_key_ = true;
}

void JsonEmitter::string(const char *text) {
  if (text == nullptr) {
    null();
    return;
  }
  string(text, strlen(text));
}

void JsonEmitter::string(const char *text, size_t size) {
  before_value();
  write_json_string(sink_, text, size);
}

void JsonEmitter::hex_string(uint64_t value) {
  before_value();
  sink_.put_char('"');
  sink_.put_hex(value);
  sink_.put_char('"');
}

void JsonEmitter::uint(uint64_t value) {
  before_value();
  sink_.put_uint(value);
}

void JsonEmitter::int64(int64_t value) {
  before_value();
  sink_.put_int(value);
}

void JsonEmitter::boolean(bool value) {
  before_value();
  sink_.put(value ? "true" : "false");
}

void JsonEmitter::null() {
  before_value();
  sink_.put("null");
}

void JsonEmitter::finish() {
  if (depth_ != 0) ok_ = false;
  if (pretty_) sink_.put_char('\n');
}

}  // namespace interlock::report
