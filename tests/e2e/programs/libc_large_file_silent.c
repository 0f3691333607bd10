// Built with -D_FILE_OFFSET_BITS=64, so pread and pwrite are pread64 and pwrite64. Two workers
// each pwrite their own slot of a file from their own buffer and pread it back into another;
// main looks at the buffers only after joining them. Silent: the joins order everything.
// EXPECT: silent
// TSAN: same
// ARGS: -O1 -D_FILE_OFFSET_BITS=64
// PRINTS: slot0 slot1
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct slot {
  long index;
  char out[8];
  char in[8];
};

int file;

static void *round_trip(void *raw) {
  struct slot *s = raw;
  snprintf(s->out, sizeof s->out, "slot%ld", s->index);
  if (pwrite(file, s->out, sizeof s->out, s->index * 8) != sizeof s->out) return NULL;
  if (pread(file, s->in, sizeof s->in, s->index * 8) != sizeof s->in) return NULL;
  return s;
}

int main(void) {
  FILE *stream = tmpfile();
  if (stream == NULL) return 1;
  file = fileno(stream);
  struct slot slots[2] = {{.index = 0}, {.index = 1}};
  pthread_t workers[2];
  for (int i = 0; i < 2; i++) pthread_create(&workers[i], NULL, round_trip, &slots[i]);
  for (int i = 0; i < 2; i++) pthread_join(workers[i], NULL);
  fclose(stream);
  printf("%s %s\n", slots[0].in, slots[1].in);
  return strcmp(slots[0].in, "slot0") != 0 || strcmp(slots[1].in, "slot1") != 0;
}
