package io.ringcache.node.tools;

import io.ringcache.client.BlockingCache;
import io.ringcache.client.GetResult;
import io.ringcache.client.PutResult;
import io.ringcache.client.RingcacheClient;

import java.time.Duration;

/**
 * A minimal command-line client, in the runnable jar, for checks from any host or container:
 * <pre>
 * java -cp ringcache-node.jar io.ringcache.node.tools.CacheCli HOST:PORT put KEY VALUE
 * java -cp ringcache-node.jar io.ringcache.node.tools.CacheCli HOST:PORT get KEY
 * </pre>
 * Prints the answer; exits 0 on success, 1 when the key is missing or the call fails, 2 on
 * bad usage. Keys and values are UTF-8 text. Calls go through the Java client library
 * (ringcache-client), with HOST:PORT as its seed.
 */
public final class CacheCli {

    private CacheCli() {
    }

    public static void main(String[] args) {
        if (args.length < 3 || !(args[1].equals("get") && args.length == 3 || args[1].equals("put") && args.length == 4)) {
            System.err.println("usage: CacheCli HOST:PORT get KEY | CacheCli HOST:PORT put KEY VALUE");
            System.exit(2);
        }
        int status;
        RingcacheClient client = null;
        try {
            client = RingcacheClient.builder().seeds(args[0]).deadline(Duration.ofSeconds(10)).build();
            status = run(client.cache().blocking(), args);
        } catch (Exception e) {
            System.err.println("failed: " + e);
            status = 1;
        } finally {
            if (client != null) {
                client.close();
            }
        }
        System.exit(status);
    }

    private static int run(BlockingCache cache, String[] args) {
        if (args[1].equals("put")) {
            PutResult put = cache.put(args[2], args[3]);
            System.out.println("applied=" + put.applied() + " version=" + put.version());
            return 0;
        }
        GetResult get = cache.get(args[2]);
        if (!get.found()) {
            System.out.println("(not found)");
            return 1;
        }
        System.out.println(get.valueAsString());
        return 0;
    }
}
