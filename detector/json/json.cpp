#include "detector/json/json.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>

namespace interlock::json {

// ---------------------------------------------------------------- Value

namespace {

const Value &null_value() {
  static const Value kNull;
  return kNull;
}

// Integral doubles within +-2^63 convert exactly; 2^63 itself does not fit.
bool exact_int64(double d, std::int64_t *out) {
  if (!std::isfinite(d) || d != std::floor(d)) return false;
  if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) return false;
  *out = static_cast<std::int64_t>(d);
  return true;
}

}  // namespace

Value::Value(double d) : type_(Type::kNumber), number_(d) {
  is_integral_ = exact_int64(d, &integer_);
}

Value Value::from_integer(std::int64_t i) {
  Value v;
  v.type_ = Type::kNumber;
  v.number_ = static_cast<double>(i);
  v.integer_ = i;
  v.is_integral_ = true;
  return v;
}

const std::string &Value::as_string() const {
  static const std::string kEmpty;
  return type_ == Type::kString ? string_ : kEmpty;
}

const Array &Value::elements() const {
  static const Array kEmpty;
  return type_ == Type::kArray ? array_ : kEmpty;
}

const Object &Value::members() const {
  static const Object kEmpty;
  return type_ == Type::kObject ? object_ : kEmpty;
}

std::size_t Value::size() const {
  if (type_ == Type::kArray) return array_.size();
  if (type_ == Type::kObject) return object_.size();
  return 0;
}

const Value &Value::at(std::size_t index) const {
  if (type_ != Type::kArray || index >= array_.size()) return null_value();
  return array_[index];
}

const Value *Value::find(std::string_view key) const {
  if (type_ != Type::kObject) return nullptr;
  for (const Member &member : object_) {
    if (member.first == key) return &member.second;
  }
  return nullptr;
}

const Value &Value::operator[](std::string_view key) const {
  const Value *found = find(key);
  return found != nullptr ? *found : null_value();
}

void Value::push_back(Value element) {
  if (type_ == Type::kNull) type_ = Type::kArray;
  if (type_ == Type::kArray) array_.push_back(std::move(element));
}

void Value::set(std::string key, Value value) {
  if (type_ == Type::kNull) type_ = Type::kObject;
  if (type_ != Type::kObject) return;
  for (Member &member : object_) {
    if (member.first == key) {
      member.second = std::move(value);
      return;
    }
  }
  object_.emplace_back(std::move(key), std::move(value));
}

bool operator==(const Value &a, const Value &b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case Type::kNull: return true;
    case Type::kBool: return a.bool_ == b.bool_;
    case Type::kNumber:
      if (a.is_integral_ && b.is_integral_) return a.integer_ == b.integer_;
      return a.number_ == b.number_;
    case Type::kString: return a.string_ == b.string_;
    case Type::kArray: return a.array_ == b.array_;
    case Type::kObject:
      // Members are unordered in JSON: equal when each member of one has an equal twin.
      if (a.object_.size() != b.object_.size()) return false;
      for (const Member &member : a.object_) {
        const Value *other = b.find(member.first);
        if (other == nullptr || !(member.second == *other)) return false;
      }
      return true;
  }
  return false;
}

// ---------------------------------------------------------------- parse

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::optional<Value> parse_document(ParseError *error) {
    skip_whitespace();
    std::optional<Value> value = parse_value(0);
    if (value) {
      skip_whitespace();
      if (pos_ < text_.size()) {
        value.reset();
        fail(pos_, "unexpected data after the JSON value");
      }
    }
    if (!value && error != nullptr) {
      locate(error_pos_, error);
      error->message = error_message_;
    }
    return value;
  }

 private:
  // Records the first error only: later failures are consequences of it.
  std::nullopt_t fail(std::size_t at, std::string message) {
    if (!failed_) {
      failed_ = true;
      error_pos_ = at;
      error_message_ = std::move(message);
    }
    return std::nullopt;
  }

  void locate(std::size_t at, ParseError *error) const {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < at && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    error->line = line;
    error->column = column;
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  void skip_whitespace() {
    while (!at_end()) {
      char c = peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++pos_;
    }
  }

  static std::string describe(char c) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
    static const char kHex[] = "0123456789abcdef";
    return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 0xf];
  }

  std::optional<Value> parse_value(int depth) {
    if (at_end()) return fail(pos_, "unexpected end of input, expected a value");
    char c = peek();
    switch (c) {
      case '{': return parse_object(depth + 1);
      case '[': return parse_array(depth + 1);
      case '"': {
        std::optional<std::string> s = parse_string();
        if (!s) return std::nullopt;
        return Value(std::move(*s));
      }
      case 't': return parse_literal("true", Value(true));
      case 'f': return parse_literal("false", Value(false));
      case 'n': return parse_literal("null", Value());
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return parse_number();
        return fail(pos_, "unexpected " + describe(c) + ", expected a value");
    }
  }

  std::optional<Value> parse_literal(std::string_view word, Value value) {
    if (text_.substr(pos_, word.size()) != word) {
      return fail(pos_, "invalid literal, expected '" + std::string(word) + "'");
    }
    pos_ += word.size();
    return value;
  }

  std::optional<Value> parse_object(int depth) {
    if (depth > kMaxDepth) return fail(pos_, "nesting too deep");
    ++pos_;  // '{'
    Value object = Value::object();
    skip_whitespace();
    if (!at_end() && peek() == '}') {
      ++pos_;
      return object;
    }
    for (;;) {
      skip_whitespace();
      if (at_end()) return fail(pos_, "unexpected end of input in object");
      if (peek() != '"') {
        if (peek() == '}') return fail(pos_, "trailing comma in object");
        return fail(pos_, "unexpected " + describe(peek()) + ", expected a member name");
      }
      std::size_t key_pos = pos_;
      std::optional<std::string> key = parse_string();
      if (!key) return std::nullopt;
      if (object.find(*key) != nullptr) return fail(key_pos, "duplicate member \"" + *key + "\"");
      skip_whitespace();
      if (at_end()) return fail(pos_, "unexpected end of input in object");
      if (peek() != ':') return fail(pos_, "unexpected " + describe(peek()) + ", expected ':'");
      ++pos_;
      skip_whitespace();
      std::optional<Value> member = parse_value(depth);
      if (!member) return std::nullopt;
      object.set(std::move(*key), std::move(*member));
      skip_whitespace();
      if (at_end()) return fail(pos_, "unexpected end of input in object");
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return object;
      }
      return fail(pos_, "unexpected " + describe(peek()) + ", expected ',' or '}'");
    }
  }

  std::optional<Value> parse_array(int depth) {
    if (depth > kMaxDepth) return fail(pos_, "nesting too deep");
    ++pos_;  // '['
    Value array = Value::array();
    skip_whitespace();
    if (!at_end() && peek() == ']') {
      ++pos_;
      return array;
    }
    for (;;) {
      skip_whitespace();
      if (!at_end() && peek() == ']') return fail(pos_, "trailing comma in array");
      std::optional<Value> element = parse_value(depth);
      if (!element) return std::nullopt;
      array.push_back(std::move(*element));
      skip_whitespace();
      if (at_end()) return fail(pos_, "unexpected end of input in array");
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return array;
      }
      return fail(pos_, "unexpected " + describe(peek()) + ", expected ',' or ']'");
    }
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  // Roughly log10 of the validated number literal [first, last): only its sign matters, to tell
  // overflow (positive) from underflow (negative) after from_chars gave up.
  static long decimal_magnitude(const char *first, const char *last) {
    const char *p = first;
    if (*p == '-') ++p;
    long magnitude = 0;
    bool seen_nonzero = false;
    for (; p < last && is_digit(*p); ++p) {
      if (*p != '0') seen_nonzero = true;
      if (seen_nonzero) ++magnitude;
    }
    if (p < last && *p == '.') {
      for (++p; p < last && is_digit(*p) && !seen_nonzero; ++p) {
        if (*p != '0') {
          seen_nonzero = true;
        } else {
          --magnitude;
        }
      }
      while (p < last && is_digit(*p)) ++p;
    }
    if (p < last && (*p == 'e' || *p == 'E')) {
      ++p;
      bool negative = *p == '-';
      if (*p == '-' || *p == '+') ++p;
      long exponent = 0;
      for (; p < last; ++p) {
        if (exponent < 100000000) exponent = exponent * 10 + (*p - '0');
      }
      magnitude += negative ? -exponent : exponent;
    }
    return magnitude;
  }

  std::optional<Value> parse_number() {
    std::size_t start = pos_;
    bool integral = true;
    if (peek() == '-') ++pos_;
    if (at_end() || !is_digit(peek())) return fail(pos_, "expected a digit");
    if (peek() == '0') {
      ++pos_;
      if (!at_end() && is_digit(peek())) return fail(pos_, "leading zero in number");
    } else {
      while (!at_end() && is_digit(peek())) ++pos_;
    }
    if (!at_end() && peek() == '.') {
      integral = false;
      ++pos_;
      if (at_end() || !is_digit(peek())) return fail(pos_, "expected a digit after '.'");
      while (!at_end() && is_digit(peek())) ++pos_;
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      integral = false;
      ++pos_;
      if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
      if (at_end() || !is_digit(peek())) return fail(pos_, "expected a digit in exponent");
      while (!at_end() && is_digit(peek())) ++pos_;
    }
    const char *first = text_.data() + start;
    const char *last = text_.data() + pos_;
    if (integral) {
      std::int64_t exact = 0;
      auto [end, ec] = std::from_chars(first, last, exact);
      if (ec == std::errc() && end == last) return Value(exact);
      // Out of int64 range: fall through and keep it as a double.
    }
    double d = 0;
    auto [end, ec] = std::from_chars(first, last, d);
    if (ec == std::errc::result_out_of_range) {
      // from_chars reports underflow the same way; a value too small for a double is zero.
      if (decimal_magnitude(first, last) > 0) return fail(start, "number out of range");
      return Value(0.0);
    }
    if (ec != std::errc() || end != last) return fail(start, "invalid number");
    return Value(d);
  }

  // Reads 4 hex digits at pos_; advances past them.
  std::optional<unsigned> parse_hex4() {
    if (text_.size() - pos_ < 4) return fail(pos_, "incomplete \\u escape");
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_];
      unsigned digit;
      if (c >= '0' && c <= '9') {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        return fail(pos_, "invalid hex digit in \\u escape");
      }
      value = value * 16 + digit;
      ++pos_;
    }
    return value;
  }

  static void append_utf8(std::string &out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  // Length of the valid UTF-8 sequence at pos_, or 0 (overlong, surrogate, > U+10FFFF, cut).
  std::size_t utf8_length_at(std::size_t at) const {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text_[at + i]); };
    unsigned char lead = byte(0);
    std::size_t length;
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
    if (text_.size() - at < length) return 0;
    if (byte(1) < second_min || byte(1) > second_max) return 0;
    for (std::size_t i = 2; i < length; ++i) {
      if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
    }
    return length;
  }

  std::optional<std::string> parse_string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (at_end()) return fail(pos_, "unterminated string");
      auto c = static_cast<unsigned char>(peek());
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) return fail(pos_, "control character in string (must be escaped)");
      if (c >= 0x80) {
        std::size_t length = utf8_length_at(pos_);
        if (length == 0) return fail(pos_, "invalid UTF-8 in string");
        out.append(text_.substr(pos_, length));
        pos_ += length;
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      std::size_t escape_pos = pos_;
      ++pos_;
      if (at_end()) return fail(pos_, "unterminated string");
      char e = peek();
      ++pos_;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::optional<unsigned> unit = parse_hex4();
          if (!unit) return std::nullopt;
          std::uint32_t cp = *unit;
          if (cp >= 0xdc00 && cp <= 0xdfff) {
            return fail(escape_pos, "unpaired low surrogate in \\u escape");
          }
          if (cp >= 0xd800 && cp <= 0xdbff) {
            if (text_.substr(pos_, 2) != "\\u") {
              return fail(escape_pos, "unpaired high surrogate in \\u escape");
            }
            std::size_t low_pos = pos_;
            pos_ += 2;
            std::optional<unsigned> low = parse_hex4();
            if (!low) return std::nullopt;
            if (*low < 0xdc00 || *low > 0xdfff) {
              return fail(low_pos, "high surrogate not followed by a low surrogate");
            }
            cp = 0x10000 + ((cp - 0xd800) << 10) + (*low - 0xdc00);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return fail(escape_pos, "invalid escape '\\" + std::string(1, e) + "' in string");
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  std::size_t error_pos_ = 0;
  std::string error_message_;
};

}  // namespace

std::optional<Value> parse(std::string_view text, ParseError *error) {
  return Parser(text).parse_document(error);
}

// ---------------------------------------------------------------- serialize

namespace {

void serialize_string(const std::string &s, std::string &out) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void serialize_number(const Value &v, std::string &out) {
  char buffer[32];
  if (v.is_int()) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v.as_int());
    out.append(buffer, end);
    return;
  }
  double d = v.as_double();
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
  out.append(buffer, end);
}

void newline(std::string &out, bool pretty, int depth) {
  if (!pretty) return;
  out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void serialize_into(const Value &v, bool pretty, int depth, std::string &out) {
  switch (v.type()) {
    case Type::kNull: out += "null"; return;
    case Type::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Type::kNumber: serialize_number(v, out); return;
    case Type::kString: serialize_string(v.as_string(), out); return;
    case Type::kArray: {
      out += '[';
      bool first = true;
      for (const Value &element : v.elements()) {
        if (!first) out += ',';
        first = false;
        newline(out, pretty, depth + 1);
        serialize_into(element, pretty, depth + 1, out);
      }
      if (!first) newline(out, pretty, depth);
      out += ']';
      return;
    }
    case Type::kObject: {
      out += '{';
      bool first = true;
      for (const Member &member : v.members()) {
        if (!first) out += ',';
        first = false;
        newline(out, pretty, depth + 1);
        serialize_string(member.first, out);
        out += pretty ? ": " : ":";
        serialize_into(member.second, pretty, depth + 1, out);
      }
      if (!first) newline(out, pretty, depth);
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string serialize(const Value &value, bool pretty) {
  std::string out;
  serialize_into(value, pretty, 0, out);
  return out;
}

}  // namespace interlock::json
