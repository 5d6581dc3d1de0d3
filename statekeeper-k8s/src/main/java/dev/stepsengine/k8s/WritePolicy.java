package dev.stepsengine.k8s;

/** When a {@link ConditionsStateKeeper} sends its buffered condition changes (SEMANTICS K4). */
public enum WritePolicy {
  /** One status write per run, when the engine flushes; none when nothing changed. The default. */
  PER_RUN,
  /** One status write after every change. */
  PER_CHANGE
}
