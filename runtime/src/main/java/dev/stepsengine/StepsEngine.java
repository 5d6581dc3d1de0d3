package dev.stepsengine;

import dev.stepsengine.throttling.InMemoryThrottleStore;
import dev.stepsengine.throttling.ThrottleStore;
import dev.stepsengine.throttling.Throttler;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a pipeline of {@link PipelineStep}s, persisting each step's state through a {@link StateKeeper} so
 * that a re-run skips what already succeeded. The behaviour contract is SEMANTICS.md (rules R1–R15).
 *
 * <pre>{@code
 * StepsEngine engine = StepsEngine.builder()
 *     .stateKeeper(keeper)
 *     .steps(SimpleStep.named("validate").state("SpecValid").run(ctx -> validate()).build(),
 *            SimpleStep.named("deploy").state("Deployed").run(ctx -> deploy()).build())
 *     .build();
 * RunReport report = engine.run();
 * }</pre>
 *
 * <p>An engine is immutable and may run many times, also concurrently (each run has its own
 * report and attributes); the keeper decides what is shared.
 */
public final class StepsEngine {
  /**
   * The in-memory throttle store of engines that partition their throttle keys (by keeper summary
   * or an explicit partition) but bring no throttler, so an engine built anew for each reconcile
   * still honours intervals; engines with no partition get a store of their own (R4).
   */
  private static final Throttler PARTITIONED_THROTTLER = Throttler.using(new InMemoryThrottleStore());

  final List<PipelineStep> steps;
  final StateKeeper keeper;
  /** The throttler the builder was given; {@code null} = see {@link #throttlerFor}. */
  private final Throttler ownThrottler;
  /** The store of an engine with no keeper, no partition and no throttler: its own (R4). */
  private final Throttler isolatedThrottler;
  /** Whether the engine takes its keeper per run only ({@link Builder#keeperPerRun()}). */
  private final boolean keeperPerRun;
  /** Whether any step, at any depth, declares outputs (R18): a keeper given per run is then checked. */
  private final boolean declaresOutputs;
  final Telemetry telemetry;
  final Executor executor;
  final Clock clock;
  final Sleeper sleeper;
  final Alarms alarms;
  /** Engine-wide predicates, evaluated before every step's own at every depth (R17). */
  final List<StepPredicate> predicates;
  final StepContextHook hook;
  final ReconcilePolicy policy;
  final Duration runTimeout;
  final String throttlePartition;
  final StepListener listener;
    /** The state names of the declared steps, so a dynamic step cannot reuse one (R12, V2). */
  final Map<String, String> stateOwners;
  /** The lifecycle of each top-level step, built once (their children's are inside). */
  final List<StepLifecycle> lifecycles;

  private StepsEngine(Builder b) {
    this.steps = List.copyOf(b.steps);
    this.keeper = b.keeper;
    this.ownThrottler = b.throttler;
    this.isolatedThrottler = b.throttler == null && b.keeper == null && b.throttlePartition == null
        ? Throttler.inMemory() : null;
    this.keeperPerRun = b.keeperPerRun;
    this.declaresOutputs = !StepGraph.outputProblems(steps, null).isEmpty();
    this.telemetry = Telemetry.of(b.openTelemetry);
    this.executor = b.executor != null ? b.executor : DefaultExecutor.INSTANCE;
    this.clock = b.clock;
    this.sleeper = b.clock instanceof Sleeper s ? s : d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());
    this.alarms = SystemAlarms.on(b.clock);
    this.predicates = List.copyOf(b.predicates);
    this.hook = b.hook;
    this.policy = b.policy;
    this.runTimeout = b.runTimeout;
    this.throttlePartition = b.throttlePartition;
    this.listener = b.listener;
    this.stateOwners = StepGraph.stateOwners(steps);
    this.lifecycles = StepLifecycle.all(steps, this);
  }

  /**
   * Returns a new builder.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the top-level steps, in order.
   *
   * @return the steps
   */
  public List<PipelineStep> steps() {
    return steps;
  }

  /**
   * Returns the reconcile policy.
   *
   * @return the policy {@link #runAsReconcilerResponse()} uses
   */
  public ReconcilePolicy reconcilePolicy() {
    return policy;
  }

  /**
   * Runs the pipeline once and returns its report.
   *
   * @return the report of a run that did not stop
   * @throws StepFailedException a step failed without {@code continueOnError}; it names the
   *     innermost failing step ({@link StepFailedException#stepPath()}) and keeps that step's
   *     exception as its cause (a {@link ParallelStepsException} listing every child that stopped,
   *     for a parallel group)
   * @throws RunWaitingException a step asked to wait, or its lease is held elsewhere
   * @throws AbortedByPredicateException a predicate aborted the run
   * @throws StateKeeperException the keeper failed to read or write
   * @throws RunCancelledException the thread was interrupted or the run deadline passed
   */
  public RunReport run() {
    checkOwnKeeper();
    return new Run(this, keeper).execute();
  }

  private void checkOwnKeeper() {
    if (keeperPerRun) {
      throw new IllegalStateException("this engine was built with keeperPerRun(): run it with runWith(keeper) or"
          + " reconcileWith(keeper), never without a keeper");
    }
  }

  /**
   * Runs the pipeline once with {@code keeper} in place of the builder's keeper: the way to build
   * an engine once and run it for many objects (a controller that builds a keeper from each
   * object it reconciles, a worker that runs one execution after another). Everything else —
   * steps, predicates, listener, policy, clock, telemetry — is the engine's; steps that set a
   * keeper of their own keep it. Throttled steps keep their times in {@code keeper}'s
   * {@linkplain StateKeeper#persistentThrottleStore() store} when it has one and the builder was
   * given no throttler (R4), partitioned by {@code keeper}'s summary as always. (Named apart from
   * {@link #run()} so that a method reference {@code engine::run} stays unambiguous.)
   *
   * @param keeper the keeper of this run
   * @return the report of a run that did not stop
   * @throws NullPointerException {@code keeper} is null
   * @throws IllegalArgumentException a step declares outputs and {@code keeper} cannot store them
   *     (R18); nothing ran
   * @throws StepFailedException a step failed without {@code continueOnError} (as {@link #run()})
   * @throws RunWaitingException a step asked to wait, or its lease is held elsewhere
   * @throws AbortedByPredicateException a predicate aborted the run
   * @throws StateKeeperException the keeper failed to read or write
   * @throws RunCancelledException the thread was interrupted or the run deadline passed
   */
  public RunReport runWith(StateKeeper keeper) {
    Objects.requireNonNull(keeper, "keeper: the keeper of this run (use run() for the engine's own)");
    if (declaresOutputs && keeper != this.keeper) {
      List<String> problems = StepGraph.outputProblems(steps, keeper);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("\n", problems));
      }
    }
    return new Run(this, keeper).execute();
  }

  /**
   * R4: where the throttle times of a step tracked by {@code stepKeeper} go — the builder's
   * throttler; else, unless an explicit partition groups the keys, that keeper's persistent store
   * (the partition is its summary, so the key and the store follow the same keeper); else the
   * process-wide store (keys partitioned by keeper or partition); else, for an engine with neither,
   * a store of its own.
   */
  Throttler throttlerFor(StateKeeper stepKeeper) {
    if (ownThrottler != null) {
      return ownThrottler;
    }
    if (throttlePartition == null && stepKeeper != null) {
      Optional<ThrottleStore> store = stepKeeper.persistentThrottleStore();
      if (store.isPresent()) {
        return Throttler.using(store.get());
      }
    }
    return isolatedThrottler != null ? isolatedThrottler : PARTITIONED_THROTTLER;
  }

  /**
   * Runs the pipeline once and turns the result into a requeue delay for a Kubernetes controller
   * (SEMANTICS R13). Never throws for a step failure: the failure is in the result's report.
   *
   * @return the requeue delay, how the run ended, and its report
   */
  public ReconcileResult runAsReconcilerResponse() {
    checkOwnKeeper();
    return reconcileResult(this.keeper, false);
  }

  /**
   * Runs the pipeline once with {@code keeper} in place of the builder's keeper (as
   * {@link #runWith(StateKeeper)}) and turns the result into a requeue delay (SEMANTICS R13). Never
   * throws for a step failure.
   *
   * @param keeper the keeper of this run, typically built from the object being reconciled
   * @return the requeue delay, how the run ended, and its report
   * @throws NullPointerException {@code keeper} is null
   * @throws IllegalArgumentException a step declares outputs and {@code keeper} cannot store them
   */
  public ReconcileResult reconcileWith(StateKeeper keeper) {
    return reconcileResult(keeper, true);
  }

  private ReconcileResult reconcileResult(StateKeeper runKeeper, boolean given) {
    RunReport report;
    try {
      report = given ? runWith(runKeeper) : run();
    } catch (StepsException e) {
      report = e.report().orElseThrow(() -> e);
    }
    return new ReconcileResult(policy.requeueAfter(report), report.result(), report);
  }

  /** Builds a {@link StepsEngine}. Only the steps are required. */
  public static final class Builder {
    private final List<PipelineStep> steps = new ArrayList<>();
    private final List<StepPredicate> predicates = new ArrayList<>();
    private StateKeeper keeper;
    private boolean keeperPerRun;
    private Throttler throttler;
    private OpenTelemetry openTelemetry;
    private Executor executor;
    private Clock clock = Clock.systemUTC();
    private StepContextHook hook;
    private ReconcilePolicy policy = ReconcilePolicy.defaults();
    private Duration runTimeout;
    private String throttlePartition;
    private StepListener listener;

    private Builder() {}

    /**
     * Adds an engine-wide predicate: evaluated for every step at every depth, before the step's own
     * (SEMANTICS R17), such as "the object is not being deleted".
     *
     * @param predicate the predicate; give it a name with {@link StepPredicate#named}
     * @return this builder
     */
    public Builder when(StepPredicate predicate) {
      predicates.add(Objects.requireNonNull(predicate, "predicate"));
      return this;
    }

    /**
     * Adds an engine-wide predicate described as {@code description} (SEMANTICS R17).
     *
     * @param description what an abort reports
     * @param predicate the predicate
     * @return this builder
     */
    public Builder when(String description, StepPredicate predicate) {
      return when(StepPredicate.named(description, predicate));
    }

    /**
     * Tells {@code listener} about every step as the run goes (progress output, custom metrics).
     *
     * @param listener the listener
     * @return {@code listener} about every step as the run goes (progress output, custom metrics)
     */
    public Builder listener(StepListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Stores step states in {@code keeper}; without one no state is tracked at all.
     *
     * @param keeper the state keeper
     * @return this builder
     */
    public Builder stateKeeper(StateKeeper keeper) {
      this.keeper = Objects.requireNonNull(keeper, "keeper");
      return this;
    }

    /**
     * Says that the engine always gets its keeper per run ({@link StepsEngine#runWith},
     * {@link StepsEngine#reconcileWith}), as a controller that builds it once does: its steps may
     * then declare outputs (R18) without a keeper at build time — each run's keeper is checked
     * before any step runs — and {@link StepsEngine#run()} without a keeper is refused instead of
     * running untracked. Cannot be combined with {@link #stateKeeper}.
     *
     * @return this builder
     */
    public Builder keeperPerRun() {
      this.keeperPerRun = true;
      return this;
    }

    /**
     * Throttles steps with {@code throttler}, for every run. Without one (SEMANTICS R4), a step's
     * throttle times go to its keeper's {@link StateKeeper#persistentThrottleStore() persistent
     * store} when it has one and no explicit {@link #throttlePartition} is set (on the object for
     * the Kubernetes keeper, in the database for the JDBC keeper), else to an in-memory store
     * shared by the process and keyed by partition, so an engine built anew for each reconcile
     * still honours intervals; an engine with no keeper and no partition keeps its times to
     * itself.
     *
     * @param throttler the throttler
     * @return this builder
     */
    public Builder throttler(Throttler throttler) {
      this.throttler = Objects.requireNonNull(throttler, "throttler");
      return this;
    }

    /**
     * Sets the throttle partition; by default the keeper's {@link StateKeeper#getSummary() summary} (SEMANTICS R4).
     *
     * @param partition the partition
     * @return this builder
     */
    public Builder throttlePartition(String partition) {
      this.throttlePartition = Objects.requireNonNull(partition, "partition");
      return this;
    }

    /**
     * Traces and measures runs with {@code openTelemetry}; the default is no-op (SEMANTICS R14).
     *
     * @param openTelemetry the OpenTelemetry instance to trace and measure with
     * @return this builder
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Runs parallel children on {@code executor}; the default is a bounded pool of daemon threads.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Uses {@code clock} for state times, throttles, deadlines and retry backoff (a {@link Sleeper} clock also sleeps).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Decorates each step's context with {@code hook} (inherited by nested steps, SEMANTICS R1).
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder stepContext(StepContextHook hook) {
      this.hook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Sets the requeue policy of {@link #runAsReconcilerResponse()} (SEMANTICS R13).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder reconcilePolicy(ReconcilePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Stops a run that takes longer than {@code timeout}, between steps (SEMANTICS R9).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder runTimeout(Duration timeout) {
      this.runTimeout = Checks.positive(timeout, "runTimeout");
      return this;
    }

    /**
     * Adds steps, in order; no element may be null (SEMANTICS R19).
     *
     * @param steps the steps
     * @return adds steps, in order
     */
    public Builder steps(List<? extends PipelineStep> steps) {
      this.steps.addAll(Checks.nonNullElements(steps, "steps"));
      return this;
    }

    /**
     * Adds steps, in order; no element may be null (SEMANTICS R19).
     *
     * @param steps the steps
     * @return adds steps, in order
     */
    public Builder steps(PipelineStep... steps) {
      return steps(Checks.nonNullElements("steps", steps));
    }

    /**
     * Adds one step.
     *
     * @param step the step
     * @return adds one step
     */
    public Builder step(PipelineStep step) {
      this.steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /**
     * Returns the engine; throws {@link IllegalArgumentException} listing every naming problem
     * (duplicate step names within a parent, duplicate state names in the pipeline).
     *
     * @return the engine
     */
    public StepsEngine build() {
      List<String> problems = StepGraph.problems("pipeline", steps);
      if (keeperPerRun && keeper != null) {
        problems.add("keeperPerRun() and stateKeeper(" + keeper.getSummary() + ") contradict each other: an engine"
            + " that gets its keeper per run has none of its own");
      }
      // with keeperPerRun, steps that inherit the run's keeper are checked against it in runWith
      problems.addAll(keeperPerRun ? StepGraph.outputProblemsOfOwnKeepers(steps) : StepGraph.outputProblems(steps, keeper));
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("\n", problems));
      }
      return new StepsEngine(this);
    }
  }

  /** The default executor: bounded, daemon threads, created on first use. */
  private static final class DefaultExecutor {
    static final ThreadPoolExecutor INSTANCE = create();

    private static ThreadPoolExecutor create() {
      AtomicInteger n = new AtomicInteger();
      int max = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
      ThreadPoolExecutor pool = new ThreadPoolExecutor(0, max, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "steps-parallel-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      return pool;
    }
  }
}
