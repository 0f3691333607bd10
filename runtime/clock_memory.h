// Arena-backed memory for vector clocks and shadow-cell overflow (detector/race interfaces).
#ifndef INTERLOCK_RUNTIME_CLOCK_MEMORY_H
#define INTERLOCK_RUNTIME_CLOCK_MEMORY_H

#include "detector/race/shadow_cell.h"
#include "detector/race/vector_clock.h"

namespace interlock {

race::ClockMemory &clock_memory();
race::CellMemory &cell_memory();

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_CLOCK_MEMORY_H
