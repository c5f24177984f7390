// A small deterministic random source (SplitMix64) for building the world.
// The standard distributions are implementation-defined, so the simulator
// draws its own numbers: the same seed gives the same world with any compiler.
//
// Every subject of the world draws from its own stream, Random::Stream(seed,
// subject, purpose), so that any one subject can be rebuilt on demand without
// replaying the others (the world is lazy: see sim/world.h). Not thread-safe;
// one instance per builder.
#pragma once
#include <cstdint>
#include <vector>

namespace gapwatch::sim {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  // An independent stream for (seed, a, b): distinct triples give unrelated
  // sequences, the same triple the same sequence.
  static Random Stream(uint64_t seed, uint64_t a, uint64_t b) {
    return Random(Mix(Mix(Mix(seed) ^ (a * 0x9e3779b97f4a7c15ULL)) ^ (b + 0x632be59bd9b4e019ULL)));
  }

  // The SplitMix64 finaliser: a bijection of 64-bit values that scatters bits.
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t Next() { return Mix(state_ += 0x9e3779b97f4a7c15ULL); }
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
