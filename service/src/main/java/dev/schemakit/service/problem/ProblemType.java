package dev.schemakit.service.problem;

import java.net.URI;

import io.micronaut.http.HttpStatus;

/**
 * The catalogue of error kinds this API answers with, each identified by a stable {@code type} URI
 * under {@code https://schemakit.dev/problems/}. A client may branch on {@link #uri()}; the URIs,
 * titles and statuses below never change meaning. Statuses without an entry here (rare ones such
 * as 406) are answered with {@code about:blank} and the status's reason phrase, as RFC 9457 §4.2.1
 * recommends.
 */
public enum ProblemType {

    /**
     * 400: fields of the body, query parameters or path parameters break a rule. The problem's
     * {@code errors} list every offending field with a message.
     */
    VALIDATION("validation", "Invalid request", HttpStatus.BAD_REQUEST),

    /** 400: the body is missing, is not JSON, or is not a JSON object. */
    MALFORMED_BODY("malformed-body", "Malformed request body", HttpStatus.BAD_REQUEST),

    /** 400: the request could not be read for another reason (a malformed URI, header, …). */
    BAD_REQUEST("bad-request", "Bad request", HttpStatus.BAD_REQUEST),

    /**
     * 401: the request needs a valid bearer token and has none, or one that is malformed, expired or
     * not signed by this service. The response carries {@code WWW-Authenticate: Bearer}.
     */
    UNAUTHORIZED("unauthorized", "Unauthorized", HttpStatus.UNAUTHORIZED),

    /**
     * 403: the bearer token is valid but lacks the scope this request needs ({@code users:read},
     * {@code users:write} or {@code users:admin}); the detail names it, and so does the
     * {@code WWW-Authenticate: Bearer ... error="insufficient_scope", scope="..."} header (RFC 6750
     * §3.1). Another token, not a retry, can change the answer.
     */
    INSUFFICIENT_SCOPE("insufficient-scope", "Insufficient scope", HttpStatus.FORBIDDEN),

    /**
     * 403: the token's scopes allow the operation, but only on the user linked to its subject, and
     * this is another user (or none): only its owner or a token with {@code users:admin} may do it.
     */
    NOT_OWNER("not-owner", "Not the user's owner", HttpStatus.FORBIDDEN),

    /** 404: no resource exists at this path. */
    NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),

    /** 404: no user has the id in the path. */
    USER_NOT_FOUND("user-not-found", "User not found", HttpStatus.NOT_FOUND),

    /** 405: the resource exists but not for this method; the {@code Allow} header lists those it has. */
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),

    /** 409: another user already has this username or email, compared ignoring case. */
    DUPLICATE_USER("duplicate-user", "User already exists", HttpStatus.CONFLICT),

    /**
     * 412: the request's {@code If-Match} names no version the resource has now (it changed since
     * the client read it, or the tag was never one of its tags); nothing was changed.
     */
    PRECONDITION_FAILED("precondition-failed", "Precondition failed", HttpStatus.PRECONDITION_FAILED),

    /** 413: the body is larger than the server accepts ({@code micronaut.server.max-request-size}). */
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", HttpStatus.REQUEST_ENTITY_TOO_LARGE),

    /** 414: the request line (method, path and query string) is longer than the server reads. */
    URI_TOO_LONG("uri-too-long", "Request URI too long", HttpStatus.REQUEST_URI_TOO_LONG),

    /** 431: the request's headers are larger than the server reads. */
    HEADERS_TOO_LARGE("headers-too-large", "Request headers too large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),

    /** 415: the body's {@code Content-Type} is not one this endpoint reads. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),

    /**
     * 500: the server failed. The problem carries an {@code errorId} that also appears in the
     * server's log line with the cause; nothing else about the failure is disclosed.
     */
    INTERNAL_ERROR("internal-error", "Internal server error", HttpStatus.INTERNAL_SERVER_ERROR),

    /**
     * 503: the database is unreachable, frozen, shutting down, or did not answer in time (a
     * statement or lock wait hit its limit). The request may be sent again after the number of
     * seconds in the {@code Retry-After} header; whether a write took effect is unknown.
     */
    DATABASE_UNAVAILABLE("database-unavailable", "Service temporarily unavailable", HttpStatus.SERVICE_UNAVAILABLE),

    /**
     * 503: a bearer token cannot be verified because the identity provider's key set cannot be
     * fetched and none is kept from earlier: the token may well be valid, so it is not refused with
     * a 401. The request may be sent again, with the same token, after the number of seconds in the
     * {@code Retry-After} header.
     */
    IDENTITY_PROVIDER_UNAVAILABLE("identity-provider-unavailable", "Service temporarily unavailable",
            HttpStatus.SERVICE_UNAVAILABLE);

    private static final String BASE = "https://schemakit.dev/problems/";

    private final URI uri;
    private final String title;
    private final HttpStatus status;

    ProblemType(String slug, String title, HttpStatus status) {
        this.uri = URI.create(BASE + slug);
        this.title = title;
        this.status = status;
    }

    /** The problem's {@code type}, a stable identifier (not necessarily a page that resolves). */
    public URI uri() {
        return uri;
    }

    /** The problem's {@code title}: short, the same for every occurrence. */
    public String title() {
        return title;
    }

    /** The HTTP status this kind of problem is always answered with. */
    public HttpStatus status() {
        return status;
    }
}
