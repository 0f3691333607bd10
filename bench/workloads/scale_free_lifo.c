/* scale_free_lifo: a million live heap blocks, freed newest first.
 * Two threads each allocate half of 1 Mi small blocks (16-256 bytes), use them, then free them in
 * reverse allocation order. Race-free (each block stays with its thread); sums are checked. The
 * cost measured is per-malloc and per-free work with many live blocks, freeing the newest block
 * first (tearing down a tree or a list built by appending). See scale_free.h.
 * Usage: scale_free_lifo [block_count] */
#define FREE_IN_ALLOCATION_ORDER 0
#include "scale_free.h"

int main(int argc, char **argv) { return run_scale_free("scale_free_lifo", argc, argv); }
