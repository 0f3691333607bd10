// A fortified build: wmemcpy and wmemmove into wide buffers of known size, with counts the
// compiler does not know, become __wmemcpy_chk and __wmemmove_chk. The worker copies a wide
// string into a buffer while main moves part of it out, with nothing ordering them.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __wmemcpy_chk or __wmemmove_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <wchar.h>

wchar_t title[16];
wchar_t shown[16];
size_t title_length = 16;
int copied;

static void *set_title(void *text) {
  const wchar_t *source = text;
  wmemcpy(title, source, title_length);  // RACE
  __atomic_store_n(&copied, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  static wchar_t text[16] = L"a wide title";
  pthread_t worker;
  pthread_create(&worker, NULL, set_title, text);
  while (!__atomic_load_n(&copied, __ATOMIC_RELAXED)) sched_yield();
  size_t half = title_length / 2;
  wmemmove(shown, title, half);  // RACE
  pthread_join(worker, NULL);
  printf("%lc\n", (wint_t)shown[0]);
  return 0;
}
