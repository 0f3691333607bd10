// The JSON report: parses with our reader and holds exactly the members of report-format.md.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "detector/json/json.h"
#include "detector/report/json_emitter.h"
#include "detector/report/json_writer.h"
#include "detector/report/key.h"
#include "report_fixture.h"

namespace json = interlock::json;
namespace report = interlock::report;
using interlock::test::FakeSourceReader;
using interlock::test::RaceFixture;
using interlock::test::StringSink;

namespace {

std::string document_text(const std::vector<const report::Finding *> &findings,
                          report::SourceReader *sources, bool pretty) {
  StringSink sink;
  report::JsonReportWriter writer(sink, sources, pretty);
  report::ProcessInfo process;
  process.pid = 4242;
  process.command = "./bank --accounts=2";
  writer.begin(process);
  for (const report::Finding *finding : findings) writer.add(*finding);
  writer.end();
  return sink.text;
}

json::Value parse_or_fail(const std::string &text) {
  json::ParseError error;
  std::optional<json::Value> value = json::parse(text, &error);
  INFO(text);
  INFO("parse error at " << error.line << ":" << error.column << ": " << error.message);
  REQUIRE(value.has_value());
  return *value;
}

std::vector<std::string> member_names(const json::Value &object) {
  std::vector<std::string> names;
  for (const json::Member &member : object.members()) names.push_back(member.first);
  return names;
}

std::string escaped(const char *text, size_t size) {
  StringSink sink;
  report::write_json_string(sink, text, size);
  return sink.text;
}

std::string escaped(const std::string &text) { return escaped(text.data(), text.size()); }

}  // namespace

TEST_CASE("the JSON document has the schema's top level", "[report][json]") {
  for (bool pretty : {false, true}) {
    json::Value doc = parse_or_fail(document_text({}, nullptr, pretty));
    CHECK(member_names(doc) ==
          std::vector<std::string>{"schema_version", "tool", "process", "findings"});
    CHECK(doc["schema_version"].as_int() == 1);
    CHECK(doc["tool"]["name"].as_string() == "interlock");
    CHECK(doc["tool"]["version"].as_string() == report::tool_version());
    CHECK(doc["process"]["pid"].as_int() == 4242);
    CHECK(doc["process"]["command"].as_string() == "./bank --accounts=2");
    CHECK(doc["findings"].is_array());
    CHECK(doc["findings"].size() == 0);
  }
}

TEST_CASE("a data race is written with every member and value", "[report][json]") {
  RaceFixture fixture;
  fixture.hold_lock_in_read(0x7ffd1000);
  FakeSourceReader sources;
  sources.add("/src/bank.c", 14, "    balance -= amount;");
  sources.add("/src/bank.c", 12, "    int seen = balance;");

  json::Value doc = parse_or_fail(document_text({&fixture.finding}, &sources, true));
  REQUIRE(doc["findings"].size() == 1);
  const json::Value &finding = doc["findings"].at(0);
  CHECK(member_names(finding) == std::vector<std::string>{"kind", "key", "summary", "accesses",
                                                          "memory", "threads"});
  CHECK(finding["kind"].as_string() == "data-race");
  char key[17];
  report::format_key(report::finding_key(fixture.finding), key);
  CHECK(finding["key"].as_string() == key);
  CHECK(finding["summary"].as_string() ==
        "data race on global 'balance' (4 bytes): write by thread T2 at bank.c:14:13 vs read by "
        "thread T1 at bank.c:12:7");

  REQUIRE(finding["accesses"].size() == 2);
  const json::Value &write = finding["accesses"].at(0);
  CHECK(member_names(write) ==
        std::vector<std::string>{"thread", "type", "size", "address", "stack", "locks_held"});
  CHECK(write["thread"].as_int() == 2);
  CHECK(write["type"].as_string() == "write");
  CHECK(write["size"].as_int() == 4);
  CHECK(write["address"].as_string() == "0x5581c3a1b010");
  REQUIRE(write["stack"].size() == 2);
  const json::Value &top = write["stack"].at(0);
  CHECK(member_names(top) ==
        std::vector<std::string>{"function", "file", "line", "column", "source"});
  CHECK(top["function"].as_string() == "withdraw(int)");
  CHECK(top["file"].as_string() == "/src/bank.c");
  CHECK(top["line"].as_int() == 14);
  CHECK(top["column"].as_int() == 13);
  CHECK(top["source"].as_string() == "    balance -= amount;");
  // No source for a line the reader does not have: the member is absent, not empty.
  CHECK_FALSE(write["stack"].at(1).contains("source"));
  CHECK(write["stack"].at(1)["function"].as_string() == "worker(void*)");
  CHECK(write["locks_held"].is_array());
  CHECK(write["locks_held"].size() == 0);

  const json::Value &read = finding["accesses"].at(1);
  CHECK(read["type"].as_string() == "read");
  CHECK(read["thread"].as_int() == 1);
  CHECK(read["stack"].at(0)["source"].as_string() == "    int seen = balance;");
  REQUIRE(read["locks_held"].size() == 1);
  CHECK(read["locks_held"].at(0)["address"].as_string() == "0x7ffd1000");
  CHECK(read["locks_held"].at(0)["acquired_at"].at(0)["line"].as_int() == 11);

  const json::Value &memory = finding["memory"];
  CHECK(member_names(memory) == std::vector<std::string>{"kind", "name", "address", "size",
                                                         "offset", "declared_at"});
  CHECK(memory["kind"].as_string() == "global");
  CHECK(memory["name"].as_string() == "balance");
  CHECK(memory["size"].as_int() == 4);
  CHECK(memory["offset"].as_int() == 0);
  CHECK(memory["declared_at"]["file"].as_string() == "/src/bank.c");
  CHECK(memory["declared_at"]["line"].as_int() == 3);

  REQUIRE(finding["threads"].size() == 2);
  const json::Value &t2 = finding["threads"].at(0);
  CHECK(member_names(t2) ==
        std::vector<std::string>{"id", "name", "created_by", "creation_stack"});
  CHECK(t2["id"].as_int() == 2);
  CHECK(t2["name"].as_string() == "T2");
  CHECK(t2["created_by"].as_int() == 0);
  CHECK(t2["creation_stack"].at(0)["line"].as_int() == 40);
}

TEST_CASE("each memory kind has its own members", "[report][json]") {
  RaceFixture heap;
  heap.race.memory.kind = report::MemoryKind::kHeap;
  heap.race.memory.size = 64;
  heap.race.memory.offset = 8;
  heap.race.memory.allocated_by = 1;
  RaceFixture stack;
  stack.race.memory.kind = report::MemoryKind::kStack;
  stack.race.memory.stack_of_thread = 1;
  RaceFixture unknown;
  unknown.race.memory.kind = report::MemoryKind::kUnknown;
  RaceFixture descriptor;
  descriptor.race.memory.kind = report::MemoryKind::kDescriptor;
  descriptor.race.memory.descriptor = 5;
  descriptor.race.memory.allocated_by = 1;
  RaceFixture unknown_origin;
  unknown_origin.race.memory.kind = report::MemoryKind::kDescriptor;
  unknown_origin.race.memory.descriptor = 6;
  unknown_origin.race.memory.allocation_stack = {};

  json::Value doc = parse_or_fail(document_text({&heap.finding, &stack.finding, &unknown.finding,
                                                 &descriptor.finding, &unknown_origin.finding},
                                                nullptr, false));
  REQUIRE(doc["findings"].size() == 5);

  const json::Value &heap_memory = doc["findings"].at(0)["memory"];
  CHECK(member_names(heap_memory) == std::vector<std::string>{"kind", "address", "size", "offset",
                                                              "allocated_by", "allocation_stack"});
  CHECK(heap_memory["kind"].as_string() == "heap");
  CHECK(heap_memory["size"].as_int() == 64);
  CHECK(heap_memory["offset"].as_int() == 8);
  CHECK(heap_memory["allocated_by"].as_int() == 1);
  CHECK(heap_memory["allocation_stack"].at(0)["function"].as_string() == "make_account()");

  const json::Value &stack_memory = doc["findings"].at(1)["memory"];
  CHECK(member_names(stack_memory) == std::vector<std::string>{"kind", "thread", "address"});
  CHECK(stack_memory["thread"].as_int() == 1);

  const json::Value &unknown_memory = doc["findings"].at(2)["memory"];
  CHECK(member_names(unknown_memory) == std::vector<std::string>{"kind", "address"});
  CHECK(unknown_memory["address"].as_string() == "0x5581c3a1b010");

  const json::Value &descriptor_memory = doc["findings"].at(3)["memory"];
  CHECK(member_names(descriptor_memory) ==
        std::vector<std::string>{"kind", "descriptor", "address", "created_by", "creation_stack"});
  CHECK(descriptor_memory["kind"].as_string() == "descriptor");
  CHECK(descriptor_memory["descriptor"].as_int() == 5);
  CHECK(descriptor_memory["created_by"].as_int() == 1);
  CHECK(descriptor_memory["creation_stack"].at(0)["function"].as_string() == "make_account()");

  const json::Value &unknown_origin_memory = doc["findings"].at(4)["memory"];
  CHECK(member_names(unknown_origin_memory) ==
        std::vector<std::string>{"kind", "descriptor", "address"});

  RaceFixture file;
  file.race.memory.kind = report::MemoryKind::kFile;
  file.race.memory.name = "/tmp/app.seq";
  file.race.memory.device = 65024;
  file.race.memory.inode = 1234;
  file.race.memory.offset = 16;
  RaceFixture unnamed_file;
  unnamed_file.race.memory.kind = report::MemoryKind::kFile;
  unnamed_file.race.memory.name = nullptr;
  unnamed_file.race.memory.inode = 1234;
  json::Value files =
      parse_or_fail(document_text({&file.finding, &unnamed_file.finding}, nullptr, false));
  const json::Value &file_memory = files["findings"].at(0)["memory"];
  CHECK(member_names(file_memory) ==
        std::vector<std::string>{"kind", "path", "device", "inode", "offset", "address"});
  CHECK(file_memory["kind"].as_string() == "file");
  CHECK(file_memory["path"].as_string() == "/tmp/app.seq");
  CHECK(file_memory["inode"].as_int() == 1234);
  CHECK(file_memory["offset"].as_int() == 16);
  CHECK(member_names(files["findings"].at(1)["memory"]) ==
        std::vector<std::string>{"kind", "device", "inode", "offset", "address"});
}

TEST_CASE("a race on a vtable pointer says so in its memory", "[report][json]") {
  RaceFixture heap;
  heap.race.memory.kind = report::MemoryKind::kHeap;
  heap.race.memory.size = 16;
  heap.race.memory.vtable_pointer = true;
  json::Value doc = parse_or_fail(document_text({&heap.finding}, nullptr, false));
  const json::Value &memory = doc["findings"].at(0)["memory"];
  CHECK(member_names(memory) == std::vector<std::string>{"kind", "address", "size", "offset",
                                                         "allocated_by", "allocation_stack",
                                                         "vtable_pointer"});
  CHECK(memory["vtable_pointer"].as_bool());
}

TEST_CASE("the main thread and frames with unknown file", "[report][json]") {
  RaceFixture fixture;
  report::ThreadInfo main_thread;  // id 0, no name, created_by -1
  fixture.threads.push_back(main_thread);
  fixture.race.accesses[1].thread = 0;
  fixture.write_stack[1] = {"??", nullptr, 0, 0};
  fixture.rebuild();
  json::Value doc = parse_or_fail(document_text({&fixture.finding}, nullptr, true));
  const json::Value &finding = doc["findings"].at(0);
  const json::Value &main_info = finding["threads"].at(2);
  CHECK(main_info["name"].as_string() == "main");
  CHECK(main_info["created_by"].as_int() == -1);
  CHECK(main_info["creation_stack"].is_array());
  CHECK(main_info["creation_stack"].size() == 0);
  const json::Value &unknown_frame = finding["accesses"].at(0)["stack"].at(1);
  REQUIRE(unknown_frame.contains("file"));
  CHECK(unknown_frame["file"].is_null());
  CHECK(unknown_frame["line"].as_int() == 0);
}

TEST_CASE("the output is deterministic and the same in both layouts", "[report][json]") {
  RaceFixture fixture;
  std::string compact = document_text({&fixture.finding, &fixture.finding}, nullptr, false);
  std::string pretty = document_text({&fixture.finding, &fixture.finding}, nullptr, true);
  CHECK(compact == document_text({&fixture.finding, &fixture.finding}, nullptr, false));
  CHECK(compact.find('\n') == std::string::npos);
  CHECK(pretty.back() == '\n');
  CHECK(parse_or_fail(compact) == parse_or_fail(pretty));
}

TEST_CASE("JSON strings escape quotes, backslashes and control characters", "[report][json]") {
  CHECK(escaped("plain") == "\"plain\"");
  CHECK(escaped("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
  CHECK(escaped("a\tb\nc\rd\be\ff") == "\"a\\tb\\nc\\rd\\be\\ff\"");
  CHECK(escaped(std::string("nul\0x\x1f\x7f", 7)) == "\"nul\\u0000x\\u001f\x7f\"");
}

TEST_CASE("JSON strings pass valid UTF-8 through and replace invalid bytes", "[report][json]") {
  CHECK(escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92") ==
        "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92\"");
  CHECK(escaped("bad \xff byte") == "\"bad \\ufffd byte\"");
  CHECK(escaped("overlong \xc0\xaf") == "\"overlong \\ufffd\\ufffd\"");
  CHECK(escaped("surrogate \xed\xa0\x80") == "\"surrogate \\ufffd\\ufffd\\ufffd\"");
  CHECK(escaped("cut \xe2\x82") == "\"cut \\ufffd\\ufffd\"");
}

TEST_CASE("escaped strings read back to the original text", "[report][json]") {
  std::string original = "tab\there \"q\" back\\slash \x01 caf\xc3\xa9 \xf0\x9f\x94\x92";
  json::Value value = parse_or_fail(escaped(original));
  CHECK(value.as_string() == original);
}

TEST_CASE("a source line with special characters stays valid JSON", "[report][json]") {
  RaceFixture fixture;
  FakeSourceReader sources;
  std::string nasty = "\tprintf(\"%s\\n\", \"\xc3\xa9\xff\");";
  sources.add("/src/bank.c", 14, nasty);
  json::Value doc = parse_or_fail(document_text({&fixture.finding}, &sources, false));
  CHECK(doc["findings"].at(0)["accesses"].at(0)["stack"].at(0)["source"].as_string() ==
        "\tprintf(\"%s\\n\", \"\xc3\xa9\xef\xbf\xbd\");");
}

TEST_CASE("JsonEmitter separates members and lays out inline containers", "[report][json]") {
  StringSink sink;
  report::JsonEmitter json(sink, /*pretty=*/true);
  json.begin_object();
  json.key("a");
  json.uint(1);
  json.key("frame");
  json.begin_object(/*inline_layout=*/true);
  json.key("x");
  json.int64(-1);
  json.key("y");
  json.begin_array();
  json.boolean(true);
  json.null();
  json.end_array();
  json.end_object();
  json.key("empty");
  json.begin_array();
  json.end_array();
  json.end_object();
  json.finish();
  CHECK(json.ok());
  CHECK(sink.text ==
        "{\n"
        "  \"a\": 1,\n"
        "  \"frame\": {\"x\": -1, \"y\": [true, null]},\n"
        "  \"empty\": []\n"
        "}\n");
}
