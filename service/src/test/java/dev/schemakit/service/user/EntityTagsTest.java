package dev.schemakit.service.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;

class EntityTagsTest {

    @Test
    void tagOfAVersionIsItsDigitsInQuotes() {
        assertEquals("\"3\"", EntityTags.of(3));
    }

    @Test
    void absentHeaderIsEmpty() {
        assertEquals(Optional.empty(), EntityTags.parse("If-Match", List.of()));
    }

    @Test
    void starMatchesEveryVersion() {
        EntityTags any = parse(" * ");

        assertTrue(any.isAny());
        assertTrue(any.matchesStrongly(7));
        assertTrue(any.matchesWeakly(7));
    }

    @Test
    void readsOneListSpreadOverSeveralLinesIgnoringEmptyElements() {
        EntityTags tags = EntityTags.parse("If-Match", List.of("\"1\", W/\"2\"", " ,\t\"3\" ,")).orElseThrow();

        assertFalse(tags.isAny());
        assertEquals(Set.of(1L, 3L), tags.strongVersions());
        assertTrue(tags.matchesStrongly(3));
        assertFalse(tags.matchesStrongly(2));
    }

    @Test
    void strongComparisonIgnoresWeakAndNonCanonicalTags() {
        EntityTags tags = parse("W/\"3\", \"03\", \"x\", \"\", \"9999999999999999999\", \"99999999999999999999\"");

        assertEquals(Set.of(), tags.strongVersions());
        assertFalse(tags.matchesStrongly(3));
    }

    @Test
    void weakComparisonMatchesWeakAndStrongTagsByTheirOpaquePart() {
        assertTrue(parse("W/\"3\"").matchesWeakly(3));
        assertTrue(parse("\"4\", \"3\"").matchesWeakly(3));
        assertFalse(parse("\"03\"").matchesWeakly(3));
        assertFalse(parse("W/\"4\"").matchesWeakly(3));
    }

    @Test
    void headerSentEmptyMatchesNothing() {
        EntityTags none = parse("");

        assertFalse(none.isAny());
        assertFalse(none.matchesStrongly(1));
        assertFalse(none.matchesWeakly(1));
    }

    @Test
    void rejectsWhatIsNotAListOfEntityTagsNamingTheHeader() {
        Problem expected = Problem.of(ProblemType.BAD_REQUEST,
                "The If-None-Match header must be * or a comma-separated list of entity tags such as \"3\".");
        for (String value : new String[] {"3", "\"3", "W/3", "W/", "\"3\" \"4\"", "**", "*, \"3\"", "\"a b\""}) {
            ProblemException thrown = assertThrows(ProblemException.class,
                    () -> EntityTags.parse("If-None-Match", List.of(value)), value);
            assertEquals(expected, thrown.problem(), value);
        }
    }

    private static EntityTags parse(String value) {
        return EntityTags.parse("If-Match", List.of(value)).orElseThrow();
    }
}
