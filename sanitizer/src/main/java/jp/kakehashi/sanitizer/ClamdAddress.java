package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/** Where clamd listens: {@code tcp://HOST:PORT} or {@code unix:PATH}. */
public sealed interface ClamdAddress {

    SocketAddress socketAddress();

    /** clamd on a TCP port, normally on loopback. */
    record Tcp(String host, int port) implements ClamdAddress {
        public Tcp {
            requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("clamd port must be 1-65535, was " + port);
            }
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return "tcp://" + host + ":" + port;
        }
    }

    /** clamd on a local (unix domain) socket. */
    record Unix(Path path) implements ClamdAddress {
        public Unix {
            requireNonNull(path, "path");
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /**
     * Reads {@code tcp://HOST:PORT} or {@code unix:PATH}.
     *
     * @throws IllegalArgumentException naming the text and the expected forms
     */
    static ClamdAddress parse(String text) {
        requireNonNull(text, "text");
        if (text.startsWith("unix:")) {
            String path = text.substring("unix:".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException(
                        "clamd address 'unix:' needs a socket path, e.g. unix:/run/clamav/clamd.ctl");
            }
            return new Unix(Path.of(path));
        }
        if (text.startsWith("tcp://")) {
            String rest = text.substring("tcp://".length());
            int colon = rest.lastIndexOf(':');
            if (colon <= 0 || colon == rest.length() - 1) {
                throw new IllegalArgumentException(
                        "clamd address '" + text + "' needs HOST:PORT, e.g. tcp://127.0.0.1:3310");
            }
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                return new Tcp(host, Integer.parseInt(rest.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("clamd address '" + text + "' has a port that is not a number", e);
            }
        }
        throw new IllegalArgumentException("clamd address '" + text + "' must be tcp://HOST:PORT or unix:PATH");
    }
}
