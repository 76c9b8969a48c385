package dev.schemakit.service.openapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import io.micronaut.core.annotation.Nullable;

/**
 * A JDK {@link HttpClient} that checks every exchange with the service against the OpenAPI
 * document the service serves ({@link OpenApiContract}), so a test fails as soon as the service
 * answers something the document does not describe. The test still gets the response, through
 * whatever {@link BodyHandler} it asked for.
 * <p>
 * A test that sends requests outside the contract on purpose (malformed JSON, a wrong type, no
 * token) sends them through {@link #offContract()}: only their responses are checked.
 */
public final class ContractCheckingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final URI base;
    private final boolean requestsOnContract;

    private ContractCheckingHttpClient(HttpClient delegate, URI base, boolean requestsOnContract) {
        this.delegate = delegate;
        this.base = base;
        this.requestsOnContract = requestsOnContract;
    }

    /**
     * {@code client}'s exchanges with the service at {@code base}, checked against the document
     * that service serves (downloaded with the first exchange, when the service is known to run).
     */
    public static ContractCheckingHttpClient wrap(HttpClient client, URI base) {
        return new ContractCheckingHttpClient(client, base, true);
    }

    /**
     * A builder for clients that check their exchanges with the service at {@code base}, for code
     * that builds its own client (the generated {@code ApiClient}).
     */
    public static HttpClient.Builder builder(URI base) {
        return new Builder(HttpClient.newBuilder(), base);
    }

    /** This client for requests sent outside the contract on purpose: only the responses are checked. */
    public ContractCheckingHttpClient offContract() {
        return new ContractCheckingHttpClient(delegate, base, false);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
            throws IOException, InterruptedException {
        byte[] sent = body(request);
        return checked(request, sent, delegate.send(request, BodyHandlers.ofByteArray()), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
        byte[] sent = body(request);
        return delegate.sendAsync(request, BodyHandlers.ofByteArray())
                .thenApply(response -> checked(request, sent, response, handler));
    }

    /** Server push is not used by HTTP/1.1, which the tests speak; promises are not checked. */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler,
            PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    private <T> HttpResponse<T> checked(HttpRequest request, @Nullable byte[] sent, HttpResponse<byte[]> response,
            BodyHandler<T> handler) {
        OpenApiContract.servedBy(base).check(request, sent, response.statusCode(), response.headers(), response.body(),
                requestsOnContract);
        return new Checked<>(response, deliver(response, handler));
    }

    /** The bytes of the request's body, or {@code null} if it has none. */
    private static @Nullable byte[] body(HttpRequest request) {
        HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
        if (publisher == null || publisher.contentLength() == 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(bytes.toByteArray());
            }
        });
        return done.join();
    }

    /** The body as {@code handler} would have made it from the bytes received. */
    private static <T> T deliver(HttpResponse<byte[]> response, BodyHandler<T> handler) {
        ResponseInfo info = new ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public Version version() {
                return response.version();
            }
        };
        BodySubscriber<T> subscriber = handler.apply(info);
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean delivered;

            @Override
            public synchronized void request(long n) {
                if (n <= 0 || delivered) {
                    return;
                }
                // The whole body as one item, then the end: the JDK's subscribers, the
                // InputStream one included, each keep room for one item and the end.
                delivered = true;
                if (response.body().length > 0) {
                    subscriber.onNext(List.of(ByteBuffer.wrap(response.body())));
                }
                subscriber.onComplete();
            }

            @Override
            public void cancel() {
                delivered = true;
            }
        });
        try {
            return subscriber.getBody().toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the body handler failed on the body received", e.getCause());
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    /** A received response with the body its handler made. */
    private record Checked<T>(HttpResponse<byte[]> received, T body) implements HttpResponse<T> {

        @Override
        public int statusCode() {
            return received.statusCode();
        }

        @Override
        public HttpRequest request() {
            return received.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return received.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return received.sslSession();
        }

        @Override
        public URI uri() {
            return received.uri();
        }

        @Override
        public Version version() {
            return received.version();
        }
    }

    /** Builds the JDK client it wraps, then wraps it. */
    private record Builder(HttpClient.Builder delegate, URI base) implements HttpClient.Builder {

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
            delegate.cookieHandler(cookieHandler);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            delegate.connectTimeout(duration);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext sslContext) {
            delegate.sslContext(sslContext);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
            delegate.sslParameters(sslParameters);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            delegate.executor(executor);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(Redirect policy) {
            delegate.followRedirects(policy);
            return this;
        }

        @Override
        public HttpClient.Builder version(Version version) {
            delegate.version(version);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            delegate.priority(priority);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector proxySelector) {
            delegate.proxy(proxySelector);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            delegate.authenticator(authenticator);
            return this;
        }

        @Override
        public HttpClient build() {
            return wrap(delegate.build(), base);
        }
    }
}
