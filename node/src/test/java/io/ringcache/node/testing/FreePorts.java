package io.ringcache.node.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for nodes a test starts later. They come from below Linux's
 * ephemeral range (32768 and up), so an outgoing connection (a member link, a client) cannot
 * take one as its source port between the pick and the bind; never the same one twice in a
 * JVM; and, when surefire runs several test JVMs at once, from a slice of the range per JVM, so
 * two JVMs never pick the same port before either binds it.
 */
public final class FreePorts {

    private static final int RANGE_LOWEST = 20_000;
    private static final int RANGE_HIGHEST = 32_000;
    /** This JVM's share of the range when tests run in several JVMs at once (surefire's forks). */
    private static final int LOWEST;
    private static final int HIGHEST;

    static {
        int forks = Integer.getInteger("ringcache.test.forks", 1);
        int fork = Integer.getInteger("ringcache.test.fork", 1);
        int share = (RANGE_HIGHEST - RANGE_LOWEST) / Math.max(1, forks);
        LOWEST = RANGE_LOWEST + share * Math.floorMod(fork - 1, Math.max(1, forks));
        HIGHEST = LOWEST + share;
    }
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    public static synchronized int next() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (!HANDED_OUT.contains(port) && isFree(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port found between " + LOWEST + " and " + HIGHEST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
