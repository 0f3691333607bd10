// A shared library built with the wrapper (-shared): instrumented, without the runtime, which the
// executable linked against it carries. Two threads of uses_counter_library.c race here.
long library_counter;

void bump_library_counter(void) {
  library_counter++;  // RACE
}
