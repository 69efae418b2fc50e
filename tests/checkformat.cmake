# Fails when a C++ source differs from what the repository's .clang-format makes of it, so the
# style file stays the one that is actually applied.
if(NOT CLANG_FORMAT)
    message(FATAL_ERROR "clang-format is not installed (apt-get install clang-format)")
endif()
file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}"
     "${SOURCE_DIR}/app/*.cpp" "${SOURCE_DIR}/app/*.h"
     "${SOURCE_DIR}/editor/*.cpp" "${SOURCE_DIR}/editor/*.h"
     "${SOURCE_DIR}/preview/*.cpp" "${SOURCE_DIR}/preview/*.h"
     "${SOURCE_DIR}/resources/*.cpp" "${SOURCE_DIR}/resources/*.h"
     "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*.h")
list(FILTER sources EXCLUDE REGEX "^tests/data/")
set(unformatted "")
foreach(source IN LISTS sources)
    execute_process(COMMAND "${CLANG_FORMAT}" --dry-run -Werror "${source}"
                    WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE result
                    OUTPUT_QUIET ERROR_QUIET)
    if(NOT result EQUAL 0)
        list(APPEND unformatted "${source}")
    endif()
endforeach()
if(unformatted)
    list(JOIN unformatted "\n  " shown)
    message(FATAL_ERROR "Not formatted by .clang-format (run clang-format -i on them):\n  ${shown}")
endif()
list(LENGTH sources count)
message(STATUS "${count} sources follow .clang-format")
