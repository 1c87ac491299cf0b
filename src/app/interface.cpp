// interface.cpp: the App's interface glue: which layout the screen gets (from its CSS size), the
// font and style for it, and acting on what the controls reported (toolbar, menu, number fields).
// Does not: draw the controls (ui/controls.cpp) or lay out the plot (ui/plot_view.cpp).
#include <emscripten/val.h>

#include <algorithm>

#include "app/app.h"
#include "imgui_impl_opengl3.h"
#include "imgui.h"
#include "ui/font.h"

namespace app {

using emscripten::val;

void App::update_interface_style() {
  const double ratio = platform_.pixel_ratio();
  const ui::FormFactor form =
      ui::choose_form_factor(platform_.css_width(), platform_.css_height(), platform_.coarse_pointer());
  controls_.form = form;
  controls_.touch = ui::is_touch_layout(form);
  controls_.css_px = float(ratio);
  const bool atlas_stale = ratio != font_pixel_ratio_ || form != font_form_;
  const bool theme_changed = !style_applied_ || settings_.theme != style_theme_;
  if (!atlas_stale && !theme_changed) return;
  if (atlas_stale) {
    // Why rebuild the atlas: glyphs are rasterised at one pixel size; scaling them
    // (FontGlobalScale) blurs them at 2x and 3x. This runs only when the ratio or the layout changes.
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ui::add_interface_font(io.Fonts, ui::interface_font_px(form, float(ratio)));
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ui::apply_interface_style(form, float(ratio), settings_.theme);
  font_pixel_ratio_ = ratio;
  font_form_ = form;
  style_theme_ = settings_.theme;
  style_applied_ = true;
  // The page around the canvas (its ground, the browser's bar colour) follows the theme.
  if (theme_changed) {
    val page = val::global("SpectrogramPage");
    if (!page.isUndefined()) page.call<void>("themeChanged", std::string(settings::get_as_text(settings_, "theme")));
  }
}

void App::act(const ui::ControlsActions& actions) {
  if (actions.start) audio_.start(settings_.browser_processing);
  if (actions.stop) stop_capture();
  if (actions.toggle_pause) handle_shortcut(32);
  if (actions.clear) clear_history();
  if (actions.export_png) export_requested_by_button_ = true;
  if (actions.export_wav) export_file_by_button("wav");
  if (actions.export_csv) export_file_by_button("csv");
  if (actions.live) handle_shortcut(35);
  if (actions.play) playback_.playing ? stop_playback() : (void)play(controls_.loop_playback);
  if (actions.copy_link) val::global("SpectrogramPage").call<void>("copyLink");
  if (actions.open_file) val::global("SpectrogramPage").call<void>("chooseFile");
  if (!actions.edit.key.empty()) {
    // The page shows a real number input over the field; its value comes back through
    // applySettings (the settings' own validation, and a message on bad input).
    const double ratio = std::max(1.0, platform_.pixel_ratio());
    val field = val::object();
    field.set("key", actions.edit.key);
    field.set("label", actions.edit.label);
    field.set("value", actions.edit.value);
    field.set("x", actions.edit.x / ratio);
    field.set("y", actions.edit.y / ratio);
    field.set("width", actions.edit.w / ratio);
    field.set("height", actions.edit.h / ratio);
    val::global("SpectrogramPage").call<void>("editNumber", field);
  }
}

std::string App::command(const std::string& name) {
  ui::ControlsActions actions;
  if (name == "freeze") actions.toggle_pause = !file_.active;
  else if (name == "live") actions.live = true;
  else if (name == "clear") actions.clear = true;
  else if (name == "png") actions.export_png = true;
  else if (name == "wav") actions.export_wav = true;
  else if (name == "csv") actions.export_csv = true;
  else if (name == "play") actions.play = true;
  else if (name == "settings") controls_.show_settings = !controls_.show_settings;
  else if (name == "help") controls_.show_help = !controls_.show_help;
  else return "unknown command '" + name.substr(0, 40) + "' (freeze, live, clear, png, wav, csv, play, settings, help)";
  act(actions);
  return "";
}

}  // namespace app
