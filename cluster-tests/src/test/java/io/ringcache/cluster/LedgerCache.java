package io.ringcache.cluster;

/**
 * The cache the container suites record their asserted histories on: declared with the settings
 * docs/reliability.md names for linearizable keys under every fault it tests.
 */
final class LedgerCache {

    static final String NAME = "ledger";
    /**
     * Long enough for a split to heal and merge back (a heal is merged within about 20 s here,
     * counted from when the cluster is safe again after the loss).
     */
    static final String FENCE = "60s";
    /** The config file every node of such a suite reads. */
    static final String CONFIG = "caches:\n  " + NAME + ":\n    linearizable-reads: true\n"
            + "    lost-partition-fence: " + FENCE + "\n";

    private LedgerCache() {
    }
}
