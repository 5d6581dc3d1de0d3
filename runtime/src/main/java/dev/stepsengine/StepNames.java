package dev.stepsengine;

import java.util.regex.Pattern;

/**
 * The naming rules for step names, state names and reasons (SEMANTICS K3, V2, V3), shared by the
 * builders, the dynamic-step check (R12) and the state keepers.
 *
 * <p>A state name must be a Kubernetes condition type: a qualified name ({@code [prefix/]name}, the
 * name at most 63 characters of letters, digits, {@code -}, {@code _} and {@code .}, starting and
 * ending with a letter or digit; the optional prefix a DNS subdomain), 316 characters at most.
 */
public final class StepNames {
  /** Longest state name: a 253-character prefix, a slash and a 63-character name. */
  public static final int MAX_STATE_NAME_LENGTH = 316;
  /** Longest reason the Kubernetes API accepts. */
  public static final int MAX_REASON_LENGTH = 1024;
  /** Longest step name. */
  public static final int MAX_STEP_NAME_LENGTH = 253;

  private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern REASON = Pattern.compile("[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?");
  private static final Pattern OUTPUT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
  private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9_]([-A-Za-z0-9_.:]*[A-Za-z0-9_])?");

  private StepNames() {}

  /**
   * Returns {@code null} when {@code name} is a valid state name, else a message that names the
   * rule and how to fix it.
   *
   * @param name the name
   * @return {@code null} when {@code name} is a valid state name, else a message that names the rule and how to fix it
   */
  public static String stateNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "STEPS-V3: a state name must not be empty; give the step a condition type such as \"Ready\"";
    }
    if (name.length() > MAX_STATE_NAME_LENGTH) {
      return "STEPS-V3: state name \"" + abbreviate(name) + "\" has " + name.length()
          + " characters; a Kubernetes condition type has at most " + MAX_STATE_NAME_LENGTH;
    }
    int slash = name.indexOf('/');
    String prefix = slash < 0 ? null : name.substring(0, slash);
    String local = slash < 0 ? name : name.substring(slash + 1);
    if (prefix != null && (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
      return "STEPS-V3: state name \"" + abbreviate(name) + "\" has a prefix that is not a DNS subdomain"
          + " (lower-case letters, digits, '-' and '.'), as in \"example.com/Ready\"";
    }
    if (local.length() > 63 || !QUALIFIED_NAME.matcher(local).matches()) {
      return "STEPS-V3: state name \"" + abbreviate(name) + "\" is not a Kubernetes condition type: use at most 63"
          + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit, such as \""
          + suggestion(local) + "\"";
    }
    return null;
  }

  /**
   * Returns {@code null} when {@code reason} is a valid condition reason, else a message that
   * names the rule and how to fix it.
   *
   * @param reason the reason
   * @return {@code null} when {@code reason} is a valid condition reason, else a message that names the rule and how to fix it
   */
  public static String reasonProblem(String reason) {
    if (reason == null || reason.length() > MAX_REASON_LENGTH || !REASON.matcher(reason).matches()) {
      return "STEPS-V3: reason \"" + abbreviate(String.valueOf(reason)) + "\" is not a Kubernetes condition reason:"
          + " start with a letter, then letters, digits, '_', ',' or ':' (at most " + MAX_REASON_LENGTH
          + " characters), such as \"" + suggestion(String.valueOf(reason)) + "\"";
    }
    return null;
  }

  /**
   * Returns {@code null} when {@code name} is a valid step name, else a message that names the
   * rule and how to fix it. Step names are letters, digits, {@code _}, {@code -}, {@code .} and
   * {@code :}, starting and ending with a letter, digit or underscore, at most
   * {@value #MAX_STEP_NAME_LENGTH} characters.
   *
   * @param name the name
   * @return {@code null} when {@code name} is a valid step name, else a message that names the rule and how to fix it
   */
  public static String stepNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "STEPS-V2: a step name must not be empty";
    }
    if (name.length() > MAX_STEP_NAME_LENGTH || !STEP_NAME.matcher(name).matches()) {
      return "STEPS-V2: step name \"" + abbreviate(name) + "\" may hold only letters, digits, '_', '-', '.' and ':'"
          + " (at most " + MAX_STEP_NAME_LENGTH + " characters, starting and ending with a letter, digit or '_'),"
          + " such as \"" + suggestion(name) + "\"";
    }
    return null;
  }

  /**
   * Returns {@code null} when {@code name} is a valid output name (SEMANTICS R18), else a message
   * that names the rule: 1 to 63 letters, digits, {@code _}, {@code -} or {@code .}.
   *
   * @param name the output name
   * @return the problem, or {@code null}
   */
  public static String outputNameProblem(String name) {
    if (name == null || !OUTPUT_NAME.matcher(name).matches()) {
      return "STEPS-R18: output name \"" + abbreviate(String.valueOf(name)) + "\" may hold only 1 to 63 letters,"
          + " digits, '_', '-' and '.', such as \"" + suggestion(String.valueOf(name)) + "\"";
    }
    return null;
  }

  /**
   * Returns {@code name} when it is a valid output name; throws {@link IllegalArgumentException} otherwise.
   *
   * @param name the output name
   * @return {@code name}
   */
  public static String checkOutputName(String name) {
    return check(name, outputNameProblem(name));
  }

  /**
   * Returns {@code name} when it is a valid state name; throws {@link IllegalArgumentException} otherwise.
   *
   * @param name the name
   * @return {@code name} when it is a valid state name
   */
  public static String checkStateName(String name) {
    return check(name, stateNameProblem(name));
  }

  /**
   * Returns {@code reason} when it is a valid reason; throws {@link IllegalArgumentException} otherwise.
   *
   * @param reason the reason
   * @return {@code reason} when it is a valid reason
   */
  public static String checkReason(String reason) {
    return check(reason, reasonProblem(reason));
  }

  /**
   * Returns {@code name} when it is a valid step name; throws {@link IllegalArgumentException} otherwise.
   *
   * @param name the name
   * @return {@code name} when it is a valid step name
   */
  public static String checkStepName(String name) {
    return check(name, stepNameProblem(name));
  }

  private static String check(String value, String problem) {
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return value;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** Turns an invalid name into a similar valid one: "db ready!" becomes "DbReady". */
  private static String suggestion(String s) {
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (int i = 0; i < s.length() && out.length() < 63; i++) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c) && c < 128) {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    if (out.length() == 0 || !Character.isLetter(out.charAt(0))) {
      out.insert(0, "Step");
    }
    return out.toString();
  }
}
