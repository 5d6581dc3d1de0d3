package dev.stepsengine.k8s;

import dev.stepsengine.RunReport;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepContext;
import dev.stepsengine.StepPredicate;
import dev.stepsengine.StepState;
import dev.stepsengine.throttling.ThrottleStore;
import dev.stepsengine.throttling.Throttler;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateKeeper} that keeps each step's state as a standard condition
 * ({@code type, status, reason, message, lastTransitionTime, observedGeneration}) in
 * {@code status.conditions} of a Kubernetes object (SEMANTICS K1–K13).
 *
 * <p>Build one per reconcile from the object the controller was given; reads come from that object
 * and the keeper's own writes, so reading costs no request. Changes are buffered and sent as one
 * status write per run that touches only what the keeper owns and carries the resource version it
 * read; on a conflict the keeper re-reads the object, re-applies its changes and retries a bounded
 * number of times (K4, K5). The same write carries the summary conditions and
 * {@code status.observedGeneration} (K10), the status fields steps gave it (K11), the throttle
 * times (K13) and the step outputs (R18). With {@link WritePolicy#PER_CHANGE} (a write per change)
 * the run's first write also sets the summary condition {@code Unknown} with reason
 * {@code InProgress}, so readers see the run in progress; with {@link WritePolicy#PER_RUN} nothing
 * is written until the run ends (K10).
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
  /** How many characters of outputs (names and values) the keeper stores per state by default (R18). */
  public static final int DEFAULT_MAX_OUTPUT_CHARS = 8_192;

  private final Object lock = new Object();
  private final KubernetesSerialization json;
  private final WritePolicy writePolicy;
  private final boolean trackRunning;
  /** The summary conditions of a run (K10). */
  private final RunSummary runSummary;
  /** K10 with {@link WritePolicy#PER_CHANGE}: the run's first write shows it in progress; {@code null} otherwise. */
  private final InProgressSummary inProgress;
  private final Clock clock;
  private final int maxOutputChars;
  private final Map<String, String> summaryAttributes;
  private final String summary;
  /** The conditions to write and the resets (K1, K11). */
  private final PendingConditions pending = new PendingConditions();
  /** observedGeneration (K10) and the status fields steps gave the keeper (K11). */
  private final StatusFields statusFields;
  /** The keeper's own status field: throttle times (K13) and outputs (R18). */
  private final OwnedStatusField owned;
  /** The object as last read or written, and the writes that send the buffered changes (K4, K5). */
  private final StatusWriter<R> writer;
  /** What the states read: the object with the buffered changes (K1, K9, K10, R18). */
  private final StateView view;
  private final ConditionPredicates predicates;

  private ConditionsStateKeeper(Builder<R> b) {
    this.json = b.client.getKubernetesSerialization();
    this.writePolicy = b.writePolicy;
    this.trackRunning = b.trackRunning;
    this.clock = b.clock;
    this.predicates = new ConditionPredicates(this::condition, clock);
    StatusModel model = StatusModel.of(b.resource, json);
    this.maxOutputChars = model.ownedField() ? b.maxOutputChars : 0;
    String kind = Objects.requireNonNullElse(b.resource.getKind(), HasMetadata.getKind(b.resource.getClass()));
    String namespace = Objects.requireNonNullElse(b.resource.getMetadata().getNamespace(), "");
    String name = b.resource.getMetadata().getName();
    this.summaryAttributes = Map.of("kind", kind, "namespace", namespace, "name", name);
    this.summary = kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    this.runSummary = new RunSummary(b.summaryType, b.kstatus, writePolicy, summary);
    this.inProgress = runSummary.inProgress();
    this.statusFields = new StatusFields(json, summary, b.writeObservedGeneration && model.observedGeneration());
    ObjectWrites<R> writes = new ObjectWrites<>(b.client, json, summary, b.sender, b.writtenVersions, b.sleeper != null
        ? b.sleeper : b.clock instanceof dev.stepsengine.Sleeper s ? s : d -> Thread.sleep(d.toMillis()), b.maxAttempts,
        b.firstBackoff);
    ResourceSnapshot<R> snapshot = ResourceSnapshot.of(writes.readYourWrites(b.resource), json);
    this.owned = new OwnedStatusField(lock, snapshot, model.ownedField(),
        b.throttleStorage == ThrottleStorage.STATUS && model.ownedField(), b.throttleAnnotation, json);
    this.writer = new StatusWriter<>(writes, snapshot, json, this::now, summary, pending, statusFields, owned, inProgress);
    this.view = new StateView(writer, pending, owned, inProgress, b.generationAware);
  }

  /**
   * Returns the conditions keeper a running step is tracked by, typed by its resource: how the
   * steps of an engine built once ({@link dev.stepsengine.StepsEngine#reconcileWith}) reach the
   * object of this reconcile, to read its spec or {@link #refresh} it (K11).
   *
   * <pre>{@code
   * SimpleStep.named("deploy").state("Deployed").run(ctx -> {
   *   ConditionsStateKeeper<Database> keeper = ConditionsStateKeeper.from(ctx, Database.class);
   *   backend.deploy(keeper.resource().getSpec());
   * })
   * }</pre>
   *
   * @param ctx the context of the running step
   * @param type the class of the keeper's resource
   * @param <R> the resource type
   * @return the keeper of the step
   * @throws IllegalStateException the step has no keeper, its keeper is no conditions keeper, or
   *     it tracks another kind of object
   */
  public static <R extends HasMetadata> ConditionsStateKeeper<R> from(StepContext ctx, Class<R> type) {
    return KeeperOfStep.of(ctx, type);
  }

  /**
   * Returns a keeper with the default settings over {@code resource}, as the controller was given it.
   *
   * @param client the client that writes the object
   * @param resource the object
   * @param <R> the resource type
   * @return the keeper
   */
  public static <R extends HasMetadata> ConditionsStateKeeper<R> of(KubernetesClient client, R resource) {
    return builder(client, resource).build();
  }

  /**
   * Starts a builder for a keeper over {@code resource}, written through {@code client}.
   *
   * @param client the client that writes the object
   * @param resource the object, as the controller was given it
   * @param <R> the resource type
   * @return the builder
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

  /**
   * Returns the state of condition {@code stateName}, including changes not yet written (K1), with
   * its outputs (R18); a {@code True} condition observed at an older generation than the object's
   * reads as a stale success (K9) unless generation awareness is off.
   */
  @Override
  public StepState getStepState(String stateName) {
    synchronized (lock) {
      return view.stepState(stateName);
    }
  }

  /**
   * Records {@code state} as a condition (and its outputs, R18), and writes it at once with
   * {@link WritePolicy#PER_CHANGE}; the first such write of a run also sets the summary condition
   * {@code Unknown} with reason {@code InProgress} (K10). {@code RUNNING} is dropped unless running
   * state is tracked.
   *
   * @throws IllegalArgumentException when the state name or reason breaks the Kubernetes rules (K3)
   * @throws StateKeeperException when an immediate write fails
   */
  @Override
  public void setStepState(StepState state) {
    Condition wanted = ConditionMapping.toCondition(state, trackRunning);
    if (inProgress != null) {
      synchronized (lock) {
        inProgress.stateWritten(state.name());
      }
    }
    if (wanted == null) {
      return;
    }
    Instant at = state.updatedAt() != null ? state.updatedAt() : clock.instant();
    wanted.setLastTransitionTime(at.truncatedTo(ChronoUnit.SECONDS).toString());
    synchronized (lock) {
      pending.put(wanted);
      owned.saveOutputs(state);
      if (writePolicy == WritePolicy.PER_CHANGE) {
        writer.writeStatus(true);
      }
    }
  }

  /** Returns whether the engine writes running state: only when configured ({@link Builder#trackRunningState}). */
  @Override
  public boolean supportsRunningState() {
    return trackRunning;
  }

  /**
   * Returns how many characters of outputs the keeper stores per state: the builder's limit
   * ({@value #DEFAULT_MAX_OUTPUT_CHARS} by default), or 0 when the object's status class cannot hold
   * the keeper's own field (R18).
   */
  @Override
  public int maxOutputChars() {
    return maxOutputChars;
  }

  /**
   * Writes the buffered changes in at most one status write, without summary conditions, then the
   * throttle annotation when throttle times are kept there and changed; does nothing when nothing
   * changed (K4).
   *
   * @throws StateKeeperException when a write fails or still conflicts after the retries (K5)
   */
  @Override
  public void flush() {
    flush(null);
  }

  /**
   * Writes the buffered changes and the summary of the run that ends (K10) in at most one status
   * write, then the throttle annotation when throttle times are kept there and changed; does
   * nothing when nothing changed (K4). The engine calls it at the end of every run.
   *
   * @param report how the run ended; {@code null} writes no summary
   * @throws StateKeeperException when a write fails or still conflicts after the retries (K5)
   */
  @Override
  public void flush(RunReport report) {
    synchronized (lock) {
      pending.removeResetConditions(report, writer.snapshot());
      runSummary.addTo(report, pending, view, this::now);
      writer.writeStatus(false);
      writer.writeThrottleAnnotation();
    }
  }

  /**
   * Returns the throttle store kept on the object: in the keeper's status field (K13, the default)
   * or in an annotation (K7); give it to the engine with {@link #throttler()}.
   *
   * @return the store
   */
  public ThrottleStore throttleStore() {
    return owned.throttleStore();
  }

  /**
   * Returns a throttler over {@link #throttleStore()}, for {@code StepsEngine.Builder#throttler}.
   *
   * @return the throttler
   */
  public Throttler throttler() {
    return Throttler.using(owned.throttleStore());
  }

  /**
   * Returns {@link #throttleStore()}: an engine with no throttler of its own keeps this object's
   * throttle times in it (K13, or K7 with the annotation storage).
   *
   * @return the store on the object
   */
  @Override
  public Optional<ThrottleStore> persistentThrottleStore() {
    return Optional.of(owned.throttleStore());
  }

  /**
   * Returns where throttle times are kept: {@link ThrottleStorage#ANNOTATION} when configured or
   * when the object's status class cannot hold the keeper's own field.
   *
   * @return the storage in use
   */
  public ThrottleStorage throttleStorage() {
    return owned.throttlesInStatus() ? ThrottleStorage.STATUS : ThrottleStorage.ANNOTATION;
  }

  /**
   * Returns the condition of {@code type} as this keeper sees it now: the object as read plus its own changes.
   *
   * @param type the condition type
   * @return the condition, or empty when there is none (or it was reset)
   */
  public Optional<Condition> condition(String type) {
    synchronized (lock) {
      return Optional.ofNullable(view.live(type));
    }
  }

  /**
   * Returns the object as last read, refreshed or written by this keeper.
   *
   * @return the object
   */
  public R resource() {
    synchronized (lock) {
      return writer.snapshot().resource;
    }
  }

  /**
   * Adopts a newer version of the object, such as the one a step got back from its own write
   * (K11): the keeper's next write is based on it, so it costs no 409 round trip, and the
   * conditions and fields the step wrote are what the keeper reads from then on. Changes the
   * keeper buffered stay buffered and are applied to the newer version. An object older than the
   * one the keeper holds is ignored.
   *
   * @param newer the object as the server returned it
   * @throws IllegalArgumentException when {@code newer} is another object
   */
  public void refresh(R newer) {
    Objects.requireNonNull(newer, "newer");
    synchronized (lock) {
      writer.refresh(newer);
    }
  }

  /**
   * Resets states (K11): their conditions are removed in the keeper's write, and from now on they
   * read as pending, so later steps of the same run run again.
   *
   * @param stateNames the states; each must be a condition of the object or written in this run
   * @throws IllegalArgumentException naming the state and the known ones when one does not exist
   */
  public void resetStates(String... stateNames) {
    Objects.requireNonNull(stateNames, "stateNames");
    synchronized (lock) {
      pending.reset(stateNames, writer.snapshot(), summary);
      for (String name : stateNames) {
        owned.removeOutputs(name);
      }
      if (writePolicy == WritePolicy.PER_CHANGE) {
        writer.writeStatus(true);
      }
    }
  }

  /**
   * Resets every state of the pipeline (K11), the "clear status" that restarts a flow: from now on
   * every state not written again reads as pending, and the keeper's write removes the conditions
   * of the run's states (those in its report, and those read or written through this keeper).
   * Conditions of other controllers and the summary conditions stay.
   */
  public void resetAllStates() {
    synchronized (lock) {
      pending.resetAll();
      owned.removeAllOutputs();
    }
  }

  /**
   * Puts a status field of the step's own into the keeper's single write (K11), such as a phase
   * or a timestamp. The value is serialized as fabric8 serializes the object; a value equal to the
   * stored one is not written again. The object's status class must model the field.
   *
   * @param name the top-level status field
   * @param value its value (a string, number, boolean, list, map or any serializable object)
   * @throws IllegalArgumentException when the keeper owns the field ({@code conditions},
   *     {@code observedGeneration}, {@code stepsEngine}); write conditions through states
   */
  public void setStatusField(String name, Object value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Object jsonValue = statusFields.toJson(name, value);
    synchronized (lock) {
      statusFields.put(name, jsonValue);
      if (writePolicy == WritePolicy.PER_CHANGE) {
        writer.writeStatus(true);
      }
    }
  }

  /**
   * Returns a predicate, evaluated when the step runs, that is true when condition {@code type} is {@code True}.
   *
   * @param type the condition type
   * @return the predicate, described as {@code isTrue(type)}
   */
  public StepPredicate isTrue(String type) {
    return predicates.isTrue(type);
  }

  /**
   * Returns a predicate, evaluated when the step runs, that is true unless condition {@code type} is {@code True}.
   *
   * @param type the condition type
   * @return the predicate, described as {@code isNotTrue(type)}
   */
  public StepPredicate isNotTrue(String type) {
    return predicates.isNotTrue(type);
  }

  /**
   * Returns a predicate, evaluated when the step runs, that is true when condition {@code type} has
   * been {@code True} for at least {@code duration} by its {@code lastTransitionTime}: the grace
   * periods operators write by hand.
   *
   * @param type the condition type
   * @param duration how long it must have been true; not negative
   * @return the predicate, described as {@code isTrueFor(type, duration)}
   */
  public StepPredicate isTrueFor(String type, Duration duration) {
    return predicates.isTrueFor(type, duration);
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
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
    final KubernetesClient client;
    final R resource;
    WritePolicy writePolicy = WritePolicy.PER_RUN;
    boolean trackRunning;
    boolean generationAware = true;
    boolean writeObservedGeneration = true;
    String summaryType = "Ready";
    boolean kstatus;
    Clock clock = Clock.systemUTC();
    dev.stepsengine.Sleeper sleeper;
    int maxAttempts = 5;
    Duration firstBackoff = Duration.ofMillis(100);
    String throttleAnnotation = "stepsengine.dev/throttle";
    ThrottleStorage throttleStorage = ThrottleStorage.STATUS;
    int maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS;
    WrittenVersions writtenVersions = WrittenVersions.shared();
    Sender<R> sender = Sender.direct();

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
     * @param track whether to track running state
     * @return this builder
     */
    public Builder<R> trackRunningState(boolean track) {
      this.trackRunning = track;
      return this;
    }

    /**
     * Sets whether a {@code True} condition observed at an older {@code metadata.generation} is
     * stale, so its step runs again after a spec edit (K9); on by default. {@code false} is the Go
     * original's behaviour: {@code True} is final whatever the generation.
     *
     * @param aware whether conditions follow the spec's generation
     * @return this builder
     */
    public Builder<R> generationAware(boolean aware) {
      this.generationAware = aware;
      return this;
    }

    /**
     * Sets the type of the aggregate condition written at the end of every run (K10); {@code Ready}
     * by default.
     *
     * @param type a condition type (K3)
     * @return this builder
     */
    public Builder<R> summaryCondition(String type) {
      String problem = dev.stepsengine.StepNames.stateNameProblem(Objects.requireNonNull(type, "type"));
      if (problem != null) {
        throw new IllegalArgumentException("K3: summary condition type rejected: " + problem);
      }
      this.summaryType = type;
      return this;
    }

    /**
     * Writes no aggregate condition (and no kstatus conditions) (K10).
     *
     * @return this builder
     */
    public Builder<R> withoutSummaryCondition() {
      this.summaryType = null;
      return this;
    }

    /**
     * Also writes the kstatus conditions {@code Reconciling} and {@code Stalled} with the aggregate
     * condition (K10); off by default.
     *
     * @param kstatus whether to write them
     * @return this builder
     */
    public Builder<R> kstatusConditions(boolean kstatus) {
      this.kstatus = kstatus;
      return this;
    }

    /**
     * Sets whether the keeper writes {@code status.observedGeneration} (K10); on by default, and
     * only done when the status class models the field.
     *
     * @param write whether to write it
     * @return this builder
     */
    public Builder<R> writeObservedGeneration(boolean write) {
      this.writeObservedGeneration = write;
      return this;
    }

    /**
     * Sets the clock for transition times of states that carry none and for condition predicates;
     * a {@link dev.stepsengine.Sleeper} clock also waits between retries.
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
    public Builder<R> sleeper(dev.stepsengine.Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Tries a conflicting write at most {@code maxAttempts} times, waiting {@code firstBackoff}, doubled each time (K5).
     *
     * @param maxAttempts at least 1
     * @param firstBackoff the first wait
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
     * Sets where throttle times are kept (K13); {@link ThrottleStorage#STATUS} by default.
     *
     * @param storage the storage
     * @return this builder
     */
    public Builder<R> throttleStorage(ThrottleStorage storage) {
      this.throttleStorage = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /**
     * Sets the annotation that holds the throttle times with {@link ThrottleStorage#ANNOTATION}, and
     * from which older values are still read; {@code stepsengine.dev/throttle} by default (K7).
     *
     * @param name the annotation
     * @return this builder
     */
    public Builder<R> throttleAnnotation(String name) {
      this.throttleAnnotation = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets how many characters of outputs (names and values) the keeper stores per state (R18);
     * {@value ConditionsStateKeeper#DEFAULT_MAX_OUTPUT_CHARS} by default. Objects are limited in size
     * (about 1.5 MiB in etcd), so keep outputs to identifiers.
     *
     * @param limit the limit, not negative; 0 refuses outputs
     * @return this builder
     */
    public Builder<R> maxOutputChars(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must not be negative, was " + limit);
      }
      this.maxOutputChars = limit;
      return this;
    }

    /**
     * Sets the memory of written versions for read-your-writes without JOSDK (K12);
     * {@link WrittenVersions#shared()} by default, {@code null} turns it off.
     *
     * @param versions the memory, or {@code null}
     * @return this builder
     */
    public Builder<R> writtenVersions(WrittenVersions versions) {
      this.writtenVersions = versions;
      return this;
    }

    /** Sends every write through {@code sender} (JOSDK's update-and-cache utilities, K12). */
    Builder<R> sender(Sender<R> sender) {
      this.sender = Objects.requireNonNull(sender, "sender");
      return this;
    }

    /**
     * Returns the keeper. When the object is older than the version the keeper last wrote for it
     * (K12), the keeper reads it again first.
     *
     * @return the keeper
     * @throws StateKeeperException when that read fails
     */
    public ConditionsStateKeeper<R> build() {
      return new ConditionsStateKeeper<>(this);
    }
  }
}
