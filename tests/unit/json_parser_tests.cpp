// interlock::json: strict RFC 8259 parsing (nlohmann-json underneath), error positions, the DOM
// API and serialization.
#include <catch2/catch.hpp>

#include <string>

#include "detector/json/json.h"

namespace json = interlock::json;

namespace {

json::Value parse_ok(const std::string &text) {
  json::ParseError error;
  std::optional<json::Value> value = json::parse(text, &error);
  INFO("input: " << text);
  INFO("error: " << error.line << ":" << error.column << " " << error.message);
  REQUIRE(value.has_value());
  return *value;
}

json::ParseError parse_error(const std::string &text) {
  json::ParseError error;
  std::optional<json::Value> value = json::parse(text, &error);
  INFO("input: " << text);
  CHECK_FALSE(value.has_value());
  CHECK_FALSE(error.message.empty());
  return error;
}

}  // namespace

TEST_CASE("json accepts every kind of value at the top level", "[json]") {
  CHECK(parse_ok("null").is_null());
  CHECK(parse_ok("true").as_bool());
  CHECK(parse_ok(" false ").is_bool());
  CHECK(parse_ok("0").as_int() == 0);
  CHECK(parse_ok("-0").as_int() == 0);
  CHECK(parse_ok("\"s\"").as_string() == "s");
  CHECK(parse_ok("[]").is_array());
  CHECK(parse_ok("{}").is_object());
  CHECK(parse_ok(" \t\r\n[ 1 ,\n 2 ]\n").size() == 2);
}

TEST_CASE("json numbers keep exact integers and doubles", "[json]") {
  CHECK(parse_ok("9223372036854775807").as_int() == INT64_MAX);
  CHECK(parse_ok("-9223372036854775808").as_int() == INT64_MIN);
  json::Value big = parse_ok("9223372036854775808");  // past int64: a double only
  CHECK_FALSE(big.is_int());
  CHECK(big.as_double() == 9223372036854775808.0);
  CHECK(parse_ok("1.5").as_double() == 1.5);
  CHECK_FALSE(parse_ok("1.5").is_int());
  CHECK(parse_ok("1e3").as_int() == 1000);
  CHECK(parse_ok("-2.5E-3").as_double() == -0.0025);
  CHECK(parse_ok("1E+2").as_double() == 100.0);
  CHECK(parse_ok("1e-400").as_double() == 0.0);  // underflow is zero, not an error
}

TEST_CASE("json strings decode escapes and surrogate pairs to UTF-8", "[json]") {
  CHECK(parse_ok(R"("\"\\\/\b\f\n\r\t")").as_string() == "\"\\/\b\f\n\r\t");
  CHECK(parse_ok(R"("\u0041\u00e9\u20AC")").as_string() == "A\xc3\xa9\xe2\x82\xac");
  CHECK(parse_ok(R"("\ud83d\udd12")").as_string() == "\xf0\x9f\x94\x92");
  CHECK(parse_ok(R"("\u0000")").as_string() == std::string(1, '\0'));
  CHECK(parse_ok("\"caf\xc3\xa9 \xf0\x9f\x94\x92\"").as_string() == "caf\xc3\xa9 \xf0\x9f\x94\x92");
}

TEST_CASE("json objects keep member order and answer lookups", "[json]") {
  json::Value doc = parse_ok(R"({"b": 1, "a": [true, {"c": null}], "z": "x"})");
  REQUIRE(doc.is_object());
  REQUIRE(doc.size() == 3);
  CHECK(doc.members()[0].first == "b");
  CHECK(doc.members()[1].first == "a");
  CHECK(doc.members()[2].first == "z");
  CHECK(doc["b"].as_int() == 1);
  CHECK(doc["a"].at(0).as_bool());
  CHECK(doc["a"].at(1).contains("c"));
  CHECK(doc["a"].at(1)["c"].is_null());
  CHECK_FALSE(doc["a"].at(1).contains("d"));
  // Missing members and out-of-range elements are null, and lookups chain through them.
  CHECK(doc["missing"].is_null());
  CHECK(doc["a"].at(7).is_null());
  CHECK(doc["missing"].at(0)["deeper"].as_string().empty());
  CHECK(doc["z"].as_int() == 0);
  CHECK(doc["b"].as_string().empty());
}

TEST_CASE("json rejects malformed documents with the position of the problem", "[json]") {
  struct Case {
    const char *text;
    size_t line;
    size_t column;
  };
  // The position is the byte where the problem was seen: the last byte the parser read.
  const Case cases[] = {
      {"", 1, 1},                       // empty document
      {"   ", 1, 4},                    // only whitespace
      {"[1, 2,]", 1, 7},                // trailing comma in array
      {"{\"a\": 1,}", 1, 9},            // trailing comma in object
      {"[1 2]", 1, 4},                  // missing comma
      {"{\"a\" 1}", 1, 6},              // missing colon
      {"{a: 1}", 1, 2},                 // unquoted key
      {"['x']", 1, 2},                  // single quotes
      {"[01]", 1, 3},                   // leading zero
      {"[+1]", 1, 2},                   // leading plus
      {"[1.]", 1, 4},                   // no digit after the point
      {"[.5]", 1, 2},                   // no digit before the point
      {"[1e]", 1, 4},                   // empty exponent
      {"[-]", 1, 3},                    // lone minus
      {"[NaN]", 1, 2},                  // not JSON
      {"[Infinity]", 1, 2},             // not JSON
      {"[1e400]", 1, 6},                // overflows a double
      {"[tru]", 1, 5},                  // bad literal
      {"\"abc", 1, 5},                  // unterminated string
      {"\"a\tb\"", 1, 3},               // raw control character
      {"\"a\nb\"", 1, 3},               // raw newline
      {"\"\\x\"", 1, 3},                // bad escape
      {"\"\\u12G4\"", 1, 6},            // bad hex digit
      {"\"\\ud83d\"", 1, 8},            // lone high surrogate
      {"\"\\ud83d\\u0041\"", 1, 13},    // high surrogate, then no low one
      {"\"\\udd12\"", 1, 7},            // lone low surrogate
      {"\"\xff\"", 1, 2},               // invalid UTF-8
      {"\"\xc0\xaf\"", 1, 2},           // overlong UTF-8
      {"{\"a\": 1, \"a\": 2}", 1, 12},  // duplicate member (at its name's closing quote)
      {"[1] [2]", 1, 5},                // two documents
      {"[1] x", 1, 5},                  // garbage after the value
      {"// c\n1", 1, 1},                // comments
      {"[\n  1,\n  2,\n]", 4, 1},       // position on a later line
      {"{\n\"k\":\n\n  tx}", 4, 4},
  };
  for (const Case &c : cases) {
    json::ParseError error = parse_error(c.text);
    INFO("input: " << c.text << " -> " << error.line << ":" << error.column << " "
                   << error.message);
    CHECK(error.line == c.line);
    CHECK(error.column == c.column);
  }
}

TEST_CASE("json error messages say what is wrong", "[json]") {
  CHECK(parse_error("[1,]").message == "trailing comma in array");
  CHECK(parse_error("{\"a\":1,}").message == "trailing comma in object");
  CHECK(parse_error("{\"a\": 1, \"a\": 2}").message == "duplicate member \"a\"");
  CHECK(parse_error("\"\\q\"").message.find("forbidden character after backslash") !=
        std::string::npos);
  CHECK(parse_error("\"\x01\"").message.find("control character U+0001 (SOH) must be escaped") !=
        std::string::npos);
  CHECK(parse_error("[1 2]").message.find("expected ']'") != std::string::npos);
  // An unterminated string reads to the end of the input: only the end of what was read is
  // quoted, so the message stays one short line.
  const std::string cut = "{\"a\": \"" + std::string(5000, 'x');
  const std::string message = parse_error(cut).message;
  CHECK(message.find("missing closing quote") != std::string::npos);
  CHECK(message.size() < 200);
}

TEST_CASE("json skips a UTF-8 byte order mark, as RFC 8259 allows", "[json]") {
  CHECK(parse_ok("\xef\xbb\xbf{}").is_object());
}

TEST_CASE("json limits nesting depth", "[json]") {
  std::string ok = std::string(json::kMaxDepth, '[') + std::string(json::kMaxDepth, ']');
  CHECK(parse_ok(ok).is_array());
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(parse_error(deep).message == "nesting too deep");
}

TEST_CASE("json serializes compactly and prettily, and reads back the same", "[json]") {
  json::Value doc = json::Value::object();
  doc.set("name", "interlock");
  doc.set("count", 3);
  doc.set("ratio", 0.1);
  doc.set("big", INT64_MIN);
  doc.set("tags", json::Array{json::Value("a\"b"), json::Value(nullptr), json::Value(true)});
  doc.set("empty", json::Value::object());
  doc.set("text", std::string("line\n\x01 caf\xc3\xa9"));
  doc.set("count", 4);  // replaces in place

  std::string compact = json::serialize(doc, false);
  CHECK(compact ==
        "{\"name\":\"interlock\",\"count\":4,\"ratio\":0.1,\"big\":-9223372036854775808,"
        "\"tags\":[\"a\\\"b\",null,true],\"empty\":{},\"text\":\"line\\n\\u0001 caf\xc3\xa9\"}");
  std::string pretty = json::serialize(doc, true);
  CHECK(pretty.rfind("{\n  \"name\": \"interlock\",\n  \"count\": 4,", 0) == 0);
  CHECK(pretty.find("  \"tags\": [\n    \"a\\\"b\",\n    null,\n    true\n  ],") !=
        std::string::npos);
  CHECK(parse_ok(compact) == doc);
  CHECK(parse_ok(pretty) == doc);
  CHECK(json::serialize(json::Value::array(), true) == "[]");
  CHECK(json::serialize(json::Value::object(), true) == "{}");
  // Bytes that are not UTF-8 cannot be written as JSON text: they become U+FFFD.
  CHECK(json::serialize(json::Value(std::string("a\xff"))) == "\"a\xef\xbf\xbd\"");
}

TEST_CASE("json values compare structurally", "[json]") {
  CHECK(parse_ok("[1, {\"a\": 2}]") == parse_ok("[1.0, {\"a\": 2e0}]"));
  CHECK(parse_ok("{\"a\": 1, \"b\": 2}") == parse_ok("{\"b\": 2, \"a\": 1}"));
  CHECK(parse_ok("{\"a\": 1, \"b\": 2}") != parse_ok("{\"a\": 1, \"c\": 2}"));
  CHECK(parse_ok("{\"a\": 1}") != parse_ok("{\"a\": 1, \"b\": 2}"));
  CHECK(parse_ok("[1]") != parse_ok("[\"1\"]"));
}
