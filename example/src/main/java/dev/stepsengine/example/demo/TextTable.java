package dev.stepsengine.example.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns as wide as their widest cell. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... header) {
    columns = header.length;
    rows.add(header);
  }

  /** Adds a row; it must have one cell per header column. */
  TextTable row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    rows.add(cells);
    return this;
  }

  /** The terminal width the demo's output fits in. */
  static final int WIDTH = 80;

  /**
   * Prints the header and the rows, each line starting with {@code indent}, in at most
   * {@link #WIDTH} columns: the leading columns that fit make the table; each further column is
   * printed under its row as {@code header: value}, indented.
   */
  void print(PrintStream out, String indent) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    int shown = 0;
    int used = indent.length();
    while (shown < columns && used + widths[shown] <= WIDTH) {
      used += widths[shown] + 2;
      shown++;
    }
    shown = Math.max(shown, 1);
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder(indent);
      for (int c = 0; c < shown; c++) {
        line.append(c == shown - 1 ? row[c] : pad(row[c], widths[c] + 2));
      }
      out.println(line.toString().stripTrailing());
      for (int c = shown; r > 0 && c < columns; c++) {
        out.println(indent + "    " + rows.get(0)[c] + ": " + row[c]);
      }
    }
  }

  static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
