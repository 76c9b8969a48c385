package dev.schemakit.service.user;

/** No user has the requested id. Answered with 404 by {@link UserNotFoundHandler}. */
final class UserNotFoundException extends RuntimeException {

    UserNotFoundException(long id) {
        super("No user with id " + id, null, false, false);
    }
}
