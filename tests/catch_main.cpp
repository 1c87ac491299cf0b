// catch_main.cpp: Catch2's main(), alone in its file because it takes ~20 s to compile.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
