/** Throttling of steps (SEMANTICS R4): settings, the throttler and its pluggable store. */
package dev.stepsengine.throttling;
