package dev.schemakit.service.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class UserCursorTest {

    @Test
    void decodesWhatItEncodes() {
        for (long id : new long[] {1, 42, Long.MAX_VALUE}) {
            assertEquals(OptionalLong.of(id), UserCursor.decode(UserCursor.encode(id)));
        }
    }

    @Test
    void encodesAsUrlSafeTextWithoutPadding() {
        assertTrue(UserCursor.encode(Long.MAX_VALUE).matches("[A-Za-z0-9_-]+"));
    }

    @Test
    void rejectsAnythingItDidNotProduce() {
        for (String cursor : new String[] {"", "not a cursor", "MTA=", "LTE", "MDE", "YWJj", "%%%"}) {
            // MTA= is "10" padded, LTE is "-1", MDE is "01", YWJj is "abc".
            assertEquals(OptionalLong.empty(), UserCursor.decode(cursor), cursor);
        }
    }
}
