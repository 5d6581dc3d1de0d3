/**
 * The steps annotation processor: reads {@code @Pipeline} classes, validates them (SEMANTICS
 * V1–V11) and generates a reflection-free {@code <Class>Pipeline} for each, with a Mermaid diagram
 * and a conditions table under {@code META-INF/steps/}.
 */
package dev.stepsengine.processor;
