// libc_fortify_wmemcpy_race.c with the copies under one mutex: __wmemcpy_chk and __wmemmove_chk
// are both checked, and nothing is reported.
// EXPECT: silent
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>
#include <wchar.h>

wchar_t title[16];
wchar_t shown[16];
size_t title_length = 16;
pthread_mutex_t title_lock = PTHREAD_MUTEX_INITIALIZER;

static void *set_title(void *text) {
  const wchar_t *source = text;
  pthread_mutex_lock(&title_lock);
  wmemcpy(title, source, title_length);
  pthread_mutex_unlock(&title_lock);
  return NULL;
}

int main(void) {
  static wchar_t text[16] = L"a wide title";
  pthread_t worker;
  pthread_create(&worker, NULL, set_title, text);
  size_t half = title_length / 2;
  pthread_mutex_lock(&title_lock);
  wmemmove(shown, title, half);
  pthread_mutex_unlock(&title_lock);
  pthread_join(worker, NULL);
  printf("%d\n", shown[0] == 0 || shown[0] == L'a');
  return 0;
}
