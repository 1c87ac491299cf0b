// form_factor.cpp: the layout chosen from the screen's CSS size (see form_factor.h).
#include "ui/form_factor.h"

#include <cassert>

namespace ui {

FormFactor choose_form_factor(double css_width, double css_height, bool coarse_pointer) {
  assert(css_width >= 0 && css_height >= 0);
  if (css_width <= 600) return FormFactor::kPhonePortrait;
  if (css_height <= 500 && css_width <= 1000) return FormFactor::kPhoneLandscape;
  if (coarse_pointer || css_width < 900) return FormFactor::kTablet;
  return FormFactor::kDesktop;
}

bool is_touch_layout(FormFactor form) { return form != FormFactor::kDesktop; }

bool is_narrow_layout(FormFactor form) { return form == FormFactor::kPhonePortrait; }

const char* form_factor_name(FormFactor form) {
  switch (form) {
    case FormFactor::kDesktop: return "desktop";
    case FormFactor::kTablet: return "tablet";
    case FormFactor::kPhoneLandscape: return "phone-landscape";
    case FormFactor::kPhonePortrait: return "phone-portrait";
  }
  return "desktop";
}

}  // namespace ui
