/**
 * An example JOSDK operator: a {@link dev.stepsengine.example.operator.Database} custom resource
 * reconciled by a pipeline of steps whose states are conditions on the resource's status.
 */
package dev.stepsengine.example.operator;
