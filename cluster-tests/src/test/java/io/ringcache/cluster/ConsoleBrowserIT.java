package io.ringcache.cluster;

import com.google.protobuf.ByteString;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.TestCertificates;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.PutRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser: Debian's headless Chromium driven through its chromedriver
 * (both installed by .ci/run). Screenshots of every state go to target/console/.
 */
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(20);
    /** The bound for the page to show a stopped node gone. */
    private static final Duration NODE_GONE_WAIT = Duration.ofSeconds(15);
    private static final String TOKEN = "console-test-token";

    @TempDir
    static Path profile;
    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the console's browser test needs Debian's chromium and chromium-driver "
                        + "(apt-get install chromium chromium-driver; .ci/run installs them)")
                .isTrue();
        Files.createDirectories(SCREENSHOTS);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--window-size=1280,720", "--user-data-dir=" + profile.resolve("chromium"));
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        // The TLS test's node has a certificate from a CA made for the test.
        options.setAcceptInsecureCerts(true);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        // The page as a 1280x720 screen shows it (the window's size includes what a headed browser draws around it).
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 720, "deviceScaleFactor", 1, "mobile", false));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Each test starts from a blank page and an empty browser log. */
    @BeforeEach
    void blankPage() {
        browser.get("about:blank");
        browser.manage().logs().get(LogType.BROWSER);
    }

    /**
     * The page wrote no error to the browser's console; then it is closed, before its node
     * stops (a page left open keeps polling a node that is gone, and logs that).
     */
    private static void assertNoConsoleErrorsAndLeave() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        browser.get("about:blank");
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }

    @Test
    void showsTheMembers_writesAKey_andFollowsANodeLeaving() throws Exception {
        try (InJvmCluster cluster = InJvmCluster.start(3)) {
            AtomicBoolean loading = new AtomicBoolean(true);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> steadyLoad(cluster, loading));
            browser.get("http://127.0.0.1:" + cluster.node(0).httpPort() + "/");
            awaitMemberRows(3, PAGE_WAIT);
            await(PAGE_WAIT, "three owners on the slot bar", () -> slotOwners() == 3);
            // A second stats sample gives the requests/s column its figures.
            await(PAGE_WAIT, "request rates", () -> !browser.findElement(By.cssSelector("#members tbody tr td:last-child"))
                    .getText().matches("…|0"));
            screenshot("cluster-3-members");

            browser.findElement(By.cssSelector("nav button[data-tab=keys]")).click();
            type("key-name", "written-through-the-console");
            type("key-value", "hello from the browser");
            type("key-ttl", "100");
            browser.findElement(By.id("key-put")).click();
            await(PAGE_WAIT, "the put's answer", () -> outcome().startsWith("stored"));
            assertThat(cluster.client(2).get("written-through-the-console").getValue().toStringUtf8())
                    .isEqualTo("hello from the browser");
            browser.findElement(By.id("key-get")).click();
            await(PAGE_WAIT, "the look-up's answer", () -> outcome().startsWith("found"));
            assertThat(browser.findElement(By.id("key-value-shown")).getText()).isEqualTo("hello from the browser");
            assertThat(outcome()).contains("version 1").contains("s left");
            assertThat(browser.findElement(By.id("key-result")).getText()).contains("owner").contains("backups");
            screenshot("key-written");

            browser.findElement(By.id("key-touch")).click();
            await(PAGE_WAIT, "the touch's answer", () -> outcome().startsWith("TTL set"));
            assertThat(cluster.client(1).get("written-through-the-console").getTtlRemainingMs()).isBetween(1L, 100_000L);
            browser.findElement(By.id("key-delete")).click();
            await(PAGE_WAIT, "the delete's answer", () -> outcome().equals("deleted"));
            assertThat(cluster.client(1).get("written-through-the-console").getFound()).isFalse();

            // A value that is not UTF-8 text is shown as hex.
            cluster.client(1).put(PutRequest.newBuilder().setCache("default").setKey(CacheTestClient.bytes("binary"))
                    .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x00, (byte) 0xfe})).build());
            type("key-name", "binary");
            browser.findElement(By.id("key-get")).click();
            await(PAGE_WAIT, "the binary value", () -> outcome().startsWith("found"));
            assertThat(browser.findElement(By.id("key-value-shown")).getText()).isEqualTo("ff 00 fe");

            browser.findElement(By.cssSelector("nav button[data-tab=traffic]")).click();
            await(PAGE_WAIT, "the charts, with three samples' rates", () -> browser.findElements(By.cssSelector("#charts .uplot")).size() >= 6
                    && Integer.parseInt(String.valueOf(browser.findElement(By.id("charts")).getDomAttribute("data-points"))) >= 3);
            screenshot("traffic");

            browser.findElement(By.cssSelector("nav button[data-tab=caches]")).click();
            await(PAGE_WAIT, "every node's row for the default cache",
                    () -> browser.findElements(By.cssSelector(".cache[data-cache=default] tbody tr")).size() == 3);
            screenshot("caches");

            loading.set(false);
            load.get(30, TimeUnit.SECONDS);
            browser.findElement(By.cssSelector("nav button[data-tab=cluster]")).click();
            String before = slotSignature();
            long stopAt = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> cluster.stopGracefully(2));
            awaitMemberRows(2, NODE_GONE_WAIT);
            await(NODE_GONE_WAIT, "two owners on the slot bar", () -> slotOwners() == 2);
            assertThat(slotSignature()).isNotEqualTo(before);
            System.out.printf("The console showed the node gone %d ms after its stop began%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt));
            screenshot("cluster-2-members");
            stopping.get(90, TimeUnit.SECONDS);
            assertNoConsoleErrorsAndLeave();
        }
    }

    @Test
    void behindTlsWithAuth_refusesDataUntilTheTokenIsGiven() throws Exception {
        TestCertificates certs = TestCertificates.createIn(Files.createDirectories(profile.resolve("certs")));
        RingcacheNode node = TestNodes.startSingleNode("--auth-token=" + TOKEN,
                "--tls-cert=" + certs.serverCert(), "--tls-key=" + certs.serverKey());
        try {
            String base = "https://127.0.0.1:" + node.httpPort();
            browser.get(base + "/");
            await(PAGE_WAIT, "the token form", () -> browser.findElement(By.id("auth")).isDisplayed());
            await(PAGE_WAIT, "the node's health", () -> browser.findElement(By.id("node-health")).getText().contains("ready"));
            assertThat(browser.findElements(By.cssSelector("#members tbody tr"))).isEmpty();
            assertThat(browser.findElement(By.tagName("main")).isDisplayed()).isFalse();
            // What the page would get without the token: nothing.
            HttpResponse<String> refused = HttpClient.newBuilder().sslContext(trusting(certs.caCert())).build().send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/console/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            screenshot("auth-token-asked");

            type("token-input", TOKEN);
            browser.findElement(By.id("token-submit")).click();
            awaitMemberRows(1, PAGE_WAIT);
            assertThat(browser.findElement(By.id("auth")).isDisplayed()).isFalse();
            screenshot("auth-token-given");
            browser.executeScript("sessionStorage.clear()");
            assertNoConsoleErrorsAndLeave();
        } finally {
            Awaits.result(node.terminate(), 30);
        }
    }

    /** A few hundred requests a second through every node, so that the charts and rates have figures. */
    private static void steadyLoad(InJvmCluster cluster, AtomicBoolean loading) {
        for (int i = 0; loading.get(); i++) {
            String key = "load-" + (i % 500);
            cluster.client(i % 3).put(key, "value " + i);
            cluster.client((i + 1) % 3).get(key);
            cluster.client((i + 2) % 3).get("missing-" + (i % 100));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing the load, not waiting for it
        }
    }

    private static SSLContext trusting(Path caCert) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(caCert)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void awaitMemberRows(int count, Duration within) {
        await(within, count + " member rows", () -> browser.findElements(By.cssSelector("#members tbody tr")).size() == count
                && browser.findElement(By.id("member-count")).getText().equals(Integer.toString(count)));
    }

    private static String slotSignature() {
        String signature = browser.findElement(By.id("slot-bar")).getDomAttribute("data-signature");
        return signature == null ? "" : signature;
    }

    /** Members owning slots on the bar (an unowned range counts as "none"). */
    private static long slotOwners() {
        return List.of(slotSignature().split(",")).stream()
                .filter(part -> !part.isEmpty() && !part.startsWith("none:")).count();
    }

    private static String outcome() {
        List<WebElement> found = browser.findElements(By.id("key-outcome"));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private static void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void await(Duration within, String what, java.util.function.BooleanSupplier condition) {
        // The page replaces what it renders: an element found a moment ago may be gone when read.
        new WebDriverWait(browser, within).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(ignored -> condition.getAsBoolean());
    }

    private static void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
