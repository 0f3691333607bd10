// Readers of the per-process side records (detector/report/side_records.h).
#include "detector/report/side_records.h"

namespace interlock::report {

bool read_record_uint(const json::Value &object, const char *name, uint64_t *out) {
  const json::Value *value = object.find(name);
  if (value == nullptr || !value->is_int() || value->as_int() < 0) return false;
  *out = static_cast<uint64_t>(value->as_int());
  return true;
}

bool read_record_string(const json::Value &object, const char *name, std::string *out) {
  const json::Value *value = object.find(name);
  if (value == nullptr || !value->is_string()) return false;
  *out = value->as_string();
  return true;
}

bool read_record_frames(const json::Value &array, std::deque<std::string> *strings,
                        std::vector<Frame> *frames) {
  if (!array.is_array()) return false;
  // A frame's optional string, kept in `strings`; null when absent.
  auto kept = [&](const json::Value &object, const char *name) -> const char * {
    if (!object[name].is_string()) return nullptr;
    strings->push_back(object[name].as_string());
    return strings->back().c_str();
  };
  for (std::size_t i = 0; i < array.size(); ++i) {
    const json::Value &object = array.at(i);
    if (!object.is_object() || !object["function"].is_string()) return false;
    Frame frame;
    frame.function = kept(object, "function");
    frame.file = kept(object, "file");
    frame.line = static_cast<uint32_t>(object["line"].as_int());
    frame.column = static_cast<uint32_t>(object["column"].as_int());
    frame.module = kept(object, "module");
    frames->push_back(frame);
  }
  return true;
}

}  // namespace interlock::report
