package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.Supplier;

/**
 * How the keeper sends one write: directly, or through JOSDK's update-and-cache utilities so the
 * next reconcile sees the write (K12, {@link JosdkKeepers}).
 *
 * @param <R> the resource type
 */
@FunctionalInterface
interface Sender<R extends HasMetadata> {
  /** Sends directly. */
  static <R extends HasMetadata> Sender<R> direct() {
    return (current, write) -> write.get();
  }

  /**
   * Runs {@code write} for {@code current} (the object as the keeper last read it) and returns the
   * object the server answered with.
   */
  R send(R current, Supplier<R> write);
}
