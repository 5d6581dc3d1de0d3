/** The compile-time checks V1–V11 of SEMANTICS.md, one validator per rule family, and their message catalog. */
package dev.stepsengine.processor.validation;
