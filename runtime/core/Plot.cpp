//===- Plot.cpp - The SVG plot of a run (--plot) ----------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Plain SVG 1.1 text, no scripts or external resources, so that a browser
// or an image viewer shows it as it is.
//
//===----------------------------------------------------------------------===//

#include "core/Plot.h"

#include "core/Error.h"

#include <algorithm>
#include <cmath>

namespace mdlrt {

namespace {
constexpr double kWidth = 800, kHeight = 450;
constexpr double kLeft = 80, kRight = 70, kTop = 40, kBottom = 50;

std::string escapeXml(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '&': out += "&amp;"; break;
    case '"': out += "&quot;"; break;
    default:
      if (static_cast<unsigned char>(c) >= 0x20)
        out += c;
    }
  }
  return out;
}

std::string number(double value) { return formatString("%.6g", value); }

struct Axis {
  double low, high;
  bool log;
  double toUnit(double value) const {
    if (log)
      return (std::log10(value) - std::log10(low)) /
             (std::log10(high) - std::log10(low));
    return (value - low) / (high - low);
  }
};
} // namespace

std::vector<double> linearTicks(double low, double high, int count) {
  std::vector<double> ticks;
  if (!(high > low) || !std::isfinite(low) || !std::isfinite(high))
    return {low};
  double raw = (high - low) / std::max(count, 1);
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0})
    if (magnitude * factor >= raw) {
      step = magnitude * factor;
      break;
    }
  for (double tick = std::ceil(low / step) * step; tick <= high + step * 1e-9;
       tick += step)
    ticks.push_back(std::fabs(tick) < step * 1e-9 ? 0.0 : tick);
  return ticks;
}

std::string renderPlotSvg(const PlotData &data) {
  // Raw points (bucket means beyond kMaxPlotPoints) and their EMA.
  std::vector<std::pair<double, double>> raw, smooth;
  size_t n = data.losses.size();
  size_t bucket = std::max<size_t>(1, (n + kMaxPlotPoints - 1) / kMaxPlotPoints);
  for (size_t begin = 0; begin < n; begin += bucket) {
    double sum = 0;
    size_t count = 0;
    for (size_t i = begin; i < std::min(n, begin + bucket); ++i)
      if (std::isfinite(data.losses[i])) {
        sum += data.losses[i];
        ++count;
      }
    if (count)
      raw.push_back({static_cast<double>(data.firstStep + begin + 1),
                     sum / static_cast<double>(count)});
  }
  double alpha = std::min(1.0, 2.0 / (std::max<double>(raw.size(), 1) / 20.0 + 1));
  double ema = raw.empty() ? 0.0 : raw.front().second;
  for (const auto &point : raw) {
    ema = alpha * point.second + (1 - alpha) * ema;
    smooth.push_back({point.first, ema});
  }

  double xLow = static_cast<double>(data.firstStep + 1);
  double xHigh = raw.empty() ? xLow + 1 : std::max(raw.back().first, xLow + 1);
  double yLow = INFINITY, yHigh = -INFINITY;
  for (const auto &point : raw) {
    yLow = std::min(yLow, point.second);
    yHigh = std::max(yHigh, point.second);
  }
  for (const PlotData::Eval &eval : data.evals)
    if (std::isfinite(eval.loss)) {
      yLow = std::min(yLow, eval.loss);
      yHigh = std::max(yHigh, eval.loss);
      xHigh = std::max(xHigh, static_cast<double>(eval.step));
    }
  if (!std::isfinite(yLow)) {
    yLow = 0;
    yHigh = 1;
  }
  bool logScale = yLow > 0 && yHigh / yLow > 100;
  if (!logScale) {
    double pad = (yHigh - yLow) * 0.05;
    if (pad == 0)
      pad = std::max(std::fabs(yHigh) * 0.1, 1e-3);
    yLow = yLow >= 0 && yLow - pad < 0 ? 0 : yLow - pad;
    yHigh += pad;
  }
  Axis x{xLow, xHigh, false}, y{yLow, yHigh, logScale};
  double plotW = kWidth - kLeft - kRight, plotH = kHeight - kTop - kBottom;
  auto px = [&](double step) { return kLeft + x.toUnit(step) * plotW; };
  auto py = [&](double loss) { return kTop + (1 - y.toUnit(loss)) * plotH; };
  auto pyRight = [&](double fraction) { return kTop + (1 - fraction) * plotH; };

  std::string svg;
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += formatString("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" "
                      "font-family=\"sans-serif\" font-size=\"12\">\n",
                      kWidth, kHeight, kWidth, kHeight);
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += formatString("<text x=\"%g\" y=\"24\" text-anchor=\"middle\" "
                      "font-size=\"15\">%s</text>\n",
                      kWidth / 2, escapeXml(data.title).c_str());
  svg += formatString("<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" "
                      "fill=\"none\" stroke=\"#444\"/>\n",
                      kLeft, kTop, plotW, plotH);

  // Step axis.
  svg += "<g id=\"x-axis\">\n";
  for (double tick : linearTicks(xLow, xHigh)) {
    double at = px(tick);
    svg += formatString("<line x1=\"%.1f\" y1=\"%g\" x2=\"%.1f\" y2=\"%g\" "
                        "stroke=\"#444\"/>",
                        at, kTop + plotH, at, kTop + plotH + 5);
    svg += formatString("<text x=\"%.1f\" y=\"%g\" text-anchor=\"middle\">"
                        "%s</text>\n",
                        at, kTop + plotH + 18, number(tick).c_str());
  }
  svg += formatString("<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">step"
                      "</text>\n</g>\n",
                      kLeft + plotW / 2, kHeight - 10);

  // Loss axis.
  std::vector<double> yTicks;
  if (logScale) {
    for (double p = std::floor(std::log10(yLow)); p <= std::ceil(std::log10(yHigh));
         ++p)
      if (std::pow(10.0, p) >= yLow * (1 - 1e-9) &&
          std::pow(10.0, p) <= yHigh * (1 + 1e-9))
        yTicks.push_back(std::pow(10.0, p));
  } else {
    yTicks = linearTicks(yLow, yHigh);
  }
  svg += "<g id=\"y-axis\">\n";
  for (double tick : yTicks) {
    double at = py(tick);
    svg += formatString("<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" "
                        "stroke=\"#ddd\"/>",
                        kLeft, at, kLeft + plotW, at);
    svg += formatString("<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">%s"
                        "</text>\n",
                        kLeft - 6, at + 4, number(tick).c_str());
  }
  svg += formatString("<text transform=\"translate(18,%g) rotate(-90)\" "
                      "text-anchor=\"middle\">loss%s</text>\n</g>\n",
                      kTop + plotH / 2, logScale ? " (log scale)" : "");

  auto polyline = [&](const char *id, const std::vector<std::pair<double, double>>
                                          &points,
                      const char *style, bool rightAxis) {
    std::string text = formatString("<polyline id=\"%s\" %s points=\"", id, style);
    for (size_t i = 0; i < points.size(); ++i)
      text += formatString("%s%.1f,%.1f", i ? " " : "", px(points[i].first),
                           rightAxis ? pyRight(points[i].second)
                                     : py(points[i].second));
    return text + "\"/>\n";
  };
  svg += polyline("raw-loss", raw,
                  "fill=\"none\" stroke=\"#1f77b4\" stroke-opacity=\"0.35\" "
                  "stroke-width=\"1\"",
                  false);
  svg += polyline("smoothed-loss", smooth,
                  "fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2.5\"", false);

  std::vector<std::pair<double, double>> evalLoss, evalAccuracy;
  for (const PlotData::Eval &eval : data.evals) {
    if (std::isfinite(eval.loss) && (!logScale || eval.loss > 0))
      evalLoss.push_back({static_cast<double>(eval.step), eval.loss});
    if (eval.accuracy)
      evalAccuracy.push_back({static_cast<double>(eval.step), *eval.accuracy});
  }
  std::string legend = "<g id=\"legend\">"
                       "<text x=\"90\" y=\"56\" fill=\"#1f77b4\">training "
                       "loss (raw, smoothed)</text>";
  if (!evalLoss.empty()) {
    svg += polyline("eval-loss", evalLoss,
                    "fill=\"none\" stroke=\"#ff7f0e\" stroke-dasharray=\"4 3\"",
                    false);
    for (const auto &point : evalLoss)
      svg += formatString("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
                          "fill=\"#ff7f0e\"/>\n",
                          px(point.first), py(point.second));
    legend += "<text x=\"90\" y=\"72\" fill=\"#ff7f0e\">eval loss</text>";
  }
  if (!evalAccuracy.empty()) {
    svg += "<g id=\"accuracy-axis\">\n";
    for (double tick : {0.0, 0.25, 0.5, 0.75, 1.0})
      svg += formatString("<text x=\"%g\" y=\"%.1f\">%s</text>\n",
                          kLeft + plotW + 6, pyRight(tick) + 4,
                          number(tick).c_str());
    svg += formatString("<text transform=\"translate(%g,%g) rotate(90)\" "
                        "text-anchor=\"middle\">eval accuracy</text>\n</g>\n",
                        kWidth - 18, kTop + plotH / 2);
    svg += polyline("eval-accuracy", evalAccuracy,
                    "fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"2\"", true);
    for (const auto &point : evalAccuracy)
      svg += formatString("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
                          "fill=\"#2ca02c\"/>\n",
                          px(point.first), pyRight(point.second));
    legend += "<text x=\"90\" y=\"88\" fill=\"#2ca02c\">eval accuracy "
              "(right axis)</text>";
  }
  svg += legend + "</g>\n</svg>\n";
  return svg;
}

} // namespace mdlrt
