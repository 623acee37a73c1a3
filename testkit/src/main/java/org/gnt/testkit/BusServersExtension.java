package org.gnt.testkit;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link BusServers} per test class, started before all tests and closed after.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BusServersExtension servers = new BusServersExtension();
 *
 * @Test void works() { ... servers.bootstrapServers() ... servers.zkConnect() ... }
 * }</pre>
 *
 * Register it on a {@code static} field. Test and lifecycle methods may also take a {@link BusServers}
 * parameter.
 */
public final class BusServersExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final Supplier<? extends BusServers> factory;
    private BusServers servers;
    private Class<?> owner;

    /** {@link BusServers#start()}: containers if requested and possible, else embedded servers. */
    public BusServersExtension() {
        this(BusServers::start);
    }

    /** A custom factory that returns started servers, e.g. {@code () -> new EmbeddedBusServers(dir).start()}. */
    public BusServersExtension(Supplier<? extends BusServers> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (owner == null) {
            owner = context.getRequiredTestClass();
        }
        servers();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (owner != null && owner != context.getRequiredTestClass()) {
            return; // a @Nested class ends; the outer class still uses the servers
        }
        owner = null;
        if (servers != null) {
            try {
                servers.close();
            } finally {
                servers = null;
            }
        }
    }

    /** The running servers (started on first use). */
    public synchronized BusServers servers() {
        if (servers == null) {
            servers = factory.get();
        }
        return servers;
    }

    public String bootstrapServers() {
        return servers().bootstrapServers();
    }

    public String zkConnect() {
        return servers().zkConnect();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == BusServers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return servers();
    }
}
