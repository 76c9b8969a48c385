package dev.schemakit.service.security;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * A token's {@code sub} must be a string the service can store as a user's owner: 1 to
 * {@value #MAX_LENGTH} characters (OpenID Connect's own limit for {@code sub}), valid Unicode, no NUL
 * (PostgreSQL text cannot hold it). A token whose subject is anything else is refused like a forged
 * one, rather than failing later when it signs up.
 */
@Singleton
final class SubjectValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    static final int MAX_LENGTH = 255;

    @Override
    public boolean validate(@NonNull Claims claims, @Nullable HttpRequest<?> request) {
        return claims.get(Claims.SUBJECT) instanceof String subject && isStorable(subject);
    }

    static boolean isStorable(String subject) {
        int length = subject.codePointCount(0, subject.length());
        if (length < 1 || length > MAX_LENGTH || subject.indexOf('\0') >= 0) {
            return false;
        }
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < subject.length()
                    && Character.isLowSurrogate(subject.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
