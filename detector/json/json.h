// A small JSON (RFC 8259) DOM for Interlock's tools and tests: the e2e runner and the `interlock`
// CLI read report files with it. Not for the runtime (it allocates and uses the standard library;
// the runtime writes JSON with detector/report/json_writer.h instead).
//
// parse() and serialize() are nlohmann-json's (Debian's nlohmann-json3-dev): its SAX parser
// builds this DOM, and serialize() prints through nlohmann::ordered_json, which keeps members in
// the DOM's order. This header does not include nlohmann, so its users do not need it.
//
// Parsing is strict (RFC 8259, nothing more):
//   * exactly one value, surrounded only by JSON whitespace; any value type may be the top
//     level; a UTF-8 byte order mark before it is skipped (RFC 8259 allows ignoring one);
//   * no trailing commas, comments, single quotes, NaN/Infinity, leading '+' or leading zeros;
//   * strings: unescaped control characters are rejected, \uXXXX surrogate pairs are decoded to
//     UTF-8, a lone surrogate is an error, and the raw bytes must be valid UTF-8;
//   * numbers that overflow a double (1e400) are errors;
//   * an object with the same key twice is an error (RFC 8259 leaves the meaning open, and a
//     report file that has one is broken);
//   * nesting deeper than kMaxDepth is an error (nlohmann's parser does not recurse, but this
//     DOM's destructor does).
// Errors carry a 1-based line and a 1-based column counted in bytes, pointing at the byte where
// the problem was seen (the last byte read: for "[tru]" the ']', for a duplicate member the
// closing quote of its name), and nlohmann's description of it, e.g. "syntax error while
// parsing array - unexpected number literal; expected ']'" ("trailing comma in array" for that
// case).
//
// Numbers keep their double value and, when the value is integral and exactly representable as
// an int64 (every integer literal in int64 range, or e.g. 1e3), the exact int64 too (is_int()).
// Objects keep their members in document order.
//
// Accessors never throw: asking a value for the wrong type gives a neutral result (null Value,
// false, 0, empty string/list), so lookups chain: doc["findings"].at(0)["key"].as_string().
// Check with the is_*() predicates when the difference matters.
//
// Thread-safety: a Value is a plain value type: concurrent reads are safe, writes need exclusive
// access. parse() and serialize() keep no state.
#ifndef INTERLOCK_DETECTOR_JSON_JSON_H
#define INTERLOCK_DETECTOR_JSON_JSON_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace interlock::json {

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;  // in document (insertion) order

enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

class Value {
 public:
  Value() = default;  // null
  Value(std::nullptr_t) {}
  Value(bool b) : type_(Type::kBool), bool_(b) {}
  Value(double d);
  // Any integer type except bool (which has its own constructor above).
  template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int> &&
                                                      !std::is_same_v<Int, bool>>>
  Value(Int i) : Value(from_integer(static_cast<std::int64_t>(i))) {}
  Value(const char *s) : type_(Type::kString), string_(s) {}
  Value(std::string s) : type_(Type::kString), string_(std::move(s)) {}
  Value(std::string_view s) : type_(Type::kString), string_(s) {}
  Value(Array elements) : type_(Type::kArray), array_(std::move(elements)) {}
  Value(Object members) : type_(Type::kObject), object_(std::move(members)) {}

  static Value array() { return Value(Array{}); }
  static Value object() { return Value(Object{}); }

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_int() const { return type_ == Type::kNumber && is_integral_; }  // exact int64 known
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  bool as_bool() const { return type_ == Type::kBool && bool_; }  // false unless a true bool
  double as_double() const { return type_ == Type::kNumber ? number_ : 0.0; }
  // The exact integer when is_int(); otherwise 0.
  std::int64_t as_int() const { return is_int() ? integer_ : 0; }
  // The string; an empty string for other types.
  const std::string &as_string() const;
  // The elements / members; empty for other types.
  const Array &elements() const;
  const Object &members() const;

  // Arrays: element count; objects: member count; otherwise 0.
  std::size_t size() const;
  // Array element `index`, or a null Value when out of range or not an array.
  const Value &at(std::size_t index) const;
  // Object member `key`, or a null Value when missing or not an object.
  const Value &operator[](std::string_view key) const;
  // Object member `key`, or nullptr: tells a missing member from a member that is null.
  const Value *find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != nullptr; }

  // Building. push_back turns a null into an array first; set turns a null into an object first
  // and replaces an existing member in place (keeping its position) or appends a new one.
  // Both are ignored on values of other types.
  void push_back(Value element);
  void set(std::string key, Value value);

  // Deep structural equality: numbers compare by value (1 == 1.0), object members by key
  // regardless of their order.
  friend bool operator==(const Value &a, const Value &b);
  friend bool operator!=(const Value &a, const Value &b) { return !(a == b); }

 private:
  static Value from_integer(std::int64_t i);

  Type type_ = Type::kNull;
  bool bool_ = false;
  bool is_integral_ = false;
  double number_ = 0.0;
  std::int64_t integer_ = 0;
  std::string string_;
  Array array_;
  Object object_;
};

struct ParseError {
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based, in bytes
  std::string message;     // e.g. "trailing comma in array"
};

constexpr int kMaxDepth = 512;

// Parses `text` as one JSON document. On failure returns nullopt and, when `error` is not null,
// fills it in.
std::optional<Value> parse(std::string_view text, ParseError *error = nullptr);

// Writes `value` as JSON: compact (no whitespace) or pretty (two-space indentation, one member or
// element per line, "key": value, no trailing newline). Integers print exactly; other numbers in
// the shortest form that reads back to the same double; non-finite doubles (which parse() never
// produces) print as null. Strings escape '"', '\\' and control characters; bytes that are not
// valid UTF-8 print as U+FFFD.
std::string serialize(const Value &value, bool pretty = false);

}  // namespace interlock::json

#endif  // INTERLOCK_DETECTOR_JSON_JSON_H
