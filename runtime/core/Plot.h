//===- Plot.h - The SVG plot of a run (--plot) ------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// `train --plot FILE.svg` draws the run when it ends: the loss of every step
// (thin, light; averaged in buckets beyond kMaxPlotPoints) and its
// exponential moving average (thick), against the step, with a log-scale
// loss axis when the losses span more than two decades; evaluation passes
// add their loss as markers and their accuracy as a line on a second axis
// (0 to 1) at the right. The series are <polyline>s with the ids
// "raw-loss", "smoothed-loss", "eval-loss" and "eval-accuracy".
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_PLOT_H
#define MDLRT_CORE_PLOT_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mdlrt {

constexpr size_t kMaxPlotPoints = 1000;

struct PlotData {
  std::string title;
  /// The loss of steps firstStep + 1, firstStep + 2, ...
  int64_t firstStep = 0;
  std::vector<float> losses;
  struct Eval {
    int64_t step;
    std::optional<double> accuracy;
    double loss;
  };
  std::vector<Eval> evals;
};

/// The whole SVG document.
std::string renderPlotSvg(const PlotData &data);

/// Round tick values covering [low, high] (about `count` of them).
std::vector<double> linearTicks(double low, double high, int count = 5);

} // namespace mdlrt

#endif // MDLRT_CORE_PLOT_H
