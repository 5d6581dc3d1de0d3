package dev.stepsengine.k8s;

/** Where a {@link ConditionsStateKeeper} keeps throttle times on its object (SEMANTICS K7, K13). */
public enum ThrottleStorage {
  /**
   * In the keeper's own status field {@code status.stepsEngine.throttles}, sent in the same single
   * status write as the conditions (K13). The default. Needs a status class that keeps the field
   * (such as a {@link StepsStatus}); for other classes the keeper uses {@link #ANNOTATION}.
   */
  STATUS,
  /** In an annotation of the object, written by a second patch of the main resource when it changed (K7). */
  ANNOTATION
}
