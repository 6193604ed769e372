package io.ringcache.node.console;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The console's files, read from the jar once when the node starts (a few hundred KB): the
 * page's own under {@code console/} and the charting library's from its WebJar. Vert.x's
 * static handler is not used because the node's Vert.x resolves no class-path files (its
 * root filesystem may be read-only).
 */
final class ConsoleAssets {

    /** The page's files, served under {@code /console/}. */
    static final List<String> PAGE_FILES = List.of("index.html", "console.css", "app.js", "api.js",
            "cluster.js", "traffic.js", "caches.js", "keys.js", "format.js");
    private static final String UPLOT = "META-INF/resources/webjars/uplot/";

    /** A file and its content type. */
    record Asset(Buffer body, String contentType) {
    }

    private final Map<String, Asset> byPath = new HashMap<>();

    ConsoleAssets(ClassLoader loader) {
        for (String file : PAGE_FILES) {
            byPath.put("/console/" + file, asset(loader, "console/" + file));
        }
        byPath.put("/", byPath.get("/console/index.html"));
        String uplot = UPLOT + webJarVersion(loader) + "/dist/";
        byPath.put("/console/lib/uPlot.esm.js", asset(loader, uplot + "uPlot.esm.js"));
        byPath.put("/console/lib/uPlot.min.css", asset(loader, uplot + "uPlot.min.css"));
    }

    /** The file served at {@code path}, or null. */
    Asset get(String path) {
        return byPath.get(path);
    }

    private static String webJarVersion(ClassLoader loader) {
        Properties properties = new Properties();
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static Asset asset(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("console file missing from the jar: " + resource);
            }
            return new Asset(Buffer.buffer(in.readAllBytes()), contentType(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String resource) {
        if (resource.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (resource.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (resource.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
