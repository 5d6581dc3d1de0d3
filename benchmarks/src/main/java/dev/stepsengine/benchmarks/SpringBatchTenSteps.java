package dev.stepsengine.benchmarks;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The ten steps of {@link TenSteps} as a Spring Batch 6 job of ten tasklet steps on the
 * {@link ResourcelessJobRepository} (no database), launched by a {@link TaskExecutorJobOperator}
 * (with the {@link MapJobRegistry} it requires) on the calling thread: the cheapest Spring Batch setup that still records each step's
 * execution. Built without a Spring application context, as the context is not needed to run a job.
 *
 * <p>{@link #SpringBatchTenSteps(Runnable[], JobRepository, PlatformTransactionManager)} builds the
 * same job on any repository, e.g. the JDBC job repository of benchmark 5c. Thread-safe: each
 * {@link #run()} is a new job instance, so several threads may run the job at once.
 */
public final class SpringBatchTenSteps {
  private final TaskExecutorJobOperator operator;
  private final Job job;
  private final AtomicLong runId = new AtomicLong();

  /**
   * Builds the resourceless repository, the operator and the job over {@code target}.
   *
   * @param target the ten steps the job's tasklets call
   */
  public SpringBatchTenSteps(TenSteps target) {
    this(new Runnable[] {
      target::step1, target::step2, target::step3, target::step4, target::step5,
      target::step6, target::step7, target::step8, target::step9, target::step10,
    }, new ResourcelessJobRepository(), new ResourcelessTransactionManager());
  }

  /**
   * Builds a job of one tasklet step per element of {@code work} on {@code repository}, each
   * tasklet run in a transaction of {@code tx}, and the operator that launches it.
   *
   * @param work what each step does, in order
   * @param repository where the job records its instances, executions and step executions
   * @param tx the transaction manager of the tasklets (for a JDBC repository, one over its data source)
   * @throws IllegalArgumentException if {@code work} is empty
   * @throws IllegalStateException if the job operator cannot be set up
   */
  public SpringBatchTenSteps(Runnable[] work, JobRepository repository, PlatformTransactionManager tx) {
    if (work.length == 0) {
      throw new IllegalArgumentException("a Spring Batch job needs at least one step; pass one Runnable per step");
    }
    SimpleJobBuilder builder = null;
    for (int i = 0; i < work.length; i++) {
      Runnable w = work[i];
      org.springframework.batch.core.step.Step step = new StepBuilder("step" + (i + 1), repository)
          .tasklet((contribution, chunk) -> {
            w.run();
            return RepeatStatus.FINISHED;
          }, tx)
          .build();
      builder = builder == null ? new JobBuilder("tenSteps", repository).start(step) : builder.next(step);
    }
    this.job = builder.build();
    this.operator = new TaskExecutorJobOperator();
    operator.setJobRepository(repository);
    MapJobRegistry registry = new MapJobRegistry();
    try {
      registry.register(job);
      operator.setJobRegistry(registry);
      operator.afterPropertiesSet();
    } catch (Exception e) {
      throw new IllegalStateException("the Spring Batch job operator could not be set up", e);
    }
  }

  /**
   * Runs the job once, as a new job instance (a unique {@code run} parameter: a completed instance
   * cannot be started again).
   *
   * @return the completed job execution
   * @throws IllegalStateException if the job could not start or did not complete
   */
  public JobExecution run() {
    JobParameters params = new JobParametersBuilder().addLong("run", runId.incrementAndGet()).toJobParameters();
    JobExecution execution;
    try {
      execution = operator.start(job, params);
    } catch (Exception e) {
      throw new IllegalStateException("Spring Batch could not start the job", e);
    }
    if (execution.getStatus() != BatchStatus.COMPLETED) {
      throw new IllegalStateException("Spring Batch job ended " + execution.getStatus() + ": "
          + execution.getAllFailureExceptions());
    }
    return execution;
  }
}
