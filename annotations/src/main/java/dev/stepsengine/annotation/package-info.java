/**
 * Annotations that declare a pipeline of steps. The steps-processor annotation processor reads
 * them at compile time, validates the step graph and generates a {@code <Class>Pipeline} that
 * calls the annotated methods directly. The annotations are not retained at run time, so nothing
 * can read them reflectively.
 */
package dev.stepsengine.annotation;
