package dev.schemakit.service.problem;

import java.util.Comparator;
import java.util.List;

/** Builds the one shape every 400 {@link ProblemType#VALIDATION} problem has. */
final class Validation {

    private Validation() {
    }

    /**
     * A validation problem listing {@code errors} sorted by field, then message, so that the same
     * request always gets the same body.
     */
    static Problem problem(List<FieldError> errors) {
        List<FieldError> sorted = errors.stream()
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return Problem.of(ProblemType.VALIDATION,
                "The request has invalid fields or parameters; each is listed in errors.", sorted);
    }
}
