package dev.schemakit.service.problem;

import java.util.List;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers a request argument Micronaut could not convert: a body that is not readable as the
 * declared type becomes {@link ProblemType#MALFORMED_BODY}; a path or query parameter of the wrong
 * type (such as {@code /users/abc}) becomes {@link ProblemType#VALIDATION} naming the parameter.
 * Replaces Micronaut's handler, whose message quotes the value sent and the target type.
 */
@Singleton
@Replaces(ConversionErrorHandler.class)
final class ConversionErrorProblemHandler implements ExceptionHandler<ConversionErrorException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ConversionErrorException exception) {
        Argument<?> argument = exception.getArgument();
        if (argument.getAnnotationMetadata().hasAnnotation(Body.class)) {
            return Problem.of(ProblemType.MALFORMED_BODY, "The request body could not be read as JSON.").toResponse();
        }
        return Problem.invalid(List.of(new FieldError(argument.getName(), expectation(argument)))).toResponse();
    }

    private static String expectation(Argument<?> argument) {
        Class<?> type = argument.getWrapperType();
        if (type == Long.class || type == Integer.class || type == Short.class) {
            return "must be an integer";
        }
        return "has a value of the wrong type";
    }
}
