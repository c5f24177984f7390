// A small deterministic random source (SplitMix64) for building the world.
// The standard distributions are implementation-defined, so the simulator
// draws its own numbers: the same seed gives the same world with any compiler.
// Not thread-safe; one instance per builder.
#pragma once
#include <cstdint>
#include <vector>

namespace gapwatch::sim {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [low, high], both included; the modulo bias is negligible for
  // the small ranges used here.
  long Uniform(long low, long high) { return low + static_cast<long>(Next() % static_cast<uint64_t>(high - low + 1)); }
  bool Percent(int chance) { return Uniform(0, 99) < chance; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Uniform(0, static_cast<long>(items.size()) - 1))];
  }

 private:
  uint64_t state_;
};

}  // namespace gapwatch::sim
