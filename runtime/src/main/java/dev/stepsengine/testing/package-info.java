/** Helpers for users' tests: an in-memory keeper that records transitions, and a manual clock. */
package dev.stepsengine.testing;
