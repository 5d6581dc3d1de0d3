package dev.stepsengine.k8s;

import dev.stepsengine.Sleeper;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepPredicate;
import dev.stepsengine.StepState;
import dev.stepsengine.throttling.ThrottleStore;
import dev.stepsengine.throttling.Throttler;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.EditReplacePatchable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateKeeper} that keeps each step's state as a standard condition
 * ({@code type, status, reason, message, lastTransitionTime, observedGeneration}) in
 * {@code status.conditions} of a Kubernetes object (SEMANTICS K1–K7).
 *
 * <p>Build one per reconcile from the object the controller was given; reads come from that object
 * and the keeper's own writes, so reading costs no request. Changes are buffered and written with a
 * JSON Patch on the status subresource that touches only the conditions the keeper writes, and that
 * carries the resource version it read; on a conflict the keeper re-reads the object, re-applies its
 * changes and retries a bounded number of times.
 *
 * <pre>{@code
 * ConditionsStateKeeper<Database> keeper = ConditionsStateKeeper.builder(client, database).build();
 * StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).throttler(keeper.throttler()).steps(steps).build();
 * }</pre>
 *
 * <p>Thread-safe: the children of a parallel group may write through one keeper (K6).
 *
 * @param <R> the resource type
 */
public final class ConditionsStateKeeper<R extends HasMetadata> implements StateKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(ConditionsStateKeeper.class);

  private final Object lock = new Object();
  private final KubernetesClient client;
  private final KubernetesSerialization json;
  private final WritePolicy writePolicy;
  private final boolean trackRunning;
  private final Clock clock;
  private final Sleeper sleeper;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final String throttleAnnotation;
  private final Map<String, String> summaryAttributes;
  private final String summary;
  private final Map<String, Condition> pending = new LinkedHashMap<>();
  private final AnnotationThrottleStore throttleStore;
  private ResourceSnapshot<R> snapshot;

  private ConditionsStateKeeper(Builder<R> b) {
    this.client = b.client;
    this.json = b.client.getKubernetesSerialization();
    this.writePolicy = b.writePolicy;
    this.trackRunning = b.trackRunning;
    this.clock = b.clock;
    this.sleeper = b.sleeper != null ? b.sleeper
        : b.clock instanceof Sleeper s ? s : d -> Thread.sleep(d.toMillis());
    this.maxAttempts = b.maxAttempts;
    this.firstBackoff = b.firstBackoff;
    this.throttleAnnotation = b.throttleAnnotation;
    this.snapshot = ResourceSnapshot.of(b.resource, json);
    String kind = Objects.requireNonNullElse(b.resource.getKind(), HasMetadata.getKind(b.resource.getClass()));
    String namespace = Objects.requireNonNullElse(b.resource.getMetadata().getNamespace(), "");
    String name = b.resource.getMetadata().getName();
    this.summaryAttributes = Map.of("kind", kind, "namespace", namespace, "name", name);
    this.summary = kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    this.throttleStore = new AnnotationThrottleStore(lock, json, snapshot.annotations().get(throttleAnnotation));
  }

  /**
   * Returns a keeper with the default settings over {@code resource}, as the controller was given it.
   *
   * @param <R> the custom resource type
   * @param client the client
   * @param resource the resource
   * @return a keeper with the default settings over {@code resource}, as the controller was given it
   */
  public static <R extends HasMetadata> ConditionsStateKeeper<R> of(KubernetesClient client, R resource) {
    return builder(client, resource).build();
  }

  /**
   * Starts a builder for a keeper over {@code resource}, written through {@code client}.
   *
   * @param <R> the custom resource type
   * @param client the client
   * @param resource the resource
   * @return a builder for a keeper over {@code resource}
   */
  public static <R extends HasMetadata> Builder<R> builder(KubernetesClient client, R resource) {
    return new Builder<>(client, resource);
  }

  /** Returns the object's kind, namespace and name. */
  @Override
  public Map<String, String> getSummaryAttributes() {
    return summaryAttributes;
  }

  /** Returns {@code kind/namespace/name} (or {@code kind/name} for cluster-scoped objects). */
  @Override
  public String getSummary() {
    return summary;
  }

  /** Returns the state of condition {@code stateName}, including changes not yet written (K1). */
  @Override
  public StepState getStepState(String stateName) {
    synchronized (lock) {
      return ConditionMapping.toStepState(stateName, liveCondition(stateName));
    }
  }

  /**
   * Records {@code state} as a condition, and writes it at once with {@link WritePolicy#PER_CHANGE}.
   * {@code RUNNING} is dropped unless running state is tracked.
   *
   * @throws IllegalArgumentException when the state name or reason breaks the Kubernetes rules (K3)
   * @throws StateKeeperException when an immediate write fails
   */
  @Override
  public void setStepState(StepState state) {
    Condition wanted = ConditionMapping.toCondition(state, trackRunning);
    if (wanted == null) {
      return;
    }
    Instant at = state.updatedAt() != null ? state.updatedAt() : clock.instant();
    wanted.setLastTransitionTime(at.truncatedTo(ChronoUnit.SECONDS).toString());
    synchronized (lock) {
      pending.put(wanted.getType(), wanted);
      if (writePolicy == WritePolicy.PER_CHANGE) {
        writeConditions();
      }
    }
  }

  /** Returns whether the engine writes running state: only when configured ({@link Builder#trackRunningState}). */
  @Override
  public boolean supportsRunningState() {
    return trackRunning;
  }

  /**
   * Writes the buffered condition changes (at most one status write) and then the throttle
   * annotation when it changed; does nothing when nothing changed (K4).
   *
   * @throws StateKeeperException when a write fails or still conflicts after the retries (K5)
   */
  @Override
  public void flush() {
    synchronized (lock) {
      writeConditions();
      if (throttleStore.dirty()) {
        patch("throttle annotation " + throttleAnnotation, false,
            s -> AnnotationThrottleStore.patch(s, throttleAnnotation, throttleStore.encode()));
        throttleStore.written();
      }
    }
  }

  /**
   * Returns the throttle store kept in an annotation of the object (K7); give it to the engine with {@link #throttler()}.
   *
   * @return the throttle store kept in an annotation of the object (K7)
   */
  public ThrottleStore throttleStore() {
    return throttleStore;
  }

  /**
   * Returns a throttler over {@link #throttleStore()}, for {@code StepsEngine.Builder#throttler}.
   *
   * @return a throttler over {@link #throttleStore()}, for {@code StepsEngine.Builder#throttler}
   */
  public Throttler throttler() {
    return Throttler.using(throttleStore);
  }

  /**
   * Returns the condition of {@code type} as this keeper sees it now: the object as read plus its own changes.
   *
   * @param type the type
   * @return the condition of {@code type} as this keeper sees it now
   */
  public Optional<Condition> condition(String type) {
    synchronized (lock) {
      return Optional.ofNullable(liveCondition(type));
    }
  }

  /**
   * Returns the object as last read or written by this keeper.
   *
   * @return the object as last read or written by this keeper
   */
  public R resource() {
    synchronized (lock) {
      return snapshot.resource();
    }
  }

  /**
   * Returns a predicate, evaluated when the step runs, that is true when condition {@code type} is {@code True}.
   *
   * @param type the type
   * @return a predicate, evaluated when the step runs, that is true when condition {@code type} is {@code True}
   */
  public StepPredicate isTrue(String type) {
    return StepPredicate.of("isTrue(" + type + ")", () -> isTrueNow(type));
  }

  /**
   * Returns a predicate, evaluated when the step runs, that is true unless condition {@code type} is {@code True}.
   *
   * @param type the type
   * @return a predicate, evaluated when the step runs, that is true unless condition {@code type} is {@code True}
   */
  public StepPredicate isNotTrue(String type) {
    return StepPredicate.of("isNotTrue(" + type + ")", () -> !isTrueNow(type));
  }

  private boolean isTrueNow(String type) {
    return condition(type).map(c -> ConditionMapping.TRUE.equals(c.getStatus())).orElse(false);
  }

  private Condition liveCondition(String type) {
    Condition c = pending.get(type);
    return c != null ? c : snapshot.condition(type);
  }

  private void writeConditions() {
    if (pending.isEmpty()) {
      return;
    }
    patch("conditions " + pending.keySet(), true, s -> ConditionsPatch.operations(s, pending.values()));
    pending.clear();
  }

  /**
   * Sends the patch {@code build} makes from the current snapshot; on a conflict re-reads the
   * object and builds it again, up to {@code maxAttempts} times with doubling backoff (K5).
   */
  private void patch(String what, boolean status, Function<ResourceSnapshot<R>, List<Map<String, Object>>> build) {
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      List<Map<String, Object>> ops = build.apply(snapshot);
      if (ops.isEmpty()) {
        return;
      }
      try {
        var target = client.resource(snapshot.resource());
        EditReplacePatchable<R> op = status ? target.subresource("status") : target;
        R updated = op.patch(PatchContext.of(PatchType.JSON), json.asJson(ops));
        snapshot = ResourceSnapshot.of(updated, json);
        return;
      } catch (KubernetesClientException e) {
        if (!isConflict(e)) {
          throw new StateKeeperException("K5: writing " + what + " of " + summary + " failed: " + e.getMessage(), e);
        }
        if (attempt >= maxAttempts) {
          throw new StateKeeperException("K5: writing " + what + " of " + summary + " still conflicted with other"
              + " writers after " + attempt + " attempts", e);
        }
        LOG.debug("conflict writing {} of {} (attempt {}), re-reading in {}", what, summary, attempt, backoff);
        pause(backoff, e);
        backoff = backoff.multipliedBy(2);
        reread();
      }
    }
  }

  private void pause(Duration backoff, KubernetesClientException conflict) {
    try {
      sleeper.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      StateKeeperException failure = new StateKeeperException("K5: interrupted while retrying a write of " + summary, e);
      failure.addSuppressed(conflict);
      throw failure;
    }
  }

  private void reread() {
    R fresh;
    try {
      fresh = client.resource(snapshot.resource()).get();
    } catch (KubernetesClientException e) {
      throw new StateKeeperException("K5: re-reading " + summary + " after a conflict failed: " + e.getMessage(), e);
    }
    if (fresh == null) {
      throw new StateKeeperException("K5: " + summary + " was deleted while its conditions were written", null);
    }
    snapshot = ResourceSnapshot.of(fresh, json);
    throttleStore.mergeFrom(snapshot.annotations().get(throttleAnnotation));
  }

  /** A stale resource version: 409 Conflict. */
  private static boolean isConflict(KubernetesClientException e) {
    return e.getCode() == 409;
  }

  @Override
  public String toString() {
    return "ConditionsStateKeeper[" + summary + ", " + writePolicy + "]";
  }

  /**
   * Builds a {@link ConditionsStateKeeper}.
   *
   * @param <R> the resource type
   */
  public static final class Builder<R extends HasMetadata> {
    private final KubernetesClient client;
    private final R resource;
    private WritePolicy writePolicy = WritePolicy.PER_RUN;
    private boolean trackRunning;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper;
    private int maxAttempts = 5;
    private Duration firstBackoff = Duration.ofMillis(100);
    private String throttleAnnotation = "stepsengine.dev/throttle";

    private Builder(KubernetesClient client, R resource) {
      this.client = Objects.requireNonNull(client, "client");
      this.resource = Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(resource.getMetadata(), "resource.metadata");
      Objects.requireNonNull(resource.getMetadata().getName(), "resource.metadata.name");
    }

    /**
     * Sets when changes are written; {@link WritePolicy#PER_RUN} by default (K4).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder<R> writePolicy(WritePolicy policy) {
      this.writePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Writes running steps as {@code Unknown} with reason {@code InProgress} (off by default, K1).
     *
     * @param track the track
     * @return this builder
     */
    public Builder<R> trackRunningState(boolean track) {
      this.trackRunning = track;
      return this;
    }

    /**
     * Sets the clock for transition times of states that carry none; a {@link Sleeper} clock also waits between retries.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder<R> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how the keeper waits between conflict retries (tests pass one that does not sleep).
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder<R> sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Tries a conflicting write at most {@code maxAttempts} times, waiting {@code firstBackoff}, doubled each time (K5).
     *
     * @param maxAttempts the max attempts
     * @param firstBackoff the first backoff
     * @return this builder
     */
    public Builder<R> conflictRetries(int maxAttempts, Duration firstBackoff) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
      return this;
    }

    /**
     * Sets the annotation that holds the throttle times; {@code stepsengine.dev/throttle} by default (K7).
     *
     * @param name the name
     * @return this builder
     */
    public Builder<R> throttleAnnotation(String name) {
      this.throttleAnnotation = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Returns the keeper.
     *
     * @return the keeper
     */
    public ConditionsStateKeeper<R> build() {
      return new ConditionsStateKeeper<>(this);
    }
  }
}
