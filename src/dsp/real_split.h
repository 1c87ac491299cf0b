// real_split.h: the last step of a real FFT done as a half-size complex one: from
//               Z = DFT_M(x[2m] + j x[2m+1]) (M = n/2) to X = DFT_n(x), bins 0..M.
// XE[k] = (Z[k] + conj Z[M-k]) / 2, XO[k] = (Z[k] - conj Z[M-k]) / 2j,
// X[k] = XE[k] + W_n^k XO[k] and X[M-k] = conj(XE[k] - W_n^k XO[k]).
// Z is read with a stride so the same code serves a plain interleaved array (stride 2) and one
// lane of KissFFT's 4-lane layout (stride 8, imaginary parts 4 floats after the real ones).
#pragma once

namespace dsp {

// z: Z[k] real part at z[stride k], imaginary at z[stride k + im_offset]; twiddle: W_n^k for
// k in [0, M/2] as (re, im); out: M+1 complex values, interleaved.
inline void split_real_spectrum(const float* z, int stride, int im_offset, int m, const float* twiddle, float* out) {
  const float z0r = z[0], z0i = z[im_offset];
  out[0] = z0r + z0i, out[1] = 0;
  out[2 * m] = z0r - z0i, out[2 * m + 1] = 0;
  for (int k = 1; k <= m / 2; ++k) {
    const float fr = z[stride * k], fi = z[stride * k + im_offset];
    const float gr = z[stride * (m - k)], gi = -z[stride * (m - k) + im_offset];  // conj Z[M-k]
    const float even_r = 0.5f * (fr + gr), even_i = 0.5f * (fi + gi);
    const float odd_r = 0.5f * (fi - gi), odd_i = -0.5f * (fr - gr);  // (F - G) / 2j
    const float wr = twiddle[2 * k], wi = twiddle[2 * k + 1];
    const float t_r = odd_r * wr - odd_i * wi, t_i = odd_r * wi + odd_i * wr;
    out[2 * k] = even_r + t_r, out[2 * k + 1] = even_i + t_i;
    out[2 * (m - k)] = even_r - t_r, out[2 * (m - k) + 1] = -(even_i - t_i);
  }
}

}  // namespace dsp
