// Package chart draws the report's charts as inline SVG, in Go, so that a
// report is one self-contained file: no script, no fonts or images fetched
// from anywhere.
//
// Two kinds of chart cover the board report: horizontal bars (Bars: one
// row per category, one bar per series, so grouped bars are the same
// chart with two series; a per-row marker draws a threshold, a reference
// line a target) and a line over time (Line). Every chart is an
// <svg role="img"> with a <title> and a <desc> that say in words what it
// shows, for screen readers; the report puts the figures beside it in a
// table as well.
//
// A value can be hidden (Hidden), as statistical disclosure control
// requires: no bar or point is drawn and the value's label shows in its
// place ("*"), so a suppressed figure cannot be read off the picture.
package chart
