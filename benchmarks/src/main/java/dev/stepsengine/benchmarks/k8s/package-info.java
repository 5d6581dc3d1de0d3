/**
 * Benchmark 4: how many Kubernetes API requests a reconcile sends through the conditions keeper,
 * counted on the fabric8 mock API server (a measured harness, not JMH).
 */
package dev.stepsengine.benchmarks.k8s;
