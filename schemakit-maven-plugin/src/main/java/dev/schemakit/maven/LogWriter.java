package dev.schemakit.maven;

import java.io.Writer;
import java.util.function.Consumer;

/** A writer that hands each line written to it to {@code sink}, without its line break. */
final class LogWriter extends Writer {

    private final Consumer<String> sink;
    private final StringBuilder line = new StringBuilder();

    LogWriter(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = buffer[i];
            if (c == '\n') {
                sink.accept(line.toString());
                line.setLength(0);
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    /** A partial last line is passed on too. */
    @Override
    public synchronized void flush() {
        if (!line.isEmpty()) {
            sink.accept(line.toString());
            line.setLength(0);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
