// platform.cpp: html5.h callbacks -> ImGui 1.86 IO (MousePos/MouseDown/KeysDown arrays).
#include "app/platform.h"

#include <emscripten.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "imgui.h"

namespace app {
namespace {

constexpr const char* kCanvas = "#canvas";


EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* event, void* user) {
  return static_cast<Platform*>(user)->handle_mouse(type, event);
}
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* event, void* user) {
  return static_cast<Platform*>(user)->handle_wheel(event);
}
EM_BOOL on_touch(int type, const EmscriptenTouchEvent* event, void* user) {
  return static_cast<Platform*>(user)->handle_touch(type, event);
}
EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* event, void* user) {
  return static_cast<Platform*>(user)->handle_key(type, event);
}

int imgui_button(unsigned short dom_button) {
  return dom_button == 0 ? 0 : dom_button == 2 ? 1 : dom_button == 1 ? 2 : -1;
}

}  // namespace

bool Platform::init(const char** failure) {
  EmscriptenWebGLContextAttributes attributes;
  emscripten_webgl_init_context_attributes(&attributes);
  attributes.majorVersion = 2;
  attributes.minorVersion = 0;
  attributes.alpha = false;
  attributes.antialias = false;
  attributes.depth = false;
  attributes.stencil = false;
  attributes.premultipliedAlpha = false;
  attributes.preserveDrawingBuffer = false;
  context_ = emscripten_webgl_create_context(kCanvas, &attributes);
  if (context_ <= 0) {
    *failure = "This browser cannot draw with WebGL2, which the spectrogram needs. Turn on hardware "
               "acceleration in the browser settings, or use a current Chrome, Edge, Firefox or Safari.";
    return false;
  }
  emscripten_webgl_make_context_current(context_);

  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformName = "html5";
  const int keys[][2] = {{ImGuiKey_Tab, 9},        {ImGuiKey_LeftArrow, 37}, {ImGuiKey_RightArrow, 39},
                         {ImGuiKey_UpArrow, 38},   {ImGuiKey_DownArrow, 40}, {ImGuiKey_PageUp, 33},
                         {ImGuiKey_PageDown, 34},  {ImGuiKey_Home, 36},      {ImGuiKey_End, 35},
                         {ImGuiKey_Insert, 45},    {ImGuiKey_Delete, 46},    {ImGuiKey_Backspace, 8},
                         {ImGuiKey_Space, 32},     {ImGuiKey_Enter, 13},     {ImGuiKey_Escape, 27},
                         {ImGuiKey_KeyPadEnter, 13}, {ImGuiKey_A, 65},       {ImGuiKey_C, 67},
                         {ImGuiKey_V, 86},         {ImGuiKey_X, 88},         {ImGuiKey_Y, 89},
                         {ImGuiKey_Z, 90}};
  for (const auto& key : keys) io.KeyMap[key[0]] = key[1];

  emscripten_set_mousedown_callback(kCanvas, this, true, on_mouse);
  emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, this, true, on_mouse);
  emscripten_set_mousemove_callback(kCanvas, this, true, on_mouse);
  emscripten_set_mouseleave_callback(kCanvas, this, true, on_mouse);
  emscripten_set_wheel_callback(kCanvas, this, true, on_wheel);
  emscripten_set_touchstart_callback(kCanvas, this, true, on_touch);
  emscripten_set_touchmove_callback(kCanvas, this, true, on_touch);
  emscripten_set_touchend_callback(kCanvas, this, true, on_touch);
  emscripten_set_touchcancel_callback(kCanvas, this, true, on_touch);
  emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, true, on_key);
  emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, true, on_key);
  emscripten_set_keypress_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, true, on_key);
  last_time_s_ = emscripten_get_now() / 1000.0;
  return true;
}

void Platform::new_frame() {
  double css_width = 0, css_height = 0;
  emscripten_get_element_css_size(kCanvas, &css_width, &css_height);
  const double ratio = emscripten_get_device_pixel_ratio();
  const int width = std::max(1, int(std::lround(css_width * ratio)));
  const int height = std::max(1, int(std::lround(css_height * ratio)));
  if (width != width_px_ || height != height_px_ || ratio != pixel_ratio_) {
    // Why: the drawing buffer must match CSS size x devicePixelRatio or everything is blurred.
    emscripten_set_canvas_element_size(kCanvas, width, height);
    width_px_ = width;
    height_px_ = height;
    pixel_ratio_ = ratio;
    // Asked again at each resize: a tablet with a keyboard cover, or a 2-in-1 folding over.
    coarse_pointer_ = EM_ASM_INT({ return globalThis.matchMedia && matchMedia('(pointer: coarse)').matches ? 1 : 0; }) != 0;
  }
  css_width_ = css_width;
  css_height_ = css_height;
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(float(width_px_), float(height_px_));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  const double now_s = emscripten_get_now() / 1000.0;
  // Why the clamp: browser timers can repeat a value and ImGui 1.86 asserts DeltaTime > 0.
  io.DeltaTime = float(std::max(now_s - last_time_s_, 1e-4));
  last_time_s_ = now_s;
  for (int b = 0; b < 3; ++b) {
    if (pending_release_[b] && !pressed_this_frame_[b]) {
      io.MouseDown[b] = false;
      pending_release_[b] = false;
    }
    pressed_this_frame_[b] = false;
  }
}

bool Platform::handle_mouse(int type, const EmscriptenMouseEvent* event) {
  ImGuiIO& io = ImGui::GetIO();
  if (type == EMSCRIPTEN_EVENT_MOUSELEAVE) {
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    return false;
  }
  // Why from client coordinates: mouseup is heard on the document (so a release outside the
  // canvas still ends a drag), and its target coordinates are not the canvas's. The canvas's
  // client origin is learnt from its own events (it moves when a notice appears above it).
  if (type != EMSCRIPTEN_EVENT_MOUSEUP) {
    canvas_client_x_ = double(event->clientX - event->targetX);
    canvas_client_y_ = double(event->clientY - event->targetY);
  }
  io.MousePos = ImVec2(float((event->clientX - canvas_client_x_) * pixel_ratio_),
                       float((event->clientY - canvas_client_y_) * pixel_ratio_));
  const int button = imgui_button(event->button);
  if (button < 0) return false;
  if (type == EMSCRIPTEN_EVENT_MOUSEDOWN) {
    io.MouseDown[button] = true;
    pressed_this_frame_[button] = true;
    if (on_pointer_down) on_pointer_down();
  } else if (type == EMSCRIPTEN_EVENT_MOUSEUP) {
    // A click that starts and ends between two frames must still be seen as a press.
    if (pressed_this_frame_[button]) pending_release_[button] = true;
    else io.MouseDown[button] = false;
  }
  return type != EMSCRIPTEN_EVENT_MOUSEMOVE;
}

bool Platform::handle_wheel(const EmscriptenWheelEvent* event) {
  ImGuiIO& io = ImGui::GetIO();
  const double scale = event->deltaMode == DOM_DELTA_PIXEL ? 1.0 / 100.0 : 1.0 / 3.0;
  io.MouseWheel -= float(event->deltaY * scale);
  io.MouseWheelH -= float(event->deltaX * scale);
  gestures_.wheel -= float(event->deltaY * scale);
  gestures_.wheel_x -= float(event->deltaX * scale);
  gestures_.ctrl = event->mouse.ctrlKey || event->mouse.metaKey;
  gestures_.shift = event->mouse.shiftKey;
  // The wheel's own position on the canvas (a wheel can turn with no mouse move before it).
  gestures_.x = float(event->mouse.targetX * pixel_ratio_);
  gestures_.y = float(event->mouse.targetY * pixel_ratio_);
  io.MousePos = ImVec2(gestures_.x, gestures_.y);
  return true;  // why: a pinch on a trackpad would otherwise zoom the whole page
}

Platform::Gestures Platform::take_gestures() {
  Gestures taken = gestures_;
  gestures_.wheel = gestures_.wheel_x = 0;
  gestures_.pinch = 1.0f;
  gestures_.pinch_dx = 0;
  return taken;
}

bool Platform::handle_touch(int type, const EmscriptenTouchEvent* event) {
  ImGuiIO& io = ImGui::GetIO();
  // Two fingers: a pinch (zoom) and its centre's movement (scroll); not a press.
  int down = 0;
  const EmscriptenTouchPoint* fingers[2] = {nullptr, nullptr};
  for (int i = 0; i < event->numTouches && down < 2; ++i)
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART || type == EMSCRIPTEN_EVENT_TOUCHMOVE || !event->touches[i].isChanged)
      fingers[down++] = &event->touches[i];
  if (down == 2) {
    const float ax = float(fingers[0]->targetX * pixel_ratio_), ay = float(fingers[0]->targetY * pixel_ratio_);
    const float bx = float(fingers[1]->targetX * pixel_ratio_), by = float(fingers[1]->targetY * pixel_ratio_);
    const float distance = std::max(1.0f, std::hypot(ax - bx, ay - by));
    const float cx = 0.5f * (ax + bx);
    if (gestures_.pinching && pinch_distance_ > 0 && type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
      gestures_.pinch *= distance / pinch_distance_;
      gestures_.pinch_dx += cx - gestures_.x;
    }
    gestures_.pinching = true;
    pinch_distance_ = distance;
    gestures_.x = cx;
    gestures_.y = 0.5f * (ay + by);
    io.MouseDown[0] = false;  // the second finger ends any one-finger drag
    return true;
  }
  gestures_.pinching = false;
  const EmscriptenTouchPoint* touch = nullptr;
  for (int i = 0; i < event->numTouches; ++i)
    if (event->touches[i].isChanged) touch = &event->touches[i];
  if (touch == nullptr) return true;
  io.MousePos = ImVec2(float(touch->targetX * pixel_ratio_), float(touch->targetY * pixel_ratio_));
  if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
    io.MouseDown[0] = true;
    pressed_this_frame_[0] = true;
    if (on_pointer_down) on_pointer_down();
  } else if (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) {
    if (pressed_this_frame_[0]) pending_release_[0] = true;
    else io.MouseDown[0] = false;
  }
  return true;  // why: stops the browser from scrolling/zooming and from faking mouse events
}

bool Platform::handle_key(int type, const EmscriptenKeyboardEvent* event) {
  // Why: the listener is on the window in the capture phase (so the canvas need not have focus);
  // keys typed into the page's own HTML controls (the number editor, the accessible buttons,
  // the notices) belong to them: no shortcut, no preventDefault.
  if (EM_ASM_INT({
        const e = document.activeElement;
        return e && e !== document.body && e.id !== 'canvas' && e.closest('input, button, select, textarea, form, [role=dialog]') ? 1 : 0;
      }) != 0)
    return false;
  ImGuiIO& io = ImGui::GetIO();
  const int code = int(event->keyCode);
  if (type == EMSCRIPTEN_EVENT_KEYPRESS) {
    if (io.WantTextInput && event->charCode >= 32) io.AddInputCharacter(event->charCode);
    return io.WantTextInput;
  }
  if (code >= 0 && code < 512) io.KeysDown[code] = type == EMSCRIPTEN_EVENT_KEYDOWN;
  io.KeyCtrl = event->ctrlKey;
  io.KeyShift = event->shiftKey;
  io.KeyAlt = event->altKey;
  io.KeySuper = event->metaKey;
  if (io.WantTextInput) return code == 9 || code == 8;  // keep Tab/Backspace in the text field
  if (type == EMSCRIPTEN_EVENT_KEYDOWN && !event->repeat && !event->ctrlKey && !event->metaKey &&
      !event->altKey && on_shortcut) {
    on_shortcut(code);
    return code == 32;  // why: space would scroll the page
  }
  return false;
}

}  // namespace app
