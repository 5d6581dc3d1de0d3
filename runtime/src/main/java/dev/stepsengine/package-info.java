/**
 * Steps Engine runtime: {@link dev.stepsengine.StepsEngine} runs {@link dev.stepsengine.PipelineStep}s and
 * keeps each step's state through a {@link dev.stepsengine.StateKeeper}. The behaviour contract is
 * SEMANTICS.md; each class names the rules it implements.
 */
package dev.stepsengine;
