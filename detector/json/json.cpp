#include "detector/json/json.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

#include <nlohmann/json.hpp>

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

using Library = nlohmann::ordered_json;

// nlohmann's parser reads its input one byte at a time through an iterator and gives positions
// only for its own (syntax) errors. This iterator records how far the parser has read, so that the
// errors DomBuilder finds (a duplicate member, too deep a nesting) get a position too.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char *;
  using reference = const char &;

  TrackingIterator(const char *at, const char **furthest) : at_(at), furthest_(furthest) {}
  reference operator*() const { return *at_; }
  TrackingIterator &operator++() {
    ++at_;
    if (at_ > *furthest_) *furthest_ = at_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const TrackingIterator &other) const { return at_ == other.at_; }
  bool operator!=(const TrackingIterator &other) const { return at_ != other.at_; }

 private:
  const char *at_;
  const char **furthest_;
};

// Builds a Value from nlohmann's SAX events. nlohmann's own DOM parser is not used because it
// keeps the last of two equal members silently; building our DOM directly also avoids a second
// copy of every document. A handler that returns false stops the parse.
class DomBuilder {
 public:
  using number_integer_t = Library::number_integer_t;
  using number_unsigned_t = Library::number_unsigned_t;
  using number_float_t = Library::number_float_t;
  using string_t = Library::string_t;
  using binary_t = Library::binary_t;

  DomBuilder(std::string_view text, const char *const *furthest)
      : text_(text), furthest_(furthest) {}

  bool null() { return add(Value()); }
  bool boolean(bool b) { return add(Value(b)); }
  bool number_integer(number_integer_t i) { return add(Value(i)); }
  // Past INT64_MAX a number is kept as a double only, like any other non-int64 number.
  bool number_unsigned(number_unsigned_t u) {
    if (u > static_cast<number_unsigned_t>(INT64_MAX)) return add(Value(static_cast<double>(u)));
    return add(Value(static_cast<std::int64_t>(u)));
  }
  bool number_float(number_float_t d, const string_t &) { return add(Value(d)); }
  bool string(string_t &s) { return add(Value(std::move(s))); }
  bool binary(binary_t &) { return fail_here("binary data is not JSON"); }  // not reached for JSON

  bool start_object(std::size_t) { return open(Value::object()); }
  bool start_array(std::size_t) { return open(Value::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(string_t &name) {
    // RFC 8259 leaves the meaning of a repeated name open; a report file that has one is broken.
    if (open_.back().contains(name)) return fail_here("duplicate member \"" + name + "\"");
    key_ = std::move(name);
    return true;
  }

  bool parse_error(std::size_t position, const std::string &last_token,
                   const nlohmann::detail::exception &error) {
    // nlohmann's position counts the bytes read, the one where it saw the problem included
    // (its end of input counts as one more byte).
    set_error(position > 0 ? position - 1 : 0, library_message(error.what(), last_token));
    return false;
  }

  std::optional<Value> result() { return std::move(result_); }
  std::size_t error_offset() const { return error_offset_; }
  const std::string &error_message() const { return error_message_; }

 private:
  bool add(Value value) {
    if (open_.empty()) {
      result_ = std::move(value);
    } else if (open_.back().is_array()) {
      open_.back().push_back(std::move(value));
    } else {
      open_.back().set(std::move(key_), std::move(value));
    }
    return true;
  }

  // The container's member name in its parent is kept until the container is complete.
  bool open(Value container) {
    if (open_.size() >= static_cast<std::size_t>(kMaxDepth)) return fail_here("nesting too deep");
    open_keys_.push_back(std::move(key_));
    open_.push_back(std::move(container));
    return true;
  }

  bool close() {
    Value done = std::move(open_.back());
    open_.pop_back();
    key_ = std::move(open_keys_.back());
    open_keys_.pop_back();
    return add(std::move(done));
  }

  // An error found here is at the last byte nlohmann read: the closing quote of a duplicate
  // member's name, the bracket that nests too deep.
  bool fail_here(std::string message) {
    const std::size_t read = static_cast<std::size_t>(*furthest_ - text_.data());
    set_error(read > 0 ? read - 1 : 0, std::move(message));
    return false;
  }

  void set_error(std::size_t offset, std::string message) {
    error_offset_ = offset;
    error_message_ = std::move(message);
    // nlohmann says "unexpected ']'; expected '[', '{', or a literal"; after a comma the cause is
    // plainer to name.
    if (offset < text_.size() && (text_[offset] == ']' || text_[offset] == '}')) {
      std::size_t before = offset;
      while (before > 0 && std::string_view(" \t\r\n").find(text_[before - 1]) !=
                               std::string_view::npos)
        --before;
      if (before > 0 && text_[before - 1] == ',')
        error_message_ =
            text_[offset] == ']' ? "trailing comma in array" : "trailing comma in object";
    }
  }

  // nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 7:
  // syntax error while parsing value - unexpected ']'; ...". The position is ours to give, so
  // only the description is kept, and a long "last read" (an unterminated string runs to the end
  // of the file) is cut to its end, where the problem is.
  static std::string library_message(std::string_view what, const std::string &last_token) {
    const std::size_t id_end = what.find("] ");
    if (id_end != std::string_view::npos) what.remove_prefix(id_end + 2);
    if (what.rfind("parse error", 0) == 0) {
      const std::size_t position_end = what.find(": ");
      if (position_end != std::string_view::npos) what.remove_prefix(position_end + 2);
    }
    std::string message(what);
    constexpr std::size_t kMaxTokenBytes = 40;
    const std::string quoted = "; last read: '" + last_token + "'";
    const std::size_t at = message.find(quoted);
    if (last_token.size() > kMaxTokenBytes && at != std::string::npos) {
      std::size_t keep_from = last_token.size() - kMaxTokenBytes;
      // Start at a character boundary, not inside a UTF-8 sequence.
      while (keep_from < last_token.size() &&
             (static_cast<unsigned char>(last_token[keep_from]) & 0xc0) == 0x80)
        ++keep_from;
      message.replace(at, quoted.size(), "; last read: '..." + last_token.substr(keep_from) + "'");
    }
    return message;
  }

  std::string_view text_;
  const char *const *furthest_;
  std::vector<Value> open_;             // the containers being filled, innermost last
  std::vector<std::string> open_keys_;  // each one's member name in its parent
  std::string key_;                     // the name of the next member of open_.back()
  std::optional<Value> result_;
  std::size_t error_offset_ = 0;
  std::string error_message_;
};

// 1-based line and byte column of `offset` (which may be the end of the text).
void locate(std::string_view text, std::size_t offset, ParseError *error) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const std::size_t last_newline = before.rfind('\n');
  error->line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  error->column = last_newline == std::string_view::npos ? offset + 1 : offset - last_newline;
}

}  // namespace

std::optional<Value> parse(std::string_view text, ParseError *error) {
  const char *furthest = text.data();
  DomBuilder builder(text, &furthest);
  const bool ok = Library::sax_parse(TrackingIterator(text.data(), &furthest),
                                     TrackingIterator(text.data() + text.size(), &furthest),
                                     &builder, nlohmann::json::input_format_t::json,
                                     /*strict=*/true, /*ignore_comments=*/false);
  if (ok) return builder.result();
  if (error != nullptr) {
    locate(text, builder.error_offset(), error);
    error->message = builder.error_message();
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- serialize

namespace {

// ordered_json keeps members in insertion order, as our Object does.
Library to_library(const Value &value) {
  switch (value.type()) {
    case Type::kNull: return nullptr;
    case Type::kBool: return value.as_bool();
    case Type::kNumber:
      if (value.is_int()) return value.as_int();
      return value.as_double();  // nlohmann prints a non-finite double as null
    case Type::kString: return value.as_string();
    case Type::kArray: {
      Library array = Library::array();
      for (const Value &element : value.elements()) array.push_back(to_library(element));
      return array;
    }
    case Type::kObject: {
      Library object = Library::object();
      for (const Member &member : value.members())
        object.emplace(member.first, to_library(member.second));
      return object;
    }
  }
  return nullptr;
}

}  // namespace

std::string serialize(const Value &value, bool pretty) {
  return to_library(value).dump(pretty ? 2 : -1, ' ', /*ensure_ascii=*/false,
                                Library::error_handler_t::replace);
}

}  // namespace interlock::json
