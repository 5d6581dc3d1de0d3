package dev.stepsengine.processor.model;

/**
 * One element of {@code @Step(when = …)} (SEMANTICS V13): a predicate method ({@code "isReady"}), its
 * negation ({@code "!isPaused"}), or a condition on the keeper's stored state
 * ({@code "state:DbReady"}: state {@code DbReady} is {@code True}; {@code "!state:DbReady"}: it is not).
 *
 * @param text the expression as written
 * @param name the method name or the state name; empty when the expression is malformed
 * @param negated whether the expression starts with {@code !}
 * @param onState whether it is a state condition rather than a method
 * @param takesContext for a method, whether it takes a {@code StepContext}
 */
public record PredicateModel(String text, String name, boolean negated, boolean onState, boolean takesContext) {
  /** The prefix of a state condition. */
  public static final String STATE_PREFIX = "state:";

  /**
   * Returns whether the expression is well formed: one optional {@code !}, then a Java identifier
   * (a method) or {@code state:} and a non-empty name without spaces.
   *
   * @return whether the expression parses
   */
  public boolean wellFormed() {
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      return false;
    }
    if (onState) {
      return true;
    }
    if (!Character.isJavaIdentifierStart(name.charAt(0))) {
      return false;
    }
    return name.chars().allMatch(Character::isJavaIdentifierPart);
  }

  /**
   * Parses {@code text}; {@code takesContext} is asked for the method name when it names a method.
   *
   * @param text the expression as written
   * @param takesContext whether a method of that name takes a {@code StepContext}
   * @return the model, possibly not {@link #wellFormed()}
   */
  static PredicateModel parse(String text, java.util.function.Predicate<String> takesContext) {
    boolean negated = text.startsWith("!");
    String rest = negated ? text.substring(1) : text;
    if (rest.startsWith(STATE_PREFIX)) {
      return new PredicateModel(text, rest.substring(STATE_PREFIX.length()), negated, true, false);
    }
    return new PredicateModel(text, rest, negated, false, takesContext.test(rest));
  }
}
