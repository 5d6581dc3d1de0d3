package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.pipeline;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The processor never crashes the compiler: an unexpected exception becomes one error naming the class. */
class ProcessorRobustnessTest {

  @Test
  @DisplayName("an unexpected exception while generating becomes one STEPS-INTERNAL error on the class")
  void unexpectedExceptionBecomesOneError() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1) void work() {}
        }
        """);

    Compilation compilation = Compiler.javac().withProcessors(new BrokenFilerProcessor()).compile(source);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("STEPS-INTERNAL: the steps processor failed on `test.Steps`"
        + " (java.lang.IllegalStateException: disk on fire); nothing was generated for it")
        .inFile(source).onLineContaining("class Steps");
  }

  /** Runs the steps processor with a filer that throws on every call. */
  private static final class BrokenFilerProcessor extends AbstractProcessor {
    private final StepsProcessor delegate = new StepsProcessor();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      Filer broken = proxy(Filer.class, (p, m, a) -> {
        throw new IllegalStateException("disk on fire");
      });
      delegate.init(proxy(ProcessingEnvironment.class, (p, m, a) -> {
        if (m.getName().equals("getFiler")) {
          return broken;
        }
        try {
          return m.invoke(env, a);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }

    private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
      return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
  }
}
