package dev.schemakit.devtools.catalog;

import java.util.ArrayList;
import java.util.List;

/** A sequence's options as CREATE SEQUENCE and identity columns write them. */
final class SequenceOptions {

    private SequenceOptions() {
    }

    /** The options that differ from what PostgreSQL picks for a sequence of {@code type}; empty when none. */
    static String nonDefault(String type, long start, long increment, long min, long max, long cache, boolean cycle) {
        long defaultMin = increment > 0 ? 1 : minOf(type);
        long defaultMax = increment > 0 ? maxOf(type) : -1;
        List<String> options = new ArrayList<>();
        if (increment != 1) {
            options.add("INCREMENT BY " + increment);
        }
        if (min != defaultMin) {
            options.add("MINVALUE " + min);
        }
        if (max != defaultMax) {
            options.add("MAXVALUE " + max);
        }
        if (start != (increment > 0 ? min : max)) {
            options.add("START WITH " + start);
        }
        if (cache != 1) {
            options.add("CACHE " + cache);
        }
        if (cycle) {
            options.add("CYCLE");
        }
        return String.join(" ", options);
    }

    /** Every option, as ALTER SEQUENCE sets them all at once. */
    static String all(String type, long start, long increment, long min, long max, long cache, boolean cycle) {
        return "AS " + type + " INCREMENT BY " + increment + " MINVALUE " + min + " MAXVALUE " + max + " START WITH "
                + start + " CACHE " + cache + (cycle ? " CYCLE" : " NO CYCLE");
    }

    private static long maxOf(String type) {
        return switch (type) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }

    private static long minOf(String type) {
        return switch (type) {
            case "smallint" -> Short.MIN_VALUE;
            case "integer" -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }
}
