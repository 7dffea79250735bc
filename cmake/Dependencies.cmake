# The only place that looks for third-party libraries. Each one becomes a target named
# cadre::dep_<name>; a missing one stops configuration with the Debian package to install
# (scripts/setup.sh installs all of them).
include(FindPkgConfig)

function(cadre_require found package what)
  if(NOT ${found})
    message(FATAL_ERROR "${what} not found: install the Debian package '${package}' "
                        "(or run scripts/setup.sh, which installs every dependency)")
  endif()
endfunction()

find_package(Threads REQUIRED)

# Xapian's CMake config sets variables only: wrap them.
find_package(xapian CONFIG QUIET)
cadre_require(xapian_FOUND libxapian-dev "Xapian")
add_library(cadre::dep_xapian INTERFACE IMPORTED)
target_include_directories(cadre::dep_xapian INTERFACE ${XAPIAN_INCLUDE_DIR})
target_link_libraries(cadre::dep_xapian INTERFACE ${XAPIAN_LIBRARIES})

find_package(SQLiteCpp CONFIG QUIET)
cadre_require(SQLiteCpp_FOUND libsqlitecpp-dev "SQLiteCpp")
add_library(cadre::dep_sqlite INTERFACE IMPORTED)
target_link_libraries(cadre::dep_sqlite INTERFACE SQLiteCpp)

# cmark's CMake config insists on the cmark executable (another package): use pkg-config.
pkg_check_modules(CMARK QUIET IMPORTED_TARGET libcmark)
cadre_require(CMARK_FOUND libcmark-dev "cmark")
add_library(cadre::dep_cmark INTERFACE IMPORTED)
target_link_libraries(cadre::dep_cmark INTERFACE PkgConfig::CMARK)

find_package(LibXml2 QUIET)
cadre_require(LibXml2_FOUND libxml2-dev "libxml2")
add_library(cadre::dep_xml INTERFACE IMPORTED)
target_link_libraries(cadre::dep_xml INTERFACE LibXml2::LibXml2)

find_package(tomlplusplus CONFIG QUIET)
cadre_require(tomlplusplus_FOUND libtomlplusplus-dev "toml++")
add_library(cadre::dep_toml INTERFACE IMPORTED)
target_link_libraries(cadre::dep_toml INTERFACE tomlplusplus::tomlplusplus)

find_package(nlohmann_json CONFIG QUIET)
cadre_require(nlohmann_json_FOUND nlohmann-json3-dev "nlohmann JSON")
add_library(cadre::dep_json INTERFACE IMPORTED)
target_link_libraries(cadre::dep_json INTERFACE nlohmann_json::nlohmann_json)

find_package(CLI11 CONFIG QUIET)
cadre_require(CLI11_FOUND libcli11-dev "CLI11")
add_library(cadre::dep_cli11 INTERFACE IMPORTED)
target_link_libraries(cadre::dep_cli11 INTERFACE CLI11::CLI11)

find_package(OpenSSL QUIET)
cadre_require(OPENSSL_FOUND libssl-dev "OpenSSL")
add_library(cadre::dep_crypto INTERFACE IMPORTED)
target_link_libraries(cadre::dep_crypto INTERFACE OpenSSL::Crypto)

find_package(ZLIB QUIET)
cadre_require(ZLIB_FOUND zlib1g-dev "zlib")
add_library(cadre::dep_zlib INTERFACE IMPORTED)
target_link_libraries(cadre::dep_zlib INTERFACE ZLIB::ZLIB)

find_package(CURL QUIET)
cadre_require(CURL_FOUND libcurl4-openssl-dev "libcurl")
add_library(cadre::dep_curl INTERFACE IMPORTED)
target_link_libraries(cadre::dep_curl INTERFACE CURL::libcurl)

# cpp-httplib ships only pkg-config. Debian builds it as a shared library, so its compile-time
# settings (TCP_NODELAY, listen backlog) cannot be changed here: server/http_server.cpp sets
# them at run time (see ARCHITECTURE.md, Performance).
pkg_check_modules(HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
cadre_require(HTTPLIB_FOUND libcpp-httplib-dev "cpp-httplib")
add_library(cadre::dep_httplib INTERFACE IMPORTED)
target_link_libraries(cadre::dep_httplib INTERFACE PkgConfig::HTTPLIB)

pkg_check_modules(XLSXWRITER QUIET IMPORTED_TARGET xlsxwriter)
cadre_require(XLSXWRITER_FOUND libxlsxwriter-dev "libxlsxwriter")
add_library(cadre::dep_xlsxwriter INTERFACE IMPORTED)
target_link_libraries(cadre::dep_xlsxwriter INTERFACE PkgConfig::XLSXWRITER)

pkg_check_modules(XXHASH QUIET IMPORTED_TARGET libxxhash)
cadre_require(XXHASH_FOUND libxxhash-dev "xxHash")
add_library(cadre::dep_xxhash INTERFACE IMPORTED)
target_link_libraries(cadre::dep_xxhash INTERFACE PkgConfig::XXHASH)

if(CADRE_BUILD_TESTS)
  find_package(GTest QUIET)
  cadre_require(GTest_FOUND libgtest-dev "GoogleTest")
  include(GoogleTest)
endif()
