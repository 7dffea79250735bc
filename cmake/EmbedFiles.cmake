# cadre_embed_files(TARGET <lib> NAMESPACE <ns> BASE <dir> FILES <files...>)
# Compiles the files into a library as byte arrays reachable through
#   std::string_view cadre::<ns>::file(std::string_view relative_path)  (empty when absent)
#   const std::vector<std::string_view>& cadre::<ns>::names()
# so that the binaries carry their schema and web assets and need no install step.
function(cadre_embed_files)
  cmake_parse_arguments(EMB "" "TARGET;NAMESPACE;BASE" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${EMB_TARGET}_embedded.cpp")
  set(script "${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake")
  set(abs_files "")
  foreach(f IN LISTS EMB_FILES)
    list(APPEND abs_files "${EMB_BASE}/${f}")
  endforeach()
  string(REPLACE ";" "|" files_arg "${EMB_FILES}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${EMB_NAMESPACE} -DBASE=${EMB_BASE}
            "-DFILES=${files_arg}" -P ${script}
    DEPENDS ${abs_files} ${script}
    COMMENT "Embedding ${EMB_NAMESPACE} files"
    VERBATIM)
  add_library(${EMB_TARGET} STATIC "${out}")
  target_include_directories(${EMB_TARGET} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
