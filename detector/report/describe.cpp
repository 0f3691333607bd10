#include "detector/report/describe.h"

#include <string.h>

#include "detector/report/key.h"

namespace interlock::report {

const ThreadInfo *find_thread(const DataRace &race, uint32_t id) {
  if (race.threads == nullptr) return nullptr;
  for (size_t i = 0; i < race.thread_count; ++i) {
    if (race.threads[i].id == id) return &race.threads[i];
  }
  return nullptr;
}

void put_thread_name(Sink &sink, const DataRace &race, uint32_t id) {
  const ThreadInfo *info = find_thread(race, id);
  if (info != nullptr && info->name != nullptr && info->name[0] != '\0') {
    sink.put(info->name);
  } else if (id == 0) {
    sink.put("main");
  } else {
    sink.put_char('T');
    sink.put_uint(id);
  }
}

void put_thread_phrase(Sink &sink, const DataRace &race, uint32_t id) {
  const ThreadInfo *info = find_thread(race, id);
  bool is_main = info != nullptr ? info->created_by < 0 : id == 0;
  if (is_main) {
    sink.put("main thread");
    return;
  }
  sink.put("thread ");
  put_thread_name(sink, race, id);
}

namespace {

void put_location(Sink &sink, const Frame &frame, const char *file) {
  if (frame.file == nullptr) {
    sink.put(frame.function != nullptr ? frame.function : "??");
    return;
  }
  sink.put(file);
  if (frame.line == 0) return;
  sink.put_char(':');
  sink.put_uint(frame.line);
  if (frame.column == 0) return;
  sink.put_char(':');
  sink.put_uint(frame.column);
}

}  // namespace

void put_short_location(Sink &sink, const Frame &frame) {
  put_location(sink, frame, file_base_name(frame.file));
}

void put_full_location(Sink &sink, const Frame &frame) { put_location(sink, frame, frame.file); }

const Frame *innermost_frame(const Stack &stack) {
  return stack.count > 0 && stack.frames != nullptr ? &stack.frames[0] : nullptr;
}

}  // namespace interlock::report
