/**
 * The runnable demo ({@code ./demo} at the repository root): provisioning a service with an
 * annotated pipeline whose step states live in a SQLite file, with live progress, resumable runs,
 * a status view and the generated Mermaid diagram.
 */
package dev.stepsengine.example.demo;
