package dev.stepsengine.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.stepsengine.processor.model.AnnotationSource;
import dev.stepsengine.processor.validation.Diagnostic;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic.Kind;

/**
 * Places a diagnostic on one occurrence of a repeated {@code @Step} or {@code @Parallel}. javac holds repeated annotations
 * in a container it made up, which its {@code Messager} cannot find in the source, so it would fall
 * back to the method's or class's name; this finds the occurrence's own annotation (or the attribute value at
 * fault inside it) in the method's source tree instead. Works only under javac; elsewhere
 * {@link #print} returns {@code false} and the caller reports on the element.
 */
final class RepeatedAnnotations {
  private final Trees trees;

  private RepeatedAnnotations(Trees trees) {
    this.trees = trees;
  }

  /** Returns the placer for {@code env}, or {@code null} when the compiler is not javac. */
  static RepeatedAnnotations of(ProcessingEnvironment env) {
    try {
      return new RepeatedAnnotations(Trees.instance(env));
    } catch (IllegalArgumentException | LinkageError notJavac) {
      return null;
    }
  }

  /**
   * Prints {@code d}, reported on a value inside the container {@code d.mirror()}, on its place in the
   * source; returns whether it could.
   */
  boolean print(Kind kind, Diagnostic d) {
    TreePath path = trees.getPath(d.element());
    if (path == null || d.value() == null) {
      return false;
    }
    ModifiersTree modifiers = path.getLeaf() instanceof MethodTree method ? method.getModifiers()
        : path.getLeaf() instanceof ClassTree type ? type.getModifiers() : null;
    if (modifiers == null) {
      return false;
    }
    String occurrenceType = d.mirror().getAnnotationType().toString().replaceFirst("\\.List$", "");
    List<? extends AnnotationTree> written = modifiers.getAnnotations().stream()
        .filter(a -> sameType(occurrenceType, a.getAnnotationType().toString()))
        .toList();
    List<?> occurrences = (List<?>) AnnotationSource.valueIn(d.mirror(), "value").getValue();
    for (int i = 0; i < occurrences.size() && i < written.size(); i++) {
      AnnotationValue occurrence = (AnnotationValue) occurrences.get(i);
      Tree found = occurrence == d.value()
          ? written.get(i)
          : find((AnnotationMirror) occurrence.getValue(), written.get(i), d.value());
      if (found != null) {
        trees.printMessage(kind, d.text(), found, path.getCompilationUnit());
        return true;
      }
    }
    return false;
  }

  /** Returns the tree of {@code target} inside annotation {@code mirror} written as {@code tree}, or {@code null}. */
  private static Tree find(AnnotationMirror mirror, AnnotationTree tree, AnnotationValue target) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      ExpressionTree argument = argument(tree, e.getKey().getSimpleName().toString());
      Tree found = argument == null ? null : find(e.getValue(), argument, target);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Tree find(AnnotationValue value, ExpressionTree tree, AnnotationValue target) {
    if (value == target) {
      return tree;
    }
    if (value.getValue() instanceof AnnotationMirror nested && tree instanceof AnnotationTree nestedTree) {
      return find(nested, nestedTree, target);
    }
    if (value.getValue() instanceof List<?> elements) {
      List<? extends ExpressionTree> elementTrees = tree instanceof NewArrayTree array && array.getInitializers() != null
          ? array.getInitializers() : List.of(tree);
      for (int i = 0; i < elements.size() && i < elementTrees.size(); i++) {
        Tree found = find((AnnotationValue) elements.get(i), elementTrees.get(i), target);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** Returns the expression written for {@code attribute} in {@code tree} ({@code name = expr}, or a bare {@code value}). */
  private static ExpressionTree argument(AnnotationTree tree, String attribute) {
    for (ExpressionTree argument : tree.getArguments()) {
      if (argument instanceof AssignmentTree assignment && assignment.getVariable() instanceof IdentifierTree name) {
        if (name.getName().contentEquals(attribute)) {
          return assignment.getExpression();
        }
      } else if (attribute.equals("value")) {
        return argument;
      }
    }
    return null;
  }

  /** Returns whether the annotation type as written ({@code Step} or qualified) is {@code qualified}. */
  private static boolean sameType(String qualified, String written) {
    return qualified.equals(written) || qualified.endsWith("." + written);
  }
}
