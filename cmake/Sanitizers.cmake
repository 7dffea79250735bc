# cadre_sanitize: AddressSanitizer + UndefinedBehaviorSanitizer when CADRE_SANITIZE is on.
add_library(cadre_sanitize INTERFACE)
if(CADRE_SANITIZE)
  target_compile_options(cadre_sanitize INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(cadre_sanitize INTERFACE -fsanitize=address,undefined)
endif()
