// form_factor.h: which layout a screen gets (phone portrait, phone landscape, tablet, desktop),
// chosen from the canvas's CSS size and whether the pointer is a finger, and the sizes of
// controls each layout needs (44 CSS px touch targets on touch layouts).
// Does: pure decisions from numbers (tested natively).
// Does not: read the browser (the platform passes the sizes in) or draw.
#pragma once

namespace ui {

enum class FormFactor { kDesktop, kTablet, kPhoneLandscape, kPhonePortrait };

// The smallest side of a control a finger can hit reliably (Apple's and WCAG 2.5.5's 44 px).
constexpr double kTouchTargetCssPx = 44.0;
// Text size in CSS px: a phone is held closer but its pixels are smaller; 15 px reads well there.
constexpr double kDesktopFontCssPx = 14.0;
constexpr double kTouchFontCssPx = 15.0;

// Phone portrait: up to 600 CSS px wide (phones are 360 to 430; a narrow split screen too).
// Phone landscape: up to 500 tall and 1000 wide. Tablet: a finger pointer, or under 900 wide.
// Desktop: the rest.
FormFactor choose_form_factor(double css_width, double css_height, bool coarse_pointer);
// Phones and tablets: controls are 44 CSS px and the rarer actions live in a menu.
bool is_touch_layout(FormFactor form);
// Phone portrait only: the toolbar keeps Start/Stop, Freeze and the menu.
bool is_narrow_layout(FormFactor form);
// "desktop", "tablet", "phone-landscape", "phone-portrait" (stats() and tests).
const char* form_factor_name(FormFactor form);

}  // namespace ui
