// platform.h: the browser as an ImGui platform, on emscripten/html5.h (no GLFW).
// Does: create the WebGL2 context; keep the drawing buffer at CSS size x devicePixelRatio;
//       feed mouse, touch (one finger = the mouse), wheel and keyboard into ImGui's IO in device
//       pixels; report key presses the app uses as shortcuts.
// Does not: draw or decide what a key does.
// Why not GLFW: Emscripten 3.1.6's GLFW ignores devicePixelRatio and its touches never move
// the cursor (TOOLCHAIN.md).
#pragma once
#include <emscripten/html5.h>

#include <functional>

namespace app {

class Platform {
 public:
  // Creates the context on #canvas. False (with a reason) when WebGL2 is unavailable.
  bool init(const char** failure);
  // Call once per frame before ImGui::NewFrame(): sizes the canvas, fills DisplaySize/DeltaTime.
  void new_frame();
  int width_px() const { return width_px_; }
  int height_px() const { return height_px_; }
  double pixel_ratio() const { return pixel_ratio_; }
  // The canvas in CSS pixels, and whether the main pointer is a finger (pointer: coarse).
  double css_width() const { return css_width_; }
  double css_height() const { return css_height_; }
  bool coarse_pointer() const { return coarse_pointer_; }

  // A key pressed while ImGui does not want the keyboard (keyCode, e.g. 32 for space).
  std::function<void(int key_code)> on_shortcut;
  // Any pointer press (used to resume a suspended audio context on the next tap).
  std::function<void()> on_pointer_down;

  // Gestures since the last take_gestures(): wheel steps (up = positive; a trackpad's pinch
  // comes as a ctrl-wheel), a two-finger pinch (ratio of finger distances, > 1 = apart) and
  // its centre's movement, all in device pixels.
  struct Gestures {
    float wheel = 0, wheel_x = 0;  // vertical and horizontal steps
    bool ctrl = false, shift = false;
    float pinch = 1.0f;            // product of distance ratios
    float pinch_dx = 0;            // the centre's horizontal movement
    float x = 0, y = 0;            // where (the pointer, or the pinch centre)
    bool pinching = false;         // two fingers are down now
  };
  Gestures take_gestures();

  // Event entry points (static trampolines call these).
  bool handle_mouse(int type, const EmscriptenMouseEvent* event);
  bool handle_wheel(const EmscriptenWheelEvent* event);
  bool handle_touch(int type, const EmscriptenTouchEvent* event);
  bool handle_key(int type, const EmscriptenKeyboardEvent* event);

 private:
  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context_ = 0;
  int width_px_ = 0, height_px_ = 0;
  double pixel_ratio_ = 1;
  double css_width_ = 0, css_height_ = 0;
  bool coarse_pointer_ = false;
  double last_time_s_ = 0;
  double canvas_client_x_ = 0, canvas_client_y_ = 0;  // the canvas's top left in client (CSS) pixels
  bool pending_release_[3] = {false, false, false};  // a press and release inside one frame
  bool pressed_this_frame_[3] = {false, false, false};
  Gestures gestures_;
  float pinch_distance_ = 0;  // between the two fingers, at the last touch event
};

}  // namespace app
