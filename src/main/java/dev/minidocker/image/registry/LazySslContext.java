package dev.minidocker.image.registry;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JVM's default {@link SSLContext} (system trust store, default protocols, hostname checks
 * done by the HttpClient), but created on the first TLS connection rather than when the
 * HttpClient is built. An HttpClient asks for its context up front, and making the default one
 * loads JSSE and parses the whole CA trust store: ~200 classes and 0.1-0.3 s of a {@code pull}'s
 * start-up, wasted when the registry is plain HTTP on this machine. Goes with
 * {@link #parameters()}: the client must not ask this context for its default parameters at
 * build time either.
 */
final class LazySslContext extends SSLContext {
    LazySslContext() {
        this(() -> {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no default TLS context: " + e.getMessage(), e);
            }
        });
    }

    /** @param real makes the context to delegate to (tests: one that trusts their own certificate) */
    LazySslContext(Supplier<SSLContext> real) {
        super(new Spi(real), null, "Default");
    }

    /**
     * Parameters that set nothing, so each engine keeps the default context's protocols, cipher
     * suites and groups (JSSE applies only the non-null fields); the HttpClient adds SNI, ALPN and
     * the HTTPS endpoint identification to its copy.
     */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    private static final class Spi extends SSLContextSpi {
        private final Supplier<SSLContext> make;
        private volatile SSLContext real;

        Spi(Supplier<SSLContext> make) {
            this.make = make;
        }

        private SSLContext real() {
            SSLContext r = real;
            if (r == null) {
                synchronized (this) {
                    r = real;
                    if (r == null) real = r = make.get();
                }
            }
            return r;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("the default TLS context is initialised by the JVM");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return real().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return real().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return real().getSupportedSSLParameters();
        }
    }
}
