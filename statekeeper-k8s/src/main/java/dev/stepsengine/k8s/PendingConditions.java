package dev.stepsengine.k8s;

import dev.stepsengine.RunReport;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The conditions a keeper changed and has not written yet, and its resets (SEMANTICS K1, K11):
 * what a state reads is the buffered change when there is one, pending after a reset, and the
 * object as read otherwise.
 *
 * <p>Not thread-safe: the keeper calls it under its lock.
 */
final class PendingConditions {
  /** Conditions to write, by type; a condition without status removes its type. */
  private final Map<String, Condition> byType = new LinkedHashMap<>();
  /** After {@link #resetAll()}: every state not written since reads as pending (K11). */
  private boolean allReset;
  private final Set<String> readAfterReset = new HashSet<>();

  /**
   * Returns the condition of {@code type} as the keeper sees it: its own change, nothing after a
   * reset, or the condition of {@code snapshot}; {@code null} when there is none.
   */
  Condition live(String type, ResourceSnapshot<?> snapshot) {
    Condition c = byType.get(type);
    if (c != null) {
      return c.getStatus() == null ? null : c;
    }
    if (allReset) {
      readAfterReset.add(type);
      return null;
    }
    return snapshot.condition(type);
  }

  /** Buffers {@code c}, replacing any change of its type. */
  void put(Condition c) {
    byType.put(c.getType(), c);
  }

  /**
   * K11: buffers the removal of the conditions of {@code states}, each of which must be a condition
   * of {@code snapshot} or buffered here.
   *
   * @param keeper the keeper's object, for the message
   * @throws IllegalArgumentException naming the state and the known ones when one does not exist
   */
  void reset(String[] states, ResourceSnapshot<?> snapshot, String keeper) {
    for (int i = 0; i < states.length; i++) {
      String name = Objects.requireNonNull(states[i], "stateNames[" + i + "]");
      if (live(name, snapshot) == null && !byType.containsKey(name)) {
        throw new IllegalArgumentException("K11: cannot reset state '" + name + "' of " + keeper
            + ": it has no condition; conditions: " + knownTypes(snapshot));
      }
    }
    for (String name : states) {
      byType.put(name, ConditionMapping.removal(name));
    }
  }

  /** K11: every buffered change becomes a removal, and every state not written again reads as pending. */
  void resetAll() {
    allReset = true;
    readAfterReset.clear();
    byType.replaceAll((type, c) -> ConditionMapping.removal(type));
  }

  /**
   * After {@link #resetAll()}: buffers the removal of the conditions of {@code snapshot} that belong
   * to the run's states (those in {@code report}, and those read since the reset) and were not
   * written again; then states read as the object again.
   *
   * @param report how the run ended, or {@code null}
   */
  void removeResetConditions(RunReport report, ResourceSnapshot<?> snapshot) {
    if (!allReset) {
      return;
    }
    Set<String> states = new HashSet<>(readAfterReset);
    if (report != null) {
      report.allSteps().forEach(s -> s.stateName().ifPresent(states::add));
    }
    for (Condition c : snapshot.conditions) {
      if (states.contains(c.getType()) && !byType.containsKey(c.getType())) {
        byType.put(c.getType(), ConditionMapping.removal(c.getType()));
      }
    }
    allReset = false;
    readAfterReset.clear();
  }

  /** Returns the condition types of {@code snapshot}, then those only buffered here. */
  private List<String> knownTypes(ResourceSnapshot<?> snapshot) {
    List<String> types = new ArrayList<>();
    snapshot.conditions.forEach(c -> types.add(c.getType()));
    byType.keySet().stream().filter(t -> !types.contains(t)).forEach(types::add);
    return types;
  }

  /** Returns the buffered changes by type, as a live view that the summary may add to (K10). */
  Map<String, Condition> byType() {
    return byType;
  }

  /** Returns the buffered changes in the order they were first made. */
  Collection<Condition> values() {
    return byType.values();
  }

  /** Returns whether nothing is buffered. */
  boolean isEmpty() {
    return byType.isEmpty();
  }

  /** Marks the buffered changes written. */
  void written() {
    byType.clear();
  }
}
