# luukku_embed_file(TARGET <target> FILE <path> SYMBOL <name>)
# Compiles the file's bytes into <target> as `extern const std::string_view <name>;`
# in namespace luukku::embedded, so the binary carries documents such as the OpenAPI spec.
function(luukku_embed_file)
  cmake_parse_arguments(ARG "" "TARGET;FILE;SYMBOL" "" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ARG_SYMBOL}.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${ARG_FILE} -DOUT=${out} -DSYMBOL=${ARG_SYMBOL}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFileScript.cmake
    DEPENDS ${ARG_FILE} ${PROJECT_SOURCE_DIR}/cmake/EmbedFileScript.cmake
    COMMENT "Embedding ${ARG_FILE}")
  target_sources(${ARG_TARGET} PRIVATE ${out})
endfunction()
