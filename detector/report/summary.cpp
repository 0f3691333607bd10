#include "detector/report/summary.h"

#include "detector/report/describe.h"

namespace interlock::report {

namespace {

void put_place(Sink &sink, const DataRace &race) {
  const MemoryInfo &memory = race.memory;
  switch (memory.kind) {
    case MemoryKind::kGlobal:
      sink.put("on global '");
      sink.put(memory.name != nullptr ? memory.name : "??");
      sink.put_char('\'');
      if (memory.offset != 0) {
        sink.put(" at offset ");
        sink.put_uint(memory.offset);
      }
      return;
    case MemoryKind::kHeap:
      sink.put("on heap block of ");
      sink.put_uint(memory.size);
      sink.put(" bytes at offset ");
      sink.put_uint(memory.offset);
      return;
    case MemoryKind::kStack:
      sink.put("on stack of ");
      put_thread_phrase(sink, race, memory.stack_of_thread);
      return;
    case MemoryKind::kUnknown:
      break;
  }
  sink.put("at ");
  sink.put_hex(memory.address);
}

void put_side(Sink &sink, const DataRace &race, const Access &access) {
  sink.put(access_type_name(access.type));
  sink.put(" by ");
  put_thread_phrase(sink, race, access.thread);
  sink.put(" at ");
  const Frame *frame = innermost_frame(access.stack);
  if (frame != nullptr) {
    put_short_location(sink, *frame);
  } else {
    sink.put("??");
  }
}

}  // namespace

void write_summary(Sink &sink, const Finding &finding) {
  if (finding.kind != FindingKind::kDataRace || finding.race == nullptr) {
    sink.put(finding_kind_name(finding.kind));
    return;
  }
  const DataRace &race = *finding.race;
  sink.put("data race ");
  put_place(sink, race);
  sink.put(" (");
  sink.put_uint(race.accesses[0].size);
  sink.put(race.accesses[0].size == 1 ? " byte): " : " bytes): ");
  put_side(sink, race, race.accesses[0]);
  sink.put(" vs ");
  put_side(sink, race, race.accesses[1]);
}

}  // namespace interlock::report
