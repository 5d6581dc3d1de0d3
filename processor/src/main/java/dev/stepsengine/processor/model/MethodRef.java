package dev.stepsengine.processor.model;

/**
 * A method of the pipeline class named by an annotation attribute (a predicate or an onFail
 * handler).
 *
 * @param name the method name
 * @param takesContext whether its first parameter is a {@code StepContext}
 */
public record MethodRef(String name, boolean takesContext) {}
