# gapwatch_embed(TARGET name1 file1 name2 file2 ...) builds a static library
# whose header data/embedded.h declares `std::string_view gapwatch::embedded::NAME()`
# for each file, holding its bytes exactly.
function(gapwatch_embed target)
  set(args ${ARGN})
  set(source ${CMAKE_CURRENT_BINARY_DIR}/${target}.cc)
  set(script ${CMAKE_SOURCE_DIR}/cmake/embed_file.cmake)
  set(depends)
  set(names)
  set(files)
  list(LENGTH args count)
  math(EXPR last "${count} - 1")
  foreach(i RANGE 0 ${last} 2)
    math(EXPR j "${i} + 1")
    list(GET args ${i} name)
    list(GET args ${j} file)
    list(APPEND names ${name})
    list(APPEND files ${file})
    list(APPEND depends ${file})
  endforeach()
  string(REPLACE ";" "," names_arg "${names}")
  string(REPLACE ";" "," files_arg "${files}")
  add_custom_command(
    OUTPUT ${source}
    COMMAND ${CMAKE_COMMAND} -DNAMES=${names_arg} -DFILES=${files_arg} -DOUTPUT=${source} -P ${script}
    DEPENDS ${depends} ${script}
    COMMENT "Embedding data files into ${target}")
  add_library(${target} STATIC ${source})
endfunction()
