// main.cpp: creates the one App and initialises it. The frame loop and the wake-up timer are
// driven by the page (web/main.js calls Module.frame() and Module.wake()).
// Why not emscripten_set_main_loop: an exception thrown inside its callback stops the loop
// for good (Emscripten 3.1.6 skips rescheduling); the page's loop schedules the next frame
// first and catches, so drawing goes on and the error is shown.
#include "app/app.h"

namespace app {
App& instance() {
  static App the_app;
  return the_app;
}
}  // namespace app

int main() {
  app::instance().init();
  return 0;
}
