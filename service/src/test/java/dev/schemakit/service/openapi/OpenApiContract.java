package dev.schemakit.service.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.yaml.snakeyaml.Yaml;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;

import io.micronaut.core.annotation.Nullable;

/**
 * The OpenAPI document a running service serves at {@value OpenApiDocument#PATH}, as a contract
 * that every exchange with the service's API is checked against by Atlassian's
 * swagger-request-validator: method and path, parameters, security, {@code Content-Type},
 * {@code Accept} and body of the request; status, headers, {@code Content-Type} and body of the
 * response. The validator treats object schemas that do not say otherwise as closed
 * ({@code additionalProperties: false}), so a member the document does not name fails too.
 * <p>
 * The contract covers the document's path space: every path whose first segment is that of a
 * documented path ({@code /users...}). Paths outside it ({@code /health}, {@code /prometheus},
 * the document itself) are not the API and are not checked.
 */
public final class OpenApiContract {

    /** Messages that only say the request left the document, never a fault of the response. */
    private static final Set<String> REQUEST_LEFT_THE_DOCUMENT = Set.of(
            "validation.request.path.missing", "validation.request.operation.notAllowed");

    private static final Map<URI, OpenApiContract> SERVED = new ConcurrentHashMap<>();
    private static final HttpClient FETCHER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final OpenApiInteractionValidator validator;
    private final Set<String> apiRoots;

    private OpenApiContract(String document) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
        this.apiRoots = new TreeSet<>();
        OpenApiDocument.map(OpenApiDocument.map(new Yaml().load(document)).get("paths")).keySet()
                .forEach(path -> apiRoots.add(root(path)));
    }

    /**
     * The contract the service at {@code base} serves, downloaded on the first call for that base
     * (a service answers it without a token).
     *
     * @throws AssertionError if the service does not serve its document
     */
    public static OpenApiContract servedBy(URI base) {
        return SERVED.computeIfAbsent(base, OpenApiContract::download);
    }

    /** A contract read from the text of an OpenAPI document. */
    public static OpenApiContract of(String document) {
        return new OpenApiContract(document);
    }

    private static OpenApiContract download(URI base) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(OpenApiDocument.PATH))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> response = FETCHER.send(request, BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + request.uri() + " answered " + response.statusCode()
                        + ", so the exchanges with this service cannot be checked: " + response.body());
            }
            return new OpenApiContract(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks one exchange. A request the test sent on purpose outside the contract
     * ({@code requestOnContract} false) is not checked itself; its response is, against the
     * operation of its path and method, or for a method the path lacks (a 405) against the
     * responses the path's operations document.
     *
     * @param requestBody     the bytes sent, or {@code null} for none
     * @param responseBody    the bytes received
     * @throws AssertionError carrying the validator's report if the document does not describe
     *         the exchange
     */
    public void check(HttpRequest request, @Nullable byte[] requestBody, int status, HttpHeaders responseHeaders,
            byte[] responseBody, boolean requestOnContract) {
        String path = request.uri().getRawPath();
        if (path == null || !apiRoots.contains(root(path))) {
            return;
        }
        SimpleResponse response = response(status, responseHeaders, responseBody);
        ValidationReport report;
        if (requestOnContract) {
            report = validator.validate(request(request, requestBody), response);
        } else {
            report = offContractResponse(request.method(), path, response);
        }
        if (report.hasErrors()) {
            throw new AssertionError(describe(request, requestBody, status, responseHeaders, responseBody,
                    requestOnContract) + "\n" + SimpleValidationReportFormat.getInstance().apply(report));
        }
    }

    private ValidationReport offContractResponse(String method, String path, SimpleResponse response) {
        Optional<Request.Method> requested = method(method);
        if (requested.isPresent()) {
            ValidationReport report = validator.validateResponse(path, requested.get(), response);
            if (!leftTheDocument(report)) {
                return report;
            }
        }
        // No such operation: the answer is the same for every method the path has, so any of them
        // documents it (405, and what every operation can answer: 401, 406, 500, 503).
        for (Request.Method documented : Request.Method.values()) {
            ValidationReport report = validator.validateResponse(path, documented, response);
            if (!leftTheDocument(report)) {
                return report;
            }
        }
        // A path the document does not have at all: nothing describes its answer.
        return ValidationReport.empty();
    }

    private static boolean leftTheDocument(ValidationReport report) {
        return report.getMessages().stream().anyMatch(message -> REQUEST_LEFT_THE_DOCUMENT.contains(message.getKey()));
    }

    private static Optional<Request.Method> method(String method) {
        try {
            return Optional.of(Request.Method.valueOf(method.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notAnOpenApiMethod) {
            return Optional.empty();
        }
    }

    private static SimpleRequest request(HttpRequest request, @Nullable byte[] body) {
        Request.Method method = method(request.method()).orElseThrow(() -> new AssertionError(
                request.method() + " is not a method OpenAPI can describe; send it offContract()"));
        SimpleRequest.Builder builder = new SimpleRequest.Builder(method, request.uri().getRawPath());
        fieldValues(request.headers()).forEach(builder::withHeader);
        queryParameters(request.uri()).forEach(builder::withQueryParam);
        if (body != null && body.length > 0) {
            builder.withBody(body);
        }
        return builder.build();
    }

    private static SimpleResponse response(int status, HttpHeaders headers, byte[] body) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(status);
        fieldValues(headers).forEach(builder::withHeader);
        if (body.length > 0) {
            builder.withBody(body);
        }
        return builder.build();
    }

    /**
     * Each header as one value: lines of the same name joined with commas, which is what they mean
     * (RFC 9110 §5.3), where the validator would take two lines of {@code If-Match} for an array.
     */
    private static Map<String, String> fieldValues(HttpHeaders headers) {
        Map<String, String> values = new LinkedHashMap<>();
        headers.map().forEach((name, lines) -> values.put(name, String.join(", ", lines)));
        return values;
    }

    private static Map<String, List<String>> queryParameters(URI uri) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("the query string is not percent-encoded UTF-8 (" + text
                    + "); send the request offContract()", e);
        }
    }

    /** The first segment of {@code path}, with its slash: {@code /users} of {@code /users/{id}}. */
    private static String root(String path) {
        int end = path.indexOf('/', 1);
        return end < 0 ? path : path.substring(0, end);
    }

    private static String describe(HttpRequest request, @Nullable byte[] requestBody, int status,
            HttpHeaders responseHeaders, byte[] responseBody, boolean requestOnContract) {
        return "The OpenAPI document (" + OpenApiDocument.PATH + ") does not describe this exchange"
                + (requestOnContract ? "" : " (request sent off the contract: only the response is checked)") + ":\n"
                + request.method() + " " + request.uri() + " " + request.headers().map()
                + (requestBody == null ? "" : "\n" + preview(requestBody)) + "\n-> " + status + " "
                + responseHeaders.map() + "\n" + preview(responseBody);
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
