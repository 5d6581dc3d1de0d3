/**
 * Kubernetes support for the steps engine: {@link dev.stepsengine.k8s.ConditionsStateKeeper} keeps
 * each step's state as a standard condition on a custom resource's status (SEMANTICS K1–K7), and
 * {@link dev.stepsengine.k8s.UpdateControls} turns a reconcile result into a JOSDK
 * {@code UpdateControl} (K8).
 */
package dev.stepsengine.k8s;
