/* scale_free_fifo: a million live heap blocks, freed oldest first.
 * Two threads each allocate half of 1 Mi small blocks (16-256 bytes), use them, then free them in
 * allocation order. Race-free (each block stays with its thread); sums are checked. The cost
 * measured is per-malloc and per-free work with many live blocks, freeing the oldest block first
 * (a queue of buffers, a cache evicting its oldest entries). See scale_free.h.
 * Usage: scale_free_fifo [block_count] */
#define FREE_IN_ALLOCATION_ORDER 1
#include "scale_free.h"

int main(int argc, char **argv) { return run_scale_free("scale_free_fifo", argc, argv); }
