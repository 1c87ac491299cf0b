// big_buffer.h: a large array (hundreds of MB) whose allocation may fail without ending the page.
// Does: allocate n trivially copyable values with malloc, and say when the memory was refused
//       (std::vector would call operator new, which aborts the wasm module when the browser
//       refuses to grow memory, because exceptions are off).
// Does not: grow, copy or initialise (callers fill what they use).
#pragma once
#include <cstddef>
#include <cstdlib>
#include <type_traits>

namespace timeline {

template <typename T>
class BigBuffer {
  static_assert(std::is_trivially_copyable<T>::value, "BigBuffer holds plain values");

 public:
  BigBuffer() = default;
  ~BigBuffer() { std::free(data_); }
  BigBuffer(const BigBuffer&) = delete;
  BigBuffer& operator=(const BigBuffer&) = delete;

  // Frees what was held, then holds `count` values (uninitialised); false (and empty) when the
  // memory was refused.
  bool allocate(std::size_t count) {
    release();
    if (count == 0 || count > std::size_t(-1) / sizeof(T)) return count == 0;
    data_ = static_cast<T*>(std::malloc(count * sizeof(T)));
    if (data_ == nullptr) return false;
    size_ = count;
    return true;
  }
  void release() {
    std::free(data_);
    data_ = nullptr;
    size_ = 0;
  }
  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace timeline
