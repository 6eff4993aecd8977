package dev.minidocker.cli;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.Provider;

/**
 * Opens the lean clients' connection to the daemon (RemoteRun, RemotePush) without building the
 * JDK's security providers.
 *
 * <p>The JDK's UNIX socket code makes a SecureRandom ("NativePRNGNonBlocking") the first time any
 * UNIX socket is opened; it names temporary files with it, which only a server socket bound to no
 * name needs, so a client never uses it. Getting it through the JCA instantiates the SUN provider
 * (about a hundred services and the OID table), interpreted in this -Xint client: the client
 * took 52.9 ms against a stand-in daemon with it, 46.5 ms without (hyperfine, 60 runs). So for that one call this thread's provider list (the JDK's
 * per-thread override, made for JAR verification) holds only {@link UrandomProvider}, which offers
 * that algorithm over /dev/urandom. The list is internal to java.base: the launcher passes the lean
 * client {@code --add-exports java.base/sun.security.jca=ALL-UNNAMED} (and scripts/make-aot-cache
 * trains its cache with it); without the export (tests, another JDK's layout) the socket simply
 * opens the JDK's way.
 */
final class DaemonSocket {
    private static final String JCA = "sun.security.jca";

    private DaemonSocket() {
    }

    /** A connected blocking channel to the UNIX socket at {@code path}. */
    static SocketChannel open(Path path) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        ProviderOverride override = ProviderOverride.urandomOnly();
        try {
            return SocketChannel.open(address);
        } finally {
            override.end();
        }
    }

    /**
     * This thread's provider list narrowed to {@link UrandomProvider} until {@link #end}; a no-op
     * when java.base does not export the list to us. (Not a lambda around the call: bootstrapping
     * one costs an interpreted client milliseconds.)
     */
    static final class ProviderOverride {
        private final Method end;
        private final Object previous;

        private ProviderOverride(Method end, Object previous) {
            this.end = end;
            this.previous = previous;
        }

        static ProviderOverride urandomOnly() {
            if (!Object.class.getModule().isExported(JCA, DaemonSocket.class.getModule())) {
                return new ProviderOverride(null, null);
            }
            Method begin;
            Method end;
            Object list;
            try {
                Class<?> providers = Class.forName(JCA + ".Providers");
                Class<?> providerList = Class.forName(JCA + ".ProviderList");
                begin = providers.getMethod("beginThreadProviderList", providerList);
                end = providers.getMethod("endThreadProviderList", providerList);
                list = providerList.getMethod("newList", Provider[].class)
                        .invoke(null, (Object) new Provider[] {new UrandomProvider()});
            } catch (ReflectiveOperationException | LinkageError otherJdk) {
                return new ProviderOverride(null, null);
            }
            return new ProviderOverride(end, invoke(begin, list));
        }

        /** Puts this thread's previous list back. */
        void end() {
            if (end != null) invoke(end, previous);
        }

        private static Object invoke(Method method, Object argument) {
            try {
                return method.invoke(null, argument);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot switch this thread's security providers", e);
            }
        }
    }

    /** A provider with one service: the SecureRandom the JDK's UNIX socket code asks for. */
    static final class UrandomProvider extends Provider {
        static final String NAME = "mini-docker-urandom";

        UrandomProvider() {
            super(NAME, "1", "SecureRandom NativePRNGNonBlocking over /dev/urandom");
            putService(new Service(this, "SecureRandom", "NativePRNGNonBlocking", UrandomSpi.class.getName(),
                    null, null));
        }
    }
}
