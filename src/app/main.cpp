// main.cpp: creates the one App and hands it to the browser's frame loop and a 1 s timer.
#include <emscripten.h>
#include <emscripten/html5.h>

#include "app/app.h"

namespace app {
App& instance() {
  static App the_app;
  return the_app;
}
}  // namespace app

namespace {
void frame_callback() { app::instance().frame(); }
void tick_callback(void*) { app::instance().background_tick(); }
}  // namespace

int main() {
  if (app::instance().init()) {
    // Why both: requestAnimationFrame stops in a hidden tab; the interval keeps draining the ring.
    emscripten_set_interval(tick_callback, 1000.0, nullptr);
    emscripten_set_main_loop(frame_callback, 0, false);
  }
  return 0;
}
