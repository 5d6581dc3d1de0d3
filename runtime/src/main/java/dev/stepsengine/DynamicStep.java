package dev.stepsengine;

import java.util.Objects;

/**
 * A step whose children are built when it runs, on every run (SEMANTICS R12). The returned steps
 * run as a group under this step's name; their names are checked with the same rules as the
 * processor's, and a violation is a failure of this step.
 */
public final class DynamicStep implements PipelineStep {
  private final StepOptions options;
  final StepSupplier supplier;

  private DynamicStep(StepOptions options, StepSupplier supplier) {
    this.options = options;
    this.supplier = supplier;
  }

  /**
   * Starts a builder for a dynamic step named {@code name}.
   *
   * @param name the step name
   * @return the builder
   */
  public static Builder named(String name) {
    return new Builder(name);
  }

  @Override
  public StepOptions options() {
    return options;
  }

  /**
   * Returns the supplier of the children.
   *
   * @return what builds the children on every run
   */
  public StepSupplier supplier() {
    return supplier;
  }

  /**
   * Returns a builder holding this step's settings and supplier, to build a changed copy.
   *
   * @return a builder; this step is not changed
   */
  public Builder toBuilder() {
    return new Builder(options).steps(supplier);
  }

  @Override
  public String toString() {
    return "DynamicStep[" + options.name + "]";
  }

  /** Builds a {@link DynamicStep}. */
  public static final class Builder extends StepBuilder<Builder, DynamicStep> {
    private StepSupplier supplier;

    private Builder(String name) {
      super(name);
    }

    private Builder(StepOptions from) {
      super(from);
    }

    /**
     * Sets what builds the children (required).
     *
     * @param supplier called on every run, after the step's own checks
     * @return this builder
     */
    public Builder steps(StepSupplier supplier) {
      this.supplier = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    @Override
    public DynamicStep build() {
      if (supplier == null) {
        throw new IllegalStateException("dynamic step '" + name + "' has no supplier: call steps(ctx -> ...)");
      }
      return new DynamicStep(options(), supplier);
    }
  }
}
