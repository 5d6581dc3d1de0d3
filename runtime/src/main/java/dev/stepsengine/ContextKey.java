package dev.stepsengine;

import java.util.Objects;

/**
 * A typed key of a value that steps share through their {@link StepContext}: set for the rest of a
 * run with {@link StepContext#put}, or for one step with {@link StepContext#with} (in a
 * {@link StepContextHook}), read with {@link StepContext#get}. Keys compare by identity, so two
 * libraries that both name a key {@code "pod"} never see each other's values; keep a key in a
 * constant.
 *
 * <pre>{@code
 * static final ContextKey<Pod> POD = ContextKey.named("pod");
 * ctx.put(POD, pod);                 // in one step
 * Pod pod = ctx.get(POD).orElseThrow(); // in a later step of the same run
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class ContextKey<T> {
  private final String name;

  private ContextKey(String name) {
    this.name = name;
  }

  /**
   * Returns a new key.
   *
   * @param name a name for messages and {@link #toString()}; not an identity
   * @param <T> the type of the value
   * @return a key distinct from every other key
   */
  public static <T> ContextKey<T> named(String name) {
    return new ContextKey<>(Objects.requireNonNull(name, "name"));
  }

  /**
   * Returns the key's name.
   *
   * @return the name given to {@link #named}
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "ContextKey[" + name + "]";
  }
}
