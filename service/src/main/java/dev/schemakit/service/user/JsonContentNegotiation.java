package dev.schemakit.service.user;

import java.math.BigDecimal;
import java.util.List;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.annotation.PreMatching;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;

/**
 * Content negotiation for {@code /users} as RFC 9110 §12.5.1 defines it, done before Micronaut
 * routes the request. The user API has one representation, {@code application/json}, and its
 * errors are {@code application/problem+json}. Micronaut's router compares {@code Accept} with a
 * route's {@code @Produces} literally: it answers 406 to {@code application/*} and to a client
 * that lists only {@code application/problem+json}, and copies the parameters of the range it
 * matched ({@code ;q=0.9}) into the response's {@code Content-Type}. So this filter decides, and
 * hands the router a plain {@code Accept: application/json} when the request is to be served:
 * <ul>
 * <li>when {@code application/json} is acceptable: the most specific range that matches it
 * ({@code application/json} before {@code application/*} before {@code *}{@code /*}) has a
 * {@code q} above 0;</li>
 * <li>when only {@code application/problem+json} is: RFC 9110 lets a server disregard
 * {@code Accept} instead of answering 406, and a client that asks for problems can read the JSON
 * of a success (errors are problems whatever it asks).</li>
 * </ul>
 * A request that accepts neither gets the 406 problem of the {@link ErrorResponseProcessor}; the
 * router alone would serve {@code application/json;q=0}, since it ignores weights.
 */
@ServerFilter({"/users", "/users/**"})
final class JsonContentNegotiation {

    private final ErrorResponseProcessor<?> errorResponseProcessor;

    JsonContentNegotiation(ErrorResponseProcessor<?> errorResponseProcessor) {
        this.errorResponseProcessor = errorResponseProcessor;
    }

    /** {@code null} to go on with the request, or the 406 answer. */
    @PreMatching
    @RequestFilter
    @Nullable
    HttpResponse<?> negotiate(MutableHttpRequest<?> request) {
        List<String> accept = request.getHeaders().getAll(HttpHeaders.ACCEPT);
        if (accept.isEmpty()) {
            return null;
        }
        List<MediaType> ranges = MediaType.orderedOf(accept);
        if (isAcceptable(ranges, MediaType.APPLICATION_JSON_TYPE)
                || isAcceptable(ranges, MediaType.APPLICATION_JSON_PROBLEM_TYPE)) {
            request.getHeaders().set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
            return null;
        }
        return errorResponseProcessor.processResponse(ErrorContext.builder(request).build(),
                HttpResponse.status(HttpStatus.NOT_ACCEPTABLE));
    }

    /**
     * Whether {@code type} is acceptable: the most specific of {@code ranges} that matches it
     * gives it a quality above 0 (RFC 9110 §12.5.1). Ranges with a malformed {@code q} count as
     * absent.
     */
    static boolean isAcceptable(List<MediaType> ranges, MediaType type) {
        int bestSpecificity = -1;
        BigDecimal quality = BigDecimal.ZERO;
        for (MediaType range : ranges) {
            if (!range.matches(type)) {
                continue;
            }
            int specificity = range.getType().equals("*") ? 0 : range.getSubtype().equals("*") ? 1 : 2;
            BigDecimal q = quality(range);
            if (q != null && specificity > bestSpecificity) {
                bestSpecificity = specificity;
                quality = q;
            }
        }
        return quality.signum() > 0;
    }

    /** The range's {@code q} (case-insensitive, 1 when absent), or {@code null} if it is not a number. */
    private static @Nullable BigDecimal quality(MediaType range) {
        for (CharSequence name : range.getParameters()) {
            if (name.toString().equalsIgnoreCase("q")) {
                try {
                    return new BigDecimal(range.getParameters().get(name).orElse(""));
                } catch (NumberFormatException notANumber) {
                    return null;
                }
            }
        }
        return BigDecimal.ONE;
    }
}
