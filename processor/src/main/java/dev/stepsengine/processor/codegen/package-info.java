/** Writes the generated pipeline class (JavaPoet) and its Mermaid diagram and conditions table. */
package dev.stepsengine.processor.codegen;
