// spectrogram_layer.cpp: GL objects and shaders of the spectrogram image.
#include "render/spectrogram_layer.h"

#include <cstdio>
#include <vector>

#include "render/colormap.h"

namespace render {
namespace {

// A full-rectangle triangle strip from gl_VertexID: no vertex buffer needed.
const char* kVertexShader = R"(#version 300 es
out vec2 v_uv;
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  v_uv = corner;
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
})";

// Pixel p shows the maximum of the texels it covers; the ring wraps with a modulo (no copies).
// Why the maximum: a short click in one column must not vanish between pixels when zoomed out.
const char* kFragmentShader = R"(#version 300 es
precision highp float;
precision highp int;
in vec2 v_uv;
uniform highp sampler2D u_ring;     // rows x slots: texture row t is texel slot t
uniform sampler2D u_colormap;
uniform highp sampler2D u_offsets;  // rows x 1: dB added per row (weighting, tilt)
uniform int u_slots;
uniform float u_left;               // texel position of the left edge
uniform float u_tpp;                // texels per pixel
uniform float u_width;              // pixels across
uniform vec2 u_range;               // min_db, max_db
uniform float u_colormap_v;         // row of the colormap table
out vec4 out_color;
void main() {
  int rows = textureSize(u_ring, 0).x;
  int row = clamp(int(floor(v_uv.y * float(rows))), 0, rows - 1);
  float pixel = min(floor(v_uv.x * u_width), u_width - 1.0);
  float a = u_left + pixel * u_tpp;
  float b = a + u_tpp;
  int first = int(floor(a));
  int last = max(first, int(ceil(b)) - 1);
  float db = -1e30;
  for (int i = 0; i < 5; ++i) {
    int t = first + i;
    if (t > last) break;
    // Why float mod: GLSL ES leaves % undefined for negative operands (texels before the first
    // column are negative), and Mesa's drivers (Firefox, WebKit here) differ from ANGLE's.
    int slot = clamp(int(mod(float(t), float(u_slots))), 0, u_slots - 1);
    db = max(db, texelFetch(u_ring, ivec2(row, slot), 0).r);
  }
  if (db < -1e29) { out_color = vec4(0.07, 0.07, 0.09, 1.0); return; }
  db += texelFetch(u_offsets, ivec2(row, 0), 0).r;
  float t = clamp((db - u_range.x) / (u_range.y - u_range.x), 0.0, 1.0);
  out_color = vec4(texture(u_colormap, vec2((t * 255.0 + 0.5) / 256.0, u_colormap_v)).rgb, 1.0);
})";

GLuint compile(GLenum type, const char* source) {
  const GLuint shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024];
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    std::fprintf(stderr, "spectrogram shader: %s\n", log);
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

// Why NEAREST for the float textures: they are not linearly filterable in WebGL2 without an
// extension, and the image is drawn one texel per pixel anyway.
void nearest_clamped() {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

}  // namespace

bool SpectrogramLayer::init() {
  const GLuint vertex = compile(GL_VERTEX_SHADER, kVertexShader);
  const GLuint fragment = compile(GL_FRAGMENT_SHADER, kFragmentShader);
  if (!vertex || !fragment) return false;
  program_ = glCreateProgram();
  glAttachShader(program_, vertex);
  glAttachShader(program_, fragment);
  glLinkProgram(program_);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  GLint ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) return false;
  u_ring_ = glGetUniformLocation(program_, "u_ring");
  u_colormap_ = glGetUniformLocation(program_, "u_colormap");
  u_offsets_ = glGetUniformLocation(program_, "u_offsets");
  u_slots_ = glGetUniformLocation(program_, "u_slots");
  u_left_ = glGetUniformLocation(program_, "u_left");
  u_tpp_ = glGetUniformLocation(program_, "u_tpp");
  u_width_ = glGetUniformLocation(program_, "u_width");
  u_range_ = glGetUniformLocation(program_, "u_range");
  u_colormap_v_ = glGetUniformLocation(program_, "u_colormap_v");
  glGenVertexArrays(1, &vertex_array_);

  const std::vector<std::uint8_t> table = colormap_table_rgba8();
  glGenTextures(1, &colormap_texture_);
  glBindTexture(GL_TEXTURE_2D, colormap_texture_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, settings::kColormapCount, 0, GL_RGBA,
               GL_UNSIGNED_BYTE, table.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glGenTextures(1, &ring_texture_);
  glGenTextures(1, &offsets_texture_);
  return true;
}


void SpectrogramLayer::resize(int slots, int rows) {
  slots_ = slots < 1 ? 1 : slots;
  rows_ = rows < 1 ? 1 : rows;
  glBindTexture(GL_TEXTURE_2D, ring_texture_);
  nearest_clamped();
  const std::vector<float> empty(std::size_t(slots_) * std::size_t(rows_), kEmptyDb);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, rows_, slots_, 0, GL_RED, GL_FLOAT, empty.data());
  const std::vector<float> flat(std::size_t(rows_), 0.0f);
  glBindTexture(GL_TEXTURE_2D, offsets_texture_);
  nearest_clamped();
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, rows_, 1, 0, GL_RED, GL_FLOAT, flat.data());
}

void SpectrogramLayer::clear() { resize(slots_, rows_); }

void SpectrogramLayer::upload(int first_slot, int count, const float* data) {
  if (slots_ == 0 || count <= 0 || first_slot < 0 || first_slot + count > slots_) return;
  glBindTexture(GL_TEXTURE_2D, ring_texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, first_slot, rows_, count, GL_RED, GL_FLOAT, data);
}

void SpectrogramLayer::set_row_offsets(const float* offsets_db) {
  if (rows_ == 0 || offsets_db == nullptr) return;
  glBindTexture(GL_TEXTURE_2D, offsets_texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, rows_, 1, GL_RED, GL_FLOAT, offsets_db);
}

void SpectrogramLayer::draw(int x, int y, int width, int height, double left_texel, double texels_per_pixel,
                            float min_db, float max_db, settings::Colormap colormap) const {
  if (slots_ == 0 || width <= 0 || height <= 0) return;
  glViewport(x, y, width, height);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glUseProgram(program_);
  glBindVertexArray(vertex_array_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, ring_texture_);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, colormap_texture_);
  glActiveTexture(GL_TEXTURE2);
  glBindTexture(GL_TEXTURE_2D, offsets_texture_);
  glUniform1i(u_ring_, 0);
  glUniform1i(u_colormap_, 1);
  glUniform1i(u_offsets_, 2);
  glUniform1i(u_slots_, slots_);
  glUniform1f(u_left_, float(left_texel));
  glUniform1f(u_tpp_, float(texels_per_pixel));
  glUniform1f(u_width_, float(width));
  glUniform2f(u_range_, min_db, max_db);
  glUniform1f(u_colormap_v_, (float(int(colormap)) + 0.5f) / float(settings::kColormapCount));
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
  glActiveTexture(GL_TEXTURE0);
}

}  // namespace render
