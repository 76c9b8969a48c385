package dev.schemakit.devtools;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.schemakit.throwaway.ThrowawayPostgres;

/** One throwaway PostgreSQL for every test class of the run that asks for it; each test uses databases of its own. */
public final class SharedPostgres implements BeforeAllCallback {

    private static ThrowawayPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedPostgres.class) {
            if (postgres == null) {
                postgres = ThrowawayPostgres.start();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedPostgres.class,
                        new Stopper(postgres));
            }
        }
    }

    /** Stops the server when the run ends, whichever way JUnit closes what its root store holds. */
    private record Stopper(
            ThrowawayPostgres server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        @Override
        public void close() {
            server.close();
        }
    }

    /** The server; only after {@link #beforeAll}. */
    public static ThrowawayPostgres get() {
        return postgres;
    }
}
