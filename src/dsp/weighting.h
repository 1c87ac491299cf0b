// weighting.h: frequency weightings and a spectral tilt for the display.
// Does: give the gain in dB of the A and C weightings (IEC 61672-1), the ITU-R BS.468-4
//       weighting and a tilt of so many dB per octave, each exactly 0 dB at 1 kHz, as pure
//       functions of frequency; fill a per-row offset table for a display scale.
// Does not: touch analysed data. The app adds these offsets only when drawing (shader, spectrum
//       panel, readouts), so the analysis history stays unweighted and switching is instant.
#pragma once
#include <cstddef>

#include "dsp/frequency_scale.h"

namespace dsp {

enum class Weighting { kNone, kA, kC, kItu468 };
constexpr int kWeightingCount = 4;
const char* weighting_name(Weighting weighting);                  // "none", "a", "c", "itu468"
bool weighting_from_name(const char* name, Weighting* weighting);  // false if unknown

// Gain in dB at `hz` (> 0); 0 dB at 1 kHz. Below 1 Hz the value at 1 Hz is used.
double weighting_db(Weighting weighting, double hz);
// `db_per_octave` x log2(hz / 1000): 0 dB at 1 kHz.
double tilt_db(double db_per_octave, double hz);

// offsets[r] = weighting + tilt at the centre frequency of display row r (of `rows` over
// `scale`), in dB to add to row r's level.
void row_offsets_db(const FrequencyScale& scale, int rows, Weighting weighting, double tilt_db_per_octave,
                    float* offsets);

}  // namespace dsp
