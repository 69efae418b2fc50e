# Run by ctest (see CMakeLists.txt); fails when the fuzzer exits non-zero.
#   MODE=fuzz         copy SEEDS into WORK/corpus, fuzz with FUZZ_ARGS, new inputs stay in WORK
#   MODE=regressions  run the fuzzer once on each file in INPUTS, report every one that fails
cmake_minimum_required(VERSION 3.25)

set(artifacts "${WORK}/artifacts")
file(MAKE_DIRECTORY "${WORK}/corpus" "${artifacts}")

# The crash report without libFuzzer's progress lines. (file(STRINGS) would split libFuzzer's
# "[0x..., 0x...)" lines wrongly: an unbalanced '[' stops CMake's list splitting.)
function(print_report log)
    file(READ "${log}" text)
    string(REGEX REPLACE "#[0-9]+\t(NEW|REDUCE|pulse|RELOAD)[^\n]*\n" "" text "${text}")
    string(REGEX REPLACE "\t*NEW_FUNC[^\n]*\n" "" text "${text}")
    message("${text}")
endfunction()

if(MODE STREQUAL "fuzz")
    file(GLOB seeds "${SEEDS}/*")
    file(COPY ${seeds} DESTINATION "${WORK}/corpus")
    set(log "${WORK}/fuzz_post.log")
    execute_process(
        COMMAND "${FUZZER}" ${FUZZ_ARGS} -print_final_stats=1 "-artifact_prefix=${artifacts}/"
                "${WORK}/corpus"
        RESULT_VARIABLE rc
        OUTPUT_FILE "${log}" ERROR_FILE "${log}")
    if(NOT rc EQUAL 0)
        print_report("${log}")
        message(FATAL_ERROR "fuzz_post failed (exit ${rc}); the input is in ${artifacts}/. "
            "Reproduce: ${FUZZER} <file> (FUZZ_POST_TRACE=1 prints each edit); minimize: "
            "${FUZZER} -minimize_crash=1 -max_total_time=60 <file>; then add it to "
            "tests/fuzz/regressions/.")
    endif()
    file(READ "${log}" text)
    string(REGEX MATCHALL "(#[0-9]+\tDONE|stat::)[^\n]*" stats "${text}")
    list(JOIN stats "\n" stats)
    message("${stats}")
elseif(MODE STREQUAL "regressions")
    file(GLOB inputs LIST_DIRECTORIES false "${INPUTS}/*")
    list(SORT inputs)
    list(LENGTH inputs count)
    set(failed "")
    foreach(input IN LISTS inputs)
        get_filename_component(name "${input}" NAME)
        set(log "${WORK}/regression-${name}.log")
        execute_process(
            COMMAND "${FUZZER}" ${FUZZ_ARGS} "-artifact_prefix=${artifacts}/regression-" "${input}"
            RESULT_VARIABLE rc
            OUTPUT_FILE "${log}" ERROR_FILE "${log}")
        if(NOT rc EQUAL 0)
            message("---- ${name}: exit ${rc}")
            print_report("${log}")
            list(APPEND failed "${name}")
        endif()
    endforeach()
    if(failed)
        list(LENGTH failed n)
        list(JOIN failed "\n  " names)
        message(FATAL_ERROR "${n} of ${count} regression inputs fail:\n  ${names}")
    endif()
    message("${count} regression inputs pass")
else()
    message(FATAL_ERROR "MODE must be fuzz or regressions")
endif()
