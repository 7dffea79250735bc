# cadre_warnings: linked PRIVATE by every Cadre target; never global flags.
add_library(cadre_warnings INTERFACE)
target_compile_options(cadre_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough $<$<BOOL:${CADRE_WERROR}>:-Werror>)
