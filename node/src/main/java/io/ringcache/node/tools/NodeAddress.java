package io.ringcache.node.tools;

/**
 * The node the CLI talks to, from {@code HOST[:PORT]}: the port defaults to the gRPC port's
 * default, 7070; an IPv6 host with a port is written {@code [::1]:7070}.
 *
 * @param host a name or an address (IPv6 without brackets)
 * @param port the gRPC port
 */
record NodeAddress(String host, int port) {

    static final int DEFAULT_GRPC_PORT = 7070;

    static NodeAddress parse(String text) {
        String value = text.trim();
        if (value.isEmpty()) {
            throw new CliUsageException("no node address given (HOST or HOST:PORT)");
        }
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new CliUsageException("'" + text + "' has no closing ']' (IPv6 is written [::1]:7070)");
            }
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new CliUsageException("'" + text + "' is not HOST[:PORT]");
            }
            return new NodeAddress(value.substring(1, close), rest.isEmpty() ? DEFAULT_GRPC_PORT : port(rest.substring(1), text));
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            return new NodeAddress(value, DEFAULT_GRPC_PORT);
        }
        if (value.indexOf(':', colon + 1) >= 0) {
            // Several colons and no brackets: a bare IPv6 address, with the default port.
            return new NodeAddress(value, DEFAULT_GRPC_PORT);
        }
        if (colon == 0) {
            throw new CliUsageException("'" + text + "' has no host (HOST or HOST:PORT)");
        }
        return new NodeAddress(value.substring(0, colon), port(value.substring(colon + 1), text));
    }

    private static int port(String portText, String whole) {
        if (portText.matches("\\d{1,5}")) {
            int port = Integer.parseInt(portText);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw new CliUsageException("'" + portText + "' in '" + whole + "' is not a port (1-65535)");
    }

    /** The address as the client library takes it: {@code host:port}, {@code [v6]:port}. */
    String seed() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return seed();
    }
}
