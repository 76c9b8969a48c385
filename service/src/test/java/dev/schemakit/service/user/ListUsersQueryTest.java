package dev.schemakit.service.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.problem.FieldError;
import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;

class ListUsersQueryTest {

    @Test
    void withoutParametersReturnsTheFirstTwentyOfAll() {
        assertEquals(new ListUsersQuery(20, null, null, null), ListUsersQuery.parse(null, null, null, null));
    }

    @Test
    void readsEveryParameter() {
        assertEquals(new ListUsersQuery(100, 42L, false, "Al_%"),
                ListUsersQuery.parse("100", UserCursor.encode(42), "false", "Al_%"));
        assertEquals(new ListUsersQuery(1, null, true, null), ListUsersQuery.parse("1", null, "true", null));
    }

    @Test
    void emptyPrefixFiltersNothing() {
        assertEquals(new ListUsersQuery(20, null, null, null), ListUsersQuery.parse(null, null, null, ""));
    }

    @Test
    void rejectsALimitThatIsNotAnIntegerFromOneToHundred() {
        for (String limit : new String[] {"0", "101", "-5", "", "abc", "1.5", " 5", "99999999999"}) {
            assertInvalid(() -> ListUsersQuery.parse(limit, null, null, null),
                    new FieldError("limit", "must be an integer from 1 to 100"));
        }
    }

    @Test
    void rejectsActiveOtherThanTrueOrFalse() {
        for (String active : new String[] {"", "TRUE", "yes", "1"}) {
            assertInvalid(() -> ListUsersQuery.parse(null, null, active, null),
                    new FieldError("active", "must be true or false"));
        }
    }

    @Test
    void rejectsACursorItDidNotHandOut() {
        assertInvalid(() -> ListUsersQuery.parse(null, "not-a-cursor", null, null),
                new FieldError("after", "must be the next cursor of a previous page"));
    }

    @Test
    void rejectsAPrefixWithNul() {
        assertInvalid(() -> ListUsersQuery.parse(null, null, null, "a\u0000"),
                new FieldError("q", "must not contain the NUL character"));
    }

    @Test
    void namesEveryInvalidParameterAtOnce() {
        assertInvalid(() -> ListUsersQuery.parse("0", "x", "maybe", "\u0000"),
                new FieldError("active", "must be true or false"),
                new FieldError("after", "must be the next cursor of a previous page"),
                new FieldError("limit", "must be an integer from 1 to 100"),
                new FieldError("q", "must not contain the NUL character"));
    }

    private static void assertInvalid(Runnable parse, FieldError... errors) {
        ProblemException thrown = assertThrows(ProblemException.class, parse::run);
        assertEquals(new Problem(ProblemType.VALIDATION.uri(), "Invalid request", 400,
                "The request has invalid fields or parameters; each is listed in errors.", List.of(errors), null),
                thrown.problem());
    }
}
