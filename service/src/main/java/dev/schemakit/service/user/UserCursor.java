package dev.schemakit.service.user;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * The {@code next} / {@code after} cursor of {@code GET /users}: the id of the last user of a page,
 * as unpadded base64url of its decimal digits. Clients must treat it as opaque; only cursors this
 * class produced decode.
 */
final class UserCursor {

    private UserCursor() {
    }

    /** The cursor that continues after the user with {@code id}. */
    static String encode(long id) {
        byte[] digits = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digits);
    }

    /**
     * The id {@code cursor} continues after, or empty if {@code cursor} is not one {@link #encode}
     * returns (also for a non-canonical spelling of a valid one).
     */
    static OptionalLong decode(String cursor) {
        try {
            long id = Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
            return id > 0 && encode(id).equals(cursor) ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (IllegalArgumentException e) {
            // Not base64url, or not a number (NumberFormatException is an IllegalArgumentException).
            return OptionalLong.empty();
        }
    }
}
