//===- PlotTest.cpp - Tests of the --plot SVG -------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The SVG is well-formed XML (checked by a small tag matcher), holds the
// documented series, switches to a log axis for losses spanning decades,
// thins long runs, and survives empty and non-finite input.
//
//===----------------------------------------------------------------------===//

#include "core/Plot.h"

#include "gtest/gtest.h"

#include <cmath>
#include <string>
#include <vector>

using namespace mdlrt;

namespace {

/// Whether every element is closed in order (comments, the XML declaration
/// and self-closing tags allowed); the text has no stray '<' or '&'.
bool isWellFormed(const std::string &xml, std::string &why) {
  std::vector<std::string> open;
  size_t i = 0;
  while ((i = xml.find('<', i)) != std::string::npos) {
    size_t end = xml.find('>', i);
    if (end == std::string::npos) {
      why = "unterminated tag";
      return false;
    }
    std::string tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag[0] == '?')
      continue;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) {
        why = "mismatched </" + tag.substr(1) + ">";
        return false;
      }
      open.pop_back();
      continue;
    }
    std::string name = tag.substr(0, tag.find_first_of(" \n/"));
    if (tag.back() != '/')
      open.push_back(name);
  }
  if (!open.empty()) {
    why = "unclosed <" + open.back() + ">";
    return false;
  }
  return true;
}

size_t countPoints(const std::string &svg, const std::string &id) {
  size_t at = svg.find("id=\"" + id + "\"");
  if (at == std::string::npos)
    return 0;
  size_t begin = svg.find("points=\"", at) + 8;
  size_t end = svg.find('"', begin);
  size_t count = begin < end ? 1 : 0;
  for (size_t i = begin; i < end; ++i)
    count += svg[i] == ' ';
  return count;
}

TEST(PlotTest, LossAndEvalSeries) {
  PlotData data;
  data.title = "net <train> & co";
  for (int i = 0; i < 200; ++i)
    data.losses.push_back(2.0f / (1 + i) + 0.1f);
  data.evals = {{100, 0.5, 0.8}, {200, 0.75, 0.4}};
  std::string svg = renderPlotSvg(data);
  std::string why;
  EXPECT_TRUE(isWellFormed(svg, why)) << why;
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("net &lt;train&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(countPoints(svg, "raw-loss"), 200u);
  EXPECT_EQ(countPoints(svg, "smoothed-loss"), 200u);
  EXPECT_EQ(countPoints(svg, "eval-loss"), 2u);
  EXPECT_EQ(countPoints(svg, "eval-accuracy"), 2u);
  EXPECT_NE(svg.find("eval accuracy"), std::string::npos);
  EXPECT_NE(svg.find(">step</text>"), std::string::npos);
  EXPECT_EQ(svg.find("log scale"), std::string::npos); // 2.1 / 0.11 < 100
}

TEST(PlotTest, LogAxisAndThinning) {
  PlotData data;
  data.firstStep = 500; // a resumed run
  for (int i = 0; i < 5000; ++i)
    data.losses.push_back(100.0f * std::pow(0.998f, static_cast<float>(i)));
  std::string svg = renderPlotSvg(data);
  std::string why;
  EXPECT_TRUE(isWellFormed(svg, why)) << why;
  EXPECT_NE(svg.find("loss (log scale)"), std::string::npos);
  EXPECT_LE(countPoints(svg, "raw-loss"), kMaxPlotPoints);
  EXPECT_GT(countPoints(svg, "raw-loss"), kMaxPlotPoints / 2);
  EXPECT_EQ(countPoints(svg, "eval-accuracy"), 0u);
  // The step axis starts at the resumed step: its first tick is 1000.
  size_t axis = svg.find("<g id=\"x-axis\">");
  size_t firstLabel = svg.find("middle\">", axis) + 8;
  EXPECT_EQ(svg.substr(firstLabel, 4), "1000") << svg.substr(axis, 300);
}

TEST(PlotTest, EmptyAndNonFiniteRuns) {
  std::string why;
  EXPECT_TRUE(isWellFormed(renderPlotSvg(PlotData()), why)) << why;
  PlotData data;
  data.losses = {1.0f, NAN, INFINITY, 0.5f};
  std::string svg = renderPlotSvg(data);
  EXPECT_TRUE(isWellFormed(svg, why)) << why;
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

void expectTicks(const std::vector<double> &ticks,
                 const std::vector<double> &expected) {
  ASSERT_EQ(ticks.size(), expected.size());
  for (size_t i = 0; i < ticks.size(); ++i)
    EXPECT_NEAR(ticks[i], expected[i], 1e-12);
}

TEST(PlotTest, TicksAreRound) {
  expectTicks(linearTicks(0, 1), {0, 0.2, 0.4, 0.6, 0.8, 1});
  expectTicks(linearTicks(1, 96), {20, 40, 60, 80});
  EXPECT_EQ(linearTicks(3, 3), std::vector<double>{3});
}

} // namespace
