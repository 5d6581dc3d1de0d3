package dev.stepsengine;

import dev.stepsengine.throttling.InMemoryThrottleStore;
import dev.stepsengine.throttling.Throttler;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  private static final Throttler SHARED_THROTTLER = Throttler.using(new InMemoryThrottleStore());

  final List<PipelineStep> steps;
  final StateKeeper keeper;
  final Throttler throttler;
  final Telemetry telemetry;
  final Executor executor;
  final Clock clock;
  final Sleeper sleeper;
  final StepContextHook hook;
  final ReconcilePolicy policy;
  final Duration runTimeout;
  final String throttlePartition;
  final StepListener listener;
  /** No hook and no tracing: untracked simple steps may take the hot path. */
  final boolean plainRuns;
  /** The state names of the declared steps, so a dynamic step cannot reuse one (R12, V2). */
  final Map<String, String> stateOwners;
  /** The top-level scope of every untraced run; made once, as it never changes. */
  final Run.Scope untracedScope;

  private StepsEngine(Builder b) {
    this.steps = List.copyOf(b.steps);
    this.keeper = b.keeper;
    this.throttler = b.throttler != null ? b.throttler : SHARED_THROTTLER;
    this.telemetry = Telemetry.of(b.openTelemetry);
    this.executor = b.executor != null ? b.executor : DefaultExecutor.INSTANCE;
    this.clock = b.clock;
    this.sleeper = b.clock instanceof Sleeper s ? s : d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());
    this.hook = b.hook;
    this.policy = b.policy;
    this.runTimeout = b.runTimeout;
    this.throttlePartition = b.throttlePartition;
    this.listener = b.listener;
    this.plainRuns = hook == null && !telemetry.enabled;
    this.stateOwners = StepGraph.stateOwners(steps);
    this.untracedScope = new Run.Scope(keeper, null);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the top-level steps, in order. */
  public List<PipelineStep> steps() {
    return steps;
  }

  /** Returns the reconcile policy. */
  public ReconcilePolicy reconcilePolicy() {
    return policy;
  }

  /**
   * Runs the pipeline once and returns its report.
   *
   * @throws StepFailedException a step failed without {@code continueOnError}; for a group whose
   *     children stopped, the cause is the child's failure (a {@link ParallelStepsException} for a
   *     parallel group, listing every child that stopped)
   * @throws RunWaitingException a step asked to wait, or its lease is held elsewhere
   * @throws AbortedByPredicateException a predicate aborted the run
   * @throws StateKeeperException the keeper failed to read or write
   * @throws RunCancelledException the thread was interrupted or the run deadline passed
   */
  public RunReport run() {
    return new Run(this).execute();
  }

  /**
   * Runs the pipeline once and turns the result into a requeue delay for a Kubernetes controller
   * (SEMANTICS R13). Never throws for a step failure: the failure is in the result's report.
   */
  public ReconcileResult runAsReconcilerResponse() {
    RunReport report;
    try {
      report = run();
    } catch (StepsException e) {
      report = e.report().orElseThrow(() -> e);
    }
    return new ReconcileResult(policy.requeueAfter(report), report.result(), report);
  }

  /** Builds a {@link StepsEngine}. Only the steps are required. */
  public static final class Builder {
    private final List<PipelineStep> steps = new ArrayList<>();
    private StateKeeper keeper;
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

    /** Tells {@code listener} about every step as the run goes (progress output, custom metrics). */
    public Builder listener(StepListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Stores step states in {@code keeper}; without one no state is tracked at all. */
    public Builder stateKeeper(StateKeeper keeper) {
      this.keeper = Objects.requireNonNull(keeper, "keeper");
      return this;
    }

    /**
     * Throttles steps with {@code throttler}. The default is one in-memory throttler shared by every
     * engine of the process, so an engine built anew for each reconcile still honours intervals.
     */
    public Builder throttler(Throttler throttler) {
      this.throttler = Objects.requireNonNull(throttler, "throttler");
      return this;
    }

    /** Sets the throttle partition; by default the keeper's {@link StateKeeper#getSummary() summary} (SEMANTICS R4). */
    public Builder throttlePartition(String partition) {
      this.throttlePartition = Objects.requireNonNull(partition, "partition");
      return this;
    }

    /** Traces and measures runs with {@code openTelemetry}; the default is no-op (SEMANTICS R14). */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** Runs parallel children on {@code executor}; the default is a bounded pool of daemon threads. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Uses {@code clock} for state times, throttles, deadlines and retry backoff (a {@link Sleeper} clock also sleeps). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Decorates each step's context with {@code hook} (inherited by nested steps, SEMANTICS R1). */
    public Builder stepContext(StepContextHook hook) {
      this.hook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** Sets the requeue policy of {@link #runAsReconcilerResponse()} (SEMANTICS R13). */
    public Builder reconcilePolicy(ReconcilePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Stops a run that takes longer than {@code timeout}, between steps (SEMANTICS R9). */
    public Builder runTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("runTimeout must be positive, was " + timeout);
      }
      this.runTimeout = timeout;
      return this;
    }

    /** Adds steps, in order. */
    public Builder steps(List<? extends PipelineStep> steps) {
      this.steps.addAll(steps);
      return this;
    }

    /** Adds steps, in order. */
    public Builder steps(PipelineStep... steps) {
      return steps(List.of(steps));
    }

    /** Adds one step. */
    public Builder step(PipelineStep step) {
      this.steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /**
     * Returns the engine; throws {@link IllegalArgumentException} listing every naming problem
     * (duplicate step names within a parent, duplicate state names in the pipeline).
     */
    public StepsEngine build() {
      List<String> problems = StepGraph.problems("pipeline", steps);
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
