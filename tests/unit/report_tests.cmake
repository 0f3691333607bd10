# Unit tests for detector/report and detector/json. Included by tests/unit/CMakeLists.txt, which
# has found Catch2 (find_package(Catch2) + include(Catch)).
add_executable(detector_report_tests
  ${CMAKE_CURRENT_LIST_DIR}/catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_parser_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_json_writer_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_cycle_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_deadlock_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_key_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_misuse_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_sink_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_source_reader_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_summary_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_text_writer_tests.cpp
)
target_include_directories(detector_report_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(detector_report_tests PRIVATE interlock_detector Catch2::Catch2)
catch_discover_tests(detector_report_tests TEST_PREFIX "detector_report: ")

# The writers run inside C programs that have no libstdc++: their objects must not reference it.
find_program(INTERLOCK_NM NAMES llvm-nm-14 llvm-nm nm)
if(INTERLOCK_NM)
  add_test(NAME "detector_report: core objects need no libstdc++"
    COMMAND sh -c "\"$0\" -C --undefined-only \"$@\" | grep -E 'std::|operator new|operator delete|__cxa|__gxx|_Unwind' && exit 1 || exit 0"
            ${INTERLOCK_NM} $<TARGET_OBJECTS:interlock_report_core>
    COMMAND_EXPAND_LISTS)
endif()
