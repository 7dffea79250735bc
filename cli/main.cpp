#include "cli/cli.hpp"

#include <iostream>

int main(int argc, char** argv) { return cadre::cli::run({argv + 1, argv + argc}, std::cout, std::cerr); }
