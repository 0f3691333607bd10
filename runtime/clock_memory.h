// Arena-backed memory for vector clocks and shadow-cell overflow (detector/race interfaces).
#ifndef INTERLOCK_RUNTIME_CLOCK_MEMORY_H
#define INTERLOCK_RUNTIME_CLOCK_MEMORY_H

#include "detector/race/shadow_cell.h"
#include "detector/race/vector_clock.h"

namespace interlock {

// (Inline, through constant pointers to the runtime's arenas: every check and every tick asks.)
extern race::ClockMemory *const g_clock_memory_of_runtime __attribute__((visibility("hidden")));
extern race::CellMemory *const g_cell_memory_of_runtime __attribute__((visibility("hidden")));
inline race::ClockMemory &clock_memory() { return *g_clock_memory_of_runtime; }
inline race::CellMemory &cell_memory() { return *g_cell_memory_of_runtime; }

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_CLOCK_MEMORY_H
