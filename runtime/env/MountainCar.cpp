//===- MountainCar.cpp - The classic-control mountain car -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Moore's under-powered car in a valley (1990), as Gym's discrete
// MountainCar: state (position, velocity), all observed; action 0 pushes
// left, 1 does nothing, 2 pushes right. Each step
//   velocity += (action - 1) * 0.001 - 0.0025 * cos(3 * position),
// clipped to [-0.07, 0.07]; position += velocity, clipped to [-1.2, 0.6],
// and a car stopped by the left wall loses its leftward velocity. The
// episode terminates at position >= 0.5 with velocity >= 0; reward -1 a
// step. Start: position uniform in [-0.6, -0.4), velocity 0.
//
// Arguments: max_steps (default 200, Gym's MountainCar-v0 limit). Saved
// state: position, velocity.
//
//===----------------------------------------------------------------------===//

#include "env/Environment.h"

#include <algorithm>
#include <cmath>

namespace mdlrt {

namespace {
constexpr double kForce = 0.001;
constexpr double kGravity = 0.0025;
constexpr double kMaxSpeed = 0.07;
constexpr double kMinPosition = -1.2;
constexpr double kMaxPosition = 0.6;
constexpr double kGoalPosition = 0.5;
constexpr double kGoalVelocity = 0.0;

class MountainCar final : public Environment {
public:
  explicit MountainCar(int64_t maxSteps)
      : Environment("MountainCar", 2, 3, maxSteps) {}

private:
  void resetState(PhiloxStream &rng) override {
    position = rng.nextUniform(-0.6f, -0.4f);
    velocity = 0.0;
  }

  Transition advance(int64_t action) override {
    velocity += static_cast<double>(action - 1) * kForce +
                std::cos(3 * position) * (-kGravity);
    velocity = std::clamp(velocity, -kMaxSpeed, kMaxSpeed);
    position += velocity;
    position = std::clamp(position, kMinPosition, kMaxPosition);
    if (position == kMinPosition && velocity < 0)
      velocity = 0.0;
    bool terminated = position >= kGoalPosition && velocity >= kGoalVelocity;
    return {-1.0f, terminated};
  }

  void observe(float *observation) const override {
    observation[0] = static_cast<float>(position);
    observation[1] = static_cast<float>(velocity);
  }

  void saveState(std::vector<double> &values) const override {
    values.push_back(position);
    values.push_back(velocity);
  }

  bool loadState(const std::vector<double> &values,
                 std::string &error) override {
    if (!checkStateSize(values, 2, error))
      return false;
    // NaN fails both comparisons.
    if (!(values[0] >= kMinPosition && values[0] <= kMaxPosition) ||
        !(values[1] >= -kMaxSpeed && values[1] <= kMaxSpeed)) {
      error = "a position or velocity outside the valley's limits";
      return false;
    }
    position = values[0];
    velocity = values[1];
    return true;
  }

  double position = 0.0;
  double velocity = 0.0;
};
} // namespace

std::unique_ptr<Environment> createMountainCar(EnvironmentArgs &args) {
  return std::make_unique<MountainCar>(
      args.getPositiveInt("MountainCar", "max_steps", 200));
}

} // namespace mdlrt
