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
                ThrowawayPostgres started = postgres;
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(SharedPostgres.class, (ExtensionContext.Store.CloseableResource) started::close);
            }
        }
    }

    /** The server; only after {@link #beforeAll}. */
    public static ThrowawayPostgres get() {
        return postgres;
    }
}
