/** The immutable model of a {@code @Pipeline} class, built from {@code javax.lang.model}. */
package dev.stepsengine.processor.model;
