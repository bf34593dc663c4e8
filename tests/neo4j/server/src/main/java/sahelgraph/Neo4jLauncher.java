package sahelgraph;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j 5.26 Community in this JVM, with the plugins of a directory (OpenGDS, APOC core) and
 * Neo4j Browser, all on 127.0.0.1. Used by sahelgraph's test suite and by users who have Java
 * 17 and Maven but no Docker (docs/neo4j.md).
 *
 * <pre>
 *   NEO4J_PASSWORD=... mvn -q -f tests/neo4j/server/pom.xml package exec:exec
 * </pre>
 *
 * Options (all optional except the password, from --password or NEO4J_PASSWORD):
 * --home DIR (the DBMS home: data and logs), --plugins DIR (plugin_dir), --bolt-port N
 * (default 7687; 0 picks a free port), --browser-port N (default 7474; 0 a free port; -1 no
 * Browser), --pagecache SIZE (default 256m), --ready-file FILE (written once Bolt answers:
 * bolt_port, browser_port, startup_ms, pid as JSON), --exit-on-stdin-close (stop when the
 * parent process goes away: how the tests make sure no server outlives them).
 */
public final class Neo4jLauncher {
    private static final String USER = "neo4j";

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // Neo4j's own threads would keep a half-started JVM alive: end it
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        long started = System.nanoTime();
        Map<String, String> options = parse(args);
        Path home = Path.of(options.getOrDefault("home", "target/neo4j-home")).toAbsolutePath();
        Path plugins = Path.of(options.getOrDefault("plugins", "target/plugins")).toAbsolutePath();
        int boltPort = Integer.parseInt(options.getOrDefault("bolt-port", "7687"));
        int browserPort = Integer.parseInt(options.getOrDefault("browser-port", "7474"));
        String pagecache = options.getOrDefault("pagecache", "256m");
        String password = options.getOrDefault("password", System.getenv("NEO4J_PASSWORD"));
        if (password == null || password.length() < 8) {
            fail("set a password of at least 8 characters: NEO4J_PASSWORD=... (or --password)");
        }
        if (!Files.isDirectory(plugins)) {
            fail("no plugin directory " + plugins + ": run mvn -f tests/neo4j/server/pom.xml package first");
        }
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*", "apoc.*"))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, bytes(pagecache))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(30))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", boltPort))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .build();
        AtomicBoolean stopped = new AtomicBoolean(false);
        HttpServer[] browser = new HttpServer[1];
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                if (browser[0] != null) {
                    browser[0].stop(0);
                }
                dbms.shutdown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-shutdown"));

        setPassword(dbms, password);
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");
        ConnectorPortRegister ports = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class);
        int bolt = ports.getLocalAddress(ConnectorType.BOLT).getPort();
        String version = org.neo4j.kernel.internal.Version.getNeo4jVersion();
        int http = -1;
        if (browserPort >= 0) {
            browser[0] = serveBrowser(browserPort, bolt, version);
            http = browser[0].getAddress().getPort();
        }
        long startupMs = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("Neo4j %s Community is ready in %.1f s: bolt://127.0.0.1:%d (user %s)%n",
                version, startupMs / 1000.0, bolt, USER);
        System.out.println("plugins: " + String.join(", ", procedureFamilies(db)));
        if (http >= 0) {
            System.out.printf("Neo4j Browser: http://127.0.0.1:%d/browser/%n", http);
        }
        System.out.println("Stop with Ctrl-C.");
        System.out.flush();
        if (options.containsKey("ready-file")) {
            Path ready = Path.of(options.get("ready-file"));
            Path partial = ready.resolveSibling(ready.getFileName() + ".part");
            Files.writeString(partial, String.format(Locale.ROOT,
                    "{\"bolt_port\": %d, \"browser_port\": %d, \"startup_ms\": %d, \"pid\": %d, \"version\": \"%s\"}%n",
                    bolt, http, startupMs, ProcessHandle.current().pid(), version));
            Files.move(partial, ready, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        if (options.containsKey("exit-on-stdin-close")) {
            InputStream in = System.in;
            while (in.read() != -1) {
                // whatever the parent writes is ignored; end of input means it is gone
            }
            System.exit(0); // runs the shutdown hook
        }
        Thread.currentThread().join();
    }

    /** The password of user neo4j, with no change required at first login. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally("ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // a home started before keeps its password; the same one again is refused as "the same"
            String message = String.valueOf(e.getMessage());
            if (!message.contains("same")) {
                throw e;
            }
        }
    }

    private static List<String> procedureFamilies(GraphDatabaseService db) {
        List<String> found = new ArrayList<>();
        db.executeTransactionally(
                "SHOW PROCEDURES YIELD name RETURN split(name, '.')[0] AS family, count(*) AS n ORDER BY family",
                Map.of(), result -> {
                    result.forEachRemaining(row -> {
                        if (List.of("gds", "apoc").contains(row.get("family"))) {
                            found.add(row.get("family") + " (" + row.get("n") + " procedures)");
                        }
                    });
                    return null;
                });
        return found;
    }

    /**
     * Neo4j Browser's static files (the browser/ directory of its jar) on 127.0.0.1, and the
     * discovery document Browser asks the root for, pointing it at this server's Bolt port.
     */
    private static HttpServer serveBrowser(int port, int bolt, String version) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "browser-http");
            thread.setDaemon(true);
            return thread;
        }));
        String discovery = String.format(Locale.ROOT,
                "{\"bolt_direct\": \"bolt://127.0.0.1:%d\", \"neo4j_version\": \"%s\", \"neo4j_edition\": \"community\"}",
                bolt, version);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
                if (path.equals("/") && accept.contains("application/json")) {
                    send(exchange, 200, "application/json", discovery.getBytes(StandardCharsets.UTF_8));
                } else if (path.equals("/") || path.equals("/browser")) {
                    exchange.getResponseHeaders().add("Location", "/browser/");
                    exchange.sendResponseHeaders(302, -1);
                } else if (path.startsWith("/browser/") && !path.contains("..")) {
                    String name = path.endsWith("/") ? path + "index.html" : path;
                    try (InputStream file = Neo4jLauncher.class.getResourceAsStream(name)) {
                        if (file == null) {
                            send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                        } else {
                            send(exchange, 200, contentType(name), file.readAllBytes());
                        }
                    }
                } else {
                    send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        server.start();
        return server;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String contentType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String[][] types = {
            {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
            {".css", "text/css; charset=utf-8"}, {".json", "application/json"}, {".svg", "image/svg+xml"},
            {".png", "image/png"}, {".jpg", "image/jpeg"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
            {".woff", "font/woff"}, {".ttf", "font/ttf"}, {".eot", "application/vnd.ms-fontobject"},
            {".wasm", "application/wasm"}, {".map", "application/json"}, {".txt", "text/plain; charset=utf-8"},
        };
        for (String[] type : types) {
            if (lower.endsWith(type[0])) {
                return type[1];
            }
        }
        return "application/octet-stream";
    }

    /** "256m", "1g", "512k" or a number of bytes. */
    private static long bytes(String size) {
        String text = size.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = text.charAt(text.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            text = text.substring(0, text.length() - 1);
        }
        return Long.parseLong(text) * unit;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                fail("unexpected argument '" + arg + "' (options are --name value)");
            }
            String name = arg.substring(2);
            if (name.equals("exit-on-stdin-close")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                fail("option --" + name + " needs a value");
            }
        }
        return options;
    }

    private static void fail(String message) {
        System.err.println("neo4j launcher: " + message);
        System.exit(2);
    }
}
