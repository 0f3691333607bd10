# Unit tests for the runtime's shadow memory, calling contexts, own allocator, kept per-byte
# contexts, retired read sets and site dependences. Included by tests/unit/CMakeLists.txt, which
# has found Catch2 (find_package(Catch2) + include(Catch)).
#
# The tests link only the runtime pieces they exercise (shadow, contexts and what those use),
# compiled from the runtime's sources into a library of their own: linking the runtime archive
# would let its interceptors (malloc, memcpy, pthread_create, ...) replace libc's in the test
# process, and its start-up code (.preinit_array) would initialize the runtime. The test process
# must keep libc's functions, and the runtime must never initialize in it.
find_package(Threads REQUIRED)
add_library(interlock_rt_test_pieces STATIC
  ${PROJECT_SOURCE_DIR}/runtime/clock_memory.cpp
  ${PROJECT_SOURCE_DIR}/runtime/context.cpp
  ${PROJECT_SOURCE_DIR}/runtime/internal_alloc.cpp
  ${PROJECT_SOURCE_DIR}/runtime/kept_byte_contexts.cpp
  ${PROJECT_SOURCE_DIR}/runtime/platform.cpp
  ${PROJECT_SOURCE_DIR}/runtime/retired_read_sets.cpp
  ${PROJECT_SOURCE_DIR}/runtime/shadow.cpp
  ${PROJECT_SOURCE_DIR}/runtime/site_dependences.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_test_thread_registry.cpp)
target_include_directories(interlock_rt_test_pieces PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_options(interlock_rt_test_pieces PRIVATE
  -O2 -g -fno-exceptions -fno-rtti -fno-threadsafe-statics -ftls-model=initial-exec)
add_executable(runtime_unit_tests
  ${CMAKE_CURRENT_LIST_DIR}/catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_context_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_internal_alloc_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_kept_contexts_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_retired_read_sets_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_shadow_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_site_dependences_tests.cpp
)
target_link_libraries(runtime_unit_tests PRIVATE
  Catch2::Catch2 Threads::Threads interlock_rt_test_pieces)
catch_discover_tests(runtime_unit_tests TEST_PREFIX "runtime: ")

# Guards the premise above: with an interceptor or the start-up object linked in, the tests would
# run on the runtime's malloc and an initialized runtime instead of the pieces in isolation.
find_program(INTERLOCK_NM NAMES llvm-nm-14 llvm-nm nm)
if(INTERLOCK_NM)
  add_test(NAME "runtime: unit test binary keeps libc's malloc and no runtime start-up"
    COMMAND sh -c "\"$0\" --defined-only \"$1\" | grep -E ' (malloc|free|calloc|_Znwm|_ZdlPv|pthread_create|pthread_mutex_lock|__interlock_init)$' && exit 1 || exit 0"
            ${INTERLOCK_NM} $<TARGET_FILE:runtime_unit_tests>)
endif()

# The runtime calls its own mem*/str* (runtime/internal_libc.h), never the program's, which are
# its interceptors: no object but the one defining them may reference the libc names.
if(INTERLOCK_NM)
  add_test(NAME "runtime: no libc string calls from runtime code"
    COMMAND sh -c "\"$0\" -A --undefined-only \"$1\" | grep -v 'libc_memory.cpp.o:' | grep -wE 'memcpy|memmove|memset|memcmp|strlen|strcmp|strncmp' && exit 1 || exit 0"
            ${INTERLOCK_NM} $<TARGET_FILE:interlock_rt>)
endif()
