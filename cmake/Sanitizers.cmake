# cadre_sanitize: the sanitizer flags every Cadre target links (an INTERFACE library, empty when
# no sanitizer is requested). Separate build configurations, because ThreadSanitizer cannot be
# combined with AddressSanitizer:
#   CADRE_SANITIZE=ON         AddressSanitizer + UndefinedBehaviorSanitizer (the whole suite)
#   CADRE_SANITIZE_THREAD=ON  ThreadSanitizer (the server's concurrent paths)
#   CADRE_FUZZ=ON             ASan + UBSan + libFuzzer coverage on every library (clang only);
#                             the targets themselves are in fuzz/
# Undefined behaviour aborts instead of printing and carrying on, so CTest and libFuzzer see it.
option(CADRE_SANITIZE_THREAD "Build with ThreadSanitizer (not with CADRE_SANITIZE)" OFF)
option(CADRE_FUZZ "Build the libFuzzer targets in fuzz/ (clang; implies CADRE_SANITIZE)" OFF)

if(CADRE_FUZZ)
  set(CADRE_SANITIZE ON)
endif()
if(CADRE_SANITIZE AND CADRE_SANITIZE_THREAD)
  message(FATAL_ERROR "CADRE_SANITIZE (or CADRE_FUZZ) and CADRE_SANITIZE_THREAD cannot be combined: "
                      "configure two build directories")
endif()

add_library(cadre_sanitize INTERFACE)
if(CADRE_SANITIZE)
  target_compile_options(cadre_sanitize INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(cadre_sanitize INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=undefined)
elseif(CADRE_SANITIZE_THREAD)
  target_compile_options(cadre_sanitize INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(cadre_sanitize INTERFACE -fsanitize=thread)
endif()
if(CADRE_FUZZ)
  target_compile_options(cadre_sanitize INTERFACE -fsanitize=fuzzer-no-link)
endif()
