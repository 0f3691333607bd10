// The runtime's private memcpy & co. (internal_libc.h). Copies and fills are single x86-64
// string instructions (fast for any size on CPUs with ERMSB); nothing here may be turned back
// into a call by the compiler, so loops are only used for what GCC never rewrites (comparisons).
#include <stddef.h>

extern "C" {

void *memcpy(void *destination, const void *source, size_t size) noexcept {
  void *d = destination;
  __asm__ volatile("rep movsb" : "+D"(d), "+S"(source), "+c"(size) : : "memory");
  return destination;
}

void *memmove(void *destination, const void *source, size_t size) noexcept {
  const char *s = static_cast<const char *>(source);
  char *d = static_cast<char *>(destination);
  if (d <= s || d >= s + size) return memcpy(destination, source, size);
  // Overlapping with the destination above: copy backwards, last byte first.
  const char *s_last = s + size - 1;
  char *d_last = d + size - 1;
  __asm__ volatile("std\n\trep movsb\n\tcld"
                   : "+D"(d_last), "+S"(s_last), "+c"(size)
                   :
                   : "memory");
  return destination;
}

void *memset(void *destination, int value, size_t size) noexcept {
  void *d = destination;
  __asm__ volatile("rep stosb" : "+D"(d), "+c"(size) : "a"(value) : "memory");
  return destination;
}

int memcmp(const void *a, const void *b, size_t size) noexcept {
  const unsigned char *x = static_cast<const unsigned char *>(a);
  const unsigned char *y = static_cast<const unsigned char *>(b);
  for (size_t i = 0; i < size; i++)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

size_t strlen(const char *text) noexcept {
  size_t n = 0;
  while (text[n] != '\0') n++;
  return n;
}

int strncmp(const char *a, const char *b, size_t size) noexcept {
  for (size_t i = 0; i < size; i++) {
    const unsigned char x = static_cast<unsigned char>(a[i]);
    const unsigned char y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
    if (x == '\0') return 0;
  }
  return 0;
}

int strcmp(const char *a, const char *b) noexcept { return strncmp(a, b, ~size_t(0)); }

}  // extern "C"
