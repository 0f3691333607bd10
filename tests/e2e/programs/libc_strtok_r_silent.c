// Each thread cuts its own line with strtok_r, keeping its place in its own pointer; main
// reads the words after joining both: nothing shared unordered, nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char lines[2][32] = {"copy from to", ",,a,b,,c,,"};
int words[2];

static void *count_words(void *index) {
  const long i = (long)index;
  char *rest;
  for (char *word = strtok_r(lines[i], " ,", &rest); word != NULL;
       word = strtok_r(NULL, " ,", &rest))
    words[i]++;
  return NULL;
}

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, count_words, (void *)0L);
  pthread_create(&second, NULL, count_words, (void *)1L);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  printf("%d %d %s %s\n", words[0], words[1], lines[0], lines[1] + 2);
  return 0;
}
